package awsjson

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"canopy/org"
)

// The model is embedded rather than read at run time so that the binary is
// self-contained and the wire contract cannot drift from the one the tests ran
// against. See model/README.md for its origin and licence.
//
//go:embed model/service-2.json.gz model/paginators-1.json
var modelFiles embed.FS

const (
	serviceFile   = "model/service-2.json.gz"
	paginatorFile = "model/paginators-1.json"
)

// TargetPrefix is what every X-Amz-Target header of the service starts with,
// followed by a dot and the operation name.
const TargetPrefix = "AWSOrganizationsV20161128"

// shapeType is a model shape's type. Only what the JSON protocol can carry is
// listed; parseModel rejects anything else so that a future model with a new
// type fails the tests instead of being validated loosely.
type shapeType uint8

const (
	tString shapeType = iota + 1
	tInteger
	tLong
	tFloat
	tDouble
	tBoolean
	tTimestamp
	tBlob
	tList
	tMap
	tStructure
)

var shapeTypes = map[string]shapeType{
	"string": tString, "integer": tInteger, "long": tLong, "float": tFloat,
	"double": tDouble, "boolean": tBoolean, "timestamp": tTimestamp,
	"blob": tBlob, "list": tList, "map": tMap, "structure": tStructure,
}

// typeNames are the names used in SerializationException messages, in the
// words of AWS's Java front-end ("can not be converted to an Integer").
var typeNames = map[shapeType]string{
	tString: "a String", tInteger: "an Integer", tLong: "a Long",
	tFloat: "a Float", tDouble: "a Double", tBoolean: "a Boolean",
	tTimestamp: "a Timestamp", tBlob: "a Blob",
}

// shape is one compiled model shape. It is immutable after parseModel, so
// any number of requests can validate against it concurrently.
type shape struct {
	name string
	typ  shapeType

	// Length (string, blob, list, map) or value (numbers) bounds.
	hasMin, hasMax bool
	min, max       float64

	enum    []string
	enumSet map[string]struct{}
	enumMsg string // "Member must satisfy enum value set: [...]"

	pattern string         // as written in the model (Java syntax), for messages
	re      *regexp.Regexp // nil when there is no pattern or it accepts everything

	member     *shape // list
	key, value *shape // map

	members []*member      // structure, in model order
	byWire  map[string]int // structure: JSON key -> index in members

	exception, fault bool

	enumReason, patternReason string
}

// member is one member of a structure shape.
type member struct {
	name     string // as in the model
	wire     string // JSON key: locationName if the model sets one, else name
	path     string // segment of a validation message path ("parentId")
	shape    *shape
	required bool
}

// The reasons AWS Organizations gives for enum and pattern failures of a few
// shapes differ from the generic ones. Keyed by shape name; a test checks
// that every name still exists in the model.
var (
	enumReasonOverrides = map[string]string{
		"PolicyType":          org.ReasonInvalidEnumPolicy,
		"EffectivePolicyType": org.ReasonInvalidEnumPolicy,
	}
	patternReasonOverrides = map[string]string{
		"PolicyTargetId":     org.ReasonInvalidPatternTarget,
		"TaggableResourceId": org.ReasonInvalidPatternTarget,
	}
)

// Model is a parsed, compiled service model. It is safe for concurrent use.
type Model struct {
	apiVersion   string
	targetPrefix string
	ops          map[string]*Operation
	names        []string
	shapes       map[string]*shape
}

// Operation is one operation of the model with its compiled input validator.
type Operation struct {
	name      string
	input     *shape // nil when the model gives the operation no input
	output    *shape // nil when the model gives the operation no output
	paginator *Paginator
}

// Paginator describes how an operation pages, from paginators-1.json.
type Paginator struct {
	InputToken  string
	OutputToken string
	LimitKey    string
	ResultKeys  []string
}

var (
	loadOnce  sync.Once
	loaded    *Model
	loadError error
)

// Load returns the embedded AWS Organizations model, parsing and compiling it
// on first use. Later calls return the same *Model.
func Load() (*Model, error) {
	loadOnce.Do(func() {
		svc, err := embeddedService()
		if err != nil {
			loadError = err
			return
		}
		pag, err := modelFiles.ReadFile(paginatorFile)
		if err != nil {
			loadError = err
			return
		}
		loaded, loadError = parseModel(svc, pag)
	})
	return loaded, loadError
}

// MustLoad is Load for program start-up: the embedded model is covered by
// the package's tests, so failing to load it is a build defect.
func MustLoad() *Model {
	m, err := Load()
	if err != nil {
		panic(err)
	}
	return m
}

func embeddedService() ([]byte, error) {
	gz, err := modelFiles.ReadFile(serviceFile)
	if err != nil {
		return nil, err
	}
	return gunzip(gz)
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

type rawModel struct {
	Metadata struct {
		APIVersion   string `json:"apiVersion"`
		Protocol     string `json:"protocol"`
		TargetPrefix string `json:"targetPrefix"`
	} `json:"metadata"`
	Operations map[string]struct {
		Input  *rawRef `json:"input"`
		Output *rawRef `json:"output"`
	} `json:"operations"`
	Shapes map[string]json.RawMessage `json:"shapes"`
}

type rawRef struct {
	Shape        string `json:"shape"`
	LocationName string `json:"locationName"`
}

type rawShape struct {
	Type      string          `json:"type"`
	Min       *float64        `json:"min"`
	Max       *float64        `json:"max"`
	Enum      []string        `json:"enum"`
	Pattern   *string         `json:"pattern"`
	Member    *rawRef         `json:"member"`
	Key       *rawRef         `json:"key"`
	Value     *rawRef         `json:"value"`
	Members   json.RawMessage `json:"members"`
	Required  []string        `json:"required"`
	Exception bool            `json:"exception"`
	Fault     bool            `json:"fault"`
}

type rawPaginators struct {
	Pagination map[string]struct {
		InputToken  any    `json:"input_token"`
		OutputToken any    `json:"output_token"`
		LimitKey    string `json:"limit_key"`
		ResultKey   any    `json:"result_key"`
	} `json:"pagination"`
}

// Parse builds a Model from a service model in botocore's service-2.json
// format (uncompressed), so that an API of Canopy's own can be described,
// validated and served exactly as the AWS one is.
func Parse(service []byte) (*Model, error) { return parseModel(service, nil) }

// parseModel builds a Model from a botocore service-2.json (uncompressed)
// and, optionally, its paginators-1.json.
func parseModel(service, paginators []byte) (*Model, error) {
	var raw rawModel
	if err := json.Unmarshal(service, &raw); err != nil {
		return nil, fmt.Errorf("awsjson: parsing model: %w", err)
	}
	if raw.Metadata.Protocol != "json" {
		return nil, fmt.Errorf("awsjson: model protocol is %q, want json", raw.Metadata.Protocol)
	}
	m := &Model{
		apiVersion:   raw.Metadata.APIVersion,
		targetPrefix: raw.Metadata.TargetPrefix,
		ops:          make(map[string]*Operation, len(raw.Operations)),
		shapes:       make(map[string]*shape, len(raw.Shapes)),
	}
	raws := make(map[string]*rawShape, len(raw.Shapes))
	for name, b := range raw.Shapes {
		var rs rawShape
		if err := json.Unmarshal(b, &rs); err != nil {
			return nil, fmt.Errorf("awsjson: shape %s: %w", name, err)
		}
		typ, ok := shapeTypes[rs.Type]
		if !ok {
			return nil, fmt.Errorf("awsjson: shape %s: unsupported type %q", name, rs.Type)
		}
		raws[name] = &rs
		m.shapes[name] = &shape{name: name, typ: typ}
	}
	// Shapes refer to each other by name, possibly in cycles, so every shape
	// exists before any is linked.
	for name, rs := range raws {
		if err := m.link(m.shapes[name], rs); err != nil {
			return nil, fmt.Errorf("awsjson: shape %s: %w", name, err)
		}
	}
	for name, ro := range raw.Operations {
		op := &Operation{name: name}
		var err error
		if op.input, err = m.ref(ro.Input); err != nil {
			return nil, fmt.Errorf("awsjson: operation %s input: %w", name, err)
		}
		if op.output, err = m.ref(ro.Output); err != nil {
			return nil, fmt.Errorf("awsjson: operation %s output: %w", name, err)
		}
		if op.input != nil && op.input.typ != tStructure {
			return nil, fmt.Errorf("awsjson: operation %s input is not a structure", name)
		}
		m.ops[name] = op
		m.names = append(m.names, name)
	}
	sort.Strings(m.names)
	if len(paginators) > 0 {
		if err := m.linkPaginators(paginators); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *Model) ref(r *rawRef) (*shape, error) {
	if r == nil {
		return nil, nil
	}
	s, ok := m.shapes[r.Shape]
	if !ok {
		return nil, fmt.Errorf("unknown shape %q", r.Shape)
	}
	return s, nil
}

func (m *Model) link(s *shape, rs *rawShape) error {
	if rs.Min != nil {
		s.hasMin, s.min = true, *rs.Min
	}
	if rs.Max != nil {
		s.hasMax, s.max = true, *rs.Max
	}
	s.exception, s.fault = rs.Exception, rs.Fault
	s.enumReason = org.ReasonInvalidEnum
	if r, ok := enumReasonOverrides[s.name]; ok {
		s.enumReason = r
	}
	s.patternReason = org.ReasonInvalidPattern
	if r, ok := patternReasonOverrides[s.name]; ok {
		s.patternReason = r
	}
	if len(rs.Enum) > 0 {
		s.enum = rs.Enum
		s.enumSet = make(map[string]struct{}, len(rs.Enum))
		for _, v := range rs.Enum {
			s.enumSet[v] = struct{}{}
		}
		s.enumMsg = "Member must satisfy enum value set: [" + strings.Join(rs.Enum, ", ") + "]"
	}
	if rs.Pattern != nil {
		s.pattern = *rs.Pattern
		re, err := compileJavaPattern(s.pattern)
		if err != nil {
			return err
		}
		s.re = re
	}
	var err error
	switch s.typ {
	case tList:
		if s.member, err = m.ref(rs.Member); err == nil && s.member == nil {
			err = errors.New("list without member")
		}
	case tMap:
		if s.key, err = m.ref(rs.Key); err != nil {
			return err
		}
		if s.value, err = m.ref(rs.Value); err == nil && (s.key == nil || s.value == nil) {
			err = errors.New("map without key or value")
		}
	case tStructure:
		err = m.linkMembers(s, rs)
	}
	return err
}

// linkMembers reads a structure's members in the order the model lists them:
// validation reports the first violation in that order, so it must not
// depend on Go's map iteration.
func (m *Model) linkMembers(s *shape, rs *rawShape) error {
	s.byWire = map[string]int{}
	if len(rs.Members) > 0 {
		dec := json.NewDecoder(bytes.NewReader(rs.Members))
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			return errors.New("members is not an object")
		}
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				return err
			}
			name := t.(string)
			var r rawRef
			if err := dec.Decode(&r); err != nil {
				return fmt.Errorf("member %s: %w", name, err)
			}
			ms, err := m.ref(&r)
			if err != nil {
				return fmt.Errorf("member %s: %w", name, err)
			}
			mem := &member{name: name, wire: name, path: lowerFirst(name), shape: ms}
			if r.LocationName != "" {
				mem.wire = r.LocationName
			}
			if _, dup := s.byWire[mem.wire]; dup {
				return fmt.Errorf("duplicate member %s", mem.wire)
			}
			s.byWire[mem.wire] = len(s.members)
			s.members = append(s.members, mem)
		}
	}
	for _, req := range rs.Required {
		found := false
		for _, mem := range s.members {
			if mem.name == req {
				mem.required, found = true, true
			}
		}
		if !found {
			return fmt.Errorf("required member %s does not exist", req)
		}
	}
	return nil
}

// lowerFirst gives the member name as AWS's validation messages print it:
// only the first letter is lowered ("SSEType" becomes "sSEType").
func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

func (m *Model) linkPaginators(b []byte) error {
	var rp rawPaginators
	if err := json.Unmarshal(b, &rp); err != nil {
		return fmt.Errorf("awsjson: parsing paginators: %w", err)
	}
	for name, p := range rp.Pagination {
		op, ok := m.ops[name]
		if !ok {
			return fmt.Errorf("awsjson: paginator for unknown operation %s", name)
		}
		op.paginator = &Paginator{
			InputToken:  strings.Join(stringList(p.InputToken), ","),
			OutputToken: strings.Join(stringList(p.OutputToken), ","),
			LimitKey:    p.LimitKey,
			ResultKeys:  stringList(p.ResultKey),
		}
	}
	return nil
}

// stringList reads a paginator field that botocore allows to be either a
// string or a list of strings.
func stringList(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// APIVersion is the model's API version ("2016-11-28").
func (m *Model) APIVersion() string { return m.apiVersion }

// OperationNames returns the names of every operation in the model, sorted.
func (m *Model) OperationNames() []string { return slices.Clone(m.names) }

// Operation returns the named operation of the model.
func (m *Model) Operation(name string) (*Operation, bool) {
	op, ok := m.ops[name]
	return op, ok
}

// ExceptionNames returns the names of the model's exception shapes, sorted.
func (m *Model) ExceptionNames() []string {
	var out []string
	for name, s := range m.shapes {
		if s.exception {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// OutputMembers returns the member paths of an operation's output, depth
// first in model order: "Account", "Account.Id", ..., with "[]" after a list
// and "{}" after a map whose elements are structures
// ("Accounts[].Id"). It returns nil for an unknown operation or one without
// output.
func (m *Model) OutputMembers(op string) []string {
	o, ok := m.ops[op]
	if !ok {
		return nil
	}
	return o.OutputMembers()
}

// Name is the operation's name, as in X-Amz-Target.
func (op *Operation) Name() string { return op.name }

// HasInput reports whether the model gives the operation an input shape.
func (op *Operation) HasInput() bool { return op.input != nil }

// HasOutput reports whether the model gives the operation an output shape.
// An operation without one answers success with an empty body.
func (op *Operation) HasOutput() bool { return op.output != nil }

// Paginator returns how the operation pages, if it does.
func (op *Operation) Paginator() (Paginator, bool) {
	if op.paginator == nil {
		return Paginator{}, false
	}
	p := *op.paginator
	p.ResultKeys = slices.Clone(p.ResultKeys)
	return p, true
}

// InputMembers returns the member paths of the operation's input, in the
// form OutputMembers uses.
func (op *Operation) InputMembers() []string { return memberPaths(op.input) }

// OutputMembers returns the member paths of the operation's output; see
// Model.OutputMembers.
func (op *Operation) OutputMembers() []string { return memberPaths(op.output) }

// MissingOutputMembers returns the paths of OutputMembers that body, a JSON
// response of the operation, leaves out or sets to null. A member under a
// list or map counts as present when any element has it, so an empty list
// reports all its element members missing: a test that wants every member
// filled must produce at least one element.
func (op *Operation) MissingOutputMembers(body []byte) ([]string, error) {
	if op.output == nil {
		return nil, nil
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	markPresent(op.output, v, "", seen)
	var missing []string
	for _, p := range op.OutputMembers() {
		if !seen[p] {
			missing = append(missing, p)
		}
	}
	return missing, nil
}

func markPresent(s *shape, v any, path string, seen map[string]bool) {
	switch s.typ {
	case tStructure:
		obj, _ := v.(map[string]any)
		for _, mem := range s.members {
			mv, ok := obj[mem.wire]
			if !ok || mv == nil {
				continue
			}
			p := mem.wire
			if path != "" {
				p = path + "." + mem.wire
			}
			seen[p] = true
			markPresent(mem.shape, mv, p, seen)
		}
	case tList:
		arr, _ := v.([]any)
		for _, e := range arr {
			markPresent(s.member, e, path+"[]", seen)
		}
	case tMap:
		obj, _ := v.(map[string]any)
		for _, e := range obj {
			markPresent(s.value, e, path+"{}", seen)
		}
	}
}

func memberPaths(s *shape) []string {
	if s == nil {
		return nil
	}
	var out []string
	walkMembers(s, "", map[*shape]bool{}, func(p string, _ *shape) { out = append(out, p) })
	return out
}

// walkMembers calls fn for every member path under s. Recursive shapes are
// cut at their first repetition on a path, so the walk ends.
func walkMembers(s *shape, prefix string, onPath map[*shape]bool, fn func(path string, s *shape)) {
	s = elemStruct(s)
	if s == nil || onPath[s] {
		return
	}
	onPath[s] = true
	defer delete(onPath, s)
	for _, mem := range s.members {
		p := prefix + mem.wire
		fn(p, mem.shape)
		if sub := elemStruct(mem.shape); sub != nil {
			walkMembers(sub, p+containerSuffix(mem.shape)+".", onPath, fn)
		}
	}
}

// elemStruct returns the structure reached from s through lists and map
// values, or nil when s does not lead to one.
func elemStruct(s *shape) *shape {
	for s != nil {
		switch s.typ {
		case tStructure:
			return s
		case tList:
			s = s.member
		case tMap:
			s = s.value
		default:
			return nil
		}
	}
	return nil
}

func containerSuffix(s *shape) string {
	var b strings.Builder
	for s != nil {
		switch s.typ {
		case tList:
			b.WriteString("[]")
			s = s.member
		case tMap:
			b.WriteString("{}")
			s = s.value
		default:
			return b.String()
		}
	}
	return b.String()
}
