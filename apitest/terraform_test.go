package apitest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// terraformPlugins is where the AWS provider is found without a network:
// a Terraform filesystem mirror (registry.terraform.io/hashicorp/aws/...).
// CANOPY_TF_PLUGINS overrides it.
func terraformPlugins() string {
	if dir := os.Getenv("CANOPY_TF_PLUGINS"); dir != "" {
		return dir
	}
	return "/opt/tf-plugins"
}

// TestTerraform applies testdata/terraform with the real terraform and the
// hashicorp/aws provider to a strict-mode Canopy, checks that a second
// plan finds nothing to change (every attribute read back as written), and
// destroys it all.
func TestTerraform(t *testing.T) {
	t.Parallel()
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("skipping: terraform is not on PATH")
	}
	plugins := terraformPlugins()
	if _, err := os.Stat(filepath.Join(plugins, "registry.terraform.io", "hashicorp", "aws")); err != nil {
		t.Skipf("skipping: no hashicorp/aws provider in the filesystem mirror %s (set CANOPY_TF_PLUGINS)", plugins)
	}
	s := startStrict(t)
	mgmt := s.newIdentity(t, "terraform")

	dir := t.TempDir()
	src, err := os.ReadFile("testdata/terraform/main.tf")
	noErr(t, err)
	noErr(t, os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o600))
	rc := filepath.Join(dir, "cli.tfrc")
	noErr(t, os.WriteFile(rc, []byte(`provider_installation {
  filesystem_mirror {
    path    = "`+plugins+`"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
`), 0o600))
	env := append(cliBaseEnv(),
		"TF_CLI_CONFIG_FILE="+rc,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
		"HOME="+dir,
		"TF_VAR_endpoint="+s.srv.URL(),
		"TF_VAR_access_key="+mgmt.key.AccessKeyID,
		"TF_VAR_secret_key="+mgmt.key.SecretAccessKey,
	)
	run := func(want int, args ...string) string {
		t.Helper()
		cmd := exec.Command(tf, args...)
		cmd.Dir, cmd.Env = dir, env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
		}
		if code != want {
			t.Fatalf("terraform %s: got exit %d, want %d\n%s", strings.Join(args, " "), code, want, out.String())
		}
		return out.String()
	}
	run(0, "init", "-no-color")
	run(0, "apply", "-auto-approve", "-no-color")
	// -detailed-exitcode: 0 means no changes, 2 a diff.
	run(0, "plan", "-detailed-exitcode", "-no-color")

	var outputs map[string]struct{ Value any }
	noErr(t, json.Unmarshal([]byte(run(0, "output", "-json")), &outputs))
	if got := outputs["master_account_id"].Value; got != mgmt.account {
		t.Errorf("got management account %v, want %s", got, mgmt.account)
	}
	if got := outputs["accounts"].Value; got != 2.0 {
		t.Errorf("got %v accounts in the organization, want 2", got)
	}
	if got := outputs["prod_accounts"].Value; got != 1.0 {
		t.Errorf("got %v accounts under Prod, want 1", got)
	}
	account, _ := outputs["account_id"].Value.(string)

	// What Terraform made is what the API shows.
	c := s.orgs(static(mgmt.key))
	parents, err := c.ListParents(ctx(t), &organizations.ListParentsInput{ChildId: aws.String(account)})
	noErr(t, err)
	if len(parents.Parents) != 1 || parents.Parents[0].Type != types.ParentTypeOrganizationalUnit {
		t.Errorf("got parents %v of the account, want the Web OU", parents.Parents)
	}
	eff, err := c.DescribeEffectivePolicy(ctx(t), &organizations.DescribeEffectivePolicyInput{
		PolicyType: types.EffectivePolicyTypeTagPolicy, TargetId: aws.String(account)})
	noErr(t, err)
	jsonEqual(t, *eff.EffectivePolicy.PolicyContent, `{"tags":{"costcenter":{"tag_key":"CostCenter"}}}`)

	run(0, "destroy", "-auto-approve", "-no-color")
	_, err = c.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	wantErr(t, err, "AWSOrganizationsNotInUseException", "")
}
