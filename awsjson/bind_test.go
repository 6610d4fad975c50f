package awsjson_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"canopy/awsjson"
	"canopy/org"
)

func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		p := recover()
		if p == nil {
			t.Fatal("no panic")
		}
		if !strings.Contains(p.(string), want) {
			t.Fatalf("panic %q does not mention %q", p, want)
		}
	}()
	f()
}

func TestBindRejectsMisfitTypes(t *testing.T) {
	m := model(t)
	noop := func(context.Context, *describeAccountIn) (*describeAccountOut, error) { return nil, nil }
	mustPanic(t, "not an operation", func() { awsjson.Bind(m, "Frobnicate", noop) })

	type lowerCase struct {
		AccountID string `json:"accountId"`
	}
	mustPanic(t, `"accountId"`, func() {
		awsjson.Bind(m, "DescribeAccount", func(context.Context, *lowerCase) (*describeAccountOut, error) { return nil, nil })
	})
	type wrongKind struct {
		AccountID int `json:"AccountId"`
	}
	mustPanic(t, "cannot carry", func() {
		awsjson.Bind(m, "DescribeAccount", func(context.Context, *wrongKind) (*describeAccountOut, error) { return nil, nil })
	})
	type untagged struct{ AccountId, Extra string }
	mustPanic(t, `"Extra"`, func() {
		awsjson.Bind(m, "DescribeAccount", func(context.Context, *untagged) (*describeAccountOut, error) { return nil, nil })
	})
	type badTag struct {
		Key   string `json:"Key"`
		Value int    `json:"Value"`
	}
	type tagIn struct {
		ResourceID string   `json:"ResourceId"`
		Tags       []badTag `json:"Tags"`
	}
	mustPanic(t, "TagResource input.Tags[].Value", func() {
		awsjson.Bind(m, "TagResource", func(context.Context, *tagIn) (*struct{}, error) { return nil, nil })
	})
	type intTimestamp struct {
		ID           string `json:"Id"`
		EndTimestamp int64  `json:"EndTimestamp"`
	}
	mustPanic(t, "EndTimestamp", func() {
		awsjson.Bind(m, "TerminateResponsibilityTransfer", func(context.Context, *intTimestamp) (*struct{}, error) { return nil, nil })
	})
	type anyInput struct {
		X string `json:"X"`
	}
	mustPanic(t, "no shape", func() {
		awsjson.Bind(m, "DescribeOrganization", func(context.Context, *anyInput) (*describeOrganizationOut, error) { return nil, nil })
	})
	type leakyOut struct {
		Account  *org.Account `json:"Account"`
		Internal string       `json:"Internal"`
	}
	mustPanic(t, `"Internal"`, func() {
		awsjson.Bind(m, "DescribeAccount", func(context.Context, *describeAccountIn) (*leakyOut, error) { return nil, nil })
	})
	mustPanic(t, "no shape", func() {
		awsjson.Bind(m, "AttachPolicy", func(context.Context, *attachPolicyIn) (*describeAccountOut, error) { return nil, nil })
	})
}

func TestBindAcceptsFittingTypes(t *testing.T) {
	m := model(t)
	type embedded struct {
		NextToken string `json:"NextToken"`
	}
	type listIn struct {
		embedded
		MaxResults *int32 `json:"MaxResults,omitempty"`
		Ignored    string `json:"-"`
		private    string
	}
	type listOut struct {
		Accounts  []org.Account `json:"Accounts"`
		NextToken *string       `json:"NextToken,omitempty"`
	}
	var got *listIn
	op := awsjson.Bind(m, "ListAccounts", func(_ context.Context, in *listIn) (*listOut, error) {
		got = in
		return &listOut{Accounts: []org.Account{{ID: "123456789012"}}}, nil
	})
	out, err := op(context.Background(), []byte(`{"NextToken":"t","MaxResults":5}`))
	if err != nil {
		t.Fatal(err)
	}
	if got.NextToken != "t" || got.MaxResults == nil || *got.MaxResults != 5 {
		t.Fatalf("decoded %+v", got)
	}
	if b, _ := json.Marshal(out); !strings.Contains(string(b), `"Id":"123456789012"`) {
		t.Fatalf("output %s", b)
	}
	_ = got.private

	// Validation errors come back before fn runs.
	called := false
	op = awsjson.Bind(m, "ListAccounts", func(context.Context, *listIn) (*listOut, error) { called = true; return nil, nil })
	if _, err := op(context.Background(), []byte(`{"MaxResults":0}`)); err == nil || called {
		t.Fatalf("err %v, called %v", err, called)
	}

	// struct{} output and no-output operations answer nil.
	op = awsjson.Bind(m, "AttachPolicy", func(context.Context, *attachPolicyIn) (*struct{}, error) { return &struct{}{}, nil })
	if out, err := op(context.Background(), []byte(`{"PolicyId":"p-FullAWSAccess","TargetId":"r-abcd"}`)); out != nil || err != nil {
		t.Fatalf("%v %v", out, err)
	}
}

// The org types the engine answers with must fit the model's output
// shapes member for member.
func TestOrgTypesFitOutputShapes(t *testing.T) {
	m := model(t)
	cases := []struct {
		op  string
		out reflect.Type
	}{
		{"DescribeOrganization", reflect.TypeFor[struct {
			Organization org.Organization `json:"Organization"`
		}]()},
		{"ListRoots", reflect.TypeFor[struct {
			Roots     []org.Root `json:"Roots"`
			NextToken string     `json:"NextToken,omitempty"`
		}]()},
		{"DescribeOrganizationalUnit", reflect.TypeFor[struct {
			OrganizationalUnit org.OrganizationalUnit `json:"OrganizationalUnit"`
		}]()},
		{"ListAccounts", reflect.TypeFor[struct {
			Accounts []org.Account `json:"Accounts"`
		}]()},
		{"DescribeCreateAccountStatus", reflect.TypeFor[struct {
			CreateAccountStatus org.CreateAccountStatus `json:"CreateAccountStatus"`
		}]()},
		{"DescribePolicy", reflect.TypeFor[struct {
			Policy org.Policy `json:"Policy"`
		}]()},
		{"ListPolicies", reflect.TypeFor[struct {
			Policies []org.PolicySummary `json:"Policies"`
		}]()},
		{"ListTargetsForPolicy", reflect.TypeFor[struct {
			Targets []org.PolicyTargetSummary `json:"Targets"`
		}]()},
		{"ListTagsForResource", reflect.TypeFor[struct {
			Tags []org.Tag `json:"Tags"`
		}]()},
		{"ListParents", reflect.TypeFor[struct {
			Parents []org.Parent `json:"Parents"`
		}]()},
		{"ListChildren", reflect.TypeFor[struct {
			Children []org.Child `json:"Children"`
		}]()},
		{"ListAWSServiceAccessForOrganization", reflect.TypeFor[struct {
			EnabledServicePrincipals []org.EnabledServicePrincipal `json:"EnabledServicePrincipals"`
		}]()},
		{"ListDelegatedAdministrators", reflect.TypeFor[struct {
			DelegatedAdministrators []org.DelegatedAdministrator `json:"DelegatedAdministrators"`
		}]()},
		{"ListDelegatedServicesForAccount", reflect.TypeFor[struct {
			DelegatedServices []org.DelegatedService `json:"DelegatedServices"`
		}]()},
	}
	for _, c := range cases {
		op, _ := m.Operation(c.op)
		if err := op.CheckOutputType(c.out); err != nil {
			t.Errorf("%s: %v", c.op, err)
		}
	}
}
