package storetest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"canopy/org"
	"canopy/store"
)

// errAbort is what the tests' functions return to make Update roll back.
var errAbort = errors.New("storetest: abort")

func testRollback(t *testing.T, s store.Store) {
	a, b := newWorld("a", "1"), newWorld("b", "2")
	empty := observe(t, s, a, b)

	t.Run("on an empty store", func(t *testing.T) {
		err := s.Update(context.Background(), func(tx store.Tx) error {
			if err := errors.Join(a.put(tx), tx.SetMeta("k", "v")); err != nil {
				return err
			}
			return errAbort
		})
		if err != errAbort {
			t.Fatalf("Update: got %v, want %v returned as is", err, errAbort)
		}
		sameLines(t, "after rollback", observe(t, s, a, b), empty)
		err = s.View(context.Background(), func(tx store.Tx) error { _, err := tx.GetMeta("k"); return err })
		wantErr(t, "GetMeta after rollback", err, store.ErrNotFound)
	})

	t.Run("over existing records", func(t *testing.T) {
		update(t, s, func(tx store.Tx) error { return a.put(tx) })
		before := observe(t, s, a, b)
		changed := a.Member
		changed.Name, changed.Email = "Changed", "changed@example.com"
		err := s.Update(context.Background(), func(tx store.Tx) error {
			err := errors.Join(
				b.put(tx),
				tx.PutAccount(&changed),
				tx.DeleteAttachmentsForTarget(a.Root.ID),
				tx.SetTags(a.Org.ID, a.Member.ID, nil),
				tx.DeleteOrganization(a.Org.ID),
			)
			if err != nil {
				return err
			}
			return errAbort
		})
		if err != errAbort {
			t.Fatalf("Update: got %v, want %v returned as is", err, errAbort)
		}
		sameLines(t, "after rollback", observe(t, s, a, b), before)
	})

	t.Run("store error returned as is", func(t *testing.T) {
		o := org.Organization{ID: "o-cccccccccc", FeatureSet: org.FeatureSetAll}
		var putErr error
		err := s.Update(context.Background(), func(tx store.Tx) error {
			if err := tx.InsertOrganization(&o); err != nil {
				return err
			}
			putErr = tx.InsertOrganization(&o)
			return putErr
		})
		if err != putErr {
			t.Errorf("Update: got %v, want the error of InsertOrganization %v", err, putErr)
		}
		wantErr(t, "Update", err, store.ErrConflict)
	})
}

// testConflictKeepsTransaction checks that a refused write does not spoil
// the rest of its transaction: the engine may try a write, handle the
// ErrConflict and go on.
func testConflictKeepsTransaction(t *testing.T, s store.Store) {
	o := org.Organization{ID: "o-aaaaaaaaaa", FeatureSet: org.FeatureSetAll, MasterAccountID: "111111111111"}
	first := org.Account{ID: "111111111111", Email: "a@example.com", Name: "A", OrgID: o.ID}
	clash := org.Account{ID: "222222222222", Email: "A@example.com", Name: "B", OrgID: o.ID}
	second := org.Account{ID: "333333333333", Email: "c@example.com", Name: "C", OrgID: o.ID}
	var errOrg, errAccount error
	update(t, s, func(tx store.Tx) error {
		if err := errors.Join(tx.InsertOrganization(&o), tx.PutAccount(&first)); err != nil {
			return err
		}
		errOrg = tx.InsertOrganization(&o)
		errAccount = tx.PutAccount(&clash)
		return tx.PutAccount(&second)
	})
	wantErr(t, "InsertOrganization twice", errOrg, store.ErrConflict)
	wantErr(t, "PutAccount with a taken email", errAccount, store.ErrConflict)
	got := viewGet(t, s, func(tx store.Tx) ([]org.Account, error) { return tx.ListAccounts(o.ID, store.Page{}) })
	equal(t, "ListAccounts", got, []org.Account{first, second})
	gotOrg := viewGet(t, s, func(tx store.Tx) (*org.Organization, error) { return tx.GetOrganization(o.ID) })
	equal(t, "GetOrganization", gotOrg, &o)
}

func testReadYourWrites(t *testing.T, s store.Store) {
	a := newWorld("a", "1")
	var (
		gotOrg      *org.Organization
		gotAccount  *org.Account
		gotCount    int
		gotPolicies []org.Policy
		gotAttached []org.Attachment
		gotTags     []org.Tag
		errOU       error
	)
	update(t, s, func(tx store.Tx) error {
		if err := a.put(tx); err != nil {
			return err
		}
		var err1, err2, err3, err4, err5, err6 error
		gotOrg, err1 = tx.GetOrganization(a.Org.ID)
		gotAccount, err2 = tx.GetAccountByEmail(a.Member.Email)
		gotCount, err3 = tx.CountAccounts(a.Org.ID)
		gotPolicies, err4 = tx.ListPolicies(a.Org.ID, typeSCP, store.Page{})
		gotAttached, err5 = tx.ListAttachmentsForTarget(a.Member.ID, "")
		gotTags, err6 = tx.ListTags(a.Member.ID)
		if err := tx.DeleteOU(a.OU.ID); err != nil {
			return err
		}
		_, errOU = tx.GetOU(a.OU.ID)
		return errors.Join(err1, err2, err3, err4, err5, err6)
	})
	equal(t, "GetOrganization", gotOrg, &a.Org)
	equal(t, "GetAccountByEmail", gotAccount, &a.Member)
	equal(t, "CountAccounts", gotCount, 2)
	equal(t, "ListPolicies", gotPolicies, []org.Policy{managedPolicy, a.Policy})
	equal(t, "ListAttachmentsForTarget", gotAttached, []org.Attachment{a.Attachments[1]})
	equal(t, "ListTags", gotTags, a.Tags)
	wantErr(t, "GetOU after DeleteOU", errOU, store.ErrNotFound)
}

func testViewRejectsWrites(t *testing.T, s store.Store) {
	a, b := newWorld("a", "1"), newWorld("b", "2")
	update(t, s, func(tx store.Tx) error { return a.put(tx) })
	before := observe(t, s, a, b)
	changed := a.Member
	changed.Name = "Changed"
	att := org.Attachment{OrgID: a.Org.ID, PolicyID: a.Policy.PolicySummary.ID, PolicyType: typeSCP,
		TargetID: a.Member.ID, TargetType: org.TypeAccount}
	writes := []struct {
		name string
		fn   func(tx store.Tx) error
	}{
		{"SetMeta", func(tx store.Tx) error { return tx.SetMeta("k", "v") }},
		{"InsertOrganization", func(tx store.Tx) error { return tx.InsertOrganization(&b.Org) }},
		{"DeleteOrganization", func(tx store.Tx) error { return tx.DeleteOrganization(a.Org.ID) }},
		{"PutAccount", func(tx store.Tx) error { return tx.PutAccount(&changed) }},
		{"PutRoot", func(tx store.Tx) error { return tx.PutRoot(&b.Root) }},
		{"PutOU", func(tx store.Tx) error { return tx.PutOU(&b.OU) }},
		{"DeleteOU", func(tx store.Tx) error { return tx.DeleteOU(a.OU.ID) }},
		{"PutPolicy", func(tx store.Tx) error { return tx.PutPolicy(&b.Policy) }},
		{"DeletePolicy", func(tx store.Tx) error { return tx.DeletePolicy(a.Policy.PolicySummary.ID) }},
		{"InsertAttachment", func(tx store.Tx) error { return tx.InsertAttachment(&att) }},
		{"DeleteAttachment", func(tx store.Tx) error {
			return tx.DeleteAttachment(a.Attachments[0].PolicyID, a.Attachments[0].TargetID)
		}},
		{"DeleteAttachmentsForTarget", func(tx store.Tx) error { return tx.DeleteAttachmentsForTarget(a.Root.ID) }},
		{"DeleteAttachmentsOfType", func(tx store.Tx) error { return tx.DeleteAttachmentsOfType(a.Org.ID, typeSCP) }},
		{"SetTags", func(tx store.Tx) error { return tx.SetTags(a.Org.ID, a.Member.ID, nil) }},
		{"PutServiceAccess", func(tx store.Tx) error {
			return tx.PutServiceAccess(a.Org.ID, org.EnabledServicePrincipal{ServicePrincipal: "ram.amazonaws.com"})
		}},
		{"DeleteServiceAccess", func(tx store.Tx) error { return tx.DeleteServiceAccess(a.Org.ID, svcConfig) }},
		{"InsertDelegation", func(tx store.Tx) error { return tx.InsertDelegation(b.Delegation) }},
		{"DeleteDelegation", func(tx store.Tx) error {
			return tx.DeleteDelegation(a.Org.ID, a.Delegation.AccountID, a.Delegation.ServicePrincipal)
		}},
		{"PutCreateAccountStatus", func(tx store.Tx) error { return tx.PutCreateAccountStatus(&b.CAS) }},
		{"PutAccessKey", func(tx store.Tx) error { return tx.PutAccessKey(&b.Key) }},
		{"DeleteExpiredAccessKeys", func(tx store.Tx) error {
			_, err := tx.DeleteExpiredAccessKeys(at(1000))
			return err
		}},
		{"PutHandshake", func(tx store.Tx) error { return tx.PutHandshake(&b.Handshake) }},
		{"PutHandshake replacing", func(tx store.Tx) error {
			h := a.Handshake
			h.State, h.ClosedAt = org.HandshakeCanceled, at(20)
			return tx.PutHandshake(&h)
		}},
		{"PutTransfer", func(tx store.Tx) error { return tx.PutTransfer(&b.Transfer) }},
		{"PutResourcePolicy", func(tx store.Tx) error { return tx.PutResourcePolicy(&b.ResourcePolicy) }},
		{"DeleteResourcePolicy", func(tx store.Tx) error { return tx.DeleteResourcePolicy(a.Org.ID) }},
		{"SetPolicyChangedAt", func(tx store.Tx) error { return tx.SetPolicyChangedAt(a.Org.ID, a.Root.ID, at(20)) }},
		{"DeleteHandshakesEndedBefore", func(tx store.Tx) error {
			_, err := tx.DeleteHandshakesEndedBefore(at(1000))
			return err
		}},
	}
	for _, tc := range writes {
		t.Run(tc.name, func(t *testing.T) {
			var werr error
			// View may fail too once a write was attempted; only the write's
			// own error is part of the contract.
			_ = s.View(context.Background(), func(tx store.Tx) error {
				werr = tc.fn(tx)
				return nil
			})
			if werr == nil {
				t.Errorf("%s in View: got nil, want an error", tc.name)
			}
		})
	}
	sameLines(t, "after writes in View", observe(t, s, a, b), before)
	err := s.View(context.Background(), func(tx store.Tx) error { _, err := tx.GetMeta("k"); return err })
	wantErr(t, "GetMeta after SetMeta in View", err, store.ErrNotFound)
}

// testViewSnapshot checks that a View does not see an Update that commits
// while it runs. A store may instead make the Update wait for the View;
// the test gives it a moment to commit and accepts both.
func testViewSnapshot(t *testing.T, s store.Store) {
	a := newWorld("a", "1")
	update(t, s, func(tx store.Tx) error { return a.put(tx) })
	extra := org.Account{ID: "999999999999", Email: "extra@example.com", Name: "Extra", OrgID: a.Org.ID, ParentID: a.Root.ID}
	updated := make(chan error, 1)
	var before, after int
	var errExtra error
	view(t, s, func(tx store.Tx) error {
		var err error
		if before, err = tx.CountAccounts(a.Org.ID); err != nil {
			return err
		}
		go func() {
			updated <- s.Update(context.Background(), func(tx store.Tx) error { return tx.PutAccount(&extra) })
		}()
		select {
		case err := <-updated:
			updated <- err
		case <-time.After(200 * time.Millisecond):
		}
		if after, err = tx.CountAccounts(a.Org.ID); err != nil {
			return err
		}
		_, errExtra = tx.GetAccount(extra.ID)
		return nil
	})
	if err := <-updated; err != nil {
		t.Fatalf("Update during View: got %v, want nil", err)
	}
	equal(t, "CountAccounts later in the same View", after, before)
	wantErr(t, "GetAccount of a record committed during the View", errExtra, store.ErrNotFound)
	got := viewGet(t, s, func(tx store.Tx) (int, error) { return tx.CountAccounts(a.Org.ID) })
	equal(t, "CountAccounts in a later View", got, before+1)
}

func testReset(t *testing.T, s store.Store) {
	a, b := newWorld("a", "1"), newWorld("b", "2")
	empty := observe(t, s, a, b)
	update(t, s, func(tx store.Tx) error {
		return errors.Join(a.put(tx), b.put(tx), tx.SetMeta("secret", "s3cr3t"))
	})
	if err := s.Reset(context.Background()); err != nil {
		t.Fatalf("Reset: got %v, want nil", err)
	}
	sameLines(t, "after Reset", observe(t, s, a, b), empty)
	got := viewGet(t, s, func(tx store.Tx) (string, error) { return tx.GetMeta("secret") })
	equal(t, "GetMeta after Reset", got, "s3cr3t")
	// Nothing left behind may collide with the same records written again.
	update(t, s, func(tx store.Tx) error { return errors.Join(a.put(tx), b.put(tx)) })
	gotOrg := viewGet(t, s, func(tx store.Tx) (*org.Organization, error) { return tx.GetOrganization(a.Org.ID) })
	equal(t, "GetOrganization after Reset and put", gotOrg, &a.Org)
}

func testPing(t *testing.T, s store.Store) {
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("Ping: got %v, want nil", err)
	}
}

// concurrency is how many goroutines the concurrency tests run at once.
const concurrency = 50

// testConcurrentCreateOU runs the engine's check-then-insert from many
// goroutines at once: exactly one must create the OU; every other must
// either see it (its Update ran after) or get ErrConflict. Two successes
// would be a lost update.
func testConcurrentCreateOU(t *testing.T, s store.Store) {
	const orgID, rootID, name = "o-aaaaaaaaaa", "r-aaaa", "Contended"
	errExists := errors.New("storetest: OU exists")
	update(t, s, func(tx store.Tx) error { return tx.PutRoot(&org.Root{ID: rootID, Name: "Root", OrgID: orgID}) })
	results := make([]error, concurrency)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range concurrency {
		wg.Go(func() {
			<-start
			results[i] = s.Update(context.Background(), func(tx store.Tx) error {
				ous, err := tx.ListOUsForParent(rootID, store.Page{})
				if err != nil {
					return err
				}
				for _, ou := range ous {
					if ou.Name == name {
						return errExists
					}
				}
				return tx.PutOU(&org.OrganizationalUnit{ID: fmt.Sprintf("ou-aaaa-%08d", i), Name: name,
					OrgID: orgID, ParentID: rootID, Depth: 1})
			})
		})
	}
	close(start)
	wg.Wait()
	created := 0
	for i, err := range results {
		switch {
		case err == nil:
			created++
		case errors.Is(err, errExists), errors.Is(err, store.ErrConflict):
		default:
			t.Errorf("Update %d: got %v, want nil, ErrConflict or the OU seen", i, err)
		}
	}
	equal(t, "Updates that created the OU", created, 1)
	ous := viewGet(t, s, func(tx store.Tx) ([]org.OrganizationalUnit, error) {
		return tx.ListOUsForParent(rootID, store.Page{})
	})
	equal(t, "OUs under the root", len(ous), 1)
}

// testConcurrentCounter increments one value from many goroutines while
// others read it; serializable Updates lose no increment, and every View
// sees a value some sequence of Updates produced.
func testConcurrentCounter(t *testing.T, s store.Store) {
	const key = "counter"
	read := func(tx store.Tx) (int, error) {
		v, err := tx.GetMeta(key)
		if errors.Is(err, store.ErrNotFound) {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		return strconv.Atoi(v)
	}
	errs := make(chan error, 2*concurrency)
	var wg sync.WaitGroup
	for range concurrency {
		wg.Go(func() {
			errs <- s.Update(context.Background(), func(tx store.Tx) error {
				n, err := read(tx)
				if err != nil {
					return err
				}
				return tx.SetMeta(key, strconv.Itoa(n+1))
			})
		})
		wg.Go(func() {
			errs <- s.View(context.Background(), func(tx store.Tx) error {
				n, err := read(tx)
				if err == nil && (n < 0 || n > concurrency) {
					err = fmt.Errorf("counter %d out of range", n)
				}
				return err
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent transaction: got %v, want nil", err)
		}
	}
	got := viewGet(t, s, read)
	equal(t, "counter", got, concurrency)
}
