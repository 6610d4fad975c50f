package sigv4

import (
	"bufio"
	"context"
	"encoding/hex"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The AWS Signature Version 4 test suite's credentials, scope and time.
const (
	suiteKeyID   = "AKIDEXAMPLE"
	suiteSecret  = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	suiteRegion  = "us-east-1"
	suiteService = "service"
	suiteDate    = "20150830T123600Z"
	suiteToken   = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
)

// suiteRequest is a request of the test suite as its .req and .sreq files
// write it: a request line whose target shows the path unencoded, header
// lines (a line starting with white space is one more value of the header
// above it, the suite's reading of a folded header), a blank line and the
// body.
type suiteRequest struct {
	method, path, query string
	header              http.Header
	host                string
	body                string
}

func parseSuiteRequest(t *testing.T, text string) suiteRequest {
	t.Helper()
	head, body, _ := strings.Cut(text, "\n\n")
	sc := bufio.NewScanner(strings.NewReader(head))
	if !sc.Scan() {
		t.Fatal("empty request")
	}
	line := sc.Text()
	method, rest, ok := strings.Cut(line, " ")
	i := strings.LastIndex(rest, " HTTP/")
	if !ok || i < 0 {
		t.Fatalf("bad request line %q", line)
	}
	target := rest[:i]
	path, query, _ := strings.Cut(target, "?")
	req := suiteRequest{method: method, path: path, query: query, header: http.Header{}, body: body}
	var last string
	for sc.Scan() {
		line := sc.Text()
		if line != "" && (line[0] == ' ' || line[0] == '\t') {
			req.header[last] = append(req.header[last], line)
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("bad header line %q", line)
		}
		last = http.CanonicalHeaderKey(k)
		req.header[last] = append(req.header[last], v)
	}
	req.host = strings.TrimSpace(req.header.Get("Host"))
	delete(req.header, "Host")
	return req
}

// httpRequest builds the request a server would see: Host moved to the
// Host field, the path as the client would have escaped it.
func (s suiteRequest) httpRequest() *http.Request {
	r := &http.Request{
		Method:        s.method,
		URL:           &url.URL{Path: s.path, RawQuery: s.query},
		Header:        s.header.Clone(),
		Host:          s.host,
		Body:          http.NoBody,
		ContentLength: int64(len(s.body)),
	}
	if s.body != "" {
		r.Body = readCloser{strings.NewReader(s.body), http.NoBody}
	}
	return r.WithContext(context.Background())
}

func TestAWSTestSuite(t *testing.T) {
	root := filepath.Join("testdata", "aws-sig-v4-test-suite")
	var cases []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".sreq") {
			cases = append(cases, strings.TrimSuffix(path, ".sreq"))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 20 {
		t.Fatalf("found %d suite cases, want the whole suite", len(cases))
	}
	at, _ := time.Parse(timeFormat, suiteDate)
	for _, base := range cases {
		name := filepath.Base(base)
		t.Run(name, func(t *testing.T) {
			sreq := parseSuiteRequest(t, readFile(t, base+".sreq"))
			want := strings.TrimSpace(sreq.header.Get("Authorization"))
			delete(sreq.header, "Authorization")
			if authz, ok := readOptional(t, base+".authz"); ok && authz != want {
				t.Fatalf(".authz %q differs from the .sreq's Authorization %q", authz, want)
			}
			unsigned := sreq
			if strings.Contains(name, "header-after") {
				// The token is added after signing.
				unsigned.header = sreq.header.Clone()
				delete(unsigned.header, "X-Amz-Security-Token")
			}
			if text, ok := readOptional(t, base+".req"); ok {
				req := parseSuiteRequest(t, text)
				if !equalRequests(req, unsigned) {
					t.Fatalf(".req and .sreq (without Authorization) differ:\n%+v\n%+v", req, unsigned)
				}
			}

			// Sign as the suite does: every header, the path normalized
			// and encoded once.
			var signed []string
			for k := range unsigned.header {
				signed = append(signed, strings.ToLower(k))
			}
			signed = append(signed, "host")
			slices.Sort(signed)
			r := unsigned.httpRequest()
			c := newCanon(r, parseQuery(r.URL.RawQuery), false, strings.Join(signed, ";"), hashHex([]byte(unsigned.body)))
			creq := string(c.request(uriEncode(normalizePath(r.URL.Path), false)))
			if text, ok := readOptional(t, base+".creq"); ok && creq != text {
				t.Errorf("canonical request:\n%s\nwant:\n%s", creq, text)
			}
			scope := Credential{Date: suiteDate[:8], Region: suiteRegion, Service: suiteService}.Scope()
			sts := stringToSign(suiteDate, scope, []byte(creq))
			if text, ok := readOptional(t, base+".sts"); ok && sts != text {
				t.Errorf("string to sign:\n%s\nwant:\n%s", sts, text)
			}
			sig := hmacSHA256(signingKey(suiteSecret, suiteDate[:8], suiteRegion, suiteService), sts)
			authz := Algorithm + " Credential=" + suiteKeyID + "/" + scope + ", SignedHeaders=" + strings.Join(signed, ";") +
				", Signature=" + hex.EncodeToString(sig)
			if authz != want {
				t.Errorf("authorization:\n%s\nwant:\n%s", authz, want)
			}

			// Verify accepts the signed request.
			v := suiteVerifier(at, sreq.header.Get("X-Amz-Security-Token"))
			sr := sreq.httpRequest()
			sr.Header.Set("Authorization", want)
			res, err := v.Verify(sr)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if res.Credential != (Credential{suiteKeyID, suiteDate[:8], suiteRegion, suiteService}) || !res.Time.Equal(at) {
				t.Errorf("result %+v", res)
			}
		})
	}
}

// suiteVerifier knows the suite's key, as a temporary key with token when
// token is not empty.
func suiteVerifier(now time.Time, token string) *Verifier {
	return &Verifier{
		Now: func() time.Time { return now },
		Lookup: func(_ context.Context, id string) (Key, error) {
			if id != suiteKeyID {
				return Key{}, ErrUnknownKey
			}
			return Key{Secret: suiteSecret, SessionToken: token}, nil
		},
	}
}

func equalRequests(a, b suiteRequest) bool {
	if a.method != b.method || a.path != b.path || a.query != b.query || a.host != b.host || a.body != b.body {
		return false
	}
	if len(a.header) != len(b.header) {
		return false
	}
	for k, v := range a.header {
		if !slices.Equal(v, b.header[k]) {
			return false
		}
	}
	return true
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func readOptional(t *testing.T, path string) (string, bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return "", false
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b), true
}
