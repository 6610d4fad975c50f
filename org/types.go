package org

import (
	"strconv"
	"time"
)

// Time is an instant that travels as JSON epoch seconds, as the AWS JSON
// protocol encodes timestamps. The zero Time is omitted with `omitzero`.
type Time struct{ time.Time }

// NewTime returns t as a Time, truncated to the millisecond that the wire
// carries, in UTC.
func NewTime(t time.Time) Time { return Time{t.UTC().Truncate(time.Millisecond)} }

// MarshalJSON encodes t as epoch seconds with millisecond precision.
func (t Time) MarshalJSON() ([]byte, error) {
	ms := t.UnixMilli()
	if ms%1000 == 0 {
		return strconv.AppendInt(nil, ms/1000, 10), nil
	}
	return strconv.AppendFloat(nil, float64(ms)/1000, 'f', 3, 64), nil
}

// UnmarshalJSON decodes epoch seconds, integral or fractional.
func (t *Time) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return err
	}
	sec := int64(f)
	t.Time = time.UnixMilli(sec*1000 + int64((f-float64(sec))*1000+0.5)).UTC()
	return nil
}

// Feature sets of an organization.
const (
	FeatureSetAll                 = "ALL"
	FeatureSetConsolidatedBilling = "CONSOLIDATED_BILLING"
)

// Account statuses and states.
const (
	AccountActive         = "ACTIVE"
	AccountSuspended      = "SUSPENDED"
	AccountPendingClosure = "PENDING_CLOSURE"
	AccountClosed         = "CLOSED"

	JoinedCreated = "CREATED"
	JoinedInvited = "INVITED"
)

// CreateAccount request states.
const (
	CreateInProgress = "IN_PROGRESS"
	CreateSucceeded  = "SUCCEEDED"
	CreateFailed     = "FAILED"
)

// Target and parent types.
const (
	TypeAccount = "ACCOUNT"
	TypeOU      = "ORGANIZATIONAL_UNIT"
	TypeRoot    = "ROOT"
)

// Organization is an AWS organization. MasterAccountEmail is filled from the
// management account; the ARN fields are filled for the caller's partition.
type Organization struct {
	ID                   string              `json:"Id"`
	Arn                  string              `json:"Arn,omitempty"`
	FeatureSet           string              `json:"FeatureSet"`
	MasterAccountArn     string              `json:"MasterAccountArn,omitempty"`
	MasterAccountID      string              `json:"MasterAccountId"`
	MasterAccountEmail   string              `json:"MasterAccountEmail,omitempty"`
	AvailablePolicyTypes []PolicyTypeSummary `json:"AvailablePolicyTypes"`

	CreatedAt Time `json:"-"`
}

// PolicyTypeSummary is a policy type and its status in a root.
type PolicyTypeSummary struct {
	Type   string `json:"Type"`
	Status string `json:"Status"`
}

// Root is the top of an organization's hierarchy.
type Root struct {
	ID          string              `json:"Id"`
	Arn         string              `json:"Arn,omitempty"`
	Name        string              `json:"Name"`
	PolicyTypes []PolicyTypeSummary `json:"PolicyTypes"`

	OrgID string `json:"-"`
}

// OrganizationalUnit is an OU. Path is stored when the OU is made: OUs never
// move, so it never changes.
type OrganizationalUnit struct {
	ID   string `json:"Id"`
	Arn  string `json:"Arn,omitempty"`
	Name string `json:"Name"`
	Path string `json:"Path,omitempty"`

	OrgID    string `json:"-"`
	ParentID string `json:"-"`
	// Depth is 1 for an OU directly under the root.
	Depth int `json:"-"`
}

// Account is an AWS account. Accounts exist whether or not they belong to an
// organization; OrgID and ParentID are empty for a standalone account.
type Account struct {
	ID              string   `json:"Id"`
	Arn             string   `json:"Arn,omitempty"`
	Email           string   `json:"Email"`
	Name            string   `json:"Name"`
	Status          string   `json:"Status"`
	State           string   `json:"State"`
	Paths           []string `json:"Paths,omitempty"`
	JoinedMethod    string   `json:"JoinedMethod,omitempty"`
	JoinedTimestamp Time     `json:"JoinedTimestamp,omitzero"`

	OrgID    string `json:"-"`
	ParentID string `json:"-"`
	// CreatedAt is when the account came to exist (at CreateAccount, or when
	// it was first seen as a standalone account).
	CreatedAt Time `json:"-"`
	// ClosedAt is when CloseAccount was called; zero while open.
	ClosedAt Time `json:"-"`
	// RoleName is the IAM role CreateAccount made in the account; empty for
	// accounts that were invited. RoleTrust is the account the role's trust
	// policy names: the management account at the time, whose principals
	// may assume it even after the account leaves the organization, as
	// the role stays in the account.
	RoleName  string `json:"-"`
	RoleTrust string `json:"-"`
}

// CreateAccountStatus tracks one CreateAccount or CreateGovCloudAccount request.
type CreateAccountStatus struct {
	ID                 string `json:"Id"`
	AccountName        string `json:"AccountName"`
	State              string `json:"State"`
	RequestedTimestamp Time   `json:"RequestedTimestamp,omitzero"`
	CompletedTimestamp Time   `json:"CompletedTimestamp,omitzero"`
	AccountID          string `json:"AccountId,omitempty"`
	GovCloudAccountID  string `json:"GovCloudAccountId,omitempty"`
	FailureReason      string `json:"FailureReason,omitempty"`

	OrgID    string `json:"-"`
	Email    string `json:"-"`
	RoleName string `json:"-"`
	GovCloud bool   `json:"-"`
	Tags     []Tag  `json:"-"`
	// DueAt is when the request completes.
	DueAt Time `json:"-"`
}

// PolicySummary describes a policy without its content.
type PolicySummary struct {
	ID          string `json:"Id"`
	Arn         string `json:"Arn,omitempty"`
	Name        string `json:"Name"`
	Description string `json:"Description"`
	Type        string `json:"Type"`
	AwsManaged  bool   `json:"AwsManaged"`
}

// Policy is a policy document and its summary. AWS-managed policies have an
// empty OrgID and belong to every organization.
type Policy struct {
	PolicySummary PolicySummary `json:"PolicySummary"`
	Content       string        `json:"Content"`

	OrgID string `json:"-"`
	// UpdatedAt is when the policy was created or its content last changed.
	UpdatedAt Time `json:"-"`
}

// PolicyTargetSummary is a root, OU or account a policy is attached to.
type PolicyTargetSummary struct {
	TargetID string `json:"TargetId"`
	Arn      string `json:"Arn"`
	Name     string `json:"Name"`
	Type     string `json:"Type"`
}

// Attachment is one policy attached to one target. Seq orders attachments
// on a target in the order they were made.
type Attachment struct {
	OrgID      string
	PolicyID   string
	PolicyType string
	TargetID   string
	TargetType string
	Seq        int64
	CreatedAt  Time
}

// AttachedPolicy is a policy as attached to one target: the policy and
// when it was attached.
type AttachedPolicy struct {
	Policy
	AttachedAt Time
}

// Tag is a key and value on a taggable resource.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// Parent is a root or OU that contains a child.
type Parent struct {
	ID   string `json:"Id"`
	Type string `json:"Type"`
}

// Child is an account or OU contained in a parent.
type Child struct {
	ID   string `json:"Id"`
	Type string `json:"Type"`
}

// EnabledServicePrincipal is a service with trusted access to the organization.
type EnabledServicePrincipal struct {
	ServicePrincipal string `json:"ServicePrincipal"`
	DateEnabled      Time   `json:"DateEnabled,omitzero"`
}

// DelegatedAdministrator is an account registered as a delegated
// administrator, with the account's details.
type DelegatedAdministrator struct {
	ID                    string `json:"Id"`
	Arn                   string `json:"Arn,omitempty"`
	Email                 string `json:"Email"`
	Name                  string `json:"Name"`
	Status                string `json:"Status"`
	State                 string `json:"State"`
	JoinedMethod          string `json:"JoinedMethod,omitempty"`
	JoinedTimestamp       Time   `json:"JoinedTimestamp,omitzero"`
	DelegationEnabledDate Time   `json:"DelegationEnabledDate,omitzero"`
}

// Delegation is one account registered for one service principal.
type Delegation struct {
	OrgID            string
	AccountID        string
	ServicePrincipal string
	EnabledAt        Time
}

// DelegatedService is a service an account is a delegated administrator for.
type DelegatedService struct {
	ServicePrincipal      string `json:"ServicePrincipal"`
	DelegationEnabledDate Time   `json:"DelegationEnabledDate,omitzero"`
}

// AccessKey is a credential that identifies a principal of an account: a
// long-term key of an IAM user, or the temporary credentials of a role
// session (with a session token and an expiry).
type AccessKey struct {
	AccessKeyID     string
	SecretAccessKey string
	AccountID       string
	CreatedAt       Time
	// Principal is the ARN of the identity the key belongs to: an IAM user
	// or an STS assumed-role session. Empty means the account's root user.
	Principal string
	// SessionToken and Expires are set for temporary credentials.
	SessionToken string
	Expires      Time
}
