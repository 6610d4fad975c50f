package policy

import (
	"fmt"
	"sort"
	"strings"
)

// Validation and the merge share one reading of a document: the walk below
// checks it against its type's schema and, when it is well formed, hands
// back the tree the merge consumes. A document the walk accepts can always
// be merged.

const (
	kwAssign   = "@@assign"
	kwAppend   = "@@append"
	kwRemove   = "@@remove"
	kwChildOps = "@@operators_allowed_for_child_policies"
)

// pnode is one object of a policy document: a container (children) or a
// setting (operators), and either may carry a child-control list.
type pnode struct {
	key    string // as written
	mkey   string // what the merge matches: lower case for case-insensitive maps
	schema *mgSchema

	setting    bool
	hasAssign  bool
	assign     mgJSON
	hasAppend  bool
	appendV    []mgJSON
	hasRemove  bool
	removeV    []mgJSON
	hasControl bool
	control    mgOp

	children []*pnode
}

// ValidateManagement checks a document of one of the 11 management policy
// types and returns an *Error naming the first problem, in document order.
func ValidateManagement(policyType, content string) error {
	t := mgTypes[policyType]
	if t == nil {
		return &Error{Message: fmt.Sprintf("%s is not a management policy type", mgQ(policyType))}
	}
	_, err := mgReadPolicy(policyType, t, content)
	return err
}

func mgReadPolicy(policyType string, t *mgType, content string) (*pnode, error) {
	v, err := mgParseJSON(content)
	if err != nil {
		return nil, err
	}
	if v.kind != mjObject {
		return nil, &Error{Message: fmt.Sprintf("the policy document is %s: write a JSON object with the single top-level key %q", v.kind, t.top)}
	}
	if len(v.obj) == 0 {
		return nil, &Error{Message: fmt.Sprintf("the policy document is an empty object: a %s starts with the top-level key %q", policyType, t.top)}
	}
	var top *mgField
	for i := range v.obj {
		f := &v.obj[i]
		if f.key != t.top {
			return nil, &Error{Location: f.key, Message: fmt.Sprintf("%s can't be a top-level key: a %s has the single top-level key %q and everything else goes under it", mgQ(f.key), policyType, t.top)}
		}
		top = f
	}
	w := mgWalker{t: t}
	doc, err := w.node(top.val, t.schema, []string{t.top}, t.top, t.top)
	if err != nil {
		return nil, err
	}
	if t.post != nil {
		if err := t.post(doc); err != nil {
			return nil, err
		}
	}
	return doc, nil
}

type mgWalker struct{ t *mgType }

func (w *mgWalker) node(v mgJSON, s *mgSchema, path []string, key, mkey string) (*pnode, error) {
	n := &pnode{key: key, mkey: mkey, schema: s}
	if v.kind != mjObject {
		if s.shape == shScalar || s.shape == shList || s.shape == shAny {
			return nil, &Error{Location: mgDots(path), Message: fmt.Sprintf("%s is %s: a setting is an object holding an inheritance operator, for example {\"@@assign\": %s}", mgQ(key), v.kind, mgExample(s))}
		}
		return nil, &Error{Location: mgDots(path), Message: fmt.Sprintf("%s is %s: write an object of its keys", mgQ(key), v.kind)}
	}
	n.setting = s.shape == shScalar || s.shape == shList
	if s.shape == shAny {
		// An undocumented key is a setting when it uses a value operator.
		for _, f := range v.obj {
			if f.key == kwAssign || f.key == kwAppend || f.key == kwRemove {
				n.setting = true
			}
		}
	}
	folded := map[string]string{}
	for _, f := range v.obj {
		fp := append(path[:len(path):len(path)], f.key)
		if strings.HasPrefix(f.key, "@@") {
			if err := w.operator(n, f, fp); err != nil {
				return nil, err
			}
			continue
		}
		if n.setting {
			return nil, &Error{Location: mgDots(fp), Message: fmt.Sprintf("%s sits in a setting: a setting holds only inheritance operators (@@assign, @@append, @@remove, @@operators_allowed_for_child_policies)", mgQ(f.key))}
		}
		child, childKey, err := w.childSchema(s, f.key, fp)
		if err != nil {
			return nil, err
		}
		if prev, dup := folded[childKey]; dup {
			return nil, &Error{Location: mgDots(fp), Message: fmt.Sprintf("%s and %s name the same key (these keys are not case-sensitive): keep one of them", mgQ(prev), mgQ(f.key))}
		}
		folded[childKey] = f.key
		c, err := w.node(f.val, child, fp, f.key, childKey)
		if err != nil {
			return nil, err
		}
		n.children = append(n.children, c)
	}
	return n, nil
}

// childSchema finds the schema of a key under a container or map, and the
// key the merge matches it by.
func (w *mgWalker) childSchema(s *mgSchema, key string, path []string) (*mgSchema, string, error) {
	switch s.shape {
	case shMap:
		if s.keyCheck != nil {
			if msg := s.keyCheck(key); msg != "" {
				return nil, "", &Error{Location: mgDots(path), Message: msg}
			}
		}
		if s.fold {
			return s.elem, strings.ToLower(key), nil
		}
		return s.elem, key, nil
	case shContainer:
		if c := s.fields[key]; c != nil {
			return c, key, nil
		}
		if s.open {
			return anySchema, key, nil
		}
		names := make([]string, 0, len(s.fields))
		for k := range s.fields {
			names = append(names, k)
		}
		sort.Strings(names)
		return nil, "", &Error{Location: mgDots(path), Message: fmt.Sprintf("%s is not a key of %s: use %s (keys are case-sensitive)", mgQ(key), mgQ(path[len(path)-2]), mgQuoteAll(names))}
	}
	return anySchema, key, nil
}

func (w *mgWalker) operator(n *pnode, f mgField, path []string) error {
	switch f.key {
	case kwChildOps:
		ops, err := w.control(f.val, path)
		if err != nil {
			return err
		}
		n.hasControl, n.control = true, ops
		return nil
	case kwAssign, kwAppend, kwRemove:
	case "@@enforced_for":
		return &Error{Location: mgDots(path), Message: "@@enforced_for is not an operator: in a tag policy, write \"enforced_for\": {\"@@assign\": [\"service:resourceType\"]} under the tag's policy key"}
	default:
		return &Error{Location: mgDots(path), Message: fmt.Sprintf("%s is not an inheritance operator: use @@assign, @@append, @@remove or @@operators_allowed_for_child_policies", mgQ(f.key))}
	}
	if !n.setting {
		return &Error{Location: mgDots(path), Message: fmt.Sprintf("%s sets a value, but %s holds keys rather than a value: put the operator on one of its settings", f.key, mgQ(n.key))}
	}
	s := n.schema
	if f.key != kwAssign && s.ops&opMask(f.key) == 0 {
		return &Error{Location: mgDots(path), Message: fmt.Sprintf("%s holds a single value, so only @@assign applies to it: @@append and @@remove work on lists", mgQ(n.key))}
	}
	switch f.key {
	case kwAssign:
		if err := w.assignValue(n, f.val, path); err != nil {
			return err
		}
		n.hasAssign, n.assign = true, f.val
	case kwAppend, kwRemove:
		items, err := w.listValue(n, f.key, f.val, path)
		if err != nil {
			return err
		}
		if f.key == kwAppend {
			n.hasAppend, n.appendV = true, items
		} else {
			n.hasRemove, n.removeV = true, items
		}
	}
	return nil
}

func opMask(op string) mgOp {
	switch op {
	case kwAssign:
		return opAssign
	case kwAppend:
		return opAppend
	case kwRemove:
		return opRemove
	}
	return opNone
}

func (w *mgWalker) assignValue(n *pnode, v mgJSON, path []string) error {
	s := n.schema
	switch {
	case s.shape == shScalar || (s.shape == shAny && v.kind != mjArray):
		if !v.isScalar() {
			return &Error{Location: mgDots(path), Message: fmt.Sprintf("%s takes a single value, not %s: write {\"@@assign\": %s}", mgQ(n.key), v.kind, mgExample(s))}
		}
		if s.item != nil {
			if msg := s.item(v); msg != "" {
				return &Error{Location: mgDots(path), Message: msg}
			}
		}
		return nil
	default:
		if v.kind != mjArray {
			return &Error{Location: mgDots(path), Message: fmt.Sprintf("%s is a list: write {\"@@assign\": [%s]} even for one value", mgQ(n.key), mgExampleItem(s))}
		}
		_, err := w.items(n, v, path)
		return err
	}
}

func (w *mgWalker) listValue(n *pnode, op string, v mgJSON, path []string) ([]mgJSON, error) {
	if v.kind != mjArray {
		return nil, &Error{Location: mgDots(path), Message: fmt.Sprintf("%s takes a list of values: write {%q: [%s]}", op, op, mgExampleItem(n.schema))}
	}
	return w.items(n, v, path)
}

func (w *mgWalker) items(n *pnode, v mgJSON, path []string) ([]mgJSON, error) {
	for i, item := range v.arr {
		ip := mgIndex(path, i)
		if !item.isScalar() {
			return nil, &Error{Location: mgDots(ip), Message: fmt.Sprintf("a list item is %s: list items are strings", item.kind)}
		}
		if n.schema.item != nil {
			if msg := n.schema.item(item); msg != "" {
				return nil, &Error{Location: mgDots(ip), Message: msg}
			}
		}
	}
	return v.arr, nil
}

func (w *mgWalker) control(v mgJSON, path []string) (mgOp, error) {
	const usage = `write ["@@all"], ["@@none"] or a list of @@assign, @@append and @@remove`
	if v.kind != mjArray || len(v.arr) == 0 {
		return 0, &Error{Location: mgDots(path), Message: "@@operators_allowed_for_child_policies takes a non-empty list: " + usage}
	}
	var ops mgOp
	seen := map[string]bool{}
	for i, item := range v.arr {
		ip := mgDots(mgIndex(path, i))
		if item.kind != mjString {
			return 0, &Error{Location: ip, Message: fmt.Sprintf("a child-control entry is %s: %s", item.kind, usage)}
		}
		if seen[item.s] {
			return 0, &Error{Location: ip, Message: fmt.Sprintf("%s is listed twice: list each operator once", mgQ(item.s))}
		}
		seen[item.s] = true
		switch item.s {
		case "@@all":
			ops |= opAll & w.t.childOps
		case "@@none":
			if len(v.arr) != 1 {
				return 0, &Error{Location: ip, Message: "@@none can't be combined with other operators: it allows none of them"}
			}
		case kwAssign, kwAppend, kwRemove:
			if w.t.childOps&opMask(item.s) == 0 {
				return 0, &Error{Location: ip, Message: fmt.Sprintf("%s can't be allowed for child policies of this type: child policies may use only %s, so allow @@assign or @@none", item.s, w.t.childOps)}
			}
			ops |= opMask(item.s)
		default:
			return 0, &Error{Location: ip, Message: fmt.Sprintf("%s is not an operator child policies can be allowed: %s", mgQ(item.s), usage)}
		}
	}
	return ops, nil
}

// mgExample shows a value of the setting's kind for error messages.
func mgExample(s *mgSchema) string {
	if s.shape == shList {
		return "[" + mgExampleItem(s) + "]"
	}
	return mgExampleItem(s)
}

func mgExampleItem(s *mgSchema) string {
	if s.item != nil {
		// An enum's message lists its values; the first one is a fine example.
		if msg := s.item(mgJSON{kind: mjNull}); strings.Contains(msg, "use one of ") {
			first := strings.SplitN(strings.SplitN(msg, "use one of ", 2)[1], ",", 2)[0]
			return strings.TrimSuffix(first, " (case-sensitive)")
		}
	}
	return `"value"`
}
