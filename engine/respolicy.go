package engine

// The organization's resource-based delegation policy: PutResourcePolicy,
// DescribeResourcePolicy and DeleteResourcePolicy, and the decision it makes
// for the delegable operations (access level delegable).
//
// Choices, with the AWS documentation they follow:
//
//   - A document is an IAM resource-based policy: Version "2012-10-17";
//     statements with Effect, Principal, Action, Resource and an optional
//     Condition. The statements without their Principal must compile as an
//     SCP (package policy), which checks Effect, Sids, action and resource
//     syntax and the condition operators.
//   - Principal is "*" or {"AWS": ...} naming account IDs, account root ARNs
//     or IAM role and user ARNs; other principal types and NotPrincipal give
//     INVALID_PRINCIPAL.
//   - Action names only organizations: actions a delegation policy supports
//     (User Guide, "Create or update a resource-based delegation policy",
//     supported actions), wildcards allowed when they match at least one;
//     anything else gives UNSUPPORTED_ACTION_IN_RESOURCE_POLICY.
//   - Since June 30, 2026 AWS refuses NotAction and NotResource in delegation
//     policies (User Guide, "Update a resource-based delegation policy"):
//     NotAction gives UNSUPPORTED_ACTION_IN_RESOURCE_POLICY and NotResource
//     UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY.
//   - Resource is "*" or an Organizations ARN (service "organizations") of
//     an organization, root, OU, account, policy, resource policy or
//     handshake; anything else gives UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY.
//   - The values of organizations:PolicyType in String conditions must name
//     (or, with wildcards, match) a policy type: otherwise
//     UNSUPPORTED_POLICY_TYPE_IN_RESOURCE_POLICY.
//   - Tags are accepted only when the policy is created (model:
//     PutResourcePolicyRequest.Tags).
//
// A delegable operation called by a delegated administrator is allowed when
// the statements whose Principal matches the caller, evaluated as a
// one-level SCP chain, explicitly allow "organizations:<Operation>" on every
// resource it acts upon, with the organizations:PolicyType, aws:RequestTag,
// aws:TagKeys and aws:ResourceTag context keys; a matching Deny wins.
// Resources are ARNs in the caller's partition: the policy (for CreatePolicy
// the ARN the new policy gets), the root, OU or account, or the resource
// policy. AttachPolicy and DetachPolicy need both the policy and the target.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"canopy/internal/ids"
	"canopy/org"
	"canopy/policy"
	"canopy/store"
)

// delegableActions are the actions a resource-based delegation policy can
// grant (User Guide, "Create or update a resource-based delegation policy":
// supported actions), plus the two effective-policy validation reads added
// to the API since, which AWS lets a delegation policy grant as read-only
// actions.
var delegableActions = []string{
	"AttachPolicy", "CreatePolicy", "DeletePolicy", "DescribeAccount", "DescribeCreateAccountStatus",
	"DescribeEffectivePolicy", "DescribeHandshake", "DescribeOrganization", "DescribeOrganizationalUnit",
	"DescribePolicy", "DescribeResourcePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType",
	"ListAccounts", "ListAccountsForParent", "ListAccountsWithInvalidEffectivePolicy",
	"ListAWSServiceAccessForOrganization", "ListChildren", "ListCreateAccountStatus",
	"ListDelegatedAdministrators", "ListDelegatedServicesForAccount", "ListEffectivePolicyValidationErrors",
	"ListHandshakesForAccount", "ListHandshakesForOrganization", "ListOrganizationalUnitsForParent",
	"ListParents", "ListPolicies", "ListPoliciesForTarget", "ListRoots", "ListTagsForResource",
	"ListTargetsForPolicy", "TagResource", "UntagResource", "UpdatePolicy",
}

// delegableResourceTypes are the Organizations resource types a delegation
// policy's Resource may name.
var delegableResourceTypes = []string{"organization", "root", "ou", "account", "policy", "resourcepolicy", "handshake"}

var errResourcePolicyNotFound = org.Errorf(org.ErrResourcePolicyNotFound, "We can't find a resource policy request with the parameter that you specified.")

// iamPrincipal is an IAM principal a delegation policy may name: an
// account's root, a role or a user.
var iamPrincipal = regexp.MustCompile(`^arn:[a-z0-9-]+:iam::\d{12}:(root|(role|user)/([\w+=,.@-]+/)*[\w+=,.@-]+)$`)

func invalidRP(reason, format string, args ...any) error {
	return org.InvalidInput(reason, "The resource policy is not valid: "+format, args...)
}

// rpStatement is one statement of a delegation policy, element by element.
type rpStatement map[string]json.RawMessage

// parseResourcePolicy checks a delegation policy and returns its
// statements.
func parseResourcePolicy(content string) ([]rpStatement, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(content), &doc); err != nil || doc == nil {
		return nil, invalidRP(org.ReasonInvalidResourcePolicyJSON, "the document is not a JSON object.")
	}
	for k := range doc {
		if k != "Version" && k != "Id" && k != "Statement" {
			return nil, invalidRP(org.ReasonInvalidResourcePolicyJSON, "unknown element %q: a policy has Version, Id and Statement.", k)
		}
	}
	var version string
	if err := json.Unmarshal(doc["Version"], &version); err != nil || version != "2012-10-17" {
		return nil, invalidRP(org.ReasonInvalidResourcePolicyJSON, `Version must be "2012-10-17".`)
	}
	raw := bytes.TrimSpace(doc["Statement"])
	var stmts []rpStatement
	switch {
	case len(raw) > 0 && raw[0] == '{':
		var st rpStatement
		if err := json.Unmarshal(raw, &st); err != nil {
			return nil, invalidRP(org.ReasonInvalidResourcePolicyJSON, "Statement: %v.", err)
		}
		stmts = []rpStatement{st}
	case len(raw) > 0 && raw[0] == '[':
		if err := json.Unmarshal(raw, &stmts); err != nil {
			return nil, invalidRP(org.ReasonInvalidResourcePolicyJSON, "Statement must be an object or a list of objects.")
		}
	}
	if len(stmts) == 0 {
		return nil, invalidRP(org.ReasonInvalidResourcePolicyJSON, "the policy needs at least one statement.")
	}
	for i, st := range stmts {
		if err := checkRPStatement(i, st); err != nil {
			return nil, err
		}
	}
	if _, err := compileDelegation(stmts); err != nil {
		return nil, invalidRP(org.ReasonInvalidResourcePolicyJSON, "%v", err)
	}
	return stmts, nil
}

// checkRPStatement applies the rules of a delegation policy to a statement;
// compileDelegation checks the rest of its grammar.
func checkRPStatement(i int, st rpStatement) error {
	for k := range st {
		switch k {
		case "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition":
		default:
			return invalidRP(org.ReasonInvalidResourcePolicyJSON, "Statement[%d]: unknown element %q.", i, k)
		}
	}
	if _, ok := st["NotPrincipal"]; ok {
		return invalidRP(org.ReasonInvalidPrincipal, "Statement[%d]: NotPrincipal is not supported; name the principals in Principal.", i)
	}
	p, ok := st["Principal"]
	if !ok {
		return invalidRP(org.ReasonInvalidPrincipal, "Statement[%d] has no Principal.", i)
	}
	if _, err := rpPrincipals(p); err != nil {
		return invalidRP(org.ReasonInvalidPrincipal, "Statement[%d].Principal: %v", i, err)
	}
	if _, ok := st["NotAction"]; ok {
		return invalidRP(org.ReasonUnsupportedActionInRP, "Statement[%d]: NotAction is not supported in a delegation policy; list the actions in Action.", i)
	}
	actions, err := rpStrings(st["Action"])
	if err != nil {
		return invalidRP(org.ReasonInvalidResourcePolicyJSON, "Statement[%d].Action: %v", i, err)
	}
	for _, a := range actions {
		svc, name, _ := strings.Cut(a, ":")
		if !strings.EqualFold(svc, "organizations") || !matchesAny(name, delegableActions, true) {
			return invalidRP(org.ReasonUnsupportedActionInRP, "Statement[%d]: the action %q can't be delegated; a delegation policy grants only organizations: actions that manage policies or read the organization.", i, a)
		}
	}
	if _, ok := st["NotResource"]; ok {
		return invalidRP(org.ReasonUnsupportedResourceInRP, "Statement[%d]: NotResource is not supported in a delegation policy; list the resources in Resource.", i)
	}
	resources, err := rpStrings(st["Resource"])
	if err != nil {
		return invalidRP(org.ReasonInvalidResourcePolicyJSON, "Statement[%d].Resource: %v", i, err)
	}
	for _, r := range resources {
		if !delegableResource(r) {
			return invalidRP(org.ReasonUnsupportedResourceInRP, "Statement[%d]: the resource %q is not an AWS Organizations resource.", i, r)
		}
	}
	if c, ok := st["Condition"]; ok {
		if bad := badPolicyType(c); bad != "" {
			return invalidRP(org.ReasonUnsupportedPolicyTypeInRP, "Statement[%d]: %q is not a policy type.", i, bad)
		}
	}
	return nil
}

// rpStrings reads a string or a non-empty list of strings.
func rpStrings(raw json.RawMessage) ([]string, error) {
	if raw == nil {
		return nil, errors.New("the element is required")
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil || len(many) == 0 {
		return nil, errors.New("must be a string or a non-empty list of strings")
	}
	return many, nil
}

// rpPrincipals reads a Principal element: "*" or {"AWS": principals}.
func rpPrincipals(raw json.RawMessage) ([]string, error) {
	var star string
	if err := json.Unmarshal(raw, &star); err == nil {
		if star != "*" {
			return nil, errors.New(`a principal given as a string must be "*"; name accounts, roles and users under "AWS"`)
		}
		return []string{"*"}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, errors.New(`must be "*" or an object with an "AWS" element`)
	}
	for k := range m {
		if k != "AWS" {
			return nil, errors.New("only AWS principals (accounts, roles and users) can be delegated to, not " + k)
		}
	}
	ps, err := rpStrings(m["AWS"])
	if err != nil {
		return nil, errors.New("AWS " + err.Error())
	}
	for _, p := range ps {
		if p != "*" && !ids.IsAccountID(p) && !iamPrincipal.MatchString(p) {
			return nil, fmt.Errorf("%q is not an account ID, an account root ARN, or an IAM role or user ARN", p)
		}
	}
	return ps, nil
}

// delegableResource reports whether a Resource names Organizations
// resources.
func delegableResource(r string) bool {
	if r == "*" {
		return true
	}
	parts := strings.SplitN(r, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "organizations" || parts[3] != "" && parts[3] != "*" {
		return false
	}
	typ, _, _ := strings.Cut(parts[5], "/")
	return matchesAny(typ, delegableResourceTypes, false)
}

// badPolicyType returns a value of organizations:PolicyType in a String
// condition that matches no policy type, or "".
func badPolicyType(raw json.RawMessage) string {
	var cond map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &cond); err != nil {
		return "" // compileDelegation reports the malformed condition
	}
	for op, keys := range cond {
		base := op
		if _, after, ok := strings.Cut(base, ":"); ok {
			base = after // ForAnyValue:, ForAllValues:
		}
		if !strings.HasPrefix(base, "String") {
			continue
		}
		for k, v := range keys {
			if !strings.EqualFold(k, "organizations:PolicyType") {
				continue
			}
			values, err := rpStrings(v)
			if err != nil {
				continue
			}
			for _, val := range values {
				if !matchesAny(val, policy.Types, true) {
					return val
				}
			}
		}
	}
	return ""
}

// matchesAny reports whether a pattern with * and ? wildcards matches one
// of names.
func matchesAny(pattern string, names []string, fold bool) bool {
	if fold {
		pattern = strings.ToLower(pattern)
	}
	for _, n := range names {
		if fold {
			n = strings.ToLower(n)
		}
		if globMatch(pattern, n) {
			return true
		}
	}
	return false
}

// globMatch matches s against a pattern where * is any run of characters
// and ? is one character.
func globMatch(p, s string) bool {
	star, mark := -1, 0
	i, j := 0, 0
	for j < len(s) {
		switch {
		case i < len(p) && (p[i] == '?' || p[i] == s[j]):
			i++
			j++
		case i < len(p) && p[i] == '*':
			star, mark = i, j
			i++
		case star >= 0:
			i = star + 1
			mark++
			j = mark
		default:
			return false
		}
	}
	for i < len(p) && p[i] == '*' {
		i++
	}
	return i == len(p)
}

// compileDelegation compiles statements, their Principal removed, as an
// SCP.
func compileDelegation(stmts []rpStatement) (*policy.Compiled, error) {
	out := make([]rpStatement, 0, len(stmts))
	for _, st := range stmts {
		c := make(rpStatement, len(st))
		for k, v := range st {
			if k != "Principal" {
				c[k] = v
			}
		}
		out = append(out, c)
	}
	b, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": out})
	if err != nil {
		return nil, err
	}
	return policy.Compile(policy.ServiceControl, string(b))
}

// principalMatches reports whether a Principal of a delegation policy names
// the caller: "*", its account (ID or root ARN, which delegate to every
// principal of the account), or its IAM user or role (a role also matches
// its assumed-role sessions).
func principalMatches(p string, c org.Caller) bool {
	if p == "*" || p == c.AccountID {
		return true
	}
	parts := strings.SplitN(p, ":", 6)
	if len(parts) != 6 || parts[4] != c.AccountID {
		return false
	}
	res := parts[5]
	if res == "root" {
		return true
	}
	cp := strings.SplitN(c.Principal, ":", 6)
	if len(cp) != 6 || cp[4] != c.AccountID {
		return false
	}
	switch {
	case cp[2] == "iam":
		return cp[5] == res
	case cp[2] == "sts" && strings.HasPrefix(cp[5], "assumed-role/") && strings.HasPrefix(res, "role/"):
		role, _, _ := strings.Cut(strings.TrimPrefix(cp[5], "assumed-role/"), "/")
		return role == res[strings.LastIndex(res, "/")+1:]
	}
	return false
}

// resourceRef is a resource a delegable operation acts upon: its ARN, and
// the key of its tags for aws:ResourceTag ("" when it has none yet).
type resourceRef struct {
	arn, tagKey string
}

// contextKeys are request-context keys of a delegable operation.
type contextKeys map[string]policy.ContextValue

// withPolicyType sets organizations:PolicyType.
func (k contextKeys) withPolicyType(t string) contextKeys {
	k["organizations:PolicyType"] = policy.ContextValue{Type: "string", Values: []string{t}}
	return k
}

// withRequestTags sets aws:RequestTag/<key> and aws:TagKeys.
func (k contextKeys) withRequestTags(tags []org.Tag) contextKeys {
	if len(tags) == 0 {
		return k
	}
	keys := make([]string, 0, len(tags))
	for _, t := range tags {
		k["aws:RequestTag/"+t.Key] = policy.ContextValue{Type: "string", Values: []string{t.Value}}
		keys = append(keys, t.Key)
	}
	return k.withTagKeys(keys)
}

// withTagKeys sets aws:TagKeys.
func (k contextKeys) withTagKeys(keys []string) contextKeys {
	if len(keys) > 0 {
		k["aws:TagKeys"] = policy.ContextValue{Type: "stringList", Values: keys}
	}
	return k
}

// authorize decides a delegable operation (or a read by an account that is
// no delegated administrator of a service): the management account may,
// and a member account may when the organization's delegation policy allows
// the action on every resource. resources must not be empty.
func (e *Engine) authorize(tx store.Tx, s *session, action string, keys contextKeys, resources ...resourceRef) error {
	if s.isManagement() {
		return nil
	}
	if s.delegation == nil || len(resources) == 0 {
		return errAccessDenied
	}
	stmts, err := parseResourcePolicy(s.delegation.Content)
	if err != nil {
		return errAccessDenied
	}
	mine := stmts[:0:0]
	for _, st := range stmts {
		ps, _ := rpPrincipals(st["Principal"])
		for _, p := range ps {
			if principalMatches(p, s.caller) {
				mine = append(mine, st)
				break
			}
		}
	}
	if len(mine) == 0 {
		return errAccessDenied
	}
	c, err := compileDelegation(mine)
	if err != nil {
		return errAccessDenied
	}
	id := s.delegation.ResourcePolicySummary.ID
	ev := policy.NewEvaluator(policy.Account{ID: s.account.ID, SCPs: []policy.Node{{
		TargetID: id, TargetType: "RESOURCE_POLICY",
		Policies: []policy.AttachedPolicy{{ID: id, Type: policy.ServiceControl, Policy: c}},
	}}}, policy.Account{ID: s.account.ID})
	for _, r := range resources {
		reqCtx := make(map[string]policy.ContextValue, len(keys)+4)
		for k, v := range keys {
			reqCtx[k] = v
		}
		if r.tagKey != "" {
			tags, err := tx.ListTags(r.tagKey)
			if err != nil {
				return err
			}
			for _, t := range tags {
				reqCtx["aws:ResourceTag/"+t.Key] = policy.ContextValue{Type: "string", Values: []string{t.Value}}
			}
		}
		res := ev.Evaluate(policy.Request{CallerArn: s.caller.Principal, Action: "organizations:" + action, Resource: r.arn, Context: reqCtx})
		// An evaluation without a matched statement was exempt from the
		// chain (a service-linked role): that is no grant.
		if res.Decision != policy.DecisionAllowed || len(res.Matched) == 0 {
			return errAccessDenied
		}
	}
	return nil
}

// targetArn returns the ARN of a root, OU or account.
func targetArn(s *session, t *target) string {
	switch t.Type {
	case org.TypeAccount:
		return s.arns.Account(t.ID)
	case org.TypeRoot:
		return s.arns.Root(t.ID)
	}
	return s.arns.OU(t.ID)
}

// renderResourcePolicy formats a resource policy for the caller.
func renderResourcePolicy(s *session, rp org.ResourcePolicy) *org.ResourcePolicy {
	rp.ResourcePolicySummary.Arn = s.arns.ResourcePolicy(rp.ResourcePolicySummary.ID)
	return &rp
}

// PutResourcePolicy creates or replaces the organization's delegation
// policy. Tags apply only when it is created.
func (e *Engine) PutResourcePolicy(ctx context.Context, in *org.PutResourcePolicyInput) (*org.ResourcePolicyOutput, error) {
	var out *org.ResourcePolicy
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		if _, err := parseResourcePolicy(in.Content); err != nil {
			return err
		}
		tags, err := e.checkNewTags(in.Tags)
		if err != nil {
			return err
		}
		rp, err := tx.GetResourcePolicy(s.org.ID)
		switch {
		case notFound(err):
			id := ids.ResourcePolicy()
			rp = &org.ResourcePolicy{ResourcePolicySummary: org.ResourcePolicySummary{ID: id, Arn: s.arns.ResourcePolicy(id)}, OrgID: s.org.ID}
			if err := tx.SetTags(s.org.ID, id, tags); err != nil {
				return err
			}
		case err != nil:
			return err
		case len(in.Tags) > 0:
			return org.Errorf(org.ErrInvalidInput, "Tags apply only when the resource policy is created; use TagResource to tag the existing resource policy %s.", rp.ResourcePolicySummary.ID)
		}
		rp.Content = in.Content
		if err := tx.PutResourcePolicy(rp); err != nil {
			return err
		}
		out = renderResourcePolicy(s, *rp)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.ResourcePolicyOutput{ResourcePolicy: out}, nil
}

// DescribeResourcePolicy returns the organization's delegation policy.
func (e *Engine) DescribeResourcePolicy(ctx context.Context, _ *org.Empty) (*org.ResourcePolicyOutput, error) {
	var out *org.ResourcePolicy
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		rp, err := tx.GetResourcePolicy(s.org.ID)
		if notFound(err) {
			return errResourcePolicyNotFound
		} else if err != nil {
			return err
		}
		out = renderResourcePolicy(s, *rp)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.ResourcePolicyOutput{ResourcePolicy: out}, nil
}

// DeleteResourcePolicy deletes the organization's delegation policy and its
// tags.
func (e *Engine) DeleteResourcePolicy(ctx context.Context, _ *org.Empty) (*org.Empty, error) {
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		rp, err := tx.GetResourcePolicy(s.org.ID)
		if notFound(err) {
			return errResourcePolicyNotFound
		} else if err != nil {
			return err
		}
		if err := tx.SetTags(s.org.ID, rp.ResourcePolicySummary.ID, nil); err != nil {
			return err
		}
		return tx.DeleteResourcePolicy(s.org.ID)
	})
	if err != nil {
		return nil, err
	}
	return &org.Empty{}, nil
}
