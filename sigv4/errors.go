package sigv4

import (
	"fmt"
	"net/http"
)

// Kind classifies why Verify refused a request. A Kind is itself an error,
// so callers can test a returned error with errors.Is(err, sigv4.KindExpired);
// errors.As with an *Error gives the message as well.
type Kind uint8

// The kinds of refusal. The table under Error.Wire gives, for each, the
// code, message and status AWS answers with.
const (
	// KindMissing: the request carries no Signature V4 authentication at
	// all: no Authorization header starting "AWS4-", and no X-Amz-Algorithm
	// query parameter.
	KindMissing Kind = iota + 1
	// KindIncomplete: the Authorization header or the presigned query lacks
	// a part (Credential, Signature, SignedHeaders, a date), names another
	// algorithm, or has a part that does not parse.
	KindIncomplete
	// KindInvalidToken: the access key is unknown, or the session token the
	// request carries is not the one issued with the key (absent for a
	// temporary key, present for a long-term one, or different).
	KindInvalidToken
	// KindExpiredToken: the key is temporary and past its expiry.
	KindExpiredToken
	// KindSignatureMismatch: the signature does not match the request, or
	// the request is signed in a way AWS refuses with the same code (the
	// credential date is not the request's day, Host is not signed, both
	// header and query authentication are present, the body does not match
	// X-Amz-Content-Sha256).
	KindSignatureMismatch
	// KindExpired: the request time is further than the allowed skew from
	// the server's clock, or a presigned request is past its X-Amz-Expires.
	KindExpired
	// KindBodyTooLarge: the body is larger than Verifier.MaxBody, so its
	// hash could not be checked.
	KindBodyTooLarge
)

var kindNames = [...]string{
	KindMissing:           "missing authentication",
	KindIncomplete:        "incomplete signature",
	KindInvalidToken:      "invalid client token",
	KindExpiredToken:      "expired token",
	KindSignatureMismatch: "signature does not match",
	KindExpired:           "signature expired",
	KindBodyTooLarge:      "body too large",
}

// String returns a short lower-case description of k.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("sigv4.Kind(%d)", uint8(k))
}

// Error makes a Kind usable as an errors.Is target.
func (k Kind) Error() string { return "sigv4: " + k.String() }

// Error is a refusal by Verify. Message is the text AWS sends for it: it
// names parts of the request (the Authorization header, dates, the scope)
// but never a secret.
type Error struct {
	Kind    Kind
	Message string
}

func (e *Error) Error() string { return "sigv4: " + e.Kind.String() + ": " + e.Message }

// Is reports whether target is e's Kind, or ErrMalformed for an
// incomplete signature.
func (e *Error) Is(target error) bool {
	switch t := target.(type) {
	case Kind:
		return t == e.Kind
	default:
		return target == ErrMalformed && e.Kind == KindIncomplete
	}
}

// Protocol is an AWS wire protocol, whose front end answers an
// authentication failure with its own code and status.
type Protocol uint8

const (
	// JSON is the awsJson1_0 and awsJson1_1 protocols, as Organizations
	// speaks. A front end writes Code as the error's __type.
	JSON Protocol = iota + 1
	// Query is the awsQuery protocol, as STS speaks. A front end writes
	// Code in an ErrorResponse with Type Sender.
	Query
)

// Wire is what a protocol front end answers for an Error.
type Wire struct {
	Status  int
	Code    string
	Message string
}

// AWS's fixed messages. Others are built from the request.
const (
	msgMissingJSON  = "Missing Authentication Token"
	msgMissingQuery = "Request is missing Authentication Token"
	msgInvalidToken = "The security token included in the request is invalid."
	msgExpiredToken = "The security token included in the request is expired"
	msgMismatch     = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)

// Wire returns the status, code and message protocol p answers e with:
//
//	Kind                JSON (Organizations)                          Query (STS)
//	KindMissing         400 MissingAuthenticationTokenException       403 MissingAuthenticationToken
//	                        "Missing Authentication Token"                "Request is missing Authentication Token"
//	KindIncomplete      400 IncompleteSignatureException   Message    400 IncompleteSignature     Message
//	KindInvalidToken    400 UnrecognizedClientException               403 InvalidClientTokenId
//	                        "The security token included in the request is invalid."  (both)
//	KindExpiredToken    400 ExpiredTokenException                     403 ExpiredToken
//	                        "The security token included in the request is expired"   (both)
//	KindSignatureMismatch, KindExpired
//	                    400 InvalidSignatureException      Message    403 SignatureDoesNotMatch   Message
//	KindBodyTooLarge    413 SerializationException         Message    413 RequestEntityTooLarge   Message
//
// Sources, all observed responses of AWS services rather than the
// per-service "Common Errors" pages (which list 403 for every one of these,
// and which JSON services do not follow):
//   - JSON 1.1 missing token, 400 "Missing Authentication Token": Kinesis
//     as modelled by kinesalite (https://github.com/mhart/kinesalite,
//     test/connection.js). DynamoDB (JSON 1.0) says "Request is missing
//     Authentication Token" instead.
//   - The incomplete-signature texts, the presigned-query ones, "Found
//     both ...", and which malformed headers count as missing: DynamoDB as
//     modelled by dynalite (https://github.com/architect/dynalite,
//     test/connection.js, whose expectations carry DynamoDB's x-amz-crc32);
//     "'x' not a valid key=value pair (missing equal-sign) in Authorization
//     header: '...'.": https://github.com/awslabs/fhir-works-on-aws-deployment/issues/379.
//   - "Unsupported AWS 'algorithm'", "'Host' or ':authority' must be a
//     'SignedHeader'", "Credential must have exactly 5 slash-delimited
//     elements" and "Date must be in ISO-8601 'basic format'": the
//     server-side verifier https://github.com/dacut/scratchstack-aws-signature
//     (src/canonical.rs), written against AWS's answers.
//   - "Date in Credential scope does not match ...":
//     https://github.com/tedder/requests-aws4auth/issues/7; the scoped
//     region and service texts: https://github.com/arnemolland/sigv4/issues/15
//     (DynamoDB) and https://github.com/timkay/aws/pull/111 (CloudFormation,
//     Query); the terminator text follows their pattern.
//   - Presigned requests: "Request has expired" is S3's answer past
//     X-Amz-Expires (https://github.com/aws/aws-sdk-js/issues/3493), and
//     the texts refusing a malformed X-Amz-Expires are S3's too; other AWS
//     services ignore X-Amz-Expires and apply the 15-minute window
//     (https://github.com/aws/aws-sdk-go/issues/2167), as Verify does when
//     the parameter is absent.
//   - UnrecognizedClientException 400 with the trailing period:
//     https://github.com/aws/aws-sdk-php/issues/2444 (Cognito, JSON 1.1),
//     https://github.com/aws-azure-login/aws-azure-login/issues/37 (ECS).
//   - InvalidSignatureException 400 "Signature expired: ...":
//     https://github.com/aws/aws-sdk-js/issues/254.
//   - ExpiredTokenException 400 on JSON services (DynamoDB):
//     https://github.com/aws/aws-sdk-php/issues/1307.
//   - STS: InvalidClientTokenId 403 with the ErrorResponse body,
//     https://github.com/aws-azure-login/aws-azure-login/issues/251 and
//     https://github.com/jrl84/amazon-sp-api/issues/218 (the regional
//     endpoint has been seen without the final period);
//     MissingAuthenticationToken 403 "Request is missing Authentication
//     Token", https://github.com/amzn/selling-partner-api-docs/issues/3081;
//     SignatureDoesNotMatch 403 for "Signature expired"/"not yet current",
//     https://github.com/aws/aws-cli/issues/6676 and
//     https://github.com/QT-DevOps/DevOpsIssues/issues/989;
//     ExpiredToken 403, https://github.com/aws/aws-sdk-java-v2/issues/1649;
//     IncompleteSignature 400 (SES, a Query service),
//     https://github.com/brendanhay/amazonka/issues/316.
//
// KindBodyTooLarge is not an AWS authentication error: its codes are the
// ones this repository's JSON and Query front ends answer for an oversized
// body. A Protocol other than Query is answered as JSON.
func (e *Error) Wire(p Protocol) Wire {
	query := p == Query
	pick := func(jsonCode, queryCode string) string {
		if query {
			return queryCode
		}
		return jsonCode
	}
	forbiddenOnQuery := http.StatusBadRequest
	if query {
		forbiddenOnQuery = http.StatusForbidden
	}
	switch e.Kind {
	case KindMissing:
		return Wire{forbiddenOnQuery, pick("MissingAuthenticationTokenException", "MissingAuthenticationToken"),
			pick(msgMissingJSON, msgMissingQuery)}
	case KindIncomplete:
		return Wire{http.StatusBadRequest, pick("IncompleteSignatureException", "IncompleteSignature"), e.Message}
	case KindInvalidToken:
		return Wire{forbiddenOnQuery, pick("UnrecognizedClientException", "InvalidClientTokenId"), msgInvalidToken}
	case KindExpiredToken:
		return Wire{forbiddenOnQuery, pick("ExpiredTokenException", "ExpiredToken"), msgExpiredToken}
	case KindBodyTooLarge:
		return Wire{http.StatusRequestEntityTooLarge, pick("SerializationException", "RequestEntityTooLarge"), e.Message}
	default: // KindSignatureMismatch, KindExpired
		msg := e.Message
		if msg == "" {
			msg = msgMismatch
		}
		return Wire{forbiddenOnQuery, pick("InvalidSignatureException", "SignatureDoesNotMatch"), msg}
	}
}

// WrongRegion returns the refusal AWS answers when the credential scope
// names a region the service does not serve; region is the scope's, which
// the message names. Verify leaves that check to the caller, which knows
// its regions; Result.Credential has the scope.
func WrongRegion(region string) *Error {
	return &Error{KindSignatureMismatch, fmt.Sprintf("Credential should be scoped to a valid region, not '%s'. ", region)}
}

// WrongService returns the refusal AWS answers when the credential scope
// names another service than the one the request reached; service is the
// one it reached, which the message names (AWS answers a request to
// DynamoDB signed for execute-api with "... correct service: 'dynamodb'.").
func WrongService(service string) *Error {
	return &Error{KindSignatureMismatch, fmt.Sprintf("Credential should be scoped to correct service: '%s'. ", service)}
}

func newError(k Kind, format string, args ...any) *Error {
	if len(args) == 0 {
		return &Error{k, format}
	}
	return &Error{k, fmt.Sprintf(format, args...)}
}
