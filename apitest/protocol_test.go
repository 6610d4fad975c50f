package apitest

// The AWS JSON 1.1 wire contract, checked with raw HTTP: headers, error
// bodies, protocol errors, partitions, timestamps, and the server's own
// endpoints (health, reset).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// protoReq is one raw request.
type protoReq struct {
	method, path string
	target       string // X-Amz-Target, without the service prefix; "-" for none
	rawTarget    string // X-Amz-Target as is, when not empty
	body         string
	account      string // access key ID; empty for no Authorization header
	region       string // credential scope region; us-east-1 when empty
}

// protoResp is a response with its body read.
type protoResp struct {
	status int
	header http.Header
	body   []byte
}

const protoTargetPrefix = "AWSOrganizationsV20161128."

// protoDo sends r to the server.
func protoDo(t *testing.T, e *env, r protoReq) protoResp {
	t.Helper()
	if r.method == "" {
		r.method = http.MethodPost
	}
	if r.path == "" {
		r.path = "/"
	}
	req, err := http.NewRequestWithContext(ctx(t), r.method, e.srv.URL()+r.path, strings.NewReader(r.body))
	noErr(t, err)
	switch {
	case r.rawTarget != "":
		req.Header.Set("X-Amz-Target", r.rawTarget)
	case r.target != "" && r.target != "-":
		req.Header.Set("X-Amz-Target", protoTargetPrefix+r.target)
	}
	if r.method == http.MethodPost && r.path == "/" {
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	}
	if r.account != "" {
		region := r.region
		if region == "" {
			region = "us-east-1"
		}
		req.Header.Set("X-Amz-Date", "20240301T120000Z")
		req.Header.Set("Authorization", fmt.Sprintf(
			"AWS4-HMAC-SHA256 Credential=%s/20240301/%s/organizations/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=%s",
			r.account, region, strings.Repeat("0", 64)))
	}
	resp, err := http.DefaultClient.Do(req)
	noErr(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	noErr(t, err)
	return protoResp{status: resp.StatusCode, header: resp.Header, body: body}
}

// protoCall calls an operation as account and fails unless it succeeds.
func protoCall(t *testing.T, e *env, account, region, op, body string) map[string]any {
	t.Helper()
	r := protoDo(t, e, protoReq{target: op, body: body, account: account, region: region})
	if r.status != http.StatusOK {
		t.Fatalf("%s: got %d %s, want 200", op, r.status, r.body)
	}
	var out map[string]any
	if len(r.body) == 0 { // an operation without output
		return out
	}
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.UseNumber()
	noErr(t, dec.Decode(&out))
	return out
}

// protoErrorBody decodes an error body and checks its members are exactly
// __type, Message and (when wantReason is not empty) Reason.
func protoErrorBody(t *testing.T, r protoResp, wantStatus int, wantType, wantReason string) {
	t.Helper()
	if r.status != wantStatus {
		t.Errorf("got status %d, want %d (body %s)", r.status, wantStatus, r.body)
	}
	if got := r.header.Get("Content-Type"); got != "application/x-amz-json-1.1" {
		t.Errorf("got Content-Type %q, want application/x-amz-json-1.1", got)
	}
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("got body %q, want a JSON object: %v", r.body, err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	wantKeys := []string{"Message", "__type"}
	if wantReason != "" {
		wantKeys = []string{"Message", "Reason", "__type"}
	}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("got members %v, want %v (body %s)", keys, wantKeys, r.body)
	}
	if got := m["__type"]; got != wantType {
		t.Errorf("got __type %v, want %v", got, wantType)
	}
	if msg, ok := m["Message"].(string); !ok || msg == "" {
		t.Errorf("got Message %v, want a non-empty string", m["Message"])
	}
	if wantReason != "" && m["Reason"] != wantReason {
		t.Errorf("got Reason %v, want %v", m["Reason"], wantReason)
	}
}

var protoUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestProtocolRequestID(t *testing.T) {
	t.Parallel()
	e := start(t)
	e.newOrg(t)
	tests := []struct {
		name string
		req  protoReq
	}{
		{"success", protoReq{target: "DescribeOrganization", body: "{}", account: mgmtID}},
		{"engine error", protoReq{target: "DescribeAccount", body: `{"AccountId":"999999999999"}`, account: mgmtID}},
		{"validation error", protoReq{target: "DescribeAccount", body: `{}`, account: mgmtID}},
		{"unknown operation", protoReq{target: "Nope", body: "{}", account: mgmtID}},
		{"no target", protoReq{target: "-", body: "{}"}},
		{"not JSON", protoReq{target: "ListRoots", body: "nope", account: mgmtID}},
		{"GET on the API", protoReq{method: http.MethodGet}},
		{"health", protoReq{method: http.MethodGet, path: "/healthz"}},
		{"reset", protoReq{path: "/_canopy/reset"}},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := protoDo(t, e, tc.req)
			id := r.header.Get("x-amzn-RequestId")
			if !protoUUID.MatchString(id) {
				t.Fatalf("got x-amzn-RequestId %q, want a UUID", id)
			}
			if seen[id] {
				t.Errorf("got request id %s twice, want a new one per request", id)
			}
			seen[id] = true
		})
	}
}

func TestProtocolErrors(t *testing.T) {
	t.Parallel()
	e := start(t)
	e.newOrg(t)
	tests := []struct {
		name         string
		req          protoReq
		status       int
		code, reason string
	}{
		{"unknown operation", protoReq{target: "DescribeEverything", body: "{}", account: mgmtID}, 400, "UnknownOperationException", ""},
		{"no target header", protoReq{target: "-", body: "{}", account: mgmtID}, 400, "UnknownOperationException", ""},
		{"operation of another service", protoReq{rawTarget: "DynamoDB_20120810.ListTables", body: "{}", account: mgmtID}, 400, "UnknownOperationException", ""},
		{"operation without service prefix", protoReq{rawTarget: "ListRoots", body: "{}", account: mgmtID}, 400, "UnknownOperationException", ""},
		{"lower-case operation", protoReq{target: "describeOrganization", body: "{}", account: mgmtID}, 400, "UnknownOperationException", ""},
		{"body not JSON", protoReq{target: "ListRoots", body: "this is not json", account: mgmtID}, 400, "SerializationException", ""},
		{"truncated JSON", protoReq{target: "ListRoots", body: `{"MaxResults": 1`, account: mgmtID}, 400, "SerializationException", ""},
		{"JSON array", protoReq{target: "ListRoots", body: `[]`, account: mgmtID}, 400, "SerializationException", ""},
		{"wrong member type", protoReq{target: "ListRoots", body: `{"MaxResults":"ten"}`, account: mgmtID}, 400, "SerializationException", ""},
		{"missing required member", protoReq{target: "DescribeAccount", body: `{}`, account: mgmtID}, 400, "InvalidInputException", "INPUT_REQUIRED"},
		{"missing one of two required", protoReq{target: "CreateAccount", body: `{"AccountName":"x"}`, account: mgmtID}, 400, "InvalidInputException", "INPUT_REQUIRED"},
		{"pattern", protoReq{target: "DescribeAccount", body: `{"AccountId":"12"}`, account: mgmtID}, 400, "InvalidInputException", "INVALID_PATTERN"},
		{"range", protoReq{target: "ListRoots", body: `{"MaxResults":0}`, account: mgmtID}, 400, "InvalidInputException", "MIN_VALUE_EXCEEDED"},
		{"engine invalid input", protoReq{target: "EnableAWSServiceAccess", body: `{"ServicePrincipal":"health"}`, account: mgmtID}, 400, "InvalidInputException", "UNRECOGNIZED_SERVICE_PRINCIPAL"},
		{"engine error without reason", protoReq{target: "DescribeAccount", body: `{"AccountId":"999999999999"}`, account: mgmtID}, 400, "AccountNotFoundException", ""},
		{"not in an organization", protoReq{target: "ListAccounts", body: `{}`, account: otherID}, 400, "AWSOrganizationsNotInUseException", ""},
		{"constraint with reason", protoReq{target: "RegisterDelegatedAdministrator", body: `{"AccountId":"111111111111","ServicePrincipal":"health.amazonaws.com"}`, account: mgmtID}, 400, "ConstraintViolationException", "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := protoDo(t, e, tc.req)
			protoErrorBody(t, r, tc.status, tc.code, tc.reason)
			if got := r.header.Get("x-amzn-ErrorType"); got != "" && !strings.HasPrefix(got, tc.code) {
				t.Errorf("got x-amzn-ErrorType %q, want %s", got, tc.code)
			}
		})
	}
}

func TestProtocolHealthz(t *testing.T) {
	t.Parallel()
	e := start(t)
	r := protoDo(t, e, protoReq{method: http.MethodGet, path: "/healthz"})
	if r.status != http.StatusOK {
		t.Fatalf("got %d %s, want 200", r.status, r.body)
	}
}

func TestProtocolReset(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/moto-api/reset", "/_canopy/reset"} {
		t.Run(path, func(t *testing.T) {
			e := start(t)
			o := e.newOrg(t)
			acct := o.createAccount(t, "alpha")
			o.createOU(t, o.rootID, "Prod")
			r := protoDo(t, e, protoReq{path: path})
			if r.status != http.StatusOK {
				t.Fatalf("got %d %s, want 200", r.status, r.body)
			}
			for _, caller := range []string{mgmtID, acct} {
				r = protoDo(t, e, protoReq{target: "DescribeOrganization", body: "{}", account: caller})
				protoErrorBody(t, r, 400, "AWSOrganizationsNotInUseException", "")
			}
			// The store is usable again at once, and nothing old is left.
			o2 := e.newOrg(t)
			if *o2.org.Id == *o.org.Id {
				t.Errorf("got organization %s again, want a new one", *o2.org.Id)
			}
			out := protoCall(t, e, mgmtID, "", "ListAccounts", "{}")
			if n := len(out["Accounts"].([]any)); n != 1 {
				t.Errorf("got %d accounts after reset, want 1 (the management account)", n)
			}
			out = protoCall(t, e, mgmtID, "", "ListOrganizationalUnitsForParent", fmt.Sprintf(`{"ParentId":%q}`, o2.rootID))
			if n := len(out["OrganizationalUnits"].([]any)); n != 0 {
				t.Errorf("got %d OUs after reset, want 0", n)
			}
			// AWS-managed policies survive a reset.
			protoCall(t, e, mgmtID, "", "DescribePolicy", `{"PolicyId":"p-FullAWSAccess"}`)
		})
	}
}

func TestProtocolPartitions(t *testing.T) {
	t.Parallel()
	tests := []struct{ region, partition string }{
		{"us-east-1", "aws"},
		{"eu-west-3", "aws"},
		{"cn-north-1", "aws-cn"},
		{"cn-northwest-1", "aws-cn"},
		{"us-gov-west-1", "aws-us-gov"},
		{"us-iso-east-1", "aws-iso"},
		{"us-isob-east-1", "aws-iso-b"},
	}
	for _, tc := range tests {
		t.Run(tc.region, func(t *testing.T) {
			e := start(t)
			out := protoCall(t, e, mgmtID, tc.region, "CreateOrganization", `{"FeatureSet":"ALL"}`)
			o := out["Organization"].(map[string]any)
			orgID := o["Id"].(string)
			prefix := "arn:" + tc.partition + ":organizations::"
			checks := map[string]string{
				"organization":       o["Arn"].(string),
				"management account": o["MasterAccountArn"].(string),
			}
			roots := protoCall(t, e, mgmtID, tc.region, "ListRoots", "{}")
			root := roots["Roots"].([]any)[0].(map[string]any)
			checks["root"] = root["Arn"].(string)
			ou := protoCall(t, e, mgmtID, tc.region, "CreateOrganizationalUnit", fmt.Sprintf(`{"ParentId":%q,"Name":"Prod"}`, root["Id"]))
			checks["ou"] = ou["OrganizationalUnit"].(map[string]any)["Arn"].(string)
			acct := protoCall(t, e, mgmtID, tc.region, "DescribeAccount", fmt.Sprintf(`{"AccountId":%q}`, mgmtID))
			checks["account"] = acct["Account"].(map[string]any)["Arn"].(string)
			pol := protoCall(t, e, mgmtID, tc.region, "DescribePolicy", `{"PolicyId":"p-FullAWSAccess"}`)
			checks["aws-managed policy"] = pol["Policy"].(map[string]any)["PolicySummary"].(map[string]any)["Arn"].(string)
			want := map[string]string{
				"organization":       prefix + mgmtID + ":organization/" + orgID,
				"management account": prefix + mgmtID + ":account/" + orgID + "/" + mgmtID,
				"root":               prefix + mgmtID + ":root/" + orgID + "/" + root["Id"].(string),
				"account":            prefix + mgmtID + ":account/" + orgID + "/" + mgmtID,
				"aws-managed policy": prefix + "aws:policy/service_control_policy/p-FullAWSAccess",
			}
			for what, got := range checks {
				if w, ok := want[what]; ok && got != w {
					t.Errorf("%s ARN: got %s, want %s", what, got, w)
				}
				if !strings.HasPrefix(got, prefix) {
					t.Errorf("%s ARN: got %s, want prefix %s", what, got, prefix)
				}
			}
		})
	}
	// The partition is the caller's: the same organization seen through a
	// China-region signature has aws-cn ARNs.
	t.Run("per request", func(t *testing.T) {
		e := start(t)
		protoCall(t, e, mgmtID, "us-east-1", "CreateOrganization", `{}`)
		for _, tc := range tests {
			o := protoCall(t, e, mgmtID, tc.region, "DescribeOrganization", `{}`)["Organization"].(map[string]any)
			if got := o["Arn"].(string); !strings.HasPrefix(got, "arn:"+tc.partition+":") {
				t.Errorf("%s: got %s, want partition %s", tc.region, got, tc.partition)
			}
		}
	})
}

// Timestamps travel as JSON numbers of epoch seconds, as AWS JSON 1.1 has
// them (not strings, not milliseconds).
func TestProtocolTimestamps(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	acct := o.createAccount(t, "alpha")
	protoCall(t, e, mgmtID, "", "EnableAWSServiceAccess", `{"ServicePrincipal":"health.amazonaws.com"}`)
	protoCall(t, e, mgmtID, "", "RegisterDelegatedAdministrator", fmt.Sprintf(`{"AccountId":%q,"ServicePrincipal":"health.amazonaws.com"}`, acct))

	now := time.Now()
	checkTime := func(t *testing.T, what string, v any) {
		t.Helper()
		n, ok := v.(json.Number)
		if !ok {
			t.Errorf("%s: got %T %v, want a JSON number", what, v, v)
			return
		}
		f, err := n.Float64()
		if err != nil {
			t.Errorf("%s: got %v, want a number: %v", what, n, err)
			return
		}
		if got := time.Unix(int64(f), 0); got.Before(now.Add(-time.Hour)) || got.After(now.Add(time.Hour)) {
			t.Errorf("%s: got %v (%v), want epoch seconds near %v", what, n, got, now)
		}
	}
	first := func(m map[string]any, list string) map[string]any {
		l := m[list].([]any)
		if len(l) == 0 {
			t.Fatalf("got empty %s, want an entry", list)
		}
		return l[0].(map[string]any)
	}
	tests := []struct {
		name, op, body, path string
		field                string
	}{
		{"account joined", "DescribeAccount", fmt.Sprintf(`{"AccountId":%q}`, acct), "Account", "JoinedTimestamp"},
		{"create account requested", "ListCreateAccountStatus", `{}`, "CreateAccountStatuses[0]", "RequestedTimestamp"},
		{"create account completed", "ListCreateAccountStatus", `{}`, "CreateAccountStatuses[0]", "CompletedTimestamp"},
		{"service enabled", "ListAWSServiceAccessForOrganization", `{}`, "EnabledServicePrincipals[0]", "DateEnabled"},
		{"delegation enabled", "ListDelegatedAdministrators", `{}`, "DelegatedAdministrators[0]", "DelegationEnabledDate"},
		{"delegated service enabled", "ListDelegatedServicesForAccount", fmt.Sprintf(`{"AccountId":%q}`, acct), "DelegatedServices[0]", "DelegationEnabledDate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := protoCall(t, e, mgmtID, "", tc.op, tc.body)
			var obj map[string]any
			if list, ok := strings.CutSuffix(tc.path, "[0]"); ok {
				obj = first(out, list)
			} else {
				obj = out[tc.path].(map[string]any)
			}
			checkTime(t, tc.name, obj[tc.field])
		})
	}
}

// In development mode a 12-digit access key acts as that account, and any
// other key, or none, acts as 123456789012.
func TestProtocolCallerIdentity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, key, want string
	}{
		{"12-digit key", "333333333333", "333333333333"},
		{"ordinary key", "AKIAIOSFODNN7EXAMPLE", "123456789012"},
		{"no authorization", "", "123456789012"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := start(t)
			out := protoCall(t, e, tc.key, "", "CreateOrganization", `{}`)
			if got := out["Organization"].(map[string]any)["MasterAccountId"]; got != tc.want {
				t.Errorf("got management account %v, want %v", got, tc.want)
			}
		})
	}
}
