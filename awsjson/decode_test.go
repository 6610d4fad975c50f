package awsjson_test

import (
	"strings"
	"testing"

	"canopy/awsjson"
	"canopy/org"
)

func model(t testing.TB) *awsjson.Model {
	t.Helper()
	m, err := awsjson.Load()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func operation(t testing.TB, name string) *awsjson.Operation {
	t.Helper()
	op, ok := model(t).Operation(name)
	if !ok {
		t.Fatalf("no operation %s", name)
	}
	return op
}

// decodeCase is one body sent to one operation and the answer expected:
// code "" for success; otherwise the code, the reason and a fragment the
// message must contain.
type decodeCase struct {
	name   string
	op     string
	body   string
	code   org.Code
	reason string
	msg    string
}

const (
	ser = org.ErrSerialization
	inv = org.ErrInvalidInput
)

var decodeCases = []decodeCase{
	// Bodies that are not objects, or not JSON.
	{"empty body is {}", "ListRoots", "", "", "", ""},
	{"whitespace body is {}", "ListRoots", " \r\n\t", "", "", ""},
	{"empty object", "ListRoots", "{}", "", "", ""},
	{"array body", "ListRoots", "[]", ser, "", "must be a JSON object"},
	{"string body", "ListRoots", `"x"`, ser, "", "must be a JSON object"},
	{"null body", "ListRoots", `null`, ser, "", "must be a JSON object"},
	{"number body", "ListRoots", `12`, ser, "", "must be a JSON object"},
	{"not JSON", "ListRoots", `{"MaxResults":`, ser, "", "not valid JSON"},
	{"garbage", "ListRoots", `hello`, ser, "", "not valid JSON"},
	{"trailing data", "ListRoots", `{} {}`, ser, "", "not valid JSON"},
	{"trailing comma", "ListRoots", `{"MaxResults":1,}`, ser, "", "not valid JSON"},
	{"single quotes", "ListRoots", `{'MaxResults':1}`, ser, "", "not valid JSON"},
	{"bad escape", "DescribeAccount", `{"AccountId":"\x"}`, ser, "", "not valid JSON"},
	{"control char in string", "DescribeAccount", "{\"AccountId\":\"a\x01\"}", ser, "", "not valid JSON"},
	{"leading zero", "ListRoots", `{"MaxResults":01}`, ser, "", "not valid JSON"},
	{"no-input op accepts object", "DescribeOrganization", `{"Anything":[1,2]}`, "", "", ""},
	{"no-input op rejects array", "DescribeOrganization", `[]`, ser, "", "must be a JSON object"},
	{"no-input op rejects bad JSON", "LeaveOrganization", `{`, ser, "", "not valid JSON"},
	{"syntax error wins over type error", "ListRoots", `{"MaxResults":"x","NextToken":}`, ser, "", "not valid JSON"},
	{"syntax error in unknown member", "ListRoots", `{"Zzz":[1,}`, ser, "", "not valid JSON"},
	{"too deep", "ListRoots", `{"Zzz":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, ser, "", "nested"},

	// JSON types that do not fit the model.
	{"string for integer", "ListRoots", `{"MaxResults":"5"}`, ser, "", "STRING_VALUE can not be converted to an Integer at 'maxResults'"},
	{"fraction for integer", "ListRoots", `{"MaxResults":2.5}`, ser, "", "can not be converted to an Integer"},
	{"exponent for integer", "ListRoots", `{"MaxResults":1e1}`, ser, "", "can not be converted to an Integer"},
	{"int32 overflow", "ListRoots", `{"MaxResults":2147483648}`, ser, "", "out of range"},
	{"int64 overflow", "ListRoots", `{"MaxResults":99999999999999999999999}`, ser, "", "out of range"},
	{"bool for integer", "ListRoots", `{"MaxResults":true}`, ser, "", "TRUE_VALUE can not be converted to an Integer"},
	{"number for string", "DescribeAccount", `{"AccountId":123456789012}`, ser, "", "NUMBER_VALUE can not be converted to a String at 'accountId'"},
	{"bool for string", "DescribeAccount", `{"AccountId":false}`, ser, "", "FALSE_VALUE can not be converted to a String"},
	{"object for string", "DescribeAccount", `{"AccountId":{}}`, ser, "", "Start of structure or map found where not expected at 'accountId'"},
	{"array for string", "DescribeAccount", `{"AccountId":["123456789012"]}`, ser, "", "Start of list found where not expected"},
	{"string for list", "UntagResource", `{"ResourceId":"123456789012","TagKeys":"k"}`, ser, "", "Expected list or null at 'tagKeys'"},
	{"object for list", "UntagResource", `{"ResourceId":"123456789012","TagKeys":{}}`, ser, "", "Start of structure or map"},
	{"string for structure", "InviteAccountToOrganization", `{"Target":"x"}`, ser, "", "Expected structure or null at 'target'"},
	{"array for structure", "InviteAccountToOrganization", `{"Target":[]}`, ser, "", "Start of list found"},
	{"number in string list", "UntagResource", `{"ResourceId":"123456789012","TagKeys":["a",7]}`, ser, "", "at 'tagKeys.2.member'"},
	{"number in nested struct", "TagResource", `{"ResourceId":"123456789012","Tags":[{"Key":"a","Value":1}]}`, ser, "", "at 'tags.1.member.value'"},
	{"string for timestamp", "TerminateResponsibilityTransfer", `{"Id":"rt-abcdefgh","EndTimestamp":"2024-01-01"}`, ser, "", "STRING_VALUE can not be converted to a Timestamp"},
	{"timestamp out of range", "TerminateResponsibilityTransfer", `{"Id":"rt-abcdefgh","EndTimestamp":1e300}`, ser, "", "out of range"},
	{"type error wins over earlier constraint", "ListChildren", `{"ParentId":"bad","ChildType":"ACCOUNT","MaxResults":"1"}`, ser, "", "at 'maxResults'"},
	{"type error in unknown member ignored", "ListRoots", `{"Unknown":{"a":[1]},"MaxResults":3}`, "", "", ""},

	// Nulls are absent.
	{"null optional", "ListRoots", `{"MaxResults":null,"NextToken":null}`, "", "", ""},
	{"null required", "DescribeAccount", `{"AccountId":null}`, inv, org.ReasonInputRequired, "Value null at 'accountId' failed to satisfy constraint: Member must not be null"},
	{"null nested required", "InviteAccountToOrganization", `{"Target":{"Id":"123456789012","Type":null}}`, inv, org.ReasonInputRequired, "at 'target.type'"},
	{"null list element", "UntagResource", `{"ResourceId":"123456789012","TagKeys":["a",null]}`, inv, org.ReasonInvalidListMember, "Value null at 'tagKeys.2.member'"},
	{"null struct in list", "TagResource", `{"ResourceId":"123456789012","Tags":[null]}`, inv, org.ReasonInvalidListMember, "at 'tags.1.member'"},

	// Required.
	{"missing required", "DescribeAccount", `{}`, inv, org.ReasonInputRequired, "You must include a value for all required parameters. Value null at 'accountId'"},
	{"missing required empty body", "DescribeAccount", ``, inv, org.ReasonInputRequired, "at 'accountId'"},
	{"first missing in model order", "CreateAccount", `{}`, inv, org.ReasonInputRequired, "at 'email'"},
	{"second missing in model order", "CreateAccount", `{"Email":"a@b.co"}`, inv, org.ReasonInputRequired, "at 'accountName'"},
	{"model order not body order", "MoveAccount", `{"DestinationParentId":"bad","AccountId":"x"}`, inv, org.ReasonInvalidPattern, "at 'accountId'"},
	{"required in nested struct", "InviteAccountToOrganization", `{"Target":{"Id":"123456789012"}}`, inv, org.ReasonInputRequired, "at 'target.type'"},
	{"required in list member", "TagResource", `{"ResourceId":"123456789012","Tags":[{"Key":"a","Value":"b"},{"Key":"c"}]}`, inv, org.ReasonInputRequired, "Value null at 'tags.2.member.value'"},
	{"required case-sensitive", "DescribeAccount", `{"accountid":"123456789012"}`, inv, org.ReasonInputRequired, "at 'accountId'"},
	{"unknown members ignored", "DescribeAccount", `{"AccountId":"123456789012","Extra":1,"More":{"x":null}}`, "", "", ""},

	// Lengths.
	{"min length", "CreateOrganizationalUnit", `{"ParentId":"r-abcd","Name":""}`, inv, org.ReasonMinLengthExceeded, "Value at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1"},
	{"max length", "CreateOrganizationalUnit", `{"ParentId":"r-abcd","Name":"` + strings.Repeat("n", 129) + `"}`, inv, org.ReasonMaxLengthExceeded, "Member must have length less than or equal to 128"},
	{"max length exact", "CreateOrganizationalUnit", `{"ParentId":"r-abcd","Name":"` + strings.Repeat("n", 128) + `"}`, "", "", ""},
	{"length counts code points", "CreateOrganizationalUnit", `{"ParentId":"r-abcd","Name":"` + strings.Repeat("é", 128) + `"}`, "", "", ""},
	{"length counts astral as one", "CreateOrganizationalUnit", `{"ParentId":"r-abcd","Name":"` + strings.Repeat("😀", 128) + `"}`, "", "", ""},
	{"length counts escapes decoded", "CreateOrganizationalUnit", `{"ParentId":"r-abcd","Name":"` + strings.Repeat(`\u00e9`, 128) + `"}`, "", "", ""},
	{"length over with escapes", "CreateOrganizationalUnit", `{"ParentId":"r-abcd","Name":"` + strings.Repeat(`\ud83d\ude00`, 129) + `"}`, inv, org.ReasonMaxLengthExceeded, "at 'name'"},
	{"nested key length", "TagResource", `{"ResourceId":"123456789012","Tags":[{"Key":"","Value":"v"}]}`, inv, org.ReasonMinLengthExceeded, "at 'tags.1.member.key'"},
	{"nested value length", "CreateAccount", `{"Email":"a@b.co","AccountName":"n","Tags":[{"Key":"k","Value":"` + strings.Repeat("v", 257) + `"}]}`, inv, org.ReasonMaxLengthExceeded, "at 'tags.1.member.value'"},
	{"empty tag value ok", "TagResource", `{"ResourceId":"123456789012","Tags":[{"Key":"k","Value":""}]}`, "", "", ""},
	{"list of strings length", "UntagResource", `{"ResourceId":"123456789012","TagKeys":["ok",""]}`, inv, org.ReasonMinLengthExceeded, "at 'tagKeys.2.member'"},
	{"length before pattern", "DescribeAccount", `{"AccountId":"1234567890123"}`, inv, org.ReasonMaxLengthExceeded, "less than or equal to 12"},
	{"email min length", "CreateAccount", `{"Email":"a@b.c","AccountName":"n"}`, inv, org.ReasonMinLengthExceeded, "at 'email'"},

	// Values.
	{"min value", "ListRoots", `{"MaxResults":0}`, inv, org.ReasonMinValueExceeded, "Value at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"},
	{"max value", "ListAccounts", `{"MaxResults":21}`, inv, org.ReasonMaxValueExceeded, "Member must have value less than or equal to 20"},
	{"negative value", "ListAccounts", `{"MaxResults":-3}`, inv, org.ReasonMinValueExceeded, "at 'maxResults'"},
	{"bounds inclusive", "ListAccounts", `{"MaxResults":20}`, "", "", ""},
	{"negative zero", "ListAccounts", `{"MaxResults":-0}`, inv, org.ReasonMinValueExceeded, ""},

	// Enums.
	{"enum", "ListChildren", `{"ParentId":"r-abcd","ChildType":"ROOT"}`, inv, org.ReasonInvalidEnum, "Value at 'childType' failed to satisfy constraint: Member must satisfy enum value set: [ACCOUNT, ORGANIZATIONAL_UNIT]"},
	{"enum case-sensitive", "ListChildren", `{"ParentId":"r-abcd","ChildType":"account"}`, inv, org.ReasonInvalidEnum, ""},
	{"enum ok", "ListChildren", `{"ParentId":"r-abcd","ChildType":"ORGANIZATIONAL_UNIT"}`, "", "", ""},
	{"policy type enum", "ListPolicies", `{"Filter":"SCP"}`, inv, org.ReasonInvalidEnumPolicy, "You specified an invalid policy type string. Value at 'filter'"},
	{"effective policy type enum", "DescribeEffectivePolicy", `{"PolicyType":"SERVICE_CONTROL_POLICY"}`, inv, org.ReasonInvalidEnumPolicy, "at 'policyType'"},
	{"enum in list", "ListCreateAccountStates", `{"States":["IN_PROGRESS","DONE"]}`, inv, org.ReasonInvalidEnum, "at 'states.2.member'"},
	{"enum in nested struct", "InviteAccountToOrganization", `{"Target":{"Id":"123456789012","Type":"USER"}}`, inv, org.ReasonInvalidEnum, "at 'target.type'"},
	{"enum in filter", "ListHandshakesForAccount", `{"Filter":{"ActionType":"NOPE"}}`, inv, org.ReasonInvalidEnum, "at 'filter.actionType'"},

	// Patterns.
	{"parent id root", "ListChildren", `{"ParentId":"r-abcd","ChildType":"ACCOUNT"}`, "", "", ""},
	{"parent id ou", "ListChildren", `{"ParentId":"ou-abcd-12345678","ChildType":"ACCOUNT"}`, "", "", ""},
	{"parent id suffix", "ListChildren", `{"ParentId":"r-abcdX!","ChildType":"ACCOUNT"}`, inv, org.ReasonInvalidPattern, "You provided a value that does not match the required pattern. Value at 'parentId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$"},
	{"parent id prefix", "ListChildren", `{"ParentId":"xr-abcd","ChildType":"ACCOUNT"}`, inv, org.ReasonInvalidPattern, ""},
	{"parent id ou then junk", "ListChildren", `{"ParentId":"ou-abcd-12345678 ","ChildType":"ACCOUNT"}`, inv, org.ReasonInvalidPattern, ""},
	{"parent id newline", "ListChildren", `{"ParentId":"r-abcd\n","ChildType":"ACCOUNT"}`, inv, org.ReasonInvalidPattern, ""},
	{"account id", "DescribeAccount", `{"AccountId":"12345678901a"}`, inv, org.ReasonInvalidPattern, "at 'accountId'"},
	{"email ok", "CreateAccount", `{"Email":"someone@example.com","AccountName":"Prod"}`, "", "", ""},
	{"email whole match", "CreateAccount", `{"Email":"a b@example.com","AccountName":"Prod"}`, inv, org.ReasonInvalidPattern, "at 'email'"},
	{"email two ats", "CreateAccount", `{"Email":"a@b@example.com","AccountName":"Prod"}`, inv, org.ReasonInvalidPattern, ""},
	{"email vertical tab", "CreateAccount", "{\"Email\":\"a\\u000bb@example.com\",\"AccountName\":\"Prod\"}", inv, org.ReasonInvalidPattern, ""},
	{"account name non-ascii", "CreateAccount", `{"Email":"a@example.com","AccountName":"Prödüction"}`, inv, org.ReasonInvalidPattern, "at 'accountName'"},
	{"role name", "CreateAccount", `{"Email":"a@example.com","AccountName":"P","RoleName":"bad role"}`, inv, org.ReasonInvalidPattern, "at 'roleName'"},
	{"iam billing enum", "CreateAccount", `{"Email":"a@example.com","AccountName":"P","IamUserAccessToBilling":"MAYBE"}`, inv, org.ReasonInvalidEnum, "at 'iamUserAccessToBilling'"},
	{"tag key unicode ok", "TagResource", `{"ResourceId":"123456789012","Tags":[{"Key":"Größe 名前","Value":"wert/1+2=3@x"}]}`, "", "", ""},
	{"tag key pattern", "TagResource", `{"ResourceId":"123456789012","Tags":[{"Key":"a*b","Value":"v"}]}`, inv, org.ReasonInvalidPattern, "at 'tags.1.member.key'"},
	{"tag keys list pattern", "UntagResource", `{"ResourceId":"123456789012","TagKeys":["ok","no#"]}`, inv, org.ReasonInvalidPattern, "at 'tagKeys.2.member'"},
	{"target id reason", "AttachPolicy", `{"PolicyId":"p-12345678","TargetId":"o-abcdefghij"}`, inv, org.ReasonInvalidPatternTarget, "You specified a policy target ID that does not match the required pattern. Value at 'targetId'"},
	{"target id ok", "AttachPolicy", `{"PolicyId":"p-FullAWSAccess","TargetId":"ou-abcd-12345678"}`, "", "", ""},
	{"taggable id reason", "ListTagsForResource", `{"ResourceId":"arn:aws:organizations::123456789012:account/o-abc/123456789012"}`, inv, org.ReasonInvalidPatternTarget, "at 'resourceId'"},
	{"taggable id policy", "ListTagsForResource", `{"ResourceId":"p-12345678"}`, "", "", ""},
	{"policy id pattern", "AttachPolicy", `{"PolicyId":"policy","TargetId":"r-abcd"}`, inv, org.ReasonInvalidPattern, "at 'policyId'"},
	{"handshake id in filter", "ListHandshakesForOrganization", `{"Filter":{"ParentHandshakeId":"h-1"}}`, inv, org.ReasonInvalidPattern, "at 'filter.parentHandshakeId'"},
	{"service principal", "EnableAWSServiceAccess", `{"ServicePrincipal":"config.amazonaws.com"}`, "", "", ""},
	{"service principal bad", "EnableAWSServiceAccess", `{"ServicePrincipal":"a b"}`, inv, org.ReasonInvalidPattern, "at 'servicePrincipal'"},
	{"create account request id", "DescribeCreateAccountStatus", `{"CreateAccountRequestId":"car-1234567"}`, inv, org.ReasonInvalidPattern, "at 'createAccountRequestId'"},
	{"policy content any", "CreatePolicy", `{"Content":"{\n\"Version\":\"2012-10-17\"\r\n}","Description":"","Name":"n","Type":"SERVICE_CONTROL_POLICY"}`, "", "", ""},
	{"transfer timestamp ok", "InviteOrganizationToTransferResponsibility", `{"Type":"BILLING","Target":{"Id":"123456789012","Type":"ACCOUNT"},"StartTimestamp":1735689600.5,"SourceName":"Src"}`, "", "", ""},
	{"transfer name pattern", "InviteOrganizationToTransferResponsibility", `{"Type":"BILLING","Target":{"Id":"123456789012","Type":"ACCOUNT"},"StartTimestamp":1735689600,"SourceName":"tab\there"}`, inv, org.ReasonInvalidPattern, "at 'sourceName'"},

	// Duplicates: the last value counts, as encoding/json would take it.
	{"duplicate last wins valid", "DescribeAccount", `{"AccountId":"bad","AccountId":"123456789012"}`, "", "", ""},
	{"duplicate last wins invalid", "DescribeAccount", `{"AccountId":"123456789012","AccountId":"bad"}`, inv, org.ReasonInvalidPattern, ""},
	{"escaped key", "DescribeAccount", `{"Account\u0049d":"bad"}`, inv, org.ReasonInvalidPattern, "at 'accountId'"},
}

// ListCreateAccountStates is not an operation name; the enum-in-list case
// above uses it as shorthand for ListCreateAccountStatus.
func opName(s string) string {
	if s == "ListCreateAccountStates" {
		return "ListCreateAccountStatus"
	}
	return s
}

func TestDecodeValidation(t *testing.T) {
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			op := operation(t, opName(tc.op))
			err := op.Decode([]byte(tc.body), nil)
			checkDecodeError(t, err, tc)
			// Decoding into a value must answer exactly as validation does.
			var into map[string]any
			err2 := op.Decode([]byte(tc.body), &into)
			if (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
				t.Fatalf("Decode(nil) = %v but Decode(&map) = %v", err, err2)
			}
		})
	}
}

func checkDecodeError(t *testing.T, err error, tc decodeCase) {
	t.Helper()
	if tc.code == "" {
		if err != nil {
			t.Fatalf("body %q: unexpected error %v", tc.body, err)
		}
		return
	}
	e, ok := org.AsError(err)
	if !ok {
		t.Fatalf("body %q: error %v (%T), want *org.Error %s", tc.body, err, err, tc.code)
	}
	if e.Code != tc.code || e.Reason != tc.reason {
		t.Fatalf("body %q: got %s/%q (%s), want %s/%q", tc.body, e.Code, e.Reason, e.Message, tc.code, tc.reason)
	}
	if !strings.Contains(e.Message, tc.msg) {
		t.Fatalf("body %q: message %q does not contain %q", tc.body, e.Message, tc.msg)
	}
	if tc.code == ser && e.Reason != "" {
		t.Fatalf("SerializationException with a reason: %v", e)
	}
}

// The message never quotes the value, only the path: Email and the account
// name are sensitive in the model.
func TestDecodeMessagesDoNotEchoValues(t *testing.T) {
	op := operation(t, "CreateAccount")
	for _, body := range []string{
		`{"Email":"secret-value@@example.com","AccountName":"n"}`,
		`{"Email":"a@example.com","AccountName":"secret-valueé"}`,
	} {
		err := op.Decode([]byte(body), nil)
		if err == nil || strings.Contains(err.Error(), "secret-value") {
			t.Errorf("%s: %v", body, err)
		}
	}
}

func TestDecodeIsDeterministic(t *testing.T) {
	op := operation(t, "CreateAccount")
	body := []byte(`{"Tags":[{"Key":"","Value":"x"}],"RoleName":"bad role","IamUserAccessToBilling":"NO","AccountName":"","Email":"bad"}`)
	first := op.Decode(body, nil)
	for range 50 {
		if err := op.Decode(body, nil); err.Error() != first.Error() {
			t.Fatalf("%v then %v", first, err)
		}
	}
	// The model lists Email first, and Email's first failing check is
	// its length (min 6).
	if e, _ := org.AsError(first); e.Reason != org.ReasonMinLengthExceeded || !strings.Contains(e.Message, "'email'") {
		t.Fatalf("got %v", first)
	}
}
