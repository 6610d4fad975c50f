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
