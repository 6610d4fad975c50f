package sqlite

import (
	"fmt"
	"strings"

	"canopy/org"
	"canopy/store"
)

// The queries are constants so that each is prepared once per connection
// and so that plan_test.go can check that every one of them uses an index.
const (
	accountCols = `id, arn, email, name, status, state, paths, joined_method,
		joined_at, org_id, parent_id, created_at, closed_at, role_name, role_trust`
	qGetAccount        = "SELECT " + accountCols + " FROM accounts WHERE id = ?"
	qGetAccountByEmail = "SELECT " + accountCols + " FROM accounts WHERE email_lower = ?"
	qPutAccount        = `INSERT INTO accounts (id, arn, email, email_lower, name, status,
		state, paths, joined_method, joined_at, org_id, parent_id, created_at, closed_at, role_name, role_trust)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET arn = excluded.arn, email = excluded.email,
		email_lower = excluded.email_lower, name = excluded.name, status = excluded.status,
		state = excluded.state, paths = excluded.paths, joined_method = excluded.joined_method,
		joined_at = excluded.joined_at, org_id = excluded.org_id, parent_id = excluded.parent_id,
		created_at = excluded.created_at, closed_at = excluded.closed_at, role_name = excluded.role_name,
		role_trust = excluded.role_trust`
	qListAccounts            = "SELECT " + accountCols + " FROM accounts WHERE org_id = ? AND id > ? ORDER BY id LIMIT ?"
	qListAccountsForParent   = "SELECT " + accountCols + " FROM accounts WHERE parent_id = ? AND id > ? ORDER BY id LIMIT ?"
	qListAccountsByStatus    = "SELECT " + accountCols + " FROM accounts WHERE status = ? AND id > ? ORDER BY id LIMIT ?"
	qListOrgAccountsByStatus = "SELECT " + accountCols + " FROM accounts WHERE org_id = ? AND status = ? AND id > ? ORDER BY id LIMIT ?"
	qCountAccounts           = "SELECT count(*) FROM accounts WHERE org_id = ?"

	rootCols = "id, org_id, arn, name, policy_types"
	qGetRoot = "SELECT " + rootCols + " FROM roots WHERE id = ?"
	qPutRoot = `INSERT INTO roots (` + rootCols + `) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET org_id = excluded.org_id, arn = excluded.arn,
		name = excluded.name, policy_types = excluded.policy_types`
	qListRoots = "SELECT " + rootCols + " FROM roots WHERE org_id = ? AND id > ? ORDER BY id LIMIT ?"

	ouCols = "id, org_id, parent_id, arn, name, path, depth"
	qGetOU = "SELECT " + ouCols + " FROM ous WHERE id = ?"
	qPutOU = `INSERT INTO ous (` + ouCols + `) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET org_id = excluded.org_id, parent_id = excluded.parent_id,
		arn = excluded.arn, name = excluded.name, path = excluded.path, depth = excluded.depth`
	qDeleteOU         = "DELETE FROM ous WHERE id = ?"
	qListOUsForParent = "SELECT " + ouCols + " FROM ous WHERE parent_id = ? AND id > ? ORDER BY id LIMIT ?"
	qCountOUs         = "SELECT count(*) FROM ous WHERE org_id = ?"

	policyCols = "id, org_id, type, arn, name, description, aws_managed, content, updated_at"
	qGetPolicy = "SELECT " + policyCols + " FROM policies WHERE id = ?"
	qPutPolicy = `INSERT INTO policies (` + policyCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET org_id = excluded.org_id, type = excluded.type,
		arn = excluded.arn, name = excluded.name, description = excluded.description,
		aws_managed = excluded.aws_managed, content = excluded.content, updated_at = excluded.updated_at`
	qDeletePolicy = "DELETE FROM policies WHERE id = ?"
	// qListPolicies merges two index range scans, the AWS-managed policies
	// and the organization's own, which SQLite runs as co-routines each
	// already in id order, so that a page reads no more rows than it
	// returns. (org_id IN ('', ?) would sort every matching policy to find
	// the first page.)
	qListPolicies = `SELECT ` + policyCols + ` FROM policies WHERE org_id = '' AND type = ?1 AND id > ?3
		UNION ALL
		SELECT ` + policyCols + ` FROM policies WHERE org_id = ?2 AND type = ?1 AND id > ?3
		ORDER BY id LIMIT ?4`
	qListManagedPolicies = "SELECT " + policyCols + " FROM policies WHERE org_id = '' AND type = ? AND id > ? ORDER BY id LIMIT ?"
	qCountPolicies       = "SELECT count(*) FROM policies WHERE org_id = ? AND type = ?"

	attachmentCols    = "org_id, policy_id, policy_type, target_id, target_type, seq, created_at"
	qNextSeq          = "UPDATE counters SET value = value + 1 WHERE name = 'attachment_seq' RETURNING value"
	qInsertAttachment = "INSERT INTO attachments (" + attachmentCols + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
	qDeleteAttachment = "DELETE FROM attachments WHERE policy_id = ? AND target_id = ?"
	qAttachmentsOfTgt = `SELECT ` + attachmentCols + ` FROM attachments
		WHERE target_id = ?1 AND (?2 = '' OR policy_type = ?2) ORDER BY seq`
	qPoliciesAttachedTo = `SELECT p.id, p.org_id, p.type, p.arn, p.name, p.description, p.aws_managed,
		p.content, p.updated_at, a.created_at
		FROM attachments a JOIN policies p ON p.id = a.policy_id
		WHERE a.target_id = ?1 AND (?2 = '' OR a.policy_type = ?2) ORDER BY a.seq`
	// Without statistics SQLite prefers the primary key here, which for an
	// AWS-managed policy would walk every organization's attachments.
	qAttachmentsOfPol = `SELECT ` + attachmentCols + ` FROM attachments INDEXED BY attachments_org_policy
		WHERE org_id = ? AND policy_id = ? AND target_id > ? ORDER BY target_id LIMIT ?`
	qDeleteAttachmentsOfTgt  = "DELETE FROM attachments WHERE target_id = ?"
	qDeleteAttachmentsOfType = "DELETE FROM attachments WHERE org_id = ? AND policy_type = ?"

	qListTags   = "SELECT key, value FROM tags WHERE resource_id = ? ORDER BY key"
	qDeleteTags = "DELETE FROM tags WHERE resource_id = ?"
	qPutTag     = `INSERT INTO tags (resource_id, key, org_id, value) VALUES (?, ?, ?, ?)
		ON CONFLICT (resource_id, key) DO UPDATE SET org_id = excluded.org_id, value = excluded.value`

	qListServiceAccess = `SELECT principal, enabled_at FROM service_access
		WHERE org_id = ? AND principal > ? ORDER BY principal LIMIT ?`
	qPutServiceAccess = `INSERT INTO service_access (org_id, principal, enabled_at) VALUES (?, ?, ?)
		ON CONFLICT (org_id, principal) DO NOTHING`
	qDeleteServiceAccess = "DELETE FROM service_access WHERE org_id = ? AND principal = ?"

	qListDelegations = `SELECT org_id, account_id, principal, enabled_at FROM delegations
		WHERE org_id = ?1 AND (?2 = '' OR account_id = ?2) AND (?3 = '' OR principal = ?3)
		ORDER BY account_id, principal`
	qInsertDelegation = "INSERT INTO delegations (org_id, account_id, principal, enabled_at) VALUES (?, ?, ?, ?)"
	qDeleteDelegation = "DELETE FROM delegations WHERE org_id = ? AND account_id = ? AND principal = ?"

	casCols = `id, org_id, account_name, state, requested_at, completed_at, account_id,
		govcloud_account_id, failure_reason, email, role_name, govcloud, tags, due_at`
	qGetCAS = "SELECT " + casCols + " FROM create_account_statuses WHERE id = ?"
	qPutCAS = `INSERT INTO create_account_statuses (` + casCols + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET org_id = excluded.org_id,
		account_name = excluded.account_name, state = excluded.state,
		requested_at = excluded.requested_at, completed_at = excluded.completed_at,
		account_id = excluded.account_id, govcloud_account_id = excluded.govcloud_account_id,
		failure_reason = excluded.failure_reason, email = excluded.email,
		role_name = excluded.role_name, govcloud = excluded.govcloud, tags = excluded.tags,
		due_at = excluded.due_at`
	// The states travel as one JSON array so that one prepared statement
	// serves any number of them.
	qListCAS = `SELECT ` + casCols + ` FROM create_account_statuses
		WHERE org_id = ?1 AND id > ?2
		AND (?3 = '[]' OR state IN (SELECT value FROM json_each(?3)))
		ORDER BY id LIMIT ?4`
	qListPendingCAS = `SELECT ` + casCols + ` FROM create_account_statuses
		WHERE state = ? ORDER BY due_at, requested_at, id LIMIT ?`

	accessKeyCols = "id, secret, account_id, created_at, principal, session_token, expires_at"
	qGetAccessKey = "SELECT " + accessKeyCols + " FROM access_keys WHERE id = ?"
	qPutAccessKey = `INSERT INTO access_keys (` + accessKeyCols + `) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET secret = excluded.secret,
		account_id = excluded.account_id, created_at = excluded.created_at,
		principal = excluded.principal, session_token = excluded.session_token,
		expires_at = excluded.expires_at`
	qDeleteExpiredAccessKeys = "DELETE FROM access_keys WHERE expires_at IS NOT NULL AND expires_at < ?"
)

func scanAccount(s scanner, a *org.Account) error {
	return s.Scan(&a.ID, &a.Arn, &a.Email, &a.Name, &a.Status, &a.State, jsonCol{&a.Paths},
		&a.JoinedMethod, timeCol{&a.JoinedTimestamp}, &a.OrgID, &a.ParentID,
		timeCol{&a.CreatedAt}, timeCol{&a.ClosedAt}, &a.RoleName, &a.RoleTrust)
}

// GetAccount implements store.Tx.
func (t *tx) GetAccount(id string) (*org.Account, error) {
	return getOne(t, "get account", id, qGetAccount, scanAccount, id)
}

// GetAccountByEmail implements store.Tx.
func (t *tx) GetAccountByEmail(email string) (*org.Account, error) {
	return getOne(t, "get account by email", email, qGetAccountByEmail, scanAccount, strings.ToLower(email))
}

// PutAccount implements store.Tx.
func (t *tx) PutAccount(a *org.Account) error {
	paths, err := jsonList(a.Paths)
	if err != nil {
		return fmt.Errorf("sqlite: put account: encode paths: %w", err)
	}
	_, err = t.exec("put account", qPutAccount, a.ID, a.Arn, a.Email, strings.ToLower(a.Email),
		a.Name, a.Status, a.State, paths, a.JoinedMethod, ms(a.JoinedTimestamp), a.OrgID,
		a.ParentID, ms(a.CreatedAt), ms(a.ClosedAt), a.RoleName, a.RoleTrust)
	return err
}

// ListAccounts implements store.Tx.
func (t *tx) ListAccounts(orgID string, p store.Page) ([]org.Account, error) {
	return list(t, "list accounts", qListAccounts, scanAccount, orgID, p.After, limit(p.Limit))
}

// ListAccountsForParent implements store.Tx.
func (t *tx) ListAccountsForParent(parentID string, p store.Page) ([]org.Account, error) {
	return list(t, "list accounts for parent", qListAccountsForParent, scanAccount, parentID, p.After, limit(p.Limit))
}

// ListAccountsByStatus implements store.Tx.
func (t *tx) ListAccountsByStatus(orgID, status string, p store.Page) ([]org.Account, error) {
	if orgID != "" {
		return list(t, "list accounts by status", qListOrgAccountsByStatus, scanAccount, orgID, status, p.After, limit(p.Limit))
	}
	return list(t, "list accounts by status", qListAccountsByStatus, scanAccount, status, p.After, limit(p.Limit))
}

// CountAccounts implements store.Tx.
func (t *tx) CountAccounts(orgID string) (int, error) {
	return t.count("count accounts", qCountAccounts, orgID)
}

// getOne reads the single row of query with scan, or returns
// store.ErrNotFound naming key.
func getOne[T any](t *tx, op, key, query string, scan func(scanner, *T) error, args ...any) (*T, error) {
	var v T
	err := t.get(op, key, query, func(s scanner) error { return scan(s, &v) }, args...)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func scanRoot(s scanner, r *org.Root) error {
	return s.Scan(&r.ID, &r.OrgID, &r.Arn, &r.Name, jsonCol{&r.PolicyTypes})
}

// GetRoot implements store.Tx.
func (t *tx) GetRoot(id string) (*org.Root, error) {
	return getOne(t, "get root", id, qGetRoot, scanRoot, id)
}

// PutRoot implements store.Tx.
func (t *tx) PutRoot(r *org.Root) error {
	types, err := jsonList(r.PolicyTypes)
	if err != nil {
		return fmt.Errorf("sqlite: put root: encode policy types: %w", err)
	}
	_, err = t.exec("put root", qPutRoot, r.ID, r.OrgID, r.Arn, r.Name, types)
	return err
}

// ListRoots implements store.Tx.
func (t *tx) ListRoots(orgID string, p store.Page) ([]org.Root, error) {
	return list(t, "list roots", qListRoots, scanRoot, orgID, p.After, limit(p.Limit))
}

func scanOU(s scanner, ou *org.OrganizationalUnit) error {
	return s.Scan(&ou.ID, &ou.OrgID, &ou.ParentID, &ou.Arn, &ou.Name, &ou.Path, &ou.Depth)
}

// GetOU implements store.Tx.
func (t *tx) GetOU(id string) (*org.OrganizationalUnit, error) {
	return getOne(t, "get OU", id, qGetOU, scanOU, id)
}

// PutOU implements store.Tx.
func (t *tx) PutOU(ou *org.OrganizationalUnit) error {
	_, err := t.exec("put OU", qPutOU, ou.ID, ou.OrgID, ou.ParentID, ou.Arn, ou.Name, ou.Path, ou.Depth)
	return err
}

// DeleteOU implements store.Tx.
func (t *tx) DeleteOU(id string) error {
	n, err := t.exec("delete OU", qDeleteOU, id)
	return notFoundIfNone(n, err, "delete OU", id)
}

// ListOUsForParent implements store.Tx.
func (t *tx) ListOUsForParent(parentID string, p store.Page) ([]org.OrganizationalUnit, error) {
	return list(t, "list OUs for parent", qListOUsForParent, scanOU, parentID, p.After, limit(p.Limit))
}

// CountOUs implements store.Tx.
func (t *tx) CountOUs(orgID string) (int, error) {
	return t.count("count OUs", qCountOUs, orgID)
}

func scanPolicy(s scanner, p *org.Policy) error {
	return s.Scan(&p.PolicySummary.ID, &p.OrgID, &p.PolicySummary.Type, &p.PolicySummary.Arn,
		&p.PolicySummary.Name, &p.PolicySummary.Description, &p.PolicySummary.AwsManaged, &p.Content, timeCol{&p.UpdatedAt})
}

// GetPolicy implements store.Tx.
func (t *tx) GetPolicy(id string) (*org.Policy, error) {
	return getOne(t, "get policy", id, qGetPolicy, scanPolicy, id)
}

// PutPolicy implements store.Tx.
func (t *tx) PutPolicy(p *org.Policy) error {
	s := &p.PolicySummary
	_, err := t.exec("put policy", qPutPolicy, s.ID, p.OrgID, s.Type, s.Arn, s.Name, s.Description,
		s.AwsManaged, p.Content, ms(p.UpdatedAt))
	return err
}

// DeletePolicy implements store.Tx.
func (t *tx) DeletePolicy(id string) error {
	n, err := t.exec("delete policy", qDeletePolicy, id)
	return notFoundIfNone(n, err, "delete policy", id)
}

// ListPolicies implements store.Tx.
func (t *tx) ListPolicies(orgID, policyType string, p store.Page) ([]org.Policy, error) {
	if orgID == "" {
		return list(t, "list policies", qListManagedPolicies, scanPolicy, policyType, p.After, limit(p.Limit))
	}
	return list(t, "list policies", qListPolicies, scanPolicy, policyType, orgID, p.After, limit(p.Limit))
}

// CountPolicies implements store.Tx.
func (t *tx) CountPolicies(orgID, policyType string) (int, error) {
	return t.count("count policies", qCountPolicies, orgID, policyType)
}

func scanAttachment(s scanner, a *org.Attachment) error {
	return s.Scan(&a.OrgID, &a.PolicyID, &a.PolicyType, &a.TargetID, &a.TargetType, &a.Seq, timeCol{&a.CreatedAt})
}

// InsertAttachment implements store.Tx. Seq comes from a counter rather
// than max(seq)+1 so that it never goes back, even after the newest
// attachment is removed.
func (t *tx) InsertAttachment(a *org.Attachment) error {
	const op = "insert attachment"
	if err := t.check(op, true); err != nil {
		return err
	}
	row, err := t.queryRow(qNextSeq)
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", op, err)
	}
	var seq int64
	if err := row.Scan(&seq); err != nil {
		return fmt.Errorf("sqlite: %s: next seq: %w", op, err)
	}
	if _, err := t.exec(op, qInsertAttachment, a.OrgID, a.PolicyID, a.PolicyType, a.TargetID, a.TargetType, seq, ms(a.CreatedAt)); err != nil {
		return err
	}
	a.Seq = seq
	return nil
}

// DeleteAttachment implements store.Tx.
func (t *tx) DeleteAttachment(policyID, targetID string) error {
	n, err := t.exec("delete attachment", qDeleteAttachment, policyID, targetID)
	return notFoundIfNone(n, err, "delete attachment", policyID+" on "+targetID)
}

// ListAttachmentsForTarget implements store.Tx.
func (t *tx) ListAttachmentsForTarget(targetID, policyType string) ([]org.Attachment, error) {
	return list(t, "list attachments for target", qAttachmentsOfTgt, scanAttachment, targetID, policyType)
}

// ListPoliciesAttachedTo implements store.Tx.
func (t *tx) ListPoliciesAttachedTo(targetID, policyType string) ([]org.AttachedPolicy, error) {
	return list(t, "list policies attached to target", qPoliciesAttachedTo, func(s scanner, ap *org.AttachedPolicy) error {
		p := &ap.Policy
		return s.Scan(&p.PolicySummary.ID, &p.OrgID, &p.PolicySummary.Type, &p.PolicySummary.Arn,
			&p.PolicySummary.Name, &p.PolicySummary.Description, &p.PolicySummary.AwsManaged, &p.Content,
			timeCol{&p.UpdatedAt}, timeCol{&ap.AttachedAt})
	}, targetID, policyType)
}

// ListAttachmentsForPolicy implements store.Tx.
func (t *tx) ListAttachmentsForPolicy(orgID, policyID string, p store.Page) ([]org.Attachment, error) {
	return list(t, "list attachments for policy", qAttachmentsOfPol, scanAttachment, orgID, policyID, p.After, limit(p.Limit))
}

// DeleteAttachmentsForTarget implements store.Tx.
func (t *tx) DeleteAttachmentsForTarget(targetID string) error {
	_, err := t.exec("delete attachments for target", qDeleteAttachmentsOfTgt, targetID)
	return err
}

// DeleteAttachmentsOfType implements store.Tx.
func (t *tx) DeleteAttachmentsOfType(orgID, policyType string) error {
	_, err := t.exec("delete attachments of type", qDeleteAttachmentsOfType, orgID, policyType)
	return err
}

// ListTags implements store.Tx.
func (t *tx) ListTags(resourceID string) ([]org.Tag, error) {
	return list(t, "list tags", qListTags, func(s scanner, tg *org.Tag) error {
		return s.Scan(&tg.Key, &tg.Value)
	}, resourceID)
}

// SetTags implements store.Tx. A key given twice keeps its last value.
func (t *tx) SetTags(orgID, resourceID string, tags []org.Tag) error {
	const op = "set tags"
	if _, err := t.exec(op, qDeleteTags, resourceID); err != nil {
		return err
	}
	for _, tg := range tags {
		if _, err := t.exec(op, qPutTag, resourceID, tg.Key, orgID, tg.Value); err != nil {
			return err
		}
	}
	return nil
}

// ListServiceAccess implements store.Tx.
func (t *tx) ListServiceAccess(orgID string, p store.Page) ([]org.EnabledServicePrincipal, error) {
	return list(t, "list service access", qListServiceAccess, func(s scanner, e *org.EnabledServicePrincipal) error {
		return s.Scan(&e.ServicePrincipal, timeCol{&e.DateEnabled})
	}, orgID, p.After, limit(p.Limit))
}

// PutServiceAccess implements store.Tx.
func (t *tx) PutServiceAccess(orgID string, s org.EnabledServicePrincipal) error {
	_, err := t.exec("put service access", qPutServiceAccess, orgID, s.ServicePrincipal, ms(s.DateEnabled))
	return err
}

// DeleteServiceAccess implements store.Tx.
func (t *tx) DeleteServiceAccess(orgID, principal string) error {
	_, err := t.exec("delete service access", qDeleteServiceAccess, orgID, principal)
	return err
}

// ListDelegations implements store.Tx.
func (t *tx) ListDelegations(orgID, accountID, principal string) ([]org.Delegation, error) {
	return list(t, "list delegations", qListDelegations, func(s scanner, d *org.Delegation) error {
		return s.Scan(&d.OrgID, &d.AccountID, &d.ServicePrincipal, timeCol{&d.EnabledAt})
	}, orgID, accountID, principal)
}

// InsertDelegation implements store.Tx.
func (t *tx) InsertDelegation(d org.Delegation) error {
	_, err := t.exec("insert delegation", qInsertDelegation, d.OrgID, d.AccountID, d.ServicePrincipal, ms(d.EnabledAt))
	return err
}

// DeleteDelegation implements store.Tx.
func (t *tx) DeleteDelegation(orgID, accountID, principal string) error {
	n, err := t.exec("delete delegation", qDeleteDelegation, orgID, accountID, principal)
	return notFoundIfNone(n, err, "delete delegation", accountID+" for "+principal)
}

func scanCAS(s scanner, c *org.CreateAccountStatus) error {
	return s.Scan(&c.ID, &c.OrgID, &c.AccountName, &c.State, timeCol{&c.RequestedTimestamp},
		timeCol{&c.CompletedTimestamp}, &c.AccountID, &c.GovCloudAccountID, &c.FailureReason,
		&c.Email, &c.RoleName, &c.GovCloud, jsonCol{&c.Tags}, timeCol{&c.DueAt})
}

// GetCreateAccountStatus implements store.Tx.
func (t *tx) GetCreateAccountStatus(id string) (*org.CreateAccountStatus, error) {
	return getOne(t, "get create account status", id, qGetCAS, scanCAS, id)
}

// PutCreateAccountStatus implements store.Tx.
func (t *tx) PutCreateAccountStatus(c *org.CreateAccountStatus) error {
	tags, err := jsonList(c.Tags)
	if err != nil {
		return fmt.Errorf("sqlite: put create account status: encode tags: %w", err)
	}
	_, err = t.exec("put create account status", qPutCAS, c.ID, c.OrgID, c.AccountName, c.State,
		ms(c.RequestedTimestamp), ms(c.CompletedTimestamp), c.AccountID, c.GovCloudAccountID,
		c.FailureReason, c.Email, c.RoleName, c.GovCloud, tags, ms(c.DueAt))
	return err
}

// ListCreateAccountStatuses implements store.Tx.
func (t *tx) ListCreateAccountStatuses(orgID string, states []string, p store.Page) ([]org.CreateAccountStatus, error) {
	st, err := jsonList(states)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list create account statuses: encode states: %w", err)
	}
	return list(t, "list create account statuses", qListCAS, scanCAS, orgID, p.After, st, limit(p.Limit))
}

// ListPendingCreateAccountStatuses implements store.Tx.
func (t *tx) ListPendingCreateAccountStatuses(n int) ([]org.CreateAccountStatus, error) {
	return list(t, "list pending create account statuses", qListPendingCAS, scanCAS, org.CreateInProgress, limit(n))
}

// GetAccessKey implements store.Tx.
func (t *tx) GetAccessKey(id string) (*org.AccessKey, error) {
	return getOne(t, "get access key", id, qGetAccessKey, func(s scanner, k *org.AccessKey) error {
		return s.Scan(&k.AccessKeyID, &k.SecretAccessKey, &k.AccountID, timeCol{&k.CreatedAt},
			&k.Principal, &k.SessionToken, timeCol{&k.Expires})
	}, id)
}

// PutAccessKey implements store.Tx.
func (t *tx) PutAccessKey(k *org.AccessKey) error {
	_, err := t.exec("put access key", qPutAccessKey, k.AccessKeyID, k.SecretAccessKey, k.AccountID,
		ms(k.CreatedAt), k.Principal, k.SessionToken, ms(k.Expires))
	return err
}

// DeleteExpiredAccessKeys implements store.Tx. Expiries are stored as
// whole milliseconds, so a time inside a millisecond is rounded up: a key
// stored as expiring at the start of that millisecond expired before it.
func (t *tx) DeleteExpiredAccessKeys(before org.Time) (int, error) {
	bound := ms(before)
	if !before.IsZero() && before.Nanosecond()%1_000_000 != 0 {
		bound = before.UnixMilli() + 1
	}
	n, err := t.exec("delete expired access keys", qDeleteExpiredAccessKeys, bound)
	return int(n), err
}
