package stsapi_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"

	"canopy/stsapi"
)

// The client side of the contract, checked with aws-sdk-go-v2's own STS
// client: it builds the requests and parses the answers.
func stsClient(t *testing.T) (*sts.Client, *fakeBackend) {
	t.Helper()
	srv, b, _ := testServer(t)
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		Retryer:     func() aws.Retryer { return aws.NopRetryer{} },
	}
	return sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(srv.URL) }), b
}

func TestGoSDKGetCallerIdentity(t *testing.T) {
	c, _ := stsClient(t)
	out, err := c.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Arn) != testCaller || aws.ToString(out.UserId) != "AIDAEXAMPLEUSERID0001" || aws.ToString(out.Account) != testAccount {
		t.Errorf("%s %s %s", aws.ToString(out.Arn), aws.ToString(out.UserId), aws.ToString(out.Account))
	}
}

func TestGoSDKAssumeRole(t *testing.T) {
	c, b := stsClient(t)
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	out, err := c.AssumeRole(context.Background(), &sts.AssumeRoleInput{
		RoleArn:         aws.String(roleArn),
		RoleSessionName: aws.String("ci-session"),
		DurationSeconds: aws.Int32(1800),
		Policy:          aws.String(policy),
		PolicyArns: []types.PolicyDescriptorType{
			{Arn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")},
			{Arn: aws.String("arn:aws:iam::123456789012:policy/Boundary")},
		},
		Tags: []types.Tag{
			{Key: aws.String("Project"), Value: aws.String("Unicorn")},
			{Key: aws.String("Cost Center"), Value: aws.String("12345")},
		},
		TransitiveTagKeys: []string{"Project"},
		ExternalId:        aws.String("partner-42"),
		SerialNumber:      aws.String("arn:aws:iam::123456789012:mfa/alice"),
		TokenCode:         aws.String("123456"),
		SourceIdentity:    aws.String("alice"),
		ProvidedContexts: []types.ProvidedContext{{
			ProviderArn:      aws.String("arn:aws:iam::aws:contextProvider/IdentityCenter"),
			ContextAssertion: aws.String("assertion-blob"),
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := b.lastInput()
	want := &stsapi.AssumeRoleInput{
		RoleArn: roleArn, RoleSessionName: "ci-session",
		PolicyArns:      []stsapi.PolicyDescriptor{{Arn: "arn:aws:iam::aws:policy/ReadOnlyAccess"}, {Arn: "arn:aws:iam::123456789012:policy/Boundary"}},
		Policy:          policy,
		DurationSeconds: 1800, DurationSet: true,
		Tags:              []stsapi.Tag{{Key: "Project", Value: "Unicorn"}, {Key: "Cost Center", Value: "12345"}},
		TransitiveTagKeys: []string{"Project"},
		ExternalID:        "partner-42", SerialNumber: "arn:aws:iam::123456789012:mfa/alice", TokenCode: "123456",
		SourceIdentity:   "alice",
		ProvidedContexts: []stsapi.ProvidedContext{{ProviderArn: "arn:aws:iam::aws:contextProvider/IdentityCenter", ContextAssertion: "assertion-blob"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("backend got\n%#v\nwant\n%#v", got, want)
	}

	cr := out.Credentials
	if aws.ToString(cr.AccessKeyId) != "ASIAEXAMPLEKEY000001" || aws.ToString(cr.SecretAccessKey) != "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" ||
		aws.ToString(cr.SessionToken) != "FwoGZXIvYXdzEXAMPLETOKEN+/=" || !cr.Expiration.Equal(issued.Add(30*time.Minute)) {
		t.Errorf("credentials: %+v (expiration %v)", cr, cr.Expiration)
	}
	u := out.AssumedRoleUser
	if aws.ToString(u.Arn) != "arn:aws:sts::123456789012:assumed-role/Admin/ci-session" || aws.ToString(u.AssumedRoleId) != "AROAEXAMPLEROLEID0001:ci-session" {
		t.Errorf("assumed role user: %s %s", aws.ToString(u.Arn), aws.ToString(u.AssumedRoleId))
	}
	if aws.ToInt32(out.PackedPolicySize) != int32(len(policy)/20+4) || aws.ToString(out.SourceIdentity) != "alice" {
		t.Errorf("packed %v, source identity %v", aws.ToInt32(out.PackedPolicySize), aws.ToString(out.SourceIdentity))
	}

	// The temporary credentials work as a client's credentials.
	cfg := aws.Config{Region: "us-east-1", Retryer: func() aws.Retryer { return aws.NopRetryer{} },
		Credentials: credentials.NewStaticCredentialsProvider(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken)}
	c2 := sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = c.Options().BaseEndpoint })
	if _, err := c2.GetCallerIdentity(context.Background(), nil); err != nil {
		t.Errorf("with the session's credentials: %v", err)
	}
}

// Errors decode into the SDK's APIError with AWS's codes, and the model's
// exceptions into their typed errors.
func TestGoSDKErrors(t *testing.T) {
	c, _ := stsClient(t)
	call := func(session string, duration *int32) error {
		_, err := c.AssumeRole(context.Background(), &sts.AssumeRoleInput{
			RoleArn: aws.String(roleArn), RoleSessionName: aws.String(session), DurationSeconds: duration,
		})
		return err
	}
	// The SDK reads no fault from the document: a code outside the model is
	// a GenericAPIError with FaultUnknown.
	generic := smithy.FaultUnknown
	cases := []struct {
		name     string
		err      error
		code     string
		fault    smithy.ErrorFault
		message  string
		typed    any
		httpCode int
	}{
		{"pattern", call("bad/name", nil), "ValidationError", generic,
			`1 validation error detected: Value 'bad/name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`, nil, 400},
		{"duration", call("s1", aws.Int32(899)), "ValidationError", generic,
			"1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900", nil, 400},
		{"denied", call("denied", nil), "AccessDenied", generic,
			"User: " + testCaller + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn, nil, 403},
		{"region", call("region-disabled", nil), "RegionDisabledException", smithy.FaultClient, "STS is not activated in this region.", &types.RegionDisabledException{}, 403},
		{"policy", call("bad-policy", nil), "MalformedPolicyDocument", smithy.FaultClient, "The policy is not in the valid JSON format.", &types.MalformedPolicyDocumentException{}, 400},
		{"packed", call("too-large", nil), "PackedPolicyTooLarge", smithy.FaultClient, "Packed size of session tags consumes 142% of allotted space.", &types.PackedPolicyTooLargeException{}, 400},
		{"expired", call("expired", nil), "ExpiredTokenException", smithy.FaultClient, "The security token included in the request is expired", &types.ExpiredTokenException{}, 400},
		{"internal", call("boom", nil), "InternalFailure", generic,
			"The request processing has failed because of an unknown error, exception or failure.", nil, 500},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ae smithy.APIError
			if !errors.As(c.err, &ae) {
				t.Fatalf("%v is no smithy.APIError", c.err)
			}
			if ae.ErrorCode() != c.code || ae.ErrorMessage() != c.message || ae.ErrorFault() != c.fault {
				t.Errorf("got %s %q %v", ae.ErrorCode(), ae.ErrorMessage(), ae.ErrorFault())
			}
			if c.typed != nil {
				target := reflect.New(reflect.TypeOf(c.typed)).Interface()
				if !errors.As(c.err, target) {
					t.Errorf("%v is no %T", c.err, c.typed)
				}
			}
			var re interface{ HTTPStatusCode() int }
			if errors.As(c.err, &re) && re.HTTPStatusCode() != c.httpCode {
				t.Errorf("HTTP %d", re.HTTPStatusCode())
			}
			var rid interface{ ServiceRequestID() string }
			if !errors.As(c.err, &rid) || !uuidV4.MatchString(rid.ServiceRequestID()) {
				t.Errorf("no request id in %v", c.err)
			}
			if strings.Contains(c.err.Error(), "fire") {
				t.Errorf("internal detail leaked: %v", c.err)
			}
		})
	}
}
