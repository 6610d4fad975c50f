// Command canopy runs Canopy, a self-hosted AWS Organizations service.
//
//	canopy serve [--listen ADDR] [--data DIR] [--auth dev] ...
//
// Every flag can also be set through the environment variable named in its
// help text; a flag given on the command line wins.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"canopy/engine"
	"canopy/server"
)

// defaultGCPercent is the GOGC the server runs with unless GOGC is set.
// Canopy's live heap is small (the store lives on disk), so letting it grow
// to five times its live size before collecting costs a few megabytes and
// saves about a sixth of the CPU a request takes.
const defaultGCPercent = 400

func main() {
	if _, ok := os.LookupEnv("GOGC"); !ok {
		debug.SetGCPercent(defaultGCPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "canopy:", err)
		}
		os.Exit(2)
	}
}

const usage = `usage: canopy <command> [flags]

commands:
  serve      run the AWS Organizations API server
  simulate   ask a running Canopy whether its SCPs and RCPs allow actions
  accounts   accounts create: add a standalone account with an access key
  keys       keys create: add an access key to an account
`

// Run runs the command line args until ctx is done.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stderr)
	case "simulate":
		return simulate(ctx, args[1:], stdout, stderr)
	case "accounts":
		return accounts(ctx, args[1:], stdout, stderr)
	case "keys":
		return keys(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// authMode settles the authentication mode: development mode is the
// default only where no other machine can reach the server.
func authMode(mode, listen string) (string, error) {
	switch mode {
	case server.AuthDev, server.AuthStrict:
		return mode, nil
	case "":
		if loopback(listen) {
			return server.AuthDev, nil
		}
		return "", fmt.Errorf("--listen %s is reachable from other machines: choose --auth strict (Signature V4 with keys Canopy issued) or, to accept unauthenticated requests anyway, --auth dev", listen)
	}
	return "", fmt.Errorf("--auth: %q is not a mode (want strict or dev)", mode)
}

// loopback reports whether a listen address is on the loopback interface.
func loopback(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// env returns the environment variable key, or def when it is unset.
func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

func envDuration(key string, def time.Duration) time.Duration {
	if v, ok := os.LookupEnv(key); ok {
		if d, err := time.ParseDuration(v); err == nil {
			return d
		}
	}
	return def
}

func envInt(key string, def int) int {
	if v, ok := os.LookupEnv(key); ok {
		var n int
		if _, err := fmt.Sscan(v, &n); err == nil {
			return n
		}
	}
	return def
}

func envBool(key string) bool {
	v := strings.ToLower(os.Getenv(key))
	return v == "1" || v == "true" || v == "yes"
}

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", env("CANOPY_LISTEN", "127.0.0.1:4566"), "address to listen on; port 0 picks a free port (CANOPY_LISTEN)")
	data := fs.String("data", env("CANOPY_DATA", "canopy-data"), "directory that holds the database, created if missing (CANOPY_DATA)")
	auth := fs.String("auth", env("CANOPY_AUTH", ""), "authentication mode: strict requires Signature V4 with keys Canopy issued; dev trusts the access key a request names. Default dev on a loopback address; any other address needs an explicit choice (CANOPY_AUTH)")
	leaveWait := fs.String("leave-wait", env("CANOPY_LEAVE_WAIT", ""), "how long a created account waits before it may leave its organization; default 96h (AWS's four days) with --auth strict, 0 with dev (CANOPY_LEAVE_WAIT)")
	logLevel := fs.String("log-level", env("CANOPY_LOG_LEVEL", "info"), "log level: debug, info, warn or error (CANOPY_LOG_LEVEL)")
	createDelay := fs.Duration("account-creation-delay", envDuration("CANOPY_ACCOUNT_CREATION_DELAY", 0), "how long CreateAccount stays IN_PROGRESS (CANOPY_ACCOUNT_CREATION_DELAY)")
	closeDelay := fs.Duration("account-closure-delay", envDuration("CANOPY_ACCOUNT_CLOSURE_DELAY", 0), "how long a closed account stays PENDING_CLOSURE before SUSPENDED (CANOPY_ACCOUNT_CLOSURE_DELAY)")
	maxAccounts := fs.Int("max-accounts", envInt("CANOPY_MAX_ACCOUNTS", 10000), "accounts an organization may hold (CANOPY_MAX_ACCOUNTS)")
	strictSCP := fs.Bool("strict-scp", envBool("CANOPY_STRICT_SCP"), "validate SCPs with AWS's rules from before the full IAM language of September 2025 (CANOPY_STRICT_SCP)")
	maxOUs := fs.Int("max-ous", envInt("CANOPY_MAX_OUS", 2000), "OUs an organization may hold (CANOPY_MAX_OUS)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(*logLevel))); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	mode, err := authMode(*auth, *listen)
	if err != nil {
		return err
	}
	if mode == server.AuthDev && !loopback(*listen) {
		log.Warn("serving on a non-loopback address without authentication: any client can act as any account", "listen", *listen, "auth", mode)
	}
	wait := time.Duration(0)
	if mode == server.AuthStrict {
		wait = engine.DefaultLeaveWaitPeriod
	}
	if *leaveWait != "" {
		if wait, err = time.ParseDuration(*leaveWait); err != nil || wait < 0 {
			return fmt.Errorf("--leave-wait: %q is not a duration such as 96h or 0s", *leaveWait)
		}
	}
	q := engine.DefaultQuotas()
	q.MaxAccounts, q.MaxOUs = *maxAccounts, *maxOUs
	srv, err := server.Open(ctx, server.Config{
		Listen:  *listen,
		DataDir: *data,
		Auth:    mode,
		Logger:  log,
		Banner:  stderr,
		Engine: engine.Config{
			Quotas:               q,
			AccountCreationDelay: *createDelay,
			AccountClosureDelay:  *closeDelay,
			StrictSCP:            *strictSCP,
			LeaveWaitPeriod:      wait,
		},
	})
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve() }()
	select {
	case err := <-errc:
		srv.Close()
		return err
	case <-ctx.Done():
		log.Info("shutting down")
		return srv.Close()
	}
}
