// Package sigv4 reads AWS Signature Version 4 on the server side. Today it
// parses the credential a request names, in the Authorization header or in
// a presigned URL's query; verification of the signature itself belongs here
// too, with the credential lookup and the clock injected.
package sigv4

import (
	"errors"
	"net/http"
	"strings"
)

// Algorithm is the only signing algorithm Signature V4 defines for HMAC.
const Algorithm = "AWS4-HMAC-SHA256"

// Credential is the scope a request was signed for.
type Credential struct {
	AccessKeyID string
	Date        string // yyyymmdd
	Region      string
	Service     string
}

// Authorization is a parsed Signature V4 Authorization header.
type Authorization struct {
	Credential    Credential
	SignedHeaders []string
	Signature     string
}

// ErrMalformed is returned for an Authorization header or query that is not
// Signature V4.
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
func ParseAuthorization(h string) (Authorization, error) {
	var a Authorization
	alg, rest, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || alg != Algorithm {
		return a, ErrMalformed
	}
	var haveCred, haveHeaders, haveSig bool
	for _, field := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(field), "=")
		if !ok {
			return a, ErrMalformed
		}
		switch k {
		case "Credential":
			c, err := ParseCredential(v)
			if err != nil {
				return a, err
			}
			a.Credential, haveCred = c, true
		case "SignedHeaders":
			if v == "" {
				return a, ErrMalformed
			}
			a.SignedHeaders, haveHeaders = strings.Split(v, ";"), true
		case "Signature":
			if v == "" {
				return a, ErrMalformed
			}
			a.Signature, haveSig = v, true
		default:
			return a, ErrMalformed
		}
	}
	if !haveCred || !haveHeaders || !haveSig {
		return a, ErrMalformed
	}
	return a, nil
}

// CredentialOf returns the credential a request names, from its
// Authorization header or, for a presigned request, its X-Amz-Credential
// query parameter; ok is false when it names none.
func CredentialOf(r *http.Request) (c Credential, ok bool, err error) {
	if h := r.Header.Get("Authorization"); h != "" {
		a, err := ParseAuthorization(h)
		return a.Credential, err == nil, err
	}
	if q := r.URL.Query().Get("X-Amz-Credential"); q != "" {
		c, err := ParseCredential(q)
		return c, err == nil, err
	}
	return Credential{}, false, nil
}
