package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"canopy/engine"
	"canopy/org"
	"canopy/store"
	"canopy/store/sqlite"
)

// benchEnv is an engine over a SQLite store in a temporary directory, with
// its HTTP handler, driven as the AWS SDKs drive it.
type benchEnv struct {
	h   http.Handler
	st  store.Store
	eng *engine.Engine
}

func newBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError}))
	// The OU quota is lifted so that CreateOrganizationalUnit can run as
	// many iterations as the benchmark asks for.
	q := engine.DefaultQuotas()
	q.MaxOUs = 1 << 30
	eng, err := engine.New(ctx, st, engine.Config{Logger: log, Quotas: q})
	if err != nil {
		b.Fatal(err)
	}
	h, err := NewHandler(eng, st, log, AuthDev, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { eng.Close(); st.Close() })
	return &benchEnv{h: h, st: st, eng: eng}
}

const benchAuth = "AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/organizations/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000"

// call sends one operation through the handler and returns the body.
func (e *benchEnv) call(b *testing.B, op, body string) []byte {
	req := httptest.NewRequest("POST", "/", bytes.NewBufferString(body))
	req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("Authorization", benchAuth)
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("%s: got %d %s, want 200", op, rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}

// seedOrg creates an organization managed by 111111111111 and adds n member
// accounts directly in the store (creating 10,000 through CreateAccount
// would time the setup, not the operation).
func (e *benchEnv) seedOrg(b *testing.B, n int) (orgID, rootID string) {
	b.Helper()
	e.call(b, "CreateOrganization", `{"FeatureSet":"ALL"}`)
	ctx := context.Background()
	err := e.st.Update(ctx, func(tx store.Tx) error {
		a, err := tx.GetAccount("111111111111")
		if err != nil {
			return err
		}
		orgID, rootID = a.OrgID, a.ParentID
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("%012d", 200000000000+i)
			if err := tx.PutAccount(&org.Account{ID: id, Email: id + "@example.com", Name: "acct" + id,
				Status: org.AccountActive, State: org.AccountActive, JoinedMethod: org.JoinedCreated,
				OrgID: orgID, ParentID: rootID}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return orgID, rootID
}

func BenchmarkDescribeOrganization(b *testing.B) {
	e := newBenchEnv(b)
	e.seedOrg(b, 0)
	b.ReportAllocs()
	for b.Loop() {
		e.call(b, "DescribeOrganization", `{}`)
	}
}

// BenchmarkListAccounts lists one page of accounts. A page must cost the
// same whatever the size of the organization: compare org=10 and
// org=10000 at the same page size (the management account makes 11 and
// 10,001 accounts). The headline is a page of 20 at 10,000.
func BenchmarkListAccounts(b *testing.B) {
	for _, c := range []struct{ org, page int }{{10, 10}, {10000, 10}, {10000, 20}} {
		b.Run(fmt.Sprintf("org=%d/page=%d", c.org, c.page), func(b *testing.B) {
			e := newBenchEnv(b)
			e.seedOrg(b, c.org)
			body := fmt.Sprintf(`{"MaxResults":%d}`, c.page)
			b.ReportAllocs()
			for b.Loop() {
				e.call(b, "ListAccounts", body)
			}
		})
	}
}

func BenchmarkCreateOrganizationalUnit(b *testing.B) {
	e := newBenchEnv(b)
	_, root := e.seedOrg(b, 0)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		e.call(b, "CreateOrganizationalUnit", fmt.Sprintf(`{"ParentId":%q,"Name":"ou-%d"}`, root, i))
	}
}

func BenchmarkAttachPolicy(b *testing.B) {
	e := newBenchEnv(b)
	const targets = 2000
	_, root := e.seedOrg(b, targets)
	enable := fmt.Sprintf(`{"RootId":%q,"PolicyType":"TAG_POLICY"}`, root)
	e.call(b, "EnablePolicyType", enable)
	var created struct {
		Policy struct{ PolicySummary struct{ Id string } }
	}
	if err := json.Unmarshal(e.call(b, "CreatePolicy", `{"Name":"bench","Description":"","Type":"TAG_POLICY","Content":"{\"tags\":{}}"}`), &created); err != nil {
		b.Fatal(err)
	}
	policy := created.Policy.PolicySummary.Id
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == targets {
			// Every account has the policy: disabling and re-enabling the
			// type detaches it everywhere, outside the timed section.
			b.StopTimer()
			e.call(b, "DisablePolicyType", enable)
			e.call(b, "EnablePolicyType", enable)
			i = 0
			b.StartTimer()
		}
		e.call(b, "AttachPolicy", fmt.Sprintf(`{"PolicyId":%q,"TargetId":"%012d"}`, policy, 200000000000+i))
		i++
	}
}

// BenchmarkDescribeOrganizationStrict is DescribeOrganization in strict
// mode: each request signed by aws-sdk-go-v2's Signature V4 signer and
// verified against the key (read from the store once, then kept) before
// the operation runs.
func BenchmarkDescribeOrganizationStrict(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError}))
	eng, err := engine.New(ctx, st, engine.Config{Logger: log})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { eng.Close(); st.Close() })
	h, err := NewHandler(eng, st, log, AuthStrict, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	_, key, err := eng.CreateStandaloneAccount(ctx, "bench@example.com", "bench", "")
	if err != nil {
		b.Fatal(err)
	}
	creds := aws.Credentials{AccessKeyID: key.AccessKeyID, SecretAccessKey: key.SecretAccessKey}
	signer := v4.NewSigner()
	signed := func(op, body string) *http.Request {
		req := httptest.NewRequest("POST", "http://canopy.test/", bytes.NewBufferString(body))
		req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128."+op)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		sum := sha256.Sum256([]byte(body))
		if err := signer.SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "organizations", "us-east-1", time.Now()); err != nil {
			b.Fatal(err)
		}
		return req
	}
	serve := func(req *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("got %d %s, want 200", rec.Code, rec.Body)
		}
	}
	serve(signed("CreateOrganization", `{"FeatureSet":"ALL"}`))
	// AWS accepts a signed request again for as long as its time is within
	// the allowed skew: one signature serves every iteration, and each
	// iteration builds its request as BenchmarkDescribeOrganization does.
	header := signed("DescribeOrganization", `{}`).Header
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("POST", "http://canopy.test/", bytes.NewBufferString(`{}`))
		req.Header = header.Clone()
		serve(req)
	}
}

// BenchmarkSimulate asks CanopyV1.SimulateOrganizationPolicies about one
// action for an account five OUs deep with ten SCPs at every level (root,
// five OUs, the account): the read of the path and its policies, the
// evaluator, the decision and the encoding. Compiled policies are kept
// between requests.
func BenchmarkSimulate(b *testing.B) {
	e := newBenchEnv(b)
	_, root := e.seedOrg(b, 0)
	e.call(b, "EnablePolicyType", fmt.Sprintf(`{"RootId":%q,"PolicyType":"SERVICE_CONTROL_POLICY"}`, root))
	var out struct {
		OrganizationalUnit  struct{ Id string }
		Policy              struct{ PolicySummary struct{ Id string } }
		CreateAccountStatus struct {
			Id, State, AccountId string
		}
	}
	decode := func(body []byte) {
		if err := json.Unmarshal(body, &out); err != nil {
			b.Fatal(err)
		}
	}
	parent := root
	targets := []string{root}
	for i := 0; i < 5; i++ {
		decode(e.call(b, "CreateOrganizationalUnit", fmt.Sprintf(`{"ParentId":%q,"Name":"level-%d"}`, parent, i)))
		parent = out.OrganizationalUnit.Id
		targets = append(targets, parent)
	}
	decode(e.call(b, "CreateAccount", `{"Email":"deep@example.com","AccountName":"deep"}`))
	req := out.CreateAccountStatus.Id
	for out.CreateAccountStatus.State != "SUCCEEDED" {
		e.eng.RunDue(context.Background())
		decode(e.call(b, "DescribeCreateAccountStatus", fmt.Sprintf(`{"CreateAccountRequestId":%q}`, req)))
	}
	acct := out.CreateAccountStatus.AccountId
	e.call(b, "MoveAccount", fmt.Sprintf(`{"AccountId":%q,"SourceParentId":%q,"DestinationParentId":%q}`, acct, root, parent))
	targets = append(targets, acct)
	for l, target := range targets {
		// FullAWSAccess is attached already; nine guardrails more.
		for i := 0; i < 9; i++ {
			doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"G%d","Effect":"Deny","Action":["s3:Delete*","ec2:Terminate*"],"Resource":"arn:aws:s3:::bucket-%d-%d/*",`+
				`"Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]},"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin-%d"}}}]}`, i, l, i, l)
			body, err := json.Marshal(map[string]string{"Name": fmt.Sprintf("g-%d-%d", l, i), "Description": "", "Type": "SERVICE_CONTROL_POLICY", "Content": doc})
			if err != nil {
				b.Fatal(err)
			}
			decode(e.call(b, "CreatePolicy", string(body)))
			e.call(b, "AttachPolicy", fmt.Sprintf(`{"PolicyId":%q,"TargetId":%q}`, out.Policy.PolicySummary.Id, target))
		}
	}
	body := fmt.Sprintf(`{"AccountId":%q,"ActionNames":["s3:DeleteObject"],"ResourceArns":["arn:aws:s3:::bucket-3-4/key"],`+
		`"CallerArn":"arn:aws:iam::%s:role/Developer","ContextEntries":[{"ContextKeyName":"aws:RequestedRegion","ContextKeyValues":["us-east-1"],"ContextKeyType":"string"}]}`, acct, acct)
	simulate := func() []byte {
		r := httptest.NewRequest("POST", "/", bytes.NewBufferString(body))
		r.Header.Set("X-Amz-Target", "CanopyV1.SimulateOrganizationPolicies")
		r.Header.Set("Content-Type", "application/x-amz-json-1.1")
		r.Header.Set("Authorization", benchAuth)
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, r)
		if rec.Code != 200 {
			b.Fatalf("got %d %s, want 200", rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	if got := simulate(); !bytes.Contains(got, []byte(`"explicitDeny"`)) {
		b.Fatalf("got %s, want an explicit deny", got)
	}
	b.ReportAllocs()
	for b.Loop() {
		simulate()
	}
}
