// Package server assembles Canopy: it opens the store, starts the engine,
// and serves the protocol front-ends over HTTP with the middleware every
// request passes through (request IDs, access logs, caller identity).
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"canopy/awsjson"
	"canopy/engine"
	"canopy/org"
	"canopy/store"
	"canopy/store/sqlite"
	"canopy/stsapi"
)

// Config configures a Server.
type Config struct {
	// Listen is the TCP address to listen on; port 0 picks a free port.
	Listen string
	// DataDir holds the database; it is created if missing.
	DataDir string
	// Auth is the authentication mode, AuthDev (the default) or AuthStrict.
	Auth string
	// Engine tunes the engine (quotas, delays, clock).
	Engine engine.Config
	// Logger receives structured logs; a text logger on stderr when nil.
	Logger *slog.Logger
	// Banner receives the first log line, "listening on http://ADDR";
	// stderr when nil.
	Banner io.Writer
}

// Server is a running Canopy.
type Server struct {
	st   store.Store
	eng  *engine.Engine
	ln   net.Listener
	http *http.Server
	log  *slog.Logger
	h    http.Handler
	done chan error

	mu    sync.Mutex
	fresh map[net.Conn]bool // connections that have not sent a request yet
}

// track remembers connections that are open but have never carried a
// request. http.Server.Shutdown waits five seconds before it treats those as
// idle; clients such as the AWS SDKs open them ahead of need.
func (s *Server) track(c net.Conn, state http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if state == http.StateNew {
		s.fresh[c] = true
	} else {
		delete(s.fresh, c)
	}
}

// Open opens the store, starts the engine and binds the listener. Call
// Serve or Start to begin answering, and Close to stop.
func Open(ctx context.Context, cfg Config) (*Server, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if cfg.Auth == "" {
		cfg.Auth = AuthDev
	}
	if cfg.Auth != AuthDev && cfg.Auth != AuthStrict {
		return nil, fmt.Errorf("unknown auth mode %q (want %q or %q)", cfg.Auth, AuthDev, AuthStrict)
	}
	if cfg.Engine.Logger == nil {
		cfg.Engine.Logger = log
	}
	st, err := sqlite.Open(ctx, cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	eng, err := engine.New(ctx, st, cfg.Engine)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("start engine: %w", err)
	}
	now := cfg.Engine.Now
	if now == nil {
		now = time.Now
	}
	h, err := NewHandler(eng, st, log, cfg.Auth, now)
	if err != nil {
		eng.Close()
		st.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		eng.Close()
		st.Close()
		return nil, fmt.Errorf("listen: %w", err)
	}
	banner := cfg.Banner
	if banner == nil {
		banner = os.Stderr
	}
	fmt.Fprintf(banner, "listening on http://%s\n", ln.Addr())
	s := &Server{st: st, eng: eng, ln: ln, log: log, h: h, done: make(chan error, 1), fresh: map[net.Conn]bool{}}
	s.http = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute, ConnState: s.track}
	return s, nil
}

// OpenOffline opens the store in dataDir and an engine over it without a
// background worker, for operator commands that run beside a server using
// the same directory (SQLite lets the processes share it). Call the
// returned function to close both.
func OpenOffline(ctx context.Context, dataDir string) (*engine.Engine, func() error, error) {
	st, err := sqlite.Open(ctx, dataDir)
	if err != nil {
		return nil, nil, fmt.Errorf("open store: %w", err)
	}
	eng, err := engine.New(ctx, st, engine.Config{NoWorker: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		st.Close()
		return nil, nil, fmt.Errorf("start engine: %w", err)
	}
	return eng, func() error { return errors.Join(eng.Close(), st.Close()) }, nil
}

// URL is the base URL clients use, such as http://127.0.0.1:4566.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Engine returns the server's engine.
func (s *Server) Engine() *engine.Engine { return s.eng }

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.h }

// Serve answers requests until Close; it returns nil after Close.
func (s *Server) Serve() error {
	err := s.http.Serve(s.ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Start serves in the background.
func (s *Server) Start() { go func() { s.done <- s.Serve() }() }

// Close stops accepting requests, lets those in flight finish, then stops
// the engine and closes the store.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.mu.Lock()
	for c := range s.fresh {
		c.Close()
	}
	s.mu.Unlock()
	err := s.http.Shutdown(ctx)
	return errors.Join(err, s.eng.Close(), s.st.Close())
}

// pinger is what /healthz needs of the store.
type pinger interface{ Ping(context.Context) error }

// NewHandler returns the HTTP handler over an engine: the AWS JSON
// front-end (Organizations and Canopy's extension, told apart by the
// X-Amz-Target prefix) and the STS Query front-end on /, health, and in
// development mode the reset endpoints. authMode is AuthDev or AuthStrict;
// now is the clock signatures are checked against.
func NewHandler(eng *engine.Engine, health pinger, log *slog.Logger, authMode string, now func() time.Time) (http.Handler, error) {
	auth := newAuthenticator(authMode, eng, now)
	m, err := awsjson.Load()
	if err != nil {
		return nil, err
	}
	api := awsjson.NewHandler(m, Operations(m, eng), log)
	ext, err := extensionHandler(eng, log)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := health.Ping(r.Context()); err != nil {
			log.Error("health check failed", "err", err)
			http.Error(w, "store unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok\n"))
	})
	reset := func(w http.ResponseWriter, r *http.Request) {
		if err := eng.Reset(r.Context()); err != nil {
			log.Error("reset failed", "err", err)
			http.Error(w, "reset failed", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("{}"))
	}
	if !auth.strict {
		// Wiping the store is a development convenience; a production
		// server has no unauthenticated way to do it.
		mux.HandleFunc("POST /moto-api/reset", reset)
		mux.HandleFunc("POST /_canopy/reset", reset)
	}
	sts := stsapi.NewHandler(stsBackend{eng}, log)
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		isSTS := stsapi.IsRequest(r)
		c, ok := auth.authenticate(w, r, isSTS)
		if !ok {
			return
		}
		r = r.WithContext(org.WithCaller(r.Context(), c))
		switch {
		case isSTS:
			sts.ServeHTTP(w, r)
		case strings.HasPrefix(r.Header.Get(awsjson.HeaderTarget), extensionPrefix):
			ext.ServeHTTP(w, r)
		default:
			api.ServeHTTP(w, r)
		}
	}))
	return withRequest(mux, log), nil
}

// withRequest gives every request an ID (echoed as x-amzn-RequestId), the
// caller identity it names, and an access-log line.
func withRequest(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		w.Header().Set("x-amzn-RequestId", id)
		ctx := awsjson.WithRequestID(r.Context(), id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if log.Enabled(ctx, slog.LevelInfo) {
			log.LogAttrs(ctx, slog.LevelInfo, "request",
				slog.String("id", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.String("target", r.Header.Get("X-Amz-Target")), slog.Int("status", rec.status),
				slog.Duration("took", time.Since(start)))
		}
	})
}

// newRequestID returns a random ID in the UUID format AWS uses.
func newRequestID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
