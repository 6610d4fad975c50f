package awsjson

import (
	"net/http"

	"canopy/org"
)

// codeInfo is how an error code travels: its HTTP status and whether its
// exception shape has a Reason member (only those may carry one on the
// wire, or SDKs that decode strictly would see an unknown member).
type codeInfo struct {
	status int
	reason bool
}

// codes is the one table of every error code Canopy can answer. Tests fail
// when an exception shape of the model or an org.Code constant has no row,
// and the handler answers any *org.Error whose code is not here as an
// internal error, so a typo in the engine cannot reach a client.
//
// AWS Organizations answers every client error with 400, including
// AccessDeniedException and TooManyRequestsException; only ServiceException
// (the model's one "fault") is 500.
var codes = map[org.Code]codeInfo{
	org.ErrAWSOrganizationsNotInUse:                {http.StatusBadRequest, false},
	org.ErrAccessDenied:                            {http.StatusBadRequest, false},
	org.ErrAccessDeniedForDependency:               {http.StatusBadRequest, true},
	org.ErrAccountAlreadyClosed:                    {http.StatusBadRequest, false},
	org.ErrAccountAlreadyRegistered:                {http.StatusBadRequest, false},
	org.ErrAccountNotFound:                         {http.StatusBadRequest, false},
	org.ErrAccountNotRegistered:                    {http.StatusBadRequest, false},
	org.ErrAccountOwnerNotVerified:                 {http.StatusBadRequest, false},
	org.ErrAlreadyInOrganization:                   {http.StatusBadRequest, false},
	org.ErrChildNotFound:                           {http.StatusBadRequest, false},
	org.ErrConcurrentModification:                  {http.StatusBadRequest, false},
	org.ErrConflict:                                {http.StatusBadRequest, false},
	org.ErrConstraintViolation:                     {http.StatusBadRequest, true},
	org.ErrCreateAccountStatusNotFound:             {http.StatusBadRequest, false},
	org.ErrDestinationParentNotFound:               {http.StatusBadRequest, false},
	org.ErrDuplicateAccount:                        {http.StatusBadRequest, false},
	org.ErrDuplicateHandshake:                      {http.StatusBadRequest, false},
	org.ErrDuplicateOrganizationalUnit:             {http.StatusBadRequest, false},
	org.ErrDuplicatePolicyAttachment:               {http.StatusBadRequest, false},
	org.ErrDuplicatePolicy:                         {http.StatusBadRequest, false},
	org.ErrEffectivePolicyNotFound:                 {http.StatusBadRequest, false},
	org.ErrFinalizingOrganization:                  {http.StatusBadRequest, false},
	org.ErrHandshakeAlreadyInState:                 {http.StatusBadRequest, false},
	org.ErrHandshakeConstraintViolation:            {http.StatusBadRequest, true},
	org.ErrHandshakeNotFound:                       {http.StatusBadRequest, false},
	org.ErrInvalidHandshakeTransition:              {http.StatusBadRequest, false},
	org.ErrInvalidInput:                            {http.StatusBadRequest, true},
	org.ErrInvalidResponsibilityTransferTransition: {http.StatusBadRequest, false},
	org.ErrMalformedPolicyDocument:                 {http.StatusBadRequest, false},
	org.ErrMasterCannotLeaveOrganization:           {http.StatusBadRequest, false},
	org.ErrOrganizationNotEmpty:                    {http.StatusBadRequest, false},
	org.ErrOrganizationalUnitNotEmpty:              {http.StatusBadRequest, false},
	org.ErrOrganizationalUnitNotFound:              {http.StatusBadRequest, false},
	org.ErrParentNotFound:                          {http.StatusBadRequest, false},
	org.ErrPolicyChangesInProgress:                 {http.StatusBadRequest, false},
	org.ErrPolicyInUse:                             {http.StatusBadRequest, false},
	org.ErrPolicyNotAttached:                       {http.StatusBadRequest, false},
	org.ErrPolicyNotFound:                          {http.StatusBadRequest, false},
	org.ErrPolicyTypeAlreadyEnabled:                {http.StatusBadRequest, false},
	org.ErrPolicyTypeNotAvailableForOrganization:   {http.StatusBadRequest, false},
	org.ErrPolicyTypeNotEnabled:                    {http.StatusBadRequest, false},
	org.ErrResourcePolicyNotFound:                  {http.StatusBadRequest, false},
	org.ErrResponsibilityTransferAlreadyInStatus:   {http.StatusBadRequest, false},
	org.ErrResponsibilityTransferNotFound:          {http.StatusBadRequest, false},
	org.ErrRootNotFound:                            {http.StatusBadRequest, false},
	org.ErrService:                                 {http.StatusInternalServerError, false},
	org.ErrSourceParentNotFound:                    {http.StatusBadRequest, false},
	org.ErrTargetNotFound:                          {http.StatusBadRequest, false},
	org.ErrTooManyRequests:                         {http.StatusBadRequest, false},
	org.ErrUnsupportedAPIEndpoint:                  {http.StatusBadRequest, false},

	// Protocol-level errors: not in the model, common to AWS JSON services.
	org.ErrUnknownOperation: {http.StatusBadRequest, false},
	org.ErrSerialization:    {http.StatusBadRequest, false},
}

// HTTPStatus returns the HTTP status an error code is answered with, and
// whether the code is one Canopy answers at all.
func HTTPStatus(code org.Code) (int, bool) {
	info, ok := codes[code]
	return info.status, ok
}

// Codes returns every error code Canopy answers with.
func Codes() []org.Code {
	out := make([]org.Code, 0, len(codes))
	for c := range codes {
		out = append(out, c)
	}
	return out
}

// reasonText is the sentence AWS Organizations answers for each validation
// reason. It is the reason's description in the model's documentation of
// InvalidInputException, and AWS puts it alone in the message ("You provided
// a value that does not match the required pattern." is what real clients
// see for a malformed id). Canopy appends the member path and the failed
// constraint, which AWS leaves out, because it saves a client author a
// round of guessing and costs AWS-compatible clients nothing: no SDK parses
// the message.
var reasonText = map[string]string{
	org.ReasonInputRequired:        "You must include a value for all required parameters.",
	org.ReasonInvalidPattern:       "You provided a value that does not match the required pattern.",
	org.ReasonInvalidPatternTarget: "You specified a policy target ID that does not match the required pattern.",
	org.ReasonMaxLengthExceeded:    "You provided a string parameter that is longer than allowed.",
	org.ReasonMinLengthExceeded:    "You provided a string parameter that is shorter than allowed.",
	org.ReasonMaxValueExceeded:     "You provided a numeric parameter that has a larger value than allowed.",
	org.ReasonMinValueExceeded:     "You provided a numeric parameter that has a smaller value than allowed.",
	org.ReasonInvalidEnum:          "You specified an invalid value.",
	org.ReasonInvalidEnumPolicy:    "You specified an invalid policy type string.",
	org.ReasonInvalidListMember:    "You provided a list to a parameter that contains at least one invalid value.",
}

// internalMessage is all a client learns of an unexpected failure; the
// details go to the log under the request id.
const internalMessage = "An internal error occurred"

func internalError() *org.Error {
	return &org.Error{Code: org.ErrService, Message: internalMessage}
}
