// Package store defines the persistence contract the engine needs. It holds
// no rules: every rule of AWS Organizations lives in package engine, once,
// so that each store (store/sqlite today, a PostgreSQL store later) only has
// to keep and find records. store/storetest is the conformance suite that
// every implementation must pass.
package store

import (
	"context"
	"errors"

	"canopy/org"
)

// ErrNotFound is returned (possibly wrapped) by every Get method when no
// record has the key asked for.
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned when an insert would duplicate a unique key: a
// primary key, an account email, or an OU name under one parent.
var ErrConflict = errors.New("store: conflict")

// Store opens transactions. One engine operation runs in exactly one
// transaction: either all of its writes are kept, or none are.
type Store interface {
	// Update runs fn in a read-write transaction and commits it when fn
	// returns nil; any error from fn rolls it back and is returned as is.
	// Update transactions are serializable: concurrent Updates behave as if
	// run one after another. When Update returns nil the writes are durable.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction that sees one consistent
	// snapshot. Write methods called inside View fail.
	View(ctx context.Context, fn func(Tx) error) error
	// Reset deletes every record, keeping the schema and the metadata
	// (such as the pagination secret).
	Reset(ctx context.Context) error
	// Ping reports whether the store is usable.
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close() error
}

// Page bounds a list: records whose sort key is greater than After, at most
// Limit of them (Limit <= 0 means no limit).
type Page struct {
	After string
	Limit int
}

// Tx is one transaction. Methods return ErrNotFound or ErrConflict (possibly
// wrapped) as documented, and other errors for faults of the store itself.
// A write refused with ErrConflict leaves the transaction usable: the engine
// may handle the error and go on. Emails compare case-insensitively as
// strings.ToLower folds them (beyond ASCII).
// List methods return records in ascending order of their sort key, which is
// the ID unless noted; Page.After is compared with that key.
type Tx interface {
	// GetMeta returns a metadata value, or ErrNotFound.
	GetMeta(key string) (string, error)
	// SetMeta sets a metadata value.
	SetMeta(key, value string) error

	// GetOrganization returns an organization by ID, or ErrNotFound.
	// AvailablePolicyTypes, MasterAccountEmail and the ARNs are not stored.
	GetOrganization(id string) (*org.Organization, error)
	// InsertOrganization adds an organization; ErrConflict if its ID exists.
	InsertOrganization(o *org.Organization) error
	// UpdateOrganization replaces an organization's FeatureSet and
	// MasterAccountID; ErrNotFound if it does not exist.
	UpdateOrganization(o *org.Organization) error
	// DeleteOrganization removes an organization and everything that belongs
	// to it: roots, OUs, customer policies, attachments, tags, service
	// access, delegations, CreateAccount statuses, the handshakes it sent
	// and its resource policy. Accounts still in it become standalone
	// (OrgID and ParentID cleared); responsibility transfers are kept, as
	// the other organization's record. ErrNotFound if absent.
	DeleteOrganization(id string) error

	// GetAccount returns an account by ID, or ErrNotFound.
	GetAccount(id string) (*org.Account, error)
	// GetAccountByEmail returns the account with this email, compared
	// case-insensitively, or ErrNotFound.
	GetAccountByEmail(email string) (*org.Account, error)
	// PutAccount inserts or replaces an account. ErrConflict if another
	// account already has the same email (case-insensitively).
	PutAccount(a *org.Account) error
	// ListAccounts lists the accounts of an organization.
	ListAccounts(orgID string, p Page) ([]org.Account, error)
	// ListAccountsForParent lists the accounts directly under a root or OU.
	ListAccountsForParent(parentID string, p Page) ([]org.Account, error)
	// ListAccountsByStatus lists the accounts of an organization that have a
	// status; an empty orgID lists them in every organization.
	ListAccountsByStatus(orgID, status string, p Page) ([]org.Account, error)
	// CountAccounts counts the accounts of an organization.
	CountAccounts(orgID string) (int, error)

	// GetRoot returns a root by ID, or ErrNotFound.
	GetRoot(id string) (*org.Root, error)
	// PutRoot inserts or replaces a root, including its PolicyTypes.
	PutRoot(r *org.Root) error
	// ListRoots lists the roots of an organization.
	ListRoots(orgID string, p Page) ([]org.Root, error)

	// GetOU returns an OU by ID, or ErrNotFound.
	GetOU(id string) (*org.OrganizationalUnit, error)
	// PutOU inserts or replaces an OU. ErrConflict if another OU under the
	// same parent has the same name (compared exactly).
	PutOU(ou *org.OrganizationalUnit) error
	// DeleteOU removes an OU, or returns ErrNotFound.
	DeleteOU(id string) error
	// ListOUsForParent lists the OUs directly under a root or OU.
	ListOUsForParent(parentID string, p Page) ([]org.OrganizationalUnit, error)
	// CountOUs counts the OUs of an organization.
	CountOUs(orgID string) (int, error)

	// GetPolicy returns a policy by ID, or ErrNotFound. AWS-managed policies
	// (OrgID "") are found from every organization.
	GetPolicy(id string) (*org.Policy, error)
	// PutPolicy inserts or replaces a policy. ErrConflict if another policy
	// of the same organization and type has the same name.
	PutPolicy(p *org.Policy) error
	// DeletePolicy removes a policy, or returns ErrNotFound.
	DeletePolicy(id string) error
	// ListPolicies lists the policies of one type visible to an
	// organization: its own and the AWS-managed ones.
	ListPolicies(orgID, policyType string, p Page) ([]org.Policy, error)
	// CountPolicies counts an organization's own policies of one type.
	CountPolicies(orgID, policyType string) (int, error)

	// InsertAttachment attaches a policy to a target, giving it the next Seq
	// of the store and writing that Seq into a. ErrConflict if that policy is
	// already on that target.
	InsertAttachment(a *org.Attachment) error
	// DeleteAttachment detaches a policy from a target, or ErrNotFound.
	DeleteAttachment(policyID, targetID string) error
	// ListAttachmentsForTarget lists the policies of one type attached
	// directly to a target, in attachment (Seq) order. An empty policyType
	// lists every type.
	ListAttachmentsForTarget(targetID, policyType string) ([]org.Attachment, error)
	// ListPoliciesAttachedTo returns the policies of one type attached
	// directly to a target, with their content, in attachment (Seq) order.
	// An empty policyType returns every type.
	ListPoliciesAttachedTo(targetID, policyType string) ([]org.AttachedPolicy, error)
	// ListAttachmentsForPolicy lists the targets a policy is attached to,
	// sorted by target ID.
	ListAttachmentsForPolicy(orgID, policyID string, p Page) ([]org.Attachment, error)
	// DeleteAttachmentsForTarget detaches every policy from a target.
	DeleteAttachmentsForTarget(targetID string) error
	// DeleteAttachmentsOfType detaches every policy of one type throughout
	// an organization.
	DeleteAttachmentsOfType(orgID, policyType string) error

	// ListTags returns the tags of a resource, sorted by key.
	ListTags(resourceID string) ([]org.Tag, error)
	// SetTags replaces all the tags of a resource of an organization (an
	// empty list removes them all).
	SetTags(orgID, resourceID string, tags []org.Tag) error

	// ListServiceAccess lists the service principals with trusted access,
	// sorted by principal.
	ListServiceAccess(orgID string, p Page) ([]org.EnabledServicePrincipal, error)
	// PutServiceAccess enables trusted access for a principal; enabling an
	// enabled one keeps its original date.
	PutServiceAccess(orgID string, s org.EnabledServicePrincipal) error
	// DeleteServiceAccess disables trusted access; no error if not enabled.
	DeleteServiceAccess(orgID, principal string) error

	// ListDelegations lists an organization's delegated administrator
	// registrations, sorted by account ID then service principal. Empty
	// accountID or principal match all.
	ListDelegations(orgID, accountID, principal string) ([]org.Delegation, error)
	// InsertDelegation registers an account for a service; ErrConflict if
	// it is already registered for it.
	InsertDelegation(d org.Delegation) error
	// DeleteDelegation deregisters an account for a service, or ErrNotFound.
	DeleteDelegation(orgID, accountID, principal string) error

	// GetCreateAccountStatus returns a CreateAccount request by ID, or
	// ErrNotFound.
	GetCreateAccountStatus(id string) (*org.CreateAccountStatus, error)
	// PutCreateAccountStatus inserts or replaces a CreateAccount request.
	PutCreateAccountStatus(s *org.CreateAccountStatus) error
	// ListCreateAccountStatuses lists an organization's CreateAccount
	// requests whose State is one of states (all when states is empty).
	ListCreateAccountStatuses(orgID string, states []string, p Page) ([]org.CreateAccountStatus, error)
	// ListPendingCreateAccountStatuses lists the IN_PROGRESS requests of every
	// organization, soonest DueAt first and, among those due together, in
	// the order they were requested. A limit <= 0 means no limit.
	ListPendingCreateAccountStatuses(limit int) ([]org.CreateAccountStatus, error)

	// GetAccessKey returns an access key by ID, or ErrNotFound.
	GetAccessKey(id string) (*org.AccessKey, error)
	// PutAccessKey inserts or replaces an access key.
	PutAccessKey(k *org.AccessKey) error
	// DeleteExpiredAccessKeys removes the temporary credentials that
	// expired before a time and returns how many it removed.
	DeleteExpiredAccessKeys(before org.Time) (int, error)

	// GetHandshake returns a handshake by ID, or ErrNotFound.
	GetHandshake(id string) (*org.Handshake, error)
	// PutHandshake inserts or replaces a handshake.
	PutHandshake(h *org.Handshake) error
	// ListHandshakesForAccount lists the handshakes addressed to an account.
	ListHandshakesForAccount(accountID string, p Page) ([]org.Handshake, error)
	// ListHandshakesForOrganization lists the handshakes an organization
	// sent. DeleteOrganization removes them.
	ListHandshakesForOrganization(orgID string, p Page) ([]org.Handshake, error)
	// DeleteHandshakesEndedBefore removes the handshakes that closed, or
	// expired while open, before a time, and returns how many it removed.
	DeleteHandshakesEndedBefore(before org.Time) (int, error)
	// ListHandshakesByAction lists the handshakes of one action an
	// organization sent.
	ListHandshakesByAction(orgID, action string, p Page) ([]org.Handshake, error)

	// GetTransfer returns a responsibility transfer by ID, or ErrNotFound.
	GetTransfer(id string) (*org.ResponsibilityTransfer, error)
	// PutTransfer inserts or replaces a responsibility transfer.
	PutTransfer(t *org.ResponsibilityTransfer) error
	// ListTransfersBySource lists the transfers an organization offered.
	ListTransfersBySource(orgID string, p Page) ([]org.ResponsibilityTransfer, error)
	// ListTransfersByTarget lists the transfers offered to an organization.
	ListTransfersByTarget(orgID string, p Page) ([]org.ResponsibilityTransfer, error)

	// PolicyChangedAt returns when the policies that apply through a root,
	// OU or account last changed in a way its attachments do not show (a
	// detachment, a move, a policy type disabled); zero if never.
	PolicyChangedAt(targetID string) (org.Time, error)
	// SetPolicyChangedAt records such a change. DeleteOrganization removes
	// the organization's records.
	SetPolicyChangedAt(orgID, targetID string, at org.Time) error

	// GetResourcePolicy returns an organization's resource policy, or
	// ErrNotFound. DeleteOrganization removes it.
	GetResourcePolicy(orgID string) (*org.ResourcePolicy, error)
	// PutResourcePolicy inserts or replaces an organization's resource policy.
	PutResourcePolicy(rp *org.ResourcePolicy) error
	// DeleteResourcePolicy removes an organization's resource policy, or
	// returns ErrNotFound.
	DeleteResourcePolicy(orgID string) error
}
