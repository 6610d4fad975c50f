package awsjson

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"canopy/org"
)

// Validation is a single pass of a small JSON scanner over the request body,
// steered by the compiled input shape, followed by encoding/json into the
// caller's type. The scanner builds no tree: values are found as byte spans
// and checked in place, so validation allocates nothing on a valid request
// and costs about as much as encoding/json's own decoding, most of it in
// the model's regular expressions (see BenchmarkValidateCreateAccount).
//
// Order of answers: malformed JSON anywhere in the body first, then a JSON
// type that does not fit the model (both SerializationException), then the
// first constraint violation in the model's member order
// (InvalidInputException). AWS's front-end likewise deserializes the whole
// body before it checks any constraint. Only the first violation is
// reported, so the answer does not depend on how many there are.

// maxDepth bounds JSON nesting. The deepest input of the model is three
// levels (Tags[].Key); the bound stops a body of a million '[' from
// recursing a million times.
const maxDepth = 32

// Timestamps are epoch seconds on the wire. Values outside years 1..9999
// are refused as unrepresentable rather than silently wrapped.
const (
	minTimestamp = -62135596800 // 0001-01-01T00:00:00Z
	maxTimestamp = 253402300799 // 9999-12-31T23:59:59Z
)

var emptyObject = []byte("{}")

type span struct{ start, end int } // end == 0: absent

// seg is one step of the path a validation message names: a member
// ("tags"), a list element ("1.member") or a map entry part.
type seg struct {
	name  string
	index int // list element, 1-based, when name == ""
}

type decoder struct {
	data  []byte
	verr  *org.Error // first constraint violation, in model order
	dirty bool       // the body has members encoding/json could misread
	n     int
	path  [maxDepth + 2]seg
}

// Decode validates body as the input of op and, when it is valid and into is
// not nil, decodes it into into with encoding/json.
//
// An empty body is "{}". A body that is not a JSON object, malformed JSON,
// or a value whose JSON type does not fit the model answers
// SerializationException; a constraint of the model that is not met answers
// InvalidInputException with the matching reason. Both are *org.Error.
// JSON null is the same as an absent member, and members the model does not
// know are ignored. Any other error is Canopy's fault: into does not fit the
// model (see CheckInputType). Decode is safe for concurrent use.
func (op *Operation) Decode(body []byte, into any) error {
	d := decoder{data: body}
	i := d.ws(0)
	if i == len(body) {
		d.data, i = emptyObject, 0
	}
	if d.data[i] != '{' || op.input == nil {
		end, err := d.skip(i, 0)
		if err != nil {
			return err
		}
		if err := d.trailing(end); err != nil {
			return err
		}
		if d.data[i] != '{' {
			return serializationf("The request body must be a JSON object")
		}
		return nil // an operation without input accepts any object
	}
	var buf [8]span
	spans := spanBuf(&buf, op.input)
	end, err := d.scanObject(op.input, i, 0, spans)
	if err != nil {
		return err
	}
	if err := d.trailing(end); err != nil {
		return err
	}
	if err := d.members(op.input, spans, 0); err != nil {
		return err
	}
	if d.verr != nil {
		return d.verr
	}
	if into == nil {
		return nil
	}
	src := d.data
	if d.dirty {
		// encoding/json matches keys case-insensitively and merges repeated
		// objects, so a body with unknown or repeated members could smuggle
		// past validation a value that encoding/json would still decode.
		// Decode exactly what was validated instead.
		src = d.appendValue(make([]byte, 0, len(d.data)), op.input, i)
	}
	if err := json.Unmarshal(src, into); err != nil {
		return fmt.Errorf("awsjson: %s: decoding validated input into %T: %w", op.name, into, err)
	}
	return nil
}

func spanBuf(buf *[8]span, s *shape) []span {
	if len(s.members) <= len(buf) {
		return buf[:len(s.members)]
	}
	return make([]span, len(s.members))
}

func serializationf(format string, args ...any) *org.Error {
	return org.Errorf(org.ErrSerialization, format, args...)
}

// scanObject checks the syntax of the object at i and records where the
// value of each member of s is (the last one, when a key repeats, as
// encoding/json would take).
func (d *decoder) scanObject(s *shape, i, depth int, spans []span) (int, error) {
	data := d.data
	if depth >= maxDepth {
		return 0, serializationf("The request body is nested more than %d levels deep", maxDepth)
	}
	if i = d.ws(i + 1); i < len(data) && data[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return 0, d.syntax(i)
		}
		ks := i
		ke, simple, err := d.skipString(i)
		if err != nil {
			return 0, err
		}
		if i = d.ws(ke); i >= len(data) || data[i] != ':' {
			return 0, d.syntax(i)
		}
		vs := d.ws(i + 1)
		ve, err := d.skip(vs, depth+1)
		if err != nil {
			return 0, err
		}
		idx, known := -1, false
		if simple {
			idx, known = s.byWire[string(data[ks+1:ke-1])]
		} else {
			var key string
			if json.Unmarshal(data[ks:ke], &key) == nil {
				idx, known = s.byWire[key]
			}
		}
		if !known || spans[idx].end != 0 {
			d.dirty = true
		}
		if known {
			spans[idx] = span{vs, ve}
		}
		if i = d.ws(ve); i >= len(data) {
			return 0, d.syntax(i)
		}
		if data[i] == '}' {
			return i + 1, nil
		}
		if data[i] != ',' {
			return 0, d.syntax(i)
		}
		i = d.ws(i + 1)
	}
}

// members checks the recorded members of s in model order.
func (d *decoder) members(s *shape, spans []span, depth int) error {
	for idx, m := range s.members {
		sp := spans[idx]
		absent := sp.end == 0 || d.data[sp.start] == 'n'
		if absent && !m.required {
			continue
		}
		d.push(seg{name: m.path})
		var err error
		if absent {
			d.violate(org.ReasonInputRequired, true, "Member must not be null")
		} else {
			err = d.value(m.shape, sp.start, sp.end, depth+1)
		}
		d.pop()
		if err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) push(s seg) {
	if d.n < len(d.path) {
		d.path[d.n] = s
	}
	d.n++
}

func (d *decoder) pop() { d.n-- }

func (d *decoder) pathString() string {
	var b []byte
	for i := 0; i < d.n && i < len(d.path); i++ {
		if i > 0 {
			b = append(b, '.')
		}
		if s := d.path[i]; s.name != "" {
			b = append(b, s.name...)
		} else {
			b = strconv.AppendInt(b, int64(s.index), 10)
			b = append(b, ".member"...)
		}
	}
	return string(b)
}

// violate records a constraint violation at the current path, unless an
// earlier one was recorded.
func (d *decoder) violate(reason string, null bool, constraint string) {
	if d.verr != nil {
		return
	}
	value := "Value"
	if null {
		value = "Value null"
	}
	d.verr = &org.Error{
		Code:   org.ErrInvalidInput,
		Reason: reason,
		Message: reasonText[reason] + " " + value + " at '" + d.pathString() +
			"' failed to satisfy constraint: " + constraint,
	}
}

func (d *decoder) typeError(c byte, s *shape) error {
	var what string
	switch {
	case c == '{':
		what = "Start of structure or map found where not expected"
	case c == '[':
		what = "Start of list found where not expected"
	case s.typ == tList:
		what = "Expected list or null"
	case s.typ == tMap:
		what = "Expected map or null"
	case s.typ == tStructure:
		what = "Expected structure or null"
	default:
		what = tokenName(c) + " can not be converted to " + typeNames[s.typ]
	}
	return serializationf("%s at '%s'", what, d.pathString())
}

func tokenName(c byte) string {
	switch c {
	case '"':
		return "STRING_VALUE"
	case 't':
		return "TRUE_VALUE"
	case 'f':
		return "FALSE_VALUE"
	}
	return "NUMBER_VALUE"
}

func isNumberStart(c byte) bool { return c == '-' || '0' <= c && c <= '9' }

// value checks the value at data[s:e] against shape sh.
func (d *decoder) value(sh *shape, s, e, depth int) error {
	c := d.data[s]
	switch sh.typ {
	case tStructure:
		if c != '{' {
			return d.typeError(c, sh)
		}
		var buf [8]span
		spans := spanBuf(&buf, sh)
		if _, err := d.scanObject(sh, s, depth, spans); err != nil {
			return err
		}
		return d.members(sh, spans, depth)
	case tList:
		if c != '[' {
			return d.typeError(c, sh)
		}
		return d.list(sh, s, depth)
	case tMap:
		if c != '{' {
			return d.typeError(c, sh)
		}
		return d.mapValue(sh, s, depth)
	case tString:
		if c != '"' {
			return d.typeError(c, sh)
		}
		if d.verr == nil {
			d.checkString(sh, d.str(s, e))
		}
	case tBlob:
		if c != '"' {
			return d.typeError(c, sh)
		}
		return d.checkBlob(sh, d.str(s, e))
	case tBoolean:
		if c != 't' && c != 'f' {
			return d.typeError(c, sh)
		}
	case tInteger, tLong:
		if !isNumberStart(c) {
			return d.typeError(c, sh)
		}
		return d.checkInteger(sh, d.data[s:e])
	case tFloat, tDouble, tTimestamp:
		if !isNumberStart(c) {
			return d.typeError(c, sh)
		}
		return d.checkFloat(sh, d.data[s:e])
	}
	return nil
}

// str returns the value of the JSON string at data[s:e], decoded exactly as
// encoding/json decodes it (invalid UTF-8 and lone surrogates become
// U+FFFD), so that what is validated is what the operation receives.
func (d *decoder) str(s, e int) []byte {
	inner := d.data[s+1 : e-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return inner
	}
	var v string
	_ = json.Unmarshal(d.data[s:e], &v) // syntax already checked
	return []byte(v)
}

// Lengths count Unicode code points (Smithy's "Unicode scalar values"), not
// bytes and not Java's UTF-16 units: "é" is 1, and so is "😀", which Java's
// String.length() would count as 2. See the package documentation.
func (d *decoder) checkString(sh *shape, v []byte) {
	if sh.enumSet != nil {
		if _, ok := sh.enumSet[string(v)]; !ok {
			d.violate(sh.enumReason, false, sh.enumMsg)
			return
		}
	}
	if sh.hasMin || sh.hasMax {
		if !d.checkLength(sh, utf8.RuneCount(v)) {
			return
		}
	}
	if sh.re != nil && !sh.re.Match(v) {
		d.violate(sh.patternReason, false, "Member must satisfy regular expression pattern: "+sh.pattern)
	}
}

// checkLength checks a string's, blob's, list's or map's length bounds and
// reports whether they hold.
func (d *decoder) checkLength(sh *shape, n int) bool {
	switch {
	case sh.hasMin && float64(n) < sh.min:
		d.violate(org.ReasonMinLengthExceeded, false, "Member must have length greater than or equal to "+formatBound(sh.min))
	case sh.hasMax && float64(n) > sh.max:
		d.violate(org.ReasonMaxLengthExceeded, false, "Member must have length less than or equal to "+formatBound(sh.max))
	default:
		return true
	}
	return false
}

func (d *decoder) checkValue(sh *shape, v float64) {
	switch {
	case sh.hasMin && v < sh.min:
		d.violate(org.ReasonMinValueExceeded, false, "Member must have value greater than or equal to "+formatBound(sh.min))
	case sh.hasMax && v > sh.max:
		d.violate(org.ReasonMaxValueExceeded, false, "Member must have value less than or equal to "+formatBound(sh.max))
	}
}

func formatBound(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (d *decoder) checkBlob(sh *shape, v []byte) error {
	// encoding/json decodes []byte with padded standard base64.
	n, err := base64.StdEncoding.Decode(make([]byte, base64.StdEncoding.DecodedLen(len(v))), v)
	if err != nil {
		return serializationf("STRING_VALUE is not base64 and can not be converted to a Blob at '%s'", d.pathString())
	}
	if d.verr == nil && (sh.hasMin || sh.hasMax) {
		d.checkLength(sh, n)
	}
	return nil
}

// checkInteger accepts only JSON integers (no fraction or exponent) that fit
// the shape's Java type: AWS's front-end would truncate 2.5 to 2, but the
// operation's Go type could not receive it, and no SDK sends one.
func (d *decoder) checkInteger(sh *shape, num []byte) error {
	v, ok := parseInt(num)
	if ok && sh.typ == tInteger && (v < math.MinInt32 || v > math.MaxInt32) {
		ok = false
	}
	if !ok {
		return serializationf("NUMBER_VALUE is fractional or out of range and can not be converted to %s at '%s'",
			typeNames[sh.typ], d.pathString())
	}
	if d.verr == nil {
		d.checkValue(sh, float64(v))
	}
	return nil
}

// parseInt parses a JSON number that must be an integer within int64.
func parseInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		if u > (math.MaxUint64-9)/10 {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	switch {
	case neg && u <= 1<<63:
		return -int64(u-1) - 1, true
	case !neg && u <= math.MaxInt64:
		return int64(u), true
	}
	return 0, false
}

func (d *decoder) checkFloat(sh *shape, num []byte) error {
	f, err := strconv.ParseFloat(string(num), 64)
	if err == nil && sh.typ == tFloat && math.Abs(f) > math.MaxFloat32 {
		err = strconv.ErrRange
	}
	if err == nil && sh.typ == tTimestamp && (f < minTimestamp || f > maxTimestamp) {
		err = strconv.ErrRange
	}
	if err != nil {
		return serializationf("NUMBER_VALUE is out of range and can not be converted to %s at '%s'",
			typeNames[sh.typ], d.pathString())
	}
	if d.verr == nil && sh.typ != tTimestamp {
		d.checkValue(sh, f)
	}
	return nil
}

// elements calls fn for each element of the array at s.
func (d *decoder) elements(s, depth int, fn func(idx, es, ee int) error) error {
	data := d.data
	i := d.ws(s + 1)
	if data[i] == ']' {
		return nil
	}
	for idx := 1; ; idx++ {
		ee, err := d.skip(i, depth+1)
		if err != nil {
			return err
		}
		if err := fn(idx, i, ee); err != nil {
			return err
		}
		if i = d.ws(ee); data[i] == ']' {
			return nil
		}
		i = d.ws(i + 1)
	}
}

func (d *decoder) list(sh *shape, s, depth int) error {
	if (sh.hasMin || sh.hasMax) && d.verr == nil {
		// A list's own bounds come before its elements' constraints.
		n := 0
		_ = d.elements(s, depth, func(int, int, int) error { n++; return nil })
		d.checkLength(sh, n)
	}
	return d.elements(s, depth, func(idx, es, ee int) error {
		d.push(seg{index: idx})
		defer d.pop()
		if d.data[es] == 'n' {
			d.violate(org.ReasonInvalidListMember, true, "Member must not be null")
			return nil
		}
		return d.value(sh.member, es, ee, depth+1)
	})
}

// mapValue checks a map's entries. Paths name the map, then "key" or
// "value": the key itself is client data and stays out of messages.
func (d *decoder) mapValue(sh *shape, s, depth int) error {
	data := d.data
	type entry struct{ ks, ke, vs, ve int }
	var entries []entry
	i := d.ws(s + 1)
	for data[i] != '}' {
		ke, _, _ := d.skipString(i)
		vs := d.ws(d.ws(ke) + 1)
		ve, err := d.skip(vs, depth+1)
		if err != nil {
			return err
		}
		entries = append(entries, entry{i, ke, vs, ve})
		if i = d.ws(ve); data[i] == ',' {
			i = d.ws(i + 1)
		}
	}
	if (sh.hasMin || sh.hasMax) && d.verr == nil {
		d.checkLength(sh, len(entries))
	}
	for _, en := range entries {
		d.push(seg{name: "key"})
		err := d.value(sh.key, en.ks, en.ke, depth+1)
		d.pop()
		if err != nil {
			return err
		}
		d.push(seg{name: "value"})
		if data[en.vs] == 'n' {
			d.violate(org.ReasonInvalidListMember, true, "Member must not be null")
		} else {
			err = d.value(sh.value, en.vs, en.ve, depth+1)
		}
		d.pop()
		if err != nil {
			return err
		}
	}
	return nil
}

// appendValue appends to out the value at s as validated against sh: only
// the members sh knows, each once (the last), without nulls. It runs only
// on bodies that validated, so it needs no error handling.
func (d *decoder) appendValue(out []byte, sh *shape, s int) []byte {
	data := d.data
	e, _ := d.skip(s, 0)
	switch sh.typ {
	case tStructure:
		spans := make([]span, len(sh.members))
		_, _ = d.scanObject(sh, s, 0, spans)
		out = append(out, '{')
		first := true
		for idx, m := range sh.members {
			sp := spans[idx]
			if sp.end == 0 || data[sp.start] == 'n' {
				continue
			}
			if !first {
				out = append(out, ',')
			}
			first = false
			out = strconv.AppendQuote(out, m.wire)
			out = append(out, ':')
			out = d.appendValue(out, m.shape, sp.start)
		}
		return append(out, '}')
	case tList:
		out = append(out, '[')
		_ = d.elements(s, 0, func(idx, es, _ int) error {
			if idx > 1 {
				out = append(out, ',')
			}
			out = d.appendValue(out, sh.member, es)
			return nil
		})
		return append(out, ']')
	case tMap:
		out = append(out, '{')
		i := d.ws(s + 1)
		for first := true; data[i] != '}'; first = false {
			ke, _, _ := d.skipString(i)
			vs := d.ws(d.ws(ke) + 1)
			ve, _ := d.skip(vs, 0)
			if !first {
				out = append(out, ',')
			}
			out = append(out, data[i:ke]...)
			out = append(out, ':')
			out = d.appendValue(out, sh.value, vs)
			if i = d.ws(ve); data[i] == ',' {
				i = d.ws(i + 1)
			}
		}
		return append(out, '}')
	}
	return append(out, data[s:e]...)
}
