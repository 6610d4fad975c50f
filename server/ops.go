package server

import (
	"context"

	"canopy/awsjson"
	"canopy/engine"
)

// Operations maps each operation of the AWS Organizations API that Canopy
// implements to the engine method that performs it.
func Operations(m *awsjson.Model, e *engine.Engine) map[string]awsjson.Op {
	ops := map[string]awsjson.Op{}

	bind(ops, m, "CreateOrganization", e.CreateOrganization)
	bind(ops, m, "DescribeOrganization", e.DescribeOrganization)
	bind(ops, m, "DeleteOrganization", e.DeleteOrganization)
	bind(ops, m, "ListRoots", e.ListRoots)
	bind(ops, m, "EnablePolicyType", e.EnablePolicyType)
	bind(ops, m, "DisablePolicyType", e.DisablePolicyType)

	bind(ops, m, "CreateOrganizationalUnit", e.CreateOrganizationalUnit)
	bind(ops, m, "DescribeOrganizationalUnit", e.DescribeOrganizationalUnit)
	bind(ops, m, "UpdateOrganizationalUnit", e.UpdateOrganizationalUnit)
	bind(ops, m, "DeleteOrganizationalUnit", e.DeleteOrganizationalUnit)
	bind(ops, m, "ListOrganizationalUnitsForParent", e.ListOrganizationalUnitsForParent)
	bind(ops, m, "ListChildren", e.ListChildren)
	bind(ops, m, "ListParents", e.ListParents)

	bind(ops, m, "CreateAccount", e.CreateAccount)
	bind(ops, m, "DescribeCreateAccountStatus", e.DescribeCreateAccountStatus)
	bind(ops, m, "ListCreateAccountStatus", e.ListCreateAccountStatus)
	bind(ops, m, "DescribeAccount", e.DescribeAccount)
	bind(ops, m, "ListAccounts", e.ListAccounts)
	bind(ops, m, "ListAccountsForParent", e.ListAccountsForParent)
	bind(ops, m, "MoveAccount", e.MoveAccount)
	bind(ops, m, "RemoveAccountFromOrganization", e.RemoveAccountFromOrganization)
	bind(ops, m, "CloseAccount", e.CloseAccount)
	bind(ops, m, "CreateGovCloudAccount", e.CreateGovCloudAccount)
	bind(ops, m, "LeaveOrganization", e.LeaveOrganization)

	bind(ops, m, "InviteAccountToOrganization", e.InviteAccountToOrganization)
	bind(ops, m, "AcceptHandshake", e.AcceptHandshake)
	bind(ops, m, "DeclineHandshake", e.DeclineHandshake)
	bind(ops, m, "CancelHandshake", e.CancelHandshake)
	bind(ops, m, "DescribeHandshake", e.DescribeHandshake)
	bind(ops, m, "ListHandshakesForAccount", e.ListHandshakesForAccount)
	bind(ops, m, "ListHandshakesForOrganization", e.ListHandshakesForOrganization)
	bind(ops, m, "EnableAllFeatures", e.EnableAllFeatures)

	bind(ops, m, "CreatePolicy", e.CreatePolicy)
	bind(ops, m, "DescribePolicy", e.DescribePolicy)
	bind(ops, m, "UpdatePolicy", e.UpdatePolicy)
	bind(ops, m, "DeletePolicy", e.DeletePolicy)
	bind(ops, m, "AttachPolicy", e.AttachPolicy)
	bind(ops, m, "DetachPolicy", e.DetachPolicy)
	bind(ops, m, "ListPolicies", e.ListPolicies)
	bind(ops, m, "ListPoliciesForTarget", e.ListPoliciesForTarget)
	bind(ops, m, "ListTargetsForPolicy", e.ListTargetsForPolicy)

	bind(ops, m, "TagResource", e.TagResource)
	bind(ops, m, "UntagResource", e.UntagResource)
	bind(ops, m, "ListTagsForResource", e.ListTagsForResource)

	bind(ops, m, "EnableAWSServiceAccess", e.EnableAWSServiceAccess)
	bind(ops, m, "DisableAWSServiceAccess", e.DisableAWSServiceAccess)
	bind(ops, m, "ListAWSServiceAccessForOrganization", e.ListAWSServiceAccessForOrganization)
	bind(ops, m, "RegisterDelegatedAdministrator", e.RegisterDelegatedAdministrator)
	bind(ops, m, "DeregisterDelegatedAdministrator", e.DeregisterDelegatedAdministrator)
	bind(ops, m, "ListDelegatedAdministrators", e.ListDelegatedAdministrators)
	bind(ops, m, "ListDelegatedServicesForAccount", e.ListDelegatedServicesForAccount)

	bind(ops, m, "InviteOrganizationToTransferResponsibility", e.InviteOrganizationToTransferResponsibility)
	bind(ops, m, "DescribeResponsibilityTransfer", e.DescribeResponsibilityTransfer)
	bind(ops, m, "ListInboundResponsibilityTransfers", e.ListInboundResponsibilityTransfers)
	bind(ops, m, "ListOutboundResponsibilityTransfers", e.ListOutboundResponsibilityTransfers)
	bind(ops, m, "UpdateResponsibilityTransfer", e.UpdateResponsibilityTransfer)
	bind(ops, m, "TerminateResponsibilityTransfer", e.TerminateResponsibilityTransfer)

	bind(ops, m, "PutResourcePolicy", e.PutResourcePolicy)
	bind(ops, m, "DescribeResourcePolicy", e.DescribeResourcePolicy)
	bind(ops, m, "DeleteResourcePolicy", e.DeleteResourcePolicy)

	bind(ops, m, "DescribeEffectivePolicy", e.DescribeEffectivePolicy)
	bind(ops, m, "ListEffectivePolicyValidationErrors", e.ListEffectivePolicyValidationErrors)
	bind(ops, m, "ListAccountsWithInvalidEffectivePolicy", e.ListAccountsWithInvalidEffectivePolicy)
	return ops
}

// bind registers an engine method as the operation name.
func bind[In, Out any](ops map[string]awsjson.Op, m *awsjson.Model, name string, fn func(context.Context, *In) (*Out, error)) {
	ops[name] = awsjson.Bind(m, name, fn)
}
