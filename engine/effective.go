package engine

import (
	"context"
	"fmt"
	"strings"

	"canopy/internal/ids"
	"canopy/org"
	"canopy/policy"
	"canopy/store"
)

// effective is an account's effective policy of one management type.
type effective struct {
	result      policy.EffectiveResult
	path        []node
	lastUpdated org.Time
}

var errEffectiveNotFound = org.Errorf(org.ErrEffectivePolicyNotFound,
	"We can't find an effective policy of the specified type for the target: the policy type is not enabled, or no policy of it applies to the account.")

// effectiveFor computes an account's effective policy of a management type.
// It is EffectivePolicyNotFoundException when the type is not enabled in the
// root or no policy of the type is attached anywhere on the account's path.
func effectiveFor(r *chainReader, root *org.Root, a *org.Account, policyType string) (*effective, error) {
	if !policyTypeEnabled(root, policyType) {
		return nil, errEffectiveNotFound
	}
	path, err := r.pathTo(a)
	if err != nil {
		return nil, err
	}
	along, err := r.attachedAlong(path, policyType)
	if err != nil {
		return nil, err
	}
	eff := &effective{path: path}
	levels := make([]policy.Level, len(path))
	applies := false
	for i, n := range path {
		levels[i] = policy.Level{TargetID: n.ID, TargetType: n.Type}
		// A detachment, a move or a disabled type leaves no attachment to
		// date it: the node keeps the time.
		changed, err := r.policyChangedAt(n)
		if err != nil {
			return nil, err
		}
		if changed.After(eff.lastUpdated.Time) {
			eff.lastUpdated = changed
		}
		for _, p := range along[i] {
			applies = true
			levels[i].Policies = append(levels[i].Policies, policy.Attached{ID: p.PolicySummary.ID, Content: p.Content})
			// The effective policy last changed when a policy on the path
			// changed or was attached.
			for _, t := range []org.Time{p.UpdatedAt, p.AttachedAt} {
				if t.After(eff.lastUpdated.Time) {
					eff.lastUpdated = t
				}
			}
		}
	}
	if !applies {
		return nil, errEffectiveNotFound
	}
	if eff.result, err = policy.Effective(policyType, levels); err != nil {
		return nil, fmt.Errorf("effective %s policy of %s: %w", policyType, a.ID, err)
	}
	if eff.result.Content == "" {
		return nil, errEffectiveNotFound
	}
	return eff, nil
}

// DescribeEffectivePolicy returns the effective policy of a management type
// for an account: the caller's own when TargetId is absent. Any account of
// the organization may ask about itself; the management account and
// delegated administrators may ask about any account.
func (e *Engine) DescribeEffectivePolicy(ctx context.Context, in *org.DescribeEffectivePolicyInput) (*org.DescribeEffectivePolicyOutput, error) {
	var out org.EffectivePolicy
	err := e.read(ctx, anyMember, func(tx store.Tx, s *session) error {
		target := in.TargetID
		if target == "" {
			target = s.account.ID
		}
		if !ids.IsAccountID(target) {
			return org.InvalidInput(org.ReasonTargetNotSupported,
				"You can't perform the specified operation on that target entity: an effective policy is described for an account, not a root or OU.")
		}
		if target != s.account.ID && !s.isManagement() {
			ds, err := tx.ListDelegations(s.org.ID, s.account.ID, "")
			if err != nil {
				return err
			}
			if len(ds) == 0 {
				return errAccessDenied
			}
		}
		a, err := tx.GetAccount(target)
		if notFound(err) || (err == nil && a.OrgID != s.org.ID) {
			return errTargetNotFound
		} else if err != nil {
			return err
		}
		root, err := rootOfOrg(tx, s.org.ID)
		if err != nil {
			return err
		}
		eff, err := effectiveFor(newChainReader(tx), root, a, in.PolicyType)
		if err != nil {
			return err
		}
		out = org.EffectivePolicy{PolicyContent: eff.result.Content, LastUpdatedTimestamp: eff.lastUpdated, TargetID: a.ID, PolicyType: in.PolicyType}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.DescribeEffectivePolicyOutput{EffectivePolicy: &out}, nil
}

// pathString renders a path as the model's Path: "o-x/r-y/ou-z/111111111111/".
func pathString(orgID string, path []node) string {
	var b strings.Builder
	b.WriteString(orgID + "/")
	for _, n := range path {
		b.WriteString(n.ID + "/")
	}
	return b.String()
}

// ListEffectivePolicyValidationErrors lists the problems found in an
// account's effective policy of a management type. Canopy validates
// effective policies when asked, so EvaluationTimestamp is now.
func (e *Engine) ListEffectivePolicyValidationErrors(ctx context.Context, in *org.ListEffectivePolicyValidationErrorsInput) (*org.ListEffectivePolicyValidationErrorsOutput, error) {
	out := &org.ListEffectivePolicyValidationErrorsOutput{AccountID: in.AccountID, PolicyType: in.PolicyType}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		a, err := accountOf(tx, s, in.AccountID)
		if err != nil {
			return err
		}
		root, err := rootOfOrg(tx, s.org.ID)
		if err != nil {
			return err
		}
		eff, err := effectiveFor(newChainReader(tx), root, a, in.PolicyType)
		if err != nil {
			return err
		}
		out.Path = pathString(s.org.ID, eff.path)
		out.EvaluationTimestamp = e.timestamp()
		errs := make([]org.EffectivePolicyValidationError, 0, len(eff.result.Errors))
		for _, v := range eff.result.Errors {
			errs = append(errs, org.EffectivePolicyValidationError{ErrorCode: v.ErrorCode, ErrorMessage: v.ErrorMessage,
				PathToError: v.PathToError, ContributingPolicies: append([]string{}, v.ContributingPolicies...)})
		}
		type indexed struct {
			i int
			v org.EffectivePolicyValidationError
		}
		items := make([]indexed, len(errs))
		for i, v := range errs {
			items[i] = indexed{i, v}
		}
		key := func(x indexed) string { return fmt.Sprintf("%06d", x.i) }
		page, next, err := paginate(e, "ListEffectivePolicyValidationErrors", s.org.ID, a.ID+"/"+in.PolicyType, in.Paging, key, pageOf(items, key))
		if err != nil {
			return err
		}
		out.EffectivePolicyValidationErrors = make([]org.EffectivePolicyValidationError, 0, len(page))
		for _, x := range page {
			out.EffectivePolicyValidationErrors = append(out.EffectivePolicyValidationErrors, x.v)
		}
		out.NextToken = next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListAccountsWithInvalidEffectivePolicy lists the accounts whose effective
// policy of a management type has validation errors.
func (e *Engine) ListAccountsWithInvalidEffectivePolicy(ctx context.Context, in *org.ListAccountsWithInvalidEffectivePolicyInput) (*org.ListAccountsWithInvalidEffectivePolicyOutput, error) {
	out := &org.ListAccountsWithInvalidEffectivePolicyOutput{PolicyType: in.PolicyType}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		root, err := rootOfOrg(tx, s.org.ID)
		if err != nil {
			return err
		}
		if !policyTypeEnabled(root, in.PolicyType) {
			return errEffectiveNotFound
		}
		// Walk the organization's accounts in ID order and keep the invalid
		// ones, so that a page resumes after the last account it returned.
		chain := newChainReader(tx)
		invalid := func(after string, limit int) ([]org.Account, error) {
			var found []org.Account
			for len(found) < limit {
				batch, err := tx.ListAccounts(s.org.ID, store.Page{After: after, Limit: 100})
				if err != nil {
					return nil, err
				}
				for i := range batch {
					eff, err := effectiveFor(chain, root, &batch[i], in.PolicyType)
					if org.ErrorCode(err) == org.ErrEffectivePolicyNotFound {
						continue
					} else if err != nil {
						return nil, err
					}
					if len(eff.result.Errors) > 0 {
						found = append(found, batch[i])
						if len(found) == limit {
							break
						}
					}
				}
				if len(batch) < 100 {
					break
				}
				after = batch[len(batch)-1].ID
			}
			return found, nil
		}
		accts, next, err := paginate(e, "ListAccountsWithInvalidEffectivePolicy", s.org.ID, in.PolicyType, in.Paging,
			func(a org.Account) string { return a.ID }, invalid)
		if err != nil {
			return err
		}
		out.NextToken = next
		out.Accounts, err = newRenderer(tx, s).accounts(accts)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
