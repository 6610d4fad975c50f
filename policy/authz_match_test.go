package policy

import (
	"math/rand"
	"strings"
	"testing"
)

// azNaiveGlob is the definition the fast paths must agree with: '*' any
// run, '?' one character, everything else literal.
func azNaiveGlob(p, s string) bool {
	if p == "" {
		return s == ""
	}
	switch p[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if azNaiveGlob(p[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && azNaiveGlob(p[1:], s[1:])
	}
	return s != "" && s[0] == p[0] && azNaiveGlob(p[1:], s[1:])
}

// azNaiveARN splits both sides at the first five colons and globs each
// segment, the last one taking the rest.
func azNaiveARN(p, s string) bool {
	if p == "*" {
		return true
	}
	ps, ss := strings.SplitN(p, ":", 6), strings.SplitN(s, ":", 6)
	if len(ps) < 6 && strings.HasSuffix(ps[len(ps)-1], "*") {
		if len(ss) < len(ps) {
			return false
		}
		ss = append(ss[:len(ps)-1:len(ps)-1], strings.Join(ss[len(ps)-1:], ":"))
	}
	if len(ps) != len(ss) {
		return false
	}
	for i := range ps {
		if !azNaiveGlob(ps[i], ss[i]) {
			return false
		}
	}
	return true
}

func TestAuthzMatchersAgreeWithDefinition(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alpha := "ab:*?/"
	word := func(n int, wild bool) string {
		b := make([]byte, rng.Intn(n+1))
		for i := range b {
			c := alpha[rng.Intn(len(alpha))]
			if !wild && (c == '*' || c == '?') {
				c = 'a'
			}
			b[i] = c
		}
		return string(b)
	}
	for i := 0; i < 50000; i++ {
		p, s := word(7, true), word(9, false)
		txt, err := azParseText(p, false)
		if err != nil {
			t.Fatal(err)
		}
		want := azNaiveGlob(p, s)
		if got := txt.like(s, false, nil); got != want {
			t.Fatalf("like(%q, %q) = %v, want %v", p, s, got, want)
		}
		act := azCompileAction(p)
		if got, want := act.match(strings.ToUpper(s)), azNaiveGlob(strings.ToLower(p), strings.ToLower(s)); got != want {
			t.Fatalf("action %q on %q = %v, want %v", p, strings.ToUpper(s), got, want)
		}
		a, err := azParseARN(p, false)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := a.match(s, nil), azNaiveARN(p, s); got != want {
			t.Fatalf("ARN %q on %q = %v, want %v", p, s, got, want)
		}
	}
}

func TestAuthzStarRunsEscapes(t *testing.T) {
	// ${*} is a literal star inside a glob that also has real stars.
	txt, err := azParseText("a${*}*b", true)
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]bool{"a*b": true, "a*xxb": true, "axb": false, "a*": false} {
		if got := txt.like(s, false, nil); got != want {
			t.Errorf("like(%q) = %v, want %v", s, got, want)
		}
	}
}
