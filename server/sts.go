package server

import (
	"context"
	"errors"

	"canopy/engine"
	"canopy/org"
	"canopy/stsapi"
)

// stsBackend serves STS from the engine's identities.
type stsBackend struct{ eng *engine.Engine }

func (b stsBackend) GetCallerIdentity(ctx context.Context) (*stsapi.CallerIdentity, error) {
	id, err := b.eng.GetCallerIdentity(ctx)
	if err != nil {
		return nil, stsError(err)
	}
	return &stsapi.CallerIdentity{Arn: id.Arn, UserID: id.UserID, Account: id.Account}, nil
}

func (b stsBackend) AssumeRole(ctx context.Context, in *stsapi.AssumeRoleInput) (*stsapi.AssumeRoleOutput, error) {
	out, err := b.eng.AssumeRole(ctx, &engine.AssumeRoleInput{
		RoleArn: in.RoleArn, RoleSessionName: in.RoleSessionName, DurationSeconds: int(in.DurationSeconds),
	})
	if err != nil {
		return nil, stsError(err)
	}
	res := &stsapi.AssumeRoleOutput{
		Credentials: stsapi.Credentials{
			AccessKeyID: out.AccessKeyID, SecretAccessKey: out.SecretAccessKey,
			SessionToken: out.SessionToken, Expiration: out.Expiration,
		},
		AssumedRoleUser: stsapi.AssumedRoleUser{AssumedRoleID: out.AssumedRoleID, Arn: out.Arn},
		SourceIdentity:  in.SourceIdentity,
	}
	// AWS answers PackedPolicySize when the request carried session
	// policies or tags: the percentage of the packed size allowed used.
	if in.Policy != "" || len(in.PolicyArns) > 0 || len(in.Tags) > 0 {
		n := int32(min(100, (len(in.Policy)+64*len(in.PolicyArns)+32*len(in.Tags))*100/2048))
		res.PackedPolicySize = &n
	}
	return res, nil
}

// stsError gives an engine error its STS wire form; other errors are the
// server's and answered as internal failures.
func stsError(err error) error {
	var oe *org.Error
	if !errors.As(err, &oe) {
		return err
	}
	switch oe.Code {
	case engine.ErrSTSAccessDenied:
		return stsapi.NewError(stsapi.CodeAccessDenied, oe.Message)
	case engine.ErrSTSValidation:
		return stsapi.NewError(stsapi.CodeValidationError, oe.Message)
	}
	return stsapi.NewError(stsapi.CodeAccessDenied, oe.Message)
}
