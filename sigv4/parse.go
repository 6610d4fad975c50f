// Package sigv4 verifies AWS Signature Version 4 on the server side: the
// Authorization header form and the presigned query form, with the
// credential lookup and the clock injected (see Verifier). It also parses
// the credential a request names without verifying it (CredentialOf).
//
// Refusals are *Error values whose Kind says which AWS error a protocol
// front end should answer; Error.Wire gives the code, message and status
// for the JSON and Query protocols.
package sigv4

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Algorithm is the only signing algorithm Signature V4 defines for HMAC.
const Algorithm = "AWS4-HMAC-SHA256"

// Names of the presigned query parameters.
const (
	paramAlgorithm     = "X-Amz-Algorithm"
	paramCredential    = "X-Amz-Credential"
	paramSignature     = "X-Amz-Signature"
	paramSignedHeaders = "X-Amz-SignedHeaders"
	paramDate          = "X-Amz-Date"
	paramExpires       = "X-Amz-Expires"
	paramToken         = "X-Amz-Security-Token"
	paramContentSHA256 = "X-Amz-Content-Sha256"
)

// timeFormat is the ISO 8601 basic format of X-Amz-Date.
const timeFormat = "20060102T150405Z"

// maxPresignExpires is the longest X-Amz-Expires AWS accepts: a week.
const maxPresignExpires = 7 * 24 * 60 * 60

// Credential is the scope a request was signed for.
type Credential struct {
	AccessKeyID string
	Date        string // yyyymmdd
	Region      string
	Service     string
}

// Scope returns the credential scope line of the string to sign,
// "yyyymmdd/region/service/aws4_request".
func (c Credential) Scope() string {
	return c.Date + "/" + c.Region + "/" + c.Service + "/aws4_request"
}

// Authorization is a parsed Signature V4 Authorization header.
type Authorization struct {
	Credential    Credential
	SignedHeaders []string
	Signature     string
}

// ErrMalformed is returned for an Authorization header or query that is not
// Signature V4. An *Error of KindIncomplete matches it with errors.Is.
var ErrMalformed = errors.New("sigv4: malformed authorization")

// ParseCredential parses "AKID/yyyymmdd/region/service/aws4_request".
func ParseCredential(s string) (Credential, error) {
	parts := strings.Split(s, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" || parts[0] == "" || len(parts[1]) != 8 {
		return Credential{}, ErrMalformed
	}
	return Credential{AccessKeyID: parts[0], Date: parts[1], Region: parts[2], Service: parts[3]}, nil
}

// ParseAuthorization parses an Authorization header of the form
// "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=a;b, Signature=hex".
// It is stricter than Verify, which follows AWS in ignoring parameters it
// does not know: here any other parameter is an error. Every error matches
// ErrMalformed.
func ParseAuthorization(h string) (Authorization, error) {
	var a Authorization
	f, err := splitAuthorization(h)
	if err != nil {
		return a, err
	}
	if f.algorithm != Algorithm || f.unknown || len(f.missing) > 0 {
		return a, ErrMalformed
	}
	c, cerr := ParseCredential(f.credential)
	if cerr != nil {
		return a, cerr
	}
	return Authorization{Credential: c, SignedHeaders: strings.Split(f.signedHeaders, ";"), Signature: f.signature}, nil
}

// CredentialOf returns the credential a request names, from its
// Authorization header or, for a presigned request, its X-Amz-Credential
// query parameter; ok is false when it names none. It does not verify
// anything.
func CredentialOf(r *http.Request) (c Credential, ok bool, err error) {
	if h := r.Header.Get("Authorization"); h != "" {
		a, err := ParseAuthorization(h)
		return a.Credential, err == nil, err
	}
	if q := r.URL.Query().Get(paramCredential); q != "" {
		c, err := ParseCredential(q)
		return c, err == nil, err
	}
	return Credential{}, false, nil
}

// authFields are the parameters of an Authorization header, read the way
// AWS reads them: the algorithm is the text before the first space or
// comma; the rest is key=value parameters separated by commas or spaces,
// the last of a repeated key winning.
type authFields struct {
	header        string // the trimmed header, as AWS quotes it back
	algorithm     string
	credential    string
	signedHeaders string
	signature     string
	unknown       bool     // a parameter other than the three
	missing       []string // AWS's sentences for the absent or empty ones
}

func splitAuthorization(h string) (authFields, *Error) {
	h = strings.TrimSpace(h)
	f := authFields{header: h}
	end := strings.IndexAny(h, " ,")
	if end < 0 {
		end = len(h)
	}
	f.algorithm = h[:end]
	for tok := range strings.FieldsFuncSeq(h[end:], isAuthSeparator) {
		k, v, ok := strings.Cut(tok, "=")
		if !ok {
			return f, newError(KindIncomplete,
				"'%s' not a valid key=value pair (missing equal-sign) in Authorization header: '%s'.", tok, h)
		}
		switch k {
		case "Credential":
			f.credential = v
		case "SignedHeaders":
			f.signedHeaders = v
		case "Signature":
			f.signature = v
		default:
			f.unknown = true
		}
	}
	if f.credential == "" {
		f.missing = append(f.missing, "Authorization header requires 'Credential' parameter.")
	}
	if f.signature == "" {
		f.missing = append(f.missing, "Authorization header requires 'Signature' parameter.")
	}
	if f.signedHeaders == "" {
		f.missing = append(f.missing, "Authorization header requires 'SignedHeaders' parameter.")
	}
	return f, nil
}

func isAuthSeparator(r rune) bool { return r == ',' || r == ' ' }

// incomplete returns AWS's refusal of a header that lacks parts.
func (f *authFields) incomplete() *Error {
	return &Error{KindIncomplete, strings.Join(f.missing, " ") + " Authorization=" + f.header}
}

// splitCredential splits a credential into its five slash-separated
// elements, with AWS's refusal when there are not five.
func splitCredential(s string) ([5]string, *Error) {
	var parts [5]string
	n := 0
	for p := range strings.SplitSeq(s, "/") {
		if n == len(parts) {
			n++
			break
		}
		parts[n] = p
		n++
	}
	if n != len(parts) {
		return parts, newError(KindIncomplete,
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '%s'", s)
	}
	return parts, nil
}

// presigned is the authentication of a presigned request, from its query.
type presigned struct {
	algorithm     string
	credential    string
	signature     string
	signedHeaders string
	date          string
	expires       int64 // seconds, when hasExpires
	hasExpires    bool
	token         string
	contentSHA256 string
}

// parsePresigned reads the X-Amz-* parameters of a presigned request from
// its query pairs, the first of a repeated parameter winning, with AWS's
// refusals for absent ones. X-Amz-Expires, when present, must be a whole
// number of seconds from 0 to a week.
func parsePresigned(pairs []queryPair) (presigned, *Error) {
	var p presigned
	var seen [8]bool
	targets := [8]*string{&p.algorithm, &p.credential, &p.signature, &p.signedHeaders, &p.date, nil, &p.token, &p.contentSHA256}
	names := [8]string{paramAlgorithm, paramCredential, paramSignature, paramSignedHeaders, paramDate, paramExpires, paramToken, paramContentSHA256}
	var expires string
	targets[5] = &expires
	for _, q := range pairs {
		for i, name := range names {
			if q.key == name && !seen[i] {
				seen[i] = true
				*targets[i] = q.value
			}
		}
	}
	var missing []string
	for i, v := range targets[:5] {
		if *v == "" {
			missing = append(missing, "AWS query-string parameters must include '"+names[i]+"'.")
		}
	}
	if len(missing) > 0 {
		return p, &Error{KindIncomplete, strings.Join(missing, " ") + " Re-examine the query-string parameters."}
	}
	if seen[5] {
		n, err := strconv.ParseInt(expires, 10, 64)
		switch {
		case err != nil && !isDigits(expires):
			return p, newError(KindIncomplete, "X-Amz-Expires should be a number")
		case err != nil || n > maxPresignExpires:
			return p, newError(KindIncomplete, "X-Amz-Expires must be less than a week (in seconds) that is %d", maxPresignExpires)
		case n < 0:
			return p, newError(KindIncomplete, "X-Amz-Expires must be non-negative")
		}
		p.expires, p.hasExpires = n, true
	}
	return p, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseAmzDate parses an X-Amz-Date value, with AWS's refusal.
func parseAmzDate(s string) (time.Time, *Error) {
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return t, newError(KindIncomplete,
			"Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601", s)
	}
	return t, nil
}

// parseHTTPDate parses a Date header: the HTTP formats, or X-Amz-Date's.
func parseHTTPDate(s string) (time.Time, *Error) {
	if t, err := http.ParseTime(s); err == nil {
		return t.UTC(), nil
	}
	return parseAmzDate(s)
}
