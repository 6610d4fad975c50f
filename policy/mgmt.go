package policy

// Management policies: validation of the 11 inherited policy types and the
// effective-policy computation (spec sections 4 and 5).
//
// Choices taken where the specification leaves a question open (each is the
// spec's recommendation unless marked "Canopy"):
//
//   - Same-level merge (AMBIGUOUS-16, 4.3(a)): among the policies attached
//     to one node, in attachment order, the first @@assign of a setting wins,
//     every @@append is applied in attachment order, then every @@remove.
//     Child-control lists declared on the same key at one level intersect.
//   - Child controls bind strict descendants only: a list declared at a
//     level never restricts that level's own policies; it intersects with
//     what higher levels allowed and can never be widened below.
//   - Container-level controls (AMBIGUOUS-8): @@none on a container locks it:
//     no key can be added under it and nothing beneath it changes. Any other
//     list on a container lets children add keys under it and does not by
//     itself restrict the settings beneath (backup Example 4 adds a plan
//     whose settings use @@assign under a plans-level ["@@append"]).
//   - Disallowed operators (AMBIGUOUS-9) are ignored silently: the inherited
//     value stays and no validation error is recorded.
//   - Duplicates (AMBIGUOUS-10): lists have set semantics, first occurrence
//     kept, for @@append and (Canopy) for @@assign too. Values compare by
//     JSON type and text, so "60" and 60 differ.
//   - Empty lists (AMBIGUOUS-11): a setting emptied by @@remove is dropped
//     from the output; an explicit "@@assign": [] stays. Canopy: "@@append":
//     [] on a setting nobody set creates it as [] (Security Hub's own example
//     does this to make a required list present).
//   - Key case (AMBIGUOUS-12): identifiers of tag policies (the policy keys
//     under "tags") and of backup rules, copy actions, selections,
//     recovery-point tags and backup-plan tags match case-insensitively and
//     appear in lower case in the effective policy; backup plan names match
//     case-insensitively and keep the case they were first written with.
//     Other identifiers (AI service names, Slack and Teams IDs, regions,
//     upgrade tag keys) are case-sensitive. Fixed field names and operators
//     are case-sensitive everywhere. The AWS page's "lock keys at the root"
//     example therefore renders "costcenter"/"project", not the printed
//     "CostCenter"/"Project".
//   - Output (Canopy): compact JSON; keys in the order they first appear,
//     root first, then each level in attachment order and document order.
//     That reproduces AWS's worked examples 1-6 key for key; AWS itself does
//     not promise an order. Values keep their JSON type; operators and
//     child-control lists never appear. Keys that end up with no value
//     (only a child control, or a container left empty) are left out; the
//     top-level key is always present when at least one policy applies.
//   - No policy of the type on the path: Content is "" (the engine answers
//     EffectivePolicyNotFoundException, AMBIGUOUS-14).
//   - Validation at CreatePolicy/UpdatePolicy (4.5): JSON object, exactly
//     the type's top-level key, no duplicate keys (also case-insensitive
//     duplicates in case-insensitive maps), known operators only, value
//     operators only on settings, @@append/@@remove only on lists,
//     child-control lists of known operators with @@none alone, and the
//     per-type fields and values below. Required keys and element counts
//     are checked on the effective policy instead (5.4), because a child
//     policy legitimately sets only part of a document.
//   - Canopy's strictness per type: tag policies, AI opt-out (the service
//     names of the syntax reference; AWS refuses others), chatbot,
//     Security Hub, Inspector, upgrade rollout, Bedrock, S3 and network
//     security director are closed schemas with checked values. Backup
//     plans and EC2 declarative attributes are open: the documented keys
//     are checked, unknown keys are accepted with only the inheritance
//     grammar checked beneath them, because AWS keeps adding keys there and
//     its documentation of them is inconsistent. AI opt-out child controls
//     may list only @@assign, @@none or @@all, as its syntax page says.
//     Values are not length-checked (sizes are the caller's quota, as
//     Validate says); tag values must be JSON strings with at most one *.
//   - Validation errors on the effective policy (5.4, Canopy codes marked
//     in mgmt_check.go): KEY_REQUIRED for missing required keys (backup plan
//     rules/regions/selections, rule target vault, selection role/key/value,
//     Security Hub's two region lists, Bedrock identifier and input_tags),
//     ELEMENTS_TOO_FEW/ELEMENTS_TOO_MANY for counts (backup: 1-10 rules per
//     plan, at least one region, selection and tag value; chatbot: 255 Slack
//     workspaces and overrides, 36 Teams tenants), INVALID_VALUE for a
//     backup lifecycle that deletes before 90 days in cold storage, and
//     INVALID_POLICY_DOCUMENT for an attached document that no longer
//     validates (left out of the merge). PathToError is the "/"-joined path
//     of output keys; ContributingPolicies are the policies whose operators
//     shaped the offending key or anything beneath it, in output order.

import (
	"fmt"
	"strings"
)

// Attached is one policy attached directly to a node.
type Attached struct{ ID, Content string }

// Level is one node of the path from the root to the account, with the
// policies of one type attached directly to it, in attachment order.
// TargetType is ROOT, ORGANIZATIONAL_UNIT or ACCOUNT.
type Level struct {
	TargetID, TargetType string
	Policies             []Attached
}

// EffectiveValidationError is one entry of ListEffectivePolicyValidationErrors.
type EffectiveValidationError struct {
	ErrorCode, ErrorMessage, PathToError string
	ContributingPolicies                 []string
}

// EffectiveResult is an account's effective policy of one type.
type EffectiveResult struct {
	// Content is the effective policy JSON with every operator removed; ""
	// when no policy of the type is attached anywhere on the path.
	Content string
	Errors  []EffectiveValidationError
}

// Invalid reports whether the account belongs in
// ListAccountsWithInvalidEffectivePolicy: any validation error makes the
// effective policy invalid (not fully enforced).
func (r EffectiveResult) Invalid() bool { return len(r.Errors) > 0 }

// IsManagement reports whether a type is one of the 11 management policy
// types, the EffectivePolicyType enum.
func IsManagement(policyType string) bool { return mgTypes[policyType] != nil }

// Effective computes the effective policy of a management type for the
// account at the end of path (root first, account last). It returns an error
// only for a type that is not a management type; policies it cannot read
// become INVALID_POLICY_DOCUMENT validation errors.
func Effective(policyType string, path []Level) (EffectiveResult, error) {
	t := mgTypes[policyType]
	if t == nil {
		return EffectiveResult{}, fmt.Errorf("policy: %q has no effective policy: it is not a management policy type", policyType)
	}
	root := newSnode(t.top, t.schema)
	applies := false
	var errs []EffectiveValidationError
	var merged []string
	for _, lv := range path {
		var cs []contrib
		for _, p := range lv.Policies {
			applies = true
			doc, err := mgReadPolicy(policyType, t, p.Content)
			if err != nil {
				errs = append(errs, EffectiveValidationError{
					ErrorCode:            EffectiveInvalidPolicy,
					ErrorMessage:         fmt.Sprintf("the policy attached to %s can't be read and is left out of the effective policy: %v", lv.TargetID, err),
					PathToError:          t.top,
					ContributingPolicies: []string{p.ID},
				})
				continue
			}
			cs = append(cs, contrib{p.ID, doc})
			merged = append(merged, p.ID)
		}
		if len(cs) > 0 {
			root.apply(cs)
		}
	}
	if !applies {
		return EffectiveResult{}, nil
	}
	r := root.render()
	if r == nil {
		r = &rnode{key: t.top, schema: t.schema}
	}
	var b strings.Builder
	b.WriteByte('{')
	mgWriteString(&b, t.top)
	b.WriteByte(':')
	r.write(&b)
	b.WriteByte('}')
	c := mgChecker{errs: errs, merged: merged}
	c.walk(r, []string{t.top})
	return EffectiveResult{Content: b.String(), Errors: c.errs}, nil
}
