package apitest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"canopy/engine"
)

// restartOrg returns the management client of the organization in a
// restarted server.
func restartOrg(t *testing.T, e *env, before *testOrg) *testOrg {
	t.Helper()
	return &testOrg{c: e.client(mgmtID), org: before.org, rootID: before.rootID}
}

// restartStop closes a server, as an operator stopping the process would.
func restartStop(t *testing.T, e *env) {
	t.Helper()
	if err := e.srv.Close(); err != nil {
		t.Fatalf("close server: %v", err)
	}
}

// TestRestartCompletesCreateAccount: a CreateAccount request still
// IN_PROGRESS when the server stops completes after the next start.
func TestRestartCompletesCreateAccount(t *testing.T) {
	t.Parallel()
	const delay = 300 * time.Millisecond
	opts := withEngine(func(c *engine.Config) { c.AccountCreationDelay = delay })
	e := start(t, opts)
	o := e.newOrg(t)
	sent := time.Now()
	out, err := o.c.CreateAccount(ctx(t), &organizations.CreateAccountInput{AccountName: aws.String("survivor"), Email: aws.String("survivor@example.com")})
	noErr(t, err)
	restartStop(t, e)
	if elapsed := time.Since(sent); elapsed >= delay {
		// Still a valid run, but it did not prove the point.
		t.Logf("server took %v to stop; the request may have completed before", elapsed)
	}
	if out.CreateAccountStatus.State != types.CreateAccountStateInProgress {
		t.Fatalf("got %s, want IN_PROGRESS", out.CreateAccountStatus.State)
	}

	e2 := startIn(t, e.dir, opts)
	o2 := restartOrg(t, e2, o)
	st := o2.waitCreate(t, *out.CreateAccountStatus.Id)
	if st.State != types.CreateAccountStateSucceeded {
		t.Fatalf("got %s %s, want SUCCEEDED", st.State, st.FailureReason)
	}
	a := acctDescribe(t, o2, *st.AccountId)
	if aws.ToString(a.Email) != "survivor@example.com" || a.Status != types.AccountStatusActive {
		t.Errorf("got %s %s, want survivor@example.com ACTIVE", aws.ToString(a.Email), a.Status)
	}
}

// TestRestartCompletesDueWork is TestRestartCompletesCreateAccount with a
// clock, so that the work is certainly pending when the server stops; it
// covers CloseAccount too, and work not yet due at the next start.
func TestRestartCompletesDueWork(t *testing.T) {
	t.Parallel()
	clock := newAcctClock()
	opts := []option{withAcctClock(clock), withEngine(func(c *engine.Config) {
		c.AccountCreationDelay = time.Hour
		c.AccountClosureDelay = time.Hour
	})}
	e := start(t, opts...)
	o := e.newOrg(t)
	// One account exists before, to be closed.
	first := acctStartCreate(t, o.c, "first", "first@example.com")
	clock.Advance(time.Hour)
	e.srv.Engine().RunDue(ctx(t))
	closing := *o.waitCreate(t, first).AccountId
	_, err := o.c.CloseAccount(ctx(t), &organizations.CloseAccountInput{AccountId: aws.String(closing)})
	noErr(t, err)
	clock.Advance(30 * time.Minute)
	soon := acctStartCreate(t, o.c, "soon", "soon@example.com") // due at +1h30
	clock.Advance(30 * time.Minute)
	late := acctStartCreate(t, o.c, "late", "late@example.com") // due at +2h
	restartStop(t, e)

	// At the next start the closure and the first request are due (but not
	// the second): the worker completes them without being asked.
	clock.Advance(30 * time.Minute)
	e2 := startIn(t, e.dir, opts...)
	o2 := restartOrg(t, e2, o)
	if st := o2.waitCreate(t, soon); st.State != types.CreateAccountStateSucceeded {
		t.Errorf("soon: got %s %s, want SUCCEEDED", st.State, st.FailureReason)
	}
	deadline := time.Now().Add(20 * time.Second)
	for acctDescribe(t, o2, closing).Status != types.AccountStatusSuspended {
		if time.Now().After(deadline) {
			t.Fatalf("account %s still not SUSPENDED after restart", closing)
		}
		time.Sleep(5 * time.Millisecond)
	}
	e2.srv.Engine().RunDue(ctx(t))
	out, err := o2.c.DescribeCreateAccountStatus(ctx(t), &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: aws.String(late)})
	noErr(t, err)
	if out.CreateAccountStatus.State != types.CreateAccountStateInProgress {
		t.Errorf("late: got %s, want IN_PROGRESS until due", out.CreateAccountStatus.State)
	}
	clock.Advance(30 * time.Minute)
	e2.srv.Engine().RunDue(ctx(t))
	if st := o2.waitCreate(t, late); st.State != types.CreateAccountStateSucceeded {
		t.Errorf("late: got %s %s, want SUCCEEDED", st.State, st.FailureReason)
	}
}

// restartSnapshot reads, through the API, everything the management
// account can see of the organization, as JSON per item.
func restartSnapshot(t *testing.T, o *testOrg) map[string]string {
	t.Helper()
	c := o.c
	snap := map[string]string{}
	put := func(key string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("marshal %s: %v", key, err)
		}
		snap[key] = string(b)
	}
	org, err := c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	noErr(t, err)
	put("organization", org.Organization)
	roots, err := c.ListRoots(ctx(t), &organizations.ListRootsInput{})
	noErr(t, err)
	put("roots", roots.Roots)

	var accounts []types.Account
	pa := organizations.NewListAccountsPaginator(c, &organizations.ListAccountsInput{})
	for pa.HasMorePages() {
		page, err := pa.NextPage(ctx(t))
		noErr(t, err)
		accounts = append(accounts, page.Accounts...)
	}
	put("accounts", accounts)
	targets := []string{}
	for _, a := range accounts {
		targets = append(targets, *a.Id)
	}

	// Walk the hierarchy.
	queue := []string{*roots.Roots[0].Id}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		targets = append(targets, p)
		ous, err := c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(p)})
		noErr(t, err)
		put("ous of "+p, ous.OrganizationalUnits)
		for _, ou := range ous.OrganizationalUnits {
			queue = append(queue, *ou.Id)
		}
		as, err := c.ListAccountsForParent(ctx(t), &organizations.ListAccountsForParentInput{ParentId: aws.String(p)})
		noErr(t, err)
		put("accounts of "+p, as.Accounts)
	}

	for _, pt := range []types.PolicyType{types.PolicyTypeServiceControlPolicy, types.PolicyTypeTagPolicy} {
		ps, err := c.ListPolicies(ctx(t), &organizations.ListPoliciesInput{Filter: pt})
		noErr(t, err)
		put("policies "+string(pt), ps.Policies)
		for _, p := range ps.Policies {
			d, err := c.DescribePolicy(ctx(t), &organizations.DescribePolicyInput{PolicyId: p.Id})
			noErr(t, err)
			put("policy "+*p.Id, d.Policy)
			tg, err := c.ListTargetsForPolicy(ctx(t), &organizations.ListTargetsForPolicyInput{PolicyId: p.Id})
			noErr(t, err)
			put("targets of "+*p.Id, tg.Targets)
			if !p.AwsManaged {
				targets = append(targets, *p.Id)
			}
		}
	}
	for _, id := range targets {
		tags, err := c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
		noErr(t, err)
		put("tags of "+id, tags.Tags)
		if strings.HasPrefix(id, "p-") {
			continue
		}
		ps, err := c.ListPoliciesForTarget(ctx(t), &organizations.ListPoliciesForTargetInput{TargetId: aws.String(id), Filter: types.PolicyTypeServiceControlPolicy})
		noErr(t, err)
		put("SCPs of "+id, ps.Policies)
	}
	svc, err := c.ListAWSServiceAccessForOrganization(ctx(t), &organizations.ListAWSServiceAccessForOrganizationInput{})
	noErr(t, err)
	put("service access", svc.EnabledServicePrincipals)
	da, err := c.ListDelegatedAdministrators(ctx(t), &organizations.ListDelegatedAdministratorsInput{})
	noErr(t, err)
	put("delegated administrators", da.DelegatedAdministrators)
	cas, err := c.ListCreateAccountStatus(ctx(t), &organizations.ListCreateAccountStatusInput{})
	noErr(t, err)
	put("create account requests", cas.CreateAccountStatuses)
	return snap
}

// TestRestartKeepsState: everything survives a restart, and a NextToken
// issued before it still works after it.
func TestRestartKeepsState(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	c := o.c
	_, err := c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeServiceControlPolicy})
	noErr(t, err)
	_, err = c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeTagPolicy})
	noErr(t, err)
	prod := o.createOU(t, o.rootID, "Prod")
	web := o.createOU(t, prod, "Web")
	o.createOU(t, o.rootID, "Dev")
	ids := acctCreateMany(t, o, "r", 7)
	for _, id := range ids[:3] {
		_, err := c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(id), SourceParentId: aws.String(o.rootID), DestinationParentId: aws.String(web)})
		noErr(t, err)
	}
	scp, err := c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
		Name: aws.String("no-leave"), Description: aws.String("deny leaving"), Type: types.PolicyTypeServiceControlPolicy,
		Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}`),
		Tags:    []types.Tag{{Key: aws.String("owner"), Value: aws.String("sec")}},
	})
	noErr(t, err)
	scpID := *scp.Policy.PolicySummary.Id
	for _, target := range []string{prod, ids[4]} {
		_, err := c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: aws.String(scpID), TargetId: aws.String(target)})
		noErr(t, err)
	}
	tagPol, err := c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
		Name: aws.String("tags"), Description: aws.String("tag rules"), Type: types.PolicyTypeTagPolicy,
		Content: aws.String(`{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"}}}}`),
	})
	noErr(t, err)
	_, err = c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: tagPol.Policy.PolicySummary.Id, TargetId: aws.String(o.rootID)})
	noErr(t, err)
	for _, target := range []string{o.rootID, prod, ids[0]} {
		_, err := c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String(target), Tags: []types.Tag{
			{Key: aws.String("env"), Value: aws.String("v-" + target)},
		}})
		noErr(t, err)
	}
	acctDelegate(t, o, ids[5])
	// A failed request, to keep among the requests.
	failed := acctStartCreate(t, c, "dup", "r-00@example.com")
	o.waitCreate(t, failed)

	before := restartSnapshot(t, o)
	if len(before) < 40 {
		t.Fatalf("got a snapshot of %d items, want one of the whole organization", len(before))
	}
	tokens := map[string]*string{}
	firstAccounts, err := c.ListAccounts(ctx(t), &organizations.ListAccountsInput{MaxResults: aws.Int32(3)})
	noErr(t, err)
	tokens["ListAccounts"] = firstAccounts.NextToken
	firstReqs, err := c.ListCreateAccountStatus(ctx(t), &organizations.ListCreateAccountStatusInput{MaxResults: aws.Int32(2)})
	noErr(t, err)
	tokens["ListCreateAccountStatus"] = firstReqs.NextToken
	firstChildren, err := c.ListChildren(ctx(t), &organizations.ListChildrenInput{ParentId: aws.String(o.rootID), ChildType: types.ChildTypeAccount, MaxResults: aws.Int32(2)})
	noErr(t, err)
	tokens["ListChildren"] = firstChildren.NextToken
	for op, tok := range tokens {
		if tok == nil {
			t.Fatalf("%s: got no NextToken, want one", op)
		}
	}

	restartStop(t, e)
	e2 := startIn(t, e.dir)
	o2 := restartOrg(t, e2, o)
	c2 := o2.c

	t.Run("state", func(t *testing.T) {
		after := restartSnapshot(t, o2)
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range before {
				if !yield(k) {
					return
				}
			}
		})
		for _, k := range keys {
			if after[k] != before[k] {
				t.Errorf("%s: got %s, want %s", k, after[k], before[k])
			}
		}
		if len(after) != len(before) {
			t.Errorf("got %d items, want %d", len(after), len(before))
		}
	})

	t.Run("NextToken from before the restart", func(t *testing.T) {
		t.Run("ListAccounts", func(t *testing.T) {
			got := []string{}
			for _, a := range firstAccounts.Accounts {
				got = append(got, *a.Id)
			}
			p := organizations.NewListAccountsPaginator(c2, &organizations.ListAccountsInput{NextToken: tokens["ListAccounts"], MaxResults: aws.Int32(3)})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx(t))
				noErr(t, err)
				for _, a := range page.Accounts {
					got = append(got, *a.Id)
				}
			}
			want := append([]string{mgmtID}, ids...)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
		t.Run("ListCreateAccountStatus", func(t *testing.T) {
			n := len(firstReqs.CreateAccountStatuses)
			p := organizations.NewListCreateAccountStatusPaginator(c2, &organizations.ListCreateAccountStatusInput{NextToken: tokens["ListCreateAccountStatus"], MaxResults: aws.Int32(2)})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx(t))
				noErr(t, err)
				n += len(page.CreateAccountStatuses)
			}
			if want := len(ids) + 1; n != want {
				t.Errorf("got %d requests, want %d", n, want)
			}
		})
		t.Run("ListChildren", func(t *testing.T) {
			n := len(firstChildren.Children)
			p := organizations.NewListChildrenPaginator(c2, &organizations.ListChildrenInput{ParentId: aws.String(o.rootID), ChildType: types.ChildTypeAccount, NextToken: tokens["ListChildren"], MaxResults: aws.Int32(2)})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx(t))
				noErr(t, err)
				n += len(page.Children)
			}
			if want := 1 + len(ids) - 3; n != want {
				t.Errorf("got %d accounts under the root, want %d", n, want)
			}
		})
	})

	t.Run("rules still hold", func(t *testing.T) {
		_, err := c2.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(o.rootID), Name: aws.String("Prod")})
		wantErr(t, err, "DuplicateOrganizationalUnitException", "")
		_, err = c2.RemoveAccountFromOrganization(ctx(t), &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(ids[5])})
		wantErr(t, err, "ConstraintViolationException", "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG")
		_, err = e2.client(ids[1]).ListAccounts(ctx(t), &organizations.ListAccountsInput{})
		wantErr(t, err, "AccessDeniedException", "")
		if _, err := e2.client(ids[5]).ListAccounts(ctx(t), &organizations.ListAccountsInput{}); err != nil {
			t.Errorf("delegated administrator: got %v, want ListAccounts allowed", err)
		}
		out, err := c2.CreateAccount(ctx(t), &organizations.CreateAccountInput{AccountName: aws.String("again"), Email: aws.String("R-01@example.com")})
		noErr(t, err)
		if st := o2.waitCreate(t, *out.CreateAccountStatus.Id); st.FailureReason != types.CreateAccountFailureReasonEmailAlreadyExists {
			t.Errorf("got %s %s, want FAILED EMAIL_ALREADY_EXISTS", st.State, st.FailureReason)
		}
	})

	t.Run("writes after the restart", func(t *testing.T) {
		id := o2.createAccount(t, "after")
		ou := o2.createOU(t, web, "Deep")
		_, err := c2.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(id), SourceParentId: aws.String(o.rootID), DestinationParentId: aws.String(ou)})
		noErr(t, err)
		want := fmt.Sprintf("%s/%s/%s/%s/%s/%s/", *o.org.Id, o.rootID, prod, web, ou, id)
		if got := acctDescribe(t, o2, id).Paths; len(got) != 1 || got[0] != want {
			t.Errorf("got paths %v, want [%s]", got, want)
		}
		// The new account got the default SCP, as SCPs are still enabled.
		ps, err := c2.ListPoliciesForTarget(ctx(t), &organizations.ListPoliciesForTargetInput{TargetId: aws.String(id), Filter: types.PolicyTypeServiceControlPolicy})
		noErr(t, err)
		if len(ps.Policies) != 1 || *ps.Policies[0].Id != "p-FullAWSAccess" {
			t.Errorf("got %d SCPs, want [p-FullAWSAccess]", len(ps.Policies))
		}
	})
}
