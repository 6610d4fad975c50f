package stsapi

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// form is a request's parameters, each with its values in request order.
// As AWS does, the first value of a repeated parameter is the one that
// counts, and parameters the operation does not know are ignored.
type form url.Values

// get returns the first value of name and whether the request had it.
func (f form) get(name string) (string, bool) {
	v := f[name]
	if len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// ptr returns the first value of name, or nil when the request lacks it.
func (f form) ptr(name string) *string {
	if v, ok := f.get(name); ok {
		return &v
	}
	return nil
}

// elements collects the list NAME in the Query protocol's encoding:
// NAME.member.N for a list of strings (field ""), NAME.member.N.FIELD for a
// list of structures. N counts from 1; elements come back ordered by N, and
// an index written other than as a canonical positive decimal (0, 01, +1)
// is an unknown parameter. present reports whether the request named the
// list at all: "NAME=" with no elements is how SDKs send an empty list.
func (f form) elements(name string, fields ...string) (elems []map[string]*string, present bool) {
	_, present = f[name]
	prefix := name + ".member."
	byIndex := map[int]map[string]*string{}
	for key, values := range f {
		rest, ok := strings.CutPrefix(key, prefix)
		if !ok || len(values) == 0 {
			continue
		}
		idx, field, _ := strings.Cut(rest, ".")
		if !slices.Contains(fields, field) {
			continue
		}
		n, err := strconv.Atoi(idx)
		if err != nil || n < 1 || strconv.Itoa(n) != idx {
			continue
		}
		e := byIndex[n]
		if e == nil {
			e = map[string]*string{}
			byIndex[n] = e
		}
		v := values[0]
		e[field] = &v
	}
	if len(byIndex) == 0 {
		return nil, present
	}
	idxs := make([]int, 0, len(byIndex))
	for n := range byIndex {
		idxs = append(idxs, n)
	}
	slices.Sort(idxs)
	elems = make([]map[string]*string, len(idxs))
	for i, n := range idxs {
		elems[i] = byIndex[n]
	}
	return elems, true
}

// javaStruct renders a structure as the AWS SDK for Java renders model
// objects, {Key: k,Value: v}, leaving out members that are absent.
func javaStruct(e map[string]*string, fields ...string) string {
	var parts []string
	for _, f := range fields {
		if v := e[f]; v != nil {
			parts = append(parts, strings.ToUpper(f[:1])+f[1:]+": "+*v)
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// parseQuery decodes a form-encoded string. A malformed encoding, a
// semicolon separator or more than MaxParams parameters is an error: a
// request is answered as a whole or refused, never with some of its
// parameters silently dropped. Bytes that are not UTF-8 become U+FFFD, as
// AWS's decoder makes them, so that a Backend only ever sees UTF-8.
func parseQuery(s string) (url.Values, error) {
	if strings.Count(s, "&") >= MaxParams {
		return nil, errTooManyParams
	}
	v, err := url.ParseQuery(s)
	if err != nil {
		return nil, err
	}
	for k, vs := range v {
		for i, x := range vs {
			if !utf8.ValidString(x) {
				vs[i] = strings.ToValidUTF8(x, "\uFFFD")
			}
		}
		if !utf8.ValidString(k) {
			delete(v, k)
			fixed := strings.ToValidUTF8(k, "\uFFFD")
			v[fixed] = append(v[fixed], vs...)
		}
	}
	return v, nil
}

type constError string

func (e constError) Error() string { return string(e) }

const errTooManyParams = constError("too many parameters")
