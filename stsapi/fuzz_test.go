package stsapi_test

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"canopy/stsapi"
)

// fuzzBackend succeeds, except for three session names, and keeps what it
// was given.
type fuzzBackend struct {
	mu   sync.Mutex
	last *stsapi.AssumeRoleInput
}

func (b *fuzzBackend) GetCallerIdentity(context.Context) (*stsapi.CallerIdentity, error) {
	return &stsapi.CallerIdentity{Arn: testCaller, UserID: "AIDAEXAMPLE", Account: testAccount}, nil
}

func (b *fuzzBackend) AssumeRole(_ context.Context, in *stsapi.AssumeRoleInput) (*stsapi.AssumeRoleOutput, error) {
	cp := *in
	b.mu.Lock()
	b.last = &cp
	b.mu.Unlock()
	switch in.RoleSessionName {
	case "denied":
		return nil, stsapi.NewError(stsapi.CodeAccessDenied, "denied: "+in.RoleArn)
	case "boom":
		return nil, errors.New("boom")
	case "panic":
		panic("boom")
	}
	return &stsapi.AssumeRoleOutput{
		AssumedRoleUser: stsapi.AssumedRoleUser{AssumedRoleID: "AROA:" + in.RoleSessionName, Arn: in.RoleArn + "/" + in.RoleSessionName},
		Credentials:     stsapi.Credentials{AccessKeyID: "ASIA", SecretAccessKey: in.ExternalID, SessionToken: in.Policy, Expiration: issued},
		SourceIdentity:  in.SourceIdentity,
	}, nil
}

func (b *fuzzBackend) take() *stsapi.AssumeRoleInput {
	b.mu.Lock()
	defer b.mu.Unlock()
	in := b.last
	b.last = nil
	return in
}

// formOf encodes an input the way SDKs do.
func formOf(in *stsapi.AssumeRoleInput) string {
	v := url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"}, "RoleArn": {in.RoleArn}, "RoleSessionName": {in.RoleSessionName}}
	set := func(name, value string) {
		if value != "" {
			v.Set(name, value)
		}
	}
	set("Policy", in.Policy)
	set("ExternalId", in.ExternalID)
	set("SerialNumber", in.SerialNumber)
	set("TokenCode", in.TokenCode)
	set("SourceIdentity", in.SourceIdentity)
	if in.DurationSet {
		v.Set("DurationSeconds", strconv.Itoa(int(in.DurationSeconds)))
	}
	for i, p := range in.PolicyArns {
		v.Set("PolicyArns.member."+strconv.Itoa(i+1)+".arn", p.Arn)
	}
	for i, tag := range in.Tags {
		v.Set("Tags.member."+strconv.Itoa(i+1)+".Key", tag.Key)
		v.Set("Tags.member."+strconv.Itoa(i+1)+".Value", tag.Value)
	}
	for i, k := range in.TransitiveTagKeys {
		v.Set("TransitiveTagKeys.member."+strconv.Itoa(i+1), k)
	}
	for i, c := range in.ProvidedContexts {
		n := strconv.Itoa(i + 1)
		set("ProvidedContexts.member."+n+".ProviderArn", c.ProviderArn)
		set("ProvidedContexts.member."+n+".ContextAssertion", c.ContextAssertion)
	}
	if len(in.ProvidedContexts) > 0 && v.Get("ProvidedContexts.member.1.ProviderArn") == "" && v.Get("ProvidedContexts.member.1.ContextAssertion") == "" {
		v.Set("ProvidedContexts", "")
	}
	return v.Encode()
}

// inputStrings lists every string of an input.
func inputStrings(in *stsapi.AssumeRoleInput) []string {
	out := []string{in.RoleArn, in.RoleSessionName, in.Policy, in.ExternalID, in.SerialNumber, in.TokenCode, in.SourceIdentity}
	for _, p := range in.PolicyArns {
		out = append(out, p.Arn)
	}
	for _, tag := range in.Tags {
		out = append(out, tag.Key, tag.Value)
	}
	out = append(out, in.TransitiveTagKeys...)
	for _, c := range in.ProvidedContexts {
		out = append(out, c.ProviderArn, c.ContextAssertion)
	}
	return out
}

// FuzzHandler sends arbitrary bodies and queries. Every answer must be a
// well-formed document of the right kind with an expected status, and every
// input that reaches the Backend must satisfy the model: encoded again as
// an SDK would, it reaches the Backend again unchanged.
func FuzzHandler(f *testing.F) {
	seeds := []struct {
		mode  uint8
		query string
		body  string
	}{
		{0, "", "Action=GetCallerIdentity&Version=2011-06-15"},
		{1, "Action=GetCallerIdentity&Version=2011-06-15", ""},
		{0, "", "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FAdmin&RoleSessionName=s1"},
		{3, "", "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FAdmin&RoleSessionName=s1&DurationSeconds=%2B0900" +
			"&Tags.member.1.Key=Project&Tags.member.1.Value=Unicorn&Tags.member.2.Key=k&Tags.member.2.Value=&TransitiveTagKeys.member.1=Project" +
			"&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess&Policy=%7B%22a%22%3A1%7D&ExternalId=ext&SerialNumber=arn%3Aaws%3Aiam%3A%3A1%3Amfa%2Fa" +
			"&TokenCode=123456&SourceIdentity=alice&ProvidedContexts.member.1.ProviderArn=arn%3Aaws%3Aiam%3A%3Aaws%3AcontextProvider%2FIdentityCenter&ProvidedContexts.member.1.ContextAssertion=abcd"},
		{0, "", "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aa%3Ab%3A%3A%3Ar&RoleSessionName=denied"},
		{0, "", "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aa%3Ab%3A%3A%3Ar%00%01xxxxxxxxxxxxx&RoleSessionName=boom"},
		{0, "", "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aa%3Ab%3A%3A%3Arxxxxxxxxxxxxx&RoleSessionName=panic"},
		{0, "", "Action=AssumeRole&Version=2011-06-15&RoleArn=%F0%9F%98%80&RoleSessionName=%FF%FE&Tags.member.1.Key=%E2%82%AC&ProvidedContexts="},
		{0, "", "Action=AssumeRole&Version=2011-06-15&DurationSeconds=99999999999&Tags.member.01.Key=a&Tags.member.0.Value=b"},
		{0, "", "Action=AssumeRole&Action=GetCallerIdentity&Version=2000-01-01&Version=2011-06-15"},
		{0, "", "Action=%zz&Version=2011-06-15"},
		{0, "", "Action=GetCallerIdentity;Version=2011-06-15"},
		{0, "", "Version=2011-06-15"},
		{2, "Action=GetCallerIdentity", "Action=AssumeRole"},
		{1, "Action=AssumeRole&Version=2011-06-15&RoleArn=]]%3E%3C%2FMessage%3E&RoleSessionName=%3C%26%27%22%3E", ""},
		{0, "", "Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::1:role/r&RoleSessionName=ok&Policy=%09%0A%0D%C3%BF"},
	}
	for _, s := range seeds {
		f.Add(s.mode, s.query, s.body)
	}
	b := &fuzzBackend{}
	h := stsapi.NewHandler(b, nil)
	again := &fuzzBackend{}
	h2 := stsapi.NewHandler(again, nil)

	f.Fuzz(func(t *testing.T, mode uint8, query, body string) {
		method := http.MethodPost
		if mode%4 == 1 {
			method = http.MethodGet
		}
		r := httptest.NewRequest(method, "/", strings.NewReader(body))
		r.URL.RawQuery = query
		switch mode % 4 {
		case 0:
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		case 3:
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		in := b.take()
		checkAnswer(t, w)

		if in == nil {
			return
		}
		if in.RoleArn == "" || in.RoleSessionName == "" || in.DurationSeconds < 900 || in.DurationSeconds > 43200 ||
			len(in.Tags) > 50 || len(in.TransitiveTagKeys) > 50 || len(in.ProvidedContexts) > 5 {
			t.Fatalf("the backend received an input outside the model: %#v", in)
		}
		for _, s := range inputStrings(in) {
			if !utf8.ValidString(s) {
				t.Fatalf("the backend received a string that is not UTF-8: %q in %#v", s, in)
			}
		}
		r2 := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(formOf(in)))
		r2.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w2 := httptest.NewRecorder()
		h2.ServeHTTP(w2, r2)
		got := again.take()
		if got == nil {
			t.Fatalf("an input the backend accepted was refused when sent again: %#v\n%s", in, w2.Body.String())
		}
		if !reflect.DeepEqual(got, in) {
			t.Fatalf("sent again, the input changed:\n%#v\n%#v", in, got)
		}
	})
}

// checkAnswer asserts that an answer is one STS could give.
func checkAnswer(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	switch w.Code {
	case 200, 400, 403, 413, 500:
	default:
		t.Fatalf("status %d:\n%s", w.Code, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/xml" {
		t.Fatalf("Content-Type %q", ct)
	}
	id := w.Header().Get("x-amzn-RequestId")
	if id == "" {
		t.Fatal("no x-amzn-RequestId")
	}
	body := w.Body.String()
	if !utf8.ValidString(body) {
		t.Fatalf("the answer is not UTF-8:\n%q", body)
	}
	dec := xml.NewDecoder(strings.NewReader(body))
	var root xml.StartElement
	depth, roots := 0, 0
	var requestID strings.Builder
	inRequestID := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("malformed XML: %v\n%s", err, body)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				root = tok
				roots++
			}
			inRequestID = tok.Name.Local == "RequestId"
			depth++
		case xml.EndElement:
			inRequestID = false
			depth--
		case xml.CharData:
			if inRequestID {
				requestID.Write(tok)
			} else if depth == 0 && strings.TrimSpace(string(tok)) != "" {
				t.Fatalf("text outside the root: %q", tok)
			}
		case xml.ProcInst, xml.Directive:
			t.Fatalf("unexpected %T in %s", tok, body)
		}
	}
	if roots != 1 {
		t.Fatalf("%d root elements:\n%s", roots, body)
	}
	if requestID.String() != id {
		t.Fatalf("RequestId %q, header %q", requestID.String(), id)
	}
	if w.Code == 200 {
		if root.Name.Space != stsNS || (root.Name.Local != "GetCallerIdentityResponse" && root.Name.Local != "AssumeRoleResponse") {
			t.Fatalf("success root %v", root.Name)
		}
		return
	}
	if root.Name.Local != "ErrorResponse" || (root.Name.Space != stsNS && root.Name.Space != faultNS) {
		t.Fatalf("error root %v", root.Name)
	}
	var e wireError
	if err := xml.Unmarshal([]byte(body), &e); err != nil || e.Error.Code == "" {
		t.Fatalf("error document %v:\n%s", err, body)
	}
	if want := map[bool]string{true: "Receiver", false: "Sender"}[w.Code >= 500]; e.Error.Type != want {
		t.Fatalf("Type %q for status %d", e.Error.Type, w.Code)
	}
}
