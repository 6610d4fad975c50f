package engine

import (
	"context"
	"fmt"
	"slices"

	"canopy/internal/ids"
	"canopy/org"
	"canopy/store"
)

// ensureAccount returns the account with id, making it a standalone account
// if Canopy has not seen it: in development mode any account ID may call.
func (e *Engine) ensureAccount(tx store.Tx, id string) (*org.Account, error) {
	a, err := tx.GetAccount(id)
	if err == nil || !notFound(err) {
		return a, err
	}
	a = &org.Account{
		ID:        id,
		Email:     id + "@example.com",
		Name:      "Account " + id,
		Status:    org.AccountActive,
		State:     org.AccountActive,
		CreatedAt: e.timestamp(),
	}
	return a, tx.PutAccount(a)
}

// CreateOrganization makes the caller's account the management account of a
// new organization with one root.
func (e *Engine) CreateOrganization(ctx context.Context, in *org.CreateOrganizationInput) (*org.OrganizationOutput, error) {
	featureSet := in.FeatureSet
	if featureSet == "" {
		featureSet = org.FeatureSetAll
	}
	var out *org.Organization
	err := e.update(ctx, func(tx store.Tx) error {
		c, err := callerOf(ctx, tx)
		if err != nil {
			return err
		}
		acct, err := e.ensureAccount(tx, c.AccountID)
		if err != nil {
			return err
		}
		if acct.OrgID != "" {
			return org.Errorf(org.ErrAlreadyInOrganization, "The provided account is already a member of an organization.")
		}
		now := e.timestamp()
		o := &org.Organization{ID: ids.Organization(), FeatureSet: featureSet, MasterAccountID: acct.ID, CreatedAt: now}
		if err := tx.InsertOrganization(o); err != nil {
			return err
		}
		root := &org.Root{ID: ids.Root(), Name: "Root", OrgID: o.ID, PolicyTypes: []org.PolicyTypeSummary{}}
		if err := tx.PutRoot(root); err != nil {
			return err
		}
		acct.OrgID, acct.ParentID = o.ID, root.ID
		acct.JoinedMethod, acct.JoinedTimestamp = org.JoinedInvited, now
		if err := tx.PutAccount(acct); err != nil {
			return err
		}
		s := &session{caller: c, account: acct, org: o, arns: ids.ARNs{Partition: c.Partition, Management: acct.ID, OrgID: o.ID}}
		out, err = e.renderOrganization(tx, s)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &org.OrganizationOutput{Organization: out}, nil
}

// renderOrganization returns the caller's organization as the API shows it.
func (e *Engine) renderOrganization(tx store.Tx, s *session) (*org.Organization, error) {
	o := *s.org
	o.Arn = s.arns.Organization()
	o.MasterAccountArn = s.arns.Account(o.MasterAccountID)
	mgmt := s.account
	if !s.isManagement() {
		var err error
		if mgmt, err = tx.GetAccount(o.MasterAccountID); err != nil {
			return nil, err
		}
	}
	o.MasterAccountEmail = mgmt.Email
	// AvailablePolicyTypes is deprecated in the model ("doesn't provide
	// complete information"). AWS fills it from the feature set, not from
	// the root: an all-features organization shows SCPs as available and
	// enabled ("If you disable a policy type for a root, it still appears
	// enabled for the organization if all features are enabled",
	// DisablePolicyType), a consolidated-billing one shows none (the
	// CreateOrganization examples of the API reference).
	o.AvailablePolicyTypes = []org.PolicyTypeSummary{}
	if o.FeatureSet == org.FeatureSetAll {
		o.AvailablePolicyTypes = append(o.AvailablePolicyTypes, org.PolicyTypeSummary{Type: SCP, Status: "ENABLED"})
	}
	return &o, nil
}

// DescribeOrganization returns the caller's organization. Any member may call it.
func (e *Engine) DescribeOrganization(ctx context.Context, _ *org.Empty) (*org.OrganizationOutput, error) {
	var out *org.Organization
	err := e.read(ctx, anyMember, func(tx store.Tx, s *session) (err error) {
		out, err = e.renderOrganization(tx, s)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &org.OrganizationOutput{Organization: out}, nil
}

// DeleteOrganization deletes an organization that has no member accounts.
func (e *Engine) DeleteOrganization(ctx context.Context, _ *org.Empty) (*org.Empty, error) {
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		n, err := tx.CountAccounts(s.org.ID)
		if err != nil {
			return err
		}
		if n > 1 {
			return org.Errorf(org.ErrOrganizationNotEmpty, "To delete an organization you must first remove all member accounts (except the management account).")
		}
		if err := e.noTransferProcess(tx, s.org.ID); err != nil {
			return err
		}
		return tx.DeleteOrganization(s.org.ID)
	})
	return &org.Empty{}, err
}

// renderRoot fills a root's ARN.
func renderRoot(s *session, r org.Root) org.Root {
	r.Arn = s.arns.Root(r.ID)
	if r.PolicyTypes == nil {
		r.PolicyTypes = []org.PolicyTypeSummary{}
	}
	return r
}

// ListRoots lists the organization's roots (there is one).
func (e *Engine) ListRoots(ctx context.Context, in *org.ListRootsInput) (*org.ListRootsOutput, error) {
	out := &org.ListRootsOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		roots, next, err := paginate(e, "ListRoots", s.org.ID, "", in.Paging, func(r org.Root) string { return r.ID },
			func(after string, limit int) ([]org.Root, error) {
				return tx.ListRoots(s.org.ID, store.Page{After: after, Limit: limit})
			})
		if err != nil {
			return err
		}
		for _, r := range roots {
			out.Roots = append(out.Roots, renderRoot(s, r))
		}
		if out.Roots == nil {
			out.Roots = []org.Root{}
		}
		out.NextToken = next
		return nil
	})
	return out, err
}

// rootOf returns the root with id in the caller's organization, or
// RootNotFoundException.
func rootOf(tx store.Tx, s *session, id string) (*org.Root, error) {
	r, err := tx.GetRoot(id)
	if notFound(err) || (err == nil && r.OrgID != s.org.ID) {
		return nil, org.Errorf(org.ErrRootNotFound, "We can't find a root with the RootId that you specified.")
	}
	return r, err
}

// policyTypeEnabled reports whether a root has a policy type enabled.
func policyTypeEnabled(r *org.Root, policyType string) bool {
	return slices.ContainsFunc(r.PolicyTypes, func(p org.PolicyTypeSummary) bool { return p.Type == policyType })
}

// EnablePolicyType enables a policy type in a root and, for SCPs and RCPs,
// attaches the AWS-managed default to the root, every OU and every account.
func (e *Engine) EnablePolicyType(ctx context.Context, in *org.PolicyTypeInput) (*org.RootOutput, error) {
	var out org.Root
	err := e.write(ctx, delegable, func(tx store.Tx, s *session) error {
		r, err := rootOf(tx, s, in.RootID)
		if err != nil {
			return err
		}
		if err := e.authorize(tx, s, "EnablePolicyType", contextKeys{}.withPolicyType(in.PolicyType), resourceRef{arn: s.arns.Root(r.ID), tagKey: r.ID}); err != nil {
			return err
		}
		if s.org.FeatureSet != org.FeatureSetAll {
			return org.Errorf(org.ErrPolicyTypeNotAvailableForOrganization, "This policy type is not available in an organization without all features enabled.")
		}
		if policyTypeEnabled(r, in.PolicyType) {
			return org.Errorf(org.ErrPolicyTypeAlreadyEnabled, "The specified policy type %s is already enabled in the root.", in.PolicyType)
		}
		r.PolicyTypes = append(r.PolicyTypes, org.PolicyTypeSummary{Type: in.PolicyType, Status: "ENABLED"})
		if err := tx.PutRoot(r); err != nil {
			return err
		}
		if def := defaultPolicy(in.PolicyType); def != "" {
			if err := e.attachEverywhere(tx, s, r, def, in.PolicyType); err != nil {
				return err
			}
		}
		out = renderRoot(s, *r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.RootOutput{Root: &out}, nil
}

// attachEverywhere attaches a policy to a root and to every OU and account
// below it.
func (e *Engine) attachEverywhere(tx store.Tx, s *session, r *org.Root, policyID, policyType string) error {
	now := e.timestamp()
	attach := func(target, targetType string) error {
		return tx.InsertAttachment(&org.Attachment{OrgID: s.org.ID, PolicyID: policyID, PolicyType: policyType, TargetID: target, TargetType: targetType, CreatedAt: now})
	}
	if err := attach(r.ID, org.TypeRoot); err != nil {
		return err
	}
	var walk func(parent string) error
	walk = func(parent string) error {
		accts, err := tx.ListAccountsForParent(parent, store.Page{})
		if err != nil {
			return err
		}
		for _, a := range accts {
			if err := attach(a.ID, org.TypeAccount); err != nil {
				return err
			}
		}
		ous, err := tx.ListOUsForParent(parent, store.Page{})
		if err != nil {
			return err
		}
		for _, ou := range ous {
			if err := attach(ou.ID, org.TypeOU); err != nil {
				return err
			}
			if err := walk(ou.ID); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(r.ID)
}

// DisablePolicyType disables a policy type in a root, detaching every policy
// of that type throughout the organization, as AWS does.
func (e *Engine) DisablePolicyType(ctx context.Context, in *org.PolicyTypeInput) (*org.RootOutput, error) {
	var out org.Root
	err := e.write(ctx, delegable, func(tx store.Tx, s *session) error {
		r, err := rootOf(tx, s, in.RootID)
		if err != nil {
			return err
		}
		if err := e.authorize(tx, s, "DisablePolicyType", contextKeys{}.withPolicyType(in.PolicyType), resourceRef{arn: s.arns.Root(r.ID), tagKey: r.ID}); err != nil {
			return err
		}
		if !policyTypeEnabled(r, in.PolicyType) {
			return org.Errorf(org.ErrPolicyTypeNotEnabled, "This operation can be performed only for enabled policy types.")
		}
		r.PolicyTypes = slices.DeleteFunc(r.PolicyTypes, func(p org.PolicyTypeSummary) bool { return p.Type == in.PolicyType })
		if err := tx.PutRoot(r); err != nil {
			return err
		}
		if err := tx.DeleteAttachmentsOfType(s.org.ID, in.PolicyType); err != nil {
			return err
		}
		// Every account's policies of the type changed: the root is on
		// every path.
		if err := tx.SetPolicyChangedAt(s.org.ID, r.ID, e.timestamp()); err != nil {
			return err
		}
		out = renderRoot(s, *r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.RootOutput{Root: &out}, nil
}

// rootOfOrg returns the organization's root.
func rootOfOrg(tx store.Tx, orgID string) (*org.Root, error) {
	roots, err := tx.ListRoots(orgID, store.Page{Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(roots) == 0 {
		return nil, fmt.Errorf("organization %s has no root", orgID)
	}
	return &roots[0], nil
}

// attachDefaults attaches to a new OU or account the AWS-managed default
// policy of every policy type enabled in the root.
func (e *Engine) attachDefaults(tx store.Tx, orgID string, r *org.Root, target, targetType string) error {
	for _, pt := range r.PolicyTypes {
		if def := defaultPolicy(pt.Type); def != "" {
			if err := tx.InsertAttachment(&org.Attachment{OrgID: orgID, PolicyID: def, PolicyType: pt.Type, TargetID: target, TargetType: targetType, CreatedAt: e.timestamp()}); err != nil {
				return err
			}
		}
	}
	return nil
}
