package apitest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"canopy/engine"
)

// policyTypes are the 13 policy types of the service model (the SDK knows
// newer ones the model Canopy serves does not).
var policyTypes = []types.PolicyType{
	types.PolicyTypeServiceControlPolicy,
	types.PolicyTypeResourceControlPolicy,
	types.PolicyTypeTagPolicy,
	types.PolicyTypeBackupPolicy,
	types.PolicyTypeAiservicesOptOutPolicy,
	types.PolicyTypeChatbotPolicy,
	types.PolicyTypeDeclarativePolicyEc2,
	types.PolicyTypeSecurityhubPolicy,
	types.PolicyTypeInspectorPolicy,
	types.PolicyTypeUpgradeRolloutPolicy,
	types.PolicyTypeBedrockPolicy,
	types.PolicyTypeS3Policy,
	types.PolicyTypeNetworkSecurityDirectorPolicy,
}

// policyDocs holds a well-formed document of each type, written as the AWS
// user guide's syntax pages show them (indentation and line breaks kept, so
// tests see that Content comes back byte for byte).
var policyDocs = map[types.PolicyType]string{
	types.PolicyTypeServiceControlPolicy: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "s3:DeleteBucket",
      "Resource": "*"
    }
  ]
}`,
	types.PolicyTypeResourceControlPolicy: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": "*",
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}`,
	types.PolicyTypeTagPolicy: `{
    "tags": {
        "costcenter": {
            "tag_key": {"@@assign": "CostCenter"},
            "tag_value": {"@@assign": ["100", "200"]}
        }
    }
}`,
	types.PolicyTypeBackupPolicy: `{"plans": {"daily": {
  "regions": {"@@assign": ["us-east-1"]},
  "rules": {"daily": {"schedule_expression": {"@@assign": "cron(0 5 ? * * *)"}, "target_backup_vault_name": {"@@assign": "Default"}}},
  "selections": {"tags": {"sel": {"iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/Backup"}, "tag_key": {"@@assign": "backup"}, "tag_value": {"@@assign": ["daily"]}}}}
}}}`,
	types.PolicyTypeAiservicesOptOutPolicy:        `{"services": {"default": {"opt_out_policy": {"@@assign": "optOut"}}}}`,
	types.PolicyTypeChatbotPolicy:                 `{"chatbot": {"platforms": {"slack": {"client": {"@@assign": "disabled"}}}}}`,
	types.PolicyTypeDeclarativePolicyEc2:          `{"ec2_attributes": {"vpc_block_public_access": {"internet_gateway_block": {"mode": {"@@assign": "block_ingress"}}}}}`,
	types.PolicyTypeSecurityhubPolicy:             `{"securityhub": {"enable_in_regions": {"@@assign": ["ALL_SUPPORTED"]}, "disable_in_regions": {"@@assign": []}}}`,
	types.PolicyTypeInspectorPolicy:               `{"inspector": {"enablement": {"ec2_scanning": {"enable_in_regions": {"@@assign": ["us-east-1"]}, "disable_in_regions": {"@@assign": []}}}}}`,
	types.PolicyTypeUpgradeRolloutPolicy:          `{"upgrade_rollout": {"default": {"patch_order": {"@@assign": "first"}}}}`,
	types.PolicyTypeBedrockPolicy:                 `{"bedrock": {"guardrail_inference": {"us-east-1": {"config_1": {"identifier": {"@@assign": "arn:aws:bedrock:us-east-1:111111111111:guardrail/abc123:1"}}}}}}`,
	types.PolicyTypeS3Policy:                      `{"s3_attributes": {"public_access_block_configuration": {"@@assign": "all"}}}`,
	types.PolicyTypeNetworkSecurityDirectorPolicy: `{"network_security_director": {"enablement": {"network_security_scan": {"enable_in_regions": {"@@assign": ["us-east-1"]}, "disable_in_regions": {"@@assign": []}}}}}`,
}

// policySizeLimits are AWS's document size limits in characters
// (orgs_reference_limits.html; SCP raised to 10,240 in 2026).
var policySizeLimits = map[types.PolicyType]int{
	types.PolicyTypeServiceControlPolicy:   10240,
	types.PolicyTypeResourceControlPolicy:  5120,
	types.PolicyTypeAiservicesOptOutPolicy: 2500,
}

func policySizeLimit(pt types.PolicyType) int {
	if n, ok := policySizeLimits[pt]; ok {
		return n
	}
	return 10000
}

// policyPad pads a document with trailing white space (valid JSON, and
// counted by AWS for documents sent through the API) to n characters.
func policyPad(t *testing.T, doc string, n int) string {
	t.Helper()
	k := utf8.RuneCountInString(doc)
	if k > n {
		t.Fatalf("document of %d characters is longer than %d", k, n)
	}
	return doc + strings.Repeat(" ", n-k)
}

var policyIDPattern = regexp.MustCompile(`^p-[0-9a-zA-Z_]{8,128}$`)

// policyCreate creates a customer policy and returns its ID.
func (o *testOrg) policyCreate(t *testing.T, pt types.PolicyType, name string) string {
	t.Helper()
	out, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
		Name: aws.String(name), Description: aws.String("test " + name), Type: pt, Content: aws.String(policyDocs[pt]),
	})
	noErr(t, err)
	return *out.Policy.PolicySummary.Id
}

// policyEnable enables a policy type in the root.
func (o *testOrg) policyEnable(t *testing.T, pt types.PolicyType) {
	t.Helper()
	_, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: pt})
	noErr(t, err)
}

func (o *testOrg) policyAttach(t *testing.T, policyID, target string) {
	t.Helper()
	_, err := o.c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: aws.String(policyID), TargetId: aws.String(target)})
	noErr(t, err)
}

func (o *testOrg) policyDetach(policyID, target string, t *testing.T) error {
	_, err := o.c.DetachPolicy(ctx(t), &organizations.DetachPolicyInput{PolicyId: aws.String(policyID), TargetId: aws.String(target)})
	return err
}

// policyIDsFor lists, through the SDK paginator, the IDs of the policies of
// one type attached directly to a target, in the order the service gives.
func (o *testOrg) policyIDsFor(t *testing.T, target string, pt types.PolicyType, pageSize int32) []string {
	t.Helper()
	p := organizations.NewListPoliciesForTargetPaginator(o.c, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(target), Filter: pt},
		func(po *organizations.ListPoliciesForTargetPaginatorOptions) { po.Limit = pageSize })
	var got []string
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		noErr(t, err)
		for _, s := range out.Policies {
			got = append(got, *s.Id)
		}
	}
	return got
}

// policyOtherOrg creates a second organization, managed by otherID, with
// SCPs enabled, an OU and a policy of its own.
type policyOther struct {
	*testOrg
	ouID, policyID string
}

func policyOtherOrg(t *testing.T, e *env) *policyOther {
	t.Helper()
	c := e.client(otherID)
	out, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetAll})
	noErr(t, err)
	roots, err := c.ListRoots(ctx(t), &organizations.ListRootsInput{})
	noErr(t, err)
	o := &testOrg{c: c, org: out.Organization, rootID: *roots.Roots[0].Id}
	o.policyEnable(t, types.PolicyTypeServiceControlPolicy)
	return &policyOther{testOrg: o, ouID: o.createOU(t, o.rootID, "OtherOU"), policyID: o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "OtherPolicy")}
}

func TestPolicyCreateEveryType(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	for _, pt := range policyTypes {
		t.Run(string(pt), func(t *testing.T) {
			name := "Policy-" + strings.ToLower(string(pt))
			out, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
				Name: aws.String(name), Description: aws.String("About " + name), Type: pt, Content: aws.String(policyDocs[pt]),
			})
			noErr(t, err)
			s := out.Policy.PolicySummary
			if !policyIDPattern.MatchString(*s.Id) {
				t.Errorf("got Id %s, want one matching %s", *s.Id, policyIDPattern)
			}
			wantArn := fmt.Sprintf("arn:aws:organizations::%s:policy/%s/%s/%s", mgmtID, *o.org.Id, strings.ToLower(string(pt)), *s.Id)
			if got := aws.ToString(s.Arn); got != wantArn {
				t.Errorf("got Arn %s, want %s", got, wantArn)
			}
			if aws.ToString(s.Name) != name || aws.ToString(s.Description) != "About "+name || s.Type != pt || s.AwsManaged {
				t.Errorf("got summary %+v, want Name %s, Description %q, Type %s, AwsManaged false", s, name, "About "+name, pt)
			}
			if got := aws.ToString(out.Policy.Content); got != policyDocs[pt] {
				t.Errorf("got Content %q, want %q byte for byte", got, policyDocs[pt])
			}
			d, err := o.c.DescribePolicy(ctx(t), &organizations.DescribePolicyInput{PolicyId: s.Id})
			noErr(t, err)
			if got := aws.ToString(d.Policy.Content); got != policyDocs[pt] {
				t.Errorf("got described Content %q, want %q", got, policyDocs[pt])
			}
			if got := aws.ToString(d.Policy.PolicySummary.Arn); got != wantArn {
				t.Errorf("got described Arn %s, want %s", got, wantArn)
			}
		})
	}
}

func TestPolicyCreateMalformedDocument(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	for i, content := range []string{
		"not json",
		"{",
		`{"Version": "2012-10-17",}`,
		`{"a": 1} {"b": 2}`,
		"[]",
		`[{"Effect": "Allow"}]`,
		`"a string"`,
		"42",
		"true",
		"null",
	} {
		t.Run(fmt.Sprintf("%d_%s", i, content), func(t *testing.T) {
			_, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
				Name: aws.String(fmt.Sprintf("bad-%d", i)), Description: aws.String(""), Type: types.PolicyTypeServiceControlPolicy, Content: aws.String(content),
			})
			wantErr(t, err, "MalformedPolicyDocumentException", "")
		})
	}
	list, err := o.c.ListPolicies(ctx(t), &organizations.ListPoliciesInput{Filter: types.PolicyTypeServiceControlPolicy})
	noErr(t, err)
	if len(list.Policies) != 1 || *list.Policies[0].Id != "p-FullAWSAccess" {
		t.Errorf("got %d policies after refused creates, want only p-FullAWSAccess", len(list.Policies))
	}
}

func TestPolicyContentSizeLimit(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	for _, pt := range policyTypes {
		limit := policySizeLimit(pt)
		for _, tc := range []struct {
			name string
			size int
			ok   bool
		}{
			{"at_limit", limit, true},
			{"one_over", limit + 1, false},
		} {
			t.Run(string(pt)+"/"+tc.name, func(t *testing.T) {
				content := policyPad(t, policyDocs[pt], tc.size)
				out, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
					Name: aws.String("size-" + tc.name), Description: aws.String(""), Type: pt, Content: aws.String(content),
				})
				if !tc.ok {
					wantErr(t, err, "ConstraintViolationException", "POLICY_CONTENT_LIMIT_EXCEEDED")
					return
				}
				noErr(t, err)
				if got := aws.ToString(out.Policy.Content); got != content {
					t.Errorf("got Content of %d characters, want the %d sent, white space included", utf8.RuneCountInString(got), tc.size)
				}
			})
		}
	}

	// AWS counts characters, not bytes: a document of exactly the limit in
	// characters but about twice that in UTF-8 bytes is accepted.
	multi := []struct {
		pt     types.PolicyType
		prefix string
		suffix string
	}{
		{types.PolicyTypeServiceControlPolicy, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"`, `"}}}]}`},
		{types.PolicyTypeResourceControlPolicy, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"`, `"}}}]}`},
		{types.PolicyTypeTagPolicy, `{"tags":{"team":{"tag_key":{"@@assign":"Team"},"tag_value":{"@@assign":["`, `"]}}}}`},
	}
	for _, m := range multi {
		limit := policySizeLimit(m.pt)
		fill := limit - utf8.RuneCountInString(m.prefix+m.suffix)
		for _, tc := range []struct {
			name string
			fill int
			ok   bool
		}{
			{"multibyte_at_limit", fill, true},
			{"multibyte_one_over", fill + 1, false},
		} {
			t.Run(string(m.pt)+"/"+tc.name, func(t *testing.T) {
				content := m.prefix + strings.Repeat("é", tc.fill) + m.suffix
				_, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
					Name: aws.String("utf8-" + tc.name), Description: aws.String(""), Type: m.pt, Content: aws.String(content),
				})
				if tc.ok {
					noErr(t, err)
				} else {
					wantErr(t, err, "ConstraintViolationException", "POLICY_CONTENT_LIMIT_EXCEEDED")
				}
			})
		}
	}
}

func TestPolicyCreateDuplicateName(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "Shared")
	for _, tc := range []struct {
		name string
		pt   types.PolicyType
		code string
	}{
		{"same_name_same_type", types.PolicyTypeServiceControlPolicy, "DuplicatePolicyException"},
		{"same_name_other_type", types.PolicyTypeTagPolicy, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
				Name: aws.String("Shared"), Description: aws.String(""), Type: tc.pt, Content: aws.String(policyDocs[tc.pt]),
			})
			if tc.code == "" {
				noErr(t, err)
			} else {
				wantErr(t, err, tc.code, "")
			}
		})
	}
	// Another organization may use the same name.
	other := policyOtherOrg(t, e)
	_, err := other.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
		Name: aws.String("Shared"), Description: aws.String(""), Type: types.PolicyTypeServiceControlPolicy, Content: aws.String(policyDocs[types.PolicyTypeServiceControlPolicy]),
	})
	noErr(t, err)
}

func TestPolicyNumberLimit(t *testing.T) {
	t.Parallel()
	e := start(t, withEngine(func(c *engine.Config) {
		// Only the per-organization count is lowered; the type's other
		// limits keep their defaults.
		c.Quotas.Policies = map[string]engine.PolicyLimits{"TAG_POLICY": {MaxPerOrg: 2}}
	}))
	o := e.newOrg(t)
	first := o.policyCreate(t, types.PolicyTypeTagPolicy, "tag-1")
	o.policyCreate(t, types.PolicyTypeTagPolicy, "tag-2")
	create := func(pt types.PolicyType, name string) error {
		_, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
			Name: aws.String(name), Description: aws.String(""), Type: pt, Content: aws.String(policyDocs[pt]),
		})
		return err
	}
	t.Run("third_refused", func(t *testing.T) {
		wantErr(t, create(types.PolicyTypeTagPolicy, "tag-3"), "ConstraintViolationException", "POLICY_NUMBER_LIMIT_EXCEEDED")
	})
	t.Run("other_type_unaffected", func(t *testing.T) {
		noErr(t, create(types.PolicyTypeBackupPolicy, "backup-1"))
	})
	t.Run("default_size_limit_kept", func(t *testing.T) {
		_, err := o.c.UpdatePolicy(ctx(t), &organizations.UpdatePolicyInput{PolicyId: aws.String(first), Content: aws.String(policyPad(t, policyDocs[types.PolicyTypeTagPolicy], 10001))})
		wantErr(t, err, "ConstraintViolationException", "POLICY_CONTENT_LIMIT_EXCEEDED")
	})
	t.Run("after_delete_allowed", func(t *testing.T) {
		_, err := o.c.DeletePolicy(ctx(t), &organizations.DeletePolicyInput{PolicyId: aws.String(first)})
		noErr(t, err)
		noErr(t, create(types.PolicyTypeTagPolicy, "tag-3"))
	})
}

func TestPolicyConsolidatedBillingOrganization(t *testing.T) {
	t.Parallel()
	e := start(t)
	c := e.client(mgmtID)
	_, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetConsolidatedBilling})
	noErr(t, err)
	for _, pt := range []types.PolicyType{types.PolicyTypeServiceControlPolicy, types.PolicyTypeResourceControlPolicy, types.PolicyTypeTagPolicy, types.PolicyTypeBackupPolicy} {
		t.Run(string(pt), func(t *testing.T) {
			_, err := c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
				Name: aws.String("p"), Description: aws.String(""), Type: pt, Content: aws.String(policyDocs[pt]),
			})
			wantErr(t, err, "PolicyTypeNotAvailableForOrganizationException", "")
		})
	}
}

func TestPolicyDescribe(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	other := policyOtherOrg(t, e)
	for _, tc := range []struct {
		name, id, code string
	}{
		{"unknown", "p-abcdefgh12", "PolicyNotFoundException"},
		{"other_org", other.policyID, "PolicyNotFoundException"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := o.c.DescribePolicy(ctx(t), &organizations.DescribePolicyInput{PolicyId: aws.String(tc.id)})
			wantErr(t, err, tc.code, "")
		})
	}
	for _, tc := range []struct {
		id, name, desc, typ, arn string
	}{
		{"p-FullAWSAccess", "FullAWSAccess", "Allows access to every operation", "SERVICE_CONTROL_POLICY",
			"arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"},
		{"p-RCPFullAWSAccess", "RCPFullAWSAccess", "Allows access to every resource", "RESOURCE_CONTROL_POLICY",
			"arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess"},
	} {
		t.Run("managed/"+tc.id, func(t *testing.T) {
			// Visible to every organization, whether or not the type is enabled.
			for _, c := range []*organizations.Client{o.c, other.c} {
				d, err := c.DescribePolicy(ctx(t), &organizations.DescribePolicyInput{PolicyId: aws.String(tc.id)})
				noErr(t, err)
				s := d.Policy.PolicySummary
				if *s.Id != tc.id || *s.Name != tc.name || aws.ToString(s.Description) != tc.desc || string(s.Type) != tc.typ || !s.AwsManaged || aws.ToString(s.Arn) != tc.arn {
					t.Errorf("got %+v (Arn %s), want %s %s %q %s AwsManaged %s", s, aws.ToString(s.Arn), tc.id, tc.name, tc.desc, tc.typ, tc.arn)
				}
				var doc struct {
					Version   string
					Statement []struct{ Effect, Action, Resource string }
				}
				if err := json.Unmarshal([]byte(aws.ToString(d.Policy.Content)), &doc); err != nil {
					t.Fatalf("got Content %q: %v, want a JSON policy", aws.ToString(d.Policy.Content), err)
				}
				if doc.Version != "2012-10-17" || len(doc.Statement) != 1 || doc.Statement[0] != (struct{ Effect, Action, Resource string }{"Allow", "*", "*"}) {
					t.Errorf("got document %+v, want one statement allowing * on *", doc)
				}
			}
		})
	}
}

func TestPolicyUpdate(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	scp := types.PolicyTypeServiceControlPolicy
	newDoc := "{\n\t\"Version\": \"2012-10-17\",\n\t\"Statement\": {\"Effect\": \"Deny\", \"Action\": \"ec2:*\", \"Resource\": \"*\"}\n}\n"
	for _, tc := range []struct {
		name               string
		in                 organizations.UpdatePolicyInput
		wantName, wantDesc string
		wantContent        string
	}{
		{"nothing", organizations.UpdatePolicyInput{}, "orig", "test orig", policyDocs[scp]},
		{"name_only", organizations.UpdatePolicyInput{Name: aws.String("renamed")}, "renamed", "test orig", policyDocs[scp]},
		{"description_only", organizations.UpdatePolicyInput{Description: aws.String("new words")}, "orig", "new words", policyDocs[scp]},
		{"description_cleared", organizations.UpdatePolicyInput{Description: aws.String("")}, "orig", "", policyDocs[scp]},
		{"content_only", organizations.UpdatePolicyInput{Content: aws.String(newDoc)}, "orig", "test orig", newDoc},
		{"same_name", organizations.UpdatePolicyInput{Name: aws.String("orig")}, "orig", "test orig", policyDocs[scp]},
		{"all", organizations.UpdatePolicyInput{Name: aws.String("n2"), Description: aws.String("d2"), Content: aws.String(newDoc)}, "n2", "d2", newDoc},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := o.policyCreate(t, scp, "orig")
			t.Cleanup(func() { o.c.DeletePolicy(ctx(t), &organizations.DeletePolicyInput{PolicyId: aws.String(id)}) })
			in := tc.in
			in.PolicyId = aws.String(id)
			out, err := o.c.UpdatePolicy(ctx(t), &in)
			noErr(t, err)
			d, err := o.c.DescribePolicy(ctx(t), &organizations.DescribePolicyInput{PolicyId: aws.String(id)})
			noErr(t, err)
			for _, p := range []*types.Policy{out.Policy, d.Policy} {
				s := p.PolicySummary
				if *s.Name != tc.wantName || aws.ToString(s.Description) != tc.wantDesc || aws.ToString(p.Content) != tc.wantContent || s.Type != scp || *s.Id != id {
					t.Errorf("got %s %q %q %s, want %s %q %q %s", *s.Name, aws.ToString(s.Description), aws.ToString(p.Content), s.Type, tc.wantName, tc.wantDesc, tc.wantContent, scp)
				}
			}
		})
	}

	rcp := o.policyCreate(t, types.PolicyTypeResourceControlPolicy, "rcp")
	target := o.policyCreate(t, scp, "target")
	o.policyCreate(t, scp, "taken")
	o.policyCreate(t, types.PolicyTypeTagPolicy, "tag-name")
	other := policyOtherOrg(t, e)
	for _, tc := range []struct {
		name         string
		in           organizations.UpdatePolicyInput
		code, reason string
	}{
		{"managed_scp", organizations.UpdatePolicyInput{PolicyId: aws.String("p-FullAWSAccess"), Name: aws.String("x")}, "InvalidInputException", "IMMUTABLE_POLICY"},
		{"managed_rcp", organizations.UpdatePolicyInput{PolicyId: aws.String("p-RCPFullAWSAccess"), Content: aws.String("{}")}, "InvalidInputException", "IMMUTABLE_POLICY"},
		{"unknown", organizations.UpdatePolicyInput{PolicyId: aws.String("p-abcdefgh12"), Name: aws.String("x")}, "PolicyNotFoundException", ""},
		{"other_org", organizations.UpdatePolicyInput{PolicyId: aws.String(other.policyID), Name: aws.String("x")}, "PolicyNotFoundException", ""},
		{"rename_to_taken", organizations.UpdatePolicyInput{PolicyId: aws.String(target), Name: aws.String("taken")}, "DuplicatePolicyException", ""},
		{"content_not_json", organizations.UpdatePolicyInput{PolicyId: aws.String(target), Content: aws.String("{nope")}, "MalformedPolicyDocumentException", ""},
		{"content_array", organizations.UpdatePolicyInput{PolicyId: aws.String(target), Content: aws.String("[]")}, "MalformedPolicyDocumentException", ""},
		{"scp_content_over_limit", organizations.UpdatePolicyInput{PolicyId: aws.String(target), Content: aws.String(policyPad(t, policyDocs[scp], 10241))}, "ConstraintViolationException", "POLICY_CONTENT_LIMIT_EXCEEDED"},
		{"rcp_content_over_limit", organizations.UpdatePolicyInput{PolicyId: aws.String(rcp), Content: aws.String(policyPad(t, policyDocs[types.PolicyTypeResourceControlPolicy], 5121))}, "ConstraintViolationException", "POLICY_CONTENT_LIMIT_EXCEEDED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := o.c.UpdatePolicy(ctx(t), &tc.in)
			wantErr(t, err, tc.code, tc.reason)
		})
	}
	t.Run("refused_update_changes_nothing", func(t *testing.T) {
		d, err := o.c.DescribePolicy(ctx(t), &organizations.DescribePolicyInput{PolicyId: aws.String(target)})
		noErr(t, err)
		if *d.Policy.PolicySummary.Name != "target" || *d.Policy.Content != policyDocs[scp] {
			t.Errorf("got %s %q, want target and its original content", *d.Policy.PolicySummary.Name, *d.Policy.Content)
		}
	})
	t.Run("rename_to_name_of_other_type", func(t *testing.T) {
		_, err := o.c.UpdatePolicy(ctx(t), &organizations.UpdatePolicyInput{PolicyId: aws.String(target), Name: aws.String("tag-name")})
		noErr(t, err)
	})
	t.Run("rcp_content_at_limit", func(t *testing.T) {
		_, err := o.c.UpdatePolicy(ctx(t), &organizations.UpdatePolicyInput{PolicyId: aws.String(rcp), Content: aws.String(policyPad(t, policyDocs[types.PolicyTypeResourceControlPolicy], 5120))})
		noErr(t, err)
	})
}

func TestPolicyDelete(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	o.policyEnable(t, types.PolicyTypeServiceControlPolicy)
	ou := o.createOU(t, o.rootID, "Prod")
	id := o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "deny-s3")
	o.policyAttach(t, id, ou)
	other := policyOtherOrg(t, e)
	del := func(id string) error {
		_, err := o.c.DeletePolicy(ctx(t), &organizations.DeletePolicyInput{PolicyId: aws.String(id)})
		return err
	}
	for _, tc := range []struct {
		name, id, code, reason string
	}{
		{"attached", id, "PolicyInUseException", ""},
		{"managed_scp", "p-FullAWSAccess", "InvalidInputException", "IMMUTABLE_POLICY"},
		{"managed_rcp", "p-RCPFullAWSAccess", "InvalidInputException", "IMMUTABLE_POLICY"},
		{"unknown", "p-abcdefgh12", "PolicyNotFoundException", ""},
		{"other_org", other.policyID, "PolicyNotFoundException", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, del(tc.id), tc.code, tc.reason)
		})
	}
	t.Run("after_detach", func(t *testing.T) {
		noErr(t, o.policyDetach(id, ou, t))
		noErr(t, del(id))
		_, err := o.c.DescribePolicy(ctx(t), &organizations.DescribePolicyInput{PolicyId: aws.String(id)})
		wantErr(t, err, "PolicyNotFoundException", "")
		wantErr(t, del(id), "PolicyNotFoundException", "")
		// The name is free again.
		o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "deny-s3")
	})
	t.Run("other_org_policy_untouched", func(t *testing.T) {
		_, err := other.c.DescribePolicy(ctx(t), &organizations.DescribePolicyInput{PolicyId: aws.String(other.policyID)})
		noErr(t, err)
	})
}

func TestPolicyAttachErrors(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	acct := o.createAccount(t, "alpha")
	ou := o.createOU(t, o.rootID, "Prod")
	other := policyOtherOrg(t, e)
	scp := o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "scp")
	tag := o.policyCreate(t, types.PolicyTypeTagPolicy, "tag")
	o.policyEnable(t, types.PolicyTypeServiceControlPolicy)
	o.policyAttach(t, scp, ou)
	for _, tc := range []struct {
		name, policy, target, code string
	}{
		{"type_not_enabled", tag, ou, "PolicyTypeNotEnabledException"},
		{"managed_type_not_enabled", "p-RCPFullAWSAccess", ou, "PolicyTypeNotEnabledException"},
		{"duplicate", scp, ou, "DuplicatePolicyAttachmentException"},
		{"duplicate_default", "p-FullAWSAccess", acct, "DuplicatePolicyAttachmentException"},
		{"unknown_account", scp, "999999999999", "TargetNotFoundException"},
		{"unknown_ou", scp, strings.Replace(ou, ou[len(ou)-8:], "zzzzzzzz", 1), "TargetNotFoundException"},
		{"unknown_root", scp, "r-zzzz", "TargetNotFoundException"},
		{"other_org_account", scp, otherID, "TargetNotFoundException"},
		{"other_org_ou", scp, other.ouID, "TargetNotFoundException"},
		{"other_org_root", scp, other.rootID, "TargetNotFoundException"},
		{"unknown_policy", "p-abcdefgh12", ou, "PolicyNotFoundException"},
		{"other_org_policy", other.policyID, ou, "PolicyNotFoundException"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := o.c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: aws.String(tc.policy), TargetId: aws.String(tc.target)})
			wantErr(t, err, tc.code, "")
		})
	}
	t.Run("after_enable", func(t *testing.T) {
		o.policyEnable(t, types.PolicyTypeTagPolicy)
		for _, target := range []string{o.rootID, ou, acct, mgmtID} {
			o.policyAttach(t, tag, target)
		}
	})
}

func TestPolicyAttachLimits(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	acct := o.createAccount(t, "alpha")
	ou := o.createOU(t, o.rootID, "Prod")
	for _, tc := range []struct {
		pt     types.PolicyType
		target string
		// customer is how many customer policies fit beside the default.
		customer int
	}{
		// FullAWSAccess takes one of the 10 SCP slots.
		{types.PolicyTypeServiceControlPolicy, acct, 9},
		{types.PolicyTypeServiceControlPolicy, o.rootID, 9},
		// RCPFullAWSAccess takes one of the 5 RCP slots.
		{types.PolicyTypeResourceControlPolicy, ou, 4},
		{types.PolicyTypeAiservicesOptOutPolicy, o.rootID, 5},
		{types.PolicyTypeChatbotPolicy, acct, 5},
		{types.PolicyTypeTagPolicy, ou, 10},
		{types.PolicyTypeBackupPolicy, acct, 10},
	} {
		t.Run(fmt.Sprintf("%s/%s", tc.pt, tc.target), func(t *testing.T) {
			root, err := o.c.ListRoots(ctx(t), &organizations.ListRootsInput{})
			noErr(t, err)
			if !slices.ContainsFunc(root.Roots[0].PolicyTypes, func(s types.PolicyTypeSummary) bool { return s.Type == tc.pt }) {
				o.policyEnable(t, tc.pt)
			}
			base := len(o.policyIDsFor(t, tc.target, tc.pt, 20))
			var ids []string
			for i := range tc.customer + 1 {
				name := fmt.Sprintf("%s-%s-%d", strings.ToLower(string(tc.pt))[:6], tc.target, i)
				ids = append(ids, o.policyCreate(t, tc.pt, name))
			}
			for _, id := range ids[:tc.customer] {
				o.policyAttach(t, id, tc.target)
			}
			_, err = o.c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: aws.String(ids[tc.customer]), TargetId: aws.String(tc.target)})
			wantErr(t, err, "ConstraintViolationException", "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
			if got, want := len(o.policyIDsFor(t, tc.target, tc.pt, 3)), base+tc.customer; got != want {
				t.Errorf("got %d policies attached, want %d", got, want)
			}
		})
	}
}

func TestPolicyDetachRules(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	acct := o.createAccount(t, "alpha")
	ou := o.createOU(t, o.rootID, "Prod")
	o.policyEnable(t, types.PolicyTypeServiceControlPolicy)
	o.policyEnable(t, types.PolicyTypeResourceControlPolicy)
	o.policyEnable(t, types.PolicyTypeTagPolicy)
	scp := o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "replacement")
	rcp := o.policyCreate(t, types.PolicyTypeResourceControlPolicy, "deny-rcp")
	tag := o.policyCreate(t, types.PolicyTypeTagPolicy, "tags")
	other := policyOtherOrg(t, e)

	for _, target := range []string{acct, ou, o.rootID} {
		t.Run("last_scp/"+target, func(t *testing.T) {
			wantErr(t, o.policyDetach("p-FullAWSAccess", target, t), "ConstraintViolationException", "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
		})
		t.Run("replace_default/"+target, func(t *testing.T) {
			o.policyAttach(t, scp, target)
			noErr(t, o.policyDetach("p-FullAWSAccess", target, t))
			if got := o.policyIDsFor(t, target, types.PolicyTypeServiceControlPolicy, 20); !slices.Equal(got, []string{scp}) {
				t.Errorf("got %v, want [%s]", got, scp)
			}
			// The replacement is now the last one.
			wantErr(t, o.policyDetach(scp, target, t), "ConstraintViolationException", "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
		})
		t.Run("rcp_default_not_detachable/"+target, func(t *testing.T) {
			wantErr(t, o.policyDetach("p-RCPFullAWSAccess", target, t), "InvalidInputException", "NON_DETACHABLE_POLICY")
			o.policyAttach(t, rcp, target)
			// Even with another RCP attached.
			wantErr(t, o.policyDetach("p-RCPFullAWSAccess", target, t), "InvalidInputException", "NON_DETACHABLE_POLICY")
			noErr(t, o.policyDetach(rcp, target, t))
		})
		t.Run("no_minimum_for_management_types/"+target, func(t *testing.T) {
			o.policyAttach(t, tag, target)
			noErr(t, o.policyDetach(tag, target, t))
			if got := o.policyIDsFor(t, target, types.PolicyTypeTagPolicy, 20); len(got) != 0 {
				t.Errorf("got %v, want no tag policies", got)
			}
		})
	}
	for _, tc := range []struct {
		name, policy, target, code string
	}{
		{"not_attached", tag, acct, "PolicyNotAttachedException"},
		{"default_not_attached", "p-FullAWSAccess", acct, "PolicyNotAttachedException"},
		{"unknown_target", scp, "999999999999", "TargetNotFoundException"},
		{"other_org_ou", scp, other.ouID, "TargetNotFoundException"},
		{"other_org_root", "p-FullAWSAccess", other.rootID, "TargetNotFoundException"},
		{"unknown_policy", "p-abcdefgh12", acct, "PolicyNotFoundException"},
		{"other_org_policy", other.policyID, other.rootID, "PolicyNotFoundException"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, o.policyDetach(tc.policy, tc.target, t), tc.code, "")
		})
	}
}

func TestPolicyListPolicies(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	// Another organization's policies must not show.
	policyOtherOrg(t, e)
	var scps []string
	for i := range 7 {
		scps = append(scps, o.policyCreate(t, types.PolicyTypeServiceControlPolicy, fmt.Sprintf("scp-%d", i)))
	}
	rcp := o.policyCreate(t, types.PolicyTypeResourceControlPolicy, "rcp")
	tag := o.policyCreate(t, types.PolicyTypeTagPolicy, "tag")
	for _, tc := range []struct {
		pt       types.PolicyType
		pageSize int32
		want     []string
		managed  string
	}{
		{types.PolicyTypeServiceControlPolicy, 2, append(slices.Clone(scps), "p-FullAWSAccess"), "p-FullAWSAccess"},
		{types.PolicyTypeServiceControlPolicy, 20, append(slices.Clone(scps), "p-FullAWSAccess"), "p-FullAWSAccess"},
		{types.PolicyTypeResourceControlPolicy, 1, []string{rcp, "p-RCPFullAWSAccess"}, "p-RCPFullAWSAccess"},
		{types.PolicyTypeTagPolicy, 3, []string{tag}, ""},
		{types.PolicyTypeBackupPolicy, 3, nil, ""},
	} {
		t.Run(fmt.Sprintf("%s/page_%d", tc.pt, tc.pageSize), func(t *testing.T) {
			p := organizations.NewListPoliciesPaginator(o.c, &organizations.ListPoliciesInput{Filter: tc.pt},
				func(po *organizations.ListPoliciesPaginatorOptions) { po.Limit = tc.pageSize })
			var got []string
			for p.HasMorePages() {
				out, err := p.NextPage(ctx(t))
				noErr(t, err)
				if len(out.Policies) > int(tc.pageSize) {
					t.Fatalf("got a page of %d, want at most %d", len(out.Policies), tc.pageSize)
				}
				for _, s := range out.Policies {
					got = append(got, *s.Id)
					if s.Type != tc.pt {
						t.Errorf("got %s of type %s, want %s", *s.Id, s.Type, tc.pt)
					}
					if s.AwsManaged != (*s.Id == tc.managed) {
						t.Errorf("got %s AwsManaged %v, want %v", *s.Id, s.AwsManaged, *s.Id == tc.managed)
					}
				}
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tc.want))
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v (another organization's policies must not show)", got, want)
			}
		})
	}
}

func TestPolicyListPoliciesForTarget(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	o.policyEnable(t, types.PolicyTypeServiceControlPolicy)
	o.policyEnable(t, types.PolicyTypeTagPolicy)
	ou := o.createOU(t, o.rootID, "Prod")
	acct := o.createAccount(t, "alpha")
	a := o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "a")
	b := o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "b")
	c := o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "c")
	tag := o.policyCreate(t, types.PolicyTypeTagPolicy, "tag")
	// Attach in an order that differs from the IDs' and names' order.
	for _, id := range []string{c, a, b} {
		o.policyAttach(t, id, ou)
	}
	o.policyAttach(t, tag, ou)
	o.policyAttach(t, b, acct)
	other := policyOtherOrg(t, e)
	for _, tc := range []struct {
		name     string
		target   string
		pt       types.PolicyType
		pageSize int32
		want     []string
	}{
		{"ou_scps_in_attachment_order", ou, types.PolicyTypeServiceControlPolicy, 20, []string{"p-FullAWSAccess", c, a, b}},
		{"ou_scps_paged", ou, types.PolicyTypeServiceControlPolicy, 1, []string{"p-FullAWSAccess", c, a, b}},
		{"ou_tag_filter", ou, types.PolicyTypeTagPolicy, 20, []string{tag}},
		{"ou_backup_filter", ou, types.PolicyTypeBackupPolicy, 20, nil},
		{"account_direct_only", acct, types.PolicyTypeServiceControlPolicy, 20, []string{"p-FullAWSAccess", b}},
		{"root", o.rootID, types.PolicyTypeServiceControlPolicy, 20, []string{"p-FullAWSAccess"}},
		{"root_tag_inherited_not_listed", o.rootID, types.PolicyTypeTagPolicy, 20, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := o.policyIDsFor(t, tc.target, tc.pt, tc.pageSize); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("detach_then_reattach_goes_last", func(t *testing.T) {
		noErr(t, o.policyDetach(c, ou, t))
		o.policyAttach(t, c, ou)
		want := []string{"p-FullAWSAccess", a, b, c}
		if got := o.policyIDsFor(t, ou, types.PolicyTypeServiceControlPolicy, 2); !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	for _, tc := range []struct{ name, target string }{
		{"unknown_account", "999999999999"},
		{"other_org_ou", other.ouID},
		{"other_org_root", other.rootID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := o.c.ListPoliciesForTarget(ctx(t), &organizations.ListPoliciesForTargetInput{TargetId: aws.String(tc.target), Filter: types.PolicyTypeServiceControlPolicy})
			wantErr(t, err, "TargetNotFoundException", "")
		})
	}
}

func TestPolicyListTargetsForPolicy(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	o.policyEnable(t, types.PolicyTypeServiceControlPolicy)
	other := policyOtherOrg(t, e)
	ou := o.createOU(t, o.rootID, "Accounting")
	acct := o.createAccount(t, "DevTest")
	id := o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "targets")
	for _, target := range []string{o.rootID, ou, acct} {
		o.policyAttach(t, id, target)
	}
	arn := func(kind, id string) string {
		return fmt.Sprintf("arn:aws:organizations::%s:%s/%s/%s", mgmtID, kind, *o.org.Id, id)
	}
	want := map[string]types.PolicyTargetSummary{
		o.rootID: {TargetId: aws.String(o.rootID), Arn: aws.String(arn("root", o.rootID)), Name: aws.String("Root"), Type: types.TargetTypeRoot},
		ou:       {TargetId: aws.String(ou), Arn: aws.String(arn("ou", ou)), Name: aws.String("Accounting"), Type: types.TargetTypeOrganizationalUnit},
		acct:     {TargetId: aws.String(acct), Arn: aws.String(arn("account", acct)), Name: aws.String("DevTest"), Type: types.TargetTypeAccount},
	}
	check := func(t *testing.T, policy string, want map[string]types.PolicyTargetSummary) {
		t.Helper()
		out, err := o.c.ListTargetsForPolicy(ctx(t), &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(policy)})
		noErr(t, err)
		if len(out.Targets) != len(want) {
			t.Errorf("got %d targets, want %d", len(out.Targets), len(want))
		}
		for _, g := range out.Targets {
			w, ok := want[aws.ToString(g.TargetId)]
			if !ok {
				t.Errorf("got unexpected target %s", aws.ToString(g.TargetId))
				continue
			}
			if aws.ToString(g.Arn) != *w.Arn || aws.ToString(g.Name) != *w.Name || g.Type != w.Type {
				t.Errorf("got %s %s %s %s, want %s %s %s %s", *g.TargetId, aws.ToString(g.Arn), aws.ToString(g.Name), g.Type, *w.TargetId, *w.Arn, *w.Name, w.Type)
			}
		}
	}
	t.Run("customer_policy", func(t *testing.T) { check(t, id, want) })
	t.Run("default_policy_in_this_org_only", func(t *testing.T) {
		// The management account is a target too; the other organization's
		// root, OU and account are not.
		mgmt := types.PolicyTargetSummary{TargetId: aws.String(mgmtID), Arn: aws.String(arn("account", mgmtID)), Type: types.TargetTypeAccount}
		out, err := o.c.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String(mgmtID)})
		noErr(t, err)
		mgmt.Name = out.Account.Name
		w := map[string]types.PolicyTargetSummary{mgmtID: mgmt}
		for k, v := range want {
			w[k] = v
		}
		check(t, "p-FullAWSAccess", w)
	})
	t.Run("unattached", func(t *testing.T) {
		check(t, o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "lonely"), nil)
	})
	for _, tc := range []struct{ name, id string }{
		{"unknown", "p-abcdefgh12"},
		{"other_org", other.policyID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := o.c.ListTargetsForPolicy(ctx(t), &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(tc.id)})
			wantErr(t, err, "PolicyNotFoundException", "")
		})
	}
	t.Run("paged_25_targets_by_4", func(t *testing.T) {
		many := o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "many")
		wantIDs := []string{o.rootID}
		for i := range 24 {
			wantIDs = append(wantIDs, o.createOU(t, o.rootID, fmt.Sprintf("ou-%02d", i)))
		}
		for _, target := range wantIDs {
			o.policyAttach(t, many, target)
		}
		p := organizations.NewListTargetsForPolicyPaginator(o.c, &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(many)},
			func(po *organizations.ListTargetsForPolicyPaginatorOptions) { po.Limit = 4 })
		var got []string
		pages := 0
		for p.HasMorePages() {
			out, err := p.NextPage(ctx(t))
			noErr(t, err)
			pages++
			if len(out.Targets) > 4 {
				t.Fatalf("got a page of %d, want at most 4", len(out.Targets))
			}
			for _, g := range out.Targets {
				got = append(got, *g.TargetId)
			}
		}
		if pages != 7 {
			t.Errorf("got %d pages, want 7", pages)
		}
		slices.Sort(got)
		slices.Sort(wantIDs)
		if !slices.Equal(got, wantIDs) {
			t.Errorf("got %v, want %v", got, wantIDs)
		}
	})
}

func TestPolicyAccessDenied(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	o.policyEnable(t, types.PolicyTypeServiceControlPolicy)
	acct := o.createAccount(t, "member")
	id := o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "mgmt-only")
	member := e.client(acct)
	outsider := e.client("333333333333")
	for _, tc := range []struct {
		name string
		call func(c *organizations.Client) error
	}{
		{"CreatePolicy", func(c *organizations.Client) error {
			_, err := c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{Name: aws.String("m"), Description: aws.String(""), Type: types.PolicyTypeServiceControlPolicy, Content: aws.String(policyDocs[types.PolicyTypeServiceControlPolicy])})
			return err
		}},
		{"AttachPolicy", func(c *organizations.Client) error {
			_, err := c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(acct)})
			return err
		}},
		{"DetachPolicy", func(c *organizations.Client) error {
			_, err := c.DetachPolicy(ctx(t), &organizations.DetachPolicyInput{PolicyId: aws.String("p-FullAWSAccess"), TargetId: aws.String(acct)})
			return err
		}},
		{"UpdatePolicy", func(c *organizations.Client) error {
			_, err := c.UpdatePolicy(ctx(t), &organizations.UpdatePolicyInput{PolicyId: aws.String(id), Name: aws.String("x")})
			return err
		}},
		{"DeletePolicy", func(c *organizations.Client) error {
			_, err := c.DeletePolicy(ctx(t), &organizations.DeletePolicyInput{PolicyId: aws.String(id)})
			return err
		}},
		{"DescribePolicy", func(c *organizations.Client) error {
			_, err := c.DescribePolicy(ctx(t), &organizations.DescribePolicyInput{PolicyId: aws.String(id)})
			return err
		}},
		{"ListPolicies", func(c *organizations.Client) error {
			_, err := c.ListPolicies(ctx(t), &organizations.ListPoliciesInput{Filter: types.PolicyTypeServiceControlPolicy})
			return err
		}},
		{"ListPoliciesForTarget", func(c *organizations.Client) error {
			_, err := c.ListPoliciesForTarget(ctx(t), &organizations.ListPoliciesForTargetInput{TargetId: aws.String(acct), Filter: types.PolicyTypeServiceControlPolicy})
			return err
		}},
		{"ListTargetsForPolicy", func(c *organizations.Client) error {
			_, err := c.ListTargetsForPolicy(ctx(t), &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(id)})
			return err
		}},
	} {
		t.Run("member/"+tc.name, func(t *testing.T) {
			wantErr(t, tc.call(member), "AccessDeniedException", "")
		})
		t.Run("outside_any_org/"+tc.name, func(t *testing.T) {
			wantErr(t, tc.call(outsider), "AWSOrganizationsNotInUseException", "")
		})
	}
	// Nothing changed.
	if got := o.policyIDsFor(t, acct, types.PolicyTypeServiceControlPolicy, 20); !slices.Equal(got, []string{"p-FullAWSAccess"}) {
		t.Errorf("got %v attached to the member, want [p-FullAWSAccess]", got)
	}
}

func TestPolicyArnPartition(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	cn := e.clientIn(mgmtID, "cn-north-1")
	for _, tc := range []struct{ name, id, want string }{
		{"managed_scp", "p-FullAWSAccess", "arn:aws-cn:organizations::aws:policy/service_control_policy/p-FullAWSAccess"},
		{"managed_rcp", "p-RCPFullAWSAccess", "arn:aws-cn:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := cn.DescribePolicy(ctx(t), &organizations.DescribePolicyInput{PolicyId: aws.String(tc.id)})
			noErr(t, err)
			if got := aws.ToString(d.Policy.PolicySummary.Arn); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	t.Run("customer", func(t *testing.T) {
		out, err := cn.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{Name: aws.String("cn"), Description: aws.String(""),
			Type: types.PolicyTypeBackupPolicy, Content: aws.String(policyDocs[types.PolicyTypeBackupPolicy])})
		noErr(t, err)
		want := fmt.Sprintf("arn:aws-cn:organizations::%s:policy/%s/backup_policy/%s", mgmtID, *o.org.Id, *out.Policy.PolicySummary.Id)
		if got := aws.ToString(out.Policy.PolicySummary.Arn); got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})
}

func TestPolicyTypeDisableDetaches(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	ou := o.createOU(t, o.rootID, "Prod")
	o.policyEnable(t, types.PolicyTypeServiceControlPolicy)
	// The OU made before SCPs were enabled got the default when they were.
	if got := o.policyIDsFor(t, ou, types.PolicyTypeServiceControlPolicy, 20); !slices.Equal(got, []string{"p-FullAWSAccess"}) {
		t.Fatalf("got %v, want [p-FullAWSAccess]", got)
	}
	id := o.policyCreate(t, types.PolicyTypeServiceControlPolicy, "deny")
	o.policyAttach(t, id, ou)
	noErr(t, o.policyDetach("p-FullAWSAccess", ou, t))
	_, err := o.c.DisablePolicyType(ctx(t), &organizations.DisablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeServiceControlPolicy})
	noErr(t, err)
	t.Run("targets_gone", func(t *testing.T) {
		out, err := o.c.ListTargetsForPolicy(ctx(t), &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(id)})
		noErr(t, err)
		if len(out.Targets) != 0 {
			t.Errorf("got %d targets, want 0", len(out.Targets))
		}
	})
	t.Run("attach_refused", func(t *testing.T) {
		_, err := o.c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(ou)})
		wantErr(t, err, "PolicyTypeNotEnabledException", "")
	})
	t.Run("reenable_resets_to_default", func(t *testing.T) {
		o.policyEnable(t, types.PolicyTypeServiceControlPolicy)
		if got := o.policyIDsFor(t, ou, types.PolicyTypeServiceControlPolicy, 20); !slices.Equal(got, []string{"p-FullAWSAccess"}) {
			t.Errorf("got %v, want [p-FullAWSAccess]", got)
		}
	})
	t.Run("delete_now_allowed", func(t *testing.T) {
		_, err := o.c.DeletePolicy(ctx(t), &organizations.DeletePolicyInput{PolicyId: aws.String(id)})
		noErr(t, err)
	})
}
