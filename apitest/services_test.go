package apitest

// Trusted access (EnableAWSServiceAccess, DisableAWSServiceAccess,
// ListAWSServiceAccessForOrganization) and delegated administrators
// (RegisterDelegatedAdministrator, DeregisterDelegatedAdministrator,
// ListDelegatedAdministrators, ListDelegatedServicesForAccount).

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"canopy/engine"
)

// svcClock is a settable engine clock, safe for the worker goroutine.
type svcClock struct {
	mu sync.Mutex
	t  time.Time
}

func newSvcClock() *svcClock {
	return &svcClock{t: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *svcClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *svcClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// svcEnable enables trusted access for each principal.
func (o *testOrg) svcEnable(t *testing.T, principals ...string) {
	t.Helper()
	for _, p := range principals {
		_, err := o.c.EnableAWSServiceAccess(ctx(t), &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String(p)})
		noErr(t, err)
	}
}

// svcRegister registers account as a delegated administrator for principal.
func (o *testOrg) svcRegister(t *testing.T, account, principal string) {
	t.Helper()
	_, err := o.c.RegisterDelegatedAdministrator(ctx(t), &organizations.RegisterDelegatedAdministratorInput{
		AccountId: aws.String(account), ServicePrincipal: aws.String(principal),
	})
	noErr(t, err)
}

// svcEnabled lists every enabled service principal, following NextToken
// with pages of pageSize.
func svcEnabled(t *testing.T, c *organizations.Client, pageSize int32) []types.EnabledServicePrincipal {
	t.Helper()
	var all []types.EnabledServicePrincipal
	p := organizations.NewListAWSServiceAccessForOrganizationPaginator(c, &organizations.ListAWSServiceAccessForOrganizationInput{MaxResults: aws.Int32(pageSize)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		noErr(t, err)
		if len(out.EnabledServicePrincipals) > int(pageSize) {
			t.Fatalf("got page of %d, want at most %d", len(out.EnabledServicePrincipals), pageSize)
		}
		all = append(all, out.EnabledServicePrincipals...)
	}
	return all
}

// svcAdmins lists the delegated administrators (for principal, if not
// empty), following NextToken.
func svcAdmins(t *testing.T, c *organizations.Client, principal string, pageSize int32) []types.DelegatedAdministrator {
	t.Helper()
	in := &organizations.ListDelegatedAdministratorsInput{MaxResults: aws.Int32(pageSize)}
	if principal != "" {
		in.ServicePrincipal = aws.String(principal)
	}
	var all []types.DelegatedAdministrator
	p := organizations.NewListDelegatedAdministratorsPaginator(c, in)
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		noErr(t, err)
		all = append(all, out.DelegatedAdministrators...)
	}
	return all
}

// svcServices lists the services account is a delegated administrator for.
func svcServices(t *testing.T, c *organizations.Client, account string) ([]types.DelegatedService, error) {
	t.Helper()
	var all []types.DelegatedService
	p := organizations.NewListDelegatedServicesForAccountPaginator(c, &organizations.ListDelegatedServicesForAccountInput{
		AccountId: aws.String(account), MaxResults: aws.Int32(1),
	})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		if err != nil {
			return nil, err
		}
		all = append(all, out.DelegatedServices...)
	}
	return all, nil
}

func svcPrincipalsOf(ps []types.EnabledServicePrincipal) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, *p.ServicePrincipal)
	}
	return out
}

func TestServiceAccessPrincipals(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	tests := []struct {
		name, principal, code, reason string
	}{
		{"known service", "health.amazonaws.com", "", ""},
		{"dotted service", "config-multiaccountsetup.amazonaws.com", "", ""},
		{"multi-label service", "member.org.stacksets.cloudformation.amazonaws.com", "", ""},
		// AWS adds services all the time; any well-formed principal works.
		{"future service", "newservice2027.amazonaws.com", "", ""},
		{"bare word", "health", "InvalidInputException", "UNRECOGNIZED_SERVICE_PRINCIPAL"},
		{"not amazonaws", "health.example.com", "InvalidInputException", "UNRECOGNIZED_SERVICE_PRINCIPAL"},
		{"account principal", "123456789012", "InvalidInputException", "UNRECOGNIZED_SERVICE_PRINCIPAL"},
		{"leading dot", ".amazonaws.com", "InvalidInputException", "UNRECOGNIZED_SERVICE_PRINCIPAL"},
		// Outside the model's pattern [\w+=,.@-]*.
		{"space and bang", "not a principal!", "InvalidInputException", "INVALID_PATTERN"},
		{"slash", "health.amazonaws.com/x", "InvalidInputException", "INVALID_PATTERN"},
		{"too long", strings.Repeat("a", 115) + ".amazonaws.com", "InvalidInputException", "MAX_LENGTH_EXCEEDED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := o.c.EnableAWSServiceAccess(ctx(t), &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String(tc.principal)})
			if tc.code == "" {
				noErr(t, err)
				if got := svcPrincipalsOf(svcEnabled(t, o.c, 20)); !slices.Contains(got, tc.principal) {
					t.Fatalf("got enabled %v, want it to contain %s", got, tc.principal)
				}
				_, err = o.c.DisableAWSServiceAccess(ctx(t), &organizations.DisableAWSServiceAccessInput{ServicePrincipal: aws.String(tc.principal)})
				noErr(t, err)
				if got := svcPrincipalsOf(svcEnabled(t, o.c, 20)); slices.Contains(got, tc.principal) {
					t.Fatalf("got enabled %v after disable, want it without %s", got, tc.principal)
				}
				return
			}
			wantErr(t, err, tc.code, tc.reason)
			_, err = o.c.DisableAWSServiceAccess(ctx(t), &organizations.DisableAWSServiceAccessInput{ServicePrincipal: aws.String(tc.principal)})
			wantErr(t, err, tc.code, tc.reason)
			_, err = o.c.RegisterDelegatedAdministrator(ctx(t), &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(otherID), ServicePrincipal: aws.String(tc.principal)})
			wantErr(t, err, tc.code, tc.reason)
			_, err = o.c.ListDelegatedAdministrators(ctx(t), &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(tc.principal)})
			wantErr(t, err, tc.code, tc.reason)
		})
	}
}

func TestServiceAccessEnableTwiceKeepsFirstDate(t *testing.T) {
	t.Parallel()
	clock := newSvcClock()
	e := start(t, withEngine(func(c *engine.Config) { c.Now = clock.now }))
	o := e.newOrg(t)
	first := clock.now()
	o.svcEnable(t, "health.amazonaws.com")
	clock.advance(time.Hour)
	o.svcEnable(t, "health.amazonaws.com")
	got := svcEnabled(t, o.c, 20)
	if len(got) != 1 {
		t.Fatalf("got %d enabled principals, want 1", len(got))
	}
	if d := aws.ToTime(got[0].DateEnabled); !d.Equal(first) {
		t.Errorf("got DateEnabled %v, want %v (the first enable)", d, first)
	}
	// Disabling and enabling again starts a new integration with a new date.
	_, err := o.c.DisableAWSServiceAccess(ctx(t), &organizations.DisableAWSServiceAccessInput{ServicePrincipal: aws.String("health.amazonaws.com")})
	noErr(t, err)
	o.svcEnable(t, "health.amazonaws.com")
	got = svcEnabled(t, o.c, 20)
	if len(got) != 1 || !aws.ToTime(got[0].DateEnabled).Equal(clock.now()) {
		t.Errorf("got %v, want one principal enabled at %v", got, clock.now())
	}
}

func TestServiceAccessPaging(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	var want []string
	for i := range 7 {
		want = append(want, fmt.Sprintf("svc%d.amazonaws.com", i))
	}
	o.svcEnable(t, want...)
	for _, size := range []int32{1, 2, 3, 7, 20} {
		t.Run(fmt.Sprintf("page size %d", size), func(t *testing.T) {
			got := svcPrincipalsOf(svcEnabled(t, o.c, size))
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
	t.Run("empty organization lists none", func(t *testing.T) {
		e := start(t)
		o := e.newOrg(t)
		out, err := o.c.ListAWSServiceAccessForOrganization(ctx(t), &organizations.ListAWSServiceAccessForOrganizationInput{})
		noErr(t, err)
		if len(out.EnabledServicePrincipals) != 0 || out.NextToken != nil {
			t.Errorf("got %v next %v, want none", out.EnabledServicePrincipals, out.NextToken)
		}
	})
}

func TestServiceAccessConsolidatedBilling(t *testing.T) {
	t.Parallel()
	e := start(t)
	c := e.client(mgmtID)
	_, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetConsolidatedBilling})
	noErr(t, err)
	tests := []struct {
		name string
		call func() error
	}{
		{"EnableAWSServiceAccess", func() error {
			_, err := c.EnableAWSServiceAccess(ctx(t), &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("health.amazonaws.com")})
			return err
		}},
		{"RegisterDelegatedAdministrator", func() error {
			_, err := c.RegisterDelegatedAdministrator(ctx(t), &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(otherID), ServicePrincipal: aws.String("health.amazonaws.com")})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, tc.call(), "ConstraintViolationException", "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE")
		})
	}
}

func TestDelegatedAdministrators(t *testing.T) {
	t.Parallel()
	clock := newSvcClock()
	e := start(t, withEngine(func(c *engine.Config) { c.Now = clock.now }))
	o := e.newOrg(t)
	a := o.createAccount(t, "alpha")
	b := o.createAccount(t, "beta")
	const s1, s2, s3 = "guardduty.amazonaws.com", "securityhub.amazonaws.com", "config.amazonaws.com"
	o.svcEnable(t, s1, s2, s3)

	t1 := clock.now()
	o.svcRegister(t, a, s2)
	clock.advance(time.Minute)
	t2 := clock.now()
	o.svcRegister(t, a, s1)
	o.svcRegister(t, b, s1)

	t.Run("list all has one entry per account", func(t *testing.T) {
		for _, size := range []int32{1, 5} {
			got := svcAdmins(t, o.c, "", size)
			var ids []string
			for _, d := range got {
				ids = append(ids, *d.Id)
			}
			slices.Sort(ids)
			want := []string{a, b}
			slices.Sort(want)
			if !slices.Equal(ids, want) {
				t.Fatalf("page size %d: got %v, want %v", size, ids, want)
			}
		}
	})
	t.Run("entries carry the account", func(t *testing.T) {
		got := svcAdmins(t, o.c, s2, 5)
		if len(got) != 1 {
			t.Fatalf("got %d admins for %s, want 1", len(got), s2)
		}
		d := got[0]
		wantArn := fmt.Sprintf("arn:aws:organizations::%s:account/%s/%s", mgmtID, *o.org.Id, a)
		checks := []struct{ field, got, want string }{
			{"Id", aws.ToString(d.Id), a},
			{"Arn", aws.ToString(d.Arn), wantArn},
			{"Email", aws.ToString(d.Email), "alpha@example.com"},
			{"Name", aws.ToString(d.Name), "alpha"},
			{"Status", string(d.Status), "ACTIVE"},
			{"JoinedMethod", string(d.JoinedMethod), "CREATED"},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s: got %v, want %v", c.field, c.got, c.want)
			}
		}
		if d.JoinedTimestamp == nil {
			t.Errorf("JoinedTimestamp: got nil, want a time")
		}
		if got := aws.ToTime(d.DelegationEnabledDate); !got.Equal(t1) {
			t.Errorf("DelegationEnabledDate: got %v, want %v", got, t1)
		}
	})
	t.Run("filter by service", func(t *testing.T) {
		tests := []struct {
			principal string
			want      []string
		}{
			{s1, []string{a, b}},
			{s2, []string{a}},
			{s3, nil},
			{"notenabled.amazonaws.com", nil},
		}
		for _, tc := range tests {
			var ids []string
			for _, d := range svcAdmins(t, o.c, tc.principal, 1) {
				ids = append(ids, *d.Id)
			}
			slices.Sort(ids)
			slices.Sort(tc.want)
			if !slices.Equal(ids, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.principal, ids, tc.want)
			}
		}
	})
	t.Run("services for account", func(t *testing.T) {
		got, err := svcServices(t, o.c, a)
		noErr(t, err)
		want := map[string]time.Time{s1: t2, s2: t1}
		if len(got) != len(want) {
			t.Fatalf("got %d services, want %d", len(got), len(want))
		}
		for _, s := range got {
			if w, ok := want[*s.ServicePrincipal]; !ok || !aws.ToTime(s.DelegationEnabledDate).Equal(w) {
				t.Errorf("got %s at %v, want one of %v", *s.ServicePrincipal, aws.ToTime(s.DelegationEnabledDate), want)
			}
		}
	})
	t.Run("deregister", func(t *testing.T) {
		_, err := o.c.DeregisterDelegatedAdministrator(ctx(t), &organizations.DeregisterDelegatedAdministratorInput{AccountId: aws.String(b), ServicePrincipal: aws.String(s1)})
		noErr(t, err)
		_, err = o.c.DeregisterDelegatedAdministrator(ctx(t), &organizations.DeregisterDelegatedAdministratorInput{AccountId: aws.String(b), ServicePrincipal: aws.String(s1)})
		wantErr(t, err, "AccountNotRegisteredException", "")
		_, err = svcServices(t, o.c, b)
		wantErr(t, err, "AccountNotRegisteredException", "")
		if got := svcAdmins(t, o.c, "", 5); len(got) != 1 || *got[0].Id != a {
			t.Errorf("got %v, want only %s", got, a)
		}
		// b may be registered again.
		o.svcRegister(t, b, s1)
	})
}

func TestDelegatedAdministratorErrors(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	a := o.createAccount(t, "alpha")
	const enabled, notEnabled = "guardduty.amazonaws.com", "securityhub.amazonaws.com"
	o.svcEnable(t, enabled)
	o.svcRegister(t, a, enabled)

	// An account with its own organization is not in this one.
	const outsider = "333333333333"
	_, err := e.client(outsider).CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{})
	noErr(t, err)

	register := func(acct, sp string) error {
		_, err := o.c.RegisterDelegatedAdministrator(ctx(t), &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(acct), ServicePrincipal: aws.String(sp)})
		return err
	}
	deregister := func(acct, sp string) error {
		_, err := o.c.DeregisterDelegatedAdministrator(ctx(t), &organizations.DeregisterDelegatedAdministratorInput{AccountId: aws.String(acct), ServicePrincipal: aws.String(sp)})
		return err
	}
	services := func(acct string) error {
		_, err := o.c.ListDelegatedServicesForAccount(ctx(t), &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String(acct)})
		return err
	}
	tests := []struct {
		name         string
		err          error
		code, reason string
	}{
		{"register twice", register(a, enabled), "AccountAlreadyRegisteredException", ""},
		{"register unknown account", register("999999999999", enabled), "AccountNotFoundException", ""},
		{"register account of another organization", register(outsider, enabled), "AccountNotFoundException", ""},
		{"register management account", register(mgmtID, enabled), "ConstraintViolationException", "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR"},
		{"register without service access", register(a, notEnabled), "ConstraintViolationException", "SERVICE_ACCESS_NOT_ENABLED"},
		{"register bad account id", register("12345", enabled), "InvalidInputException", "INVALID_PATTERN"},
		{"deregister not registered for service", deregister(a, notEnabled), "AccountNotRegisteredException", ""},
		{"deregister never registered", deregister(mgmtID, enabled), "AccountNotRegisteredException", ""},
		{"deregister unknown account", deregister("999999999999", enabled), "AccountNotFoundException", ""},
		{"deregister account of another organization", deregister(outsider, enabled), "AccountNotFoundException", ""},
		{"deregister bad principal", deregister(a, "guardduty"), "InvalidInputException", "UNRECOGNIZED_SERVICE_PRINCIPAL"},
		{"services of unknown account", services("999999999999"), "AccountNotFoundException", ""},
		{"services of account of another organization", services(outsider), "AccountNotFoundException", ""},
		{"services of unregistered account", services(mgmtID), "AccountNotRegisteredException", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, tc.err, tc.code, tc.reason)
		})
	}
}

func TestDelegatedAdministratorQuota(t *testing.T) {
	t.Parallel()
	e := start(t, withEngine(func(c *engine.Config) { c.Quotas.MaxDelegatedAdminsPerService = 2 }))
	o := e.newOrg(t)
	const s1, s2 = "guardduty.amazonaws.com", "securityhub.amazonaws.com"
	o.svcEnable(t, s1, s2)
	var accts []string
	for i := range 3 {
		accts = append(accts, o.createAccount(t, fmt.Sprintf("acct%d", i)))
	}
	o.svcRegister(t, accts[0], s1)
	o.svcRegister(t, accts[1], s1)
	_, err := o.c.RegisterDelegatedAdministrator(ctx(t), &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(accts[2]), ServicePrincipal: aws.String(s1)})
	wantErr(t, err, "ConstraintViolationException", "MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED")
	// The quota is per service.
	o.svcRegister(t, accts[2], s2)
	// Deregistering frees a slot.
	_, err = o.c.DeregisterDelegatedAdministrator(ctx(t), &organizations.DeregisterDelegatedAdministratorInput{AccountId: aws.String(accts[0]), ServicePrincipal: aws.String(s1)})
	noErr(t, err)
	o.svcRegister(t, accts[2], s1)
}

func TestDelegatedAdministratorSuspendedAccount(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	a := o.createAccount(t, "closing")
	o.svcEnable(t, "guardduty.amazonaws.com")
	_, err := o.c.CloseAccount(ctx(t), &organizations.CloseAccountInput{AccountId: aws.String(a)})
	noErr(t, err)
	deadline := time.Now().Add(20 * time.Second)
	for {
		out, err := o.c.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String(a)})
		noErr(t, err)
		if out.Account.Status == types.AccountStatusSuspended {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("got status %s, want SUSPENDED", out.Account.Status)
		}
		time.Sleep(5 * time.Millisecond)
	}
	_, err = o.c.RegisterDelegatedAdministrator(ctx(t), &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(a), ServicePrincipal: aws.String("guardduty.amazonaws.com")})
	wantErr(t, err, "ConstraintViolationException", "CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR")
}

// A delegated administrator cannot be removed from the organization until
// it is deregistered (CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG).
func TestDelegatedAdministratorCannotBeRemoved(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	a := o.createAccount(t, "admin")
	o.svcEnable(t, "guardduty.amazonaws.com")
	o.svcRegister(t, a, "guardduty.amazonaws.com")
	_, err := o.c.RemoveAccountFromOrganization(ctx(t), &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(a)})
	wantErr(t, err, "ConstraintViolationException", "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG")
	_, err = o.c.DeregisterDelegatedAdministrator(ctx(t), &organizations.DeregisterDelegatedAdministratorInput{AccountId: aws.String(a), ServicePrincipal: aws.String("guardduty.amazonaws.com")})
	noErr(t, err)
	_, err = o.c.RemoveAccountFromOrganization(ctx(t), &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(a)})
	noErr(t, err)
}

// A NextToken is good only for the listing that issued it.
func TestServiceListingTokens(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	const s1, s2 = "guardduty.amazonaws.com", "securityhub.amazonaws.com"
	o.svcEnable(t, s1, s2, "config.amazonaws.com")
	a := o.createAccount(t, "alpha")
	b := o.createAccount(t, "beta")
	for _, acct := range []string{a, b} {
		o.svcRegister(t, acct, s1)
		o.svcRegister(t, acct, s2)
	}
	access, err := o.c.ListAWSServiceAccessForOrganization(ctx(t), &organizations.ListAWSServiceAccessForOrganizationInput{MaxResults: aws.Int32(1)})
	noErr(t, err)
	admins, err := o.c.ListDelegatedAdministrators(ctx(t), &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(s1), MaxResults: aws.Int32(1)})
	noErr(t, err)
	services, err := o.c.ListDelegatedServicesForAccount(ctx(t), &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String(a), MaxResults: aws.Int32(1)})
	noErr(t, err)
	for name, tok := range map[string]*string{"access": access.NextToken, "admins": admins.NextToken, "services": services.NextToken} {
		if tok == nil {
			t.Fatalf("%s: got no NextToken for a page of 1, want one", name)
		}
	}
	tests := []struct {
		name string
		call func() error
	}{
		{"service access token on delegated administrators", func() error {
			_, err := o.c.ListDelegatedAdministrators(ctx(t), &organizations.ListDelegatedAdministratorsInput{NextToken: access.NextToken})
			return err
		}},
		{"delegated administrators token for another service", func() error {
			_, err := o.c.ListDelegatedAdministrators(ctx(t), &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(s2), NextToken: admins.NextToken})
			return err
		}},
		{"delegated services token for another account", func() error {
			_, err := o.c.ListDelegatedServicesForAccount(ctx(t), &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String(b), NextToken: services.NextToken})
			return err
		}},
		{"tampered token", func() error {
			tok := *access.NextToken
			tok = tok[:len(tok)-2] + "xx"
			_, err := o.c.ListAWSServiceAccessForOrganization(ctx(t), &organizations.ListAWSServiceAccessForOrganizationInput{NextToken: &tok})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, tc.call(), "InvalidInputException", "INVALID_NEXT_TOKEN")
		})
	}
	t.Run("token resumes its own listing", func(t *testing.T) {
		out, err := o.c.ListDelegatedAdministrators(ctx(t), &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(s1), NextToken: admins.NextToken})
		noErr(t, err)
		if len(out.DelegatedAdministrators) != 1 || *out.DelegatedAdministrators[0].Id == *admins.DelegatedAdministrators[0].Id {
			t.Errorf("got %v after %v, want the other administrator", out.DelegatedAdministrators, admins.DelegatedAdministrators)
		}
	})
}

// Deleting an organization takes its trusted access and delegations with
// it: a new organization of the same management account starts empty.
func TestServiceStateGoesWithOrganization(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	o.svcEnable(t, "guardduty.amazonaws.com")
	a := o.createAccount(t, "alpha")
	o.svcRegister(t, a, "guardduty.amazonaws.com")
	_, err := o.c.DeregisterDelegatedAdministrator(ctx(t), &organizations.DeregisterDelegatedAdministratorInput{AccountId: aws.String(a), ServicePrincipal: aws.String("guardduty.amazonaws.com")})
	noErr(t, err)
	_, err = o.c.RemoveAccountFromOrganization(ctx(t), &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(a)})
	noErr(t, err)
	_, err = o.c.DeleteOrganization(ctx(t), &organizations.DeleteOrganizationInput{})
	noErr(t, err)
	e.newOrg(t)
	if got := svcEnabled(t, o.c, 20); len(got) != 0 {
		t.Errorf("got enabled %v in the new organization, want none", svcPrincipalsOf(got))
	}
	if got := svcAdmins(t, o.c, "", 20); len(got) != 0 {
		t.Errorf("got delegated administrators %v in the new organization, want none", got)
	}
}
