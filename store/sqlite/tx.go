package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"canopy/org"
	"canopy/store"
)

// tx is a store.Tx on one pinned connection.
//
// Statements run without the caller's context: given a cancellable one, the
// driver starts a goroutine per statement to watch it, which made a View of
// two lookups some 60% slower when measured. Every statement is served by an
// index and is short, so the context is checked before each one instead; a
// cancelled operation fails at its next statement and is rolled back.
type tx struct {
	c        *conn
	ctx      context.Context
	readOnly bool
	done     bool
}

var _ store.Tx = (*tx)(nil)

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// check reports why the transaction cannot run a statement for op now.
func (t *tx) check(op string, write bool) error {
	if t.done {
		return fmt.Errorf("sqlite: %s: %w", op, errTxDone)
	}
	if write && t.readOnly {
		return fmt.Errorf("sqlite: %s: %w", op, ErrReadOnly)
	}
	if err := t.ctx.Err(); err != nil {
		return fmt.Errorf("sqlite: %s: %w", op, err)
	}
	return nil
}

// exec runs a write statement and returns the number of rows it changed.
// A duplicate key comes back as store.ErrConflict, wrapping SQLite's error
// too so that the index involved stays visible.
func (t *tx) exec(op, query string, args ...any) (int64, error) {
	if err := t.check(op, true); err != nil {
		return 0, err
	}
	s, err := t.c.stmt(query)
	if err != nil {
		return 0, fmt.Errorf("sqlite: %s: prepare: %w", op, err)
	}
	res, err := s.Exec(args...)
	if err != nil {
		if isConflict(err) {
			return 0, fmt.Errorf("sqlite: %s: %w: %w", op, store.ErrConflict, err)
		}
		return 0, fmt.Errorf("sqlite: %s: %w", op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlite: %s: rows affected: %w", op, err)
	}
	return n, nil
}

// queryRow prepares (or reuses) query and runs it for at most one row.
func (t *tx) queryRow(query string, args ...any) (*sql.Row, error) {
	s, err := t.c.stmt(query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	return s.QueryRow(args...), nil
}

// get reads one row with scan, or returns store.ErrNotFound naming key.
func (t *tx) get(op, key, query string, scan func(scanner) error, args ...any) error {
	if err := t.check(op, false); err != nil {
		return err
	}
	row, err := t.queryRow(query, args...)
	if err == nil {
		err = scan(row)
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("sqlite: %s %q: %w", op, key, store.ErrNotFound)
	case err != nil:
		return fmt.Errorf("sqlite: %s %q: %w", op, key, err)
	}
	return nil
}

// count runs a SELECT count(*) query.
func (t *tx) count(op, query string, args ...any) (int, error) {
	if err := t.check(op, false); err != nil {
		return 0, err
	}
	row, err := t.queryRow(query, args...)
	if err != nil {
		return 0, fmt.Errorf("sqlite: %s: %w", op, err)
	}
	var n int
	if err := row.Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: %s: %w", op, err)
	}
	return n, nil
}

// list runs a query and scans each of its rows with scan.
func list[T any](t *tx, op, query string, scan func(scanner, *T) error, args ...any) ([]T, error) {
	if err := t.check(op, false); err != nil {
		return nil, err
	}
	s, err := t.c.stmt(query)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %s: prepare: %w", op, err)
	}
	rows, err := s.Query(args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", op, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return nil, fmt.Errorf("sqlite: %s: scan: %w", op, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", op, err)
	}
	return out, nil
}

// limit turns a Page.Limit into SQL's LIMIT, where a negative value means
// no limit.
func limit(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// ms is the column value of a time: Unix milliseconds, or NULL for the zero
// time, which has no meaningful Unix time.
func ms(t org.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// timeCol scans a column written by ms.
type timeCol struct{ t *org.Time }

func (c timeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.t = org.Time{}
	case int64:
		*c.t = org.Time{Time: time.UnixMilli(v).UTC()}
	default:
		return fmt.Errorf("time column holds %T", src)
	}
	return nil
}

// jsonList encodes a slice for a JSON text column; empty is "[]".
func jsonList[T any](v []T) (string, error) {
	if len(v) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// jsonCol scans a column written by jsonList into the slice v points to,
// leaving it nil when empty.
type jsonCol struct{ v any }

func (c jsonCol) Scan(src any) error {
	var b []byte
	switch s := src.(type) {
	case string:
		b = []byte(s)
	case []byte:
		b = s
	default:
		return fmt.Errorf("JSON column holds %T", src)
	}
	if len(b) == 0 || string(b) == "[]" {
		return nil
	}
	return json.Unmarshal(b, c.v)
}

// GetMeta implements store.Tx.
func (t *tx) GetMeta(key string) (string, error) {
	var v string
	err := t.get("get meta", key, "SELECT value FROM meta WHERE key = ?",
		func(s scanner) error { return s.Scan(&v) }, key)
	return v, err
}

// SetMeta implements store.Tx.
func (t *tx) SetMeta(key, value string) error {
	_, err := t.exec("set meta",
		"INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		key, value)
	return err
}

// GetOrganization implements store.Tx.
func (t *tx) GetOrganization(id string) (*org.Organization, error) {
	var o org.Organization
	err := t.get("get organization", id,
		"SELECT id, feature_set, master_account_id, created_at FROM organizations WHERE id = ?",
		func(s scanner) error {
			return s.Scan(&o.ID, &o.FeatureSet, &o.MasterAccountID, timeCol{&o.CreatedAt})
		}, id)
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// InsertOrganization implements store.Tx.
func (t *tx) InsertOrganization(o *org.Organization) error {
	_, err := t.exec("insert organization",
		"INSERT INTO organizations (id, feature_set, master_account_id, created_at) VALUES (?, ?, ?, ?)",
		o.ID, o.FeatureSet, o.MasterAccountID, ms(o.CreatedAt))
	return err
}

// UpdateOrganization implements store.Tx.
func (t *tx) UpdateOrganization(o *org.Organization) error {
	n, err := t.exec("update organization",
		"UPDATE organizations SET feature_set = ?, master_account_id = ? WHERE id = ?",
		o.FeatureSet, o.MasterAccountID, o.ID)
	return notFoundIfNone(n, err, "update organization", o.ID)
}

// orgCascade are the statements that remove what an organization owns, in
// the order DeleteOrganization runs them. AWS-managed policies have an empty
// org_id, which is no organization's ID, so they are never among them.
var orgCascade = []string{
	"DELETE FROM roots WHERE org_id = ?",
	"DELETE FROM ous WHERE org_id = ?",
	"DELETE FROM policies WHERE org_id = ?",
	"DELETE FROM attachments WHERE org_id = ?",
	"DELETE FROM tags WHERE org_id = ?",
	"DELETE FROM service_access WHERE org_id = ?",
	"DELETE FROM delegations WHERE org_id = ?",
	"DELETE FROM create_account_statuses WHERE org_id = ?",
	"DELETE FROM handshakes WHERE org_id = ?",
	"DELETE FROM resource_policies WHERE org_id = ?",
	"DELETE FROM policy_changes WHERE org_id = ?",
	"UPDATE accounts SET org_id = '', parent_id = '' WHERE org_id = ?",
}

// DeleteOrganization implements store.Tx.
func (t *tx) DeleteOrganization(id string) error {
	const op = "delete organization"
	n, err := t.exec(op, "DELETE FROM organizations WHERE id = ?", id)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("sqlite: %s %q: %w", op, id, store.ErrNotFound)
	}
	for _, q := range orgCascade {
		if _, err := t.exec(op, q, id); err != nil {
			return err
		}
	}
	return nil
}

// reset empties every record table, for DB.Reset.
func (t *tx) reset() error {
	for _, table := range recordTables {
		if _, err := t.exec("reset", "DELETE FROM "+table); err != nil {
			return err
		}
	}
	_, err := t.exec("reset", "UPDATE counters SET value = 0")
	return err
}

// notFoundIfNone turns a write that changed no row into store.ErrNotFound.
func notFoundIfNone(n int64, err error, op, key string) error {
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("sqlite: %s %q: %w", op, key, store.ErrNotFound)
	}
	return nil
}
