package engine

import (
	"context"
	"errors"
	"regexp"
	"slices"

	"canopy/org"
	"canopy/store"
)

// servicePrincipal is the syntax of an AWS service principal: a DNS name
// under amazonaws.com (or amazonaws.com.cn, or amazon.com). Any such name
// is accepted, so services AWS adds later work without a change here.
var servicePrincipal = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.(amazonaws\.com|amazonaws\.com\.cn|amazon\.com)$`)

func checkServicePrincipal(p string) error {
	if !servicePrincipal.MatchString(p) {
		return org.InvalidInput(org.ReasonUnrecognizedService, "You specified a service principal that isn't recognized.")
	}
	return nil
}

func requireAllFeatures(s *session) error {
	if s.org.FeatureSet != org.FeatureSetAll {
		return org.Constraint(org.ReasonOrganizationNotInAllFeaturesMode, "You attempted to perform an operation that requires the organization to be configured to support all features.")
	}
	return nil
}

// EnableAWSServiceAccess gives a service trusted access to the organization.
func (e *Engine) EnableAWSServiceAccess(ctx context.Context, in *org.ServicePrincipalInput) (*org.Empty, error) {
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		if err := checkServicePrincipal(in.ServicePrincipal); err != nil {
			return err
		}
		if err := requireAllFeatures(s); err != nil {
			return err
		}
		return tx.PutServiceAccess(s.org.ID, org.EnabledServicePrincipal{ServicePrincipal: in.ServicePrincipal, DateEnabled: e.timestamp()})
	})
	return &org.Empty{}, err
}

// DisableAWSServiceAccess removes a service's trusted access.
func (e *Engine) DisableAWSServiceAccess(ctx context.Context, in *org.ServicePrincipalInput) (*org.Empty, error) {
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		if err := checkServicePrincipal(in.ServicePrincipal); err != nil {
			return err
		}
		if err := requireAllFeatures(s); err != nil {
			return err
		}
		return tx.DeleteServiceAccess(s.org.ID, in.ServicePrincipal)
	})
	return &org.Empty{}, err
}

// ListAWSServiceAccessForOrganization lists the services with trusted access.
func (e *Engine) ListAWSServiceAccessForOrganization(ctx context.Context, in *org.ListAWSServiceAccessForOrganizationInput) (*org.ListAWSServiceAccessForOrganizationOutput, error) {
	out := &org.ListAWSServiceAccessForOrganizationOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		var err error
		out.EnabledServicePrincipals, out.NextToken, err = paginate(e, "ListAWSServiceAccessForOrganization", s.org.ID, "", in.Paging,
			func(p org.EnabledServicePrincipal) string { return p.ServicePrincipal },
			func(after string, limit int) ([]org.EnabledServicePrincipal, error) {
				return tx.ListServiceAccess(s.org.ID, store.Page{After: after, Limit: limit})
			})
		return err
	})
	return out, err
}

// RegisterDelegatedAdministrator makes a member account a delegated
// administrator for a service with trusted access.
func (e *Engine) RegisterDelegatedAdministrator(ctx context.Context, in *org.DelegatedAdministratorInput) (*org.Empty, error) {
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		if err := checkServicePrincipal(in.ServicePrincipal); err != nil {
			return err
		}
		if err := requireAllFeatures(s); err != nil {
			return err
		}
		a, err := accountOf(tx, s, in.AccountID)
		if err != nil {
			return err
		}
		if a.ID == s.org.MasterAccountID {
			return org.Constraint(org.ReasonCannotRegisterMasterAsDelegated, "You can designate only a member account as a delegated administrator.")
		}
		if a.Status != org.AccountActive {
			return org.Constraint(org.ReasonCannotRegisterSuspendedAsDelegated, "You cannot register a suspended account as a delegated administrator.")
		}
		enabled, err := tx.ListServiceAccess(s.org.ID, store.Page{})
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(enabled, func(p org.EnabledServicePrincipal) bool { return p.ServicePrincipal == in.ServicePrincipal }) {
			return org.Constraint(org.ReasonServiceAccessNotEnabled, "You attempted to register a delegated administrator before you enabled service access. Call the EnableAWSServiceAccess API first.")
		}
		existing, err := tx.ListDelegations(s.org.ID, "", in.ServicePrincipal)
		if err != nil {
			return err
		}
		for _, d := range existing {
			if d.AccountID == a.ID {
				return org.Errorf(org.ErrAccountAlreadyRegistered, "The provided account is already a delegated administrator for your organization.")
			}
		}
		if len(existing) >= e.q.MaxDelegatedAdminsPerService {
			return org.Constraint(org.ReasonMaxDelegatedAdministrators, "You attempted to register more delegated administrators than allowed for the service principal.")
		}
		err = tx.InsertDelegation(org.Delegation{OrgID: s.org.ID, AccountID: a.ID, ServicePrincipal: in.ServicePrincipal, EnabledAt: e.timestamp()})
		if errors.Is(err, store.ErrConflict) {
			return org.Errorf(org.ErrAccountAlreadyRegistered, "The provided account is already a delegated administrator for your organization.")
		}
		return err
	})
	return &org.Empty{}, err
}

var errNotRegistered = org.Errorf(org.ErrAccountNotRegistered, "The provided account is not a registered delegated administrator for your organization.")

// DeregisterDelegatedAdministrator removes an account's delegation for a
// service.
func (e *Engine) DeregisterDelegatedAdministrator(ctx context.Context, in *org.DelegatedAdministratorInput) (*org.Empty, error) {
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		if err := checkServicePrincipal(in.ServicePrincipal); err != nil {
			return err
		}
		if _, err := accountOf(tx, s, in.AccountID); err != nil {
			return err
		}
		err := tx.DeleteDelegation(s.org.ID, in.AccountID, in.ServicePrincipal)
		if notFound(err) {
			return errNotRegistered
		}
		return err
	})
	return &org.Empty{}, err
}

// ListDelegatedAdministrators lists the delegated administrators, for one
// service or for any.
func (e *Engine) ListDelegatedAdministrators(ctx context.Context, in *org.ListDelegatedAdministratorsInput) (*org.ListDelegatedAdministratorsOutput, error) {
	out := &org.ListDelegatedAdministratorsOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		if in.ServicePrincipal != "" {
			if err := checkServicePrincipal(in.ServicePrincipal); err != nil {
				return err
			}
		}
		ds, err := tx.ListDelegations(s.org.ID, "", in.ServicePrincipal)
		if err != nil {
			return err
		}
		// One entry per account, with the date of its first delegation.
		var admins []org.DelegatedAdministrator
		for _, d := range ds {
			if n := len(admins); n > 0 && admins[n-1].ID == d.AccountID {
				if d.EnabledAt.Before(admins[n-1].DelegationEnabledDate.Time) {
					admins[n-1].DelegationEnabledDate = d.EnabledAt
				}
				continue
			}
			admins = append(admins, org.DelegatedAdministrator{ID: d.AccountID, DelegationEnabledDate: d.EnabledAt})
		}
		key := func(d org.DelegatedAdministrator) string { return d.ID }
		page, next, err := paginate(e, "ListDelegatedAdministrators", s.org.ID, in.ServicePrincipal, in.Paging, key, pageOf(admins, key))
		if err != nil {
			return err
		}
		r := newRenderer(tx, s)
		out.DelegatedAdministrators = make([]org.DelegatedAdministrator, 0, len(page))
		for _, d := range page {
			a, err := tx.GetAccount(d.ID)
			if err != nil {
				return err
			}
			ra, err := r.account(*a)
			if err != nil {
				return err
			}
			out.DelegatedAdministrators = append(out.DelegatedAdministrators, org.DelegatedAdministrator{
				ID: ra.ID, Arn: ra.Arn, Email: ra.Email, Name: ra.Name, Status: ra.Status, State: ra.State,
				JoinedMethod: ra.JoinedMethod, JoinedTimestamp: ra.JoinedTimestamp, DelegationEnabledDate: d.DelegationEnabledDate,
			})
		}
		out.NextToken = next
		return nil
	})
	return out, err
}

// ListDelegatedServicesForAccount lists the services an account is a
// delegated administrator for.
func (e *Engine) ListDelegatedServicesForAccount(ctx context.Context, in *org.ListDelegatedServicesForAccountInput) (*org.ListDelegatedServicesForAccountOutput, error) {
	out := &org.ListDelegatedServicesForAccountOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		if _, err := accountOf(tx, s, in.AccountID); err != nil {
			return err
		}
		ds, err := tx.ListDelegations(s.org.ID, in.AccountID, "")
		if err != nil {
			return err
		}
		if len(ds) == 0 {
			return errNotRegistered
		}
		services := make([]org.DelegatedService, 0, len(ds))
		for _, d := range ds {
			services = append(services, org.DelegatedService{ServicePrincipal: d.ServicePrincipal, DelegationEnabledDate: d.EnabledAt})
		}
		key := func(d org.DelegatedService) string { return d.ServicePrincipal }
		out.DelegatedServices, out.NextToken, err = paginate(e, "ListDelegatedServicesForAccount", s.org.ID, in.AccountID, in.Paging, key, pageOf(services, key))
		return err
	})
	return out, err
}
