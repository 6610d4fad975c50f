package awsjson

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"net/http"
	"strings"
	"testing"

	"canopy/org"
)

// orgConstants parses ../org/errors.go and returns the values of its string
// constants, by name. Reading the source rather than listing constants here
// means a constant added to org without a row in the table fails this test.
func orgConstants(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "../org/errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				v := constant.MakeFromLiteral(lit.Value, lit.Kind, 0)
				out[name.Name] = constant.StringVal(v)
			}
		}
	}
	return out
}

func TestEveryOrgCodeHasAStatus(t *testing.T) {
	n := 0
	for name, value := range orgConstants(t) {
		if !strings.HasPrefix(name, "Err") {
			continue
		}
		n++
		if _, ok := HTTPStatus(org.Code(value)); !ok {
			t.Errorf("org.%s (%s) has no row in the status table", name, value)
		}
	}
	if n < 50 {
		t.Fatalf("found only %d Err constants in org/errors.go", n)
	}
}

func TestEveryModelExceptionHasAStatus(t *testing.T) {
	m := MustLoad()
	names := m.ExceptionNames()
	if len(names) < 40 {
		t.Fatalf("only %d exceptions", len(names))
	}
	for _, name := range names {
		s := m.shapes[name]
		info, ok := codes[org.Code(name)]
		if !ok {
			t.Errorf("exception %s has no row in the status table", name)
			continue
		}
		wantStatus := http.StatusBadRequest
		if s.fault {
			wantStatus = http.StatusInternalServerError
		}
		if info.status != wantStatus {
			t.Errorf("%s: status %d, want %d", name, info.status, wantStatus)
		}
		_, hasReason := s.byWire["Reason"]
		if info.reason != hasReason {
			t.Errorf("%s: table says reason=%v, model says %v", name, info.reason, hasReason)
		}
	}
	// And nothing in the table is unknown to both the model and org.
	consts := map[string]bool{}
	for _, v := range orgConstants(t) {
		consts[v] = true
	}
	for code := range codes {
		if _, inModel := m.shapes[string(code)]; !inModel && !consts[string(code)] {
			t.Errorf("table row %s is neither a model exception nor an org constant", code)
		}
	}
	if s, _ := HTTPStatus(org.ErrTooManyRequests); s != 400 {
		t.Errorf("TooManyRequestsException: %d", s)
	}
	if s, _ := HTTPStatus(org.ErrService); s != 500 {
		t.Errorf("ServiceException: %d", s)
	}
	if len(Codes()) != len(codes) {
		t.Error("Codes() incomplete")
	}
}

// Every reason org defines is one the model's exceptions can carry, and
// every reason the validator uses has a sentence.
func TestReasonsExistInModel(t *testing.T) {
	m := MustLoad()
	enums := map[string]bool{}
	for name, s := range m.shapes {
		if strings.HasSuffix(name, "ExceptionReason") {
			for _, v := range s.enum {
				enums[v] = true
			}
		}
	}
	for name, value := range orgConstants(t) {
		if strings.HasPrefix(name, "Reason") && !enums[value] {
			t.Errorf("org.%s = %s is not a reason of any exception in the model", name, value)
		}
	}
	for reason, text := range reasonText {
		if !enums[reason] || !strings.HasSuffix(text, ".") {
			t.Errorf("reason %s: in model %v, text %q", reason, enums[reason], text)
		}
	}
	for _, r := range []string{org.ReasonInputRequired, org.ReasonMinLengthExceeded, org.ReasonMaxLengthExceeded,
		org.ReasonMinValueExceeded, org.ReasonMaxValueExceeded, org.ReasonInvalidEnum, org.ReasonInvalidEnumPolicy,
		org.ReasonInvalidPattern, org.ReasonInvalidPatternTarget, org.ReasonInvalidListMember} {
		if reasonText[r] == "" {
			t.Errorf("validator reason %s has no sentence", r)
		}
	}
}
