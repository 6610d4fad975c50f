package engine

import (
	"context"
	"strings"

	"canopy/org"
	"canopy/store"
)

// EnableAllFeatures starts moving an organization created with
// CONSOLIDATED_BILLING to all features. It returns the organization's
// ENABLE_ALL_FEATURES request, addressed to the management account, and
// sends an ENABLE_ALL_FEATURES handshake under it to every invited member.
// When every member has approved (at once when there is none), the
// management account receives an APPROVE_ALL_FEATURES handshake; accepting
// it (or the request itself) finishes the change. Until then, CreateAccount
// fails with FinalizingOrganizationException and invitations are refused.
func (e *Engine) EnableAllFeatures(ctx context.Context, _ *org.Empty) (*org.HandshakeOutput, error) {
	var out *org.Handshake
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		if s.org.FeatureSet == org.FeatureSetAll {
			return org.ReasonErrorf(org.ErrHandshakeConstraintViolation, org.ReasonOrganizationAlreadyAllFeatures,
				"This organization already has all features enabled.")
		}
		if pending, err := e.allFeaturesPending(tx, s.org.ID); err != nil {
			return err
		} else if pending != nil {
			return org.ReasonErrorf(org.ErrHandshakeConstraintViolation, org.ReasonOrganizationPendingAllFeatures,
				"This organization is already in the process of enabling all features: handshake %s.", pending.ID)
		}
		orgParty := org.HandshakeParty{ID: strings.TrimPrefix(s.org.ID, "o-"), Type: org.PartyOrganization}
		parent := e.newHandshake(s.caller, s.org, org.ActionEnableAllFeatures, s.org.MasterAccountID, allFeaturesLifetime)
		parent.State = org.HandshakeRequested
		parent.Parties = []org.HandshakeParty{orgParty}
		parent.Resources = []org.HandshakeResource{{Type: org.ResourceOrganization, Value: s.org.ID}}
		if err := tx.PutHandshake(parent); err != nil {
			return err
		}
		asked := 0
		after := ""
		for {
			page, err := tx.ListAccounts(s.org.ID, store.Page{After: after, Limit: 100})
			if err != nil {
				return err
			}
			for _, a := range page {
				if a.ID == s.org.MasterAccountID || a.JoinedMethod != org.JoinedInvited {
					continue
				}
				h := e.newHandshake(s.caller, s.org, org.ActionEnableAllFeatures, a.ID, allFeaturesLifetime)
				h.ParentID = parent.ID
				h.Parties = []org.HandshakeParty{orgParty, {ID: a.ID, Type: org.PartyAccount}}
				h.Resources = []org.HandshakeResource{
					orgResource(s.org, s.account, false),
					{Type: org.ResourceParentHandshake, Value: parent.ID},
				}
				if err := tx.PutHandshake(h); err != nil {
					return err
				}
				asked++
			}
			if len(page) < 100 {
				break
			}
			after = page[len(page)-1].ID
		}
		if asked == 0 {
			if err := e.allApproved(tx, s.caller, s.org, s.account, parent); err != nil {
				return err
			}
		}
		out = parent
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.HandshakeOutput{Handshake: out}, nil
}

// approveAllFeatures records a member's approval and, when it is the last,
// asks the management account to finish.
func (e *Engine) approveAllFeatures(ctx context.Context, tx store.Tx, me *identity, h *org.Handshake) error {
	if err := e.closeHandshake(tx, h, org.HandshakeAccepted); err != nil {
		return err
	}
	hs, err := e.orgHandshakes(tx, h.OrgID)
	if err != nil {
		return err
	}
	var parent *org.Handshake
	for i := range hs {
		c := &hs[i]
		if c.ID == h.ParentID {
			parent = c
		} else if c.ParentID == h.ParentID && c.Action == org.ActionEnableAllFeatures && c.State != org.HandshakeAccepted {
			return nil // others still have to answer
		}
	}
	if parent == nil || org.HandshakeClosed(parent.State) {
		return nil
	}
	o, err := tx.GetOrganization(h.OrgID)
	if err != nil {
		return err
	}
	mgmt, err := tx.GetAccount(o.MasterAccountID)
	if err != nil {
		return err
	}
	return e.allApproved(tx, me.caller, o, mgmt, parent)
}

// allApproved opens the organization's request and sends the management
// account the APPROVE_ALL_FEATURES handshake that finishes it.
func (e *Engine) allApproved(tx store.Tx, c org.Caller, o *org.Organization, mgmt *org.Account, parent *org.Handshake) error {
	parent.State = org.HandshakeOpen
	if err := tx.PutHandshake(parent); err != nil {
		return err
	}
	h := e.newHandshake(c, o, org.ActionApproveAllFeatures, o.MasterAccountID, allFeaturesLifetime)
	h.ParentID = parent.ID
	h.Parties = []org.HandshakeParty{{ID: strings.TrimPrefix(o.ID, "o-"), Type: org.PartyOrganization}, {ID: mgmt.ID, Type: org.PartyAccount}}
	h.Resources = []org.HandshakeResource{
		{Type: org.ResourceOrganization, Value: o.ID},
		{Type: org.ResourceParentHandshake, Value: parent.ID},
	}
	return tx.PutHandshake(h)
}

// finalizeAllFeatures finishes the change once every member approved: the
// management account accepts the APPROVE_ALL_FEATURES handshake or the
// organization's request.
func (e *Engine) finalizeAllFeatures(tx store.Tx, h *org.Handshake) error {
	parentID := h.ParentID
	if h.Action == org.ActionEnableAllFeatures {
		parentID = h.ID
		if h.State != org.HandshakeOpen {
			return org.Errorf(org.ErrInvalidHandshakeTransition, "Every invited member account must approve enabling all features before the management account can finish it.")
		}
	}
	hs, err := e.orgHandshakes(tx, h.OrgID)
	if err != nil {
		return err
	}
	for i := range hs {
		c := &hs[i]
		if (c.ID == parentID || c.ParentID == parentID) && c.ID != h.ID && !org.HandshakeClosed(c.State) {
			if err := e.closeHandshake(tx, c, org.HandshakeAccepted); err != nil {
				return err
			}
		}
	}
	if err := e.closeHandshake(tx, h, org.HandshakeAccepted); err != nil {
		return err
	}
	o, err := tx.GetOrganization(h.OrgID)
	if err != nil {
		return err
	}
	o.FeatureSet = org.FeatureSetAll
	return tx.UpdateOrganization(o)
}
