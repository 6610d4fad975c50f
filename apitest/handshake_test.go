package apitest

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"canopy/engine"
)

// invite sends an invitation from o to an account and returns its ID.
func (o *testOrg) invite(t *testing.T, target string, typ types.HandshakePartyType, tags ...types.Tag) *types.Handshake {
	t.Helper()
	out, err := o.c.InviteAccountToOrganization(ctx(t), &organizations.InviteAccountToOrganizationInput{
		Target: &types.HandshakeParty{Id: aws.String(target), Type: typ},
		Notes:  aws.String("welcome"),
		Tags:   tags,
	})
	noErr(t, err)
	return out.Handshake
}

func TestInvitationAccepted(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	const invitee = "333333333333"
	inv := e.client(invitee)

	h := o.invite(t, invitee, types.HandshakePartyTypeAccount, types.Tag{Key: aws.String("team"), Value: aws.String("blue")})
	if h.Action != types.ActionTypeInviteAccountToOrganization || h.State != types.HandshakeStateOpen {
		t.Fatalf("got %s %s, want INVITE OPEN", h.Action, h.State)
	}
	wantArn := "arn:aws:organizations::" + mgmtID + ":handshake/" + *o.org.Id + "/invite/" + *h.Id
	if *h.Arn != wantArn {
		t.Errorf("got ARN %s, want %s", *h.Arn, wantArn)
	}
	if got := h.ExpirationTimestamp.Sub(*h.RequestedTimestamp); got != 15*24*time.Hour {
		t.Errorf("got lifetime %s, want 15 days", got)
	}
	var parties []string
	for _, p := range h.Parties {
		parties = append(parties, string(p.Type)+"="+*p.Id)
	}
	if want := "ORGANIZATION=" + strings.TrimPrefix(*o.org.Id, "o-") + " ACCOUNT=" + invitee; strings.Join(parties, " ") != want {
		t.Errorf("got parties %v, want %s", parties, want)
	}

	// The invitee, standalone, sees it; the originator cannot accept it and
	// the invitee cannot cancel it.
	list, err := inv.ListHandshakesForAccount(ctx(t), &organizations.ListHandshakesForAccountInput{})
	noErr(t, err)
	if len(list.Handshakes) != 1 || *list.Handshakes[0].Id != *h.Id {
		t.Fatalf("got %v, want the invitation", list.Handshakes)
	}
	_, err = o.c.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	wantErr(t, err, "AccessDeniedException", "")
	_, err = inv.CancelHandshake(ctx(t), &organizations.CancelHandshakeInput{HandshakeId: h.Id})
	wantErr(t, err, "AccessDeniedException", "")
	_, err = e.client("444444444444").DescribeHandshake(ctx(t), &organizations.DescribeHandshakeInput{HandshakeId: h.Id})
	wantErr(t, err, "HandshakeNotFoundException", "")

	// A second invitation to the same account is a duplicate.
	_, err = o.c.InviteAccountToOrganization(ctx(t), &organizations.InviteAccountToOrganizationInput{
		Target: &types.HandshakeParty{Id: aws.String(invitee), Type: types.HandshakePartyTypeAccount}})
	wantErr(t, err, "DuplicateHandshakeException", "")

	// SCPs are enabled before the account joins: it gets FullAWSAccess.
	_, err = o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeServiceControlPolicy})
	noErr(t, err)
	acc, err := inv.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	noErr(t, err)
	pols, err := o.c.ListPoliciesForTarget(ctx(t), &organizations.ListPoliciesForTargetInput{TargetId: aws.String(invitee), Filter: types.PolicyTypeServiceControlPolicy})
	noErr(t, err)
	if len(pols.Policies) != 1 || *pols.Policies[0].Id != "p-FullAWSAccess" {
		t.Errorf("got SCPs %v on the new member, want p-FullAWSAccess", pols.Policies)
	}
	if acc.Handshake.State != types.HandshakeStateAccepted {
		t.Errorf("got %s, want ACCEPTED", acc.Handshake.State)
	}
	_, err = inv.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	wantErr(t, err, "HandshakeAlreadyInStateException", "")
	_, err = inv.DeclineHandshake(ctx(t), &organizations.DeclineHandshakeInput{HandshakeId: h.Id})
	wantErr(t, err, "InvalidHandshakeTransitionException", "")

	// The account joined: INVITED, under the root, with the invitation's tags.
	a, err := o.c.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String(invitee)})
	noErr(t, err)
	if a.Account.JoinedMethod != types.AccountJoinedMethodInvited {
		t.Errorf("got joined method %s, want INVITED", a.Account.JoinedMethod)
	}
	tags, err := o.c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(invitee)})
	noErr(t, err)
	if len(tags.Tags) != 1 || *tags.Tags[0].Key != "team" {
		t.Errorf("got tags %v, want team=blue", tags.Tags)
	}
	// Now a member, the account may describe its organization.
	_, err = inv.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	noErr(t, err)
	// And it cannot be invited again.
	_, err = o.c.InviteAccountToOrganization(ctx(t), &organizations.InviteAccountToOrganizationInput{
		Target: &types.HandshakeParty{Id: aws.String(invitee), Type: types.HandshakePartyTypeAccount}})
	wantErr(t, err, "DuplicateAccountException", "")

	orgList, err := o.c.ListHandshakesForOrganization(ctx(t), &organizations.ListHandshakesForOrganizationInput{
		Filter: &types.HandshakeFilter{ActionType: types.ActionTypeInviteAccountToOrganization}})
	noErr(t, err)
	if len(orgList.Handshakes) != 1 || orgList.Handshakes[0].State != types.HandshakeStateAccepted {
		t.Errorf("got %v, want the accepted invitation", orgList.Handshakes)
	}
}

func TestInvitationRules(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)

	t.Run("an account in another organization", func(t *testing.T) {
		_, err := e.client(otherID).CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{})
		noErr(t, err)
		_, err = o.c.InviteAccountToOrganization(ctx(t), &organizations.InviteAccountToOrganizationInput{
			Target: &types.HandshakeParty{Id: aws.String(otherID), Type: types.HandshakePartyTypeAccount}})
		wantErr(t, err, "HandshakeConstraintViolationException", "ALREADY_IN_AN_ORGANIZATION")
	})
	t.Run("by email of a known account", func(t *testing.T) {
		const acct = "555555555555"
		// An invitation by ID makes the account known, as acct@example.com.
		first := o.invite(t, acct, types.HandshakePartyTypeAccount)
		_, err := o.c.CancelHandshake(ctx(t), &organizations.CancelHandshakeInput{HandshakeId: first.Id})
		noErr(t, err)
		h := o.invite(t, acct+"@example.com", types.HandshakePartyTypeEmail)
		got, err := e.client(acct).DescribeHandshake(ctx(t), &organizations.DescribeHandshakeInput{HandshakeId: h.Id})
		noErr(t, err)
		if *got.Handshake.Id != *h.Id {
			t.Errorf("got %s, want %s", *got.Handshake.Id, *h.Id)
		}
	})
	t.Run("an email Canopy does not know", func(t *testing.T) {
		_, err := o.c.InviteAccountToOrganization(ctx(t), &organizations.InviteAccountToOrganizationInput{
			Target: &types.HandshakeParty{Id: aws.String("nobody@example.org"), Type: types.HandshakePartyTypeEmail}})
		wantErr(t, err, "InvalidInputException", "INVALID_EMAIL_ADDRESS_TARGET")
	})
	t.Run("a malformed account ID", func(t *testing.T) {
		_, err := o.c.InviteAccountToOrganization(ctx(t), &organizations.InviteAccountToOrganizationInput{
			Target: &types.HandshakeParty{Id: aws.String("12345"), Type: types.HandshakePartyTypeAccount}})
		wantErr(t, err, "InvalidInputException", "INVALID_PARTY_TYPE_TARGET")
	})
	t.Run("a member may not invite", func(t *testing.T) {
		m := o.createAccount(t, "member")
		_, err := e.client(m).InviteAccountToOrganization(ctx(t), &organizations.InviteAccountToOrganizationInput{
			Target: &types.HandshakeParty{Id: aws.String("666666666666"), Type: types.HandshakePartyTypeAccount}})
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("decline and cancel", func(t *testing.T) {
		h1 := o.invite(t, "777777777777", types.HandshakePartyTypeAccount)
		out, err := e.client("777777777777").DeclineHandshake(ctx(t), &organizations.DeclineHandshakeInput{HandshakeId: h1.Id})
		noErr(t, err)
		if out.Handshake.State != types.HandshakeStateDeclined {
			t.Errorf("got %s, want DECLINED", out.Handshake.State)
		}
		h2 := o.invite(t, "888888888888", types.HandshakePartyTypeAccount)
		c, err := o.c.CancelHandshake(ctx(t), &organizations.CancelHandshakeInput{HandshakeId: h2.Id})
		noErr(t, err)
		if c.Handshake.State != types.HandshakeStateCanceled {
			t.Errorf("got %s, want CANCELED", c.Handshake.State)
		}
		_, err = e.client("888888888888").AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h2.Id})
		wantErr(t, err, "InvalidHandshakeTransitionException", "")
	})
	t.Run("filters are exclusive", func(t *testing.T) {
		_, err := o.c.ListHandshakesForOrganization(ctx(t), &organizations.ListHandshakesForOrganizationInput{
			Filter: &types.HandshakeFilter{ActionType: types.ActionTypeInviteAccountToOrganization, ParentHandshakeId: aws.String("h-0123456789")}})
		wantErr(t, err, "InvalidInputException", "")
	})
}

func TestInvitationLimits(t *testing.T) {
	t.Parallel()
	e := start(t, withEngine(func(c *engine.Config) { c.Quotas.MaxAccounts = 3 }))
	o := e.newOrg(t)
	o.createAccount(t, "one")
	// Two accounts and one open invitation fill a quota of three.
	o.invite(t, "333333333333", types.HandshakePartyTypeAccount)
	_, err := o.c.InviteAccountToOrganization(ctx(t), &organizations.InviteAccountToOrganizationInput{
		Target: &types.HandshakeParty{Id: aws.String("444444444444"), Type: types.HandshakePartyTypeAccount}})
	wantErr(t, err, "HandshakeConstraintViolationException", "ACCOUNT_NUMBER_LIMIT_EXCEEDED")
}

func TestHandshakeExpiry(t *testing.T) {
	t.Parallel()
	clock := newAcctClock()
	e := start(t, withAcctClock(clock))
	o := e.newOrg(t)
	const invitee = "333333333333"
	h := o.invite(t, invitee, types.HandshakePartyTypeAccount)

	clock.Advance(15*24*time.Hour - time.Second)
	d, err := e.client(invitee).DescribeHandshake(ctx(t), &organizations.DescribeHandshakeInput{HandshakeId: h.Id})
	noErr(t, err)
	if d.Handshake.State != types.HandshakeStateOpen {
		t.Fatalf("got %s one second before expiry, want OPEN", d.Handshake.State)
	}
	clock.Advance(time.Second)
	d, err = e.client(invitee).DescribeHandshake(ctx(t), &organizations.DescribeHandshakeInput{HandshakeId: h.Id})
	noErr(t, err)
	if d.Handshake.State != types.HandshakeStateExpired {
		t.Fatalf("got %s at expiry, want EXPIRED", d.Handshake.State)
	}
	_, err = e.client(invitee).AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	wantErr(t, err, "InvalidHandshakeTransitionException", "")
	// An expired invitation no longer blocks a new one.
	o.invite(t, invitee, types.HandshakePartyTypeAccount)

	// Closed handshakes stay visible for 30 days.
	clock.Advance(30*24*time.Hour - time.Second)
	_, err = o.c.DescribeHandshake(ctx(t), &organizations.DescribeHandshakeInput{HandshakeId: h.Id})
	noErr(t, err)
	clock.Advance(time.Second)
	_, err = o.c.DescribeHandshake(ctx(t), &organizations.DescribeHandshakeInput{HandshakeId: h.Id})
	wantErr(t, err, "HandshakeNotFoundException", "")
}

func TestEnableAllFeatures(t *testing.T) {
	t.Parallel()
	e := start(t)
	c := e.client(mgmtID)
	_, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetConsolidatedBilling})
	noErr(t, err)
	o := &testOrg{c: c}
	// Two invited members and one created one: only the invited approve.
	for _, acct := range []string{"333333333333", "444444444444"} {
		h := o.invite(t, acct, types.HandshakePartyTypeAccount)
		_, err := e.client(acct).AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
		noErr(t, err)
	}
	o.createAccount(t, "created")

	req, err := c.EnableAllFeatures(ctx(t), &organizations.EnableAllFeaturesInput{})
	noErr(t, err)
	parent := req.Handshake
	if parent.Action != types.ActionTypeEnableAllFeatures || parent.State != types.HandshakeStateRequested {
		t.Fatalf("got %s %s, want ENABLE_ALL_FEATURES REQUESTED", parent.Action, parent.State)
	}
	if got := parent.ExpirationTimestamp.Sub(*parent.RequestedTimestamp); got != 90*24*time.Hour {
		t.Errorf("got lifetime %s, want 90 days", got)
	}
	_, err = c.EnableAllFeatures(ctx(t), &organizations.EnableAllFeaturesInput{})
	wantErr(t, err, "HandshakeConstraintViolationException", "ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION")
	_, err = c.CreateAccount(ctx(t), &organizations.CreateAccountInput{AccountName: aws.String("x"), Email: aws.String("x@example.com")})
	wantErr(t, err, "FinalizingOrganizationException", "")
	_, err = c.InviteAccountToOrganization(ctx(t), &organizations.InviteAccountToOrganizationInput{
		Target: &types.HandshakeParty{Id: aws.String("555555555555"), Type: types.HandshakePartyTypeAccount}})
	wantErr(t, err, "HandshakeConstraintViolationException", "INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES")

	children, err := c.ListHandshakesForOrganization(ctx(t), &organizations.ListHandshakesForOrganizationInput{
		Filter: &types.HandshakeFilter{ParentHandshakeId: parent.Id}})
	noErr(t, err)
	if len(children.Handshakes) != 2 {
		t.Fatalf("got %d handshakes under the request, want one per invited member", len(children.Handshakes))
	}
	// The management account cannot finish before every member approved.
	_, err = c.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: parent.Id})
	wantErr(t, err, "InvalidHandshakeTransitionException", "")

	for _, acct := range []string{"333333333333", "444444444444"} {
		mine, err := e.client(acct).ListHandshakesForAccount(ctx(t), &organizations.ListHandshakesForAccountInput{
			Filter: &types.HandshakeFilter{ActionType: types.ActionTypeEnableAllFeatures}})
		noErr(t, err)
		if len(mine.Handshakes) != 1 {
			t.Fatalf("%s: got %d ENABLE_ALL_FEATURES handshakes, want 1", acct, len(mine.Handshakes))
		}
		_, err = e.client(acct).AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: mine.Handshakes[0].Id})
		noErr(t, err)
	}
	approve, err := c.ListHandshakesForAccount(ctx(t), &organizations.ListHandshakesForAccountInput{
		Filter: &types.HandshakeFilter{ActionType: types.ActionTypeApproveAllFeatures}})
	noErr(t, err)
	if len(approve.Handshakes) != 1 || approve.Handshakes[0].State != types.HandshakeStateOpen {
		t.Fatalf("got %v, want one open APPROVE_ALL_FEATURES handshake", approve.Handshakes)
	}
	_, err = c.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: approve.Handshakes[0].Id})
	noErr(t, err)
	d, err := c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	noErr(t, err)
	if d.Organization.FeatureSet != types.OrganizationFeatureSetAll {
		t.Errorf("got feature set %s, want ALL", d.Organization.FeatureSet)
	}
	p, err := c.DescribeHandshake(ctx(t), &organizations.DescribeHandshakeInput{HandshakeId: parent.Id})
	noErr(t, err)
	if p.Handshake.State != types.HandshakeStateAccepted {
		t.Errorf("got request %s, want ACCEPTED", p.Handshake.State)
	}
	_, err = c.EnableAllFeatures(ctx(t), &organizations.EnableAllFeaturesInput{})
	wantErr(t, err, "HandshakeConstraintViolationException", "ORGANIZATION_ALREADY_HAS_ALL_FEATURES")
	// Creating accounts works again.
	o.createAccount(t, "after")
}

func TestLeaveOrganization(t *testing.T) {
	t.Parallel()
	clock := newAcctClock()
	e := start(t, withAcctClock(clock), withEngine(func(c *engine.Config) { c.LeaveWaitPeriod = engine.DefaultLeaveWaitPeriod }))
	o := e.newOrg(t)

	_, err := o.c.LeaveOrganization(ctx(t), &organizations.LeaveOrganizationInput{})
	wantErr(t, err, "MasterCannotLeaveOrganizationException", "")

	created := o.createAccount(t, "created")
	_, err = e.client(created).LeaveOrganization(ctx(t), &organizations.LeaveOrganizationInput{})
	wantErr(t, err, "ConstraintViolationException", "WAIT_PERIOD_ACTIVE")
	_, err = o.c.RemoveAccountFromOrganization(ctx(t), &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(created)})
	wantErr(t, err, "ConstraintViolationException", "WAIT_PERIOD_ACTIVE")
	clock.Advance(engine.DefaultLeaveWaitPeriod)

	// An SCP that denies leaving keeps the account in.
	_, err = o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeServiceControlPolicy})
	noErr(t, err)
	p, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
		Name: aws.String("stay"), Description: aws.String(""), Type: types.PolicyTypeServiceControlPolicy,
		Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}`),
	})
	noErr(t, err)
	_, err = o.c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: p.Policy.PolicySummary.Id, TargetId: aws.String(o.rootID)})
	noErr(t, err)
	_, err = e.client(created).LeaveOrganization(ctx(t), &organizations.LeaveOrganizationInput{})
	wantErr(t, err, "AccessDeniedException", "")
	_, err = o.c.DetachPolicy(ctx(t), &organizations.DetachPolicyInput{PolicyId: p.Policy.PolicySummary.Id, TargetId: aws.String(o.rootID)})
	noErr(t, err)

	_, err = e.client(created).LeaveOrganization(ctx(t), &organizations.LeaveOrganizationInput{})
	noErr(t, err)
	_, err = e.client(created).DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	wantErr(t, err, "AWSOrganizationsNotInUseException", "")
	_, err = o.c.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String(created)})
	wantErr(t, err, "AccountNotFoundException", "")

	// Invited accounts have no waiting period.
	const invitee = "333333333333"
	h := o.invite(t, invitee, types.HandshakePartyTypeAccount)
	_, err = e.client(invitee).AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	noErr(t, err)
	_, err = e.client(invitee).LeaveOrganization(ctx(t), &organizations.LeaveOrganizationInput{})
	noErr(t, err)
}

func TestCreateGovCloudAccount(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	out, err := o.c.CreateGovCloudAccount(ctx(t), &organizations.CreateGovCloudAccountInput{
		AccountName: aws.String("gov"), Email: aws.String("gov@example.com")})
	noErr(t, err)
	st := o.waitCreate(t, *out.CreateAccountStatus.Id)
	if st.State != types.CreateAccountStateSucceeded || st.GovCloudAccountId == nil || *st.GovCloudAccountId == *st.AccountId {
		t.Fatalf("got %+v, want SUCCEEDED with a GovCloud account of its own", st)
	}
	// The commercial account is a member; its GovCloud twin is standalone.
	_, err = o.c.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: st.AccountId})
	noErr(t, err)
	_, err = o.c.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: st.GovCloudAccountId})
	wantErr(t, err, "AccountNotFoundException", "")
	_, err = e.client(*st.GovCloudAccountId).DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	wantErr(t, err, "AWSOrganizationsNotInUseException", "")
}

func TestInvitationRateLimit(t *testing.T) {
	t.Parallel()
	clock := newAcctClock()
	// With a quota of 5 accounts the daily limit is AWS's floor of 20.
	e := start(t, withAcctClock(clock), withEngine(func(c *engine.Config) { c.Quotas.MaxAccounts = 5 }))
	o := e.newOrg(t)
	for i := 0; i < 20; i++ {
		h := o.invite(t, "333333333333", types.HandshakePartyTypeAccount)
		_, err := o.c.CancelHandshake(ctx(t), &organizations.CancelHandshakeInput{HandshakeId: h.Id})
		noErr(t, err)
	}
	_, err := o.c.InviteAccountToOrganization(ctx(t), &organizations.InviteAccountToOrganizationInput{
		Target: &types.HandshakeParty{Id: aws.String("333333333333"), Type: types.HandshakePartyTypeAccount}})
	wantErr(t, err, "HandshakeConstraintViolationException", "HANDSHAKE_RATE_LIMIT_EXCEEDED")
	clock.Advance(24 * time.Hour)
	o.invite(t, "333333333333", types.HandshakePartyTypeAccount)
}

// The management account cancels its ENABLE_ALL_FEATURES request (it
// cannot decline it); the members' handshakes under it end with it, and
// the organization works as before.
func TestEnableAllFeaturesCanceled(t *testing.T) {
	t.Parallel()
	e := start(t)
	c := e.client(mgmtID)
	_, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetConsolidatedBilling})
	noErr(t, err)
	o := &testOrg{c: c}
	const member = "333333333333"
	h := o.invite(t, member, types.HandshakePartyTypeAccount)
	_, err = e.client(member).AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	noErr(t, err)
	req, err := c.EnableAllFeatures(ctx(t), &organizations.EnableAllFeaturesInput{})
	noErr(t, err)
	_, err = c.DeclineHandshake(ctx(t), &organizations.DeclineHandshakeInput{HandshakeId: req.Handshake.Id})
	wantErr(t, err, "AccessDeniedException", "")
	_, err = e.client(member).CancelHandshake(ctx(t), &organizations.CancelHandshakeInput{HandshakeId: req.Handshake.Id})
	wantErr(t, err, "HandshakeNotFoundException", "")
	out, err := c.CancelHandshake(ctx(t), &organizations.CancelHandshakeInput{HandshakeId: req.Handshake.Id})
	noErr(t, err)
	if out.Handshake.State != types.HandshakeStateCanceled {
		t.Errorf("got %s, want CANCELED", out.Handshake.State)
	}
	mine, err := e.client(member).ListHandshakesForAccount(ctx(t), &organizations.ListHandshakesForAccountInput{
		Filter: &types.HandshakeFilter{ActionType: types.ActionTypeEnableAllFeatures}})
	noErr(t, err)
	if len(mine.Handshakes) != 1 || mine.Handshakes[0].State != types.HandshakeStateCanceled {
		t.Errorf("got %v, want the member's handshake CANCELED", mine.Handshakes)
	}
	d, err := c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	noErr(t, err)
	if d.Organization.FeatureSet != types.OrganizationFeatureSetConsolidatedBilling {
		t.Errorf("got %s, want CONSOLIDATED_BILLING", d.Organization.FeatureSet)
	}
	o.createAccount(t, "after-cancel")
}
