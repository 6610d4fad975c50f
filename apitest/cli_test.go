package apitest

// The real canopy binary driven by the real AWS CLI: what a user does on
// day one. The CLI is slow to start (a Python process per call), so bulk
// setup goes through the Go SDK against the same binary and the CLI runs
// the commands worth checking.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// cliBuild builds cmd/canopy into a temporary directory.
func cliBuild(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(goBin); err != nil {
			t.Skip("skipping: the go command is not on PATH, so the canopy binary cannot be built")
		}
	}
	bin := filepath.Join(t.TempDir(), "canopy")
	cmd := exec.Command(goBin, "build", "-o", bin, "canopy/cmd/canopy")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/canopy: %v\n%s", err, out)
	}
	return bin
}

// cliServer is a running canopy process.
type cliServer struct {
	cmd    *exec.Cmd
	url    string
	banner string
	logs   bytes.Buffer // stderr after the banner; read after drained is closed
	done   chan struct{}
	exited bool
}

// cliServe starts `canopy serve args...` with extra environment and waits
// for its banner, the first line on stderr.
func cliServe(t *testing.T, bin string, env []string, args ...string) *cliServer {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve"}, args...)...)
	cmd.Env = append(cliBaseEnv(), env...)
	stderr, err := cmd.StderrPipe()
	noErr(t, err)
	noErr(t, cmd.Start())
	s := &cliServer{cmd: cmd, done: make(chan struct{})}
	t.Cleanup(func() { s.stop(t) })

	br := bufio.NewReader(stderr)
	type line struct {
		s   string
		err error
	}
	first := make(chan line, 1)
	go func() {
		l, err := br.ReadString('\n')
		first <- line{l, err}
		io.Copy(&s.logs, br)
		close(s.done)
	}()
	select {
	case l := <-first:
		if l.err != nil {
			t.Fatalf("reading the banner: got %q, %v", l.s, l.err)
		}
		s.banner = strings.TrimSuffix(l.s, "\n")
	case <-time.After(30 * time.Second):
		t.Fatalf("canopy serve printed no banner within 30s")
	}
	url, ok := strings.CutPrefix(s.banner, "listening on ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") || strings.HasSuffix(url, ":0") {
		t.Fatalf("got first stderr line %q, want \"listening on http://127.0.0.1:PORT\"", s.banner)
	}
	s.url = url
	return s
}

// stop sends SIGTERM and waits for a clean exit.
func (s *cliServer) stop(t *testing.T) {
	t.Helper()
	if s.exited {
		return
	}
	s.exited = true
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("SIGTERM: %v", err)
	}
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
		t.Errorf("canopy did not exit within 20s of SIGTERM; logs:\n%s", s.logs.String())
	}
	if err := s.cmd.Wait(); err != nil {
		t.Errorf("canopy exit after SIGTERM: got %v, want status 0; logs:\n%s", err, s.logs.String())
	}
}

// client is a Go SDK client for the process, acting as account.
func (s *cliServer) client(account string) *organizations.Client {
	return organizations.NewFromConfig(aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider(account, "secret", ""),
		RetryMaxAttempts: 1,
	}, func(o *organizations.Options) { o.BaseEndpoint = aws.String(s.url) })
}

// cliBaseEnv is the environment without any AWS_ or CANOPY_ setting of the
// user running the tests.
func cliBaseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_") || strings.HasPrefix(kv, "CANOPY_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// cliAWS runs the AWS CLI against a server, as mgmtID.
type cliAWS struct {
	bin string
	env []string
}

func newCLIAWS(t *testing.T, url string) *cliAWS {
	t.Helper()
	bin, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("skipping: the aws CLI is not on PATH (install awscli to run the CLI tests)")
	}
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	noErr(t, os.WriteFile(empty, nil, 0o600))
	env := append(cliBaseEnv(),
		"AWS_ACCESS_KEY_ID="+mgmtID,
		"AWS_SECRET_ACCESS_KEY=x",
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_ENDPOINT_URL="+url,
		"AWS_CONFIG_FILE="+empty,
		"AWS_SHARED_CREDENTIALS_FILE="+empty,
		"AWS_DEFAULT_OUTPUT=json",
		"AWS_PAGER=",
		"AWS_MAX_ATTEMPTS=1",
		"AWS_EC2_METADATA_DISABLED=true",
		"HOME="+dir,
	)
	return &cliAWS{bin: bin, env: env}
}

// run runs `aws organizations args...` and returns stdout, stderr and the
// exit code.
func (a *cliAWS) run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(a.bin, append([]string{"organizations"}, args...)...)
	cmd.Env = a.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("aws %s: %v", strings.Join(args, " "), err)
	}
	return stdout.String(), stderr.String(), code
}

// json runs a command that must succeed and decodes its output into v.
func (a *cliAWS) json(t *testing.T, v any, args ...string) {
	t.Helper()
	out, errOut, code := a.run(t, args...)
	if code != 0 {
		t.Fatalf("aws organizations %s: got exit %d, want 0\nstderr: %s", strings.Join(args, " "), code, errOut)
	}
	if v == nil {
		return
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("aws organizations %s: got output %q, want JSON: %v", strings.Join(args, " "), out, err)
	}
}

type cliAccounts struct {
	Accounts []struct {
		Id, Name, Email, Status string
	}
	NextToken string
}

func (l cliAccounts) ids() []string {
	var ids []string
	for _, a := range l.Accounts {
		ids = append(ids, a.Id)
	}
	return ids
}

func TestCLIWorkflow(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("skipping: the aws CLI is not on PATH (install awscli to run the CLI tests)")
	}
	bin := cliBuild(t)
	data := filepath.Join(t.TempDir(), "not", "yet", "there")
	srv := cliServe(t, bin, nil, "--listen", "127.0.0.1:0", "--data", data)
	if fi, err := os.Stat(data); err != nil || !fi.IsDir() {
		t.Fatalf("got %v for --data %s, want the directory created", err, data)
	}
	cli := newCLIAWS(t, srv.url)

	var org struct {
		Organization struct{ Id, MasterAccountId, FeatureSet string }
	}
	cli.json(t, &org, "create-organization", "--feature-set", "ALL")
	if org.Organization.MasterAccountId != mgmtID || org.Organization.FeatureSet != "ALL" {
		t.Fatalf("got %+v, want an ALL organization managed by %s", org.Organization, mgmtID)
	}
	var roots struct{ Roots []struct{ Id, Name string } }
	cli.json(t, &roots, "list-roots")
	if len(roots.Roots) != 1 || !strings.HasPrefix(roots.Roots[0].Id, "r-") {
		t.Fatalf("got roots %+v, want one r-…", roots.Roots)
	}
	rootID := roots.Roots[0].Id
	var ou struct{ OrganizationalUnit struct{ Id, Name string } }
	cli.json(t, &ou, "create-organizational-unit", "--parent-id", rootID, "--name", "Prod")
	if ou.OrganizationalUnit.Name != "Prod" || !strings.HasPrefix(ou.OrganizationalUnit.Id, "ou-") {
		t.Fatalf("got %+v, want OU Prod", ou.OrganizationalUnit)
	}

	// create-account, then poll its status as a script would.
	var created struct {
		CreateAccountStatus struct{ Id, State, AccountId string }
	}
	cli.json(t, &created, "create-account", "--email", "cli@example.com", "--account-name", "cli")
	if created.CreateAccountStatus.State != "IN_PROGRESS" {
		t.Errorf("got state %s, want IN_PROGRESS", created.CreateAccountStatus.State)
	}
	var cliAcct string
	for i := 0; ; i++ {
		var st struct {
			CreateAccountStatus struct{ State, AccountId, FailureReason string }
		}
		cli.json(t, &st, "describe-create-account-status", "--create-account-request-id", created.CreateAccountStatus.Id)
		if st.CreateAccountStatus.State == "SUCCEEDED" {
			cliAcct = st.CreateAccountStatus.AccountId
			break
		}
		if st.CreateAccountStatus.State != "IN_PROGRESS" || i == 20 {
			t.Fatalf("got %+v, want SUCCEEDED", st.CreateAccountStatus)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// Five more accounts through the SDK: seven with the management account.
	sdk := srv.client(mgmtID)
	want := []string{mgmtID, cliAcct}
	var sdkAccts []string
	for i := range 5 {
		out, err := sdk.CreateAccount(ctx(t), &organizations.CreateAccountInput{
			AccountName: aws.String(fmt.Sprintf("sdk%d", i)), Email: aws.String(fmt.Sprintf("sdk%d@example.com", i)),
		})
		noErr(t, err)
		id := cliWaitCreate(t, sdk, *out.CreateAccountStatus.Id)
		want = append(want, id)
		sdkAccts = append(sdkAccts, id)
	}
	slices.Sort(want)

	t.Run("list-accounts auto-pagination", func(t *testing.T) {
		var l cliAccounts
		cli.json(t, &l, "list-accounts", "--page-size", "2")
		got := l.ids()
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("got %v, want %v (each account exactly once)", got, want)
		}
		if l.NextToken != "" {
			t.Errorf("got NextToken %q after auto-pagination, want none", l.NextToken)
		}
	})
	t.Run("list-accounts max-items and starting-token", func(t *testing.T) {
		var first, rest cliAccounts
		cli.json(t, &first, "list-accounts", "--page-size", "2", "--max-items", "3")
		if len(first.Accounts) != 3 || first.NextToken == "" {
			t.Fatalf("got %d accounts, NextToken %q, want 3 and a token", len(first.Accounts), first.NextToken)
		}
		cli.json(t, &rest, "list-accounts", "--page-size", "2", "--starting-token", first.NextToken)
		got := append(first.ids(), rest.ids()...)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})

	t.Run("policies", func(t *testing.T) {
		cli.json(t, nil, "enable-policy-type", "--root-id", rootID, "--policy-type", "SERVICE_CONTROL_POLICY")
		var p struct {
			Policy struct {
				PolicySummary struct{ Id, Name, Type string }
			}
		}
		cli.json(t, &p, "create-policy", "--name", "deny-leave", "--description", "no leaving",
			"--type", "SERVICE_CONTROL_POLICY",
			"--content", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}`)
		pid := p.Policy.PolicySummary.Id
		if !strings.HasPrefix(pid, "p-") || p.Policy.PolicySummary.Type != "SERVICE_CONTROL_POLICY" {
			t.Fatalf("got %+v, want an SCP", p.Policy.PolicySummary)
		}
		out, errOut, code := cli.run(t, "attach-policy", "--policy-id", pid, "--target-id", ou.OrganizationalUnit.Id)
		if code != 0 || strings.TrimSpace(out) != "" {
			t.Fatalf("attach-policy: got exit %d, output %q, stderr %s; want 0 and no output", code, out, errOut)
		}
		var attached struct{ Policies []struct{ Id string } }
		cli.json(t, &attached, "list-policies-for-target", "--target-id", ou.OrganizationalUnit.Id, "--filter", "SERVICE_CONTROL_POLICY")
		var ids []string
		for _, p := range attached.Policies {
			ids = append(ids, p.Id)
		}
		if !slices.Contains(ids, pid) {
			t.Errorf("got policies %v on the OU, want %s among them", ids, pid)
		}
	})

	t.Run("tags", func(t *testing.T) {
		cli.json(t, nil, "tag-resource", "--resource-id", cliAcct, "--tags", "Key=team,Value=blue", "Key=env,Value=prod")
		var tags struct{ Tags []struct{ Key, Value string } }
		cli.json(t, &tags, "list-tags-for-resource", "--resource-id", cliAcct)
		got := map[string]string{}
		for _, tg := range tags.Tags {
			got[tg.Key] = tg.Value
		}
		if len(got) != 2 || got["team"] != "blue" || got["env"] != "prod" {
			t.Errorf("got tags %v, want team=blue env=prod", got)
		}
	})

	t.Run("close-account prints nothing", func(t *testing.T) {
		out, errOut, code := cli.run(t, "close-account", "--account-id", sdkAccts[0])
		if code != 0 || out != "" {
			t.Errorf("got exit %d, output %q, stderr %s; want 0 and empty output", code, out, errOut)
		}
	})

	t.Run("error exit code and exception name", func(t *testing.T) {
		out, errOut, code := cli.run(t, "describe-account", "--account-id", "999999999999")
		// 255 is CLI v1's exit code for a service error; 254 is v2's.
		if code != 254 && code != 255 {
			t.Errorf("got exit %d, want 254 or 255", code)
		}
		if !strings.Contains(errOut, "AccountNotFoundException") {
			t.Errorf("got stderr %q, want it to name AccountNotFoundException", errOut)
		}
		if out != "" {
			t.Errorf("got stdout %q, want none", out)
		}
	})

	t.Run("state survives a restart", func(t *testing.T) {
		srv.stop(t)
		// Restart through the environment instead of flags.
		srv2 := cliServe(t, bin, []string{"CANOPY_LISTEN=127.0.0.1:0", "CANOPY_DATA=" + data})
		cli2 := newCLIAWS(t, srv2.url)
		var l cliAccounts
		cli2.json(t, &l, "list-accounts", "--page-size", "2")
		got := l.ids()
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("got %v after restart, want %v", got, want)
		}
		var d struct{ Organization struct{ Id string } }
		cli2.json(t, &d, "describe-organization")
		if d.Organization.Id != org.Organization.Id {
			t.Errorf("got organization %s after restart, want %s", d.Organization.Id, org.Organization.Id)
		}
	})
}

// cliWaitCreate polls a CreateAccount request until it succeeds.
func cliWaitCreate(t *testing.T, c *organizations.Client, id string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		out, err := c.DescribeCreateAccountStatus(ctx(t), &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: &id})
		noErr(t, err)
		switch out.CreateAccountStatus.State {
		case types.CreateAccountStateSucceeded:
			return *out.CreateAccountStatus.AccountId
		case types.CreateAccountStateFailed:
			t.Fatalf("create account %s: got FAILED %s, want SUCCEEDED", id, out.CreateAccountStatus.FailureReason)
		}
		if time.Now().After(deadline) {
			t.Fatalf("create account %s still IN_PROGRESS", id)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// The flags and their environment variables: a flag wins over its
// variable, the variable works alone, and the data directory is created.
func TestCLIServeFlagsAndEnv(t *testing.T) {
	t.Parallel()
	bin := cliBuild(t)
	tests := []struct {
		name     string
		env      func(dir string) []string
		args     func(dir string) []string
		used     string // the data directory that must exist, relative to dir
		unused   string // one that must not, if not empty
		wantPort string // port of the banner, if fixed
	}{
		{
			name: "flags",
			args: func(dir string) []string {
				return []string{"--listen", "127.0.0.1:0", "--data", filepath.Join(dir, "flag", "data")}
			},
			used: "flag/data",
		},
		{
			name: "environment",
			env: func(dir string) []string {
				return []string{"CANOPY_LISTEN=127.0.0.1:0", "CANOPY_DATA=" + filepath.Join(dir, "env", "data")}
			},
			used: "env/data",
		},
		{
			name: "flags win over environment",
			env: func(dir string) []string {
				// An address that cannot be bound: used, it would fail.
				return []string{"CANOPY_LISTEN=256.0.0.1:1", "CANOPY_DATA=" + filepath.Join(dir, "env")}
			},
			args: func(dir string) []string {
				return []string{"--listen", "127.0.0.1:0", "--data", filepath.Join(dir, "flag")}
			},
			used:   "flag",
			unused: "env",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var env, args []string
			if tc.env != nil {
				env = tc.env(dir)
			}
			if tc.args != nil {
				args = tc.args(dir)
			}
			srv := cliServe(t, bin, env, args...)
			if fi, err := os.Stat(filepath.Join(dir, tc.used)); err != nil || !fi.IsDir() {
				t.Errorf("got %v for %s, want the data directory created", err, tc.used)
			}
			if tc.unused != "" {
				if _, err := os.Stat(filepath.Join(dir, tc.unused)); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("got %v for %s, want it untouched", err, tc.unused)
				}
			}
			// The server answers, and its data lands where it says.
			c := srv.client(mgmtID)
			_, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{})
			noErr(t, err)
			srv.stop(t)
			entries, err := os.ReadDir(filepath.Join(dir, tc.used))
			noErr(t, err)
			if len(entries) == 0 {
				t.Errorf("got an empty %s, want the database in it", tc.used)
			}
		})
	}
}
