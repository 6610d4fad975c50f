package engine

import (
	"context"
	"strings"
	"time"

	"canopy/internal/ids"
	"canopy/org"
	"canopy/store"
)

// allFeaturesPending returns the organization's open ENABLE_ALL_FEATURES
// request, or nil when it has none.
func (e *Engine) allFeaturesPending(tx store.Tx, orgID string) (*org.Handshake, error) {
	hs, err := tx.ListHandshakesByAction(orgID, org.ActionEnableAllFeatures, store.Page{})
	if err != nil {
		return nil, err
	}
	for i := range hs {
		h := &hs[i]
		e.settle(h)
		if h.ParentID == "" && !org.HandshakeClosed(h.State) {
			return h, nil
		}
	}
	return nil, nil
}

// settle brings a handshake's state up to the engine's clock: an open
// handshake past its expiration time has expired.
func (e *Engine) settle(h *org.Handshake) {
	if !org.HandshakeClosed(h.State) && !h.ExpirationTimestamp.IsZero() && !e.now().Before(h.ExpirationTimestamp.Time) {
		h.State, h.ClosedAt = org.HandshakeExpired, h.ExpirationTimestamp
	}
}

// notFinalizing refuses an operation while the organization is finishing
// the change to all features.
func (e *Engine) notFinalizing(tx store.Tx, s *session) error {
	h, err := e.allFeaturesPending(tx, s.org.ID)
	if err != nil {
		return err
	}
	if h != nil {
		return org.Errorf(org.ErrFinalizingOrganization, "Your organization hasn't finished enabling all features. Finish or cancel the ENABLE_ALL_FEATURES handshake %s first.", h.ID)
	}
	return nil
}

// Handshake lifetimes (AWS User Guide, "Handshake" in the API reference).
const (
	inviteLifetime      = 15 * 24 * time.Hour
	allFeaturesLifetime = 90 * 24 * time.Hour
	// closedVisible is how long a closed handshake stays visible.
	closedVisible = 30 * 24 * time.Hour
)

var (
	errHandshakeNotFound = org.Errorf(org.ErrHandshakeNotFound, "We can't find a handshake with the HandshakeId that you specified.")
	errHandshakeParty    = org.Errorf(org.ErrAccessDenied, "You don't have permissions to access this resource: the handshake's action is not yours to take.")
)

// visible reports whether a settled handshake can still be seen: closed
// handshakes are kept for 30 days.
func (e *Engine) visible(h *org.Handshake) bool {
	return !org.HandshakeClosed(h.State) || h.ClosedAt.IsZero() || e.now().Before(h.ClosedAt.Add(closedVisible))
}

// identity is a caller who need not belong to an organization: recipients
// of handshakes are often standalone accounts.
type identity struct {
	caller  org.Caller
	account *org.Account
	org     *org.Organization // nil for a standalone account
}

func (i *identity) isManagement() bool { return i.org != nil && i.org.MasterAccountID == i.account.ID }

// whoami resolves the caller inside tx. An account Canopy has not seen is
// standalone; a write transaction records it.
func (e *Engine) whoami(ctx context.Context, tx store.Tx, write bool) (*identity, error) {
	c, err := callerOf(ctx, tx)
	if err != nil {
		return nil, err
	}
	var a *org.Account
	if write {
		a, err = e.ensureAccount(tx, c.AccountID)
	} else if a, err = tx.GetAccount(c.AccountID); notFound(err) {
		a, err = &org.Account{ID: c.AccountID, Status: org.AccountActive, State: org.AccountActive}, nil
	}
	if err != nil {
		return nil, err
	}
	id := &identity{caller: c, account: a}
	if a.OrgID != "" {
		o, err := tx.GetOrganization(a.OrgID)
		if err == nil {
			id.org = o
		} else if !notFound(err) {
			return nil, err
		}
	}
	return id, nil
}

// arnsOf formats the ARNs of an organization for a caller.
func arnsOf(c org.Caller, o *org.Organization) ids.ARNs {
	return ids.ARNs{Partition: c.Partition, Management: o.MasterAccountID, OrgID: o.ID}
}

// newHandshake makes a handshake from an organization to an account.
func (e *Engine) newHandshake(c org.Caller, o *org.Organization, action, recipient string, lifetime time.Duration) *org.Handshake {
	now := e.timestamp()
	id := ids.Handshake()
	return &org.Handshake{
		ID:                  id,
		Arn:                 arnsOf(c, o).Handshake(id, action),
		Action:              action,
		State:               org.HandshakeOpen,
		RequestedTimestamp:  now,
		ExpirationTimestamp: org.NewTime(now.Add(lifetime)),
		OrgID:               o.ID,
		AccountID:           recipient,
	}
}

// orgResource describes the sending organization to the recipient.
func orgResource(o *org.Organization, mgmt *org.Account, withFeatureSet bool) org.HandshakeResource {
	r := org.HandshakeResource{Type: org.ResourceOrganization, Value: o.ID, Resources: []org.HandshakeResource{
		{Type: org.ResourceMasterEmail, Value: mgmt.Email},
		{Type: org.ResourceMasterName, Value: mgmt.Name},
	}}
	if withFeatureSet {
		fs := "FULL"
		if o.FeatureSet == org.FeatureSetConsolidatedBilling {
			fs = org.FeatureSetConsolidatedBilling
		}
		r.Resources = append(r.Resources, org.HandshakeResource{Type: org.ResourceOrganizationFeatureSet, Value: fs})
	}
	return r
}

// openHandshakes lists an organization's handshakes, settled.
func (e *Engine) orgHandshakes(tx store.Tx, orgID string) ([]org.Handshake, error) {
	hs, err := tx.ListHandshakesForOrganization(orgID, store.Page{})
	if err != nil {
		return nil, err
	}
	for i := range hs {
		e.settle(&hs[i])
	}
	return hs, nil
}

// InviteAccountToOrganization invites a standalone account, named by ID or
// by the email of an account Canopy knows, to join the organization.
func (e *Engine) InviteAccountToOrganization(ctx context.Context, in *org.InviteAccountToOrganizationInput) (*org.HandshakeOutput, error) {
	var out *org.Handshake
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		tags, err := e.checkNewTags(in.Tags)
		if err != nil {
			return err
		}
		if pending, err := e.allFeaturesPending(tx, s.org.ID); err != nil {
			return err
		} else if pending != nil {
			return org.ReasonErrorf(org.ErrHandshakeConstraintViolation, org.ReasonInviteDisabledDuringAllFeatures,
				"You can't issue new invitations to join an organization while it's in the process of enabling all features.")
		}
		var target *org.Account
		switch in.Target.Type {
		case org.PartyAccount:
			if !ids.IsAccountID(in.Target.ID) {
				return org.InvalidInput(org.ReasonInvalidPartyTypeTarget, "You specified a target that isn't valid for the party type: an ACCOUNT party is a 12-digit account ID.")
			}
			// Any 12-digit ID may be an AWS account: one Canopy has not
			// seen becomes a standalone account.
			target, err = e.ensureAccount(tx, in.Target.ID)
		case org.PartyEmail:
			target, err = tx.GetAccountByEmail(in.Target.ID)
			if notFound(err) {
				return org.InvalidInput(org.ReasonInvalidEmailTarget, "You specified an email address that doesn't belong to an account this Canopy knows.")
			}
		default:
			return org.InvalidInput(org.ReasonInvalidPartyTypeTarget, "You can invite an ACCOUNT or an EMAIL, not an %s.", in.Target.Type)
		}
		if err != nil {
			return err
		}
		if target.OrgID == s.org.ID {
			return org.Errorf(org.ErrDuplicateAccount, "That account is already present in the specified organization.")
		}
		if target.OrgID != "" {
			return org.ReasonErrorf(org.ErrHandshakeConstraintViolation, org.ReasonAlreadyInAnOrganization,
				"The account is already a member of an organization.")
		}
		hs, err := tx.ListHandshakesByAction(s.org.ID, org.ActionInvite, store.Page{})
		if err != nil {
			return err
		}
		open, recent := 0, 0
		dayAgo := e.now().Add(-24 * time.Hour)
		for _, h := range hs {
			e.settle(&h)
			if !org.HandshakeClosed(h.State) {
				open++
				if h.AccountID == target.ID {
					return org.Errorf(org.ErrDuplicateHandshake, "A handshake with the same action and target already exists.")
				}
			}
			if h.RequestedTimestamp.After(dayAgo) {
				recent++
			}
		}
		members, err := tx.CountAccounts(s.org.ID)
		if err != nil {
			return err
		}
		// Open invitations count against the account quota.
		if members+open >= e.q.MaxAccounts {
			return org.ReasonErrorf(org.ErrHandshakeConstraintViolation, org.ReasonAccountNumberLimitExceeded,
				"You attempted to exceed the number of accounts that you can have in an organization, counting open invitations.")
		}
		if recent >= max(20, e.q.MaxAccounts) {
			return org.ReasonErrorf(org.ErrHandshakeConstraintViolation, org.ReasonHandshakeRateLimitExceeded,
				"You attempted to exceed the number of handshakes that you can send in one day.")
		}
		h := e.newHandshake(s.caller, s.org, org.ActionInvite, target.ID, inviteLifetime)
		h.Parties = []org.HandshakeParty{
			{ID: strings.TrimPrefix(s.org.ID, "o-"), Type: org.PartyOrganization},
			{ID: in.Target.ID, Type: in.Target.Type},
		}
		h.Resources = []org.HandshakeResource{orgResource(s.org, s.account, true)}
		if in.Target.Type == org.PartyEmail {
			h.Resources = append(h.Resources, org.HandshakeResource{Type: org.ResourceEmail, Value: in.Target.ID})
		} else {
			h.Resources = append(h.Resources, org.HandshakeResource{Type: org.ResourceAccount, Value: target.ID})
		}
		if in.Notes != "" {
			h.Resources = append(h.Resources, org.HandshakeResource{Type: org.ResourceNotes, Value: in.Notes})
		}
		h.Tags = tags
		if err := tx.PutHandshake(h); err != nil {
			return err
		}
		out = h
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.HandshakeOutput{Handshake: out}, nil
}

// handshakeFor loads a handshake the caller takes part in: as its
// recipient, or as the management account (or, to read, a delegated
// administrator) of the organization that sent it.
func (e *Engine) handshakeFor(tx store.Tx, me *identity, id string, read bool) (*org.Handshake, error) {
	h, err := tx.GetHandshake(id)
	if notFound(err) {
		return nil, errHandshakeNotFound
	} else if err != nil {
		return nil, err
	}
	e.settle(h)
	if !e.visible(h) {
		return nil, errHandshakeNotFound
	}
	if h.AccountID == me.account.ID || me.isManagement() && h.OrgID == me.org.ID {
		return h, nil
	}
	if read && me.org != nil && h.OrgID == me.org.ID {
		ds, err := tx.ListDelegations(me.org.ID, me.account.ID, "")
		if err != nil {
			return nil, err
		}
		if len(ds) > 0 {
			return h, nil
		}
	}
	return nil, errHandshakeNotFound
}

// DescribeHandshake returns a handshake the caller takes part in.
func (e *Engine) DescribeHandshake(ctx context.Context, in *org.HandshakeInput) (*org.HandshakeOutput, error) {
	var out *org.Handshake
	err := e.view(ctx, func(tx store.Tx) error {
		me, err := e.whoami(ctx, tx, false)
		if err != nil {
			return err
		}
		out, err = e.handshakeFor(tx, me, in.HandshakeID, true)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &org.HandshakeOutput{Handshake: out}, nil
}

// transition checks that a handshake may still change state.
func transition(h *org.Handshake, to string) error {
	switch {
	case h.State == to:
		return org.Errorf(org.ErrHandshakeAlreadyInState, "The specified handshake is already in the requested state: %s.", to)
	case org.HandshakeClosed(h.State):
		return org.Errorf(org.ErrInvalidHandshakeTransition, "You can't change a handshake that is %s to %s.", h.State, to)
	}
	return nil
}

// closeHandshake puts a handshake in a final state.
func (e *Engine) closeHandshake(tx store.Tx, h *org.Handshake, state string) error {
	h.State, h.ClosedAt = state, e.timestamp()
	return tx.PutHandshake(h)
}

// AcceptHandshake accepts a handshake: an invitation by the invitee, an
// ENABLE_ALL_FEATURES request by a member, the final APPROVE_ALL_FEATURES
// (or the organization's ENABLE_ALL_FEATURES request, once every member
// approved) by the management account, a responsibility transfer by the
// invited management account.
func (e *Engine) AcceptHandshake(ctx context.Context, in *org.HandshakeInput) (*org.HandshakeOutput, error) {
	var out *org.Handshake
	err := e.update(ctx, func(tx store.Tx) error {
		me, err := e.whoami(ctx, tx, true)
		if err != nil {
			return err
		}
		h, err := e.handshakeFor(tx, me, in.HandshakeID, false)
		if err != nil {
			return err
		}
		if h.AccountID != me.account.ID {
			return errHandshakeParty
		}
		if err := transition(h, org.HandshakeAccepted); err != nil {
			return err
		}
		switch h.Action {
		case org.ActionInvite:
			err = e.join(tx, me, h)
		case org.ActionEnableAllFeatures:
			if h.ParentID == "" {
				err = e.finalizeAllFeatures(tx, h)
			} else {
				err = e.approveAllFeatures(ctx, tx, me, h)
			}
		case org.ActionApproveAllFeatures:
			err = e.finalizeAllFeatures(tx, h)
		case org.ActionTransferResponsibility:
			err = e.acceptTransfer(tx, me, h)
		default:
			err = org.Errorf(org.ErrInvalidHandshakeTransition, "A %s handshake can't be accepted.", h.Action)
		}
		if err != nil {
			return err
		}
		out = h
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.HandshakeOutput{Handshake: out}, nil
}

// join makes the invitee of an accepted invitation a member.
func (e *Engine) join(tx store.Tx, me *identity, h *org.Handshake) error {
	if me.account.OrgID != "" {
		return org.ReasonErrorf(org.ErrHandshakeConstraintViolation, org.ReasonAlreadyInAnOrganization,
			"The account is already a member of an organization.")
	}
	o, err := tx.GetOrganization(h.OrgID)
	if notFound(err) {
		return errHandshakeNotFound
	} else if err != nil {
		return err
	}
	n, err := tx.CountAccounts(o.ID)
	if err != nil {
		return err
	}
	if n >= e.q.MaxAccounts {
		return org.ReasonErrorf(org.ErrHandshakeConstraintViolation, org.ReasonAccountNumberLimitExceeded,
			"The organization has reached the number of accounts it can have.")
	}
	root, err := rootOfOrg(tx, o.ID)
	if err != nil {
		return err
	}
	a := me.account
	a.OrgID, a.ParentID = o.ID, root.ID
	a.JoinedMethod, a.JoinedTimestamp = org.JoinedInvited, e.timestamp()
	if err := tx.PutAccount(a); err != nil {
		return err
	}
	if err := tx.SetTags(o.ID, a.ID, h.Tags); err != nil {
		return err
	}
	if err := e.attachDefaults(tx, o.ID, root, a.ID, org.TypeAccount); err != nil {
		return err
	}
	return e.closeHandshake(tx, h, org.HandshakeAccepted)
}

// DeclineHandshake declines a handshake addressed to the caller.
func (e *Engine) DeclineHandshake(ctx context.Context, in *org.HandshakeInput) (*org.HandshakeOutput, error) {
	return e.endHandshake(ctx, in.HandshakeID, org.HandshakeDeclined)
}

// CancelHandshake cancels a handshake the caller's organization sent.
func (e *Engine) CancelHandshake(ctx context.Context, in *org.HandshakeInput) (*org.HandshakeOutput, error) {
	return e.endHandshake(ctx, in.HandshakeID, org.HandshakeCanceled)
}

// endHandshake declines (the recipient) or cancels (the sender) a
// handshake; ending an ENABLE_ALL_FEATURES request ends its children too,
// and ending a transfer's handshake ends the transfer.
func (e *Engine) endHandshake(ctx context.Context, id, state string) (*org.HandshakeOutput, error) {
	var out *org.Handshake
	err := e.update(ctx, func(tx store.Tx) error {
		me, err := e.whoami(ctx, tx, true)
		if err != nil {
			return err
		}
		h, err := e.handshakeFor(tx, me, id, false)
		if err != nil {
			return err
		}
		// Only the sender cancels; only the recipient declines. The
		// organization's own ENABLE_ALL_FEATURES request is addressed to
		// its management account, which sent it: it is canceled, not
		// declined.
		sender := me.isManagement() && h.OrgID == me.org.ID
		recipient := h.AccountID == me.account.ID
		ownRequest := h.Action == org.ActionEnableAllFeatures && h.ParentID == ""
		if !(state == org.HandshakeCanceled && sender || state == org.HandshakeDeclined && recipient && !ownRequest) {
			return errHandshakeParty
		}
		if err := transition(h, state); err != nil {
			return err
		}
		if err := e.closeHandshake(tx, h, state); err != nil {
			return err
		}
		if h.Action == org.ActionEnableAllFeatures && h.ParentID == "" {
			if err := e.closeChildren(tx, h, state); err != nil {
				return err
			}
		}
		if h.TransferID != "" {
			if err := e.endTransferHandshake(tx, h, state); err != nil {
				return err
			}
		}
		out = h
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.HandshakeOutput{Handshake: out}, nil
}

// closeChildren closes the open handshakes under a parent.
func (e *Engine) closeChildren(tx store.Tx, parent *org.Handshake, state string) error {
	hs, err := e.orgHandshakes(tx, parent.OrgID)
	if err != nil {
		return err
	}
	for i := range hs {
		if c := &hs[i]; c.ParentID == parent.ID && !org.HandshakeClosed(c.State) {
			if err := e.closeHandshake(tx, c, state); err != nil {
				return err
			}
		}
	}
	return nil
}

// ListHandshakesForAccount lists the handshakes addressed to the caller's
// account, whether or not it belongs to an organization.
func (e *Engine) ListHandshakesForAccount(ctx context.Context, in *org.ListHandshakesInput) (*org.ListHandshakesOutput, error) {
	out := &org.ListHandshakesOutput{}
	err := e.view(ctx, func(tx store.Tx) error {
		me, err := e.whoami(ctx, tx, false)
		if err != nil {
			return err
		}
		all, err := tx.ListHandshakesForAccount(me.account.ID, store.Page{})
		if err != nil {
			return err
		}
		out.Handshakes, out.NextToken, err = e.pageHandshakes("ListHandshakesForAccount", me.account.ID, all, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListHandshakesForOrganization lists the handshakes the caller's
// organization sent.
func (e *Engine) ListHandshakesForOrganization(ctx context.Context, in *org.ListHandshakesInput) (*org.ListHandshakesOutput, error) {
	out := &org.ListHandshakesOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		all, err := tx.ListHandshakesForOrganization(s.org.ID, store.Page{})
		if err != nil {
			return err
		}
		out.Handshakes, out.NextToken, err = e.pageHandshakes("ListHandshakesForOrganization", s.org.ID, all, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// pageHandshakes settles, filters and pages a list of handshakes.
func (e *Engine) pageHandshakes(op, scope string, all []org.Handshake, in *org.ListHandshakesInput) ([]org.Handshake, string, error) {
	var f org.HandshakeFilter
	if in.Filter != nil {
		f = *in.Filter
	}
	if f.ActionType != "" && f.ParentHandshakeID != "" {
		return nil, "", org.InvalidInput(org.ReasonInvalidListMember, "You can specify ActionType or ParentHandshakeId in a filter, not both.")
	}
	keep := all[:0]
	for i := range all {
		h := &all[i]
		e.settle(h)
		if !e.visible(h) || f.ActionType != "" && h.Action != f.ActionType || f.ParentHandshakeID != "" && h.ParentID != f.ParentHandshakeID {
			continue
		}
		keep = append(keep, *h)
	}
	key := func(h org.Handshake) string { return h.ID }
	return paginate(e, op, scope, f.ActionType+"/"+f.ParentHandshakeID, in.Paging, key, pageOf(keep, key))
}
