package awsjson_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os/exec"
	"reflect"
	"testing"

	"canopy/awsjson"
	"canopy/org"
)

// The client side of the contract, checked with the real thing: boto3
// (botocore) sends requests to the handler and parses its answers. botocore
// is what the AWS CLI runs on, so this is the CLI's view too.
const boto3Script = `
import json, sys
import boto3
from botocore.config import Config

c = boto3.client("organizations", endpoint_url=sys.argv[1], region_name="us-east-1",
                 aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
                 config=Config(retries={"total_max_attempts": 1}, parameter_validation=False))
out = {}

def error(name, f):
    try:
        f()
        out[name] = "no error"
    except c.exceptions.ClientError as e:
        r = e.response
        out[name] = [r["Error"]["Code"], r["Error"].get("Message"), r.get("Reason"),
                     r["ResponseMetadata"]["HTTPStatusCode"], type(e).__name__]

out["org"] = c.describe_organization()["Organization"]
r = c.create_account(Email="a@example.com", AccountName="Prod", Tags=[{"Key": "k", "Value": "v"}])
out["create"] = r["CreateAccountStatus"]
r = c.attach_policy(PolicyId="p-FullAWSAccess", TargetId="r-abcd")
out["attach"] = r["ResponseMetadata"]["HTTPStatusCode"]
out["attach_request_id"] = r["ResponseMetadata"]["RequestId"]
error("pattern", lambda: c.describe_account(AccountId="x"))
error("required", lambda: c.describe_account())
error("not_found", lambda: c.describe_account(AccountId="111111111111"))
error("constraint", lambda: c.describe_account(AccountId="888888888888"))
error("panic", lambda: c.describe_account(AccountId="333333333333"))
error("unimplemented", lambda: c.list_roots())
print(json.dumps(out))
`

func TestBoto3Client(t *testing.T) {
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skipf("python3 with boto3 is not installed (%v); skipping the real-client check", err)
	}
	m := model(t)
	ops := testOps(m)
	ops["CreateAccount"] = awsjson.Bind(m, "CreateAccount", func(_ context.Context, in *createAccountIn) (*createAccountOut, error) {
		return &createAccountOut{CreateAccountStatus: &org.CreateAccountStatus{
			ID: "car-12345678", AccountName: in.AccountName + "/" + in.Email + "/" + in.Tags[0].Key, State: "IN_PROGRESS",
		}}, nil
	})
	srv := httptest.NewServer(awsjson.NewHandler(m, ops, nil))
	defer srv.Close()

	cmd := exec.Command("python3", "-c", boto3Script, srv.URL)
	cmd.Env = append(cmd.Environ(), "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	raw, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("boto3: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	if org := got["org"].(map[string]any); org["Id"] != "o-abcdefghij" {
		t.Errorf("describe_organization: %v", org)
	}
	if c := got["create"].(map[string]any); c["AccountName"] != "Prod/a@example.com/k" || c["State"] != "IN_PROGRESS" {
		t.Errorf("create_account: %v", c)
	}
	if got["attach"] != 200.0 || got["attach_request_id"] == "" {
		t.Errorf("attach_policy: %v %v", got["attach"], got["attach_request_id"])
	}
	// [code, message, reason, status, exception class]
	want := map[string][]any{
		"pattern":       {"InvalidInputException", nil, "INVALID_PATTERN", 400.0, "InvalidInputException"},
		"required":      {"InvalidInputException", nil, "INPUT_REQUIRED", 400.0, "InvalidInputException"},
		"not_found":     {"AccountNotFoundException", "You specified an account that doesn't exist.", nil, 400.0, "AccountNotFoundException"},
		"constraint":    {"ConstraintViolationException", "too many accounts", "ACCOUNT_NUMBER_LIMIT_EXCEEDED", 400.0, "ConstraintViolationException"},
		"panic":         {"ServiceException", "An internal error occurred", nil, 500.0, "ServiceException"},
		"unimplemented": {"UnknownOperationException", nil, nil, 400.0, "ClientError"},
	}
	for name, w := range want {
		g, ok := got[name].([]any)
		if !ok {
			t.Errorf("%s: %v", name, got[name])
			continue
		}
		if w[1] == nil { // message not compared
			w[1] = g[1]
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: got %v, want %v", name, g, w)
		}
	}
}
