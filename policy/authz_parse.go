package policy

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The SCP and RCP grammars: one reader, with the differences between the
// current SCP rules, the legacy (strict) SCP rules and the RCP rules held
// in azProfile.

type azProfile struct {
	typ     string
	strict  bool // SCP: the rules before the full IAM language (September 2025)
	managed bool // RCP: also accept the AWS-managed forms (RCPFullAWSAccess)
}

func (p azProfile) rcp() bool { return p.typ == ResourceControl }

// azStmt is one compiled statement.
type azStmt struct {
	sid         string
	deny        bool
	notAction   bool
	actions     []azAction
	notResource bool
	resources   []azARN // none and !notResource: every resource
	conds       []azCond
	vars        []azPart // variables without a default: unresolved, the statement does not apply
	keys        []azKey  // context keys reported when missing
	keySeen     azSeen
	sig         string // canonical text without Sid: equal sigs decide alike
}

const azVersion2012, azVersion2008 = "2012-10-17", "2008-10-17"

func azCompile(content string, prof azProfile) (*Compiled, error) {
	doc, err := azParseJSON(content)
	if err != nil {
		return nil, err
	}
	if doc.kind != azObject {
		return nil, &Error{Message: fmt.Sprintf("a policy document is a JSON object with Version and Statement, not %s", doc.kind)}
	}
	if err := doc.dupError(""); err != nil {
		return nil, err
	}
	var version, stmts *azJSON
	for i := range doc.obj {
		f := &doc.obj[i]
		switch f.key {
		case "Version":
			version = &f.val
		case "Statement":
			stmts = &f.val
		case "Id":
			if f.val.kind != azString {
				return nil, &Error{Location: "Id", Message: fmt.Sprintf("Id must be a string, not %s", f.val.kind)}
			}
		default:
			return nil, &Error{Location: f.key, Message: azUnknown(f.key, "a policy has only the elements Version, Id and Statement", []string{"Version", "Id", "Statement"})}
		}
	}
	v, err := prof.version(version)
	if err != nil {
		return nil, err
	}
	vars := v == azVersion2012
	if stmts == nil {
		return nil, &Error{Message: "the policy has no Statement: add \"Statement\": [ ... ] with at least one statement"}
	}
	list := []azJSON{*stmts}
	switch stmts.kind {
	case azObject:
	case azArray:
		if len(stmts.arr) == 0 {
			return nil, &Error{Location: "Statement", Message: "the Statement array is empty: add at least one statement"}
		}
		list = stmts.arr
	default:
		return nil, &Error{Location: "Statement", Message: fmt.Sprintf("Statement must be an object or an array of objects, not %s", stmts.kind)}
	}
	c := &Compiled{typ: prof.typ, stmts: make([]*azStmt, 0, len(list))}
	sids := map[string]int{}
	for i, sv := range list {
		st, err := prof.statement(i, sv, vars, sids)
		if err != nil {
			return nil, err
		}
		c.stmts = append(c.stmts, st)
	}
	c.numberKeys()
	return c, nil
}

// numberKeys gives every context key the policy reads an index, so that an
// Evaluator can map them once to its per-decision slots instead of
// searching the request context by name at every condition.
func (c *Compiled) numberKeys() {
	ids := map[string]int32{}
	id := func(name string) int32 {
		l := strings.ToLower(name)
		if i, ok := ids[l]; ok {
			return i
		}
		i := int32(len(c.keys))
		c.keys = append(c.keys, l)
		ids[l] = i
		return i
	}
	text := func(t *azText) {
		for i := range t.parts {
			if t.parts[i].kind == azPartVar {
				t.parts[i].kid = id(t.parts[i].s)
			}
		}
	}
	arn := func(a *azARN) {
		for i := range a.segs {
			text(&a.segs[i])
		}
	}
	for _, st := range c.stmts {
		for i := range st.resources {
			arn(&st.resources[i])
		}
		for i := range st.conds {
			cd := &st.conds[i]
			cd.kid = id(cd.key)
			for j := range cd.texts {
				text(&cd.texts[j])
			}
			for j := range cd.arns {
				arn(&cd.arns[j])
			}
		}
		for i := range st.vars {
			st.vars[i].kid = id(st.vars[i].s)
		}
		for i := range st.keys {
			st.keys[i].kid = id(st.keys[i].name)
		}
	}
}

func (p azProfile) version(v *azJSON) (string, error) {
	if v == nil {
		if p.strict || p.rcp() {
			return "", &Error{Message: "the policy has no Version: add \"Version\": \"2012-10-17\""}
		}
		return "", nil
	}
	if v.kind != azString {
		return "", &Error{Location: "Version", Message: fmt.Sprintf("Version must be the string \"2012-10-17\", not %s", v.kind)}
	}
	switch {
	case v.s == azVersion2012:
	case v.s == azVersion2008 && !p.strict && !p.rcp():
	default:
		return "", &Error{Location: "Version", Message: fmt.Sprintf("Version %q is not a policy language version: write \"2012-10-17\"", v.s)}
	}
	return v.s, nil
}

// azSignature is the statement's canonical text: keys sorted, Sid left
// out, with what else changes its meaning (type, variables).
func azSignature(typ string, vars bool, v azJSON) string {
	var b strings.Builder
	b.WriteString(typ)
	if vars {
		b.WriteString(" vars ")
	} else {
		b.WriteString(" literal ")
	}
	azCanon(&b, v, true)
	return b.String()
}

func azCanon(b *strings.Builder, v azJSON, dropSid bool) {
	switch v.kind {
	case azNull:
		b.WriteString("null")
	case azBool:
		b.WriteString(strconv.FormatBool(v.b))
	case azNumber:
		b.WriteString(v.s)
	case azString:
		b.WriteString(strconv.Quote(v.s))
	case azArray:
		b.WriteByte('[')
		for i, e := range v.arr {
			if i > 0 {
				b.WriteByte(',')
			}
			azCanon(b, e, false)
		}
		b.WriteByte(']')
	case azObject:
		fs := make([]azField, 0, len(v.obj))
		for _, f := range v.obj {
			if !(dropSid && f.key == "Sid") {
				fs = append(fs, f)
			}
		}
		sort.Slice(fs, func(i, j int) bool { return fs[i].key < fs[j].key })
		b.WriteByte('{')
		for i, f := range fs {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(f.key))
			b.WriteByte(':')
			azCanon(b, f.val, false)
		}
		b.WriteByte('}')
	}
}

// azUnknown words the error for an unknown element, pointing at the right
// spelling when only the case is wrong.
func azUnknown(key, what string, known []string) string {
	for _, k := range known {
		if strings.EqualFold(k, key) {
			return fmt.Sprintf("unknown element %q: element names are case-sensitive, write %q", key, k)
		}
	}
	return fmt.Sprintf("unknown element %q: %s", key, what)
}

func (p azProfile) statement(i int, v azJSON, vars bool, sids map[string]int) (*azStmt, error) {
	loc := fmt.Sprintf("Statement[%d]", i)
	if v.kind != azObject {
		return nil, &Error{Location: loc, Message: fmt.Sprintf("a statement must be an object with Effect, Action and Resource, not %s", v.kind)}
	}
	if v.dup == "Sid" {
		return nil, v.dupError(loc)
	}
	el := map[string]*azJSON{}
	for j := range v.obj {
		el[v.obj[j].key] = &v.obj[j].val
	}
	st := &azStmt{sig: azSignature(p.typ, vars, v)}
	if sid := el["Sid"]; sid != nil {
		if sid.kind != azString {
			return nil, &Error{Location: loc + ".Sid", Message: fmt.Sprintf("Sid must be a string, not %s", sid.kind)}
		}
		st.sid = sid.s
		if sid.s != "" {
			loc += " (Sid " + sid.s + ")"
			if prev, dup := sids[sid.s]; dup {
				return nil, &Error{Location: loc + ".Sid", Message: fmt.Sprintf("Statement[%d] already uses the Sid %q: Sids must be unique within a policy", prev, sid.s)}
			}
			sids[sid.s] = i
		}
	}
	if err := v.dupError(loc); err != nil {
		return nil, err
	}
	known := []string{"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal", "NotPrincipal"}
	for _, f := range v.obj {
		ok := false
		for _, k := range known {
			ok = ok || k == f.key
		}
		if !ok {
			what := "a statement has Sid, Effect, Action or NotAction, Resource or NotResource, and Condition"
			if p.rcp() {
				what = "an RCP statement has Sid, Effect, Principal, Action, Resource or NotResource, and Condition"
			}
			return nil, &Error{Location: loc + "." + f.key, Message: azUnknown(f.key, what, known)}
		}
	}

	eff := el["Effect"]
	switch {
	case eff == nil:
		return nil, &Error{Location: loc, Message: "the statement has no Effect: add \"Effect\": \"Deny\" or \"Effect\": \"Allow\""}
	case eff.kind != azString:
		return nil, &Error{Location: loc + ".Effect", Message: fmt.Sprintf("Effect must be the string \"Allow\" or \"Deny\", not %s", eff.kind)}
	case eff.s == "Deny":
		st.deny = true
	case eff.s == "Allow":
		if p.rcp() && !p.managed {
			return nil, &Error{Location: loc + ".Effect", Message: "an RCP you write can only Deny: \"Allow\" is reserved for the AWS-managed RCPFullAWSAccess policy, so write \"Effect\": \"Deny\""}
		}
	case strings.EqualFold(eff.s, "allow") || strings.EqualFold(eff.s, "deny"):
		return nil, &Error{Location: loc + ".Effect", Message: fmt.Sprintf("Effect %q must be written \"Allow\" or \"Deny\" (case-sensitive)", eff.s)}
	default:
		return nil, &Error{Location: loc + ".Effect", Message: fmt.Sprintf("Effect %q is neither \"Allow\" nor \"Deny\"", eff.s)}
	}

	if err := p.principal(loc, el); err != nil {
		return nil, err
	}
	if err := p.actions(st, loc, el); err != nil {
		return nil, err
	}
	if err := p.resources(st, loc, el, vars); err != nil {
		return nil, err
	}
	if cv := el["Condition"]; cv != nil {
		if p.strict && !st.deny {
			return nil, &Error{Location: loc + ".Condition", Message: "the legacy SCP grammar accepts Condition only in Deny statements: move the condition to a Deny statement, or validate with the current grammar"}
		}
		conds, err := azCompileCondition(*cv, loc+".Condition", vars)
		if err != nil {
			return nil, err
		}
		st.conds = conds
	}
	st.index()
	// Conditions are ANDed: try the cheap ones first.
	sort.SliceStable(st.conds, func(i, j int) bool { return azFamilyCost[st.conds[i].fam] < azFamilyCost[st.conds[j].fam] })
	return st, nil
}

func (p azProfile) principal(loc string, el map[string]*azJSON) error {
	if !p.rcp() {
		for _, k := range []string{"Principal", "NotPrincipal"} {
			if el[k] != nil {
				return &Error{Location: loc + "." + k, Message: fmt.Sprintf("SCPs don't support %s: an SCP applies to every principal of the accounts it is attached to; to single out principals, use a Condition on aws:PrincipalArn", k)}
			}
		}
		return nil
	}
	if el["NotPrincipal"] != nil {
		return &Error{Location: loc + ".NotPrincipal", Message: "RCPs don't support NotPrincipal: write \"Principal\": \"*\" and exclude principals with a Condition, such as StringNotEqualsIfExists on aws:PrincipalOrgID"}
	}
	pr := el["Principal"]
	switch {
	case pr == nil:
		return &Error{Location: loc, Message: "an RCP statement needs \"Principal\": \"*\" (restrict principals with the Condition element)"}
	case pr.kind != azString || pr.s != "*":
		return &Error{Location: loc + ".Principal", Message: "an RCP's Principal can only be the string \"*\": restrict principals with the Condition element, such as aws:PrincipalOrgID or aws:PrincipalAccount"}
	}
	return nil
}

// azStrings reads a string or a non-empty array of strings.
func azStrings(v *azJSON, loc, what string) ([]string, error) {
	if v.kind == azString {
		return []string{v.s}, nil
	}
	if v.kind != azArray {
		return nil, &Error{Location: loc, Message: fmt.Sprintf("%s must be a string or an array of strings, not %s", what, v.kind)}
	}
	if len(v.arr) == 0 {
		return nil, &Error{Location: loc, Message: fmt.Sprintf("%s is an empty array: list at least one value", what)}
	}
	out := make([]string, len(v.arr))
	for i, e := range v.arr {
		if e.kind != azString {
			return nil, &Error{Location: fmt.Sprintf("%s[%d]", loc, i), Message: fmt.Sprintf("each %s value must be a string, not %s", what, e.kind)}
		}
		out[i] = e.s
	}
	return out, nil
}

func (p azProfile) actions(st *azStmt, loc string, el map[string]*azJSON) error {
	a, na := el["Action"], el["NotAction"]
	name, v := "Action", a
	switch {
	case a != nil && na != nil:
		return &Error{Location: loc + ".NotAction", Message: "a statement has Action or NotAction, not both: keep one"}
	case a == nil && na == nil:
		if p.rcp() {
			return &Error{Location: loc, Message: "the statement has no Action: add the actions to deny, such as \"Action\": \"s3:*\""}
		}
		return &Error{Location: loc, Message: "the statement has no Action: add \"Action\" (or \"NotAction\") with actions such as \"s3:*\""}
	case na != nil:
		name, v = "NotAction", na
		st.notAction = true
		if p.rcp() {
			return &Error{Location: loc + ".NotAction", Message: "RCPs don't support NotAction: list the actions in Action"}
		}
		if p.strict && !st.deny {
			return &Error{Location: loc + ".NotAction", Message: "the legacy SCP grammar accepts NotAction only in Deny statements: list the allowed actions in Action"}
		}
	}
	aloc := loc + "." + name
	list, err := azStrings(v, aloc, name)
	if err != nil {
		return err
	}
	for i, s := range list {
		l := aloc
		if v.kind == azArray {
			l = fmt.Sprintf("%s[%d]", aloc, i)
		}
		if msg := p.checkAction(s); msg != "" {
			return &Error{Location: l, Message: msg}
		}
		st.actions = append(st.actions, azCompileAction(s))
	}
	return nil
}

func (p azProfile) checkAction(a string) string {
	if a == "*" {
		if p.rcp() && !p.managed {
			return "an RCP you write can't use \"*\" as an action: name the service, such as \"s3:*\" or \"kms:*\""
		}
		return ""
	}
	svc, name, ok := strings.Cut(a, ":")
	if !ok {
		return fmt.Sprintf("%q is not an action: write service:action, such as \"s3:GetObject\" or \"s3:*\", or \"*\"", a)
	}
	if svc == "" {
		return fmt.Sprintf("%q has no service prefix: write service:action, such as \"s3:GetObject\"", a)
	}
	for i := 0; i < len(svc); i++ {
		c := svc[i]
		if c == '*' || c == '?' {
			return fmt.Sprintf("the service prefix of %q can't hold wildcards: name the service, such as \"s3:%s\"", a, name)
		}
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return fmt.Sprintf("%q has an invalid service prefix %q: a prefix is letters, digits and hyphens, such as s3 or execute-api", a, svc)
		}
	}
	if name == "" {
		return fmt.Sprintf("%q names no action: write %q for every action of the service", a, svc+":*")
	}
	if strings.ContainsAny(name, ": \t\r\n") {
		return fmt.Sprintf("%q is not an action name: an action is service:Name, without spaces or further colons", a)
	}
	if p.strict {
		w := strings.IndexAny(name, "*?")
		if w >= 0 && strings.Trim(name[w:], "*?") != "" {
			return fmt.Sprintf("the legacy SCP grammar accepts wildcards in an action only alone or at the end, such as \"%s:Get*\": %q has one inside", svc, a)
		}
	}
	return ""
}

func (p azProfile) resources(st *azStmt, loc string, el map[string]*azJSON, vars bool) error {
	r, nr := el["Resource"], el["NotResource"]
	name, v := "Resource", r
	switch {
	case r != nil && nr != nil:
		return &Error{Location: loc + ".NotResource", Message: "a statement has Resource or NotResource, not both: keep one"}
	case r == nil && nr == nil:
		if p.rcp() {
			return &Error{Location: loc, Message: "an RCP statement needs Resource (or NotResource): add \"Resource\": \"*\" or the ARNs it covers"}
		}
		return nil // an SCP statement without Resource covers every resource
	case nr != nil:
		name, v = "NotResource", nr
		st.notResource = true
		if p.strict {
			return &Error{Location: loc + ".NotResource", Message: "the legacy SCP grammar doesn't support NotResource: use Resource, or validate with the current grammar"}
		}
	}
	rloc := loc + "." + name
	list, err := azStrings(v, rloc, name)
	if err != nil {
		return err
	}
	for i, s := range list {
		l := rloc
		if v.kind == azArray {
			l = fmt.Sprintf("%s[%d]", rloc, i)
		}
		if p.strict && !st.deny && s != "*" {
			return &Error{Location: l, Message: fmt.Sprintf("the legacy SCP grammar accepts only \"*\" as the Resource of an Allow statement, not %q: restrict resources with a Deny statement", s)}
		}
		if msg := azCheckResource(s, vars); msg != "" {
			return &Error{Location: l, Message: msg}
		}
		a, err := azParseARN(s, vars)
		if err != nil {
			return &Error{Location: l, Message: err.Error()}
		}
		st.resources = append(st.resources, a)
	}
	return nil
}

func azCheckResource(r string, vars bool) string {
	if r == "*" {
		return ""
	}
	if !strings.HasPrefix(r, "arn:") {
		return fmt.Sprintf("%q is not a resource: write an ARN, such as \"arn:aws:s3:::example-bucket/*\", or \"*\"", azClip(r))
	}
	parts := azSplitARN(r, vars)
	if len(parts) < 6 {
		return fmt.Sprintf("%q is not a complete ARN: an ARN has six colon-separated parts, arn:partition:service:region:account:resource (use * for any region or account, nothing where the service has none)", azClip(r))
	}
	if parts[1] == "" {
		return fmt.Sprintf("%q has no partition: write arn:aws:... (or arn:*:...)", azClip(r))
	}
	if parts[2] == "" || strings.ContainsAny(parts[2], "*?$") {
		return fmt.Sprintf("the service part of %q must be written out, such as s3 or iam: it can't be empty or a wildcard", azClip(r))
	}
	return ""
}

// index precomputes what evaluation needs besides the patterns: the keys
// to report when missing and the variables that must resolve.
func (st *azStmt) index() {
	for i := range st.resources {
		st.vars = st.resources[i].varKeys(st.vars)
	}
	for i := range st.conds {
		st.addKey(st.conds[i].key)
		st.vars = st.conds[i].varKeys(st.vars)
	}
	for _, v := range st.vars {
		st.addKey(v.s)
	}
	st.keySeen = azSeen{}
}

const (
	azActMaybe = iota
	azActNever
	azActAlways
)

// actionsFor tells whether the statement's Action (or NotAction) matches
// every action of the lower-cased service svc, none, or only some; svc ""
// stands for a service none of the patterns names.
func (st *azStmt) actionsFor(svc string) uint8 {
	all, some := false, false
	for i := range st.actions {
		a := &st.actions[i]
		switch {
		case a.kind == azActAny:
			all = true
		case a.service() == "":
			some = true // not a service:action pattern: decide at each request
		case svc != "" && a.service() == svc:
			if a.kind == azActPrefix && a.s == svc+":" {
				all = true
			} else {
				some = true
			}
		}
	}
	switch {
	case all:
		if st.notAction {
			return azActNever
		}
		return azActAlways
	case some:
		return azActMaybe
	case st.notAction:
		return azActAlways
	}
	return azActNever
}

// azKey is a context key as written in the policy.
type azKey struct {
	name string
	kid  int32
}

func (st *azStmt) addKey(k string) {
	if _, dup := st.keySeen.add(strings.ToLower(k), k, len(st.keys)); !dup {
		st.keys = append(st.keys, azKey{name: k})
	}
}
