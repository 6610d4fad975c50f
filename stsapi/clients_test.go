package stsapi_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"canopy/stsapi"
)

// clientEnv is the environment of a boto3 or AWS CLI subprocess: the
// machine's, without any AWS_ setting of the user's, with fixed credentials
// and region and empty configuration files, so that nothing but the test
// decides what the client does.
func clientEnv(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	creds := filepath.Join(dir, "credentials")
	for _, f := range []string{config, creds} {
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	return append(env,
		"AWS_ACCESS_KEY_ID=AKIDEXAMPLE",
		"AWS_SECRET_ACCESS_KEY=secret",
		"AWS_REGION=us-east-1",
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE="+config,
		"AWS_SHARED_CREDENTIALS_FILE="+creds,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_MAX_ATTEMPTS=1",
		"AWS_RETRY_MODE=standard",
		"AWS_PAGER=",
	)
}

const boto3Script = `
import json, sys
import boto3
from botocore.config import Config

c = boto3.client("sts", endpoint_url=sys.argv[1], config=Config(retries={"total_max_attempts": 1}))
out = {}
r = c.get_caller_identity()
out["identity"] = [r["Arn"], r["UserId"], r["Account"], r["ResponseMetadata"]["RequestId"]]
r = c.assume_role(
    RoleArn="arn:aws:iam::123456789012:role/Admin", RoleSessionName="boto3",
    DurationSeconds=7200,
    Policy='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    PolicyArns=[{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
    Tags=[{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": ""}],
    TransitiveTagKeys=["team"], ExternalId="ext-1", SourceIdentity="bob",
    ProvidedContexts=[{"ProviderArn": "arn:aws:iam::aws:contextProvider/IdentityCenter", "ContextAssertion": "blob"}])
cr = r["Credentials"]
out["assume"] = [cr["AccessKeyId"], cr["SecretAccessKey"], cr["SessionToken"], cr["Expiration"].isoformat(),
                 r["AssumedRoleUser"]["AssumedRoleId"], r["AssumedRoleUser"]["Arn"], r.get("PackedPolicySize"), r.get("SourceIdentity")]

def error(name, **kw):
    args = dict(RoleArn="arn:aws:iam::123456789012:role/Admin", RoleSessionName="s1")
    args.update(kw)
    try:
        c.assume_role(**args)
        out[name] = "no error"
    except c.exceptions.ClientError as e:
        r = e.response
        out[name] = [r["Error"]["Code"], r["Error"].get("Message"), r["Error"].get("Type"),
                     r["ResponseMetadata"]["HTTPStatusCode"], type(e).__name__]

error("pattern", RoleSessionName="bad/name")
error("duration", DurationSeconds=43201)
error("not_arn", RoleArn="x" * 20)
error("denied", RoleSessionName="denied")
error("region", RoleSessionName="region-disabled")
error("policy", RoleSessionName="bad-policy")
error("internal", RoleSessionName="boom")
print(json.dumps(out))
`

func TestBoto3Client(t *testing.T) {
	t.Parallel()
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skipf("python3 with boto3 is not installed (%v)", err)
	}
	srv, b, _ := testServer(t)
	cmd := exec.Command("python3", "-c", boto3Script, srv.URL)
	cmd.Env = clientEnv(t)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("boto3: %v\n%s", err, stderr.String())
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	id := got["identity"].([]any)
	if id[0] != testCaller || id[1] != "AIDAEXAMPLEUSERID0001" || id[2] != testAccount || !uuidV4.MatchString(id[3].(string)) {
		t.Errorf("get_caller_identity: %v", id)
	}
	wantAssume := []any{"ASIAEXAMPLEKEY000001", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLETOKEN+/=",
		issued.Add(2 * time.Hour).Format("2006-01-02T15:04:05+00:00"),
		"AROAEXAMPLEROLEID0001:boto3", "arn:aws:sts::123456789012:assumed-role/Admin/boto3", 7.0, "bob"}
	if !reflect.DeepEqual(got["assume"], wantAssume) {
		t.Errorf("assume_role:\n got %v\nwant %v", got["assume"], wantAssume)
	}
	wantIn := &stsapi.AssumeRoleInput{RoleArn: roleArn, RoleSessionName: "boto3", DurationSeconds: 7200, DurationSet: true,
		Policy:            `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
		PolicyArns:        []stsapi.PolicyDescriptor{{Arn: "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
		Tags:              []stsapi.Tag{{Key: "team", Value: "platform"}, {Key: "env", Value: ""}},
		TransitiveTagKeys: []string{"team"}, ExternalID: "ext-1", SourceIdentity: "bob",
		ProvidedContexts: []stsapi.ProvidedContext{{ProviderArn: "arn:aws:iam::aws:contextProvider/IdentityCenter", ContextAssertion: "blob"}}}
	if in := b.input("boto3"); !reflect.DeepEqual(in, wantIn) {
		t.Errorf("backend got\n%#v\nwant\n%#v", in, wantIn)
	}
	const internal = "The request processing has failed because of an unknown error, exception or failure."
	want := map[string][]any{
		"pattern":  {"ValidationError", `1 validation error detected: Value 'bad/name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`, "Sender", 400.0, "ClientError"},
		"duration": {"ValidationError", "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200", "Sender", 400.0, "ClientError"},
		"not_arn":  {"ValidationError", "xxxxxxxxxxxxxxxxxxxx is invalid", "Sender", 400.0, "ClientError"},
		"denied":   {"AccessDenied", "User: " + testCaller + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn, "Sender", 403.0, "ClientError"},
		"region":   {"RegionDisabledException", "STS is not activated in this region.", "Sender", 403.0, "RegionDisabledException"},
		"policy":   {"MalformedPolicyDocument", "The policy is not in the valid JSON format.", "Sender", 400.0, "MalformedPolicyDocumentException"},
		"internal": {"InternalFailure", internal, "Receiver", 500.0, "ClientError"},
	}
	for name, w := range want {
		if g, ok := got[name].([]any); !ok || !reflect.DeepEqual(g, w) {
			t.Errorf("%s:\n got %v\nwant %v", name, got[name], w)
		}
	}
}

// The AWS CLI, which runs botocore, end to end through --endpoint-url.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the AWS CLI is not installed")
	}
	srv, b, _ := testServer(t)
	env := clientEnv(t)
	run := func(args ...string) (string, string, error) {
		cmd := exec.Command("aws", append(args, "--endpoint-url", srv.URL, "--output", "json")...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}

	out, stderr, err := run("sts", "get-caller-identity")
	if err != nil {
		t.Fatalf("get-caller-identity: %v\n%s", err, stderr)
	}
	var identity struct{ UserId, Account, Arn string }
	if err := json.Unmarshal([]byte(out), &identity); err != nil || identity.Arn != testCaller || identity.Account != testAccount || identity.UserId != "AIDAEXAMPLEUSERID0001" {
		t.Errorf("get-caller-identity: %v %s", err, out)
	}

	out, stderr, err = run("sts", "assume-role", "--role-arn", roleArn, "--role-session-name", "cli",
		"--duration-seconds", "900", "--tags", "Key=team,Value=platform", "Key=env,Value=dev",
		"--transitive-tag-keys", "team", "--policy-arns", "arn=arn:aws:iam::aws:policy/ReadOnlyAccess",
		"--external-id", "ext-1")
	if err != nil {
		t.Fatalf("assume-role: %v\n%s", err, stderr)
	}
	var assumed struct {
		Credentials      struct{ AccessKeyId, SecretAccessKey, SessionToken, Expiration string }
		AssumedRoleUser  struct{ AssumedRoleId, Arn string }
		PackedPolicySize int
	}
	if err := json.Unmarshal([]byte(out), &assumed); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if assumed.Credentials.AccessKeyId != "ASIAEXAMPLEKEY000001" || assumed.Credentials.Expiration != "2026-12-02T04:15:00Z" ||
		assumed.AssumedRoleUser.Arn != "arn:aws:sts::123456789012:assumed-role/Admin/cli" || assumed.PackedPolicySize != 3 {
		t.Errorf("assume-role: %s", out)
	}
	in := b.input("cli")
	want := &stsapi.AssumeRoleInput{RoleArn: roleArn, RoleSessionName: "cli", DurationSeconds: 900, DurationSet: true,
		PolicyArns:        []stsapi.PolicyDescriptor{{Arn: "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
		Tags:              []stsapi.Tag{{Key: "team", Value: "platform"}, {Key: "env", Value: "dev"}},
		TransitiveTagKeys: []string{"team"}, ExternalID: "ext-1"}
	if !reflect.DeepEqual(in, want) {
		t.Errorf("backend got\n%#v\nwant\n%#v", in, want)
	}

	// The CLI prints "An error occurred (CODE) when calling the AssumeRole
	// operation (reached max retries: 0): MESSAGE" and exits 254 or 255.
	for session, want := range map[string][2]string{
		"bad/name": {"(ValidationError)", `: 1 validation error detected: Value 'bad/name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`},
		"denied":   {"(AccessDenied)", ": User: " + testCaller + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn},
	} {
		_, stderr, err = run("sts", "assume-role", "--role-arn", roleArn, "--role-session-name", session)
		if err == nil || !strings.Contains(stderr, "An error occurred "+want[0]+" when calling the AssumeRole operation") ||
			!strings.HasSuffix(strings.TrimSpace(stderr), want[1]) {
			t.Errorf("%s: %v\n%s", session, err, stderr)
		}
	}
}
