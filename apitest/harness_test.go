package apitest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"

	"canopy/engine"
	"canopy/server"
)

// Accounts used as callers. In development mode a 12-digit access key ID
// acts as that account.
const (
	mgmtID  = "111111111111"
	otherID = "222222222222"
)

// env is one running Canopy and clients for it.
type env struct {
	t   *testing.T
	srv *server.Server
	dir string
}

// option changes the server configuration of a test.
type option func(*server.Config)

func withEngine(f func(*engine.Config)) option {
	return func(c *server.Config) { f(&c.Engine) }
}

// start runs a server on a new store in t.TempDir().
func start(t *testing.T, opts ...option) *env {
	t.Helper()
	return startIn(t, t.TempDir(), opts...)
}

// startIn runs a server on the store in dir.
func startIn(t *testing.T, dir string, opts ...option) *env {
	t.Helper()
	cfg := server.Config{
		Listen:  "127.0.0.1:0",
		DataDir: dir,
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
		Banner:  io.Discard,
	}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := server.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open server: %v", err)
	}
	srv.Start()
	e := &env{t: t, srv: srv, dir: dir}
	t.Cleanup(func() { srv.Close() })
	return e
}

// client returns an Organizations client acting as account.
func (e *env) client(account string) *organizations.Client {
	return e.clientIn(account, "us-east-1")
}

// clientIn returns an Organizations client acting as account, signing for region.
func (e *env) clientIn(account, region string) *organizations.Client {
	cfg := aws.Config{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider(account, "secret", ""),
		// Retries would hide errors the tests assert on.
		RetryMaxAttempts: 1,
	}
	return organizations.NewFromConfig(cfg, func(o *organizations.Options) {
		o.BaseEndpoint = aws.String(e.srv.URL())
	})
}

// ctx returns a context bounded for one test step.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// noErr fails the test on err.
func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// wantErr checks that err is the AWS error code (and, if reason is not
// empty, carries that Reason).
func wantErr(t *testing.T, err error, code, reason string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s %s", code, reason)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("got %v, want API error %s", err, code)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("got %s (%s), want %s", ae.ErrorCode(), ae.ErrorMessage(), code)
	}
	if reason != "" {
		if got := reasonOf(err); got != reason {
			t.Fatalf("got reason %q, want %q (message %q)", got, reason, ae.ErrorMessage())
		}
	}
}

// reasonOf returns the Reason of the typed exceptions that have one.
func reasonOf(err error) string {
	var iie *types.InvalidInputException
	var cve *types.ConstraintViolationException
	var hce *types.HandshakeConstraintViolationException
	switch {
	case errors.As(err, &iie):
		return string(iie.Reason)
	case errors.As(err, &cve):
		return string(cve.Reason)
	case errors.As(err, &hce):
		return string(hce.Reason)
	}
	return ""
}

// org is an organization made for a test, with its management client.
type testOrg struct {
	c      *organizations.Client
	org    *types.Organization
	rootID string
}

// newOrg creates an organization (all features) managed by mgmtID.
func (e *env) newOrg(t *testing.T) *testOrg {
	t.Helper()
	c := e.client(mgmtID)
	out, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetAll})
	noErr(t, err)
	roots, err := c.ListRoots(ctx(t), &organizations.ListRootsInput{})
	noErr(t, err)
	return &testOrg{c: c, org: out.Organization, rootID: *roots.Roots[0].Id}
}

// createAccount creates a member account and waits for it to exist.
func (o *testOrg) createAccount(t *testing.T, name string) string {
	t.Helper()
	out, err := o.c.CreateAccount(ctx(t), &organizations.CreateAccountInput{
		AccountName: aws.String(name), Email: aws.String(name + "@example.com"),
	})
	noErr(t, err)
	st := o.waitCreate(t, *out.CreateAccountStatus.Id)
	if st.State != types.CreateAccountStateSucceeded {
		t.Fatalf("create account %s: got %s %s, want SUCCEEDED", name, st.State, st.FailureReason)
	}
	return *st.AccountId
}

// waitCreate polls a CreateAccount request until it leaves IN_PROGRESS.
func (o *testOrg) waitCreate(t *testing.T, id string) *types.CreateAccountStatus {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		out, err := o.c.DescribeCreateAccountStatus(ctx(t), &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: aws.String(id)})
		noErr(t, err)
		if out.CreateAccountStatus.State != types.CreateAccountStateInProgress {
			return out.CreateAccountStatus
		}
		if time.Now().After(deadline) {
			t.Fatalf("create account request %s still IN_PROGRESS", id)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// createOU creates an OU and returns its ID.
func (o *testOrg) createOU(t *testing.T, parent, name string) string {
	t.Helper()
	out, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(parent), Name: aws.String(name)})
	noErr(t, err)
	return *out.OrganizationalUnit.Id
}
