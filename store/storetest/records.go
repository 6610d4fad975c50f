package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"canopy/org"
	"canopy/store"
)

func testOrganization(t *testing.T, s store.Store) {
	full := org.Organization{
		ID: "o-aaaaaaaaaa", Arn: "arn:aws:organizations::111111111111:organization/o-aaaaaaaaaa",
		FeatureSet: org.FeatureSetAll, MasterAccountArn: "arn:aws:organizations::111111111111:account/o-aaaaaaaaaa/111111111111",
		MasterAccountID: "111111111111", MasterAccountEmail: "master@example.com",
		AvailablePolicyTypes: []org.PolicyTypeSummary{{Type: typeSCP, Status: "ENABLED"}},
		CreatedAt:            at(1),
	}
	// What comes back: AvailablePolicyTypes, MasterAccountEmail and the
	// ARNs are not stored.
	stored := org.Organization{
		ID: full.ID, FeatureSet: full.FeatureSet, MasterAccountID: full.MasterAccountID, CreatedAt: full.CreatedAt,
	}
	billing := org.Organization{ID: "o-bbbbbbbbbb", FeatureSet: org.FeatureSetConsolidatedBilling, MasterAccountID: "222222222222"}
	update(t, s, func(tx store.Tx) error {
		return errors.Join(tx.InsertOrganization(&full), tx.InsertOrganization(&billing))
	})
	tests := []struct {
		name string
		id   string
		want org.Organization
	}{
		{"all fields", full.ID, stored},
		{"zero CreatedAt", billing.ID, billing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (*org.Organization, error) { return tx.GetOrganization(tc.id) })
			equal(t, "GetOrganization", got, &tc.want)
		})
	}

	dup := org.Organization{ID: full.ID, FeatureSet: org.FeatureSetConsolidatedBilling, MasterAccountID: "999999999999"}
	err := s.Update(context.Background(), func(tx store.Tx) error { return tx.InsertOrganization(&dup) })
	wantErr(t, "InsertOrganization with an existing ID", err, store.ErrConflict)
	got := viewGet(t, s, func(tx store.Tx) (*org.Organization, error) { return tx.GetOrganization(full.ID) })
	equal(t, "GetOrganization after a conflicting insert", got, &stored)

	// UpdateOrganization changes the feature set and management account,
	// and nothing else.
	changed := billing
	changed.FeatureSet, changed.MasterAccountID, changed.CreatedAt = org.FeatureSetAll, "333333333333", at(9)
	update(t, s, func(tx store.Tx) error { return tx.UpdateOrganization(&changed) })
	got = viewGet(t, s, func(tx store.Tx) (*org.Organization, error) { return tx.GetOrganization(billing.ID) })
	want := billing
	want.FeatureSet, want.MasterAccountID = org.FeatureSetAll, "333333333333"
	equal(t, "GetOrganization after UpdateOrganization", got, &want)
	err = s.Update(context.Background(), func(tx store.Tx) error {
		return tx.UpdateOrganization(&org.Organization{ID: "o-cccccccccc", FeatureSet: org.FeatureSetAll})
	})
	wantErr(t, "UpdateOrganization of a missing organization", err, store.ErrNotFound)
	err = s.View(context.Background(), func(tx store.Tx) error { return tx.UpdateOrganization(&changed) })
	if err == nil {
		t.Errorf("UpdateOrganization in a View: got no error, want one")
	}
}

// testNotFound calls every method documented to return ErrNotFound on an
// empty store, in an Update so that the deletes are allowed.
func testNotFound(t *testing.T, s store.Store) {
	tests := []struct {
		name string
		fn   func(tx store.Tx) error
	}{
		{"GetMeta", func(tx store.Tx) error { _, err := tx.GetMeta("k"); return err }},
		{"GetOrganization", func(tx store.Tx) error { _, err := tx.GetOrganization("o-x"); return err }},
		{"DeleteOrganization", func(tx store.Tx) error { return tx.DeleteOrganization("o-x") }},
		{"GetAccount", func(tx store.Tx) error { _, err := tx.GetAccount("123"); return err }},
		{"GetAccountByEmail", func(tx store.Tx) error { _, err := tx.GetAccountByEmail("a@b.c"); return err }},
		{"GetRoot", func(tx store.Tx) error { _, err := tx.GetRoot("r-x"); return err }},
		{"GetOU", func(tx store.Tx) error { _, err := tx.GetOU("ou-x"); return err }},
		{"DeleteOU", func(tx store.Tx) error { return tx.DeleteOU("ou-x") }},
		{"GetPolicy", func(tx store.Tx) error { _, err := tx.GetPolicy("p-x"); return err }},
		{"DeletePolicy", func(tx store.Tx) error { return tx.DeletePolicy("p-x") }},
		{"DeleteAttachment", func(tx store.Tx) error { return tx.DeleteAttachment("p-x", "r-x") }},
		{"DeleteDelegation", func(tx store.Tx) error { return tx.DeleteDelegation("o-x", "123", svcConfig) }},
		{"GetCreateAccountStatus", func(tx store.Tx) error { _, err := tx.GetCreateAccountStatus("car-x"); return err }},
		{"GetAccessKey", func(tx store.Tx) error { _, err := tx.GetAccessKey("AKIAX"); return err }},
		{"GetHandshake", func(tx store.Tx) error { _, err := tx.GetHandshake("h-x"); return err }},
		{"GetTransfer", func(tx store.Tx) error { _, err := tx.GetTransfer("rt-x"); return err }},
		{"GetResourcePolicy", func(tx store.Tx) error { _, err := tx.GetResourcePolicy("o-x"); return err }},
		{"DeleteResourcePolicy", func(tx store.Tx) error { return tx.DeleteResourcePolicy("o-x") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Update(context.Background(), tc.fn)
			wantErr(t, tc.name, err, store.ErrNotFound)
		})
	}
}

func testAccountRoundTrip(t *testing.T, s store.Store) {
	tests := []struct {
		name string
		a    org.Account
	}{
		{"every field", org.Account{
			ID: "111111111111", Arn: "arn:aws:organizations::111111111111:account/o-aaaaaaaaaa/111111111111",
			Email: "Full@Example.com", Name: "Full", Status: org.AccountPendingClosure, State: "PENDING_CLOSURE",
			Paths:        []string{"o-aaaaaaaaaa/r-aaaa/111111111111/", "second/"},
			JoinedMethod: org.JoinedInvited, JoinedTimestamp: at(1),
			OrgID: "o-aaaaaaaaaa", ParentID: "r-aaaa", CreatedAt: at(2), ClosedAt: at(3),
			RoleName: "OrganizationAccountAccessRole", RoleTrust: "111111111111",
		}},
		{"zero times and no paths", org.Account{
			ID: "222222222222", Email: "zero@example.com", Name: "Zero", Status: org.AccountActive,
			OrgID: "o-aaaaaaaaaa", ParentID: "ou-aaaa-11111111",
		}},
		{"standalone", org.Account{
			ID: "333333333333", Email: "alone@example.com", Name: "Alone", Status: org.AccountActive,
			State: "ACTIVE", CreatedAt: at(4),
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.a
			update(t, s, func(tx store.Tx) error { return tx.PutAccount(&a) })
			got := viewGet(t, s, func(tx store.Tx) (*org.Account, error) { return tx.GetAccount(a.ID) })
			equal(t, "GetAccount", got, &tc.a)
			got = viewGet(t, s, func(tx store.Tx) (*org.Account, error) { return tx.GetAccountByEmail(a.Email) })
			equal(t, "GetAccountByEmail", got, &tc.a)
		})
	}

	t.Run("replace", func(t *testing.T) {
		a := tests[0].a
		a.Name, a.Status, a.State, a.ParentID = "Renamed", org.AccountClosed, "CLOSED", "ou-aaaa-22222222"
		a.Paths, a.ClosedAt, a.Email = nil, at(9), "renamed@example.com"
		a.RoleName, a.RoleTrust = "", ""
		update(t, s, func(tx store.Tx) error { return tx.PutAccount(&a) })
		got := viewGet(t, s, func(tx store.Tx) (*org.Account, error) { return tx.GetAccount(a.ID) })
		equal(t, "GetAccount after replace", got, &a)
		err := s.View(context.Background(), func(tx store.Tx) error {
			_, err := tx.GetAccountByEmail(tests[0].a.Email)
			return err
		})
		wantErr(t, "GetAccountByEmail of the replaced email", err, store.ErrNotFound)
	})
}

func testAccountEmail(t *testing.T, s store.Store) {
	first := org.Account{ID: "111111111111", Email: "Alice@Example.com", Name: "Alice", Status: org.AccountActive}
	unicode := org.Account{ID: "222222222222", Email: "ÉLODIE@example.com", Name: "Élodie", Status: org.AccountActive}
	update(t, s, func(tx store.Tx) error { return errors.Join(tx.PutAccount(&first), tx.PutAccount(&unicode)) })

	lookups := []struct {
		name  string
		email string
		want  *org.Account
	}{
		{"exact", "Alice@Example.com", &first},
		{"lower case", "alice@example.com", &first},
		{"upper case", "ALICE@EXAMPLE.COM", &first},
		{"non-ASCII lower case", "élodie@example.com", &unicode},
		{"non-ASCII upper case", "ÉLODIE@EXAMPLE.COM", &unicode},
	}
	for _, tc := range lookups {
		t.Run("lookup "+tc.name, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (*org.Account, error) { return tx.GetAccountByEmail(tc.email) })
			equal(t, "GetAccountByEmail", got, tc.want)
		})
	}

	conflicts := []struct {
		name  string
		email string
	}{
		{"same email", "Alice@Example.com"},
		{"lower case", "alice@example.com"},
		{"upper case", "ALICE@EXAMPLE.COM"},
		{"non-ASCII lower case", "élodie@example.com"},
	}
	for _, tc := range conflicts {
		t.Run("conflict "+tc.name, func(t *testing.T) {
			other := org.Account{ID: "999999999999", Email: tc.email, Name: "Other", Status: org.AccountActive}
			err := s.Update(context.Background(), func(tx store.Tx) error { return tx.PutAccount(&other) })
			wantErr(t, "PutAccount with a taken email", err, store.ErrConflict)
			err = s.View(context.Background(), func(tx store.Tx) error {
				_, err := tx.GetAccount(other.ID)
				return err
			})
			wantErr(t, "GetAccount of the refused account", err, store.ErrNotFound)
		})
	}

	t.Run("own email in another case", func(t *testing.T) {
		a := first
		a.Email = "ALICE@example.com"
		update(t, s, func(tx store.Tx) error { return tx.PutAccount(&a) })
		got := viewGet(t, s, func(tx store.Tx) (*org.Account, error) { return tx.GetAccountByEmail("alice@EXAMPLE.com") })
		equal(t, "GetAccountByEmail", got, &a)
	})
	t.Run("email freed by a change", func(t *testing.T) {
		a := first
		a.Email = "alice.new@example.com"
		taker := org.Account{ID: "444444444444", Email: "alice@example.com", Name: "Taker", Status: org.AccountActive}
		update(t, s, func(tx store.Tx) error { return errors.Join(tx.PutAccount(&a), tx.PutAccount(&taker)) })
		got := viewGet(t, s, func(tx store.Tx) (*org.Account, error) { return tx.GetAccountByEmail("Alice@Example.com") })
		equal(t, "GetAccountByEmail", got, &taker)
	})
}

func testAccountLists(t *testing.T, s store.Store) {
	const orgA, orgB = "o-aaaaaaaaaa", "o-bbbbbbbbbb"
	const rootA, ouA, rootB = "r-aaaa", "ou-aaaa-11111111", "r-bbbb"
	accounts := []org.Account{
		{ID: "555555555555", OrgID: orgA, ParentID: ouA, Status: org.AccountActive},
		{ID: "111111111111", OrgID: orgA, ParentID: rootA, Status: org.AccountActive},
		{ID: "444444444444", OrgID: orgA, ParentID: rootA, Status: org.AccountSuspended},
		{ID: "222222222222", OrgID: orgA, ParentID: ouA, Status: org.AccountActive},
		{ID: "333333333333", OrgID: orgA, ParentID: rootA, Status: org.AccountActive},
		{ID: "666666666666", OrgID: orgB, ParentID: rootB, Status: org.AccountActive},
		{ID: "777777777777", OrgID: orgB, ParentID: rootB, Status: org.AccountSuspended},
		{ID: "000000000000", Status: org.AccountActive},
	}
	update(t, s, func(tx store.Tx) error {
		var err error
		for i := range accounts {
			a := accounts[i]
			a.Email, a.Name = a.ID+"@example.com", "Account "+a.ID
			err = errors.Join(err, tx.PutAccount(&a))
		}
		return err
	})
	id := func(a org.Account) string { return a.ID }
	tests := []struct {
		name string
		list func(tx store.Tx, p store.Page) ([]org.Account, error)
		want []string
	}{
		{"ListAccounts org A", func(tx store.Tx, p store.Page) ([]org.Account, error) { return tx.ListAccounts(orgA, p) },
			[]string{"111111111111", "222222222222", "333333333333", "444444444444", "555555555555"}},
		{"ListAccounts org B", func(tx store.Tx, p store.Page) ([]org.Account, error) { return tx.ListAccounts(orgB, p) },
			[]string{"666666666666", "777777777777"}},
		{"ListAccounts unknown org", func(tx store.Tx, p store.Page) ([]org.Account, error) { return tx.ListAccounts("o-zzzzzzzzzz", p) },
			nil},
		{"ListAccountsForParent root A", func(tx store.Tx, p store.Page) ([]org.Account, error) { return tx.ListAccountsForParent(rootA, p) },
			[]string{"111111111111", "333333333333", "444444444444"}},
		{"ListAccountsForParent OU A", func(tx store.Tx, p store.Page) ([]org.Account, error) { return tx.ListAccountsForParent(ouA, p) },
			[]string{"222222222222", "555555555555"}},
		{"ListAccountsByStatus active", func(tx store.Tx, p store.Page) ([]org.Account, error) {
			return tx.ListAccountsByStatus("", org.AccountActive, p)
		}, []string{"000000000000", "111111111111", "222222222222", "333333333333", "555555555555", "666666666666"}},
		{"ListAccountsByStatus suspended", func(tx store.Tx, p store.Page) ([]org.Account, error) {
			return tx.ListAccountsByStatus("", org.AccountSuspended, p)
		}, []string{"444444444444", "777777777777"}},
		{"ListAccountsByStatus suspended in org A", func(tx store.Tx, p store.Page) ([]org.Account, error) {
			return tx.ListAccountsByStatus(orgA, org.AccountSuspended, p)
		}, []string{"444444444444"}},
		{"ListAccountsByStatus active in org B", func(tx store.Tx, p store.Page) ([]org.Account, error) {
			return tx.ListAccountsByStatus(orgB, org.AccountActive, p)
		}, []string{"666666666666"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkPaging(t, s, tc.want, tc.list, id) })
	}
	counts := []struct {
		org  string
		want int
	}{{orgA, 5}, {orgB, 2}, {"o-zzzzzzzzzz", 0}}
	for _, tc := range counts {
		t.Run("CountAccounts "+tc.org, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (int, error) { return tx.CountAccounts(tc.org) })
			equal(t, "CountAccounts", got, tc.want)
		})
	}
}

// testTimes checks that org.Time fields keep their instant to the
// millisecond, on every record that has one.
func testTimes(t *testing.T, s store.Store) {
	tests := []struct {
		name string
		in   org.Time
		want org.Time
	}{
		{"zero", org.Time{}, org.Time{}},
		{"milliseconds", at(5), at(5)},
		{"sub-millisecond dropped", org.Time{Time: time.Date(2025, 1, 2, 3, 4, 5, 678_912_345, time.UTC)},
			org.NewTime(time.Date(2025, 1, 2, 3, 4, 5, 678_000_000, time.UTC))},
		{"other zone", org.Time{Time: time.Date(2025, 6, 7, 8, 9, 10, 11_000_000, time.FixedZone("X", 5*3600))},
			org.NewTime(time.Date(2025, 6, 7, 3, 9, 10, 11_000_000, time.UTC))},
		{"before 1970", org.NewTime(time.Date(1969, 7, 20, 20, 17, 40, 123_000_000, time.UTC)),
			org.NewTime(time.Date(1969, 7, 20, 20, 17, 40, 123_000_000, time.UTC))},
		{"far future", org.NewTime(time.Date(9999, 12, 31, 23, 59, 59, 999_000_000, time.UTC)),
			org.NewTime(time.Date(9999, 12, 31, 23, 59, 59, 999_000_000, time.UTC))},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			suffix := string(rune('a' + i))
			o := org.Organization{ID: "o-time" + suffix, CreatedAt: tc.in}
			a := org.Account{ID: "acct-" + suffix, Email: suffix + "@example.com", JoinedTimestamp: tc.in, CreatedAt: tc.in, ClosedAt: tc.in}
			c := org.CreateAccountStatus{ID: "car-" + suffix, OrgID: o.ID, State: org.CreateSucceeded,
				RequestedTimestamp: tc.in, CompletedTimestamp: tc.in, DueAt: tc.in}
			d := org.Delegation{OrgID: o.ID, AccountID: a.ID, ServicePrincipal: svcConfig, EnabledAt: tc.in}
			e := org.EnabledServicePrincipal{ServicePrincipal: svcConfig, DateEnabled: tc.in}
			k := org.AccessKey{AccessKeyID: "ASIA" + suffix, CreatedAt: tc.in, SessionToken: "token", Expires: tc.in}
			h := org.Handshake{ID: "h-" + suffix, OrgID: o.ID, RequestedTimestamp: tc.in, ExpirationTimestamp: tc.in, ClosedAt: tc.in}
			r := org.ResponsibilityTransfer{ID: "rt-" + suffix, SourceOrgID: o.ID, StartTimestamp: tc.in, EndTimestamp: tc.in}
			update(t, s, func(tx store.Tx) error {
				return errors.Join(tx.InsertOrganization(&o), tx.PutAccount(&a), tx.PutCreateAccountStatus(&c),
					tx.InsertDelegation(d), tx.PutServiceAccess(o.ID, e), tx.PutAccessKey(&k),
					tx.PutHandshake(&h), tx.PutTransfer(&r))
			})
			var got []org.Time
			view(t, s, func(tx store.Tx) error {
				go1, err1 := tx.GetOrganization(o.ID)
				ga, err2 := tx.GetAccount(a.ID)
				gc, err3 := tx.GetCreateAccountStatus(c.ID)
				gd, err4 := tx.ListDelegations(o.ID, "", "")
				ge, err5 := tx.ListServiceAccess(o.ID, store.Page{})
				gk, err6 := tx.GetAccessKey(k.AccessKeyID)
				gh, err7 := tx.GetHandshake(h.ID)
				gr, err8 := tx.GetTransfer(r.ID)
				if err := errors.Join(err1, err2, err3, err4, err5, err6, err7, err8); err != nil {
					return err
				}
				got = []org.Time{go1.CreatedAt, ga.JoinedTimestamp, ga.CreatedAt, ga.ClosedAt,
					gc.RequestedTimestamp, gc.CompletedTimestamp, gc.DueAt, gk.CreatedAt, gk.Expires,
					gh.RequestedTimestamp, gh.ExpirationTimestamp, gh.ClosedAt, gr.StartTimestamp, gr.EndTimestamp}
				for _, x := range gd {
					got = append(got, x.EnabledAt)
				}
				for _, x := range ge {
					got = append(got, x.DateEnabled)
				}
				return nil
			})
			want := make([]org.Time, 16)
			for i := range want {
				want[i] = tc.want
			}
			if len(got) != len(want) {
				t.Fatalf("times read back: got %d, want %d", len(got), len(want))
			}
			for i := range got {
				if !got[i].Equal(want[i].Time) || got[i].IsZero() != want[i].IsZero() {
					t.Errorf("time field %d: got %v, want %v", i, got[i], want[i])
				}
			}
		})
	}
}

func testRoots(t *testing.T, s store.Store) {
	const orgA = "o-aaaaaaaaaa"
	full := org.Root{
		ID: "r-bbbb", Arn: "arn:aws:organizations::111111111111:root/o-aaaaaaaaaa/r-bbbb", Name: "Root",
		OrgID: orgA, PolicyTypes: []org.PolicyTypeSummary{
			{Type: typeSCP, Status: "ENABLED"}, {Type: typeTag, Status: "PENDING_ENABLE"},
		},
	}
	bare := org.Root{ID: "r-aaaa", Name: "Root", OrgID: orgA}
	other := org.Root{ID: "r-cccc", Name: "Root", OrgID: "o-bbbbbbbbbb"}
	update(t, s, func(tx store.Tx) error {
		return errors.Join(tx.PutRoot(&full), tx.PutRoot(&bare), tx.PutRoot(&other))
	})
	for _, want := range []org.Root{full, bare, other} {
		t.Run("GetRoot "+want.ID, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (*org.Root, error) { return tx.GetRoot(want.ID) })
			equal(t, "GetRoot", got, &want)
		})
	}
	t.Run("replace policy types", func(t *testing.T) {
		r := full
		r.PolicyTypes = []org.PolicyTypeSummary{{Type: typeTag, Status: "ENABLED"}}
		update(t, s, func(tx store.Tx) error { return tx.PutRoot(&r) })
		got := viewGet(t, s, func(tx store.Tx) (*org.Root, error) { return tx.GetRoot(r.ID) })
		equal(t, "GetRoot", got, &r)
		r.PolicyTypes = nil
		update(t, s, func(tx store.Tx) error { return tx.PutRoot(&r) })
		got = viewGet(t, s, func(tx store.Tx) (*org.Root, error) { return tx.GetRoot(r.ID) })
		equal(t, "GetRoot with no policy types", got, &r)
	})
	t.Run("ListRoots", func(t *testing.T) {
		checkPaging(t, s, []string{"r-aaaa", "r-bbbb"},
			func(tx store.Tx, p store.Page) ([]org.Root, error) { return tx.ListRoots(orgA, p) },
			func(r org.Root) string { return r.ID })
	})
}

func testOUs(t *testing.T, s store.Store) {
	const orgA, rootA = "o-aaaaaaaaaa", "r-aaaa"
	ou := func(id, parent, name string) org.OrganizationalUnit {
		return org.OrganizationalUnit{ID: id, Arn: "arn:" + id, Name: name, Path: "path/" + id + "/",
			OrgID: orgA, ParentID: parent, Depth: 1}
	}
	dev := ou("ou-aaaa-33333333", rootA, "Dev")
	prod := ou("ou-aaaa-11111111", rootA, "Prod")
	test := ou("ou-aaaa-22222222", rootA, "Test")
	nested := ou("ou-aaaa-44444444", dev.ID, "Prod")
	nested.Depth = 2
	update(t, s, func(tx store.Tx) error {
		return errors.Join(tx.PutOU(&dev), tx.PutOU(&prod), tx.PutOU(&test), tx.PutOU(&nested))
	})
	for _, want := range []org.OrganizationalUnit{dev, prod, test, nested} {
		t.Run("GetOU "+want.ID, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (*org.OrganizationalUnit, error) { return tx.GetOU(want.ID) })
			equal(t, "GetOU", got, &want)
		})
	}

	id := func(o org.OrganizationalUnit) string { return o.ID }
	t.Run("ListOUsForParent root", func(t *testing.T) {
		checkPaging(t, s, []string{"ou-aaaa-11111111", "ou-aaaa-22222222", "ou-aaaa-33333333"},
			func(tx store.Tx, p store.Page) ([]org.OrganizationalUnit, error) {
				return tx.ListOUsForParent(rootA, p)
			}, id)
	})
	t.Run("ListOUsForParent nested", func(t *testing.T) {
		checkPaging(t, s, []string{"ou-aaaa-44444444"},
			func(tx store.Tx, p store.Page) ([]org.OrganizationalUnit, error) {
				return tx.ListOUsForParent(dev.ID, p)
			}, id)
	})
	t.Run("CountOUs", func(t *testing.T) {
		got := viewGet(t, s, func(tx store.Tx) (int, error) { return tx.CountOUs(orgA) })
		equal(t, "CountOUs", got, 4)
		got = viewGet(t, s, func(tx store.Tx) (int, error) { return tx.CountOUs("o-bbbbbbbbbb") })
		equal(t, "CountOUs of another org", got, 0)
	})

	puts := []struct {
		name string
		ou   org.OrganizationalUnit
		want error
		// kept is the name the OU must still have after a refused put.
		kept string
	}{
		{"same name same parent", ou("ou-aaaa-55555555", rootA, "Prod"), store.ErrConflict, ""},
		{"rename onto a sibling", ou(test.ID, rootA, "Dev"), store.ErrConflict, "Test"},
		{"same name other parent", ou("ou-aaaa-66666666", nested.ID, "Prod"), nil, ""},
		{"name differing in case", ou("ou-aaaa-77777777", rootA, "prod"), nil, ""},
		{"replace keeping name", func() org.OrganizationalUnit {
			o := prod
			o.Arn, o.Path = "arn:changed", "changed/"
			return o
		}(), nil, ""},
		{"rename to a free name", ou(test.ID, rootA, "Staging"), nil, ""},
	}
	for _, tc := range puts {
		t.Run("PutOU "+tc.name, func(t *testing.T) {
			o := tc.ou
			err := s.Update(context.Background(), func(tx store.Tx) error { return tx.PutOU(&o) })
			if tc.want == nil {
				if err != nil {
					t.Fatalf("PutOU: got %v, want nil", err)
				}
				got := viewGet(t, s, func(tx store.Tx) (*org.OrganizationalUnit, error) { return tx.GetOU(o.ID) })
				equal(t, "GetOU", got, &o)
				return
			}
			wantErr(t, "PutOU", err, tc.want)
			if tc.kept != "" {
				got := viewGet(t, s, func(tx store.Tx) (*org.OrganizationalUnit, error) { return tx.GetOU(o.ID) })
				equal(t, "name after the refused put", got.Name, tc.kept)
			}
		})
	}

	t.Run("DeleteOU", func(t *testing.T) {
		before := viewGet(t, s, func(tx store.Tx) (int, error) { return tx.CountOUs(orgA) })
		update(t, s, func(tx store.Tx) error { return tx.DeleteOU(prod.ID) })
		got := viewGet(t, s, func(tx store.Tx) (int, error) { return tx.CountOUs(orgA) })
		equal(t, "CountOUs after DeleteOU", got, before-1)
		err := s.View(context.Background(), func(tx store.Tx) error { _, err := tx.GetOU(prod.ID); return err })
		wantErr(t, "GetOU after DeleteOU", err, store.ErrNotFound)
		err = s.Update(context.Background(), func(tx store.Tx) error { return tx.DeleteOU(prod.ID) })
		wantErr(t, "DeleteOU twice", err, store.ErrNotFound)
		again := ou("ou-aaaa-88888888", rootA, "Prod")
		update(t, s, func(tx store.Tx) error { return tx.PutOU(&again) })
		got = viewGet(t, s, func(tx store.Tx) (int, error) { return tx.CountOUs(orgA) })
		equal(t, "CountOUs after reusing the name", got, before)
	})
}
