// Package engine holds every rule of AWS Organizations, exactly once: who may
// call what, input semantics beyond the wire model, quotas, the OU hierarchy,
// policy attachment rules, the CreateAccount and CloseAccount state machines,
// and the minting of IDs and ARNs. Each operation runs in one store
// transaction, so a client never sees half of one.
//
// The engine knows nothing of HTTP or of any wire format: front-ends decode a
// request into an org shape, put the caller in the context (org.WithCaller)
// and call the method named after the operation.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"canopy/org"
	"canopy/store"
)

// Config tunes an Engine. The zero value of each field means its default.
type Config struct {
	// Quotas are the organization limits; see DefaultQuotas.
	Quotas Quotas
	// AccountCreationDelay is how long a CreateAccount request stays
	// IN_PROGRESS before it completes. Zero completes it as soon as the
	// background worker gets to it, still after CreateAccount has answered.
	AccountCreationDelay time.Duration
	// AccountClosureDelay is how long a closed account stays PENDING_CLOSURE
	// before it becomes SUSPENDED.
	AccountClosureDelay time.Duration
	// LeaveWaitPeriod is how long after its creation an account made by
	// CreateAccount must wait before it leaves or is removed from its
	// organization; zero lets it leave at once. AWS waits four days
	// (DefaultLeaveWaitPeriod).
	LeaveWaitPeriod time.Duration
	// StrictSCP validates SCPs with the rules AWS applied before it accepted
	// the full IAM policy language in September 2025.
	StrictSCP bool
	// NoWorker does not start the background worker: for an operator's
	// command that opens the store next to a running server, whose worker
	// does the work.
	NoWorker bool
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Logger receives the engine's logs; slog.Default() when nil.
	Logger *slog.Logger
}

// DefaultLeaveWaitPeriod is AWS's waiting period before a created account
// may leave its organization.
const DefaultLeaveWaitPeriod = 4 * 24 * time.Hour

// Engine implements the operations of AWS Organizations over a Store.
type Engine struct {
	st     store.Store
	q      Quotas
	now    func() time.Time
	log    *slog.Logger
	cfg    Config
	tokens *tokenSigner

	wake chan struct{}
	stop chan struct{}
	done chan struct{}
	once sync.Once
	// purgedAt is when expired credentials were last purged (UnixNano).
	purgedAt atomic.Int64
	// compiledPolicies keeps SCPs and RCPs compiled for decisions.
	compiledPolicies compileCache
}

// New returns an Engine over st. It seeds the AWS-managed policies and the
// pagination secret if the store has none, and starts the background worker
// that completes CreateAccount and CloseAccount requests, including ones
// left in progress by an earlier run. Call Close to stop it.
func New(ctx context.Context, st store.Store, cfg Config) (*Engine, error) {
	e := &Engine{
		st:   st,
		q:    cfg.Quotas.withDefaults(),
		now:  cfg.Now,
		log:  cfg.Logger,
		cfg:  cfg,
		wake: make(chan struct{}, 1),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.log == nil {
		e.log = slog.Default()
	}
	if err := e.seed(ctx); err != nil {
		return nil, err
	}
	if cfg.NoWorker {
		close(e.done)
	} else {
		go e.work()
	}
	return e, nil
}

// Close stops the background worker. Requests still in progress are kept in
// the store and complete after the next New.
func (e *Engine) Close() error {
	e.once.Do(func() { close(e.stop) })
	<-e.done
	return nil
}

// Reset deletes all state: every organization, account and key. It serves
// the development-mode reset endpoints.
func (e *Engine) Reset(ctx context.Context) error {
	if err := e.st.Reset(ctx); err != nil {
		return err
	}
	return e.seed(ctx)
}

// seed writes what every store must hold: the AWS-managed policies and the
// secret that signs pagination tokens.
func (e *Engine) seed(ctx context.Context) error {
	return e.st.Update(ctx, func(tx store.Tx) error {
		for _, p := range managedPolicies {
			if _, err := tx.GetPolicy(p.PolicySummary.ID); err == nil {
				continue
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			p := p
			if err := tx.PutPolicy(&p); err != nil {
				return fmt.Errorf("seed %s: %w", p.PolicySummary.ID, err)
			}
		}
		key, err := tx.GetMeta(metaTokenKey)
		if errors.Is(err, store.ErrNotFound) {
			key = newTokenKey()
			if err := tx.SetMeta(metaTokenKey, key); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		e.tokens = newTokenSigner(key)
		return nil
	})
}

// timestamp returns the engine clock's now, as the wire carries it.
func (e *Engine) timestamp() org.Time { return org.NewTime(e.now()) }

// update runs fn in a read-write transaction.
func (e *Engine) update(ctx context.Context, fn func(tx store.Tx) error) error {
	return e.st.Update(ctx, fn)
}

// view runs fn in a read-only transaction.
func (e *Engine) view(ctx context.Context, fn func(tx store.Tx) error) error {
	return e.st.View(ctx, fn)
}

// notFound reports whether err is the store's not-found error.
func notFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
