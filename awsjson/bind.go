package awsjson

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// Op serves one operation: it receives the raw request body and returns the
// value to encode as the response (nil for an empty one) or an error.
// Operations are normally made with Bind, which validates the body first.
type Op func(ctx context.Context, body []byte) (any, error)

// Bind returns the Op that validates a request against the model's input
// shape for the named operation, decodes it into an In, calls fn and returns
// its *Out. An Out of struct{}, or an operation the model gives no output,
// answers with an empty body.
//
// Bind panics if the operation is not in the model, or In or Out does not
// fit its shapes (see CheckInputType and CheckOutputType): these are wiring
// mistakes that must stop the server at start-up, not surface as 500s, or
// as undocumented members, on the first request.
func Bind[In, Out any](m *Model, name string, fn func(context.Context, *In) (*Out, error)) Op {
	op, ok := m.Operation(name)
	if !ok {
		panic(fmt.Sprintf("awsjson: Bind: %q is not an operation of the model", name))
	}
	if err := op.CheckInputType(reflect.TypeFor[In]()); err != nil {
		panic(fmt.Sprintf("awsjson: Bind(%s): %v", name, err))
	}
	if err := op.CheckOutputType(reflect.TypeFor[Out]()); err != nil {
		panic(fmt.Sprintf("awsjson: Bind(%s): %v", name, err))
	}
	empty := op.output == nil || reflect.TypeFor[Out]() == reflect.TypeFor[struct{}]()
	return func(ctx context.Context, body []byte) (any, error) {
		in := new(In)
		if err := op.Decode(body, in); err != nil {
			return nil, err
		}
		out, err := fn(ctx, in)
		if err != nil {
			return nil, err
		}
		if empty || out == nil {
			return nil, nil
		}
		return out, nil
	}
}

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	marshalerType   = reflect.TypeFor[json.Marshaler]()
)

// CheckInputType reports whether t (a struct) can receive the operation's
// input: each field encoding/json would fill must be named exactly as a
// member of the input shape and be of a Go kind that member's JSON type
// decodes into, recursively. Fields the model lacks are an error because
// nothing would validate what encoding/json puts in them.
func (op *Operation) CheckInputType(t reflect.Type) error {
	return checkType(t, op.input, op.name+" input", unmarshalerType)
}

// CheckOutputType is CheckInputType for the operation's output: every field
// encoding/json would write must be a member of the output shape, so that no
// undocumented member reaches clients. For an operation without output, Out
// must have no JSON fields (struct{}).
func (op *Operation) CheckOutputType(t reflect.Type) error {
	return checkType(t, op.output, op.name+" output", marshalerType)
}

func checkType(t reflect.Type, s *shape, where string, custom reflect.Type) error {
	if s == nil {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return fmt.Errorf("%s: the model has no shape, so %v must be a struct", where, t)
		}
		if f := jsonFields(t); len(f) > 0 {
			return fmt.Errorf("%s: the model has no shape, but %v has field %s", where, t, f[0].name)
		}
		return nil
	}
	return checkShape(t, s, where, custom, map[reflect.Type]bool{})
}

type jsonField struct {
	name string
	typ  reflect.Type
}

// jsonFields lists the fields encoding/json reads and writes for struct t,
// by their JSON names.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			// An untagged embedded struct's fields are promoted; VisibleFields
			// lists them separately.
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				continue
			}
			if !f.IsExported() {
				continue
			}
		}
		if len(f.Index) > 1 && !promoted(t, f.Index) {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonField{name, f.Type})
	}
	return out
}

// promoted reports whether the field at index is reached only through
// untagged embedded structs, which is when encoding/json promotes it.
func promoted(t reflect.Type, index []int) bool {
	for _, i := range index[:len(index)-1] {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		f := t.Field(i)
		if !f.Anonymous || f.Tag.Get("json") != "" {
			return false
		}
		t = f.Type
	}
	return true
}

func checkShape(t reflect.Type, s *shape, where string, custom reflect.Type, seen map[reflect.Type]bool) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Interface || t.Implements(custom) || reflect.PointerTo(t).Implements(custom) {
		return nil // decodes or encodes itself; trusted
	}
	bad := func() error {
		return fmt.Errorf("%s: Go type %v cannot carry model shape %s (%s)", where, t, s.name, shapeTypeName(s.typ))
	}
	switch s.typ {
	case tStructure:
		if t.Kind() != reflect.Struct {
			return bad()
		}
		if seen[t] {
			return nil
		}
		seen[t] = true
		for _, f := range jsonFields(t) {
			idx, ok := s.byWire[f.name]
			if !ok {
				return fmt.Errorf("%s: field %q of %v is not a member of shape %s", where, f.name, t, s.name)
			}
			m := s.members[idx]
			if err := checkShape(f.typ, m.shape, where+"."+m.wire, custom, seen); err != nil {
				return err
			}
		}
		return nil
	case tList:
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return bad()
		}
		return checkShape(t.Elem(), s.member, where+"[]", custom, seen)
	case tMap:
		if t.Kind() != reflect.Map || t.Key().Kind() != reflect.String {
			return bad()
		}
		return checkShape(t.Elem(), s.value, where+"{}", custom, seen)
	case tString:
		if t.Kind() != reflect.String {
			return bad()
		}
	case tBlob:
		if t.Kind() != reflect.Slice || t.Elem().Kind() != reflect.Uint8 {
			return bad()
		}
	case tBoolean:
		if t.Kind() != reflect.Bool {
			return bad()
		}
	case tInteger, tLong:
		switch t.Kind() {
		case reflect.Int, reflect.Int32, reflect.Int64:
		case reflect.Int8, reflect.Int16, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint, reflect.Uint64:
			// Narrower or unsigned kinds would fail to decode values the
			// model allows; accept them only when the model's bounds fit.
			if !boundsFit(t, s) {
				return bad()
			}
		default:
			return bad()
		}
		if s.typ == tLong && t.Kind() == reflect.Int32 && !boundsFit(t, s) {
			return bad()
		}
	case tFloat, tDouble, tTimestamp:
		// A timestamp may be fractional seconds, so it needs a float or a
		// type of its own (org.Time), never an integer.
		if t.Kind() != reflect.Float32 && t.Kind() != reflect.Float64 {
			return bad()
		}
	}
	return nil
}

// boundsFit reports whether every value the shape's range allows fits
// integer kind t.
func boundsFit(t reflect.Type, s *shape) bool {
	if !s.hasMin || !s.hasMax {
		return false
	}
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int, reflect.Int64:
		return !v.OverflowInt(int64(s.min)) && !v.OverflowInt(int64(s.max))
	default:
		return s.min >= 0 && !v.OverflowUint(uint64(s.max))
	}
}

func shapeTypeName(t shapeType) string {
	for name, v := range shapeTypes {
		if v == t {
			return name
		}
	}
	return "unknown"
}
