package sqlite

import (
	"errors"
	"fmt"

	"canopy/org"
	"canopy/store"
)

const (
	handshakeCols = `id, org_id, account_id, parent_id, transfer_id, arn, action, state,
		parties, resources, tags, requested_at, expires_at, closed_at`
	qGetHandshake = "SELECT " + handshakeCols + " FROM handshakes WHERE id = ?"
	qPutHandshake = `INSERT INTO handshakes (` + handshakeCols + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET org_id = excluded.org_id, account_id = excluded.account_id,
		parent_id = excluded.parent_id, transfer_id = excluded.transfer_id, arn = excluded.arn,
		action = excluded.action, state = excluded.state, parties = excluded.parties,
		resources = excluded.resources, tags = excluded.tags, requested_at = excluded.requested_at,
		expires_at = excluded.expires_at, closed_at = excluded.closed_at`
	qListHandshakesForAccount = "SELECT " + handshakeCols + " FROM handshakes WHERE account_id = ? AND id > ? ORDER BY id LIMIT ?"
	qListHandshakesForOrg     = "SELECT " + handshakeCols + " FROM handshakes WHERE org_id = ? AND id > ? ORDER BY id LIMIT ?"
	qDeleteOldHandshakes      = `DELETE FROM handshakes WHERE id IN (
		SELECT id FROM handshakes WHERE closed_at IS NOT NULL AND closed_at < ?1
		UNION ALL
		SELECT id FROM handshakes WHERE closed_at IS NULL AND expires_at < ?1)`
	qListHandshakesByAction = "SELECT " + handshakeCols + " FROM handshakes WHERE org_id = ? AND action = ? AND id > ? ORDER BY id LIMIT ?"

	transferCols = `id, arn, name, target_name, type, status, source_org_id, source_account_id,
		source_email, target_org_id, target_account_id, target_email, start_at, end_at,
		active_handshake_id`
	qGetTransfer = "SELECT " + transferCols + " FROM responsibility_transfers WHERE id = ?"
	qPutTransfer = `INSERT INTO responsibility_transfers (` + transferCols + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET arn = excluded.arn, name = excluded.name,
		target_name = excluded.target_name, type = excluded.type, status = excluded.status,
		source_org_id = excluded.source_org_id, source_account_id = excluded.source_account_id,
		source_email = excluded.source_email, target_org_id = excluded.target_org_id,
		target_account_id = excluded.target_account_id, target_email = excluded.target_email,
		start_at = excluded.start_at, end_at = excluded.end_at,
		active_handshake_id = excluded.active_handshake_id`
	qListTransfersBySource = "SELECT " + transferCols + " FROM responsibility_transfers WHERE source_org_id = ? AND id > ? ORDER BY id LIMIT ?"
	qListTransfersByTarget = "SELECT " + transferCols + " FROM responsibility_transfers WHERE target_org_id = ? AND id > ? ORDER BY id LIMIT ?"

	qGetResourcePolicy = "SELECT org_id, id, arn, content FROM resource_policies WHERE org_id = ?"
	qPutResourcePolicy = `INSERT INTO resource_policies (org_id, id, arn, content) VALUES (?, ?, ?, ?)
		ON CONFLICT (org_id) DO UPDATE SET id = excluded.id, arn = excluded.arn, content = excluded.content`
	qDeleteResourcePolicy = "DELETE FROM resource_policies WHERE org_id = ?"

	qGetPolicyChange = "SELECT changed_at FROM policy_changes WHERE target_id = ?"
	qSetPolicyChange = `INSERT INTO policy_changes (target_id, org_id, changed_at) VALUES (?, ?, ?)
		ON CONFLICT (target_id) DO UPDATE SET org_id = excluded.org_id, changed_at = excluded.changed_at`
)

func scanHandshake(s scanner, h *org.Handshake) error {
	return s.Scan(&h.ID, &h.OrgID, &h.AccountID, &h.ParentID, &h.TransferID, &h.Arn, &h.Action,
		&h.State, jsonCol{&h.Parties}, jsonCol{&h.Resources}, jsonCol{&h.Tags},
		timeCol{&h.RequestedTimestamp}, timeCol{&h.ExpirationTimestamp}, timeCol{&h.ClosedAt})
}

// GetHandshake implements store.Tx.
func (t *tx) GetHandshake(id string) (*org.Handshake, error) {
	return getOne(t, "get handshake", id, qGetHandshake, scanHandshake, id)
}

// PutHandshake implements store.Tx.
func (t *tx) PutHandshake(h *org.Handshake) error {
	const op = "put handshake"
	parties, err := jsonList(h.Parties)
	if err != nil {
		return fmt.Errorf("sqlite: %s: encode parties: %w", op, err)
	}
	resources, err := jsonList(h.Resources)
	if err != nil {
		return fmt.Errorf("sqlite: %s: encode resources: %w", op, err)
	}
	tags, err := jsonList(h.Tags)
	if err != nil {
		return fmt.Errorf("sqlite: %s: encode tags: %w", op, err)
	}
	_, err = t.exec(op, qPutHandshake, h.ID, h.OrgID, h.AccountID, h.ParentID, h.TransferID, h.Arn,
		h.Action, h.State, parties, resources, tags, ms(h.RequestedTimestamp),
		ms(h.ExpirationTimestamp), ms(h.ClosedAt))
	return err
}

// ListHandshakesForAccount implements store.Tx.
func (t *tx) ListHandshakesForAccount(accountID string, p store.Page) ([]org.Handshake, error) {
	return list(t, "list handshakes for account", qListHandshakesForAccount, scanHandshake, accountID, p.After, limit(p.Limit))
}

// ListHandshakesForOrganization implements store.Tx.
func (t *tx) ListHandshakesForOrganization(orgID string, p store.Page) ([]org.Handshake, error) {
	return list(t, "list handshakes for organization", qListHandshakesForOrg, scanHandshake, orgID, p.After, limit(p.Limit))
}

// DeleteHandshakesEndedBefore implements store.Tx.
func (t *tx) DeleteHandshakesEndedBefore(before org.Time) (int, error) {
	n, err := t.exec("delete old handshakes", qDeleteOldHandshakes, ms(before))
	return int(n), err
}

// ListHandshakesByAction implements store.Tx.
func (t *tx) ListHandshakesByAction(orgID, action string, p store.Page) ([]org.Handshake, error) {
	return list(t, "list handshakes by action", qListHandshakesByAction, scanHandshake, orgID, action, p.After, limit(p.Limit))
}

func scanTransfer(s scanner, r *org.ResponsibilityTransfer) error {
	return s.Scan(&r.ID, &r.Arn, &r.Name, &r.TargetName, &r.Type, &r.Status, &r.SourceOrgID,
		&r.Source.ManagementAccountID, &r.Source.ManagementAccountEmail, &r.TargetOrgID,
		&r.Target.ManagementAccountID, &r.Target.ManagementAccountEmail,
		timeCol{&r.StartTimestamp}, timeCol{&r.EndTimestamp}, &r.ActiveHandshakeID)
}

// GetTransfer implements store.Tx.
func (t *tx) GetTransfer(id string) (*org.ResponsibilityTransfer, error) {
	return getOne(t, "get responsibility transfer", id, qGetTransfer, scanTransfer, id)
}

// PutTransfer implements store.Tx.
func (t *tx) PutTransfer(r *org.ResponsibilityTransfer) error {
	_, err := t.exec("put responsibility transfer", qPutTransfer, r.ID, r.Arn, r.Name, r.TargetName,
		r.Type, r.Status, r.SourceOrgID, r.Source.ManagementAccountID, r.Source.ManagementAccountEmail,
		r.TargetOrgID, r.Target.ManagementAccountID, r.Target.ManagementAccountEmail,
		ms(r.StartTimestamp), ms(r.EndTimestamp), r.ActiveHandshakeID)
	return err
}

// ListTransfersBySource implements store.Tx.
func (t *tx) ListTransfersBySource(orgID string, p store.Page) ([]org.ResponsibilityTransfer, error) {
	return list(t, "list outbound transfers", qListTransfersBySource, scanTransfer, orgID, p.After, limit(p.Limit))
}

// ListTransfersByTarget implements store.Tx.
func (t *tx) ListTransfersByTarget(orgID string, p store.Page) ([]org.ResponsibilityTransfer, error) {
	return list(t, "list inbound transfers", qListTransfersByTarget, scanTransfer, orgID, p.After, limit(p.Limit))
}

// GetResourcePolicy implements store.Tx.
func (t *tx) GetResourcePolicy(orgID string) (*org.ResourcePolicy, error) {
	return getOne(t, "get resource policy", orgID, qGetResourcePolicy, func(s scanner, rp *org.ResourcePolicy) error {
		return s.Scan(&rp.OrgID, &rp.ResourcePolicySummary.ID, &rp.ResourcePolicySummary.Arn, &rp.Content)
	}, orgID)
}

// PutResourcePolicy implements store.Tx.
func (t *tx) PutResourcePolicy(rp *org.ResourcePolicy) error {
	_, err := t.exec("put resource policy", qPutResourcePolicy, rp.OrgID, rp.ResourcePolicySummary.ID,
		rp.ResourcePolicySummary.Arn, rp.Content)
	return err
}

// DeleteResourcePolicy implements store.Tx.
func (t *tx) DeleteResourcePolicy(orgID string) error {
	n, err := t.exec("delete resource policy", qDeleteResourcePolicy, orgID)
	return notFoundIfNone(n, err, "delete resource policy", orgID)
}

// PolicyChangedAt implements store.Tx.
func (t *tx) PolicyChangedAt(targetID string) (org.Time, error) {
	at, err := getOne(t, "get policy change", targetID, qGetPolicyChange, func(s scanner, at *org.Time) error {
		return s.Scan(timeCol{at})
	}, targetID)
	if errors.Is(err, store.ErrNotFound) {
		return org.Time{}, nil
	} else if err != nil {
		return org.Time{}, err
	}
	return *at, nil
}

// SetPolicyChangedAt implements store.Tx.
func (t *tx) SetPolicyChangedAt(orgID, targetID string, at org.Time) error {
	_, err := t.exec("set policy change", qSetPolicyChange, targetID, orgID, ms(at))
	return err
}
