package apitest

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// jsonEqual compares two JSON documents by value.
func jsonEqual(t *testing.T, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("got invalid JSON %q: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want invalid JSON %q: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestEffectiveTagPolicyThroughHierarchy(t *testing.T) {
	t.Parallel()
	s := newSimOrg(t)
	_, err := s.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(s.rootID), PolicyType: types.PolicyTypeTagPolicy})
	noErr(t, err)
	describe := func(caller, target string) (*types.EffectivePolicy, error) {
		in := &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeTagPolicy}
		if target != "" {
			in.TargetId = aws.String(target)
		}
		out, err := s.e.client(caller).DescribeEffectivePolicy(ctx(t), in)
		if err != nil {
			return nil, err
		}
		return out.EffectivePolicy, nil
	}
	_, err = describe(mgmtID, s.acct)
	wantErr(t, err, "EffectivePolicyNotFoundException", "")

	s.attach(t, types.PolicyTypeTagPolicy, "root-tags",
		`{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"},"tag_value":{"@@assign":["100","200"]}}}}`, s.rootID)
	s.attach(t, types.PolicyTypeTagPolicy, "ou-tags",
		`{"tags":{"costcenter":{"tag_value":{"@@append":["300"]}}}}`, s.ou)

	eff, err := describe(mgmtID, s.acct)
	noErr(t, err)
	jsonEqual(t, *eff.PolicyContent, `{"tags":{"costcenter":{"tag_key":"CostCenter","tag_value":["100","200","300"]}}}`)
	if *eff.TargetId != s.acct || eff.PolicyType != types.EffectivePolicyTypeTagPolicy || eff.LastUpdatedTimestamp == nil {
		t.Errorf("got %+v, want target %s, TAG_POLICY and a timestamp", eff, s.acct)
	}
	// The management account sits under the root only.
	eff, err = describe(mgmtID, "")
	noErr(t, err)
	jsonEqual(t, *eff.PolicyContent, `{"tags":{"costcenter":{"tag_key":"CostCenter","tag_value":["100","200"]}}}`)
	// A member may ask about itself, not about others.
	eff, err = describe(s.acct, "")
	noErr(t, err)
	if *eff.TargetId != s.acct {
		t.Errorf("got target %s, want %s", *eff.TargetId, s.acct)
	}
	_, err = describe(s.acct, mgmtID)
	wantErr(t, err, "AccessDeniedException", "")

	tests := []struct {
		name, target, code, reason string
	}{
		{"root target", s.rootID, "InvalidInputException", "TARGET_NOT_SUPPORTED"},
		{"OU target", s.ou, "InvalidInputException", "TARGET_NOT_SUPPORTED"},
		{"unknown account", "999999999999", "TargetNotFoundException", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := describe(mgmtID, tt.target)
			wantErr(t, err, tt.code, tt.reason)
		})
	}
	t.Run("authorization types are not effective-policy types", func(t *testing.T) {
		_, err := s.c.DescribeEffectivePolicy(ctx(t), &organizations.DescribeEffectivePolicyInput{PolicyType: "SERVICE_CONTROL_POLICY"})
		wantErr(t, err, "InvalidInputException", "")
	})
	t.Run("type not enabled", func(t *testing.T) {
		_, err := s.c.DescribeEffectivePolicy(ctx(t), &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeBackupPolicy, TargetId: aws.String(s.acct)})
		wantErr(t, err, "EffectivePolicyNotFoundException", "")
	})

	t.Run("validation errors", func(t *testing.T) {
		out, err := s.c.ListEffectivePolicyValidationErrors(ctx(t), &organizations.ListEffectivePolicyValidationErrorsInput{
			AccountId: aws.String(s.acct), PolicyType: types.EffectivePolicyTypeTagPolicy})
		noErr(t, err)
		wantPath := *s.org.Id + "/" + s.rootID + "/" + s.ou + "/" + s.acct + "/"
		if *out.Path != wantPath || *out.AccountId != s.acct || out.EvaluationTimestamp == nil || len(out.EffectivePolicyValidationErrors) != 0 {
			t.Errorf("got path %s account %s errors %v, want %s, %s and none", *out.Path, *out.AccountId, out.EffectivePolicyValidationErrors, wantPath, s.acct)
		}
		inv, err := s.c.ListAccountsWithInvalidEffectivePolicy(ctx(t), &organizations.ListAccountsWithInvalidEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeTagPolicy})
		noErr(t, err)
		if len(inv.Accounts) != 0 || inv.PolicyType != types.EffectivePolicyTypeTagPolicy {
			t.Errorf("got %+v, want no invalid accounts", inv)
		}
		_, err = s.e.client(s.acct).ListEffectivePolicyValidationErrors(ctx(t), &organizations.ListEffectivePolicyValidationErrorsInput{
			AccountId: aws.String(s.acct), PolicyType: types.EffectivePolicyTypeTagPolicy})
		wantErr(t, err, "AccessDeniedException", "")
	})
}

func TestMalformedPolicyDocuments(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	tests := []struct {
		name, typ, content, wantIn string
	}{
		{"SCP with a Principal", "SERVICE_CONTROL_POLICY", `{"Version":"2012-10-17","Statement":[{"Sid":"X","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`, "Principal"},
		{"SCP with a bad Effect", "SERVICE_CONTROL_POLICY", `{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}`, "Effect"},
		{"SCP with an unknown operator", "SERVICE_CONTROL_POLICY", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"aws:x":"y"}}}]}`, "StringEqualz"},
		{"RCP that allows", "RESOURCE_CONTROL_POLICY", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`, "Effect"},
		{"tag policy without its key", "TAG_POLICY", `{"nottags":{}}`, "nottags"},
		{"not JSON", "BACKUP_POLICY", `{`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{Name: aws.String(tt.name), Description: aws.String(""),
				Type: types.PolicyType(tt.typ), Content: aws.String(tt.content)})
			wantErr(t, err, "MalformedPolicyDocumentException", "")
			if !strings.Contains(err.Error(), tt.wantIn) {
				t.Errorf("got %v, want the message to name %q", err, tt.wantIn)
			}
		})
	}
}

// A backup plan without selections is invalid for every account under the
// OU it is attached to, however deep: those accounts, and only those, are
// listed, a page at a time.
func TestAccountsWithInvalidEffectivePolicy(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	_, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeBackupPolicy})
	noErr(t, err)
	ou := o.createOU(t, o.rootID, "Backed")
	deep := o.createOU(t, ou, "Deeper")
	var bad []string
	for i, parent := range []string{ou, deep} {
		a := o.createAccount(t, []string{"shallow", "deep"}[i])
		_, err := o.c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(a), SourceParentId: aws.String(o.rootID), DestinationParentId: aws.String(parent)})
		noErr(t, err)
		bad = append(bad, a)
	}
	fine := o.createAccount(t, "elsewhere")
	p, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{Name: aws.String("daily"), Description: aws.String(""), Type: types.PolicyTypeBackupPolicy,
		Content: aws.String(`{"plans":{"Daily":{"regions":{"@@assign":["us-east-1"]},"rules":{"DailyRule":{"target_backup_vault_name":{"@@assign":"Default"}}}}}}`)})
	noErr(t, err)
	_, err = o.c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: p.Policy.PolicySummary.Id, TargetId: aws.String(ou)})
	noErr(t, err)

	var listed []string
	in := &organizations.ListAccountsWithInvalidEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeBackupPolicy, MaxResults: aws.Int32(1)}
	for pages := 0; ; pages++ {
		if pages > 3 {
			t.Fatalf("got more than 3 pages")
		}
		out, err := o.c.ListAccountsWithInvalidEffectivePolicy(ctx(t), in)
		noErr(t, err)
		for _, a := range out.Accounts {
			listed = append(listed, *a.Id)
		}
		if out.NextToken == nil {
			break
		}
		in.NextToken = out.NextToken
	}
	slices.Sort(listed)
	slices.Sort(bad)
	if !slices.Equal(listed, bad) {
		t.Errorf("got invalid accounts %v, want %v (not %s)", listed, bad, fine)
	}
	errs, err := o.c.ListEffectivePolicyValidationErrors(ctx(t), &organizations.ListEffectivePolicyValidationErrorsInput{
		AccountId: aws.String(bad[0]), PolicyType: types.EffectivePolicyTypeBackupPolicy})
	noErr(t, err)
	found := false
	for _, v := range errs.EffectivePolicyValidationErrors {
		if *v.ErrorCode == "KEY_REQUIRED" && strings.Contains(*v.ErrorMessage, "selections") && *v.PathToError == "plans/Daily" {
			found = true
		}
	}
	if !found {
		t.Errorf("got errors %+v, want KEY_REQUIRED for the missing selections", errs.EffectivePolicyValidationErrors)
	}
}

// LastUpdatedTimestamp moves with every change of the policies that apply:
// an attachment, a policy's content, a detachment, a move of the account.
func TestEffectivePolicyLastUpdated(t *testing.T) {
	t.Parallel()
	clock := newAcctClock()
	e := start(t, withAcctClock(clock))
	o := e.newOrg(t)
	_, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeTagPolicy})
	noErr(t, err)
	ou := o.createOU(t, o.rootID, "Tagged")
	acct := o.createAccount(t, "tagged")
	_, err = o.c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(o.rootID), DestinationParentId: aws.String(ou)})
	noErr(t, err)
	attach := func(name, content, target string) string {
		p, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{Name: aws.String(name), Description: aws.String(""), Type: types.PolicyTypeTagPolicy, Content: aws.String(content)})
		noErr(t, err)
		_, err = o.c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: p.Policy.PolicySummary.Id, TargetId: aws.String(target)})
		noErr(t, err)
		return *p.Policy.PolicySummary.Id
	}
	lastUpdated := func() time.Time {
		t.Helper()
		out, err := o.c.DescribeEffectivePolicy(ctx(t), &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeTagPolicy, TargetId: aws.String(acct)})
		noErr(t, err)
		return out.EffectivePolicy.LastUpdatedTimestamp.UTC()
	}
	attach("root-tags", `{"tags":{"team":{"tag_key":{"@@assign":"Team"}}}}`, o.rootID)
	onOU := attach("ou-tags", `{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"}}}}`, ou)
	steps := []struct {
		name   string
		change func()
	}{
		{"content updated", func() {
			_, err := o.c.UpdatePolicy(ctx(t), &organizations.UpdatePolicyInput{PolicyId: aws.String(onOU),
				Content: aws.String(`{"tags":{"costcenter":{"tag_key":{"@@assign":"COSTCENTER"}}}}`)})
			noErr(t, err)
		}},
		{"policy detached", func() {
			_, err := o.c.DetachPolicy(ctx(t), &organizations.DetachPolicyInput{PolicyId: aws.String(onOU), TargetId: aws.String(ou)})
			noErr(t, err)
		}},
		{"account moved", func() {
			_, err := o.c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(ou), DestinationParentId: aws.String(o.rootID)})
			noErr(t, err)
		}},
	}
	for _, st := range steps {
		clock.Advance(time.Hour)
		st.change()
		if got, want := lastUpdated(), clock.Now().UTC(); !got.Equal(want) {
			t.Errorf("%s: got LastUpdatedTimestamp %s, want %s", st.name, got, want)
		}
	}
}
