package sigv4

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// signedRequest returns a JSON request to Organizations signed with creds
// at the time at, as a server receives it.
func signedRequest(t testing.TB, at time.Time, body string) *http.Request {
	t.Helper()
	r := httptest.NewRequest("POST", "https://organizations.us-east-1.amazonaws.com/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-amz-json-1.1")
	r.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128.DescribeOrganization")
	if err := v4.NewSigner().SignHTTP(context.Background(), longCreds, r, sha256Hex(body), "organizations", "us-east-1", at); err != nil {
		t.Fatal(err)
	}
	r.Body = io.NopCloser(strings.NewReader(body))
	return r
}

func TestClockSkew(t *testing.T) {
	tests := []struct {
		signed, now string
		want        string // "" for accepted
	}{
		{"20260101T000000Z", "20260101T001400Z", ""},
		{"20260101T000000Z", "20260101T001500Z", ""},
		{"20260101T001400Z", "20260101T000000Z", ""},
		{"20260101T000000Z", "20260101T002500Z",
			"Signature expired: 20260101T000000Z is now earlier than 20260101T001000Z (20260101T002500Z - 15 min.)"},
		{"20260101T000000Z", "20260101T001600Z",
			"Signature expired: 20260101T000000Z is now earlier than 20260101T000100Z (20260101T001600Z - 15 min.)"},
		{"20260101T003000Z", "20260101T000500Z",
			"Signature not yet current: 20260101T003000Z is still later than 20260101T002000Z (20260101T000500Z + 15 min.)"},
		{"20260101T001600Z", "20260101T000000Z",
			"Signature not yet current: 20260101T001600Z is still later than 20260101T001500Z (20260101T000000Z + 15 min.)"},
	}
	for _, tt := range tests {
		signed, _ := time.Parse(timeFormat, tt.signed)
		now, _ := time.Parse(timeFormat, tt.now)
		_, err := verifierAt(now.Add(500 * time.Millisecond)).Verify(signedRequest(t, signed, "{}"))
		if tt.want == "" {
			if err != nil {
				t.Errorf("signed %s, now %s: %v", tt.signed, tt.now, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Kind != KindExpired || e.Message != tt.want {
			t.Errorf("signed %s, now %s: got %v, want %q", tt.signed, tt.now, err, tt.want)
		}
		if !errors.Is(err, KindExpired) {
			t.Errorf("errors.Is(%v, KindExpired) is false", err)
		}
		w := e.Wire(JSON)
		if w.Status != 400 || w.Code != "InvalidSignatureException" || w.Message != tt.want {
			t.Errorf("JSON wire %+v", w)
		}
		w = e.Wire(Query)
		if w.Status != 403 || w.Code != "SignatureDoesNotMatch" || w.Message != tt.want {
			t.Errorf("Query wire %+v", w)
		}
	}

	// A skew other than the default, in the message too.
	signed, _ := time.Parse(timeFormat, "20260101T000000Z")
	v := verifierAt(signed.Add(6 * time.Minute))
	v.MaxSkew = 5 * time.Minute
	_, err := v.Verify(signedRequest(t, signed, "{}"))
	if want := "Signature expired: 20260101T000000Z is now earlier than 20260101T000100Z (20260101T000600Z - 5 min.)"; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestExpiredToken(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	r := httptest.NewRequest("POST", "https://sts.amazonaws.com/", strings.NewReader("Action=GetCallerIdentity&Version=2011-06-15"))
	if err := v4.NewSigner().SignHTTP(context.Background(), tempCreds, r, sha256Hex("Action=GetCallerIdentity&Version=2011-06-15"), "sts", "us-east-1", at); err != nil {
		t.Fatal(err)
	}
	v := &Verifier{Lookup: testKeys(at.Add(time.Minute)), Now: func() time.Time { return at.Add(time.Minute) }}
	_, err := v.Verify(r)
	if !errors.Is(err, KindExpiredToken) {
		t.Fatalf("got %v, want KindExpiredToken", err)
	}
	var e *Error
	errors.As(err, &e)
	if w := e.Wire(Query); w != (Wire{403, "ExpiredToken", "The security token included in the request is expired"}) {
		t.Errorf("Query wire %+v", w)
	}
	if w := e.Wire(JSON); w != (Wire{400, "ExpiredTokenException", "The security token included in the request is expired"}) {
		t.Errorf("JSON wire %+v", w)
	}
	v.Now = func() time.Time { return at.Add(59 * time.Second) }
	r.Body = io.NopCloser(strings.NewReader("Action=GetCallerIdentity&Version=2011-06-15"))
	if res, err := v.Verify(r); err != nil || res.SessionToken != tempToken {
		t.Errorf("before expiry: %+v, %v", res, err)
	}
}

// TestRefusals checks the kinds and AWS's exact messages for requests
// that are not, or not completely, signed.
func TestRefusals(t *testing.T) {
	at, _ := time.Parse(timeFormat, suiteDate)
	const cred = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"
	const sig = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
	tests := []struct {
		name   string
		target string
		header map[string]string
		kind   Kind
		msg    string
	}{
		{"nothing", "/", nil, KindMissing, "Missing Authentication Token"},
		{"basic auth", "/", map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}, KindMissing, "Missing Authentication Token"},
		{"sigv2", "/", map[string]string{"Authorization": "AWS AKIDEXAMPLE:c2lnbmF0dXJl"}, KindMissing, "Missing Authentication Token"},
		{"credential without algorithm", "/?X-Amz-Credential=" + cred, nil, KindMissing, "Missing Authentication Token"},
		{"AWS4- alone", "/", map[string]string{"Authorization": "AWS4-"}, KindIncomplete,
			"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
				"Authorization header requires 'SignedHeaders' parameter. " +
				"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-"},
		{"space separated, no signed headers", "/", map[string]string{"Authorization": "AWS4- Signature=b Credential=a", "Date": "a"},
			KindIncomplete, "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4- Signature=b Credential=a"},
		{"missing equal sign", "/", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Signature=b,    Credential,    SignedHeaders"},
			KindIncomplete, "'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: " +
				"'AWS4-HMAC-SHA256 Signature=b,    Credential,    SignedHeaders'."},
		{"empty signature", "/", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=" + cred + ", SignedHeaders=host;x-amz-date, Signature=",
			"X-Amz-Date": suiteDate}, KindIncomplete,
			"Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=" + cred + ", SignedHeaders=host;x-amz-date, Signature="},
		{"other algorithm", "/", map[string]string{"Authorization": "AWS4-ECDSA-P256-SHA256 Credential=" + cred + ", SignedHeaders=host;x-amz-date, Signature=" + sig,
			"X-Amz-Date": suiteDate}, KindIncomplete, "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'."},
		{"host not signed", "/", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=" + cred + ", SignedHeaders=x-amz-date, Signature=" + sig,
			"X-Amz-Date": suiteDate}, KindSignatureMismatch, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."},
		{"date not signed", "/", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=" + cred + ", SignedHeaders=host, Signature=" + sig,
			"X-Amz-Date": suiteDate}, KindSignatureMismatch, "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization."},
		{"bad date", "/", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=" + cred + ", SignedHeaders=host;x-amz-date, Signature=" + sig,
			"X-Amz-Date": "2015-08-30T12:36:00Z"}, KindIncomplete,
			"Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"},
		{"short credential", "/", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service, SignedHeaders=host;x-amz-date, Signature=" + sig,
			"X-Amz-Date": suiteDate}, KindIncomplete,
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1/service'"},
		{"credential date", "/", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150831/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + sig,
			"X-Amz-Date": suiteDate}, KindSignatureMismatch,
			"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'."},
		{"terminator", "/", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws5_request, SignedHeaders=host;x-amz-date, Signature=" + sig,
			"X-Amz-Date": suiteDate}, KindSignatureMismatch,
			"Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'."},
		{"bad signature", "/", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=" + cred + ", SignedHeaders=host;x-amz-date, Signature=" + strings.Repeat("0", 64),
			"X-Amz-Date": suiteDate}, KindSignatureMismatch, msgMismatch},
		{"signature not hex", "/", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=" + cred + ", SignedHeaders=host;x-amz-date, Signature=zz",
			"X-Amz-Date": suiteDate}, KindSignatureMismatch, msgMismatch},
		{"unknown key", "/", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=AKIDNOBODY/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + sig,
			"X-Amz-Date": suiteDate}, KindInvalidToken, msgInvalidToken},
		{"empty key", "/", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + sig,
			"X-Amz-Date": suiteDate}, KindInvalidToken, msgInvalidToken},
		{"both forms", "/?X-Amz-Algorithm", map[string]string{"Authorization": "X"}, KindSignatureMismatch,
			"Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."},
		{"empty algorithm query", "/?X-Amz-Algorithm", nil, KindIncomplete,
			"AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include 'X-Amz-Credential'. " +
				"AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. " +
				"AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."},
		{"query without signed headers", "/?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d", nil, KindIncomplete,
			"AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters."},
		{"query other algorithm", "/?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d&X-Amz-SignedHeaders=host", nil,
			KindIncomplete, "Unsupported AWS 'algorithm': 'a'."},
		{"query expires not a number", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d&X-Amz-SignedHeaders=host&X-Amz-Expires=soon",
			nil, KindIncomplete, "X-Amz-Expires should be a number"},
		{"query expires too long", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d&X-Amz-SignedHeaders=host&X-Amz-Expires=604801",
			nil, KindIncomplete, "X-Amz-Expires must be less than a week (in seconds) that is 604800"},
		{"query expires negative", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d&X-Amz-SignedHeaders=host&X-Amz-Expires=-1",
			nil, KindIncomplete, "X-Amz-Expires must be non-negative"},
		{"query host not signed", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d&X-Amz-SignedHeaders=x-amz-date",
			nil, KindSignatureMismatch, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."},
	}
	v := suiteVerifier(at, "")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tt.target, nil)
			r.Host = "example.amazonaws.com"
			for k, val := range tt.header {
				r.Header.Set(k, val)
			}
			_, err := v.Verify(r)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want an *Error", err)
			}
			if e.Kind != tt.kind || e.Message != tt.msg {
				t.Errorf("got %s %q\nwant %s %q", e.Kind, e.Message, tt.kind, tt.msg)
			}
			if !errors.Is(err, tt.kind) || errors.Is(err, ErrMalformed) != (tt.kind == KindIncomplete) {
				t.Errorf("errors.Is(%v, %s) is false, or ErrMalformed disagrees", err, tt.kind)
			}
		})
	}
}

// TestWire checks the table of Error.Wire.
func TestWire(t *testing.T) {
	tests := []struct {
		err         *Error
		json, query Wire
	}{
		{&Error{KindMissing, msgMissingJSON},
			Wire{400, "MissingAuthenticationTokenException", "Missing Authentication Token"},
			Wire{403, "MissingAuthenticationToken", "Request is missing Authentication Token"}},
		{&Error{KindIncomplete, "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=A"},
			Wire{400, "IncompleteSignatureException", "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=A"},
			Wire{400, "IncompleteSignature", "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=A"}},
		{&Error{KindInvalidToken, msgInvalidToken},
			Wire{400, "UnrecognizedClientException", "The security token included in the request is invalid."},
			Wire{403, "InvalidClientTokenId", "The security token included in the request is invalid."}},
		{&Error{KindExpiredToken, msgExpiredToken},
			Wire{400, "ExpiredTokenException", "The security token included in the request is expired"},
			Wire{403, "ExpiredToken", "The security token included in the request is expired"}},
		{&Error{KindSignatureMismatch, msgMismatch},
			Wire{400, "InvalidSignatureException", msgMismatch},
			Wire{403, "SignatureDoesNotMatch", msgMismatch}},
		{&Error{KindExpired, "Request has expired"},
			Wire{400, "InvalidSignatureException", "Request has expired"},
			Wire{403, "SignatureDoesNotMatch", "Request has expired"}},
		{&Error{KindBodyTooLarge, "The request body exceeds 10 bytes"},
			Wire{413, "SerializationException", "The request body exceeds 10 bytes"},
			Wire{413, "RequestEntityTooLarge", "The request body exceeds 10 bytes"}},
		{WrongRegion("mars-east-1"),
			Wire{400, "InvalidSignatureException", "Credential should be scoped to a valid region, not 'mars-east-1'. "},
			Wire{403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region, not 'mars-east-1'. "}},
		{WrongService("s3"),
			Wire{400, "InvalidSignatureException", "Credential should be scoped to correct service: 's3'. "},
			Wire{403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 's3'. "}},
	}
	for _, tt := range tests {
		if got := tt.err.Wire(JSON); got != tt.json {
			t.Errorf("%v JSON: got %+v, want %+v", tt.err, got, tt.json)
		}
		if got := tt.err.Wire(Query); got != tt.query {
			t.Errorf("%v Query: got %+v, want %+v", tt.err, got, tt.query)
		}
	}
	for k := Kind(0); k < 10; k++ {
		_ = (&Error{Kind: k}).Wire(Protocol(k))
		if k.String() == "" || k.Error() == "" {
			t.Errorf("Kind(%d) has no text", k)
		}
	}
}

func TestBody(t *testing.T) {
	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	body := `{"MaxResults":10}`

	// The handler reads the body Verify read.
	r := signedRequest(t, at, body)
	if _, err := verifierAt(at).Verify(r); err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(r.Body); string(got) != body {
		t.Errorf("body after Verify: %q", got)
	}

	// Too large: refused, and the body is still whole for whoever reads it.
	r = signedRequest(t, at, body)
	v := verifierAt(at)
	v.MaxBody = 5
	_, err := v.Verify(r)
	if !errors.Is(err, KindBodyTooLarge) {
		t.Fatalf("got %v, want KindBodyTooLarge", err)
	}
	if got, _ := io.ReadAll(r.Body); string(got) != body {
		t.Errorf("body after a refusal: %q", got)
	}

	// A failing body is a server-side error, not a refusal.
	r = signedRequest(t, at, body)
	r.Body = io.NopCloser(io.MultiReader(strings.NewReader("{"), errReader{}))
	_, err = verifierAt(at).Verify(r)
	var e *Error
	if err == nil || errors.As(err, &e) || !errors.Is(err, errBroken) {
		t.Errorf("got %v, want the read error", err)
	}

	// X-Amz-Content-Sha256 must be the body's hash.
	r = httptest.NewRequest("POST", "https://sts.amazonaws.com/", strings.NewReader("Action=GetCallerIdentity"))
	r.Header.Set("X-Amz-Content-Sha256", sha256Hex("Action=GetSessionToken"))
	if err := v4.NewSigner().SignHTTP(context.Background(), longCreds, r, sha256Hex("Action=GetSessionToken"), "sts", "us-east-1", at); err != nil {
		t.Fatal(err)
	}
	_, err = verifierAt(at).Verify(r)
	if !errors.As(err, &e) || e.Kind != KindSignatureMismatch ||
		e.Message != "The provided 'x-amz-content-sha256' header does not match what was computed." {
		t.Errorf("got %v", err)
	}

	// UNSIGNED-PAYLOAD: accepted without reading the body, and said so.
	r = httptest.NewRequest("POST", "https://sts.amazonaws.com/", strings.NewReader("anything"))
	r.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
	if err := v4.NewSigner().SignHTTP(context.Background(), longCreds, r, "UNSIGNED-PAYLOAD", "sts", "us-east-1", at); err != nil {
		t.Fatal(err)
	}
	res, err := verifierAt(at).Verify(r)
	if err != nil || !res.UnsignedPayload {
		t.Errorf("got %+v, %v", res, err)
	}
}

var errBroken = errors.New("connection reset")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errBroken }

func TestLookupFailure(t *testing.T) {
	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	down := errors.New("database is down")
	v := &Verifier{
		Now:    func() time.Time { return at },
		Lookup: func(context.Context, string) (Key, error) { return Key{}, down },
	}
	_, err := v.Verify(signedRequest(t, at, "{}"))
	var e *Error
	if !errors.Is(err, down) || errors.As(err, &e) {
		t.Errorf("got %v, want the lookup's error", err)
	}
	// A wrapped ErrUnknownKey is an unknown key.
	v.Lookup = func(context.Context, string) (Key, error) { return Key{}, errors.Join(ErrUnknownKey, down) }
	if _, err := v.Verify(signedRequest(t, at, "{}")); !errors.Is(err, KindInvalidToken) {
		t.Errorf("got %v, want KindInvalidToken", err)
	}
	// A key without a secret would let anyone sign for it.
	v.Lookup = func(context.Context, string) (Key, error) { return Key{}, nil }
	if _, err := v.Verify(signedRequest(t, at, "{}")); !errors.Is(err, KindInvalidToken) {
		t.Errorf("empty secret: got %v, want KindInvalidToken", err)
	}
	if _, err := (&Verifier{}).Verify(signedRequest(t, at, "{}")); err == nil {
		t.Error("a Verifier without Lookup verified")
	}
}

// TestDateHeader signs with the Date header instead of X-Amz-Date.
func TestDateHeader(t *testing.T) {
	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	r := httptest.NewRequest("GET", "/?Action=ListUsers&Version=2010-05-08", nil)
	r.Host = "iam.amazonaws.com"
	r.Header.Set("Date", at.Format(http.TimeFormat))
	const signed = "date;host"
	pairs := parseQuery(r.URL.RawQuery)
	creq := newCanon(r, pairs, false, signed, emptySHA256).request("/")
	cred := Credential{longKeyID, "20260501", "us-east-1", "iam"}
	sig := hmacSHA256(signingKey(longSecret, cred.Date, cred.Region, cred.Service), stringToSign(at.Format(timeFormat), cred.Scope(), creq))
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+longKeyID+"/"+cred.Scope()+", SignedHeaders="+signed+", Signature="+hex.EncodeToString(sig))
	res, err := verifierAt(at).Verify(r)
	if err != nil || res.Credential != cred || !res.Time.Equal(at) {
		t.Fatalf("got %+v, %v", res, err)
	}
	r.Header.Set("Date", at.Add(time.Second).Format(http.TimeFormat))
	if _, err := verifierAt(at).Verify(r); !errors.Is(err, KindSignatureMismatch) {
		t.Errorf("changed Date: got %v", err)
	}
}

func TestCanonicalHelpers(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "/",
		"/":                  "/",
		"//":                 "/",
		"/a/b/../c/./d/":     "/a/c/d/",
		"/a/b/..":            "/a",
		"/../../x":           "/x",
		"//example//":        "/example/",
		"/example1/../..":    "/",
		"/a%2F..%2Fb/":       "/a%2F..%2Fb/",
		"/a b/ü/~x":          "/a b/ü/~x",
		"/./example":         "/example",
		"/example/.././x//y": "/x/y",
	} {
		if got := normalizePath(in); got != want {
			t.Errorf("normalizePath(%q) = %q, want %q", in, got, want)
		}
	}
	for _, p := range []string{"/", "/a", "/a/", "/a b/c", "//", "/a//b", "/.", "/./a", "/a/..", "/a/../", "/..a/b.", "/a/.b/"} {
		if isNormal(p) != (normalizePath(p) == p) {
			t.Errorf("isNormal(%q) = %v, but normalizePath gives %q", p, isNormal(p), normalizePath(p))
		}
	}
	for in, want := range map[string]string{
		"":          "",
		"abc-_.~XY": "abc-_.~XY",
		"a b":       "a%20b",
		"a/b":       "a%2Fb",
		"ü+=&%":     "%C3%BC%2B%3D%26%25",
	} {
		if got := uriEncode(in, true); got != want {
			t.Errorf("uriEncode(%q) = %q, want %q", in, got, want)
		}
	}
	pairs := parseQuery("b=2&a=%2F&a=1&c&&d=x+y&e=%zz&X-Amz-Signature=s")
	if got, want := canonicalQuery(pairs, true), "a=%2F&a=1&b=2&c=&d=x%20y&e=%25zz"; got != want {
		t.Errorf("canonicalQuery = %q, want %q", got, want)
	}
	var b strings.Builder
	writeTrimmed(&b, "  a   b \t c  ")
	if b.String() != "a b \t c" {
		t.Errorf("writeTrimmed = %q", b.String())
	}
	if !bytes.Equal(signingKey("k", "d", "r", "s"), signingKey("k", "d", "r", "s")) {
		t.Error("signingKey is not deterministic")
	}
}
