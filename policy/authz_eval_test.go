package policy

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

const (
	azFullAWSAccess    = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	azRCPFullAWSAccess = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
	azAcct             = "111111111111"
	azOwner            = "222222222222"
)

func azMustCompile(tb testing.TB, typ, doc string) *Compiled {
	tb.Helper()
	c, err := Compile(typ, doc)
	if err != nil {
		tb.Fatalf("Compile(%s): %v\n%s", typ, err, doc)
	}
	return c
}

// azTestChain builds root, OUs and account nodes; levels[i] lists the
// documents attached to level i. The last level is the account.
func azTestChain(tb testing.TB, typ, acct string, levels ...[]string) []Node {
	tb.Helper()
	nodes := make([]Node, len(levels))
	for i, docs := range levels {
		n := Node{TargetID: fmt.Sprintf("ou-test-%d", i), TargetType: "ORGANIZATIONAL_UNIT"}
		switch i {
		case 0:
			n.TargetID, n.TargetType = "r-root", "ROOT"
		case len(levels) - 1:
			n.TargetID, n.TargetType = acct, "ACCOUNT"
		}
		for j, d := range docs {
			n.Policies = append(n.Policies, AttachedPolicy{ID: fmt.Sprintf("p-L%dP%d", i, j), Type: typ, Policy: azMustCompile(tb, typ, d)})
		}
		nodes[i] = n
	}
	return nodes
}

// azTestCtx reads KEY=TYPE:VALUE entries.
func azTestCtx(tb testing.TB, entries ...string) map[string]ContextValue {
	tb.Helper()
	if len(entries) == 0 {
		return nil
	}
	m := map[string]ContextValue{}
	for _, e := range entries {
		k, v, err := ParseContextEntry(e)
		if err != nil {
			tb.Fatalf("ParseContextEntry(%q): %v", e, err)
		}
		m[k] = v
	}
	return m
}

func azDoc(stmts ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
}

// TestEvaluateConditions checks every operator through a Deny statement
// next to FullAWSAccess: the decision is explicitDeny exactly when the
// condition holds.
func TestEvaluateConditions(t *testing.T) {
	tests := []struct {
		name string
		cond string
		ctx  []string
		want bool
	}{
		{"StringEquals/match", `{"StringEquals":{"aws:PrincipalTag/team":"blue"}}`, []string{"aws:PrincipalTag/team=string:blue"}, true},
		{"StringEquals/case", `{"StringEquals":{"aws:PrincipalTag/team":"blue"}}`, []string{"aws:PrincipalTag/team=string:Blue"}, false},
		{"StringEquals/missing", `{"StringEquals":{"aws:PrincipalTag/team":"blue"}}`, nil, false},
		{"StringEquals/keyCase", `{"StringEquals":{"AWS:principaltag/TEAM":"blue"}}`, []string{"aws:PrincipalTag/team=string:blue"}, true},
		{"StringEquals/valuesOR", `{"StringEquals":{"aws:PrincipalTag/team":["red","blue"]}}`, []string{"aws:PrincipalTag/team=string:blue"}, true},
		{"StringEquals/numberValue", `{"StringEquals":{"s3:max-keys":10}}`, []string{"s3:max-keys=string:10"}, true},
		{"StringNotEquals/differs", `{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}`, []string{"aws:RequestedRegion=string:us-east-1"}, true},
		{"StringNotEquals/equal", `{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}`, []string{"aws:RequestedRegion=string:eu-west-1"}, false},
		{"StringNotEquals/NOR", `{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}`, []string{"aws:RequestedRegion=string:eu-central-1"}, false},
		{"StringNotEquals/missing", `{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}`, nil, true},
		{"StringEqualsIgnoreCase/match", `{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"BLUE"}}`, []string{"aws:PrincipalTag/team=string:blue"}, true},
		{"StringEqualsIgnoreCase/differs", `{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"BLUE"}}`, []string{"aws:PrincipalTag/team=string:red"}, false},
		{"StringNotEqualsIgnoreCase/same", `{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"BLUE"}}`, []string{"aws:PrincipalTag/team=string:blue"}, false},
		{"StringNotEqualsIgnoreCase/differs", `{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"BLUE"}}`, []string{"aws:PrincipalTag/team=string:red"}, true},
		{"StringLike/star", `{"StringLike":{"s3:prefix":"home/*"}}`, []string{"s3:prefix=string:home/alice/x"}, true},
		{"StringLike/noMatch", `{"StringLike":{"s3:prefix":"home/*"}}`, []string{"s3:prefix=string:tmp/x"}, false},
		{"StringLike/question", `{"StringLike":{"s3:prefix":"v?"}}`, []string{"s3:prefix=string:v2"}, true},
		{"StringLike/questionOneChar", `{"StringLike":{"s3:prefix":"v?"}}`, []string{"s3:prefix=string:v22"}, false},
		{"StringLike/caseSensitive", `{"StringLike":{"s3:prefix":"home/*"}}`, []string{"s3:prefix=string:Home/x"}, false},
		{"StringLike/unicode?", `{"StringLike":{"s3:prefix":"?"}}`, []string{"s3:prefix=string:é"}, true},
		{"StringNotLike/differs", `{"StringNotLike":{"s3:prefix":"home/*"}}`, []string{"s3:prefix=string:tmp/x"}, true},
		{"StringNotLike/matches", `{"StringNotLike":{"s3:prefix":"home/*"}}`, []string{"s3:prefix=string:home/x"}, false},
		{"StringNotLike/missing", `{"StringNotLike":{"s3:prefix":"home/*"}}`, nil, true},

		{"NumericEquals/match", `{"NumericEquals":{"s3:max-keys":"10"}}`, []string{"s3:max-keys=numeric:10.0"}, true},
		{"NumericEquals/differs", `{"NumericEquals":{"s3:max-keys":10}}`, []string{"s3:max-keys=numeric:11"}, false},
		{"NumericNotEquals/differs", `{"NumericNotEquals":{"s3:max-keys":10}}`, []string{"s3:max-keys=numeric:11"}, true},
		{"NumericNotEquals/equal", `{"NumericNotEquals":{"s3:max-keys":10}}`, []string{"s3:max-keys=numeric:10"}, false},
		{"NumericNotEquals/missing", `{"NumericNotEquals":{"s3:max-keys":10}}`, nil, true},
		{"NumericLessThan/less", `{"NumericLessThan":{"s3:max-keys":10}}`, []string{"s3:max-keys=numeric:9"}, true},
		{"NumericLessThan/equal", `{"NumericLessThan":{"s3:max-keys":10}}`, []string{"s3:max-keys=numeric:10"}, false},
		{"NumericLessThanEquals/equal", `{"NumericLessThanEquals":{"s3:max-keys":10}}`, []string{"s3:max-keys=numeric:10"}, true},
		{"NumericLessThanEquals/more", `{"NumericLessThanEquals":{"s3:max-keys":10}}`, []string{"s3:max-keys=numeric:10.5"}, false},
		{"NumericGreaterThan/more", `{"NumericGreaterThan":{"s3:max-keys":10}}`, []string{"s3:max-keys=numeric:1e3"}, true},
		{"NumericGreaterThan/equal", `{"NumericGreaterThan":{"s3:max-keys":10}}`, []string{"s3:max-keys=numeric:10"}, false},
		{"NumericGreaterThanEquals/equal", `{"NumericGreaterThanEquals":{"s3:max-keys":-1.5}}`, []string{"s3:max-keys=numeric:-1.5"}, true},
		{"NumericGreaterThanEquals/less", `{"NumericGreaterThanEquals":{"s3:max-keys":10}}`, []string{"s3:max-keys=numeric:2"}, false},
		{"NumericLessThan/unparsable", `{"NumericLessThan":{"s3:max-keys":10}}`, []string{"s3:max-keys=string:ten"}, false},
		{"NumericNotEquals/unparsable", `{"NumericNotEquals":{"s3:max-keys":10}}`, []string{"s3:max-keys=string:ten"}, true},

		{"DateEquals/epochVsISO", `{"DateEquals":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}`, []string{"aws:CurrentTime=date:1767225600"}, true},
		{"DateEquals/offset", `{"DateEquals":{"aws:CurrentTime":"2026-01-01T01:00:00+01:00"}}`, []string{"aws:CurrentTime=date:2026-01-01T00:00:00Z"}, true},
		{"DateEquals/differs", `{"DateEquals":{"aws:CurrentTime":"2026-01-01"}}`, []string{"aws:CurrentTime=date:2026-01-02"}, false},
		{"DateNotEquals/differs", `{"DateNotEquals":{"aws:CurrentTime":"2026-01-01"}}`, []string{"aws:CurrentTime=date:2026-01-02"}, true},
		{"DateNotEquals/equal", `{"DateNotEquals":{"aws:CurrentTime":"2026-01-01"}}`, []string{"aws:CurrentTime=date:2026-01-01T00:00:00Z"}, false},
		{"DateLessThan/before", `{"DateLessThan":{"aws:CurrentTime":"2026-06-30T00:00:00Z"}}`, []string{"aws:CurrentTime=date:2026-01-01T00:00:00Z"}, true},
		{"DateLessThan/after", `{"DateLessThan":{"aws:CurrentTime":"2026-06-30T00:00:00Z"}}`, []string{"aws:CurrentTime=date:2027-01-01T00:00:00Z"}, false},
		{"DateLessThanEquals/equal", `{"DateLessThanEquals":{"aws:CurrentTime":1767225600}}`, []string{"aws:CurrentTime=date:2026-01-01T00:00:00Z"}, true},
		{"DateLessThanEquals/after", `{"DateLessThanEquals":{"aws:CurrentTime":1767225600}}`, []string{"aws:CurrentTime=date:2026-01-01T00:00:01Z"}, false},
		{"DateGreaterThan/after", `{"DateGreaterThan":{"aws:TokenIssueTime":"2026-01-01T00:00:00Z"}}`, []string{"aws:TokenIssueTime=date:2026-01-01T00:00:00.5Z"}, true},
		{"DateGreaterThan/equal", `{"DateGreaterThan":{"aws:TokenIssueTime":"2026-01-01T00:00:00Z"}}`, []string{"aws:TokenIssueTime=date:2026-01-01T00:00:00Z"}, false},
		{"DateGreaterThanEquals/equal", `{"DateGreaterThanEquals":{"aws:TokenIssueTime":"2026-01-01T00:00Z"}}`, []string{"aws:TokenIssueTime=date:20260101T000000Z"}, true},
		{"DateGreaterThanEquals/before", `{"DateGreaterThanEquals":{"aws:TokenIssueTime":"2026-01-01T00:00Z"}}`, []string{"aws:TokenIssueTime=date:2025-12-31"}, false},

		{"Bool/true", `{"Bool":{"aws:SecureTransport":"false"}}`, []string{"aws:SecureTransport=boolean:false"}, true},
		{"Bool/differs", `{"Bool":{"aws:SecureTransport":"false"}}`, []string{"aws:SecureTransport=boolean:true"}, false},
		{"Bool/jsonBool", `{"Bool":{"aws:MultiFactorAuthPresent":true}}`, []string{"aws:MultiFactorAuthPresent=boolean:TRUE"}, true},
		{"Bool/missing", `{"Bool":{"aws:MultiFactorAuthPresent":"false"}}`, nil, false},
		{"BinaryEquals/match", `{"BinaryEquals":{"s3:x-amz-meta":"QmluYXJ5"}}`, []string{"s3:x-amz-meta=binary:QmluYXJ5"}, true},
		{"BinaryEquals/differs", `{"BinaryEquals":{"s3:x-amz-meta":"QmluYXJ5"}}`, []string{"s3:x-amz-meta=binary:T3RoZXI="}, false},

		{"IpAddress/inside", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, []string{"aws:SourceIp=ip:203.0.113.7"}, true},
		{"IpAddress/outside", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, []string{"aws:SourceIp=ip:198.51.100.7"}, false},
		{"IpAddress/bareIP", `{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}`, []string{"aws:SourceIp=ip:203.0.113.7"}, true},
		{"IpAddress/bareIPOther", `{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}`, []string{"aws:SourceIp=ip:203.0.113.8"}, false},
		{"IpAddress/ipv6", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, []string{"aws:SourceIp=ip:2001:db8:1::7"}, true},
		{"IpAddress/ipv6Outside", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, []string{"aws:SourceIp=ip:2001:db9::7"}, false},
		{"IpAddress/mapped", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, []string{"aws:SourceIp=ip:::ffff:203.0.113.9"}, true},
		{"IpAddress/requestCIDR", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, []string{"aws:SourceIp=ip:10.1.0.0/16"}, true},
		{"NotIpAddress/outside", `{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32"]}}`, []string{"aws:SourceIp=ip:198.51.100.7"}, true},
		{"NotIpAddress/inside", `{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32"]}}`, []string{"aws:SourceIp=ip:2001:db8::1"}, false},
		{"NotIpAddress/missing", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, nil, true},

		{"ArnEquals/exact", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:topic"}}`, []string{"aws:SourceArn=string:arn:aws:sns:us-east-1:123456789012:topic"}, true},
		{"ArnEquals/wildcard", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:*:123456789012:*"}}`, []string{"aws:SourceArn=string:arn:aws:sns:eu-west-1:123456789012:t"}, true},
		{"ArnLike/role", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin-*"}}`, []string{"aws:PrincipalArn=string:arn:aws:iam::123456789012:role/admin-ops"}, true},
		{"ArnLike/noCrossColon", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/x"}}`, []string{"aws:PrincipalArn=string:arn:aws:iam::1:2:role/x"}, false},
		{"ArnLike/caseSensitive", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin"}}`, []string{"aws:PrincipalArn=string:arn:aws:iam::1:role/admin"}, false},
		{"ArnLike/notAnARN", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/*"}}`, []string{"aws:PrincipalArn=string:admin"}, false},
		{"ArnLike/resourceColons", `{"ArnLike":{"aws:SourceArn":"arn:aws:logs:*:*:log-group:app:*"}}`, []string{"aws:SourceArn=string:arn:aws:logs:us-east-1:1:log-group:app:log-stream:x"}, true},
		{"ArnNotEquals/differs", `{"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:*:123456789012:*"}}`, []string{"aws:SourceArn=string:arn:aws:sns:eu-west-1:999999999999:t"}, true},
		{"ArnNotLike/matches", `{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin-*"}}`, []string{"aws:PrincipalArn=string:arn:aws:iam::1:role/admin-x"}, false},
		{"ArnNotLike/missingUsesDerived", `{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}`, nil, false},

		{"Null/absentTrue", `{"Null":{"aws:TokenIssueTime":"true"}}`, nil, true},
		{"Null/presentTrue", `{"Null":{"aws:TokenIssueTime":"true"}}`, []string{"aws:TokenIssueTime=date:2026-01-01"}, false},
		{"Null/presentFalse", `{"Null":{"aws:TokenIssueTime":false}}`, []string{"aws:TokenIssueTime=date:2026-01-01"}, true},
		{"Null/absentFalse", `{"Null":{"aws:TokenIssueTime":"false"}}`, nil, false},
		{"Null/emptyListIsNull", `{"Null":{"aws:TagKeys":"true"}}`, []string{"aws:TagKeys=stringList:"}, true},

		{"IfExists/missing", `{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}`, nil, true},
		{"IfExists/presentMatch", `{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}`, []string{"ec2:InstanceType=string:t3.micro"}, true},
		{"IfExists/presentDiffers", `{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}`, []string{"ec2:InstanceType=string:m5.large"}, false},
		{"IfExists/negatedPresent", `{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"}}`, []string{"aws:PrincipalOrgID=string:o-abc"}, false},
		{"IfExists/numericMissing", `{"NumericLessThanIfExists":{"s3:max-keys":5}}`, nil, true},
		{"IfExists/boolPresent", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, []string{"aws:MultiFactorAuthPresent=boolean:true"}, false},
		{"IfExists/ipMissing", `{"NotIpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}`, nil, true},
		{"IfExists/arnPresent", `{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:s3:::b"}}`, []string{"aws:SourceArn=string:arn:aws:s3:::b"}, true},
		{"IfExists/dateMissing", `{"DateGreaterThanIfExists":{"aws:TokenIssueTime":"2026-01-01"}}`, nil, true},
		{"IfExists/binaryMissing", `{"BinaryEqualsIfExists":{"s3:x":"QQ=="}}`, nil, true},

		{"ForAllValues/subset", `{"ForAllValues:StringEquals":{"aws:TagKeys":["team","cost"]}}`, []string{"aws:TagKeys=stringList:team"}, true},
		{"ForAllValues/notSubset", `{"ForAllValues:StringEquals":{"aws:TagKeys":["team","cost"]}}`, []string{"aws:TagKeys=stringList:team,owner"}, false},
		{"ForAllValues/missing", `{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}`, nil, true},
		{"ForAllValues/emptySet", `{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}`, []string{"aws:TagKeys=stringList:"}, true},
		{"ForAllValues/like", `{"ForAllValues:StringLike":{"aws:TagKeys":"team*"}}`, []string{"aws:TagKeys=stringList:team,teamlead"}, true},
		{"ForAllValues/negated", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, []string{"aws:TagKeys=stringList:team,cost"}, true},
		{"ForAllValues/negatedHit", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, []string{"aws:TagKeys=stringList:team,secret"}, false},
		{"ForAnyValue/intersects", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["secret"]}}`, []string{"aws:TagKeys=stringList:team,secret"}, true},
		{"ForAnyValue/disjoint", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["secret"]}}`, []string{"aws:TagKeys=stringList:team"}, false},
		{"ForAnyValue/missing", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["secret"]}}`, nil, false},
		{"ForAnyValue/emptySet", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["secret"]}}`, []string{"aws:TagKeys=stringList:"}, false},
		{"ForAnyValue/negated", `{"ForAnyValue:StringNotLike":{"aws:TagKeys":["team*"]}}`, []string{"aws:TagKeys=stringList:team,cost"}, true},
		{"ForAnyValue/negatedAllMatch", `{"ForAnyValue:StringNotLike":{"aws:TagKeys":["team*"]}}`, []string{"aws:TagKeys=stringList:team,teamx"}, false},
		{"ForAnyValue/ifExistsMissing", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["x"]}}`, nil, true},
		{"ForAnyValue/numeric", `{"ForAnyValue:NumericGreaterThan":{"s3:sizes":[100]}}`, []string{"s3:sizes=numericList:5,500"}, true},
		{"ForAllValues/ip", `{"ForAllValues:IpAddress":{"aws:ips":"10.0.0.0/8"}}`, []string{"aws:ips=ipList:10.0.0.1,192.168.0.1"}, false},
		{"plainOnMultiValued/any", `{"StringEquals":{"aws:TagKeys":"secret"}}`, []string{"aws:TagKeys=stringList:team,secret"}, true},
		{"plainOnMultiValued/negated", `{"StringNotEquals":{"aws:TagKeys":"secret"}}`, []string{"aws:TagKeys=stringList:team,secret"}, false},

		{"keysAND/both", `{"StringEquals":{"aws:PrincipalTag/a":"1","aws:PrincipalTag/b":"2"}}`, []string{"aws:PrincipalTag/a=string:1", "aws:PrincipalTag/b=string:2"}, true},
		{"keysAND/one", `{"StringEquals":{"aws:PrincipalTag/a":"1","aws:PrincipalTag/b":"2"}}`, []string{"aws:PrincipalTag/a=string:1", "aws:PrincipalTag/b=string:3"}, false},
		{"operatorsAND/both", `{"StringEquals":{"aws:PrincipalTag/a":"1"},"Bool":{"aws:SecureTransport":"true"}}`, []string{"aws:PrincipalTag/a=string:1", "aws:SecureTransport=boolean:true"}, true},
		{"operatorsAND/one", `{"StringEquals":{"aws:PrincipalTag/a":"1"},"Bool":{"aws:SecureTransport":"true"}}`, []string{"aws:PrincipalTag/a=string:1", "aws:SecureTransport=boolean:false"}, false},
		{"emptyCondition", `{}`, nil, true},

		{"var/username", `{"StringEquals":{"aws:ResourceTag/owner":"${aws:username}"}}`, []string{"aws:ResourceTag/owner=string:alice", "aws:username=string:alice"}, true},
		{"var/usernameDiffers", `{"StringEquals":{"aws:ResourceTag/owner":"${aws:username}"}}`, []string{"aws:ResourceTag/owner=string:bob", "aws:username=string:alice"}, false},
		{"var/principalAccountDerived", `{"StringEquals":{"aws:ResourceAccount":"${aws:PrincipalAccount}"}}`, nil, true},
		{"var/principalTagPrefix", `{"StringLike":{"s3:prefix":"home/${aws:PrincipalTag/team}/*"}}`, []string{"s3:prefix=string:home/blue/x", "aws:PrincipalTag/team=string:blue"}, true},
		{"var/default", `{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team, 'shared'}"}}`, []string{"aws:ResourceTag/team=string:shared"}, true},
		{"var/defaultNotUsed", `{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team, 'shared'}"}}`, []string{"aws:ResourceTag/team=string:shared", "aws:PrincipalTag/team=string:blue"}, false},
		{"var/escapeStar", `{"StringLike":{"s3:prefix":"a${*}b"}}`, []string{"s3:prefix=string:a*b"}, true},
		{"var/escapeStarLiteral", `{"StringLike":{"s3:prefix":"a${*}b"}}`, []string{"s3:prefix=string:axb"}, false},
		{"var/escapeQuestion", `{"StringEquals":{"s3:prefix":"why${?}"}}`, []string{"s3:prefix=string:why?"}, true},
		{"var/escapeDollar", `{"StringEquals":{"s3:prefix":"${$}{x}"}}`, []string{"s3:prefix=string:${x}"}, true},
		{"var/valueIsLiteral", `{"StringLike":{"s3:prefix":"${aws:PrincipalTag/p}"}}`, []string{"s3:prefix=string:abc", "aws:PrincipalTag/p=string:a*"}, false},
		{"var/valueLiteralMatch", `{"StringLike":{"s3:prefix":"${aws:PrincipalTag/p}"}}`, []string{"s3:prefix=string:a*", "aws:PrincipalTag/p=string:a*"}, true},
		{"var/missingStatementOff", `{"StringNotEquals":{"s3:prefix":"${aws:PrincipalTag/none}"}}`, []string{"s3:prefix=string:x"}, false},
		{"var/multiValuedNull", `{"StringNotEquals":{"s3:prefix":"${aws:TagKeys}"}}`, []string{"s3:prefix=string:x", "aws:TagKeys=stringList:a,b"}, false},
		{"var/arn", `{"ArnEquals":{"aws:SourceArn":"arn:aws:iam::${aws:PrincipalAccount}:root"}}`, []string{"aws:SourceArn=string:arn:aws:iam::111111111111:root"}, true},
		{"var/bool", `{"Bool":{"aws:SecureTransport":"${aws:PrincipalTag/secure}"}}`, []string{"aws:SecureTransport=boolean:true", "aws:PrincipalTag/secure=string:TRUE"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := azDoc(`{"Sid":"Cond","Effect":"Deny","Action":"*","Resource":"*","Condition":`+tc.cond+`}`, `{"Effect":"Allow","Action":"*","Resource":"*"}`)
			ev := NewEvaluator(Account{ID: azAcct, SCPs: azTestChain(t, ServiceControl, azAcct, []string{doc})}, Account{ID: azAcct})
			res := ev.Evaluate(Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Context: azTestCtx(t, tc.ctx...)})
			if got := res.Decision == DecisionExplicitDeny; got != tc.want {
				t.Fatalf("condition held = %v, want %v (result %+v)", got, tc.want, res)
			}
		})
	}
}

func TestEvaluateVersion2008VariablesLiteral(t *testing.T) {
	doc := `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"${aws:username}"}}}]}`
	ev := NewEvaluator(Account{ID: azAcct, SCPs: azTestChain(t, ServiceControl, azAcct, []string{doc})}, Account{})
	for _, tc := range []struct {
		prefix string
		want   string
	}{{"${aws:username}", DecisionExplicitDeny}, {"alice", DecisionAllowed}} {
		res := ev.Evaluate(Request{CallerArn: "arn:aws:iam::111111111111:user/alice", Action: "s3:ListBucket", Resource: "arn:aws:s3:::b",
			Context: map[string]ContextValue{"s3:prefix": {Type: "string", Values: []string{tc.prefix}}}})
		if res.Decision != tc.want {
			t.Errorf("prefix %q: got %s, want %s", tc.prefix, res.Decision, tc.want)
		}
	}
}

func TestEvaluateMatching(t *testing.T) {
	tests := []struct {
		name      string
		stmt      string // a Deny statement
		caller    string
		action    string
		resource  string
		wantDeny  bool
		wantMiss  []string
		extraCtxt []string
	}{
		{name: "action/caseInsensitive", stmt: `{"Effect":"Deny","Action":"S3:GETOBJECT"}`, action: "s3:GetObject", wantDeny: true},
		{name: "action/prefix", stmt: `{"Effect":"Deny","Action":"s3:Get*"}`, action: "S3:GetObjectAcl", wantDeny: true},
		{name: "action/prefixMiss", stmt: `{"Effect":"Deny","Action":"s3:Get*"}`, action: "s3:PutObject"},
		{name: "action/leading", stmt: `{"Effect":"Deny","Action":"s3:*Object"}`, action: "s3:DeleteObject", wantDeny: true},
		{name: "action/middle", stmt: `{"Effect":"Deny","Action":"iam:*AccessKey*"}`, action: "iam:CreateAccessKey", wantDeny: true},
		{name: "action/middleMiss", stmt: `{"Effect":"Deny","Action":"iam:*AccessKey*"}`, action: "iam:CreateUser"},
		{name: "action/question", stmt: `{"Effect":"Deny","Action":"ec2:?escribeInstances"}`, action: "ec2:DescribeInstances", wantDeny: true},
		{name: "action/otherService", stmt: `{"Effect":"Deny","Action":"s3:*"}`, action: "s3control:GetJob"},
		{name: "action/list", stmt: `{"Effect":"Deny","Action":["ec2:RunInstances","s3:PutObject"]}`, action: "s3:putobject", wantDeny: true},
		{name: "notAction/outside", stmt: `{"Effect":"Deny","NotAction":["iam:*","sts:*"]}`, action: "s3:GetObject", wantDeny: true},
		{name: "notAction/inside", stmt: `{"Effect":"Deny","NotAction":["iam:*","sts:*"]}`, action: "STS:AssumeRole"},
		{name: "resource/prefix", stmt: `{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::secret/*"}`, action: "s3:GetObject", resource: "arn:aws:s3:::secret/a/b", wantDeny: true},
		{name: "resource/caseSensitive", stmt: `{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::secret/*"}`, action: "s3:GetObject", resource: "arn:aws:s3:::Secret/a"},
		{name: "resource/segments", stmt: `{"Effect":"Deny","Action":"*","Resource":"arn:aws:ec2:*:*:instance/*"}`, action: "ec2:StopInstances", resource: "arn:aws:ec2:eu-west-1:123456789012:instance/i-1", wantDeny: true},
		{name: "resource/segmentNoCross", stmt: `{"Effect":"Deny","Action":"*","Resource":"arn:aws:ec2:*:123456789012:instance/*"}`, action: "ec2:StopInstances", resource: "arn:aws:ec2:eu-west-1:999:123456789012:instance/i-1"},
		{name: "resource/question", stmt: `{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::log?"}`, action: "s3:GetObject", resource: "arn:aws:s3:::logs", wantDeny: true},
		{name: "resource/requestStar", stmt: `{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::*"}`, action: "s3:ListAllMyBuckets", resource: "*"},
		{name: "resource/omittedIsStar", stmt: `{"Effect":"Deny","Action":"*"}`, action: "s3:ListAllMyBuckets", resource: "*", wantDeny: true},
		{name: "notResource/outside", stmt: `{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::public","arn:aws:s3:::public/*"]}`, action: "s3:GetObject", resource: "arn:aws:s3:::private/x", wantDeny: true},
		{name: "notResource/inside", stmt: `{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::public","arn:aws:s3:::public/*"]}`, action: "s3:GetObject", resource: "arn:aws:s3:::public/x"},
		{name: "resourceVar/username", stmt: `{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::home/${aws:username}/*"}`, caller: "arn:aws:iam::111111111111:user/dev/alice", action: "s3:GetObject", resource: "arn:aws:s3:::home/bob/x", wantDeny: true},
		{name: "resourceVar/own", stmt: `{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::home/${aws:username}/*"}`, caller: "arn:aws:iam::111111111111:user/dev/alice", action: "s3:GetObject", resource: "arn:aws:s3:::home/alice/x"},
		{name: "resourceVar/missing", stmt: `{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::home/${aws:username}/*"}`, caller: "arn:aws:sts::111111111111:assumed-role/Dev/s", action: "s3:GetObject", resource: "arn:aws:s3:::home/bob/x", wantMiss: []string{"aws:username"}},
		{name: "resourceVar/account", stmt: `{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::${aws:PrincipalAccount}-*"}`, action: "s3:GetObject", resource: "arn:aws:s3:::111111111111-logs", wantDeny: true},
		{name: "derived/principalArnRole", stmt: `{"Effect":"Deny","Action":"*","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/Dev"}}}`, caller: "arn:aws:sts::111111111111:assumed-role/Dev/session", action: "s3:GetObject", wantDeny: true},
		{name: "derived/principalType", stmt: `{"Effect":"Deny","Action":"*","Condition":{"StringEquals":{"aws:PrincipalType":"Account"}}}`, action: "s3:GetObject", wantDeny: true},
		{name: "derived/resourceAccount", stmt: `{"Effect":"Deny","Action":"*","Condition":{"StringEquals":{"aws:ResourceAccount":"111111111111"}}}`, action: "s3:GetObject", wantDeny: true},
		{name: "derived/overridden", stmt: `{"Effect":"Deny","Action":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"111111111111"}}}`, action: "s3:GetObject", extraCtxt: []string{"aws:principalaccount=string:999999999999"}},
		{name: "missing/sortedDeduped", stmt: `{"Effect":"Deny","Action":"*","Condition":{"StringEquals":{"aws:PrincipalTag/b":"x","aws:PrincipalOrgID":"o"},"StringLike":{"AWS:PRINCIPALTAG/B":"y"}}}`, action: "s3:GetObject", wantMiss: []string{"aws:PrincipalOrgID", "aws:PrincipalTag/b"}},
		{name: "missing/onlyMatchingStatements", stmt: `{"Effect":"Deny","Action":"ec2:*","Condition":{"StringEquals":{"aws:PrincipalTag/b":"x"}}}`, action: "s3:GetObject"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := azDoc(`{"Effect":"Allow","Action":"*","Resource":"*"}`, tc.stmt)
			ev := NewEvaluator(Account{ID: azAcct, SCPs: azTestChain(t, ServiceControl, azAcct, []string{doc})}, Account{ID: azAcct})
			res := tc.resource
			if res == "" {
				res = "arn:aws:s3:::bucket/key"
			}
			got := ev.Evaluate(Request{CallerArn: tc.caller, Action: tc.action, Resource: res, Context: azTestCtx(t, tc.extraCtxt...)})
			if (got.Decision == DecisionExplicitDeny) != tc.wantDeny {
				t.Fatalf("decision %s, want deny=%v", got.Decision, tc.wantDeny)
			}
			if !reflect.DeepEqual(got.MissingContextValues, tc.wantMiss) {
				t.Errorf("MissingContextValues = %q, want %q", got.MissingContextValues, tc.wantMiss)
			}
		})
	}
}

func TestEvaluateHierarchy(t *testing.T) {
	allowS3 := azDoc(`{"Sid":"S3Only","Effect":"Allow","Action":"s3:*","Resource":"*"}`)
	denyAll := azDoc(`{"Sid":"DenyAll","Effect":"Deny","Action":"*","Resource":"*"}`)
	denyS3 := azDoc(`{"Sid":"DenyS3","Effect":"Deny","Action":"s3:*","Resource":"*"}`)
	full := []string{azFullAWSAccess}
	deep := func(levels ...[]string) []Node { return azTestChain(t, ServiceControl, azAcct, levels...) }
	req := Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}

	tests := []struct {
		name      string
		principal Account
		owner     Account
		req       Request
		want      string
		matched   []Match
	}{
		{
			name:      "allowedEveryLevel",
			principal: Account{ID: azAcct, SCPs: deep(full, full)},
			req:       req, want: DecisionAllowed,
			matched: []Match{{"p-L0P0", ServiceControl, "r-root", ""}, {"p-L1P0", ServiceControl, azAcct, ""}},
		},
		{
			name:      "missingAllowAtOU",
			principal: Account{ID: azAcct, SCPs: deep(full, []string{allowS3}, full)},
			req:       Request{Action: "ec2:RunInstances", Resource: "*"}, want: DecisionImplicitDeny,
			matched: []Match{{"", ServiceControl, "ou-test-1", ""}},
		},
		{
			name:      "allowNarrowedAtOU",
			principal: Account{ID: azAcct, SCPs: deep(full, []string{allowS3}, full)},
			req:       req, want: DecisionAllowed,
			matched: []Match{{"p-L0P0", ServiceControl, "r-root", ""}, {"p-L1P0", ServiceControl, "ou-test-1", "S3Only"}, {"p-L2P0", ServiceControl, azAcct, ""}},
		},
		{
			name:      "denyAtAccountWins",
			principal: Account{ID: azAcct, SCPs: deep(full, full, []string{azFullAWSAccess, denyS3})},
			req:       req, want: DecisionExplicitDeny,
			matched: []Match{{"p-L2P1", ServiceControl, azAcct, "DenyS3"}},
		},
		{
			name:      "denyBeatsMissingAllow",
			principal: Account{ID: azAcct, SCPs: deep(full, []string{}, []string{azFullAWSAccess, denyS3})},
			req:       req, want: DecisionExplicitDeny,
			matched: []Match{{"p-L2P1", ServiceControl, azAcct, "DenyS3"}},
		},
		{
			name:      "allDeniesListed",
			principal: Account{ID: azAcct, SCPs: deep([]string{azFullAWSAccess, denyAll}, full, []string{azFullAWSAccess, denyS3})},
			req:       req, want: DecisionExplicitDeny,
			matched: []Match{{"p-L0P1", ServiceControl, "r-root", "DenyAll"}, {"p-L2P1", ServiceControl, azAcct, "DenyS3"}},
		},
		{
			name:      "managementAccountUnaffected",
			principal: Account{ID: azAcct, Management: true, SCPs: deep([]string{denyAll}, []string{denyAll})},
			req:       req, want: DecisionAllowed,
		},
		{
			name:      "serviceLinkedRoleUnaffected",
			principal: Account{ID: azAcct, SCPs: deep([]string{denyAll}, []string{denyAll})},
			req:       Request{CallerArn: "arn:aws:iam::111111111111:role/aws-service-role/elasticmapreduce.amazonaws.com/AWSServiceRoleForEMRCleanup", Action: "ec2:TerminateInstances", Resource: "*"},
			want:      DecisionAllowed,
		},
		{
			name:      "serviceLinkedRoleSessionUnaffected",
			principal: Account{ID: azAcct, SCPs: deep([]string{denyAll}, []string{denyAll})},
			req:       Request{CallerArn: "arn:aws-cn:sts::111111111111:assumed-role/AWSServiceRoleForConfig/session", Action: "config:Put", Resource: "*"},
			want:      DecisionAllowed,
		},
		{
			name:      "ordinaryRoleAffected",
			principal: Account{ID: azAcct, SCPs: deep(full, []string{denyAll})},
			req:       Request{CallerArn: "arn:aws:iam::111111111111:role/aws-service-role-lookalike", Action: "s3:GetObject", Resource: "*"},
			want:      DecisionExplicitDeny,
			matched:   []Match{{"p-L1P0", ServiceControl, azAcct, "DenyAll"}},
		},
		{
			name:      "scpNotEnabled",
			principal: Account{ID: azAcct},
			req:       req, want: DecisionAllowed,
		},
		{
			name:      "emptyLevelImplicitDeny",
			principal: Account{ID: azAcct, SCPs: deep(full, []string{})},
			req:       req, want: DecisionImplicitDeny,
			matched: []Match{{"", ServiceControl, azAcct, ""}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := NewEvaluator(tc.principal, tc.owner).Evaluate(tc.req)
			if got.Decision != tc.want || got.AllowedByOrganizations != (tc.want == DecisionAllowed) {
				t.Fatalf("got %+v, want %s", got, tc.want)
			}
			if !reflect.DeepEqual(got.Matched, tc.matched) {
				t.Errorf("Matched = %+v, want %+v", got.Matched, tc.matched)
			}
		})
	}
}

func TestEvaluateRCP(t *testing.T) {
	perimeter := `{"Version":"2012-10-17","Statement":[{"Sid":"EnforceOrgIdentities","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
		"Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-exampleorg"},"Bool":{"aws:PrincipalIsAWSService":"false"}}}]}`
	rcps := func(acct string, extra ...string) []Node {
		return azTestChain(t, ResourceControl, acct, []string{azRCPFullAWSAccess}, append([]string{azRCPFullAWSAccess}, extra...))
	}
	principal := Account{ID: azAcct, SCPs: azTestChain(t, ServiceControl, azAcct, []string{azFullAWSAccess})}
	outsider := Request{CallerArn: "arn:aws:iam::999999999999:user/mallory", Action: "s3:GetObject", Resource: "arn:aws:s3:::owned/x",
		Context: map[string]ContextValue{"aws:PrincipalOrgID": {Type: "string", Values: []string{"o-other"}}}}
	insider := outsider
	insider.Context = map[string]ContextValue{"aws:principalorgid": {Type: "string", Values: []string{"o-exampleorg"}}}

	tests := []struct {
		name    string
		owner   Account
		req     Request
		want    string
		matched []Match
	}{
		{"outsiderDenied", Account{ID: azOwner, RCPs: rcps(azOwner, perimeter)}, outsider, DecisionExplicitDeny,
			[]Match{{"p-L1P1", ResourceControl, azOwner, "EnforceOrgIdentities"}}},
		{"insiderAllowed", Account{ID: azOwner, RCPs: rcps(azOwner, perimeter)}, insider, DecisionAllowed,
			[]Match{{"p-L0P0", ServiceControl, "r-root", ""}, {"p-L0P0", ResourceControl, "r-root", ""}, {"p-L1P0", ResourceControl, azOwner, ""}}},
		{"managementOwnerUnaffected", Account{ID: azOwner, Management: true, RCPs: rcps(azOwner, perimeter)}, outsider, DecisionAllowed,
			[]Match{{"p-L0P0", ServiceControl, "r-root", ""}}},
		{"rcpNotEnabled", Account{ID: azOwner}, outsider, DecisionAllowed,
			[]Match{{"p-L0P0", ServiceControl, "r-root", ""}}},
		{"servicePrincipalSubjectToRCP", Account{ID: azOwner, RCPs: rcps(azOwner, azRCPDenyS3)},
			Request{CallerArn: "cloudtrail.amazonaws.com", Action: "s3:PutObject", Resource: "arn:aws:s3:::owned/x"}, DecisionExplicitDeny,
			[]Match{{"p-L1P1", ResourceControl, azOwner, "DenyS3"}}},
		{"servicePrincipalPerimeterExempt", Account{ID: azOwner, RCPs: rcps(azOwner, perimeter)},
			Request{CallerArn: "cloudtrail.amazonaws.com", Action: "s3:PutObject", Resource: "arn:aws:s3:::owned/x"}, DecisionAllowed,
			[]Match{{"p-L0P0", ResourceControl, "r-root", ""}, {"p-L1P0", ResourceControl, azOwner, ""}}},
		{"serviceLinkedRoleExempt", Account{ID: azOwner, RCPs: rcps(azOwner, azRCPDenyS3)},
			Request{CallerArn: "arn:aws:iam::111111111111:role/aws-service-role/ops.amazonaws.com/AWSServiceRoleForOps", Action: "s3:PutObject", Resource: "arn:aws:s3:::owned/x"}, DecisionAllowed, nil},
		{"missingRCPFullAWSAccess", Account{ID: azOwner, RCPs: azTestChain(t, ResourceControl, azOwner, []string{azRCPFullAWSAccess}, []string{})}, insider, DecisionImplicitDeny,
			[]Match{{"", ResourceControl, azOwner, ""}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := NewEvaluator(principal, tc.owner).Evaluate(tc.req)
			if got.Decision != tc.want {
				t.Fatalf("got %+v, want %s", got, tc.want)
			}
			if !reflect.DeepEqual(got.Matched, tc.matched) {
				t.Errorf("Matched = %+v, want %+v", got.Matched, tc.matched)
			}
		})
	}
}

const azRCPDenyS3 = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyS3","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`

func TestEvaluateNilPolicySkipped(t *testing.T) {
	nodes := azTestChain(t, ServiceControl, azAcct, []string{azFullAWSAccess})
	nodes[0].Policies = append(nodes[0].Policies, AttachedPolicy{ID: "p-broken"})
	got := NewEvaluator(Account{ID: azAcct, SCPs: nodes}, Account{}).Evaluate(Request{Action: "s3:GetObject", Resource: "*"})
	if got.Decision != DecisionAllowed {
		t.Fatalf("got %+v", got)
	}
}

func TestEvaluateDeepChainSpills(t *testing.T) {
	levels := make([][]string, azFastLevels+4)
	for i := range levels {
		levels[i] = []string{azFullAWSAccess}
	}
	ev := NewEvaluator(Account{ID: azAcct, SCPs: azTestChain(t, ServiceControl, azAcct, levels...)}, Account{})
	got := ev.Evaluate(Request{Action: "s3:GetObject", Resource: "*"})
	if got.Decision != DecisionAllowed || len(got.Matched) != len(levels) {
		t.Fatalf("got %s with %d matches, want allowed with %d", got.Decision, len(got.Matched), len(levels))
	}
}

func TestCompileType(t *testing.T) {
	if _, err := Compile(Tag, `{}`); err == nil {
		t.Fatal("Compile(TAG_POLICY) succeeded")
	}
	if c := azMustCompile(t, ResourceControl, azRCPFullAWSAccess); c.Type() != ResourceControl {
		t.Fatalf("Type() = %s", c.Type())
	}
	if err := ValidateRCP(azRCPFullAWSAccess); err == nil {
		t.Fatal("ValidateRCP accepted RCPFullAWSAccess, which only AWS may write")
	}
}
