package awsjson

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"canopy/org"
)

// goTypes builds, from the model, the Go types an engine would decode each
// input into: pointer members with omitempty, so that a decoded value
// re-encodes to exactly what was received. Fuzzing decodes into them, then
// re-validates their encoding: anything encoding/json let in that the
// validator did not see (case-folded keys, merged duplicates) fails there.
var goTypes sync.Map // *shape -> reflect.Type

func goType(s *shape) reflect.Type {
	if t, ok := goTypes.Load(s); ok {
		return t.(reflect.Type)
	}
	var t reflect.Type
	switch s.typ {
	case tString:
		t = reflect.TypeFor[string]()
	case tInteger, tLong:
		t = reflect.TypeFor[int64]()
	case tFloat, tDouble, tTimestamp:
		t = reflect.TypeFor[float64]()
	case tBoolean:
		t = reflect.TypeFor[bool]()
	case tBlob:
		t = reflect.TypeFor[[]byte]()
	case tList:
		t = reflect.SliceOf(goType(s.member))
	case tMap:
		t = reflect.MapOf(reflect.TypeFor[string](), goType(s.value))
	case tStructure:
		var fields []reflect.StructField
		for i, m := range s.members {
			// A pointer even to slices and maps: an empty list that was
			// sent must re-encode as [], not vanish under omitempty.
			ft := reflect.PointerTo(goType(m.shape))
			fields = append(fields, reflect.StructField{
				Name: "F" + strconv.Itoa(i),
				Type: ft,
				Tag:  reflect.StructTag(`json:"` + m.wire + `,omitempty"`),
			})
		}
		t = reflect.StructOf(fields)
	}
	goTypes.Store(s, t)
	return t
}

func inputValue(op *Operation) any {
	if op.input == nil {
		return new(struct{})
	}
	return reflect.New(goType(op.input)).Interface()
}

func fuzzSeeds() [][]byte {
	return [][]byte{
		nil, []byte(`{}`), []byte(`[]`), []byte(`null`), []byte(`{"a":`), []byte(` {} `),
		[]byte(`{"ParentId":"r-abcd","ChildType":"ACCOUNT","MaxResults":20,"NextToken":"x"}`),
		[]byte(`{"Email":"a@example.com","AccountName":"Prod","RoleName":"R","IamUserAccessToBilling":"ALLOW","Tags":[{"Key":"k","Value":"v"}]}`),
		[]byte(`{"ResourceId":"123456789012","Tags":[{"Key":"k","Value":""},null]}`),
		[]byte(`{"ResourceId":"123456789012","TagKeys":["a","b\u00e9"]}`),
		[]byte(`{"Filter":{"ActionType":"INVITE"},"Filter":{"actiontype":"X"},"maxresults":99}`),
		[]byte(`{"Target":{"Id":"123456789012","Type":"ACCOUNT"},"Notes":"\ud800","Tags":[]}`),
		[]byte(`{"Type":"BILLING","Target":{"Id":"x","Type":"EMAIL"},"StartTimestamp":1.5e9,"SourceName":"S"}`),
		[]byte(`{"PolicyId":"p-12345678","TargetId":"ou-abcd-12345678"}`),
		[]byte(`{"MaxResults":-0,"NextToken":null}`),
		[]byte("{\"AccountId\":\"12345678901\xff\"}"),
	}
}

func FuzzDecode(f *testing.F) {
	m := MustLoad()
	names := m.OperationNames()
	for i := range names {
		for _, b := range fuzzSeeds() {
			f.Add(uint16(i), b)
		}
	}
	f.Fuzz(func(t *testing.T, which uint16, body []byte) {
		op := m.ops[names[int(which)%len(names)]]
		err := op.Decode(body, nil)
		if err != nil {
			e, ok := org.AsError(err)
			if !ok || (e.Code != org.ErrSerialization && e.Code != org.ErrInvalidInput) {
				t.Fatalf("%s: error %v (%T)", op.name, err, err)
			}
			if _, ok := HTTPStatus(e.Code); !ok {
				t.Fatalf("code %s not in the table", e.Code)
			}
			if e.Code == org.ErrInvalidInput && reasonText[e.Reason] == "" {
				t.Fatalf("reason %q without text", e.Reason)
			}
		}
		// The scanner agrees with encoding/json on what JSON is.
		empty := len(bytes.Trim(body, " \t\r\n")) == 0
		if !empty && !json.Valid(body) {
			if e, ok := org.AsError(err); !ok || e.Code != org.ErrSerialization {
				t.Fatalf("%s: invalid JSON %q answered %v", op.name, body, err)
			}
		}
		// Decoding into a type answers exactly as validating does.
		into := inputValue(op)
		err2 := op.Decode(body, into)
		if (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("%s: validate %v, decode %v", op.name, err, err2)
		}
		if err != nil {
			return
		}
		// What reached the Go value is valid in its own right.
		again, mErr := json.Marshal(into)
		if mErr != nil {
			t.Fatal(mErr)
		}
		if err := op.Decode(again, nil); err != nil {
			t.Fatalf("%s: body %q decoded to %s, which fails validation: %v", op.name, body, again, err)
		}
	})
}

const fuzzSecret = "fuzz-internal-secret"

func fuzzHandler(m *Model) http.Handler {
	ops := map[string]Op{}
	for _, name := range m.OperationNames() {
		op := m.ops[name]
		if name == "ListRoots" {
			continue // left unimplemented on purpose
		}
		ops[name] = func(ctx context.Context, body []byte) (any, error) {
			into := inputValue(op)
			if err := op.Decode(body, into); err != nil {
				return nil, err
			}
			switch {
			case bytes.Contains(body, []byte("panic")):
				panic(fuzzSecret)
			case bytes.Contains(body, []byte("boom")):
				return nil, errors.New(fuzzSecret)
			case bytes.Contains(body, []byte("nope")):
				return nil, org.ReasonErrorf(org.ErrConstraintViolation, org.ReasonOUDepthLimitExceeded, "deep")
			}
			return map[string]any{}, nil
		}
	}
	return NewHandler(m, ops, nil)
}

func FuzzHandler(f *testing.F) {
	m := MustLoad()
	h := fuzzHandler(m)
	for _, b := range fuzzSeeds() {
		f.Add("POST", TargetPrefix+".ListChildren", b)
		f.Add("POST", TargetPrefix+".CreateAccount", b)
	}
	f.Add("GET", TargetPrefix+".DescribeOrganization", []byte(nil))
	f.Add("POST", TargetPrefix+".ListRoots", []byte(`{}`))
	f.Add("POST", "", []byte(`{}`))
	f.Add("POST", TargetPrefix+".DescribeOrganization", []byte(`{"panic":1}`))
	f.Add("POST", TargetPrefix+".DescribeOrganization", []byte(`{"boom":1}`))
	f.Add("POST", TargetPrefix+".DescribeOrganization", []byte(`{"nope":1}`))
	f.Fuzz(func(t *testing.T, method, target string, body []byte) {
		r, err := http.NewRequestWithContext(context.Background(), method, "/", bytes.NewReader(body))
		if err != nil {
			return // not a request a server could receive
		}
		r.Header.Set(HeaderTarget, target)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)

		if ct := w.Header().Get("Content-Type"); ct != ContentType {
			t.Fatalf("Content-Type %q", ct)
		}
		if w.Header().Get(HeaderRequestID) == "" {
			t.Fatal("no request id")
		}
		out := w.Body.String()
		if strings.Contains(out, fuzzSecret) || strings.Contains(out, "goroutine ") {
			t.Fatalf("internal detail on the wire: %s", out)
		}
		if w.Code == http.StatusOK {
			if out != "" && !json.Valid(w.Body.Bytes()) {
				t.Fatalf("success body %q", out)
			}
			return
		}
		var e struct {
			Type    string `json:"__type"`
			Message string `json:"Message"`
			Reason  string `json:"Reason"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
			t.Fatalf("error body %q: %v", out, err)
		}
		status, ok := HTTPStatus(org.Code(e.Type))
		if !ok || e.Message == "" || w.Header().Get(HeaderErrorType) != e.Type {
			t.Fatalf("error %d %q (header %q)", w.Code, out, w.Header().Get(HeaderErrorType))
		}
		switch {
		case w.Code == http.StatusMethodNotAllowed && method != http.MethodPost:
		case w.Code == http.StatusRequestEntityTooLarge:
		case w.Code != status:
			t.Fatalf("status %d for %s, table says %d", w.Code, e.Type, status)
		}
		if e.Reason != "" && !codes[org.Code(e.Type)].reason {
			t.Fatalf("Reason on %s", e.Type)
		}
	})
}
