package engine

import (
	"fmt"
	"strings"

	"canopy/org"
	"canopy/store"
)

// node is one level of the path from the root down to an account.
type node struct{ ID, Type string }

// pathTo returns the path from the organization's root to an account: the
// root, each OU from the top down, then the account. OU paths never change
// (OUs do not move), so the path is read from the parent's stored Path.
func pathTo(tx store.Tx, a *org.Account) ([]node, error) {
	var ids []string
	if strings.HasPrefix(a.ParentID, "ou-") {
		ou, err := tx.GetOU(a.ParentID)
		if err != nil {
			return nil, fmt.Errorf("parent of account %s: %w", a.ID, err)
		}
		// "o-xxx/r-xxx/ou-a/ou-b/": drop the organization and the trailing "".
		parts := strings.Split(strings.TrimSuffix(ou.Path, "/"), "/")
		if len(parts) < 3 {
			return nil, fmt.Errorf("OU %s has a malformed path %q", ou.ID, ou.Path)
		}
		ids = parts[1:]
	} else {
		ids = []string{a.ParentID}
	}
	path := make([]node, 0, len(ids)+1)
	for i, id := range ids {
		t := org.TypeOU
		if i == 0 {
			t = org.TypeRoot
		}
		path = append(path, node{ID: id, Type: t})
	}
	return append(path, node{ID: a.ID, Type: org.TypeAccount}), nil
}

// attachedAlong returns, for each node of a path, the policies of one type
// attached directly to it, in attachment order: one store read per node.
func attachedAlong(tx store.Tx, path []node, policyType string) ([][]org.AttachedPolicy, error) {
	out := make([][]org.AttachedPolicy, len(path))
	for i, n := range path {
		ps, err := tx.ListPoliciesAttachedTo(n.ID, policyType)
		if err != nil {
			return nil, fmt.Errorf("policies attached to %s: %w", n.ID, err)
		}
		out[i] = ps
	}
	return out, nil
}
