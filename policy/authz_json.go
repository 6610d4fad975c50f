package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The authorization-policy reader keeps what encoding/json's maps lose and
// IAM's grammar needs: key order (for stable error reports), duplicate keys
// (IAM refuses them) and the JSON type of every value.

type azKind uint8

const (
	azNull azKind = iota
	azBool
	azNumber
	azString
	azArray
	azObject
)

func (k azKind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

type azJSON struct {
	kind   azKind
	s      string // string value, or a number's text
	b      bool
	arr    []azJSON
	obj    []azField
	dup    string // an object's first repeated key: the grammar reports it where it knows the statement
	hasDup bool
}

// dupError reports a repeated key of an object the grammar reads.
func (v *azJSON) dupError(loc string) error {
	if !v.hasDup {
		return nil
	}
	return &Error{Location: azJoin(loc, v.dup), Message: fmt.Sprintf("the key %q appears twice in the same object: keep one", v.dup)}
}

type azField struct {
	key string
	val azJSON
}

// scalarText is the text IAM compares for a string, number or boolean.
func (v azJSON) scalarText() (string, bool) {
	switch v.kind {
	case azString, azNumber:
		return v.s, true
	case azBool:
		if v.b {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// A policy is a handful of levels deep; the bound keeps hostile input from
// costing stack.
const azMaxDepth = 32

type azReader struct {
	dec *json.Decoder
}

func azParseJSON(content string) (azJSON, error) {
	if strings.TrimSpace(content) == "" {
		return azJSON{}, &Error{Message: "the policy document is empty: write a JSON object with Version and Statement"}
	}
	r := azReader{dec: json.NewDecoder(strings.NewReader(content))}
	r.dec.UseNumber()
	v, err := r.value(0, "")
	if err != nil {
		return azJSON{}, err
	}
	if _, err := r.dec.Token(); err != io.EOF {
		return azJSON{}, &Error{Message: fmt.Sprintf("the policy document has more content after its closing brace (at byte %d): a policy is a single JSON object", r.dec.InputOffset())}
	}
	return v, nil
}

func (r *azReader) syntax(err error, loc string) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &Error{Location: loc, Message: fmt.Sprintf("the policy document is not valid JSON: %s (at byte %d)", se.Error(), se.Offset)}
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{Location: loc, Message: "the policy document is not valid JSON: it ends before its last value is complete"}
	}
	return &Error{Location: loc, Message: "the policy document is not valid JSON: " + err.Error()}
}

func (r *azReader) value(depth int, loc string) (azJSON, error) {
	if depth > azMaxDepth {
		return azJSON{}, &Error{Location: loc, Message: fmt.Sprintf("the policy document nests deeper than %d levels", azMaxDepth)}
	}
	tok, err := r.dec.Token()
	if err != nil {
		return azJSON{}, r.syntax(err, loc)
	}
	switch t := tok.(type) {
	case nil:
		return azJSON{kind: azNull}, nil
	case bool:
		return azJSON{kind: azBool, b: t}, nil
	case json.Number:
		return azJSON{kind: azNumber, s: string(t)}, nil
	case string:
		return azJSON{kind: azString, s: t}, nil
	case json.Delim:
		switch t {
		case '[':
			v := azJSON{kind: azArray}
			for r.dec.More() {
				e, err := r.value(depth+1, fmt.Sprintf("%s[%d]", loc, len(v.arr)))
				if err != nil {
					return azJSON{}, err
				}
				v.arr = append(v.arr, e)
			}
			if _, err := r.dec.Token(); err != nil {
				return azJSON{}, r.syntax(err, loc)
			}
			return v, nil
		case '{':
			v := azJSON{kind: azObject}
			var seen azSeen
			for r.dec.More() {
				kt, err := r.dec.Token()
				if err != nil {
					return azJSON{}, r.syntax(err, loc)
				}
				key, _ := kt.(string)
				if _, dup := seen.add(key, key, len(v.obj)); dup && !v.hasDup {
					v.dup, v.hasDup = key, true
				}
				e, err := r.value(depth+1, azJoin(loc, key))
				if err != nil {
					return azJSON{}, err
				}
				v.obj = append(v.obj, azField{key: key, val: e})
			}
			if _, err := r.dec.Token(); err != nil {
				return azJSON{}, r.syntax(err, loc)
			}
			return v, nil
		}
	}
	return azJSON{}, &Error{Location: loc, Message: "the policy document is not valid JSON"}
}

// azSeen finds duplicates among the names of an object: by scanning while
// there are few, through a map beyond, so that a hostile document with
// thousands of keys costs no quadratic time.
type azSeen struct {
	names []string
	index []int
	m     map[string]int
}

// add records name (compared as norm) at index i and returns the index of
// an earlier equal name.
func (s *azSeen) add(norm, name string, i int) (int, bool) {
	if s.m != nil {
		if j, ok := s.m[norm]; ok {
			return j, true
		}
		s.m[norm] = i
		return 0, false
	}
	for k, n := range s.names {
		if n == norm {
			return s.index[k], true
		}
	}
	s.names, s.index = append(s.names, norm), append(s.index, i)
	if len(s.names) > 16 {
		s.m = make(map[string]int, 2*len(s.names))
		for k, n := range s.names {
			s.m[n] = s.index[k]
		}
	}
	return 0, false
}

// azJoin appends a key to a location path.
func azJoin(loc, key string) string {
	if loc == "" {
		return key
	}
	return loc + "." + key
}
