package policy

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// chain builds a path root → OU → account; each argument is one level's
// policies in attachment order, with IDs p-L<level>P<index>.
func chain(levels ...[]string) []Level {
	types := []string{"ROOT", "ORGANIZATIONAL_UNIT", "ORGANIZATIONAL_UNIT", "ORGANIZATIONAL_UNIT"}
	var out []Level
	for i, docs := range levels {
		l := Level{TargetID: fmt.Sprintf("node%d", i), TargetType: "ACCOUNT"}
		if i < len(levels)-1 {
			l.TargetType = types[min(i, len(types)-1)]
		}
		for j, d := range docs {
			l.Policies = append(l.Policies, Attached{ID: fmt.Sprintf("p-L%dP%d", i, j), Content: d})
		}
		out = append(out, l)
	}
	return out
}

func lvl(docs ...string) []string { return docs }

// tv is a tag policy with one setting of the "k" tag.
func tv(setting, ops string) string {
	return fmt.Sprintf(`{"tags":{"k":{%q:{%s}}}}`, setting, ops)
}

func mustEffective(t *testing.T, typ string, path []Level) EffectiveResult {
	t.Helper()
	r, err := Effective(typ, path)
	if err != nil {
		t.Fatalf("Effective: %v", err)
	}
	return r
}

func TestEffectiveOperators(t *testing.T) {
	key := `{"tags":{"k":{"tag_key":{"@@assign":"k"}}}}`
	cases := []struct {
		name   string
		levels [][]string
		want   string // the "k" tag's body
	}{
		{"assign sets a value nobody set",
			[][]string{lvl(tv("tag_value", `"@@assign":["a","b"]`))}, `"tag_value":["a","b"]`},
		{"assign replaces an inherited list",
			[][]string{lvl(tv("tag_value", `"@@assign":["a","b"]`)), lvl(tv("tag_value", `"@@assign":["c"]`))}, `"tag_value":["c"]`},
		{"assign replaces an inherited single value",
			[][]string{lvl(key), lvl(`{"tags":{"k":{"tag_key":{"@@assign":"K"}}}}`)}, `"tag_key":"K"`},
		{"append adds at the end in order",
			[][]string{lvl(tv("tag_value", `"@@assign":["a","b"]`)), lvl(tv("tag_value", `"@@append":["c","d"]`))}, `"tag_value":["a","b","c","d"]`},
		{"append keeps the first of duplicates",
			[][]string{lvl(tv("tag_value", `"@@assign":["a","b"]`)), lvl(tv("tag_value", `"@@append":["b","c","c"]`))}, `"tag_value":["a","b","c"]`},
		{"assign drops duplicates too",
			[][]string{lvl(tv("tag_value", `"@@assign":["a","a","b"]`))}, `"tag_value":["a","b"]`},
		{"append creates a setting that was not inherited",
			[][]string{lvl(key), lvl(tv("tag_value", `"@@append":["x"]`))}, `"tag_key":"k","tag_value":["x"]`},
		{"remove deletes only the listed values",
			[][]string{lvl(tv("tag_value", `"@@assign":["a","b","c"]`)), lvl(tv("tag_value", `"@@remove":["a","c","z"]`))}, `"tag_value":["b"]`},
		{"remove on a setting nobody set does nothing",
			[][]string{lvl(key), lvl(tv("tag_value", `"@@remove":["a"]`))}, `"tag_key":"k"`},
		{"a list emptied by remove is dropped",
			[][]string{lvl(key, tv("tag_value", `"@@assign":["a"]`)), lvl(tv("tag_value", `"@@remove":["a"]`))}, `"tag_key":"k"`},
		{"an explicit empty assign is kept",
			[][]string{lvl(tv("tag_value", `"@@assign":["a"]`)), lvl(tv("tag_value", `"@@assign":[]`))}, `"tag_value":[]`},
		{"a value removed above can be appended again below",
			[][]string{lvl(tv("tag_value", `"@@assign":["a"]`)), lvl(tv("tag_value", `"@@remove":["a"]`)), lvl(tv("tag_value", `"@@append":["b"]`))}, `"tag_value":["b"]`},
		{"values compare case-sensitively",
			[][]string{lvl(tv("tag_value", `"@@assign":["A"]`)), lvl(tv("tag_value", `"@@append":["a"],"@@remove":["A"]`))}, `"tag_value":["a"]`},
		{"same level: the first-attached assign wins",
			[][]string{lvl(tv("tag_value", `"@@assign":["first"]`), tv("tag_value", `"@@assign":["second"]`))}, `"tag_value":["first"]`},
		{"same level: appends join in attachment order after the assign",
			[][]string{lvl(tv("tag_value", `"@@append":["x"]`), tv("tag_value", `"@@assign":["y"]`), tv("tag_value", `"@@append":["z"]`))}, `"tag_value":["y","x","z"]`},
		{"same level: removes apply after appends",
			[][]string{lvl(tv("tag_value", `"@@remove":["x"]`), tv("tag_value", `"@@append":["x","y"]`))}, `"tag_value":["y"]`},
		{"one setting may use several operators",
			[][]string{lvl(tv("tag_value", `"@@assign":["a","b"],"@@append":["c"],"@@remove":["a"]`))}, `"tag_value":["b","c"]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := mustEffective(t, Tag, chain(c.levels...))
			if want := `{"tags":{"k":{` + c.want + `}}}`; r.Content != want {
				t.Errorf("got %s, want %s", r.Content, want)
			}
		})
	}
}

func TestEffectiveChildControls(t *testing.T) {
	ctl := func(setting, allowed, ops string) string {
		if ops != "" {
			ops = "," + ops
		}
		return tv(setting, fmt.Sprintf(`"@@operators_allowed_for_child_policies":%s%s`, allowed, ops))
	}
	cases := []struct {
		name   string
		levels [][]string
		want   string // the "k" tag's body
	}{
		{"@@none locks a setting against every operator",
			[][]string{lvl(ctl("tag_value", `["@@none"]`, `"@@assign":["a"]`)),
				lvl(tv("tag_value", `"@@assign":["b"],"@@append":["c"],"@@remove":["a"]`))},
			`"tag_value":["a"]`},
		{"@@append alone allows appending only",
			[][]string{lvl(ctl("tag_value", `["@@append"]`, `"@@assign":["a"]`)),
				lvl(tv("tag_value", `"@@assign":["b"],"@@append":["c"],"@@remove":["a"]`))},
			`"tag_value":["a","c"]`},
		{"@@remove alone allows removing only",
			[][]string{lvl(ctl("tag_value", `["@@remove"]`, `"@@assign":["a","b"]`)),
				lvl(tv("tag_value", `"@@assign":["z"],"@@append":["c"],"@@remove":["a"]`))},
			`"tag_value":["b"]`},
		{"@@assign alone allows replacing only",
			[][]string{lvl(ctl("tag_value", `["@@assign"]`, `"@@assign":["a","b"]`)),
				lvl(tv("tag_value", `"@@assign":["z"],"@@append":["c"],"@@remove":["z"]`))},
			`"tag_value":["z"]`},
		{"@@all allows everything",
			[][]string{lvl(ctl("tag_value", `["@@all"]`, `"@@assign":["a","b"]`)),
				lvl(tv("tag_value", `"@@append":["c"],"@@remove":["a"]`))},
			`"tag_value":["b","c"]`},
		{"restrictions accumulate down the levels",
			[][]string{lvl(ctl("tag_value", `["@@append","@@remove"]`, `"@@assign":["a","b"]`)),
				lvl(ctl("tag_value", `["@@remove"]`, ``)),
				lvl(tv("tag_value", `"@@append":["c"],"@@remove":["a"]`))},
			`"tag_value":["b"]`},
		{"a child can't widen what its parent allowed",
			[][]string{lvl(ctl("tag_value", `["@@append"]`, `"@@assign":["a"]`)),
				lvl(ctl("tag_value", `["@@all"]`, `"@@assign":["x"]`)),
				lvl(tv("tag_value", `"@@assign":["y"],"@@append":["z"]`))},
			`"tag_value":["a","z"]`},
		{"a control does not bind its own level",
			[][]string{lvl(ctl("tag_value", `["@@none"]`, ``), tv("tag_value", `"@@assign":["a"]`)),
				lvl(tv("tag_value", `"@@append":["b"]`))},
			`"tag_value":["a"]`},
		{"a control declared without a value still binds later levels",
			[][]string{lvl(ctl("tag_value", `["@@append"]`, ``)),
				lvl(tv("tag_value", `"@@assign":["a"]`)),
				lvl(tv("tag_value", `"@@append":["b"]`))},
			`"tag_value":["b"]`},
		{"same-level controls intersect (Example 5)",
			[][]string{lvl(ctl("tag_value", `["@@append"]`, `"@@assign":["a"]`), ctl("tag_value", `["@@append","@@remove"]`, ``)),
				lvl(tv("tag_value", `"@@remove":["a"],"@@append":["b"]`))},
			`"tag_value":["a","b"]`},
		{"a lock on one setting does not stop its siblings",
			[][]string{lvl(ctl("tag_key", `["@@none"]`, `"@@assign":"k"`)),
				lvl(tv("tag_value", `"@@assign":["v"]`), tv("enforced_for", `"@@assign":["ec2:instance"]`))},
			`"tag_key":"k","tag_value":["v"],"enforced_for":["ec2:instance"]`},
		{"a disallowed assign does not let a later-attached assign through",
			[][]string{lvl(ctl("tag_value", `["@@append"]`, `"@@assign":["a"]`)),
				lvl(tv("tag_value", `"@@assign":["x"]`), tv("tag_value", `"@@append":["b"]`))},
			`"tag_value":["a","b"]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := mustEffective(t, Tag, chain(c.levels...))
			want := `{"tags":{"k":{` + c.want + `}}}`
			if r.Content != want {
				t.Errorf("got %s, want %s", r.Content, want)
			}
			if len(r.Errors) != 0 {
				t.Errorf("disallowed operators recorded errors %v, want none (AMBIGUOUS-9)", r.Errors)
			}
		})
	}
}

func TestEffectiveContainerControls(t *testing.T) {
	cases := []struct {
		name   string
		levels [][]string
		want   string
	}{
		{"@@none on the top-level container stops new keys and changes beneath",
			[][]string{lvl(`{"tags":{"@@operators_allowed_for_child_policies":["@@none"],"a":{"tag_value":{"@@assign":["1"]}}}}`),
				lvl(`{"tags":{"a":{"tag_value":{"@@append":["2"]}},"b":{"tag_value":{"@@assign":["3"]}}}}`)},
			`{"tags":{"a":{"tag_value":["1"]}}}`},
		{"@@none on a tag's container locks all its settings",
			[][]string{lvl(`{"tags":{"a":{"@@operators_allowed_for_child_policies":["@@none"],"tag_value":{"@@assign":["1"]}}}}`),
				lvl(`{"tags":{"a":{"tag_value":{"@@append":["2"]},"tag_key":{"@@assign":"A"}},"b":{"tag_value":{"@@assign":["3"]}}}}`)},
			`{"tags":{"a":{"tag_value":["1"]},"b":{"tag_value":["3"]}}}`},
		{"any other container control lets children add keys",
			[][]string{lvl(`{"tags":{"@@operators_allowed_for_child_policies":["@@append"],"a":{"tag_value":{"@@assign":["1"]}}}}`),
				lvl(`{"tags":{"a":{"tag_value":{"@@assign":["2"]}},"b":{"tag_value":{"@@assign":["3"]}}}}`)},
			`{"tags":{"a":{"tag_value":["2"]},"b":{"tag_value":["3"]}}}`},
		{"a container lock is inherited by deeper levels",
			[][]string{lvl(`{"tags":{"@@operators_allowed_for_child_policies":["@@none"]}}`),
				lvl(`{"tags":{"@@operators_allowed_for_child_policies":["@@all"]}}`),
				lvl(`{"tags":{"b":{"tag_value":{"@@assign":["3"]}}}}`)},
			`{"tags":{}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if r := mustEffective(t, Tag, chain(c.levels...)); r.Content != c.want {
				t.Errorf("got %s, want %s", r.Content, c.want)
			}
		})
	}
}

func TestEffectiveKeyCase(t *testing.T) {
	r := mustEffective(t, Tag, chain(
		lvl(`{"tags":{"CostCenter":{"tag_key":{"@@assign":"CostCenter"},"tag_value":{"@@assign":["a"]}}}}`),
		lvl(`{"tags":{"costcenter":{"tag_value":{"@@append":["b"]}}}}`),
		lvl(`{"tags":{"COSTCENTER":{"tag_value":{"@@remove":["a"]}}}}`)))
	if want := `{"tags":{"costcenter":{"tag_key":"CostCenter","tag_value":["b"]}}}`; r.Content != want {
		t.Errorf("tag policy keys: got %s, want %s", r.Content, want)
	}

	plan := func(name, rule, vault string) string {
		return fmt.Sprintf(`{"plans":{%q:{"rules":{%q:{"target_backup_vault_name":{"@@assign":%q}}}}}}`, name, rule, vault)
	}
	r = mustEffective(t, Backup, chain(lvl(plan("MyPlan", "Daily", "A")), lvl(plan("myplan", "DAILY", "B"))))
	if want := `{"plans":{"MyPlan":{"rules":{"daily":{"target_backup_vault_name":"B"}}}}}`; r.Content != want {
		t.Errorf("backup names: got %s, want %s", r.Content, want)
	}

	r = mustEffective(t, AIServicesOptOut, chain(lvl(`{"services":{"lex":{"opt_out_policy":{"@@assign":"optOut"}}}}`)))
	if want := `{"services":{"lex":{"opt_out_policy":"optOut"}}}`; r.Content != want {
		t.Errorf("AI services: got %s, want %s", r.Content, want)
	}
}

func TestEffectiveEdges(t *testing.T) {
	t.Run("no policy on the path", func(t *testing.T) {
		r := mustEffective(t, Tag, chain(lvl(), lvl(), lvl()))
		if r.Content != "" || r.Errors != nil {
			t.Errorf("got %+v, want an empty result", r)
		}
		r = mustEffective(t, Tag, nil)
		if r.Content != "" {
			t.Errorf("nil path: got %q, want empty", r.Content)
		}
	})
	t.Run("policies that set nothing", func(t *testing.T) {
		r := mustEffective(t, Tag, chain(lvl(`{"tags":{}}`), lvl(`{"tags":{"k":{"tag_value":{"@@operators_allowed_for_child_policies":["@@none"]}}}}`)))
		if want := `{"tags":{}}`; r.Content != want {
			t.Errorf("got %s, want %s", r.Content, want)
		}
	})
	t.Run("a policy that no longer validates is left out and reported", func(t *testing.T) {
		r := mustEffective(t, Tag, chain(lvl(`{"tags":{"k":{"tag_value":{"@@assign":["a"]}}}}`), lvl(`{"tags":`, `{"tags":{"k":{"tag_value":{"@@append":["b"]}}}}`)))
		if want := `{"tags":{"k":{"tag_value":["a","b"]}}}`; r.Content != want {
			t.Errorf("got %s, want %s", r.Content, want)
		}
		if len(r.Errors) != 1 || r.Errors[0].ErrorCode != EffectiveInvalidPolicy || !reflect.DeepEqual(r.Errors[0].ContributingPolicies, []string{"p-L1P0"}) {
			t.Errorf("errors = %+v, want one %s from p-L1P0", r.Errors, EffectiveInvalidPolicy)
		}
		if !r.Invalid() {
			t.Error("Invalid() = false, want true")
		}
	})
	t.Run("authorization and unknown types have no effective policy", func(t *testing.T) {
		for _, typ := range []string{ServiceControl, ResourceControl, "TAG", ""} {
			if _, err := Effective(typ, chain(lvl(`{}`))); err == nil {
				t.Errorf("%q: got no error", typ)
			}
		}
	})
	t.Run("html characters stay literal", func(t *testing.T) {
		r := mustEffective(t, Tag, chain(lvl(`{"tags":{"k":{"tag_value":{"@@assign":["<a&b>"]}}}}`)))
		if want := `{"tags":{"k":{"tag_value":["<a&b>"]}}}`; r.Content != want {
			t.Errorf("got %s, want %s", r.Content, want)
		}
	})
	t.Run("values keep their JSON type", func(t *testing.T) {
		r := mustEffective(t, Backup, chain(lvl(`{"plans":{"P":{"rules":{"R":{"start_backup_window_minutes":{"@@assign":60},"enable_continuous_backup":{"@@assign":true}}}}}}`)))
		if !strings.Contains(r.Content, `"start_backup_window_minutes":60,"enable_continuous_backup":true`) {
			t.Errorf("got %s", r.Content)
		}
	})
	t.Run("an undocumented setting may switch between a value and a list", func(t *testing.T) {
		r := mustEffective(t, DeclarativeEC2, chain(
			lvl(`{"ec2_attributes":{"future_attribute":{"mode":{"@@assign":"x"}}}}`),
			lvl(`{"ec2_attributes":{"future_attribute":{"mode":{"@@append":["y"]}}}}`)))
		if want := `{"ec2_attributes":{"future_attribute":{"mode":["x","y"]}}}`; r.Content != want {
			t.Errorf("got %s, want %s", r.Content, want)
		}
	})
	t.Run("deterministic", func(t *testing.T) {
		p := chain(lvl(`{"tags":{"b":{"tag_value":{"@@assign":["1"]}},"a":{"tag_value":{"@@assign":["2"]}},"c":{"tag_key":{"@@assign":"C"}}}}`),
			lvl(`{"tags":{"d":{"tag_value":{"@@assign":["3"]}},"a":{"tag_key":{"@@assign":"A"}}}}`))
		first := mustEffective(t, Tag, p).Content
		if want := `{"tags":{"b":{"tag_value":["1"]},"a":{"tag_value":["2"],"tag_key":"A"},"c":{"tag_key":"C"},"d":{"tag_value":["3"]}}}`; first != want {
			t.Errorf("got %s, want %s", first, want)
		}
		for range 20 {
			if again := mustEffective(t, Tag, p).Content; again != first {
				t.Fatalf("output changed between runs: %s then %s", first, again)
			}
		}
	})
}

func TestEffectiveValidationErrors(t *testing.T) {
	rules := func(from, to int) string {
		var parts []string
		for i := from; i < to; i++ {
			parts = append(parts, fmt.Sprintf(`"r%d":{"target_backup_vault_name":{"@@assign":"v"}}`, i))
		}
		return `{"plans":{"P":{"regions":{"@@assign":["us-east-1"]},"selections":{"tags":{"s":{"iam_role_arn":{"@@assign":"arn:aws:iam::$account:role/R"},"tag_key":{"@@assign":"k"},"tag_value":{"@@assign":["v"]}}}},"rules":{` + strings.Join(parts, ",") + `}}}}`
	}
	slack := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = fmt.Sprintf(`"W%06d"`, i)
		}
		return `{"chatbot":{"platforms":{"slack":{"workspaces":{"@@append":[` + strings.Join(ws, ",") + `]}}}}}`
	}
	cases := []struct {
		name   string
		typ    string
		levels [][]string
		want   []EffectiveValidationError
	}{
		{"a complete backup plan is valid", Backup, [][]string{lvl(rules(0, 10))}, nil},
		{"more than 10 rules in a plan", Backup, [][]string{lvl(rules(0, 6)), lvl(rules(6, 11))},
			[]EffectiveValidationError{{EffectiveElementsTooMany, "'rules' exceeds the allowed maximum limit 10", "plans/P/rules", []string{"p-L0P0", "p-L1P0"}}}},
		{"a plan without rules", Backup, [][]string{lvl(`{"plans":{"P":{"regions":{"@@assign":["us-east-1"]},"selections":{"tags":{"s":{"iam_role_arn":{"@@assign":"r"},"tag_key":{"@@assign":"k"},"tag_value":{"@@assign":["v"]}}}}}}}`)},
			[]EffectiveValidationError{{EffectiveKeyRequired, "'rules' is missing", "plans/P", []string{"p-L0P0"}}}},
		{"an empty region list", Backup, [][]string{lvl(strings.Replace(rules(0, 1), `["us-east-1"]`, `[]`, 1))},
			[]EffectiveValidationError{{EffectiveElementsTooFew, "'regions' is less than the allowed minimum limit 1", "plans/P/regions", []string{"p-L0P0"}}}},
		{"a selection without its role", Backup, [][]string{lvl(strings.Replace(rules(0, 1), `"iam_role_arn":{"@@assign":"arn:aws:iam::$account:role/R"},`, ``, 1))},
			[]EffectiveValidationError{{EffectiveKeyRequired, "'iam_role_arn' is missing", "plans/P/selections/tags/s", []string{"p-L0P0"}}}},
		{"Security Hub needs both region lists", SecurityHub, [][]string{lvl(`{"securityhub":{"enable_in_regions":{"@@assign":["us-east-1"]}}}`)},
			[]EffectiveValidationError{{EffectiveKeyRequired, "'disable_in_regions' is missing", "securityhub", []string{"p-L0P0"}}}},
		{"a document nobody filled blames every policy merged", SecurityHub, [][]string{lvl(`{"securityhub":{}}`), lvl(`{"securityhub":{}}`)},
			[]EffectiveValidationError{{EffectiveKeyRequired, "'enable_in_regions' is missing", "securityhub", []string{"p-L0P0", "p-L1P0"}},
				{EffectiveKeyRequired, "'disable_in_regions' is missing", "securityhub", []string{"p-L0P0", "p-L1P0"}}}},
		{"an appended empty list counts as present", SecurityHub, [][]string{lvl(`{"securityhub":{"enable_in_regions":{"@@append":["ALL_SUPPORTED"]},"disable_in_regions":{"@@append":[]}}}`)}, nil},
		{"Security Hub lists can come from different levels", SecurityHub,
			[][]string{lvl(`{"securityhub":{"enable_in_regions":{"@@assign":["us-east-1"]}}}`), lvl(`{"securityhub":{"disable_in_regions":{"@@assign":[]}}}`)}, nil},
		{"a Bedrock configuration without its guardrail", Bedrock, [][]string{lvl(`{"bedrock":{"guardrail_inference":{"us-east-1":{"c1":{"input_tags":{"@@assign":"honor"}}}}}}`)},
			[]EffectiveValidationError{{EffectiveKeyRequired, "'identifier' is missing", "bedrock/guardrail_inference/us-east-1/c1", []string{"p-L0P0"}}}},
		{"255 Slack workspaces are fine", Chatbot, [][]string{lvl(slack(255))}, nil},
		{"256 Slack workspaces are too many", Chatbot, [][]string{lvl(slack(200)), lvl(slack(256))},
			[]EffectiveValidationError{{EffectiveElementsTooMany, "'workspaces' exceeds the allowed maximum limit 255", "chatbot/platforms/slack/workspaces", []string{"p-L0P0", "p-L1P0"}}}},
		{"tag policies have no effective-policy checks", Tag, [][]string{lvl(`{"tags":{"k":{"tag_value":{"@@assign":[]}}}}`)}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := mustEffective(t, c.typ, chain(c.levels...))
			if !reflect.DeepEqual(r.Errors, c.want) {
				t.Errorf("errors\n got %+v\nwant %+v\ncontent %s", r.Errors, c.want, r.Content)
			}
			if r.Invalid() != (len(c.want) > 0) {
				t.Errorf("Invalid() = %v, want %v", r.Invalid(), len(c.want) > 0)
			}
		})
	}
}

func TestIsManagement(t *testing.T) {
	n := 0
	for _, typ := range Types {
		if IsManagement(typ) == IsAuthorization(typ) {
			t.Errorf("%s: IsManagement = IsAuthorization = %v", typ, IsManagement(typ))
		}
		if IsManagement(typ) {
			n++
		}
	}
	if n != 11 || len(mgTypes) != 11 {
		t.Errorf("%d management types in Types, %d with schemas; want 11", n, len(mgTypes))
	}
}
