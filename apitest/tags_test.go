package apitest

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// tagsOf lists every tag of a resource through the SDK paginator.
func tagsOf(t *testing.T, c *organizations.Client, id string) map[string]string {
	t.Helper()
	p := organizations.NewListTagsForResourcePaginator(c, &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
	got := map[string]string{}
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		noErr(t, err)
		for _, tg := range out.Tags {
			if _, dup := got[*tg.Key]; dup {
				t.Errorf("got key %s twice", *tg.Key)
			}
			got[*tg.Key] = *tg.Value
		}
	}
	return got
}

// tagsList makes SDK tags from key=value pairs.
func tagsList(kv ...string) []types.Tag {
	var out []types.Tag
	for _, s := range kv {
		k, v, _ := strings.Cut(s, "=")
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

func tagsWantEqual(t *testing.T, got, want map[string]string) {
	t.Helper()
	if !maps.Equal(got, want) {
		t.Errorf("got tags %v, want %v", got, want)
	}
}

// tagsResources makes one resource of each taggable kind and returns their
// IDs by kind.
func tagsResources(t *testing.T, o *testOrg) map[string]string {
	t.Helper()
	return map[string]string{
		"account": o.createAccount(t, "tagged"),
		"ou":      o.createOU(t, o.rootID, "Tagged"),
		"root":    o.rootID,
		"policy":  o.policyCreate(t, types.PolicyTypeTagPolicy, "tagged"),
		"mgmt":    mgmtID,
	}
}

func TestTagsLifecycle(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	for kind, id := range tagsResources(t, o) {
		t.Run(kind, func(t *testing.T) {
			// An untagged resource lists an empty Tags array, not an error
			// (LocalStack got this wrong: localstack#6556).
			out, err := o.c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
			noErr(t, err)
			if out.Tags == nil || len(out.Tags) != 0 || out.NextToken != nil {
				t.Errorf("got Tags %v (nil %v), NextToken %v, want an empty list", out.Tags, out.Tags == nil, out.NextToken)
			}

			tag := func(kv ...string) {
				t.Helper()
				_, err := o.c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String(id), Tags: tagsList(kv...)})
				noErr(t, err)
			}
			untag := func(keys ...string) {
				t.Helper()
				_, err := o.c.UntagResource(ctx(t), &organizations.UntagResourceInput{ResourceId: aws.String(id), TagKeys: keys})
				noErr(t, err)
			}
			tag("env=prod", "team=core", "empty=")
			tagsWantEqual(t, tagsOf(t, o.c, id), map[string]string{"env": "prod", "team": "core", "empty": ""})
			// A key given again takes the new value; other keys stay.
			tag("env=dev", "owner=ann")
			tagsWantEqual(t, tagsOf(t, o.c, id), map[string]string{"env": "dev", "team": "core", "empty": "", "owner": "ann"})
			// Keys are case-sensitive.
			tag("Env=upper")
			tagsWantEqual(t, tagsOf(t, o.c, id), map[string]string{"env": "dev", "Env": "upper", "team": "core", "empty": "", "owner": "ann"})
			// Removing keys the resource lacks is not an error.
			untag("team", "Env", "missing")
			tagsWantEqual(t, tagsOf(t, o.c, id), map[string]string{"env": "dev", "empty": "", "owner": "ann"})
			untag("env", "empty", "owner")
			tagsWantEqual(t, tagsOf(t, o.c, id), map[string]string{})
		})
	}
}

func TestTagsValidation(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	ou := o.createOU(t, o.rootID, "Prod")
	_, err := o.c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String(ou), Tags: tagsList("keep=me")})
	noErr(t, err)
	long := func(n int) string { return strings.Repeat("k", n) }
	for _, tc := range []struct {
		name         string
		tags         []types.Tag
		code, reason string
	}{
		{"key_128_ok", tagsList(long(128) + "=v"), "", ""},
		{"value_256_ok", tagsList("k=" + long(256)), "", ""},
		{"unicode_letters_spaces_symbols_ok", []types.Tag{{Key: aws.String("Ünïcode key _.:/=+-@ 42"), Value: aws.String("värde 日本 _.:/=+-@")}}, "", ""},
		{"key_129", tagsList(long(129) + "=v"), "InvalidInputException", "MAX_LENGTH_EXCEEDED"},
		{"key_empty", tagsList("=v"), "InvalidInputException", "MIN_LENGTH_EXCEEDED"},
		{"value_257", tagsList("k=" + long(257)), "InvalidInputException", "MAX_LENGTH_EXCEEDED"},
		{"value_bad_char", tagsList("k=a!b"), "InvalidInputException", "INVALID_PATTERN"},
		{"value_asterisk", tagsList("k=*"), "InvalidInputException", "INVALID_PATTERN"},
		{"key_bad_char", tagsList("a#b=v"), "InvalidInputException", "INVALID_PATTERN"},
		{"duplicate_key", tagsList("dup=1", "dup=2"), "InvalidInputException", "DUPLICATE_TAG_KEY"},
		{"system_key", tagsList("aws:createdBy=me"), "InvalidInputException", "INVALID_SYSTEM_TAGS_PARAMETER"},
		{"system_key_among_others", tagsList("fine=1", "aws:x=y"), "InvalidInputException", "INVALID_SYSTEM_TAGS_PARAMETER"},
		{"empty_list", []types.Tag{}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := tagsOf(t, o.c, ou)
			_, err := o.c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String(ou), Tags: tc.tags})
			if tc.code == "" {
				noErr(t, err)
				return
			}
			wantErr(t, err, tc.code, tc.reason)
			// A refused request changes nothing, not even its valid tags.
			tagsWantEqual(t, tagsOf(t, o.c, ou), before)
		})
	}
	for _, tc := range []struct {
		name         string
		keys         []string
		code, reason string
	}{
		{"untag_system_key", []string{"aws:createdBy"}, "InvalidInputException", "INVALID_SYSTEM_TAGS_PARAMETER"},
		{"untag_key_129", []string{long(129)}, "InvalidInputException", "MAX_LENGTH_EXCEEDED"},
		{"untag_key_bad_char", []string{"a#b"}, "InvalidInputException", "INVALID_PATTERN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := o.c.UntagResource(ctx(t), &organizations.UntagResourceInput{ResourceId: aws.String(ou), TagKeys: tc.keys})
			wantErr(t, err, tc.code, tc.reason)
			if got := tagsOf(t, o.c, ou)["keep"]; got != "me" {
				t.Errorf("got keep=%q, want me", got)
			}
		})
	}
}

func TestTagsLimit(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	res := tagsResources(t, o)
	n := func(from, to int) []types.Tag {
		var kv []string
		for i := from; i < to; i++ {
			kv = append(kv, fmt.Sprintf("k%02d=v%d", i, i))
		}
		return tagsList(kv...)
	}
	for kind, id := range res {
		t.Run(kind, func(t *testing.T) {
			tag := func(tags []types.Tag) error {
				_, err := o.c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String(id), Tags: tags})
				return err
			}
			wantErr(t, tag(n(0, 51)), "ConstraintViolationException", "MAX_TAG_LIMIT_EXCEEDED")
			if got := len(tagsOf(t, o.c, id)); got != 0 {
				t.Fatalf("got %d tags after a refused request, want 0", got)
			}
			noErr(t, tag(n(0, 30)))
			// Exactly 50 is allowed; it spans more than one page.
			noErr(t, tag(n(30, 50)))
			if got := len(tagsOf(t, o.c, id)); got != 50 {
				t.Fatalf("got %d tags, want 50", got)
			}
			// Changing the value of a key already there does not add a tag.
			noErr(t, tag(tagsList("k00=changed", "k49=changed")))
			wantErr(t, tag(tagsList("k50=v")), "ConstraintViolationException", "MAX_TAG_LIMIT_EXCEEDED")
			wantErr(t, tag(tagsList("k00=again", "k50=v")), "ConstraintViolationException", "MAX_TAG_LIMIT_EXCEEDED")
			got := tagsOf(t, o.c, id)
			if len(got) != 50 || got["k00"] != "changed" || got["k49"] != "changed" {
				t.Errorf("got %d tags (k00=%s, k49=%s), want 50 with k00 and k49 changed", len(got), got["k00"], got["k49"])
			}
			// Making room lets one more in.
			_, err := o.c.UntagResource(ctx(t), &organizations.UntagResourceInput{ResourceId: aws.String(id), TagKeys: []string{"k10"}})
			noErr(t, err)
			noErr(t, tag(tagsList("k50=v")))
		})
	}
	t.Run("at_create", func(t *testing.T) {
		_, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(o.rootID), Name: aws.String("TooMany"), Tags: n(0, 51)})
		wantErr(t, err, "ConstraintViolationException", "MAX_TAG_LIMIT_EXCEEDED")
		_, err = o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{Name: aws.String("too-many"), Description: aws.String(""), Type: types.PolicyTypeTagPolicy,
			Content: aws.String(policyDocs[types.PolicyTypeTagPolicy]), Tags: n(0, 51)})
		wantErr(t, err, "ConstraintViolationException", "MAX_TAG_LIMIT_EXCEEDED")
		out, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(o.rootID), Name: aws.String("Fifty"), Tags: n(0, 50)})
		noErr(t, err)
		if got := len(tagsOf(t, o.c, *out.OrganizationalUnit.Id)); got != 50 {
			t.Errorf("got %d tags, want 50", got)
		}
	})
}

func TestTagsTargetNotFound(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	ou := o.createOU(t, o.rootID, "Prod")
	other := policyOtherOrg(t, e)
	deleted := o.policyCreate(t, types.PolicyTypeTagPolicy, "deleted")
	_, err := o.c.DeletePolicy(ctx(t), &organizations.DeletePolicyInput{PolicyId: aws.String(deleted)})
	noErr(t, err)
	for _, tc := range []struct{ name, id string }{
		{"unknown_account", "999999999999"},
		{"unknown_ou", ou[:len(ou)-8] + "zzzzzzzz"},
		{"unknown_root", "r-zzzz"},
		{"unknown_policy", "p-abcdefgh12"},
		{"deleted_policy", deleted},
		{"other_org_account", otherID},
		{"other_org_ou", other.ouID},
		{"other_org_root", other.rootID},
		{"other_org_policy", other.policyID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := o.c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String(tc.id), Tags: tagsList("a=b")})
			wantErr(t, err, "TargetNotFoundException", "")
			_, err = o.c.UntagResource(ctx(t), &organizations.UntagResourceInput{ResourceId: aws.String(tc.id), TagKeys: []string{"a"}})
			wantErr(t, err, "TargetNotFoundException", "")
			_, err = o.c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(tc.id)})
			wantErr(t, err, "TargetNotFoundException", "")
		})
	}
	t.Run("other_org_tags_untouched", func(t *testing.T) {
		tagsWantEqual(t, tagsOf(t, other.c, other.ouID), map[string]string{})
	})
	t.Run("bad_pattern", func(t *testing.T) {
		_, err := o.c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String("x-123"), Tags: tagsList("a=b")})
		// The reason (INVALID_PATTERN or INVALID_PATTERN_TARGET_ID) is the
		// model-driven front-end's to choose.
		wantErr(t, err, "InvalidInputException", "")
	})
}

func TestTagsManagedPolicy(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	o.policyEnable(t, types.PolicyTypeServiceControlPolicy)
	// AWS-managed policies belong to AWS, not to the organization: tagging
	// one is refused. AWS does not document the error; Canopy answers
	// InvalidInputException TARGET_NOT_SUPPORTED ("You can't perform the
	// specified operation on that target entity").
	for _, id := range []string{"p-FullAWSAccess", "p-RCPFullAWSAccess"} {
		t.Run(id, func(t *testing.T) {
			_, err := o.c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String(id), Tags: tagsList("a=b")})
			wantErr(t, err, "InvalidInputException", "TARGET_NOT_SUPPORTED")
			_, err = o.c.UntagResource(ctx(t), &organizations.UntagResourceInput{ResourceId: aws.String(id), TagKeys: []string{"a"}})
			wantErr(t, err, "InvalidInputException", "TARGET_NOT_SUPPORTED")
		})
	}
}

func TestTagsAtCreate(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	t.Run("CreatePolicy", func(t *testing.T) {
		out, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{Name: aws.String("tagged"), Description: aws.String(""),
			Type: types.PolicyTypeServiceControlPolicy, Content: aws.String(policyDocs[types.PolicyTypeServiceControlPolicy]), Tags: tagsList("env=prod", "team=")})
		noErr(t, err)
		tagsWantEqual(t, tagsOf(t, o.c, *out.Policy.PolicySummary.Id), map[string]string{"env": "prod", "team": ""})
	})
	t.Run("CreateOrganizationalUnit", func(t *testing.T) {
		out, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(o.rootID), Name: aws.String("Tagged"), Tags: tagsList("env=prod")})
		noErr(t, err)
		tagsWantEqual(t, tagsOf(t, o.c, *out.OrganizationalUnit.Id), map[string]string{"env": "prod"})
	})
	for _, tc := range []struct {
		name         string
		tags         []types.Tag
		code, reason string
	}{
		{"system_key", tagsList("aws:x=y"), "InvalidInputException", "INVALID_SYSTEM_TAGS_PARAMETER"},
		{"duplicate_key", tagsList("a=1", "a=2"), "InvalidInputException", "DUPLICATE_TAG_KEY"},
		{"bad_value", tagsList("a=b!"), "InvalidInputException", "INVALID_PATTERN"},
		{"long_key", tagsList(strings.Repeat("k", 129) + "=v"), "InvalidInputException", "MAX_LENGTH_EXCEEDED"},
	} {
		t.Run("CreatePolicy/"+tc.name, func(t *testing.T) {
			_, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{Name: aws.String("refused-" + tc.name), Description: aws.String(""),
				Type: types.PolicyTypeTagPolicy, Content: aws.String(policyDocs[types.PolicyTypeTagPolicy]), Tags: tc.tags})
			wantErr(t, err, tc.code, tc.reason)
		})
		t.Run("CreateOrganizationalUnit/"+tc.name, func(t *testing.T) {
			_, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(o.rootID), Name: aws.String("Refused-" + tc.name), Tags: tc.tags})
			wantErr(t, err, tc.code, tc.reason)
		})
	}
	t.Run("refused_creates_made_nothing", func(t *testing.T) {
		pols, err := o.c.ListPolicies(ctx(t), &organizations.ListPoliciesInput{Filter: types.PolicyTypeTagPolicy})
		noErr(t, err)
		if len(pols.Policies) != 0 {
			t.Errorf("got %d tag policies, want 0", len(pols.Policies))
		}
		ous, err := o.c.ListOrganizationalUnitsForParent(ctx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(o.rootID)})
		noErr(t, err)
		if len(ous.OrganizationalUnits) != 1 {
			t.Errorf("got %d OUs, want only Tagged", len(ous.OrganizationalUnits))
		}
	})
	t.Run("tags_go_with_deleted_resource", func(t *testing.T) {
		out, err := o.c.CreateOrganizationalUnit(ctx(t), &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(o.rootID), Name: aws.String("Gone"), Tags: tagsList("old=1")})
		noErr(t, err)
		_, err = o.c.DeleteOrganizationalUnit(ctx(t), &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: out.OrganizationalUnit.Id})
		noErr(t, err)
		p, err := o.c.CreatePolicy(ctx(t), &organizations.CreatePolicyInput{Name: aws.String("gone"), Description: aws.String(""),
			Type: types.PolicyTypeTagPolicy, Content: aws.String(policyDocs[types.PolicyTypeTagPolicy]), Tags: tagsList("old=1")})
		noErr(t, err)
		_, err = o.c.DeletePolicy(ctx(t), &organizations.DeletePolicyInput{PolicyId: p.Policy.PolicySummary.Id})
		noErr(t, err)
		// A new policy with the same name starts untagged.
		again := o.policyCreate(t, types.PolicyTypeTagPolicy, "gone")
		tagsWantEqual(t, tagsOf(t, o.c, again), map[string]string{})
	})
}

func TestTagsAccessDenied(t *testing.T) {
	t.Parallel()
	e := start(t)
	o := e.newOrg(t)
	acct := o.createAccount(t, "member")
	_, err := o.c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String(acct), Tags: tagsList("keep=me")})
	noErr(t, err)
	member := e.client(acct)
	outsider := e.client("333333333333")
	for _, tc := range []struct {
		name string
		call func(c *organizations.Client) error
	}{
		{"TagResource", func(c *organizations.Client) error {
			_, err := c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String(acct), Tags: tagsList("a=b")})
			return err
		}},
		{"UntagResource", func(c *organizations.Client) error {
			_, err := c.UntagResource(ctx(t), &organizations.UntagResourceInput{ResourceId: aws.String(acct), TagKeys: []string{"keep"}})
			return err
		}},
		{"ListTagsForResource", func(c *organizations.Client) error {
			_, err := c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(acct)})
			return err
		}},
	} {
		t.Run("member/"+tc.name, func(t *testing.T) {
			wantErr(t, tc.call(member), "AccessDeniedException", "")
		})
		t.Run("outside_any_org/"+tc.name, func(t *testing.T) {
			wantErr(t, tc.call(outsider), "AWSOrganizationsNotInUseException", "")
		})
	}
	tagsWantEqual(t, tagsOf(t, o.c, acct), map[string]string{"keep": "me"})
}
