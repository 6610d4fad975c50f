package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"canopy/org"
	"canopy/store"
	"canopy/store/storetest"
)

func openTest(t testing.TB, dir string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatalf("Open: got %v, want nil", err)
	}
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTest(t, t.TempDir()) })
}

func TestOpenCreatesDirectory(t *testing.T) {
	// The odd characters would end or corrupt the path in a SQLite URI
	// if they were not escaped.
	dir := filepath.Join(t.TempDir(), "a b", "c?d#e%20f")
	db := openTest(t, dir)
	defer db.Close()
	if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
		t.Errorf("database file: got %v, want it to exist", err)
	}
	var mode string
	err := db.View(context.Background(), func(stx store.Tx) error {
		row, err := stx.(*tx).queryRow("PRAGMA journal_mode")
		if err != nil {
			return err
		}
		return row.Scan(&mode)
	})
	if err != nil || mode != "wal" {
		t.Errorf("journal_mode: got %q, %v, want wal", mode, err)
	}
}

func TestReopenKeepsData(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	o := org.Organization{ID: "o-aaaaaaaaaa", FeatureSet: org.FeatureSetAll, MasterAccountID: "111111111111",
		CreatedAt: org.NewTime(time.Date(2024, 1, 2, 3, 4, 5, 678_000_000, time.UTC))}
	a := org.Account{ID: "111111111111", Email: "m@example.com", Name: "M", Status: org.AccountActive, OrgID: o.ID,
		ClosedAt: org.NewTime(time.Date(2024, 5, 6, 7, 8, 9, 10_000_000, time.UTC))}
	att := org.Attachment{OrgID: o.ID, PolicyID: "p-FullAWSAccess", PolicyType: "SERVICE_CONTROL_POLICY",
		TargetID: a.ID, TargetType: org.TypeAccount}

	db := openTest(t, dir)
	err := db.Update(ctx, func(tx store.Tx) error {
		return errors.Join(tx.InsertOrganization(&o), tx.PutAccount(&a), tx.InsertAttachment(&att), tx.SetMeta("secret", "s"))
	})
	if err != nil {
		t.Fatalf("Update: got %v, want nil", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: got %v, want nil", err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: got %v, want nil", err)
	}
	err = db.View(ctx, func(store.Tx) error { return nil })
	if !errors.Is(err, ErrClosed) {
		t.Errorf("View after Close: got %v, want %v", err, ErrClosed)
	}

	db = openTest(t, dir)
	defer db.Close()
	err = db.View(ctx, func(tx store.Tx) error {
		gotOrg, err1 := tx.GetOrganization(o.ID)
		gotAcct, err2 := tx.GetAccount(a.ID)
		secret, err3 := tx.GetMeta("secret")
		if err := errors.Join(err1, err2, err3); err != nil {
			return err
		}
		if !reflect.DeepEqual(*gotOrg, o) {
			t.Errorf("organization: got %+v, want %+v", gotOrg, o)
		}
		if !gotAcct.ClosedAt.Equal(a.ClosedAt.Time) || gotAcct.Email != a.Email {
			t.Errorf("account: got %+v, want %+v", gotAcct, a)
		}
		if secret != "s" {
			t.Errorf("meta: got %q, want %q", secret, "s")
		}
		return nil
	})
	if err != nil {
		t.Fatalf("View: got %v, want nil", err)
	}
	// The attachment sequence survives too.
	next := att
	next.TargetID = "r-aaaa"
	if err := db.Update(ctx, func(tx store.Tx) error { return tx.InsertAttachment(&next) }); err != nil {
		t.Fatalf("Update: got %v, want nil", err)
	}
	if next.Seq <= att.Seq {
		t.Errorf("Seq after reopen: got %d, want more than %d", next.Seq, att.Seq)
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	dir := t.TempDir()
	for i := range 3 {
		db := openTest(t, dir)
		var versions []int
		err := db.View(context.Background(), func(stx store.Tx) error {
			var err error
			versions, err = list(stx.(*tx), "versions", "SELECT version FROM schema_migrations ORDER BY version",
				func(s scanner, v *int) error { return s.Scan(v) })
			return err
		})
		if err != nil {
			t.Fatalf("open %d: reading versions: got %v, want nil", i, err)
		}
		want := make([]int, len(migrations))
		for j := range want {
			want[j] = j + 1
		}
		if fmt.Sprint(versions) != fmt.Sprint(want) {
			t.Errorf("open %d: versions: got %v, want %v", i, versions, want)
		}
		if err := db.Close(); err != nil {
			t.Fatalf("Close: got %v, want nil", err)
		}
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	c := <-db.writer
	_, err := c.c.ExecContext(context.Background(), "INSERT INTO schema_migrations (version, applied_at) VALUES (999, 0)")
	db.writer <- c
	if err != nil {
		t.Fatalf("insert version: got %v, want nil", err)
	}
	db.Close()
	if db, err := Open(context.Background(), dir); err == nil {
		db.Close()
		t.Fatalf("Open of a newer schema: got nil, want an error")
	}
}

func TestWriteInViewIsReadOnly(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	var werr error
	db.View(context.Background(), func(tx store.Tx) error {
		werr = tx.SetMeta("k", "v")
		return nil
	})
	if !errors.Is(werr, ErrReadOnly) {
		t.Errorf("SetMeta in View: got %v, want %v", werr, ErrReadOnly)
	}
	// The connection itself refuses writes too, should a statement bypass
	// the check.
	err := db.View(context.Background(), func(stx store.Tx) error {
		_, err := stx.(*tx).c.c.ExecContext(context.Background(), "INSERT INTO meta (key, value) VALUES ('k', 'v')")
		return err
	})
	if err == nil {
		t.Errorf("INSERT on a read connection: got nil, want an error")
	}
}

func TestTxUnusableAfterward(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	var kept store.Tx
	if err := db.Update(context.Background(), func(tx store.Tx) error { kept = tx; return nil }); err != nil {
		t.Fatalf("Update: got %v, want nil", err)
	}
	if err := kept.SetMeta("k", "v"); !errors.Is(err, errTxDone) {
		t.Errorf("SetMeta after Update returned: got %v, want %v", err, errTxDone)
	}
}

func TestCancelledContext(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	err := db.Update(ctx, func(store.Tx) error { ran = true; return nil })
	if !errors.Is(err, context.Canceled) || ran {
		t.Errorf("Update with a cancelled context: got %v, ran %v, want %v, not run", err, ran, context.Canceled)
	}
	// Cancelled midway, the next statement fails and nothing is kept.
	ctx, cancel = context.WithCancel(context.Background())
	err = db.Update(ctx, func(tx store.Tx) error {
		if err := tx.SetMeta("a", "1"); err != nil {
			return err
		}
		cancel()
		return tx.SetMeta("b", "2")
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Update cancelled midway: got %v, want %v", err, context.Canceled)
	}
	err = db.View(context.Background(), func(tx store.Tx) error { _, err := tx.GetMeta("a"); return err })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetMeta of a rolled-back write: got %v, want %v", err, store.ErrNotFound)
	}
}

// TestViewDuringUpdate checks that reads do not wait for a write in
// progress, which is what WAL and the separate read connections are for.
func TestViewDuringUpdate(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	ctx := context.Background()
	inside, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.Update(ctx, func(tx store.Tx) error {
			if err := tx.SetMeta("k", "uncommitted"); err != nil {
				return err
			}
			close(inside)
			<-release
			return nil
		})
	}()
	<-inside
	viewCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	err := db.View(viewCtx, func(tx store.Tx) error { _, err := tx.GetMeta("k"); return err })
	close(release)
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("View during Update: got %v, want %v", err, store.ErrNotFound)
	}
	if err := <-done; err != nil {
		t.Fatalf("Update: got %v, want nil", err)
	}
}

// TestBrokenConnectionReplaced checks that a connection whose state is
// unknown (its ROLLBACK failed) is replaced before the next transaction.
func TestBrokenConnectionReplaced(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	ctx := context.Background()
	w := <-db.writer
	w.broken = true
	db.writer <- w
	for range db.nReaders {
		r := <-db.readers
		r.broken = true
		db.readers <- r
	}
	if err := db.Update(ctx, func(tx store.Tx) error { return tx.SetMeta("k", "v") }); err != nil {
		t.Fatalf("Update: got %v, want nil", err)
	}
	for range db.nReaders {
		err := db.View(ctx, func(tx store.Tx) error { _, err := tx.GetMeta("k"); return err })
		if err != nil {
			t.Fatalf("View: got %v, want nil", err)
		}
	}
	if w2 := <-db.writer; w2 == w || w2.broken {
		t.Errorf("writer connection: got the broken one back, want a new one")
	} else {
		db.writer <- w2
	}
}

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

// reportCPU reports the CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	if d := cpuTime() - start; d > 0 && b.N > 0 {
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkViewGetOrganization is the shape of most read API calls: a View
// that looks up the caller's organization and account.
func BenchmarkViewGetOrganization(b *testing.B) {
	db := openTest(b, b.TempDir())
	defer db.Close()
	o, ids := benchOrg(b, db, 1)
	ctx := context.Background()
	start := cpuTime()
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
	reportCPU(b, start)
}

// BenchmarkViewGetOrganizationParallel runs the same View from every CPU,
// which the pool of read connections should scale with.
func BenchmarkViewGetOrganizationParallel(b *testing.B) {
	db := openTest(b, b.TempDir())
	defer db.Close()
	o, ids := benchOrg(b, db, 1)
	ctx := context.Background()
	b.ResetTimer()
	start := cpuTime()
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
	reportCPU(b, start)
}

// BenchmarkListAccounts20Of10000 reads pages of 20 from all over a list of
// 10,000 accounts: keyset pagination makes each cost what a page of a short
// list costs (compare BenchmarkListAccounts20Of100).
func BenchmarkListAccounts20Of10000(b *testing.B) { benchmarkListAccounts(b, 10000) }

// BenchmarkListAccounts20Of100 is the baseline for
// BenchmarkListAccounts20Of10000.
func BenchmarkListAccounts20Of100(b *testing.B) { benchmarkListAccounts(b, 100) }

func benchmarkListAccounts(b *testing.B, n int) {
	db := openTest(b, b.TempDir())
	defer db.Close()
	o, ids := benchOrg(b, db, n)
	ctx := context.Background()
	i := 0
	start := cpuTime()
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
	reportCPU(b, start)
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
	start := cpuTime()
	for b.Loop() {
		i++
		a.Name = fmt.Sprint("A ", i)
		if err := db.Update(ctx, func(tx store.Tx) error { return tx.PutAccount(&a) }); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}
