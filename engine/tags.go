package engine

import (
	"context"
	"slices"
	"strings"

	"canopy/org"
	"canopy/store"
)

// checkNewTags checks the tags given when a resource is made and returns
// them sorted by key.
func (e *Engine) checkNewTags(tags []org.Tag) ([]org.Tag, error) {
	merged, err := e.mergeTags(nil, tags)
	if err != nil {
		return nil, err
	}
	return merged, nil
}

// mergeTags applies new tags over existing ones (a key given again takes the
// new value), enforcing AWS's rules: unique keys in one request, no system
// (aws:) keys, and the per-resource limit.
func (e *Engine) mergeTags(existing, add []org.Tag) ([]org.Tag, error) {
	seen := make(map[string]bool, len(add))
	for _, t := range add {
		if seen[t.Key] {
			return nil, org.InvalidInput(org.ReasonDuplicateTagKey, "Tag keys must be unique among the tags attached to the same entity.")
		}
		seen[t.Key] = true
		if strings.HasPrefix(strings.ToLower(t.Key), "aws:") {
			return nil, org.InvalidInput(org.ReasonInvalidSystemTags, "You specified a tag key that is a system tag. You can't add, edit, or delete system tag keys because they're reserved for AWS use.")
		}
	}
	out := slices.DeleteFunc(slices.Clone(existing), func(t org.Tag) bool { return seen[t.Key] })
	out = append(out, add...)
	if len(out) > e.q.MaxTagsPerResource {
		return nil, org.Constraint(org.ReasonMaxTagLimitExceeded, "You have exceeded the maximum number of tags (%d) allowed on this resource.", e.q.MaxTagsPerResource)
	}
	slices.SortFunc(out, func(a, b org.Tag) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// tagged is a resource that can be tagged: the key its tags are kept
// under and its ARN for the caller.
type tagged struct {
	key, arn string
}

// taggable resolves a resource ID that names a root, OU, account or
// customer policy of the caller's organization, the organization's resource
// policy, or a responsibility transfer it is a side of (only its management
// account handles transfers).
func (e *Engine) taggable(tx store.Tx, s *session, id string) (*tagged, error) {
	switch {
	case strings.HasPrefix(id, "p-"):
		p, err := policyOf(tx, s, id)
		if err != nil {
			if org.ErrorCode(err) == org.ErrPolicyNotFound {
				return nil, errTargetNotFound
			}
			return nil, err
		}
		if p.PolicySummary.AwsManaged {
			return nil, org.InvalidInput(org.ReasonTargetNotSupported, "You can't tag a policy that is managed by AWS.")
		}
		return &tagged{key: id, arn: s.arns.Policy(id, p.PolicySummary.Type, false)}, nil
	case strings.HasPrefix(id, "rp-"):
		rp, err := tx.GetResourcePolicy(s.org.ID)
		if notFound(err) || err == nil && rp.ResourcePolicySummary.ID != id {
			return nil, errTargetNotFound
		} else if err != nil {
			return nil, err
		}
		return &tagged{key: id, arn: s.arns.ResourcePolicy(id)}, nil
	case strings.HasPrefix(id, "rt-"):
		if !s.isManagement() {
			return nil, errAccessDenied
		}
		t, err := e.transferFor(tx, s, id)
		if org.ErrorCode(err) == org.ErrResponsibilityTransferNotFound {
			return nil, errTargetNotFound
		} else if err != nil {
			return nil, err
		}
		side := transferSide(t, s.org.ID)
		return &tagged{key: transferTagKey(id, side), arn: s.arns.Transfer(id, t.Type, side)}, nil
	}
	t, err := targetOf(tx, s, id)
	if err != nil {
		return nil, err
	}
	return &tagged{key: id, arn: targetArn(s, t)}, nil
}

// TagResource adds tags to a root, OU, account or policy, or changes them.
func (e *Engine) TagResource(ctx context.Context, in *org.TagResourceInput) (*org.Empty, error) {
	err := e.write(ctx, delegable, func(tx store.Tx, s *session) error {
		r, err := e.taggable(tx, s, in.ResourceID)
		if err != nil {
			return err
		}
		if err := e.authorize(tx, s, "TagResource", contextKeys{}.withRequestTags(in.Tags), resourceRef{arn: r.arn, tagKey: r.key}); err != nil {
			return err
		}
		have, err := tx.ListTags(r.key)
		if err != nil {
			return err
		}
		tags, err := e.mergeTags(have, in.Tags)
		if err != nil {
			return err
		}
		return tx.SetTags(s.org.ID, r.key, tags)
	})
	return &org.Empty{}, err
}

// UntagResource removes tags by key; keys the resource lacks are ignored.
func (e *Engine) UntagResource(ctx context.Context, in *org.UntagResourceInput) (*org.Empty, error) {
	err := e.write(ctx, delegable, func(tx store.Tx, s *session) error {
		r, err := e.taggable(tx, s, in.ResourceID)
		if err != nil {
			return err
		}
		if err := e.authorize(tx, s, "UntagResource", contextKeys{}.withTagKeys(in.TagKeys), resourceRef{arn: r.arn, tagKey: r.key}); err != nil {
			return err
		}
		for _, k := range in.TagKeys {
			if strings.HasPrefix(strings.ToLower(k), "aws:") {
				return org.InvalidInput(org.ReasonInvalidSystemTags, "You specified a tag key that is a system tag. You can't add, edit, or delete system tag keys because they're reserved for AWS use.")
			}
		}
		have, err := tx.ListTags(r.key)
		if err != nil {
			return err
		}
		left := slices.DeleteFunc(have, func(t org.Tag) bool { return slices.Contains(in.TagKeys, t.Key) })
		return tx.SetTags(s.org.ID, r.key, left)
	})
	return &org.Empty{}, err
}

// ListTagsForResource lists a resource's tags.
func (e *Engine) ListTagsForResource(ctx context.Context, in *org.ListTagsForResourceInput) (*org.ListTagsForResourceOutput, error) {
	out := &org.ListTagsForResourceOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		r, err := e.taggable(tx, s, in.ResourceID)
		if err != nil {
			return err
		}
		tags, err := tx.ListTags(r.key)
		if err != nil {
			return err
		}
		key := func(t org.Tag) string { return t.Key }
		// The model gives this operation no MaxResults; pages hold the
		// default page size.
		out.Tags, out.NextToken, err = paginate(e, "ListTagsForResource", s.org.ID, in.ResourceID,
			org.Paging{NextToken: in.NextToken}, key, pageOf(tags, key))
		return err
	})
	return out, err
}
