package awsjson

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"canopy/org"
)

func TestModelLoads(t *testing.T) {
	m := MustLoad()
	if m2, _ := Load(); m2 != m {
		t.Fatal("Load parsed the model twice")
	}
	if m.APIVersion() != "2016-11-28" || m.targetPrefix != TargetPrefix {
		t.Fatalf("metadata %q %q", m.APIVersion(), m.targetPrefix)
	}
	names := m.OperationNames()
	if len(names) < 60 || !slices.IsSorted(names) {
		t.Fatalf("%d operations, sorted %v", len(names), slices.IsSorted(names))
	}
	for _, want := range []string{"CreateAccount", "DescribeOrganization", "ListChildren", "TagResource"} {
		if _, ok := m.Operation(want); !ok {
			t.Errorf("no operation %s", want)
		}
	}
	names[0] = "mutated"
	if m.OperationNames()[0] == "mutated" {
		t.Fatal("OperationNames shares its slice")
	}
	for _, name := range []string{"DescribeOrganization", "DeleteOrganization", "LeaveOrganization"} {
		if op, _ := m.Operation(name); op.HasInput() {
			t.Errorf("%s has an input shape in the model?", name)
		}
	}
	if op, _ := m.Operation("AttachPolicy"); op.HasOutput() || !op.HasInput() {
		t.Error("AttachPolicy: the model gives it input and no output")
	}
}

// Members keep the model's order, which decides which violation is reported.
func TestMemberOrderIsTheModels(t *testing.T) {
	m := MustLoad()
	var got []string
	for _, mem := range m.shapes["CreateAccountRequest"].members {
		got = append(got, mem.name+map[bool]string{true: "*", false: ""}[mem.required])
	}
	want := []string{"Email*", "AccountName*", "RoleName", "IamUserAccessToBilling", "Tags"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestReasonOverridesNameModelShapes(t *testing.T) {
	m := MustLoad()
	for name, reason := range enumReasonOverrides {
		if s, ok := m.shapes[name]; !ok || s.enumSet == nil || s.enumReason != reason {
			t.Errorf("enum override %s: shape missing, not an enum, or not applied", name)
		}
	}
	for name, reason := range patternReasonOverrides {
		if s, ok := m.shapes[name]; !ok || s.re == nil || s.patternReason != reason {
			t.Errorf("pattern override %s: shape missing, without pattern, or not applied", name)
		}
	}
	if s := m.shapes["ChildType"]; s.enumReason != org.ReasonInvalidEnum {
		t.Errorf("ChildType reason %s", s.enumReason)
	}
}

func TestOutputMembers(t *testing.T) {
	m := MustLoad()
	got := m.OutputMembers("DescribeOrganization")
	for _, want := range []string{
		"Organization", "Organization.Id", "Organization.MasterAccountEmail",
		"Organization.AvailablePolicyTypes", "Organization.AvailablePolicyTypes[].Type",
		"Organization.AvailablePolicyTypes[].Status",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("DescribeOrganization output lacks %q: %v", want, got)
		}
	}
	if got[0] != "Organization" {
		t.Errorf("not depth-first in model order: %v", got)
	}
	acc := m.OutputMembers("ListAccounts")
	if !slices.Contains(acc, "Accounts[].JoinedTimestamp") || !slices.Contains(acc, "NextToken") {
		t.Errorf("ListAccounts: %v", acc)
	}
	if m.OutputMembers("AttachPolicy") != nil || m.OutputMembers("NoSuchOperation") != nil {
		t.Error("members for an operation without output")
	}
	op, _ := m.Operation("TagResource")
	if in := op.InputMembers(); !slices.Equal(in, []string{"ResourceId", "Tags", "Tags[].Key", "Tags[].Value"}) {
		t.Errorf("TagResource input members %v", in)
	}
	// Every operation with output has members listed, and none twice.
	for _, name := range m.OperationNames() {
		op, _ := m.Operation(name)
		mem := op.OutputMembers()
		if op.HasOutput() && len(op.output.members) > 0 && len(mem) == 0 {
			t.Errorf("%s: no output members", name)
		}
		sorted := slices.Clone(mem)
		slices.Sort(sorted)
		if len(slices.Compact(sorted)) != len(mem) {
			t.Errorf("%s: duplicate member paths %v", name, mem)
		}
	}
}

func TestPaginators(t *testing.T) {
	m := MustLoad()
	op, _ := m.Operation("ListAccounts")
	p, ok := op.Paginator()
	if !ok || p.InputToken != "NextToken" || p.OutputToken != "NextToken" || p.LimitKey != "MaxResults" ||
		!slices.Equal(p.ResultKeys, []string{"Accounts"}) {
		t.Fatalf("ListAccounts paginator %+v %v", p, ok)
	}
	op, _ = m.Operation("CreateAccount")
	if _, ok := op.Paginator(); ok {
		t.Fatal("CreateAccount pages?")
	}
}

// A synthetic model exercises the shape types Organizations does not use
// (maps, longs, doubles, blobs, booleans, bounded lists, locationName).
const syntheticModel = `{
  "metadata": {"apiVersion": "1", "protocol": "json", "targetPrefix": "Test"},
  "operations": {"Op": {"name": "Op", "input": {"shape": "In"}}},
  "shapes": {
    "In": {"type": "structure", "required": ["Long"], "members": {
      "Long": {"shape": "Long"},
      "Ratio": {"shape": "Ratio"},
      "Flag": {"shape": "Flag"},
      "Data": {"shape": "Data"},
      "Attrs": {"shape": "Attrs"},
      "Ids": {"shape": "Ids"},
      "Renamed": {"shape": "Str", "locationName": "wireName"}
    }},
    "Long": {"type": "long", "min": -5000000000, "max": 5000000000},
    "Ratio": {"type": "double", "min": 0, "max": 1},
    "Flag": {"type": "boolean"},
    "Data": {"type": "blob", "max": 3},
    "Attrs": {"type": "map", "key": {"shape": "Key"}, "value": {"shape": "Str"}, "max": 2},
    "Key": {"type": "string", "pattern": "^[a-z]+$"},
    "Str": {"type": "string", "max": 3},
    "Ids": {"type": "list", "member": {"shape": "Key"}, "min": 1, "max": 2}
  }
}`

func TestSyntheticShapes(t *testing.T) {
	m, err := parseModel([]byte(syntheticModel), nil)
	if err != nil {
		t.Fatal(err)
	}
	op, _ := m.Operation("Op")
	cases := []struct {
		body   string
		code   org.Code
		reason string
		msg    string
	}{
		{`{"Long":4999999999}`, "", "", ""},
		{`{"Long":5000000001}`, org.ErrInvalidInput, org.ReasonMaxValueExceeded, "less than or equal to 5000000000"},
		{`{"Long":-9223372036854775808}`, org.ErrInvalidInput, org.ReasonMinValueExceeded, ""},
		{`{"Long":9223372036854775808}`, org.ErrSerialization, "", "a Long"},
		{`{"Long":1,"Ratio":0.5,"Flag":true,"Data":"YWJj"}`, "", "", ""},
		{`{"Long":1,"Ratio":1.5}`, org.ErrInvalidInput, org.ReasonMaxValueExceeded, "at 'ratio'"},
		{`{"Long":1,"Ratio":"0.5"}`, org.ErrSerialization, "", "a Double"},
		{`{"Long":1,"Flag":"true"}`, org.ErrSerialization, "", "STRING_VALUE can not be converted to a Boolean at 'flag'"},
		{`{"Long":1,"Flag":1}`, org.ErrSerialization, "", "a Boolean"},
		{`{"Long":1,"Data":"YWJjZA=="}`, org.ErrInvalidInput, org.ReasonMaxLengthExceeded, "at 'data'"},
		{`{"Long":1,"Data":"not base64!"}`, org.ErrSerialization, "", "Blob"},
		{`{"Long":1,"Attrs":{"a":"x","b":"y"}}`, "", "", ""},
		{`{"Long":1,"Attrs":{"a":"x","b":"y","c":"z"}}`, org.ErrInvalidInput, org.ReasonMaxLengthExceeded, "at 'attrs'"},
		{`{"Long":1,"Attrs":{"A":"x"}}`, org.ErrInvalidInput, org.ReasonInvalidPattern, "at 'attrs.key'"},
		{`{"Long":1,"Attrs":{"a":"long"}}`, org.ErrInvalidInput, org.ReasonMaxLengthExceeded, "at 'attrs.value'"},
		{`{"Long":1,"Attrs":{"a":null}}`, org.ErrInvalidInput, org.ReasonInvalidListMember, "Value null at 'attrs.value'"},
		{`{"Long":1,"Attrs":{"a":1}}`, org.ErrSerialization, "", "at 'attrs.value'"},
		{`{"Long":1,"Attrs":[]}`, org.ErrSerialization, "", "Start of list"},
		{`{"Long":1,"Attrs":"x"}`, org.ErrSerialization, "", "Expected map or null"},
		{`{"Long":1,"Ids":[]}`, org.ErrInvalidInput, org.ReasonMinLengthExceeded, "at 'ids'"},
		{`{"Long":1,"Ids":["a","b","c"]}`, org.ErrInvalidInput, org.ReasonMaxLengthExceeded, "at 'ids'"},
		{`{"Long":1,"Ids":["A","b","c"]}`, org.ErrInvalidInput, org.ReasonMaxLengthExceeded, "at 'ids'"}, // list bound first
		{`{"Long":1,"wireName":"abcd"}`, org.ErrInvalidInput, org.ReasonMaxLengthExceeded, "at 'renamed'"},
		{`{"Long":1,"Renamed":"abcd"}`, "", "", ""},
	}
	for _, c := range cases {
		err := op.Decode([]byte(c.body), nil)
		if c.code == "" {
			if err != nil {
				t.Errorf("%s: %v", c.body, err)
			}
			continue
		}
		e, ok := org.AsError(err)
		if !ok || e.Code != c.code || e.Reason != c.reason || !strings.Contains(e.Message, c.msg) {
			t.Errorf("%s: got %v, want %s/%s containing %q", c.body, err, c.code, c.reason, c.msg)
		}
	}
	var into struct {
		Long    int64             `json:"Long"`
		Attrs   map[string]string `json:"Attrs"`
		Renamed string            `json:"wireName"`
	}
	if err := op.Decode([]byte(`{"Long":7,"Attrs":{"a":"x","a":"y"},"wireName":"w","Other":1}`), &into); err != nil {
		t.Fatal(err)
	}
	if into.Long != 7 || into.Attrs["a"] != "y" || into.Renamed != "w" {
		t.Fatalf("decoded %+v", into)
	}
}

func TestParseModelRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"not json":        `{`,
		"protocol":        `{"metadata":{"protocol":"query"}}`,
		"unknown type":    `{"metadata":{"protocol":"json"},"shapes":{"X":{"type":"document"}}}`,
		"dangling ref":    `{"metadata":{"protocol":"json"},"shapes":{"L":{"type":"list","member":{"shape":"Nope"}}}}`,
		"bad required":    `{"metadata":{"protocol":"json"},"shapes":{"S":{"type":"structure","members":{},"required":["A"]}}}`,
		"bad pattern":     `{"metadata":{"protocol":"json"},"shapes":{"S":{"type":"string","pattern":"(?=a)"}}}`,
		"unknown op ref":  `{"metadata":{"protocol":"json"},"operations":{"O":{"input":{"shape":"Nope"}}},"shapes":{}}`,
		"scalar as input": `{"metadata":{"protocol":"json"},"operations":{"O":{"input":{"shape":"S"}}},"shapes":{"S":{"type":"string"}}}`,
	} {
		if _, err := parseModel([]byte(doc), nil); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

// The embedded copy must be the model of the botocore installed here, so
// that Canopy validates what the AWS CLI on the same machine sends.
func TestEmbeddedModelMatchesBotocore(t *testing.T) {
	out, err := exec.Command("python3", "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))").Output()
	if err != nil {
		t.Skipf("python3 with botocore is not installed (%v); cannot compare the embedded model with it", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "data", "organizations", "2016-11-28")
	gz, err := os.ReadFile(filepath.Join(dir, "service-2.json.gz"))
	if err != nil {
		t.Skipf("botocore has no Organizations model at %s: %v", dir, err)
	}
	installed, err := gunzip(gz)
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := embeddedService()
	if err != nil {
		t.Fatal(err)
	}
	var a, b struct {
		Operations map[string]any `json:"operations"`
		Shapes     map[string]any `json:"shapes"`
	}
	if err := json.Unmarshal(embedded, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(installed, &b); err != nil {
		t.Fatal(err)
	}
	diff := func(kind string, x, y map[string]any) {
		for name := range x {
			if _, ok := y[name]; !ok {
				t.Errorf("%s %s is embedded but not in botocore", kind, name)
			} else if !reflect.DeepEqual(x[name], y[name]) {
				t.Errorf("%s %s differs from botocore's", kind, name)
			}
		}
		for name := range y {
			if _, ok := x[name]; !ok {
				t.Errorf("%s %s is in botocore but not embedded", kind, name)
			}
		}
	}
	diff("operation", a.Operations, b.Operations)
	diff("shape", a.Shapes, b.Shapes)
	if t.Failed() {
		t.Log("update awsjson/model/ from botocore (see model/README.md)")
	}
	if pag, err := os.ReadFile(filepath.Join(dir, "paginators-1.json")); err == nil {
		emb, _ := modelFiles.ReadFile(paginatorFile)
		var x, y any
		if json.Unmarshal(pag, &x) != nil || json.Unmarshal(emb, &y) != nil || !reflect.DeepEqual(x, y) {
			t.Error("paginators-1.json differs from botocore's")
		}
	}
}

func TestMissingOutputMembers(t *testing.T) {
	m := MustLoad()
	op, _ := m.Operation("ListRoots")
	missing, err := op.MissingOutputMembers([]byte(`{"Roots":[{"Id":"r-abcd","Arn":"a","Name":"Root","PolicyTypes":[]},{"PolicyTypes":[{"Type":"SERVICE_CONTROL_POLICY"}]}],"NextToken":null}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Roots[].PolicyTypes[].Status", "NextToken"}; !slices.Equal(missing, want) {
		t.Fatalf("missing %v, want %v", missing, want)
	}
	if _, err := op.MissingOutputMembers([]byte(`{`)); err == nil {
		t.Fatal("no error for bad JSON")
	}
	op, _ = m.Operation("AttachPolicy")
	if missing, err := op.MissingOutputMembers(nil); missing != nil || err != nil {
		t.Fatal(missing, err)
	}
}

func TestCheckTypeKinds(t *testing.T) {
	m, err := parseModel([]byte(syntheticModel), nil)
	if err != nil {
		t.Fatal(err)
	}
	op, _ := m.Operation("Op")
	type good struct {
		Long  int64             `json:"Long"`
		Ratio *float64          `json:"Ratio"`
		Flag  bool              `json:"Flag"`
		Data  []byte            `json:"Data"`
		Attrs map[string]string `json:"Attrs"`
		Ids   [2]string         `json:"Ids"`
		Wire  json.RawMessage   `json:"wireName"` // decodes itself
	}
	if err := op.CheckInputType(reflect.TypeFor[good]()); err != nil {
		t.Fatal(err)
	}
	for name, typ := range map[string]reflect.Type{
		"narrow long": reflect.TypeFor[struct {
			Long int32 `json:"Long"`
		}](),
		"unsigned long": reflect.TypeFor[struct {
			Long uint64 `json:"Long"`
		}](),
		"int ratio": reflect.TypeFor[struct {
			Ratio int `json:"Ratio"`
		}](),
		"string flag": reflect.TypeFor[struct {
			Flag string `json:"Flag"`
		}](),
		"string data": reflect.TypeFor[struct {
			Data string `json:"Data"`
		}](),
		"int-keyed map": reflect.TypeFor[struct {
			Attrs map[int]string `json:"Attrs"`
		}](),
		"map as list": reflect.TypeFor[struct {
			Ids map[string]string `json:"Ids"`
		}](),
		"model name not wire name": reflect.TypeFor[struct {
			Renamed string `json:"Renamed"`
		}](),
		"not a struct": reflect.TypeFor[[]string](),
	} {
		if err := op.CheckInputType(typ); err == nil {
			t.Errorf("%s: accepted %v", name, typ)
		}
	}
	// A narrow kind is fine when the model's bounds fit it.
	real := MustLoad()
	list, _ := real.Operation("ListAccounts")
	if err := list.CheckInputType(reflect.TypeFor[struct {
		MaxResults uint8 `json:"MaxResults"`
	}]()); err != nil {
		t.Fatal(err)
	}
	if op.Name() != "Op" {
		t.Fatal(op.Name())
	}
}
