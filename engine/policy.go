package engine

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"

	"canopy/internal/ids"
	"canopy/org"
	"canopy/policy"
	"canopy/store"
)

var errPolicyNotFound = org.Errorf(org.ErrPolicyNotFound, "We can't find a policy with the PolicyId that you specified.")

// policyOf returns a policy the caller's organization can see: its own or
// an AWS-managed one.
func policyOf(tx store.Tx, s *session, id string) (*org.Policy, error) {
	p, err := tx.GetPolicy(id)
	if notFound(err) || (err == nil && p.OrgID != "" && p.OrgID != s.org.ID) {
		return nil, errPolicyNotFound
	}
	return p, err
}

// authorizePolicy decides a delegable operation on a policy (and, for
// attachments, on a target too) with the policy's type as
// organizations:PolicyType.
func (e *Engine) authorizePolicy(tx store.Tx, s *session, action string, p *org.Policy, more ...resourceRef) error {
	ps := p.PolicySummary
	ref := resourceRef{arn: s.arns.Policy(ps.ID, ps.Type, ps.AwsManaged)}
	if !ps.AwsManaged {
		ref.tagKey = ps.ID
	}
	return e.authorize(tx, s, action, contextKeys{}.withPolicyType(ps.Type), append([]resourceRef{ref}, more...)...)
}

func renderPolicySummary(s *session, p org.PolicySummary) org.PolicySummary {
	p.Arn = s.arns.Policy(p.ID, p.Type, p.AwsManaged)
	return p
}

func renderPolicy(s *session, p org.Policy) org.Policy {
	p.PolicySummary = renderPolicySummary(s, p.PolicySummary)
	return p
}

// checkContent applies the rules every policy document must meet: the
// type's size limit, counted in characters as AWS counts them, then the
// grammar of its type.
func (e *Engine) checkContent(policyType, content string) error {
	lim := e.q.Policies[policyType]
	if lim.MaxSize > 0 && utf8.RuneCountInString(content) > lim.MaxSize {
		return org.Constraint(org.ReasonPolicyContentLimitExceeded,
			"The provided policy document exceeds the maximum size of %d characters for %s.", lim.MaxSize, policyType)
	}
	if err := policy.Validate(policyType, content, policy.Options{StrictSCP: e.cfg.StrictSCP}); err != nil {
		return org.Errorf(org.ErrMalformedPolicyDocument,
			"The provided policy document doesn't meet the requirements of the specified policy type: %v", err)
	}
	return nil
}

var errDuplicatePolicy = org.Errorf(org.ErrDuplicatePolicy, "A policy with the same name already exists.")

// CreatePolicy creates a customer policy.
func (e *Engine) CreatePolicy(ctx context.Context, in *org.CreatePolicyInput) (*org.PolicyOutput, error) {
	var out org.Policy
	err := e.write(ctx, delegable, func(tx store.Tx, s *session) error {
		id := ids.Policy()
		if err := e.authorize(tx, s, "CreatePolicy", contextKeys{}.withPolicyType(in.Type).withRequestTags(in.Tags),
			resourceRef{arn: s.arns.Policy(id, in.Type, false)}); err != nil {
			return err
		}
		if s.org.FeatureSet != org.FeatureSetAll {
			return org.Errorf(org.ErrPolicyTypeNotAvailableForOrganization, "This policy type is not available in an organization without all features enabled.")
		}
		if err := e.checkContent(in.Type, in.Content); err != nil {
			return err
		}
		tags, err := e.checkNewTags(in.Tags)
		if err != nil {
			return err
		}
		n, err := tx.CountPolicies(s.org.ID, in.Type)
		if err != nil {
			return err
		}
		if n >= e.q.Policies[in.Type].MaxPerOrg {
			return org.Constraint(org.ReasonPolicyNumberLimitExceeded, "You have reached the maximum number of policies of type %s in the organization.", in.Type)
		}
		p := &org.Policy{
			PolicySummary: org.PolicySummary{ID: id, Name: in.Name, Description: in.Description, Type: in.Type},
			Content:       in.Content,
			OrgID:         s.org.ID,
			UpdatedAt:     e.timestamp(),
		}
		if err := tx.PutPolicy(p); errors.Is(err, store.ErrConflict) {
			return errDuplicatePolicy
		} else if err != nil {
			return err
		}
		if err := tx.SetTags(s.org.ID, p.PolicySummary.ID, tags); err != nil {
			return err
		}
		out = renderPolicy(s, *p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.PolicyOutput{Policy: &out}, nil
}

// DescribePolicy returns a policy and its content.
func (e *Engine) DescribePolicy(ctx context.Context, in *org.PolicyInput) (*org.PolicyOutput, error) {
	var out org.Policy
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		p, err := policyOf(tx, s, in.PolicyID)
		if err != nil {
			return err
		}
		out = renderPolicy(s, *p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.PolicyOutput{Policy: &out}, nil
}

var errImmutablePolicy = org.InvalidInput(org.ReasonImmutablePolicy, "You specified a policy that is managed by AWS and can't be modified.")

// UpdatePolicy changes a customer policy's name, description or content.
func (e *Engine) UpdatePolicy(ctx context.Context, in *org.UpdatePolicyInput) (*org.PolicyOutput, error) {
	var out org.Policy
	err := e.write(ctx, delegable, func(tx store.Tx, s *session) error {
		p, err := policyOf(tx, s, in.PolicyID)
		if err != nil {
			return err
		}
		if err := e.authorizePolicy(tx, s, "UpdatePolicy", p); err != nil {
			return err
		}
		if p.PolicySummary.AwsManaged {
			return errImmutablePolicy
		}
		if in.Content != nil {
			if err := e.checkContent(p.PolicySummary.Type, *in.Content); err != nil {
				return err
			}
			if *in.Content != p.Content {
				p.Content, p.UpdatedAt = *in.Content, e.timestamp()
			}
		}
		if in.Name != nil {
			p.PolicySummary.Name = *in.Name
		}
		if in.Description != nil {
			p.PolicySummary.Description = *in.Description
		}
		if err := tx.PutPolicy(p); errors.Is(err, store.ErrConflict) {
			return errDuplicatePolicy
		} else if err != nil {
			return err
		}
		out = renderPolicy(s, *p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.PolicyOutput{Policy: &out}, nil
}

// DeletePolicy deletes a customer policy that is attached nowhere.
func (e *Engine) DeletePolicy(ctx context.Context, in *org.PolicyInput) (*org.Empty, error) {
	err := e.write(ctx, delegable, func(tx store.Tx, s *session) error {
		p, err := policyOf(tx, s, in.PolicyID)
		if err != nil {
			return err
		}
		if err := e.authorizePolicy(tx, s, "DeletePolicy", p); err != nil {
			return err
		}
		if p.PolicySummary.AwsManaged {
			return errImmutablePolicy
		}
		att, err := tx.ListAttachmentsForPolicy(s.org.ID, p.PolicySummary.ID, store.Page{Limit: 1})
		if err != nil {
			return err
		}
		if len(att) > 0 {
			return org.Errorf(org.ErrPolicyInUse, "The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.")
		}
		if err := tx.SetTags(s.org.ID, p.PolicySummary.ID, nil); err != nil {
			return err
		}
		return tx.DeletePolicy(p.PolicySummary.ID)
	})
	return &org.Empty{}, err
}

// target is a root, OU or account a policy can be attached to.
type target struct {
	ID, Type, Name string
}

var errTargetNotFound = org.Errorf(org.ErrTargetNotFound, "We can't find a root, OU, account, or policy with the TargetId that you specified.")

// targetOf returns a root, OU or account of the caller's organization.
func targetOf(tx store.Tx, s *session, id string) (*target, error) {
	if ids.IsAccountID(id) {
		a, err := tx.GetAccount(id)
		if notFound(err) || (err == nil && a.OrgID != s.org.ID) {
			return nil, errTargetNotFound
		} else if err != nil {
			return nil, err
		}
		return &target{ID: a.ID, Type: org.TypeAccount, Name: a.Name}, nil
	}
	p, err := findParent(tx, s, id)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, errTargetNotFound
	}
	if p.Root != nil {
		return &target{ID: p.ID, Type: org.TypeRoot, Name: p.Root.Name}, nil
	}
	return &target{ID: p.ID, Type: org.TypeOU, Name: p.OU.Name}, nil
}

// AttachPolicy attaches a policy to a root, OU or account.
func (e *Engine) AttachPolicy(ctx context.Context, in *org.AttachPolicyInput) (*org.Empty, error) {
	err := e.write(ctx, delegable, func(tx store.Tx, s *session) error {
		p, err := policyOf(tx, s, in.PolicyID)
		if err != nil {
			return err
		}
		t, err := targetOf(tx, s, in.TargetID)
		if err != nil {
			return err
		}
		if err := e.authorizePolicy(tx, s, "AttachPolicy", p, resourceRef{arn: targetArn(s, t), tagKey: t.ID}); err != nil {
			return err
		}
		typ := p.PolicySummary.Type
		root, err := rootOfOrg(tx, s.org.ID)
		if err != nil {
			return err
		}
		if !policyTypeEnabled(root, typ) {
			return org.Errorf(org.ErrPolicyTypeNotEnabled, "The given policy type %s is not enabled on the current view.", typ)
		}
		att, err := tx.ListAttachmentsForTarget(t.ID, typ)
		if err != nil {
			return err
		}
		for _, a := range att {
			if a.PolicyID == p.PolicySummary.ID {
				return org.Errorf(org.ErrDuplicatePolicyAttachment, "The selected policy is already attached to the specified target.")
			}
		}
		if max := e.q.Policies[typ].MaxAttached; len(att) >= max {
			return org.Constraint(org.ReasonMaxPolicyTypeAttachmentLimit,
				"You attempted to attach more than %d policies of type %s to the target.", max, typ)
		}
		return tx.InsertAttachment(&org.Attachment{OrgID: s.org.ID, PolicyID: p.PolicySummary.ID, PolicyType: typ, TargetID: t.ID, TargetType: t.Type, CreatedAt: e.timestamp()})
	})
	return &org.Empty{}, err
}

// DetachPolicy detaches a policy from a root, OU or account.
func (e *Engine) DetachPolicy(ctx context.Context, in *org.AttachPolicyInput) (*org.Empty, error) {
	err := e.write(ctx, delegable, func(tx store.Tx, s *session) error {
		p, err := policyOf(tx, s, in.PolicyID)
		if err != nil {
			return err
		}
		t, err := targetOf(tx, s, in.TargetID)
		if err != nil {
			return err
		}
		if err := e.authorizePolicy(tx, s, "DetachPolicy", p, resourceRef{arn: targetArn(s, t), tagKey: t.ID}); err != nil {
			return err
		}
		if p.PolicySummary.ID == RCPFullAWSAccessID {
			return org.InvalidInput(org.ReasonNonDetachablePolicy, "You can't detach this AWS Managed Policy.")
		}
		typ := p.PolicySummary.Type
		att, err := tx.ListAttachmentsForTarget(t.ID, typ)
		if err != nil {
			return err
		}
		attached := false
		for _, a := range att {
			attached = attached || a.PolicyID == p.PolicySummary.ID
		}
		if !attached {
			return org.Errorf(org.ErrPolicyNotAttached, "The policy isn't attached to the specified target in the specified root.")
		}
		if len(att)-1 < e.q.Policies[typ].MinAttached {
			return org.Constraint(org.ReasonMinPolicyTypeAttachmentLimit,
				"You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of type %s required.", typ)
		}
		if err := tx.DeleteAttachment(p.PolicySummary.ID, t.ID); err != nil {
			return err
		}
		return tx.SetPolicyChangedAt(s.org.ID, t.ID, e.timestamp())
	})
	return &org.Empty{}, err
}

// ListPolicies lists the policies of one type: the organization's and the
// AWS-managed ones.
func (e *Engine) ListPolicies(ctx context.Context, in *org.ListPoliciesInput) (*org.ListPoliciesOutput, error) {
	out := &org.ListPoliciesOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		ps, next, err := paginate(e, "ListPolicies", s.org.ID, in.Filter, in.Paging, func(p org.Policy) string { return p.PolicySummary.ID },
			func(after string, limit int) ([]org.Policy, error) {
				return tx.ListPolicies(s.org.ID, in.Filter, store.Page{After: after, Limit: limit})
			})
		if err != nil {
			return err
		}
		out.Policies = make([]org.PolicySummary, 0, len(ps))
		for _, p := range ps {
			out.Policies = append(out.Policies, renderPolicySummary(s, p.PolicySummary))
		}
		out.NextToken = next
		return nil
	})
	return out, err
}

// ListPoliciesForTarget lists the policies of one type attached directly to
// a root, OU or account, in the order they were attached.
func (e *Engine) ListPoliciesForTarget(ctx context.Context, in *org.ListPoliciesForTargetInput) (*org.ListPoliciesOutput, error) {
	out := &org.ListPoliciesOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		t, err := targetOf(tx, s, in.TargetID)
		if err != nil {
			return err
		}
		att, err := tx.ListAttachmentsForTarget(t.ID, in.Filter)
		if err != nil {
			return err
		}
		seq := func(a org.Attachment) string { return fmt.Sprintf("%020d", a.Seq) }
		page, next, err := paginate(e, "ListPoliciesForTarget", s.org.ID, t.ID+"/"+in.Filter, in.Paging, seq, pageOf(att, seq))
		if err != nil {
			return err
		}
		out.Policies = make([]org.PolicySummary, 0, len(page))
		for _, a := range page {
			p, err := tx.GetPolicy(a.PolicyID)
			if err != nil {
				return err
			}
			out.Policies = append(out.Policies, renderPolicySummary(s, p.PolicySummary))
		}
		out.NextToken = next
		return nil
	})
	return out, err
}

// ListTargetsForPolicy lists the roots, OUs and accounts a policy is
// attached to.
func (e *Engine) ListTargetsForPolicy(ctx context.Context, in *org.ListTargetsForPolicyInput) (*org.ListTargetsForPolicyOutput, error) {
	out := &org.ListTargetsForPolicyOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		p, err := policyOf(tx, s, in.PolicyID)
		if err != nil {
			return err
		}
		att, next, err := paginate(e, "ListTargetsForPolicy", s.org.ID, p.PolicySummary.ID, in.Paging, func(a org.Attachment) string { return a.TargetID },
			func(after string, limit int) ([]org.Attachment, error) {
				return tx.ListAttachmentsForPolicy(s.org.ID, p.PolicySummary.ID, store.Page{After: after, Limit: limit})
			})
		if err != nil {
			return err
		}
		out.Targets = make([]org.PolicyTargetSummary, 0, len(att))
		for _, a := range att {
			t, err := targetOf(tx, s, a.TargetID)
			if err != nil {
				return err
			}
			ts := org.PolicyTargetSummary{TargetID: t.ID, Name: t.Name, Type: t.Type}
			switch t.Type {
			case org.TypeAccount:
				ts.Arn = s.arns.Account(t.ID)
			case org.TypeRoot:
				ts.Arn = s.arns.Root(t.ID)
			default:
				ts.Arn = s.arns.OU(t.ID)
			}
			out.Targets = append(out.Targets, ts)
		}
		out.NextToken = next
		return nil
	})
	return out, err
}
