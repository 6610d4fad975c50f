package engine

import (
	"context"
	"errors"
	"strings"

	"canopy/internal/ids"
	"canopy/org"
	"canopy/store"
)

// parent is a root or OU, as a container of accounts and OUs.
type parent struct {
	ID    string
	Type  string // org.TypeRoot or org.TypeOU
	Path  string // the container's path, ending in "/"
	Depth int    // 0 for the root
	Root  *org.Root
	OU    *org.OrganizationalUnit
}

// findParent returns the root or OU with id in the caller's organization,
// or nil when there is none.
func findParent(tx store.Tx, s *session, id string) (*parent, error) {
	switch {
	case strings.HasPrefix(id, "r-"):
		r, err := tx.GetRoot(id)
		if notFound(err) || (err == nil && r.OrgID != s.org.ID) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		return &parent{ID: r.ID, Type: org.TypeRoot, Path: s.org.ID + "/" + r.ID + "/", Root: r}, nil
	case strings.HasPrefix(id, "ou-"):
		ou, err := tx.GetOU(id)
		if notFound(err) || (err == nil && ou.OrgID != s.org.ID) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		return &parent{ID: ou.ID, Type: org.TypeOU, Path: ou.Path, Depth: ou.Depth, OU: ou}, nil
	}
	return nil, nil
}

var errParentNotFound = org.Errorf(org.ErrParentNotFound, "We can't find a root or OU with the ParentId that you specified.")

// mustParent is findParent that answers ParentNotFoundException.
func mustParent(tx store.Tx, s *session, id string) (*parent, error) {
	p, err := findParent(tx, s, id)
	if err == nil && p == nil {
		err = errParentNotFound
	}
	return p, err
}

func errOUNotFound() error {
	return org.Errorf(org.ErrOrganizationalUnitNotFound, "We can't find an organizational unit (OU) with the OrganizationalUnitId that you specified.")
}

// ouOf returns an OU of the caller's organization.
func ouOf(tx store.Tx, s *session, id string) (*org.OrganizationalUnit, error) {
	ou, err := tx.GetOU(id)
	if notFound(err) || (err == nil && ou.OrgID != s.org.ID) {
		return nil, errOUNotFound()
	}
	return ou, err
}

func renderOU(s *session, ou org.OrganizationalUnit) org.OrganizationalUnit {
	ou.Arn = s.arns.OU(ou.ID)
	return ou
}

var errDuplicateOU = org.Errorf(org.ErrDuplicateOrganizationalUnit, "An OU with the same name already exists.")

// CreateOrganizationalUnit makes an OU under a root or OU.
func (e *Engine) CreateOrganizationalUnit(ctx context.Context, in *org.CreateOrganizationalUnitInput) (*org.OrganizationalUnitOutput, error) {
	var out org.OrganizationalUnit
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		p, err := mustParent(tx, s, in.ParentID)
		if err != nil {
			return err
		}
		if p.Depth+1 > e.q.MaxOUDepth {
			return org.Constraint(org.ReasonOUDepthLimitExceeded, "You attempted to create an OU tree that is too many levels deep.")
		}
		n, err := tx.CountOUs(s.org.ID)
		if err != nil {
			return err
		}
		if n >= e.q.MaxOUs {
			return org.Constraint(org.ReasonOUNumberLimitExceeded, "You attempted to exceed the number of OUs that you can have in an organization.")
		}
		tags, err := e.checkNewTags(in.Tags)
		if err != nil {
			return err
		}
		root, err := rootOfOrg(tx, s.org.ID)
		if err != nil {
			return err
		}
		id := ids.OrganizationalUnit(root.ID)
		ou := &org.OrganizationalUnit{ID: id, Name: in.Name, Path: p.Path + id + "/", OrgID: s.org.ID, ParentID: p.ID, Depth: p.Depth + 1}
		if err := tx.PutOU(ou); errors.Is(err, store.ErrConflict) {
			return errDuplicateOU
		} else if err != nil {
			return err
		}
		if err := tx.SetTags(s.org.ID, id, tags); err != nil {
			return err
		}
		if err := e.attachDefaults(tx, s.org.ID, root, id, org.TypeOU); err != nil {
			return err
		}
		out = renderOU(s, *ou)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.OrganizationalUnitOutput{OrganizationalUnit: &out}, nil
}

// DescribeOrganizationalUnit returns an OU.
func (e *Engine) DescribeOrganizationalUnit(ctx context.Context, in *org.OrganizationalUnitInput) (*org.OrganizationalUnitOutput, error) {
	var out org.OrganizationalUnit
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		ou, err := ouOf(tx, s, in.OrganizationalUnitID)
		if err != nil {
			return err
		}
		out = renderOU(s, *ou)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.OrganizationalUnitOutput{OrganizationalUnit: &out}, nil
}

// UpdateOrganizationalUnit renames an OU.
func (e *Engine) UpdateOrganizationalUnit(ctx context.Context, in *org.UpdateOrganizationalUnitInput) (*org.OrganizationalUnitOutput, error) {
	var out org.OrganizationalUnit
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		ou, err := ouOf(tx, s, in.OrganizationalUnitID)
		if err != nil {
			return err
		}
		if in.Name != nil && *in.Name != ou.Name {
			ou.Name = *in.Name
			if err := tx.PutOU(ou); errors.Is(err, store.ErrConflict) {
				return errDuplicateOU
			} else if err != nil {
				return err
			}
		}
		out = renderOU(s, *ou)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.OrganizationalUnitOutput{OrganizationalUnit: &out}, nil
}

// DeleteOrganizationalUnit deletes an OU that holds no accounts and no OUs.
func (e *Engine) DeleteOrganizationalUnit(ctx context.Context, in *org.OrganizationalUnitInput) (*org.Empty, error) {
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		ou, err := ouOf(tx, s, in.OrganizationalUnitID)
		if err != nil {
			return err
		}
		accts, err := tx.ListAccountsForParent(ou.ID, store.Page{Limit: 1})
		if err != nil {
			return err
		}
		ous, err := tx.ListOUsForParent(ou.ID, store.Page{Limit: 1})
		if err != nil {
			return err
		}
		if len(accts)+len(ous) > 0 {
			return org.Errorf(org.ErrOrganizationalUnitNotEmpty, "The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.")
		}
		if err := tx.DeleteAttachmentsForTarget(ou.ID); err != nil {
			return err
		}
		if err := tx.SetTags(s.org.ID, ou.ID, nil); err != nil {
			return err
		}
		return tx.DeleteOU(ou.ID)
	})
	return &org.Empty{}, err
}

// ListOrganizationalUnitsForParent lists the OUs directly under a parent.
func (e *Engine) ListOrganizationalUnitsForParent(ctx context.Context, in *org.ListOrganizationalUnitsForParentInput) (*org.ListOrganizationalUnitsForParentOutput, error) {
	out := &org.ListOrganizationalUnitsForParentOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		p, err := mustParent(tx, s, in.ParentID)
		if err != nil {
			return err
		}
		ous, next, err := paginate(e, "ListOrganizationalUnitsForParent", s.org.ID, p.ID, in.Paging,
			func(o org.OrganizationalUnit) string { return o.ID },
			func(after string, limit int) ([]org.OrganizationalUnit, error) {
				return tx.ListOUsForParent(p.ID, store.Page{After: after, Limit: limit})
			})
		if err != nil {
			return err
		}
		out.OrganizationalUnits = make([]org.OrganizationalUnit, 0, len(ous))
		for _, ou := range ous {
			out.OrganizationalUnits = append(out.OrganizationalUnits, renderOU(s, ou))
		}
		out.NextToken = next
		return nil
	})
	return out, err
}

// ListChildren lists the accounts or the OUs directly under a parent.
func (e *Engine) ListChildren(ctx context.Context, in *org.ListChildrenInput) (*org.ListChildrenOutput, error) {
	out := &org.ListChildrenOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		p, err := mustParent(tx, s, in.ParentID)
		if err != nil {
			return err
		}
		list := func(after string, limit int) ([]org.Child, error) {
			var cs []org.Child
			if in.ChildType == org.TypeAccount {
				as, err := tx.ListAccountsForParent(p.ID, store.Page{After: after, Limit: limit})
				for _, a := range as {
					cs = append(cs, org.Child{ID: a.ID, Type: org.TypeAccount})
				}
				return cs, err
			}
			ous, err := tx.ListOUsForParent(p.ID, store.Page{After: after, Limit: limit})
			for _, ou := range ous {
				cs = append(cs, org.Child{ID: ou.ID, Type: org.TypeOU})
			}
			return cs, err
		}
		out.Children, out.NextToken, err = paginate(e, "ListChildren", s.org.ID, p.ID+"/"+in.ChildType, in.Paging,
			func(c org.Child) string { return c.ID }, list)
		return err
	})
	return out, err
}

// ListParents lists the parent of an account or OU (there is one).
func (e *Engine) ListParents(ctx context.Context, in *org.ListParentsInput) (*org.ListParentsOutput, error) {
	out := &org.ListParentsOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		errChild := org.Errorf(org.ErrChildNotFound, "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.")
		var parentID string
		if strings.HasPrefix(in.ChildID, "ou-") {
			ou, err := tx.GetOU(in.ChildID)
			if notFound(err) || (err == nil && ou.OrgID != s.org.ID) {
				return errChild
			} else if err != nil {
				return err
			}
			parentID = ou.ParentID
		} else {
			a, err := tx.GetAccount(in.ChildID)
			if notFound(err) || (err == nil && a.OrgID != s.org.ID) {
				return errChild
			} else if err != nil {
				return err
			}
			parentID = a.ParentID
		}
		t := org.TypeOU
		if strings.HasPrefix(parentID, "r-") {
			t = "ROOT"
		}
		var err error
		out.Parents, out.NextToken, err = paginate(e, "ListParents", s.org.ID, in.ChildID, in.Paging,
			func(p org.Parent) string { return p.ID }, pageOf([]org.Parent{{ID: parentID, Type: t}}, func(p org.Parent) string { return p.ID }))
		return err
	})
	return out, err
}
