package apitest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestJavaScriptSDK runs testdata/js/sdk.mjs, the AWS SDK for JavaScript v3
// (@aws-sdk/client-organizations and client-sts, pinned in package.json and
// package-lock.json), against a strict-mode Canopy. npm installs the
// packages into a temporary copy of the directory, so the tree stays clean.
func TestJavaScriptSDK(t *testing.T) {
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("skipping: node is not on PATH")
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("skipping: npm is not on PATH")
	}
	dir := t.TempDir()
	for _, f := range []string{"package.json", "package-lock.json", "sdk.mjs"} {
		b, err := os.ReadFile(filepath.Join("testdata", "js", f))
		noErr(t, err)
		noErr(t, os.WriteFile(filepath.Join(dir, f), b, 0o600))
	}
	install := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
	install.Dir = dir
	if out, err := install.CombinedOutput(); err != nil {
		t.Skipf("skipping: npm ci could not install the JavaScript SDK (no registry?): %v\n%s", err, out)
	}

	s := startStrict(t)
	id := s.newIdentity(t, "javascript")
	cmd := exec.Command(node, "sdk.mjs")
	cmd.Dir = dir
	cmd.Env = append(cliBaseEnv(), "ENDPOINT="+s.srv.URL(), "ACCOUNT_ID="+id.account,
		"ACCESS_KEY_ID="+id.key.AccessKeyID, "SECRET_ACCESS_KEY="+id.key.SecretAccessKey)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node sdk.mjs: %v\n%s", err, out)
	}
}
