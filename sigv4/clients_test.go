package sigv4

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestBotocore verifies requests signed by botocore's SigV4Auth and
// SigV4QueryAuth, the signers of boto3 and the AWS CLI.
func TestBotocore(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not on PATH")
	}
	if out, err := exec.Command(python, "-c", "import botocore").CombinedOutput(); err != nil {
		t.Skipf("python3 has no botocore: %v: %s", err, out)
	}
	type spec struct {
		Method    string            `json:"method"`
		URL       string            `json:"url"`
		Headers   map[string]string `json:"headers,omitempty"`
		Body      string            `json:"body,omitempty"`
		AccessKey string            `json:"access_key"`
		SecretKey string            `json:"secret_key"`
		Token     string            `json:"token,omitempty"`
		Service   string            `json:"service"`
		Region    string            `json:"region"`
		Presign   bool              `json:"presign,omitempty"`
		Expires   int               `json:"expires,omitempty"`
	}
	jsonHeaders := map[string]string{
		"Content-Type": "application/x-amz-json-1.1",
		"X-Amz-Target": "AWSOrganizationsV20161128.DescribeOrganization",
	}
	formHeaders := map[string]string{"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
	form := "Action=GetCallerIdentity&Version=2011-06-15"
	var specs []spec
	for _, k := range []struct{ id, secret, token string }{{longKeyID, longSecret, ""}, {tempKeyID, tempSecret, tempToken}} {
		specs = append(specs,
			spec{Method: "POST", URL: "https://organizations.us-east-1.amazonaws.com/", Headers: jsonHeaders, Body: "{}",
				Service: "organizations", Region: "us-east-1"},
			spec{Method: "POST", URL: "https://sts.amazonaws.com/", Headers: formHeaders, Body: form,
				Service: "sts", Region: "us-east-1"},
			spec{Method: "GET", URL: "http://127.0.0.1:8080/a%20b/c%2Bd/~x?b=hello%20world&a=%2F&a=1&empty=",
				Service: "sts", Region: "eu-west-1"},
			spec{Method: "GET", URL: "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15",
				Service: "sts", Region: "us-east-1", Presign: true, Expires: 900},
			spec{Method: "GET", URL: "https://sts.amazonaws.com/path/x", Headers: map[string]string{"X-Custom": "v"},
				Service: "sts", Region: "us-east-1", Presign: true, Expires: 60},
		)
		for i := len(specs) - 5; i < len(specs); i++ {
			specs[i].AccessKey, specs[i].SecretKey, specs[i].Token = k.id, k.secret, k.token
		}
	}
	in, _ := json.Marshal(specs)
	cmd := exec.Command(python, filepath.Join("testdata", "botocore_sign.py"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("botocore_sign.py: %v\n%s", err, stderr.Bytes())
	}
	var signed []struct {
		Method  string            `json:"method"`
		URL     string            `json:"url"`
		Headers map[string]string `json:"headers"`
		Body    string            `json:"body"`
	}
	if err := json.Unmarshal(out, &signed); err != nil {
		t.Fatalf("botocore_sign.py output: %v\n%s", err, out)
	}
	if len(signed) != len(specs) {
		t.Fatalf("botocore signed %d requests, want %d", len(signed), len(specs))
	}
	for i, s := range signed {
		u, err := url.Parse(s.URL)
		if err != nil {
			t.Fatal(err)
		}
		c := capture{Method: s.Method, Host: u.Host, Path: u.EscapedPath(), RawQuery: u.RawQuery, Header: http.Header{}, Body: []byte(s.Body)}
		for k, v := range s.Headers {
			c.Header.Set(k, v)
		}
		if len(c.Body) > 0 {
			c.Header.Set("Content-Length", strconv.Itoa(len(c.Body)))
		}
		name := specs[i].Service + " " + s.Method + " " + u.Path
		if specs[i].Presign {
			name += " presigned"
		}
		if specs[i].Token != "" {
			name += " temporary"
		}
		t.Run(name, func(t *testing.T) { checkCapture(t, c) })
	}
}

// TestAWSCLI points the AWS CLI at a server and verifies what it sends: an
// Organizations (JSON) call with long-term credentials and an STS (Query)
// call with temporary ones. (TestBotocore covers the other pairings with
// the CLI's signer.)
func TestAWSCLI(t *testing.T) {
	aws, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("the AWS CLI (aws) is not on PATH")
	}
	srv, rec := newRecorder(t)
	dir := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	env = append(env,
		"AWS_CONFIG_FILE="+filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"),
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_MAX_ATTEMPTS=1",
		"AWS_PAGER=",
	)
	runs := []struct {
		args  []string
		creds []string
	}{
		{[]string{"organizations", "describe-organization"}, []string{longKeyID, longSecret, ""}},
		{[]string{"sts", "get-caller-identity"}, []string{tempKeyID, tempSecret, tempToken}},
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, len(runs))
	outs := make([][]byte, len(runs))
	for i, run := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := slices.Concat(run.args, []string{"--endpoint-url", srv.URL, "--output", "json"})
			cmd := exec.CommandContext(ctx, aws, args...)
			cmd.Env = slices.Concat(env, []string{"AWS_ACCESS_KEY_ID=" + run.creds[0], "AWS_SECRET_ACCESS_KEY=" + run.creds[1]})
			if run.creds[2] != "" {
				cmd.Env = append(cmd.Env, "AWS_SESSION_TOKEN="+run.creds[2])
			}
			outs[i], errs[i] = cmd.CombinedOutput()
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("aws %s: %v\n%s", strings.Join(runs[i].args, " "), err, outs[i])
		}
	}
	captures := rec.take(t)
	if len(captures) != len(runs) {
		t.Fatalf("server saw %d requests, want %d", len(captures), len(runs))
	}
	for _, c := range captures {
		name := c.Header.Get("X-Amz-Target")
		if name == "" {
			name = "sts " + string(c.Body)
		}
		if c.token() != "" {
			name += " temporary"
		}
		t.Run(name, func(t *testing.T) { checkCapture(t, c) })
	}
}
