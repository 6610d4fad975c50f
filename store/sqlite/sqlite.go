// Package sqlite is the store.Store that keeps Canopy's records in one SQLite
// database file, through the pure Go driver modernc.org/sqlite so that the
// binary needs no cgo.
//
// The database runs in WAL mode so that readers never wait for the writer.
// Writes go through a single connection, guarded by a Go semaphore and begun
// with BEGIN IMMEDIATE: SQLite allows one writer at a time anyway, and
// queueing writers in Go rather than in SQLite's busy handler makes Update
// serializable without SQLITE_BUSY retries. Reads use a small fixed set of
// connections of their own, opened with query_only, each of which keeps its
// prepared statements for its whole life, because View is on the path of every
// read API call and preparing or sharing statements would dominate its cost.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"canopy/store"
)

// FileName is the name of the database file inside the directory given to
// Open.
const FileName = "canopy.db"

// busyTimeoutMS bounds how long a connection waits for a lock held by another
// process that opened the same file (within this process the semaphore means
// no connection waits on another).
const busyTimeoutMS = 10000

var (
	// ErrReadOnly is returned (wrapped) by the write methods of a Tx given
	// by View.
	ErrReadOnly = errors.New("sqlite: write in a read-only transaction")
	// ErrClosed is returned by every method of a DB after Close.
	ErrClosed = errors.New("sqlite: store closed")
	// errTxDone is returned by a Tx used after its function returned.
	errTxDone = errors.New("sqlite: transaction already finished")
)

var _ store.Store = (*DB)(nil)

// DB is a Canopy store in a SQLite database. It is safe for concurrent use.
type DB struct {
	path     string
	writerDB *sql.DB
	readerDB *sql.DB

	// writer holds the one write connection while no Update has it.
	writer chan *conn
	// readers holds the read connections not in use by a View.
	readers  chan *conn
	nReaders int
	// nOpen counts the read connections made, fewer than nReaders only
	// when Open failed partway.
	nOpen int

	done      chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// conn is one pinned connection and the statements prepared on it. Only the
// transaction that holds it uses it, so the cache needs no lock.
type conn struct {
	db    *sql.DB
	c     *sql.Conn
	stmts map[string]*sql.Stmt
	// broken is set when the connection may be left inside a transaction;
	// it is replaced rather than reused.
	broken bool
	closed bool
}

// Open opens the store in dir, creating the directory and the database file
// canopy.db inside it if they are missing, and brings the schema up to date.
func Open(ctx context.Context, dir string) (*DB, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("sqlite: create directory: %w", err)
	}
	abs, err := filepath.Abs(filepath.Join(dir, FileName))
	if err != nil {
		return nil, fmt.Errorf("sqlite: database path: %w", err)
	}
	db := &DB{
		path:     abs,
		nReaders: max(4, runtime.GOMAXPROCS(0)),
		done:     make(chan struct{}),
	}
	if err := db.open(ctx); err != nil {
		db.closeAll()
		return nil, err
	}
	return db, nil
}

// dsn builds a SQLite URI for path. The per-connection pragmas travel in the
// DSN, not as statements run once, so that a connection database/sql opens
// to replace a broken one gets them too.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS))
	// FULL makes every acknowledged commit survive power loss, as
	// store.Store promises; NORMAL in WAL mode could lose the last ones.
	q.Add("_pragma", "synchronous(FULL)")
	// Foreign keys stay off: the engine owns every rule, including which
	// records may refer to which, and writes them in whatever order an
	// operation needs; DeleteOrganization cascades explicitly.
	q.Add("_pragma", "foreign_keys(0)")
	// 16 MB rather than the default 2 MB per connection: every read
	// connection caches pages separately, and a page cache miss costs a
	// pread and a copy, which at 10,000 accounts doubled the cost of a
	// page of ListAccounts.
	q.Add("_pragma", "cache_size(-16384)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}
	return u.String()
}

func (db *DB) open(ctx context.Context) error {
	var err error
	if db.writerDB, err = sql.Open("sqlite", dsn(db.path, false)); err != nil {
		return fmt.Errorf("sqlite: open %s: %w", db.path, err)
	}
	db.writerDB.SetMaxOpenConns(1)
	db.writerDB.SetMaxIdleConns(1)
	w, err := newConn(ctx, db.writerDB)
	if err != nil {
		return fmt.Errorf("sqlite: open %s: %w", db.path, err)
	}
	db.writer = make(chan *conn, 1)
	db.writer <- w
	if err := setWAL(ctx, w.c); err != nil {
		return err
	}
	if err := checkSynchronousFull(ctx, w.c); err != nil {
		return err
	}
	if err := migrate(ctx, w.c); err != nil {
		return err
	}

	if db.readerDB, err = sql.Open("sqlite", dsn(db.path, true)); err != nil {
		return fmt.Errorf("sqlite: open %s: %w", db.path, err)
	}
	db.readerDB.SetMaxOpenConns(db.nReaders)
	db.readerDB.SetMaxIdleConns(db.nReaders)
	db.readers = make(chan *conn, db.nReaders)
	for range db.nReaders {
		r, err := newConn(ctx, db.readerDB)
		if err != nil {
			return fmt.Errorf("sqlite: open reader: %w", err)
		}
		db.readers <- r
		db.nOpen++
	}
	return nil
}

// setWAL switches the database to WAL mode, which is persistent in the file,
// and checks that it took: SQLite silently keeps the old mode where WAL is
// impossible (for example on some network file systems), and without WAL
// readers would block the writer.
func setWAL(ctx context.Context, c *sql.Conn) error {
	var mode string
	if err := c.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil {
		return fmt.Errorf("sqlite: set journal_mode: %w", err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("sqlite: journal_mode is %q, want wal", mode)
	}
	return nil
}

func checkSynchronousFull(ctx context.Context, c *sql.Conn) error {
	var sync int
	if err := c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		return fmt.Errorf("sqlite: read synchronous: %w", err)
	}
	if sync != 2 {
		return fmt.Errorf("sqlite: synchronous is %d, want 2 (FULL)", sync)
	}
	return nil
}

func newConn(ctx context.Context, db *sql.DB) (*conn, error) {
	c, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return &conn{db: db, c: c, stmts: make(map[string]*sql.Stmt)}, nil
}

// stmt returns query prepared on this connection, preparing it on first use.
func (c *conn) stmt(query string) (*sql.Stmt, error) {
	if s, ok := c.stmts[query]; ok {
		return s, nil
	}
	s, err := c.c.PrepareContext(context.Background(), query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = s
	return s, nil
}

// exec runs a statement that takes no arguments and returns no rows.
func (c *conn) exec(query string) error {
	s, err := c.stmt(query)
	if err != nil {
		return err
	}
	_, err = s.Exec()
	return err
}

// close closes the connection; closing it again does nothing.
func (c *conn) close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	for _, s := range c.stmts {
		s.Close()
	}
	if c.broken {
		// ErrBadConn makes database/sql discard the connection rather than
		// keep it idle, and SQLite, closing it, rolls back whatever
		// transaction it might still be in.
		c.c.Raw(func(any) error { return driver.ErrBadConn })
		return nil
	}
	return c.c.Close()
}

// rollback ends the transaction on c. If ROLLBACK fails the connection's
// state is unknown, so it is marked for replacement.
func (c *conn) rollback() {
	if err := c.exec("ROLLBACK"); err != nil {
		c.broken = true
	}
}

// acquire takes a connection from pool, waiting until one is free, ctx is
// done or the store is closed.
func (db *DB) acquire(ctx context.Context, pool chan *conn) (*conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case c := <-pool:
		select {
		case <-db.done:
			pool <- c
			return nil, ErrClosed
		default:
		}
		if c.broken {
			return db.replace(ctx, pool, c)
		}
		return c, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-db.done:
		return nil, ErrClosed
	}
}

// replace closes a broken connection and opens another in its place; pool
// gets back a (possibly still broken) connection on failure so that its size
// never shrinks.
func (db *DB) replace(ctx context.Context, pool chan *conn, c *conn) (*conn, error) {
	c.close()
	n, err := newConn(ctx, c.db)
	if err != nil {
		pool <- c
		return nil, fmt.Errorf("sqlite: reopen connection: %w", err)
	}
	return n, nil
}

// Update implements store.Store.
func (db *DB) Update(ctx context.Context, fn func(store.Tx) error) error {
	return db.write(ctx, "update", fn)
}

// write runs fn in a write transaction on the writer connection.
func (db *DB) write(ctx context.Context, op string, fn func(store.Tx) error) (err error) {
	c, err := db.acquire(ctx, db.writer)
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", op, err)
	}
	defer func() { db.writer <- c }()
	// IMMEDIATE takes the write lock now, so that a transaction that reads
	// before it writes cannot fail with SQLITE_BUSY halfway if another
	// process holds the database.
	if err := c.exec("BEGIN IMMEDIATE"); err != nil {
		c.broken = true
		return fmt.Errorf("sqlite: %s: begin: %w", op, err)
	}
	t := &tx{c: c, ctx: ctx}
	committed := false
	defer func() {
		t.done = true
		if !committed {
			c.rollback()
		}
	}()
	if err := fn(t); err != nil {
		return err
	}
	// The commit ignores ctx: fn has succeeded, and a cancellation arriving
	// now must not leave the caller unsure whether the writes were kept.
	if err := c.exec("COMMIT"); err != nil {
		return fmt.Errorf("sqlite: %s: commit: %w", op, err)
	}
	committed = true
	return nil
}

// View implements store.Store.
func (db *DB) View(ctx context.Context, fn func(store.Tx) error) error {
	c, err := db.acquire(ctx, db.readers)
	if err != nil {
		return fmt.Errorf("sqlite: view: %w", err)
	}
	defer func() { db.readers <- c }()
	// A deferred transaction on a WAL database takes its snapshot at its
	// first read and keeps it until it ends, without blocking the writer.
	if err := c.exec("BEGIN"); err != nil {
		c.broken = true
		return fmt.Errorf("sqlite: view: begin: %w", err)
	}
	t := &tx{c: c, ctx: ctx, readOnly: true}
	defer func() {
		t.done = true
		c.rollback()
	}()
	return fn(t)
}

// Reset implements store.Store.
func (db *DB) Reset(ctx context.Context) error {
	return db.write(ctx, "reset", func(t store.Tx) error {
		return t.(*tx).reset()
	})
}

// Ping implements store.Store by running a read on a reader connection,
// which also proves that the file is still readable.
func (db *DB) Ping(ctx context.Context) error {
	return db.View(ctx, func(t store.Tx) error {
		_, err := t.(*tx).count("ping", "SELECT count(*) FROM schema_migrations")
		return err
	})
}

// Close implements store.Store. It waits for running transactions to end;
// transactions not yet started fail with ErrClosed.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		close(db.done)
		db.closeErr = db.closeAll()
	})
	return db.closeErr
}

// closeAll takes back every connection and closes them and their pools. It
// also cleans up after a failed Open, where some of them do not exist.
func (db *DB) closeAll() error {
	var errs []error
	for range db.nOpen {
		errs = append(errs, (<-db.readers).close())
	}
	if db.writer != nil {
		errs = append(errs, (<-db.writer).close())
	}
	if db.readerDB != nil {
		errs = append(errs, db.readerDB.Close())
	}
	if db.writerDB != nil {
		errs = append(errs, db.writerDB.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// isConflict reports whether err is SQLite refusing a duplicate primary or
// unique key. It relies on the extended result code, which unlike the
// message text is part of SQLite's stable interface.
func isConflict(err error) bool {
	var se *msqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE:
		return true
	}
	return false
}
