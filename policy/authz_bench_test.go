package policy

import (
	"fmt"
	"sync"
	"testing"
)

// azBenchSCPs are the ten SCPs attached at one level of the deep hierarchy:
// FullAWSAccess first (as AWS attaches it), then guardrails of the kinds
// organizations write, several with conditions and wildcards. With
// distinct, every level's guardrails differ in their values (region lists,
// role and bucket names, limits), so that no two levels share a statement
// and the evaluator's memo of equal statements cannot help.
func azBenchSCPs(level int, distinct bool) []string {
	v := 0
	if distinct {
		v = level
	}
	return []string{
		azFullAWSAccess,
		fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyOutsideRegions","Effect":"Deny","NotAction":["iam:*","organizations:*","sts:*","support:*","cloudfront:*"],"Resource":"*",
			"Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1","ap-south-%d"]},"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin%d*"}}}]}`, v, v),
		fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyRootUser","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":["arn:aws:iam::*:root","arn:aws:iam::*:user/legacy-%d-*"]}}}]}`, v),
		fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"ProtectSecurityRoles","Effect":"Deny","Action":["iam:Attach*","iam:Delete*","iam:Put*","iam:Update*","iam:*AccessKey*"],
			"Resource":["arn:aws:iam::*:role/security-%d-*","arn:aws:iam::*:user/break-glass"],"Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/security-admin-%d"}}}]}`, v, v),
		fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyUnencryptedS3","Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::*/*",
			"Condition":{"Null":{"s3:x-amz-server-side-encryption":"true"}}},{"Sid":"DenyInsecureTransport","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::*-%d","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, v),
		fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyLargeInstances","Effect":"Deny","Action":"ec2:RunInstances","Resource":"arn:aws:ec2:*:*:instance/*",
			"Condition":{"ForAnyValue:StringNotLike":{"ec2:InstanceType":["t3.*","m5.large","c%d.*"]}}}]}`, v),
		fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"ProtectSecrets","Effect":"Deny","Action":["s3:Delete*","s3:Put*Policy"],"Resource":["arn:aws:s3:::secret-%d-*","arn:aws:s3:::secret-%d-*/*"]}]}`, v, v),
		fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeaveOrg","Effect":"Deny","Action":["organizations:LeaveOrganization","account:CloseAccount","account:Put*%d"],"Resource":"*"}]}`, v),
		fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"TagOwnership","Effect":"Deny","Action":["ec2:*Tags","s3:*Tagging"],"Resource":"*",
			"Condition":{"StringNotEquals":{"aws:ResourceTag/owner":"${aws:PrincipalTag/team, 'none-%d'}"}}}]}`, v),
		fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyOldTokens","Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2020-01-%02dT00:00:00Z"},
			"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32","192.0.2.%d/32"]}}}]}`, v+1, v),
	}
}

func azBenchEvaluator(tb testing.TB, distinct bool) *Evaluator {
	levels := make([][]string, 7) // root, five OUs, the account
	for i := range levels {
		levels[i] = azBenchSCPs(i, distinct)
	}
	return NewEvaluator(Account{ID: azAcct, SCPs: azTestChain(tb, ServiceControl, azAcct, levels...)}, Account{ID: azAcct})
}

func azBenchRequests() []Request {
	ctx := map[string]ContextValue{
		"aws:RequestedRegion":   {Type: "string", Values: []string{"eu-west-1"}},
		"aws:SecureTransport":   {Type: "boolean", Values: []string{"true"}},
		"aws:SourceIp":          {Type: "ip", Values: []string{"10.1.2.3"}},
		"aws:PrincipalTag/team": {Type: "string", Values: []string{"blue"}},
		"ec2:InstanceType":      {Type: "string", Values: []string{"t3.micro"}},
		"aws:TokenIssueTime":    {Type: "date", Values: []string{"2026-01-01T00:00:00Z"}},
	}
	user := "arn:aws:sts::111111111111:assumed-role/Developer/alice"
	return []Request{
		{CallerArn: user, Action: "s3:GetObject", Resource: "arn:aws:s3:::data-lake/raw/2026/01/01/part-0001.parquet", Context: ctx},
		{CallerArn: user, Action: "s3:PutObject", Resource: "arn:aws:s3:::secret-keys/k", Context: ctx},
		{CallerArn: user, Action: "ec2:RunInstances", Resource: "arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc", Context: ctx},
		{CallerArn: user, Action: "iam:CreateAccessKey", Resource: "arn:aws:iam::111111111111:user/break-glass", Context: ctx},
		{CallerArn: user, Action: "dynamodb:Query", Resource: "arn:aws:dynamodb:eu-west-1:111111111111:table/orders", Context: ctx},
		{CallerArn: user, Action: "organizations:LeaveOrganization", Resource: "*", Context: ctx},
		{CallerArn: user, Action: "ec2:CreateTags", Resource: "arn:aws:ec2:eu-west-1:111111111111:volume/vol-1", Context: ctx},
		{CallerArn: "", Action: "kms:Decrypt", Resource: "arn:aws:kms:eu-west-1:111111111111:key/k", Context: ctx},
	}
}

// BenchmarkEvaluateDeepHierarchy decides requests for an account five OUs
// deep (root + 5 OUs + account = 7 levels) with 10 SCPs at each level.
// "distinct" gives every level different guardrails (the worst case);
// "shared" attaches the same guardrails at every level, as organizations
// often do. The requests cycle through eight actions and resources, half
// of them denied. Allocations are the Result's slices; their garbage makes
// the numbers depend on GOGC (Canopy runs with 400).
func BenchmarkEvaluateDeepHierarchy(b *testing.B) {
	for _, distinct := range []bool{true, false} {
		name := "shared"
		if distinct {
			name = "distinct"
		}
		b.Run(name, func(b *testing.B) {
			ev := azBenchEvaluator(b, distinct)
			reqs := azBenchRequests()
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				ev.Evaluate(reqs[i%len(reqs)])
			}
		})
	}
}

func TestBenchWorkloadDecisions(t *testing.T) {
	want := []string{DecisionAllowed, DecisionExplicitDeny, DecisionAllowed, DecisionExplicitDeny, DecisionAllowed, DecisionExplicitDeny, DecisionExplicitDeny, DecisionExplicitDeny}
	for _, distinct := range []bool{true, false} {
		ev := azBenchEvaluator(t, distinct)
		for i, r := range azBenchRequests() {
			res := ev.Evaluate(r)
			if res.Decision != want[i] {
				t.Errorf("distinct=%v: %s on %s: %s (%+v), want %s", distinct, r.Action, r.Resource, res.Decision, res.Matched, want[i])
			}
		}
	}
}

// BenchmarkNewEvaluator builds the deep hierarchy's evaluator from compiled
// policies: what a caller pays when it does not keep evaluators.
func BenchmarkNewEvaluator(b *testing.B) {
	levels := make([][]string, 7)
	for i := range levels {
		levels[i] = azBenchSCPs(i, true)
	}
	nodes := azTestChain(b, ServiceControl, azAcct, levels...)
	b.ReportAllocs()
	for b.Loop() {
		NewEvaluator(Account{ID: azAcct, SCPs: nodes}, Account{ID: azAcct})
	}
}

// BenchmarkCompileSCP compiles one guardrail of the deep hierarchy.
func BenchmarkCompileSCP(b *testing.B) {
	doc := azBenchSCPs(3, true)[9]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(ServiceControl, doc); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEvaluatorConcurrentUse decides from several goroutines at once, each
// with its own caller, and checks each decision against the one made alone:
// an evaluator is shared by concurrent requests (run with -race).
func TestEvaluatorConcurrentUse(t *testing.T) {
	ev := azBenchEvaluator(t, true)
	reqs := azBenchRequests()
	callers := []string{"arn:aws:sts::111111111111:assumed-role/Developer/alice", "arn:aws:iam::111111111111:user/bob", "", "arn:aws:iam::111111111111:root"}
	want := map[[2]int]string{}
	for c, caller := range callers {
		for i, r := range reqs {
			r.CallerArn = caller
			want[[2]int{c, i}] = ev.Evaluate(r).Decision
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, len(callers))
	for c, caller := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 200; n++ {
				i := n % len(reqs)
				r := reqs[i]
				r.CallerArn = caller
				if got := ev.Evaluate(r).Decision; got != want[[2]int{c, i}] {
					errs <- fmt.Sprintf("caller %q, %s: got %s, want %s", caller, r.Action, got, want[[2]int{c, i}])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
