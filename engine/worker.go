package engine

import (
	"context"
	"time"

	"canopy/org"
	"canopy/store"
)

// pollInterval bounds how long the worker sleeps, so that work queued by
// another node sharing the store, or made due by a moved clock, is found.
const pollInterval = time.Second

// poke wakes the worker after a request queued work.
func (e *Engine) poke() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// work completes due CreateAccount and CloseAccount requests until Close.
func (e *Engine) work() {
	defer close(e.done)
	ctx := context.Background()
	for {
		wait := e.RunDue(ctx)
		t := time.NewTimer(min(wait, pollInterval))
		select {
		case <-e.stop:
			t.Stop()
			return
		case <-e.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// workBatch is how many pending CreateAccount requests, or PENDING_CLOSURE
// accounts, RunDue reads at a time.
const workBatch = 100

// RunDue completes every request that is due now and returns how long until
// the next one is (pollInterval when none is pending). The worker calls it;
// tests that move the clock call it too.
func (e *Engine) RunDue(ctx context.Context) time.Duration {
	wait := pollInterval
	now := e.now()
	due := func(at time.Time) bool {
		if at.After(now) {
			wait = min(wait, at.Sub(now))
			return false
		}
		return true
	}
	var pending []org.CreateAccountStatus
	var closing []string
	err := e.view(ctx, func(tx store.Tx) error {
		var err error
		closing = closing[:0] // in case the store runs fn again
		// Soonest DueAt first, so the due requests lead the batch.
		if pending, err = tx.ListPendingCreateAccountStatuses(workBatch); err != nil {
			return err
		}
		// PENDING_CLOSURE accounts come in ID order, not due order: read
		// them all, or due closures behind a full batch of later ones
		// would never complete.
		after := ""
		for {
			as, err := tx.ListAccountsByStatus("", org.AccountPendingClosure, store.Page{After: after, Limit: workBatch})
			if err != nil {
				return err
			}
			for _, a := range as {
				if due(a.ClosedAt.Add(e.cfg.AccountClosureDelay)) {
					closing = append(closing, a.ID)
				}
			}
			if len(as) < workBatch {
				return nil
			}
			after = as[len(as)-1].ID
		}
	})
	if err != nil {
		e.log.Error("worker: list pending work", "err", err)
		return wait
	}
	allDue := true
	for _, st := range pending {
		if !due(st.DueAt.Time) {
			allDue = false
			break // the rest are due later still
		}
		if err := e.completeCreateAccount(ctx, st.ID); err != nil {
			e.log.Error("worker: complete CreateAccount", "request", st.ID, "err", err)
		}
	}
	for _, id := range closing {
		if err := e.completeClosure(ctx, id); err != nil {
			e.log.Error("worker: complete CloseAccount", "account", id, "err", err)
		}
	}
	// What has run its course is purged hourly: a write every poll would
	// cost an fsync a second for nothing.
	if last := e.purgedAt.Load(); now.Sub(time.Unix(0, last)) >= time.Hour {
		if err := e.purge(ctx); err != nil {
			e.log.Error("worker: purge", "err", err)
		} else {
			e.purgedAt.Store(now.UnixNano())
		}
	}
	// A full batch of due requests may have more due ones behind it.
	if len(pending) == workBatch && allDue {
		wait = 10 * time.Millisecond
	}
	return wait
}

// purge removes temporary credentials that expired more than a day ago
// (until then a request with them is told its token expired), and the
// handshakes that closed or expired more than 30 days ago, which AWS
// deletes then and Canopy already hides.
func (e *Engine) purge(ctx context.Context) error {
	now := e.now()
	return e.update(ctx, func(tx store.Tx) error {
		if _, err := tx.DeleteExpiredAccessKeys(org.NewTime(now.Add(-24 * time.Hour))); err != nil {
			return err
		}
		_, err := tx.DeleteHandshakesEndedBefore(org.NewTime(now.Add(-closedVisible)))
		return err
	})
}
