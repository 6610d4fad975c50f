package org

// Request and response shapes of the operations, named and shaped as in the
// AWS service model (<Operation>Input is the model's <Operation>Request).
// Optional members whose absence differs from their zero value are pointers.

// Empty is the response of operations whose output has no members.
type Empty struct{}

// Paging holds the members every paginated request has.
type Paging struct {
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults int    `json:"MaxResults,omitempty"`
}

type CreateOrganizationInput struct {
	FeatureSet string `json:"FeatureSet,omitempty"`
}
type OrganizationOutput struct {
	Organization *Organization `json:"Organization"`
}
type ListRootsInput struct{ Paging }
type ListRootsOutput struct {
	Roots     []Root `json:"Roots"`
	NextToken string `json:"NextToken,omitempty"`
}
type PolicyTypeInput struct {
	RootID     string `json:"RootId"`
	PolicyType string `json:"PolicyType"`
}
type RootOutput struct {
	Root *Root `json:"Root"`
}

type CreateOrganizationalUnitInput struct {
	ParentID string `json:"ParentId"`
	Name     string `json:"Name"`
	Tags     []Tag  `json:"Tags,omitempty"`
}
type OrganizationalUnitInput struct {
	OrganizationalUnitID string `json:"OrganizationalUnitId"`
}
type UpdateOrganizationalUnitInput struct {
	OrganizationalUnitID string  `json:"OrganizationalUnitId"`
	Name                 *string `json:"Name,omitempty"`
}
type OrganizationalUnitOutput struct {
	OrganizationalUnit *OrganizationalUnit `json:"OrganizationalUnit"`
}
type ListOrganizationalUnitsForParentInput struct {
	ParentID string `json:"ParentId"`
	Paging
}
type ListOrganizationalUnitsForParentOutput struct {
	OrganizationalUnits []OrganizationalUnit `json:"OrganizationalUnits"`
	NextToken           string               `json:"NextToken,omitempty"`
}
type ListChildrenInput struct {
	ParentID  string `json:"ParentId"`
	ChildType string `json:"ChildType"`
	Paging
}
type ListChildrenOutput struct {
	Children  []Child `json:"Children"`
	NextToken string  `json:"NextToken,omitempty"`
}
type ListParentsInput struct {
	ChildID string `json:"ChildId"`
	Paging
}
type ListParentsOutput struct {
	Parents   []Parent `json:"Parents"`
	NextToken string   `json:"NextToken,omitempty"`
}

type CreateAccountInput struct {
	Email                  string `json:"Email"`
	AccountName            string `json:"AccountName"`
	RoleName               string `json:"RoleName,omitempty"`
	IamUserAccessToBilling string `json:"IamUserAccessToBilling,omitempty"`
	Tags                   []Tag  `json:"Tags,omitempty"`
}
type CreateAccountStatusOutput struct {
	CreateAccountStatus *CreateAccountStatus `json:"CreateAccountStatus"`
}
type DescribeCreateAccountStatusInput struct {
	CreateAccountRequestID string `json:"CreateAccountRequestId"`
}
type ListCreateAccountStatusInput struct {
	States []string `json:"States,omitempty"`
	Paging
}
type ListCreateAccountStatusOutput struct {
	CreateAccountStatuses []CreateAccountStatus `json:"CreateAccountStatuses"`
	NextToken             string                `json:"NextToken,omitempty"`
}
type AccountInput struct {
	AccountID string `json:"AccountId"`
}
type AccountOutput struct {
	Account *Account `json:"Account"`
}
type ListAccountsInput struct{ Paging }
type ListAccountsOutput struct {
	Accounts  []Account `json:"Accounts"`
	NextToken string    `json:"NextToken,omitempty"`
}
type ListAccountsForParentInput struct {
	ParentID string `json:"ParentId"`
	Paging
}
type MoveAccountInput struct {
	AccountID           string `json:"AccountId"`
	SourceParentID      string `json:"SourceParentId"`
	DestinationParentID string `json:"DestinationParentId"`
}

type CreatePolicyInput struct {
	Content     string `json:"Content"`
	Description string `json:"Description"`
	Name        string `json:"Name"`
	Type        string `json:"Type"`
	Tags        []Tag  `json:"Tags,omitempty"`
}
type PolicyInput struct {
	PolicyID string `json:"PolicyId"`
}
type UpdatePolicyInput struct {
	PolicyID    string  `json:"PolicyId"`
	Name        *string `json:"Name,omitempty"`
	Description *string `json:"Description,omitempty"`
	Content     *string `json:"Content,omitempty"`
}
type PolicyOutput struct {
	Policy *Policy `json:"Policy"`
}
type AttachPolicyInput struct {
	PolicyID string `json:"PolicyId"`
	TargetID string `json:"TargetId"`
}
type ListPoliciesInput struct {
	Filter string `json:"Filter"`
	Paging
}
type ListPoliciesOutput struct {
	Policies  []PolicySummary `json:"Policies"`
	NextToken string          `json:"NextToken,omitempty"`
}
type ListPoliciesForTargetInput struct {
	TargetID string `json:"TargetId"`
	Filter   string `json:"Filter"`
	Paging
}
type ListTargetsForPolicyInput struct {
	PolicyID string `json:"PolicyId"`
	Paging
}
type ListTargetsForPolicyOutput struct {
	Targets   []PolicyTargetSummary `json:"Targets"`
	NextToken string                `json:"NextToken,omitempty"`
}

type TagResourceInput struct {
	ResourceID string `json:"ResourceId"`
	Tags       []Tag  `json:"Tags"`
}
type UntagResourceInput struct {
	ResourceID string   `json:"ResourceId"`
	TagKeys    []string `json:"TagKeys"`
}
type ListTagsForResourceInput struct {
	ResourceID string `json:"ResourceId"`
	NextToken  string `json:"NextToken,omitempty"`
}
type ListTagsForResourceOutput struct {
	Tags      []Tag  `json:"Tags"`
	NextToken string `json:"NextToken,omitempty"`
}

type ServicePrincipalInput struct {
	ServicePrincipal string `json:"ServicePrincipal"`
}
type ListAWSServiceAccessForOrganizationInput struct{ Paging }
type ListAWSServiceAccessForOrganizationOutput struct {
	EnabledServicePrincipals []EnabledServicePrincipal `json:"EnabledServicePrincipals"`
	NextToken                string                    `json:"NextToken,omitempty"`
}
type DelegatedAdministratorInput struct {
	AccountID        string `json:"AccountId"`
	ServicePrincipal string `json:"ServicePrincipal"`
}
type ListDelegatedAdministratorsInput struct {
	ServicePrincipal string `json:"ServicePrincipal,omitempty"`
	Paging
}
type ListDelegatedAdministratorsOutput struct {
	DelegatedAdministrators []DelegatedAdministrator `json:"DelegatedAdministrators"`
	NextToken               string                   `json:"NextToken,omitempty"`
}
type ListDelegatedServicesForAccountInput struct {
	AccountID string `json:"AccountId"`
	Paging
}
type ListDelegatedServicesForAccountOutput struct {
	DelegatedServices []DelegatedService `json:"DelegatedServices"`
	NextToken         string             `json:"NextToken,omitempty"`
}

type DescribeEffectivePolicyInput struct {
	PolicyType string `json:"PolicyType"`
	TargetID   string `json:"TargetId,omitempty"`
}

// EffectivePolicy is the policy of one management type in force for an account.
type EffectivePolicy struct {
	PolicyContent        string `json:"PolicyContent"`
	LastUpdatedTimestamp Time   `json:"LastUpdatedTimestamp,omitzero"`
	TargetID             string `json:"TargetId"`
	PolicyType           string `json:"PolicyType"`
}
type DescribeEffectivePolicyOutput struct {
	EffectivePolicy *EffectivePolicy `json:"EffectivePolicy"`
}

// EffectivePolicyValidationError is one problem found while computing an
// account's effective policy.
type EffectivePolicyValidationError struct {
	ErrorCode            string   `json:"ErrorCode"`
	ErrorMessage         string   `json:"ErrorMessage"`
	PathToError          string   `json:"PathToError"`
	ContributingPolicies []string `json:"ContributingPolicies"`
}
type ListEffectivePolicyValidationErrorsInput struct {
	AccountID  string `json:"AccountId"`
	PolicyType string `json:"PolicyType"`
	Paging
}
type ListEffectivePolicyValidationErrorsOutput struct {
	AccountID                       string                           `json:"AccountId"`
	PolicyType                      string                           `json:"PolicyType"`
	Path                            string                           `json:"Path"`
	EvaluationTimestamp             Time                             `json:"EvaluationTimestamp,omitzero"`
	NextToken                       string                           `json:"NextToken,omitempty"`
	EffectivePolicyValidationErrors []EffectivePolicyValidationError `json:"EffectivePolicyValidationErrors"`
}
type ListAccountsWithInvalidEffectivePolicyInput struct {
	PolicyType string `json:"PolicyType"`
	Paging
}
type ListAccountsWithInvalidEffectivePolicyOutput struct {
	Accounts   []Account `json:"Accounts"`
	PolicyType string    `json:"PolicyType"`
	NextToken  string    `json:"NextToken,omitempty"`
}

// ContextEntry is a request context key and its values, as IAM's
// SimulateCustomPolicy takes them.
type ContextEntry struct {
	ContextKeyName   string   `json:"ContextKeyName"`
	ContextKeyValues []string `json:"ContextKeyValues"`
	ContextKeyType   string   `json:"ContextKeyType"`
}
type SimulateOrganizationPoliciesInput struct {
	AccountID              string         `json:"AccountId"`
	CallerArn              string         `json:"CallerArn,omitempty"`
	ActionNames            []string       `json:"ActionNames"`
	ResourceArns           []string       `json:"ResourceArns,omitempty"`
	ResourceOwnerAccountID string         `json:"ResourceOwnerAccountId,omitempty"`
	ContextEntries         []ContextEntry `json:"ContextEntries,omitempty"`
}

// MatchedStatement is a statement that decided an evaluation, and where its
// policy is attached.
type MatchedStatement struct {
	SourcePolicyID   string `json:"SourcePolicyId"`
	SourcePolicyType string `json:"SourcePolicyType"`
	TargetID         string `json:"TargetId"`
	Sid              string `json:"Sid"`
}

// OrganizationsDecisionDetail says whether the organization's policies allow.
type OrganizationsDecisionDetail struct {
	AllowedByOrganizations bool `json:"AllowedByOrganizations"`
}

// EvaluationResult is the decision for one action on one resource.
type EvaluationResult struct {
	EvalActionName              string                      `json:"EvalActionName"`
	EvalResourceName            string                      `json:"EvalResourceName"`
	EvalDecision                string                      `json:"EvalDecision"`
	MatchedStatements           []MatchedStatement          `json:"MatchedStatements"`
	MissingContextValues        []string                    `json:"MissingContextValues"`
	OrganizationsDecisionDetail OrganizationsDecisionDetail `json:"OrganizationsDecisionDetail"`
}
type SimulateOrganizationPoliciesOutput struct {
	EvaluationResults []EvaluationResult `json:"EvaluationResults"`
}

type InviteAccountToOrganizationInput struct {
	Target HandshakeParty `json:"Target"`
	Notes  string         `json:"Notes,omitempty"`
	Tags   []Tag          `json:"Tags,omitempty"`
}
type HandshakeInput struct {
	HandshakeID string `json:"HandshakeId"`
}
type HandshakeOutput struct {
	Handshake *Handshake `json:"Handshake"`
}

// HandshakeFilter selects handshakes by action or by parent handshake.
type HandshakeFilter struct {
	ActionType        string `json:"ActionType,omitempty"`
	ParentHandshakeID string `json:"ParentHandshakeId,omitempty"`
}
type ListHandshakesInput struct {
	Filter *HandshakeFilter `json:"Filter,omitempty"`
	Paging
}
type ListHandshakesOutput struct {
	Handshakes []Handshake `json:"Handshakes"`
	NextToken  string      `json:"NextToken,omitempty"`
}

type PutResourcePolicyInput struct {
	Content string `json:"Content"`
	Tags    []Tag  `json:"Tags,omitempty"`
}
type ResourcePolicyOutput struct {
	ResourcePolicy *ResourcePolicy `json:"ResourcePolicy"`
}

type InviteOrganizationToTransferResponsibilityInput struct {
	Type           string         `json:"Type"`
	Target         HandshakeParty `json:"Target"`
	Notes          string         `json:"Notes,omitempty"`
	StartTimestamp Time           `json:"StartTimestamp"`
	SourceName     string         `json:"SourceName"`
	Tags           []Tag          `json:"Tags,omitempty"`
}
type ResponsibilityTransferInput struct {
	ID string `json:"Id"`
}
type ResponsibilityTransferOutput struct {
	ResponsibilityTransfer *ResponsibilityTransfer `json:"ResponsibilityTransfer"`
}
type UpdateResponsibilityTransferInput struct {
	ID   string `json:"Id"`
	Name string `json:"Name"`
}
type TerminateResponsibilityTransferInput struct {
	ID           string `json:"Id"`
	EndTimestamp Time   `json:"EndTimestamp,omitzero"`
}
type ListInboundResponsibilityTransfersInput struct {
	Type string `json:"Type"`
	ID   string `json:"Id,omitempty"`
	Paging
}
type ListOutboundResponsibilityTransfersInput struct {
	Type string `json:"Type"`
	Paging
}
type ListResponsibilityTransfersOutput struct {
	ResponsibilityTransfers []ResponsibilityTransfer `json:"ResponsibilityTransfers"`
	NextToken               string                   `json:"NextToken,omitempty"`
}
