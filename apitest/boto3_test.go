package apitest

// A boto3 suite written the way moto's TEST_SERVER_MODE tests are
// (testdata/boto3_suite.py), run against Canopy: what a team moving its
// tests off moto_server runs first.

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestBoto3Suite(t *testing.T) {
	t.Parallel()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("skipping: python3 is not on PATH (needed for the boto3 suite)")
	}
	env := cliBaseEnv()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	noErr(t, os.WriteFile(empty, nil, 0o600))
	env = append(env, "AWS_CONFIG_FILE="+empty, "AWS_SHARED_CREDENTIALS_FILE="+empty, "AWS_EC2_METADATA_DISABLED=true")
	probe := exec.Command(py, "-c", "import boto3")
	probe.Env = env
	if out, err := probe.CombinedOutput(); err != nil {
		t.Skipf("skipping: boto3 is not installed for %s (pip install boto3): %v %s", py, err, bytes.TrimSpace(out))
	}

	e := start(t)
	cmd := exec.Command(py, filepath.Join("testdata", "boto3_suite.py"), e.srv.URL())
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running the boto3 suite: %v\n%s", err, out)
	}

	// One subtest per Python test, with its traceback when it failed.
	type result struct {
		ok     bool
		detail strings.Builder
	}
	var order []string
	results := map[string]*result{}
	var cur *result
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "ok   "); ok {
			name, _, _ = strings.Cut(name, " ")
			order = append(order, name)
			results[name], cur = &result{ok: true}, nil
			continue
		}
		if name, ok := strings.CutPrefix(line, "FAIL "); ok {
			name, _, _ = strings.Cut(name, " ")
			order = append(order, name)
			cur = &result{}
			results[name] = cur
			continue
		}
		if cur != nil {
			cur.detail.WriteString(line + "\n")
		}
	}
	if len(order) == 0 {
		t.Fatalf("got no test results from the boto3 suite (exit %v), want some:\n%s", err, out)
	}
	for _, name := range order {
		r := results[name]
		t.Run(name, func(t *testing.T) {
			if !r.ok {
				t.Errorf("got failure, want success:\n%s", r.detail.String())
			}
		})
	}
	if err != nil {
		t.Errorf("got boto3 suite exit %v, want 0; output:\n%s", err, out)
	}
}
