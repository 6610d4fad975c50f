package engine

import (
	"context"
	"time"

	"canopy/org"
	"canopy/policy"
	"canopy/store"
)

// canLeave checks what AWS requires of an account before it leaves its
// organization, whether it leaves or the management account removes it.
func (e *Engine) canLeave(tx store.Tx, s *session, a *org.Account) error {
	if a.ID == s.org.MasterAccountID {
		return org.Errorf(org.ErrMasterCannotLeaveOrganization, "You can't remove the management account from an organization. You must delete the organization instead.")
	}
	ds, err := tx.ListDelegations(s.org.ID, a.ID, "")
	if err != nil {
		return err
	}
	if len(ds) > 0 {
		return org.Constraint(org.ReasonCannotRemoveDelegatedAdministrator, "You can't remove a delegated administrator account from the organization. Deregister it first.")
	}
	// "A newly created account has a waiting period before it can be
	// removed from its organization ... Invited accounts aren't subject to
	// this waiting period."
	if a.JoinedMethod == org.JoinedCreated && e.cfg.LeaveWaitPeriod > 0 {
		if until := a.CreatedAt.Add(e.cfg.LeaveWaitPeriod); e.now().Before(until) {
			return org.Constraint(org.ReasonWaitPeriodActive,
				"The account was created less than %s ago and can't leave its organization until %s.",
				e.cfg.LeaveWaitPeriod, until.UTC().Format(time.RFC3339))
		}
	}
	return nil
}

// LeaveOrganization makes the caller's account, a member, standalone. The
// organization's SCPs decide, as in AWS, whether the caller may: a Deny of
// organizations:LeaveOrganization keeps the account in.
func (e *Engine) LeaveOrganization(ctx context.Context, _ *org.Empty) (*org.Empty, error) {
	err := e.write(ctx, anyMember, func(tx store.Tx, s *session) error {
		a := s.account
		if err := e.canLeave(tx, s, a); err != nil {
			return err
		}
		if s.org.FeatureSet == org.FeatureSetAll {
			root, err := rootOfOrg(tx, s.org.ID)
			if err != nil {
				return err
			}
			pa, err := e.authzAccount(tx, s, root, a, SCP)
			if err != nil {
				return err
			}
			r := policy.NewEvaluator(pa, policy.Account{ID: a.ID}).Evaluate(policy.Request{
				CallerArn: s.caller.Principal, Action: "organizations:LeaveOrganization", Resource: "*",
			})
			if r.Decision != policy.DecisionAllowed {
				return org.Errorf(org.ErrAccessDenied, "You don't have permissions to access this resource: the organization's service control policies deny organizations:LeaveOrganization (%s).", r.Decision)
			}
		}
		return e.detachFromOrganization(tx, s.org.ID, a)
	})
	return &org.Empty{}, err
}
