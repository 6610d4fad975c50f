package apitest

// Who may call what. The expected access of each operation is derived from
// the AWS API reference text shipped in the service model's documentation:
//
//   - "You can call this operation from any account in a organization."
//     → any member (accessAny);
//   - "You can only call this operation from the management account or a
//     member account that is a delegated administrator." → for the read
//     operations (Describe*, List*), the management account or a delegated
//     administrator (accessReader): registering a delegated administrator
//     "grants read-only access to Organizations service data"
//     (RegisterDelegatedAdministrator). For the write operations with that
//     sentence (policies, policy types, tags), a member account needs the
//     organization's resource-based delegation policy (PutResourcePolicy)
//     to grant it the action, registered or not. They are accessDelegable:
//     the fixture's delegation policy grants its delegated administrator a
//     read and no write, and names no other account, so here the writes
//     are refused to both as to a plain member; respolicy_test.go covers
//     the grants, and reads granted to an account that is not registered;
//   - "You can only call this operation from the management account." (or,
//     for DeleteOrganization, "only by using credentials from the
//     management account") → accessManager.

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"canopy/awsjson"
	"canopy/server"
)

type accessLevel int

const (
	accessAny       accessLevel = iota // any account of the organization
	accessReader                       // management account or delegated administrator
	accessManager                      // management account only
	accessDelegable                    // management account, or a delegated administrator the delegation policy grants
)

func (l accessLevel) String() string {
	return [...]string{"any member", "management or delegated administrator", "management only", "management or granted delegated administrator"}[l]
}

// accessDocLevels reads the access sentence of every operation from the
// documentation of the embedded service model.
func accessDocLevels(t *testing.T) map[string]accessLevel {
	t.Helper()
	f, err := os.Open("../awsjson/model/service-2.json.gz")
	noErr(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	noErr(t, err)
	var m struct {
		Operations map[string]struct {
			Documentation string `json:"documentation"`
		} `json:"operations"`
	}
	noErr(t, json.NewDecoder(zr).Decode(&m))
	tags := regexp.MustCompile(`<[^>]+>`)
	space := regexp.MustCompile(`\s+`)
	levels := map[string]accessLevel{}
	for name, op := range m.Operations {
		doc := space.ReplaceAllString(tags.ReplaceAllString(op.Documentation, " "), " ")
		switch {
		case strings.Contains(doc, "call this operation from any account in a organization"):
			levels[name] = accessAny
		case strings.Contains(doc, "only call this operation from the management account or a member account that is a delegated administrator"):
			levels[name] = accessReader
		case strings.Contains(doc, "only call this operation from the management account."),
			strings.Contains(doc, "only by using credentials from the management account"):
			levels[name] = accessManager
		}
	}
	return levels
}

// accessUndocumented are the operations whose reference text has no access
// sentence, with the access the AWS documentation gives elsewhere.
var accessUndocumented = map[string]accessLevel{
	// The CloseAccount reference has no access sentence; closing a member
	// account is a management account task (User Guide, "Closing a member
	// account in your organization": sign in to the management account).
	"CloseAccount": accessManager,
	// CreateGovCloudAccount creates accounts in the organization, as
	// CreateAccount does, which only the management account may call; its
	// reference says it must be called from the management account of the
	// commercial organization.
	"CreateGovCloudAccount": accessManager,
	// The responsibility transfer references have no access sentence; the
	// AWS Billing User Guide ("Billing transfer") has management accounts
	// send, answer, view and withdraw transfers ("Invitations can only be
	// sent between management accounts"; "When you sign in to your
	// organization's management account, you can withdraw a transfer").
	"InviteOrganizationToTransferResponsibility": accessManager,
	"DescribeResponsibilityTransfer":             accessManager,
	"ListInboundResponsibilityTransfers":         accessManager,
	"ListOutboundResponsibilityTransfers":        accessManager,
	"UpdateResponsibilityTransfer":               accessManager,
	"TerminateResponsibilityTransfer":            accessManager,
}

// accessByParty are the operations whose access depends on the caller's
// part in a handshake rather than on its place in an organization: a
// standalone account lists and answers the invitations sent to it, only the
// recipient accepts or declines, only the sender cancels, and only a member
// leaves. handshake_test.go tests them.
var accessByParty = map[string]string{
	"AcceptHandshake":          "TestInvitationAccepted, TestEnableAllFeatures",
	"DeclineHandshake":         "TestInvitationRules",
	"CancelHandshake":          "TestInvitationAccepted, TestInvitationRules",
	"DescribeHandshake":        "TestInvitationAccepted, TestHandshakeExpiry",
	"ListHandshakesForAccount": "TestInvitationAccepted, TestEnableAllFeatures",
	"LeaveOrganization":        "TestLeaveOrganization",
}

// accessFixture is an organization with one of everything the calls name.
type accessFixture struct {
	rootID, ouID, emptyOUID      string
	member, admin, idle          string
	policyID, createRequestID    string
	servicePrincipal, tagKey     string
	mgmt, memberC, adminC, other *organizations.Client
}

type accessCase struct {
	op   string
	call func(cx context.Context, c *organizations.Client, f *accessFixture) error
}

// accessCases has a call with valid input for every operation Canopy
// serves except CreateOrganization, which has no caller to check.
var accessCases = []accessCase{
	{"DescribeOrganization", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DescribeOrganization(cx, &organizations.DescribeOrganizationInput{})
		return err
	}},
	{"DeleteOrganization", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DeleteOrganization(cx, &organizations.DeleteOrganizationInput{})
		return err
	}},
	{"ListRoots", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListRoots(cx, &organizations.ListRootsInput{})
		return err
	}},
	{"EnablePolicyType", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.EnablePolicyType(cx, &organizations.EnablePolicyTypeInput{RootId: &f.rootID, PolicyType: types.PolicyTypeBackupPolicy})
		return err
	}},
	{"DisablePolicyType", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DisablePolicyType(cx, &organizations.DisablePolicyTypeInput{RootId: &f.rootID, PolicyType: types.PolicyTypeServiceControlPolicy})
		return err
	}},
	{"CreateOrganizationalUnit", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.CreateOrganizationalUnit(cx, &organizations.CreateOrganizationalUnitInput{ParentId: &f.rootID, Name: aws.String("Intruder")})
		return err
	}},
	{"DescribeOrganizationalUnit", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DescribeOrganizationalUnit(cx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: &f.ouID})
		return err
	}},
	{"UpdateOrganizationalUnit", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.UpdateOrganizationalUnit(cx, &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: &f.ouID, Name: aws.String("Renamed")})
		return err
	}},
	{"DeleteOrganizationalUnit", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DeleteOrganizationalUnit(cx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: &f.emptyOUID})
		return err
	}},
	{"ListOrganizationalUnitsForParent", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListOrganizationalUnitsForParent(cx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: &f.rootID})
		return err
	}},
	{"ListChildren", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListChildren(cx, &organizations.ListChildrenInput{ParentId: &f.rootID, ChildType: types.ChildTypeOrganizationalUnit})
		return err
	}},
	{"ListParents", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListParents(cx, &organizations.ListParentsInput{ChildId: &f.member})
		return err
	}},
	{"CreateAccount", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.CreateAccount(cx, &organizations.CreateAccountInput{AccountName: aws.String("intruder"), Email: aws.String("intruder@example.com")})
		return err
	}},
	{"DescribeCreateAccountStatus", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DescribeCreateAccountStatus(cx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: &f.createRequestID})
		return err
	}},
	{"ListCreateAccountStatus", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListCreateAccountStatus(cx, &organizations.ListCreateAccountStatusInput{})
		return err
	}},
	{"DescribeAccount", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DescribeAccount(cx, &organizations.DescribeAccountInput{AccountId: &f.member})
		return err
	}},
	{"ListAccounts", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListAccounts(cx, &organizations.ListAccountsInput{})
		return err
	}},
	{"ListAccountsForParent", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListAccountsForParent(cx, &organizations.ListAccountsForParentInput{ParentId: &f.rootID})
		return err
	}},
	{"MoveAccount", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.MoveAccount(cx, &organizations.MoveAccountInput{AccountId: &f.idle, SourceParentId: &f.rootID, DestinationParentId: &f.ouID})
		return err
	}},
	{"RemoveAccountFromOrganization", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.RemoveAccountFromOrganization(cx, &organizations.RemoveAccountFromOrganizationInput{AccountId: &f.idle})
		return err
	}},
	{"CloseAccount", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.CloseAccount(cx, &organizations.CloseAccountInput{AccountId: &f.idle})
		return err
	}},
	{"CreatePolicy", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.CreatePolicy(cx, &organizations.CreatePolicyInput{
			Name: aws.String("intruder"), Description: aws.String("x"), Type: types.PolicyTypeServiceControlPolicy,
			Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`),
		})
		return err
	}},
	{"DescribePolicy", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DescribePolicy(cx, &organizations.DescribePolicyInput{PolicyId: &f.policyID})
		return err
	}},
	{"UpdatePolicy", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.UpdatePolicy(cx, &organizations.UpdatePolicyInput{PolicyId: &f.policyID, Name: aws.String("renamed")})
		return err
	}},
	{"DeletePolicy", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DeletePolicy(cx, &organizations.DeletePolicyInput{PolicyId: &f.policyID})
		return err
	}},
	{"AttachPolicy", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.AttachPolicy(cx, &organizations.AttachPolicyInput{PolicyId: &f.policyID, TargetId: &f.member})
		return err
	}},
	{"DetachPolicy", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DetachPolicy(cx, &organizations.DetachPolicyInput{PolicyId: &f.policyID, TargetId: &f.ouID})
		return err
	}},
	{"ListPolicies", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListPolicies(cx, &organizations.ListPoliciesInput{Filter: types.PolicyTypeServiceControlPolicy})
		return err
	}},
	{"ListPoliciesForTarget", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListPoliciesForTarget(cx, &organizations.ListPoliciesForTargetInput{TargetId: &f.ouID, Filter: types.PolicyTypeServiceControlPolicy})
		return err
	}},
	{"ListTargetsForPolicy", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListTargetsForPolicy(cx, &organizations.ListTargetsForPolicyInput{PolicyId: &f.policyID})
		return err
	}},
	{"TagResource", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.TagResource(cx, &organizations.TagResourceInput{ResourceId: &f.member, Tags: []types.Tag{{Key: aws.String("intruder"), Value: aws.String("x")}}})
		return err
	}},
	{"UntagResource", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.UntagResource(cx, &organizations.UntagResourceInput{ResourceId: &f.member, TagKeys: []string{f.tagKey}})
		return err
	}},
	{"ListTagsForResource", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListTagsForResource(cx, &organizations.ListTagsForResourceInput{ResourceId: &f.member})
		return err
	}},
	{"EnableAWSServiceAccess", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.EnableAWSServiceAccess(cx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("health.amazonaws.com")})
		return err
	}},
	{"DisableAWSServiceAccess", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DisableAWSServiceAccess(cx, &organizations.DisableAWSServiceAccessInput{ServicePrincipal: &f.servicePrincipal})
		return err
	}},
	{"ListAWSServiceAccessForOrganization", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListAWSServiceAccessForOrganization(cx, &organizations.ListAWSServiceAccessForOrganizationInput{})
		return err
	}},
	{"RegisterDelegatedAdministrator", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.RegisterDelegatedAdministrator(cx, &organizations.RegisterDelegatedAdministratorInput{AccountId: &f.member, ServicePrincipal: &f.servicePrincipal})
		return err
	}},
	{"DeregisterDelegatedAdministrator", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DeregisterDelegatedAdministrator(cx, &organizations.DeregisterDelegatedAdministratorInput{AccountId: &f.admin, ServicePrincipal: &f.servicePrincipal})
		return err
	}},
	{"ListDelegatedAdministrators", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListDelegatedAdministrators(cx, &organizations.ListDelegatedAdministratorsInput{})
		return err
	}},
	{"ListDelegatedServicesForAccount", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListDelegatedServicesForAccount(cx, &organizations.ListDelegatedServicesForAccountInput{AccountId: &f.admin})
		return err
	}},
	{"CreateGovCloudAccount", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.CreateGovCloudAccount(cx, &organizations.CreateGovCloudAccountInput{AccountName: aws.String("intruder"), Email: aws.String("intruder-gov@example.com")})
		return err
	}},
	{"InviteAccountToOrganization", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.InviteAccountToOrganization(cx, &organizations.InviteAccountToOrganizationInput{
			Target: &types.HandshakeParty{Id: aws.String("999999999999"), Type: types.HandshakePartyTypeAccount}})
		return err
	}},
	{"EnableAllFeatures", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.EnableAllFeatures(cx, &organizations.EnableAllFeaturesInput{})
		return err
	}},
	{"ListHandshakesForOrganization", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListHandshakesForOrganization(cx, &organizations.ListHandshakesForOrganizationInput{})
		return err
	}},
	{"InviteOrganizationToTransferResponsibility", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.InviteOrganizationToTransferResponsibility(cx, &organizations.InviteOrganizationToTransferResponsibilityInput{
			Type: types.ResponsibilityTransferTypeBilling, Target: &types.HandshakeParty{Id: aws.String(otherID), Type: types.HandshakePartyTypeAccount},
			StartTimestamp: aws.Time(time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)), SourceName: aws.String("intruder"),
		})
		return err
	}},
	{"DescribeResponsibilityTransfer", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DescribeResponsibilityTransfer(cx, &organizations.DescribeResponsibilityTransferInput{Id: aws.String(accessTransferID)})
		return err
	}},
	{"ListInboundResponsibilityTransfers", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListInboundResponsibilityTransfers(cx, &organizations.ListInboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling})
		return err
	}},
	{"ListOutboundResponsibilityTransfers", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListOutboundResponsibilityTransfers(cx, &organizations.ListOutboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling})
		return err
	}},
	{"UpdateResponsibilityTransfer", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.UpdateResponsibilityTransfer(cx, &organizations.UpdateResponsibilityTransferInput{Id: aws.String(accessTransferID), Name: aws.String("intruder")})
		return err
	}},
	{"TerminateResponsibilityTransfer", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.TerminateResponsibilityTransfer(cx, &organizations.TerminateResponsibilityTransferInput{Id: aws.String(accessTransferID)})
		return err
	}},
	{"PutResourcePolicy", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.PutResourcePolicy(cx, &organizations.PutResourcePolicyInput{Content: aws.String(rpGrant(f.admin, "organizations:*", "*", ""))})
		return err
	}},
	{"DescribeResourcePolicy", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DescribeResourcePolicy(cx, &organizations.DescribeResourcePolicyInput{})
		return err
	}},
	{"DeleteResourcePolicy", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.DeleteResourcePolicy(cx, &organizations.DeleteResourcePolicyInput{})
		return err
	}},
	{"DescribeEffectivePolicy", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		// Without TargetId: the caller's own effective policy.
		_, err := c.DescribeEffectivePolicy(cx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeTagPolicy})
		return err
	}},
	{"ListEffectivePolicyValidationErrors", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListEffectivePolicyValidationErrors(cx, &organizations.ListEffectivePolicyValidationErrorsInput{AccountId: &f.member, PolicyType: types.EffectivePolicyTypeTagPolicy})
		return err
	}},
	{"ListAccountsWithInvalidEffectivePolicy", func(cx context.Context, c *organizations.Client, f *accessFixture) error {
		_, err := c.ListAccountsWithInvalidEffectivePolicy(cx, &organizations.ListAccountsWithInvalidEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeTagPolicy})
		return err
	}},
}

// accessTransferID is a well-formed transfer ID for the calls that are
// refused before it is looked up.
const accessTransferID = "rt-accesstable01"

// accessExpected is the access of op by the documentation.
func accessExpected(t *testing.T, docs map[string]accessLevel, op string) accessLevel {
	t.Helper()
	l, ok := docs[op]
	if !ok {
		if l, ok = accessUndocumented[op]; !ok {
			t.Fatalf("%s: got no access sentence in the model documentation, want one (or a row in accessUndocumented)", op)
		}
		return l
	}
	isRead := strings.HasPrefix(op, "Describe") || strings.HasPrefix(op, "List")
	if l == accessReader && !isRead {
		// A write that a delegated administrator may call only under a
		// delegation policy that grants it.
		return accessDelegable
	}
	return l
}

// newAccessFixture builds an organization with a plain member, a delegated
// administrator, an account for the account-changing writes, an OU with a
// policy attached, an empty OU, a tag and trusted access for a service.
func newAccessFixture(t *testing.T, e *env) *accessFixture {
	t.Helper()
	o := e.newOrg(t)
	f := &accessFixture{rootID: o.rootID, mgmt: o.c, servicePrincipal: "guardduty.amazonaws.com", tagKey: "team"}
	f.ouID = o.createOU(t, o.rootID, "Prod")
	f.emptyOUID = o.createOU(t, o.rootID, "Empty")
	f.member = o.createAccount(t, "member")
	f.admin = o.createAccount(t, "admin")
	out, err := o.c.CreateAccount(ctx(t), &organizations.CreateAccountInput{AccountName: aws.String("idle"), Email: aws.String("idle@example.com")})
	noErr(t, err)
	f.createRequestID = *out.CreateAccountStatus.Id
	f.idle = *o.waitCreate(t, f.createRequestID).AccountId

	_, err = o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: &f.rootID, PolicyType: types.PolicyTypeServiceControlPolicy})
	noErr(t, err)
	p, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
		Name: aws.String("deny-leave"), Description: aws.String("x"), Type: types.PolicyTypeServiceControlPolicy,
		Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}`),
	})
	noErr(t, err)
	f.policyID = *p.Policy.PolicySummary.Id
	_, err = o.c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: &f.policyID, TargetId: &f.ouID})
	noErr(t, err)
	// A tag policy on the root gives every account an effective policy.
	_, err = o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: &f.rootID, PolicyType: types.PolicyTypeTagPolicy})
	noErr(t, err)
	tp, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
		Name: aws.String("cost-center"), Description: aws.String("x"), Type: types.PolicyTypeTagPolicy,
		Content: aws.String(`{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"}}}}`),
	})
	noErr(t, err)
	_, err = o.c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: tp.Policy.PolicySummary.Id, TargetId: &f.rootID})
	noErr(t, err)
	_, err = o.c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: &f.member, Tags: []types.Tag{{Key: &f.tagKey, Value: aws.String("blue")}}})
	noErr(t, err)
	_, err = o.c.EnableAWSServiceAccess(ctx(t), &organizations.EnableAWSServiceAccessInput{ServicePrincipal: &f.servicePrincipal})
	noErr(t, err)
	o.svcRegister(t, f.admin, f.servicePrincipal)
	// A delegation policy that grants the delegated administrator a read
	// and no write.
	_, err = o.c.PutResourcePolicy(ctx(t), &organizations.PutResourcePolicyInput{
		Content: aws.String(rpGrant(f.admin, "organizations:DescribeOrganization", "*", "")),
	})
	noErr(t, err)
	f.memberC, f.adminC = e.client(f.member), e.client(f.admin)
	return f
}

// accessSnapshot is what the refused writes must leave unchanged.
func accessSnapshot(t *testing.T, f *accessFixture) string {
	t.Helper()
	var b strings.Builder
	c := f.mgmt
	d, err := c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	noErr(t, err)
	b.WriteString(*d.Organization.Id)
	roots, err := c.ListRoots(ctx(t), &organizations.ListRootsInput{})
	noErr(t, err)
	for _, pt := range roots.Roots[0].PolicyTypes {
		b.WriteString(" type:" + string(pt.Type) + "=" + string(pt.Status))
	}
	accts, err := c.ListAccounts(ctx(t), &organizations.ListAccountsInput{})
	noErr(t, err)
	for _, a := range accts.Accounts {
		b.WriteString(" acct:" + *a.Id + "=" + string(a.Status))
	}
	ous, err := c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: &f.rootID})
	noErr(t, err)
	for _, ou := range ous.OrganizationalUnits {
		b.WriteString(" ou:" + *ou.Id + "=" + *ou.Name)
	}
	ps, err := c.ListPolicies(ctx(t), &organizations.ListPoliciesInput{Filter: types.PolicyTypeServiceControlPolicy})
	noErr(t, err)
	for _, p := range ps.Policies {
		b.WriteString(" policy:" + *p.Id + "=" + *p.Name)
	}
	targets, err := c.ListTargetsForPolicy(ctx(t), &organizations.ListTargetsForPolicyInput{PolicyId: &f.policyID})
	noErr(t, err)
	for _, tg := range targets.Targets {
		b.WriteString(" target:" + *tg.TargetId)
	}
	tags, err := c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: &f.member})
	noErr(t, err)
	for _, tg := range tags.Tags {
		b.WriteString(" tag:" + *tg.Key + "=" + *tg.Value)
	}
	sa, err := c.ListAWSServiceAccessForOrganization(ctx(t), &organizations.ListAWSServiceAccessForOrganizationInput{})
	noErr(t, err)
	for _, s := range sa.EnabledServicePrincipals {
		b.WriteString(" service:" + *s.ServicePrincipal)
	}
	da, err := c.ListDelegatedAdministrators(ctx(t), &organizations.ListDelegatedAdministratorsInput{})
	noErr(t, err)
	for _, a := range da.DelegatedAdministrators {
		b.WriteString(" admin:" + *a.Id)
	}
	rp, err := c.DescribeResourcePolicy(ctx(t), &organizations.DescribeResourcePolicyInput{})
	noErr(t, err)
	b.WriteString(" resourcepolicy:" + *rp.ResourcePolicy.ResourcePolicySummary.Id + "=" + *rp.ResourcePolicy.Content)
	out, err := c.ListOutboundResponsibilityTransfers(ctx(t), &organizations.ListOutboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling})
	noErr(t, err)
	in, err := c.ListInboundResponsibilityTransfers(ctx(t), &organizations.ListInboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling})
	noErr(t, err)
	for _, tr := range append(out.ResponsibilityTransfers, in.ResponsibilityTransfers...) {
		b.WriteString(" transfer:" + *tr.Id + "=" + string(tr.Status))
	}
	return b.String()
}

func TestAccessControl(t *testing.T) {
	t.Parallel()
	docs := accessDocLevels(t)
	e := start(t)
	f := newAccessFixture(t, e)

	t.Run("table covers every served operation", func(t *testing.T) {
		m, err := awsjson.Load()
		noErr(t, err)
		have := map[string]bool{"CreateOrganization": true}
		for _, c := range accessCases {
			have[c.op] = true
		}
		for op := range accessByParty {
			have[op] = true
		}
		for op := range server.Operations(m, e.srv.Engine()) {
			if !have[op] {
				t.Errorf("operation %s: got no row in accessCases, want one", op)
			}
		}
	})

	// An account Canopy has never seen, and one that left its organization:
	// neither is in an organization.
	const stranger = "444444444444"
	standalone := "555555555555"
	_, err := e.client(standalone).CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{})
	noErr(t, err)
	_, err = e.client(standalone).DeleteOrganization(ctx(t), &organizations.DeleteOrganizationInput{})
	noErr(t, err)

	before := accessSnapshot(t, f)
	for _, tc := range accessCases {
		level := accessExpected(t, docs, tc.op)
		t.Run(tc.op+"/outside any organization", func(t *testing.T) {
			for _, acct := range []string{stranger, standalone} {
				wantErr(t, tc.call(ctx(t), e.client(acct), f), "AWSOrganizationsNotInUseException", "")
			}
		})
		t.Run(tc.op+"/member account", func(t *testing.T) {
			err := tc.call(ctx(t), f.memberC, f)
			if level == accessAny {
				noErr(t, err)
				return
			}
			wantErr(t, err, "AccessDeniedException", "")
		})
		t.Run(tc.op+"/delegated administrator", func(t *testing.T) {
			err := tc.call(ctx(t), f.adminC, f)
			if level == accessManager || level == accessDelegable {
				wantErr(t, err, "AccessDeniedException", "")
				return
			}
			noErr(t, err)
		})
	}
	t.Run("refused writes changed nothing", func(t *testing.T) {
		if after := accessSnapshot(t, f); after != before {
			t.Errorf("got state %s, want %s", after, before)
		}
	})
	t.Run("management account may read", func(t *testing.T) {
		for _, tc := range accessCases {
			if l := accessExpected(t, docs, tc.op); l == accessAny || l == accessReader {
				if err := tc.call(ctx(t), f.mgmt, f); err != nil {
					t.Errorf("%s: got %v, want success", tc.op, err)
				}
			}
		}
	})
}

// The documentation sentences the table relies on are still in the model,
// and the reads and writes fall where the table says.
func TestAccessDocumentedLevels(t *testing.T) {
	t.Parallel()
	docs := accessDocLevels(t)
	tests := []struct {
		op   string
		want accessLevel
	}{
		{"DescribeOrganization", accessAny},
		{"ListAccounts", accessReader},
		{"ListDelegatedAdministrators", accessReader},
		{"ListAWSServiceAccessForOrganization", accessReader},
		{"ListTagsForResource", accessReader},
		{"ListTargetsForPolicy", accessReader},
		{"DescribeCreateAccountStatus", accessReader},
		{"CreateAccount", accessManager},
		{"EnableAWSServiceAccess", accessManager},
		{"RegisterDelegatedAdministrator", accessManager},
		// Documented as callable by a delegated administrator, which needs a
		// delegation policy that grants the action.
		{"CreatePolicy", accessDelegable},
		{"TagResource", accessDelegable},
		{"EnablePolicyType", accessDelegable},
		{"AttachPolicy", accessDelegable},
		{"PutResourcePolicy", accessManager},
		{"DeleteResourcePolicy", accessManager},
		{"DescribeResourcePolicy", accessReader},
		{"CloseAccount", accessManager},
		{"DeleteOrganization", accessManager},
	}
	for _, tc := range tests {
		t.Run(tc.op, func(t *testing.T) {
			if got := accessExpected(t, docs, tc.op); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// Read access follows the delegation: an account is a reader while it is a
// delegated administrator for any service, and loses it when deregistered.
func TestAccessFollowsDelegation(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	a := o.createAccount(t, "admin")
	c := e.client(a)
	list := func() error {
		_, err := c.ListAccounts(ctx(t), &organizations.ListAccountsInput{})
		return err
	}
	deregister := func(sp string) {
		_, err := o.c.DeregisterDelegatedAdministrator(ctx(t), &organizations.DeregisterDelegatedAdministratorInput{AccountId: &a, ServicePrincipal: aws.String(sp)})
		noErr(t, err)
	}
	o.svcEnable(t, "guardduty.amazonaws.com", "securityhub.amazonaws.com")
	steps := []struct {
		name    string
		do      func()
		allowed bool
	}{
		{"before registration", func() {}, false},
		{"registered for one service", func() { o.svcRegister(t, a, "guardduty.amazonaws.com") }, true},
		{"registered for two services", func() { o.svcRegister(t, a, "securityhub.amazonaws.com") }, true},
		{"deregistered from one", func() { deregister("guardduty.amazonaws.com") }, true},
		{"deregistered from all", func() { deregister("securityhub.amazonaws.com") }, false},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.do()
			if err := list(); st.allowed {
				noErr(t, err)
			} else {
				wantErr(t, err, "AccessDeniedException", "")
			}
		})
	}
	// A delegated administrator still cannot write.
	o.svcRegister(t, a, "guardduty.amazonaws.com")
	_, err := c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: &o.rootID, Name: aws.String("x")})
	wantErr(t, err, "AccessDeniedException", "")
}
