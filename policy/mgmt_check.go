package policy

import (
	"fmt"
	"strconv"
	"strings"
)

// Checks on a rendered effective policy (spec 5.4). Each policy of the
// chain was valid on its own; what only the merge can break is what the
// whole must hold: required keys, element counts, and rules across fields.

// The error codes of EffectiveValidationError. AWS documents only
// ELEMENTS_TOO_MANY; ELEMENTS_TOO_FEW and KEY_REQUIRED match what public
// captures of AWS's responses show; the other two are Canopy's own.
const (
	EffectiveElementsTooMany = "ELEMENTS_TOO_MANY"
	EffectiveElementsTooFew  = "ELEMENTS_TOO_FEW"
	EffectiveKeyRequired     = "KEY_REQUIRED"
	// EffectiveInvalidValue: values that conflict with each other, such as
	// a backup deleted before its 90 days in cold storage end.
	EffectiveInvalidValue = "INVALID_VALUE"
	// EffectiveInvalidPolicy: an attached policy that Canopy can no longer
	// read (stored before a stricter validator); it is left out of the merge.
	EffectiveInvalidPolicy = "INVALID_POLICY_DOCUMENT"
)

type mgChecker struct {
	errs []EffectiveValidationError
	// merged lists every policy that took part in the merge, for a key
	// missing from a part of the policy nobody wrote anything in.
	merged []string
}

func (c *mgChecker) add(code, msg string, path []string, at *rnode) {
	ids := at.contributors()
	if len(ids) == 0 {
		ids = append([]string{}, c.merged...)
	}
	c.errs = append(c.errs, EffectiveValidationError{
		ErrorCode: code, ErrorMessage: msg, PathToError: strings.Join(path, "/"), ContributingPolicies: ids,
	})
}

func (c *mgChecker) walk(r *rnode, path []string) {
	s := r.schema
	if s == nil {
		return
	}
	name := path[len(path)-1]
	for _, req := range s.required {
		if !r.isVal && r.child(req) == nil {
			c.add(EffectiveKeyRequired, fmt.Sprintf("'%s' is missing", req), path, r)
		}
	}
	count := len(r.kids)
	if r.isVal {
		count = 1
		if r.value.kind == mjArray {
			count = len(r.value.arr)
		}
	}
	if count < s.minItems {
		c.add(EffectiveElementsTooFew, fmt.Sprintf("'%s' is less than the allowed minimum limit %d", name, s.minItems), path, r)
	}
	if s.maxItems > 0 && count > s.maxItems {
		c.add(EffectiveElementsTooMany, fmt.Sprintf("'%s' exceeds the allowed maximum limit %d", name, s.maxItems), path, r)
	}
	if r.child("move_to_cold_storage_after_days") != nil {
		c.coldStorage(r, path)
	}
	for _, k := range r.kids {
		c.walk(k, append(path[:len(path):len(path)], k.key))
	}
}

// coldStorage: "If you transition a backup to cold storage, it must stay
// there a minimum of 90 days" (backup policy syntax, lifecycle).
func (c *mgChecker) coldStorage(lifecycle *rnode, path []string) {
	cold, del := lifecycle.child("move_to_cold_storage_after_days"), lifecycle.child("delete_after_days")
	if cold == nil || del == nil || !cold.isVal || !del.isVal {
		return
	}
	cd, err1 := strconv.Atoi(cold.value.s)
	dd, err2 := strconv.Atoi(del.value.s)
	if err1 != nil || err2 != nil || dd >= cd+90 {
		return
	}
	c.add(EffectiveInvalidValue, fmt.Sprintf("'delete_after_days' (%d) must be at least 90 days more than 'move_to_cold_storage_after_days' (%d)", dd, cd),
		append(path[:len(path):len(path)], "delete_after_days"), lifecycle)
}
