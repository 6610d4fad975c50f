package stsapi_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"canopy/stsapi"
)

// wireError is an ErrorResponse as clients decode it.
type wireError struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Error   struct {
		Type    string  `xml:"Type"`
		Code    string  `xml:"Code"`
		Message *string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestId"`
}

func decodeError(t *testing.T, r response) wireError {
	t.Helper()
	var e wireError
	if err := xml.Unmarshal([]byte(r.body), &e); err != nil {
		t.Fatalf("error document does not parse: %v\n%s", err, r.body)
	}
	if got := r.header.Get("Content-Type"); got != "text/xml" {
		t.Errorf("Content-Type %q, want text/xml", got)
	}
	if id := r.header.Get("x-amzn-RequestId"); id == "" || id != e.RequestID {
		t.Errorf("request id: header %q, body %q", id, e.RequestID)
	}
	return e
}

const okGetCallerIdentity = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/alice</Arn>
    <UserId>AIDAEXAMPLEUSERID0001</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>req-1</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
`

// The layout of AWS's own answers: no XML declaration, two-space
// indentation, a final newline, text/xml.
func TestGetCallerIdentityDocument(t *testing.T) {
	h := withRequestID("req-1", stsapi.NewHandler(&fakeBackend{}, nil))
	for _, r := range []response{
		post(h, "Action=GetCallerIdentity&Version=2011-06-15"),
		serve(h, httptest.NewRequest(http.MethodGet, "/?Action=GetCallerIdentity&Version=2011-06-15", nil)),
	} {
		if r.status != 200 || r.body != okGetCallerIdentity {
			t.Errorf("status %d, body:\n%s\nwant:\n%s", r.status, r.body, okGetCallerIdentity)
		}
		if ct := r.header.Get("Content-Type"); ct != "text/xml" {
			t.Errorf("Content-Type %q", ct)
		}
		if id := r.header.Get("x-amzn-RequestId"); id != "req-1" {
			t.Errorf("x-amzn-RequestId %q", id)
		}
		if n, _ := strconv.Atoi(r.header.Get("Content-Length")); n != len(r.body) {
			t.Errorf("Content-Length %d for %d bytes", n, len(r.body))
		}
	}
}

const okAssumeRole = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>alice@example.com</SourceIdentity>
    <AssumedRoleUser>
      <AssumedRoleId>AROAEXAMPLEROLEID0001:s1</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/Admin/s1</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAEXAMPLEKEY000001</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey>
      <SessionToken>FwoGZXIvYXdzEXAMPLETOKEN+/=</SessionToken>
      <Expiration>2026-12-02T05:00:00Z</Expiration>
    </Credentials>
    <PackedPolicySize>1</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>req-2</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
`

const okAssumeRoleBare = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROAEXAMPLEROLEID0001:s1</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/Admin/s1</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAEXAMPLEKEY000001</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey>
      <SessionToken>FwoGZXIvYXdzEXAMPLETOKEN+/=</SessionToken>
      <Expiration>2026-12-02T05:00:00Z</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>req-2</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
`

func TestAssumeRoleDocument(t *testing.T) {
	h := withRequestID("req-2", stsapi.NewHandler(&fakeBackend{}, nil))
	r := post(h, encode("Action", "AssumeRole", "Version", "2011-06-15",
		"RoleArn", "arn:aws:iam::123456789012:role/Admin", "RoleSessionName", "s1",
		"PolicyArns.member.1.arn", "arn:aws:iam::aws:policy/ReadOnlyAccess",
		"SourceIdentity", "alice@example.com"))
	if r.status != 200 || r.body != okAssumeRole {
		t.Errorf("status %d, body:\n%s\nwant:\n%s", r.status, r.body, okAssumeRole)
	}
	// PackedPolicySize and SourceIdentity are left out when there are none.
	r = post(h, encode("Action", "AssumeRole", "Version", "2011-06-15",
		"RoleArn", "arn:aws:iam::123456789012:role/Admin", "RoleSessionName", "s1"))
	if r.status != 200 || r.body != okAssumeRoleBare {
		t.Errorf("status %d, body:\n%s\nwant:\n%s", r.status, r.body, okAssumeRoleBare)
	}
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// Without the server's middleware the handler names the request itself.
func TestRequestIDGenerated(t *testing.T) {
	h := stsapi.NewHandler(&fakeBackend{}, nil)
	seen := map[string]bool{}
	for _, body := range []string{"Action=GetCallerIdentity&Version=2011-06-15", "Action=Nope&Version=2011-06-15", "Version=2011-06-15"} {
		r := post(h, body)
		id := r.header.Get("x-amzn-RequestId")
		if !uuidV4.MatchString(id) || seen[id] {
			t.Errorf("%s: request id %q", body, id)
		}
		seen[id] = true
		if !strings.Contains(r.body, "<RequestId>"+id+"</RequestId>") {
			t.Errorf("%s: body does not carry %s:\n%s", body, id, r.body)
		}
	}
}

const (
	stsNS   = "https://sts.amazonaws.com/doc/2011-06-15/"
	faultNS = "http://webservices.amazon.com/AWSFault/2005-15-09"
)

// Errors of the protocol itself: which operation, which version, how the
// parameters are encoded. The InvalidAction messages and namespace are
// those AWS STS answers.
func TestProtocolErrors(t *testing.T) {
	h := stsapi.NewHandler(&fakeBackend{}, nil)
	postWith := func(ct, body string) response {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		return serve(h, r)
	}
	get := func(target string) response { return serve(h, httptest.NewRequest(http.MethodGet, target, nil)) }
	notFound := func(op, version string) string {
		return "Could not find operation " + op + " for version " + version
	}
	cases := []struct {
		name           string
		r              response
		status         int
		ns, code       string
		message        string
		messageOmitted bool
	}{
		{"unknown action", post(h, "Action=NoSuchAction&Version=2011-06-15"), 400, faultNS, "InvalidAction", notFound("NoSuchAction", "2011-06-15"), false},
		{"other STS action", post(h, "Action=GetSessionToken&Version=2011-06-15"), 400, faultNS, "InvalidAction", notFound("GetSessionToken", "2011-06-15"), false},
		{"web identity", post(h, "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=x"), 400, faultNS, "InvalidAction", notFound("AssumeRoleWithWebIdentity", "2011-06-15"), false},
		{"action is case-sensitive", post(h, "Action=getcalleridentity&Version=2011-06-15"), 400, faultNS, "InvalidAction", notFound("getcalleridentity", "2011-06-15"), false},
		{"empty action", post(h, "Action=&Version=2011-06-15"), 400, faultNS, "InvalidAction", notFound("", "2011-06-15"), false},
		{"missing version", post(h, "Action=GetCallerIdentity"), 400, faultNS, "InvalidAction", notFound("GetCallerIdentity", "NO_VERSION_SPECIFIED"), false},
		{"empty version", post(h, "Action=GetCallerIdentity&Version="), 400, faultNS, "InvalidAction", notFound("GetCallerIdentity", ""), false},
		{"other version", post(h, "Action=GetCallerIdentity&Version=2000-01-01"), 400, faultNS, "InvalidAction", notFound("GetCallerIdentity", "2000-01-01"), false},
		{"first version counts", post(h, "Action=GetCallerIdentity&Version=2000-01-01&Version=2011-06-15"), 400, faultNS, "InvalidAction", notFound("GetCallerIdentity", "2000-01-01"), false},
		{"first action counts", post(h, "Action=NoSuchAction&Action=GetCallerIdentity&Version=2011-06-15"), 400, faultNS, "InvalidAction", notFound("NoSuchAction", "2011-06-15"), false},
		{"GET unknown action", get("/?Action=ListRoles&Version=2011-06-15"), 400, faultNS, "InvalidAction", notFound("ListRoles", "2011-06-15"), false},
		{"missing action", post(h, "Version=2011-06-15"), 400, faultNS, "MissingAction", "Missing Action", false},
		{"GET missing action", get("/?Version=2011-06-15"), 400, faultNS, "MissingAction", "Missing Action", false},
		{"empty body", post(h, ""), 400, faultNS, "MissingAction", "Missing Action", false},
		{"body without form content type is not read", postWith("", "Action=GetCallerIdentity&Version=2011-06-15"), 400, faultNS, "MissingAction", "Missing Action", false},
		{"JSON body", postWith("application/x-amz-json-1.1", `{"Action":"GetCallerIdentity"}`), 400, faultNS, "MissingAction", "Missing Action", false},
		{"bad percent encoding", post(h, "Action=GetCallerIdentity&Version=2011-06-15&X=%zz"), 400, stsNS, "InvalidQueryParameter", "The AWS query string is malformed or does not adhere to AWS standards.", false},
		{"semicolon separator", post(h, "Action=GetCallerIdentity;Version=2011-06-15"), 400, stsNS, "InvalidQueryParameter", "The AWS query string is malformed or does not adhere to AWS standards.", false},
		{"bad query string", get("/?Action=GetCallerIdentity&Version=2011-06-15&%"), 400, stsNS, "InvalidQueryParameter", "The AWS query string is malformed or does not adhere to AWS standards.", false},
		{"too many parameters", post(h, "Action=GetCallerIdentity&Version=2011-06-15"+strings.Repeat("&a=b", stsapi.MaxParams)), 400, stsNS, "InvalidQueryParameter", "The request has more than 10000 parameters.", false},
		{"body too large", post(h, "Action=GetCallerIdentity&Version=2011-06-15&Policy="+strings.Repeat("x", stsapi.MaxBodyBytes)), 413, stsNS, "RequestEntityTooLarge", "Request body must not exceed 1048576 bytes.", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.r.status != c.status {
				t.Errorf("status %d, want %d", c.r.status, c.status)
			}
			e := decodeError(t, c.r)
			if e.XMLName.Space != c.ns || e.Error.Type != "Sender" || e.Error.Code != c.code {
				t.Errorf("got %s %s %s, want %s Sender %s", e.XMLName.Space, e.Error.Type, e.Error.Code, c.ns, c.code)
			}
			if e.Error.Message == nil || *e.Error.Message != c.message {
				t.Errorf("message %v, want %q", e.Error.Message, c.message)
			}
		})
	}
}

// The exact error document, byte for byte.
func TestErrorDocument(t *testing.T) {
	h := withRequestID("req-3", stsapi.NewHandler(&fakeBackend{}, nil))
	r := post(h, "Action=NoSuchAction&Version=2011-06-15")
	want := `<ErrorResponse xmlns="http://webservices.amazon.com/AWSFault/2005-15-09">
  <Error>
    <Type>Sender</Type>
    <Code>InvalidAction</Code>
    <Message>Could not find operation NoSuchAction for version 2011-06-15</Message>
  </Error>
  <RequestId>req-3</RequestId>
</ErrorResponse>
`
	if r.body != want {
		t.Errorf("got:\n%s\nwant:\n%s", r.body, want)
	}
	r = post(h, encode("Action", "AssumeRole", "Version", "2011-06-15", "RoleArn", "arn:aws:iam::123456789012:role/Admin", "RoleSessionName", "bad/name"))
	want = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>ValidationError</Code>
    <Message>1 validation error detected: Value 'bad/name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*</Message>
  </Error>
  <RequestId>req-3</RequestId>
</ErrorResponse>
`
	if r.status != 400 || r.body != want {
		t.Errorf("status %d, got:\n%s\nwant:\n%s", r.status, r.body, want)
	}
}

// Parameters the operation does not know are ignored, as AWS ignores them.
func TestUnknownParametersIgnored(t *testing.T) {
	h := stsapi.NewHandler(&fakeBackend{}, nil)
	r := post(h, "Action=GetCallerIdentity&Version=2011-06-15&Unknown=value&RoleArn=x")
	if r.status != 200 {
		t.Fatalf("status %d:\n%s", r.status, r.body)
	}
	r = post(h, "Action=GetCallerIdentity&Action=NoSuchAction&Version=2011-06-15&Version=2000-01-01")
	if r.status != 200 {
		t.Fatalf("first Action and Version count; status %d:\n%s", r.status, r.body)
	}
	// A POST's URL query is read after its body.
	req := httptest.NewRequest(http.MethodPost, "/?Action=GetCallerIdentity&Version=2011-06-15", strings.NewReader("Action=NoSuchAction"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r = serve(h, req)
	if e := decodeError(t, r); e.Error.Code != "InvalidAction" || *e.Error.Message != "Could not find operation NoSuchAction for version 2011-06-15" {
		t.Errorf("body first: %s", r.body)
	}
	req = httptest.NewRequest(http.MethodPost, "/?Action=GetCallerIdentity&Version=2011-06-15", nil)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r := serve(h, req); r.status != 200 {
		t.Errorf("POST with an empty body and the query: %d %s", r.status, r.body)
	}
}

const (
	roleArn = "arn:aws:iam::123456789012:role/Admin"
	tagPat  = `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`
	arnPat  = `[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+`
)

func one(value, path, constraint string) string {
	return "1 validation error detected: " + violation(value, path, constraint)
}

func violation(value, path, constraint string) string {
	if value != "null" {
		value = "'" + value + "'"
	}
	return "Value " + value + " at '" + path + "' failed to satisfy constraint: " + constraint
}

func assumeRole(extra ...string) string {
	return encode(append([]string{"Action", "AssumeRole", "Version", "2011-06-15"}, extra...)...)
}

// Every constraint of the model, answered with AWS's code and message. The
// cases marked (AWS) are answers recorded from AWS STS itself; the others
// follow the same rules for the model's other members.
func TestValidation(t *testing.T) {
	h := stsapi.NewHandler(&fakeBackend{}, nil)
	xs := func(n int) string { return strings.Repeat("x", n) }
	emoji2048 := strings.Repeat("\U0001F600", 2048)
	emoji2049 := strings.Repeat("\U0001F600", 2049)
	decomposed := strings.Repeat("e\u0301", 1025)
	tags51 := []string{"RoleArn", roleArn, "RoleSessionName", "s1"}
	var shown []string
	for i := 1; i <= 51; i++ {
		n := strconv.Itoa(i)
		tags51 = append(tags51, "Tags.member."+n+".Key", "k"+n, "Tags.member."+n+".Value", "v")
		shown = append(shown, "{Key: k"+n+",Value: v}")
	}
	cases := []struct {
		name    string
		body    string
		code    string
		message string // "-" for no Message element
	}{
		// RoleArn (AWS)
		{"missing role arn", assumeRole("RoleSessionName", "s1"), "ValidationError", one("null", "roleArn", "Member must not be null")},
		{"empty role arn", assumeRole("RoleArn", "", "RoleSessionName", "s1"), "ValidationError",
			"2 validation errors detected: " + violation("", "roleArn", "Member must satisfy regular expression pattern: "+arnPat) + "; " +
				violation("", "roleArn", "Member must have length greater than or equal to 20")},
		{"short role arn", assumeRole("RoleArn", "not-an-arn", "RoleSessionName", "s1"), "ValidationError", one("not-an-arn", "roleArn", "Member must have length greater than or equal to 20")},
		{"role arn that is no ARN", assumeRole("RoleArn", xs(20), "RoleSessionName", "s1"), "ValidationError", xs(20) + " is invalid"},
		{"longest role arn that is no ARN", assumeRole("RoleArn", xs(2048), "RoleSessionName", "s1"), "ValidationError", xs(2048) + " is invalid"},
		{"overlong role arn", assumeRole("RoleArn", xs(2049), "RoleSessionName", "s1"), "ValidationError", one(xs(2049), "roleArn", "Member must have length less than or equal to 2048")},
		{"2048 characters of Latin-1", assumeRole("RoleArn", strings.Repeat("é", 2048), "RoleSessionName", "s1"), "ValidationError", strings.Repeat("é", 2048) + " is invalid"},
		{"2049 characters of Latin-1", assumeRole("RoleArn", strings.Repeat("é", 2049), "RoleSessionName", "s1"), "ValidationError", one(strings.Repeat("é", 2049), "roleArn", "Member must have length less than or equal to 2048")},
		{"2048 emoji: lengths count code points", assumeRole("RoleArn", emoji2048, "RoleSessionName", "s1"), "ValidationError", one(emoji2048, "roleArn", "Member must satisfy regular expression pattern: "+arnPat)},
		{"2049 emoji", assumeRole("RoleArn", emoji2049, "RoleSessionName", "s1"), "ValidationError",
			"2 validation errors detected: " + violation(emoji2049, "roleArn", "Member must satisfy regular expression pattern: "+arnPat) + "; " +
				violation(emoji2049, "roleArn", "Member must have length less than or equal to 2048")},
		{"combining marks are code points", assumeRole("RoleArn", decomposed, "RoleSessionName", "s1"), "ValidationError", one(decomposed, "roleArn", "Member must have length less than or equal to 2048")},
		{"ARN without partition", assumeRole("RoleArn", "arn::b:::something/test-role", "RoleSessionName", "s1"), "ValidationError", "arn::b:::something/test-role is invalid"},
		{"ARN without service", assumeRole("RoleArn", "arn:a::::something/test-role", "RoleSessionName", "s1"), "ValidationError", "arn:a::::something/test-role is invalid"},
		{"ARN with five parts", assumeRole("RoleArn", "arn:a:::something/test-role", "RoleSessionName", "s1"), "ValidationError", "arn:a:::something/test-role is invalid"},
		{"ARN without resource", assumeRole("RoleArn", "arn:a:a::aaaaaaaaaa:", "RoleSessionName", "s1"), "ValidationError", "arn:a:a::aaaaaaaaaa: is invalid"},
		{"first role arn counts", assumeRole("RoleArn", "not-an-arn", "RoleArn", roleArn, "RoleSessionName", "s1"), "ValidationError", one("not-an-arn", "roleArn", "Member must have length greater than or equal to 20")},

		// RoleSessionName (AWS)
		{"missing session name", assumeRole("RoleArn", roleArn), "ValidationError", one("null", "roleSessionName", "Member must not be null")},
		{"empty session name", assumeRole("RoleArn", roleArn, "RoleSessionName", ""), "ValidationError", one("", "roleSessionName", "Member must have length greater than or equal to 2")},
		{"short session name", assumeRole("RoleArn", roleArn, "RoleSessionName", "a"), "ValidationError", one("a", "roleSessionName", "Member must have length greater than or equal to 2")},
		{"session name pattern", assumeRole("RoleArn", roleArn, "RoleSessionName", "bad/name"), "ValidationError", one("bad/name", "roleSessionName", `Member must satisfy regular expression pattern: [\w+=,.@-]*`)},
		{"Java's \\w is ASCII", assumeRole("RoleArn", roleArn, "RoleSessionName", "café"), "ValidationError", one("café", "roleSessionName", `Member must satisfy regular expression pattern: [\w+=,.@-]*`)},
		{"long session name", assumeRole("RoleArn", roleArn, "RoleSessionName", strings.Repeat("a", 65)), "ValidationError", one(strings.Repeat("a", 65), "roleSessionName", "Member must have length less than or equal to 64")},
		{"first session name counts", assumeRole("RoleArn", roleArn, "RoleSessionName", "bad/name", "RoleSessionName", "s1"), "ValidationError", one("bad/name", "roleSessionName", `Member must satisfy regular expression pattern: [\w+=,.@-]*`)},
		{"both missing", assumeRole(), "ValidationError", "2 validation errors detected: " +
			violation("null", "roleArn", "Member must not be null") + "; " + violation("null", "roleSessionName", "Member must not be null")},

		// DurationSeconds (AWS)
		{"empty duration", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "DurationSeconds", ""), "MalformedInput", "missing value for decimal type"},
		{"non-numeric duration", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "DurationSeconds", "abc"), "MalformedInput", "-"},
		{"decimal duration", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "DurationSeconds", "900.0"), "MalformedInput", "-"},
		{"int32 overflow", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "DurationSeconds", "2147483648"), "MalformedInput", "-"},
		{"int32 underflow", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "DurationSeconds", "-2147483649"), "MalformedInput", "-"},
		{"malformed before missing members", assumeRole("DurationSeconds", "x"), "MalformedInput", "-"},
		{"negative duration", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "DurationSeconds", "-1"), "ValidationError", one("-1", "durationSeconds", "Member must have value greater than or equal to 900")},
		{"short duration", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "DurationSeconds", "899"), "ValidationError", one("899", "durationSeconds", "Member must have value greater than or equal to 900")},
		{"long duration", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "DurationSeconds", "43201"), "ValidationError", one("43201", "durationSeconds", "Member must have value less than or equal to 43200")},
		{"int32 max", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "DurationSeconds", "2147483647"), "ValidationError", one("2147483647", "durationSeconds", "Member must have value less than or equal to 43200")},
		{"int32 min", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "DurationSeconds", "-2147483648"), "ValidationError", one("-2147483648", "durationSeconds", "Member must have value greater than or equal to 900")},
		{"first duration counts", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "DurationSeconds", "899", "DurationSeconds", "900"), "ValidationError", one("899", "durationSeconds", "Member must have value greater than or equal to 900")},

		// The other members, by the same rules.
		{"policy arn", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "PolicyArns.member.1.arn", "arn:aws:iam::aws:policy/A", "PolicyArns.member.2.arn", "short"), "ValidationError",
			one("short", "policyArns.2.member.arn", "Member must have length greater than or equal to 20")},
		{"empty policy", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "Policy", ""), "ValidationError", "2 validation errors detected: " +
			violation("", "policy", `Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+`) + "; " +
			violation("", "policy", "Member must have length greater than or equal to 1")},
		{"policy beyond Latin-1", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "Policy", `{"Sid":"€"}`), "ValidationError",
			one(`{"Sid":"€"}`, "policy", `Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+`)},
		{"tag key pattern", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "Tags.member.1.Key", "ok", "Tags.member.1.Value", "v", "Tags.member.2.Key", "bad*key", "Tags.member.2.Value", "v"), "ValidationError",
			one("bad*key", "tags.2.member.key", "Member must satisfy regular expression pattern: "+tagPat)},
		{"tag key length", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "Tags.member.1.Key", strings.Repeat("k", 129), "Tags.member.1.Value", "v"), "ValidationError",
			one(strings.Repeat("k", 129), "tags.1.member.key", "Member must have length less than or equal to 128")},
		{"empty tag key", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "Tags.member.1.Key", "", "Tags.member.1.Value", "v"), "ValidationError", "2 validation errors detected: " +
			violation("", "tags.1.member.key", "Member must satisfy regular expression pattern: "+tagPat) + "; " +
			violation("", "tags.1.member.key", "Member must have length greater than or equal to 1")},
		{"tag value missing", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "Tags.member.1.Key", "k"), "ValidationError", one("null", "tags.1.member.value", "Member must not be null")},
		{"tag value pattern and length", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "Tags.member.1.Key", "k", "Tags.member.1.Value", strings.Repeat("!", 257)), "ValidationError", "2 validation errors detected: " +
			violation(strings.Repeat("!", 257), "tags.1.member.value", `Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]*`) + "; " +
			violation(strings.Repeat("!", 257), "tags.1.member.value", "Member must have length less than or equal to 256")},
		{"51 tags", assumeRole(tags51...), "ValidationError", one("["+strings.Join(shown, ", ")+"]", "tags", "Member must have length less than or equal to 50")},
		{"transitive tag key", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "TransitiveTagKeys.member.1", "ok", "TransitiveTagKeys.member.2", "no#"), "ValidationError",
			one("no#", "transitiveTagKeys.2.member", "Member must satisfy regular expression pattern: "+tagPat)},
		{"external id", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "ExternalId", "x"), "ValidationError", one("x", "externalId", "Member must have length greater than or equal to 2")},
		{"external id pattern", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "ExternalId", "a b"), "ValidationError", one("a b", "externalId", `Member must satisfy regular expression pattern: [\w+=,.@:\/-]*`)},
		{"serial number", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "SerialNumber", "GAHT1234"), "ValidationError", one("GAHT1234", "serialNumber", "Member must have length greater than or equal to 9")},
		{"token code", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "TokenCode", "12a456"), "ValidationError", one("12a456", "tokenCode", `Member must satisfy regular expression pattern: [\d]*`)},
		{"token code length", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "TokenCode", "1234567"), "ValidationError", one("1234567", "tokenCode", "Member must have length less than or equal to 6")},
		{"source identity", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "SourceIdentity", "a b"), "ValidationError", one("a b", "sourceIdentity", `Member must satisfy regular expression pattern: [\w+=,.@-]*`)},
		{"empty provided contexts", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "ProvidedContexts", ""), "ValidationError", one("[]", "providedContexts", "Member must have length greater than or equal to 1")},
		{"six provided contexts", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1",
			"ProvidedContexts.member.1.ProviderArn", "arn:aws:iam::aws:contextProvider/IdentityCenter",
			"ProvidedContexts.member.2.ProviderArn", "arn:aws:iam::aws:contextProvider/IdentityCenter",
			"ProvidedContexts.member.3.ProviderArn", "arn:aws:iam::aws:contextProvider/IdentityCenter",
			"ProvidedContexts.member.4.ProviderArn", "arn:aws:iam::aws:contextProvider/IdentityCenter",
			"ProvidedContexts.member.5.ProviderArn", "arn:aws:iam::aws:contextProvider/IdentityCenter",
			"ProvidedContexts.member.6.ContextAssertion", "abcd"), "ValidationError",
			one("["+strings.Repeat("{ProviderArn: arn:aws:iam::aws:contextProvider/IdentityCenter}, ", 5)+"{ContextAssertion: abcd}]",
				"providedContexts", "Member must have length less than or equal to 5")},
		{"context assertion", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "ProvidedContexts.member.1.ContextAssertion", "abc"), "ValidationError",
			one("abc", "providedContexts.1.member.contextAssertion", "Member must have length greater than or equal to 4")},
		{"all at once, in the model's member order", assumeRole("TokenCode", "1", "Policy", "", "RoleSessionName", "x", "Tags.member.1.Value", "v"), "ValidationError",
			"6 validation errors detected: " + strings.Join([]string{
				violation("null", "roleArn", "Member must not be null"),
				violation("x", "roleSessionName", "Member must have length greater than or equal to 2"),
				violation("", "policy", `Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+`),
				violation("", "policy", "Member must have length greater than or equal to 1"),
				violation("null", "tags.1.member.key", "Member must not be null"),
				violation("1", "tokenCode", "Member must have length greater than or equal to 6"),
			}, "; ")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := post(h, c.body)
			if r.status != 400 {
				t.Errorf("status %d", r.status)
			}
			e := decodeError(t, r)
			if e.XMLName.Space != stsNS || e.Error.Type != "Sender" || e.Error.Code != c.code {
				t.Errorf("got %s %s %s, want Sender %s", e.XMLName.Space, e.Error.Type, e.Error.Code, c.code)
			}
			switch {
			case c.message == "-":
				if e.Error.Message != nil {
					t.Errorf("message %q, want none", *e.Error.Message)
				}
			case e.Error.Message == nil:
				t.Errorf("no message, want %q", c.message)
			case *e.Error.Message != c.message:
				t.Errorf("message\n got %q\nwant %q", *e.Error.Message, c.message)
			}
		})
	}
}

// What the Backend receives: every member decoded from the Query
// protocol's list encodings, the first of repeated values, defaults filled.
func TestAssumeRoleDecoding(t *testing.T) {
	b := &fakeBackend{}
	h := stsapi.NewHandler(b, nil)
	cases := []struct {
		name string
		body string
		want stsapi.AssumeRoleInput
	}{
		{"minimal", assumeRole("RoleArn", roleArn, "RoleSessionName", "aa"),
			stsapi.AssumeRoleInput{RoleArn: roleArn, RoleSessionName: "aa", DurationSeconds: 3600}},
		{"every member", assumeRole("RoleArn", roleArn, "RoleSessionName", strings.Repeat("b", 64),
			"PolicyArns.member.1.arn", "arn:aws:iam::aws:policy/ReadOnlyAccess",
			"PolicyArns.member.2.arn", "arn:aws:iam::123456789012:policy/Mine",
			"Policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
			"DurationSeconds", "43200",
			"Tags.member.1.Key", "Project", "Tags.member.1.Value", "Unicorn",
			"Tags.member.2.Key", "Cost Center", "Tags.member.2.Value", "",
			"TransitiveTagKeys.member.1", "Project",
			"ExternalId", "ext-id:42/x",
			"SerialNumber", "arn:aws:iam::123456789012:mfa/alice",
			"TokenCode", "123456",
			"SourceIdentity", "alice@example.com",
			"ProvidedContexts.member.1.ProviderArn", "arn:aws:iam::aws:contextProvider/IdentityCenter",
			"ProvidedContexts.member.1.ContextAssertion", "opaque-assertion"),
			stsapi.AssumeRoleInput{
				RoleArn: roleArn, RoleSessionName: strings.Repeat("b", 64),
				PolicyArns:      []stsapi.PolicyDescriptor{{Arn: "arn:aws:iam::aws:policy/ReadOnlyAccess"}, {Arn: "arn:aws:iam::123456789012:policy/Mine"}},
				Policy:          `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
				DurationSeconds: 43200, DurationSet: true,
				Tags:              []stsapi.Tag{{Key: "Project", Value: "Unicorn"}, {Key: "Cost Center", Value: ""}},
				TransitiveTagKeys: []string{"Project"},
				ExternalID:        "ext-id:42/x", SerialNumber: "arn:aws:iam::123456789012:mfa/alice", TokenCode: "123456",
				SourceIdentity:   "alice@example.com",
				ProvidedContexts: []stsapi.ProvidedContext{{ProviderArn: "arn:aws:iam::aws:contextProvider/IdentityCenter", ContextAssertion: "opaque-assertion"}},
			}},
		{"elements in index order, gaps closed, odd indexes ignored", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1",
			"Tags.member.10.Key", "ten", "Tags.member.10.Value", "10",
			"Tags.member.2.Value", "2", "Tags.member.2.Key", "two",
			"Tags.member.02.Key", "zero-two", "Tags.member.0.Key", "zero", "Tags.member.x.Key", "x", "Tags.member.3", "no-field",
			"Tags.member.4.Colour", "unknown field",
			"TransitiveTagKeys.member.2", "two", "TransitiveTagKeys.member.1", "one", "TransitiveTagKeys.member.1", "one-again"),
			stsapi.AssumeRoleInput{RoleArn: roleArn, RoleSessionName: "s1", DurationSeconds: 3600,
				Tags:              []stsapi.Tag{{Key: "two", Value: "2"}, {Key: "ten", Value: "10"}},
				TransitiveTagKeys: []string{"one", "two"}}},
		{"empty lists", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "Tags", "", "PolicyArns", "", "TransitiveTagKeys", ""),
			stsapi.AssumeRoleInput{RoleArn: roleArn, RoleSessionName: "s1", DurationSeconds: 3600}},
		{"duration with a sign and a leading zero (AWS accepts both)", assumeRole("RoleArn", roleArn, "RoleSessionName", "s1", "DurationSeconds", "+0900"),
			stsapi.AssumeRoleInput{RoleArn: roleArn, RoleSessionName: "s1", DurationSeconds: 900, DurationSet: true}},
		{"first values count", assumeRole("RoleArn", roleArn, "RoleArn", "not-an-arn", "RoleSessionName", "s1", "RoleSessionName", "bad/name", "DurationSeconds", "900", "DurationSeconds", "899"),
			stsapi.AssumeRoleInput{RoleArn: roleArn, RoleSessionName: "s1", DurationSeconds: 900, DurationSet: true}},
		{"ARN of another partition, empty region and account", assumeRole("RoleArn", "arn:aws-cn:iam:::role/with:colons", "RoleSessionName", "s1"),
			stsapi.AssumeRoleInput{RoleArn: "arn:aws-cn:iam:::role/with:colons", RoleSessionName: "s1", DurationSeconds: 3600}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := post(h, c.body)
			if r.status != 200 {
				t.Fatalf("status %d:\n%s", r.status, r.body)
			}
			got, _ := b.lastInput()
			if !reflect.DeepEqual(*got, c.want) {
				t.Errorf("backend got\n%#v\nwant\n%#v", *got, c.want)
			}
		})
	}
}

// Errors the Backend returns: an *Error is answered as it is, anything else
// is an internal failure that is logged and never shown.
func TestBackendErrors(t *testing.T) {
	logs := &logBuffer{}
	h := withRequestID("req-9", stsapi.NewHandler(&fakeBackend{}, newLogger(logs)))
	cases := []struct {
		session      string
		status       int
		typ, code    string
		message      string
		logsInternal bool
	}{
		{"denied", 403, "Sender", "AccessDenied", "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: " + roleArn, false},
		{"wrapped", 403, "Sender", "AccessDenied", "wrapped denial", false},
		{"region-disabled", 403, "Sender", "RegionDisabledException", "STS is not activated in this region.", false},
		{"bad-policy", 400, "Sender", "MalformedPolicyDocument", "The policy is not in the valid JSON format.", false},
		{"too-large", 400, "Sender", "PackedPolicyTooLarge", "Packed size of session tags consumes 142% of allotted space.", false},
		{"expired", 400, "Sender", "ExpiredTokenException", "The security token included in the request is expired", false},
		{"max-duration", 400, "Sender", "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", false},
		{"throttled", 400, "Sender", "Throttling", "Rate exceeded", false},
		{"receiver", 503, "Receiver", "ServiceUnavailable", "-", false},
		{"boom", 500, "Receiver", "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", true},
		{"no-code", 500, "Receiver", "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", true},
		{"bad-status", 500, "Receiver", "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", true},
		{"nil-output", 500, "Receiver", "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", true},
		{"panic", 500, "Receiver", "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", true},
	}
	for _, c := range cases {
		t.Run(c.session, func(t *testing.T) {
			before := len(logs.String())
			r := post(h, assumeRole("RoleArn", roleArn, "RoleSessionName", c.session))
			if r.status != c.status {
				t.Errorf("status %d, want %d", r.status, c.status)
			}
			e := decodeError(t, r)
			if e.XMLName.Space != stsNS || e.Error.Type != c.typ || e.Error.Code != c.code {
				t.Errorf("got %s %s %s", e.XMLName.Space, e.Error.Type, e.Error.Code)
			}
			if c.message == "-" {
				if e.Error.Message != nil {
					t.Errorf("message %q, want none", *e.Error.Message)
				}
			} else if e.Error.Message == nil || *e.Error.Message != c.message {
				t.Errorf("message %v, want %q", e.Error.Message, c.message)
			}
			if strings.Contains(r.body, "fire") || strings.Contains(r.body, "secret") {
				t.Errorf("internal detail leaked:\n%s", r.body)
			}
			logged := logs.String()[before:]
			if c.logsInternal != strings.Contains(logged, "req-9") {
				t.Errorf("log (internal=%v): %q", c.logsInternal, logged)
			}
		})
	}
	if l := logs.String(); !strings.Contains(l, "database is on fire") || !strings.Contains(l, "secret detail") {
		t.Errorf("the log lacks the details:\n%s", l)
	}
}

// A panic that net/http uses to abort a response is not turned into an
// answer.
func TestAbortHandlerPanicPropagates(t *testing.T) {
	h := stsapi.NewHandler(&abortBackend{}, nil)
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler", p)
		}
	}()
	post(h, "Action=GetCallerIdentity&Version=2011-06-15")
	t.Error("no panic")
}

type abortBackend struct{ fakeBackend }

func (*abortBackend) GetCallerIdentity(context.Context) (*stsapi.CallerIdentity, error) {
	panic(http.ErrAbortHandler)
}

func TestIsRequest(t *testing.T) {
	req := func(method, target, ct, amzTarget string) *http.Request {
		r := httptest.NewRequest(method, target, strings.NewReader("Action=GetCallerIdentity"))
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		if amzTarget != "" {
			r.Header.Set("X-Amz-Target", amzTarget)
		}
		return r
	}
	cases := []struct {
		name string
		r    *http.Request
		want bool
	}{
		{"form POST", req("POST", "/", "application/x-www-form-urlencoded", ""), true},
		{"form POST with charset (boto3)", req("POST", "/", "application/x-www-form-urlencoded; charset=utf-8", ""), true},
		{"form POST, other case", req("POST", "/", "Application/X-WWW-Form-Urlencoded", ""), true},
		{"GET with Action", req("GET", "/?Action=GetCallerIdentity&Version=2011-06-15", "", ""), true},
		{"GET with encoded Action", req("GET", "/?%41ction=GetCallerIdentity", "", ""), true},
		{"POST with Action in the query", req("POST", "/?Action=GetCallerIdentity", "", ""), true},
		{"JSON 1.1", req("POST", "/", "application/x-amz-json-1.1", "AWSOrganizationsV20161128.ListRoots"), false},
		{"form POST with X-Amz-Target", req("POST", "/", "application/x-www-form-urlencoded", "AWSOrganizationsV20161128.ListRoots"), false},
		{"GET without Action", req("GET", "/healthz", "", ""), false},
		{"GET with another query", req("GET", "/?x=Action", "", ""), false},
		{"POST of JSON", req("POST", "/moto-api/reset", "application/json", ""), false},
		{"POST without a content type", req("POST", "/", "", ""), false},
		{"PUT with Action", req("PUT", "/?Action=GetCallerIdentity", "application/x-www-form-urlencoded", ""), false},
		{"DELETE with Action", req("DELETE", "/?Action=GetCallerIdentity", "", ""), false},
	}
	for _, c := range cases {
		if got := stsapi.IsRequest(c.r); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		// The body is still there for the handler.
		if b := make([]byte, 6); c.r.Body != nil {
			if n, _ := c.r.Body.Read(b); string(b[:n]) != "Action" {
				t.Errorf("%s: the body was consumed", c.name)
			}
		}
	}
}

func TestWriteError(t *testing.T) {
	cases := []struct {
		status        int
		code, message string
		want          string
	}{
		{403, "InvalidClientTokenId", "The security token included in the request is invalid.",
			"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>InvalidClientTokenId</Code>\n    <Message>The security token included in the request is invalid.</Message>\n  </Error>\n  <RequestId>req-7</RequestId>\n</ErrorResponse>\n"},
		{503, "ServiceUnavailable", "",
			"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Receiver</Type>\n    <Code>ServiceUnavailable</Code>\n  </Error>\n  <RequestId>req-7</RequestId>\n</ErrorResponse>\n"},
		{403, "SignatureDoesNotMatch", `a "quoted" <message> & 'more'`,
			"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>SignatureDoesNotMatch</Code>\n    <Message>a \"quoted\" &lt;message&gt; &amp; 'more'</Message>\n  </Error>\n  <RequestId>req-7</RequestId>\n</ErrorResponse>\n"},
	}
	for _, c := range cases {
		w := httptest.NewRecorder()
		w.Header().Set("x-amzn-RequestId", "req-7")
		stsapi.WriteError(w, httptest.NewRequest("POST", "/", nil), c.status, c.code, c.message)
		if w.Code != c.status || w.Body.String() != c.want || w.Header().Get("Content-Type") != "text/xml" {
			t.Errorf("%s: %d %q\n%s\nwant:\n%s", c.code, w.Code, w.Header().Get("Content-Type"), w.Body.String(), c.want)
		}
	}
	// Without the middleware's header, and with nonsense to answer.
	w := httptest.NewRecorder()
	stsapi.WriteError(w, httptest.NewRequest("GET", "/", nil), 200, "", "x")
	var e wireError
	if err := xml.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != 500 || e.Error.Code != "InternalFailure" ||
		!uuidV4.MatchString(e.RequestID) || w.Header().Get("x-amzn-RequestId") != e.RequestID {
		t.Errorf("%d %v %+v", w.Code, err, e)
	}
}

func TestNewError(t *testing.T) {
	cases := []struct {
		code   string
		status int
		fault  string
	}{
		{"AccessDenied", 403, "Sender"},
		{"RegionDisabledException", 403, "Sender"},
		{"ExpiredTokenException", 400, "Sender"},
		{"MalformedPolicyDocument", 400, "Sender"},
		{"PackedPolicyTooLarge", 400, "Sender"},
		{"ValidationError", 400, "Sender"},
		{"InvalidClientTokenId", 403, "Sender"},
		{"SignatureDoesNotMatch", 403, "Sender"},
		{"InternalFailure", 500, "Receiver"},
		{"ServiceUnavailable", 503, "Receiver"},
		{"SomethingNew", 400, "Sender"},
	}
	for _, c := range cases {
		e := stsapi.NewError(c.code, "m")
		if e.Status != c.status || e.Fault != c.fault || e.Code != c.code || e.Error() != c.code+": m" {
			t.Errorf("%s: %+v %q", c.code, e, e.Error())
		}
	}
	if s := stsapi.NewError("X", "").Error(); s != "X" {
		t.Errorf("%q", s)
	}
}

// The Query protocol's GET form carries an operation's parameters in the
// URL query.
func TestGETAssumeRole(t *testing.T) {
	b := &fakeBackend{}
	h := withRequestID("req-2", stsapi.NewHandler(b, nil))
	r := serve(h, httptest.NewRequest(http.MethodGet, "/?"+assumeRole("RoleArn", roleArn, "RoleSessionName", "s1",
		"PolicyArns.member.1.arn", "arn:aws:iam::aws:policy/ReadOnlyAccess", "SourceIdentity", "alice@example.com"), nil))
	if r.status != 200 || r.body != okAssumeRole {
		t.Errorf("status %d:\n%s", r.status, r.body)
	}
	want := &stsapi.AssumeRoleInput{RoleArn: roleArn, RoleSessionName: "s1", DurationSeconds: 3600,
		PolicyArns: []stsapi.PolicyDescriptor{{Arn: "arn:aws:iam::aws:policy/ReadOnlyAccess"}}, SourceIdentity: "alice@example.com"}
	if got, _ := b.lastInput(); !reflect.DeepEqual(got, want) {
		t.Errorf("backend got %#v", got)
	}
}

// Bytes that are not UTF-8 reach the Backend as U+FFFD, as AWS decodes them.
func TestInvalidUTF8(t *testing.T) {
	b := &fakeBackend{}
	h := stsapi.NewHandler(b, nil)
	r := post(h, "Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::123456789012:role/%FF%FEx&RoleSessionName=s1&Tags.member.1.Key=k&Tags.member.1.Value=&ExternalId=ab&Tags.member.1.K%FFey=z")
	if r.status != 200 {
		t.Fatalf("status %d:\n%s", r.status, r.body)
	}
	got, _ := b.lastInput()
	if got.RoleArn != "arn:aws:iam::123456789012:role/\uFFFDx" || !reflect.DeepEqual(got.Tags, []stsapi.Tag{{Key: "k"}}) {
		t.Errorf("%#v", got)
	}
	r = post(h, "Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::123456789012:role/x&RoleSessionName=s%C3")
	if e := decodeError(t, r); e.Error.Message == nil || *e.Error.Message != one("s\uFFFD", "roleSessionName", `Member must satisfy regular expression pattern: [\w+=,.@-]*`) {
		t.Errorf("%s", r.body)
	}
}
