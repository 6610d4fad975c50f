package sigv4_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"canopy/sigv4"
)

// A JSON-protocol front end verifies each request before decoding it, and
// answers a refusal with the code and status AWS would.
func ExampleVerifier() {
	keys := map[string]sigv4.Key{"AKIDEXAMPLE": {Secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}}
	v := &sigv4.Verifier{Lookup: func(_ context.Context, id string) (sigv4.Key, error) {
		k, ok := keys[id]
		if !ok {
			return sigv4.Key{}, sigv4.ErrUnknownKey
		}
		return k, nil
	}}
	refuse := func(w http.ResponseWriter, e *sigv4.Error) {
		wire := e.Wire(sigv4.JSON)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(wire.Status)
		json.NewEncoder(w).Encode(map[string]string{"__type": wire.Code, "message": wire.Message})
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := v.Verify(r)
		var refusal *sigv4.Error
		if errors.As(err, &refusal) {
			refuse(w, refusal)
			return
		}
		if err != nil {
			http.Error(w, "internal failure", http.StatusInternalServerError)
			return
		}
		if res.Credential.Service != "organizations" {
			refuse(w, sigv4.WrongService("organizations"))
			return
		}
		// Serve the call for res.Credential.AccessKeyID; r.Body is intact.
	})
	_ = handler
}
