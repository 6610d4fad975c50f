package apitest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestCLIMultiAccountProfiles runs testdata/multi-account.sh: the AWS CLI
// with named profiles (keys from `canopy accounts create`, a role profile
// with role_arn and source_profile) against `canopy serve --auth strict`.
func TestCLIMultiAccountProfiles(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("skipping: the aws CLI is not on PATH (install awscli to run the CLI tests)")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("skipping: python3 is not on PATH; the script reads canopy's JSON with it")
	}
	bin := cliBuild(t)
	data := t.TempDir()
	// --leave-wait 0s: the created account leaves at once, where AWS
	// would make it wait four days.
	srv := cliServe(t, bin, nil, "--listen", "127.0.0.1:0", "--data", data, "--auth", "strict", "--leave-wait", "0s")
	cmd := exec.Command("bash", "testdata/multi-account.sh")
	cmd.Env = append(cliBaseEnv(), "CANOPY="+bin, "DATA="+data, "ENDPOINT="+srv.url, "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		srv.stop(t) // its logs are read once it has exited
		t.Fatalf("multi-account.sh: %v\n%s\nserver logs:\n%s", err, out, srv.logs.String())
	}
	if testing.Verbose() {
		os.Stdout.Write(out)
	}
}

// A server reachable from other machines needs an explicit choice of
// authentication, and warns when the choice is dev.
func TestCLINonLoopbackNeedsAuthChoice(t *testing.T) {
	t.Parallel()
	bin := cliBuild(t)
	cmd := exec.Command(bin, "serve", "--listen", "0.0.0.0:0", "--data", t.TempDir())
	cmd.Env = cliBaseEnv()
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "--auth strict") {
		t.Fatalf("got %v %q, want a refusal that names --auth strict", err, out)
	}
	srv := cliServe(t, bin, nil, "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--auth", "dev")
	srv.stop(t) // its logs are read once it has exited
	if strings.Contains(srv.logs.String(), "non-loopback") {
		t.Errorf("got a warning on loopback: %s", srv.logs.String())
	}
}
