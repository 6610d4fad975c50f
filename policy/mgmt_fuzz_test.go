package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
)

func mgTypeNames() []string {
	names := make([]string, 0, len(mgTypes))
	for k := range mgTypes {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// FuzzValidateManagement: any type × any document gives nil or an *Error,
// never a panic, and a document it accepts merges cleanly on its own.
func FuzzValidateManagement(f *testing.F) {
	names := mgTypeNames()
	index := map[string]uint8{}
	for i, n := range names {
		index[n] = uint8(i)
	}
	for typ, docs := range mgValidDocs {
		for _, d := range docs {
			f.Add(index[typ], d)
		}
	}
	for _, d := range []string{``, `{`, `[]`, `{"tags":{"k":{"tag_value":{"@@assign":["a","b*c*"]}}}}`, `{"tags":{"K":{},"k":{}}}`,
		`{"services":{"default":{"opt_out_policy":{"@@assign":"optOut","@@append":["x"]}}}}`,
		`{"plans":{"P":{"@@operators_allowed_for_child_policies":["@@none","@@all"]}}}`, "{\"tags\":{\"\xff\":{}}}"} {
		f.Add(uint8(0), d)
	}
	f.Fuzz(func(t *testing.T, ti uint8, doc string) {
		typ := names[int(ti)%len(names)]
		err := ValidateManagement(typ, doc)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Message == "" {
				t.Fatalf("error %v (%T) is not an *Error with a message", err, err)
			}
			return
		}
		r, err := Effective(typ, []Level{{TargetID: "r-x", TargetType: "ROOT", Policies: []Attached{{ID: "p-fuzz0001", Content: doc}}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range r.Errors {
			if e.ErrorCode == EffectiveInvalidPolicy {
				t.Fatalf("a document ValidateManagement accepts can't be merged: %+v", e)
			}
		}
		checkEffectiveOutput(t, r.Content)
	})
}

// checkEffectiveOutput: the content is one JSON object, and no key anywhere
// is an operator.
func checkEffectiveOutput(t *testing.T, content string) {
	t.Helper()
	var v any
	dec := json.NewDecoder(strings.NewReader(content))
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("effective policy is not JSON: %v\n%s", err, content)
	}
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, c := range x {
				if strings.HasPrefix(k, "@@") {
					t.Fatalf("operator %q in the effective policy %s", k, content)
				}
				walk(c)
			}
		case []any:
			for _, c := range x {
				if _, ok := c.(map[string]any); ok {
					t.Fatalf("object inside a list in %s", content)
				}
				walk(c)
			}
		}
	}
	walk(v)
	if _, ok := v.(map[string]any); !ok {
		t.Fatalf("effective policy is not an object: %s", content)
	}
}

// mgGen turns fuzz bytes into choices.
type mgGen struct{ b []byte }

func (g *mgGen) pick(n int) int {
	if len(g.b) == 0 || n <= 1 {
		return 0
	}
	c := int(g.b[0]) % n
	g.b = g.b[1:]
	return c
}

func (g *mgGen) of(xs ...string) string { return xs[g.pick(len(xs))] }

func (g *mgGen) control() string {
	return g.of(`["@@none"]`, `["@@all"]`, `["@@assign"]`, `["@@append"]`, `["@@remove"]`, `["@@append","@@remove"]`, `["@@assign","@@append"]`)
}

func (g *mgGen) values() string {
	var vs []string
	for range g.pick(4) {
		vs = append(vs, `"`+g.of("a", "b", "c", "A", "x*")+`"`)
	}
	return "[" + strings.Join(vs, ",") + "]"
}

// setting writes a setting object; list settings take every operator.
func (g *mgGen) setting(list bool, scalar func() string) string {
	var parts []string
	if g.pick(4) == 0 {
		parts = append(parts, `"@@operators_allowed_for_child_policies":`+g.control())
	}
	if list {
		for _, op := range []string{kwAssign, kwAppend, kwRemove} {
			if g.pick(2) == 0 {
				parts = append(parts, fmt.Sprintf("%q:%s", op, g.values()))
			}
		}
	} else if g.pick(3) != 0 {
		parts = append(parts, `"@@assign":`+scalar())
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// container writes up to n keys chosen from names, each made by child.
func (g *mgGen) container(names []string, child func(name string) string) string {
	var parts []string
	if g.pick(5) == 0 {
		parts = append(parts, `"@@operators_allowed_for_child_policies":`+g.control())
	}
	used := map[string]bool{}
	for range g.pick(len(names) + 1) {
		k := names[g.pick(len(names))]
		if used[strings.ToLower(k)] {
			continue
		}
		used[strings.ToLower(k)] = true
		parts = append(parts, fmt.Sprintf("%q:%s", k, child(k)))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func (g *mgGen) doc(typ string) string {
	switch typ {
	case Tag:
		return `{"tags":` + g.container([]string{"a", "B", "cost"}, func(k string) string {
			return g.container([]string{"tag_key", "tag_value", "enforced_for"}, func(f string) string {
				switch f {
				case "tag_key":
					return g.setting(false, func() string { return `"` + g.of(k, strings.ToUpper(k)) + `"` })
				case "enforced_for":
					return `{"@@assign":["ec2:instance"]}`
				}
				return g.setting(true, nil)
			})
		}) + `}`
	case AIServicesOptOut:
		return `{"services":` + g.container([]string{"default", "lex", "polly"}, func(string) string {
			return g.container([]string{"opt_out_policy"}, func(string) string {
				return g.setting(false, func() string { return `"` + g.of("optIn", "optOut") + `"` })
			})
		}) + `}`
	case Backup:
		return `{"plans":` + g.container([]string{"P", "p", "Q"}, func(string) string {
			return g.container([]string{"regions", "rules", "extra"}, func(f string) string {
				switch f {
				case "regions":
					return g.of(`{"@@append":["us-east-1"]}`, `{"@@remove":["us-east-1","eu-west-1"]}`, `{"@@assign":["eu-west-1"]}`)
				case "rules":
					return g.container([]string{"R", "r", "S"}, func(string) string {
						return g.container([]string{"target_backup_vault_name", "start_backup_window_minutes"}, func(string) string {
							return g.setting(false, func() string { return g.of(`"60"`, `60`, `"v"`) })
						})
					})
				}
				// An undocumented key: the document's operators decide its shape.
				return g.of(g.setting(true, nil), g.setting(false, func() string { return g.of(`"s"`, `true`, `1`) }), `{"deep":{"@@assign":"d"}}`)
			})
		}) + `}`
	default:
		return `{"s3_attributes":` + g.container([]string{"public_access_block_configuration"}, func(string) string {
			return g.setting(false, func() string { return `"` + g.of("all", "none") + `"` })
		}) + `}`
	}
}

// FuzzEffective: random chains of small random documents never panic, never
// put an operator in the output, and blame only policies of the chain.
func FuzzEffective(f *testing.F) {
	f.Add(uint8(0), []byte{3, 1, 2, 0, 1, 1, 2, 3, 0, 0, 1})
	f.Add(uint8(1), []byte{2, 2, 1, 0, 0, 3, 1, 1, 0, 2, 2, 1, 0, 4})
	f.Add(uint8(2), []byte("backup plans rules regions and friends"))
	f.Add(uint8(3), []byte{1, 0, 0, 0, 1, 1})
	f.Add(uint8(0), []byte("garbage\x00\xff{{{"))
	typs := []string{Tag, AIServicesOptOut, Backup, S3}
	f.Fuzz(func(t *testing.T, ti uint8, data []byte) {
		typ := typs[int(ti)%len(typs)]
		g := &mgGen{b: data}
		var path []Level
		ids := map[string]bool{}
		policies := 0
		for i := range 1 + g.pick(5) {
			l := Level{TargetID: fmt.Sprintf("n%d", i), TargetType: "ORGANIZATIONAL_UNIT"}
			for j := range g.pick(4) {
				doc := g.doc(typ)
				if g.pick(16) == 0 {
					doc = doc[:g.pick(len(doc))] // sometimes a broken document
				}
				id := fmt.Sprintf("p-L%dP%d0000", i, j)
				ids[id] = true
				policies++
				l.Policies = append(l.Policies, Attached{ID: id, Content: doc})
			}
			path = append(path, l)
		}
		r, err := Effective(typ, path)
		if err != nil {
			t.Fatal(err)
		}
		if (r.Content == "") != (policies == 0) {
			t.Fatalf("%d policies gave content %q", policies, r.Content)
		}
		if r.Content != "" {
			checkEffectiveOutput(t, r.Content)
		}
		for _, e := range r.Errors {
			if e.ErrorCode == "" || e.ErrorMessage == "" || e.PathToError == "" || len(e.ContributingPolicies) == 0 {
				t.Fatalf("incomplete validation error %+v", e)
			}
			for _, id := range e.ContributingPolicies {
				if !ids[id] {
					t.Fatalf("error blames %q, which is not on the path", id)
				}
			}
		}
		again, _ := Effective(typ, path)
		if again.Content != r.Content || len(again.Errors) != len(r.Errors) {
			t.Fatalf("not deterministic: %s then %s", r.Content, again.Content)
		}
	})
}
