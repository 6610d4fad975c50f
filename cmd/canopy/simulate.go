package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"text/tabwriter"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/config"

	"canopy/org"
	"canopy/policy"
)

// repeated is a flag that may be given several times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

// simulate asks a running Canopy whether its SCPs and RCPs allow actions,
// through the CanopyV1.SimulateOrganizationPolicies operation, signed with
// the caller's AWS credentials as the AWS CLI would sign it.
func simulate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	endpoint := fs.String("endpoint", env("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), "Canopy's URL (AWS_ENDPOINT_URL)")
	account := fs.String("account", "", "the account whose principal acts (required)")
	caller := fs.String("caller", "", "the principal's ARN; default the account's root user")
	owner := fs.String("resource-owner", "", "the account that owns the resources, for RCPs; default --account")
	output := fs.String("output", "text", "text or json")
	var actions, resources, contexts repeated
	fs.Var(&actions, "action", "an action such as s3:GetObject (repeatable, required)")
	fs.Var(&resources, "resource", "a resource ARN (repeatable; default *)")
	fs.Var(&contexts, "context", "a request context value KEY=TYPE:VALUE, e.g. aws:SourceIp=ip:10.0.0.1 (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *account == "" || len(actions) == 0 {
		fs.Usage()
		return fmt.Errorf("simulate needs --account and at least one --action")
	}
	in := org.SimulateOrganizationPoliciesInput{
		AccountID: *account, CallerArn: *caller, ActionNames: actions,
		ResourceArns: resources, ResourceOwnerAccountID: *owner,
	}
	for _, c := range contexts {
		key, v, err := policy.ParseContextEntry(c)
		if err != nil {
			return fmt.Errorf("--context %q: %w", c, err)
		}
		in.ContextEntries = append(in.ContextEntries, org.ContextEntry{ContextKeyName: key, ContextKeyType: v.Type, ContextKeyValues: v.Values})
	}
	body, err := callCanopy(ctx, *endpoint, "SimulateOrganizationPolicies", in)
	if err != nil {
		return err
	}
	if *output == "json" {
		var buf bytes.Buffer
		json.Indent(&buf, body, "", "  ")
		buf.WriteByte('\n')
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	var out org.SimulateOrganizationPoliciesOutput
	if err := json.Unmarshal(body, &out); err != nil {
		return fmt.Errorf("decode answer: %w", err)
	}
	printResults(stdout, out.EvaluationResults)
	return nil
}

// printResults writes evaluation results as a table, with the statements
// that decided each one beneath it.
func printResults(w io.Writer, results []org.EvaluationResult) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ACTION\tRESOURCE\tDECISION")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.EvalActionName, r.EvalResourceName, r.EvalDecision)
		for _, m := range r.MatchedStatements {
			sid := m.Sid
			if sid == "" {
				sid = "(no Sid)"
			}
			fmt.Fprintf(tw, "  matched\t%s %s on %s\t%s\n", m.SourcePolicyType, m.SourcePolicyID, m.TargetID, sid)
		}
		if len(r.MissingContextValues) > 0 {
			fmt.Fprintf(tw, "  missing context\t%s\t\n", strings.Join(r.MissingContextValues, ", "))
		}
	}
	tw.Flush()
}

// callCanopy sends one CanopyV1 operation, signed with Signature V4 by the
// AWS SDK from the usual AWS credential sources, and returns the answer's
// body, or an error carrying the AWS exception it names.
func callCanopy(ctx context.Context, endpoint, op string, in any) ([]byte, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	region := cfg.Region
	if region == "" {
		region = org.DefaultRegion
	}
	payload, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(endpoint, "/")+"/", bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "CanopyV1."+op)
	if cfg.Credentials != nil {
		creds, err := cfg.Credentials.Retrieve(ctx)
		if err != nil {
			return nil, fmt.Errorf("AWS credentials: %w", err)
		}
		sum := sha256.Sum256(payload)
		if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "organizations", region, time.Now()); err != nil {
			return nil, fmt.Errorf("sign request: %w", err)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Type    string `json:"__type"`
			Message string
			Reason  string
		}
		if json.Unmarshal(body, &e) == nil && e.Type != "" {
			if e.Reason != "" {
				return nil, fmt.Errorf("%s (%s): %s", e.Type, e.Reason, e.Message)
			}
			return nil, fmt.Errorf("%s: %s", e.Type, e.Message)
		}
		return nil, fmt.Errorf("HTTP %d: %s", resp.StatusCode, bytes.TrimSpace(body))
	}
	return body, nil
}
