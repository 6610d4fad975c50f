package awsjson_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"canopy/awsjson"
	"canopy/org"
)

type describeAccountIn struct {
	AccountID string `json:"AccountId"`
}

type describeAccountOut struct {
	Account *org.Account `json:"Account"`
}

type attachPolicyIn struct {
	PolicyID string `json:"PolicyId"`
	TargetID string `json:"TargetId"`
}

type describeOrganizationOut struct {
	Organization *org.Organization `json:"Organization"`
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

const secret = "s3cr3t-internal-detail"

// testOps wires a few operations to fakes that succeed, fail in each way an
// engine can, or panic.
func testOps(m *awsjson.Model) map[string]awsjson.Op {
	return map[string]awsjson.Op{
		"DescribeAccount": awsjson.Bind(m, "DescribeAccount", func(ctx context.Context, in *describeAccountIn) (*describeAccountOut, error) {
			switch in.AccountID {
			case "111111111111":
				return nil, org.Errorf(org.ErrAccountNotFound, "You specified an account that doesn't exist.")
			case "222222222222":
				return nil, errors.New("database exploded: " + secret)
			case "333333333333":
				panic("engine bug: " + secret)
			case "444444444444":
				// A reason on an exception whose shape has none.
				return nil, org.ReasonErrorf(org.ErrAccountNotFound, "BOGUS_REASON", "gone")
			case "555555555555":
				return nil, &org.Error{Code: "NoSuchCodeException", Message: secret}
			case "666666666666":
				return nil, org.Errorf(org.ErrTooManyRequests, "slow down")
			case "777777777777":
				return nil, org.Errorf(org.ErrService, "explicit service error")
			case "888888888888":
				return nil, org.Constraint(org.ReasonAccountNumberLimitExceeded, "too many accounts")
			}
			return &describeAccountOut{Account: &org.Account{ID: in.AccountID, Name: "n", Email: "e@example.com", Status: "ACTIVE"}}, nil
		}),
		"AttachPolicy": awsjson.Bind(m, "AttachPolicy", func(ctx context.Context, in *attachPolicyIn) (*struct{}, error) {
			return &struct{}{}, nil
		}),
		"DescribeOrganization": awsjson.Bind(m, "DescribeOrganization", func(ctx context.Context, _ *struct{}) (*describeOrganizationOut, error) {
			if awsjson.RequestIDFrom(ctx) == "" {
				return nil, errors.New("no request id in context")
			}
			return &describeOrganizationOut{Organization: &org.Organization{ID: "o-abcdefghij", FeatureSet: "ALL"}}, nil
		}),
		"EnableAllFeatures": awsjson.Bind(m, "EnableAllFeatures", func(ctx context.Context, _ *struct{}) (*struct{}, error) {
			return nil, nil // the model has an output shape: "{}"
		}),
	}
}

func newTestHandler(t *testing.T) (http.Handler, *syncBuffer) {
	t.Helper()
	m := model(t)
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return awsjson.NewHandler(m, testOps(m), log), logs
}

type response struct {
	status int
	header http.Header
	body   string
	err    struct {
		Type    string  `json:"__type"`
		Message string  `json:"Message"`
		Reason  *string `json:"Reason"`
	}
}

func call(t *testing.T, h http.Handler, method, target, body string, mod ...func(*http.Request)) response {
	t.Helper()
	r := httptest.NewRequest(method, "/", strings.NewReader(body))
	if target != "" {
		r.Header.Set("X-Amz-Target", target)
	}
	r.Header.Set("Content-Type", "application/x-amz-json-1.1")
	for _, f := range mod {
		f(r)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	res := response{status: w.Code, header: w.Header(), body: w.Body.String()}
	if res.status != http.StatusOK {
		if err := json.Unmarshal(w.Body.Bytes(), &res.err); err != nil {
			t.Fatalf("error body %q is not JSON: %v", res.body, err)
		}
	}
	return res
}

const target = "AWSOrganizationsV20161128."

func TestHandlerErrors(t *testing.T) {
	h, logs := newTestHandler(t)
	cases := []struct {
		name, method, target, body string
		status                     int
		code                       org.Code
		reason                     string
		msg                        string
	}{
		{"GET", "GET", target + "DescribeAccount", "", 405, org.ErrUnknownOperation, "", "POST"},
		{"PUT", "PUT", target + "DescribeAccount", "{}", 405, org.ErrUnknownOperation, "", "not PUT"},
		{"no target", "POST", "", "{}", 400, org.ErrUnknownOperation, "", "X-Amz-Target"},
		{"bare name", "POST", "DescribeAccount", "{}", 400, org.ErrUnknownOperation, "", ""},
		{"wrong prefix", "POST", "AWSOrganizationsV20170101.DescribeAccount", "{}", 400, org.ErrUnknownOperation, "", ""},
		{"unknown op", "POST", target + "DescribeEverything", "{}", 400, org.ErrUnknownOperation, "", ""},
		{"case of op", "POST", target + "describeaccount", "{}", 400, org.ErrUnknownOperation, "", ""},
		{"not implemented", "POST", target + "ListRoots", "{}", 400, org.ErrUnknownOperation, "", "ListRoots is not implemented"},
		{"non-JSON body", "POST", target + "DescribeAccount", "AccountId=1", 400, org.ErrSerialization, "", "not valid JSON"},
		{"array body", "POST", target + "DescribeAccount", "[]", 400, org.ErrSerialization, "", "JSON object"},
		{"type mismatch", "POST", target + "DescribeAccount", `{"AccountId":1}`, 400, org.ErrSerialization, "", "NUMBER_VALUE"},
		{"required", "POST", target + "DescribeAccount", ``, 400, org.ErrInvalidInput, org.ReasonInputRequired, "'accountId'"},
		{"pattern", "POST", target + "DescribeAccount", `{"AccountId":"x"}`, 400, org.ErrInvalidInput, org.ReasonInvalidPattern, "'accountId'"},
		{"engine error", "POST", target + "DescribeAccount", `{"AccountId":"111111111111"}`, 400, org.ErrAccountNotFound, "", "doesn't exist"},
		{"engine reason kept", "POST", target + "DescribeAccount", `{"AccountId":"888888888888"}`, 400, org.ErrConstraintViolation, org.ReasonAccountNumberLimitExceeded, "too many"},
		{"reason stripped", "POST", target + "DescribeAccount", `{"AccountId":"444444444444"}`, 400, org.ErrAccountNotFound, "", "gone"},
		{"throttle", "POST", target + "DescribeAccount", `{"AccountId":"666666666666"}`, 400, org.ErrTooManyRequests, "", "slow down"},
		{"plain error", "POST", target + "DescribeAccount", `{"AccountId":"222222222222"}`, 500, org.ErrService, "", "An internal error occurred"},
		{"panic", "POST", target + "DescribeAccount", `{"AccountId":"333333333333"}`, 500, org.ErrService, "", "An internal error occurred"},
		{"unknown code", "POST", target + "DescribeAccount", `{"AccountId":"555555555555"}`, 500, org.ErrService, "", "An internal error occurred"},
		{"explicit service error", "POST", target + "DescribeAccount", `{"AccountId":"777777777777"}`, 500, org.ErrService, "", "explicit service error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := call(t, h, tc.method, tc.target, tc.body)
			if res.status != tc.status {
				t.Fatalf("status %d, want %d (%s)", res.status, tc.status, res.body)
			}
			if res.err.Type != string(tc.code) || res.header.Get("x-amzn-ErrorType") != string(tc.code) {
				t.Fatalf("__type %q, x-amzn-ErrorType %q, want %s", res.err.Type, res.header.Get("x-amzn-ErrorType"), tc.code)
			}
			if ct := res.header.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
				t.Fatalf("Content-Type %q", ct)
			}
			if !strings.Contains(res.err.Message, tc.msg) {
				t.Fatalf("Message %q does not contain %q", res.err.Message, tc.msg)
			}
			if tc.reason == "" && res.err.Reason != nil {
				t.Fatalf("unexpected Reason %q", *res.err.Reason)
			}
			if tc.reason != "" && (res.err.Reason == nil || *res.err.Reason != tc.reason) {
				t.Fatalf("Reason %v, want %s", res.err.Reason, tc.reason)
			}
			if strings.Contains(res.body, secret) || strings.Contains(res.body, "goroutine") || strings.Contains(res.body, ".go:") {
				t.Fatalf("internal detail on the wire: %s", res.body)
			}
			if res.header.Get("x-amzn-RequestId") == "" {
				t.Fatal("no x-amzn-RequestId")
			}
			if tc.method != "POST" && res.header.Get("Allow") != "POST" {
				t.Fatalf("Allow %q", res.header.Get("Allow"))
			}
			var keys map[string]any
			_ = json.Unmarshal([]byte(res.body), &keys)
			for k := range keys {
				if k != "__type" && k != "Message" && k != "Reason" {
					t.Fatalf("unexpected member %q in %s", k, res.body)
				}
			}
		})
	}
	// The log has what the client was not told, with the request id.
	out := logs.String()
	for _, want := range []string{"engine bug: " + secret, "database exploded", "NoSuchCodeException", "goroutine", `"request_id"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

func TestHandlerPanicIsLoggedWithRequestID(t *testing.T) {
	h, logs := newTestHandler(t)
	res := call(t, h, "POST", target+"DescribeAccount", `{"AccountId":"333333333333"}`, func(r *http.Request) {
		*r = *r.WithContext(awsjson.WithRequestID(r.Context(), "req-from-middleware"))
	})
	if res.status != 500 || res.body != `{"__type":"ServiceException","Message":"An internal error occurred"}` {
		t.Fatalf("%d %s", res.status, res.body)
	}
	if res.header.Get("x-amzn-RequestId") != "req-from-middleware" {
		t.Fatalf("request id header %q", res.header.Get("x-amzn-RequestId"))
	}
	var found bool
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		if rec["msg"] == "awsjson: operation panicked" {
			found = rec["request_id"] == "req-from-middleware" && strings.Contains(rec["panic"].(string), secret) &&
				rec["level"] == "ERROR" && rec["operation"] == "DescribeAccount"
		}
	}
	if !found {
		t.Fatalf("panic not logged with request id: %s", logs.String())
	}
}

func TestHandlerSuccess(t *testing.T) {
	h, _ := newTestHandler(t)

	res := call(t, h, "POST", target+"DescribeAccount", `{"AccountId":"123456789012","Ignored":true}`)
	if res.status != 200 || res.header.Get("Content-Type") != "application/x-amz-json-1.1" {
		t.Fatalf("%d %v", res.status, res.header)
	}
	var out struct{ Account map[string]any }
	if err := json.Unmarshal([]byte(res.body), &out); err != nil || out.Account["Id"] != "123456789012" {
		t.Fatalf("body %s: %v", res.body, err)
	}
	if res.header.Get("x-amzn-ErrorType") != "" {
		t.Fatal("x-amzn-ErrorType on success")
	}
	id := res.header.Get("x-amzn-RequestId")
	if len(id) != 36 || strings.Count(id, "-") != 4 {
		t.Fatalf("generated request id %q", id)
	}
	if res2 := call(t, h, "POST", target+"DescribeAccount", `{"AccountId":"123456789012"}`); res2.header.Get("x-amzn-RequestId") == id {
		t.Fatal("request id reused")
	}

	// No output shape in the model: empty body.
	res = call(t, h, "POST", target+"AttachPolicy", `{"PolicyId":"p-FullAWSAccess","TargetId":"r-abcd"}`)
	if res.status != 200 || res.body != "" || res.header.Get("Content-Length") != "0" {
		t.Fatalf("AttachPolicy: %d %q %v", res.status, res.body, res.header)
	}
	// An operation without input takes an empty body and sees the request id.
	res = call(t, h, "POST", target+"DescribeOrganization", ``)
	if res.status != 200 || !strings.Contains(res.body, `"Id":"o-abcdefghij"`) {
		t.Fatalf("DescribeOrganization: %d %s", res.status, res.body)
	}
	// An output shape and a nil result: an empty object.
	res = call(t, h, "POST", target+"EnableAllFeatures", `{}`)
	if res.status != 200 || res.body != "{}" {
		t.Fatalf("EnableAllFeatures: %d %q", res.status, res.body)
	}
	// A request id the middleware already answered is left alone.
	r := httptest.NewRequest("POST", "/", strings.NewReader(`{}`))
	r.Header.Set("X-Amz-Target", target+"DescribeOrganization")
	w := httptest.NewRecorder()
	w.Header().Set("x-amzn-RequestId", "set-by-middleware")
	h.ServeHTTP(w, r)
	if got := w.Header().Values("x-amzn-RequestId"); len(got) != 1 || got[0] != "set-by-middleware" {
		t.Fatalf("request id header %v", got)
	}
}

func TestHandlerBodyLimit(t *testing.T) {
	h, _ := newTestHandler(t)
	big := `{"AccountId":"123456789012","Pad":"` + strings.Repeat("x", awsjson.MaxBodyBytes) + `"}`
	res := call(t, h, "POST", target+"DescribeAccount", big)
	if res.status != http.StatusRequestEntityTooLarge || res.err.Type != string(org.ErrSerialization) {
		t.Fatalf("%d %s", res.status, res.err.Type)
	}
	// Without a Content-Length the limit holds while reading.
	res = call(t, h, "POST", target+"DescribeAccount", "", func(r *http.Request) {
		r.Body = io.NopCloser(strings.NewReader(big))
		r.ContentLength = -1
	})
	if res.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("streamed: %d", res.status)
	}
	// Just under the limit is served.
	pad := awsjson.MaxBodyBytes - len(`{"AccountId":"123456789012","Pad":""}`)
	res = call(t, h, "POST", target+"DescribeAccount", `{"AccountId":"123456789012","Pad":"`+strings.Repeat("x", pad)+`"}`)
	if res.status != 200 {
		t.Fatalf("at the limit: %d %s", res.status, res.err.Message)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestHandlerBodyReadError(t *testing.T) {
	h, _ := newTestHandler(t)
	res := call(t, h, "POST", target+"DescribeAccount", "", func(r *http.Request) {
		r.Body = io.NopCloser(failingReader{})
	})
	if res.status != 400 || res.err.Type != string(org.ErrSerialization) || strings.Contains(res.body, "reset") {
		t.Fatalf("%d %s", res.status, res.body)
	}
}

func TestNewHandlerRejectsUnknownOperations(t *testing.T) {
	m := model(t)
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	awsjson.NewHandler(m, map[string]awsjson.Op{"Frobnicate": func(context.Context, []byte) (any, error) { return nil, nil }}, nil)
}

// A hand-written Op that returns a value json cannot encode is an internal
// error, not half a response.
func TestHandlerUnencodableOutput(t *testing.T) {
	m := model(t)
	h := awsjson.NewHandler(m, map[string]awsjson.Op{
		"DescribeOrganization": func(context.Context, []byte) (any, error) { return map[string]any{"x": make(chan int)}, nil },
	}, nil)
	res := call(t, h, "POST", target+"DescribeOrganization", "{}")
	if res.status != 500 || res.err.Type != "ServiceException" {
		t.Fatalf("%d %s", res.status, res.body)
	}
}

func TestRequestIDContext(t *testing.T) {
	ctx := context.Background()
	if awsjson.RequestIDFrom(ctx) != "" {
		t.Fatal("id from empty context")
	}
	if got := awsjson.RequestIDFrom(awsjson.WithRequestID(ctx, "abc")); got != "abc" {
		t.Fatalf("got %q", got)
	}
	a, b := awsjson.NewRequestID(), awsjson.NewRequestID()
	if a == b || a[14] != '4' {
		t.Fatalf("%s %s", a, b)
	}
}

func TestHandlerOutputEncoding(t *testing.T) {
	m := model(t)
	var result any
	h := awsjson.NewHandler(m, map[string]awsjson.Op{
		"DescribeOrganization": func(context.Context, []byte) (any, error) { return result, nil },
	}, nil)
	result = &describeOrganizationOut{Organization: &org.Organization{ID: "o-abcdefghij", FeatureSet: "<&>"}}
	if res := call(t, h, "POST", target+"DescribeOrganization", "{}"); !strings.Contains(res.body, `"FeatureSet":"<&>"`) || strings.HasSuffix(res.body, "\n") {
		t.Fatalf("%q", res.body)
	}
	result = (*describeOrganizationOut)(nil)
	if res := call(t, h, "POST", target+"DescribeOrganization", "{}"); res.status != 200 || res.body != "{}" {
		t.Fatalf("typed nil: %d %q", res.status, res.body)
	}
}
