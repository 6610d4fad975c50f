// Package policy is the language of AWS Organizations policies: it parses
// and validates documents of all 13 policy types, computes effective
// management policies through the organization's hierarchy, and decides
// what service control policies (SCPs) and resource control policies (RCPs)
// allow.
//
// It depends on nothing of Canopy but the standard library: no server, no
// store, no HTTP. The engine hands it documents and the chain of policies
// from the root to an account; it hands back errors, effective documents
// and decisions.
//
// The behaviour follows AWS's documentation as gathered in the project's
// policy-semantics specification (shared/spec/policy-semantics.md). Where
// that specification names an open question, this package takes its
// recommended choice. The choices are written down where they apply: the
// header of authz.go lists those of SCPs and RCPs (versions, Principal
// forms, wildcard and ARN matching, exemptions, derived context keys,
// multi-valued keys, missing values), and the header of mgmt.go those of
// management policies (same-level merge order, child controls, duplicates,
// empty lists, key case, output order, per-type strictness, validation
// errors of effective policies).
package policy
