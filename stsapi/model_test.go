package stsapi

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The botocore model, as much of it as the checks below read.
type model struct {
	Metadata struct {
		APIVersion   string `json:"apiVersion"`
		Protocol     string `json:"protocol"`
		XMLNamespace string `json:"xmlNamespace"`
	} `json:"metadata"`
	Operations map[string]struct {
		Input  struct{ Shape string } `json:"input"`
		Output struct {
			Shape         string `json:"shape"`
			ResultWrapper string `json:"resultWrapper"`
		} `json:"output"`
		Errors []struct{ Shape string } `json:"errors"`
	} `json:"operations"`
	Shapes map[string]*modelShape `json:"shapes"`
}

type modelShape struct {
	Type     string                  `json:"type"`
	Required []string                `json:"required"`
	Members  orderedMembers          `json:"members"`
	Member   *struct{ Shape string } `json:"member"`
	Min      *int64                  `json:"min"`
	Max      *int64                  `json:"max"`
	Pattern  string                  `json:"pattern"`
	Error    *struct {
		Code           string `json:"code"`
		HTTPStatusCode int    `json:"httpStatusCode"`
		SenderFault    bool   `json:"senderFault"`
	} `json:"error"`
}

// orderedMembers keeps the model's member order, which is the order AWS
// lists violations in.
type orderedMembers struct {
	names  []string
	shapes map[string]string
}

func (m *orderedMembers) UnmarshalJSON(b []byte) error {
	var byName map[string]struct{ Shape string }
	if err := json.Unmarshal(b, &byName); err != nil {
		return err
	}
	m.shapes = map[string]string{}
	for k, v := range byName {
		m.shapes[k] = v.Shape
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		m.names = append(m.names, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return nil
}

func loadModel(t *testing.T, path string) *model {
	t.Helper()
	raw := readGzip(t, path)
	var m model
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func readGzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

const modelPath = "testdata/service-2.json.gz"

// The constraint table of constraints.go is the model's, member for member.
func TestConstraintsMatchModel(t *testing.T) {
	m := loadModel(t, modelPath)
	if m.Metadata.APIVersion != APIVersion || m.Metadata.XMLNamespace != Namespace || m.Metadata.Protocol != "query" {
		t.Fatalf("metadata: %+v", m.Metadata)
	}

	req := m.Shapes[m.Operations["AssumeRole"].Input.Shape]
	// The order decodeAssumeRole checks members in, with the shape each
	// member has.
	wantMembers := []string{"RoleArn", "RoleSessionName", "PolicyArns", "Policy", "DurationSeconds", "Tags",
		"TransitiveTagKeys", "ExternalId", "SerialNumber", "TokenCode", "SourceIdentity", "ProvidedContexts"}
	if !slices.Equal(req.Members.names, wantMembers) {
		t.Errorf("AssumeRoleRequest members %v, want %v", req.Members.names, wantMembers)
	}
	if !slices.Equal(req.Required, []string{"RoleArn", "RoleSessionName"}) {
		t.Errorf("required %v", req.Required)
	}
	if got := m.Shapes[m.Operations["GetCallerIdentity"].Input.Shape].Members.names; len(got) != 0 {
		t.Errorf("GetCallerIdentityRequest has members %v", got)
	}

	strings := map[string]*stringRule{
		"RoleArn": arnRule, "RoleSessionName": roleSessionNameRule, "Policy": sessionPolicyRule,
		"ExternalId": externalIDRule, "SerialNumber": serialNumberRule, "TokenCode": tokenCodeRule,
		"SourceIdentity": sourceIdentityRule,
	}
	for name, r := range strings {
		checkString(t, m, "AssumeRoleRequest."+name, m.Shapes[req.Members.shapes[name]], r)
	}

	dur := m.Shapes[req.Members.shapes["DurationSeconds"]]
	if dur.Type != "integer" || dur.Min == nil || *dur.Min != int64(durationMin) || dur.Max == nil || *dur.Max != int64(durationMax) {
		t.Errorf("DurationSeconds: %+v", dur)
	}

	type listCheck struct {
		min, max int
		fields   map[string]*stringRule // "" for a list of strings
		required []string
	}
	lists := map[string]listCheck{
		"PolicyArns":        {0, 0, map[string]*stringRule{"arn": arnRule}, nil},
		"Tags":              {0, maxTags, map[string]*stringRule{"Key": tagKeyRule, "Value": tagValueRule}, []string{"Key", "Value"}},
		"TransitiveTagKeys": {0, maxTransitiveTagKeys, map[string]*stringRule{"": tagKeyRule}, nil},
		"ProvidedContexts":  {minProvidedContexts, maxProvidedContexts, map[string]*stringRule{"ProviderArn": arnRule, "ContextAssertion": contextAssertionRule}, nil},
	}
	for name, c := range lists {
		l := m.Shapes[req.Members.shapes[name]]
		if l.Type != "list" || intOr(l.Min) != int64(c.min) || intOr(l.Max) != int64(c.max) {
			t.Errorf("%s: list %+v, want min %d max %d", name, l, c.min, c.max)
		}
		elem := m.Shapes[l.Member.Shape]
		if r, ok := c.fields[""]; ok {
			checkString(t, m, name+".member", elem, r)
			continue
		}
		if elem.Type != "structure" || len(elem.Members.names) != len(c.fields) || !slices.Equal(elem.Required, c.required) {
			t.Errorf("%s element: %+v", name, elem)
		}
		for field, r := range c.fields {
			checkString(t, m, name+".member."+field, m.Shapes[elem.Members.shapes[field]], r)
		}
	}
}

func intOr(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func checkString(t *testing.T, m *model, where string, s *modelShape, r *stringRule) {
	t.Helper()
	if s == nil || s.Type != "string" {
		t.Errorf("%s: not a string shape: %+v", where, s)
		return
	}
	if intOr(s.Min) != int64(r.min) || intOr(s.Max) != int64(r.max) || s.Pattern != r.pattern {
		t.Errorf("%s: model min %v max %v pattern %q; table %d %d %q", where, intOr(s.Min), intOr(s.Max), s.Pattern, r.min, r.max, r.pattern)
	}
}

// The answer documents carry every member of the model's output shapes,
// under the model's result wrappers, and the model's exceptions have the
// codes and statuses NewError gives them.
func TestOutputsMatchModel(t *testing.T) {
	m := loadModel(t, modelPath)
	check := func(shape string, typ reflect.Type) {
		t.Helper()
		var got []string
		for i := 0; i < typ.NumField(); i++ {
			tag := typ.Field(i).Tag.Get("xml")
			name, _, _ := strings.Cut(tag, ",")
			if name != "" && !strings.HasSuffix(tag, ",attr") && name != "ResponseMetadata" {
				got = append(got, name)
			}
		}
		want := slices.Clone(m.Shapes[shape].Members.names)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: elements %v, model members %v", shape, got, want)
		}
	}
	check("GetCallerIdentityResponse", reflect.TypeFor[getCallerIdentityResult]())
	check("AssumeRoleResponse", reflect.TypeFor[assumeRoleResult]())
	check("Credentials", reflect.TypeFor[xmlCredentials]())
	check("AssumedRoleUser", reflect.TypeFor[xmlAssumedRoleUser]())

	wrapper := func(v any) string {
		f, _ := reflect.TypeOf(v).FieldByName("Result")
		return f.Tag.Get("xml")
	}
	if w := m.Operations["AssumeRole"].Output.ResultWrapper; w != wrapper(assumeRoleResponse{}) {
		t.Errorf("AssumeRole wrapper %q", w)
	}
	if w := m.Operations["GetCallerIdentity"].Output.ResultWrapper; w != wrapper(getCallerIdentityResponse{}) {
		t.Errorf("GetCallerIdentity wrapper %q", w)
	}
	for _, e := range m.Operations["AssumeRole"].Errors {
		s := m.Shapes[e.Shape].Error
		got := NewError(s.Code, "")
		if got.Status != s.HTTPStatusCode || (got.Fault == Sender) != s.SenderFault {
			t.Errorf("%s: NewError gives %d %s; model %+v", e.Shape, got.Status, got.Fault, s)
		}
	}
	for _, code := range []string{CodeExpiredToken, CodeMalformedPolicyDocument, CodePackedPolicyTooLarge, CodeRegionDisabled} {
		found := false
		for _, s := range m.Shapes {
			found = found || (s.Error != nil && s.Error.Code == code)
		}
		if !found {
			t.Errorf("%s is no error code of the model", code)
		}
	}
}

// The copy in testdata is the model botocore ships, when botocore is here
// to compare with.
func TestModelCopyMatchesBotocore(t *testing.T) {
	out, err := exec.Command("python3", "-c", "import botocore, os; print(os.path.dirname(botocore.__file__))").Output()
	if err != nil {
		t.Skipf("botocore is not installed (%v)", err)
	}
	installed := filepath.Join(strings.TrimSpace(string(out)), "data", "sts", "2011-06-15", "service-2.json.gz")
	if _, err := os.Stat(installed); err != nil {
		t.Skipf("no STS model in botocore: %v", err)
	}
	if !bytes.Equal(readGzip(t, installed), readGzip(t, modelPath)) {
		t.Errorf("%s differs from the installed botocore's %s: update it (testdata/README.md)", modelPath, installed)
	}
}

// Patterns mean what Java's Matcher.matches() makes of them.
func TestJavaPatterns(t *testing.T) {
	cases := []struct {
		r     *stringRule
		value string
		want  bool
	}{
		{arnRule, "arn:aws:iam::123456789012:role/Admin", true},
		{arnRule, "tab\there\r\nand\u0085nel", true},
		{arnRule, "é ü \uD7FF \uE000 \uFFFD \u1000", true},
		{arnRule, "", false},
		{arnRule, "control\x01", false},
		{arnRule, "\x7F\u0080\u0086", true}, // Java reads "\u10000-" as "\u1000", "0-\u10FF"
		{arnRule, "\U0001F600", false},      // above U+FFFF, as AWS answers
		{arnRule, "\U00010000", false},
		{roleSessionNameRule, "Abc_09+=,.@-", true},
		{roleSessionNameRule, "", true},
		{roleSessionNameRule, "a b", false},
		{roleSessionNameRule, "né", false}, // \w is ASCII in Java
		{roleSessionNameRule, "a/b", false},
		{sessionPolicyRule, "{\"a\": \"ÿ\"}\t\n\r", true},
		{sessionPolicyRule, "Ā", false},
		{sessionPolicyRule, "\x7F", true}, // \u0020-\u00FF includes DEL
		{tagKeyRule, "Cost Center:1/2=3+4-5@6_7.8", true},
		{tagKeyRule, "日本語 ключ", true},
		{tagKeyRule, "a*b", false},
		{tagKeyRule, "a-b", true},
		{tagValueRule, "", true},
		{tagValueRule, "\u00A0", true}, // \p{Z}
		{externalIDRule, "a:b/c", true},
		{externalIDRule, "a b", false},
		{serialNumberRule, "arn:aws:iam::123456789012:mfa/user", true},
		{tokenCodeRule, "123456", true},
		{tokenCodeRule, "١٢٣٤٥٦", false}, // \d is ASCII in Java
		{sourceIdentityRule, "alice@example.com", true},
	}
	for _, c := range cases {
		if got := c.r.re.MatchString(c.value); got != c.want {
			t.Errorf("%s matches %q: %v, want %v (as %s)", c.r.pattern, c.value, got, c.want, c.r.re)
		}
	}
}

// The element order of the answers is AWS's, which clients do not depend
// on but people reading a capture do.
func TestAnswerElementOrder(t *testing.T) {
	order := func(v any) []string {
		var buf bytes.Buffer
		if err := xml.NewEncoder(&buf).Encode(v); err != nil {
			t.Fatal(err)
		}
		var names []string
		dec := xml.NewDecoder(&buf)
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			if se, ok := tok.(xml.StartElement); ok {
				names = append(names, se.Name.Local)
			}
		}
		return names
	}
	size := int32(3)
	got := order(&assumeRoleResponse{Result: assumeRoleResult{SourceIdentity: "s", PackedPolicySize: &size}})
	want := []string{"AssumeRoleResponse", "AssumeRoleResult", "SourceIdentity", "AssumedRoleUser", "AssumedRoleId", "Arn",
		"Credentials", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration", "PackedPolicySize", "ResponseMetadata", "RequestId"}
	if !slices.Equal(got, want) {
		t.Errorf("AssumeRole: %v", got)
	}
	got = order(&getCallerIdentityResponse{})
	want = []string{"GetCallerIdentityResponse", "GetCallerIdentityResult", "Arn", "UserId", "Account", "ResponseMetadata", "RequestId"}
	if !slices.Equal(got, want) {
		t.Errorf("GetCallerIdentity: %v", got)
	}
}
