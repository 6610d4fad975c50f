package sigv4

import (
	"testing"
	"time"
)

// BenchmarkVerify verifies a header-signed JSON request with a small body,
// as an Organizations call is.
func BenchmarkVerify(b *testing.B) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := signedRequest(b, at, `{"AccountId":"111111111111","MaxResults":20}`)
	v := verifierAt(at)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(r); err != nil {
			b.Fatal(err)
		}
	}
}
