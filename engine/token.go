package engine

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"

	"canopy/org"
)

const metaTokenKey = "pagination_token_key"

// Page sizes: MaxResults is 1 to 20 on the wire (enforced by the model);
// absent, a page holds up to defaultPageSize items.
const defaultPageSize = 20

func newTokenKey() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("engine: crypto/rand failed: " + err.Error())
	}
	return hex.EncodeToString(b)
}

// tokenSigner makes NextTokens opaque and tamper-evident: a token names the
// operation, the organization and the listing's scope it was issued for, and
// the sort key to resume after, all under an HMAC whose key lives in the
// store, so tokens survive restarts and work on every node.
type tokenSigner struct{ key []byte }

func newTokenSigner(key string) *tokenSigner { return &tokenSigner{key: []byte(key)} }

type tokenBody struct {
	Op    string `json:"o"`
	Org   string `json:"g"`
	Scope string `json:"s,omitempty"`
	After string `json:"a"`
}

func (s *tokenSigner) mac(b []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write(b)
	return m.Sum(nil)[:16]
}

// issue returns a token that resumes the listing after the given key.
func (s *tokenSigner) issue(op, orgID, scope, after string) string {
	b, _ := json.Marshal(tokenBody{Op: op, Org: orgID, Scope: scope, After: after})
	return base64.RawURLEncoding.EncodeToString(b) + "." + base64.RawURLEncoding.EncodeToString(s.mac(b))
}

// open checks a token and returns the key to resume after; "" for no token.
func (s *tokenSigner) open(token, op, orgID, scope string) (string, error) {
	if token == "" {
		return "", nil
	}
	bad := org.InvalidInput(org.ReasonInvalidNextToken, "The specified NextToken is not valid.")
	body, sig, ok := strings.Cut(token, ".")
	if !ok {
		return "", bad
	}
	b, err1 := base64.RawURLEncoding.DecodeString(body)
	mac, err2 := base64.RawURLEncoding.DecodeString(sig)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, s.mac(b)) {
		return "", bad
	}
	var t tokenBody
	if err := json.Unmarshal(b, &t); err != nil || t.Op != op || t.Org != orgID || t.Scope != scope {
		return "", bad
	}
	return t.After, nil
}

// pageSize returns the page size a request asked for.
func pageSize(maxResults int) int {
	if maxResults <= 0 || maxResults > defaultPageSize {
		return defaultPageSize
	}
	return maxResults
}

// paginate lists one page through list, which must return up to limit items
// after a key; key gives an item's sort key. It fetches one item more than
// the page to know whether another page follows.
func paginate[T any](e *Engine, op, orgID, scope string, in org.Paging, key func(T) string,
	list func(after string, limit int) ([]T, error)) ([]T, string, error) {
	after, err := e.tokens.open(in.NextToken, op, orgID, scope)
	if err != nil {
		return nil, "", err
	}
	n := pageSize(in.MaxResults)
	items, err := list(after, n+1)
	if err != nil {
		return nil, "", err
	}
	if items == nil {
		items = []T{}
	}
	if len(items) <= n {
		return items, "", nil
	}
	items = items[:n]
	return items, e.tokens.issue(op, orgID, scope, key(items[n-1])), nil
}

// pageOf pages through items already in memory and sorted by key.
func pageOf[T any](items []T, key func(T) string) func(after string, limit int) ([]T, error) {
	return func(after string, limit int) ([]T, error) {
		i := 0
		if after != "" {
			for i < len(items) && key(items[i]) <= after {
				i++
			}
		}
		end := min(len(items), i+limit)
		return items[i:end], nil
	}
}
