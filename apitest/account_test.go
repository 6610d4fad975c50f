package apitest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
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

// acctClock is a clock a test moves by hand (engine.Config.Now).
type acctClock struct {
	mu sync.Mutex
	t  time.Time
}

func newAcctClock() *acctClock { return &acctClock{t: time.Now().UTC().Truncate(time.Second)} }

func (c *acctClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *acctClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// withAcctClock makes the engine use clock.
func withAcctClock(c *acctClock) option {
	return withEngine(func(cfg *engine.Config) { cfg.Now = c.Now })
}

// acctRecorder is an HTTP transport that keeps the raw body and status of
// the last response, so that tests can check what the wire carried.
type acctRecorder struct {
	mu     sync.Mutex
	status int
	body   []byte
}

func (r *acctRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	r.mu.Lock()
	r.status, r.body = resp.StatusCode, b
	r.mu.Unlock()
	return resp, nil
}

// via sends one call through the recorder.
func (r *acctRecorder) via(o *organizations.Options) {
	o.HTTPClient = &http.Client{Transport: r}
}

// acctStartCreate sends CreateAccount and returns the request's ID.
func acctStartCreate(t *testing.T, c *organizations.Client, name, email string) string {
	t.Helper()
	out, err := c.CreateAccount(ctx(t), &organizations.CreateAccountInput{AccountName: aws.String(name), Email: aws.String(email)})
	noErr(t, err)
	return *out.CreateAccountStatus.Id
}

// acctCreateMany creates n accounts named prefix-i and returns their IDs,
// sending every request before waiting for any.
func acctCreateMany(t *testing.T, o *testOrg, prefix string, n int) []string {
	t.Helper()
	reqs := make([]string, n)
	for i := range reqs {
		name := fmt.Sprintf("%s-%02d", prefix, i)
		reqs[i] = acctStartCreate(t, o.c, name, name+"@example.com")
	}
	ids := make([]string, n)
	for i, r := range reqs {
		st := o.waitCreate(t, r)
		if st.State != types.CreateAccountStateSucceeded {
			t.Fatalf("create account %d: got %s %s, want SUCCEEDED", i, st.State, st.FailureReason)
		}
		ids[i] = *st.AccountId
	}
	return ids
}

// acctDelegate makes account a delegated administrator for a service.
func acctDelegate(t *testing.T, o *testOrg, account string) {
	t.Helper()
	const svc = "config.amazonaws.com"
	_, err := o.c.EnableAWSServiceAccess(ctx(t), &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String(svc)})
	noErr(t, err)
	_, err = o.c.RegisterDelegatedAdministrator(ctx(t), &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(account), ServicePrincipal: aws.String(svc)})
	noErr(t, err)
}

// acctDescribe returns an account as the management account sees it.
func acctDescribe(t *testing.T, o *testOrg, id string) *types.Account {
	t.Helper()
	out, err := o.c.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String(id)})
	noErr(t, err)
	return out.Account
}

// acctListIDs lists every account of the organization with the paginator.
func acctListIDs(t *testing.T, c *organizations.Client) []string {
	t.Helper()
	var ids []string
	p := organizations.NewListAccountsPaginator(c, &organizations.ListAccountsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		noErr(t, err)
		for _, a := range page.Accounts {
			ids = append(ids, *a.Id)
		}
	}
	return ids
}

var (
	acctRequestIDPattern = regexp.MustCompile(`^car-[a-z0-9]{8,32}$`)
	acctIDPattern        = regexp.MustCompile(`^\d{12}$`)
)

func TestAccountCreateLifecycle(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	// With SCPs enabled, a new account gets FullAWSAccess attached.
	_, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeServiceControlPolicy})
	noErr(t, err)

	before := time.Now().Add(-time.Minute)
	out, err := o.c.CreateAccount(ctx(t), &organizations.CreateAccountInput{
		AccountName: aws.String("Alpha Team"),
		Email:       aws.String("alpha@example.com"),
		Tags:        []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}, {Key: aws.String("team"), Value: aws.String("")}},
	})
	noErr(t, err)
	st := out.CreateAccountStatus
	t.Run("answer is IN_PROGRESS", func(t *testing.T) {
		if st.State != types.CreateAccountStateInProgress {
			t.Errorf("got state %s, want IN_PROGRESS", st.State)
		}
		if st.Id == nil || !acctRequestIDPattern.MatchString(*st.Id) {
			t.Errorf("got Id %v, want car-...", aws.ToString(st.Id))
		}
		if got := aws.ToString(st.AccountName); got != "Alpha Team" {
			t.Errorf("got AccountName %q, want %q", got, "Alpha Team")
		}
		if st.RequestedTimestamp == nil || st.RequestedTimestamp.Before(before) {
			t.Errorf("got RequestedTimestamp %v, want about now", st.RequestedTimestamp)
		}
		if st.AccountId != nil || st.CompletedTimestamp != nil || st.FailureReason != "" {
			t.Errorf("got AccountId %v CompletedTimestamp %v FailureReason %q, want none while IN_PROGRESS", aws.ToString(st.AccountId), st.CompletedTimestamp, st.FailureReason)
		}
	})

	done := o.waitCreate(t, *st.Id)
	t.Run("request SUCCEEDED", func(t *testing.T) {
		if done.State != types.CreateAccountStateSucceeded {
			t.Fatalf("got state %s (%s), want SUCCEEDED", done.State, done.FailureReason)
		}
		if done.AccountId == nil || !acctIDPattern.MatchString(*done.AccountId) {
			t.Errorf("got AccountId %v, want 12 digits", aws.ToString(done.AccountId))
		}
		if done.CompletedTimestamp == nil || done.CompletedTimestamp.Before(*st.RequestedTimestamp) {
			t.Errorf("got CompletedTimestamp %v, want at or after %v", done.CompletedTimestamp, st.RequestedTimestamp)
		}
		if aws.ToString(done.Id) != *st.Id || aws.ToString(done.AccountName) != "Alpha Team" || !done.RequestedTimestamp.Equal(*st.RequestedTimestamp) {
			t.Errorf("got %s %q %v, want the request's %s %q %v", aws.ToString(done.Id), aws.ToString(done.AccountName), done.RequestedTimestamp, *st.Id, "Alpha Team", st.RequestedTimestamp)
		}
	})
	id := aws.ToString(done.AccountId)

	t.Run("account", func(t *testing.T) {
		a := acctDescribe(t, o, id)
		wantArn := "arn:aws:organizations::" + mgmtID + ":account/" + *o.org.Id + "/" + id
		wantPath := *o.org.Id + "/" + o.rootID + "/" + id + "/"
		checks := []struct {
			name      string
			got, want any
		}{
			{"Id", aws.ToString(a.Id), id},
			{"Arn", aws.ToString(a.Arn), wantArn},
			{"Email", aws.ToString(a.Email), "alpha@example.com"},
			{"Name", aws.ToString(a.Name), "Alpha Team"},
			{"JoinedMethod", a.JoinedMethod, types.AccountJoinedMethodCreated},
			{"Status", a.Status, types.AccountStatusActive},
			{"State", a.State, types.AccountStateActive},
			{"Paths", fmt.Sprint(a.Paths), fmt.Sprint([]string{wantPath})},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
			}
		}
		if a.JoinedTimestamp == nil || a.JoinedTimestamp.Before(*st.RequestedTimestamp) {
			t.Errorf("JoinedTimestamp: got %v, want at or after %v", a.JoinedTimestamp, st.RequestedTimestamp)
		}
	})

	t.Run("tags given at creation", func(t *testing.T) {
		tags, err := o.c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
		noErr(t, err)
		got := map[string]string{}
		for _, tg := range tags.Tags {
			got[*tg.Key] = *tg.Value
		}
		want := map[string]string{"env": "prod", "team": ""}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("got tags %v, want %v", got, want)
		}
	})

	t.Run("default SCP attached", func(t *testing.T) {
		ps, err := o.c.ListPoliciesForTarget(ctx(t), &organizations.ListPoliciesForTargetInput{TargetId: aws.String(id), Filter: types.PolicyTypeServiceControlPolicy})
		noErr(t, err)
		if len(ps.Policies) != 1 || aws.ToString(ps.Policies[0].Id) != "p-FullAWSAccess" {
			t.Errorf("got %d policies, want [p-FullAWSAccess]", len(ps.Policies))
		}
	})

	t.Run("listed", func(t *testing.T) {
		ids := acctListIDs(t, o.c)
		slices.Sort(ids)
		want := []string{mgmtID, id}
		slices.Sort(want)
		if !slices.Equal(ids, want) {
			t.Errorf("got accounts %v, want %v", ids, want)
		}
	})

	t.Run("new account is a member", func(t *testing.T) {
		d, err := e.client(id).DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
		noErr(t, err)
		if aws.ToString(d.Organization.Id) != *o.org.Id {
			t.Errorf("got organization %s, want %s", aws.ToString(d.Organization.Id), *o.org.Id)
		}
	})
}

func TestAccountCreateFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []option
		// setup creates what exists before the request; it may use a
		// second organization, managed by otherID.
		setup  func(t *testing.T, e *env, o *testOrg)
		email  string
		reason types.CreateAccountFailureReason
	}{
		{
			name:   "email of an account in the organization",
			setup:  func(t *testing.T, e *env, o *testOrg) { o.createAccount(t, "taken") },
			email:  "taken@example.com",
			reason: types.CreateAccountFailureReasonEmailAlreadyExists,
		},
		{
			name:   "email differing only in case",
			setup:  func(t *testing.T, e *env, o *testOrg) { o.createAccount(t, "taken") },
			email:  "TaKen@Example.COM",
			reason: types.CreateAccountFailureReasonEmailAlreadyExists,
		},
		{
			// Emails are unique across AWS, not per organization.
			name: "email of an account in another organization",
			setup: func(t *testing.T, e *env, o *testOrg) {
				other := acctOtherOrg(t, e)
				other.createAccount(t, "elsewhere")
			},
			email:  "elsewhere@example.com",
			reason: types.CreateAccountFailureReasonEmailAlreadyExists,
		},
		{
			// A removed account still exists, standalone, with its email.
			name: "email of an account removed from the organization",
			setup: func(t *testing.T, e *env, o *testOrg) {
				id := o.createAccount(t, "gone")
				_, err := o.c.RemoveAccountFromOrganization(ctx(t), &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(id)})
				noErr(t, err)
			},
			email:  "gone@example.com",
			reason: types.CreateAccountFailureReasonEmailAlreadyExists,
		},
		{
			name:   "account quota reached",
			opts:   []option{withEngine(func(c *engine.Config) { c.Quotas.MaxAccounts = 2 })},
			setup:  func(t *testing.T, e *env, o *testOrg) { o.createAccount(t, "second") },
			email:  "third@example.com",
			reason: types.CreateAccountFailureReasonAccountLimitExceeded,
		},
		{
			// AWS: "Deleted and closed accounts still count toward your limit."
			name: "account quota reached with a closed account",
			opts: []option{withEngine(func(c *engine.Config) { c.Quotas.MaxAccounts = 2 })},
			setup: func(t *testing.T, e *env, o *testOrg) {
				id := o.createAccount(t, "second")
				_, err := o.c.CloseAccount(ctx(t), &organizations.CloseAccountInput{AccountId: aws.String(id)})
				noErr(t, err)
			},
			email:  "third@example.com",
			reason: types.CreateAccountFailureReasonAccountLimitExceeded,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := start(t, tt.opts...)
			o := e.newOrg(t)
			tt.setup(t, e, o)
			before := acctListIDs(t, o.c)
			out, err := o.c.CreateAccount(ctx(t), &organizations.CreateAccountInput{AccountName: aws.String("new"), Email: aws.String(tt.email)})
			noErr(t, err)
			if out.CreateAccountStatus.State != types.CreateAccountStateInProgress {
				t.Errorf("got answer %s, want IN_PROGRESS", out.CreateAccountStatus.State)
			}
			st := o.waitCreate(t, *out.CreateAccountStatus.Id)
			if st.State != types.CreateAccountStateFailed || st.FailureReason != tt.reason {
				t.Fatalf("got %s %s, want FAILED %s", st.State, st.FailureReason, tt.reason)
			}
			if st.AccountId != nil {
				t.Errorf("got AccountId %s, want none", *st.AccountId)
			}
			if st.CompletedTimestamp == nil {
				t.Errorf("got no CompletedTimestamp, want one")
			}
			if after := acctListIDs(t, o.c); len(after) != len(before) {
				t.Errorf("got %d accounts, want %d", len(after), len(before))
			}
		})
	}
}

// acctOtherOrg creates a second organization, managed by otherID.
func acctOtherOrg(t *testing.T, e *env) *testOrg {
	t.Helper()
	c := e.client(otherID)
	out, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetAll})
	noErr(t, err)
	roots, err := c.ListRoots(ctx(t), &organizations.ListRootsInput{})
	noErr(t, err)
	return &testOrg{c: c, org: out.Organization, rootID: *roots.Roots[0].Id}
}

// TestAccountCreateInvalidEmail covers the documented rules for a valid
// email (CreateAccountRequest.Email) that the model's pattern does not
// express: AWS accepts the request and fails it with INVALID_EMAIL.
func TestAccountCreateInvalidEmail(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	tests := []struct {
		name  string
		email string
		ok    bool
	}{
		{"non-ASCII local name", "josé@example.com", false},
		{"local name begins with a dot", ".alice@example.com", false},
		{"local name with a parenthesis", "al(ice@example.com", false},
		{"local name with a comma", "al,ice@example.com", false},
		{"local name with a percent sign", "al%ice@example.com", false},
		{"domain with an underscore", "alice@ex_ample.com", false},
		{"domain begins with a hyphen", "alice@-example.com", false},
		{"domain ends with a dot", "alice@example.com.", false},
		{"domain ends with a hyphen", "alice@example.com-", false},
		{"valid with plus and dots", "alice.b+tag@sub.example-corp.com", true},
		{"valid with upper case", "Bob.Smith@Example.ORG", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := o.c.CreateAccount(ctx(t), &organizations.CreateAccountInput{AccountName: aws.String("x"), Email: aws.String(tt.email)})
			noErr(t, err)
			st := o.waitCreate(t, *out.CreateAccountStatus.Id)
			if tt.ok {
				if st.State != types.CreateAccountStateSucceeded {
					t.Errorf("got %s %s, want SUCCEEDED", st.State, st.FailureReason)
				}
				return
			}
			if st.State != types.CreateAccountStateFailed || st.FailureReason != types.CreateAccountFailureReasonInvalidEmail {
				t.Errorf("got %s %s, want FAILED INVALID_EMAIL", st.State, st.FailureReason)
			}
		})
	}
}

func TestAccountCreateInvalidInput(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	tests := []struct {
		name, accountName, email, role string
		reason                         string
	}{
		{"reserved role name prefix", "ok", "ok@example.com", "AWSServiceRoleForOrganizations", "INVALID_ROLE_NAME"},
		{"role name with a space", "ok", "ok@example.com", "My Role", "INVALID_PATTERN"},
		{"role name too long", "ok", "ok@example.com", strings.Repeat("r", 65), "MAX_LENGTH_EXCEEDED"},
		{"email without @", "ok", "not-an-email.example.com", "", "INVALID_PATTERN"},
		{"email without a dot in the domain", "ok", "alice@localhost", "", "INVALID_PATTERN"},
		{"email with a space", "ok", "al ice@example.com", "", "INVALID_PATTERN"},
		{"email with two @", "ok", "a@b@example.com", "", "INVALID_PATTERN"},
		{"email too short", "ok", "a@b.c", "", "MIN_LENGTH_EXCEEDED"},
		{"email too long", "ok", strings.Repeat("a", 53) + "@example.com", "", "MAX_LENGTH_EXCEEDED"},
		{"name too long", strings.Repeat("n", 51), "ok@example.com", "", "MAX_LENGTH_EXCEEDED"},
		{"name empty", "", "ok@example.com", "", "MIN_LENGTH_EXCEEDED"},
		{"name with non-ASCII", "Café", "ok@example.com", "", "INVALID_PATTERN"},
		{"name with a newline", "two\nlines", "ok@example.com", "", "INVALID_PATTERN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &organizations.CreateAccountInput{AccountName: aws.String(tt.accountName), Email: aws.String(tt.email)}
			if tt.role != "" {
				in.RoleName = aws.String(tt.role)
			}
			_, err := o.c.CreateAccount(ctx(t), in)
			wantErr(t, err, "InvalidInputException", tt.reason)
		})
	}
	t.Run("no request was made", func(t *testing.T) {
		out, err := o.c.ListCreateAccountStatus(ctx(t), &organizations.ListCreateAccountStatusInput{})
		noErr(t, err)
		if len(out.CreateAccountStatuses) != 0 {
			t.Errorf("got %d requests, want 0", len(out.CreateAccountStatuses))
		}
	})
	t.Run("longest valid inputs", func(t *testing.T) {
		email := strings.Repeat("a", 52) + "@example.com" // 64 characters
		_, err := o.c.CreateAccount(ctx(t), &organizations.CreateAccountInput{
			AccountName: aws.String(strings.Repeat("n", 50)), Email: aws.String(email), RoleName: aws.String(strings.Repeat("r", 64)),
		})
		noErr(t, err)
	})
}

func TestAccountCreateStaysInProgress(t *testing.T) {
	t.Parallel()
	clock := newAcctClock()
	e := start(t, withAcctClock(clock), withEngine(func(c *engine.Config) { c.AccountCreationDelay = time.Hour }))
	o := e.newOrg(t)
	id := acctStartCreate(t, o.c, "slow", "slow@example.com")

	describe := func(t *testing.T) *types.CreateAccountStatus {
		t.Helper()
		out, err := o.c.DescribeCreateAccountStatus(ctx(t), &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: aws.String(id)})
		noErr(t, err)
		return out.CreateAccountStatus
	}
	e.srv.Engine().RunDue(ctx(t))
	t.Run("before the delay", func(t *testing.T) {
		st := describe(t)
		if st.State != types.CreateAccountStateInProgress || st.AccountId != nil {
			t.Errorf("got %s %v, want IN_PROGRESS without AccountId", st.State, aws.ToString(st.AccountId))
		}
		if ids := acctListIDs(t, o.c); len(ids) != 1 {
			t.Errorf("got accounts %v, want only the management account", ids)
		}
		l, err := o.c.ListCreateAccountStatus(ctx(t), &organizations.ListCreateAccountStatusInput{States: []types.CreateAccountState{types.CreateAccountStateInProgress}})
		noErr(t, err)
		if len(l.CreateAccountStatuses) != 1 || aws.ToString(l.CreateAccountStatuses[0].Id) != id {
			t.Errorf("got %d IN_PROGRESS requests, want [%s]", len(l.CreateAccountStatuses), id)
		}
	})
	clock.Advance(59 * time.Minute)
	e.srv.Engine().RunDue(ctx(t))
	t.Run("just before the delay", func(t *testing.T) {
		if st := describe(t); st.State != types.CreateAccountStateInProgress {
			t.Errorf("got %s, want IN_PROGRESS", st.State)
		}
	})
	clock.Advance(time.Minute)
	e.srv.Engine().RunDue(ctx(t))
	t.Run("after the delay", func(t *testing.T) {
		st := describe(t)
		if st.State != types.CreateAccountStateSucceeded {
			t.Fatalf("got %s %s, want SUCCEEDED", st.State, st.FailureReason)
		}
		if !st.CompletedTimestamp.Equal(clock.Now()) {
			t.Errorf("got CompletedTimestamp %v, want %v", st.CompletedTimestamp, clock.Now())
		}
		if ids := acctListIDs(t, o.c); len(ids) != 2 {
			t.Errorf("got accounts %v, want 2", ids)
		}
	})
}

func TestAccountCreateStatus(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	succeeded := acctCreateMany(t, o, "ok", 5)
	var okReqs, failedReqs []string
	all, err := o.c.ListCreateAccountStatus(ctx(t), &organizations.ListCreateAccountStatusInput{})
	noErr(t, err)
	for _, s := range all.CreateAccountStatuses {
		okReqs = append(okReqs, *s.Id)
	}
	for i := range 2 { // the same emails again: FAILED
		id := acctStartCreate(t, o.c, "dup", fmt.Sprintf("ok-%02d@example.com", i))
		if st := o.waitCreate(t, id); st.State != types.CreateAccountStateFailed {
			t.Fatalf("got %s, want FAILED", st.State)
		}
		failedReqs = append(failedReqs, id)
	}
	other := acctOtherOrg(t, e)
	otherReq, err := other.c.CreateAccount(ctx(t), &organizations.CreateAccountInput{AccountName: aws.String("o"), Email: aws.String("o@example.com")})
	noErr(t, err)
	other.waitCreate(t, *otherReq.CreateAccountStatus.Id)

	t.Run("DescribeCreateAccountStatus not found", func(t *testing.T) {
		for _, tt := range []struct{ name, id string }{
			{"unknown request", "car-0123456789abcdef0123456789abcdef"},
			{"another organization's request", *otherReq.CreateAccountStatus.Id},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := o.c.DescribeCreateAccountStatus(ctx(t), &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: aws.String(tt.id)})
				wantErr(t, err, "CreateAccountStatusNotFoundException", "")
			})
		}
	})
	t.Run("DescribeCreateAccountStatus bad ID", func(t *testing.T) {
		_, err := o.c.DescribeCreateAccountStatus(ctx(t), &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: aws.String("req-123")})
		wantErr(t, err, "InvalidInputException", "INVALID_PATTERN")
	})

	list := func(t *testing.T, states []types.CreateAccountState, max int32) []string {
		t.Helper()
		in := &organizations.ListCreateAccountStatusInput{States: states}
		if max > 0 {
			in.MaxResults = aws.Int32(max)
		}
		var ids []string
		p := organizations.NewListCreateAccountStatusPaginator(o.c, in)
		pages := 0
		for p.HasMorePages() {
			page, err := p.NextPage(ctx(t))
			noErr(t, err)
			pages++
			if max > 0 && len(page.CreateAccountStatuses) > int(max) {
				t.Errorf("got page of %d, want at most %d", len(page.CreateAccountStatuses), max)
			}
			for _, s := range page.CreateAccountStatuses {
				if len(states) > 0 && !slices.Contains(states, s.State) {
					t.Errorf("got request %s in state %s, want one of %v", *s.Id, s.State, states)
				}
				ids = append(ids, *s.Id)
			}
		}
		slices.Sort(ids)
		return ids
	}
	sorted := func(s ...[]string) []string {
		out := slices.Concat(s...)
		slices.Sort(out)
		return out
	}
	tests := []struct {
		name   string
		states []types.CreateAccountState
		max    int32
		want   []string
	}{
		{"all", nil, 0, sorted(okReqs, failedReqs)},
		{"all in pages of 2", nil, 2, sorted(okReqs, failedReqs)},
		{"SUCCEEDED", []types.CreateAccountState{types.CreateAccountStateSucceeded}, 0, sorted(okReqs)},
		{"SUCCEEDED in pages of 1", []types.CreateAccountState{types.CreateAccountStateSucceeded}, 1, sorted(okReqs)},
		{"FAILED", []types.CreateAccountState{types.CreateAccountStateFailed}, 0, sorted(failedReqs)},
		{"IN_PROGRESS", []types.CreateAccountState{types.CreateAccountStateInProgress}, 0, nil},
		{"FAILED and SUCCEEDED in pages of 3", []types.CreateAccountState{types.CreateAccountStateFailed, types.CreateAccountStateSucceeded}, 3, sorted(okReqs, failedReqs)},
	}
	if len(okReqs) != len(succeeded) {
		t.Fatalf("got %d requests, want %d", len(okReqs), len(succeeded))
	}
	for _, tt := range tests {
		t.Run("ListCreateAccountStatus "+tt.name, func(t *testing.T) {
			if got := list(t, tt.states, tt.max); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("ListCreateAccountStatus invalid state", func(t *testing.T) {
		_, err := o.c.ListCreateAccountStatus(ctx(t), &organizations.ListCreateAccountStatusInput{States: []types.CreateAccountState{"DONE"}})
		wantErr(t, err, "InvalidInputException", "")
	})
	t.Run("ListCreateAccountStatus token of another filter", func(t *testing.T) {
		first, err := o.c.ListCreateAccountStatus(ctx(t), &organizations.ListCreateAccountStatusInput{MaxResults: aws.Int32(1)})
		noErr(t, err)
		if first.NextToken == nil {
			t.Fatal("got no NextToken, want one")
		}
		_, err = o.c.ListCreateAccountStatus(ctx(t), &organizations.ListCreateAccountStatusInput{NextToken: first.NextToken, States: []types.CreateAccountState{types.CreateAccountStateFailed}})
		wantErr(t, err, "InvalidInputException", "INVALID_NEXT_TOKEN")
	})
}

func TestAccountDescribe(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	other := acctOtherOrg(t, e)
	outside := other.createAccount(t, "outside")
	member := o.createAccount(t, "member")

	t.Run("management account", func(t *testing.T) {
		a := acctDescribe(t, o, mgmtID)
		if aws.ToString(a.Id) != mgmtID || a.Status != types.AccountStatusActive {
			t.Errorf("got %s %s, want %s ACTIVE", aws.ToString(a.Id), a.Status, mgmtID)
		}
		if want := *o.org.Id + "/" + o.rootID + "/" + mgmtID + "/"; len(a.Paths) != 1 || a.Paths[0] != want {
			t.Errorf("got paths %v, want [%s]", a.Paths, want)
		}
	})
	t.Run("member account", func(t *testing.T) {
		if a := acctDescribe(t, o, member); aws.ToString(a.Name) != "member" {
			t.Errorf("got name %q, want %q", aws.ToString(a.Name), "member")
		}
	})
	for _, tt := range []struct{ name, id string }{
		{"account of another organization", outside},
		{"management account of another organization", otherID},
		{"unknown account", "999999999999"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := o.c.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String(tt.id)})
			wantErr(t, err, "AccountNotFoundException", "")
		})
	}
	t.Run("bad account ID", func(t *testing.T) {
		_, err := o.c.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String("12345")})
		wantErr(t, err, "InvalidInputException", "INVALID_PATTERN")
	})
}

func TestAccountList(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	ou := o.createOU(t, o.rootID, "Workloads")
	ids := acctCreateMany(t, o, "acct", 30)
	inOU := map[string]bool{}
	for _, id := range ids[:10] {
		_, err := o.c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(id), SourceParentId: aws.String(o.rootID), DestinationParentId: aws.String(ou)})
		noErr(t, err)
		inOU[id] = true
	}
	var inRoot []string
	for _, id := range append([]string{mgmtID}, ids...) {
		if !inOU[id] {
			inRoot = append(inRoot, id)
		}
	}
	other := acctOtherOrg(t, e)

	// collect pages through a paginator and checks every account appears once
	// with the path of its parent.
	collect := func(t *testing.T, next func() (*organizations.ListAccountsOutput, bool, error)) []string {
		t.Helper()
		seen := map[string]int{}
		var got []string
		for {
			page, more, err := next()
			noErr(t, err)
			if len(page.Accounts) > 4 {
				t.Errorf("got page of %d, want at most 4", len(page.Accounts))
			}
			for _, a := range page.Accounts {
				seen[*a.Id]++
				if seen[*a.Id] == 2 {
					t.Errorf("got account %s twice", *a.Id)
				}
				got = append(got, *a.Id)
				parent := o.rootID + "/"
				if inOU[*a.Id] {
					parent += ou + "/"
				}
				if want := *o.org.Id + "/" + parent + *a.Id + "/"; len(a.Paths) != 1 || a.Paths[0] != want {
					t.Errorf("account %s: got paths %v, want [%s]", *a.Id, a.Paths, want)
				}
				if a.Arn == nil || a.Email == nil || a.Name == nil || a.Status == "" {
					t.Errorf("account %s: got %+v, want every member", *a.Id, a)
				}
			}
			if !more {
				break
			}
		}
		slices.Sort(got)
		return got
	}
	sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

	t.Run("ListAccounts", func(t *testing.T) {
		p := organizations.NewListAccountsPaginator(o.c, &organizations.ListAccountsInput{MaxResults: aws.Int32(4)})
		got := collect(t, func() (*organizations.ListAccountsOutput, bool, error) {
			page, err := p.NextPage(ctx(t))
			return page, p.HasMorePages(), err
		})
		if want := sorted(append([]string{mgmtID}, ids...)); !slices.Equal(got, want) {
			t.Errorf("got %d accounts %v, want %d %v", len(got), got, len(want), want)
		}
	})
	for _, tt := range []struct {
		name, parent string
		want         []string
	}{
		{"ListAccountsForParent root", o.rootID, sorted(inRoot)},
		{"ListAccountsForParent OU", ou, sorted(ids[:10])},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := organizations.NewListAccountsForParentPaginator(o.c, &organizations.ListAccountsForParentInput{ParentId: aws.String(tt.parent), MaxResults: aws.Int32(4)})
			got := collect(t, func() (*organizations.ListAccountsOutput, bool, error) {
				page, err := p.NextPage(ctx(t))
				if err != nil {
					return nil, false, err
				}
				return &organizations.ListAccountsOutput{Accounts: page.Accounts}, p.HasMorePages(), nil
			})
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %d accounts %v, want %d %v", len(got), got, len(tt.want), tt.want)
			}
		})
	}
	t.Run("ListAccountsForParent empty OU", func(t *testing.T) {
		empty := o.createOU(t, o.rootID, "Empty")
		out, err := o.c.ListAccountsForParent(ctx(t), &organizations.ListAccountsForParentInput{ParentId: aws.String(empty)})
		noErr(t, err)
		if len(out.Accounts) != 0 || out.NextToken != nil {
			t.Errorf("got %d accounts, token %v, want none", len(out.Accounts), out.NextToken)
		}
	})
	for _, tt := range []struct{ name, parent string }{
		{"unknown OU", "ou-" + strings.TrimPrefix(o.rootID, "r-") + "-abcdefgh"},
		{"unknown root", "r-zzzz"},
		{"another organization's root", other.rootID},
	} {
		t.Run("ListAccountsForParent "+tt.name, func(t *testing.T) {
			_, err := o.c.ListAccountsForParent(ctx(t), &organizations.ListAccountsForParentInput{ParentId: aws.String(tt.parent)})
			wantErr(t, err, "ParentNotFoundException", "")
		})
	}
	t.Run("NextToken of another parent", func(t *testing.T) {
		first, err := o.c.ListAccountsForParent(ctx(t), &organizations.ListAccountsForParentInput{ParentId: aws.String(o.rootID), MaxResults: aws.Int32(4)})
		noErr(t, err)
		_, err = o.c.ListAccountsForParent(ctx(t), &organizations.ListAccountsForParentInput{ParentId: aws.String(ou), NextToken: first.NextToken})
		wantErr(t, err, "InvalidInputException", "INVALID_NEXT_TOKEN")
	})
	t.Run("NextToken of another organization", func(t *testing.T) {
		first, err := o.c.ListAccounts(ctx(t), &organizations.ListAccountsInput{MaxResults: aws.Int32(4)})
		noErr(t, err)
		_, err = other.c.ListAccounts(ctx(t), &organizations.ListAccountsInput{NextToken: first.NextToken})
		wantErr(t, err, "InvalidInputException", "INVALID_NEXT_TOKEN")
	})
}

func TestAccountMove(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	a := o.createAccount(t, "mover")
	prod := o.createOU(t, o.rootID, "Prod")
	web := o.createOU(t, prod, "Web")
	dev := o.createOU(t, o.rootID, "Dev")
	other := acctOtherOrg(t, e)
	outside := other.createAccount(t, "outside")
	otherOU := other.createOU(t, other.rootID, "Theirs")
	missingOU := "ou-" + strings.TrimPrefix(o.rootID, "r-") + "-zzzzzzzz"

	move := func(account, src, dst string) error {
		_, err := o.c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(account), SourceParentId: aws.String(src), DestinationParentId: aws.String(dst)})
		return err
	}
	steps := []struct {
		name          string
		account       string
		src, dst      string
		code, reason  string
		wantParentIDs []string // path below the root after the step
	}{
		{"into a nested OU", a, o.rootID, web, "", "", []string{prod, web}},
		{"already in destination", a, web, web, "DuplicateAccountException", "", []string{prod, web}},
		{"already in destination, source wrong", a, dev, web, "DuplicateAccountException", "", []string{prod, web}},
		{"unknown source", a, missingOU, dev, "SourceParentNotFoundException", "", []string{prod, web}},
		{"source of another organization", a, otherOU, dev, "SourceParentNotFoundException", "", []string{prod, web}},
		{"unknown destination", a, web, missingOU, "DestinationParentNotFoundException", "", []string{prod, web}},
		{"destination of another organization", a, web, other.rootID, "DestinationParentNotFoundException", "", []string{prod, web}},
		{"unknown account", "999999999999", o.rootID, dev, "AccountNotFoundException", "", []string{prod, web}},
		{"account of another organization", outside, other.rootID, dev, "AccountNotFoundException", "", []string{prod, web}},
		{"source is not the account's parent", a, prod, dev, "AccountNotFoundException", "", []string{prod, web}},
		{"bad destination ID", a, web, "xyz", "InvalidInputException", "INVALID_PATTERN", []string{prod, web}},
		{"to a sibling OU", a, web, dev, "", "", []string{dev}},
		{"back to the root", a, dev, o.rootID, "", "", nil},
		{"management account", mgmtID, o.rootID, dev, "", "", []string{dev}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			err := move(s.account, s.src, s.dst)
			if s.code == "" {
				noErr(t, err)
			} else {
				wantErr(t, err, s.code, s.reason)
			}
			check := a
			if s.account == mgmtID {
				check = mgmtID
			}
			want := *o.org.Id + "/" + o.rootID + "/"
			for _, p := range s.wantParentIDs {
				want += p + "/"
			}
			want += check + "/"
			if got := acctDescribe(t, o, check).Paths; len(got) != 1 || got[0] != want {
				t.Errorf("got paths %v, want [%s]", got, want)
			}
		})
	}
	t.Run("ListParents after moves", func(t *testing.T) {
		out, err := o.c.ListParents(ctx(t), &organizations.ListParentsInput{ChildId: aws.String(mgmtID)})
		noErr(t, err)
		if len(out.Parents) != 1 || aws.ToString(out.Parents[0].Id) != dev {
			t.Errorf("got parents %+v, want [%s]", out.Parents, dev)
		}
	})
}

func TestAccountRemove(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	_, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: types.PolicyTypeServiceControlPolicy})
	noErr(t, err)
	gone := o.createAccount(t, "gone")
	admin := o.createAccount(t, "admin")
	acctDelegate(t, o, admin)
	pol, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{
		Name: aws.String("deny-all"), Description: aws.String("d"), Type: types.PolicyTypeServiceControlPolicy,
		Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`),
	})
	noErr(t, err)
	polID := *pol.Policy.PolicySummary.Id
	_, err = o.c.AttachPolicy(ctx(t), &organizations.AttachPolicyInput{PolicyId: aws.String(polID), TargetId: aws.String(gone)})
	noErr(t, err)
	_, err = o.c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String(gone), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	noErr(t, err)
	other := acctOtherOrg(t, e)
	outside := other.createAccount(t, "outside")

	remove := func(id string) error {
		_, err := o.c.RemoveAccountFromOrganization(ctx(t), &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(id)})
		return err
	}
	for _, tt := range []struct {
		name, id     string
		code, reason string
	}{
		{"management account", mgmtID, "MasterCannotLeaveOrganizationException", ""},
		{"delegated administrator", admin, "ConstraintViolationException", "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG"},
		{"unknown account", "999999999999", "AccountNotFoundException", ""},
		{"account of another organization", outside, "AccountNotFoundException", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, remove(tt.id), tt.code, tt.reason)
		})
	}

	noErr(t, remove(gone))
	t.Run("removed account is not listed", func(t *testing.T) {
		ids := acctListIDs(t, o.c)
		if slices.Contains(ids, gone) {
			t.Errorf("got accounts %v, want no %s", ids, gone)
		}
		if !slices.Contains(ids, admin) || !slices.Contains(ids, mgmtID) {
			t.Errorf("got accounts %v, want %s and %s", ids, admin, mgmtID)
		}
		children, err := o.c.ListChildren(ctx(t), &organizations.ListChildrenInput{ParentId: aws.String(o.rootID), ChildType: types.ChildTypeAccount})
		noErr(t, err)
		for _, c := range children.Children {
			if *c.Id == gone {
				t.Errorf("got %s among the root's children, want it gone", gone)
			}
		}
	})
	t.Run("DescribeAccount of the removed account", func(t *testing.T) {
		_, err := o.c.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String(gone)})
		wantErr(t, err, "AccountNotFoundException", "")
	})
	t.Run("removing it again", func(t *testing.T) {
		wantErr(t, remove(gone), "AccountNotFoundException", "")
	})
	t.Run("its attachments go", func(t *testing.T) {
		for _, p := range []string{polID, "p-FullAWSAccess"} {
			out, err := o.c.ListTargetsForPolicy(ctx(t), &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(p)})
			noErr(t, err)
			for _, tg := range out.Targets {
				if *tg.TargetId == gone {
					t.Errorf("policy %s: got target %s, want it detached", p, gone)
				}
			}
		}
	})
	t.Run("its tags go", func(t *testing.T) {
		_, err := o.c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(gone)})
		wantErr(t, err, "TargetNotFoundException", "")
	})
	t.Run("it is standalone", func(t *testing.T) {
		_, err := e.client(gone).DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
		wantErr(t, err, "AWSOrganizationsNotInUseException", "")
	})
	t.Run("it can create its own organization without its old tags", func(t *testing.T) {
		c := e.client(gone)
		_, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{})
		noErr(t, err)
		tags, err := c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(gone)})
		noErr(t, err)
		if len(tags.Tags) != 0 {
			t.Errorf("got tags %+v, want none", tags.Tags)
		}
	})
	t.Run("delegated administrator removed after deregistering", func(t *testing.T) {
		_, err := o.c.DeregisterDelegatedAdministrator(ctx(t), &organizations.DeregisterDelegatedAdministratorInput{AccountId: aws.String(admin), ServicePrincipal: aws.String("config.amazonaws.com")})
		noErr(t, err)
		noErr(t, remove(admin))
	})
}

func TestAccountClose(t *testing.T) {
	t.Parallel()
	clock := newAcctClock()
	e := start(t, withAcctClock(clock), withEngine(func(c *engine.Config) { c.AccountClosureDelay = time.Hour }))
	o := e.newOrg(t)
	a := o.createAccount(t, "closing")
	o.createAccount(t, "other")
	other := acctOtherOrg(t, e)
	outside := other.createAccount(t, "outside")

	closeAcct := func(id string, opts ...func(*organizations.Options)) error {
		_, err := o.c.CloseAccount(ctx(t), &organizations.CloseAccountInput{AccountId: aws.String(id)}, opts...)
		return err
	}
	for _, tt := range []struct {
		name, id     string
		code, reason string
	}{
		{"management account", mgmtID, "ConstraintViolationException", "CANNOT_CLOSE_MANAGEMENT_ACCOUNT"},
		{"unknown account", "999999999999", "AccountNotFoundException", ""},
		{"account of another organization", outside, "AccountNotFoundException", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, closeAcct(tt.id), tt.code, tt.reason)
		})
	}

	rec := &acctRecorder{}
	noErr(t, closeAcct(a, rec.via))
	t.Run("empty response body", func(t *testing.T) {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		if rec.status != http.StatusOK || len(bytes.TrimSpace(rec.body)) != 0 {
			t.Errorf("got %d %q, want 200 with an empty body", rec.status, rec.body)
		}
	})
	state := func(t *testing.T) (types.AccountStatus, types.AccountState) {
		t.Helper()
		acc := acctDescribe(t, o, a)
		return acc.Status, acc.State
	}
	e.srv.Engine().RunDue(ctx(t))
	t.Run("PENDING_CLOSURE", func(t *testing.T) {
		if st, s := state(t); st != types.AccountStatusPendingClosure || s != types.AccountStatePendingClosure {
			t.Errorf("got %s/%s, want PENDING_CLOSURE/PENDING_CLOSURE", st, s)
		}
	})
	t.Run("closing again while pending", func(t *testing.T) {
		wantErr(t, closeAcct(a), "AccountAlreadyClosedException", "")
	})
	clock.Advance(time.Hour)
	e.srv.Engine().RunDue(ctx(t))
	t.Run("SUSPENDED", func(t *testing.T) {
		if st, s := state(t); st != types.AccountStatusSuspended || s != types.AccountStateSuspended {
			t.Errorf("got %s/%s, want SUSPENDED/SUSPENDED", st, s)
		}
	})
	t.Run("closing again when suspended", func(t *testing.T) {
		wantErr(t, closeAcct(a), "AccountAlreadyClosedException", "")
	})
	t.Run("closed account stays in the organization", func(t *testing.T) {
		if ids := acctListIDs(t, o.c); !slices.Contains(ids, a) {
			t.Errorf("got accounts %v, want %s among them", ids, a)
		}
		children, err := o.c.ListAccountsForParent(ctx(t), &organizations.ListAccountsForParentInput{ParentId: aws.String(o.rootID)})
		noErr(t, err)
		found := false
		for _, c := range children.Accounts {
			if *c.Id == a {
				found = true
				if c.Status != types.AccountStatusSuspended {
					t.Errorf("got listed status %s, want SUSPENDED", c.Status)
				}
			}
		}
		if !found {
			t.Errorf("got no %s under the root, want it", a)
		}
	})
	t.Run("closed account can be moved", func(t *testing.T) {
		ou := o.createOU(t, o.rootID, "Suspended")
		_, err := o.c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(a), SourceParentId: aws.String(o.rootID), DestinationParentId: aws.String(ou)})
		noErr(t, err)
	})
}

func TestAccountCloseWithShortDelay(t *testing.T) {
	t.Parallel()
	e := start(t, withEngine(func(c *engine.Config) { c.AccountClosureDelay = 50 * time.Millisecond }))
	o := e.newOrg(t)
	a := o.createAccount(t, "closing")
	_, err := o.c.CloseAccount(ctx(t), &organizations.CloseAccountInput{AccountId: aws.String(a)})
	noErr(t, err)
	deadline := time.Now().Add(20 * time.Second)
	for {
		acc := acctDescribe(t, o, a)
		if acc.Status == types.AccountStatusSuspended {
			break
		}
		if acc.Status != types.AccountStatusPendingClosure {
			t.Fatalf("got %s, want PENDING_CLOSURE then SUSPENDED", acc.Status)
		}
		if time.Now().After(deadline) {
			t.Fatalf("account %s still %s", a, acc.Status)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestAccountCloseConcurrentLimit(t *testing.T) {
	t.Parallel()
	e := start(t, withEngine(func(c *engine.Config) { c.AccountClosureDelay = time.Hour }))
	o := e.newOrg(t)
	ids := acctCreateMany(t, o, "c", 5)
	closeAcct := func(id string) error {
		_, err := o.c.CloseAccount(ctx(t), &organizations.CloseAccountInput{AccountId: aws.String(id)})
		return err
	}
	// AWS lets a few closures be in progress at once (3 by default).
	for i, id := range ids[:3] {
		t.Run(fmt.Sprintf("closure %d", i+1), func(t *testing.T) { noErr(t, closeAcct(id)) })
	}
	t.Run("closure 4", func(t *testing.T) {
		wantErr(t, closeAcct(ids[3]), "ConstraintViolationException", "CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED")
		if st := acctDescribe(t, o, ids[3]).Status; st != types.AccountStatusActive {
			t.Errorf("got %s, want ACTIVE", st)
		}
	})
}

func TestAccountCloseQuotaFreesUp(t *testing.T) {
	t.Parallel()
	clock := newAcctClock()
	e := start(t, withAcctClock(clock), withEngine(func(c *engine.Config) {
		c.AccountClosureDelay = time.Hour
		c.Quotas.MaxConcurrentClosures = 1
	}))
	o := e.newOrg(t)
	ids := acctCreateMany(t, o, "c", 2)
	closeAcct := func(id string) error {
		_, err := o.c.CloseAccount(ctx(t), &organizations.CloseAccountInput{AccountId: aws.String(id)})
		return err
	}
	noErr(t, closeAcct(ids[0]))
	wantErr(t, closeAcct(ids[1]), "ConstraintViolationException", "CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED")
	clock.Advance(time.Hour)
	e.srv.Engine().RunDue(ctx(t))
	// Once the first closure completes, another may start.
	noErr(t, closeAcct(ids[1]))
}

func TestAccountAccess(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	member := o.createAccount(t, "member")
	admin := o.createAccount(t, "admin")
	target := o.createAccount(t, "target")
	acctDelegate(t, o, admin)
	reqs, err := o.c.ListCreateAccountStatus(ctx(t), &organizations.ListCreateAccountStatusInput{})
	noErr(t, err)
	reqID := *reqs.CreateAccountStatuses[0].Id
	ou := o.createOU(t, o.rootID, "OU")

	ops := []struct {
		name string
		call func(c *organizations.Client) error
		// admin: whether a delegated administrator may call it.
		admin bool
	}{
		{"CreateAccount", func(c *organizations.Client) error {
			_, err := c.CreateAccount(ctx(t), &organizations.CreateAccountInput{AccountName: aws.String("x"), Email: aws.String("x@example.com")})
			return err
		}, false},
		{"DescribeAccount", func(c *organizations.Client) error {
			_, err := c.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String(target)})
			return err
		}, true},
		{"ListAccounts", func(c *organizations.Client) error {
			_, err := c.ListAccounts(ctx(t), &organizations.ListAccountsInput{})
			return err
		}, true},
		{"ListAccountsForParent", func(c *organizations.Client) error {
			_, err := c.ListAccountsForParent(ctx(t), &organizations.ListAccountsForParentInput{ParentId: aws.String(o.rootID)})
			return err
		}, true},
		{"DescribeCreateAccountStatus", func(c *organizations.Client) error {
			_, err := c.DescribeCreateAccountStatus(ctx(t), &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: aws.String(reqID)})
			return err
		}, true},
		{"ListCreateAccountStatus", func(c *organizations.Client) error {
			_, err := c.ListCreateAccountStatus(ctx(t), &organizations.ListCreateAccountStatusInput{})
			return err
		}, true},
		{"MoveAccount", func(c *organizations.Client) error {
			_, err := c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(target), SourceParentId: aws.String(o.rootID), DestinationParentId: aws.String(ou)})
			return err
		}, false},
		{"CloseAccount", func(c *organizations.Client) error {
			_, err := c.CloseAccount(ctx(t), &organizations.CloseAccountInput{AccountId: aws.String(target)})
			return err
		}, false},
		{"RemoveAccountFromOrganization", func(c *organizations.Client) error {
			_, err := c.RemoveAccountFromOrganization(ctx(t), &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(target)})
			return err
		}, false},
	}
	for _, op := range ops {
		t.Run(op.name+" by a member", func(t *testing.T) {
			wantErr(t, op.call(e.client(member)), "AccessDeniedException", "")
		})
		t.Run(op.name+" by a delegated administrator", func(t *testing.T) {
			err := op.call(e.client(admin))
			if op.admin {
				noErr(t, err)
			} else {
				wantErr(t, err, "AccessDeniedException", "")
			}
		})
		t.Run(op.name+" outside any organization", func(t *testing.T) {
			wantErr(t, op.call(e.client("333333333333")), "AWSOrganizationsNotInUseException", "")
		})
	}
	t.Run("nothing changed", func(t *testing.T) {
		acc := acctDescribe(t, o, target)
		if acc.Status != types.AccountStatusActive || len(acc.Paths) != 1 || !strings.HasSuffix(acc.Paths[0], o.rootID+"/"+target+"/") {
			t.Errorf("got %s %v, want ACTIVE under the root", acc.Status, acc.Paths)
		}
		l, err := o.c.ListCreateAccountStatus(ctx(t), &organizations.ListCreateAccountStatusInput{})
		noErr(t, err)
		if len(l.CreateAccountStatuses) != 3 {
			t.Errorf("got %d requests, want 3", len(l.CreateAccountStatuses))
		}
	})
}

// TestAccountCloseNeedsAllFeatures: AWS's CloseAccount reference says "You
// can close an account when all features are enabled".
func TestAccountCloseNeedsAllFeatures(t *testing.T) {
	t.Parallel()
	e := start(t)
	c := e.client(mgmtID)
	_, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetConsolidatedBilling})
	noErr(t, err)
	o := &testOrg{c: c}
	id := o.createAccount(t, "billing-only")
	_, err = c.CloseAccount(ctx(t), &organizations.CloseAccountInput{AccountId: aws.String(id)})
	wantErr(t, err, "ConstraintViolationException", "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE")
	if st := acctDescribe(t, o, id).Status; st != types.AccountStatusActive {
		t.Errorf("got %s, want ACTIVE", st)
	}
}

// TestAccountCloseManyPending: closures complete when due however many
// other accounts are PENDING_CLOSURE, whatever their IDs.
func TestAccountCloseManyPending(t *testing.T) {
	t.Parallel()
	clock := newAcctClock()
	e := start(t, withAcctClock(clock), withEngine(func(c *engine.Config) {
		c.AccountClosureDelay = time.Hour
		c.Quotas.MaxConcurrentClosures = 1000
	}))
	o := e.newOrg(t)
	ids := acctCreateMany(t, o, "c", 105)
	slices.Sort(ids)
	closeAcct := func(id string) {
		_, err := o.c.CloseAccount(ctx(t), &organizations.CloseAccountInput{AccountId: aws.String(id)})
		noErr(t, err)
	}
	// The highest IDs close first; more than a batch of lower IDs close
	// half an hour later.
	early, late := ids[100:], ids[:100]
	for _, id := range early {
		closeAcct(id)
	}
	clock.Advance(30 * time.Minute)
	for _, id := range late {
		closeAcct(id)
	}
	clock.Advance(30 * time.Minute)
	e.srv.Engine().RunDue(ctx(t))
	status := map[string]types.AccountStatus{}
	p := organizations.NewListAccountsPaginator(o.c, &organizations.ListAccountsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		noErr(t, err)
		for _, a := range page.Accounts {
			status[*a.Id] = a.Status
		}
	}
	for _, id := range early {
		if status[id] != types.AccountStatusSuspended {
			t.Errorf("early closure %s: got %s, want SUSPENDED", id, status[id])
		}
	}
	for _, id := range late {
		if status[id] != types.AccountStatusPendingClosure {
			t.Errorf("late closure %s: got %s, want PENDING_CLOSURE", id, status[id])
		}
	}
}

// TestAccountCreateConcurrent: requests in progress together are completed
// one by one, in order, each against what the earlier ones made.
func TestAccountCreateConcurrent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		quota  int
		emails []string
		want   []types.CreateAccountFailureReason // "" for SUCCEEDED
	}{
		{"same email", 0, []string{"same@example.com", "SAME@example.com"}, []types.CreateAccountFailureReason{"", types.CreateAccountFailureReasonEmailAlreadyExists}},
		{"quota", 3, []string{"a@example.com", "b@example.com", "c@example.com"}, []types.CreateAccountFailureReason{"", "", types.CreateAccountFailureReasonAccountLimitExceeded}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newAcctClock()
			e := start(t, withAcctClock(clock), withEngine(func(c *engine.Config) {
				c.AccountCreationDelay = time.Hour
				c.Quotas.MaxAccounts = tt.quota
			}))
			o := e.newOrg(t)
			var reqs []string
			for _, email := range tt.emails {
				reqs = append(reqs, acctStartCreate(t, o.c, "n", email))
				clock.Advance(time.Second)
			}
			clock.Advance(time.Hour)
			e.srv.Engine().RunDue(ctx(t))
			for i, r := range reqs {
				st := o.waitCreate(t, r)
				want := types.CreateAccountStateSucceeded
				if tt.want[i] != "" {
					want = types.CreateAccountStateFailed
				}
				if st.State != want || st.FailureReason != tt.want[i] {
					t.Errorf("request %d: got %s %s, want %s %s", i, st.State, st.FailureReason, want, tt.want[i])
				}
			}
		})
	}
}

// TestAccountCloseRollingQuota: AWS lets an organization close the higher
// of 250 and 20% of its member accounts, up to 1,000, in a rolling 30 days.
func TestAccountCloseRollingQuota(t *testing.T) {
	t.Parallel()
	clock := newAcctClock()
	e := start(t, withAcctClock(clock), withEngine(func(c *engine.Config) {
		c.AccountClosureDelay = time.Minute
		c.Quotas.MaxConcurrentClosures = 1000
	}))
	o := e.newOrg(t)
	ids := acctCreateMany(t, o, "q", 251)
	closeAcct := func(id string) error {
		_, err := o.c.CloseAccount(ctx(t), &organizations.CloseAccountInput{AccountId: aws.String(id)})
		return err
	}
	for i, id := range ids[:250] {
		if err := closeAcct(id); err != nil {
			t.Fatalf("closure %d: %v", i+1, err)
		}
	}
	clock.Advance(time.Hour)
	e.srv.Engine().RunDue(ctx(t))
	t.Run("closure 251 within 30 days", func(t *testing.T) {
		wantErr(t, closeAcct(ids[250]), "ConstraintViolationException", "CLOSE_ACCOUNT_QUOTA_EXCEEDED")
	})
	clock.Advance(30 * 24 * time.Hour)
	t.Run("closure 251 after 30 days", func(t *testing.T) {
		noErr(t, closeAcct(ids[250]))
	})
}
