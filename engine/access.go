package engine

import (
	"context"

	"canopy/internal/ids"
	"canopy/org"
	"canopy/store"
)

// access is who may call an operation.
type access int

const (
	// anyMember: any account of the organization.
	anyMember access = iota
	// reader: the management account, a delegated administrator of a
	// service (RegisterDelegatedAdministrator), or an account the
	// organization's delegation policy allows the operation's action.
	reader
	// manager: the management account only.
	manager
	// delegable: the management account, or an account the organization's
	// resource-based delegation policy grants the action: AWS delegates
	// Organizations policy management by that policy alone, without
	// RegisterDelegatedAdministrator. enter admits a member account only
	// when the organization has a delegation policy; the operation then
	// names the action and the resources it acts upon to authorize
	// (respolicy.go).
	delegable
)

// session is what an operation knows about its caller once admitted.
type session struct {
	caller  org.Caller
	account *org.Account
	org     *org.Organization
	arns    ids.ARNs
	// delegation is the organization's resource policy when a delegated
	// administrator calls a delegable operation.
	delegation *org.ResourcePolicy
}

// isManagement reports whether the caller is the management account.
func (s *session) isManagement() bool { return s.account.ID == s.org.MasterAccountID }

// callerOf returns the caller in ctx, resolving its account inside tx when
// the front-end left that to the engine. In development mode a request is
// trusted to be who it says: for a key of 12 digits, that account (as moto
// does); for a key registered with Canopy, its account; or else the default
// account.
func callerOf(ctx context.Context, tx store.Tx) (org.Caller, error) {
	c, _ := org.CallerFrom(ctx)
	if c.Partition == "" {
		c.Partition = org.PartitionForRegion(c.Region)
	}
	if c.AccountID != "" {
		return c, nil
	}
	// Keys Canopy issues never have 12 digits, so a 12-digit key needs no
	// lookup: it is the account.
	if ids.IsAccountID(c.AccessKeyID) {
		c.AccountID = c.AccessKeyID
		return c, nil
	}
	if c.AccessKeyID != "" {
		k, err := tx.GetAccessKey(c.AccessKeyID)
		if err == nil {
			c.AccountID = k.AccountID
			if c.Principal == "" {
				c.Principal = k.Principal
			}
			return c, nil
		} else if !notFound(err) {
			return c, err
		}
	}
	c.AccountID = org.DefaultAccountID
	return c, nil
}

var (
	errNotInUse     = org.Errorf(org.ErrAWSOrganizationsNotInUse, "Your account is not a member of an organization.")
	errAccessDenied = org.Errorf(org.ErrAccessDenied, "You don't have permissions to access this resource.")
)

// enter admits the caller of ctx to an operation that needs level, inside tx.
func (e *Engine) enter(ctx context.Context, tx store.Tx, level access) (*session, error) {
	c, err := callerOf(ctx, tx)
	if err != nil {
		return nil, err
	}
	acct, err := tx.GetAccount(c.AccountID)
	if notFound(err) {
		return nil, errNotInUse
	} else if err != nil {
		return nil, err
	}
	if acct.OrgID == "" {
		return nil, errNotInUse
	}
	o, err := tx.GetOrganization(acct.OrgID)
	if notFound(err) {
		// The store clears an account's organization when it deletes the
		// organization; should a record still name a deleted one, its caller
		// is in no organization, which is what AWS answers, rather than an
		// internal error.
		return nil, errNotInUse
	} else if err != nil {
		return nil, err
	}
	s := &session{caller: c, account: acct, org: o, arns: ids.ARNs{Partition: c.Partition, Management: o.MasterAccountID, OrgID: o.ID}}
	if s.isManagement() {
		return s, nil
	}
	switch level {
	case manager:
		return nil, errAccessDenied
	case reader:
		// A delegated administrator of a service may read; so may an
		// account the organization's delegation policy allows the read.
		ds, err := tx.ListDelegations(o.ID, acct.ID, "")
		if err != nil {
			return nil, err
		}
		if len(ds) > 0 {
			return s, nil
		}
		if err := e.delegate(tx, s); err != nil {
			return nil, err
		}
		op := org.OperationFrom(ctx)
		if op == "" {
			return nil, errAccessDenied
		}
		// A read names no resource of its own: the statement must allow
		// the action on "*".
		if err := e.authorize(tx, s, op, nil, resourceRef{arn: "*"}); err != nil {
			return nil, err
		}
	case delegable:
		// The operation authorizes its action on the resources it acts
		// upon (respolicy.go).
		if err := e.delegate(tx, s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// delegate gives the session the organization's delegation policy, without
// which a member account may do nothing beyond its own level.
func (e *Engine) delegate(tx store.Tx, s *session) error {
	rp, err := tx.GetResourcePolicy(s.org.ID)
	if notFound(err) {
		return errAccessDenied
	} else if err != nil {
		return err
	}
	s.delegation = rp
	return nil
}

// read runs fn in a read-only transaction for an admitted caller.
func (e *Engine) read(ctx context.Context, level access, fn func(tx store.Tx, s *session) error) error {
	return e.view(ctx, func(tx store.Tx) error {
		s, err := e.enter(ctx, tx, level)
		if err != nil {
			return err
		}
		return fn(tx, s)
	})
}

// write runs fn in a read-write transaction for an admitted caller.
func (e *Engine) write(ctx context.Context, level access, fn func(tx store.Tx, s *session) error) error {
	return e.update(ctx, func(tx store.Tx) error {
		s, err := e.enter(ctx, tx, level)
		if err != nil {
			return err
		}
		return fn(tx, s)
	})
}
