package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"canopy/org"
	"canopy/store"
)

// Policy types and service principals the fixtures use.
const (
	typeSCP = "SERVICE_CONTROL_POLICY"
	typeTag = "TAG_POLICY"

	svcConfig   = "config.amazonaws.com"
	svcSecurity = "securityhub.amazonaws.com"
)

// at returns a Time n seconds and n milliseconds after a fixed instant, so
// that every fixture time has a non-zero millisecond part.
func at(n int) org.Time {
	base := time.Date(2024, 3, 4, 5, 6, 7, 891_000_000, time.UTC)
	return org.NewTime(base.Add(time.Duration(n) * (time.Second + time.Millisecond)))
}

// managedPolicy is an AWS-managed policy: it has no organization and every
// organization sees it.
var managedPolicy = org.Policy{
	PolicySummary: org.PolicySummary{
		ID:          "p-FullAWSAccess",
		Arn:         "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
		Name:        "FullAWSAccess",
		Description: "Allows access to every operation",
		Type:        typeSCP,
		AwsManaged:  true,
	},
	Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
}

// world is one organization holding one record of every kind, for the
// tests that need a populated store rather than particular records.
type world struct {
	Org         org.Organization
	Root        org.Root
	OU          org.OrganizationalUnit
	Master      org.Account
	Member      org.Account
	Policy      org.Policy
	Attachments []org.Attachment
	Tags        []org.Tag
	Service     org.EnabledServicePrincipal
	Delegation  org.Delegation
	CAS         org.CreateAccountStatus
	Key         org.AccessKey
	// Session is temporary credentials, which DeleteExpiredAccessKeys may
	// remove.
	Session org.AccessKey
	// Handshake is an invitation the organization sent to Invitee, an
	// account outside it.
	Handshake org.Handshake
	Invitee   string
	// Transfer is offered to an organization that is no world's.
	Transfer       org.ResponsibilityTransfer
	ResourcePolicy org.ResourcePolicy
}

// newWorld builds a world whose IDs are made from the letter c and the
// digit d, so that two worlds never share a key.
func newWorld(c, d string) world {
	orgID := "o-" + strings.Repeat(c, 10)
	rootID := "r-" + strings.Repeat(c, 4)
	ouID := "ou-" + strings.Repeat(c, 4) + "-" + strings.Repeat(d, 8)
	master := strings.Repeat(d, 11) + "0"
	member := strings.Repeat(d, 11) + "1"
	invitee := strings.Repeat(d, 11) + "2"
	targetOrg := "o-" + strings.Repeat(d, 10)
	handshakeID := "h-" + strings.Repeat(c, 10)
	transferID := "rt-" + strings.Repeat(c, 8)
	policyID := "p-" + strings.Repeat(c, 8)
	w := world{
		Org: org.Organization{
			ID: orgID, FeatureSet: org.FeatureSetAll, MasterAccountID: master, CreatedAt: at(1),
		},
		Root: org.Root{
			ID: rootID, Arn: "arn:aws:organizations::" + master + ":root/" + orgID + "/" + rootID,
			Name: "Root", OrgID: orgID,
			PolicyTypes: []org.PolicyTypeSummary{{Type: typeSCP, Status: "ENABLED"}},
		},
		OU: org.OrganizationalUnit{
			ID: ouID, Arn: "arn:aws:organizations::" + master + ":ou/" + orgID + "/" + ouID,
			Name: "Workloads " + c, Path: orgID + "/" + rootID + "/" + ouID + "/",
			OrgID: orgID, ParentID: rootID, Depth: 1,
		},
		Master: org.Account{
			ID: master, Arn: "arn:aws:organizations::" + master + ":account/" + orgID + "/" + master,
			Email: "master-" + c + d + "@example.com", Name: "Master " + c, Status: org.AccountActive,
			State: "ACTIVE", JoinedMethod: org.JoinedInvited, JoinedTimestamp: at(2),
			OrgID: orgID, ParentID: rootID, CreatedAt: at(1),
		},
		Member: org.Account{
			ID: member, Arn: "arn:aws:organizations::" + master + ":account/" + orgID + "/" + member,
			Email: "member-" + c + d + "@example.com", Name: "Member " + c, Status: org.AccountActive,
			State: "ACTIVE", Paths: []string{orgID + "/" + rootID + "/" + ouID + "/" + member + "/"},
			JoinedMethod: org.JoinedCreated, JoinedTimestamp: at(3),
			OrgID: orgID, ParentID: ouID, CreatedAt: at(3), RoleName: "OrganizationAccountAccessRole",
		},
		Policy: org.Policy{
			PolicySummary: org.PolicySummary{
				ID: policyID, Arn: "arn:aws:organizations::" + master + ":policy/" + orgID + "/service_control_policy/" + policyID,
				Name: "Deny " + c, Description: "denies " + c, Type: typeSCP,
			},
			Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`,
			OrgID:   orgID,
		},
		Tags:       []org.Tag{{Key: "env", Value: "prod-" + c}, {Key: "team", Value: d}},
		Service:    org.EnabledServicePrincipal{ServicePrincipal: svcConfig, DateEnabled: at(4)},
		Delegation: org.Delegation{OrgID: orgID, AccountID: member, ServicePrincipal: svcSecurity, EnabledAt: at(5)},
		CAS: org.CreateAccountStatus{
			ID: "car-" + strings.Repeat(c, 8), AccountName: "Member " + c, State: org.CreateInProgress,
			RequestedTimestamp: at(6), OrgID: orgID, Email: "new-" + c + "@example.com",
			RoleName: "OrganizationAccountAccessRole", Tags: []org.Tag{{Key: "k", Value: c}}, DueAt: at(7),
		},
		Key: org.AccessKey{
			AccessKeyID: "AKIA" + strings.Repeat(strings.ToUpper(c), 16), SecretAccessKey: "secret-" + c,
			AccountID: master, CreatedAt: at(8),
			Principal: "arn:aws:iam::" + master + ":user/admin-" + c,
		},
		Session: org.AccessKey{
			AccessKeyID: "ASIA" + strings.Repeat(strings.ToUpper(c), 16), SecretAccessKey: "session-" + c,
			AccountID: member, CreatedAt: at(9),
			Principal:    "arn:aws:sts::" + member + ":assumed-role/OrganizationAccountAccessRole/" + c,
			SessionToken: "token-" + c, Expires: at(10),
		},
		Handshake: org.Handshake{
			ID: handshakeID, Arn: "arn:aws:organizations::" + master + ":handshake/" + orgID + "/invite/" + handshakeID,
			Parties: []org.HandshakeParty{
				{ID: orgID, Type: org.PartyOrganization},
				{ID: invitee, Type: org.PartyAccount},
			},
			State: org.HandshakeOpen, RequestedTimestamp: at(11), ExpirationTimestamp: at(12),
			Action: org.ActionInvite,
			Resources: []org.HandshakeResource{
				{Value: orgID, Type: org.ResourceOrganization, Resources: []org.HandshakeResource{
					{Value: "master-" + c + d + "@example.com", Type: org.ResourceMasterEmail},
					{Value: "Master " + c, Type: org.ResourceMasterName},
				}},
				{Value: invitee, Type: org.ResourceAccount},
			},
			OrgID: orgID, AccountID: invitee, Tags: []org.Tag{{Key: "invited", Value: c}},
		},
		Invitee: invitee,
		Transfer: org.ResponsibilityTransfer{
			Arn:  "arn:aws:organizations::" + master + ":transfer/" + orgID + "/" + transferID,
			Name: "Billing " + c, ID: transferID, Type: org.TransferBilling, Status: org.TransferRequested,
			Source: org.TransferParticipant{ManagementAccountID: master, ManagementAccountEmail: "master-" + c + d + "@example.com"},
			Target: org.TransferParticipant{ManagementAccountID: strings.Repeat(d, 11) + "3",
				ManagementAccountEmail: "target-" + c + d + "@example.com"},
			StartTimestamp: at(13), SourceOrgID: orgID, TargetOrgID: targetOrg,
		},
		ResourcePolicy: org.ResourcePolicy{
			ResourcePolicySummary: org.ResourcePolicySummary{
				ID:  "rp-" + strings.Repeat(c, 8),
				Arn: "arn:aws:organizations::" + master + ":resourcepolicy/" + orgID + "/rp-" + strings.Repeat(c, 8),
			},
			Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + member +
				`"},"Action":"organizations:DescribeOrganization","Resource":"*"}]}`,
			OrgID: orgID,
		},
	}
	w.Attachments = []org.Attachment{
		{OrgID: orgID, PolicyID: managedPolicy.PolicySummary.ID, PolicyType: typeSCP, TargetID: rootID, TargetType: org.TypeRoot},
		{OrgID: orgID, PolicyID: managedPolicy.PolicySummary.ID, PolicyType: typeSCP, TargetID: member, TargetType: org.TypeAccount},
		{OrgID: orgID, PolicyID: policyID, PolicyType: typeSCP, TargetID: ouID, TargetType: org.TypeOU},
	}
	return w
}

// put writes every record of the world, and the managed policy.
func (w *world) put(tx store.Tx) error {
	mp := managedPolicy
	err := errors.Join(
		tx.InsertOrganization(&w.Org),
		tx.PutRoot(&w.Root),
		tx.PutOU(&w.OU),
		tx.PutAccount(&w.Master),
		tx.PutAccount(&w.Member),
		tx.PutPolicy(&mp),
		tx.PutPolicy(&w.Policy),
	)
	for i := range w.Attachments {
		err = errors.Join(err, tx.InsertAttachment(&w.Attachments[i]))
	}
	return errors.Join(err,
		tx.SetTags(w.Org.ID, w.Member.ID, w.Tags),
		tx.SetTags(w.Org.ID, w.OU.ID, w.Tags[:1]),
		tx.PutServiceAccess(w.Org.ID, w.Service),
		tx.InsertDelegation(w.Delegation),
		tx.PutCreateAccountStatus(&w.CAS),
		tx.PutAccessKey(&w.Key),
		tx.PutAccessKey(&w.Session),
		tx.PutHandshake(&w.Handshake),
		tx.PutTransfer(&w.Transfer),
		tx.PutResourcePolicy(&w.ResourcePolicy),
	)
}

// observe describes, one line per read, everything a store holds about the
// worlds and what every organization shares, so that tests can check that
// some operation changed nothing.
func observe(t *testing.T, s store.Store, worlds ...world) []string {
	t.Helper()
	return observeLines(t, s, true, worlds)
}

// observeOwn is observe without what organizations share.
func observeOwn(t *testing.T, s store.Store, worlds ...world) []string {
	t.Helper()
	return observeLines(t, s, false, worlds)
}

func observeLines(t *testing.T, s store.Store, shared bool, worlds []world) []string {
	t.Helper()
	var lines []string
	add := func(label string, v any, err error) {
		switch {
		case errors.Is(err, store.ErrNotFound):
			lines = append(lines, label+": not found")
		case err != nil:
			lines = append(lines, fmt.Sprintf("%s: error %v", label, err))
		default:
			if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.Len() == 0 {
				v = nil
			}
			lines = append(lines, fmt.Sprintf("%s: %+v", label, canon(v)))
		}
	}
	view(t, s, func(tx store.Tx) error {
		for _, w := range worlds {
			o := w.Org.ID
			v0, err := tx.GetOrganization(o)
			add(o+" organization", v0, err)
			v1, err := tx.GetRoot(w.Root.ID)
			add(o+" root", v1, err)
			v2, err := tx.GetOU(w.OU.ID)
			add(o+" OU", v2, err)
			for _, a := range []org.Account{w.Master, w.Member} {
				v, err := tx.GetAccount(a.ID)
				add(o+" account "+a.ID, v, err)
				v, err = tx.GetAccountByEmail(a.Email)
				add(o+" account by email "+a.Email, v, err)
			}
			v3, err := tx.GetPolicy(w.Policy.PolicySummary.ID)
			add(o+" policy", v3, err)
			v4, err := tx.GetCreateAccountStatus(w.CAS.ID)
			add(o+" create account status", v4, err)
			v5, err := tx.GetAccessKey(w.Key.AccessKeyID)
			add(o+" access key", v5, err)
			v6, err := tx.ListAccounts(o, store.Page{})
			add(o+" accounts", v6, err)
			v6, err = tx.ListAccountsForParent(w.Root.ID, store.Page{})
			add(o+" accounts under root", v6, err)
			v6, err = tx.ListAccountsForParent(w.OU.ID, store.Page{})
			add(o+" accounts under OU", v6, err)
			n, err := tx.CountAccounts(o)
			add(o+" account count", n, err)
			v7, err := tx.ListRoots(o, store.Page{})
			add(o+" roots", v7, err)
			v8, err := tx.ListOUsForParent(w.Root.ID, store.Page{})
			add(o+" OUs", v8, err)
			n, err = tx.CountOUs(o)
			add(o+" OU count", n, err)
			v9, err := tx.ListPolicies(o, typeSCP, store.Page{})
			add(o+" policies", v9, err)
			n, err = tx.CountPolicies(o, typeSCP)
			add(o+" policy count", n, err)
			for _, target := range []string{w.Root.ID, w.OU.ID, w.Member.ID} {
				v, err := tx.ListAttachmentsForTarget(target, "")
				add(o+" attachments on "+target, v, err)
			}
			for _, p := range []string{w.Policy.PolicySummary.ID, managedPolicy.PolicySummary.ID} {
				v, err := tx.ListAttachmentsForPolicy(o, p, store.Page{})
				add(o+" attachments of "+p, v, err)
			}
			for _, r := range []string{w.Member.ID, w.OU.ID} {
				v, err := tx.ListTags(r)
				add(o+" tags of "+r, v, err)
			}
			v10, err := tx.ListServiceAccess(o, store.Page{})
			add(o+" service access", v10, err)
			v11, err := tx.ListDelegations(o, "", "")
			add(o+" delegations", v11, err)
			v12, err := tx.ListCreateAccountStatuses(o, nil, store.Page{})
			add(o+" create account statuses", v12, err)
			v5, err = tx.GetAccessKey(w.Session.AccessKeyID)
			add(o+" session key", v5, err)
			v13, err := tx.GetHandshake(w.Handshake.ID)
			add(o+" handshake", v13, err)
			v14, err := tx.ListHandshakesForOrganization(o, store.Page{})
			add(o+" handshakes sent", v14, err)
			v14, err = tx.ListHandshakesForAccount(w.Invitee, store.Page{})
			add(o+" handshakes to "+w.Invitee, v14, err)
			v15, err := tx.GetTransfer(w.Transfer.ID)
			add(o+" transfer", v15, err)
			v16, err := tx.ListTransfersBySource(o, store.Page{})
			add(o+" transfers offered", v16, err)
			v16, err = tx.ListTransfersByTarget(w.Transfer.TargetOrgID, store.Page{})
			add(o+" transfers to "+w.Transfer.TargetOrgID, v16, err)
			v17, err := tx.GetResourcePolicy(o)
			add(o+" resource policy", v17, err)
		}
		if !shared {
			return nil
		}
		v0, err := tx.GetPolicy(managedPolicy.PolicySummary.ID)
		add("managed policy", v0, err)
		v1, err := tx.ListAccountsByStatus("", org.AccountActive, store.Page{})
		add("active accounts", v1, err)
		v2, err := tx.ListPendingCreateAccountStatuses(0)
		add("pending create account statuses", v2, err)
		return nil
	})
	return lines
}

// sameLines fails the test at the first line where got and want differ.
func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("%s: line %d: got %v, want %v", what, i, g, w)
			return
		}
	}
}
