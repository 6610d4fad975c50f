package policy

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Patterns are stored in an escaped glob form: '*' and '?' are wildcards
// and a backslash makes the next byte literal. The escape exists for the
// ${*}, ${?} and ${$} policy variables and for variable values, which IAM
// inserts as literal text, never as wildcards.

// azText is a policy string that may hold policy variables.
type azText struct {
	vars  bool
	shape uint8    // when !vars: how like() can avoid the glob loop
	pre   string   // azShapeGlob: the literal text before the first wildcard
	suf   string   // azShapeGlob: the literal text after the last wildcard
	stars []string // azShapeGlob without '?': the literal runs between the stars
	lit   string   // literal form (Equals operators) when !vars
	glob  []byte   // escaped glob form when !vars
	parts []azPart // when vars
}

const (
	azShapeGlob   = iota
	azShapeExact  // no wildcard: like() is ==
	azShapePrefix // one trailing '*': like() is HasPrefix
	azShapeAny    // "*"
)

// azStatic builds the text of a string without variables.
func azStatic(lit string, glob []byte) azText {
	t := azText{lit: lit, glob: glob}
	wild, first, last := 0, -1, -1
	for i := 0; i < len(glob); i++ {
		switch glob[i] {
		case '\\':
			i++
		case '*', '?':
			wild++
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if wild > 0 {
		t.pre, t.suf = azUnescape(glob[:first]), azUnescape(glob[last+1:])
		t.stars = azStarRuns(glob)
	}
	switch {
	case wild == 0:
		t.shape = azShapeExact
	case len(glob) == 1 && glob[0] == '*':
		t.shape = azShapeAny
	case wild == 1 && last == len(glob)-1 && glob[last] == '*':
		t.shape = azShapePrefix
	}
	return t
}

const (
	azPartRaw = iota // policy text: '*' and '?' are wildcards in globs
	azPartEsc        // ${*} ${?} ${$}: one literal character
	azPartVar        // ${key} or ${key, 'default'}
)

type azPart struct {
	kind   uint8
	s      string // raw text, the escaped character, or the key as written
	def    string
	hasDef bool
	kid    int32 // index in Compiled.keys
}

// azParseText reads a policy string; vars says whether ${...} is a policy
// variable (Version 2012-10-17) or literal text.
func azParseText(s string, vars bool) (azText, error) {
	if !vars || !strings.Contains(s, "${") {
		return azStatic(s, azEscapeRaw(nil, s)), nil
	}
	var t azText
	for len(s) > 0 {
		i := strings.Index(s, "${")
		if i < 0 {
			t.parts = append(t.parts, azPart{kind: azPartRaw, s: s})
			break
		}
		if i > 0 {
			t.parts = append(t.parts, azPart{kind: azPartRaw, s: s[:i]})
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return azText{}, fmt.Errorf("the policy variable starting at %q has no closing brace: write ${key} or ${key, 'default'}", azClip(s[i:]))
		}
		p, err := azParseVar(s[i+2 : i+end])
		if err != nil {
			return azText{}, err
		}
		t.parts = append(t.parts, p)
		s = s[i+end+1:]
	}
	t.vars = false
	for _, p := range t.parts {
		if p.kind == azPartVar {
			t.vars = true
		}
	}
	if !t.vars {
		// Only escapes: fold them into the static forms.
		var lit strings.Builder
		var g []byte
		for _, p := range t.parts {
			lit.WriteString(p.s)
			if p.kind == azPartRaw {
				g = azEscapeRaw(g, p.s)
			} else {
				g = append(g, '\\', p.s[0])
			}
		}
		return azStatic(lit.String(), g), nil
	}
	return t, nil
}

func azParseVar(body string) (azPart, error) {
	switch body {
	case "*", "?", "$":
		return azPart{kind: azPartEsc, s: body}, nil
	}
	key, def, hasDef := body, "", false
	if c := strings.IndexByte(body, ','); c >= 0 {
		key = body[:c]
		d := strings.TrimSpace(body[c+1:])
		if len(d) < 2 || d[0] != '\'' || d[len(d)-1] != '\'' {
			return azPart{}, fmt.Errorf("the default value in ${%s} must be in single quotes: ${key, 'default'}", azClip(body))
		}
		def, hasDef = d[1:len(d)-1], true
	}
	key = strings.TrimSpace(key)
	if key == "" || strings.ContainsAny(key, " \t${") {
		return azPart{}, fmt.Errorf("${%s} is not a policy variable: write ${key} with a context key such as ${aws:username}", azClip(body))
	}
	return azPart{kind: azPartVar, s: key, def: def, hasDef: hasDef}, nil
}

func azClip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// azStarRuns splits a glob whose only wildcard is '*' into the literal runs
// around its stars; nil when the glob has a '?'.
func azStarRuns(g []byte) []string {
	var runs []string
	var cur []byte
	for i := 0; i < len(g); i++ {
		switch g[i] {
		case '?':
			return nil
		case '*':
			runs = append(runs, string(cur))
			cur = cur[:0]
			continue
		case '\\':
			if i+1 < len(g) {
				i++
			}
		}
		cur = append(cur, g[i])
	}
	return append(runs, string(cur))
}

// azMatchStars matches s against literal runs separated by '*': the first
// run anchors the start, the last the end, and each run between is found
// at its leftmost place, which is the place that leaves the most for the
// runs after it.
func azMatchStars(runs []string, s string) bool {
	first, last := runs[0], runs[len(runs)-1]
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	s = s[len(first) : len(s)-len(last)]
	for _, r := range runs[1 : len(runs)-1] {
		i := strings.Index(s, r)
		if i < 0 {
			return false
		}
		s = s[i+len(r):]
	}
	return true
}

func azUnescape(g []byte) string {
	b := make([]byte, 0, len(g))
	for i := 0; i < len(g); i++ {
		if g[i] == '\\' && i+1 < len(g) {
			i++
		}
		b = append(b, g[i])
	}
	return string(b)
}

// azEscapeRaw appends policy text to a glob, keeping its wildcards.
func azEscapeRaw(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			dst = append(dst, '\\')
		}
		dst = append(dst, s[i])
	}
	return dst
}

// azEscapeLit appends literal text (a variable's value) to a glob.
func azEscapeLit(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\', '*', '?':
			dst = append(dst, '\\')
		}
		dst = append(dst, s[i])
	}
	return dst
}

// endsWithStar reports whether the text ends in a wildcard '*'.
func (t *azText) endsWithStar() bool {
	if !t.vars {
		g := t.glob
		if len(g) == 0 || g[len(g)-1] != '*' {
			return false
		}
		// An odd run of backslashes before it escapes it.
		n := 0
		for i := len(g) - 2; i >= 0 && g[i] == '\\'; i-- {
			n++
		}
		return n%2 == 0
	}
	last := t.parts[len(t.parts)-1]
	return last.kind == azPartRaw && strings.HasSuffix(last.s, "*")
}

// varKeys appends the keys of variables without defaults.
func (t *azText) varKeys(dst []azPart) []azPart {
	for _, p := range t.parts {
		if p.kind == azPartVar && !p.hasDef {
			dst = append(dst, p)
		}
	}
	return dst
}

// equals compares s with the text's literal form.
func (t *azText) equals(s string, fold bool, r *azEvalCtx) bool {
	if !t.vars {
		if fold {
			return strings.EqualFold(t.lit, s)
		}
		return t.lit == s
	}
	for i := range t.parts {
		p := &t.parts[i]
		v := p.s
		if p.kind == azPartVar {
			v, _ = r.resolve(p)
		}
		if len(v) > len(s) {
			return false
		}
		if fold {
			if !strings.EqualFold(v, s[:len(v)]) {
				return false
			}
		} else if v != s[:len(v)] {
			return false
		}
		s = s[len(v):]
	}
	return s == ""
}

// like matches s against the text as a glob.
func (t *azText) like(s string, fold bool, r *azEvalCtx) bool {
	if !t.vars {
		if !fold {
			switch t.shape {
			case azShapeExact:
				return s == t.lit
			case azShapePrefix:
				return strings.HasPrefix(s, t.lit[:len(t.lit)-1])
			case azShapeAny:
				return true
			}
			if t.stars != nil {
				return azMatchStars(t.stars, s)
			}
			// Any match starts and ends with the literal ends of the
			// pattern: most misses are decided there.
			if !strings.HasPrefix(s, t.pre) || !strings.HasSuffix(s, t.suf) {
				return false
			}
		}
		return azGlob(t.glob, s, fold)
	}
	var buf [256]byte
	g := buf[:0]
	for i := range t.parts {
		p := &t.parts[i]
		switch p.kind {
		case azPartRaw:
			g = azEscapeRaw(g, p.s)
		case azPartEsc:
			g = append(g, '\\', p.s[0])
		default:
			v, _ := r.resolve(p)
			g = azEscapeLit(g, v)
		}
	}
	return azGlob(g, s, fold)
}

func azLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// azGlob matches s against an escaped glob. '?' is one character (rune);
// '*' is any run of characters. With fold, ASCII letters match either case
// (the pattern is expected in lower case).
func azGlob(p []byte, s string, fold bool) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(p) {
			c := p[pi]
			switch c {
			case '*':
				starP, starS = pi+1, si
				pi++
				continue
			case '?':
				_, n := utf8.DecodeRuneInString(s[si:])
				si += n
				pi++
				continue
			}
			w := 1
			if c == '\\' && pi+1 < len(p) {
				c, w = p[pi+1], 2
			}
			sc := s[si]
			if fold {
				sc = azLower(sc)
			}
			if c == sc {
				pi += w
				si++
				continue
			}
		}
		if starP < 0 {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[starS:])
		starS += n
		si, pi = starS, starP
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// azARN is a resource or Arn* pattern split into its colon segments; the
// last holds everything after the fifth colon.
type azARN struct {
	any   bool   // "*"
	pre   string // literal text every match starts with: most misses end there
	skip  int    // leading segments wholly inside pre: matched by the prefix test
	skipN int    // their length, colons included
	segs  []azText
	trail bool // fewer than six segments and the last ends in '*'
}

// azSplitARN splits at most six segments at colons outside ${...}.
func azSplitARN(s string, vars bool) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s) && len(out) < 5; i++ {
		switch {
		case vars && s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
		case depth > 0 && s[i] == '}':
			depth--
		case depth == 0 && s[i] == ':':
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func azParseARN(s string, vars bool) (azARN, error) {
	if s == "*" {
		return azARN{any: true}, nil
	}
	parts := azSplitARN(s, vars)
	a := azARN{segs: make([]azText, len(parts))}
	for i, p := range parts {
		t, err := azParseText(p, vars)
		if err != nil {
			return azARN{}, err
		}
		a.segs[i] = t
	}
	a.trail = len(a.segs) < 6 && a.segs[len(a.segs)-1].endsWithStar()
	// Literal segments match themselves and are joined by the colons that
	// split the value, so the pattern's literal head is the value's head.
	var pre strings.Builder
	for i := range a.segs {
		t := &a.segs[i]
		if t.vars {
			break
		}
		if t.shape != azShapeExact {
			if t.shape == azShapeGlob || t.shape == azShapePrefix {
				pre.WriteString(t.pre)
			}
			break
		}
		pre.WriteString(t.lit)
		if i < len(a.segs)-1 {
			pre.WriteByte(':')
			a.skip, a.skipN = i+1, pre.Len()
		}
	}
	a.pre = pre.String()
	return a, nil
}

func (a *azARN) varKeys(dst []azPart) []azPart {
	for i := range a.segs {
		dst = a.segs[i].varKeys(dst)
	}
	return dst
}

// match walks the value's colon segments without allocating.
func (a *azARN) match(s string, r *azEvalCtx) bool {
	if a.any {
		return true
	}
	if !strings.HasPrefix(s, a.pre) {
		return false
	}
	rest := s[a.skipN:]
	for i := a.skip; i < len(a.segs); i++ {
		seg := &a.segs[i]
		if i == len(a.segs)-1 {
			if i < 5 && !a.trail && strings.IndexByte(rest, ':') >= 0 {
				return false
			}
			return seg.like(rest, false, r)
		}
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return false
		}
		if !seg.like(rest[:j], false, r) {
			return false
		}
		rest = rest[j+1:]
	}
	return false
}

// azAction is an Action or NotAction pattern, lower-cased.
type azAction struct {
	kind  uint8
	s     string
	glob  []byte
	stars []string // azActGlob without '?': the literal runs between the stars
}

const (
	azActAny = iota
	azActExact
	azActPrefix // "s3:*" and "s3:Get*": the common shapes, matched without the glob loop
	azActGlob
)

func azCompileAction(a string) azAction {
	l := strings.ToLower(a)
	if l == "*" {
		return azActAny0
	}
	w := strings.IndexAny(l, "*?\\")
	switch {
	case w < 0:
		return azAction{kind: azActExact, s: l}
	case w == len(l)-1 && l[w] == '*':
		return azAction{kind: azActPrefix, s: l[:w]}
	}
	g := azEscapeRaw(nil, l)
	return azAction{kind: azActGlob, s: l, glob: g, stars: azStarRuns(g)}
}

var azActAny0 = azAction{kind: azActAny}

func (a *azAction) match(action string) bool {
	switch a.kind {
	case azActAny:
		return true
	case azActExact:
		return len(a.s) == len(action) && azEqualFoldASCII(a.s, action)
	case azActPrefix:
		return len(action) >= len(a.s) && azEqualFoldASCII(a.s, action[:len(a.s)])
	}
	if a.stars != nil {
		return azMatchStarsFold(a.stars, action)
	}
	return azGlob(a.glob, action, true)
}

// matchLower is match with the action also given lower-cased (lact, nil
// when unavailable): exact and prefix patterns then compare bytes without
// folding. string(b) == s does not allocate.
func (a *azAction) matchLower(action string, lact []byte) bool {
	if lact == nil {
		return a.match(action)
	}
	switch a.kind {
	case azActAny:
		return true
	case azActExact:
		return string(lact) == a.s
	case azActPrefix:
		return len(lact) >= len(a.s) && string(lact[:len(a.s)]) == a.s
	}
	return a.match(action)
}

// azMatchStarsFold is azMatchStars for lower-case runs, folding the ASCII
// case of s.
func azMatchStarsFold(runs []string, s string) bool {
	first, last := runs[0], runs[len(runs)-1]
	if len(s) < len(first)+len(last) || !azEqualFoldASCII(first, s[:len(first)]) || !azEqualFoldASCII(last, s[len(s)-len(last):]) {
		return false
	}
	s = s[len(first) : len(s)-len(last)]
	for _, r := range runs[1 : len(runs)-1] {
		i := azIndexFold(s, r)
		if i < 0 {
			return false
		}
		s = s[i+len(r):]
	}
	return true
}

// azIndexFold finds the lower-case run r in s, folding s's ASCII case.
func azIndexFold(s, r string) int {
	for i := 0; i+len(r) <= len(s); i++ {
		if azEqualFoldASCII(r, s[i:i+len(r)]) {
			return i
		}
	}
	return -1
}

// azEqualFoldASCII compares a lower-case pattern with s, folding s's ASCII
// letters.
func azEqualFoldASCII(lower, s string) bool {
	if len(lower) != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lower[i] != azLower(s[i]) {
			return false
		}
	}
	return true
}

// service is the lower-cased service prefix an action pattern is confined
// to, or "" when it can match actions of any service.
func (a *azAction) service() string {
	if a.kind == azActAny {
		return ""
	}
	i := strings.IndexByte(a.s, ':')
	if i <= 0 || strings.ContainsAny(a.s[:i], "*?\\") {
		return ""
	}
	return a.s[:i]
}
