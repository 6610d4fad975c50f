package stsapi

import (
	"context"
	"errors"
	"strconv"
)

func (h *handler) getCallerIdentity(ctx context.Context, _ form, id string) (any, error) {
	out, err := h.b.GetCallerIdentity(ctx)
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, errors.New("GetCallerIdentity returned neither an identity nor an error")
	}
	return &getCallerIdentityResponse{
		Xmlns:    Namespace,
		Result:   getCallerIdentityResult{Arn: out.Arn, UserID: out.UserID, Account: out.Account},
		Metadata: responseMetadata{RequestID: id},
	}, nil
}

func (h *handler) assumeRole(ctx context.Context, f form, id string) (any, error) {
	in, e := decodeAssumeRole(f)
	if e != nil {
		return nil, e
	}
	out, err := h.b.AssumeRole(ctx, in)
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, errors.New("AssumeRole returned neither credentials nor an error")
	}
	return &assumeRoleResponse{
		Xmlns: Namespace,
		Result: assumeRoleResult{
			SourceIdentity: out.SourceIdentity,
			AssumedRoleUser: xmlAssumedRoleUser{
				AssumedRoleID: out.AssumedRoleUser.AssumedRoleID,
				Arn:           out.AssumedRoleUser.Arn,
			},
			Credentials: xmlCredentials{
				AccessKeyID:     out.Credentials.AccessKeyID,
				SecretAccessKey: out.Credentials.SecretAccessKey,
				SessionToken:    out.Credentials.SessionToken,
				Expiration:      timestamp(out.Credentials.Expiration),
			},
			PackedPolicySize: out.PackedPolicySize,
		},
		Metadata: responseMetadata{RequestID: id},
	}, nil
}

// decodeAssumeRole reads and checks an AssumeRole request as AWS does:
// first a DurationSeconds that is not an integer (MalformedInput), then
// every constraint of the model at once (one ValidationError listing them
// all), then the syntax of RoleArn.
func decodeAssumeRole(f form) (*AssumeRoleInput, *Error) {
	in := &AssumeRoleInput{DurationSeconds: durationDefault}
	if s, ok := f.get("DurationSeconds"); ok {
		if s == "" {
			return nil, NewError(CodeMalformedInput, "missing value for decimal type")
		}
		// A sign and ASCII digits within int32; AWS accepts "+900" and
		// "0900" and refuses "900.0" and 2147483648, without a message.
		n, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			return nil, NewError(CodeMalformedInput, "")
		}
		in.DurationSeconds, in.DurationSet = int32(n), true
	}

	var v violations
	roleArn := f.ptr("RoleArn")
	if roleArn == nil {
		v.required("roleArn")
	} else {
		v.str(*roleArn, "roleArn", arnRule)
	}
	sessionName := f.ptr("RoleSessionName")
	if sessionName == nil {
		v.required("roleSessionName")
	} else {
		v.str(*sessionName, "roleSessionName", roleSessionNameRule)
	}

	policyArns, _ := f.elements("PolicyArns", "arn")
	for i, e := range policyArns {
		v.optional(e["arn"], elementPath("policyArns", i, "arn"), arnRule)
	}

	policy := f.ptr("Policy")
	v.optional(policy, "policy", sessionPolicyRule)

	if in.DurationSet {
		v.intRange(in.DurationSeconds, "durationSeconds", durationMin, durationMax)
	}

	tags, _ := f.elements("Tags", "Key", "Value")
	v.listLength(len(tags), 0, maxTags, "tags", func() string { return showStructs(tags, "Key", "Value") })
	for i, e := range tags {
		v.member(e["Key"], true, elementPath("tags", i, "key"), tagKeyRule)
		v.member(e["Value"], true, elementPath("tags", i, "value"), tagValueRule)
	}

	transitive, _ := f.elements("TransitiveTagKeys", "")
	v.listLength(len(transitive), 0, maxTransitiveTagKeys, "transitiveTagKeys", func() string { return showStrings(transitive) })
	for i, e := range transitive {
		v.member(e[""], true, elementPath("transitiveTagKeys", i, ""), tagKeyRule)
	}

	externalID := f.ptr("ExternalId")
	v.optional(externalID, "externalId", externalIDRule)
	serialNumber := f.ptr("SerialNumber")
	v.optional(serialNumber, "serialNumber", serialNumberRule)
	tokenCode := f.ptr("TokenCode")
	v.optional(tokenCode, "tokenCode", tokenCodeRule)
	sourceIdentity := f.ptr("SourceIdentity")
	v.optional(sourceIdentity, "sourceIdentity", sourceIdentityRule)

	contexts, contextsSent := f.elements("ProvidedContexts", "ProviderArn", "ContextAssertion")
	if contextsSent {
		v.listLength(len(contexts), minProvidedContexts, maxProvidedContexts, "providedContexts",
			func() string { return showStructs(contexts, "ProviderArn", "ContextAssertion") })
	}
	for i, e := range contexts {
		v.optional(e["ProviderArn"], elementPath("providedContexts", i, "providerArn"), arnRule)
		v.optional(e["ContextAssertion"], elementPath("providedContexts", i, "contextAssertion"), contextAssertionRule)
	}

	if len(v) > 0 {
		return nil, NewError(CodeValidationError, v.message())
	}
	if !validArn(*roleArn) {
		return nil, NewError(CodeValidationError, *roleArn+" is invalid")
	}

	in.RoleArn = *roleArn
	in.RoleSessionName = *sessionName
	for _, e := range policyArns {
		in.PolicyArns = append(in.PolicyArns, PolicyDescriptor{Arn: deref(e["arn"])})
	}
	in.Policy = deref(policy)
	for _, e := range tags {
		in.Tags = append(in.Tags, Tag{Key: deref(e["Key"]), Value: deref(e["Value"])})
	}
	for _, e := range transitive {
		in.TransitiveTagKeys = append(in.TransitiveTagKeys, deref(e[""]))
	}
	in.ExternalID = deref(externalID)
	in.SerialNumber = deref(serialNumber)
	in.TokenCode = deref(tokenCode)
	in.SourceIdentity = deref(sourceIdentity)
	for _, e := range contexts {
		in.ProvidedContexts = append(in.ProvidedContexts, ProvidedContext{
			ProviderArn:      deref(e["ProviderArn"]),
			ContextAssertion: deref(e["ContextAssertion"]),
		})
	}
	return in, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func showStructs(elems []map[string]*string, fields ...string) string {
	items := make([]string, len(elems))
	for i, e := range elems {
		items[i] = javaStruct(e, fields...)
	}
	return javaList(items)
}

func showStrings(elems []map[string]*string) string {
	items := make([]string, len(elems))
	for i, e := range elems {
		items[i] = deref(e[""])
	}
	return javaList(items)
}
