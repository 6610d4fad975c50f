package awsjson

import (
	"fmt"
	"regexp"
	"strings"
)

// AWS validates model patterns with Java's java.util.regex and
// Matcher.matches(), which must consume the WHOLE value: "^(r-x)|(ou-y)$"
// does not accept "r-xZZZ" even though its first alternative is anchored only
// at the start. (Smithy's own specification says patterns are unanchored
// ECMA-262 searches, but AWS's servers answer as Java's matches() does:
// DynamoDB rejects "a b" for the table-name pattern "[a-zA-Z0-9_.-]+".)
//
// Go's RE2 differs from Java in syntax and in a few class meanings, so each
// pattern is translated, not copied:
//
//   - the whole pattern is wrapped as ^(?:...)$ to get matches();
//   - \uXXXX becomes \x{XXXX};
//   - \s and \S are Java's [ \t\n\x0B\f\r], which includes the vertical tab
//     that RE2's \s lacks;
//   - . is Java's "any character but a line terminator" (\n \r \x85 \u2028
//     \u2029), where RE2's . excludes only \n;
//   - \p{IsX} loses "Is", and the POSIX-like \p{Alpha}, \p{Digit}, ... become
//     the equivalent ASCII classes;
//   - \Q...\E is quoted.
//
// Constructs RE2 cannot express (look-around, back-references, possessive or
// atomic groups, class intersection and nesting, \Z, \G, \R, ...) are errors,
// and a test compiles every pattern of the model, so a model update that
// needs one fails loudly rather than validating wrongly.

// Java's \s, as the body of a character class.
const javaSpace = `\t\n\x0B\f\r\x20`

// Java's \S inside a class: every code point but javaSpace's.
const javaNonSpace = `\x00-\x08\x0E-\x1F\x21-\x{10FFFF}`

// Java's . without DOTALL.
const javaDot = `[^\n\r\x{85}\x{2028}\x{2029}]`

// Java's POSIX character classes (\p{Alpha} etc. are ASCII-only in Java
// unless UNICODE_CHARACTER_CLASS is set).
var javaPOSIX = map[string]string{
	"Lower": "lower", "Upper": "upper", "ASCII": "ascii", "Alpha": "alpha",
	"Digit": "digit", "Alnum": "alnum", "Punct": "punct", "Graph": "graph",
	"Print": "print", "Blank": "blank", "Cntrl": "cntrl", "XDigit": "xdigit",
	"Space": "space",
}

// matchesAll are the spellings of "any string" in the model: they need no
// regular expression at all, which saves a scan of long values such as
// policy documents and NextTokens.
var matchesAll = map[string]bool{`[\s\S]*`: true, `^[\s\S]*$`: true}

// compileJavaPattern compiles a model pattern with Java matches() semantics.
// It returns nil, nil for a pattern that accepts every string.
func compileJavaPattern(p string) (*regexp.Regexp, error) {
	if matchesAll[p] {
		return nil, nil
	}
	src, err := javaToRE2(p)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %w", p, err)
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, fmt.Errorf("pattern %q (as %q): %w", p, src, err)
	}
	return re, nil
}

// javaToRE2 translates a Java regular expression into an RE2 expression that
// matches exactly the strings Java's Pattern.matches would accept.
func javaToRE2(p string) (string, error) {
	var b strings.Builder
	b.WriteString(`^(?:`)
	inClass := false
	classStart := false // at the first position inside [ or [^
	for i := 0; i < len(p); {
		c := p[i]
		if c == '\\' {
			n, err := translateEscape(&b, p, i, inClass)
			if err != nil {
				return "", err
			}
			i += n
			classStart = false
			continue
		}
		if inClass {
			switch {
			case c == '[':
				return "", fmt.Errorf("nested character class at %d is not supported", i)
			case c == '&' && i+1 < len(p) && p[i+1] == '&':
				return "", fmt.Errorf("character class intersection at %d is not supported", i)
			case c == ']' && classStart:
				return "", fmt.Errorf("empty or ']'-leading character class at %d is not supported", i)
			case c == ']':
				inClass = false
			}
			classStart = false
			b.WriteByte(c)
			i++
			continue
		}
		switch c {
		case '[':
			inClass, classStart = true, true
			b.WriteByte('[')
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
		case '.':
			b.WriteString(javaDot)
		case '(':
			if strings.HasPrefix(p[i:], "(?=") || strings.HasPrefix(p[i:], "(?!") ||
				strings.HasPrefix(p[i:], "(?<=") || strings.HasPrefix(p[i:], "(?<!") ||
				strings.HasPrefix(p[i:], "(?>") {
				return "", fmt.Errorf("look-around or atomic group at %d is not supported", i)
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
		i++
	}
	if inClass {
		return "", fmt.Errorf("unterminated character class")
	}
	b.WriteString(`)$`)
	return b.String(), nil
}

// translateEscape writes the RE2 form of the escape at p[i] (a backslash)
// and returns how many bytes of p it consumed.
func translateEscape(b *strings.Builder, p string, i int, inClass bool) (int, error) {
	if i+1 >= len(p) {
		return 0, fmt.Errorf("trailing backslash")
	}
	e := p[i+1]
	switch e {
	case 'u':
		if i+6 > len(p) || !isHex(p[i+2:i+6]) {
			return 0, fmt.Errorf(`malformed \u escape at %d`, i)
		}
		b.WriteString(`\x{` + p[i+2:i+6] + `}`)
		return 6, nil
	case 's':
		if inClass {
			b.WriteString(javaSpace)
		} else {
			b.WriteString(`[` + javaSpace + `]`)
		}
		return 2, nil
	case 'S':
		if inClass {
			b.WriteString(javaNonSpace)
		} else {
			b.WriteString(`[^` + javaSpace + `]`)
		}
		return 2, nil
	case 'e':
		b.WriteString(`\x1B`)
		return 2, nil
	case 'Q':
		end := strings.Index(p[i+2:], `\E`)
		lit := p[i+2:]
		n := len(p) - i
		if end >= 0 {
			lit = p[i+2 : i+2+end]
			n = end + 4
		}
		b.WriteString(regexp.QuoteMeta(lit))
		return n, nil
	case 'p', 'P':
		return translateProperty(b, p, i, inClass)
	case 'Z', 'G', 'R', 'X', 'h', 'H', 'v', 'V', 'k', 'c', 'N',
		'0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return 0, fmt.Errorf(`escape \%c at %d is not supported`, e, i)
	}
	// \d \w \D \W \b \B \t \n \r \f \a \x.. \A \z and escaped punctuation
	// mean the same in both dialects.
	b.WriteByte('\\')
	b.WriteByte(e)
	return 2, nil
}

func translateProperty(b *strings.Builder, p string, i int, inClass bool) (int, error) {
	neg := p[i+1] == 'P'
	var name string
	n := 3
	if i+2 < len(p) && p[i+2] == '{' {
		end := strings.IndexByte(p[i+3:], '}')
		if end < 0 {
			return 0, fmt.Errorf(`unterminated \p{ at %d`, i)
		}
		name = p[i+3 : i+3+end]
		n = end + 4
	} else if i+2 < len(p) {
		name = p[i+2 : i+3]
	} else {
		return 0, fmt.Errorf(`malformed \p at %d`, i)
	}
	if posix, ok := javaPOSIX[name]; ok {
		cls := "[:" + posix + ":]"
		if neg {
			cls = "[:^" + posix + ":]"
		}
		if !inClass {
			cls = "[" + cls + "]"
		}
		b.WriteString(cls)
		return n, nil
	}
	// Java accepts \p{IsL} and \p{IsLatin} for categories and scripts;
	// RE2 knows the bare names.
	if strings.HasPrefix(name, "Is") && len(name) > 2 {
		name = name[2:]
	}
	if neg {
		b.WriteString(`\P{` + name + `}`)
	} else {
		b.WriteString(`\p{` + name + `}`)
	}
	return n, nil
}

func isHex[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
