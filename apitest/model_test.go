package apitest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// installedModel reads the Organizations service model of the botocore
// installed on this machine, or skips the test where there is none.
func installedModel(t *testing.T) map[string]any {
	t.Helper()
	out, err := exec.Command("python3", "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))").Output()
	if err != nil {
		t.Skipf("skipping: botocore is not installed (python3 -c 'import botocore' failed: %v)", err)
	}
	path := filepath.Join(strings.TrimSpace(string(out)), "data", "organizations", "2016-11-28", "service-2.json.gz")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("skipping: botocore has no Organizations model at %s: %v", path, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.NewDecoder(zr).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// outputPaths lists the member paths of an operation's output shape, into
// structures and list elements ("Roots[].PolicyTypes[].Type").
func outputPaths(model map[string]any, op string) []string {
	shapes := model["shapes"].(map[string]any)
	o := model["operations"].(map[string]any)[op].(map[string]any)
	outRef, ok := o["output"].(map[string]any)
	if !ok {
		return nil
	}
	var paths []string
	var walk func(shape, prefix string, depth int)
	walk = func(shape, prefix string, depth int) {
		s := shapes[shape].(map[string]any)
		if depth > 6 {
			return
		}
		switch s["type"] {
		case "structure":
			for name, m := range s["members"].(map[string]any) {
				p := name
				if prefix != "" {
					p = prefix + "." + name
				}
				paths = append(paths, p)
				walk(m.(map[string]any)["shape"].(string), p, depth+1)
			}
		case "list":
			walk(s["member"].(map[string]any)["shape"].(string), prefix+"[]", depth+1)
		}
	}
	walk(outRef["shape"].(string), "", 0)
	sort.Strings(paths)
	return paths
}

// has reports whether a decoded JSON document has a member path; a path
// through a list is found if any element has the rest of it.
func has(doc any, path string) bool {
	if path == "" {
		return true
	}
	name, rest, _ := strings.Cut(path, ".")
	list := strings.HasSuffix(name, "[]")
	name = strings.TrimSuffix(name, "[]")
	m, ok := doc.(map[string]any)
	if !ok {
		return false
	}
	v, ok := m[name]
	if !ok || v == nil {
		return false
	}
	if !list {
		return has(v, rest)
	}
	items, _ := v.([]any)
	for _, it := range items {
		if has(it, rest) {
			return true
		}
	}
	return false
}

// rawCall sends one operation as account and decodes the JSON answer.
func rawCall(t *testing.T, url, account, op string, in map[string]any) (int, map[string]any) {
	t.Helper()
	if in == nil {
		in = map[string]any{}
	}
	body, _ := json.Marshal(in)
	req, _ := http.NewRequest("POST", url+"/", bytes.NewReader(body))
	req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+account+"/20260101/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=00")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(b) > 0 {
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s: answer is not JSON: %q", op, b)
		}
	}
	return resp.StatusCode, out
}

// Members the model declares that AWS fills only in some answers, as
// "Member.Path" for every operation or "Operation:Member.Path" for one.
var conditionalMembers = map[string]bool{
	// A request answered IN_PROGRESS has no account yet; DescribeCreateAccountStatus
	// after completion must have it.
	"CreateAccount:CreateAccountStatus.AccountId": true,
	"NextToken":                                           true, // only when another page follows
	"CreateAccountStatus.GovCloudAccountId":               true, // only for CreateGovCloudAccount
	"CreateAccountStatus.FailureReason":                   true, // only when FAILED
	"CreateAccountStatus.CompletedTimestamp":              true, // only once completed
	"CreateAccountStatuses[].GovCloudAccountId":           true,
	"CreateAccountStatuses[].FailureReason":               true,
	"CreateGovCloudAccount:CreateAccountStatus.AccountId": true,
	// Handshake resources nest only where a detail has details of its own
	// (the organization's management email and name under ORGANIZATION).
	"Handshake.Resources[].Resources":                true,
	"Handshake.Resources[].Resources[].Type":         true,
	"Handshake.Resources[].Resources[].Value":        true,
	"Handshake.Resources[].Resources[].Resources":    true,
	"Handshakes[].Resources[].Resources":             true,
	"Handshakes[].Resources[].Resources[].Type":      true,
	"Handshakes[].Resources[].Resources[].Value":     true,
	"Handshakes[].Resources[].Resources[].Resources": true,
	// No account has an invalid effective policy in this organization:
	// both lists are empty.
	"ListEffectivePolicyValidationErrors:EffectivePolicyValidationErrors[].ContributingPolicies": true,
	"ListEffectivePolicyValidationErrors:EffectivePolicyValidationErrors[].ErrorCode":            true,
	"ListEffectivePolicyValidationErrors:EffectivePolicyValidationErrors[].ErrorMessage":         true,
	"ListEffectivePolicyValidationErrors:EffectivePolicyValidationErrors[].PathToError":          true,
	"ListAccountsWithInvalidEffectivePolicy:Accounts[].Arn":                                      true,
	"ListAccountsWithInvalidEffectivePolicy:Accounts[].Email":                                    true,
	"ListAccountsWithInvalidEffectivePolicy:Accounts[].Id":                                       true,
	"ListAccountsWithInvalidEffectivePolicy:Accounts[].JoinedMethod":                             true,
	"ListAccountsWithInvalidEffectivePolicy:Accounts[].JoinedTimestamp":                          true,
	"ListAccountsWithInvalidEffectivePolicy:Accounts[].Name":                                     true,
	"ListAccountsWithInvalidEffectivePolicy:Accounts[].Paths":                                    true,
	"ListAccountsWithInvalidEffectivePolicy:Accounts[].State":                                    true,
	"ListAccountsWithInvalidEffectivePolicy:Accounts[].Status":                                   true,
	// A transfer has an end only once it is withdrawn.
	"ResponsibilityTransfer.EndTimestamp":    true,
	"ResponsibilityTransfers[].EndTimestamp": true,
	// An organization with consolidated billing only has no policy types.
	"CreateOrganization:Organization.AvailablePolicyTypes[].Type":   true,
	"CreateOrganization:Organization.AvailablePolicyTypes[].Status": true,
}

// TestModelCoverage checks, against the model installed with botocore, that
// every operation of the core API answers (none is unknown) and that every
// member of its output is filled.
func TestModelCoverage(t *testing.T) {
	t.Parallel()
	model := installedModel(t)
	e := start(t)
	url := e.srv.URL()
	o := e.newOrg(t)
	acct := o.createAccount(t, "modelcov")
	ou := o.createOU(t, o.rootID, "ModelCov")

	var policyID, carID string
	called := map[string]bool{"CreateOrganization": true, "CreateOrganizationalUnit": true}
	callAs := func(account, op string, in map[string]any) map[string]any {
		t.Helper()
		called[op] = true
		status, out := rawCall(t, url, account, op, in)
		if status != 200 {
			t.Fatalf("%s: got %d %v, want 200", op, status, out)
		}
		for _, p := range outputPaths(model, op) {
			if conditionalMembers[p] || conditionalMembers[op+":"+p] {
				continue
			}
			if !has(out, p) {
				t.Errorf("%s: output member %s is missing in %v", op, p, out)
			}
		}
		return out
	}
	call := func(op string, in map[string]any) map[string]any {
		t.Helper()
		return callAs(mgmtID, op, in)
	}
	call("EnablePolicyType", map[string]any{"RootId": o.rootID, "PolicyType": "SERVICE_CONTROL_POLICY"})
	call("EnablePolicyType", map[string]any{"RootId": o.rootID, "PolicyType": "TAG_POLICY"})
	call("DescribeOrganization", nil)
	call("ListRoots", nil)
	call("DescribeOrganizationalUnit", map[string]any{"OrganizationalUnitId": ou})
	call("UpdateOrganizationalUnit", map[string]any{"OrganizationalUnitId": ou, "Name": "ModelCov2"})
	call("ListOrganizationalUnitsForParent", map[string]any{"ParentId": o.rootID})
	call("ListChildren", map[string]any{"ParentId": o.rootID, "ChildType": "ACCOUNT"})
	call("ListParents", map[string]any{"ChildId": acct})
	out := call("CreateAccount", map[string]any{"Email": "modelcov2@example.com", "AccountName": "modelcov2"})
	carID = out["CreateAccountStatus"].(map[string]any)["Id"].(string)
	o.waitCreate(t, carID)
	out = call("DescribeCreateAccountStatus", map[string]any{"CreateAccountRequestId": carID})
	if !has(out, "CreateAccountStatus.CompletedTimestamp") {
		t.Errorf("DescribeCreateAccountStatus: a completed request lacks CompletedTimestamp: %v", out)
	}
	call("ListCreateAccountStatus", nil)
	call("DescribeAccount", map[string]any{"AccountId": acct})
	call("ListAccounts", nil)
	call("ListAccountsForParent", map[string]any{"ParentId": o.rootID})
	out = call("CreatePolicy", map[string]any{"Name": "cov", "Description": "d", "Type": "TAG_POLICY", "Content": `{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"}}}}`, "Tags": []map[string]string{{"Key": "k", "Value": "v"}}})
	policyID = out["Policy"].(map[string]any)["PolicySummary"].(map[string]any)["Id"].(string)
	call("DescribePolicy", map[string]any{"PolicyId": policyID})
	call("UpdatePolicy", map[string]any{"PolicyId": policyID, "Description": "d2"})
	call("ListPolicies", map[string]any{"Filter": "SERVICE_CONTROL_POLICY"})
	call("AttachPolicy", map[string]any{"PolicyId": policyID, "TargetId": acct})
	call("ListPoliciesForTarget", map[string]any{"TargetId": acct, "Filter": "TAG_POLICY"})
	call("ListTargetsForPolicy", map[string]any{"PolicyId": policyID})
	call("DescribeEffectivePolicy", map[string]any{"PolicyType": "TAG_POLICY", "TargetId": acct})
	call("ListEffectivePolicyValidationErrors", map[string]any{"AccountId": acct, "PolicyType": "TAG_POLICY"})
	call("ListAccountsWithInvalidEffectivePolicy", map[string]any{"PolicyType": "TAG_POLICY"})
	call("DetachPolicy", map[string]any{"PolicyId": policyID, "TargetId": acct})
	call("TagResource", map[string]any{"ResourceId": acct, "Tags": []map[string]string{{"Key": "team", "Value": "a"}}})
	call("ListTagsForResource", map[string]any{"ResourceId": acct})
	call("UntagResource", map[string]any{"ResourceId": acct, "TagKeys": []string{"team"}})
	call("EnableAWSServiceAccess", map[string]any{"ServicePrincipal": "config.amazonaws.com"})
	call("ListAWSServiceAccessForOrganization", nil)
	call("RegisterDelegatedAdministrator", map[string]any{"AccountId": acct, "ServicePrincipal": "config.amazonaws.com"})
	call("ListDelegatedAdministrators", nil)
	call("ListDelegatedServicesForAccount", map[string]any{"AccountId": acct})
	call("DeregisterDelegatedAdministrator", map[string]any{"AccountId": acct, "ServicePrincipal": "config.amazonaws.com"})
	call("DisableAWSServiceAccess", map[string]any{"ServicePrincipal": "config.amazonaws.com"})
	call("DisablePolicyType", map[string]any{"RootId": o.rootID, "PolicyType": "TAG_POLICY"})
	call("DeletePolicy", map[string]any{"PolicyId": policyID})
	// Handshakes: an invitation accepted, one declined, one canceled; the
	// account that joined leaves again.
	handshake := func(out map[string]any) string { return out["Handshake"].(map[string]any)["Id"].(string) }
	invite := func(account string) string {
		return handshake(call("InviteAccountToOrganization", map[string]any{
			"Target": map[string]any{"Id": account, "Type": "ACCOUNT"}, "Notes": "hello"}))
	}
	const joiner, decliner = "333333333333", "444444444444"
	h := invite(joiner)
	call("DescribeHandshake", map[string]any{"HandshakeId": h})
	call("ListHandshakesForOrganization", nil)
	callAs(joiner, "ListHandshakesForAccount", nil)
	callAs(joiner, "AcceptHandshake", map[string]any{"HandshakeId": h})
	callAs(decliner, "DeclineHandshake", map[string]any{"HandshakeId": invite(decliner)})
	call("CancelHandshake", map[string]any{"HandshakeId": invite("555555555555")})
	callAs(joiner, "LeaveOrganization", nil)
	out = call("CreateGovCloudAccount", map[string]any{"Email": "gov@example.com", "AccountName": "gov"})
	if st := o.waitCreate(t, out["CreateAccountStatus"].(map[string]any)["Id"].(string)); st.GovCloudAccountId == nil {
		t.Errorf("CreateGovCloudAccount: got no GovCloudAccountId in %+v", st)
	}

	// The resource policy.
	call("PutResourcePolicy", map[string]any{"Content": `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::` + acct + `:root"},"Action":["organizations:DescribePolicy"],"Resource":"*"}]}`})
	call("DescribeResourcePolicy", nil)
	call("DeleteResourcePolicy", nil)

	// A billing transfer between two other organizations (a transfer in
	// force keeps an organization from being deleted): the inviter looks at
	// it and renames it, the invited management account accepts, and the
	// inviter withdraws it.
	const payer, paid = otherID, "666666666666"
	callAs(payer, "CreateOrganization", map[string]any{"FeatureSet": "ALL"})
	callAs(paid, "CreateOrganization", map[string]any{"FeatureSet": "ALL"})
	start := time.Now().UTC()
	start = time.Date(start.Year(), start.Month()+2, 1, 0, 0, 0, 0, time.UTC)
	callAs(payer, "InviteOrganizationToTransferResponsibility", map[string]any{"Type": "BILLING",
		"Target": map[string]any{"Id": paid, "Type": "ACCOUNT"}, "StartTimestamp": start.Unix(), "SourceName": "cov"})
	inbound := callAs(payer, "ListInboundResponsibilityTransfers", map[string]any{"Type": "BILLING"})
	transfer := inbound["ResponsibilityTransfers"].([]any)[0].(map[string]any)["Id"].(string)
	callAs(payer, "DescribeResponsibilityTransfer", map[string]any{"Id": transfer})
	callAs(payer, "UpdateResponsibilityTransfer", map[string]any{"Id": transfer, "Name": "renamed"})
	offered := callAs(paid, "ListHandshakesForAccount", map[string]any{"Filter": map[string]any{"ActionType": "TRANSFER_RESPONSIBILITY"}})
	callAs(paid, "AcceptHandshake", map[string]any{"HandshakeId": offered["Handshakes"].([]any)[0].(map[string]any)["Id"].(string)})
	callAs(paid, "ListOutboundResponsibilityTransfers", map[string]any{"Type": "BILLING"})
	callAs(payer, "TerminateResponsibilityTransfer", map[string]any{"Id": transfer})
	if status, out := rawCall(t, url, paid, "DeleteOrganization", nil); status != 400 || out["Reason"] != "ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS" {
		t.Errorf("DeleteOrganization during a transfer: got %d %v, want ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS", status, out)
	}

	ou2 := o.createOU(t, o.rootID, "Target")
	call("MoveAccount", map[string]any{"AccountId": acct, "SourceParentId": o.rootID, "DestinationParentId": ou2})
	call("CloseAccount", map[string]any{"AccountId": acct})
	call("DeleteOrganizationalUnit", map[string]any{"OrganizationalUnitId": ou})
	status, _ := rawCall(t, url, mgmtID, "ListAccounts", nil)
	if status != 200 {
		t.Fatalf("ListAccounts: got %d", status)
	}
	// The organization still has members, so remove them before deleting it.
	accts := call("ListAccounts", nil)["Accounts"].([]any)
	for _, a := range accts {
		id := a.(map[string]any)["Id"].(string)
		if id != mgmtID {
			call("RemoveAccountFromOrganization", map[string]any{"AccountId": id})
		}
	}
	call("DeleteOrganization", nil)
	call("CreateOrganization", map[string]any{"FeatureSet": "CONSOLIDATED_BILLING"})
	call("CreateOrganizationalUnit", map[string]any{"ParentId": rootOf(t, url), "Name": "x"})
	call("EnableAllFeatures", nil)

	// Every operation of the model answers.
	ops := model["operations"].(map[string]any)
	if len(ops) != 63 {
		t.Errorf("got %d operations in the installed model, want 63", len(ops))
	}
	for op := range ops {
		if !called[op] {
			t.Errorf("%s: not exercised by TestModelCoverage", op)
		}
	}
	for _, op := range coreOperations {
		if _, ok := ops[op]; !ok {
			t.Errorf("%s: not in the installed model", op)
		}
	}
}

// rootOf returns the management account's root ID.
func rootOf(t *testing.T, url string) string {
	_, out := rawCall(t, url, mgmtID, "ListRoots", nil)
	return out["Roots"].([]any)[0].(map[string]any)["Id"].(string)
}

// coreOperations are the operations the core API issue names.
var coreOperations = []string{
	"CreateOrganization", "DescribeOrganization", "DeleteOrganization", "ListRoots", "EnablePolicyType", "DisablePolicyType",
	"CreateOrganizationalUnit", "DescribeOrganizationalUnit", "UpdateOrganizationalUnit", "DeleteOrganizationalUnit",
	"ListOrganizationalUnitsForParent", "ListChildren", "ListParents",
	"CreateAccount", "DescribeCreateAccountStatus", "ListCreateAccountStatus", "DescribeAccount", "ListAccounts",
	"ListAccountsForParent", "MoveAccount", "RemoveAccountFromOrganization", "CloseAccount",
	"CreatePolicy", "DescribePolicy", "UpdatePolicy", "DeletePolicy", "AttachPolicy", "DetachPolicy", "ListPolicies",
	"ListPoliciesForTarget", "ListTargetsForPolicy",
	"TagResource", "UntagResource", "ListTagsForResource",
	"EnableAWSServiceAccess", "DisableAWSServiceAccess", "ListAWSServiceAccessForOrganization",
	"RegisterDelegatedAdministrator", "DeregisterDelegatedAdministrator", "ListDelegatedAdministrators", "ListDelegatedServicesForAccount",
}
