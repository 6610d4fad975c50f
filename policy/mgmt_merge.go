package policy

import (
	"strings"
)

// snode is one key of the effective policy as the merge builds it: the
// resolved value, the operators later levels may still use on it, and the
// policies whose operators shaped it.
type snode struct {
	key    string // as the effective policy shows it
	schema *mgSchema

	// ctrl is what strict ancestors allow below them: the intersection of
	// every child-control list declared on this key at a higher level.
	ctrl mgOp

	hasValue bool
	value    mgJSON // a scalar or an array of scalars
	// emptied marks a list that @@remove emptied: it is dropped from the
	// output, while an explicit "@@assign": [] stays (spec 4.3(e)).
	emptied bool
	ids     []string

	kids  []*snode
	index map[string]*snode // by merge key
}

type contrib struct {
	id string
	n  *pnode
}

func newSnode(key string, s *mgSchema) *snode {
	return &snode{key: key, schema: s, ctrl: opAll, index: map[string]*snode{}}
}

// apply merges one level's policies, in attachment order, into the state.
// Each contrib is the same key in one of the level's policies.
func (st *snode) apply(cs []contrib) {
	if st.ctrl == opNone {
		// A key locked with @@none above: nothing at or beneath it changes,
		// and no key is added under it (spec 4.3(b), AMBIGUOUS-8).
		return
	}
	st.applyValues(cs)

	var order []string
	groups := map[string][]contrib{}
	for _, c := range cs {
		for _, k := range c.n.children {
			if _, ok := groups[k.mkey]; !ok {
				order = append(order, k.mkey)
			}
			groups[k.mkey] = append(groups[k.mkey], contrib{c.id, k})
		}
	}
	for _, mk := range order {
		g := groups[mk]
		child := st.index[mk]
		if child == nil {
			// Any control other than @@none on a container lets a child
			// policy add keys under it (AMBIGUOUS-8).
			child = newSnode(st.childKey(g[0].n), g[0].n.schema)
			st.index[mk] = child
			st.kids = append(st.kids, child)
		}
		child.apply(g)
	}

	// Child controls bind later levels only: a control declared at this
	// level never restricts this level's own policies, and peers intersect.
	for _, c := range cs {
		if c.n.hasControl {
			st.ctrl &= c.n.control
		}
	}
}

// childKey is how the output names a new key: lower case in the maps whose
// identifiers AWS shows in lower case (tag policy keys, backup rule and
// selection names), as first written elsewhere (backup plan names).
func (st *snode) childKey(n *pnode) string {
	if st.schema != nil && st.schema.shape == shMap && st.schema.lowerOut {
		return n.mkey
	}
	return n.key
}

// applyValues resolves one level's value-setting operators on a setting:
// the first-attached @@assign wins, then every @@append in attachment
// order, then every @@remove (spec 4.3(a)). An operator the level may not
// use is ignored and the inherited value stays (spec 4.3(c)).
func (st *snode) applyValues(cs []contrib) {
	allowed := st.ctrl
	for _, c := range cs {
		if c.n.hasAssign {
			if allowed&opAssign != 0 {
				st.assign(c.n.assign, c.id)
			}
			break
		}
	}
	if allowed&opAppend != 0 {
		for _, c := range cs {
			if c.n.hasAppend {
				st.appendValues(c.n.appendV, c.id)
			}
		}
	}
	if allowed&opRemove != 0 {
		for _, c := range cs {
			if c.n.hasRemove {
				st.removeValues(c.n.removeV, c.id)
			}
		}
	}
}

func (st *snode) assign(v mgJSON, id string) {
	if v.kind == mjArray {
		v = mgJSON{kind: mjArray, arr: mgUnique(nil, v.arr)}
	}
	st.hasValue, st.value, st.emptied = true, v, false
	st.ids = []string{id}
}

// current is the value as a list: @@append and @@remove treat an inherited
// single value of an undocumented setting as a one-element list.
func (st *snode) current() []mgJSON {
	if !st.hasValue {
		return nil
	}
	if st.value.kind == mjArray {
		return st.value.arr
	}
	return []mgJSON{st.value}
}

func (st *snode) appendValues(items []mgJSON, id string) {
	cur := st.current()
	next := mgUnique(cur, items)
	if st.hasValue && st.value.kind == mjArray && len(next) == len(cur) {
		return
	}
	// Appending creates a setting that was not inherited, even with an
	// empty list: Security Hub's own example appends [] to make a required
	// list present.
	st.hasValue, st.value, st.emptied = true, mgJSON{kind: mjArray, arr: next}, false
	st.addID(id)
}

func (st *snode) removeValues(items []mgJSON, id string) {
	if !st.hasValue {
		return
	}
	drop := map[string]bool{}
	for _, x := range items {
		drop[x.identity()] = true
	}
	cur := st.current()
	kept := make([]mgJSON, 0, len(cur))
	for _, x := range cur {
		if !drop[x.identity()] {
			kept = append(kept, x)
		}
	}
	if len(kept) == len(cur) {
		return
	}
	st.value = mgJSON{kind: mjArray, arr: kept}
	st.emptied = len(kept) == 0
	st.addID(id)
}

func (st *snode) addID(id string) {
	for _, x := range st.ids {
		if x == id {
			return
		}
	}
	st.ids = append(st.ids, id)
}

// mgUnique appends the items not already present, keeping first occurrences
// (AMBIGUOUS-10: set semantics, order kept).
func mgUnique(base, items []mgJSON) []mgJSON {
	out := append(make([]mgJSON, 0, len(base)+len(items)), base...)
	seen := make(map[string]bool, len(out))
	for _, x := range out {
		seen[x.identity()] = true
	}
	for _, x := range items {
		if !seen[x.identity()] {
			seen[x.identity()] = true
			out = append(out, x)
		}
	}
	return out
}

// rnode is the rendered effective policy: operators gone, empty keys gone.
type rnode struct {
	key    string
	schema *mgSchema
	isVal  bool
	value  mgJSON
	ids    []string
	kids   []*rnode
}

// render drops what the output doesn't show: keys that hold only child
// controls, lists emptied by @@remove, and containers left with nothing.
func (st *snode) render() *rnode {
	if st.hasValue {
		if st.value.kind == mjArray && len(st.value.arr) == 0 && st.emptied {
			return nil
		}
		return &rnode{key: st.key, schema: st.schema, isVal: true, value: st.value, ids: st.ids}
	}
	r := &rnode{key: st.key, schema: st.schema}
	for _, k := range st.kids {
		if rk := k.render(); rk != nil {
			r.kids = append(r.kids, rk)
		} else {
			// A key that disappeared (a list emptied by @@remove) still has
			// authors: they contributed to whatever is now missing here.
			for _, id := range k.allIDs() {
				r.addHidden(id)
			}
		}
	}
	if len(r.kids) == 0 {
		return nil
	}
	return r
}

func (st *snode) allIDs() []string {
	out := append([]string{}, st.ids...)
	for _, k := range st.kids {
		out = append(out, k.allIDs()...)
	}
	return out
}

func (r *rnode) addHidden(id string) {
	for _, x := range r.ids {
		if x == id {
			return
		}
	}
	r.ids = append(r.ids, id)
}

func (r *rnode) write(b *strings.Builder) {
	if r.isVal {
		mgWriteValue(b, r.value)
		return
	}
	b.WriteByte('{')
	for i, k := range r.kids {
		if i > 0 {
			b.WriteByte(',')
		}
		mgWriteString(b, k.key)
		b.WriteByte(':')
		k.write(b)
	}
	b.WriteByte('}')
}

func (r *rnode) child(key string) *rnode {
	for _, k := range r.kids {
		if k.key == key {
			return k
		}
	}
	return nil
}

// contributors lists, in output order, the policies whose operators shaped
// this key or anything beneath it.
func (r *rnode) contributors() []string {
	var out []string
	seen := map[string]bool{}
	var walk func(*rnode)
	walk = func(n *rnode) {
		for _, id := range n.ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(r)
	return out
}
