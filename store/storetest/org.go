package storetest

import (
	"context"
	"errors"
	"testing"

	"canopy/org"
	"canopy/store"
)

func testTags(t *testing.T, s store.Store) {
	const orgA, res, other = "o-aaaaaaaaaa", "111111111111", "ou-aaaa-11111111"
	update(t, s, func(tx store.Tx) error {
		return tx.SetTags(orgA, other, []org.Tag{{Key: "keep", Value: "me"}})
	})
	tests := []struct {
		name string
		set  []org.Tag
		want []org.Tag
	}{
		{"sorted by key", []org.Tag{{Key: "b", Value: "2"}, {Key: "a", Value: "1"}, {Key: "c", Value: ""}},
			[]org.Tag{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}, {Key: "c", Value: ""}}},
		{"replaced", []org.Tag{{Key: "d", Value: "4"}}, []org.Tag{{Key: "d", Value: "4"}}},
		{"emptied", []org.Tag{}, nil},
		{"set again", []org.Tag{{Key: "Env", Value: "x"}, {Key: "env", Value: "y"}},
			[]org.Tag{{Key: "Env", Value: "x"}, {Key: "env", Value: "y"}}},
		{"emptied by nil", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			update(t, s, func(tx store.Tx) error { return tx.SetTags(orgA, res, tc.set) })
			got := viewGet(t, s, func(tx store.Tx) ([]org.Tag, error) { return tx.ListTags(res) })
			equal(t, "ListTags", got, tc.want)
			got = viewGet(t, s, func(tx store.Tx) ([]org.Tag, error) { return tx.ListTags(other) })
			equal(t, "ListTags of another resource", got, []org.Tag{{Key: "keep", Value: "me"}})
		})
	}
}

func testServiceAccess(t *testing.T, s store.Store) {
	const orgA, orgB = "o-aaaaaaaaaa", "o-bbbbbbbbbb"
	enabled := []org.EnabledServicePrincipal{
		{ServicePrincipal: "sso.amazonaws.com", DateEnabled: at(3)},
		{ServicePrincipal: svcConfig, DateEnabled: at(1)},
		{ServicePrincipal: "ram.amazonaws.com", DateEnabled: at(2)},
	}
	update(t, s, func(tx store.Tx) error {
		return errors.Join(tx.PutServiceAccess(orgA, enabled[0]), tx.PutServiceAccess(orgA, enabled[1]),
			tx.PutServiceAccess(orgA, enabled[2]), tx.PutServiceAccess(orgB, enabled[0]))
	})
	principal := func(e org.EnabledServicePrincipal) string { return e.ServicePrincipal }
	list := func(orgID string) func(tx store.Tx, p store.Page) ([]org.EnabledServicePrincipal, error) {
		return func(tx store.Tx, p store.Page) ([]org.EnabledServicePrincipal, error) {
			return tx.ListServiceAccess(orgID, p)
		}
	}
	t.Run("ListServiceAccess", func(t *testing.T) {
		checkPaging(t, s, []string{svcConfig, "ram.amazonaws.com", "sso.amazonaws.com"}, list(orgA), principal)
		got := viewGet(t, s, func(tx store.Tx) ([]org.EnabledServicePrincipal, error) { return list(orgA)(tx, store.Page{}) })
		equal(t, "ListServiceAccess", got, []org.EnabledServicePrincipal{enabled[1], enabled[2], enabled[0]})
	})
	t.Run("enabling again keeps the date", func(t *testing.T) {
		update(t, s, func(tx store.Tx) error {
			return tx.PutServiceAccess(orgA, org.EnabledServicePrincipal{ServicePrincipal: svcConfig, DateEnabled: at(99)})
		})
		got := viewGet(t, s, func(tx store.Tx) ([]org.EnabledServicePrincipal, error) {
			return tx.ListServiceAccess(orgA, store.Page{Limit: 1})
		})
		equal(t, "ListServiceAccess", got, []org.EnabledServicePrincipal{enabled[1]})
	})
	// Each case starts again from the principals enabled above, which
	// enabling again restores with their original dates.
	deletes := []struct {
		name         string
		deletes      [][2]string
		wantA, wantB []string
	}{
		{"enabled", [][2]string{{orgA, "ram.amazonaws.com"}},
			[]string{svcConfig, "sso.amazonaws.com"}, []string{"sso.amazonaws.com"}},
		{"already disabled", [][2]string{{orgA, "ram.amazonaws.com"}, {orgA, "ram.amazonaws.com"}},
			[]string{svcConfig, "sso.amazonaws.com"}, []string{"sso.amazonaws.com"}},
		{"never enabled", [][2]string{{orgB, svcConfig}},
			[]string{svcConfig, "ram.amazonaws.com", "sso.amazonaws.com"}, []string{"sso.amazonaws.com"}},
		{"one org only", [][2]string{{orgB, "sso.amazonaws.com"}},
			[]string{svcConfig, "ram.amazonaws.com", "sso.amazonaws.com"}, nil},
	}
	for _, tc := range deletes {
		t.Run("DeleteServiceAccess "+tc.name, func(t *testing.T) {
			update(t, s, func(tx store.Tx) error {
				return errors.Join(tx.PutServiceAccess(orgA, enabled[0]), tx.PutServiceAccess(orgA, enabled[1]),
					tx.PutServiceAccess(orgA, enabled[2]), tx.PutServiceAccess(orgB, enabled[0]))
			})
			update(t, s, func(tx store.Tx) error {
				var err error
				for _, d := range tc.deletes {
					err = errors.Join(err, tx.DeleteServiceAccess(d[0], d[1]))
				}
				return err
			})
			equal(t, "org A", collect(t, s, 0, list(orgA), principal), tc.wantA)
			equal(t, "org B", collect(t, s, 0, list(orgB), principal), tc.wantB)
		})
	}
}

func testDelegations(t *testing.T, s store.Store) {
	const orgA, orgB = "o-aaaaaaaaaa", "o-bbbbbbbbbb"
	d := func(orgID, account, principal string, n int) org.Delegation {
		return org.Delegation{OrgID: orgID, AccountID: account, ServicePrincipal: principal, EnabledAt: at(n)}
	}
	made := []org.Delegation{
		d(orgA, "222222222222", svcSecurity, 1),
		d(orgA, "111111111111", svcSecurity, 2),
		d(orgA, "111111111111", svcConfig, 3),
		d(orgB, "333333333333", svcConfig, 4),
	}
	update(t, s, func(tx store.Tx) error {
		var err error
		for _, x := range made {
			err = errors.Join(err, tx.InsertDelegation(x))
		}
		return err
	})
	lists := []struct {
		name, org, account, principal string
		want                          []org.Delegation
	}{
		{"whole org", orgA, "", "", []org.Delegation{made[2], made[1], made[0]}},
		{"one account", orgA, "111111111111", "", []org.Delegation{made[2], made[1]}},
		{"one service", orgA, "", svcSecurity, []org.Delegation{made[1], made[0]}},
		{"account and service", orgA, "222222222222", svcSecurity, []org.Delegation{made[0]}},
		{"no match", orgA, "333333333333", "", nil},
		{"other org", orgB, "", "", []org.Delegation{made[3]}},
	}
	for _, tc := range lists {
		t.Run("ListDelegations "+tc.name, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) ([]org.Delegation, error) {
				return tx.ListDelegations(tc.org, tc.account, tc.principal)
			})
			equal(t, "ListDelegations", got, tc.want)
		})
	}
	t.Run("InsertDelegation twice", func(t *testing.T) {
		err := s.Update(context.Background(), func(tx store.Tx) error { return tx.InsertDelegation(d(orgA, "111111111111", svcConfig, 9)) })
		wantErr(t, "InsertDelegation", err, store.ErrConflict)
	})
	t.Run("DeleteDelegation", func(t *testing.T) {
		update(t, s, func(tx store.Tx) error { return tx.DeleteDelegation(orgA, "111111111111", svcConfig) })
		got := viewGet(t, s, func(tx store.Tx) ([]org.Delegation, error) { return tx.ListDelegations(orgA, "", "") })
		equal(t, "ListDelegations", got, []org.Delegation{made[1], made[0]})
		err := s.Update(context.Background(), func(tx store.Tx) error { return tx.DeleteDelegation(orgA, "111111111111", svcConfig) })
		wantErr(t, "DeleteDelegation twice", err, store.ErrNotFound)
		err = s.Update(context.Background(), func(tx store.Tx) error { return tx.DeleteDelegation(orgB, "111111111111", svcSecurity) })
		wantErr(t, "DeleteDelegation in the wrong org", err, store.ErrNotFound)
	})
}

func testCreateAccountStatuses(t *testing.T, s store.Store) {
	const orgA, orgB = "o-aaaaaaaaaa", "o-bbbbbbbbbb"
	c := func(id, orgID, state string, due int) org.CreateAccountStatus {
		return org.CreateAccountStatus{ID: id, AccountName: "name " + id, State: state, RequestedTimestamp: at(1),
			OrgID: orgID, Email: id + "@example.com", RoleName: "Role", DueAt: at(due)}
	}
	full := org.CreateAccountStatus{
		ID: "car-0full", AccountName: "Full", State: org.CreateFailed, RequestedTimestamp: at(1),
		CompletedTimestamp: at(2), AccountID: "111111111111", GovCloudAccountID: "222222222222",
		FailureReason: "EMAIL_ALREADY_EXISTS", OrgID: orgA, Email: "full@example.com", RoleName: "Admin",
		GovCloud: true, Tags: []org.Tag{{Key: "b", Value: "2"}, {Key: "a", Value: "1"}}, DueAt: at(3),
	}
	made := []org.CreateAccountStatus{
		full,
		c("car-4", orgA, org.CreateInProgress, 10),
		c("car-2", orgA, org.CreateSucceeded, 5),
		c("car-1", orgA, org.CreateInProgress, 30),
		c("car-3", orgA, org.CreateFailed, 5),
		c("car-5", orgB, org.CreateInProgress, 20),
	}
	update(t, s, func(tx store.Tx) error {
		var err error
		for i := range made {
			err = errors.Join(err, tx.PutCreateAccountStatus(&made[i]))
		}
		return err
	})
	for _, want := range made {
		t.Run("GetCreateAccountStatus "+want.ID, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (*org.CreateAccountStatus, error) { return tx.GetCreateAccountStatus(want.ID) })
			equal(t, "GetCreateAccountStatus", got, &want)
		})
	}
	id := func(c org.CreateAccountStatus) string { return c.ID }
	lists := []struct {
		name   string
		org    string
		states []string
		want   []string
	}{
		{"every state", orgA, nil, []string{"car-0full", "car-1", "car-2", "car-3", "car-4"}},
		{"empty states", orgA, []string{}, []string{"car-0full", "car-1", "car-2", "car-3", "car-4"}},
		{"in progress", orgA, []string{org.CreateInProgress}, []string{"car-1", "car-4"}},
		{"finished", orgA, []string{org.CreateSucceeded, org.CreateFailed}, []string{"car-0full", "car-2", "car-3"}},
		{"other org", orgB, nil, []string{"car-5"}},
	}
	for _, tc := range lists {
		t.Run("ListCreateAccountStatuses "+tc.name, func(t *testing.T) {
			checkPaging(t, s, tc.want, func(tx store.Tx, p store.Page) ([]org.CreateAccountStatus, error) {
				return tx.ListCreateAccountStatuses(tc.org, tc.states, p)
			}, id)
		})
	}
	pending := []struct {
		limit int
		want  []string
	}{
		{0, []string{"car-4", "car-5", "car-1"}},
		{2, []string{"car-4", "car-5"}},
		{10, []string{"car-4", "car-5", "car-1"}},
	}
	for _, tc := range pending {
		got := viewGet(t, s, func(tx store.Tx) ([]org.CreateAccountStatus, error) {
			return tx.ListPendingCreateAccountStatuses(tc.limit)
		})
		keys := make([]string, len(got))
		for i, x := range got {
			keys[i] = x.ID
		}
		equal(t, "ListPendingCreateAccountStatuses", keys, tc.want)
	}
	t.Run("replace", func(t *testing.T) {
		done := made[1]
		done.State, done.CompletedTimestamp, done.AccountID = org.CreateSucceeded, at(11), "444444444444"
		update(t, s, func(tx store.Tx) error { return tx.PutCreateAccountStatus(&done) })
		got := viewGet(t, s, func(tx store.Tx) (*org.CreateAccountStatus, error) { return tx.GetCreateAccountStatus(done.ID) })
		equal(t, "GetCreateAccountStatus", got, &done)
		list := viewGet(t, s, func(tx store.Tx) ([]org.CreateAccountStatus, error) { return tx.ListPendingCreateAccountStatuses(0) })
		equal(t, "ListPendingCreateAccountStatuses", list, []org.CreateAccountStatus{made[5], made[3]})
	})
}

func testAccessKeys(t *testing.T, s store.Store) {
	k := org.AccessKey{AccessKeyID: "AKIAAAAAAAAAAAAAAAAA", SecretAccessKey: "s3cr3t", AccountID: "111111111111", CreatedAt: at(1)}
	update(t, s, func(tx store.Tx) error { return tx.PutAccessKey(&k) })
	got := viewGet(t, s, func(tx store.Tx) (*org.AccessKey, error) { return tx.GetAccessKey(k.AccessKeyID) })
	equal(t, "GetAccessKey", got, &k)
	k.SecretAccessKey, k.AccountID, k.CreatedAt = "rotated", "222222222222", at(2)
	update(t, s, func(tx store.Tx) error { return tx.PutAccessKey(&k) })
	got = viewGet(t, s, func(tx store.Tx) (*org.AccessKey, error) { return tx.GetAccessKey(k.AccessKeyID) })
	equal(t, "GetAccessKey after replace", got, &k)
}

func testDeleteOrganization(t *testing.T, s store.Store) {
	a, b := newWorld("a", "1"), newWorld("b", "2")
	// A standalone account never belonged to either and must not change.
	alone := org.Account{ID: "999999999999", Email: "alone@example.com", Name: "Alone", Status: org.AccountActive}
	update(t, s, func(tx store.Tx) error { return errors.Join(a.put(tx), b.put(tx), tx.PutAccount(&alone)) })
	bBefore := observeOwn(t, s, b)

	update(t, s, func(tx store.Tx) error { return tx.DeleteOrganization(a.Org.ID) })

	gone := []struct {
		name string
		fn   func(tx store.Tx) error
	}{
		{"organization", func(tx store.Tx) error { _, err := tx.GetOrganization(a.Org.ID); return err }},
		{"root", func(tx store.Tx) error { _, err := tx.GetRoot(a.Root.ID); return err }},
		{"OU", func(tx store.Tx) error { _, err := tx.GetOU(a.OU.ID); return err }},
		{"customer policy", func(tx store.Tx) error { _, err := tx.GetPolicy(a.Policy.PolicySummary.ID); return err }},
		{"create account status", func(tx store.Tx) error { _, err := tx.GetCreateAccountStatus(a.CAS.ID); return err }},
		{"handshake", func(tx store.Tx) error { _, err := tx.GetHandshake(a.Handshake.ID); return err }},
		{"resource policy", func(tx store.Tx) error { _, err := tx.GetResourcePolicy(a.Org.ID); return err }},
	}
	for _, tc := range gone {
		t.Run("gone "+tc.name, func(t *testing.T) {
			wantErr(t, tc.name, s.View(context.Background(), tc.fn), store.ErrNotFound)
		})
	}
	empty := []struct {
		name string
		fn   func(tx store.Tx) (int, error)
	}{
		{"ListRoots", func(tx store.Tx) (int, error) { v, err := tx.ListRoots(a.Org.ID, store.Page{}); return len(v), err }},
		{"ListOUsForParent", func(tx store.Tx) (int, error) {
			v, err := tx.ListOUsForParent(a.Root.ID, store.Page{})
			return len(v), err
		}},
		{"CountOUs", func(tx store.Tx) (int, error) { return tx.CountOUs(a.Org.ID) }},
		{"ListAccounts", func(tx store.Tx) (int, error) { v, err := tx.ListAccounts(a.Org.ID, store.Page{}); return len(v), err }},
		{"ListAccountsForParent", func(tx store.Tx) (int, error) {
			v, err := tx.ListAccountsForParent(a.OU.ID, store.Page{})
			return len(v), err
		}},
		{"CountAccounts", func(tx store.Tx) (int, error) { return tx.CountAccounts(a.Org.ID) }},
		{"CountPolicies", func(tx store.Tx) (int, error) { return tx.CountPolicies(a.Org.ID, typeSCP) }},
		{"ListAttachmentsForTarget", func(tx store.Tx) (int, error) {
			v, err := tx.ListAttachmentsForTarget(a.Member.ID, "")
			return len(v), err
		}},
		{"ListAttachmentsForPolicy managed", func(tx store.Tx) (int, error) {
			v, err := tx.ListAttachmentsForPolicy(a.Org.ID, managedPolicy.PolicySummary.ID, store.Page{})
			return len(v), err
		}},
		{"ListTags", func(tx store.Tx) (int, error) { v, err := tx.ListTags(a.Member.ID); return len(v), err }},
		{"ListServiceAccess", func(tx store.Tx) (int, error) {
			v, err := tx.ListServiceAccess(a.Org.ID, store.Page{})
			return len(v), err
		}},
		{"ListDelegations", func(tx store.Tx) (int, error) { v, err := tx.ListDelegations(a.Org.ID, "", ""); return len(v), err }},
		{"ListCreateAccountStatuses", func(tx store.Tx) (int, error) {
			v, err := tx.ListCreateAccountStatuses(a.Org.ID, nil, store.Page{})
			return len(v), err
		}},
		{"ListHandshakesForOrganization", func(tx store.Tx) (int, error) {
			v, err := tx.ListHandshakesForOrganization(a.Org.ID, store.Page{})
			return len(v), err
		}},
		{"ListHandshakesForAccount", func(tx store.Tx) (int, error) {
			v, err := tx.ListHandshakesForAccount(a.Invitee, store.Page{})
			return len(v), err
		}},
	}
	for _, tc := range empty {
		t.Run("empty "+tc.name, func(t *testing.T) {
			equal(t, tc.name, viewGet(t, s, tc.fn), 0)
		})
	}
	t.Run("managed policy survives", func(t *testing.T) {
		got := viewGet(t, s, func(tx store.Tx) (*org.Policy, error) { return tx.GetPolicy(managedPolicy.PolicySummary.ID) })
		equal(t, "GetPolicy", got, &managedPolicy)
		list := viewGet(t, s, func(tx store.Tx) ([]org.Policy, error) { return tx.ListPolicies("o-zzzzzzzzzz", typeSCP, store.Page{}) })
		equal(t, "ListPolicies of another org", list, []org.Policy{managedPolicy})
	})
	for _, acct := range []org.Account{a.Master, a.Member, alone} {
		t.Run("account becomes standalone "+acct.ID, func(t *testing.T) {
			want := acct
			want.OrgID, want.ParentID = "", ""
			got := viewGet(t, s, func(tx store.Tx) (*org.Account, error) { return tx.GetAccount(acct.ID) })
			equal(t, "GetAccount", got, &want)
		})
	}
	for _, k := range []org.AccessKey{a.Key, a.Session} {
		t.Run("access key survives "+k.AccessKeyID, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (*org.AccessKey, error) { return tx.GetAccessKey(k.AccessKeyID) })
			equal(t, "GetAccessKey", got, &k)
		})
	}
	t.Run("transfer survives", func(t *testing.T) {
		got := viewGet(t, s, func(tx store.Tx) (*org.ResponsibilityTransfer, error) { return tx.GetTransfer(a.Transfer.ID) })
		equal(t, "GetTransfer", got, &a.Transfer)
		list := viewGet(t, s, func(tx store.Tx) ([]org.ResponsibilityTransfer, error) {
			return tx.ListTransfersBySource(a.Org.ID, store.Page{})
		})
		equal(t, "ListTransfersBySource", list, []org.ResponsibilityTransfer{a.Transfer})
	})
	t.Run("other organization untouched", func(t *testing.T) {
		sameLines(t, "org B", observeOwn(t, s, b), bBefore)
	})
	t.Run("ID reusable", func(t *testing.T) {
		again := newWorld("a", "3")
		update(t, s, func(tx store.Tx) error { return again.put(tx) })
	})
}
