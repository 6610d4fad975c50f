package org

import (
	"errors"
	"fmt"
)

// Code is the name of an AWS exception, exactly as it appears in "__type" on
// the wire (for example "AccountNotFoundException").
type Code string

// The exception names of the AWS Organizations service model, plus the
// protocol-level errors every AWS JSON service can return.
const (
	ErrAWSOrganizationsNotInUse                Code = "AWSOrganizationsNotInUseException"
	ErrAccessDenied                            Code = "AccessDeniedException"
	ErrAccessDeniedForDependency               Code = "AccessDeniedForDependencyException"
	ErrAccountAlreadyClosed                    Code = "AccountAlreadyClosedException"
	ErrAccountAlreadyRegistered                Code = "AccountAlreadyRegisteredException"
	ErrAccountNotFound                         Code = "AccountNotFoundException"
	ErrAccountNotRegistered                    Code = "AccountNotRegisteredException"
	ErrAccountOwnerNotVerified                 Code = "AccountOwnerNotVerifiedException"
	ErrAlreadyInOrganization                   Code = "AlreadyInOrganizationException"
	ErrChildNotFound                           Code = "ChildNotFoundException"
	ErrConcurrentModification                  Code = "ConcurrentModificationException"
	ErrConflict                                Code = "ConflictException"
	ErrConstraintViolation                     Code = "ConstraintViolationException"
	ErrCreateAccountStatusNotFound             Code = "CreateAccountStatusNotFoundException"
	ErrDestinationParentNotFound               Code = "DestinationParentNotFoundException"
	ErrDuplicateAccount                        Code = "DuplicateAccountException"
	ErrDuplicateHandshake                      Code = "DuplicateHandshakeException"
	ErrDuplicateOrganizationalUnit             Code = "DuplicateOrganizationalUnitException"
	ErrDuplicatePolicyAttachment               Code = "DuplicatePolicyAttachmentException"
	ErrDuplicatePolicy                         Code = "DuplicatePolicyException"
	ErrEffectivePolicyNotFound                 Code = "EffectivePolicyNotFoundException"
	ErrFinalizingOrganization                  Code = "FinalizingOrganizationException"
	ErrHandshakeAlreadyInState                 Code = "HandshakeAlreadyInStateException"
	ErrHandshakeConstraintViolation            Code = "HandshakeConstraintViolationException"
	ErrHandshakeNotFound                       Code = "HandshakeNotFoundException"
	ErrInvalidHandshakeTransition              Code = "InvalidHandshakeTransitionException"
	ErrInvalidInput                            Code = "InvalidInputException"
	ErrInvalidResponsibilityTransferTransition Code = "InvalidResponsibilityTransferTransitionException"
	ErrMalformedPolicyDocument                 Code = "MalformedPolicyDocumentException"
	ErrMasterCannotLeaveOrganization           Code = "MasterCannotLeaveOrganizationException"
	ErrOrganizationNotEmpty                    Code = "OrganizationNotEmptyException"
	ErrOrganizationalUnitNotEmpty              Code = "OrganizationalUnitNotEmptyException"
	ErrOrganizationalUnitNotFound              Code = "OrganizationalUnitNotFoundException"
	ErrParentNotFound                          Code = "ParentNotFoundException"
	ErrPolicyChangesInProgress                 Code = "PolicyChangesInProgressException"
	ErrPolicyInUse                             Code = "PolicyInUseException"
	ErrPolicyNotAttached                       Code = "PolicyNotAttachedException"
	ErrPolicyNotFound                          Code = "PolicyNotFoundException"
	ErrPolicyTypeAlreadyEnabled                Code = "PolicyTypeAlreadyEnabledException"
	ErrPolicyTypeNotAvailableForOrganization   Code = "PolicyTypeNotAvailableForOrganizationException"
	ErrPolicyTypeNotEnabled                    Code = "PolicyTypeNotEnabledException"
	ErrResourcePolicyNotFound                  Code = "ResourcePolicyNotFoundException"
	ErrResponsibilityTransferAlreadyInStatus   Code = "ResponsibilityTransferAlreadyInStatusException"
	ErrResponsibilityTransferNotFound          Code = "ResponsibilityTransferNotFoundException"
	ErrRootNotFound                            Code = "RootNotFoundException"
	ErrService                                 Code = "ServiceException"
	ErrSourceParentNotFound                    Code = "SourceParentNotFoundException"
	ErrTargetNotFound                          Code = "TargetNotFoundException"
	ErrTooManyRequests                         Code = "TooManyRequestsException"
	ErrUnsupportedAPIEndpoint                  Code = "UnsupportedAPIEndpointException"

	// Protocol-level errors, common to all AWS JSON 1.1 services.
	ErrUnknownOperation Code = "UnknownOperationException"
	ErrSerialization    Code = "SerializationException"
)

// Reasons carried by InvalidInputException.
const (
	ReasonInputRequired        = "INPUT_REQUIRED"
	ReasonInvalidPattern       = "INVALID_PATTERN"
	ReasonInvalidPatternTarget = "INVALID_PATTERN_TARGET_ID"
	ReasonMaxLengthExceeded    = "MAX_LENGTH_EXCEEDED"
	ReasonMinLengthExceeded    = "MIN_LENGTH_EXCEEDED"
	ReasonMaxValueExceeded     = "MAX_VALUE_EXCEEDED"
	ReasonMinValueExceeded     = "MIN_VALUE_EXCEEDED"
	ReasonInvalidEnum          = "INVALID_ENUM"
	ReasonInvalidEnumPolicy    = "INVALID_ENUM_POLICY_TYPE"
	ReasonInvalidNextToken     = "INVALID_NEXT_TOKEN"
	ReasonInvalidListMember    = "INVALID_LIST_MEMBER"
	ReasonImmutablePolicy      = "IMMUTABLE_POLICY"
	ReasonDuplicateTagKey      = "DUPLICATE_TAG_KEY"
	ReasonInvalidSystemTags    = "INVALID_SYSTEM_TAGS_PARAMETER"
	ReasonTargetNotSupported   = "TARGET_NOT_SUPPORTED"
	ReasonUnrecognizedService  = "UNRECOGNIZED_SERVICE_PRINCIPAL"
	ReasonNonDetachablePolicy  = "NON_DETACHABLE_POLICY"
	ReasonMovingBetweenRoots   = "MOVING_ACCOUNT_BETWEEN_DIFFERENT_ROOTS"
	ReasonInvalidRoleName      = "INVALID_ROLE_NAME"

	ReasonInvalidPartyTypeTarget       = "INVALID_PARTY_TYPE_TARGET"
	ReasonInvalidEmailTarget           = "INVALID_EMAIL_ADDRESS_TARGET"
	ReasonInvalidResourcePolicyJSON    = "INVALID_RESOURCE_POLICY_JSON"
	ReasonInvalidPrincipal             = "INVALID_PRINCIPAL"
	ReasonUnsupportedActionInRP        = "UNSUPPORTED_ACTION_IN_RESOURCE_POLICY"
	ReasonUnsupportedPolicyTypeInRP    = "UNSUPPORTED_POLICY_TYPE_IN_RESOURCE_POLICY"
	ReasonUnsupportedResourceInRP      = "UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY"
	ReasonStartDateNotBeginningOfMonth = "START_DATE_NOT_BEGINNING_OF_MONTH"
	ReasonStartDateTooEarly            = "START_DATE_TOO_EARLY"
	ReasonEndDateNotEndOfMonth         = "END_DATE_NOT_END_OF_MONTH"
	ReasonEndDateTooEarly              = "END_DATE_TOO_EARLY"
	ReasonUnsupportedActionInTransfer  = "UNSUPPORTED_ACTION_IN_RESPONSIBILITY_TRANSFER"
	ReasonCallerRequiredFieldMissing   = "CALLER_REQUIRED_FIELD_MISSING"
	ReasonInvalidSyntaxOrganizationARN = "INVALID_SYNTAX_ORGANIZATION_ARN"
	ReasonMaxLimitExceededFilter       = "MAX_LIMIT_EXCEEDED_FILTER"
	ReasonInvalidFullNameTarget        = "INVALID_FULL_NAME_TARGET"
	ReasonInvalidSyntaxPolicyID        = "INVALID_SYNTAX_POLICY_ID"
)

// Reasons carried by HandshakeConstraintViolationException (besides
// ReasonAccountNumberLimitExceeded, which it shares).
const (
	ReasonHandshakeRateLimitExceeded      = "HANDSHAKE_RATE_LIMIT_EXCEEDED"
	ReasonAlreadyInAnOrganization         = "ALREADY_IN_AN_ORGANIZATION"
	ReasonOrganizationAlreadyAllFeatures  = "ORGANIZATION_ALREADY_HAS_ALL_FEATURES"
	ReasonOrganizationPendingAllFeatures  = "ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION"
	ReasonInviteDisabledDuringAllFeatures = "INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES"
	ReasonTransferAlreadyExists           = "RESPONSIBILITY_TRANSFER_ALREADY_EXISTS"
	ReasonSourceAndTargetCannotMatch      = "SOURCE_AND_TARGET_CANNOT_MATCH"
)

// Reasons carried by ConstraintViolationException.
const (
	ReasonAccountNumberLimitExceeded         = "ACCOUNT_NUMBER_LIMIT_EXCEEDED"
	ReasonOUNumberLimitExceeded              = "OU_NUMBER_LIMIT_EXCEEDED"
	ReasonOUDepthLimitExceeded               = "OU_DEPTH_LIMIT_EXCEEDED"
	ReasonPolicyNumberLimitExceeded          = "POLICY_NUMBER_LIMIT_EXCEEDED"
	ReasonPolicyContentLimitExceeded         = "POLICY_CONTENT_LIMIT_EXCEEDED"
	ReasonMaxPolicyTypeAttachmentLimit       = "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"
	ReasonMinPolicyTypeAttachmentLimit       = "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"
	ReasonMaxTagLimitExceeded                = "MAX_TAG_LIMIT_EXCEEDED"
	ReasonMaxDelegatedAdministrators         = "MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED"
	ReasonCannotRegisterMasterAsDelegated    = "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR"
	ReasonCannotRemoveDelegatedAdministrator = "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG"
	ReasonCannotCloseManagementAccount       = "CANNOT_CLOSE_MANAGEMENT_ACCOUNT"
	ReasonCloseAccountQuotaExceeded          = "CLOSE_ACCOUNT_QUOTA_EXCEEDED"
	ReasonCloseAccountRequestsLimitExceeded  = "CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED"
	ReasonOrganizationNotInAllFeaturesMode   = "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE"
	ReasonAccountCreationRateLimitExceeded   = "ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED"
	ReasonServiceAccessNotEnabled            = "SERVICE_ACCESS_NOT_ENABLED"
	ReasonAccountCreationNotComplete         = "ACCOUNT_CREATION_NOT_COMPLETE"
	ReasonCannotRegisterSuspendedAsDelegated = "CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR"
	ReasonAccountCannotLeaveOrganization     = "ACCOUNT_CANNOT_LEAVE_ORGANIZATION"
	ReasonWaitPeriodActive                   = "WAIT_PERIOD_ACTIVE"
	ReasonActiveTransferProcess              = "ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS"
)

// Error is an error a client sees: an AWS exception name, a message and, for
// the exceptions whose shape has one, a reason.
type Error struct {
	Code    Code
	Message string
	Reason  string
}

func (e *Error) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("%s (%s): %s", e.Code, e.Reason, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ReasonErrorf returns an *Error with a code, a reason and a formatted message.
func ReasonErrorf(code Code, reason, format string, args ...any) *Error {
	return &Error{Code: code, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// InvalidInput returns an InvalidInputException with the given reason.
func InvalidInput(reason, format string, args ...any) *Error {
	return ReasonErrorf(ErrInvalidInput, reason, format, args...)
}

// Constraint returns a ConstraintViolationException with the given reason.
func Constraint(reason, format string, args ...any) *Error {
	return ReasonErrorf(ErrConstraintViolation, reason, format, args...)
}

// AsError reports whether err is, or wraps, an *Error, and returns it.
func AsError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// ErrorCode returns the Code of err if it is an *Error, and "" otherwise.
func ErrorCode(err error) Code {
	if e, ok := AsError(err); ok {
		return e.Code
	}
	return ""
}
