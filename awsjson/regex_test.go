package awsjson

import (
	"strings"
	"testing"
)

// Every pattern of the model must translate and compile: a model update
// with a construct RE2 cannot express has to fail here, not validate wrongly.
func TestEveryModelPatternCompiles(t *testing.T) {
	m := MustLoad()
	n := 0
	for name, s := range m.shapes {
		if s.pattern == "" {
			continue
		}
		n++
		re, err := compileJavaPattern(s.pattern)
		if err != nil {
			t.Errorf("shape %s: %v", name, err)
			continue
		}
		if re == nil && !matchesAll[s.pattern] {
			t.Errorf("shape %s: pattern %q compiled to nothing", name, s.pattern)
		}
		if re != nil && s.re == nil {
			t.Errorf("shape %s: compiled pattern not kept", name)
		}
	}
	if n < 30 {
		t.Fatalf("only %d patterns in the model; parsing lost some?", n)
	}
}

func TestJavaToRE2Translation(t *testing.T) {
	cases := []struct{ java, re2 string }{
		{`^\d{12}$`, `^(?:^\d{12}$)$`},
		{`[\u0020-\u007E]+`, `^(?:[\x{0020}-\x{007E}]+)$`},
		{`[^\s@]+`, `^(?:[^\t\n\x0B\f\r\x20@]+)$`},
		{`\s\S`, `^(?:[\t\n\x0B\f\r\x20][^\t\n\x0B\f\r\x20])$`},
		{`[\s\S]`, `^(?:[\t\n\x0B\f\r\x20\x00-\x08\x0E-\x1F\x21-\x{10FFFF}])$`},
		{`a.b`, `^(?:a[^\n\r\x{85}\x{2028}\x{2029}]b)$`},
		{`[.]`, `^(?:[.])$`},
		{`\p{L}\p{IsLatin}\pN`, `^(?:\p{L}\p{Latin}\p{N})$`},
		{`\p{Alpha}[\P{Digit}]`, `^(?:[[:alpha:]][[:^digit:]])$`},
		{`\Qa.b\E+`, `^(?:a\.b+)$`},
		{`\/\-`, `^(?:\/\-)$`},
	}
	for _, c := range cases {
		got, err := javaToRE2(c.java)
		if err != nil || got != c.re2 {
			t.Errorf("javaToRE2(%q) = %q, %v; want %q", c.java, got, err, c.re2)
		}
	}
}

func TestJavaToRE2Unsupported(t *testing.T) {
	for _, p := range []string{
		`a(?=b)`, `a(?!b)`, `(?<=a)b`, `(?<!a)b`, `(?>a)`, `(a)\1`, `a\Z`, `\G`, `\R`,
		`[a[b]]`, `[a-z&&[^e]]`, `[]a]`, `[a`, `\`, `\u12`, `\p{L`, `\h`, `\k<n>`, `\cA`,
	} {
		if got, err := javaToRE2(p); err == nil {
			t.Errorf("javaToRE2(%q) = %q, want an error", p, got)
		}
	}
}

// Java's Matcher.matches(): the whole value, whatever the pattern's anchors.
func TestModelPatternsMatchWholeValue(t *testing.T) {
	m := MustLoad()
	cases := []struct {
		shape string
		value string
		ok    bool
	}{
		{"ParentId", "r-abcd", true},
		{"ParentId", "r-abcdefghijklmnopqrstuvwxyz012345", true},
		{"ParentId", "ou-ab12-abcdefgh", true},
		{"ParentId", "r-abcdX!", false},
		{"ParentId", "r-abc", false},
		{"ParentId", " r-abcd", false},
		{"ParentId", "r-abcd\n", false},
		{"ParentId", "ou-ab12-abcdefgh/", false},
		{"ParentId", "r-abcdou-ab12-abcdefgh", false},
		{"ChildId", "123456789012", true},
		{"ChildId", "1234567890123", false},
		{"PolicyTargetId", "123456789012", true},
		{"PolicyTargetId", "r-ab12", true},
		{"PolicyTargetId", "o-abcdefghij", false},
		{"TaggableResourceId", "rp-abcd", true},
		{"TaggableResourceId", "rt-abcdefgh", true},
		{"TaggableResourceId", "p-abcdefgh", true},
		{"TaggableResourceId", "p-abc", false},
		{"AccountId", "123456789012", true},
		{"AccountId", "12345678901", false},
		{"AccountId", "１２３４５６７８９０１２", false}, // \d is ASCII in Java too
		{"Email", "a@b.co", true},
		{"Email", "first.last+tag@sub.example.com", true},
		{"Email", "a b@c.de", false},
		{"Email", "a@b", false},
		{"Email", "ab.c@d", false},
		{"Email", "a@b.c\u000b", false},
		{"Email", "a@b.c\u00a0", true}, // Java's \s is ASCII: NBSP is not space
		{"CreateAccountName", "Prod Account ~!", true},
		{"CreateAccountName", "Prod\tAccount", false},
		{"CreateAccountName", "Prød", false},
		{"RoleName", "OrganizationAccountAccessRole", true},
		{"RoleName", "role/name", false},
		{"ServicePrincipal", "", true}, // length is checked separately
		{"TagKey", "Größe:名前 ٣", true},
		{"TagKey", "a*b", false},
		{"TagValue", "", true},
		{"ResponsibilityTransferName", "Name ~", true},
		{"ResponsibilityTransferName", "Name\u007f", false},
		{"HandshakeNotes", "anything\n\r\u2028 at all", true},
		{"GenericArn", "arn:aws:organizations::x:y", true},
		{"GenericArn", "arn:aws:organizations::x\n:y", false}, // . stops at line terminators
		{"GenericArn", "arn:aws:organizations::x\u2028:y", false},
		{"Path", "o-abcdefghij/r-ab12/ou-ab12-abcdefgh/", true},
		{"Path", "o-abcdefghij/r-ab12/ou-ab12-abcdefgh", false},
	}
	for _, c := range cases {
		s, ok := m.shapes[c.shape]
		if !ok {
			t.Fatalf("no shape %s", c.shape)
		}
		got := s.re == nil || s.re.MatchString(c.value)
		if got != c.ok {
			t.Errorf("%s %q: match %v, want %v (pattern %q)", c.shape, c.value, got, c.ok, s.pattern)
		}
	}
}

func TestMatchAllPatternsNeedNoRegexp(t *testing.T) {
	m := MustLoad()
	for _, name := range []string{"NextToken", "PolicyContent", "HandshakeNotes", "OrganizationalUnitName"} {
		if s := m.shapes[name]; s.re != nil || !strings.Contains(s.pattern, `\s\S`) {
			t.Errorf("%s: pattern %q compiled to %v", name, s.pattern, s.re)
		}
	}
}
