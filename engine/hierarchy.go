package engine

import (
	"fmt"
	"strings"

	"canopy/org"
	"canopy/store"
)

// node is one level of the path from the root down to an account.
type node struct{ ID, Type string }

// chainReader reads the paths from the root to accounts and the policies
// attached along them, remembering what it read about roots and OUs: a
// listing over many accounts reads each OU once. It lives for one
// transaction.
type chainReader struct {
	tx       store.Tx
	prefixes map[string][]node               // parent ID -> the path down to it
	attached map[string][]org.AttachedPolicy // policy type + " " + root or OU ID -> its policies
	changed  map[string]org.Time             // root or OU ID -> PolicyChangedAt
}

func newChainReader(tx store.Tx) *chainReader {
	return &chainReader{tx: tx, prefixes: map[string][]node{}, attached: map[string][]org.AttachedPolicy{}, changed: map[string]org.Time{}}
}

// policyChangedAt is the store's PolicyChangedAt, reading each root and OU
// once.
func (r *chainReader) policyChangedAt(n node) (org.Time, error) {
	if at, ok := r.changed[n.ID]; ok {
		return at, nil
	}
	at, err := r.tx.PolicyChangedAt(n.ID)
	if err != nil {
		return org.Time{}, err
	}
	if n.Type != org.TypeAccount {
		r.changed[n.ID] = at
	}
	return at, nil
}

// pathTo returns the path from the organization's root to an account.
func (r *chainReader) pathTo(a *org.Account) ([]node, error) {
	prefix, ok := r.prefixes[a.ParentID]
	if !ok {
		path, err := pathTo(r.tx, a)
		if err != nil {
			return nil, err
		}
		prefix = path[: len(path)-1 : len(path)-1]
		r.prefixes[a.ParentID] = prefix
	}
	return append(prefix, node{ID: a.ID, Type: org.TypeAccount}), nil
}

// attachedAlong is attachedAlong, reading each root and OU once.
func (r *chainReader) attachedAlong(path []node, policyType string) ([][]org.AttachedPolicy, error) {
	out := make([][]org.AttachedPolicy, len(path))
	for i, n := range path {
		key := policyType + " " + n.ID
		ps, ok := r.attached[key]
		if !ok {
			var err error
			if ps, err = r.tx.ListPoliciesAttachedTo(n.ID, policyType); err != nil {
				return nil, fmt.Errorf("policies attached to %s: %w", n.ID, err)
			}
			if n.Type != org.TypeAccount { // accounts are read once anyway
				r.attached[key] = ps
			}
		}
		out[i] = ps
	}
	return out, nil
}

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
	return newChainReader(tx).attachedAlong(path, policyType)
}
