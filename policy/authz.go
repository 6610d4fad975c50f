package policy

// Authorization policies (SCPs and RCPs): validation, compilation and the
// decision across the organization's hierarchy.
//
// Choices taken where AWS's documentation is silent or ambiguous (the
// specification's section 7 recommendations, plus the ones this half of the
// package had to make):
//
//  1. SCP Version: a missing Version is accepted and "2008-10-17" is
//     accepted; anything else is refused. The strict (pre-2025) profile
//     requires Version "2012-10-17". RCPs always require "2012-10-17".
//     Policy variables are substituted only under "2012-10-17"; under the
//     old version "${...}" is literal text, as IAM does.
//  2. An SCP statement without Resource or NotResource means Resource "*",
//     in both profiles (the model's own CreatePolicy example omits it).
//  3. RCP Principal: only the JSON string "*" ({"AWS":"*"} is refused).
//  4. ValidateRCP checks customer RCPs (Effect Deny, no bare "*" action).
//     Compile(ResourceControl, ...) also accepts the AWS-managed forms
//     (Effect Allow, Action "*") so that RCPFullAWSAccess compiles.
//  5. Element names, Effect values and condition operator names are
//     case-sensitive; the error suggests the right spelling when only the
//     case is wrong. Condition keys and policy-variable names are not.
//  6. Duplicate JSON keys are refused at every level. Two condition keys
//     under one operator that differ only in case are duplicates too. Sids,
//     when given, must be unique in the policy (IAM's rule).
//  7. The top-level "Id" element of the IAM grammar is accepted.
//  8. An action is "*" or "service:action"; the service prefix is letters,
//     digits and hyphens, without wildcards. A resource is "*" or an ARN
//     with six colon-separated parts whose service part has no wildcard.
//  9. Resource and Arn* matching is per ARN segment: "*" and "?" stay
//     inside one of the first five segments; the sixth (resource) segment
//     runs to the end of the ARN, colons included; a pattern with fewer
//     than six segments whose last segment ends in "*" lets that "*" run
//     to the end. Action matching folds ASCII case; resource matching is
//     case-sensitive.
// 10. Every level of a chain is evaluated: a matching Deny anywhere gives
//     explicitDeny even when a level above lacks an Allow.
// 11. Result.Matched: for explicitDeny every matching Deny statement (SCP
//     chain, then RCP chain; root to account; attachment order); for
//     allowed the first matching Allow statement of each level (same
//     order); for implicitDeny one entry per level that lacks an Allow,
//     with an empty PolicyID and Sid.
// 12. Service-linked roles (iam role path /aws-service-role/, or an STS
//     assumed-role session of a role named AWSServiceRoleFor...) are
//     exempt from SCPs and from RCPs (AWS lists them among the entities
//     RCPs do not restrict).
// 13. A caller that is a service principal (CallerArn not an ARN, such as
//     "cloudtrail.amazonaws.com") is not a principal of a member account:
//     SCPs do not apply to it, RCPs do. aws:PrincipalIsAWSService is
//     "true" and aws:PrincipalServiceName is the caller for it.
// 14. Derived context keys, used only when the request does not supply the
//     key: aws:PrincipalAccount (the principal account's ID),
//     aws:PrincipalArn (CallerArn; the root ARN when CallerArn is empty; the
//     role ARN for an STS assumed-role session), aws:ResourceAccount (the
//     resource owner's ID), aws:username (IAM users), aws:PrincipalType
//     (Account, User, AssumedRole, FederatedUser), aws:PrincipalIsAWSService
//     and aws:PrincipalServiceName. The partition comes from CallerArn,
//     "aws" by default.
// 15. A key with several values under an operator without a set qualifier:
//     a positive operator holds when any value matches, a negated one when
//     no value matches the positive form.
// 16. A key supplied with no values is null for Null, the empty set for
//     ForAllValues/ForAnyValue, and absent for every other operator.
// 17. A policy variable that cannot be resolved (key absent and no default,
//     or a key with several values) makes its statement not apply; the key
//     is reported in MissingContextValues.
// 18. A request value that does not parse for a typed operator (numeric,
//     date, IP, binary) matches no policy value, so negated operators hold.
// 19. "NullIfExists" and set qualifiers on Null are refused. A malformed
//     "${" in a policy is refused rather than taken literally.
// 20. MissingContextValues lists the condition keys and variable keys
//     (without default) of statements whose action and resource match, in
//     the chains that apply; each key once (keys compare without regard to
//     ASCII case), spelled as the first statement of the evaluator's chains
//     that reads it spells it; sorted.
// 21. Dates: ISO 8601 (with or without seconds, fraction, zone; date only;
//     basic form 20060102T150405Z) or epoch seconds. An empty Condition
//     object is accepted; an operator with no keys is refused.
// 22. When a request context holds the same key twice in different case,
//     which one counts is unspecified (IAM's keys are case-insensitive, a Go
//     map's are not).

import (
	"sort"
	"strings"
)

// Compiled is an SCP or RCP parsed and prepared for evaluation: action and
// resource wildcards and condition values are precompiled. It is immutable
// and safe for concurrent use.
type Compiled struct {
	typ   string
	stmts []*azStmt
	keys  []string // lower-cased context keys the policy reads; azCond, azPart and azKey refer to them by index
}

// Type is the policy type the document was compiled as.
func (c *Compiled) Type() string { return c.typ }

// AttachedPolicy is one policy attached directly to a node.
type AttachedPolicy struct {
	ID, Type string
	Policy   *Compiled
}

// Node is one level of the hierarchy: the root, an OU, or the account,
// with the policies attached directly to it, in attachment order.
type Node struct {
	TargetID, TargetType string // TargetType: ROOT, ORGANIZATIONAL_UNIT, ACCOUNT
	Policies             []AttachedPolicy
}

// Account is an account and the chains of policies that reach it.
type Account struct {
	ID         string
	Management bool
	// SCPs and RCPs run from the root first to the account last. A chain is
	// empty when its policy type is not enabled: that type then does not
	// restrict.
	SCPs, RCPs []Node
}

// ContextValue is the value of one request-context key. Type is IAM's
// SimulateCustomPolicy ContextKeyType: string, stringList, numeric,
// numericList, boolean, booleanList, ip, ipList, binary, binaryList, date,
// dateList.
type ContextValue struct {
	Type   string
	Values []string
}

// Request is one call to decide.
type Request struct {
	CallerArn        string // "" means the principal account's root user
	Action, Resource string
	// Context holds the request-context keys; key names compare without
	// regard to case, as IAM's do.
	Context map[string]ContextValue
}

// Match is a statement (or, for implicitDeny, a level) that decided a
// result.
type Match struct {
	PolicyID, PolicyType, TargetID, Sid string
}

// Result is the decision of the organization's authorization policies.
type Result struct {
	Decision               string // "allowed" | "explicitDeny" | "implicitDeny"
	Matched                []Match
	MissingContextValues   []string
	AllowedByOrganizations bool
}

// Decisions.
const (
	DecisionAllowed      = "allowed"
	DecisionExplicitDeny = "explicitDeny"
	DecisionImplicitDeny = "implicitDeny"
)

// ValidateSCP checks a service control policy. strict applies the rules
// AWS enforced before it accepted the full IAM language in September 2025.
func ValidateSCP(content string, strict bool) error {
	_, err := azCompile(content, azProfile{typ: ServiceControl, strict: strict})
	return err
}

// ValidateRCP checks a customer-managed resource control policy.
func ValidateRCP(content string) error {
	_, err := azCompile(content, azProfile{typ: ResourceControl})
	return err
}

// Compile parses and prepares an SCP or RCP for evaluation (wildcards and
// conditions precompiled). SCPs are read with the current (full IAM
// language) rules; RCPs with the customer rules plus the AWS-managed forms
// RCPFullAWSAccess uses.
func Compile(policyType, content string) (*Compiled, error) {
	switch policyType {
	case ServiceControl:
		return azCompile(content, azProfile{typ: ServiceControl})
	case ResourceControl:
		return azCompile(content, azProfile{typ: ResourceControl, managed: true})
	}
	return nil, &Error{Message: "only SERVICE_CONTROL_POLICY and RESOURCE_CONTROL_POLICY documents are evaluated, not " + policyType}
}

// azMissing collects the context keys a decision needed and did not have.
type azMissing struct {
	keys []string
	m    map[string]bool // lower-cased keys, once there are many
}

func (m *azMissing) add(k string) {
	if m.m == nil {
		for _, have := range m.keys {
			if strings.EqualFold(have, k) {
				return
			}
		}
		m.keys = append(m.keys, k)
		if len(m.keys) > 16 {
			m.m = map[string]bool{}
			for _, h := range m.keys {
				m.m[strings.ToLower(h)] = true
			}
		}
		return
	}
	if l := strings.ToLower(k); !m.m[l] {
		m.m[l] = true
		m.keys = append(m.keys, k)
	}
}

func (m *azMissing) sorted() []string {
	if len(m.keys) == 0 {
		return nil
	}
	sort.Strings(m.keys)
	return m.keys
}
