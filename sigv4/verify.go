package sigv4

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"time"
)

// Defaults of a Verifier's zero fields.
const (
	// DefaultMaxSkew is how far AWS lets a request's time be from its
	// clock.
	DefaultMaxSkew = 15 * time.Minute
	// DefaultMaxBody is how many bytes of body Verify reads to hash.
	DefaultMaxBody = 10 << 20
)

// Key is what the verifier needs to know about an access key.
type Key struct {
	// Secret is the secret access key.
	Secret string
	// SessionToken is set for temporary credentials: the request must
	// carry exactly this token, in the X-Amz-Security-Token header or, for
	// a presigned request, query parameter. A request for a key without
	// one must carry none.
	SessionToken string
	// Expires is when temporary credentials stop being accepted; zero for
	// keys that do not expire.
	Expires time.Time
}

// Lookup returns the key with the given access key ID, or an error
// matching ErrUnknownKey when there is none. Any other error is passed on
// by Verify as a failure of the server, not of the request.
type Lookup func(ctx context.Context, accessKeyID string) (Key, error)

// ErrUnknownKey is what a Lookup returns (wrapped or not) for an access key
// ID it does not know.
var ErrUnknownKey = errors.New("sigv4: unknown access key")

// Verifier checks Signature Version 4 signatures. Its zero fields take
// their defaults; it is safe for concurrent use once set up.
type Verifier struct {
	// Lookup finds access keys. It is required.
	Lookup Lookup
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// MaxSkew is how far the request time may be from Now, either way;
	// DefaultMaxSkew when zero. A presigned request with X-Amz-Expires is
	// instead valid until that many seconds after its request time.
	MaxSkew time.Duration
	// MaxBody is the most bytes of body Verify reads to check the payload
	// hash; DefaultMaxBody when zero. A larger body is refused with
	// KindBodyTooLarge.
	MaxBody int64
}

// Result is what Verify established about a request.
type Result struct {
	// Credential is the signed credential scope. Verify checked its date
	// against the request time; whether its region and service are the
	// ones the request reached is for the caller to check (see
	// WrongRegion, WrongService).
	Credential Credential
	// SessionToken is the session token the request carried, which
	// matched the key's; empty for a long-term key.
	SessionToken string
	// SignedHeaders are the signed header names, as the request listed
	// them.
	SignedHeaders []string
	// Time is the request time the signature covers (X-Amz-Date or Date).
	Time time.Time
	// Presigned is true when the signature came in the query string.
	Presigned bool
	// UnsignedPayload is true when the request declared its payload
	// unsigned (X-Amz-Content-Sha256: UNSIGNED-PAYLOAD): the signature
	// then covers no byte of the body.
	UnsignedPayload bool
}

// request is what either form of authentication names.
type request struct {
	credential    string
	signature     string
	signedHeaders string
	time          time.Time
	token         string
	contentSHA256 string
	presign       bool
	expires       int64 // seconds, when hasExpires
	hasExpires    bool
}

// Verify checks r's Signature V4 authentication, in the Authorization
// header or in the query string of a presigned request, and returns what
// it established. It reads the body to hash it and puts back a reader of
// the same bytes, so the handler can still read it.
//
// A request AWS would refuse gets an *Error (see Kind for the kinds and
// Error.Wire for the answers); a failure of Lookup other than
// ErrUnknownKey, or of reading the body, is returned wrapped as is.
//
// The checks follow AWS's order: presence of authentication, its parts,
// Host among the signed headers, the date formats, the credential scope's
// date and terminator, the clock, the key, the session token, the
// signature, and last the body against X-Amz-Content-Sha256. Beyond AWS,
// the header the request time came from (X-Amz-Date or Date) must be
// signed; X-Amz-Security-Token need not be, since its value is compared
// with the key's whatever the signature covers.
func (v *Verifier) Verify(r *http.Request) (Result, error) {
	if v.Lookup == nil {
		return Result{}, errors.New("sigv4: Verifier.Lookup is nil")
	}
	if r.URL == nil {
		return Result{}, errors.New("sigv4: the request has no URL")
	}
	pairs := parseQuery(r.URL.RawQuery)
	header := strings.TrimSpace(r.Header.Get("Authorization"))
	presign := false
	for _, p := range pairs {
		if p.key == paramAlgorithm {
			presign = true
			break
		}
	}
	var req request
	var err *Error
	switch {
	case presign && header != "":
		return Result{}, newError(KindSignatureMismatch,
			"Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.")
	case presign:
		req, err = fromQuery(r, pairs)
	case strings.HasPrefix(header, "AWS4-"):
		req, err = fromHeader(r, header)
	default:
		return Result{}, &Error{Kind: KindMissing, Message: msgMissingJSON}
	}
	if err != nil {
		return Result{}, err
	}
	return v.verify(r, pairs, &req)
}

// fromHeader reads the authentication of the Authorization header form.
func fromHeader(r *http.Request, header string) (request, *Error) {
	req := request{
		token:         strings.Join(r.Header.Values("X-Amz-Security-Token"), ","),
		contentSHA256: r.Header.Get("X-Amz-Content-Sha256"),
	}
	f, err := splitAuthorization(header)
	if err != nil {
		return req, err
	}
	dateHeader, date := "X-Amz-Date", r.Header.Get("X-Amz-Date")
	if date == "" {
		dateHeader, date = "Date", r.Header.Get("Date")
	}
	if date == "" {
		f.missing = append(f.missing, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	if len(f.missing) > 0 {
		return req, f.incomplete()
	}
	if f.algorithm != Algorithm {
		return req, newError(KindIncomplete, "Unsupported AWS 'algorithm': '%s'.", f.algorithm)
	}
	if !signs(f.signedHeaders, "host") {
		return req, newError(KindSignatureMismatch, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	if !signs(f.signedHeaders, dateHeader) {
		return req, newError(KindSignatureMismatch, "'%s' must be a 'SignedHeader' in the AWS Authorization.", dateHeader)
	}
	if dateHeader == "Date" {
		req.time, err = parseHTTPDate(date)
	} else {
		req.time, err = parseAmzDate(date)
	}
	if err != nil {
		return req, err
	}
	req.credential, req.signature, req.signedHeaders = f.credential, f.signature, f.signedHeaders
	return req, nil
}

// fromQuery reads the authentication of a presigned request.
func fromQuery(r *http.Request, pairs []queryPair) (request, *Error) {
	p, err := parsePresigned(pairs)
	if err != nil {
		return request{}, err
	}
	req := request{
		credential:    p.credential,
		signature:     p.signature,
		signedHeaders: p.signedHeaders,
		token:         p.token,
		contentSHA256: p.contentSHA256,
		presign:       true,
		expires:       p.expires,
		hasExpires:    p.hasExpires,
	}
	if req.token == "" {
		req.token = strings.Join(r.Header.Values("X-Amz-Security-Token"), ",")
	}
	if req.contentSHA256 == "" {
		req.contentSHA256 = r.Header.Get("X-Amz-Content-Sha256")
	}
	if p.algorithm != Algorithm {
		return req, newError(KindIncomplete, "Unsupported AWS 'algorithm': '%s'.", p.algorithm)
	}
	if !signs(p.signedHeaders, "host") {
		return req, newError(KindSignatureMismatch, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	req.time, err = parseAmzDate(p.date)
	return req, err
}

// signs reports whether the ';'-separated list signed names header.
func signs(signed, header string) bool {
	for name := range strings.SplitSeq(signed, ";") {
		if strings.EqualFold(name, header) {
			return true
		}
	}
	return false
}

// verify runs the checks common to both forms.
func (v *Verifier) verify(r *http.Request, pairs []queryPair, req *request) (Result, error) {
	parts, perr := splitCredential(req.credential)
	if perr != nil {
		return Result{}, perr
	}
	amzDate := req.time.Format(timeFormat)
	if parts[1] != amzDate[:8] {
		return Result{}, newError(KindSignatureMismatch,
			"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.",
			parts[1], amzDate[:8], amzDate)
	}
	if parts[4] != "aws4_request" {
		return Result{}, newError(KindSignatureMismatch,
			"Credential should be scoped with a valid terminator: 'aws4_request', not '%s'.", parts[4])
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	t := now().UTC()
	if err := v.checkTime(req, t); err != nil {
		return Result{}, err
	}

	if parts[0] == "" {
		return Result{}, &Error{Kind: KindInvalidToken, Message: msgInvalidToken}
	}
	key, err := v.Lookup(r.Context(), parts[0])
	if errors.Is(err, ErrUnknownKey) || err == nil && key.Secret == "" {
		return Result{}, &Error{Kind: KindInvalidToken, Message: msgInvalidToken}
	}
	if err != nil {
		return Result{}, fmt.Errorf("sigv4: looking up the access key: %w", err)
	}
	if key.SessionToken == "" && req.token != "" ||
		key.SessionToken != "" && subtle.ConstantTimeCompare([]byte(key.SessionToken), []byte(req.token)) != 1 {
		return Result{}, &Error{Kind: KindInvalidToken, Message: msgInvalidToken}
	}
	if !key.Expires.IsZero() && !t.Before(key.Expires) {
		return Result{}, &Error{Kind: KindExpiredToken, Message: msgExpiredToken}
	}

	payload := req.contentSHA256
	var bodyHash string
	if payload != unsignedPayload {
		body, err := v.readBody(r)
		if err != nil {
			return Result{}, err
		}
		bodyHash = hashHex(body)
		if payload == "" {
			payload = bodyHash
		}
	}

	cred := Credential{AccessKeyID: parts[0], Date: parts[1], Region: parts[2], Service: parts[3]}
	if !signatureMatches(r, pairs, req, payload, key.Secret, cred, amzDate) {
		return Result{}, &Error{Kind: KindSignatureMismatch, Message: msgMismatch}
	}
	if bodyHash != "" && !strings.EqualFold(payload, bodyHash) {
		return Result{}, newError(KindSignatureMismatch,
			"The provided 'x-amz-content-sha256' header does not match what was computed.")
	}
	return Result{
		Credential:      cred,
		SessionToken:    req.token,
		SignedHeaders:   strings.Split(req.signedHeaders, ";"),
		Time:            req.time,
		Presigned:       req.presign,
		UnsignedPayload: payload == unsignedPayload,
	}, nil
}

// signatureMatches reports whether req's signature is the one secret makes
// for r under any of the canonical URIs a client may have signed.
func signatureMatches(r *http.Request, pairs []queryPair, req *request, payload, secret string, cred Credential, amzDate string) bool {
	want, err := hex.DecodeString(req.signature)
	if err != nil {
		return false
	}
	c := newCanon(r, pairs, req.presign, req.signedHeaders, payload)
	key := signingKey(secret, cred.Date, cred.Region, cred.Service)
	scope := cred.Scope()
	for _, uri := range canonicalURIs(r.URL) {
		if hmac.Equal(hmacSHA256(key, stringToSign(amzDate, scope, c.request(uri))), want) {
			return true
		}
	}
	return false
}

// checkTime refuses a request whose time is more than MaxSkew from now,
// with AWS's messages, or a presigned request past its X-Amz-Expires.
func (v *Verifier) checkTime(req *request, now time.Time) *Error {
	skew := v.MaxSkew
	if skew <= 0 {
		skew = DefaultMaxSkew
	}
	span := func() string {
		if skew%time.Minute != 0 {
			return fmt.Sprintf("%d sec", skew/time.Second)
		}
		return fmt.Sprintf("%d min", skew/time.Minute)
	}
	now = now.Truncate(time.Second)
	stamp := func(t time.Time) string { return t.Format(timeFormat) }
	if late := now.Add(skew); req.time.After(late) {
		return newError(KindExpired, "Signature not yet current: %s is still later than %s (%s + %s.)",
			stamp(req.time), stamp(late), stamp(now), span())
	}
	if req.hasExpires {
		if now.After(req.time.Add(time.Duration(req.expires) * time.Second)) {
			return newError(KindExpired, "Request has expired")
		}
		return nil
	}
	if early := now.Add(-skew); req.time.Before(early) {
		return newError(KindExpired, "Signature expired: %s is now earlier than %s (%s - %s.)",
			stamp(req.time), stamp(early), stamp(now), span())
	}
	return nil
}

// readBody reads r's body, up to MaxBody bytes, and gives r a body that
// reads the same bytes again.
func (v *Verifier) readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	limit := v.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	orig := r.Body
	body, err := io.ReadAll(io.LimitReader(orig, min(limit, math.MaxInt64-1)+1))
	if err != nil || int64(len(body)) > limit {
		r.Body = readCloser{io.MultiReader(bytes.NewReader(body), orig), orig}
		if err != nil {
			return nil, fmt.Errorf("sigv4: reading the request body: %w", err)
		}
		return nil, newError(KindBodyTooLarge, "The request body exceeds %d bytes", limit)
	}
	r.Body = readCloser{bytes.NewReader(body), orig}
	return body, nil
}

// readCloser reads from Reader and closes the original body.
type readCloser struct {
	io.Reader
	io.Closer
}

// canon is a canonical request but for its URI line.
type canon struct {
	method string
	suffix string // from the newline after the URI to the payload hash
}

// newCanon builds the parts of r's canonical request that do not depend on
// the canonical URI.
func newCanon(r *http.Request, pairs []queryPair, presign bool, signedHeaders, payload string) canon {
	var b strings.Builder
	b.Grow(512)
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(pairs, presign))
	b.WriteByte('\n')
	writeCanonicalHeaders(&b, r, strings.Split(signedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(signedHeaders)
	b.WriteByte('\n')
	b.WriteString(payload)
	return canon{r.Method, b.String()}
}

// request returns the canonical request with the given canonical URI.
func (c canon) request(uri string) []byte {
	b := make([]byte, 0, len(c.method)+1+len(uri)+len(c.suffix))
	b = append(b, c.method...)
	b = append(b, '\n')
	b = append(b, uri...)
	return append(b, c.suffix...)
}
