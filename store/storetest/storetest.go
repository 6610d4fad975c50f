// Package storetest is the conformance suite for store.Store. Every store
// implementation runs it from its own tests:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { ... })
//	}
//
// The suite checks the contract written in the doc comments of package store,
// so that the engine, which holds every rule, can rely on any store that
// passes it. Where the comments leave something implicit, the suite takes the
// reading the engine needs, listed here so that changing it is a decision:
//
//   - A write refused with ErrConflict leaves its transaction usable: the
//     engine may handle the error and commit the transaction's other writes.
//   - InsertAttachment sets the Seq it gives in the Attachment passed to it.
//   - Emails compare case-insensitively beyond ASCII, as strings.ToLower does.
//   - ListPendingCreateAccountStatuses with a limit of 0 or less has no
//     limit, like Page.Limit.
//
// Where the contract leaves a choice open (the location of returned times,
// nil or empty slices, whether View itself fails after fn tried to write)
// the suite accepts either.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"canopy/org"
	"canopy/store"
)

// Run runs the conformance suite. open must return a new, empty store each
// time it is called; Run closes it when the subtest that asked for it ends.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Meta", testMeta},
		{"Organization", testOrganization},
		{"NotFound", testNotFound},
		{"AccountRoundTrip", testAccountRoundTrip},
		{"AccountEmail", testAccountEmail},
		{"AccountLists", testAccountLists},
		{"Times", testTimes},
		{"Roots", testRoots},
		{"OUs", testOUs},
		{"Policies", testPolicies},
		{"Attachments", testAttachments},
		{"AttachmentsForPolicy", testAttachmentsForPolicy},
		{"PoliciesAttachedTo", testPoliciesAttachedTo},
		{"Tags", testTags},
		{"ServiceAccess", testServiceAccess},
		{"Delegations", testDelegations},
		{"CreateAccountStatuses", testCreateAccountStatuses},
		{"AccessKeys", testAccessKeys},
		{"SessionAccessKeys", testSessionAccessKeys},
		{"DeleteExpiredAccessKeys", testDeleteExpiredAccessKeys},
		{"HandshakeRoundTrip", testHandshakeRoundTrip},
		{"HandshakeLists", testHandshakeLists},
		{"HandshakesDeleteOrganization", testHandshakesDeleteOrganization},
		{"HandshakesReset", testHandshakesReset},
		{"Transfers", testTransfers},
		{"TransfersDeleteOrganization", testTransfersDeleteOrganization},
		{"ResourcePolicies", testResourcePolicies},
		{"PolicyChanges", testPolicyChanges},
		{"HandshakesEndedBefore", testHandshakesEndedBefore},
		{"DeleteOrganization", testDeleteOrganization},
		{"Rollback", testRollback},
		{"ConflictKeepsTransaction", testConflictKeepsTransaction},
		{"ReadYourWrites", testReadYourWrites},
		{"ViewRejectsWrites", testViewRejectsWrites},
		{"ViewSnapshot", testViewSnapshot},
		{"Reset", testReset},
		{"Ping", testPing},
		{"ConcurrentCreateOU", testConcurrentCreateOU},
		{"ConcurrentCounter", testConcurrentCounter},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: got %v, want nil", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

// update runs fn in an Update and fails the test if it returns an error.
func update(t *testing.T, s store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: got %v, want nil", err)
	}
}

// view runs fn in a View and fails the test if it returns an error.
func view(t *testing.T, s store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := s.View(context.Background(), fn); err != nil {
		t.Fatalf("View: got %v, want nil", err)
	}
}

// viewGet reads one value in its own View.
func viewGet[T any](t *testing.T, s store.Store, get func(tx store.Tx) (T, error)) T {
	t.Helper()
	var v T
	view(t, s, func(tx store.Tx) (err error) {
		v, err = get(tx)
		return err
	})
	return v
}

// wantErr fails the test unless err wraps target.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: got %v, want %v", what, err, target)
	}
}

// equal compares got and want after canon.
func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if g, w := canon(got), canon(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s: got %+v, want %+v", what, g, w)
	}
}

var timeType = reflect.TypeFor[org.Time]()

// canon returns a deep copy of v in which every org.Time is in UTC at
// millisecond precision (the zero Time stays zero) and every empty slice is
// nil: the two differences between equal records that the contract allows.
func canon(v any) any {
	if v == nil {
		return nil
	}
	src := reflect.ValueOf(v)
	dst := reflect.New(src.Type()).Elem()
	canonInto(dst, src)
	return dst.Interface()
}

func canonInto(dst, src reflect.Value) {
	if src.Type() == timeType {
		if tm := src.Interface().(org.Time); !tm.IsZero() {
			dst.Set(reflect.ValueOf(org.NewTime(tm.Time)))
		}
		return
	}
	switch src.Kind() {
	case reflect.Pointer:
		if !src.IsNil() {
			p := reflect.New(src.Type().Elem())
			canonInto(p.Elem(), src.Elem())
			dst.Set(p)
		}
	case reflect.Slice:
		if src.Len() > 0 {
			s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
			for i := range src.Len() {
				canonInto(s.Index(i), src.Index(i))
			}
			dst.Set(s)
		}
	case reflect.Struct:
		for i := range src.NumField() {
			if dst.Field(i).CanSet() {
				canonInto(dst.Field(i), src.Field(i))
			}
		}
	default:
		dst.Set(src)
	}
}

// pageLimits are the page sizes every list is read with: no limit, pages
// shorter than the list, and a page longer than it.
var pageLimits = []int{0, 1, 2, 3, 1000}

// collect reads a whole list page by page, each page in its own View as an
// API call would, and returns the keys in the order received. It fails the
// test if a page is longer than asked for.
func collect[T any](t *testing.T, s store.Store, limit int,
	list func(tx store.Tx, p store.Page) ([]T, error), key func(T) string) []string {
	t.Helper()
	var keys []string
	p := store.Page{Limit: limit}
	for range 10000 {
		page := viewGet(t, s, func(tx store.Tx) ([]T, error) { return list(tx, p) })
		if limit > 0 && len(page) > limit {
			t.Fatalf("page after %q: got %d records, want at most %d", p.After, len(page), limit)
		}
		for _, v := range page {
			keys = append(keys, key(v))
		}
		if limit <= 0 || len(page) < limit {
			return keys
		}
		p.After = key(page[len(page)-1])
	}
	t.Fatalf("paging did not end after 10000 pages")
	return nil
}

// checkPaging reads a list with every page size and checks it against the
// keys wanted, then checks that After past the last key gives nothing and
// that After need not be an existing key.
func checkPaging[T any](t *testing.T, s store.Store, want []string,
	list func(tx store.Tx, p store.Page) ([]T, error), key func(T) string) {
	t.Helper()
	for _, n := range pageLimits {
		equal(t, fmt.Sprintf("keys with Limit %d", n), collect(t, s, n, list, key), want)
	}
	if len(want) == 0 {
		return
	}
	last := want[len(want)-1]
	got := viewGet(t, s, func(tx store.Tx) ([]T, error) { return list(tx, store.Page{After: last}) })
	equal(t, fmt.Sprintf("records after last key %q", last), len(got), 0)
	// A key just below the first one: every record follows it.
	first := want[0]
	below := first[:len(first)-1]
	got = viewGet(t, s, func(tx store.Tx) ([]T, error) { return list(tx, store.Page{After: below}) })
	keys := make([]string, len(got))
	for i, v := range got {
		keys[i] = key(v)
	}
	equal(t, fmt.Sprintf("keys after %q", below), keys, want)
}

func testMeta(t *testing.T, s store.Store) {
	err := s.View(context.Background(), func(tx store.Tx) error {
		_, err := tx.GetMeta("secret")
		return err
	})
	wantErr(t, "GetMeta of a missing key", err, store.ErrNotFound)

	// One Update each, so that the overwrite happens in a later transaction.
	for _, kv := range [][2]string{{"secret", "v1"}, {"secret", "v2"}, {"other", "x"}, {"empty", ""}} {
		update(t, s, func(tx store.Tx) error { return tx.SetMeta(kv[0], kv[1]) })
	}
	tests := []struct {
		name  string
		key   string
		value string
	}{
		{"overwritten", "secret", "v2"},
		{"other key", "other", "x"},
		{"empty value", "empty", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (string, error) { return tx.GetMeta(tc.key) })
			equal(t, "GetMeta("+tc.key+")", got, tc.value)
		})
	}
}
