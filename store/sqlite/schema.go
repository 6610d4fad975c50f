package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migrations are the schema changes in the order they were made. Migration
// i brings the schema to version i+1; schema_migrations records each version
// applied. Append only: a released migration never changes, because
// databases in the field have already run it.
//
// Times are INTEGER Unix milliseconds, NULL for the zero time; lists of
// values a record owns but nothing queries (root policy types, account
// paths, CreateAccount tags) are JSON text. Every list query is served by an
// index whose order is the list's sort key, so that keyset pagination
// (key > ? ORDER BY key LIMIT ?) costs the same however many rows there are.
var migrations = []string{
	// 1: initial schema.
	`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- counters holds the store-wide sequences, such as attachment Seq, which
-- must keep growing even when the rows that used them are deleted.
CREATE TABLE counters (
	name  TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO counters (name, value) VALUES ('attachment_seq', 0);

CREATE TABLE organizations (
	id                TEXT PRIMARY KEY,
	feature_set       TEXT NOT NULL,
	master_account_id TEXT NOT NULL,
	created_at        INTEGER
) STRICT, WITHOUT ROWID;

-- email_lower is the email folded by Go's strings.ToLower, so that the
-- uniqueness of emails is case-insensitive beyond ASCII, which SQLite's own
-- lower() is not.
CREATE TABLE accounts (
	id            TEXT PRIMARY KEY,
	arn           TEXT NOT NULL,
	email         TEXT NOT NULL,
	email_lower   TEXT NOT NULL,
	name          TEXT NOT NULL,
	status        TEXT NOT NULL,
	state         TEXT NOT NULL,
	paths         TEXT NOT NULL,
	joined_method TEXT NOT NULL,
	joined_at     INTEGER,
	org_id        TEXT NOT NULL,
	parent_id     TEXT NOT NULL,
	created_at    INTEGER,
	closed_at     INTEGER
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX accounts_email ON accounts (email_lower);
CREATE INDEX accounts_org ON accounts (org_id, id);
CREATE INDEX accounts_parent ON accounts (parent_id, id);
CREATE INDEX accounts_status ON accounts (status, id);
CREATE INDEX accounts_org_status ON accounts (org_id, status, id);

CREATE TABLE roots (
	id           TEXT PRIMARY KEY,
	org_id       TEXT NOT NULL,
	arn          TEXT NOT NULL,
	name         TEXT NOT NULL,
	policy_types TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX roots_org ON roots (org_id, id);

CREATE TABLE ous (
	id        TEXT PRIMARY KEY,
	org_id    TEXT NOT NULL,
	parent_id TEXT NOT NULL,
	arn       TEXT NOT NULL,
	name      TEXT NOT NULL,
	path      TEXT NOT NULL,
	depth     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX ous_parent_name ON ous (parent_id, name);
CREATE INDEX ous_parent ON ous (parent_id, id);
CREATE INDEX ous_org ON ous (org_id);

-- policies keeps a rowid: its rows carry documents of several kilobytes, and
-- SQLite advises WITHOUT ROWID only for rows well under a twentieth of a page.
CREATE TABLE policies (
	id          TEXT PRIMARY KEY,
	org_id      TEXT NOT NULL,
	type        TEXT NOT NULL,
	arn         TEXT NOT NULL,
	name        TEXT NOT NULL,
	description TEXT NOT NULL,
	aws_managed INTEGER NOT NULL,
	content     TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX policies_name ON policies (org_id, type, name);
CREATE INDEX policies_type ON policies (org_id, type, id);

-- The primary key serves lookups by (policy, target); attachments_org_policy
-- lists a policy's targets in one organization without walking the other
-- organizations' attachments of an AWS-managed policy.
CREATE TABLE attachments (
	policy_id   TEXT NOT NULL,
	target_id   TEXT NOT NULL,
	org_id      TEXT NOT NULL,
	policy_type TEXT NOT NULL,
	target_type TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	PRIMARY KEY (policy_id, target_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX attachments_target ON attachments (target_id, seq);
CREATE INDEX attachments_org_policy ON attachments (org_id, policy_id, target_id);
CREATE INDEX attachments_org_type ON attachments (org_id, policy_type);

CREATE TABLE tags (
	resource_id TEXT NOT NULL,
	key         TEXT NOT NULL,
	org_id      TEXT NOT NULL,
	value       TEXT NOT NULL,
	PRIMARY KEY (resource_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX tags_org ON tags (org_id);

CREATE TABLE service_access (
	org_id     TEXT NOT NULL,
	principal  TEXT NOT NULL,
	enabled_at INTEGER,
	PRIMARY KEY (org_id, principal)
) STRICT, WITHOUT ROWID;

CREATE TABLE delegations (
	org_id     TEXT NOT NULL,
	account_id TEXT NOT NULL,
	principal  TEXT NOT NULL,
	enabled_at INTEGER,
	PRIMARY KEY (org_id, account_id, principal)
) STRICT, WITHOUT ROWID;
CREATE INDEX delegations_principal ON delegations (org_id, principal, account_id);

CREATE TABLE create_account_statuses (
	id                  TEXT PRIMARY KEY,
	org_id              TEXT NOT NULL,
	account_name        TEXT NOT NULL,
	state               TEXT NOT NULL,
	requested_at        INTEGER,
	completed_at        INTEGER,
	account_id          TEXT NOT NULL,
	govcloud_account_id TEXT NOT NULL,
	failure_reason      TEXT NOT NULL,
	email               TEXT NOT NULL,
	role_name           TEXT NOT NULL,
	govcloud            INTEGER NOT NULL,
	tags                TEXT NOT NULL,
	due_at              INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX create_account_statuses_org ON create_account_statuses (org_id, id);
CREATE INDEX create_account_statuses_due ON create_account_statuses (state, due_at, requested_at, id);

CREATE TABLE access_keys (
	id         TEXT PRIMARY KEY,
	secret     TEXT NOT NULL,
	account_id TEXT NOT NULL,
	created_at INTEGER
) STRICT, WITHOUT ROWID;
`,
	// 2: when a policy's content last changed and when an attachment was
	// made, for the LastUpdatedTimestamp of effective policies.
	`
ALTER TABLE policies ADD COLUMN updated_at INTEGER;
ALTER TABLE attachments ADD COLUMN created_at INTEGER;
`,
	// 3: identities (the role CreateAccount made, temporary credentials),
	// handshakes, responsibility transfers and resource policies.
	`
ALTER TABLE accounts ADD COLUMN role_name TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN role_trust TEXT NOT NULL DEFAULT '';
ALTER TABLE access_keys ADD COLUMN principal TEXT NOT NULL DEFAULT '';
ALTER TABLE access_keys ADD COLUMN session_token TEXT NOT NULL DEFAULT '';
ALTER TABLE access_keys ADD COLUMN expires_at INTEGER;
CREATE INDEX access_keys_expiry ON access_keys (expires_at) WHERE expires_at IS NOT NULL;

-- account_id is the recipient; handshakes are listed by recipient and by
-- the sending organization.
CREATE TABLE handshakes (
	id           TEXT PRIMARY KEY,
	org_id       TEXT NOT NULL,
	account_id   TEXT NOT NULL,
	parent_id    TEXT NOT NULL,
	transfer_id  TEXT NOT NULL,
	arn          TEXT NOT NULL,
	action       TEXT NOT NULL,
	state        TEXT NOT NULL,
	parties      TEXT NOT NULL,
	resources    TEXT NOT NULL,
	tags         TEXT NOT NULL,
	requested_at INTEGER,
	expires_at   INTEGER,
	closed_at    INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX handshakes_account ON handshakes (account_id, id);
CREATE INDEX handshakes_org ON handshakes (org_id, id);
CREATE INDEX handshakes_org_action ON handshakes (org_id, action, id);
CREATE INDEX handshakes_closed ON handshakes (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX handshakes_expires ON handshakes (expires_at) WHERE closed_at IS NULL;

CREATE TABLE responsibility_transfers (
	id                  TEXT PRIMARY KEY,
	arn                 TEXT NOT NULL,
	name                TEXT NOT NULL,
	target_name         TEXT NOT NULL,
	type                TEXT NOT NULL,
	status              TEXT NOT NULL,
	source_org_id       TEXT NOT NULL,
	source_account_id   TEXT NOT NULL,
	source_email        TEXT NOT NULL,
	target_org_id       TEXT NOT NULL,
	target_account_id   TEXT NOT NULL,
	target_email        TEXT NOT NULL,
	start_at            INTEGER,
	end_at              INTEGER,
	active_handshake_id TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX transfers_source ON responsibility_transfers (source_org_id, id);
CREATE INDEX transfers_target ON responsibility_transfers (target_org_id, id);

-- policy_changes records, per root, OU or account, when the policies that
-- apply through it last changed in a way no attachment row shows: a
-- detachment, a move, a policy type disabled.
CREATE TABLE policy_changes (
	target_id  TEXT PRIMARY KEY,
	org_id     TEXT NOT NULL,
	changed_at INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX policy_changes_org ON policy_changes (org_id);

CREATE TABLE resource_policies (
	org_id  TEXT PRIMARY KEY,
	id      TEXT NOT NULL,
	arn     TEXT NOT NULL,
	content TEXT NOT NULL
) STRICT;
`,
}

// recordTables are the tables Reset empties: all but meta, counters and
// schema_migrations.
var recordTables = []string{
	"organizations", "accounts", "roots", "ous", "policies", "attachments",
	"tags", "service_access", "delegations", "create_account_statuses",
	"access_keys", "handshakes", "responsibility_transfers", "resource_policies", "policy_changes",
}

// migrate applies the migrations the database has not run yet, all in one
// transaction so that a failure leaves the schema as it was. It refuses a
// database from a newer Canopy, whose schema this code cannot know.
func migrate(ctx context.Context, c *sql.Conn) (err error) {
	if _, err := c.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("sqlite: migrate: begin: %w", err)
	}
	defer func() {
		if err != nil {
			c.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	if _, err := c.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at INTEGER NOT NULL
	) STRICT`); err != nil {
		return fmt.Errorf("sqlite: migrate: create schema_migrations: %w", err)
	}
	var version int
	if err := c.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&version); err != nil {
		return fmt.Errorf("sqlite: migrate: read version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("sqlite: migrate: database schema version %d is newer than this program's %d", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		if _, err := c.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("sqlite: migrate to version %d: %w", i+1, err)
		}
		if _, err := c.ExecContext(ctx, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
			i+1, time.Now().UnixMilli()); err != nil {
			return fmt.Errorf("sqlite: migrate to version %d: record: %w", i+1, err)
		}
	}
	if _, err := c.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("sqlite: migrate: commit: %w", err)
	}
	return nil
}
