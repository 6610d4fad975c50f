package engine

import (
	"canopy/org"
	"canopy/store"
)

// allFeaturesPending returns the organization's open ENABLE_ALL_FEATURES
// request, or nil when it has none.
func (e *Engine) allFeaturesPending(tx store.Tx, orgID string) (*org.Handshake, error) {
	after := ""
	for {
		page, err := tx.ListHandshakesForOrganization(orgID, store.Page{After: after, Limit: 100})
		if err != nil {
			return nil, err
		}
		for i := range page {
			h := &page[i]
			e.settle(h)
			if h.Action == org.ActionEnableAllFeatures && h.ParentID == "" && !org.HandshakeClosed(h.State) {
				return h, nil
			}
		}
		if len(page) < 100 {
			return nil, nil
		}
		after = page[len(page)-1].ID
	}
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
