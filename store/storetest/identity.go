package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"canopy/org"
	"canopy/store"
)

// handshake returns an open invitation from orgID to accountID.
func handshake(id, orgID, accountID string) org.Handshake {
	return org.Handshake{
		ID: id, Arn: "arn:aws:organizations::111111111111:handshake/" + orgID + "/invite/" + id,
		Parties: []org.HandshakeParty{{ID: orgID, Type: org.PartyOrganization}, {ID: accountID, Type: org.PartyAccount}},
		State:   org.HandshakeOpen, RequestedTimestamp: at(1), ExpirationTimestamp: at(2), Action: org.ActionInvite,
		Resources: []org.HandshakeResource{{Value: orgID, Type: org.ResourceOrganization}},
		OrgID:     orgID, AccountID: accountID,
	}
}

func testHandshakeRoundTrip(t *testing.T, s store.Store) {
	const orgA = "o-aaaaaaaaaa"
	full := org.Handshake{
		ID:  "h-0full",
		Arn: "arn:aws:organizations::111111111111:handshake/o-aaaaaaaaaa/transfer_responsibility/h-0full",
		Parties: []org.HandshakeParty{
			{ID: "o-aaaaaaaaaa", Type: org.PartyOrganization},
			{ID: "222222222222", Type: org.PartyAccount},
			{ID: "owner@example.com", Type: org.PartyEmail},
		},
		State: org.HandshakeAccepted, RequestedTimestamp: at(1), ExpirationTimestamp: at(2),
		Action: org.ActionTransferResponsibility,
		Resources: []org.HandshakeResource{
			{Value: "rt-aaaaaaaa", Type: org.ResourceResponsibilityTransfer, Resources: []org.HandshakeResource{
				{Value: org.TransferBilling, Type: org.ResourceTransferType},
				{Value: "1709528767891", Type: org.ResourceTransferStartTimestamp},
				{Value: "111111111111", Type: org.ResourceManagementAccount, Resources: []org.HandshakeResource{
					{Value: "master@example.com", Type: org.ResourceManagementEmail},
					{Value: "Master \"quoted\" <&>", Type: org.ResourceManagementName},
				}},
			}},
			{Value: "Notes with ünicode and\nnewline", Type: org.ResourceNotes},
			{Value: "", Type: org.ResourceEmail},
		},
		OrgID: orgA, AccountID: "222222222222", ParentID: "h-parent", TransferID: "rt-aaaaaaaa",
		Tags:     []org.Tag{{Key: "b", Value: "2"}, {Key: "a", Value: ""}},
		ClosedAt: at(3),
	}
	tests := []struct {
		name string
		h    org.Handshake
	}{
		{"every field", full},
		{"zero times and no lists", org.Handshake{
			ID: "h-1zero", State: org.HandshakeRequested, Action: org.ActionInvite, OrgID: orgA, AccountID: "333333333333",
		}},
		{"open child handshake", func() org.Handshake {
			h := handshake("h-2child", orgA, "444444444444")
			h.Action, h.ParentID = org.ActionEnableAllFeatures, "h-3parent"
			h.Resources = []org.HandshakeResource{{Value: orgA, Type: org.ResourceOrganization}}
			return h
		}()},
		{"empty nested resources", func() org.Handshake {
			h := handshake("h-4empty", orgA, "444444444444")
			h.Resources = []org.HandshakeResource{{Value: "x", Type: org.ResourceNotes, Resources: []org.HandshakeResource{}}}
			return h
		}()},
	}
	update(t, s, func(tx store.Tx) error {
		var err error
		for i := range tests {
			h := tests[i].h
			err = errors.Join(err, tx.PutHandshake(&h))
		}
		return err
	})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (*org.Handshake, error) { return tx.GetHandshake(tc.h.ID) })
			equal(t, "GetHandshake", got, &tc.h)
		})
	}
	t.Run("unknown ID", func(t *testing.T) {
		err := s.View(context.Background(), func(tx store.Tx) error { _, err := tx.GetHandshake("h-missing"); return err })
		wantErr(t, "GetHandshake", err, store.ErrNotFound)
	})
	t.Run("listed records are whole", func(t *testing.T) {
		got := viewGet(t, s, func(tx store.Tx) ([]org.Handshake, error) {
			return tx.ListHandshakesForAccount(full.AccountID, store.Page{})
		})
		equal(t, "ListHandshakesForAccount", got, []org.Handshake{full})
		got = viewGet(t, s, func(tx store.Tx) ([]org.Handshake, error) {
			return tx.ListHandshakesForOrganization(orgA, store.Page{Limit: 1})
		})
		equal(t, "ListHandshakesForOrganization", got, []org.Handshake{full})
	})

	t.Run("replace", func(t *testing.T) {
		h := full
		h.State, h.ClosedAt, h.ExpirationTimestamp = org.HandshakeCanceled, at(9), org.Time{}
		h.Parties = h.Parties[:1]
		h.Resources, h.Tags, h.ParentID, h.TransferID = nil, nil, "", ""
		h.OrgID, h.AccountID = "o-bbbbbbbbbb", "555555555555"
		update(t, s, func(tx store.Tx) error { return tx.PutHandshake(&h) })
		got := viewGet(t, s, func(tx store.Tx) (*org.Handshake, error) { return tx.GetHandshake(h.ID) })
		equal(t, "GetHandshake after replace", got, &h)
		id := func(h org.Handshake) string { return h.ID }
		equal(t, "old recipient", collect(t, s, 0, func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForAccount(full.AccountID, p)
		}, id), []string(nil))
		equal(t, "new recipient", collect(t, s, 0, func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForAccount(h.AccountID, p)
		}, id), []string{h.ID})
		equal(t, "old sender", collect(t, s, 0, func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForOrganization(orgA, p)
		}, id), []string{"h-1zero", "h-2child", "h-4empty"})
		equal(t, "new sender", collect(t, s, 0, func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForOrganization(h.OrgID, p)
		}, id), []string{h.ID})

		// Reopening gives the lists back, with every field.
		update(t, s, func(tx store.Tx) error { return tx.PutHandshake(&full) })
		got = viewGet(t, s, func(tx store.Tx) (*org.Handshake, error) { return tx.GetHandshake(full.ID) })
		equal(t, "GetHandshake after replacing back", got, &full)
	})
}

func testHandshakeLists(t *testing.T, s store.Store) {
	const orgA, orgB = "o-aaaaaaaaaa", "o-bbbbbbbbbb"
	const acctX, acctY, acctZ = "111111111111", "222222222222", "333333333333"
	made := []org.Handshake{
		handshake("h-aaaa5", orgA, acctX),
		handshake("h-aaaa1", orgA, acctY),
		handshake("h-aaaa3", orgA, acctX),
		handshake("h-aaaa2", orgB, acctX),
		handshake("h-aaaa4", orgA, acctZ),
		handshake("h-aaaa6", orgB, acctY),
	}
	// One is closed: lists hold handshakes of every state. Two are
	// ENABLE_ALL_FEATURES requests, for the lists by action.
	made[2].State, made[2].ClosedAt = org.HandshakeDeclined, at(7)
	made[1].Action, made[4].Action = org.ActionEnableAllFeatures, org.ActionEnableAllFeatures
	update(t, s, func(tx store.Tx) error {
		var err error
		for i := range made {
			err = errors.Join(err, tx.PutHandshake(&made[i]))
		}
		return err
	})
	id := func(h org.Handshake) string { return h.ID }
	tests := []struct {
		name string
		list func(tx store.Tx, p store.Page) ([]org.Handshake, error)
		want []string
	}{
		{"for account X", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForAccount(acctX, p)
		}, []string{"h-aaaa2", "h-aaaa3", "h-aaaa5"}},
		{"for account Y", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForAccount(acctY, p)
		}, []string{"h-aaaa1", "h-aaaa6"}},
		{"for account Z", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForAccount(acctZ, p)
		}, []string{"h-aaaa4"}},
		{"for an account with none", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForAccount("999999999999", p)
		}, nil},
		{"for an organization's ID as account", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForAccount(orgA, p)
		}, nil},
		{"for organization A", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForOrganization(orgA, p)
		}, []string{"h-aaaa1", "h-aaaa3", "h-aaaa4", "h-aaaa5"}},
		{"for organization B", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForOrganization(orgB, p)
		}, []string{"h-aaaa2", "h-aaaa6"}},
		{"for an organization with none", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForOrganization("o-zzzzzzzzzz", p)
		}, nil},
		{"for an account's ID as organization", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForOrganization(acctX, p)
		}, nil},
		{"invitations of organization A", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesByAction(orgA, org.ActionInvite, p)
		}, []string{"h-aaaa3", "h-aaaa5"}},
		{"ENABLE_ALL_FEATURES of organization A", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesByAction(orgA, org.ActionEnableAllFeatures, p)
		}, []string{"h-aaaa1", "h-aaaa4"}},
		{"ENABLE_ALL_FEATURES of organization B", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesByAction(orgB, org.ActionEnableAllFeatures, p)
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkPaging(t, s, tc.want, tc.list, id) })
	}
	t.Run("records", func(t *testing.T) {
		got := viewGet(t, s, func(tx store.Tx) ([]org.Handshake, error) {
			return tx.ListHandshakesForAccount(acctX, store.Page{})
		})
		equal(t, "ListHandshakesForAccount", got, []org.Handshake{made[3], made[2], made[0]})
		got = viewGet(t, s, func(tx store.Tx) ([]org.Handshake, error) {
			return tx.ListHandshakesForOrganization(orgB, store.Page{})
		})
		equal(t, "ListHandshakesForOrganization", got, []org.Handshake{made[3], made[5]})
	})
}

// testHandshakesDeleteOrganization checks that DeleteOrganization removes
// the handshakes the organization sent, and only those: not the handshakes
// other organizations sent to its accounts.
func testHandshakesDeleteOrganization(t *testing.T, s store.Store) {
	orgA := org.Organization{ID: "o-aaaaaaaaaa", FeatureSet: org.FeatureSetAll, MasterAccountID: "111111111111"}
	orgB := org.Organization{ID: "o-bbbbbbbbbb", FeatureSet: org.FeatureSetAll, MasterAccountID: "222222222222"}
	accounts := []org.Account{
		{ID: "111111111111", Email: "a@example.com", Status: org.AccountActive, OrgID: orgA.ID, ParentID: "r-aaaa"},
		{ID: "444444444444", Email: "a-member@example.com", Status: org.AccountActive, OrgID: orgA.ID, ParentID: "r-aaaa"},
		{ID: "222222222222", Email: "b@example.com", Status: org.AccountActive, OrgID: orgB.ID, ParentID: "r-bbbb"},
		{ID: "333333333333", Email: "alone@example.com", Status: org.AccountActive},
	}
	fromA := []org.Handshake{
		handshake("h-aaaa1", orgA.ID, "333333333333"),
		handshake("h-aaaa2", orgA.ID, "222222222222"),
		handshake("h-aaaa3", orgA.ID, "111111111111"),
	}
	fromA[2].Action, fromA[2].ParentID = org.ActionApproveAllFeatures, "h-aaaa9"
	fromA[1].State, fromA[1].ClosedAt = org.HandshakeAccepted, at(5)
	fromB := []org.Handshake{
		handshake("h-bbbb1", orgB.ID, "111111111111"),
		handshake("h-bbbb2", orgB.ID, "333333333333"),
		handshake("h-bbbb3", orgB.ID, "444444444444"),
	}
	update(t, s, func(tx store.Tx) error {
		err := errors.Join(tx.InsertOrganization(&orgA), tx.InsertOrganization(&orgB))
		for i := range accounts {
			err = errors.Join(err, tx.PutAccount(&accounts[i]))
		}
		for _, hs := range [][]org.Handshake{fromA, fromB} {
			for i := range hs {
				err = errors.Join(err, tx.PutHandshake(&hs[i]))
			}
		}
		return err
	})
	update(t, s, func(tx store.Tx) error { return tx.DeleteOrganization(orgA.ID) })

	for _, h := range fromA {
		t.Run("gone "+h.ID, func(t *testing.T) {
			err := s.View(context.Background(), func(tx store.Tx) error { _, err := tx.GetHandshake(h.ID); return err })
			wantErr(t, "GetHandshake", err, store.ErrNotFound)
		})
	}
	for _, h := range fromB {
		t.Run("kept "+h.ID, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (*org.Handshake, error) { return tx.GetHandshake(h.ID) })
			equal(t, "GetHandshake", got, &h)
		})
	}
	id := func(h org.Handshake) string { return h.ID }
	lists := []struct {
		name string
		list func(tx store.Tx, p store.Page) ([]org.Handshake, error)
		want []string
	}{
		{"sent by the deleted organization", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForOrganization(orgA.ID, p)
		}, nil},
		{"sent by the other organization", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForOrganization(orgB.ID, p)
		}, []string{"h-bbbb1", "h-bbbb2", "h-bbbb3"}},
		{"to the deleted organization's management account", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForAccount("111111111111", p)
		}, []string{"h-bbbb1"}},
		{"to the other organization's management account", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForAccount("222222222222", p)
		}, nil},
		{"to an account both invited", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForAccount("333333333333", p)
		}, []string{"h-bbbb2"}},
		{"to a member of the deleted organization", func(tx store.Tx, p store.Page) ([]org.Handshake, error) {
			return tx.ListHandshakesForAccount("444444444444", p)
		}, []string{"h-bbbb3"}},
	}
	for _, tc := range lists {
		t.Run("list "+tc.name, func(t *testing.T) { checkPaging(t, s, tc.want, tc.list, id) })
	}
}

func testHandshakesReset(t *testing.T, s store.Store) {
	h := handshake("h-aaaa1", "o-aaaaaaaaaa", "111111111111")
	update(t, s, func(tx store.Tx) error { return tx.PutHandshake(&h) })
	if err := s.Reset(context.Background()); err != nil {
		t.Fatalf("Reset: got %v, want nil", err)
	}
	err := s.View(context.Background(), func(tx store.Tx) error { _, err := tx.GetHandshake(h.ID); return err })
	wantErr(t, "GetHandshake after Reset", err, store.ErrNotFound)
	got := viewGet(t, s, func(tx store.Tx) ([]org.Handshake, error) {
		return tx.ListHandshakesForAccount(h.AccountID, store.Page{})
	})
	equal(t, "ListHandshakesForAccount after Reset", len(got), 0)
	got = viewGet(t, s, func(tx store.Tx) ([]org.Handshake, error) {
		return tx.ListHandshakesForOrganization(h.OrgID, store.Page{})
	})
	equal(t, "ListHandshakesForOrganization after Reset", len(got), 0)
}

// transfer returns a billing transfer offered by source to target.
func transfer(id, source, target string) org.ResponsibilityTransfer {
	return org.ResponsibilityTransfer{
		Arn:  "arn:aws:organizations::111111111111:transfer/" + source + "/" + id,
		Name: "Transfer " + id, ID: id, Type: org.TransferBilling, Status: org.TransferRequested,
		Source:         org.TransferParticipant{ManagementAccountID: "111111111111", ManagementAccountEmail: "source@example.com"},
		Target:         org.TransferParticipant{ManagementAccountID: "222222222222", ManagementAccountEmail: "target@example.com"},
		StartTimestamp: at(1), SourceOrgID: source, TargetOrgID: target,
	}
}

func testTransfers(t *testing.T, s store.Store) {
	const orgA, orgB, orgC = "o-aaaaaaaaaa", "o-bbbbbbbbbb", "o-cccccccccc"
	full := org.ResponsibilityTransfer{
		Arn:  "arn:aws:organizations::111111111111:transfer/o-aaaaaaaaaa/rt-0full",
		Name: "Full", ID: "rt-0full", Type: org.TransferBilling, Status: org.TransferAccepted,
		Source:         org.TransferParticipant{ManagementAccountID: "111111111111", ManagementAccountEmail: "Source@Example.com"},
		Target:         org.TransferParticipant{ManagementAccountID: "222222222222", ManagementAccountEmail: "Target@Example.com"},
		StartTimestamp: at(1), EndTimestamp: at(2), ActiveHandshakeID: "h-aaaa1",
		SourceOrgID: orgA, TargetOrgID: orgB, TargetName: "Named by the target",
	}
	zero := org.ResponsibilityTransfer{ID: "rt-1zero", Type: org.TransferBilling, Status: org.TransferRequested,
		SourceOrgID: orgA, TargetOrgID: orgC}
	made := []org.ResponsibilityTransfer{
		full,
		zero,
		transfer("rt-5", orgA, orgB),
		transfer("rt-2", orgB, orgA),
		transfer("rt-4", orgC, orgB),
		transfer("rt-3", orgA, orgC),
	}
	update(t, s, func(tx store.Tx) error {
		var err error
		for i := range made {
			err = errors.Join(err, tx.PutTransfer(&made[i]))
		}
		return err
	})
	for _, want := range made {
		t.Run("GetTransfer "+want.ID, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (*org.ResponsibilityTransfer, error) { return tx.GetTransfer(want.ID) })
			equal(t, "GetTransfer", got, &want)
		})
	}
	t.Run("unknown ID", func(t *testing.T) {
		err := s.View(context.Background(), func(tx store.Tx) error { _, err := tx.GetTransfer("rt-missing"); return err })
		wantErr(t, "GetTransfer", err, store.ErrNotFound)
	})

	id := func(r org.ResponsibilityTransfer) string { return r.ID }
	bySource := func(orgID string) func(tx store.Tx, p store.Page) ([]org.ResponsibilityTransfer, error) {
		return func(tx store.Tx, p store.Page) ([]org.ResponsibilityTransfer, error) {
			return tx.ListTransfersBySource(orgID, p)
		}
	}
	byTarget := func(orgID string) func(tx store.Tx, p store.Page) ([]org.ResponsibilityTransfer, error) {
		return func(tx store.Tx, p store.Page) ([]org.ResponsibilityTransfer, error) {
			return tx.ListTransfersByTarget(orgID, p)
		}
	}
	lists := []struct {
		name string
		list func(tx store.Tx, p store.Page) ([]org.ResponsibilityTransfer, error)
		want []string
	}{
		{"by source A", bySource(orgA), []string{"rt-0full", "rt-1zero", "rt-3", "rt-5"}},
		{"by source B", bySource(orgB), []string{"rt-2"}},
		{"by source C", bySource(orgC), []string{"rt-4"}},
		{"by source none", bySource("o-zzzzzzzzzz"), nil},
		{"by target A", byTarget(orgA), []string{"rt-2"}},
		{"by target B", byTarget(orgB), []string{"rt-0full", "rt-4", "rt-5"}},
		{"by target C", byTarget(orgC), []string{"rt-1zero", "rt-3"}},
		{"by target none", byTarget("o-zzzzzzzzzz"), nil},
	}
	for _, tc := range lists {
		t.Run("list "+tc.name, func(t *testing.T) { checkPaging(t, s, tc.want, tc.list, id) })
	}
	t.Run("listed records are whole", func(t *testing.T) {
		got := viewGet(t, s, func(tx store.Tx) ([]org.ResponsibilityTransfer, error) {
			return bySource(orgA)(tx, store.Page{Limit: 2})
		})
		equal(t, "ListTransfersBySource", got, []org.ResponsibilityTransfer{full, zero})
		got = viewGet(t, s, func(tx store.Tx) ([]org.ResponsibilityTransfer, error) { return byTarget(orgB)(tx, store.Page{}) })
		equal(t, "ListTransfersByTarget", got, []org.ResponsibilityTransfer{full, made[4], made[2]})
	})

	t.Run("replace", func(t *testing.T) {
		r := full
		r.Status, r.EndTimestamp, r.ActiveHandshakeID = org.TransferWithdrawn, at(9), ""
		r.TargetName, r.Name, r.Arn = "", "Renamed", "arn:changed"
		r.Source.ManagementAccountEmail, r.Target = "", org.TransferParticipant{ManagementAccountID: "333333333333"}
		r.SourceOrgID, r.TargetOrgID, r.StartTimestamp = orgB, orgC, org.Time{}
		update(t, s, func(tx store.Tx) error { return tx.PutTransfer(&r) })
		got := viewGet(t, s, func(tx store.Tx) (*org.ResponsibilityTransfer, error) { return tx.GetTransfer(r.ID) })
		equal(t, "GetTransfer after replace", got, &r)
		equal(t, "by source A", collect(t, s, 0, bySource(orgA), id), []string{"rt-1zero", "rt-3", "rt-5"})
		equal(t, "by source B", collect(t, s, 0, bySource(orgB), id), []string{"rt-0full", "rt-2"})
		equal(t, "by target B", collect(t, s, 0, byTarget(orgB), id), []string{"rt-4", "rt-5"})
		equal(t, "by target C", collect(t, s, 0, byTarget(orgC), id), []string{"rt-0full", "rt-1zero", "rt-3"})
	})
}

// testTransfersDeleteOrganization checks that DeleteOrganization keeps the
// responsibility transfers on either side of the organization.
func testTransfersDeleteOrganization(t *testing.T, s store.Store) {
	orgA := org.Organization{ID: "o-aaaaaaaaaa", FeatureSet: org.FeatureSetAll, MasterAccountID: "111111111111"}
	orgB := org.Organization{ID: "o-bbbbbbbbbb", FeatureSet: org.FeatureSetAll, MasterAccountID: "222222222222"}
	out, in := transfer("rt-1", orgA.ID, orgB.ID), transfer("rt-2", orgB.ID, orgA.ID)
	out.EndTimestamp, out.Status = at(4), org.TransferAccepted
	update(t, s, func(tx store.Tx) error {
		return errors.Join(tx.InsertOrganization(&orgA), tx.InsertOrganization(&orgB),
			tx.PutTransfer(&out), tx.PutTransfer(&in))
	})
	update(t, s, func(tx store.Tx) error { return tx.DeleteOrganization(orgA.ID) })
	for _, want := range []org.ResponsibilityTransfer{out, in} {
		t.Run("kept "+want.ID, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (*org.ResponsibilityTransfer, error) { return tx.GetTransfer(want.ID) })
			equal(t, "GetTransfer", got, &want)
		})
	}
	t.Run("lists", func(t *testing.T) {
		got := viewGet(t, s, func(tx store.Tx) ([]org.ResponsibilityTransfer, error) {
			return tx.ListTransfersBySource(orgA.ID, store.Page{})
		})
		equal(t, "ListTransfersBySource of the deleted organization", got, []org.ResponsibilityTransfer{out})
		got = viewGet(t, s, func(tx store.Tx) ([]org.ResponsibilityTransfer, error) {
			return tx.ListTransfersByTarget(orgA.ID, store.Page{})
		})
		equal(t, "ListTransfersByTarget of the deleted organization", got, []org.ResponsibilityTransfer{in})
		got = viewGet(t, s, func(tx store.Tx) ([]org.ResponsibilityTransfer, error) {
			return tx.ListTransfersByTarget(orgB.ID, store.Page{})
		})
		equal(t, "ListTransfersByTarget of the other organization", got, []org.ResponsibilityTransfer{out})
	})
}

func testResourcePolicies(t *testing.T, s store.Store) {
	const orgA, orgB = "o-aaaaaaaaaa", "o-bbbbbbbbbb"
	rp := func(orgID, id, content string) org.ResourcePolicy {
		return org.ResourcePolicy{
			ResourcePolicySummary: org.ResourcePolicySummary{
				ID: id, Arn: "arn:aws:organizations::111111111111:resourcepolicy/" + orgID + "/" + id,
			},
			Content: content, OrgID: orgID,
		}
	}
	get := func(orgID string) func(tx store.Tx) (*org.ResourcePolicy, error) {
		return func(tx store.Tx) (*org.ResourcePolicy, error) { return tx.GetResourcePolicy(orgID) }
	}
	a := rp(orgA, "rp-aaaaaaaa", `{"Version":"2012-10-17","Statement":[{"Sid":"ünï","Effect":"Allow","Action":"*","Resource":"*"}]}`)
	b := rp(orgB, "rp-bbbbbbbb", "")

	t.Run("absent", func(t *testing.T) {
		err := s.View(context.Background(), func(tx store.Tx) error { _, err := tx.GetResourcePolicy(orgA); return err })
		wantErr(t, "GetResourcePolicy", err, store.ErrNotFound)
		err = s.Update(context.Background(), func(tx store.Tx) error { return tx.DeleteResourcePolicy(orgA) })
		wantErr(t, "DeleteResourcePolicy", err, store.ErrNotFound)
	})
	t.Run("put", func(t *testing.T) {
		update(t, s, func(tx store.Tx) error { return errors.Join(tx.PutResourcePolicy(&a), tx.PutResourcePolicy(&b)) })
		equal(t, "GetResourcePolicy A", viewGet(t, s, get(orgA)), &a)
		equal(t, "GetResourcePolicy B (empty content)", viewGet(t, s, get(orgB)), &b)
	})
	t.Run("replace", func(t *testing.T) {
		again := rp(orgA, "rp-cccccccc", `{"Version":"2012-10-17","Statement":[]}`)
		update(t, s, func(tx store.Tx) error { return tx.PutResourcePolicy(&again) })
		equal(t, "GetResourcePolicy A", viewGet(t, s, get(orgA)), &again)
		equal(t, "GetResourcePolicy B", viewGet(t, s, get(orgB)), &b)
		update(t, s, func(tx store.Tx) error { return tx.PutResourcePolicy(&a) })
		equal(t, "GetResourcePolicy A after replacing back", viewGet(t, s, get(orgA)), &a)
	})
	t.Run("delete", func(t *testing.T) {
		update(t, s, func(tx store.Tx) error { return tx.DeleteResourcePolicy(orgA) })
		err := s.View(context.Background(), func(tx store.Tx) error { _, err := tx.GetResourcePolicy(orgA); return err })
		wantErr(t, "GetResourcePolicy after delete", err, store.ErrNotFound)
		err = s.Update(context.Background(), func(tx store.Tx) error { return tx.DeleteResourcePolicy(orgA) })
		wantErr(t, "DeleteResourcePolicy twice", err, store.ErrNotFound)
		equal(t, "GetResourcePolicy B", viewGet(t, s, get(orgB)), &b)
		update(t, s, func(tx store.Tx) error { return tx.PutResourcePolicy(&a) })
		equal(t, "GetResourcePolicy A put again", viewGet(t, s, get(orgA)), &a)
	})
	t.Run("DeleteOrganization", func(t *testing.T) {
		o := org.Organization{ID: orgA, FeatureSet: org.FeatureSetAll, MasterAccountID: "111111111111"}
		update(t, s, func(tx store.Tx) error { return tx.InsertOrganization(&o) })
		update(t, s, func(tx store.Tx) error { return tx.DeleteOrganization(orgA) })
		err := s.View(context.Background(), func(tx store.Tx) error { _, err := tx.GetResourcePolicy(orgA); return err })
		wantErr(t, "GetResourcePolicy of the deleted organization", err, store.ErrNotFound)
		equal(t, "GetResourcePolicy B", viewGet(t, s, get(orgB)), &b)
		// The organization's ID made again starts with no policy.
		update(t, s, func(tx store.Tx) error { return tx.InsertOrganization(&o) })
		err = s.View(context.Background(), func(tx store.Tx) error { _, err := tx.GetResourcePolicy(orgA); return err })
		wantErr(t, "GetResourcePolicy of the organization made again", err, store.ErrNotFound)
	})
}

func testSessionAccessKeys(t *testing.T, s store.Store) {
	keys := []struct {
		name string
		k    org.AccessKey
	}{
		{"root user", org.AccessKey{AccessKeyID: "AKIAAAAAAAAAAAAAAAA1", SecretAccessKey: "root", AccountID: "111111111111",
			CreatedAt: at(1)}},
		{"IAM user", org.AccessKey{AccessKeyID: "AKIAAAAAAAAAAAAAAAA2", SecretAccessKey: "user", AccountID: "111111111111",
			CreatedAt: at(2), Principal: "arn:aws:iam::111111111111:user/path/alice"}},
		{"role session", org.AccessKey{AccessKeyID: "ASIAAAAAAAAAAAAAAAA3", SecretAccessKey: "session", AccountID: "222222222222",
			CreatedAt: at(3), Principal: "arn:aws:sts::222222222222:assumed-role/OrganizationAccountAccessRole/alice",
			SessionToken: "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==", Expires: at(4)}},
	}
	update(t, s, func(tx store.Tx) error {
		var err error
		for i := range keys {
			k := keys[i].k
			err = errors.Join(err, tx.PutAccessKey(&k))
		}
		return err
	})
	for _, tc := range keys {
		t.Run(tc.name, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (*org.AccessKey, error) { return tx.GetAccessKey(tc.k.AccessKeyID) })
			equal(t, "GetAccessKey", got, &tc.k)
		})
	}
	t.Run("replace temporary with long-term", func(t *testing.T) {
		k := keys[2].k
		k.Principal, k.SessionToken, k.Expires = "", "", org.Time{}
		update(t, s, func(tx store.Tx) error { return tx.PutAccessKey(&k) })
		got := viewGet(t, s, func(tx store.Tx) (*org.AccessKey, error) { return tx.GetAccessKey(k.AccessKeyID) })
		equal(t, "GetAccessKey", got, &k)
	})
	t.Run("replace long-term with temporary", func(t *testing.T) {
		k := keys[1].k
		k.Principal, k.SessionToken, k.Expires = "arn:aws:sts::111111111111:assumed-role/R/s", "token", at(7)
		update(t, s, func(tx store.Tx) error { return tx.PutAccessKey(&k) })
		got := viewGet(t, s, func(tx store.Tx) (*org.AccessKey, error) { return tx.GetAccessKey(k.AccessKeyID) })
		equal(t, "GetAccessKey", got, &k)
	})
}

func testDeleteExpiredAccessKeys(t *testing.T, s store.Store) {
	longTerm := func(id string, created org.Time) org.AccessKey {
		return org.AccessKey{AccessKeyID: id, SecretAccessKey: "secret", AccountID: "111111111111", CreatedAt: created}
	}
	temporary := func(id string, expires org.Time) org.AccessKey {
		return org.AccessKey{AccessKeyID: id, SecretAccessKey: "secret", AccountID: "111111111111", CreatedAt: at(0),
			Principal: "arn:aws:sts::111111111111:assumed-role/R/s", SessionToken: "token-" + id, Expires: expires}
	}
	pre1970 := org.NewTime(time.Date(1969, 7, 20, 20, 17, 40, 123_000_000, time.UTC))
	keys := []org.AccessKey{
		longTerm("AKIA01", org.Time{}),
		longTerm("AKIA02", pre1970),
		longTerm("AKIA03", at(1)),
		temporary("ASIA04", pre1970),
		temporary("ASIA05", at(1)),
		temporary("ASIA06", at(2)),
		temporary("ASIA07", at(5)),
		temporary("ASIA08", at(10)),
		temporary("ASIA09", org.NewTime(time.Date(9999, 12, 31, 23, 59, 59, 999_000_000, time.UTC))),
	}
	update(t, s, func(tx store.Tx) error {
		var err error
		for i := range keys {
			err = errors.Join(err, tx.PutAccessKey(&keys[i]))
		}
		return err
	})
	// remaining lists the keys still there, in the order of keys.
	remaining := func(t *testing.T) []string {
		t.Helper()
		var ids []string
		view(t, s, func(tx store.Tx) error {
			for _, k := range keys {
				got, err := tx.GetAccessKey(k.AccessKeyID)
				switch {
				case errors.Is(err, store.ErrNotFound):
					continue
				case err != nil:
					return err
				}
				equal(t, "GetAccessKey "+k.AccessKeyID, got, &k)
				ids = append(ids, k.AccessKeyID)
			}
			return nil
		})
		return ids
	}
	deleteBefore := func(t *testing.T, before org.Time) int {
		t.Helper()
		var n int
		update(t, s, func(tx store.Tx) (err error) {
			n, err = tx.DeleteExpiredAccessKeys(before)
			return err
		})
		return n
	}

	t.Run("rolled back", func(t *testing.T) {
		err := s.Update(context.Background(), func(tx store.Tx) error {
			if _, err := tx.DeleteExpiredAccessKeys(at(1000)); err != nil {
				return err
			}
			return errAbort
		})
		if err != errAbort {
			t.Fatalf("Update: got %v, want %v returned as is", err, errAbort)
		}
		equal(t, "keys", remaining(t), []string{"AKIA01", "AKIA02", "AKIA03", "ASIA04", "ASIA05", "ASIA06",
			"ASIA07", "ASIA08", "ASIA09"})
	})
	steps := []struct {
		name   string
		before org.Time
		want   int
		left   []string
	}{
		{"zero time", org.Time{}, 0,
			[]string{"AKIA01", "AKIA02", "AKIA03", "ASIA04", "ASIA05", "ASIA06", "ASIA07", "ASIA08", "ASIA09"}},
		{"before every expiry", org.NewTime(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)), 0,
			[]string{"AKIA01", "AKIA02", "AKIA03", "ASIA04", "ASIA05", "ASIA06", "ASIA07", "ASIA08", "ASIA09"}},
		{"before 1970", org.NewTime(pre1970.Add(time.Millisecond)), 1,
			[]string{"AKIA01", "AKIA02", "AKIA03", "ASIA05", "ASIA06", "ASIA07", "ASIA08", "ASIA09"}},
		{"expiry equal to the time is kept", at(1), 0,
			[]string{"AKIA01", "AKIA02", "AKIA03", "ASIA05", "ASIA06", "ASIA07", "ASIA08", "ASIA09"}},
		{"between expiries", at(3), 2,
			[]string{"AKIA01", "AKIA02", "AKIA03", "ASIA07", "ASIA08", "ASIA09"}},
		{"again at the same time", at(3), 0,
			[]string{"AKIA01", "AKIA02", "AKIA03", "ASIA07", "ASIA08", "ASIA09"}},
		{"a millisecond after an expiry", org.NewTime(at(5).Add(time.Millisecond)), 1,
			[]string{"AKIA01", "AKIA02", "AKIA03", "ASIA08", "ASIA09"}},
		{"after an expiry by less than a millisecond", org.Time{Time: at(10).Add(500 * time.Microsecond)}, 1,
			[]string{"AKIA01", "AKIA02", "AKIA03", "ASIA09"}},
		{"far future", org.NewTime(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)), 1,
			[]string{"AKIA01", "AKIA02", "AKIA03"}},
		{"nothing left to remove", org.NewTime(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)), 0,
			[]string{"AKIA01", "AKIA02", "AKIA03"}},
	}
	for _, tc := range steps {
		t.Run(tc.name, func(t *testing.T) {
			equal(t, "DeleteExpiredAccessKeys", deleteBefore(t, tc.before), tc.want)
			equal(t, "keys left", remaining(t), tc.left)
		})
	}
	t.Run("same transaction", func(t *testing.T) {
		k := temporary("ASIA10", at(20))
		var n int
		var errGet error
		update(t, s, func(tx store.Tx) (err error) {
			if err := tx.PutAccessKey(&k); err != nil {
				return err
			}
			if n, err = tx.DeleteExpiredAccessKeys(at(21)); err != nil {
				return err
			}
			_, errGet = tx.GetAccessKey(k.AccessKeyID)
			return nil
		})
		equal(t, "DeleteExpiredAccessKeys", n, 1)
		wantErr(t, "GetAccessKey in the same transaction", errGet, store.ErrNotFound)
	})
}

// testPolicyChanges checks the times recorded per target: zero until set,
// replaced by a later set, and removed with the organization.
func testPolicyChanges(t *testing.T, s store.Store) {
	const orgA, orgB = "o-aaaaaaaaaa", "o-bbbbbbbbbb"
	get := func(target string) org.Time {
		t.Helper()
		return viewGet(t, s, func(tx store.Tx) (org.Time, error) { return tx.PolicyChangedAt(target) })
	}
	equal(t, "PolicyChangedAt of a target never changed", get("ou-aaaa-11111111"), org.Time{})
	update(t, s, func(tx store.Tx) error {
		return errors.Join(
			tx.InsertOrganization(&org.Organization{ID: orgA, FeatureSet: org.FeatureSetAll, MasterAccountID: "111111111111"}),
			tx.InsertOrganization(&org.Organization{ID: orgB, FeatureSet: org.FeatureSetAll, MasterAccountID: "222222222222"}),
			tx.SetPolicyChangedAt(orgA, "ou-aaaa-11111111", at(3)),
			tx.SetPolicyChangedAt(orgA, "333333333333", at(4)),
			tx.SetPolicyChangedAt(orgB, "r-bbbb", at(5)),
		)
	})
	equal(t, "PolicyChangedAt of an OU", get("ou-aaaa-11111111"), at(3))
	equal(t, "PolicyChangedAt of an account", get("333333333333"), at(4))
	update(t, s, func(tx store.Tx) error { return tx.SetPolicyChangedAt(orgA, "ou-aaaa-11111111", at(6)) })
	equal(t, "PolicyChangedAt after a later change", get("ou-aaaa-11111111"), at(6))
	update(t, s, func(tx store.Tx) error { return tx.DeleteOrganization(orgA) })
	equal(t, "PolicyChangedAt of a deleted organization's OU", get("ou-aaaa-11111111"), org.Time{})
	equal(t, "PolicyChangedAt of a deleted organization's account", get("333333333333"), org.Time{})
	equal(t, "PolicyChangedAt of another organization's root", get("r-bbbb"), at(5))
}

// testHandshakesEndedBefore checks the purge of old handshakes: closed
// before the time, or still open but expired before it.
func testHandshakesEndedBefore(t *testing.T, s store.Store) {
	const orgA, acct = "o-aaaaaaaaaa", "111111111111"
	closedEarly := handshake("h-old00001", orgA, acct)
	closedEarly.State, closedEarly.ClosedAt, closedEarly.ExpirationTimestamp = org.HandshakeAccepted, at(3), at(30)
	closedLate := handshake("h-new00001", orgA, acct)
	closedLate.State, closedLate.ClosedAt, closedLate.ExpirationTimestamp = org.HandshakeDeclined, at(10), at(30)
	expiredEarly := handshake("h-old00002", orgA, acct)
	expiredEarly.ExpirationTimestamp = at(4)
	openLong := handshake("h-new00002", orgA, acct)
	openLong.ExpirationTimestamp = at(30)
	openAtCut := handshake("h-new00003", orgA, acct)
	openAtCut.ExpirationTimestamp = at(5)
	update(t, s, func(tx store.Tx) error {
		var err error
		for _, h := range []org.Handshake{closedEarly, closedLate, expiredEarly, openLong, openAtCut} {
			err = errors.Join(err, tx.PutHandshake(&h))
		}
		return err
	})
	var n int
	update(t, s, func(tx store.Tx) error {
		var err error
		n, err = tx.DeleteHandshakesEndedBefore(at(5))
		return err
	})
	equal(t, "handshakes deleted", n, 2)
	got := viewGet(t, s, func(tx store.Tx) ([]org.Handshake, error) {
		return tx.ListHandshakesForOrganization(orgA, store.Page{})
	})
	var ids []string
	for _, h := range got {
		ids = append(ids, h.ID)
	}
	equal(t, "handshakes kept", ids, []string{"h-new00001", "h-new00002", "h-new00003"})
}
