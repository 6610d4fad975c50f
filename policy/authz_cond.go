package policy

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Condition operators: the IAM list, compiled so that a decision parses no
// policy value again.

type azFamily uint8

const (
	azFamString azFamily = iota
	azFamNumeric
	azFamDate
	azFamBool
	azFamBinary
	azFamIP
	azFamARN
	azFamNull
)

// azFamilyCost orders a statement's conditions for evaluation: those that
// parse no request value first.
var azFamilyCost = [...]uint8{
	azFamNull:    0,
	azFamBool:    1,
	azFamString:  2,
	azFamARN:     3,
	azFamNumeric: 4,
	azFamIP:      5,
	azFamBinary:  6,
	azFamDate:    7,
}

type azCmp uint8

const (
	azCmpEq azCmp = iota
	azCmpLike
	azCmpLT
	azCmpLE
	azCmpGT
	azCmpGE
)

type azOpSpec struct {
	fam  azFamily
	cmp  azCmp
	neg  bool // matches when the key's value matches none of the policy values
	fold bool
	vars bool // policy variables allowed in values
}

var azOps = map[string]azOpSpec{
	"StringEquals":              {fam: azFamString, vars: true},
	"StringNotEquals":           {fam: azFamString, neg: true, vars: true},
	"StringEqualsIgnoreCase":    {fam: azFamString, fold: true, vars: true},
	"StringNotEqualsIgnoreCase": {fam: azFamString, neg: true, fold: true, vars: true},
	"StringLike":                {fam: azFamString, cmp: azCmpLike, vars: true},
	"StringNotLike":             {fam: azFamString, cmp: azCmpLike, neg: true, vars: true},
	"NumericEquals":             {fam: azFamNumeric},
	"NumericNotEquals":          {fam: azFamNumeric, neg: true},
	"NumericLessThan":           {fam: azFamNumeric, cmp: azCmpLT},
	"NumericLessThanEquals":     {fam: azFamNumeric, cmp: azCmpLE},
	"NumericGreaterThan":        {fam: azFamNumeric, cmp: azCmpGT},
	"NumericGreaterThanEquals":  {fam: azFamNumeric, cmp: azCmpGE},
	"DateEquals":                {fam: azFamDate},
	"DateNotEquals":             {fam: azFamDate, neg: true},
	"DateLessThan":              {fam: azFamDate, cmp: azCmpLT},
	"DateLessThanEquals":        {fam: azFamDate, cmp: azCmpLE},
	"DateGreaterThan":           {fam: azFamDate, cmp: azCmpGT},
	"DateGreaterThanEquals":     {fam: azFamDate, cmp: azCmpGE},
	"Bool":                      {fam: azFamBool, vars: true},
	"BinaryEquals":              {fam: azFamBinary},
	"IpAddress":                 {fam: azFamIP},
	"NotIpAddress":              {fam: azFamIP, neg: true},
	"ArnEquals":                 {fam: azFamARN, vars: true},
	"ArnLike":                   {fam: azFamARN, vars: true},
	"ArnNotEquals":              {fam: azFamARN, neg: true, vars: true},
	"ArnNotLike":                {fam: azFamARN, neg: true, vars: true},
	"Null":                      {fam: azFamNull},
}

const (
	azSetNone = iota
	azSetAll
	azSetAny
)

type azCond struct {
	azOpSpec
	ifExists bool
	set      uint8
	key      string   // as written
	kid      int32    // index in Compiled.keys
	texts    []azText // string, bool
	arns     []azARN
	nums     []float64
	dates    []time.Time
	bins     [][]byte
	nets     []netip.Prefix
	nulls    []bool // true: the key must be absent
}

// azParseOperator splits "ForAnyValue:StringLikeIfExists" into its parts.
func azParseOperator(name string) (spec azOpSpec, set uint8, ifExists bool, msg string) {
	base := name
	if q, rest, ok := strings.Cut(name, ":"); ok {
		switch q {
		case "ForAllValues":
			set = azSetAll
		case "ForAnyValue":
			set = azSetAny
		default:
			if strings.EqualFold(q, "ForAllValues") || strings.EqualFold(q, "ForAnyValue") {
				return spec, 0, false, fmt.Sprintf("unknown set qualifier %q: qualifiers are case-sensitive, write ForAllValues: or ForAnyValue:", q)
			}
			return spec, 0, false, fmt.Sprintf("unknown set qualifier %q: use ForAllValues: or ForAnyValue:", q)
		}
		base = rest
	}
	op := base
	if strings.HasSuffix(op, "IfExists") && op != "IfExists" {
		op, ifExists = strings.TrimSuffix(op, "IfExists"), true
	}
	spec, ok := azOps[op]
	if !ok {
		lower, sfx := strings.ToLower(base), ""
		if strings.HasSuffix(lower, "ifexists") && lower != "ifexists" {
			lower, sfx = strings.TrimSuffix(lower, "ifexists"), "IfExists"
		}
		for known := range azOps {
			if strings.ToLower(known) == lower {
				return spec, 0, false, fmt.Sprintf("unknown condition operator %q: operator names are case-sensitive, write %q", name, name[:len(name)-len(base)]+known+sfx)
			}
		}
		return spec, 0, false, fmt.Sprintf("unknown condition operator %q: use an IAM operator (String..., Numeric..., Date..., Bool, BinaryEquals, IpAddress, NotIpAddress, Arn..., Null), optionally ending in IfExists or after ForAllValues: or ForAnyValue:", name)
	}
	if spec.fam == azFamNull && ifExists {
		return spec, 0, false, "Null has no IfExists form: Null itself tests whether the key exists"
	}
	if spec.fam == azFamNull && set != azSetNone {
		return spec, 0, false, "Null takes no ForAllValues:/ForAnyValue: qualifier: it tests whether the key exists"
	}
	return spec, set, ifExists, ""
}

// azCompileCondition reads a statement's Condition element.
func azCompileCondition(v azJSON, loc string, vars bool) ([]azCond, error) {
	if v.kind != azObject {
		return nil, &Error{Location: loc, Message: fmt.Sprintf("Condition must be an object of operators, such as {\"StringEquals\": {\"aws:PrincipalTag/team\": \"blue\"}}, not %s", v.kind)}
	}
	if err := v.dupError(loc); err != nil {
		return nil, err
	}
	var out []azCond
	for _, opf := range v.obj {
		oloc := loc + "." + opf.key
		spec, set, ifExists, msg := azParseOperator(opf.key)
		if msg != "" {
			return nil, &Error{Location: oloc, Message: msg}
		}
		if opf.val.kind != azObject {
			return nil, &Error{Location: oloc, Message: fmt.Sprintf("an operator takes an object of condition keys and values, such as {\"aws:RequestedRegion\": \"eu-west-1\"}, not %s", opf.val.kind)}
		}
		if len(opf.val.obj) == 0 {
			return nil, &Error{Location: oloc, Message: "the operator has no condition keys: add a key and its values, or remove the operator"}
		}
		var seen azSeen
		for i, kf := range opf.val.obj {
			kloc := oloc + "." + kf.key
			if j, dup := seen.add(strings.ToLower(kf.key), kf.key, i); dup {
				return nil, &Error{Location: kloc, Message: fmt.Sprintf("the condition key %q already appears under this operator as %q (key names ignore case): merge their values into one array", kf.key, opf.val.obj[j].key)}
			}
			if msg := azCheckKey(kf.key); msg != "" {
				return nil, &Error{Location: kloc, Message: msg}
			}
			c := azCond{azOpSpec: spec, ifExists: ifExists, set: set, key: kf.key}
			vals, err := azScalars(kf.val, kloc, "a condition key")
			if err != nil {
				return nil, err
			}
			for j, s := range vals {
				vloc := kloc
				if kf.val.kind == azArray {
					vloc = fmt.Sprintf("%s[%d]", kloc, j)
				}
				if msg := c.addValue(s, vars && spec.vars); msg != "" {
					return nil, &Error{Location: vloc, Message: msg}
				}
			}
			out = append(out, c)
		}
	}
	return out, nil
}

func azCheckKey(k string) string {
	i := strings.IndexByte(k, ':')
	if i <= 0 || i == len(k)-1 || strings.ContainsAny(k, " \t\n") {
		return fmt.Sprintf("%q is not a condition key: keys have a service prefix, such as aws:SourceIp or s3:prefix", k)
	}
	return ""
}

// azScalars reads a value that IAM accepts as one scalar or a non-empty
// array of scalars.
func azScalars(v azJSON, loc, what string) ([]string, error) {
	if s, ok := v.scalarText(); ok {
		return []string{s}, nil
	}
	if v.kind != azArray {
		return nil, &Error{Location: loc, Message: fmt.Sprintf("the value of %s must be a string or an array of strings, not %s", what, v.kind)}
	}
	if len(v.arr) == 0 {
		return nil, &Error{Location: loc, Message: "the array is empty: give at least one value"}
	}
	out := make([]string, len(v.arr))
	for i, e := range v.arr {
		s, ok := e.scalarText()
		if !ok {
			return nil, &Error{Location: fmt.Sprintf("%s[%d]", loc, i), Message: fmt.Sprintf("each value must be a string, number or boolean, not %s", e.kind)}
		}
		out[i] = s
	}
	return out, nil
}

func (c *azCond) addValue(s string, vars bool) string {
	noVars := func() string {
		if strings.Contains(s, "${") {
			return " (this operator takes no policy variables)"
		}
		return ""
	}
	switch c.fam {
	case azFamString, azFamBool:
		t, err := azParseText(s, vars)
		if err != nil {
			return err.Error()
		}
		if c.fam == azFamBool && !t.vars && !strings.EqualFold(t.lit, "true") && !strings.EqualFold(t.lit, "false") {
			return fmt.Sprintf("Bool compares with \"true\" or \"false\", not %q", s)
		}
		c.texts = append(c.texts, t)
	case azFamARN:
		a, err := azParseARN(s, vars)
		if err != nil {
			return err.Error()
		}
		c.arns = append(c.arns, a)
	case azFamNumeric:
		n, ok := azParseNumber(s)
		if !ok {
			return fmt.Sprintf("%q is not a number%s", s, noVars())
		}
		c.nums = append(c.nums, n)
	case azFamDate:
		d, ok := azParseDate(s)
		if !ok {
			return fmt.Sprintf("%q is not a date: use ISO 8601, such as 2026-01-31T12:00:00Z, or epoch seconds%s", s, noVars())
		}
		c.dates = append(c.dates, d)
	case azFamBinary:
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return fmt.Sprintf("BinaryEquals compares with base64-encoded bytes; %q is not base64%s", azClip(s), noVars())
		}
		c.bins = append(c.bins, b)
	case azFamIP:
		p, ok := azParsePrefix(s)
		if !ok {
			return fmt.Sprintf("%q is not an IP address or CIDR block, such as 203.0.113.0/24 or 2001:db8::/32%s", s, noVars())
		}
		c.nets = append(c.nets, p)
	case azFamNull:
		switch strings.ToLower(s) {
		case "true":
			c.nulls = append(c.nulls, true)
		case "false":
			c.nulls = append(c.nulls, false)
		default:
			return fmt.Sprintf("Null takes \"true\" (the key is absent) or \"false\" (the key is present), not %q", s)
		}
	}
	return ""
}

func (c *azCond) varKeys(dst []azPart) []azPart {
	for i := range c.texts {
		dst = c.texts[i].varKeys(dst)
	}
	for i := range c.arns {
		dst = c.arns[i].varKeys(dst)
	}
	return dst
}

// azParseNumber accepts decimal numbers only: ParseFloat alone would also
// take hex floats, "Inf" and "NaN".
func azParseNumber(s string) (float64, bool) {
	if s == "" || len(s) > 64 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E' {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

var azDateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
	"20060102T150405Z",
}

func azParseDate(s string) (time.Time, bool) {
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	if azIsEpoch(s) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f > 1e11 {
			return time.Time{}, false
		}
		sec := math.Floor(f)
		return time.Unix(int64(sec), int64((f-sec)*1e9)).UTC(), true
	}
	for _, l := range azDateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// azIsEpoch: digits, optionally a fraction.
func azIsEpoch(s string) bool {
	whole, frac, _ := strings.Cut(s, ".")
	return whole != "" && strings.Trim(whole, "0123456789") == "" && strings.Trim(frac, "0123456789") == ""
}

func azParsePrefix(s string) (netip.Prefix, bool) {
	if strings.IndexByte(s, '/') >= 0 {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		a, bits := p.Addr(), p.Bits()
		if a.Is4In6() && bits >= 96 {
			a, bits = a.Unmap(), bits-96
		}
		return netip.PrefixFrom(a, bits).Masked(), true
	}
	a, ok := azParseAddr(s)
	if !ok {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

func azParseAddr(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.WithZone("").Unmap(), true
}

// holds decides one condition key against the request.
func (c *azCond) holds(x *azEvalCtx) bool {
	v := x.get(c.kid)
	n := 0
	if v != nil {
		n = v.n()
	}
	if c.fam == azFamNull {
		for _, absent := range c.nulls {
			if absent == (n == 0) {
				return true
			}
		}
		return false
	}
	if n == 0 {
		switch c.set {
		case azSetAll:
			return true
		case azSetAny:
			return c.ifExists
		}
		return c.ifExists || c.neg
	}
	switch c.set {
	case azSetAll:
		for i := 0; i < n; i++ {
			if c.matchAny(v.at(i), x) == c.neg {
				return false
			}
		}
		return true
	case azSetAny:
		for i := 0; i < n; i++ {
			if c.matchAny(v.at(i), x) != c.neg {
				return true
			}
		}
		return false
	}
	for i := 0; i < n; i++ {
		if c.matchAny(v.at(i), x) {
			return !c.neg
		}
	}
	return c.neg
}

// matchAny reports whether one request value matches any policy value
// under the operator's positive form.
func (c *azCond) matchAny(s string, x *azEvalCtx) bool {
	switch c.fam {
	case azFamString:
		for i := range c.texts {
			t := &c.texts[i]
			if c.cmp == azCmpLike {
				if t.like(s, false, x) {
					return true
				}
			} else if t.equals(s, c.fold, x) {
				return true
			}
		}
	case azFamBool:
		for i := range c.texts {
			if c.texts[i].equals(s, true, x) {
				return true
			}
		}
	case azFamARN:
		for i := range c.arns {
			if c.arns[i].match(s, x) {
				return true
			}
		}
	case azFamNumeric:
		pv := x.sc.parsed.get(azFamNumeric, s)
		if !pv.ok {
			return false
		}
		for _, p := range c.nums {
			if azCompare(c.cmp, azCmpFloat(pv.f, p)) {
				return true
			}
		}
	case azFamDate:
		pv := x.sc.parsed.get(azFamDate, s)
		if !pv.ok {
			return false
		}
		for _, p := range c.dates {
			if azCompare(c.cmp, pv.t.Compare(p)) {
				return true
			}
		}
	case azFamBinary:
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return false
		}
		for _, p := range c.bins {
			if bytes.Equal(b, p) {
				return true
			}
		}
	case azFamIP:
		if strings.IndexByte(s, '/') >= 0 {
			q, ok := azParsePrefix(s)
			if !ok {
				return false
			}
			for _, p := range c.nets {
				if p.Bits() <= q.Bits() && p.Contains(q.Addr()) {
					return true
				}
			}
			return false
		}
		pv := x.sc.parsed.get(azFamIP, s)
		if !pv.ok {
			return false
		}
		for _, p := range c.nets {
			if p.Contains(pv.a) {
				return true
			}
		}
	}
	return false
}

// azParseCache keeps the last request values a decision parsed as numbers,
// dates or addresses: the same key is read by a condition at every level.
type azParseCache struct {
	next int
	e    [4]azParsed
}

type azParsed struct {
	s   string
	fam azFamily
	ok  bool
	f   float64
	t   time.Time
	a   netip.Addr
}

func (pc *azParseCache) get(fam azFamily, s string) *azParsed {
	for i := range pc.e {
		// Empty entries have azFamString, which is never cached.
		if e := &pc.e[i]; e.fam == fam && e.s == s {
			return e
		}
	}
	e := &pc.e[pc.next%len(pc.e)]
	pc.next++
	*e = azParsed{s: s, fam: fam}
	switch fam {
	case azFamNumeric:
		e.f, e.ok = azParseNumber(s)
	case azFamDate:
		e.t, e.ok = azParseDate(s)
	case azFamIP:
		e.a, e.ok = azParseAddr(s)
	}
	return e
}

func azCmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// azCompare applies an ordering operator to request-value-versus-policy-
// value order r.
func azCompare(op azCmp, r int) bool {
	switch op {
	case azCmpLT:
		return r < 0
	case azCmpLE:
		return r <= 0
	case azCmpGT:
		return r > 0
	case azCmpGE:
		return r >= 0
	}
	return r == 0
}
