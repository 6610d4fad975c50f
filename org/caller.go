package org

import (
	"context"
	"strings"
)

// Caller is the identity a request runs as: the AWS account that signed it and
// where it was sent. Front-ends establish it; the engine decides from it what
// the request may do.
type Caller struct {
	// AccountID is the 12-digit account the request acts for.
	AccountID string
	// AccessKeyID is the key the request was signed with, if any.
	AccessKeyID string
	// Principal is the caller's ARN, when known (a user, a role session, or
	// the account's root user). Empty means the account's root user.
	Principal string
	// Region is the region of the signature's credential scope.
	Region string
	// Partition is the ARN partition that Region belongs to.
	Partition string
	// Verified is true when the front-end checked the request's signature
	// against a key Canopy issued (strict authentication): the identity is
	// proven, not merely named.
	Verified bool
}

type callerKey struct{}

// WithCaller returns a context that carries c.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller carried by ctx and whether there was one.
func CallerFrom(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	return c, ok
}

type operationKey struct{}

// WithOperation returns a context that names the API operation a request
// calls, such as "DescribePolicy": access decisions that depend on the
// action (a resource-based delegation policy) read it.
func WithOperation(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, operationKey{}, name)
}

// OperationFrom returns the operation named in ctx, or "".
func OperationFrom(ctx context.Context) string {
	name, _ := ctx.Value(operationKey{}).(string)
	return name
}

// DefaultAccountID is the account a development-mode request acts for when
// its access key is not registered: the account moto and most AWS examples use.
const DefaultAccountID = "123456789012"

// DefaultRegion is used when a request names no region.
const DefaultRegion = "us-east-1"

// PartitionForRegion returns the ARN partition of an AWS region name.
func PartitionForRegion(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	default:
		return "aws"
	}
}
