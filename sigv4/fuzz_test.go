package sigv4

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// fuzzAt is the clock of FuzzVerify; its seeds are signed at it.
var fuzzAt = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

// FuzzVerify: any method, target, authentication headers and body give an
// accepted request or an *Error that every protocol can answer, never a
// panic, and leave the body readable from its start.
func FuzzVerify(f *testing.F) {
	body := `{"MaxResults":5}`
	r, _ := http.NewRequest("POST", "https://organizations.us-east-1.amazonaws.com/?x=1", strings.NewReader(body))
	r.Header.Set("X-Amz-Content-Sha256", sha256Hex(body))
	v4.NewSigner().SignHTTP(context.Background(), tempCreds, r, sha256Hex(body), "organizations", "us-east-1", fuzzAt)
	f.Add("POST", "/?x=1", r.Header.Get("Authorization"), r.Header.Get("X-Amz-Date"), tempToken, sha256Hex(body), []byte(body))

	p, _ := http.NewRequest("GET", "https://organizations.us-east-1.amazonaws.com/a%20b?Action=X&X-Amz-Expires=60", nil)
	signed, _, _ := v4.NewSigner().PresignHTTP(context.Background(), longCreds, p, emptySHA256, "organizations", "us-east-1", fuzzAt)
	u, _ := url.Parse(signed)
	f.Add("GET", u.RequestURI(), "", "", "", "", []byte(nil))

	f.Add("GET", "/", "", "", "", "", []byte(nil))
	f.Add("POST", "/", "AWS4-", "", "", "", []byte("x"))
	f.Add("POST", "/", "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00", "20260203T040506Z", "", "UNSIGNED-PAYLOAD", []byte("x"))
	f.Add("PUT", "/?X-Amz-Algorithm&X-Amz-Credential=%zz", ",,==", "x", "t", "", []byte(strings.Repeat("a", 2000)))
	f.Add("GET", "//../%2e%2E/./?&&=&a=%", "AWS4-HMAC-SHA256 ,,, Credential=/////", "20260203T040506Z", "", "", []byte(nil))

	v := &Verifier{Lookup: testKeys(fuzzAt.Add(time.Hour)), Now: func() time.Time { return fuzzAt }, MaxBody: 1024}
	f.Fuzz(func(t *testing.T, method, target, authz, date, token, contentSHA string, body []byte) {
		u, err := url.ParseRequestURI(target)
		if err != nil {
			u = &url.URL{Path: "/", RawQuery: target}
		}
		r := &http.Request{
			Method:        method,
			URL:           u,
			Header:        http.Header{},
			Host:          "organizations.us-east-1.amazonaws.com",
			Body:          io.NopCloser(bytes.NewReader(body)),
			ContentLength: int64(len(body)),
		}
		for k, val := range map[string]string{"Authorization": authz, "X-Amz-Date": date, "X-Amz-Security-Token": token, "X-Amz-Content-Sha256": contentSHA} {
			if val != "" {
				r.Header[k] = []string{val}
			}
		}
		r = r.WithContext(context.Background())
		res, err := v.Verify(r)
		if err == nil {
			if res.Credential.AccessKeyID == "" || len(res.SignedHeaders) == 0 {
				t.Fatalf("accepted with an empty result: %+v", res)
			}
		} else {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("refused with %v, not an *Error", err)
			}
			for _, p := range []Protocol{JSON, Query} {
				w := e.Wire(p)
				if w.Status != 400 && w.Status != 403 && w.Status != 413 || w.Code == "" || w.Message == "" {
					t.Fatalf("%v answered %+v", err, w)
				}
			}
		}
		if got, _ := io.ReadAll(r.Body); !bytes.Equal(got, body) {
			t.Fatalf("body after Verify is %q, want %q", got, body)
		}
	})
}

// FuzzParsePresigned: any query string parses into a presigned
// authentication with every required part, or AWS's refusal; its canonical
// form holds only unreserved characters and escapes.
func FuzzParsePresigned(f *testing.F) {
	f.Add("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20150830%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=abc")
	f.Add("X-Amz-Algorithm")
	f.Add("X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d&X-Amz-SignedHeaders=e&X-Amz-Expires=99999999999999999999")
	f.Add("a=%zz&&=&+=+&%E2%82%AC=%ff")
	f.Fuzz(func(t *testing.T, raw string) {
		pairs := parseQuery(raw)
		p, err := parsePresigned(pairs)
		if err == nil {
			if p.algorithm == "" || p.credential == "" || p.signature == "" || p.signedHeaders == "" || p.date == "" {
				t.Fatalf("accepted %q with empty parts: %+v", raw, p)
			}
			if p.hasExpires && (p.expires < 0 || p.expires > maxPresignExpires) {
				t.Fatalf("accepted X-Amz-Expires %d", p.expires)
			}
		} else if err.Kind != KindIncomplete || err.Message == "" {
			t.Fatalf("refused %q with %v", raw, err)
		}
		for _, c := range []byte(canonicalQuery(pairs, true)) {
			if !keepByte(c, true) && c != '%' && c != '=' && c != '&' {
				t.Fatalf("canonical query of %q has %q", raw, c)
			}
		}
	})
}
