package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"canopy/org"
	"canopy/store"
)

var benchTime = time.Date(2024, 1, 2, 3, 4, 5, 678_000_000, time.UTC)

// benchOrg fills a store with one organization and n accounts in it, and
// returns the account IDs in order.
func benchOrg(b *testing.B, db *DB, n int) (org.Organization, []string) {
	b.Helper()
	o := org.Organization{ID: "o-aaaaaaaaaa", FeatureSet: org.FeatureSetAll, MasterAccountID: "100000000000",
		CreatedAt: org.NewTime(benchTime)}
	ids := make([]string, n)
	err := db.Update(context.Background(), func(tx store.Tx) error {
		if err := tx.InsertOrganization(&o); err != nil {
			return err
		}
		for i := range n {
			ids[i] = fmt.Sprintf("%012d", 100000000000+i)
			a := org.Account{
				ID: ids[i], Arn: "arn:aws:organizations::100000000000:account/o-aaaaaaaaaa/" + ids[i],
				Email: ids[i] + "@example.com", Name: "Account " + ids[i], Status: org.AccountActive,
				State: "ACTIVE", JoinedMethod: org.JoinedCreated, JoinedTimestamp: org.NewTime(benchTime),
				OrgID: o.ID, ParentID: "r-aaaa", CreatedAt: org.NewTime(benchTime),
			}
			if err := tx.PutAccount(&a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatalf("setup: %v", err)
	}
	return o, ids
}

// BenchmarkViewGetOrganization is the shape of most read API calls: a View
// that looks up the caller's organization and account.
func BenchmarkViewGetOrganization(b *testing.B) {
	db := openTest(b, b.TempDir())
	defer db.Close()
	o, ids := benchOrg(b, db, 1)
	ctx := context.Background()
	for b.Loop() {
		err := db.View(ctx, func(tx store.Tx) error {
			if _, err := tx.GetOrganization(o.ID); err != nil {
				return err
			}
			_, err := tx.GetAccount(ids[0])
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkViewGetOrganizationParallel runs the same View from every CPU,
// which the pool of read connections should scale with.
func BenchmarkViewGetOrganizationParallel(b *testing.B) {
	db := openTest(b, b.TempDir())
	defer db.Close()
	o, ids := benchOrg(b, db, 1)
	ctx := context.Background()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			err := db.View(ctx, func(tx store.Tx) error {
				if _, err := tx.GetOrganization(o.ID); err != nil {
					return err
				}
				_, err := tx.GetAccount(ids[0])
				return err
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkListAccounts20Of10000 reads pages of 20 from all over a list of
// 10,000 accounts: keyset pagination makes each cost the same.
func BenchmarkListAccounts20Of10000(b *testing.B) {
	db := openTest(b, b.TempDir())
	defer db.Close()
	o, ids := benchOrg(b, db, 10000)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		after := ids[(i*37)%(len(ids)-20)]
		i++
		err := db.View(ctx, func(tx store.Tx) error {
			page, err := tx.ListAccounts(o.ID, store.Page{After: after, Limit: 20})
			if err == nil && len(page) != 20 {
				err = fmt.Errorf("page of %d", len(page))
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdatePutAccount measures one durable write transaction, which
// is dominated by the fsync that synchronous=FULL makes every commit wait
// for.
func BenchmarkUpdatePutAccount(b *testing.B) {
	db := openTest(b, b.TempDir())
	defer db.Close()
	ctx := context.Background()
	a := org.Account{ID: "100000000000", Email: "a@example.com", Name: "A", Status: org.AccountActive}
	i := 0
	for b.Loop() {
		i++
		a.Name = fmt.Sprint("A ", i)
		if err := db.Update(ctx, func(tx store.Tx) error { return tx.PutAccount(&a) }); err != nil {
			b.Fatal(err)
		}
	}
}
