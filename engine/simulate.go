package engine

import (
	"context"
	"fmt"
	"sync"

	"canopy/org"
	"canopy/policy"
	"canopy/store"
)

// SimulateOrganizationPolicies decides, for a principal of an account, whether
// the organization's SCPs (of the principal's account) and RCPs (of the
// resource owner's account) allow each action on each resource, and which
// statements decided.
func (e *Engine) SimulateOrganizationPolicies(ctx context.Context, in *org.SimulateOrganizationPoliciesInput) (*org.SimulateOrganizationPoliciesOutput, error) {
	out := &org.SimulateOrganizationPoliciesOutput{EvaluationResults: []org.EvaluationResult{}}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		principal, err := accountOf(tx, s, in.AccountID)
		if err != nil {
			return err
		}
		root, err := rootOfOrg(tx, s.org.ID)
		if err != nil {
			return err
		}
		pa, err := e.authzAccount(tx, s, root, principal, SCP)
		if err != nil {
			return err
		}
		// SCPs come from the principal's account, RCPs from the resource
		// owner's.
		var oa policy.Account
		if owner := in.ResourceOwnerAccountID; owner == "" || owner == principal.ID {
			if oa, err = e.authzAccount(tx, s, root, principal, RCP); err != nil {
				return err
			}
		} else {
			a, err := tx.GetAccount(owner)
			switch {
			case notFound(err) || (err == nil && a.OrgID != s.org.ID):
				// A resource outside the organization: its RCPs are not the
				// organization's to apply.
				oa = policy.Account{ID: owner}
			case err != nil:
				return err
			default:
				if oa, err = e.authzAccount(tx, s, root, a, RCP); err != nil {
					return err
				}
			}
		}
		ev := policy.NewEvaluator(pa, oa)
		reqCtx := make(map[string]policy.ContextValue, len(in.ContextEntries))
		for _, c := range in.ContextEntries {
			t := c.ContextKeyType
			if t == "" {
				t = "string"
			}
			reqCtx[c.ContextKeyName] = policy.ContextValue{Type: t, Values: c.ContextKeyValues}
		}
		resources := in.ResourceArns
		if len(resources) == 0 {
			resources = []string{"*"}
		}
		for _, action := range in.ActionNames {
			for _, resource := range resources {
				r := ev.Evaluate(policy.Request{CallerArn: in.CallerArn, Action: action, Resource: resource, Context: reqCtx})
				res := org.EvaluationResult{
					EvalActionName: action, EvalResourceName: resource, EvalDecision: r.Decision,
					MatchedStatements:           []org.MatchedStatement{},
					MissingContextValues:        []string{},
					OrganizationsDecisionDetail: org.OrganizationsDecisionDetail{AllowedByOrganizations: r.AllowedByOrganizations},
				}
				for _, m := range r.Matched {
					res.MatchedStatements = append(res.MatchedStatements, org.MatchedStatement{
						SourcePolicyID: m.PolicyID, SourcePolicyType: m.PolicyType, TargetID: m.TargetID, Sid: m.Sid})
				}
				res.MissingContextValues = append(res.MissingContextValues, r.MissingContextValues...)
				out.EvaluationResults = append(out.EvaluationResults, res)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// authzAccount describes an account to the evaluator with the chain of one
// authorization policy type (SCP for a principal's account, RCP for a
// resource owner's).
func (e *Engine) authzAccount(tx store.Tx, s *session, root *org.Root, a *org.Account, policyType string) (policy.Account, error) {
	pa := policy.Account{ID: a.ID, Management: a.ID == s.org.MasterAccountID}
	chain, err := e.authzChain(tx, root, a, policyType)
	if policyType == SCP {
		pa.SCPs = chain
	} else {
		pa.RCPs = chain
	}
	return pa, err
}

// authzChain returns the nodes from the root to an account with the policies
// of an authorization type attached to each, compiled; nil when the type is
// not enabled in the root, so that it restricts nothing.
func (e *Engine) authzChain(tx store.Tx, root *org.Root, a *org.Account, policyType string) ([]policy.Node, error) {
	if !policyTypeEnabled(root, policyType) {
		return nil, nil
	}
	path, err := pathTo(tx, a)
	if err != nil {
		return nil, err
	}
	attached, err := attachedAlong(tx, path, policyType)
	if err != nil {
		return nil, err
	}
	chain := make([]policy.Node, len(path))
	for i, n := range path {
		chain[i] = policy.Node{TargetID: n.ID, TargetType: n.Type}
		for _, p := range attached[i] {
			c, err := e.compiled(&p.Policy)
			if err != nil {
				return nil, err
			}
			chain[i].Policies = append(chain[i].Policies, policy.AttachedPolicy{ID: p.PolicySummary.ID, Type: policyType, Policy: c})
		}
	}
	return chain, nil
}

// compiled returns a policy prepared for evaluation, from the engine's
// cache when the policy's content has not changed since it was compiled.
// Documents were validated when they were stored, so a failure here is
// Canopy's fault.
func (e *Engine) compiled(p *org.Policy) (*policy.Compiled, error) {
	id := p.PolicySummary.ID
	if c := e.compiledPolicies.get(id, p.Content); c != nil {
		return c, nil
	}
	c, err := policy.Compile(p.PolicySummary.Type, p.Content)
	if err != nil {
		return nil, fmt.Errorf("compile stored policy %s: %w", id, err)
	}
	e.compiledPolicies.put(id, p.Content, c)
	return c, nil
}

// compileCache keeps compiled SCPs and RCPs by policy ID, with the content
// they were compiled from: a policy whose content changed (UpdatePolicy, or
// another node) no longer matches and is compiled again. Compiling a
// guardrail takes tens of microseconds, and every decision about an account
// needs every policy on its path.
type compileCache struct {
	mu sync.RWMutex
	m  map[string]compiledEntry
}

type compiledEntry struct {
	content string
	c       *policy.Compiled
}

// compileCacheMax bounds the cache; when full it starts again empty.
const compileCacheMax = 4096

func (cc *compileCache) get(id, content string) *policy.Compiled {
	cc.mu.RLock()
	defer cc.mu.RUnlock()
	if e, ok := cc.m[id]; ok && e.content == content {
		return e.c
	}
	return nil
}

func (cc *compileCache) put(id, content string, c *policy.Compiled) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.m == nil || len(cc.m) >= compileCacheMax {
		cc.m = make(map[string]compiledEntry)
	}
	cc.m[id] = compiledEntry{content: content, c: c}
}
