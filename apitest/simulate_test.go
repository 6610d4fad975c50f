package apitest

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// simOrg is an organization with SCPs and RCPs enabled and a member account
// in an OU under the root.
type simOrg struct {
	*testOrg
	e    *env
	ou   string
	acct string
}

func newSimOrg(t *testing.T) *simOrg {
	t.Helper()
	e := start(t)
	o := e.newOrg(t)
	for _, pt := range []types.PolicyType{types.PolicyTypeServiceControlPolicy, types.PolicyTypeResourceControlPolicy} {
		_, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: pt})
		noErr(t, err)
	}
	s := &simOrg{testOrg: o, e: e, ou: o.createOU(t, o.rootID, "Sandbox"), acct: o.createAccount(t, "sandbox")}
	_, err := o.c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(s.acct),
		SourceParentId: aws.String(o.rootID), DestinationParentId: aws.String(s.ou)})
	noErr(t, err)
	return s
}

// attach creates a policy and attaches it to target.
func (s *simOrg) attach(t *testing.T, typ types.PolicyType, name, content, target string) string {
	t.Helper()
	out, err := s.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{Name: aws.String(name), Description: aws.String(name),
		Type: typ, Content: aws.String(content)})
	noErr(t, err)
	id := *out.Policy.PolicySummary.Id
	_, err = s.c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(target)})
	noErr(t, err)
	return id
}

type simResult struct {
	EvalActionName    string
	EvalResourceName  string
	EvalDecision      string
	MatchedStatements []struct {
		SourcePolicyId, SourcePolicyType, TargetId, Sid string
	}
	MissingContextValues        []string
	OrganizationsDecisionDetail struct{ AllowedByOrganizations bool }
}

// simulate calls CanopyV1.SimulateOrganizationPolicies as caller.
func (s *simOrg) simulate(t *testing.T, caller string, in map[string]any) (int, []simResult, map[string]any) {
	t.Helper()
	status, out := rawTarget(t, s.e.srv.URL(), caller, "CanopyV1.SimulateOrganizationPolicies", in)
	if status != 200 {
		return status, nil, out
	}
	b, _ := json.Marshal(out["EvaluationResults"])
	var rs []simResult
	if err := json.Unmarshal(b, &rs); err != nil {
		t.Fatal(err)
	}
	return status, rs, out
}

const denyOutsideEU = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyOutsideEU","Effect":"Deny","Action":"*","Resource":"*",
 "Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}}]}`

func TestSimulateSCPDecisions(t *testing.T) {
	t.Parallel()
	s := newSimOrg(t)
	deny := s.attach(t, types.PolicyTypeServiceControlPolicy, "DenyOutsideEU", denyOutsideEU, s.ou)
	region := func(r string) []map[string]any {
		return []map[string]any{{"ContextKeyName": "aws:RequestedRegion", "ContextKeyType": "string", "ContextKeyValues": []string{r}}}
	}
	tests := []struct {
		name     string
		account  string
		caller   string
		action   string
		context  []map[string]any
		want     string
		wantDeny bool // a matched statement is the OU's deny
	}{
		{"deny outside the EU", s.acct, "", "ec2:RunInstances", region("us-east-1"), "explicitDeny", true},
		{"allowed inside the EU", s.acct, "", "ec2:RunInstances", region("eu-west-1"), "allowed", false},
		{"action names are case-insensitive", s.acct, "", "EC2:runinstances", region("us-east-1"), "explicitDeny", true},
		{"management account is not restricted", mgmtID, "", "ec2:RunInstances", region("us-east-1"), "allowed", false},
		{"service-linked role is not restricted", s.acct, "arn:aws:iam::" + s.acct + ":role/aws-service-role/ec2.amazonaws.com/AWSServiceRoleForEC2", "ec2:RunInstances", region("us-east-1"), "allowed", false},
		{"IAM role is restricted", s.acct, "arn:aws:iam::" + s.acct + ":role/Admin", "ec2:RunInstances", region("us-east-1"), "explicitDeny", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := map[string]any{"AccountId": tt.account, "ActionNames": []string{tt.action}, "ContextEntries": tt.context}
			if tt.caller != "" {
				in["CallerArn"] = tt.caller
			}
			status, rs, raw := s.simulate(t, mgmtID, in)
			if status != 200 {
				t.Fatalf("got %d %v, want 200", status, raw)
			}
			if len(rs) != 1 {
				t.Fatalf("got %d results, want 1", len(rs))
			}
			r := rs[0]
			if r.EvalDecision != tt.want || r.OrganizationsDecisionDetail.AllowedByOrganizations != (tt.want == "allowed") {
				t.Fatalf("got %s (allowed %v), want %s", r.EvalDecision, r.OrganizationsDecisionDetail.AllowedByOrganizations, tt.want)
			}
			if r.EvalResourceName != "*" || r.EvalActionName != tt.action {
				t.Errorf("got action %q resource %q, want %q and *", r.EvalActionName, r.EvalResourceName, tt.action)
			}
			found := slices.ContainsFunc(r.MatchedStatements, func(m struct{ SourcePolicyId, SourcePolicyType, TargetId, Sid string }) bool {
				return m.SourcePolicyId == deny && m.TargetId == s.ou && m.Sid == "DenyOutsideEU" && m.SourcePolicyType == "SERVICE_CONTROL_POLICY"
			})
			if found != tt.wantDeny {
				t.Errorf("got matched statements %+v, want the OU's deny matched: %v", r.MatchedStatements, tt.wantDeny)
			}
		})
	}
}

func TestSimulateAllowNeededAtEveryLevel(t *testing.T) {
	t.Parallel()
	s := newSimOrg(t)
	// Replace FullAWSAccess on the OU with an allow of S3 only: EC2 is no
	// longer allowed at that level, so it is implicitly denied below it.
	s.attach(t, types.PolicyTypeServiceControlPolicy, "S3Only", `{"Version":"2012-10-17","Statement":[{"Sid":"S3","Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, s.ou)
	_, err := s.c.DetachPolicy(ctx(t), &organizations.DetachPolicyInput{PolicyId: aws.String("p-FullAWSAccess"), TargetId: aws.String(s.ou)})
	noErr(t, err)
	status, rs, raw := s.simulate(t, mgmtID, map[string]any{"AccountId": s.acct,
		"ActionNames": []string{"ec2:RunInstances", "s3:GetObject"}, "ResourceArns": []string{"arn:aws:s3:::bucket/key"}})
	if status != 200 {
		t.Fatalf("got %d %v", status, raw)
	}
	got := map[string]string{}
	for _, r := range rs {
		got[r.EvalActionName] = r.EvalDecision
	}
	want := map[string]string{"ec2:RunInstances": "implicitDeny", "s3:GetObject": "allowed"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %s, want %s", k, got[k], v)
		}
	}
}

func TestSimulateMissingContext(t *testing.T) {
	t.Parallel()
	s := newSimOrg(t)
	s.attach(t, types.PolicyTypeServiceControlPolicy, "DenyOutsideEU", denyOutsideEU, s.ou)
	_, rs, raw := s.simulate(t, mgmtID, map[string]any{"AccountId": s.acct, "ActionNames": []string{"ec2:RunInstances"}})
	if len(rs) != 1 {
		t.Fatalf("got %v, want one result", raw)
	}
	if !slices.Contains(rs[0].MissingContextValues, "aws:RequestedRegion") {
		t.Errorf("got missing context %v, want aws:RequestedRegion", rs[0].MissingContextValues)
	}
}

func TestSimulateRCPOnResourceOwner(t *testing.T) {
	t.Parallel()
	s := newSimOrg(t)
	other := s.createAccount(t, "data")
	rcp := s.attach(t, types.PolicyTypeResourceControlPolicy, "DenyS3Delete",
		`{"Version":"2012-10-17","Statement":[{"Sid":"NoDelete","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}`, other)
	tests := []struct {
		name, owner, want string
	}{
		{"resource in the account with the RCP", other, "explicitDeny"},
		{"resource in the caller's own account", "", "allowed"},
		{"resource outside the organization", "999999999999", "allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := map[string]any{"AccountId": s.acct, "ActionNames": []string{"s3:DeleteObject"}, "ResourceArns": []string{"arn:aws:s3:::b/k"}}
			if tt.owner != "" {
				in["ResourceOwnerAccountId"] = tt.owner
			}
			_, rs, raw := s.simulate(t, mgmtID, in)
			if len(rs) != 1 || rs[0].EvalDecision != tt.want {
				t.Fatalf("got %v, want %s", raw, tt.want)
			}
			if tt.want == "explicitDeny" && (len(rs[0].MatchedStatements) == 0 || rs[0].MatchedStatements[0].SourcePolicyId != rcp ||
				rs[0].MatchedStatements[0].SourcePolicyType != "RESOURCE_CONTROL_POLICY" || rs[0].MatchedStatements[0].TargetId != other) {
				t.Errorf("got matched %+v, want the RCP %s on %s", rs[0].MatchedStatements, rcp, other)
			}
		})
	}
}

func TestSimulateErrors(t *testing.T) {
	t.Parallel()
	s := newSimOrg(t)
	tests := []struct {
		name, caller string
		in           map[string]any
		wantType     string
		wantReason   string
	}{
		{"member account", s.acct, map[string]any{"AccountId": s.acct, "ActionNames": []string{"s3:GetObject"}}, "AccessDeniedException", ""},
		{"outside any organization", otherID, map[string]any{"AccountId": s.acct, "ActionNames": []string{"s3:GetObject"}}, "AWSOrganizationsNotInUseException", ""},
		{"unknown account", mgmtID, map[string]any{"AccountId": "999999999999", "ActionNames": []string{"s3:GetObject"}}, "AccountNotFoundException", ""},
		{"no actions", mgmtID, map[string]any{"AccountId": s.acct}, "InvalidInputException", "INPUT_REQUIRED"},
		{"empty actions", mgmtID, map[string]any{"AccountId": s.acct, "ActionNames": []string{}}, "InvalidInputException", "MIN_LENGTH_EXCEEDED"},
		{"bad account id", mgmtID, map[string]any{"AccountId": "12", "ActionNames": []string{"s3:GetObject"}}, "InvalidInputException", "INVALID_PATTERN"},
		{"bad context type", mgmtID, map[string]any{"AccountId": s.acct, "ActionNames": []string{"s3:GetObject"},
			"ContextEntries": []map[string]any{{"ContextKeyName": "aws:SourceIp", "ContextKeyType": "ipaddress", "ContextKeyValues": []string{"1.2.3.4"}}}}, "InvalidInputException", "INVALID_ENUM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, raw := s.simulate(t, tt.caller, tt.in)
			if status != 400 || raw["__type"] != tt.wantType || (tt.wantReason != "" && raw["Reason"] != tt.wantReason) {
				t.Fatalf("got %d %v, want 400 %s %s", status, raw, tt.wantType, tt.wantReason)
			}
		})
	}
}

func TestSimulateCommand(t *testing.T) {
	t.Parallel()
	s := newSimOrg(t)
	s.attach(t, types.PolicyTypeServiceControlPolicy, "DenyOutsideEU", denyOutsideEU, s.ou)
	bin := filepath.Join(t.TempDir(), "canopy")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/canopy").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	run := func(args ...string) string {
		cmd := exec.Command(bin, append([]string{"simulate", "--endpoint", s.e.srv.URL()}, args...)...)
		cmd.Env = []string{"AWS_ACCESS_KEY_ID=" + mgmtID, "AWS_SECRET_ACCESS_KEY=x", "AWS_REGION=us-east-1",
			"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "HOME=" + t.TempDir()}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("canopy %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	text := run("--account", s.acct, "--action", "ec2:RunInstances", "--context", "aws:RequestedRegion=string:us-east-1")
	for _, want := range []string{"ec2:RunInstances", "explicitDeny", "DenyOutsideEU", s.ou} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
	var out struct{ EvaluationResults []simResult }
	js := run("--account", s.acct, "--action", "ec2:RunInstances", "--context", "aws:RequestedRegion=string:eu-west-1", "--output", "json")
	if err := json.Unmarshal([]byte(js), &out); err != nil || len(out.EvaluationResults) != 1 || out.EvaluationResults[0].EvalDecision != "allowed" {
		t.Errorf("got %v %s, want one allowed result", err, js)
	}
}

// A decision follows a policy's content as it changes: UpdatePolicy is seen
// by the next simulation.
func TestSimulateSeesUpdatedPolicy(t *testing.T) {
	t.Parallel()
	s := newSimOrg(t)
	id := s.attach(t, types.PolicyTypeServiceControlPolicy, "guard",
		`{"Version":"2012-10-17","Statement":[{"Sid":"NoS3","Effect":"Deny","Action":"s3:*","Resource":"*"}]}`, s.ou)
	decide := func() string {
		t.Helper()
		status, rs, out := s.simulate(t, mgmtID, map[string]any{"AccountId": s.acct, "ActionNames": []string{"ec2:RunInstances"}})
		if status != 200 || len(rs) != 1 {
			t.Fatalf("got %d %v", status, out)
		}
		return rs[0].EvalDecision
	}
	if got := decide(); got != "allowed" {
		t.Fatalf("got %s before the update, want allowed", got)
	}
	_, err := s.c.UpdatePolicy(ctx(t), &organizations.UpdatePolicyInput{PolicyId: aws.String(id),
		Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Sid":"NoEC2","Effect":"Deny","Action":"ec2:*","Resource":"*"}]}`)})
	noErr(t, err)
	if got := decide(); got != "explicitDeny" {
		t.Fatalf("got %s after the update, want explicitDeny", got)
	}
}

// Simulations at once share the engine's compiled policies (meant for
// -race): every one gets the decision a lone one gets.
func TestSimulateConcurrently(t *testing.T) {
	t.Parallel()
	s := newSimOrg(t)
	s.attach(t, types.PolicyTypeServiceControlPolicy, "eu-only", denyOutsideEU, s.ou)
	in := map[string]any{"AccountId": s.acct, "ActionNames": []string{"ec2:RunInstances"},
		"ContextEntries": []map[string]any{{"ContextKeyName": "aws:RequestedRegion", "ContextKeyValues": []string{"us-east-1"}, "ContextKeyType": "string"}}}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				status, rs, out := s.simulate(t, mgmtID, in)
				if status != 200 || len(rs) != 1 || rs[0].EvalDecision != "explicitDeny" {
					errs <- fmt.Sprintf("got %d %v, want one explicitDeny", status, out)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
