package sigv4

import (
	"errors"
	"net/http/httptest"
	"testing"
)

func TestParseAuthorization(t *testing.T) {
	tests := []struct {
		name, header string
		wantKey      string
		wantRegion   string
		wantErr      bool
	}{
		{"aws-sdk-go-v2", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/organizations/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", "AKIDEXAMPLE", "us-east-1", false},
		{"botocore no spaces", "AWS4-HMAC-SHA256 Credential=123456789012/20240101/cn-north-1/organizations/aws4_request,SignedHeaders=host;x-amz-date,Signature=abc", "123456789012", "cn-north-1", false},
		{"wrong algorithm", "AWS4-HMAC-SHA512 Credential=A/20150830/us-east-1/s/aws4_request, SignedHeaders=host, Signature=a", "", "", true},
		{"sigv2", "AWS AKID:signature", "", "", true},
		{"missing signature", "AWS4-HMAC-SHA256 Credential=A/20150830/us-east-1/s/aws4_request, SignedHeaders=host", "", "", true},
		{"short scope", "AWS4-HMAC-SHA256 Credential=A/20150830/us-east-1, SignedHeaders=host, Signature=a", "", "", true},
		{"bad terminator", "AWS4-HMAC-SHA256 Credential=A/20150830/us-east-1/s/aws5_request, SignedHeaders=host, Signature=a", "", "", true},
		{"unknown field", "AWS4-HMAC-SHA256 Credential=A/20150830/us-east-1/s/aws4_request, Foo=bar, SignedHeaders=host, Signature=a", "", "", true},
		{"empty", "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseAuthorization(tt.header)
			if tt.wantErr {
				if !errors.Is(err, ErrMalformed) {
					t.Fatalf("got err %v, want ErrMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("got err %v, want nil", err)
			}
			if a.Credential.AccessKeyID != tt.wantKey || a.Credential.Region != tt.wantRegion {
				t.Errorf("got %+v, want key %s region %s", a.Credential, tt.wantKey, tt.wantRegion)
			}
		})
	}
}

func TestCredentialOfPresigned(t *testing.T) {
	r := httptest.NewRequest("GET", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240101%2Fus-gov-west-1%2Forganizations%2Faws4_request", nil)
	c, ok, err := CredentialOf(r)
	if err != nil || !ok || c.AccessKeyID != "AKID" || c.Region != "us-gov-west-1" {
		t.Errorf("got %+v %v %v, want AKID in us-gov-west-1", c, ok, err)
	}
	c, ok, err = CredentialOf(httptest.NewRequest("POST", "/", nil))
	if ok || err != nil {
		t.Errorf("got %+v %v %v, want no credential", c, ok, err)
	}
}

func FuzzParseAuthorization(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/organizations/aws4_request, SignedHeaders=content-type;host, Signature=5d67")
	f.Add("AWS4-HMAC-SHA256 Credential=//////, SignedHeaders=;, Signature==")
	f.Add("AWS4-HMAC-SHA256 ,,,")
	f.Add("")
	f.Fuzz(func(t *testing.T, h string) {
		a, err := ParseAuthorization(h)
		if err == nil && (a.Credential.AccessKeyID == "" || a.Signature == "" || len(a.SignedHeaders) == 0) {
			t.Fatalf("accepted %q with empty parts: %+v", h, a)
		}
	})
}

func FuzzParseCredential(f *testing.F) {
	f.Add("AKID/20150830/us-east-1/organizations/aws4_request")
	f.Add("a/b/c/d/e")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCredential(s)
		if err == nil && (c.AccessKeyID == "" || len(c.Date) != 8) {
			t.Fatalf("accepted %q: %+v", s, c)
		}
	})
}
