package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// The management-policy reader keeps what encoding/json's maps lose and the
// merge needs: key order (the effective policy is rendered in the order keys
// first appear), duplicate keys (AWS refuses them) and each value's JSON type.
// It is separate from the SCP/RCP reader so that the two halves of the
// package can change independently.

type mgKindJSON uint8

const (
	mjNull mgKindJSON = iota
	mjBool
	mjNumber
	mjString
	mjArray
	mjObject
)

func (k mgKindJSON) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

type mgJSON struct {
	kind mgKindJSON
	s    string // a string's value, a number's text, or "true"/"false"
	arr  []mgJSON
	obj  []mgField
}

type mgField struct {
	key string
	val mgJSON
}

func (v mgJSON) isScalar() bool {
	return v.kind == mjString || v.kind == mjNumber || v.kind == mjBool
}

// identity is what set semantics compare: the JSON type and the text, so the
// string "60" and the number 60 stay distinct values.
func (v mgJSON) identity() string {
	return string(rune('0'+v.kind)) + v.s
}

// A management policy is a dozen levels deep at most (backup copy actions);
// the bound keeps hostile input from costing stack.
const mgMaxDepth = 32

func mgParseJSON(content string) (mgJSON, error) {
	if strings.TrimSpace(content) == "" {
		return mgJSON{}, &Error{Message: "the policy document is empty: write a JSON object such as {\"tags\": {...}}"}
	}
	if !utf8.ValidString(content) {
		return mgJSON{}, &Error{Message: "the policy document is not valid UTF-8 text"}
	}
	dec := json.NewDecoder(strings.NewReader(content))
	dec.UseNumber()
	v, err := mgReadValue(dec, nil, 0)
	if err != nil {
		return mgJSON{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return mgJSON{}, &Error{Message: fmt.Sprintf("the policy document has more content after its closing brace (at byte %d): a policy is a single JSON object", dec.InputOffset())}
	}
	return v, nil
}

func mgSyntaxError(dec *json.Decoder, path []string, err error) error {
	var se *json.SyntaxError
	msg := err.Error()
	if errors.As(err, &se) {
		msg = se.Error()
	} else if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "the document ends before its JSON is complete"
	}
	return &Error{Location: mgDots(path), Message: fmt.Sprintf("the policy is not valid JSON (near byte %d): %s", dec.InputOffset(), msg)}
}

func mgReadValue(dec *json.Decoder, path []string, depth int) (mgJSON, error) {
	if depth > mgMaxDepth {
		return mgJSON{}, &Error{Location: mgDots(path), Message: fmt.Sprintf("the policy nests more than %d levels deep", mgMaxDepth)}
	}
	tok, err := dec.Token()
	if err != nil {
		return mgJSON{}, mgSyntaxError(dec, path, err)
	}
	switch t := tok.(type) {
	case nil:
		return mgJSON{kind: mjNull}, nil
	case bool:
		if t {
			return mgJSON{kind: mjBool, s: "true"}, nil
		}
		return mgJSON{kind: mjBool, s: "false"}, nil
	case json.Number:
		return mgJSON{kind: mjNumber, s: t.String()}, nil
	case string:
		return mgJSON{kind: mjString, s: t}, nil
	case json.Delim:
		switch t {
		case '[':
			v := mgJSON{kind: mjArray, arr: []mgJSON{}}
			for i := 0; dec.More(); i++ {
				item, err := mgReadValue(dec, mgIndex(path, i), depth+1)
				if err != nil {
					return mgJSON{}, err
				}
				v.arr = append(v.arr, item)
			}
			if _, err := dec.Token(); err != nil {
				return mgJSON{}, mgSyntaxError(dec, path, err)
			}
			return v, nil
		case '{':
			v := mgJSON{kind: mjObject, obj: []mgField{}}
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return mgJSON{}, mgSyntaxError(dec, path, err)
				}
				key, ok := kt.(string)
				if !ok {
					return mgJSON{}, &Error{Location: mgDots(path), Message: "an object key is not a string"}
				}
				if seen[key] {
					return mgJSON{}, &Error{Location: mgDots(append(path, key)), Message: fmt.Sprintf("the key %s appears twice in the same object: write each key once", mgQ(key))}
				}
				seen[key] = true
				val, err := mgReadValue(dec, append(path[:len(path):len(path)], key), depth+1)
				if err != nil {
					return mgJSON{}, err
				}
				v.obj = append(v.obj, mgField{key, val})
			}
			if _, err := dec.Token(); err != nil {
				return mgJSON{}, mgSyntaxError(dec, path, err)
			}
			return v, nil
		}
	}
	return mgJSON{}, &Error{Location: mgDots(path), Message: fmt.Sprintf("unexpected JSON token %v", tok)}
}

// mgIndex names an array element in a path: the index joins the last key
// ("tag_value.@@assign[2]") rather than becoming a key of its own.
func mgIndex(path []string, i int) []string {
	p := append([]string{}, path...)
	if len(p) == 0 {
		return []string{fmt.Sprintf("[%d]", i)}
	}
	p[len(p)-1] = fmt.Sprintf("%s[%d]", p[len(p)-1], i)
	return p
}

func mgDots(path []string) string { return strings.Join(path, ".") }

// mgWriteValue renders a scalar or an array of scalars as compact JSON.
// HTML characters stay literal: effective policies are read by people and
// tools, not embedded in pages.
func mgWriteValue(b *strings.Builder, v mgJSON) {
	switch v.kind {
	case mjString:
		mgWriteString(b, v.s)
	case mjNumber, mjBool:
		b.WriteString(v.s)
	case mjNull:
		b.WriteString("null")
	case mjArray:
		b.WriteByte('[')
		for i, item := range v.arr {
			if i > 0 {
				b.WriteByte(',')
			}
			mgWriteValue(b, item)
		}
		b.WriteByte(']')
	case mjObject:
		b.WriteByte('{')
		for i, f := range v.obj {
			if i > 0 {
				b.WriteByte(',')
			}
			mgWriteString(b, f.key)
			b.WriteByte(':')
			mgWriteValue(b, f.val)
		}
		b.WriteByte('}')
	}
}

func mgWriteString(b *strings.Builder, s string) {
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a Go string always encodes
	b.WriteString(strings.TrimSuffix(buf.String(), "\n"))
}
