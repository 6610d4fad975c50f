package stsapi

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The constraints of the STS model's AssumeRoleRequest, written as a table.
// TestConstraintsMatchModel checks every row against the botocore model in
// testdata, so a model update that changes a constraint fails loudly.
//
// AWS validates with Java: patterns must match the whole value
// (Matcher.matches()), and lengths count Unicode code points (a value of
// 2048 emoji is within a maximum of 2048 although Java's String.length()
// would say 4096). Messages quote each pattern as the model spells it.

// stringRule is the model's constraint on a string member.
type stringRule struct {
	min, max int    // max 0: none
	pattern  string // as the model spells it; "" for none
	re       *regexp.Regexp
}

func rule(min, max int, pattern string) *stringRule {
	r := &stringRule{min: min, max: max, pattern: pattern}
	if pattern != "" {
		r.re = regexp.MustCompile(javaPattern(pattern))
	}
	return r
}

// javaPattern translates the model's Java patterns into RE2 with Java's
// Matcher.matches() semantics. The STS model's patterns use character
// classes with \w, \d, \p{L}, \p{Z}, \p{N}, escaped punctuation and \uXXXX
// escapes; all but the last mean the same in both dialects (\w and \d are
// ASCII-only in Java without UNICODE_CHARACTER_CLASS, as in RE2). Java reads
// exactly four hex digits after \u, so the model's "\u10000-\u10FFFF" is
// \u1000, the range '0'-\u10FF and two 'F's: code points above U+FFFF do
// not match (AWS rejects an ARN of emoji for its pattern), while DEL and the
// C1 controls do. The translation keeps that reading.
func javaPattern(p string) string {
	var b strings.Builder
	b.WriteString(`^(?:`)
	for i := 0; i < len(p); i++ {
		if p[i] == '\\' && i+6 <= len(p) && p[i+1] == 'u' && isHex4(p[i+2:i+6]) {
			b.WriteString(`\x{` + p[i+2:i+6] + `}`)
			i += 5
			continue
		}
		if p[i] == '\\' && i+1 < len(p) {
			b.WriteString(p[i : i+2])
			i++
			continue
		}
		b.WriteByte(p[i])
	}
	b.WriteString(`)$`)
	return b.String()
}

func isHex4(s string) bool {
	if len(s) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// Shapes of the model (botocore names in comments).
var (
	arnRule              = rule(20, 2048, `[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+`) // arnType
	roleSessionNameRule  = rule(2, 64, `[\w+=,.@-]*`)                                                                           // roleSessionNameType
	sessionPolicyRule    = rule(1, 0, `[\u0009\u000A\u000D\u0020-\u00FF]+`)                                                     // unrestrictedSessionPolicyDocumentType
	tagKeyRule           = rule(1, 128, `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`)                                                          // tagKeyType
	tagValueRule         = rule(0, 256, `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`)                                                          // tagValueType
	externalIDRule       = rule(2, 1224, `[\w+=,.@:\/-]*`)                                                                      // externalIdType
	serialNumberRule     = rule(9, 256, `[\w+=/:,.@-]*`)                                                                        // serialNumberType
	tokenCodeRule        = rule(6, 6, `[\d]*`)                                                                                  // tokenCodeType
	sourceIdentityRule   = rule(2, 64, `[\w+=,.@-]*`)                                                                           // sourceIdentityType
	contextAssertionRule = rule(4, 2048, "")                                                                                    // contextAssertionType
)

const (
	durationMin, durationMax int32 = 900, 43200 // roleDurationSecondsType
	durationDefault          int32 = 3600
	maxTags                        = 50 // tagListType
	maxTransitiveTagKeys           = 50 // tagKeyListType
	minProvidedContexts            = 1  // ProvidedContextsListType
	maxProvidedContexts            = 5
)

// violations collects constraint failures in AWS's words, in the order AWS
// lists them: the model's member order, and for one string its pattern
// before its length.
type violations []string

func (v *violations) add(value *string, path, constraint string) {
	shown := "null"
	if value != nil {
		shown = "'" + *value + "'"
	}
	*v = append(*v, "Value "+shown+" at '"+path+"' failed to satisfy constraint: "+constraint)
}

// required records a missing member the model requires.
func (v *violations) required(path string) {
	v.add(nil, path, "Member must not be null")
}

// str checks a string member that is present.
func (v *violations) str(s, path string, r *stringRule) {
	if r.re != nil && !r.re.MatchString(s) {
		v.add(&s, path, "Member must satisfy regular expression pattern: "+r.pattern)
	}
	n := utf8.RuneCountInString(s)
	if n < r.min {
		v.add(&s, path, "Member must have length greater than or equal to "+strconv.Itoa(r.min))
	}
	if r.max > 0 && n > r.max {
		v.add(&s, path, "Member must have length less than or equal to "+strconv.Itoa(r.max))
	}
}

// optional checks a string member that may be absent.
func (v *violations) optional(s *string, path string, r *stringRule) {
	if s != nil {
		v.str(*s, path, r)
	}
}

// member checks a member of a list element, which the model may require.
func (v *violations) member(s *string, required bool, path string, r *stringRule) {
	if s == nil {
		if required {
			v.required(path)
		}
		return
	}
	v.str(*s, path, r)
}

// listLength checks a list's length; show renders the list as Java's
// List.toString does, and runs only when a message needs it.
func (v *violations) listLength(n, min, max int, path string, show func() string) {
	if n < min {
		shown := show()
		v.add(&shown, path, "Member must have length greater than or equal to "+strconv.Itoa(min))
	}
	if max > 0 && n > max {
		shown := show()
		v.add(&shown, path, "Member must have length less than or equal to "+strconv.Itoa(max))
	}
}

// intRange checks an integer member.
func (v *violations) intRange(n int32, path string, min, max int32) {
	shown := strconv.FormatInt(int64(n), 10)
	if n < min {
		v.add(&shown, path, fmt.Sprintf("Member must have value greater than or equal to %d", min))
	}
	if n > max {
		v.add(&shown, path, fmt.Sprintf("Member must have value less than or equal to %d", max))
	}
}

// message is AWS's ValidationError text for the violations.
func (v violations) message() string {
	noun := "errors"
	if len(v) == 1 {
		noun = "error"
	}
	return strconv.Itoa(len(v)) + " validation " + noun + " detected: " + strings.Join(v, "; ")
}

// elementPath is the path of a list element's member, such as
// tags.1.member.key: one-based, as the Query protocol numbers elements.
func elementPath(list string, i int, member string) string {
	p := list + "." + strconv.Itoa(i+1) + ".member"
	if member != "" {
		p += "." + member
	}
	return p
}

// javaList renders a list as Java's AbstractCollection.toString does.
func javaList(items []string) string {
	return "[" + strings.Join(items, ", ") + "]"
}

// validArn reports whether s has the six colon-separated parts of an ARN,
// "arn", then a partition and a service that are not empty, region and
// account that may be, and a resource that is not empty. AWS answers
// "<value> is invalid" for a RoleArn that passes the model's constraints but
// not this.
func validArn(s string) bool {
	parts := strings.SplitN(s, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && parts[1] != "" && parts[2] != "" && parts[5] != ""
}
