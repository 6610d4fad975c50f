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
