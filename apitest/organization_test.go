package apitest

import (
	"regexp"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// Patterns of the service model (OrganizationId, RootId, OrganizationalUnitId)
// and the ARN formats of the API reference, for the aws partition.
var (
	orgouOrgIDRE  = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	orgouRootIDRE = regexp.MustCompile(`^r-[0-9a-z]{4,32}$`)
	orgouOUIDRE   = regexp.MustCompile(`^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`)
)

// orgouAllPolicyTypes are the 13 policy types of the service model.
var orgouAllPolicyTypes = []types.PolicyType{
	"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY",
	"AISERVICES_OPT_OUT_POLICY", "CHATBOT_POLICY", "DECLARATIVE_POLICY_EC2", "SECURITYHUB_POLICY",
	"INSPECTOR_POLICY", "UPGRADE_ROLLOUT_POLICY", "BEDROCK_POLICY", "S3_POLICY",
	"NETWORK_SECURITY_DIRECTOR_POLICY",
}

// orgouOtherOrg creates a second organization, managed by otherID, and
// returns it.
func orgouOtherOrg(t *testing.T, e *env) *testOrg {
	t.Helper()
	c := e.client(otherID)
	out, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{})
	noErr(t, err)
	roots, err := c.ListRoots(ctx(t), &organizations.ListRootsInput{})
	noErr(t, err)
	return &testOrg{c: c, org: out.Organization, rootID: *roots.Roots[0].Id}
}

// orgouPolicyIDs returns the IDs of the policies of one type attached
// directly to a target.
func orgouPolicyIDs(t *testing.T, c *organizations.Client, target string, pt types.PolicyType) []string {
	t.Helper()
	var ids []string
	p := organizations.NewListPoliciesForTargetPaginator(c, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(target), Filter: types.PolicyType(pt)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		noErr(t, err)
		for _, s := range out.Policies {
			ids = append(ids, *s.Id)
		}
	}
	return ids
}

// orgouEnabledTypes returns the policy types a root shows, sorted, each
// checked to have status ENABLED.
func orgouEnabledTypes(t *testing.T, r types.Root) []string {
	t.Helper()
	var got []string
	for _, p := range r.PolicyTypes {
		if p.Status != types.PolicyTypeStatusEnabled {
			t.Errorf("got status %s for %s, want ENABLED", p.Status, p.Type)
		}
		got = append(got, string(p.Type))
	}
	slices.Sort(got)
	return got
}

func TestOrganizationCreate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        types.OrganizationFeatureSet
		wantFS    types.OrganizationFeatureSet
		wantAvail []string
	}{
		// AWS: "By default (or if you set the FeatureSet parameter to ALL),
		// the new organization is created with all features enabled". The
		// deprecated AvailablePolicyTypes shows SCPs for an all-features
		// organization and nothing for consolidated billing (API reference
		// examples of CreateOrganization).
		{"DefaultIsAll", "", types.OrganizationFeatureSetAll, []string{"SERVICE_CONTROL_POLICY"}},
		{"All", types.OrganizationFeatureSetAll, types.OrganizationFeatureSetAll, []string{"SERVICE_CONTROL_POLICY"}},
		{"ConsolidatedBilling", types.OrganizationFeatureSetConsolidatedBilling, types.OrganizationFeatureSetConsolidatedBilling, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := start(t)
			c := e.client(mgmtID)
			out, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{FeatureSet: tt.in})
			noErr(t, err)
			o := out.Organization
			if o == nil || o.Id == nil {
				t.Fatalf("got %+v, want an organization", out.Organization)
			}
			id := *o.Id
			if !orgouOrgIDRE.MatchString(id) {
				t.Errorf("got Id %q, want a match of %s", id, orgouOrgIDRE)
			}
			checks := []struct{ field, got, want string }{
				{"Arn", aws.ToString(o.Arn), "arn:aws:organizations::" + mgmtID + ":organization/" + id},
				{"FeatureSet", string(o.FeatureSet), string(tt.wantFS)},
				{"MasterAccountId", aws.ToString(o.MasterAccountId), mgmtID},
				{"MasterAccountArn", aws.ToString(o.MasterAccountArn), "arn:aws:organizations::" + mgmtID + ":account/" + id + "/" + mgmtID},
			}
			for _, ck := range checks {
				if ck.got != ck.want {
					t.Errorf("%s: got %v, want %v", ck.field, ck.got, ck.want)
				}
			}
			if aws.ToString(o.MasterAccountEmail) == "" {
				t.Errorf("MasterAccountEmail: got %q, want an email", aws.ToString(o.MasterAccountEmail))
			}
			var avail []string
			for _, p := range o.AvailablePolicyTypes {
				avail = append(avail, string(p.Type))
				if p.Status != types.PolicyTypeStatusEnabled {
					t.Errorf("AvailablePolicyTypes %s: got status %s, want ENABLED", p.Type, p.Status)
				}
			}
			if !slices.Equal(avail, tt.wantAvail) {
				t.Errorf("AvailablePolicyTypes: got %v, want %v", avail, tt.wantAvail)
			}

			// DescribeOrganization shows the same organization.
			d, err := c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
			noErr(t, err)
			if aws.ToString(d.Organization.Id) != id || aws.ToString(d.Organization.Arn) != aws.ToString(o.Arn) ||
				d.Organization.FeatureSet != tt.wantFS || aws.ToString(d.Organization.MasterAccountEmail) != aws.ToString(o.MasterAccountEmail) {
				t.Errorf("describe: got %+v, want %+v", d.Organization, o)
			}
		})
	}
}

func TestOrganizationCreateAlreadyInOrganization(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	member := o.createAccount(t, "member")
	tests := []struct {
		name    string
		account string
		fs      types.OrganizationFeatureSet
	}{
		{"ManagementAgain", mgmtID, ""},
		{"ManagementConsolidatedBilling", mgmtID, types.OrganizationFeatureSetConsolidatedBilling},
		{"MemberAccount", member, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.client(tt.account).CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{FeatureSet: tt.fs})
			wantErr(t, err, "AlreadyInOrganizationException", "")
		})
	}
}

func TestOrganizationCreateInvalidFeatureSet(t *testing.T) {
	t.Parallel()
	e := start(t)
	_, err := e.client(mgmtID).CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{FeatureSet: "SOME"})
	wantErr(t, err, "InvalidInputException", "INVALID_ENUM")
	// Nothing was created.
	_, err = e.client(mgmtID).DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	wantErr(t, err, "AWSOrganizationsNotInUseException", "")
}

func TestOrganizationDescribe(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	member := o.createAccount(t, "member")
	want, err := o.c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	noErr(t, err)

	t.Run("MemberMayCall", func(t *testing.T) {
		// AWS: "You can call this operation from any account in a organization."
		got, err := e.client(member).DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
		noErr(t, err)
		g, w := got.Organization, want.Organization
		pairs := []struct{ field, got, want string }{
			{"Id", aws.ToString(g.Id), aws.ToString(w.Id)},
			{"Arn", aws.ToString(g.Arn), aws.ToString(w.Arn)},
			{"MasterAccountId", aws.ToString(g.MasterAccountId), mgmtID},
			{"MasterAccountArn", aws.ToString(g.MasterAccountArn), aws.ToString(w.MasterAccountArn)},
			{"MasterAccountEmail", aws.ToString(g.MasterAccountEmail), aws.ToString(w.MasterAccountEmail)},
			{"FeatureSet", string(g.FeatureSet), string(w.FeatureSet)},
		}
		for _, p := range pairs {
			if p.got != p.want {
				t.Errorf("%s: got %v, want %v", p.field, p.got, p.want)
			}
		}
	})
	t.Run("OutsideAnyOrganization", func(t *testing.T) {
		_, err := e.client(otherID).DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
		wantErr(t, err, "AWSOrganizationsNotInUseException", "")
	})
	t.Run("AvailablePolicyTypesIgnoresRoot", func(t *testing.T) {
		// AWS (DisablePolicyType): "If you disable a policy type for a root,
		// it still appears enabled for the organization if all features are
		// enabled for the organization." Enabling other types in the root
		// does not change the deprecated field either.
		_, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeTagPolicy})
		noErr(t, err)
		_, err = o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeServiceControlPolicy})
		noErr(t, err)
		_, err = o.c.DisablePolicyType(ctx(t), &organizations.DisablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeServiceControlPolicy})
		noErr(t, err)
		d, err := o.c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
		noErr(t, err)
		var got []string
		for _, p := range d.Organization.AvailablePolicyTypes {
			got = append(got, string(p.Type)+"/"+string(p.Status))
		}
		if want := []string{"SERVICE_CONTROL_POLICY/ENABLED"}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}

func TestOrganizationDelete(t *testing.T) {
	t.Parallel()
	t.Run("NotEmptyWithMember", func(t *testing.T) {
		e := start(t)
		o := e.newOrg(t)
		o.createAccount(t, "member")
		_, err := o.c.DeleteOrganization(ctx(t), &organizations.DeleteOrganizationInput{})
		wantErr(t, err, "OrganizationNotEmptyException", "")
		// The organization is still there.
		_, err = o.c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
		noErr(t, err)
	})
	t.Run("MemberCallerDenied", func(t *testing.T) {
		e := start(t)
		o := e.newOrg(t)
		member := o.createAccount(t, "member")
		_, err := e.client(member).DeleteOrganization(ctx(t), &organizations.DeleteOrganizationInput{})
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("OutsideAnyOrganization", func(t *testing.T) {
		e := start(t)
		_, err := e.client(otherID).DeleteOrganization(ctx(t), &organizations.DeleteOrganizationInput{})
		wantErr(t, err, "AWSOrganizationsNotInUseException", "")
	})
	t.Run("WithOUsAndPoliciesThenCreateAgain", func(t *testing.T) {
		// AWS: an organization can be deleted once it has no member
		// accounts; its OUs and policies are deleted with it, and the
		// former management account may create a new organization.
		e := start(t)
		o := e.newOrg(t)
		ou := o.createOU(t, o.rootID, "Prod")
		o.createOU(t, ou, "Child")
		_, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeServiceControlPolicy})
		noErr(t, err)
		_, err = o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
			Name: aws.String("deny"), Description: aws.String("d"), Type: types.PolicyTypeServiceControlPolicy,
			Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`),
		})
		noErr(t, err)
		_, err = o.c.DeleteOrganization(ctx(t), &organizations.DeleteOrganizationInput{})
		noErr(t, err)

		_, err = o.c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
		wantErr(t, err, "AWSOrganizationsNotInUseException", "")
		_, err = o.c.ListRoots(ctx(t), &organizations.ListRootsInput{})
		wantErr(t, err, "AWSOrganizationsNotInUseException", "")

		o2 := e.newOrg(t)
		if *o2.org.Id == *o.org.Id || o2.rootID == o.rootID {
			t.Errorf("got org %s root %s, want new IDs (old %s %s)", *o2.org.Id, o2.rootID, *o.org.Id, o.rootID)
		}
		ous, err := o2.c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(o2.rootID)})
		noErr(t, err)
		if len(ous.OrganizationalUnits) != 0 {
			t.Errorf("got OUs %+v, want none", ous.OrganizationalUnits)
		}
		// The old OU is not visible from the new organization.
		_, err = o2.c.DescribeOrganizationalUnit(ctx(t), &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(ou)})
		wantErr(t, err, "OrganizationalUnitNotFoundException", "")
		roots, err := o2.c.ListRoots(ctx(t), &organizations.ListRootsInput{})
		noErr(t, err)
		if got := orgouEnabledTypes(t, roots.Roots[0]); len(got) != 0 {
			t.Errorf("got policy types %v in the new root, want none", got)
		}
		// Only the AWS-managed SCP remains; the customer policy is gone.
		_, err = o2.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o2.rootID), PolicyType: types.PolicyTypeServiceControlPolicy})
		noErr(t, err)
		ps, err := o2.c.ListPolicies(ctx(t), &organizations.ListPoliciesInput{Filter: types.PolicyTypeServiceControlPolicy})
		noErr(t, err)
		var names []string
		for _, p := range ps.Policies {
			names = append(names, *p.Name)
		}
		if want := []string{"FullAWSAccess"}; !slices.Equal(names, want) {
			t.Errorf("got policies %v, want %v", names, want)
		}
	})
}

func TestOrganizationListRoots(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	t.Run("Shape", func(t *testing.T) {
		out, err := o.c.ListRoots(ctx(t), &organizations.ListRootsInput{})
		noErr(t, err)
		if len(out.Roots) != 1 {
			t.Fatalf("got %d roots, want 1", len(out.Roots))
		}
		r := out.Roots[0]
		if !orgouRootIDRE.MatchString(aws.ToString(r.Id)) {
			t.Errorf("Id: got %q, want a match of %s", aws.ToString(r.Id), orgouRootIDRE)
		}
		if got, want := aws.ToString(r.Name), "Root"; got != want {
			t.Errorf("Name: got %v, want %v", got, want)
		}
		if want := "arn:aws:organizations::" + mgmtID + ":root/" + *o.org.Id + "/" + *r.Id; aws.ToString(r.Arn) != want {
			t.Errorf("Arn: got %v, want %v", aws.ToString(r.Arn), want)
		}
		if r.PolicyTypes == nil || len(r.PolicyTypes) != 0 {
			t.Errorf("PolicyTypes: got %#v, want []", r.PolicyTypes)
		}
		if out.NextToken != nil {
			t.Errorf("NextToken: got %v, want nil", *out.NextToken)
		}
	})
	t.Run("Paging", func(t *testing.T) {
		for _, n := range []int32{1, 2, 20} {
			p := organizations.NewListRootsPaginator(o.c, &organizations.ListRootsInput{}, func(po *organizations.ListRootsPaginatorOptions) { po.Limit = n })
			var ids []string
			for p.HasMorePages() {
				out, err := p.NextPage(ctx(t))
				noErr(t, err)
				for _, r := range out.Roots {
					ids = append(ids, *r.Id)
				}
			}
			if want := []string{o.rootID}; !slices.Equal(ids, want) {
				t.Errorf("page size %d: got %v, want %v", n, ids, want)
			}
		}
	})
	t.Run("MaxResultsBounds", func(t *testing.T) {
		for _, tt := range []struct {
			max    int32
			reason string
		}{{0, "MIN_VALUE_EXCEEDED"}, {21, "MAX_VALUE_EXCEEDED"}, {-1, "MIN_VALUE_EXCEEDED"}} {
			_, err := o.c.ListRoots(ctx(t), &organizations.ListRootsInput{MaxResults: aws.Int32(tt.max)})
			wantErr(t, err, "InvalidInputException", tt.reason)
		}
	})
	t.Run("BadNextToken", func(t *testing.T) {
		// A token from another listing, and one that was never issued.
		for i := 0; i < 3; i++ {
			o.createOU(t, o.rootID, "ou"+string(rune('a'+i)))
		}
		ous, err := o.c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(o.rootID), MaxResults: aws.Int32(1)})
		noErr(t, err)
		if ous.NextToken == nil {
			t.Fatalf("got no NextToken, want one")
		}
		for _, tok := range []string{*ous.NextToken, "bm90LWEtdG9rZW4"} {
			_, err := o.c.ListRoots(ctx(t), &organizations.ListRootsInput{NextToken: aws.String(tok)})
			wantErr(t, err, "InvalidInputException", "INVALID_NEXT_TOKEN")
		}
	})
	t.Run("MemberDenied", func(t *testing.T) {
		member := o.createAccount(t, "member")
		_, err := e.client(member).ListRoots(ctx(t), &organizations.ListRootsInput{})
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("OutsideAnyOrganization", func(t *testing.T) {
		_, err := e.client("333333333333").ListRoots(ctx(t), &organizations.ListRootsInput{})
		wantErr(t, err, "AWSOrganizationsNotInUseException", "")
	})
}

func TestOrganizationPolicyTypeEnableDisable(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	for _, pt := range orgouAllPolicyTypes {
		t.Run(string(pt), func(t *testing.T) {
			en, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: pt})
			noErr(t, err)
			if got := orgouEnabledTypes(t, *en.Root); !slices.Contains(got, string(pt)) {
				t.Errorf("enable: got %v, want it to contain %s", got, pt)
			}
			if aws.ToString(en.Root.Id) != o.rootID || aws.ToString(en.Root.Name) != "Root" || aws.ToString(en.Root.Arn) == "" {
				t.Errorf("enable: got root %+v, want %s named Root with an ARN", en.Root, o.rootID)
			}
			roots, err := o.c.ListRoots(ctx(t), &organizations.ListRootsInput{})
			noErr(t, err)
			if got := orgouEnabledTypes(t, roots.Roots[0]); !slices.Contains(got, string(pt)) {
				t.Errorf("list roots: got %v, want it to contain %s", got, pt)
			}

			_, err = o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: pt})
			wantErr(t, err, "PolicyTypeAlreadyEnabledException", "")

			dis, err := o.c.DisablePolicyType(ctx(t), &organizations.DisablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: pt})
			noErr(t, err)
			if got := orgouEnabledTypes(t, *dis.Root); slices.Contains(got, string(pt)) {
				t.Errorf("disable: got %v, want it without %s", got, pt)
			}
			_, err = o.c.DisablePolicyType(ctx(t), &organizations.DisablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: pt})
			wantErr(t, err, "PolicyTypeNotEnabledException", "")
		})
	}
	t.Run("SeveralAtOnce", func(t *testing.T) {
		want := []string{"BACKUP_POLICY", "SERVICE_CONTROL_POLICY", "TAG_POLICY"}
		for _, pt := range want {
			_, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyType(pt)})
			noErr(t, err)
		}
		roots, err := o.c.ListRoots(ctx(t), &organizations.ListRootsInput{})
		noErr(t, err)
		if got := orgouEnabledTypes(t, roots.Roots[0]); !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		// Disabling one leaves the others.
		_, err = o.c.DisablePolicyType(ctx(t), &organizations.DisablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: "TAG_POLICY"})
		noErr(t, err)
		roots, err = o.c.ListRoots(ctx(t), &organizations.ListRootsInput{})
		noErr(t, err)
		if got, want := orgouEnabledTypes(t, roots.Roots[0]), []string{"BACKUP_POLICY", "SERVICE_CONTROL_POLICY"}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}

func TestOrganizationPolicyTypeErrors(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	other := orgouOtherOrg(t, e)
	member := o.createAccount(t, "member")

	// A consolidated-billing organization, on a server of its own.
	eCB := start(t)
	cb := eCB.client(mgmtID)
	_, err := cb.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetConsolidatedBilling})
	noErr(t, err)
	cbRoots, err := cb.ListRoots(ctx(t), &organizations.ListRootsInput{})
	noErr(t, err)
	cbRoot := *cbRoots.Roots[0].Id

	tests := []struct {
		name   string
		c      *organizations.Client
		enable bool
		root   string
		pt     types.PolicyType
		code   string
		reason string
	}{
		{"EnableUnknownRoot", o.c, true, "r-zzzz", types.PolicyTypeServiceControlPolicy, "RootNotFoundException", ""},
		{"DisableUnknownRoot", o.c, false, "r-zzzz", types.PolicyTypeServiceControlPolicy, "RootNotFoundException", ""},
		{"EnableOtherOrgRoot", o.c, true, other.rootID, types.PolicyTypeServiceControlPolicy, "RootNotFoundException", ""},
		{"DisableOtherOrgRoot", o.c, false, other.rootID, types.PolicyTypeTagPolicy, "RootNotFoundException", ""},
		{"EnableInvalidType", o.c, true, o.rootID, "NOT_A_POLICY", "InvalidInputException", "INVALID_ENUM_POLICY_TYPE"},
		{"DisableInvalidType", o.c, false, o.rootID, "service_control_policy", "InvalidInputException", "INVALID_ENUM_POLICY_TYPE"},
		{"EnableRootIDPattern", o.c, true, "root-1", types.PolicyTypeTagPolicy, "InvalidInputException", "INVALID_PATTERN"},
		{"EnableByMember", e.client(member), true, o.rootID, types.PolicyTypeServiceControlPolicy, "AccessDeniedException", ""},
		{"DisableByMember", e.client(member), false, o.rootID, types.PolicyTypeServiceControlPolicy, "AccessDeniedException", ""},
		{"EnableOutsideAnyOrganization", e.client("333333333333"), true, o.rootID, types.PolicyTypeServiceControlPolicy, "AWSOrganizationsNotInUseException", ""},
		{"EnableSCPConsolidatedBilling", cb, true, cbRoot, types.PolicyTypeServiceControlPolicy, "PolicyTypeNotAvailableForOrganizationException", ""},
		{"EnableTagPolicyConsolidatedBilling", cb, true, cbRoot, types.PolicyTypeTagPolicy, "PolicyTypeNotAvailableForOrganizationException", ""},
		{"DisableConsolidatedBilling", cb, false, cbRoot, types.PolicyTypeServiceControlPolicy, "PolicyTypeNotEnabledException", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.enable {
				_, err = tt.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(tt.root), PolicyType: tt.pt})
			} else {
				_, err = tt.c.DisablePolicyType(ctx(t), &organizations.DisablePolicyTypeInput{RootId: aws.String(tt.root), PolicyType: tt.pt})
			}
			wantErr(t, err, tt.code, tt.reason)
		})
	}
	// Nothing above changed the other organization's root.
	roots, err := other.c.ListRoots(ctx(t), &organizations.ListRootsInput{})
	noErr(t, err)
	if got := orgouEnabledTypes(t, roots.Roots[0]); len(got) != 0 {
		t.Errorf("other org: got policy types %v, want none", got)
	}
}

func TestOrganizationPolicyTypeDefaultAttachments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pt      types.PolicyType
		managed string
	}{
		{types.PolicyTypeServiceControlPolicy, "p-FullAWSAccess"},
		{types.PolicyTypeResourceControlPolicy, "p-RCPFullAWSAccess"},
	}
	for _, tt := range tests {
		t.Run(string(tt.pt), func(t *testing.T) {
			e := start(t)
			o := e.newOrg(t)
			ou := o.createOU(t, o.rootID, "Prod")
			child := o.createOU(t, ou, "Team")
			acct := o.createAccount(t, "alpha")
			_, err := o.c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(o.rootID), DestinationParentId: aws.String(child)})
			noErr(t, err)
			targets := map[string]string{"root": o.rootID, "ou": ou, "child": child, "account": acct, "management": mgmtID}
			enable := func() {
				t.Helper()
				_, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: tt.pt})
				noErr(t, err)
			}
			wantOnly := func(step string, want []string) {
				t.Helper()
				for name, id := range targets {
					if got := orgouPolicyIDs(t, o.c, id, tt.pt); !slices.Equal(got, want) {
						t.Errorf("%s: %s %s: got %v, want %v", step, name, id, got, want)
					}
				}
			}

			// Enabling attaches the AWS-managed default to the root, every
			// OU and every account, including the management account.
			enable()
			wantOnly("enabled", []string{tt.managed})
			tg, err := o.c.ListTargetsForPolicy(ctx(t), &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(tt.managed)})
			noErr(t, err)
			if len(tg.Targets) != len(targets) {
				t.Errorf("targets of %s: got %d, want %d", tt.managed, len(tg.Targets), len(targets))
			}

			// A customer policy attached to an OU, then the type disabled:
			// every policy of the type is detached.
			content := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`
			if tt.pt == types.PolicyTypeResourceControlPolicy {
				content = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`
			}
			p, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{Name: aws.String("custom"), Description: aws.String("d"), Type: tt.pt, Content: aws.String(content)})
			noErr(t, err)
			pid := *p.Policy.PolicySummary.Id
			_, err = o.c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: aws.String(pid), TargetId: aws.String(ou)})
			noErr(t, err)
			if got, want := orgouPolicyIDs(t, o.c, ou, tt.pt), []string{tt.managed, pid}; !slices.Equal(got, want) {
				t.Errorf("after attach: got %v, want %v", got, want)
			}
			_, err = o.c.DisablePolicyType(ctx(t), &organizations.DisablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: tt.pt})
			noErr(t, err)
			for _, pol := range []string{tt.managed, pid} {
				tg, err := o.c.ListTargetsForPolicy(ctx(t), &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(pol)})
				noErr(t, err)
				if len(tg.Targets) != 0 {
					t.Errorf("disabled: targets of %s: got %+v, want none", pol, tg.Targets)
				}
			}

			// Re-enabling resets every target to the default alone.
			enable()
			wantOnly("re-enabled", []string{tt.managed})
			tg, err = o.c.ListTargetsForPolicy(ctx(t), &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(pid)})
			noErr(t, err)
			if len(tg.Targets) != 0 {
				t.Errorf("re-enabled: targets of %s: got %+v, want none", pid, tg.Targets)
			}
		})
	}
	t.Run("TAG_POLICY_AttachesNothing", func(t *testing.T) {
		e := start(t)
		o := e.newOrg(t)
		ou := o.createOU(t, o.rootID, "Prod")
		_, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeTagPolicy})
		noErr(t, err)
		for _, id := range []string{o.rootID, ou, mgmtID} {
			if got := orgouPolicyIDs(t, o.c, id, types.PolicyTypeTagPolicy); len(got) != 0 {
				t.Errorf("%s: got %v, want none", id, got)
			}
		}
	})
}

func TestOrganizationARNPartition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		region, partition string
	}{
		{"us-east-1", "aws"},
		{"eu-west-1", "aws"},
		{"cn-north-1", "aws-cn"},
		{"cn-northwest-1", "aws-cn"},
		{"us-gov-west-1", "aws-us-gov"},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			e := start(t)
			c := e.clientIn(mgmtID, tt.region)
			out, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{})
			noErr(t, err)
			orgID := *out.Organization.Id
			prefix := "arn:" + tt.partition + ":organizations::" + mgmtID + ":"
			roots, err := c.ListRoots(ctx(t), &organizations.ListRootsInput{})
			noErr(t, err)
			root := roots.Roots[0]
			ou, err := c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: root.Id, Name: aws.String("Prod")})
			noErr(t, err)
			d, err := c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
			noErr(t, err)
			en, err := c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: root.Id, PolicyType: types.PolicyTypeServiceControlPolicy})
			noErr(t, err)
			pol, err := c.DescribePolicy(ctx(t), &organizations.DescribePolicyInput{PolicyId: aws.String("p-FullAWSAccess")})
			noErr(t, err)
			checks := []struct{ field, got, want string }{
				{"CreateOrganization.Arn", aws.ToString(out.Organization.Arn), prefix + "organization/" + orgID},
				{"CreateOrganization.MasterAccountArn", aws.ToString(out.Organization.MasterAccountArn), prefix + "account/" + orgID + "/" + mgmtID},
				{"DescribeOrganization.Arn", aws.ToString(d.Organization.Arn), prefix + "organization/" + orgID},
				{"DescribeOrganization.MasterAccountArn", aws.ToString(d.Organization.MasterAccountArn), prefix + "account/" + orgID + "/" + mgmtID},
				{"Root.Arn", aws.ToString(root.Arn), prefix + "root/" + orgID + "/" + *root.Id},
				{"EnablePolicyType.Root.Arn", aws.ToString(en.Root.Arn), prefix + "root/" + orgID + "/" + *root.Id},
				{"OU.Arn", aws.ToString(ou.OrganizationalUnit.Arn), prefix + "ou/" + orgID + "/" + *ou.OrganizationalUnit.Id},
				{"FullAWSAccess.Arn", aws.ToString(pol.Policy.PolicySummary.Arn), "arn:" + tt.partition + ":organizations::aws:policy/service_control_policy/p-FullAWSAccess"},
			}
			for _, ck := range checks {
				if ck.got != ck.want {
					t.Errorf("%s: got %v, want %v", ck.field, ck.got, ck.want)
				}
			}
		})
	}
}
