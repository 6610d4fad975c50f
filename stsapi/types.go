package stsapi

import (
	"context"
	"net/http"
	"time"
)

// APIVersion is the one value of the Version parameter STS accepts.
const APIVersion = "2011-06-15"

// Namespace is the XML namespace of STS answers and of the errors STS
// itself raises.
const Namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

// FaultNamespace is the XML namespace of the errors AWS's request router
// raises before an operation is chosen (InvalidAction, MissingAction).
const FaultNamespace = "http://webservices.amazon.com/AWSFault/2005-15-09"

// ContentType is the media type of every answer, success or error.
const ContentType = "text/xml"

// HeaderRequestID is the header that carries the request id.
const HeaderRequestID = "x-amzn-RequestId"

// MaxBodyBytes bounds a request body. The largest valid AssumeRole request
// (50 tags, 50 transitive keys, 10 policy ARNs, 5 provided contexts and a
// session policy) is far below it.
const MaxBodyBytes = 1 << 20

// MaxParams bounds the number of parameters of a request, as net/url does by
// default; a valid AssumeRole request has fewer than 200.
const MaxParams = 10000

// Backend is what the handler needs from the rest of Canopy: the two
// operations, given inputs that already satisfy every constraint of the STS
// model. The request's context carries whatever the server put there (the
// caller's identity, the request id).
type Backend interface {
	GetCallerIdentity(ctx context.Context) (*CallerIdentity, error)
	AssumeRole(ctx context.Context, in *AssumeRoleInput) (*AssumeRoleOutput, error)
}

// CallerIdentity is the answer of GetCallerIdentity.
type CallerIdentity struct {
	// Arn is the caller's ARN, such as arn:aws:iam::123456789012:user/alice
	// or arn:aws:sts::123456789012:assumed-role/Admin/session.
	Arn string
	// UserID is the caller's unique id, such as AIDAEXAMPLE or
	// AROAEXAMPLE:session.
	UserID string
	// Account is the caller's 12-digit account id.
	Account string
}

// AssumeRoleInput is an AssumeRole request. Strings the caller did not send
// are empty: every optional string of the model has a minimum length of at
// least 1, so an empty value cannot have been sent and accepted.
type AssumeRoleInput struct {
	RoleArn         string
	RoleSessionName string
	// PolicyArns are the managed session policies, in request order.
	PolicyArns []PolicyDescriptor
	// Policy is the inline session policy document.
	Policy string
	// DurationSeconds is the requested session length, 900 to 43200; the
	// handler fills in 3600 when the request has none.
	DurationSeconds int32
	// DurationSet reports whether the request named DurationSeconds.
	DurationSet       bool
	Tags              []Tag
	TransitiveTagKeys []string
	ExternalID        string
	SerialNumber      string
	TokenCode         string
	SourceIdentity    string
	ProvidedContexts  []ProvidedContext
}

// PolicyDescriptor names a managed policy.
type PolicyDescriptor struct {
	Arn string
}

// Tag is a session tag. Value may be empty.
type Tag struct {
	Key   string
	Value string
}

// ProvidedContext is a context assertion from a trusted provider. Either
// member may be empty: the model requires neither.
type ProvidedContext struct {
	ProviderArn      string
	ContextAssertion string
}

// AssumeRoleOutput is the answer of AssumeRole.
type AssumeRoleOutput struct {
	Credentials     Credentials
	AssumedRoleUser AssumedRoleUser
	// PackedPolicySize is answered when it is not nil: AWS answers it when
	// the request carried session policies or tags.
	PackedPolicySize *int32
	// SourceIdentity is answered when it is not empty.
	SourceIdentity string
}

// Credentials are temporary security credentials.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	// Expiration is answered in UTC, to the second.
	Expiration time.Time
}

// AssumedRoleUser identifies the session AssumeRole created.
type AssumedRoleUser struct {
	// AssumedRoleID is the role's unique id and the session name, such as
	// AROAEXAMPLE:session.
	AssumedRoleID string
	// Arn is arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION.
	Arn string
}

// Fault values: who is to blame for an error, as AWS's Type element says.
const (
	Sender   = "Sender"
	Receiver = "Receiver"
)

// Error codes of STS. The model's exceptions come first, then the codes of
// AWS's common errors that STS answers.
const (
	CodeExpiredToken               = "ExpiredTokenException"
	CodeMalformedPolicyDocument    = "MalformedPolicyDocument"
	CodePackedPolicyTooLarge       = "PackedPolicyTooLarge"
	CodeRegionDisabled             = "RegionDisabledException"
	CodeAccessDenied               = "AccessDenied"
	CodeValidationError            = "ValidationError"
	CodeInvalidParameterValue      = "InvalidParameterValue"
	CodeInvalidClientTokenID       = "InvalidClientTokenId"
	CodeSignatureDoesNotMatch      = "SignatureDoesNotMatch"
	CodeIncompleteSignature        = "IncompleteSignature"
	CodeMissingAuthenticationToken = "MissingAuthenticationToken"
	CodeRequestExpired             = "RequestExpired"
	CodeThrottling                 = "Throttling"
	CodeInternalFailure            = "InternalFailure"
	CodeServiceUnavailable         = "ServiceUnavailable"

	// Errors the handler itself answers.
	CodeInvalidAction         = "InvalidAction"
	CodeMissingAction         = "MissingAction"
	CodeMalformedInput        = "MalformedInput"
	CodeInvalidQueryParameter = "InvalidQueryParameter"
	CodeRequestEntityTooLarge = "RequestEntityTooLarge"
)

// statusOf is the HTTP status of each code NewError knows; any other code
// is answered 400.
var statusOf = map[string]int{
	CodeExpiredToken:               http.StatusBadRequest,
	CodeMalformedPolicyDocument:    http.StatusBadRequest,
	CodePackedPolicyTooLarge:       http.StatusBadRequest,
	CodeRegionDisabled:             http.StatusForbidden,
	CodeAccessDenied:               http.StatusForbidden,
	CodeValidationError:            http.StatusBadRequest,
	CodeInvalidParameterValue:      http.StatusBadRequest,
	CodeInvalidClientTokenID:       http.StatusForbidden,
	CodeSignatureDoesNotMatch:      http.StatusForbidden,
	CodeIncompleteSignature:        http.StatusBadRequest,
	CodeMissingAuthenticationToken: http.StatusForbidden,
	CodeRequestExpired:             http.StatusBadRequest,
	CodeThrottling:                 http.StatusBadRequest,
	CodeInternalFailure:            http.StatusInternalServerError,
	CodeServiceUnavailable:         http.StatusServiceUnavailable,
	CodeInvalidAction:              http.StatusBadRequest,
	CodeMissingAction:              http.StatusBadRequest,
	CodeMalformedInput:             http.StatusBadRequest,
	CodeInvalidQueryParameter:      http.StatusBadRequest,
	CodeRequestEntityTooLarge:      http.StatusRequestEntityTooLarge,
}

// Error is an error a Backend returns to have it answered on the wire as
// is. Any other error is answered as an internal failure, and logged.
type Error struct {
	// Status is the HTTP status, 400 to 599; zero means the status NewError
	// would give Code.
	Status int
	// Code is the error code clients see, such as AccessDenied.
	Code string
	// Message is the human-readable text; an empty one is left out.
	Message string
	// Fault is Sender or Receiver; empty means Receiver for a status of 500
	// or more and Sender otherwise.
	Fault string
}

// NewError returns the error with code and message, with the HTTP status
// AWS answers that code with and the fault that status implies.
func NewError(code, message string) *Error {
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusBadRequest
	}
	return &Error{Status: status, Code: code, Message: message, Fault: faultOf(status)}
}

func (e *Error) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Code + ": " + e.Message
}

// resolved returns e with its zero fields filled in, or nil when e cannot
// be answered as is (no code, or a status that is not an error).
func (e *Error) resolved() *Error {
	if e == nil || e.Code == "" {
		return nil
	}
	out := *e
	if out.Status == 0 {
		out.Status = NewError(e.Code, "").Status
	}
	if out.Status < 400 || out.Status > 599 {
		return nil
	}
	if out.Fault != Sender && out.Fault != Receiver {
		out.Fault = faultOf(out.Status)
	}
	return &out
}

func faultOf(status int) string {
	if status >= 500 {
		return Receiver
	}
	return Sender
}
