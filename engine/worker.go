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
	var closing []org.Account
	err := e.view(ctx, func(tx store.Tx) error {
		var err error
		if pending, err = tx.ListPendingCreateAccountStatuses(100); err != nil {
			return err
		}
		closing, err = tx.ListAccountsByStatus(org.AccountPendingClosure, store.Page{Limit: 100})
		return err
	})
	if err != nil {
		e.log.Error("worker: list pending work", "err", err)
		return wait
	}
	for _, st := range pending {
		if due(st.DueAt.Time) {
			if err := e.completeCreateAccount(ctx, st.ID); err != nil {
				e.log.Error("worker: complete CreateAccount", "request", st.ID, "err", err)
			}
		}
	}
	for _, a := range closing {
		if due(a.ClosedAt.Add(e.cfg.AccountClosureDelay)) {
			if err := e.completeClosure(ctx, a.ID); err != nil {
				e.log.Error("worker: complete CloseAccount", "account", a.ID, "err", err)
			}
		}
	}
	if len(pending) == 100 || len(closing) == 100 {
		wait = 10 * time.Millisecond
	}
	return wait
}
