package awsjson_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"canopy/awsjson"
	"canopy/org"
)

type createAccountIn struct {
	Email                  string    `json:"Email"`
	AccountName            string    `json:"AccountName"`
	RoleName               string    `json:"RoleName,omitempty"`
	IamUserAccessToBilling string    `json:"IamUserAccessToBilling,omitempty"`
	Tags                   []org.Tag `json:"Tags,omitempty"`
}

type createAccountOut struct {
	CreateAccountStatus *org.CreateAccountStatus `json:"CreateAccountStatus"`
}

// What the AWS CLI sends for a typical create-account with two tags.
var createAccountBody = []byte(`{"Email": "platform-prod@example.com", "AccountName": "Platform Production", ` +
	`"RoleName": "OrganizationAccountAccessRole", "IamUserAccessToBilling": "ALLOW", ` +
	`"Tags": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "platform"}]}`)

func BenchmarkDecodeCreateAccount(b *testing.B) {
	op := operation(b, "CreateAccount")
	b.ReportAllocs()
	b.SetBytes(int64(len(createAccountBody)))
	for b.Loop() {
		var in createAccountIn
		if err := op.Decode(createAccountBody, &in); err != nil {
			b.Fatal(err)
		}
	}
}

// Validation alone: the cost awsjson adds on top of encoding/json.
func BenchmarkValidateCreateAccount(b *testing.B) {
	op := operation(b, "CreateAccount")
	b.ReportAllocs()
	b.SetBytes(int64(len(createAccountBody)))
	for b.Loop() {
		if err := op.Decode(createAccountBody, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// The baseline: encoding/json alone, validating nothing.
func BenchmarkUnmarshalCreateAccount(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(createAccountBody)))
	for b.Loop() {
		var in createAccountIn
		if err := json.Unmarshal(createAccountBody, &in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateInvalidCreateAccount(b *testing.B) {
	op := operation(b, "CreateAccount")
	body := []byte(strings.Replace(string(createAccountBody), `"env"`, `"env*"`, 1))
	b.ReportAllocs()
	for b.Loop() {
		if err := op.Decode(body, nil); err == nil {
			b.Fatal("valid")
		}
	}
}

func BenchmarkHandlerCreateAccount(b *testing.B) {
	m := model(b)
	h := awsjson.NewHandler(m, map[string]awsjson.Op{
		"CreateAccount": awsjson.Bind(m, "CreateAccount", func(_ context.Context, in *createAccountIn) (*createAccountOut, error) {
			return &createAccountOut{CreateAccountStatus: &org.CreateAccountStatus{ID: "car-12345678", AccountName: in.AccountName, State: "IN_PROGRESS"}}, nil
		}),
	}, nil)
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest("POST", "/", strings.NewReader(string(createAccountBody)))
		r.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128.CreateAccount")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatal(w.Body.String())
		}
	}
}
