package org

// Handshake states, actions, party types and resource types of the model.
const (
	HandshakeRequested = "REQUESTED"
	HandshakeOpen      = "OPEN"
	HandshakeCanceled  = "CANCELED"
	HandshakeAccepted  = "ACCEPTED"
	HandshakeDeclined  = "DECLINED"
	HandshakeExpired   = "EXPIRED"

	ActionInvite                 = "INVITE"
	ActionEnableAllFeatures      = "ENABLE_ALL_FEATURES"
	ActionApproveAllFeatures     = "APPROVE_ALL_FEATURES"
	ActionTransferResponsibility = "TRANSFER_RESPONSIBILITY"

	PartyAccount      = "ACCOUNT"
	PartyOrganization = "ORGANIZATION"
	PartyEmail        = "EMAIL"

	ResourceAccount                = "ACCOUNT"
	ResourceOrganization           = "ORGANIZATION"
	ResourceOrganizationFeatureSet = "ORGANIZATION_FEATURE_SET"
	ResourceEmail                  = "EMAIL"
	ResourceMasterEmail            = "MASTER_EMAIL"
	ResourceMasterName             = "MASTER_NAME"
	ResourceNotes                  = "NOTES"
	ResourceParentHandshake        = "PARENT_HANDSHAKE"
	ResourceResponsibilityTransfer = "RESPONSIBILITY_TRANSFER"
	ResourceTransferStartTimestamp = "TRANSFER_START_TIMESTAMP"
	ResourceTransferType           = "TRANSFER_TYPE"
	ResourceManagementAccount      = "MANAGEMENT_ACCOUNT"
	ResourceManagementEmail        = "MANAGEMENT_EMAIL"
	ResourceManagementName         = "MANAGEMENT_NAME"
)

// HandshakeClosed reports whether a handshake state is final.
func HandshakeClosed(state string) bool {
	switch state {
	case HandshakeCanceled, HandshakeAccepted, HandshakeDeclined, HandshakeExpired:
		return true
	}
	return false
}

// HandshakeParty is a participant in a handshake.
type HandshakeParty struct {
	ID   string `json:"Id"`
	Type string `json:"Type"`
}

// HandshakeResource is a detail of a handshake, possibly with details of
// its own.
type HandshakeResource struct {
	Value     string              `json:"Value"`
	Type      string              `json:"Type"`
	Resources []HandshakeResource `json:"Resources,omitempty"`
}

// Handshake is the exchange of an invitation, a request to enable all
// features, or a responsibility transfer between a sender and a recipient.
type Handshake struct {
	ID                  string              `json:"Id"`
	Arn                 string              `json:"Arn,omitempty"`
	Parties             []HandshakeParty    `json:"Parties"`
	State               string              `json:"State"`
	RequestedTimestamp  Time                `json:"RequestedTimestamp,omitzero"`
	ExpirationTimestamp Time                `json:"ExpirationTimestamp,omitzero"`
	Action              string              `json:"Action"`
	Resources           []HandshakeResource `json:"Resources,omitempty"`

	// OrgID is the sender's organization.
	OrgID string `json:"-"`
	// AccountID is the recipient account: the invitee, the member asked to
	// approve all features, the management account that finalizes them, or
	// the management account invited to a transfer.
	AccountID string `json:"-"`
	// ParentID is the handshake this one belongs to (an ENABLE_ALL_FEATURES
	// request under the organization's APPROVE_ALL_FEATURES handshake).
	ParentID string `json:"-"`
	// Tags are applied to the account when an invitation is accepted.
	Tags []Tag `json:"-"`
	// TransferID is the responsibility transfer a TRANSFER_RESPONSIBILITY
	// handshake proposes.
	TransferID string `json:"-"`
	// ClosedAt is when the handshake reached a final state; zero while open.
	ClosedAt Time `json:"-"`
}

// Responsibility transfer statuses and types.
const (
	TransferRequested = "REQUESTED"
	TransferDeclined  = "DECLINED"
	TransferCanceled  = "CANCELED"
	TransferExpired   = "EXPIRED"
	TransferAccepted  = "ACCEPTED"
	TransferWithdrawn = "WITHDRAWN"

	TransferBilling = "BILLING"
)

// TransferParticipant is a management account on one side of a transfer.
type TransferParticipant struct {
	ManagementAccountID    string `json:"ManagementAccountId,omitempty"`
	ManagementAccountEmail string `json:"ManagementAccountEmail,omitempty"`
}

// ResponsibilityTransfer is an arrangement in which one organization's
// management account (the source) lets another organization's management
// account (the target) take on a responsibility, such as billing.
type ResponsibilityTransfer struct {
	Arn               string              `json:"Arn,omitempty"`
	Name              string              `json:"Name"`
	ID                string              `json:"Id"`
	Type              string              `json:"Type"`
	Status            string              `json:"Status"`
	Source            TransferParticipant `json:"Source"`
	Target            TransferParticipant `json:"Target"`
	StartTimestamp    Time                `json:"StartTimestamp,omitzero"`
	EndTimestamp      Time                `json:"EndTimestamp,omitzero"`
	ActiveHandshakeID string              `json:"ActiveHandshakeId,omitempty"`

	// SourceOrgID and TargetOrgID are the organizations of the two sides;
	// TargetName is the name the target gave the transfer, which it sees
	// in place of the source's.
	SourceOrgID string `json:"-"`
	TargetOrgID string `json:"-"`
	TargetName  string `json:"-"`
}

// ResourcePolicySummary identifies an organization's resource policy.
type ResourcePolicySummary struct {
	ID  string `json:"Id"`
	Arn string `json:"Arn,omitempty"`
}

// ResourcePolicy is the resource-based delegation policy of an
// organization: which accounts may call which Organizations actions.
type ResourcePolicy struct {
	ResourcePolicySummary ResourcePolicySummary `json:"ResourcePolicySummary"`
	Content               string                `json:"Content"`

	OrgID string `json:"-"`
}
