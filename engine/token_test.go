package engine

import (
	"testing"

	"canopy/org"
)

func TestTokenRoundTrip(t *testing.T) {
	s := newTokenSigner(newTokenKey())
	tok := s.issue("ListAccounts", "o-abc", "", "222222222222")
	tests := []struct {
		name, token, op, org, scope string
		want                        string
		wantErr                     bool
	}{
		{"same listing", tok, "ListAccounts", "o-abc", "", "222222222222", false},
		{"no token", "", "ListAccounts", "o-abc", "", "", false},
		{"other operation", tok, "ListRoots", "o-abc", "", "", true},
		{"other organization", tok, "ListAccounts", "o-xyz", "", "", true},
		{"other scope", tok, "ListAccounts", "o-abc", "r-1234", "", true},
		{"tampered body", "x" + tok[1:], "ListAccounts", "o-abc", "", "", true},
		{"tampered mac", tok[:len(tok)-2] + "AA", "ListAccounts", "o-abc", "", "", true},
		{"no mac", "abc", "ListAccounts", "o-abc", "", "", true},
		{"other key", newTokenSigner(newTokenKey()).issue("ListAccounts", "o-abc", "", "1"), "ListAccounts", "o-abc", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.open(tt.token, tt.op, tt.org, tt.scope)
			if tt.wantErr {
				if e, ok := org.AsError(err); !ok || e.Reason != org.ReasonInvalidNextToken {
					t.Fatalf("got %v, want InvalidInputException INVALID_NEXT_TOKEN", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v, want %q", got, err, tt.want)
			}
		})
	}
}

// FuzzTokenOpen checks that no NextToken a client makes up crashes the
// parser or is accepted without the signing key.
func FuzzTokenOpen(f *testing.F) {
	s := newTokenSigner("fuzz-key")
	f.Add(s.issue("ListAccounts", "o-abc", "", "222222222222"))
	f.Add("")
	f.Add(".")
	f.Add("eyJvIjoiTGlzdEFjY291bnRzIn0.AAAA")
	f.Fuzz(func(t *testing.T, token string) {
		_, err := s.open(token, "ListAccounts", "o-abc", "")
		if err != nil {
			if _, ok := org.AsError(err); !ok {
				t.Fatalf("got a non-API error %v", err)
			}
			return
		}
		// Anything accepted must carry a MAC made with the key, so it
		// names the listing it was issued for.
		if token != "" {
			if _, err := s.open(token, "ListAccounts", "o-xyz", ""); err == nil {
				t.Fatalf("token %q opened for another organization", token)
			}
		}
	})
}
