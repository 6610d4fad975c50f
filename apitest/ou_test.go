package apitest

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"canopy/engine"
)

// orgouOUIDs lists, through the SDK paginator with the given page size, the
// OUs directly under parent, failing on a page larger than asked.
func orgouOUIDs(t *testing.T, c *organizations.Client, parent string, pageSize int32) []string {
	t.Helper()
	p := organizations.NewListOrganizationalUnitsForParentPaginator(c,
		&organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parent)},
		func(o *organizations.ListOrganizationalUnitsForParentPaginatorOptions) { o.Limit = pageSize })
	var ids []string
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		noErr(t, err)
		if len(out.OrganizationalUnits) > int(pageSize) {
			t.Fatalf("got a page of %d, want at most %d", len(out.OrganizationalUnits), pageSize)
		}
		for _, ou := range out.OrganizationalUnits {
			ids = append(ids, *ou.Id)
		}
	}
	return ids
}

// orgouChildIDs lists, through the SDK paginator, the children of one type
// directly under parent.
func orgouChildIDs(t *testing.T, c *organizations.Client, parent string, ct types.ChildType, pageSize int32) []string {
	t.Helper()
	p := organizations.NewListChildrenPaginator(c,
		&organizations.ListChildrenInput{ParentId: aws.String(parent), ChildType: ct},
		func(o *organizations.ListChildrenPaginatorOptions) { o.Limit = pageSize })
	var ids []string
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		noErr(t, err)
		if len(out.Children) > int(pageSize) {
			t.Fatalf("got a page of %d, want at most %d", len(out.Children), pageSize)
		}
		for _, c := range out.Children {
			if c.Type != ct {
				t.Errorf("child %s: got type %s, want %s", *c.Id, c.Type, ct)
			}
			ids = append(ids, *c.Id)
		}
	}
	return ids
}

// orgouExactlyOnce reports the items of want missing from got, and those
// got holds more than once or that want does not hold.
func orgouExactlyOnce(t *testing.T, got, want []string) {
	t.Helper()
	seen := map[string]int{}
	for _, id := range got {
		seen[id]++
	}
	for _, id := range want {
		if seen[id] != 1 {
			t.Errorf("%s: got it %d times, want once", id, seen[id])
		}
		delete(seen, id)
	}
	for id, n := range seen {
		t.Errorf("%s: got it %d times, want none", id, n)
	}
}

func TestOUCreate(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	orgID := *o.org.Id
	rootSuffix := strings.TrimPrefix(o.rootID, "r-")

	out, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{
		ParentId: aws.String(o.rootID), Name: aws.String("Prod"),
		Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}, {Key: aws.String("cost"), Value: aws.String("")}},
	})
	noErr(t, err)
	ou := out.OrganizationalUnit
	id := aws.ToString(ou.Id)
	child, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(id), Name: aws.String("Team")})
	noErr(t, err)
	cid := aws.ToString(child.OrganizationalUnit.Id)

	checks := []struct{ field, got, want string }{
		{"Name", aws.ToString(ou.Name), "Prod"},
		{"Arn", aws.ToString(ou.Arn), "arn:aws:organizations::" + mgmtID + ":ou/" + orgID + "/" + id},
		{"Path", aws.ToString(ou.Path), orgID + "/" + o.rootID + "/" + id + "/"},
		{"Child.Path", aws.ToString(child.OrganizationalUnit.Path), orgID + "/" + o.rootID + "/" + id + "/" + cid + "/"},
		{"Child.Arn", aws.ToString(child.OrganizationalUnit.Arn), "arn:aws:organizations::" + mgmtID + ":ou/" + orgID + "/" + cid},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s: got %v, want %v", ck.field, ck.got, ck.want)
		}
	}
	for _, x := range []string{id, cid} {
		// AWS forms OU IDs as "ou-" + the root's suffix + "-" + 8 or more characters.
		if !orgouOUIDRE.MatchString(x) || !strings.HasPrefix(x, "ou-"+rootSuffix+"-") {
			t.Errorf("Id: got %q, want ou-%s-… matching %s", x, rootSuffix, orgouOUIDRE)
		}
	}

	t.Run("Describe", func(t *testing.T) {
		d, err := o.c.DescribeOrganizationalUnit(ctx(t), &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(cid)})
		noErr(t, err)
		g, w := d.OrganizationalUnit, child.OrganizationalUnit
		if aws.ToString(g.Id) != cid || aws.ToString(g.Name) != "Team" || aws.ToString(g.Arn) != aws.ToString(w.Arn) || aws.ToString(g.Path) != aws.ToString(w.Path) {
			t.Errorf("got %+v, want %+v", g, w)
		}
	})
	t.Run("Tags", func(t *testing.T) {
		tags, err := o.c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
		noErr(t, err)
		var got []string
		for _, tg := range tags.Tags {
			got = append(got, *tg.Key+"="+*tg.Value)
		}
		sort.Strings(got)
		if want := []string{"cost=", "env=prod"}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("ListParents", func(t *testing.T) {
		for _, tt := range []struct {
			child, parent string
			typ           types.ParentType
		}{
			{id, o.rootID, types.ParentTypeRoot},
			{cid, id, types.ParentTypeOrganizationalUnit},
			{mgmtID, o.rootID, types.ParentTypeRoot},
		} {
			ps, err := o.c.ListParents(ctx(t), &organizations.ListParentsInput{ChildId: aws.String(tt.child)})
			noErr(t, err)
			if len(ps.Parents) != 1 || aws.ToString(ps.Parents[0].Id) != tt.parent || ps.Parents[0].Type != tt.typ {
				t.Errorf("parents of %s: got %+v, want [%s %s]", tt.child, ps.Parents, tt.parent, tt.typ)
			}
			if ps.NextToken != nil {
				t.Errorf("parents of %s: got NextToken %v, want nil", tt.child, *ps.NextToken)
			}
		}
	})
}

func TestOUCreateDuplicateName(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	a := o.createOU(t, o.rootID, "A")
	b := o.createOU(t, o.rootID, "B")
	o.createOU(t, a, "Shared")

	tests := []struct {
		name, parent, ouName string
		wantErr              bool
	}{
		{"SameNameSameParentRoot", o.rootID, "A", true},
		{"SameNameSameParentOU", a, "Shared", true},
		{"SameNameOtherParent", b, "Shared", false},
		{"ParentNameUnderParent", a, "A", false},
		{"RootSiblingNameUnderOU", b, "B", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(tt.parent), Name: aws.String(tt.ouName)})
			if tt.wantErr {
				wantErr(t, err, "DuplicateOrganizationalUnitException", "")
			} else {
				noErr(t, err)
			}
		})
	}
	// The refused creations left nothing behind.
	if got := orgouOUIDs(t, o.c, o.rootID, 20); len(got) != 2 {
		t.Errorf("OUs under root: got %d, want 2", len(got))
	}
}

func TestOUCreateParentNotFound(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	other := orgouOtherOrg(t, e)
	otherOU := other.createOU(t, other.rootID, "Theirs")
	gone := o.createOU(t, o.rootID, "Gone")
	_, err := o.c.DeleteOrganizationalUnit(ctx(t), &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(gone)})
	noErr(t, err)
	unknownOU := "ou-" + strings.TrimPrefix(o.rootID, "r-") + "-zzzzzzzz"

	tests := []struct{ name, parent string }{
		{"UnknownRoot", "r-zzzz"},
		{"UnknownOU", unknownOU},
		{"OtherOrgRoot", other.rootID},
		{"OtherOrgOU", otherOU},
		{"DeletedOU", gone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(tt.parent), Name: aws.String("X")})
			wantErr(t, err, "ParentNotFoundException", "")
			_, err = o.c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(tt.parent)})
			wantErr(t, err, "ParentNotFoundException", "")
			for _, ct := range []types.ChildType{types.ChildTypeAccount, types.ChildTypeOrganizationalUnit} {
				_, err = o.c.ListChildren(ctx(t), &organizations.ListChildrenInput{ParentId: aws.String(tt.parent), ChildType: ct})
				wantErr(t, err, "ParentNotFoundException", "")
			}
		})
	}
	// The other organization's root gained no OU.
	if got := orgouOUIDs(t, other.c, other.rootID, 20); !slices.Equal(got, []string{otherOU}) {
		t.Errorf("other org OUs: got %v, want [%s]", got, otherOU)
	}
}

func TestOUDepthLimit(t *testing.T) {
	t.Parallel()
	// AWS: "For service control policies, the limit is five" levels of OUs
	// under the root; the sixth is OU_DEPTH_LIMIT_EXCEEDED.
	e := start(t)
	o := e.newOrg(t)
	parent := o.rootID
	path := *o.org.Id + "/" + o.rootID + "/"
	for level := 1; level <= 5; level++ {
		out, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(parent), Name: aws.String(fmt.Sprintf("L%d", level))})
		if err != nil {
			t.Fatalf("level %d: got %v, want success", level, err)
		}
		parent = *out.OrganizationalUnit.Id
		path += parent + "/"
		if got := aws.ToString(out.OrganizationalUnit.Path); got != path {
			t.Errorf("level %d Path: got %v, want %v", level, got, path)
		}
	}
	_, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(parent), Name: aws.String("L6")})
	wantErr(t, err, "ConstraintViolationException", "OU_DEPTH_LIMIT_EXCEEDED")
	// A sibling at level 5 is still allowed.
	ps, err := o.c.ListParents(ctx(t), &organizations.ListParentsInput{ChildId: aws.String(parent)})
	noErr(t, err)
	_, err = o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: ps.Parents[0].Id, Name: aws.String("L5b")})
	noErr(t, err)
}

func TestOUNumberLimit(t *testing.T) {
	t.Parallel()
	e := start(t, withEngine(func(c *engine.Config) { c.Quotas.MaxOUs = 3 }))
	o := e.newOrg(t)
	a := o.createOU(t, o.rootID, "A")
	o.createOU(t, a, "B")
	o.createOU(t, o.rootID, "C")
	for _, parent := range []string{o.rootID, a} {
		_, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(parent), Name: aws.String("D")})
		wantErr(t, err, "ConstraintViolationException", "OU_NUMBER_LIMIT_EXCEEDED")
	}
	// The limit counts OUs that exist: deleting one makes room.
	ous := orgouOUIDs(t, o.c, o.rootID, 20)
	var c string
	for _, id := range ous {
		if id != a {
			c = id
		}
	}
	_, err := o.c.DeleteOrganizationalUnit(ctx(t), &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(c)})
	noErr(t, err)
	o.createOU(t, o.rootID, "D")
}

func TestOUCreateGetsDefaultPolicies(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	before := o.createOU(t, o.rootID, "Before")
	for _, pt := range []types.PolicyType{types.PolicyTypeServiceControlPolicy, types.PolicyTypeResourceControlPolicy, types.PolicyTypeTagPolicy} {
		_, err := o.c.EnablePolicyType(ctx(t), &organizations.EnablePolicyTypeInput{RootId: aws.String(o.rootID), PolicyType: pt})
		noErr(t, err)
	}
	after := o.createOU(t, o.rootID, "After")
	nested := o.createOU(t, before, "Nested")
	tests := []struct {
		pt   types.PolicyType
		want []string
	}{
		{types.PolicyTypeServiceControlPolicy, []string{"p-FullAWSAccess"}},
		{types.PolicyTypeResourceControlPolicy, []string{"p-RCPFullAWSAccess"}},
		{types.PolicyTypeTagPolicy, nil},
	}
	for _, tt := range tests {
		t.Run(string(tt.pt), func(t *testing.T) {
			for _, id := range []string{before, after, nested} {
				if got := orgouPolicyIDs(t, o.c, id, tt.pt); !slices.Equal(got, tt.want) {
					t.Errorf("%s: got %v, want %v", id, got, tt.want)
				}
			}
		})
	}
}

func TestOUUpdate(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	other := orgouOtherOrg(t, e)
	otherOU := other.createOU(t, other.rootID, "Theirs")
	a := o.createOU(t, o.rootID, "A")
	o.createOU(t, o.rootID, "B")
	sub := o.createOU(t, a, "Sub")
	orig, err := o.c.DescribeOrganizationalUnit(ctx(t), &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(a)})
	noErr(t, err)

	describeName := func(t *testing.T, id string) string {
		t.Helper()
		d, err := o.c.DescribeOrganizationalUnit(ctx(t), &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(id)})
		noErr(t, err)
		return aws.ToString(d.OrganizationalUnit.Name)
	}

	t.Run("Rename", func(t *testing.T) {
		out, err := o.c.UpdateOrganizationalUnit(ctx(t), &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(a), Name: aws.String("Renamed")})
		noErr(t, err)
		g := out.OrganizationalUnit
		// AWS: "The ID and ARN don't change. The child OUs and accounts remain in place".
		if aws.ToString(g.Name) != "Renamed" || aws.ToString(g.Id) != a || aws.ToString(g.Arn) != aws.ToString(orig.OrganizationalUnit.Arn) || aws.ToString(g.Path) != aws.ToString(orig.OrganizationalUnit.Path) {
			t.Errorf("got %+v, want %s renamed with ARN and Path unchanged", g, a)
		}
		if got := describeName(t, a); got != "Renamed" {
			t.Errorf("describe: got %v, want %v", got, "Renamed")
		}
		if got := orgouOUIDs(t, o.c, a, 20); !slices.Equal(got, []string{sub}) {
			t.Errorf("children: got %v, want [%s]", got, sub)
		}
		// The old name is free again.
		o.createOU(t, o.rootID, "A")
	})
	t.Run("DuplicateRefused", func(t *testing.T) {
		_, err := o.c.UpdateOrganizationalUnit(ctx(t), &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(a), Name: aws.String("B")})
		wantErr(t, err, "DuplicateOrganizationalUnitException", "")
		if got := describeName(t, a); got != "Renamed" {
			t.Errorf("got %v, want %v", got, "Renamed")
		}
	})
	t.Run("SameNameOtherParentAllowed", func(t *testing.T) {
		out, err := o.c.UpdateOrganizationalUnit(ctx(t), &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(sub), Name: aws.String("B")})
		noErr(t, err)
		if got := aws.ToString(out.OrganizationalUnit.Name); got != "B" {
			t.Errorf("got %v, want %v", got, "B")
		}
	})
	t.Run("SameNameAsItself", func(t *testing.T) {
		out, err := o.c.UpdateOrganizationalUnit(ctx(t), &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(a), Name: aws.String("Renamed")})
		noErr(t, err)
		if got := aws.ToString(out.OrganizationalUnit.Name); got != "Renamed" {
			t.Errorf("got %v, want %v", got, "Renamed")
		}
	})
	t.Run("NameOmittedLeavesIt", func(t *testing.T) {
		out, err := o.c.UpdateOrganizationalUnit(ctx(t), &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(a)})
		noErr(t, err)
		if got := aws.ToString(out.OrganizationalUnit.Name); got != "Renamed" {
			t.Errorf("output: got %v, want %v", got, "Renamed")
		}
		if got := describeName(t, a); got != "Renamed" {
			t.Errorf("describe: got %v, want %v", got, "Renamed")
		}
	})
	for _, tt := range []struct{ name, id string }{
		{"UnknownOU", "ou-" + strings.TrimPrefix(o.rootID, "r-") + "-zzzzzzzz"},
		{"OtherOrgOU", otherOU},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := o.c.UpdateOrganizationalUnit(ctx(t), &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(tt.id), Name: aws.String("X")})
			wantErr(t, err, "OrganizationalUnitNotFoundException", "")
			_, err = o.c.DescribeOrganizationalUnit(ctx(t), &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(tt.id)})
			wantErr(t, err, "OrganizationalUnitNotFoundException", "")
			_, err = o.c.DeleteOrganizationalUnit(ctx(t), &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(tt.id)})
			wantErr(t, err, "OrganizationalUnitNotFoundException", "")
		})
	}
	// The other organization's OU kept its name.
	d, err := other.c.DescribeOrganizationalUnit(ctx(t), &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(otherOU)})
	noErr(t, err)
	if got := aws.ToString(d.OrganizationalUnit.Name); got != "Theirs" {
		t.Errorf("other org OU: got %v, want %v", got, "Theirs")
	}
}

func TestOUDelete(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	withOU := o.createOU(t, o.rootID, "WithOU")
	inner := o.createOU(t, withOU, "Inner")
	withAcct := o.createOU(t, o.rootID, "WithAccount")
	acct := o.createAccount(t, "alpha")
	_, err := o.c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(o.rootID), DestinationParentId: aws.String(withAcct)})
	noErr(t, err)

	for _, tt := range []struct{ name, id string }{{"ChildOU", withOU}, {"Account", withAcct}} {
		t.Run("NotEmptyWith"+tt.name, func(t *testing.T) {
			_, err := o.c.DeleteOrganizationalUnit(ctx(t), &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(tt.id)})
			wantErr(t, err, "OrganizationalUnitNotEmptyException", "")
			_, err = o.c.DescribeOrganizationalUnit(ctx(t), &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(tt.id)})
			noErr(t, err)
		})
	}
	t.Run("EmptyThenGone", func(t *testing.T) {
		// Emptied, each can be deleted, innermost first.
		_, err := o.c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(withAcct), DestinationParentId: aws.String(o.rootID)})
		noErr(t, err)
		for _, id := range []string{inner, withOU, withAcct} {
			_, err := o.c.DeleteOrganizationalUnit(ctx(t), &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(id)})
			noErr(t, err)
			_, err = o.c.DescribeOrganizationalUnit(ctx(t), &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(id)})
			wantErr(t, err, "OrganizationalUnitNotFoundException", "")
			_, err = o.c.DeleteOrganizationalUnit(ctx(t), &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(id)})
			wantErr(t, err, "OrganizationalUnitNotFoundException", "")
			_, err = o.c.ListParents(ctx(t), &organizations.ListParentsInput{ChildId: aws.String(id)})
			wantErr(t, err, "ChildNotFoundException", "")
		}
		if got := orgouOUIDs(t, o.c, o.rootID, 20); len(got) != 0 {
			t.Errorf("got OUs %v, want none", got)
		}
		// A deleted name is free again.
		o.createOU(t, o.rootID, "WithOU")
	})
}

func TestOUListChildrenAndParents(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	other := orgouOtherOrg(t, e)
	otherOU := other.createOU(t, other.rootID, "Theirs")
	otherAcct := other.createAccount(t, "theirs")
	a := o.createOU(t, o.rootID, "A")
	b := o.createOU(t, o.rootID, "B")
	aa := o.createOU(t, a, "AA")
	acct := o.createAccount(t, "alpha")
	acct2 := o.createAccount(t, "beta")
	_, err := o.c.MoveAccount(ctx(t), &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(o.rootID), DestinationParentId: aws.String(a)})
	noErr(t, err)

	t.Run("ListChildren", func(t *testing.T) {
		tests := []struct {
			name   string
			parent string
			ct     types.ChildType
			want   []string
		}{
			{"RootOUs", o.rootID, types.ChildTypeOrganizationalUnit, []string{a, b}},
			{"RootAccounts", o.rootID, types.ChildTypeAccount, []string{mgmtID, acct2}},
			{"OUOUs", a, types.ChildTypeOrganizationalUnit, []string{aa}},
			{"OUAccounts", a, types.ChildTypeAccount, []string{acct}},
			{"EmptyOUOUs", b, types.ChildTypeOrganizationalUnit, nil},
			{"EmptyOUAccounts", aa, types.ChildTypeAccount, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := orgouChildIDs(t, o.c, tt.parent, tt.ct, 20)
				orgouExactlyOnce(t, got, tt.want)
			})
		}
	})
	t.Run("ListChildrenEmptyIsEmptyList", func(t *testing.T) {
		out, err := o.c.ListChildren(ctx(t), &organizations.ListChildrenInput{ParentId: aws.String(b), ChildType: types.ChildTypeAccount})
		noErr(t, err)
		if out.Children == nil || len(out.Children) != 0 || out.NextToken != nil {
			t.Errorf("got %#v next %v, want [] and no NextToken", out.Children, out.NextToken)
		}
	})
	t.Run("ListChildrenInvalidChildType", func(t *testing.T) {
		_, err := o.c.ListChildren(ctx(t), &organizations.ListChildrenInput{ParentId: aws.String(o.rootID), ChildType: "ROOT"})
		wantErr(t, err, "InvalidInputException", "INVALID_ENUM")
	})
	t.Run("ListOrganizationalUnitsForParent", func(t *testing.T) {
		out, err := o.c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(a)})
		noErr(t, err)
		if len(out.OrganizationalUnits) != 1 {
			t.Fatalf("got %d OUs, want 1", len(out.OrganizationalUnits))
		}
		g := out.OrganizationalUnits[0]
		wantPath := *o.org.Id + "/" + o.rootID + "/" + a + "/" + aa + "/"
		if aws.ToString(g.Id) != aa || aws.ToString(g.Name) != "AA" || aws.ToString(g.Path) != wantPath ||
			aws.ToString(g.Arn) != "arn:aws:organizations::"+mgmtID+":ou/"+*o.org.Id+"/"+aa {
			t.Errorf("got %+v, want %s AA at %s", g, aa, wantPath)
		}
	})
	t.Run("ListParents", func(t *testing.T) {
		tests := []struct {
			name, child, parent string
			typ                 types.ParentType
		}{
			{"OUUnderRoot", a, o.rootID, types.ParentTypeRoot},
			{"OUUnderOU", aa, a, types.ParentTypeOrganizationalUnit},
			{"AccountUnderOU", acct, a, types.ParentTypeOrganizationalUnit},
			{"AccountUnderRoot", acct2, o.rootID, types.ParentTypeRoot},
			{"ManagementAccount", mgmtID, o.rootID, types.ParentTypeRoot},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := organizations.NewListParentsPaginator(o.c, &organizations.ListParentsInput{ChildId: aws.String(tt.child)},
					func(po *organizations.ListParentsPaginatorOptions) { po.Limit = 1 })
				var got []string
				for p.HasMorePages() {
					out, err := p.NextPage(ctx(t))
					noErr(t, err)
					for _, pr := range out.Parents {
						got = append(got, aws.ToString(pr.Id)+"/"+string(pr.Type))
					}
				}
				if want := []string{tt.parent + "/" + string(tt.typ)}; !slices.Equal(got, want) {
					t.Errorf("got %v, want %v", got, want)
				}
			})
		}
	})
	t.Run("ListParentsChildNotFound", func(t *testing.T) {
		tests := []struct{ name, child string }{
			{"UnknownAccount", "999999999999"},
			{"UnknownOU", "ou-" + strings.TrimPrefix(o.rootID, "r-") + "-zzzzzzzz"},
			{"OtherOrgOU", otherOU},
			{"OtherOrgAccount", otherAcct},
			{"OtherOrgManagement", otherID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := o.c.ListParents(ctx(t), &organizations.ListParentsInput{ChildId: aws.String(tt.child)})
				wantErr(t, err, "ChildNotFoundException", "")
			})
		}
	})
	t.Run("ListParentsRootIsNotAChild", func(t *testing.T) {
		// ChildId's pattern admits only account and OU IDs.
		_, err := o.c.ListParents(ctx(t), &organizations.ListParentsInput{ChildId: aws.String(o.rootID)})
		wantErr(t, err, "InvalidInputException", "INVALID_PATTERN")
	})
}

func TestOUPagination(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	const n = 45
	var ous []string
	for i := 0; i < n; i++ {
		ous = append(ous, o.createOU(t, o.rootID, fmt.Sprintf("ou-%02d", i)))
	}
	nested := o.createOU(t, ous[0], "nested")

	for _, size := range []int32{1, 7, 20} {
		t.Run(fmt.Sprintf("ListOrganizationalUnitsForParent/%d", size), func(t *testing.T) {
			orgouExactlyOnce(t, orgouOUIDs(t, o.c, o.rootID, size), ous)
		})
		t.Run(fmt.Sprintf("ListChildren/%d", size), func(t *testing.T) {
			orgouExactlyOnce(t, orgouChildIDs(t, o.c, o.rootID, types.ChildTypeOrganizationalUnit, size), ous)
		})
	}
	t.Run("PageCount", func(t *testing.T) {
		p := organizations.NewListOrganizationalUnitsForParentPaginator(o.c,
			&organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(o.rootID)},
			func(po *organizations.ListOrganizationalUnitsForParentPaginatorOptions) { po.Limit = 7 })
		var sizes []int
		for p.HasMorePages() {
			out, err := p.NextPage(ctx(t))
			noErr(t, err)
			sizes = append(sizes, len(out.OrganizationalUnits))
		}
		if want := []int{7, 7, 7, 7, 7, 7, 3}; !slices.Equal(sizes, want) {
			t.Errorf("got page sizes %v, want %v", sizes, want)
		}
	})
	t.Run("DefaultPageHasAtMost20", func(t *testing.T) {
		out, err := o.c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(o.rootID)})
		noErr(t, err)
		if len(out.OrganizationalUnits) == 0 || len(out.OrganizationalUnits) > 20 || out.NextToken == nil {
			t.Errorf("got %d OUs next %v, want 1..20 and a NextToken", len(out.OrganizationalUnits), out.NextToken)
		}
	})
	t.Run("CreatedWhilePaging", func(t *testing.T) {
		// An OU created between pages is not lost and nothing repeats
		// (keyset pagination); the new OU appears at most once.
		p := organizations.NewListOrganizationalUnitsForParentPaginator(o.c,
			&organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(ous[0])},
			func(po *organizations.ListOrganizationalUnitsForParentPaginatorOptions) { po.Limit = 1 })
		var got []string
		for i := 0; p.HasMorePages(); i++ {
			out, err := p.NextPage(ctx(t))
			noErr(t, err)
			for _, ou := range out.OrganizationalUnits {
				got = append(got, *ou.Id)
			}
			if i == 0 {
				o.createOU(t, ous[0], "late")
			}
		}
		seen := map[string]int{}
		for _, id := range got {
			seen[id]++
		}
		if seen[nested] != 1 || len(got) > 2 || len(got) != len(seen) {
			t.Errorf("got %v, want %s once and at most the late OU besides", got, nested)
		}
	})

	t.Run("MaxResultsBounds", func(t *testing.T) {
		calls := map[string]func(int32) error{
			"ListRoots": func(m int32) error {
				_, err := o.c.ListRoots(ctx(t), &organizations.ListRootsInput{MaxResults: aws.Int32(m)})
				return err
			},
			"ListOrganizationalUnitsForParent": func(m int32) error {
				_, err := o.c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(o.rootID), MaxResults: aws.Int32(m)})
				return err
			},
			"ListChildren": func(m int32) error {
				_, err := o.c.ListChildren(ctx(t), &organizations.ListChildrenInput{ParentId: aws.String(o.rootID), ChildType: types.ChildTypeAccount, MaxResults: aws.Int32(m)})
				return err
			},
			"ListParents": func(m int32) error {
				_, err := o.c.ListParents(ctx(t), &organizations.ListParentsInput{ChildId: aws.String(nested), MaxResults: aws.Int32(m)})
				return err
			},
		}
		for name, call := range calls {
			for _, tt := range []struct {
				max    int32
				reason string
			}{{0, "MIN_VALUE_EXCEEDED"}, {21, "MAX_VALUE_EXCEEDED"}, {1, ""}, {20, ""}} {
				t.Run(fmt.Sprintf("%s/%d", name, tt.max), func(t *testing.T) {
					err := call(tt.max)
					if tt.reason == "" {
						noErr(t, err)
					} else {
						wantErr(t, err, "InvalidInputException", tt.reason)
					}
				})
			}
		}
	})
	t.Run("MaxResultsExactPage", func(t *testing.T) {
		// 20 OUs exactly under an OU and MaxResults 20: one page, no token.
		parent := ous[1]
		for i := 0; i < 20; i++ {
			o.createOU(t, parent, fmt.Sprintf("c%02d", i))
		}
		out, err := o.c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parent), MaxResults: aws.Int32(20)})
		noErr(t, err)
		if len(out.OrganizationalUnits) != 20 || out.NextToken != nil {
			t.Errorf("got %d OUs next %v, want 20 and no NextToken", len(out.OrganizationalUnits), out.NextToken)
		}
	})
}

func TestOUNextTokenMisuse(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	other := orgouOtherOrg(t, e)
	for i := 0; i < 3; i++ {
		other.createOU(t, other.rootID, fmt.Sprintf("o%d", i))
	}
	a := o.createOU(t, o.rootID, "A")
	o.createOU(t, o.rootID, "B")
	o.createOU(t, o.rootID, "C")
	for i := 0; i < 3; i++ {
		o.createOU(t, a, fmt.Sprintf("a%d", i))
	}
	for i := 0; i < 2; i++ {
		o.createAccount(t, fmt.Sprintf("acct%d", i))
	}

	ousTok := func(c *organizations.Client, parent string) string {
		t.Helper()
		out, err := c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parent), MaxResults: aws.Int32(1)})
		noErr(t, err)
		if out.NextToken == nil {
			t.Fatalf("got no NextToken under %s, want one", parent)
		}
		return *out.NextToken
	}
	childTok := func(parent string, ct types.ChildType) string {
		t.Helper()
		out, err := o.c.ListChildren(ctx(t), &organizations.ListChildrenInput{ParentId: aws.String(parent), ChildType: ct, MaxResults: aws.Int32(1)})
		noErr(t, err)
		if out.NextToken == nil {
			t.Fatalf("got no NextToken for %s %s, want one", parent, ct)
		}
		return *out.NextToken
	}
	rootOUs := ousTok(o.c, o.rootID)
	rootChildOUs := childTok(o.rootID, types.ChildTypeOrganizationalUnit)
	rootChildAccts := childTok(o.rootID, types.ChildTypeAccount)
	otherOrgTok := ousTok(other.c, other.rootID)

	// tamper changes one character of the token's body, keeping its form.
	tamper := func(tok string) string {
		b := []byte(tok)
		i := len(b) / 4
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}

	listOUs := func(parent, tok string) error {
		_, err := o.c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parent), NextToken: aws.String(tok)})
		return err
	}
	listChildren := func(parent string, ct types.ChildType, tok string) error {
		_, err := o.c.ListChildren(ctx(t), &organizations.ListChildrenInput{ParentId: aws.String(parent), ChildType: ct, NextToken: aws.String(tok)})
		return err
	}
	tests := []struct {
		name string
		call func() error
	}{
		{"Tampered", func() error { return listOUs(o.rootID, tamper(rootOUs)) }},
		{"TamperedSignature", func() error { return listOUs(o.rootID, rootOUs[:len(rootOUs)-2]+"xx") }},
		{"Truncated", func() error { return listOUs(o.rootID, rootOUs[:len(rootOUs)/2]) }},
		{"Garbage", func() error { return listOUs(o.rootID, "not-a-token") }},
		{"OtherParent", func() error { return listOUs(a, rootOUs) }},
		{"OtherOperationOUsToChildren", func() error { return listChildren(o.rootID, types.ChildTypeOrganizationalUnit, rootOUs) }},
		{"OtherOperationChildrenToOUs", func() error { return listOUs(o.rootID, rootChildOUs) }},
		{"OtherChildType", func() error { return listChildren(o.rootID, types.ChildTypeOrganizationalUnit, rootChildAccts) }},
		{"OtherOperationListParents", func() error {
			_, err := o.c.ListParents(ctx(t), &organizations.ListParentsInput{ChildId: aws.String(a), NextToken: aws.String(rootOUs)})
			return err
		}},
		{"OtherOperationListRoots", func() error {
			_, err := o.c.ListRoots(ctx(t), &organizations.ListRootsInput{NextToken: aws.String(rootChildAccts)})
			return err
		}},
		{"OtherOrganization", func() error { return listOUs(o.rootID, otherOrgTok) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, tt.call(), "InvalidInputException", "INVALID_NEXT_TOKEN")
		})
	}
	t.Run("ValidTokenStillWorks", func(t *testing.T) {
		noErr(t, listOUs(o.rootID, rootOUs))
		noErr(t, listChildren(o.rootID, types.ChildTypeAccount, rootChildAccts))
	})
}

// orgouOwnTransportClient returns a client acting as account over an HTTP
// transport of its own, whose idle connections are closed before the server
// stops. Many concurrent requests make the transport dial connections that
// it then parks unused; http.Server.Shutdown waits up to 5 s for such
// never-used connections, which would slow the test's cleanup.
func orgouOwnTransportClient(t *testing.T, e *env, account string) *organizations.Client {
	t.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections) // runs before the server's Close
	cfg := aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider(account, "secret", ""),
		RetryMaxAttempts: 1,
		HTTPClient:       &http.Client{Transport: tr},
	}
	return organizations.NewFromConfig(cfg, func(o *organizations.Options) {
		o.BaseEndpoint = aws.String(e.srv.URL())
	})
}

func TestOUConcurrentCreateSameName(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	c := orgouOwnTransportClient(t, e, mgmtID)
	const n = 50
	errs := make([]error, n)
	var wg sync.WaitGroup
	startGate := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-startGate
			_, errs[i] = c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(o.rootID), Name: aws.String("Same")})
		}(i)
	}
	close(startGate)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
			continue
		}
		wantErr(t, err, "DuplicateOrganizationalUnitException", "")
	}
	if ok != 1 {
		t.Errorf("got %d successes, want 1", ok)
	}
	if got := orgouOUIDs(t, o.c, o.rootID, 20); len(got) != 1 {
		t.Errorf("got %d OUs, want 1", len(got))
	}
}

func TestOUMemberAccessDenied(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	ou := o.createOU(t, o.rootID, "Prod")
	member := o.createAccount(t, "member")
	mc := e.client(member)
	outsider := e.client("333333333333")

	calls := map[string]func(c *organizations.Client) error{
		"CreateOrganizationalUnit": func(c *organizations.Client) error {
			_, err := c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(o.rootID), Name: aws.String("Mine")})
			return err
		},
		"UpdateOrganizationalUnit": func(c *organizations.Client) error {
			_, err := c.UpdateOrganizationalUnit(ctx(t), &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(ou), Name: aws.String("Mine")})
			return err
		},
		"DeleteOrganizationalUnit": func(c *organizations.Client) error {
			_, err := c.DeleteOrganizationalUnit(ctx(t), &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(ou)})
			return err
		},
		"DescribeOrganizationalUnit": func(c *organizations.Client) error {
			_, err := c.DescribeOrganizationalUnit(ctx(t), &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(ou)})
			return err
		},
		"ListRoots": func(c *organizations.Client) error {
			_, err := c.ListRoots(ctx(t), &organizations.ListRootsInput{})
			return err
		},
		"ListOrganizationalUnitsForParent": func(c *organizations.Client) error {
			_, err := c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(o.rootID)})
			return err
		},
		"ListChildren": func(c *organizations.Client) error {
			_, err := c.ListChildren(ctx(t), &organizations.ListChildrenInput{ParentId: aws.String(o.rootID), ChildType: types.ChildTypeAccount})
			return err
		},
		"ListParents": func(c *organizations.Client) error {
			_, err := c.ListParents(ctx(t), &organizations.ListParentsInput{ChildId: aws.String(member)})
			return err
		},
	}
	for name, call := range calls {
		t.Run("Member/"+name, func(t *testing.T) {
			wantErr(t, call(mc), "AccessDeniedException", "")
		})
		t.Run("Outsider/"+name, func(t *testing.T) {
			wantErr(t, call(outsider), "AWSOrganizationsNotInUseException", "")
		})
	}
	// Nothing changed.
	d, err := o.c.DescribeOrganizationalUnit(ctx(t), &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(ou)})
	noErr(t, err)
	if got := aws.ToString(d.OrganizationalUnit.Name); got != "Prod" {
		t.Errorf("got %v, want %v", got, "Prod")
	}
	if got := orgouOUIDs(t, o.c, o.rootID, 20); !slices.Equal(got, []string{ou}) {
		t.Errorf("got %v, want [%s]", got, ou)
	}
}

func TestOUDelegatedAdministratorReadsOnly(t *testing.T) {
	t.Parallel()
	// AWS: the List*/Describe* operations of the OU tree may be called by
	// "the management account or a member account that is a delegated
	// administrator"; Create/Update/DeleteOrganizationalUnit "only from the
	// management account".
	e := start(t)
	o := e.newOrg(t)
	ou := o.createOU(t, o.rootID, "Prod")
	admin := o.createAccount(t, "admin")
	_, err := o.c.EnableAWSServiceAccess(ctx(t), &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("config.amazonaws.com")})
	noErr(t, err)
	_, err = o.c.RegisterDelegatedAdministrator(ctx(t), &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(admin), ServicePrincipal: aws.String("config.amazonaws.com")})
	noErr(t, err)
	dc := e.client(admin)

	t.Run("Reads", func(t *testing.T) {
		roots, err := dc.ListRoots(ctx(t), &organizations.ListRootsInput{})
		noErr(t, err)
		if want := "arn:aws:organizations::" + mgmtID + ":root/" + *o.org.Id + "/" + o.rootID; len(roots.Roots) != 1 || aws.ToString(roots.Roots[0].Arn) != want {
			t.Errorf("ListRoots: got %+v, want one root %s", roots.Roots, want)
		}
		if got := orgouOUIDs(t, dc, o.rootID, 1); !slices.Equal(got, []string{ou}) {
			t.Errorf("ListOrganizationalUnitsForParent: got %v, want [%s]", got, ou)
		}
		orgouExactlyOnce(t, orgouChildIDs(t, dc, o.rootID, types.ChildTypeAccount, 1), []string{mgmtID, admin})
		d, err := dc.DescribeOrganizationalUnit(ctx(t), &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(ou)})
		noErr(t, err)
		if got, want := aws.ToString(d.OrganizationalUnit.Arn), "arn:aws:organizations::"+mgmtID+":ou/"+*o.org.Id+"/"+ou; got != want {
			t.Errorf("DescribeOrganizationalUnit Arn: got %v, want %v", got, want)
		}
		ps, err := dc.ListParents(ctx(t), &organizations.ListParentsInput{ChildId: aws.String(ou)})
		noErr(t, err)
		if len(ps.Parents) != 1 || aws.ToString(ps.Parents[0].Id) != o.rootID {
			t.Errorf("ListParents: got %+v, want [%s]", ps.Parents, o.rootID)
		}
	})
	writes := []struct {
		name string
		call func() error
	}{
		{"CreateOrganizationalUnit", func() error {
			_, err := dc.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(o.rootID), Name: aws.String("Mine")})
			return err
		}},
		{"UpdateOrganizationalUnit", func() error {
			_, err := dc.UpdateOrganizationalUnit(ctx(t), &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(ou), Name: aws.String("Mine")})
			return err
		}},
		{"DeleteOrganizationalUnit", func() error {
			_, err := dc.DeleteOrganizationalUnit(ctx(t), &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(ou)})
			return err
		}},
		{"DeleteOrganization", func() error {
			_, err := dc.DeleteOrganization(ctx(t), &organizations.DeleteOrganizationInput{})
			return err
		}},
	}
	for _, tt := range writes {
		t.Run("Denied/"+tt.name, func(t *testing.T) {
			wantErr(t, tt.call(), "AccessDeniedException", "")
		})
	}
}

func TestOUNextTokenSurvivesRestart(t *testing.T) {
	t.Parallel()
	// Tokens are signed with a key kept in the store, so a token issued
	// before a restart resumes the listing after it.
	dir := t.TempDir()
	e := startIn(t, dir)
	o := e.newOrg(t)
	var want []string
	for i := 0; i < 5; i++ {
		want = append(want, o.createOU(t, o.rootID, fmt.Sprintf("ou%d", i)))
	}
	first, err := o.c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(o.rootID), MaxResults: aws.Int32(2)})
	noErr(t, err)
	if first.NextToken == nil {
		t.Fatalf("got no NextToken, want one")
	}
	noErr(t, e.srv.Close())

	e2 := startIn(t, dir)
	c := e2.client(mgmtID)
	got := []string{}
	for _, ou := range first.OrganizationalUnits {
		got = append(got, *ou.Id)
	}
	p := organizations.NewListOrganizationalUnitsForParentPaginator(c,
		&organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(o.rootID), NextToken: first.NextToken},
		func(po *organizations.ListOrganizationalUnitsForParentPaginatorOptions) { po.Limit = 2 })
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		noErr(t, err)
		for _, ou := range out.OrganizationalUnits {
			got = append(got, *ou.Id)
		}
	}
	orgouExactlyOnce(t, got, want)
}

func TestOUInvalidInput(t *testing.T) {
	t.Parallel()
	// The model's constraints, answered by the front-end before the engine.
	e := start(t)
	o := e.newOrg(t)
	ou := o.createOU(t, o.rootID, "Prod")
	long := strings.Repeat("n", 129)
	tests := []struct {
		name   string
		call   func() error
		reason string
	}{
		{"CreateNameTooLong", func() error {
			_, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(o.rootID), Name: aws.String(long)})
			return err
		}, "MAX_LENGTH_EXCEEDED"},
		{"CreateNameEmpty", func() error {
			_, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(o.rootID), Name: aws.String("")})
			return err
		}, "MIN_LENGTH_EXCEEDED"},
		{"CreateParentIDPattern", func() error {
			_, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String("p-12345678"), Name: aws.String("X")})
			return err
		}, "INVALID_PATTERN"},
		{"UpdateNameTooLong", func() error {
			_, err := o.c.UpdateOrganizationalUnit(ctx(t), &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(ou), Name: aws.String(long)})
			return err
		}, "MAX_LENGTH_EXCEEDED"},
		{"DescribeIDPattern", func() error {
			_, err := o.c.DescribeOrganizationalUnit(ctx(t), &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(o.rootID)})
			return err
		}, "INVALID_PATTERN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, tt.call(), "InvalidInputException", tt.reason)
		})
	}
	// A name of exactly 128 characters is allowed.
	o.createOU(t, o.rootID, long[:128])
}
