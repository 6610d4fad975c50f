package stsapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
)

// internalMessage is all a client learns of an unexpected failure; the
// details go to the log under the request id.
const internalMessage = "The request processing has failed because of an unknown error, exception or failure."

// noVersion is what AWS names a missing Version in InvalidAction's message.
const noVersion = "NO_VERSION_SPECIFIED"

// formType is the media type of a Query protocol POST body.
const formType = "application/x-www-form-urlencoded"

type handler struct {
	b   Backend
	log *slog.Logger
	ops map[string]func(ctx context.Context, f form, id string) (any, error)
}

// NewHandler returns the handler that serves STS's Query protocol over b:
// GetCallerIdentity and AssumeRole, and AWS's errors for everything else. It
// serves any path. A nil log discards.
func NewHandler(b Backend, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &handler{b: b, log: log}
	h.ops = map[string]func(context.Context, form, string) (any, error){
		"GetCallerIdentity": h.getCallerIdentity,
		"AssumeRole":        h.assumeRole,
	}
	return h
}

// IsRequest reports whether r is an STS Query request rather than one for
// another front-end: it has no X-Amz-Target header, and it is either a POST
// with a form-encoded body or a GET or POST whose URL query names an Action.
// It reads only the method, the headers and the URL, never the body.
func IsRequest(r *http.Request) bool {
	if r.Header.Get("X-Amz-Target") != "" {
		return false
	}
	if r.Method == http.MethodPost && isForm(r) {
		return true
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost || r.URL == nil || r.URL.RawQuery == "" {
		return false
	}
	q, _ := url.ParseQuery(r.URL.RawQuery)
	return q.Has("Action")
}

func isForm(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == formType
}

// WriteError answers an error in STS's form: status, an ErrorResponse
// document in STS's namespace with code and message (left out when empty),
// and the request id of w's x-amzn-RequestId header, which it sets when
// missing. The server uses it for failures found before a request reaches
// the handler, such as authentication.
func WriteError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	e := (&Error{Status: status, Code: code, Message: message}).resolved()
	if e == nil {
		e = NewError(CodeInternalFailure, internalMessage)
	}
	writeError(w, requestID(w), Namespace, e)
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := requestID(w)
	action := ""
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			h.log.ErrorContext(r.Context(), "sts: panic", "request_id", id, "action", action,
				"panic", p, "stack", string(debug.Stack()))
			writeError(w, id, Namespace, NewError(CodeInternalFailure, internalMessage))
		}
	}()

	f, perr := readForm(w, r)
	if perr != nil {
		writeError(w, id, Namespace, perr)
		return
	}
	action, ok := f.get("Action")
	if !ok {
		writeError(w, id, FaultNamespace, NewError(CodeMissingAction, "Missing Action"))
		return
	}
	version, ok := f.get("Version")
	if !ok {
		version = noVersion
	}
	op := h.ops[action]
	if op == nil || version != APIVersion {
		writeError(w, id, FaultNamespace, NewError(CodeInvalidAction,
			"Could not find operation "+action+" for version "+version))
		return
	}
	out, err := op(r.Context(), f, id)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			if wire := e.resolved(); wire != nil {
				writeError(w, id, Namespace, wire)
				return
			}
		}
		h.log.ErrorContext(r.Context(), "sts: operation failed", "request_id", id, "action", action, "err", err)
		writeError(w, id, Namespace, NewError(CodeInternalFailure, internalMessage))
		return
	}
	writeXML(w, http.StatusOK, out)
}

// readForm returns the request's parameters: a POST's form-encoded body,
// then its URL query, whose values come after the body's. Other requests
// have only their URL query.
func readForm(w http.ResponseWriter, r *http.Request) (form, *Error) {
	f := url.Values{}
	if r.Method == http.MethodPost && isForm(r) && r.Body != nil {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return nil, NewError(CodeRequestEntityTooLarge,
					"Request body must not exceed "+strconv.Itoa(MaxBodyBytes)+" bytes.")
			}
			return nil, NewError(CodeInvalidQueryParameter, "The request body could not be read.")
		}
		v, err := parseQuery(string(body))
		if err != nil {
			return nil, badQuery(err)
		}
		f = v
	}
	if r.URL != nil && r.URL.RawQuery != "" {
		v, err := parseQuery(r.URL.RawQuery)
		if err != nil {
			return nil, badQuery(err)
		}
		for k, vs := range v {
			f[k] = append(f[k], vs...)
		}
	}
	return form(f), nil
}

func badQuery(err error) *Error {
	if err == errTooManyParams {
		return NewError(CodeInvalidQueryParameter,
			"The request has more than "+strconv.Itoa(MaxParams)+" parameters.")
	}
	return NewError(CodeInvalidQueryParameter,
		"The AWS query string is malformed or does not adhere to AWS standards.")
}

// requestID returns the id in w's x-amzn-RequestId header, setting a new
// one when the header is empty.
func requestID(w http.ResponseWriter) string {
	if id := w.Header().Get(HeaderRequestID); id != "" {
		return id
	}
	id := NewRequestID()
	w.Header().Set(HeaderRequestID, id)
	return id
}

// NewRequestID returns a random id in the UUID (version 4) form AWS uses.
func NewRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func writeError(w http.ResponseWriter, id, ns string, e *Error) {
	writeXML(w, e.Status, &errorResponse{
		Xmlns:     ns,
		Error:     errorBody{Type: e.Fault, Code: e.Code, Message: e.Message},
		RequestID: id,
	})
}

// writeXML answers v as AWS lays out its XML: no declaration, two-space
// indentation, a final newline.
func writeXML(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		// The documents are fixed structures of strings: encoding cannot
		// fail, and if it did there would be nothing better to answer.
		panic("stsapi: encode answer: " + err.Error())
	}
	buf.WriteByte('\n')
	// encoding/xml escapes quotes in text, which AWS writes as they are.
	// The one attribute, xmlns, is a constant without quotes, so every
	// escaped quote is in text, where a bare one is well-formed.
	out := bytes.ReplaceAll(buf.Bytes(), []byte("&#39;"), []byte("'"))
	out = bytes.ReplaceAll(out, []byte("&#34;"), []byte(`"`))
	hdr := w.Header()
	hdr.Set("Content-Type", ContentType)
	hdr.Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(status)
	_, _ = w.Write(out)
}
