package apitest

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// rpGrant is a delegation policy with one Allow statement for an account:
// action and resource, and a Condition given as JSON ("" for none).
func rpGrant(account, action, resource, condition string) string {
	return rpDoc(rpStmt("Allow", account, action, resource, condition))
}

// rpStmt is one statement of a delegation policy for an account.
func rpStmt(effect, account, action, resource, condition string) map[string]any {
	st := map[string]any{
		"Effect":    effect,
		"Principal": map[string]any{"AWS": "arn:aws:iam::" + account + ":root"},
		"Action":    action,
		"Resource":  resource,
	}
	if condition != "" {
		st["Condition"] = json.RawMessage(condition)
	}
	return st
}

// rpDoc is a delegation policy of statements.
func rpDoc(stmts ...map[string]any) string {
	b, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": stmts})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// rpOrg is an organization with a delegated administrator (registered for a
// service) and a plain member.
type rpOrg struct {
	*testOrg
	e                *env
	admin, member    string
	adminC, memberC  *organizations.Client
	backupPolicy, ou string
}

func newRPOrg(t *testing.T) *rpOrg {
	t.Helper()
	e := start(t)
	o := e.newOrg(t)
	r := &rpOrg{testOrg: o, e: e, admin: o.createAccount(t, "admin"), member: o.createAccount(t, "member")}
	r.adminC, r.memberC = e.client(r.admin), e.client(r.member)
	o.svcEnable(t, "guardduty.amazonaws.com")
	o.svcRegister(t, r.admin, "guardduty.amazonaws.com")
	r.ou = o.createOU(t, o.rootID, "Delegated")
	_, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeBackupPolicy})
	noErr(t, err)
	p, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{Name: aws.String("mgmt-backup"), Description: aws.String(""),
		Type: types.PolicyTypeBackupPolicy, Content: aws.String(`{"plans":{}}`)})
	noErr(t, err)
	r.backupPolicy = *p.Policy.PolicySummary.Id
	return r
}

// put replaces the organization's delegation policy.
func (r *rpOrg) put(t *testing.T, content string) {
	t.Helper()
	_, err := r.c.PutResourcePolicy(ctx(t), &organizations.PutResourcePolicyInput{Content: aws.String(content)})
	noErr(t, err)
}

// createPolicy creates a policy of a type as c.
func rpCreatePolicy(t *testing.T, c *organizations.Client, name string, typ types.PolicyType, tags ...types.Tag) (string, error) {
	t.Helper()
	content := `{"plans":{}}`
	if typ == types.PolicyTypeTagPolicy {
		content = `{"tags":{}}`
	}
	out, err := c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{Name: aws.String(name), Description: aws.String(""), Type: typ, Content: aws.String(content), Tags: tags})
	if err != nil {
		return "", err
	}
	return *out.Policy.PolicySummary.Id, nil
}

var rpArnPattern = regexp.MustCompile(`^arn:[a-z0-9][a-z0-9-.]{0,62}:organizations::\d{12}:resourcepolicy\/o-[a-z0-9]{10,32}\/rp-[0-9a-zA-Z_]{4,128}$`)

func TestResourcePolicyLifecycle(t *testing.T) {
	t.Parallel()
	r := newRPOrg(t)
	_, err := r.c.DescribeResourcePolicy(ctx(t), &organizations.DescribeResourcePolicyInput{})
	wantErr(t, err, "ResourcePolicyNotFoundException", "")
	_, err = r.c.DeleteResourcePolicy(ctx(t), &organizations.DeleteResourcePolicyInput{})
	wantErr(t, err, "ResourcePolicyNotFoundException", "")

	first := rpGrant(r.admin, "organizations:DescribeOrganization", "*", "")
	out, err := r.c.PutResourcePolicy(ctx(t), &organizations.PutResourcePolicyInput{
		Content: aws.String(first), Tags: []types.Tag{{Key: aws.String("owner"), Value: aws.String("security")}},
	})
	noErr(t, err)
	sum := out.ResourcePolicy.ResourcePolicySummary
	id := *sum.Id
	if want := "arn:aws:organizations::" + mgmtID + ":resourcepolicy/" + *r.org.Id + "/" + id; *sum.Arn != want || !rpArnPattern.MatchString(*sum.Arn) {
		t.Errorf("got ARN %s, want %s", *sum.Arn, want)
	}
	if *out.ResourcePolicy.Content != first {
		t.Errorf("got content %s, want %s", *out.ResourcePolicy.Content, first)
	}

	t.Run("described by the management account and the delegated administrator", func(t *testing.T) {
		for _, c := range []*organizations.Client{r.c, r.adminC} {
			d, err := c.DescribeResourcePolicy(ctx(t), &organizations.DescribeResourcePolicyInput{})
			noErr(t, err)
			if *d.ResourcePolicy.ResourcePolicySummary.Id != id || *d.ResourcePolicy.Content != first {
				t.Errorf("got %+v, want %s", d.ResourcePolicy, id)
			}
		}
		_, err := r.memberC.DescribeResourcePolicy(ctx(t), &organizations.DescribeResourcePolicyInput{})
		wantErr(t, err, "AccessDeniedException", "")
		d, err := r.e.clientIn(mgmtID, "us-gov-west-1").DescribeResourcePolicy(ctx(t), &organizations.DescribeResourcePolicyInput{})
		noErr(t, err)
		if arn := *d.ResourcePolicy.ResourcePolicySummary.Arn; !regexp.MustCompile(`^arn:aws-us-gov:`).MatchString(arn) {
			t.Errorf("got %s from us-gov-west-1, want the aws-us-gov partition", arn)
		}
	})
	t.Run("tags", func(t *testing.T) {
		list := func() []types.Tag {
			tags, err := r.c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
			noErr(t, err)
			return tags.Tags
		}
		if got := list(); len(got) != 1 || *got[0].Key != "owner" {
			t.Errorf("got %+v, want owner", got)
		}
		_, err := r.c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String(id), Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}})
		noErr(t, err)
		_, err = r.c.UntagResource(ctx(t), &organizations.UntagResourceInput{ResourceId: aws.String(id), TagKeys: []string{"owner"}})
		noErr(t, err)
		if got := list(); len(got) != 1 || *got[0].Key != "env" {
			t.Errorf("got %+v, want env", got)
		}
		_, err = r.c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String("rp-unknown1")})
		wantErr(t, err, "TargetNotFoundException", "")
	})
	t.Run("replaced, keeping its ID", func(t *testing.T) {
		second := rpGrant(r.admin, "organizations:List*", "*", "")
		out, err := r.c.PutResourcePolicy(ctx(t), &organizations.PutResourcePolicyInput{Content: aws.String(second)})
		noErr(t, err)
		if *out.ResourcePolicy.ResourcePolicySummary.Id != id || *out.ResourcePolicy.Content != second {
			t.Errorf("got %+v, want %s with the new content", out.ResourcePolicy, id)
		}
		// Tags go with creation only.
		_, err = r.c.PutResourcePolicy(ctx(t), &organizations.PutResourcePolicyInput{Content: aws.String(second), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
		wantErr(t, err, "InvalidInputException", "")
	})
	t.Run("only the management account writes it", func(t *testing.T) {
		for _, c := range []*organizations.Client{r.adminC, r.memberC} {
			_, err := c.PutResourcePolicy(ctx(t), &organizations.PutResourcePolicyInput{Content: aws.String(first)})
			wantErr(t, err, "AccessDeniedException", "")
			_, err = c.DeleteResourcePolicy(ctx(t), &organizations.DeleteResourcePolicyInput{})
			wantErr(t, err, "AccessDeniedException", "")
		}
	})
	t.Run("deleted", func(t *testing.T) {
		_, err := r.c.DeleteResourcePolicy(ctx(t), &organizations.DeleteResourcePolicyInput{})
		noErr(t, err)
		_, err = r.c.DescribeResourcePolicy(ctx(t), &organizations.DescribeResourcePolicyInput{})
		wantErr(t, err, "ResourcePolicyNotFoundException", "")
		_, err = r.c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
		wantErr(t, err, "TargetNotFoundException", "")
		// A new policy gets a new ID and no tags.
		out, err := r.c.PutResourcePolicy(ctx(t), &organizations.PutResourcePolicyInput{Content: aws.String(first)})
		noErr(t, err)
		nid := *out.ResourcePolicy.ResourcePolicySummary.Id
		if nid == id {
			t.Errorf("got the old ID %s again", id)
		}
		tags, err := r.c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(nid)})
		noErr(t, err)
		if len(tags.Tags) != 0 {
			t.Errorf("got tags %+v, want none", tags.Tags)
		}
	})
}

func TestResourcePolicyValidation(t *testing.T) {
	t.Parallel()
	r := newRPOrg(t)
	acct := "arn:aws:iam::" + r.admin + ":root"
	stmt := func(fields string) string {
		return `{"Version":"2012-10-17","Statement":[{` + fields + `}]}`
	}
	base := `"Effect":"Allow","Principal":{"AWS":"` + acct + `"},"Action":"organizations:CreatePolicy","Resource":"*"`
	tests := []struct {
		name, content, reason string
	}{
		{"not JSON", `{`, "INVALID_RESOURCE_POLICY_JSON"},
		{"not an object", `[]`, "INVALID_RESOURCE_POLICY_JSON"},
		{"old version", `{"Version":"2008-10-17","Statement":[{` + base + `}]}`, "INVALID_RESOURCE_POLICY_JSON"},
		{"no version", `{"Statement":[{` + base + `}]}`, "INVALID_RESOURCE_POLICY_JSON"},
		{"no statement", `{"Version":"2012-10-17"}`, "INVALID_RESOURCE_POLICY_JSON"},
		{"empty statement list", `{"Version":"2012-10-17","Statement":[]}`, "INVALID_RESOURCE_POLICY_JSON"},
		{"unknown top-level element", `{"Version":"2012-10-17","Statement":[{` + base + `}],"Extra":1}`, "INVALID_RESOURCE_POLICY_JSON"},
		{"unknown statement element", stmt(base + `,"Foo":"bar"`), "INVALID_RESOURCE_POLICY_JSON"},
		{"bad effect", stmt(`"Effect":"Maybe","Principal":"*","Action":"organizations:CreatePolicy","Resource":"*"`), "INVALID_RESOURCE_POLICY_JSON"},
		{"bad condition operator", stmt(base + `,"Condition":{"StringEqualz":{"organizations:PolicyType":"TAG_POLICY"}}`), "INVALID_RESOURCE_POLICY_JSON"},
		{"no action", stmt(`"Effect":"Allow","Principal":"*","Resource":"*"`), "INVALID_RESOURCE_POLICY_JSON"},
		{"no principal", stmt(`"Effect":"Allow","Action":"organizations:CreatePolicy","Resource":"*"`), "INVALID_PRINCIPAL"},
		{"service principal", stmt(`"Effect":"Allow","Principal":{"Service":"backup.amazonaws.com"},"Action":"organizations:CreatePolicy","Resource":"*"`), "INVALID_PRINCIPAL"},
		{"principal string", stmt(`"Effect":"Allow","Principal":"` + acct + `","Action":"organizations:CreatePolicy","Resource":"*"`), "INVALID_PRINCIPAL"},
		{"principal name", stmt(`"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"organizations:CreatePolicy","Resource":"*"`), "INVALID_PRINCIPAL"},
		{"principal group", stmt(`"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/admins"},"Action":"organizations:CreatePolicy","Resource":"*"`), "INVALID_PRINCIPAL"},
		{"NotPrincipal", stmt(`"Effect":"Allow","NotPrincipal":{"AWS":"` + acct + `"},"Action":"organizations:CreatePolicy","Resource":"*"`), "INVALID_PRINCIPAL"},
		{"another service's action", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"`), "UNSUPPORTED_ACTION_IN_RESOURCE_POLICY"},
		{"an action that can't be delegated", stmt(`"Effect":"Allow","Principal":"*","Action":"organizations:CreateAccount","Resource":"*"`), "UNSUPPORTED_ACTION_IN_RESOURCE_POLICY"},
		{"one bad action in a list", stmt(`"Effect":"Allow","Principal":"*","Action":["organizations:CreatePolicy","organizations:PutResourcePolicy"],"Resource":"*"`), "UNSUPPORTED_ACTION_IN_RESOURCE_POLICY"},
		{"every action", stmt(`"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"`), "UNSUPPORTED_ACTION_IN_RESOURCE_POLICY"},
		{"a wildcard that matches nothing delegable", stmt(`"Effect":"Allow","Principal":"*","Action":"organizations:Invite*","Resource":"*"`), "UNSUPPORTED_ACTION_IN_RESOURCE_POLICY"},
		{"NotAction", stmt(`"Effect":"Allow","Principal":"*","NotAction":"organizations:CreateAccount","Resource":"*"`), "UNSUPPORTED_ACTION_IN_RESOURCE_POLICY"},
		{"another service's resource", stmt(`"Effect":"Allow","Principal":"*","Action":"organizations:CreatePolicy","Resource":"arn:aws:s3:::bucket"`), "UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY"},
		{"a transfer", stmt(`"Effect":"Allow","Principal":"*","Action":"organizations:TagResource","Resource":"arn:aws:organizations::111111111111:transfer/o-aaaaaaaaaa/billing/inbound/rt-aaaaaaaa"`), "UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY"},
		{"not an ARN", stmt(`"Effect":"Allow","Principal":"*","Action":"organizations:CreatePolicy","Resource":"policies"`), "UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY"},
		{"NotResource", stmt(`"Effect":"Allow","Principal":"*","Action":"organizations:CreatePolicy","NotResource":"arn:aws:organizations::111111111111:root/o-aaaaaaaaaa/r-aaaa"`), "UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY"},
		{"unknown policy type", stmt(base + `,"Condition":{"StringEquals":{"organizations:PolicyType":"BACKUP"}}`), "UNSUPPORTED_POLICY_TYPE_IN_RESOURCE_POLICY"},
		{"unknown policy type in a list", stmt(base + `,"Condition":{"ForAnyValue:StringEquals":{"organizations:PolicyType":["TAG_POLICY","CAT_POLICY"]}}`), "UNSUPPORTED_POLICY_TYPE_IN_RESOURCE_POLICY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.c.PutResourcePolicy(ctx(t), &organizations.PutResourcePolicyInput{Content: aws.String(tt.content)})
			wantErr(t, err, "InvalidInputException", tt.reason)
		})
	}
	t.Run("too long for the model", func(t *testing.T) {
		long := stmt(`"Sid":"` + strings.Repeat("a", 40000) + `",` + base)
		_, err := r.c.PutResourcePolicy(ctx(t), &organizations.PutResourcePolicyInput{Content: aws.String(long)})
		wantErr(t, err, "InvalidInputException", "MAX_LENGTH_EXCEEDED")
	})
	t.Run("nothing was stored", func(t *testing.T) {
		_, err := r.c.DescribeResourcePolicy(ctx(t), &organizations.DescribeResourcePolicyInput{})
		wantErr(t, err, "ResourcePolicyNotFoundException", "")
	})
	accepted := []struct{ name, content string }{
		{"one statement object", `{"Version":"2012-10-17","Statement":{` + base + `}}`},
		{"the AWS examples", `{"Version":"2012-10-17","Id":"delegation","Statement":[
			{"Sid":"Read","Effect":"Allow","Principal":{"AWS":"` + acct + `"},"Action":["organizations:DescribeOrganization","organizations:List*","organizations:Describe*"],"Resource":"*"},
			{"Sid":"Backup","Effect":"Allow","Principal":{"AWS":["` + r.admin + `","arn:aws:iam::` + r.admin + `:role/path/Delegate","arn:aws:iam::` + r.admin + `:user/alice"]},
			 "Action":["organizations:CreatePolicy","organizations:UpdatePolicy","organizations:DeletePolicy","organizations:AttachPolicy","organizations:DetachPolicy"],
			 "Resource":["arn:aws:organizations::` + mgmtID + `:policy/*/backup_policy/*","arn:aws:organizations::` + mgmtID + `:ou/` + *r.org.Id + `/*","arn:aws:organizations::` + mgmtID + `:root/*"],
			 "Condition":{"StringLikeIfExists":{"organizations:PolicyType":["BACKUP_POLICY","*_POLICY"]}}},
			{"Sid":"Deny","Effect":"Deny","Principal":"*","Action":"organizations:*","Resource":"arn:aws:organizations::aws:policy/*","Condition":{"Null":{"organizations:PolicyType":"false"}}}]}`},
	}
	for _, tt := range accepted {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.c.PutResourcePolicy(ctx(t), &organizations.PutResourcePolicyInput{Content: aws.String(tt.content)})
			noErr(t, err)
		})
	}
}

func TestResourcePolicyDelegation(t *testing.T) {
	t.Parallel()
	r := newRPOrg(t)
	backupOnly := `{"StringEquals":{"organizations:PolicyType":"BACKUP_POLICY"}}`

	t.Run("no delegation policy", func(t *testing.T) {
		_, err := rpCreatePolicy(t, r.adminC, "admin-1", types.PolicyTypeBackupPolicy)
		wantErr(t, err, "AccessDeniedException", "")
	})
	r.put(t, rpGrant(r.admin, "organizations:CreatePolicy", "*", backupOnly))
	var created string
	t.Run("granted for one policy type", func(t *testing.T) {
		id, err := rpCreatePolicy(t, r.adminC, "admin-1", types.PolicyTypeBackupPolicy)
		noErr(t, err)
		created = id
		_, err = rpCreatePolicy(t, r.adminC, "admin-2", types.PolicyTypeTagPolicy)
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("only the granted action", func(t *testing.T) {
		_, err := r.adminC.UpdatePolicy(ctx(t), &organizations.UpdatePolicyInput{PolicyId: aws.String(created), Name: aws.String("renamed")})
		wantErr(t, err, "AccessDeniedException", "")
		_, err = r.adminC.DeletePolicy(ctx(t), &organizations.DeletePolicyInput{PolicyId: aws.String(created)})
		wantErr(t, err, "AccessDeniedException", "")
		_, err = r.adminC.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: aws.String(created), TargetId: aws.String(r.ou)})
		wantErr(t, err, "AccessDeniedException", "")
		_, err = r.adminC.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(r.rootID), Name: aws.String("x")})
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("a member named in the policy needs no registration", func(t *testing.T) {
		// AWS delegates Organizations policy management by the delegation
		// policy alone: the plain member, registered for no service, is a
		// delegated administrator once the policy names it.
		r.put(t, rpDoc(rpStmt("Allow", r.admin, "organizations:CreatePolicy", "*", ""), rpStmt("Allow", r.member, "organizations:CreatePolicy", "*", "")))
		_, err := rpCreatePolicy(t, r.memberC, "member-1", types.PolicyTypeBackupPolicy)
		noErr(t, err)
		outsider := r.createAccount(t, "not-named")
		_, err = rpCreatePolicy(t, r.e.client(outsider), "outsider-1", types.PolicyTypeBackupPolicy)
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("reads granted by the policy", func(t *testing.T) {
		_, err := r.memberC.ListAccounts(ctx(t), &organizations.ListAccountsInput{})
		wantErr(t, err, "AccessDeniedException", "")
		r.put(t, rpDoc(rpStmt("Allow", r.member, "organizations:List*", "*", "")))
		_, err = r.memberC.ListAccounts(ctx(t), &organizations.ListAccountsInput{})
		noErr(t, err)
		_, err = r.memberC.DescribePolicy(ctx(t), &organizations.DescribePolicyInput{PolicyId: aws.String(r.backupPolicy)})
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("only to the principal named", func(t *testing.T) {
		other := r.createAccount(t, "other-admin")
		r.svcRegister(t, other, "guardduty.amazonaws.com")
		r.put(t, rpGrant(other, "organizations:CreatePolicy", "*", ""))
		_, err := rpCreatePolicy(t, r.adminC, "admin-3", types.PolicyTypeBackupPolicy)
		wantErr(t, err, "AccessDeniedException", "")
		_, err = rpCreatePolicy(t, r.e.client(other), "other-1", types.PolicyTypeBackupPolicy)
		noErr(t, err)
		// "*" names every delegated administrator, and an account ID its account.
		r.put(t, rpDoc(map[string]any{"Effect": "Allow", "Principal": "*", "Action": "organizations:CreatePolicy", "Resource": "*"}))
		_, err = rpCreatePolicy(t, r.adminC, "admin-3", types.PolicyTypeBackupPolicy)
		noErr(t, err)
		r.put(t, rpDoc(map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": r.admin}, "Action": "organizations:CreatePolicy", "Resource": "*"}))
		_, err = rpCreatePolicy(t, r.adminC, "admin-4", types.PolicyTypeBackupPolicy)
		noErr(t, err)
		// A role of the account is not the account's root.
		r.put(t, rpDoc(map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::" + r.admin + ":role/Delegate"}, "Action": "organizations:CreatePolicy", "Resource": "*"}))
		_, err = rpCreatePolicy(t, r.adminC, "admin-5", types.PolicyTypeBackupPolicy)
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("an explicit deny wins", func(t *testing.T) {
		r.put(t, rpDoc(
			rpStmt("Allow", r.admin, "organizations:*", "*", ""),
			rpStmt("Deny", r.admin, "organizations:CreatePolicy", "*", `{"StringEquals":{"organizations:PolicyType":"TAG_POLICY"}}`),
		))
		_, err := rpCreatePolicy(t, r.adminC, "admin-tag", types.PolicyTypeTagPolicy)
		wantErr(t, err, "AccessDeniedException", "")
		_, err = rpCreatePolicy(t, r.adminC, "admin-6", types.PolicyTypeBackupPolicy)
		noErr(t, err)
		// A Deny for every principal doesn't bind the management account.
		r.put(t, rpDoc(map[string]any{"Effect": "Deny", "Principal": "*", "Action": "organizations:*", "Resource": "*"}))
		_, err = rpCreatePolicy(t, r.c, "mgmt-2", types.PolicyTypeTagPolicy)
		noErr(t, err)
		_, err = rpCreatePolicy(t, r.adminC, "admin-7", types.PolicyTypeBackupPolicy)
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("policies by ARN", func(t *testing.T) {
		r.put(t, rpGrant(r.admin, "organizations:UpdatePolicy", "arn:aws:organizations::"+mgmtID+":policy/"+*r.org.Id+"/backup_policy/*", ""))
		_, err := r.adminC.UpdatePolicy(ctx(t), &organizations.UpdatePolicyInput{PolicyId: aws.String(r.backupPolicy), Description: aws.String("by the admin")})
		noErr(t, err)
		tag, err := rpCreatePolicy(t, r.c, "mgmt-tag", types.PolicyTypeTagPolicy)
		noErr(t, err)
		_, err = r.adminC.UpdatePolicy(ctx(t), &organizations.UpdatePolicyInput{PolicyId: aws.String(tag), Description: aws.String("by the admin")})
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("attach needs the policy and the target", func(t *testing.T) {
		r.put(t, rpDoc(rpStmt("Allow", r.admin, "organizations:AttachPolicy", `*`, ""),
			rpStmt("Deny", r.admin, "organizations:AttachPolicy", "arn:aws:organizations::"+mgmtID+":account/"+*r.org.Id+"/*", "")))
		_, err := r.adminC.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: aws.String(r.backupPolicy), TargetId: aws.String(r.ou)})
		noErr(t, err)
		_, err = r.adminC.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: aws.String(r.backupPolicy), TargetId: aws.String(r.member)})
		wantErr(t, err, "AccessDeniedException", "")
		r.put(t, rpGrant(r.admin, "organizations:DetachPolicy", "arn:aws:organizations::"+mgmtID+":ou/"+*r.org.Id+"/"+r.ou, ""))
		// The target is granted, the policy is not.
		_, err = r.adminC.DetachPolicy(ctx(t), &organizations.DetachPolicyInput{PolicyId: aws.String(r.backupPolicy), TargetId: aws.String(r.ou)})
		wantErr(t, err, "AccessDeniedException", "")
		r.put(t, rpGrant(r.admin, "organizations:DetachPolicy", "*", ""))
		_, err = r.adminC.DetachPolicy(ctx(t), &organizations.DetachPolicyInput{PolicyId: aws.String(r.backupPolicy), TargetId: aws.String(r.ou)})
		noErr(t, err)
	})
	t.Run("policy types on the root", func(t *testing.T) {
		r.put(t, rpGrant(r.admin, "organizations:EnablePolicyType", "arn:aws:organizations::"+mgmtID+":root/"+*r.org.Id+"/"+r.rootID, `{"StringEquals":{"organizations:PolicyType":"TAG_POLICY"}}`))
		_, err := r.adminC.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(r.rootID), PolicyType: types.PolicyTypeTagPolicy})
		noErr(t, err)
		_, err = r.adminC.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(r.rootID), PolicyType: types.PolicyTypeServiceControlPolicy})
		wantErr(t, err, "AccessDeniedException", "")
		_, err = r.adminC.DisablePolicyType(ctx(t), &organizations.DisablePolicyTypeInput{RootId: aws.String(r.rootID), PolicyType: types.PolicyTypeTagPolicy})
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("tags by key", func(t *testing.T) {
		r.put(t, rpDoc(
			rpStmt("Allow", r.admin, "organizations:TagResource", "*", `{"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]}}`),
			rpStmt("Allow", r.admin, "organizations:UntagResource", "*", `{"StringEquals":{"aws:ResourceTag/team":"blue"}}`),
		))
		tag := func(key string) error {
			_, err := r.adminC.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String(r.member), Tags: []types.Tag{{Key: aws.String(key), Value: aws.String("blue")}}})
			return err
		}
		noErr(t, tag("team"))
		wantErr(t, tag("owner"), "AccessDeniedException", "")
		_, err := r.adminC.UntagResource(ctx(t), &organizations.UntagResourceInput{ResourceId: aws.String(r.member), TagKeys: []string{"team"}})
		noErr(t, err)
		// The tag is gone: aws:ResourceTag/team no longer matches.
		_, err = r.adminC.UntagResource(ctx(t), &organizations.UntagResourceInput{ResourceId: aws.String(r.member), TagKeys: []string{"team"}})
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("deleting the delegation policy ends the grants", func(t *testing.T) {
		r.put(t, rpGrant(r.admin, "organizations:CreatePolicy", "*", ""))
		_, err := rpCreatePolicy(t, r.adminC, "admin-8", types.PolicyTypeBackupPolicy)
		noErr(t, err)
		_, err = r.c.DeleteResourcePolicy(ctx(t), &organizations.DeleteResourcePolicyInput{})
		noErr(t, err)
		_, err = rpCreatePolicy(t, r.adminC, "admin-9", types.PolicyTypeBackupPolicy)
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("deregistering a service's administrator leaves the policy's grant", func(t *testing.T) {
		r.put(t, rpGrant(r.admin, "organizations:CreatePolicy", "*", ""))
		_, err := r.c.DeregisterDelegatedAdministrator(ctx(t), &organizations.DeregisterDelegatedAdministratorInput{AccountId: aws.String(r.admin), ServicePrincipal: aws.String("guardduty.amazonaws.com")})
		noErr(t, err)
		_, err = rpCreatePolicy(t, r.adminC, "admin-10", types.PolicyTypeBackupPolicy)
		noErr(t, err)
		_, err = r.c.DeleteResourcePolicy(ctx(t), &organizations.DeleteResourcePolicyInput{})
		noErr(t, err)
		_, err = rpCreatePolicy(t, r.adminC, "admin-11", types.PolicyTypeBackupPolicy)
		wantErr(t, err, "AccessDeniedException", "")
	})
}

// A role principal names the role's sessions, in strict authentication
// where callers are IAM identities.
func TestResourcePolicyRolePrincipal(t *testing.T) {
	t.Parallel()
	s := startStrict(t)
	mgmt := s.newIdentity(t, "management")
	mc := s.orgs(static(mgmt.key))
	_, err := mc.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{})
	noErr(t, err)
	o := &testOrg{c: mc}
	ca, err := mc.CreateAccount(ctx(t), &organizations.CreateAccountInput{AccountName: aws.String("delegate"), Email: aws.String("delegate@example.com")})
	noErr(t, err)
	admin := *o.waitCreate(t, *ca.CreateAccountStatus.Id).AccountId
	o.svcEnable(t, "guardduty.amazonaws.com")
	o.svcRegister(t, admin, "guardduty.amazonaws.com")
	ar, err := s.sts(static(mgmt.key)).AssumeRole(ctx(t), &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + admin + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("delegate")})
	noErr(t, err)
	ac := s.orgs(credentials.NewStaticCredentialsProvider(*ar.Credentials.AccessKeyId, *ar.Credentials.SecretAccessKey, *ar.Credentials.SessionToken))

	tests := []struct {
		principal string
		allowed   bool
	}{
		{"arn:aws:iam::" + admin + ":role/OrganizationAccountAccessRole", true},
		{"arn:aws:iam::" + admin + ":role/some/path/OrganizationAccountAccessRole", true},
		{"arn:aws:iam::" + admin + ":root", true},
		{"arn:aws:iam::" + admin + ":role/Other", false},
		{"arn:aws:iam::" + admin + ":user/OrganizationAccountAccessRole", false},
		{"arn:aws:iam::" + mgmt.account + ":role/OrganizationAccountAccessRole", false},
	}
	for i, tt := range tests {
		_, err := mc.PutResourcePolicy(ctx(t), &organizations.PutResourcePolicyInput{Content: aws.String(rpDoc(map[string]any{
			"Effect": "Allow", "Principal": map[string]any{"AWS": tt.principal}, "Action": "organizations:CreatePolicy", "Resource": "*"}))})
		noErr(t, err)
		_, err = rpCreatePolicy(t, ac, "role-"+strconv.Itoa(i), types.PolicyTypeTagPolicy)
		if tt.allowed {
			noErr(t, err)
		} else {
			wantErr(t, err, "AccessDeniedException", "")
		}
	}
}
