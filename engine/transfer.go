package engine

// Responsibility transfers (billing transfers, AWS Billing User Guide,
// "Transferring billing management to external accounts").
//
// The management account that calls InviteOrganizationToTransferResponsibility
// offers to take on a responsibility for another organization: it is the
// transfer's Target ("account that manages the specified responsibilities
// for another organization") and the invited organization is its Source.
// Each side sees the transfer with an ARN of its own organization: the
// Target's says "inbound" and the Source's "outbound", as the Billing
// console names them ("Inbound billing: billing transfers that allow you to
// manage and pay for another organization's consolidated bill"), and as
// ListInboundResponsibilityTransfers (the caller manages) and
// ListOutboundResponsibilityTransfers (an account outside manages the
// caller's) list them. Each side names it for itself: the Source's name is
// Name, the Target's TargetName; both start as the invitation's SourceName.
// Each side also tags its own view of the transfer.
//
// Rules (Billing User Guide, "Sending invitations", "Responding to
// invitations", "Withdrawing transfers"):
//   - only management accounts send and accept invitations, and only to the
//     management account of another organization;
//   - a transfer starts at 00:00:00 UTC on the first day of a month, and the
//     invitation must be accepted 24 hours before that: the handshake
//     expires then, or after the 15 days of an invitation if sooner, and
//     a start that leaves no time to accept is too early;
//   - either side may withdraw an accepted transfer, which ends at 23:59:59
//     UTC on the last day of the month it names (by default the month in
//     progress, or the first month of a transfer that has not started) and
//     is WITHDRAWN; withdrawal can't be undone;
//   - an organization's consolidated bill has one payer: a new transfer is
//     refused with RESPONSIBILITY_TRANSFER_ALREADY_EXISTS while another of
//     the same type is in force for the Source over its period, or one in
//     force runs the other way between the two; an open invitation between
//     the same two is a DuplicateHandshakeException.

import (
	"context"
	"strings"
	"time"

	"canopy/internal/ids"
	"canopy/org"
	"canopy/store"
)

const (
	directionInbound  = "inbound"
	directionOutbound = "outbound"
	// acceptBefore is how long before a transfer starts its invitation
	// must be accepted.
	acceptBefore = 24 * time.Hour
)

var errTransferNotFound = org.Errorf(org.ErrResponsibilityTransferNotFound, "We can't find a transfer that you specified.")

// settleTransfer brings a transfer's status up to the engine's clock: an
// invitation whose handshake expired is an expired transfer. A handshake
// that is gone expired more than 30 days ago and was purged: an answered
// or canceled invitation updated its transfer when it closed, and an
// organization with a pending transfer can't be deleted.
func (e *Engine) settleTransfer(tx store.Tx, t *org.ResponsibilityTransfer) error {
	if t.Status != org.TransferRequested || t.ActiveHandshakeID == "" {
		return nil
	}
	h, err := tx.GetHandshake(t.ActiveHandshakeID)
	if notFound(err) {
		t.Status = org.TransferExpired
		return nil
	} else if err != nil {
		return err
	}
	e.settle(h)
	if h.State == org.HandshakeExpired {
		t.Status = org.TransferExpired
	}
	return nil
}

// transferFor returns a transfer the caller's organization is a side of,
// settled.
func (e *Engine) transferFor(tx store.Tx, s *session, id string) (*org.ResponsibilityTransfer, error) {
	t, err := tx.GetTransfer(id)
	if notFound(err) || err == nil && t.SourceOrgID != s.org.ID && t.TargetOrgID != s.org.ID {
		return nil, errTransferNotFound
	} else if err != nil {
		return nil, err
	}
	return t, e.settleTransfer(tx, t)
}

// transferSide returns which way a transfer goes for an organization.
func transferSide(t *org.ResponsibilityTransfer, orgID string) string {
	if orgID == t.TargetOrgID {
		return directionInbound
	}
	return directionOutbound
}

// transferTagKey is where the tags one side gave a transfer are kept.
func transferTagKey(id, direction string) string { return id + "/" + direction }

// renderTransfer formats a transfer as the caller's side sees it.
func renderTransfer(s *session, t org.ResponsibilityTransfer) org.ResponsibilityTransfer {
	side := transferSide(&t, s.org.ID)
	if side == directionInbound && t.TargetName != "" {
		t.Name = t.TargetName
	}
	t.Arn = s.arns.Transfer(t.ID, t.Type, side)
	return t
}

// transferInvitee resolves the party invited to a transfer: the management
// account of another organization, by account ID or by the email of an
// account Canopy knows.
func transferInvitee(tx store.Tx, s *session, p org.HandshakeParty) (*org.Account, *org.Organization, error) {
	var a *org.Account
	var err error
	switch p.Type {
	case org.PartyAccount:
		if !ids.IsAccountID(p.ID) {
			return nil, nil, org.InvalidInput(org.ReasonInvalidPartyTypeTarget, "You specified a target that isn't valid for the party type: an ACCOUNT party is a 12-digit account ID.")
		}
		a, err = tx.GetAccount(p.ID)
		if notFound(err) {
			a, err = nil, nil
		}
	case org.PartyEmail:
		a, err = tx.GetAccountByEmail(p.ID)
		if notFound(err) {
			return nil, nil, org.InvalidInput(org.ReasonInvalidEmailTarget, "You specified an email address that doesn't belong to an account this Canopy knows.")
		}
	default:
		return nil, nil, org.InvalidInput(org.ReasonInvalidPartyTypeTarget, "You can invite an ACCOUNT or an EMAIL to a transfer, not an %s.", p.Type)
	}
	if err != nil {
		return nil, nil, err
	}
	if a != nil && (a.ID == s.account.ID || a.OrgID == s.org.ID) {
		return nil, nil, org.ReasonErrorf(org.ErrHandshakeConstraintViolation, org.ReasonSourceAndTargetCannotMatch,
			"You can't invite your own organization to a transfer: the source and the target must be different organizations.")
	}
	notManager := org.InvalidInput(org.ReasonInvalidPartyTypeTarget, "Invitations to a transfer go to the management account of another organization, and %s isn't one.", p.ID)
	if a == nil || a.OrgID == "" {
		return nil, nil, notManager
	}
	o, err := tx.GetOrganization(a.OrgID)
	if notFound(err) {
		return nil, nil, notManager
	} else if err != nil {
		return nil, nil, err
	}
	if o.MasterAccountID != a.ID {
		return nil, nil, notManager
	}
	return a, o, nil
}

// checkTransferStart checks the start of a new transfer: the beginning of a
// month, late enough for the invitation to be accepted 24 hours before.
func (e *Engine) checkTransferStart(start time.Time) error {
	st := start.UTC()
	if st.Day() != 1 || st.Hour() != 0 || st.Minute() != 0 || st.Second() != 0 || st.Nanosecond() != 0 {
		return org.InvalidInput(org.ReasonStartDateNotBeginningOfMonth,
			"You provided an invalid start date. The start date must be the first day of a month, at 00:00:00.000 UTC.")
	}
	if !st.Add(-acceptBefore).After(e.now()) {
		return org.InvalidInput(org.ReasonStartDateTooEarly,
			"You provided an invalid start date. The invitation must be accepted 24 hours before the transfer starts, so the start date must be the first day of a later month.")
	}
	return nil
}

// inForce reports whether a transfer holds at or after a time: it was
// accepted, and was not withdrawn with an end before that time.
func inForce(t *org.ResponsibilityTransfer, at time.Time) bool {
	switch t.Status {
	case org.TransferAccepted:
		return true
	case org.TransferWithdrawn:
		return !t.EndTimestamp.Before(at)
	}
	return false
}

// noTransferProcess refuses to delete an organization while a
// responsibility transfer involves it: an invitation either way still open,
// or a transfer in force now or later.
func (e *Engine) noTransferProcess(tx store.Tx, orgID string) error {
	now := e.now()
	for _, list := range []func(string, store.Page) ([]org.ResponsibilityTransfer, error){tx.ListTransfersBySource, tx.ListTransfersByTarget} {
		ts, err := list(orgID, store.Page{})
		if err != nil {
			return err
		}
		for i := range ts {
			t := &ts[i]
			if err := e.settleTransfer(tx, t); err != nil {
				return err
			}
			if t.Status == org.TransferRequested || inForce(t, now) {
				return org.Constraint(org.ReasonActiveTransferProcess,
					"You cannot delete the organization while responsibility transfer %s is %s. Resolve it first: cancel or decline its invitation, or withdraw it and wait for its end.", t.ID, t.Status)
			}
		}
	}
	return nil
}

var errTransferExists = org.ReasonErrorf(org.ErrHandshakeConstraintViolation, org.ReasonTransferAlreadyExists,
	"You cannot perform this operation with the current transfer: another transfer of this responsibility is in force for the organization.")

// transferConflict checks that source can hand a responsibility to target
// from start: no open invitation between the two (unless accepting is the
// new transfer, skip), no transfer of the type in force for source, and
// none in force the other way between the two.
func (e *Engine) transferConflict(tx store.Tx, typ, source, target string, start time.Time, skip string) error {
	ts, err := tx.ListTransfersBySource(source, store.Page{})
	if err != nil {
		return err
	}
	for i := range ts {
		t := &ts[i]
		if t.ID == skip || t.Type != typ {
			continue
		}
		if err := e.settleTransfer(tx, t); err != nil {
			return err
		}
		if skip == "" && t.Status == org.TransferRequested && t.TargetOrgID == target {
			return org.Errorf(org.ErrDuplicateHandshake, "A handshake with the same action and target already exists: transfer %s is waiting for an answer.", t.ID)
		}
		if inForce(t, start) {
			return errTransferExists
		}
	}
	back, err := tx.ListTransfersBySource(target, store.Page{})
	if err != nil {
		return err
	}
	for i := range back {
		if t := &back[i]; t.Type == typ && t.TargetOrgID == source && inForce(t, start) {
			return errTransferExists
		}
	}
	return nil
}

// InviteOrganizationToTransferResponsibility invites the management account
// of another organization to let the caller's organization take on a
// responsibility for it, from the start of a month.
func (e *Engine) InviteOrganizationToTransferResponsibility(ctx context.Context, in *org.InviteOrganizationToTransferResponsibilityInput) (*org.HandshakeOutput, error) {
	var out *org.Handshake
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		tags, err := e.checkNewTags(in.Tags)
		if err != nil {
			return err
		}
		invitee, source, err := transferInvitee(tx, s, in.Target)
		if err != nil {
			return err
		}
		if err := e.checkTransferStart(in.StartTimestamp.Time); err != nil {
			return err
		}
		start := in.StartTimestamp.UTC()
		if err := e.transferConflict(tx, in.Type, source.ID, s.org.ID, start, ""); err != nil {
			return err
		}
		lifetime := min(inviteLifetime, start.Add(-acceptBefore).Sub(e.now()))
		h := e.newHandshake(s.caller, s.org, org.ActionTransferResponsibility, invitee.ID, lifetime)
		t := &org.ResponsibilityTransfer{
			ID:                ids.ResponsibilityTransfer(),
			Name:              in.SourceName,
			TargetName:        in.SourceName,
			Type:              in.Type,
			Status:            org.TransferRequested,
			Source:            org.TransferParticipant{ManagementAccountID: invitee.ID, ManagementAccountEmail: invitee.Email},
			Target:            org.TransferParticipant{ManagementAccountID: s.account.ID, ManagementAccountEmail: s.account.Email},
			StartTimestamp:    org.NewTime(start),
			ActiveHandshakeID: h.ID,
			SourceOrgID:       source.ID,
			TargetOrgID:       s.org.ID,
		}
		t.Arn = s.arns.Transfer(t.ID, t.Type, directionInbound)
		h.TransferID = t.ID
		h.Parties = []org.HandshakeParty{
			{ID: strings.TrimPrefix(s.org.ID, "o-"), Type: org.PartyOrganization},
			{ID: in.Target.ID, Type: in.Target.Type},
		}
		h.Resources = []org.HandshakeResource{
			{Type: org.ResourceResponsibilityTransfer, Value: t.ID},
			{Type: org.ResourceTransferType, Value: t.Type},
			{Type: org.ResourceTransferStartTimestamp, Value: start.Format(time.RFC3339)},
			{Type: org.ResourceOrganization, Value: s.org.ID},
			{Type: org.ResourceManagementAccount, Value: s.account.ID, Resources: []org.HandshakeResource{
				{Type: org.ResourceManagementEmail, Value: s.account.Email},
				{Type: org.ResourceManagementName, Value: s.account.Name},
			}},
		}
		if in.Notes != "" {
			h.Resources = append(h.Resources, org.HandshakeResource{Type: org.ResourceNotes, Value: in.Notes})
		}
		if err := tx.PutTransfer(t); err != nil {
			return err
		}
		if err := tx.PutHandshake(h); err != nil {
			return err
		}
		if err := tx.SetTags(s.org.ID, transferTagKey(t.ID, directionInbound), tags); err != nil {
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

// acceptTransfer starts the responsibility transfer a TRANSFER_RESPONSIBILITY
// handshake proposes, when the invited management account accepts it.
func (e *Engine) acceptTransfer(tx store.Tx, me *identity, h *org.Handshake) error {
	t, err := tx.GetTransfer(h.TransferID)
	if notFound(err) {
		return errHandshakeNotFound
	} else if err != nil {
		return err
	}
	if !me.isManagement() || me.org.ID != t.SourceOrgID {
		return org.Errorf(org.ErrAccessDenied, "Only the management account of the invited organization can accept a transfer.")
	}
	if t.Status != org.TransferRequested {
		return org.Errorf(org.ErrInvalidHandshakeTransition, "The transfer %s is %s and can't be accepted.", t.ID, t.Status)
	}
	if err := e.transferConflict(tx, t.Type, t.SourceOrgID, t.TargetOrgID, t.StartTimestamp.Time, t.ID); err != nil {
		return err
	}
	t.Status = org.TransferAccepted
	if err := tx.PutTransfer(t); err != nil {
		return err
	}
	return e.closeHandshake(tx, h, org.HandshakeAccepted)
}

// endTransferHandshake ends the transfer of a declined or canceled handshake.
func (e *Engine) endTransferHandshake(tx store.Tx, h *org.Handshake, state string) error {
	t, err := tx.GetTransfer(h.TransferID)
	if notFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	if t.Status != org.TransferRequested {
		return nil
	}
	switch state {
	case org.HandshakeDeclined:
		t.Status = org.TransferDeclined
	case org.HandshakeCanceled:
		t.Status = org.TransferCanceled
	default:
		return nil
	}
	return tx.PutTransfer(t)
}

// DescribeResponsibilityTransfer returns a transfer the caller's
// organization is a side of.
func (e *Engine) DescribeResponsibilityTransfer(ctx context.Context, in *org.ResponsibilityTransferInput) (*org.ResponsibilityTransferOutput, error) {
	var out org.ResponsibilityTransfer
	err := e.read(ctx, manager, func(tx store.Tx, s *session) error {
		t, err := e.transferFor(tx, s, in.ID)
		if err != nil {
			return err
		}
		out = renderTransfer(s, *t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.ResponsibilityTransferOutput{ResponsibilityTransfer: &out}, nil
}

// listTransfers pages the transfers of one type that one side of the
// caller's organization has.
func (e *Engine) listTransfers(tx store.Tx, s *session, op, typ, only string, paging org.Paging,
	fetch func(orgID string, p store.Page) ([]org.ResponsibilityTransfer, error)) ([]org.ResponsibilityTransfer, string, error) {
	key := func(t org.ResponsibilityTransfer) string { return t.ID }
	list := func(after string, limit int) ([]org.ResponsibilityTransfer, error) {
		var keep []org.ResponsibilityTransfer
		for {
			page, err := fetch(s.org.ID, store.Page{After: after, Limit: limit})
			if err != nil {
				return nil, err
			}
			for _, t := range page {
				if t.Type == typ && (only == "" || t.ID == only) {
					keep = append(keep, t)
				}
			}
			if len(page) < limit || len(keep) >= limit {
				return keep, nil
			}
			after = page[len(page)-1].ID
		}
	}
	ts, next, err := paginate(e, op, s.org.ID, typ+"/"+only, paging, key, list)
	if err != nil {
		return nil, "", err
	}
	out := make([]org.ResponsibilityTransfer, 0, len(ts))
	for i := range ts {
		if err := e.settleTransfer(tx, &ts[i]); err != nil {
			return nil, "", err
		}
		out = append(out, renderTransfer(s, ts[i]))
	}
	return out, next, nil
}

// ListInboundResponsibilityTransfers lists the transfers in which the
// caller's organization manages a responsibility for another, or one of
// them.
func (e *Engine) ListInboundResponsibilityTransfers(ctx context.Context, in *org.ListInboundResponsibilityTransfersInput) (*org.ListResponsibilityTransfersOutput, error) {
	out := &org.ListResponsibilityTransfersOutput{}
	err := e.read(ctx, manager, func(tx store.Tx, s *session) error {
		if in.ID != "" {
			t, err := tx.GetTransfer(in.ID)
			if notFound(err) || err == nil && (t.TargetOrgID != s.org.ID || t.Type != in.Type) {
				return errTransferNotFound
			} else if err != nil {
				return err
			}
		}
		var err error
		out.ResponsibilityTransfers, out.NextToken, err = e.listTransfers(tx, s, "ListInboundResponsibilityTransfers", in.Type, in.ID, in.Paging, tx.ListTransfersByTarget)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListOutboundResponsibilityTransfers lists the transfers in which another
// organization manages a responsibility for the caller's.
func (e *Engine) ListOutboundResponsibilityTransfers(ctx context.Context, in *org.ListOutboundResponsibilityTransfersInput) (*org.ListResponsibilityTransfersOutput, error) {
	out := &org.ListResponsibilityTransfersOutput{}
	err := e.read(ctx, manager, func(tx store.Tx, s *session) error {
		var err error
		out.ResponsibilityTransfers, out.NextToken, err = e.listTransfers(tx, s, "ListOutboundResponsibilityTransfers", in.Type, "", in.Paging, tx.ListTransfersBySource)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateResponsibilityTransfer renames a transfer for the caller's side.
func (e *Engine) UpdateResponsibilityTransfer(ctx context.Context, in *org.UpdateResponsibilityTransferInput) (*org.ResponsibilityTransferOutput, error) {
	var out org.ResponsibilityTransfer
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		t, err := e.transferFor(tx, s, in.ID)
		if err != nil {
			return err
		}
		if transferSide(t, s.org.ID) == directionInbound {
			t.TargetName = in.Name
		} else {
			t.Name = in.Name
		}
		if err := tx.PutTransfer(t); err != nil {
			return err
		}
		out = renderTransfer(s, *t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.ResponsibilityTransferOutput{ResponsibilityTransfer: &out}, nil
}

// monthEnd returns the last millisecond of t's month (UTC).
func monthEnd(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Millisecond)
}

// TerminateResponsibilityTransfer withdraws an accepted transfer, from
// either side; it ends at the end of a month.
func (e *Engine) TerminateResponsibilityTransfer(ctx context.Context, in *org.TerminateResponsibilityTransferInput) (*org.ResponsibilityTransferOutput, error) {
	var out org.ResponsibilityTransfer
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		t, err := e.transferFor(tx, s, in.ID)
		if err != nil {
			return err
		}
		switch t.Status {
		case org.TransferAccepted:
		case org.TransferWithdrawn:
			return org.Errorf(org.ErrResponsibilityTransferAlreadyInStatus, "The transfer %s is already %s.", t.ID, t.Status)
		case org.TransferRequested:
			return org.Errorf(org.ErrInvalidResponsibilityTransferTransition,
				"The transfer %s hasn't been accepted: cancel (CancelHandshake) or decline (DeclineHandshake) its invitation %s instead.", t.ID, t.ActiveHandshakeID)
		default:
			return org.Errorf(org.ErrInvalidResponsibilityTransferTransition, "The transfer %s is %s and can't be withdrawn.", t.ID, t.Status)
		}
		from := e.now()
		if t.StartTimestamp.After(from) {
			from = t.StartTimestamp.Time
		}
		end := monthEnd(from)
		if !in.EndTimestamp.IsZero() {
			en := in.EndTimestamp.UTC()
			if en.Hour() != 23 || en.Minute() != 59 || en.Second() != 59 || en.AddDate(0, 0, 1).Day() != 1 {
				return org.InvalidInput(org.ReasonEndDateNotEndOfMonth,
					"You provided an invalid end date. The end date must be the end of the last day of a month (23:59:59.999 UTC).")
			}
			if monthEnd(en).Before(end) {
				return org.InvalidInput(org.ReasonEndDateTooEarly,
					"You provided an invalid end date. A transfer can end at the end of the current month, or of the month it starts in if later, at the earliest: %s.", end.Format(time.RFC3339Nano))
			}
			end = monthEnd(en)
		}
		t.Status, t.EndTimestamp = org.TransferWithdrawn, org.NewTime(end)
		if err := tx.PutTransfer(t); err != nil {
			return err
		}
		out = renderTransfer(s, *t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.ResponsibilityTransferOutput{ResponsibilityTransfer: &out}, nil
}
