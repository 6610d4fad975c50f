package engine

import (
	"canopy/org"
	"canopy/store"
)

// acceptTransfer starts the responsibility transfer a TRANSFER_RESPONSIBILITY
// handshake proposes, when the invited management account accepts it.
func (e *Engine) acceptTransfer(tx store.Tx, me *identity, h *org.Handshake) error {
	return org.Errorf(org.ErrInvalidHandshakeTransition, "A %s handshake can't be accepted yet.", h.Action)
}

// endTransferHandshake ends the transfer of a declined or canceled handshake.
func (e *Engine) endTransferHandshake(tx store.Tx, h *org.Handshake, state string) error {
	return nil
}
