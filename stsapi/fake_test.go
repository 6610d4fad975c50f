package stsapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"canopy/stsapi"
)

// The tests' Backend: a few lines of in-memory behaviour, enough to drive
// every path of the protocol layer. The session name picks an error.

const (
	testAccount = "123456789012"
	testCaller  = "arn:aws:iam::123456789012:user/alice"
)

// issued is the moment the fake's sessions start.
var issued = time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC)

type fakeBackend struct {
	mu        sync.Mutex
	last      *stsapi.AssumeRoleInput
	bySession map[string]*stsapi.AssumeRoleInput
	n         int
}

func (b *fakeBackend) GetCallerIdentity(context.Context) (*stsapi.CallerIdentity, error) {
	return &stsapi.CallerIdentity{Arn: testCaller, UserID: "AIDAEXAMPLEUSERID0001", Account: testAccount}, nil
}

func (b *fakeBackend) AssumeRole(_ context.Context, in *stsapi.AssumeRoleInput) (*stsapi.AssumeRoleOutput, error) {
	b.mu.Lock()
	cp := *in
	b.last = &cp
	if b.bySession == nil {
		b.bySession = map[string]*stsapi.AssumeRoleInput{}
	}
	b.bySession[in.RoleSessionName] = &cp
	b.n++
	b.mu.Unlock()

	switch in.RoleSessionName {
	case "denied":
		return nil, stsapi.NewError(stsapi.CodeAccessDenied,
			"User: "+testCaller+" is not authorized to perform: sts:AssumeRole on resource: "+in.RoleArn)
	case "wrapped":
		return nil, fmt.Errorf("engine: %w", stsapi.NewError(stsapi.CodeAccessDenied, "wrapped denial"))
	case "region-disabled":
		return nil, stsapi.NewError(stsapi.CodeRegionDisabled, "STS is not activated in this region.")
	case "bad-policy":
		return nil, stsapi.NewError(stsapi.CodeMalformedPolicyDocument, "The policy is not in the valid JSON format.")
	case "too-large":
		return nil, stsapi.NewError(stsapi.CodePackedPolicyTooLarge, "Packed size of session tags consumes 142% of allotted space.")
	case "expired":
		return nil, stsapi.NewError(stsapi.CodeExpiredToken, "The security token included in the request is expired")
	case "max-duration":
		return nil, stsapi.NewError(stsapi.CodeValidationError, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	case "throttled":
		return nil, &stsapi.Error{Status: 400, Code: stsapi.CodeThrottling, Message: "Rate exceeded"}
	case "receiver":
		return nil, &stsapi.Error{Status: 503, Code: stsapi.CodeServiceUnavailable}
	case "boom":
		return nil, fmt.Errorf("database is on fire")
	case "no-code":
		return nil, &stsapi.Error{Status: 403, Message: "secret detail"}
	case "bad-status":
		return nil, &stsapi.Error{Status: 200, Code: "Odd", Message: "secret detail"}
	case "nil-output":
		return nil, nil
	case "panic":
		panic("secret detail")
	}
	role := in.RoleArn[strings.LastIndex(in.RoleArn, "/")+1:]
	out := &stsapi.AssumeRoleOutput{
		Credentials: stsapi.Credentials{
			AccessKeyID:     "ASIAEXAMPLEKEY000001",
			SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			SessionToken:    "FwoGZXIvYXdzEXAMPLETOKEN+/=",
			Expiration:      issued.Add(time.Duration(in.DurationSeconds) * time.Second),
		},
		AssumedRoleUser: stsapi.AssumedRoleUser{
			AssumedRoleID: "AROAEXAMPLEROLEID0001:" + in.RoleSessionName,
			Arn:           "arn:aws:sts::" + testAccount + ":assumed-role/" + role + "/" + in.RoleSessionName,
		},
		SourceIdentity: in.SourceIdentity,
	}
	if in.Policy != "" || len(in.PolicyArns) > 0 || len(in.Tags) > 0 {
		size := int32(len(in.Policy)/20 + len(in.PolicyArns) + len(in.Tags))
		out.PackedPolicySize = &size
	}
	return out, nil
}

// input returns what the last AssumeRole with the session name received.
func (b *fakeBackend) input(session string) *stsapi.AssumeRoleInput {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bySession[session]
}

func (b *fakeBackend) lastInput() (*stsapi.AssumeRoleInput, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.last, b.n
}

// withRequestID stands in for the server's middleware, which names each
// request before the handler runs.
func withRequestID(id string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-amzn-RequestId", id)
		next.ServeHTTP(w, r)
	})
}

// logBuffer is a concurrency-safe sink for the handler's log.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func newLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// testServer runs the handler behind an httptest.Server.
func testServer(t *testing.T) (*httptest.Server, *fakeBackend, *logBuffer) {
	t.Helper()
	b := &fakeBackend{}
	logs := &logBuffer{}
	srv := httptest.NewServer(stsapi.NewHandler(b, newLogger(logs)))
	t.Cleanup(srv.Close)
	return srv, b, logs
}

// response is a recorded answer.
type response struct {
	status int
	header http.Header
	body   string
}

// post sends a form body to h directly.
func post(h http.Handler, body string) response {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	return serve(h, r)
}

func serve(h http.Handler, r *http.Request) response {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return response{status: w.Code, header: w.Header(), body: w.Body.String()}
}

// encode builds a form body from name/value pairs, keeping their order
// (url.Values would sort them and merge repeats).
func encode(pairs ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(pairs[i]) + "=" + url.QueryEscape(pairs[i+1]))
	}
	return b.String()
}
