package policy

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

const (
	azModeSCP       = "scp"
	azModeSCPStrict = "scp-strict"
	azModeRCP       = "rcp"
)

func azValidateAs(mode, doc string) error {
	switch mode {
	case azModeSCP:
		return ValidateSCP(doc, false)
	case azModeSCPStrict:
		return ValidateSCP(doc, true)
	}
	return ValidateRCP(doc)
}

func TestValidateAuthzAccepts(t *testing.T) {
	tests := []struct {
		name, mode, doc string
	}{
		{"FullAWSAccess", azModeSCP, azFullAWSAccess},
		{"FullAWSAccessStrict", azModeSCPStrict, azFullAWSAccess},
		{"modelExampleNoResource", azModeSCP, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*"}}`},
		{"modelExampleNoResourceStrict", azModeSCPStrict, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*"}}`},
		{"noVersion", azModeSCP, `{"Statement":{"Effect":"Allow","Action":"*"}}`},
		{"version2008", azModeSCP, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"*"}}`},
		{"id", azModeSCP, `{"Version":"2012-10-17","Id":"x","Statement":{"Effect":"Allow","Action":"*"}}`},
		{"fullLanguageAllow", azModeSCP, `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::x/*",
			"Condition":{"StringEquals":{"aws:RequestedRegion":["eu-west-1",1,true]},"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":"a*"}}}]}`},
		{"middleWildcard", azModeSCP, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":["s3:*Object","iam:*AccessKey*","ec2:?un*"]}}`},
		{"strictDenyWithEverything", azModeSCPStrict, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*","s3:Get*"],"Resource":"arn:aws:s3:::b/*",
			"Condition":{"Null":{"aws:PrincipalTag/team":"true"}}},{"Effect":"Allow","Action":["s3:*","ec2:Describe*"],"Resource":["*"]}]}`},
		{"variables", azModeSCP, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::home/${aws:username}/${*}x${?}${$}",
			"Condition":{"StringNotEquals":{"aws:ResourceTag/o":"${aws:PrincipalTag/o, 'none'}"}}}}`},
		{"allOperators", azModeSCP, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Condition":{
			"StringEquals":{"a:k":"v"},"StringNotEquals":{"a:k":"v"},"StringEqualsIgnoreCase":{"a:k":"v"},"StringNotEqualsIgnoreCase":{"a:k":"v"},
			"StringLike":{"a:k":"v*"},"StringNotLike":{"a:k":"v*"},"NumericEquals":{"a:k":1},"NumericNotEquals":{"a:k":"1.5"},
			"NumericLessThan":{"a:k":1},"NumericLessThanEquals":{"a:k":1},"NumericGreaterThan":{"a:k":-1},"NumericGreaterThanEquals":{"a:k":1e3},
			"DateEquals":{"a:k":"2026-01-01"},"DateNotEquals":{"a:k":1700000000},"DateLessThan":{"a:k":"2026-01-01T00:00:00Z"},
			"DateLessThanEquals":{"a:k":"2026-01-01T00:00:00.123+02:00"},"DateGreaterThan":{"a:k":"20260101T000000Z"},"DateGreaterThanEquals":{"a:k":"2026-01-01T10:00"},
			"Bool":{"a:k":"true"},"BinaryEquals":{"a:k":"QmluYXJ5"},"IpAddress":{"a:k":["10.0.0.0/8","2001:db8::/32","192.0.2.1"]},"NotIpAddress":{"a:k":"::1"},
			"ArnEquals":{"a:k":"arn:aws:s3:::b"},"ArnLike":{"a:k":"arn:aws:iam::*:role/*"},"ArnNotEquals":{"a:k":"arn:aws:s3:::b"},"ArnNotLike":{"a:k":"arn:*"},
			"Null":{"a:k":false},"StringEqualsIfExists":{"a:k":"v"},"ForAllValues:NumericLessThanIfExists":{"a:k":3},"ForAnyValue:ArnLike":{"a:k":"arn:aws:s3:::*"}}}}`},
		{"rcp", azModeRCP, `{"Version":"2012-10-17","Statement":[{"Sid":"EnforceTLS","Effect":"Deny","Principal":"*","Action":["s3:*","sqs:*"],"Resource":"*",
			"Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}},{"Effect":"Deny","Principal":"*","Action":"kms:*Key?","NotResource":"arn:aws:kms:*:*:key/k"}]}`},
		{"conditionKeysDistinctCase", azModeSCP, `{"Statement":{"Effect":"Deny","Action":"*","Condition":{"StringEquals":{"aws:a":"1","aws:b":"2"}}}}`},
		{"emptyCondition", azModeSCP, `{"Statement":{"Effect":"Deny","Action":"*","Condition":{}}}`},
		{"emptySidsNotDuplicates", azModeSCP, `{"Statement":[{"Sid":"","Effect":"Deny","Action":"*"},{"Sid":"","Effect":"Deny","Action":"*"}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := azValidateAs(tc.mode, tc.doc); err != nil {
				t.Fatalf("got %v, want nil", err)
			}
		})
	}
}

func TestValidateAuthzRejects(t *testing.T) {
	const v = `"Version":"2012-10-17",`
	stmt := func(s string) string { return `{` + v + `"Statement":[` + s + `]}` }
	tests := []struct {
		name, mode, doc string
		loc, msg        string
	}{
		// The document.
		{"empty", azModeSCP, "  ", "", "empty"},
		{"notJSON", azModeSCP, `{"Version":`, "Version", "not valid JSON"},
		{"syntax", azModeSCP, `{"Version" "x"}`, "Version", "not valid JSON"},
		{"trailing", azModeSCP, azFullAWSAccess + ` {}`, "", "more content"},
		{"notObject", azModeSCP, `[]`, "", "JSON object"},
		{"unknownTop", azModeSCP, `{` + v + `"Statement":{"Effect":"Allow","Action":"*"},"Extra":1}`, "Extra", `unknown element "Extra"`},
		{"topCase", azModeSCP, `{"version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*"}}`, "version", `write "Version"`},
		{"duplicateTop", azModeSCP, `{` + v + v + `"Statement":{"Effect":"Allow","Action":"*"}}`, "Version", "appears twice"},
		{"badVersion", azModeSCP, `{"Version":"2012-10-18","Statement":{"Effect":"Allow","Action":"*"}}`, "Version", `"2012-10-17"`},
		{"versionType", azModeSCP, `{"Version":2012,"Statement":{"Effect":"Allow","Action":"*"}}`, "Version", "not a number"},
		{"strictNoVersion", azModeSCPStrict, `{"Statement":{"Effect":"Allow","Action":"*"}}`, "", "no Version"},
		{"strict2008", azModeSCPStrict, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"*"}}`, "Version", "2012-10-17"},
		{"idType", azModeSCP, `{` + v + `"Id":[],"Statement":{"Effect":"Allow","Action":"*"}}`, "Id", "string"},
		{"noStatement", azModeSCP, `{` + v[:len(v)-1] + `}`, "", "no Statement"},
		{"emptyStatement", azModeSCP, stmt(``), "Statement", "empty"},
		{"statementType", azModeSCP, `{` + v + `"Statement":"x"}`, "Statement", "not a string"},
		{"statementElemType", azModeSCP, stmt(`1`), "Statement[0]", "must be an object"},
		{"tooDeep", azModeSCP, `{` + v + `"Statement":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`, "Statement" + strings.Repeat("[0]", 32), "nests deeper"},

		// Statement elements.
		{"unknownStmt", azModeSCP, stmt(`{"Sid":"DenyS3","Effect":"Deny","Action":"*","Actions":"*"}`), "Statement[0] (Sid DenyS3).Actions", "unknown element"},
		{"stmtCase", azModeSCP, stmt(`{"effect":"Deny","Action":"*"}`), "Statement[0].effect", `write "Effect"`},
		{"duplicateStmtKey", azModeSCP, stmt(`{"Sid":"X","Effect":"Deny","Action":"*","Action":"s3:*"}`), "Statement[0] (Sid X).Action", "appears twice"},
		{"duplicateSidKey", azModeSCP, stmt(`{"Sid":"X","Effect":"Deny","Action":"*","Sid":"Y"}`), "Statement[0].Sid", "appears twice"},
		{"sidType", azModeSCP, stmt(`{"Sid":1,"Effect":"Deny","Action":"*"}`), "Statement[0].Sid", "string"},
		{"sidDuplicate", azModeSCP, stmt(`{"Sid":"A","Effect":"Deny","Action":"*"},{"Sid":"A","Effect":"Deny","Action":"*"}`), "Statement[1] (Sid A).Sid", "unique"},
		{"noEffect", azModeSCP, stmt(`{"Sid":"X","Action":"*"}`), "Statement[0] (Sid X)", "no Effect"},
		{"effectCase", azModeSCP, stmt(`{"Effect":"allow","Action":"*"}`), "Statement[0].Effect", "case-sensitive"},
		{"effectValue", azModeSCP, stmt(`{"Effect":"Permit","Action":"*"}`), "Statement[0].Effect", "neither"},
		{"effectType", azModeSCP, stmt(`{"Effect":true,"Action":"*"}`), "Statement[0].Effect", "not a boolean"},
		{"principal", azModeSCP, stmt(`{"Effect":"Deny","Principal":"*","Action":"*"}`), "Statement[0].Principal", "SCPs don't support Principal"},
		{"notPrincipal", azModeSCP, stmt(`{"Effect":"Deny","NotPrincipal":{"AWS":"x"},"Action":"*"}`), "Statement[0].NotPrincipal", "SCPs don't support NotPrincipal"},
		{"noAction", azModeSCP, stmt(`{"Sid":"S","Effect":"Deny","Resource":"*"}`), "Statement[0] (Sid S)", "no Action"},
		{"actionAndNotAction", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","NotAction":"s3:*"}`), "Statement[0].NotAction", "not both"},
		{"actionEmptyArray", azModeSCP, stmt(`{"Effect":"Deny","Action":[]}`), "Statement[0].Action", "empty array"},
		{"actionType", azModeSCP, stmt(`{"Effect":"Deny","Action":{"a":1}}`), "Statement[0].Action", "not an object"},
		{"actionElemType", azModeSCP, stmt(`{"Effect":"Deny","Action":["s3:*",7]}`), "Statement[0].Action[1]", "must be a string"},
		{"actionNoColon", azModeSCP, stmt(`{"Effect":"Deny","Action":"s3GetObject"}`), "Statement[0].Action", "service:action"},
		{"actionNoPrefix", azModeSCP, stmt(`{"Effect":"Deny","Action":":GetObject"}`), "Statement[0].Action", "no service prefix"},
		{"actionWildPrefix", azModeSCP, stmt(`{"Effect":"Deny","Action":["s3:*","*:Get*"]}`), "Statement[0].Action[1]", "can't hold wildcards"},
		{"actionBadPrefix", azModeSCP, stmt(`{"Effect":"Deny","Action":"s 3:Get"}`), "Statement[0].Action", "invalid service prefix"},
		{"actionNoName", azModeSCP, stmt(`{"Effect":"Deny","Action":"s3:"}`), "Statement[0].Action", `"s3:*"`},
		{"actionSpace", azModeSCP, stmt(`{"Effect":"Deny","Action":"s3:Get Object"}`), "Statement[0].Action", "not an action name"},
		{"resourceAndNot", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Resource":"*","NotResource":"*"}`), "Statement[0].NotResource", "not both"},
		{"resourceNotARN", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Resource":"bucket/*"}`), "Statement[0].Resource", "not a resource"},
		{"resourceShort", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Resource":["*","arn:aws:s3:bucket"]}`), "Statement[0].Resource[1]", "six colon-separated parts"},
		{"resourceService", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Resource":"arn:aws:*:::x"}`), "Statement[0].Resource", "service part"},
		{"resourcePartition", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Resource":"arn::s3:::x"}`), "Statement[0].Resource", "no partition"},
		{"resourceEmptyArray", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","NotResource":[]}`), "Statement[0].NotResource", "empty array"},
		{"resourceVarUnclosed", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::home/${aws:username"}`), "Statement[0].Resource", "no closing brace"},
		{"resourceVarBadDefault", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::home/${aws:username, x}"}`), "Statement[0].Resource", "single quotes"},
		{"resourceVarEmpty", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::home/${}"}`), "Statement[0].Resource", "not a policy variable"},

		// Conditions.
		{"conditionType", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":[]}`), "Statement[0].Condition", "object of operators"},
		{"unknownOperator", azModeSCP, stmt(`{"Sid":"DenyS3","Effect":"Deny","Action":"s3:*","Condition":{"StringEqualsX":{"aws:k":"v"}}}`), "Statement[0] (Sid DenyS3).Condition.StringEqualsX", "unknown condition operator"},
		{"operatorCase", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"stringequals":{"aws:k":"v"}}}`), "Statement[0].Condition.stringequals", `write "StringEquals"`},
		{"operatorCaseIfExists", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"ForAnyValue:stringLikeIfExists":{"aws:k":"v"}}}`), "Statement[0].Condition.ForAnyValue:stringLikeIfExists", `write "ForAnyValue:StringLikeIfExists"`},
		{"operatorCaseLowerIfExists", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"numericlessthanifexists":{"aws:k":"1"}}}`), "Statement[0].Condition.numericlessthanifexists", `write "NumericLessThanIfExists"`},
		{"manyKeysDuplicate", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"StringEquals":{` + azManyKeys(40) + `,"aws:K7":"x"}}}`), "Statement[0].Condition.StringEquals.aws:K7", `already appears under this operator as "aws:k7"`},
		{"manyExactDuplicate", azModeSCP, `{"Statement":{"Effect":"Deny","Action":"*","Condition":{"StringEquals":{` + azManyKeys(40) + `,"aws:k39":"x"}}}}`, "Statement[0].Condition.StringEquals.aws:k39", "already appears"},
		{"qualifierUnknown", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"ForSomeValues:StringLike":{"aws:k":"v"}}}`), "Statement[0].Condition.ForSomeValues:StringLike", "set qualifier"},
		{"qualifierCase", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"forallvalues:StringLike":{"aws:k":"v"}}}`), "Statement[0].Condition.forallvalues:StringLike", "case-sensitive"},
		{"nullIfExists", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"NullIfExists":{"aws:k":"true"}}}`), "Statement[0].Condition.NullIfExists", "no IfExists"},
		{"nullQualified", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"ForAllValues:Null":{"aws:k":"true"}}}`), "Statement[0].Condition.ForAllValues:Null", "qualifier"},
		{"duplicateOperator", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"Bool":{"aws:k":"true"},"Bool":{"aws:j":"true"}}}`), "Statement[0].Condition.Bool", "appears twice"},
		{"operatorBlockType", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"Bool":"true"}}`), "Statement[0].Condition.Bool", "object of condition keys"},
		{"operatorEmpty", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"Bool":{}}}`), "Statement[0].Condition.Bool", "no condition keys"},
		{"keyDuplicateCase", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"StringEquals":{"aws:SourceVpc":"a","AWS:sourcevpc":"b"}}}`), "Statement[0].Condition.StringEquals.AWS:sourcevpc", "already appears"},
		{"keyNoPrefix", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"StringEquals":{"SourceVpc":"a"}}}`), "Statement[0].Condition.StringEquals.SourceVpc", "service prefix"},
		{"valueNull", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"StringEquals":{"aws:k":null}}}`), "Statement[0].Condition.StringEquals.aws:k", "not null"},
		{"valueObject", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"StringEquals":{"aws:k":{"a":"b"}}}}`), "Statement[0].Condition.StringEquals.aws:k", "not an object"},
		{"valueEmptyArray", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"StringEquals":{"aws:k":[]}}}`), "Statement[0].Condition.StringEquals.aws:k", "empty"},
		{"valueNested", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"StringEquals":{"aws:k":["a",["b"]]}}}`), "Statement[0].Condition.StringEquals.aws:k[1]", "not an array"},
		{"numericValue", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"NumericLessThan":{"s3:max-keys":["1","ten"]}}}`), "Statement[0].Condition.NumericLessThan.s3:max-keys[1]", "not a number"},
		{"numericHex", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"NumericEquals":{"s3:max-keys":"0x10"}}}`), "Statement[0].Condition.NumericEquals.s3:max-keys", "not a number"},
		{"numericVariable", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"NumericEquals":{"s3:max-keys":"${aws:x}"}}}`), "Statement[0].Condition.NumericEquals.s3:max-keys", "no policy variables"},
		{"dateValue", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"yesterday"}}}`), "Statement[0].Condition.DateLessThan.aws:CurrentTime", "not a date"},
		{"boolValue", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"Bool":{"aws:SecureTransport":"yes"}}}`), "Statement[0].Condition.Bool.aws:SecureTransport", `"true" or "false"`},
		{"binaryValue", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"BinaryEquals":{"aws:k":"not base64!"}}}`), "Statement[0].Condition.BinaryEquals.aws:k", "base64"},
		{"ipValue", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}}}`), "Statement[0].Condition.IpAddress.aws:SourceIp", "IP address"},
		{"nullValue", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"Null":{"aws:k":"maybe"}}}`), "Statement[0].Condition.Null.aws:k", `"true"`},
		{"stringVarUnclosed", azModeSCP, stmt(`{"Effect":"Deny","Action":"*","Condition":{"StringLike":{"aws:k":"${aws:username"}}}`), "Statement[0].Condition.StringLike.aws:k", "no closing brace"},

		// The legacy (strict) SCP grammar.
		{"strictAllowNotAction", azModeSCPStrict, stmt(`{"Effect":"Allow","NotAction":"iam:*"}`), "Statement[0].NotAction", "only in Deny"},
		{"strictAllowResource", azModeSCPStrict, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":["*","arn:aws:s3:::b"]}`), "Statement[0].Resource[1]", `only "*"`},
		{"strictNotResource", azModeSCPStrict, stmt(`{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::b"}`), "Statement[0].NotResource", "doesn't support NotResource"},
		{"strictAllowCondition", azModeSCPStrict, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}`), "Statement[0].Condition", "only in Deny"},
		{"strictLeadingWildcard", azModeSCPStrict, stmt(`{"Effect":"Deny","Action":"s3:*Object"}`), "Statement[0].Action", "only alone or at the end"},
		{"strictMiddleWildcard", azModeSCPStrict, stmt(`{"Effect":"Deny","NotAction":["s3:Get*","s3:some*action"]}`), "Statement[0].NotAction[1]", "only alone or at the end"},

		// RCPs.
		{"rcpNoVersion", azModeRCP, `{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}}`, "", "no Version"},
		{"rcpVersion2008", azModeRCP, `{"Version":"2008-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}}`, "Version", "2012-10-17"},
		{"rcpAllow", azModeRCP, stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}`), "Statement[0].Effect", "can only Deny"},
		{"rcpNoPrincipal", azModeRCP, stmt(`{"Sid":"P","Effect":"Deny","Action":"s3:*","Resource":"*"}`), "Statement[0] (Sid P)", `"Principal": "*"`},
		{"rcpPrincipalObject", azModeRCP, stmt(`{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*"}`), "Statement[0].Principal", `only be the string "*"`},
		{"rcpPrincipalAccount", azModeRCP, stmt(`{"Effect":"Deny","Principal":"123456789012","Action":"s3:*","Resource":"*"}`), "Statement[0].Principal", `only be the string "*"`},
		{"rcpNotPrincipal", azModeRCP, stmt(`{"Effect":"Deny","NotPrincipal":"*","Action":"s3:*","Resource":"*"}`), "Statement[0].NotPrincipal", "don't support NotPrincipal"},
		{"rcpNoAction", azModeRCP, stmt(`{"Effect":"Deny","Principal":"*","Resource":"*"}`), "Statement[0]", "no Action"},
		{"rcpNotAction", azModeRCP, stmt(`{"Effect":"Deny","Principal":"*","NotAction":"s3:*","Resource":"*"}`), "Statement[0].NotAction", "don't support NotAction"},
		{"rcpBareStar", azModeRCP, stmt(`{"Effect":"Deny","Principal":"*","Action":["s3:*","*"],"Resource":"*"}`), "Statement[0].Action[1]", `can't use "*"`},
		{"rcpNoPrefix", azModeRCP, stmt(`{"Effect":"Deny","Principal":"*","Action":"GetObject","Resource":"*"}`), "Statement[0].Action", "service:action"},
		{"rcpNoResource", azModeRCP, stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:*"}`), "Statement[0]", "needs Resource"},
		{"rcpUnknown", azModeRCP, stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Resources":"*"}`), "Statement[0].Resources", "an RCP statement has"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := azValidateAs(tc.mode, tc.doc)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("got %v (%T), want *Error", err, err)
			}
			if pe.Location != tc.loc {
				t.Errorf("Location = %q, want %q (message %q)", pe.Location, tc.loc, pe.Message)
			}
			if !strings.Contains(pe.Message, tc.msg) {
				t.Errorf("Message = %q, want it to contain %q", pe.Message, tc.msg)
			}
		})
	}
}

func azManyKeys(n int) string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf(`"aws:k%d":"v"`, i)
	}
	return strings.Join(keys, ",")
}

func TestValidateDispatch(t *testing.T) {
	if err := Validate(ServiceControl, `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b"}}`, Options{StrictSCP: true}); err == nil {
		t.Error("Validate with StrictSCP accepted an Allow on a specific resource")
	}
	if err := Validate(ServiceControl, `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b"}}`, Options{}); err != nil {
		t.Errorf("Validate without StrictSCP: %v", err)
	}
	if err := Validate(ResourceControl, azFullAWSAccess, Options{}); err == nil {
		t.Error("Validate accepted an RCP without Principal")
	}
}

func TestParseContextEntry(t *testing.T) {
	tests := []struct {
		in       string
		key, typ string
		vals     []string
		err      string
	}{
		{in: "aws:SourceIp=ip:203.0.113.7", key: "aws:SourceIp", typ: "ip", vals: []string{"203.0.113.7"}},
		{in: "aws:SourceIp=IP:2001:db8::1", key: "aws:SourceIp", typ: "ip", vals: []string{"2001:db8::1"}},
		{in: "aws:PrincipalTag/team=string:a,b\\c", key: "aws:PrincipalTag/team", typ: "string", vals: []string{`a,b\c`}},
		{in: "aws:TagKeys=stringList:team,cost\\,center,back\\\\slash", key: "aws:TagKeys", typ: "stringList", vals: []string{"team", "cost,center", `back\slash`}},
		{in: "aws:TagKeys=stringlist:", key: "aws:TagKeys", typ: "stringList", vals: []string{}},
		{in: "aws:TagKeys=stringList:a,,b", key: "aws:TagKeys", typ: "stringList", vals: []string{"a", "", "b"}},
		{in: "aws:MultiFactorAuthPresent=boolean:TRUE", key: "aws:MultiFactorAuthPresent", typ: "boolean", vals: []string{"true"}},
		{in: "s3:max-keys=numeric:10", key: "s3:max-keys", typ: "numeric", vals: []string{"10"}},
		{in: "aws:CurrentTime=date:2026-01-01T00:00:00Z", key: "aws:CurrentTime", typ: "date", vals: []string{"2026-01-01T00:00:00Z"}},
		{in: "s3:x=binary:QQ==", key: "s3:x", typ: "binary", vals: []string{"QQ=="}},
		{in: "s3:sizes=numericList:1,2.5", key: "s3:sizes", typ: "numericList", vals: []string{"1", "2.5"}},
		{in: "k:v=string:", key: "k:v", typ: "string", vals: []string{""}},
		{in: "aws:ResourceTag/a=b=string:x=y", key: "aws:ResourceTag/a=b", typ: "string", vals: []string{"x=y"}},
		{in: " aws:k = String :v", key: "aws:k", typ: "string", vals: []string{"v"}},
		{in: "noequals", err: "KEY=TYPE:VALUE"},
		{in: "=string:x", err: "KEY=TYPE:VALUE"},
		{in: "aws:k=b=c", err: `the type "b=c"`},
		{in: "nokeyprefix=string:x", err: "service prefix"},
		{in: "aws:k=text:x", err: "not one of"},
		{in: "aws:k=string", err: "not one of"},
		{in: "aws:k=numeric:ten", err: "not a number"},
		{in: "aws:k=numericList:1,x", err: "not a number"},
		{in: "aws:k=boolean:yes", err: "true or false"},
		{in: "aws:k=ip:300.1.1.1", err: "IP address"},
		{in: "aws:k=binary:!!", err: "base64"},
		{in: "aws:k=date:tomorrow", err: "not a date"},
		{in: "aws:k=stringList:a\\b", err: "backslash"},
		{in: "aws:k=stringList:a\\", err: "backslash"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			k, v, err := ParseContextEntry(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got err %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k != tc.key || v.Type != tc.typ || strings.Join(v.Values, "|") != strings.Join(tc.vals, "|") || len(v.Values) != len(tc.vals) {
				t.Errorf("got %q %+v, want %q %s %q", k, v, tc.key, tc.typ, tc.vals)
			}
		})
	}
}
