package sigv4

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
)

var (
	longCreds = aws.Credentials{AccessKeyID: longKeyID, SecretAccessKey: longSecret}
	tempCreds = aws.Credentials{AccessKeyID: tempKeyID, SecretAccessKey: tempSecret, SessionToken: tempToken}
)

// emptySHA256 is the hex SHA-256 of an empty payload.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestGoSDKClient sends Organizations calls through the SDK's own client,
// whose middleware signs them, with long-term and temporary credentials.
func TestGoSDKClient(t *testing.T) {
	srv, rec := newRecorder(t)
	for _, creds := range []aws.Credentials{longCreds, tempCreds} {
		client := organizations.New(organizations.Options{
			Region:           "us-east-1",
			BaseEndpoint:     aws.String(srv.URL),
			Credentials:      credentials.NewStaticCredentialsProvider(creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken),
			RetryMaxAttempts: 1,
		})
		if _, err := client.DescribeOrganization(context.Background(), &organizations.DescribeOrganizationInput{}); err != nil {
			t.Fatalf("DescribeOrganization: %v", err)
		}
		if _, err := client.ListAccounts(context.Background(), &organizations.ListAccountsInput{MaxResults: aws.Int32(5)}); err != nil {
			t.Fatalf("ListAccounts: %v", err)
		}
	}
	captures := rec.take(t)
	if len(captures) != 4 {
		t.Fatalf("server saw %d requests, want 4", len(captures))
	}
	for i, c := range captures {
		t.Run(c.Header.Get("X-Amz-Target")+map[bool]string{true: "/temporary", false: "/long-term"}[i >= 2], func(t *testing.T) {
			checkCapture(t, c)
		})
	}
}

// TestGoSDKSigner signs requests with the SDK's signer directly
// (SignHTTP and PresignHTTP) and sends them over HTTP.
func TestGoSDKSigner(t *testing.T) {
	srv, rec := newRecorder(t)
	signer := v4.NewSigner()
	ctx := context.Background()
	send := func(r *http.Request) {
		t.Helper()
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	form := "Action=GetCallerIdentity&Version=2011-06-15"
	type signCase struct {
		name, method, target, body, payloadHash string
		header                                  map[string]string
	}
	cases := []signCase{
		{name: "sts form", method: "POST", target: "/", body: form,
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}},
		{name: "json", method: "POST", target: "/", body: `{"MaxResults":5}`,
			header: map[string]string{"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSOrganizationsV20161128.ListRoots"}},
		{name: "query and path to escape", method: "GET",
			target: "/a%20b/c%2Fd/%C3%BC/~x?b=hello%20world&a=%2F%2B%3D%26&a=1&empty=&Unicode=%E2%82%AC"},
		{name: "content sha256 header", method: "POST", target: "/", body: form,
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-Amz-Content-Sha256": sha256Hex(form)}},
		{name: "unsigned payload", method: "POST", target: "/", body: form, payloadHash: "UNSIGNED-PAYLOAD",
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD"}},
		{name: "multi-valued and spaced headers", method: "POST", target: "/", body: "{}",
			header: map[string]string{"X-Custom": "  a   b  ", "Content-Type": "application/x-amz-json-1.1"}},
	}
	for _, creds := range []aws.Credentials{longCreds, tempCreds} {
		for _, sc := range cases {
			var body io.Reader
			if sc.body != "" {
				body = strings.NewReader(sc.body)
			}
			r, err := http.NewRequest(sc.method, srv.URL+sc.target, body)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range sc.header {
				r.Header.Set(k, v)
			}
			if sc.name == "multi-valued and spaced headers" {
				r.Header.Add("X-Custom", "second")
			}
			hash := sc.payloadHash
			if hash == "" {
				hash = sha256Hex(sc.body)
			}
			if err := signer.SignHTTP(ctx, creds, r, hash, "sts", "us-east-1", time.Now()); err != nil {
				t.Fatal(err)
			}
			send(r)
		}

		// Presigned: the signature and token go in the query.
		r, _ := http.NewRequest("GET", srv.URL+"/?Action=GetCallerIdentity&Version=2011-06-15", nil)
		q := r.URL.Query()
		q.Set("X-Amz-Expires", "300")
		r.URL.RawQuery = q.Encode()
		signed, hdr, err := signer.PresignHTTP(ctx, creds, r, sha256Hex(""), "sts", "us-east-1", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		pr, _ := http.NewRequest("GET", signed, nil)
		for k, vs := range hdr {
			if k != "Host" {
				pr.Header[k] = vs
			}
		}
		send(pr)

		// Presigned without X-Amz-Expires, with a signed header.
		r, _ = http.NewRequest("GET", srv.URL+"/path/x?Action=GetCallerIdentity", nil)
		r.Header.Set("X-Amz-Meta-Thing", "value")
		signed, hdr, err = signer.PresignHTTP(ctx, creds, r, sha256Hex(""), "sts", "us-east-1", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		pr, _ = http.NewRequest("GET", signed, nil)
		for k, vs := range hdr {
			if k != "Host" {
				pr.Header[k] = vs
			}
		}
		send(pr)
	}
	captures := rec.take(t)
	if want := 2 * (len(cases) + 2); len(captures) != want {
		t.Fatalf("server saw %d requests, want %d", len(captures), want)
	}
	for _, c := range captures {
		name := c.Method + " " + c.Path
		if c.presigned() {
			name += " presigned"
		}
		if c.token() != "" {
			name += " temporary"
		}
		t.Run(name, func(t *testing.T) { checkCapture(t, c) })
	}
}

// TestPresignedExpiry checks X-Amz-Expires and, without it, the skew
// window.
func TestPresignedExpiry(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	presign := func(expires string) *http.Request {
		r, _ := http.NewRequest("GET", "https://sts.example.com/?Action=GetCallerIdentity&Version=2011-06-15", nil)
		if expires != "" {
			r.URL.RawQuery += "&X-Amz-Expires=" + expires
		}
		signed, _, err := v4.NewSigner().PresignHTTP(context.Background(), longCreds, r, sha256Hex(""), "sts", "us-east-1", at)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(signed)
		pr, _ := http.NewRequest("GET", u.RequestURI(), nil)
		pr.Host = u.Host
		return pr
	}
	tests := []struct {
		expires string
		after   time.Duration
		want    string // "" for accepted
	}{
		{"60", 59 * time.Second, ""},
		{"60", 60 * time.Second, ""},
		{"60", 61 * time.Second, "Request has expired"},
		{"3600", 59 * time.Minute, ""},
		{"3600", 61 * time.Minute, "Request has expired"},
		{"60", -14 * time.Minute, ""},
		{"60", -16 * time.Minute, "Signature not yet current: 20260101T000000Z is still later than 20251231T235900Z (20251231T234400Z + 15 min.)"},
		{"", 14 * time.Minute, ""},
		{"", 16 * time.Minute, "Signature expired: 20260101T000000Z is now earlier than 20260101T000100Z (20260101T001600Z - 15 min.)"},
	}
	for _, tt := range tests {
		v := verifierAt(at.Add(tt.after))
		_, err := v.Verify(presign(tt.expires))
		if tt.want == "" {
			if err != nil {
				t.Errorf("X-Amz-Expires=%q after %v: %v", tt.expires, tt.after, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Kind != KindExpired || e.Message != tt.want {
			t.Errorf("X-Amz-Expires=%q after %v: got %v, want KindExpired %q", tt.expires, tt.after, err, tt.want)
		}
	}
}
