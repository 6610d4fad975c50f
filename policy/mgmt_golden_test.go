package policy

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Golden tests: each directory under testdata/effective holds one worked
// example of the spec (section 4.4) or of the AWS pages it cites:
//
//	input.json   {"description", "policyType", "levels": [{"targetId", "targetType", "policies": [{"id", "content"}]}]}
//	want.json    the effective policy (indented here; compared compact and
//	             key order included, since the output order is part of the
//	             contract)
//	errors.json  the expected validation errors, when there are any
//
// go test ./policy -run Golden -update rewrites want.json and errors.json
// from the current output. Check a rewritten file against the spec before
// committing it.

// updateGolden shares a flag named "update" with any other test file of the
// package that registers one first, rather than panicking on a duplicate.
var updateGolden = func() func() bool {
	if f := flag.Lookup("update"); f != nil {
		return func() bool { return f.Value.String() == "true" }
	}
	b := flag.Bool("update", false, "rewrite golden files from the current output")
	return func() bool { return *b }
}()

type goldenInput struct {
	Description string `json:"description"`
	PolicyType  string `json:"policyType"`
	Levels      []struct {
		TargetID   string `json:"targetId"`
		TargetType string `json:"targetType"`
		Policies   []struct {
			ID      string          `json:"id"`
			Content json.RawMessage `json:"content"`
		} `json:"policies"`
	} `json:"levels"`
}

func (g goldenInput) path() []Level {
	var out []Level
	for _, lv := range g.Levels {
		l := Level{TargetID: lv.TargetID, TargetType: lv.TargetType}
		for _, p := range lv.Policies {
			content := string(p.Content)
			// A policy given as a JSON string is passed verbatim, so an
			// example can hold a document that is not valid JSON.
			var s string
			if json.Unmarshal(p.Content, &s) == nil {
				content = s
			}
			l.Policies = append(l.Policies, Attached{ID: p.ID, Content: content})
		}
		out = append(out, l)
	}
	return out
}

func TestGoldenEffective(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "effective", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden examples found: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, "input.json"))
			if err != nil {
				t.Fatal(err)
			}
			var in goldenInput
			if err := json.Unmarshal(raw, &in); err != nil {
				t.Fatalf("input.json: %v", err)
			}
			got, err := Effective(in.PolicyType, in.path())
			if err != nil {
				t.Fatalf("Effective: %v", err)
			}
			wantPath, errsPath := filepath.Join(dir, "want.json"), filepath.Join(dir, "errors.json")
			if updateGolden() {
				writeGolden(t, wantPath, errsPath, got)
				return
			}
			want, err := os.ReadFile(wantPath)
			if err != nil {
				t.Fatal(err)
			}
			var compact bytes.Buffer
			if err := json.Compact(&compact, want); err != nil {
				t.Fatalf("want.json: %v", err)
			}
			if got.Content != compact.String() {
				t.Errorf("effective policy\n got %s\nwant %s", got.Content, compact.String())
			}
			var wantErrs []EffectiveValidationError
			if b, err := os.ReadFile(errsPath); err == nil {
				if err := json.Unmarshal(b, &wantErrs); err != nil {
					t.Fatalf("errors.json: %v", err)
				}
			}
			if len(got.Errors) != 0 || len(wantErrs) != 0 {
				if !reflect.DeepEqual(got.Errors, wantErrs) {
					g, _ := json.MarshalIndent(got.Errors, "", "  ")
					w, _ := json.MarshalIndent(wantErrs, "", "  ")
					t.Errorf("validation errors\n got %s\nwant %s", g, w)
				}
			}
		})
	}
}

func writeGolden(t *testing.T, wantPath, errsPath string, got EffectiveResult) {
	t.Helper()
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, []byte(got.Content), "", "  "); err != nil {
		t.Fatalf("effective policy is not JSON: %v\n%s", err, got.Content)
	}
	pretty.WriteByte('\n')
	if err := os.WriteFile(wantPath, pretty.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if len(got.Errors) == 0 {
		if err := os.Remove(errsPath); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		return
	}
	b, err := json.MarshalIndent(got.Errors, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(errsPath, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
