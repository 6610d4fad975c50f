package sigv4

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The keys the client tests sign with.
const (
	longKeyID   = "AKIDCANOPYTEST"
	longSecret  = "canopy/long/secret+KEY0123456789abcdef"
	otherKeyID  = "AKIDCANOPYOTHER"
	otherSecret = "another+secret/for/the/other/key"
	tempKeyID   = "ASIACANOPYTEST"
	tempSecret  = "temporary/secret+KEY0123456789abcdef"
	tempToken   = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/with=padding=="
)

// testKeys looks up the test keys; the temporary one expires at expires.
func testKeys(expires time.Time) Lookup {
	return func(_ context.Context, id string) (Key, error) {
		switch id {
		case longKeyID:
			return Key{Secret: longSecret}, nil
		case otherKeyID:
			return Key{Secret: otherSecret}, nil
		case tempKeyID:
			return Key{Secret: tempSecret, SessionToken: tempToken, Expires: expires}, nil
		case suiteKeyID:
			return Key{Secret: suiteSecret}, nil
		}
		return Key{}, ErrUnknownKey
	}
}

// capture is a request as a server received it, to be replayed (and
// tampered with) after the fact.
type capture struct {
	Method           string
	Host             string
	Path             string // escaped, as on the wire
	RawQuery         string
	Header           http.Header
	Body             []byte
	TransferEncoding []string
}

func captureOf(r *http.Request) (capture, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return capture{}, err
	}
	return capture{
		Method:           r.Method,
		Host:             r.Host,
		Path:             r.URL.EscapedPath(),
		RawQuery:         r.URL.RawQuery,
		Header:           r.Header.Clone(),
		Body:             body,
		TransferEncoding: slices.Clone(r.TransferEncoding),
	}, nil
}

func (c capture) clone() capture {
	c.Header = c.Header.Clone()
	c.Body = slices.Clone(c.Body)
	c.TransferEncoding = slices.Clone(c.TransferEncoding)
	return c
}

// request rebuilds the request the way net/http's server would have parsed
// it.
func (c capture) request(t testing.TB) *http.Request {
	t.Helper()
	target := c.Path
	if c.RawQuery != "" {
		target += "?" + c.RawQuery
	}
	u, err := url.ParseRequestURI(target)
	if err != nil {
		t.Fatalf("replaying %q: %v", target, err)
	}
	r := (&http.Request{
		Method:           c.Method,
		URL:              u,
		RequestURI:       target,
		Proto:            "HTTP/1.1",
		ProtoMajor:       1,
		ProtoMinor:       1,
		Header:           c.Header.Clone(),
		Host:             c.Host,
		Body:             io.NopCloser(bytes.NewReader(c.Body)),
		ContentLength:    int64(len(c.Body)),
		TransferEncoding: slices.Clone(c.TransferEncoding),
	}).WithContext(context.Background())
	if len(c.Body) == 0 {
		r.Body = http.NoBody
	}
	return r
}

// presigned reports whether the capture authenticates in its query.
func (c capture) presigned() bool { return c.param("X-Amz-Algorithm") != "" }

// param returns the first value of the query parameter name.
func (c capture) param(name string) string {
	for _, p := range parseQuery(c.RawQuery) {
		if p.key == name {
			return p.value
		}
	}
	return ""
}

// setParam replaces the value of the query parameter name, or adds it.
func (c *capture) setParam(name, value string) {
	var out []string
	found := false
	for piece := range strings.SplitSeq(c.RawQuery, "&") {
		if piece == "" {
			continue
		}
		k, _, _ := strings.Cut(piece, "=")
		if unescapeQuery(k) == name {
			if found {
				continue
			}
			found = true
			if value == "" {
				continue
			}
			piece = k + "=" + url.QueryEscape(value)
		}
		out = append(out, piece)
	}
	if !found && value != "" {
		out = append(out, url.QueryEscape(name)+"="+url.QueryEscape(value))
	}
	c.RawQuery = strings.Join(out, "&")
}

// authParam returns the Authorization header's parameter name
// (Credential, SignedHeaders, Signature) or the presigned query's.
func (c capture) authParam(name string) string {
	if c.presigned() {
		return c.param("X-Amz-" + name)
	}
	h := c.Header.Get("Authorization")
	i := strings.Index(h, name+"=")
	if i < 0 {
		return ""
	}
	v := h[i+len(name)+1:]
	if j := strings.IndexAny(v, ", "); j >= 0 {
		v = v[:j]
	}
	return v
}

func (c *capture) setAuthParam(name, value string) {
	if c.presigned() {
		c.setParam("X-Amz-"+name, value)
		return
	}
	old := name + "=" + c.authParam(name)
	c.Header.Set("Authorization", strings.Replace(c.Header.Get("Authorization"), old, name+"="+value, 1))
}

// editCredential replaces element i of the credential.
func (c *capture) editCredential(i int, value string) {
	parts := strings.Split(c.authParam("Credential"), "/")
	parts[i] = value
	c.setAuthParam("Credential", strings.Join(parts, "/"))
}

func (c capture) amzDate() string {
	if c.presigned() {
		return c.param("X-Amz-Date")
	}
	return c.Header.Get("X-Amz-Date")
}

func (c *capture) setAmzDate(v string) {
	if c.presigned() {
		c.setParam("X-Amz-Date", v)
		return
	}
	c.Header.Set("X-Amz-Date", v)
}

func (c capture) token() string {
	if c.presigned() {
		return c.param("X-Amz-Security-Token")
	}
	return c.Header.Get("X-Amz-Security-Token")
}

func (c *capture) setToken(v string) {
	if c.presigned() {
		c.setParam("X-Amz-Security-Token", v)
		return
	}
	if v == "" {
		c.Header.Del("X-Amz-Security-Token")
		return
	}
	c.Header.Set("X-Amz-Security-Token", v)
}

// shiftDate moves the request time by d.
func (c *capture) shiftDate(d time.Duration) {
	at, _ := time.Parse(timeFormat, c.amzDate())
	c.setAmzDate(at.Add(d).Format(timeFormat))
}

// signedAt is the request time the capture was signed for.
func (c capture) signedAt(t testing.TB) time.Time {
	t.Helper()
	at, err := time.Parse(timeFormat, c.amzDate())
	if err != nil {
		t.Fatalf("capture has no X-Amz-Date: %v", err)
	}
	return at
}

// recorder is a server that verifies what it receives, keeps it, and
// answers as Organizations (a request with X-Amz-Target) or STS would.
type recorder struct {
	mu       sync.Mutex
	captures []capture
	results  []error
}

func newRecorder(t testing.TB) (*httptest.Server, *recorder) {
	rec := &recorder{}
	v := &Verifier{Lookup: testKeys(time.Now().Add(time.Hour))}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, verr := v.Verify(r)
		c, err := captureOf(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		rec.mu.Lock()
		rec.captures = append(rec.captures, c)
		rec.results = append(rec.results, verr)
		rec.mu.Unlock()
		if r.Header.Get("X-Amz-Target") != "" {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			io.WriteString(w, `{"Organization":{"Id":"o-a1b2c3d4e5","MasterAccountId":"111111111111"}}`)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		io.WriteString(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">`+
			`<GetCallerIdentityResult><Arn>arn:aws:iam::111111111111:user/test</Arn>`+
			`<UserId>AIDAEXAMPLE</UserId><Account>111111111111</Account></GetCallerIdentityResult>`+
			`<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>`+
			`</GetCallerIdentityResponse>`)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

// take returns what the server received since the last take, failing the
// test for each request the server's own Verify refused.
func (rec *recorder) take(t testing.TB) []capture {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for i, err := range rec.results {
		if err != nil {
			c := rec.captures[i]
			t.Errorf("server refused %s %s: %v\nheaders: %v", c.Method, c.Path, err, c.Header)
		}
	}
	cs := rec.captures
	rec.captures, rec.results = nil, nil
	return cs
}

// verifierAt verifies with the test keys at the time now.
func verifierAt(now time.Time) *Verifier {
	return &Verifier{Lookup: testKeys(now.Add(time.Hour)), Now: func() time.Time { return now }}
}

// checkCapture verifies c as received, then checks that changing any part
// the signature covers makes Verify refuse it with the right kind.
func checkCapture(t *testing.T, c capture) {
	t.Helper()
	at := c.signedAt(t)
	v := verifierAt(at.Add(30 * time.Second))
	r := c.request(t)
	res, err := v.Verify(r)
	if err != nil {
		t.Fatalf("Verify %s %s?%s: %v\nheaders: %v", c.Method, c.Path, c.RawQuery, err, c.Header)
	}
	if got, _ := io.ReadAll(r.Body); !bytes.Equal(got, c.Body) {
		t.Errorf("body after Verify is %q, want %q", got, c.Body)
	}
	if res.Presigned != c.presigned() || !res.Time.Equal(at) || res.SessionToken != c.token() {
		t.Errorf("result %+v for a capture presigned=%v at %v with token %q", res, c.presigned(), at, c.token())
	}
	for _, m := range mutations(c, res) {
		t.Run(m.name, func(t *testing.T) {
			d := c.clone()
			m.edit(&d)
			_, err := v.Verify(d.request(t))
			if !errors.Is(err, m.want) {
				t.Errorf("Verify after %s: got %v, want %s", m.name, err, m.want)
			}
		})
	}
}

type mutation struct {
	name string
	edit func(*capture)
	want Kind
}

// mutations lists the changes to c that Verify must notice.
func mutations(c capture, res Result) []mutation {
	ms := []mutation{
		{"method", func(d *capture) {
			d.Method = map[bool]string{true: "PUT", false: "POST"}[d.Method != "PUT"]
		}, KindSignatureMismatch},
		{"path", func(d *capture) { d.Path += "x" }, KindSignatureMismatch},
		{"query added", func(d *capture) { d.setParam("Extra", "1") }, KindSignatureMismatch},
		{"host", func(d *capture) { d.Host = "evil.example.com" }, KindSignatureMismatch},
		{"date a second later", func(d *capture) { d.shiftDate(time.Second) }, KindSignatureMismatch},
		{"date a day later", func(d *capture) { d.shiftDate(24 * time.Hour) }, KindSignatureMismatch},
		{"scope date", func(d *capture) { d.editCredential(1, "20000101") }, KindSignatureMismatch},
		{"scope region", func(d *capture) { d.editCredential(2, "eu-north-9") }, KindSignatureMismatch},
		{"scope service", func(d *capture) { d.editCredential(3, "s3") }, KindSignatureMismatch},
		{"unknown access key", func(d *capture) { d.editCredential(0, "AKIDUNKNOWN") }, KindInvalidToken},
		{"signature", func(d *capture) {
			s := []byte(d.authParam("Signature"))
			s[len(s)-1] = map[bool]byte{true: '1', false: '0'}[s[len(s)-1] == '0']
			d.setAuthParam("Signature", string(s))
		}, KindSignatureMismatch},
	}
	if c.token() == "" {
		ms = append(ms,
			mutation{"other access key", func(d *capture) { d.editCredential(0, otherKeyID) }, KindSignatureMismatch},
			mutation{"temporary access key", func(d *capture) { d.editCredential(0, tempKeyID) }, KindInvalidToken},
			mutation{"session token added", func(d *capture) { d.setToken(tempToken) }, KindInvalidToken},
		)
	} else {
		ms = append(ms,
			mutation{"long-term access key", func(d *capture) { d.editCredential(0, longKeyID) }, KindInvalidToken},
			mutation{"session token removed", func(d *capture) { d.setToken("") }, KindInvalidToken},
			mutation{"session token changed", func(d *capture) { d.setToken(tempToken + "x") }, KindInvalidToken},
		)
	}
	if !res.UnsignedPayload {
		ms = append(ms, mutation{"body", func(d *capture) {
			if len(d.Body) == 0 {
				d.Body = []byte("x")
				return
			}
			d.Body[len(d.Body)-1] ^= 1
		}, KindSignatureMismatch})
	}
	for _, p := range parseQuery(c.RawQuery) {
		if !strings.HasPrefix(p.key, "X-Amz-") {
			ms = append(ms, mutation{"query " + p.key, func(d *capture) { d.setParam(p.key, p.value+"x") }, KindSignatureMismatch})
		}
	}
	for _, h := range res.SignedHeaders {
		switch h {
		case "host", "x-amz-date", "x-amz-security-token":
			continue // covered above
		}
		ms = append(ms,
			mutation{"header " + h, func(d *capture) {
				k := http.CanonicalHeaderKey(h)
				d.Header.Set(k, d.Header.Get(k)+"x")
			}, KindSignatureMismatch},
			mutation{"unsigned " + h, func(d *capture) {
				d.setAuthParam("SignedHeaders", strings.Join(slices.DeleteFunc(slices.Clone(res.SignedHeaders),
					func(s string) bool { return s == h }), ";"))
			}, KindSignatureMismatch})
	}
	return ms
}
