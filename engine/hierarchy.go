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

// attached is a policy attached to a node, and when it was attached.
type attached struct {
	*org.Policy
	At org.Time
}

// attachedAlong returns, for each node of a path, the policies of one type
// attached directly to it, in attachment order.
func attachedAlong(tx store.Tx, path []node, policyType string) ([][]attached, error) {
	out := make([][]attached, len(path))
	cache := map[string]*org.Policy{}
	for i, n := range path {
		atts, err := tx.ListAttachmentsForTarget(n.ID, policyType)
		if err != nil {
			return nil, err
		}
		for _, a := range atts {
			p, ok := cache[a.PolicyID]
			if !ok {
				if p, err = tx.GetPolicy(a.PolicyID); err != nil {
					return nil, fmt.Errorf("policy %s attached to %s: %w", a.PolicyID, n.ID, err)
				}
				cache[a.PolicyID] = p
			}
			out[i] = append(out[i], attached{Policy: p, At: a.CreatedAt})
		}
	}
	return out, nil
}
