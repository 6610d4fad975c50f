package awsjson

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"

	"canopy/org"
)

// MaxBodyBytes bounds a request body. The largest valid input of the model
// is far smaller (a NextToken is at most 100,000 characters, a resource
// policy 40,000), so 1 MiB refuses only abuse while leaving room for large
// policy documents. A larger body is answered 413 with SerializationException
// before it is read.
const MaxBodyBytes = 1 << 20

// ContentType is the media type of every response, success or error.
const ContentType = "application/x-amz-json-1.1"

// Header names of the protocol.
const (
	HeaderTarget    = "X-Amz-Target"
	HeaderRequestID = "x-amzn-RequestId"
	HeaderErrorType = "x-amzn-ErrorType"
)

type requestIDKey struct{}

// WithRequestID returns a context that carries the request id, which the
// handler logs with every internal error and answers in x-amzn-RequestId.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request id ctx carries, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// NewRequestID returns a random id in the UUID form AWS uses.
func NewRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// handler serves the AWS JSON 1.1 protocol of the model's service at any
// path: POST, X-Amz-Target naming the operation, a JSON body.
type handler struct {
	model *Model
	ops   map[string]Op
	log   *slog.Logger
}

// NewHandler returns the handler that dispatches each request to ops[name]
// by its X-Amz-Target. An operation of the model without an entry in ops
// answers UnknownOperationException, as a name outside the model does.
// NewHandler panics if ops names an operation the model lacks: that is a
// wiring mistake. A nil log discards.
func NewHandler(m *Model, ops map[string]Op, log *slog.Logger) http.Handler {
	for name, op := range ops {
		if _, ok := m.ops[name]; !ok {
			panic(fmt.Sprintf("awsjson: NewHandler: %q is not an operation of the model", name))
		}
		if op == nil {
			panic(fmt.Sprintf("awsjson: NewHandler: nil Op for %q", name))
		}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &handler{model: m, ops: make(map[string]Op, len(ops)), log: log}
	for name, op := range ops {
		h.ops[name] = op
	}
	return h
}

// ServeHTTP answers one request. It never lets a panic or an unexpected
// error escape to the client: both become ServiceException with a generic
// message, and the detail goes to the log with the request id.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := RequestIDFrom(ctx)
	if id == "" {
		id = NewRequestID()
		ctx = WithRequestID(ctx, id)
	}
	if w.Header().Get(HeaderRequestID) == "" {
		w.Header().Set(HeaderRequestID, id)
	}

	if r.Method != http.MethodPost {
		// Not an operation call at all, so this is answered at the HTTP level
		// (405 with Allow) rather than with the code table's 400.
		w.Header().Set("Allow", http.MethodPost)
		h.writeError(ctx, w, http.StatusMethodNotAllowed, org.Errorf(org.ErrUnknownOperation,
			"AWS JSON operations are called with POST, not %s", sanitizeToken(r.Method)))
		return
	}
	// The request's Content-Type is not checked: every SDK sends
	// application/x-amz-json-1.1, and refusing 1.0 or a missing one would
	// only break hand-written clients; the body is validated either way.
	name, ok := strings.CutPrefix(r.Header.Get(HeaderTarget), h.model.targetPrefix+".")
	op, known := h.model.ops[name]
	if !ok || !known {
		h.writeError(ctx, w, 0, org.Errorf(org.ErrUnknownOperation,
			"The %s header does not name an operation of this service (%s.<Operation>)", HeaderTarget, h.model.targetPrefix))
		return
	}
	fn := h.ops[name]
	if fn == nil {
		h.writeError(ctx, w, 0, org.Errorf(org.ErrUnknownOperation,
			"The operation %s is not implemented by this server", name))
		return
	}

	body, err := readBody(w, r)
	if err != nil {
		status := 0
		if errors.As(err, new(*http.MaxBytesError)) {
			status = http.StatusRequestEntityTooLarge
			err = org.Errorf(org.ErrSerialization, "The request body exceeds %d bytes", MaxBodyBytes)
		} else {
			h.log.DebugContext(ctx, "awsjson: reading request body", "request_id", id, "operation", name, "error", err)
			err = org.Errorf(org.ErrSerialization, "The request body could not be read")
		}
		h.writeError(ctx, w, status, err)
		return
	}

	out, err := h.invoke(ctx, name, fn, body)
	if err != nil {
		h.writeError(ctx, w, 0, h.resolve(ctx, name, err))
		return
	}
	var payload []byte
	if op.output != nil {
		if payload, err = encodeOutput(out); err != nil {
			h.log.ErrorContext(ctx, "awsjson: encoding response", "request_id", id, "operation", name, "error", err)
			h.writeError(ctx, w, 0, internalError())
			return
		}
	}
	writeJSON(w, http.StatusOK, payload)
}

// encodeOutput encodes an operation's result as AWS does: without
// escaping <, > and & (policy documents are full of them), and as {} when
// there is nothing to say, since the client expects an object.
func encodeOutput(out any) ([]byte, error) {
	if out == nil {
		return emptyObject, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	payload := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if string(payload) == "null" { // a typed nil pointer
		return emptyObject, nil
	}
	return payload, nil
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.ContentLength > MaxBodyBytes {
		return nil, &http.MaxBytesError{Limit: MaxBodyBytes}
	}
	return io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
}

// invoke calls fn, turning a panic into a logged internal error.
func (h *handler) invoke(ctx context.Context, name string, fn Op, body []byte) (out any, err error) {
	defer func() {
		if p := recover(); p != nil {
			h.log.ErrorContext(ctx, "awsjson: operation panicked",
				"request_id", RequestIDFrom(ctx), "operation", name,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			out, err = nil, internalError()
		}
	}()
	return fn(org.WithOperation(ctx, name), body)
}

// resolve maps an operation's error to what the client sees: an *org.Error
// with a code of the table goes out as is (without a Reason its exception
// shape lacks); anything else is logged and becomes ServiceException.
func (h *handler) resolve(ctx context.Context, name string, err error) *org.Error {
	if e, ok := org.AsError(err); ok {
		if info, known := codes[e.Code]; known {
			if e.Reason != "" && !info.reason {
				e = &org.Error{Code: e.Code, Message: e.Message}
			}
			if info.status >= 500 {
				h.log.ErrorContext(ctx, "awsjson: operation failed", "request_id", RequestIDFrom(ctx),
					"operation", name, "error", err)
			}
			return e
		}
	}
	h.log.ErrorContext(ctx, "awsjson: operation failed", "request_id", RequestIDFrom(ctx),
		"operation", name, "error", err)
	return internalError()
}

type errorBody struct {
	Type    string `json:"__type"`
	Message string `json:"Message"`
	Reason  string `json:"Reason,omitempty"`
}

// writeError answers e; status 0 means the status of e's code.
func (h *handler) writeError(ctx context.Context, w http.ResponseWriter, status int, err error) {
	e, ok := err.(*org.Error)
	if !ok {
		e = internalError()
	}
	info, known := codes[e.Code]
	if !known {
		e, info = internalError(), codes[org.ErrService]
	}
	if status == 0 {
		status = info.status
	}
	reason := ""
	if info.reason {
		reason = e.Reason
	}
	payload, mErr := json.Marshal(errorBody{Type: string(e.Code), Message: e.Message, Reason: reason})
	if mErr != nil { // cannot happen for strings; never answer half a body
		payload = []byte(`{"__type":"ServiceException","Message":"` + internalMessage + `"}`)
	}
	h.log.DebugContext(ctx, "awsjson: error response", "request_id", RequestIDFrom(ctx),
		"status", status, "code", e.Code, "reason", reason)
	w.Header().Set(HeaderErrorType, string(e.Code))
	writeJSON(w, status, payload)
}

func writeJSON(w http.ResponseWriter, status int, payload []byte) {
	w.Header().Set("Content-Type", ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
	w.WriteHeader(status)
	_, _ = w.Write(payload) // the client may be gone; nothing to do about it
}

// sanitizeToken keeps an HTTP method fit to quote in a message.
func sanitizeToken(s string) string {
	if len(s) > 16 {
		s = s[:16]
	}
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '?'
	}, s)
}

// WriteAuthError answers a request refused before it reached an operation,
// such as one whose signature does not verify. These errors come from
// AWS's front door rather than from the service's model, and AWS spells
// their message member in lower case.
func WriteAuthError(w http.ResponseWriter, status int, code, message string) {
	payload, err := json.Marshal(struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}{code, message})
	if err != nil {
		payload = []byte(`{"__type":"ServiceException","Message":"` + internalMessage + `"}`)
	}
	w.Header().Set(HeaderErrorType, code)
	writeJSON(w, status, payload)
}
