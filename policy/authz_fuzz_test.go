package policy

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
)

var authzSeedDocs = []string{
	azFullAWSAccess,
	azRCPFullAWSAccess,
	azRCPDenyS3,
	`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*"}}`,
	`{"Statement":[{"Sid":"A","Effect":"Deny","NotAction":["iam:*","sts:*"],"NotResource":"arn:aws:s3:::x/${aws:username}/*"}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*Object","Resource":"arn:aws:s3:::b/${*}${?}${$}",
		"Condition":{"ForAllValues:StringLike":{"aws:TagKeys":["a*","b?"]},"ForAnyValue:NumericLessThanIfExists":{"s3:n":[1,"2.5"]},
		"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"},
		"Null":{"aws:TokenIssueTime":"true"},"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/${aws:PrincipalTag/r, 'x'}"},
		"BinaryEquals":{"s3:b":"QQ=="},"Bool":{"aws:SecureTransport":false},"StringEqualsIgnoreCase":{"aws:PrincipalTag/t":"X"}}}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*",
		"Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"},"Bool":{"aws:PrincipalIsAWSService":"false"}}}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Condition":{"StringEqualsX":{"a:b":"c"}}}]}`,
	`{"Version":"2012-10-17","Statement":[]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Action":"*"}]}`,
	`[{"a":`,
	``,
}

func FuzzValidateSCP(f *testing.F) {
	for _, d := range authzSeedDocs {
		f.Add(d, false)
		f.Add(d, true)
	}
	f.Fuzz(func(t *testing.T, doc string, strict bool) {
		err := ValidateSCP(doc, strict)
		var pe *Error
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("error %v is %T, not *Error", err, err)
		}
		if err == nil {
			if strict {
				if err := ValidateSCP(doc, false); err != nil {
					t.Fatalf("valid under the legacy grammar, invalid under the current one: %v", err)
				}
			}
			if _, err := Compile(ServiceControl, doc); err != nil {
				t.Fatalf("valid but does not compile: %v", err)
			}
		}
	})
}

func FuzzValidateRCP(f *testing.F) {
	for _, d := range authzSeedDocs {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		err := ValidateRCP(doc)
		var pe *Error
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("error %v is %T, not *Error", err, err)
		}
		if err == nil {
			if _, err := Compile(ResourceControl, doc); err != nil {
				t.Fatalf("valid but does not compile: %v", err)
			}
		}
	})
}

func FuzzCompileEvaluate(f *testing.F) {
	for i, d := range authzSeedDocs {
		f.Add(d, "s3:GetObject", "arn:aws:s3:::b/k", "", "aws:TagKeys", "a,b", uint8(i))
		f.Add(d, "IAM:CreateAccessKey", "*", "arn:aws:sts::111111111111:assumed-role/R/s", "aws:username", "alice", uint8(i*7))
	}
	f.Add(azFullAWSAccess, "kms:Decrypt", "arn:aws:kms:us-east-1:1:key/k", "kms.amazonaws.com", "aws:SourceIp", "10.1.2.3", uint8(3))
	f.Fuzz(func(t *testing.T, doc, action, resource, caller, key, val string, shape uint8) {
		var scp, rcp *Compiled
		scp, _ = Compile(ServiceControl, doc)
		rcp, _ = Compile(ResourceControl, doc)
		if scp == nil && rcp == nil {
			return
		}
		full := azMustCompile(t, ServiceControl, azFullAWSAccess)
		level := func(c *Compiled, typ string) Node {
			n := Node{TargetID: "r-x", Policies: []AttachedPolicy{{ID: "p-full", Type: typ, Policy: full}}}
			if c != nil {
				n.Policies = append(n.Policies, AttachedPolicy{ID: "p-fuzz", Type: typ, Policy: c})
			}
			return n
		}
		principal := Account{ID: "111111111111", Management: shape&1 != 0}
		owner := Account{ID: "222222222222", Management: shape&2 != 0}
		for i := 0; i < int(shape>>2)%4+1; i++ {
			principal.SCPs = append(principal.SCPs, level(scp, ServiceControl))
			owner.RCPs = append(owner.RCPs, level(rcp, ResourceControl))
		}
		types := []string{"string", "stringList", "numeric", "ip", "date", "boolean", "binary", "dateList"}
		ctx := map[string]ContextValue{key: {Type: types[int(shape)%len(types)], Values: strings.Split(val, ",")}}
		if shape&64 != 0 {
			ctx[key] = ContextValue{Type: "stringList"}
		}
		res := NewEvaluator(principal, owner).Evaluate(Request{CallerArn: caller, Action: action, Resource: resource, Context: ctx})
		switch res.Decision {
		case DecisionAllowed, DecisionExplicitDeny, DecisionImplicitDeny:
		default:
			t.Fatalf("decision %q", res.Decision)
		}
		if res.AllowedByOrganizations != (res.Decision == DecisionAllowed) {
			t.Fatalf("AllowedByOrganizations %v with decision %s", res.AllowedByOrganizations, res.Decision)
		}
		if res.Decision != DecisionAllowed && len(res.Matched) == 0 {
			t.Fatalf("%s without a matched statement or level", res.Decision)
		}
		if !sort.StringsAreSorted(res.MissingContextValues) {
			t.Fatalf("MissingContextValues not sorted: %q", res.MissingContextValues)
		}
	})
}

func FuzzParseContextEntry(f *testing.F) {
	for _, s := range []string{
		"aws:SourceIp=ip:203.0.113.7", "aws:TagKeys=stringList:a,b\\,c,d\\\\", "aws:TagKeys=stringList:", "k:v=numeric:1e3",
		"k:v=dateList:2026-01-01,1700000000", "k:v=boolean:TRUE", "k:v=binary:QQ==", "k:v=ipList:10.0.0.0/8,::1", "=", "a=b:c", "k:v=stringList:\\",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key, v, err := ParseContextEntry(s)
		if err != nil {
			return
		}
		if key == "" || azContextTypes[strings.ToLower(v.Type)] != v.Type {
			t.Fatalf("ParseContextEntry(%q) = %q, %+v", s, key, v)
		}
		if !strings.HasSuffix(v.Type, "List") && len(v.Values) != 1 {
			t.Fatalf("scalar type %s with %d values", v.Type, len(v.Values))
		}
		// A list written back with escapes reads the same.
		if strings.HasSuffix(v.Type, "List") && len(v.Values) > 0 {
			esc := make([]string, len(v.Values))
			for i, x := range v.Values {
				esc[i] = strings.NewReplacer(`\`, `\\`, `,`, `\,`).Replace(x)
			}
			k2, v2, err := ParseContextEntry(fmt.Sprintf("%s=%s:%s", key, v.Type, strings.Join(esc, ",")))
			if err != nil || k2 != key || strings.Join(v2.Values, "\x00") != strings.Join(v.Values, "\x00") {
				t.Fatalf("round trip of %q: %q %+v %v", s, k2, v2, err)
			}
		}
	})
}
