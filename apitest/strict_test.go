package apitest

// Strict authentication: every account holds its own keys, requests are
// checked against them, and STS turns a management account's key into a
// member account's temporary credentials.

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"canopy/org"
	"canopy/server"
)

// strictEnv is a strict-mode server with a clock the test moves.
type strictEnv struct {
	*env
	clock *acctClock
}

func startStrict(t *testing.T) *strictEnv {
	t.Helper()
	clock := newAcctClock()
	e := start(t, withAcctClock(clock), func(c *server.Config) { c.Auth = server.AuthStrict })
	return &strictEnv{env: e, clock: clock}
}

// identity is an account with a key of its own.
type identity struct {
	account string
	key     *org.AccessKey
}

// newIdentity adds a standalone account with a key, as `canopy accounts
// create` does.
func (s *strictEnv) newIdentity(t *testing.T, name string) identity {
	t.Helper()
	a, k, err := s.srv.Engine().CreateStandaloneAccount(context.Background(), name+"@example.com", name, "")
	noErr(t, err)
	return identity{account: a.ID, key: k}
}

func (s *strictEnv) awsConfig(creds aws.CredentialsProvider) aws.Config {
	return aws.Config{Region: "us-east-1", Credentials: creds, RetryMaxAttempts: 1}
}

// orgs returns an Organizations client signing with creds.
func (s *strictEnv) orgs(creds aws.CredentialsProvider) *organizations.Client {
	return organizations.NewFromConfig(s.awsConfig(creds), func(o *organizations.Options) {
		o.BaseEndpoint = aws.String(s.srv.URL())
	})
}

// sts returns an STS client signing with creds.
func (s *strictEnv) sts(creds aws.CredentialsProvider) *sts.Client {
	return sts.NewFromConfig(s.awsConfig(creds), func(o *sts.Options) {
		o.BaseEndpoint = aws.String(s.srv.URL())
	})
}

func static(k *org.AccessKey) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(k.AccessKeyID, k.SecretAccessKey, k.SessionToken)
}

func TestStrictMultiAccountFlow(t *testing.T) {
	t.Parallel()
	s := startStrict(t)
	mgmt, invitee := s.newIdentity(t, "management"), s.newIdentity(t, "invitee")
	mc, ic := s.orgs(static(mgmt.key)), s.orgs(static(invitee.key))

	who, err := s.sts(static(mgmt.key)).GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	noErr(t, err)
	if *who.Account != mgmt.account || *who.Arn != "arn:aws:iam::"+mgmt.account+":user/canopy-admin" {
		t.Fatalf("got %s %s, want the management account's user", *who.Account, *who.Arn)
	}

	created, err := mc.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{})
	noErr(t, err)
	if *created.Organization.MasterAccountId != mgmt.account {
		t.Fatalf("got management account %s, want %s", *created.Organization.MasterAccountId, mgmt.account)
	}

	// The management account invites the standalone account, which
	// answers with its own credentials.
	inv, err := mc.InviteAccountToOrganization(ctx(t), &organizations.InviteAccountToOrganizationInput{
		Target: &types.HandshakeParty{Id: aws.String(invitee.account), Type: types.HandshakePartyTypeAccount}})
	noErr(t, err)
	_, err = ic.CancelHandshake(ctx(t), &organizations.CancelHandshakeInput{HandshakeId: inv.Handshake.Id})
	wantErr(t, err, "AccessDeniedException", "")
	_, err = mc.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: inv.Handshake.Id})
	wantErr(t, err, "AccessDeniedException", "")
	_, err = ic.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: inv.Handshake.Id})
	noErr(t, err)

	// A member cannot call management-only operations.
	_, err = ic.ListAccounts(ctx(t), &organizations.ListAccountsInput{})
	wantErr(t, err, "AccessDeniedException", "")
	_, err = ic.CreateAccount(ctx(t), &organizations.CreateAccountInput{AccountName: aws.String("x"), Email: aws.String("x@example.com")})
	wantErr(t, err, "AccessDeniedException", "")
	_, err = ic.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	noErr(t, err)

	// The management account creates an account and assumes the role
	// CreateAccount made in it.
	ca, err := mc.CreateAccount(ctx(t), &organizations.CreateAccountInput{AccountName: aws.String("workload"), Email: aws.String("workload@example.com")})
	noErr(t, err)
	member := *(&testOrg{c: mc}).waitCreate(t, *ca.CreateAccountStatus.Id).AccountId
	roleArn := "arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole"
	ar, err := s.sts(static(mgmt.key)).AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: aws.String(roleArn), RoleSessionName: aws.String("ops")})
	noErr(t, err)
	cr := ar.Credentials
	if !strings.HasPrefix(*cr.AccessKeyId, "ASIA") || *cr.SessionToken == "" {
		t.Fatalf("got key %s, want temporary credentials", *cr.AccessKeyId)
	}
	if got := cr.Expiration.Sub(s.clock.Now()); got != time.Hour {
		t.Errorf("got credentials for %s, want 1h", got)
	}
	temp := credentials.NewStaticCredentialsProvider(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken)
	me, err := s.sts(temp).GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	noErr(t, err)
	if want := "arn:aws:sts::" + member + ":assumed-role/OrganizationAccountAccessRole/ops"; *me.Arn != want || *me.Account != member {
		t.Fatalf("got %s in %s, want %s", *me.Arn, *me.Account, want)
	}
	// The invitee is a member, not the management account: it may not
	// assume roles in other members.
	_, err = s.sts(static(invitee.key)).AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: aws.String(roleArn), RoleSessionName: aws.String("intruder")})
	wantErr(t, err, "AccessDenied", "")
	// Invited accounts have no role Canopy made.
	_, err = s.sts(static(mgmt.key)).AssumeRole(ctx(t), &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + invitee.account + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("intruder")})
	wantErr(t, err, "AccessDenied", "")

	// Temporary credentials expire. The SDK signs with the real clock, so
	// the server's moves no further than the 15 minutes of allowed skew:
	// a 15-minute session ends within them.
	brief, err := s.sts(static(mgmt.key)).AssumeRole(ctx(t), &sts.AssumeRoleInput{
		RoleArn: aws.String(roleArn), RoleSessionName: aws.String("brief"), DurationSeconds: aws.Int32(900)})
	noErr(t, err)
	bc := brief.Credentials
	briefCreds := credentials.NewStaticCredentialsProvider(*bc.AccessKeyId, *bc.SecretAccessKey, *bc.SessionToken)
	_, err = s.sts(briefCreds).GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	noErr(t, err)
	s.clock.Advance(15 * time.Minute)
	_, err = s.sts(briefCreds).GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	wantErr(t, err, "ExpiredToken", "")
	_, err = s.orgs(briefCreds).DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	wantErr(t, err, "ExpiredTokenException", "")

	// The created account leaves with its (one-hour) temporary credentials.
	tc := s.orgs(temp)
	_, err = tc.ListAccounts(ctx(t), &organizations.ListAccountsInput{})
	wantErr(t, err, "AccessDeniedException", "")
	_, err = tc.LeaveOrganization(ctx(t), &organizations.LeaveOrganizationInput{})
	noErr(t, err)
	_, err = mc.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String(member)})
	wantErr(t, err, "AccountNotFoundException", "")

	// The role stays in the account, trusting the management account that
	// CreateAccount made it for: the account is now standalone.
	again, err := s.sts(static(mgmt.key)).AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: aws.String(roleArn), RoleSessionName: aws.String("after")})
	noErr(t, err)
	ac := again.Credentials
	_, err = s.orgs(credentials.NewStaticCredentialsProvider(*ac.AccessKeyId, *ac.SecretAccessKey, *ac.SessionToken)).
		DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	wantErr(t, err, "AWSOrganizationsNotInUseException", "")
}

func TestStrictRefusals(t *testing.T) {
	t.Parallel()
	s := startStrict(t)
	id := s.newIdentity(t, "someone")
	tests := []struct {
		name            string
		creds           aws.CredentialsProvider
		orgCode, stsCod string
	}{
		{"unknown key", credentials.NewStaticCredentialsProvider("AKIAUNKNOWNUNKNOWN00", "secret", ""), "UnrecognizedClientException", "InvalidClientTokenId"},
		{"wrong secret", credentials.NewStaticCredentialsProvider(id.key.AccessKeyID, "not-the-secret", ""), "InvalidSignatureException", "SignatureDoesNotMatch"},
		{"a 12-digit key names no one", credentials.NewStaticCredentialsProvider(id.account, "secret", ""), "UnrecognizedClientException", "InvalidClientTokenId"},
		{"a token with a long-term key", credentials.NewStaticCredentialsProvider(id.key.AccessKeyID, id.key.SecretAccessKey, "token"), "UnrecognizedClientException", "InvalidClientTokenId"},
		{"no credentials", aws.AnonymousCredentials{}, "MissingAuthenticationTokenException", "MissingAuthenticationToken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.orgs(tt.creds).DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
			wantErr(t, err, tt.orgCode, "")
			_, err = s.sts(tt.creds).GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
			wantErr(t, err, tt.stsCod, "")
		})
	}

	t.Run("clock skew", func(t *testing.T) {
		// The test's own clock signs; the server's runs 16 minutes ahead.
		sk := startStrict(t)
		who := sk.newIdentity(t, "skewed")
		sk.clock.Advance(16 * time.Minute)
		_, err := sk.orgs(static(who.key)).DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
		wantErr(t, err, "InvalidSignatureException", "")
		if !strings.Contains(err.Error(), "Signature expired") {
			t.Errorf("got %v, want a signature-expired message", err)
		}
	})

	t.Run("presigned request", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodGet, s.srv.URL()+"/?Action=GetCallerIdentity&Version=2011-06-15", nil)
		noErr(t, err)
		creds, err := static(id.key).Retrieve(ctx(t))
		noErr(t, err)
		const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
		url, _, err := v4.NewSigner().PresignHTTP(ctx(t), creds, req, emptySHA256, "sts", "us-east-1", s.clock.Now())
		noErr(t, err)
		resp, err := http.Get(url)
		noErr(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("got status %d, want 200", resp.StatusCode)
		}
		tampered := strings.Replace(url, "GetCallerIdentity", "GetCallerIdentitx", 1)
		resp, err = http.Get(tampered)
		noErr(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("tampered: got status %d, want 403", resp.StatusCode)
		}
	})

	t.Run("no reset endpoint", func(t *testing.T) {
		resp, err := http.Post(s.srv.URL()+"/moto-api/reset", "application/json", nil)
		noErr(t, err)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Errorf("got 200 from the reset endpoint in strict mode, want a refusal")
		}
	})
}

// Many requests at once from several identities: the server's cache of
// verified keys and the engine's cache of compiled policies are shared by
// concurrent requests (this test is meant for -race).
func TestStrictConcurrentRequests(t *testing.T) {
	t.Parallel()
	s := startStrict(t)
	mgmt := s.newIdentity(t, "concurrent")
	mc := s.orgs(static(mgmt.key))
	out, err := mc.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{})
	noErr(t, err)
	roots, err := mc.ListRoots(ctx(t), &organizations.ListRootsInput{})
	noErr(t, err)
	_, err = mc.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: roots.Roots[0].Id, PolicyType: types.PolicyTypeServiceControlPolicy})
	noErr(t, err)
	keys := []*org.AccessKey{mgmt.key}
	for i := 0; i < 3; i++ {
		k, err := s.srv.Engine().CreateAccessKey(context.Background(), mgmt.account, "user-"+string(rune('a'+i)))
		noErr(t, err)
		keys = append(keys, k)
	}
	errs := make(chan error, 4*len(keys))
	var wg sync.WaitGroup
	for _, k := range keys {
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := s.orgs(static(k))
				for i := 0; i < 10; i++ {
					d, err := c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
					if err != nil {
						errs <- err
						return
					}
					if *d.Organization.Id != *out.Organization.Id {
						errs <- fmt.Errorf("got organization %s, want %s", *d.Organization.Id, *out.Organization.Id)
						return
					}
					if _, err := c.ListPoliciesForTarget(ctx(t), &organizations.ListPoliciesForTargetInput{
						TargetId: roots.Roots[0].Id, Filter: types.PolicyTypeServiceControlPolicy}); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// lockedBuffer is a log destination safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Secrets never reach the log, at the most verbose level, whether a
// request is accepted or refused, and whatever STS hands out.
func TestStrictSecretsNotLogged(t *testing.T) {
	t.Parallel()
	logs := &lockedBuffer{}
	clock := newAcctClock()
	e := start(t, withAcctClock(clock), func(c *server.Config) {
		c.Auth = server.AuthStrict
		c.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	s := &strictEnv{env: e, clock: clock}
	id := s.newIdentity(t, "secretive")
	c := s.orgs(static(id.key))
	_, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{})
	noErr(t, err)
	ca, err := c.CreateAccount(ctx(t), &organizations.CreateAccountInput{AccountName: aws.String("m"), Email: aws.String("m@example.com")})
	noErr(t, err)
	member := *(&testOrg{c: c}).waitCreate(t, *ca.CreateAccountStatus.Id).AccountId
	ar, err := s.sts(static(id.key)).AssumeRole(ctx(t), &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("quiet")})
	noErr(t, err)
	_, err = s.orgs(credentials.NewStaticCredentialsProvider(id.key.AccessKeyID, id.key.SecretAccessKey+"x", "")).
		DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	wantErr(t, err, "InvalidSignatureException", "")
	_, err = s.orgs(credentials.NewStaticCredentialsProvider(*ar.Credentials.AccessKeyId, *ar.Credentials.SecretAccessKey, "wrong-token")).
		DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	wantErr(t, err, "UnrecognizedClientException", "")

	out := logs.String()
	if !strings.Contains(out, "DescribeOrganization") {
		t.Fatalf("the log has no request lines: %q", out)
	}
	for _, secret := range []string{id.key.SecretAccessKey, *ar.Credentials.SecretAccessKey, *ar.Credentials.SessionToken} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds a secret")
		}
	}
}
