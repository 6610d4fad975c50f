package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"canopy/org"
	"canopy/store"
)

func policy(id, orgID, typ, name string) org.Policy {
	return org.Policy{
		PolicySummary: org.PolicySummary{ID: id, Arn: "arn:" + id, Name: name, Description: "about " + name,
			Type: typ, AwsManaged: orgID == ""},
		Content:   `{"Version":"2012-10-17","Statement":[]}`,
		OrgID:     orgID,
		UpdatedAt: org.NewTime(time.Date(2026, 3, 4, 5, 6, 7, int(len(id))*1_000_000, time.UTC)),
	}
}

func testPolicies(t *testing.T, s store.Store) {
	const orgA, orgB = "o-aaaaaaaaaa", "o-bbbbbbbbbb"
	policies := []org.Policy{
		policy("p-3000", orgA, typeSCP, "Three"),
		policy("p-1000", orgA, typeSCP, "One"),
		policy("p-2000", "", typeSCP, "Managed"),
		policy("p-0500", "", typeTag, "ManagedTag"),
		policy("p-1500", orgA, typeTag, "One"),
		policy("p-2500", orgB, typeSCP, "One"),
	}
	update(t, s, func(tx store.Tx) error {
		var err error
		for i := range policies {
			err = errors.Join(err, tx.PutPolicy(&policies[i]))
		}
		return err
	})
	for _, want := range policies {
		t.Run("GetPolicy "+want.PolicySummary.ID, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) (*org.Policy, error) { return tx.GetPolicy(want.PolicySummary.ID) })
			equal(t, "GetPolicy", got, &want)
		})
	}

	id := func(p org.Policy) string { return p.PolicySummary.ID }
	lists := []struct {
		name      string
		org, typ  string
		want      []string
		wantCount int
	}{
		{"org A SCP with managed interleaved", orgA, typeSCP, []string{"p-1000", "p-2000", "p-3000"}, 2},
		{"org A tag policies", orgA, typeTag, []string{"p-0500", "p-1500"}, 1},
		{"org B SCP", orgB, typeSCP, []string{"p-2000", "p-2500"}, 1},
		{"org without policies sees managed ones", "o-cccccccccc", typeSCP, []string{"p-2000"}, 0},
		{"unknown type", orgA, "BACKUP_POLICY", nil, 0},
	}
	for _, tc := range lists {
		t.Run("ListPolicies "+tc.name, func(t *testing.T) {
			checkPaging(t, s, tc.want, func(tx store.Tx, p store.Page) ([]org.Policy, error) {
				return tx.ListPolicies(tc.org, tc.typ, p)
			}, id)
			got := viewGet(t, s, func(tx store.Tx) (int, error) { return tx.CountPolicies(tc.org, tc.typ) })
			equal(t, "CountPolicies", got, tc.wantCount)
		})
	}
	t.Run("ListPolicies returns whole records", func(t *testing.T) {
		got := viewGet(t, s, func(tx store.Tx) ([]org.Policy, error) { return tx.ListPolicies(orgB, typeSCP, store.Page{}) })
		equal(t, "ListPolicies", got, []org.Policy{policies[2], policies[5]})
	})

	puts := []struct {
		name string
		p    org.Policy
		want error
	}{
		{"same name org and type", policy("p-4000", orgA, typeSCP, "One"), store.ErrConflict},
		{"rename onto another", policy("p-3000", orgA, typeSCP, "One"), store.ErrConflict},
		{"same name other type", policy("p-4100", orgA, typeTag, "Three"), nil},
		{"same name other org", policy("p-4200", orgB, typeSCP, "Three"), nil},
		{"same name as a managed policy", policy("p-4300", orgA, typeSCP, "Managed"), nil},
		{"replace content", func() org.Policy {
			p := policy("p-1000", orgA, typeSCP, "One")
			p.Content, p.PolicySummary.Description = `{"changed":true}`, "changed"
			return p
		}(), nil},
	}
	for _, tc := range puts {
		t.Run("PutPolicy "+tc.name, func(t *testing.T) {
			p := tc.p
			err := s.Update(context.Background(), func(tx store.Tx) error { return tx.PutPolicy(&p) })
			if tc.want != nil {
				wantErr(t, "PutPolicy", err, tc.want)
				return
			}
			if err != nil {
				t.Fatalf("PutPolicy: got %v, want nil", err)
			}
			got := viewGet(t, s, func(tx store.Tx) (*org.Policy, error) { return tx.GetPolicy(p.PolicySummary.ID) })
			equal(t, "GetPolicy", got, &p)
		})
	}
	t.Run("DeletePolicy", func(t *testing.T) {
		before := viewGet(t, s, func(tx store.Tx) (int, error) { return tx.CountPolicies(orgA, typeSCP) })
		update(t, s, func(tx store.Tx) error { return tx.DeletePolicy("p-3000") })
		err := s.View(context.Background(), func(tx store.Tx) error { _, err := tx.GetPolicy("p-3000"); return err })
		wantErr(t, "GetPolicy after DeletePolicy", err, store.ErrNotFound)
		err = s.Update(context.Background(), func(tx store.Tx) error { return tx.DeletePolicy("p-3000") })
		wantErr(t, "DeletePolicy twice", err, store.ErrNotFound)
		got := viewGet(t, s, func(tx store.Tx) (int, error) { return tx.CountPolicies(orgA, typeSCP) })
		equal(t, "CountPolicies after delete", got, before-1)
	})
}

func attachment(orgID, policyID, policyType, targetID, targetType string) org.Attachment {
	return org.Attachment{OrgID: orgID, PolicyID: policyID, PolicyType: policyType, TargetID: targetID, TargetType: targetType,
		CreatedAt: org.NewTime(time.Date(2026, 5, 6, 7, 8, 9, len(targetID)*1_000_000, time.UTC))}
}

func testAttachments(t *testing.T, s store.Store) {
	const orgA, target, other = "o-aaaaaaaaaa", "ou-aaaa-11111111", "222222222222"
	// Attached in an order that is neither the policy IDs' nor the types'.
	made := []org.Attachment{
		attachment(orgA, "p-3000", typeSCP, target, org.TypeOU),
		attachment(orgA, "p-1000", typeTag, target, org.TypeOU),
		attachment(orgA, "p-2000", typeSCP, target, org.TypeOU),
		attachment(orgA, "p-0001", typeSCP, other, org.TypeAccount),
	}
	update(t, s, func(tx store.Tx) error {
		return errors.Join(tx.InsertAttachment(&made[0]), tx.InsertAttachment(&made[1]))
	})
	// A later transaction continues the sequence.
	update(t, s, func(tx store.Tx) error {
		return errors.Join(tx.InsertAttachment(&made[2]), tx.InsertAttachment(&made[3]))
	})
	for i := 1; i < len(made); i++ {
		if made[i].Seq <= made[i-1].Seq {
			t.Errorf("Seq of attachment %d: got %d, want more than %d", i, made[i].Seq, made[i-1].Seq)
		}
	}

	lists := []struct {
		name   string
		target string
		typ    string
		want   []org.Attachment
	}{
		{"every type in Seq order", target, "", []org.Attachment{made[0], made[1], made[2]}},
		{"one type", target, typeSCP, []org.Attachment{made[0], made[2]}},
		{"other type", target, typeTag, []org.Attachment{made[1]}},
		{"other target", other, "", []org.Attachment{made[3]}},
		{"no attachments", "r-zzzz", "", nil},
	}
	for _, tc := range lists {
		t.Run("ListAttachmentsForTarget "+tc.name, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) ([]org.Attachment, error) {
				return tx.ListAttachmentsForTarget(tc.target, tc.typ)
			})
			equal(t, "ListAttachmentsForTarget", got, tc.want)
		})
	}

	t.Run("duplicate", func(t *testing.T) {
		dup := attachment(orgA, "p-3000", typeSCP, target, org.TypeOU)
		err := s.Update(context.Background(), func(tx store.Tx) error { return tx.InsertAttachment(&dup) })
		wantErr(t, "InsertAttachment twice", err, store.ErrConflict)
	})
	t.Run("Seq keeps growing after a delete", func(t *testing.T) {
		update(t, s, func(tx store.Tx) error { return tx.DeleteAttachment("p-0001", other) })
		again := attachment(orgA, "p-0001", typeSCP, other, org.TypeAccount)
		update(t, s, func(tx store.Tx) error { return tx.InsertAttachment(&again) })
		if again.Seq <= made[3].Seq {
			t.Errorf("Seq after deleting the newest: got %d, want more than %d", again.Seq, made[3].Seq)
		}
	})
	t.Run("DeleteAttachment", func(t *testing.T) {
		update(t, s, func(tx store.Tx) error { return tx.DeleteAttachment("p-3000", target) })
		got := viewGet(t, s, func(tx store.Tx) ([]org.Attachment, error) { return tx.ListAttachmentsForTarget(target, "") })
		equal(t, "ListAttachmentsForTarget after delete", got, []org.Attachment{made[1], made[2]})
		err := s.Update(context.Background(), func(tx store.Tx) error { return tx.DeleteAttachment("p-3000", target) })
		wantErr(t, "DeleteAttachment twice", err, store.ErrNotFound)
		// Re-attaching puts the policy last.
		re := attachment(orgA, "p-3000", typeSCP, target, org.TypeOU)
		update(t, s, func(tx store.Tx) error { return tx.InsertAttachment(&re) })
		got = viewGet(t, s, func(tx store.Tx) ([]org.Attachment, error) { return tx.ListAttachmentsForTarget(target, "") })
		equal(t, "ListAttachmentsForTarget after re-attaching", got, []org.Attachment{made[1], made[2], re})
	})
	t.Run("DeleteAttachmentsForTarget", func(t *testing.T) {
		update(t, s, func(tx store.Tx) error { return tx.DeleteAttachmentsForTarget(target) })
		got := viewGet(t, s, func(tx store.Tx) ([]org.Attachment, error) { return tx.ListAttachmentsForTarget(target, "") })
		equal(t, "attachments on the target", len(got), 0)
		got = viewGet(t, s, func(tx store.Tx) ([]org.Attachment, error) { return tx.ListAttachmentsForTarget(other, "") })
		equal(t, "attachments on another target", len(got), 1)
		update(t, s, func(tx store.Tx) error { return tx.DeleteAttachmentsForTarget("r-zzzz") })
	})
}

func testAttachmentsForPolicy(t *testing.T, s store.Store) {
	const orgA, orgB, managed = "o-aaaaaaaaaa", "o-bbbbbbbbbb", "p-FullAWSAccess"
	made := []org.Attachment{
		attachment(orgA, managed, typeSCP, "333333333333", org.TypeAccount),
		attachment(orgA, managed, typeSCP, "r-aaaa", org.TypeRoot),
		attachment(orgB, managed, typeSCP, "r-bbbb", org.TypeRoot),
		attachment(orgA, managed, typeSCP, "ou-aaaa-11111111", org.TypeOU),
		attachment(orgA, managed, typeSCP, "111111111111", org.TypeAccount),
		attachment(orgA, "p-tag", typeTag, "r-aaaa", org.TypeRoot),
		attachment(orgA, "p-tag", typeTag, "111111111111", org.TypeAccount),
		attachment(orgB, "p-tag-b", typeTag, "r-bbbb", org.TypeRoot),
		attachment(orgB, "p-scp-b", typeSCP, "r-bbbb", org.TypeRoot),
	}
	update(t, s, func(tx store.Tx) error {
		var err error
		for i := range made {
			err = errors.Join(err, tx.InsertAttachment(&made[i]))
		}
		return err
	})
	target := func(a org.Attachment) string { return a.TargetID }
	lists := []struct {
		name, org, policy string
		want              []string
	}{
		{"managed policy in org A", orgA, managed, []string{"111111111111", "333333333333", "ou-aaaa-11111111", "r-aaaa"}},
		{"managed policy in org B", orgB, managed, []string{"r-bbbb"}},
		{"customer policy", orgA, "p-tag", []string{"111111111111", "r-aaaa"}},
		{"unattached policy", orgA, "p-none", nil},
	}
	for _, tc := range lists {
		t.Run("ListAttachmentsForPolicy "+tc.name, func(t *testing.T) {
			checkPaging(t, s, tc.want, func(tx store.Tx, p store.Page) ([]org.Attachment, error) {
				return tx.ListAttachmentsForPolicy(tc.org, tc.policy, p)
			}, target)
		})
	}
	t.Run("ListAttachmentsForPolicy returns whole records", func(t *testing.T) {
		got := viewGet(t, s, func(tx store.Tx) ([]org.Attachment, error) {
			return tx.ListAttachmentsForPolicy(orgA, "p-tag", store.Page{})
		})
		equal(t, "ListAttachmentsForPolicy", got, []org.Attachment{made[6], made[5]})
	})
	t.Run("DeleteAttachmentsOfType", func(t *testing.T) {
		update(t, s, func(tx store.Tx) error { return tx.DeleteAttachmentsOfType(orgA, typeTag) })
		tests := []struct {
			target string
			want   []org.Attachment
		}{
			{"r-aaaa", []org.Attachment{made[1]}},
			{"111111111111", []org.Attachment{made[4]}},
			{"r-bbbb", []org.Attachment{made[2], made[7], made[8]}},
		}
		for _, tc := range tests {
			got := viewGet(t, s, func(tx store.Tx) ([]org.Attachment, error) { return tx.ListAttachmentsForTarget(tc.target, "") })
			equal(t, "attachments on "+tc.target, got, tc.want)
		}
	})
}

// testPoliciesAttachedTo checks the policies read with their attachments:
// every field of the policy, when it was attached, attachment order, the
// type filter, and a policy's current content.
func testPoliciesAttachedTo(t *testing.T, s store.Store) {
	const orgA, target, other = "o-aaaaaaaaaa", "ou-aaaa-22222222", "333333333333"
	pols := []org.Policy{
		policy("p-zzzz0001", orgA, typeSCP, "deny-z"),
		policy("p-aaaa0001", orgA, typeSCP, "deny-a"),
		policy("p-mmmm0001", orgA, typeTag, "tags"),
		policy("p-FullAWSAccess", "", typeSCP, "FullAWSAccess"),
	}
	pols[0].Content = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`
	// Attached in an order that is neither the IDs' nor the names'.
	atts := []org.Attachment{
		attachment(orgA, "p-FullAWSAccess", typeSCP, target, org.TypeOU),
		attachment(orgA, "p-zzzz0001", typeSCP, target, org.TypeOU),
		attachment(orgA, "p-mmmm0001", typeTag, target, org.TypeOU),
		attachment(orgA, "p-aaaa0001", typeSCP, target, org.TypeOU),
		attachment(orgA, "p-aaaa0001", typeSCP, other, org.TypeAccount),
	}
	atts[3].CreatedAt = at(11)
	update(t, s, func(tx store.Tx) error {
		var err error
		for i := range pols {
			err = errors.Join(err, tx.PutPolicy(&pols[i]))
		}
		for i := range atts {
			err = errors.Join(err, tx.InsertAttachment(&atts[i]))
		}
		return err
	})
	with := func(p org.Policy, a org.Attachment) org.AttachedPolicy {
		return org.AttachedPolicy{Policy: p, AttachedAt: a.CreatedAt}
	}
	tests := []struct {
		name, target, typ string
		want              []org.AttachedPolicy
	}{
		{"one type in attachment order", target, typeSCP, []org.AttachedPolicy{with(pols[3], atts[0]), with(pols[0], atts[1]), with(pols[1], atts[3])}},
		{"every type", target, "", []org.AttachedPolicy{with(pols[3], atts[0]), with(pols[0], atts[1]), with(pols[2], atts[2]), with(pols[1], atts[3])}},
		{"other type", target, typeTag, []org.AttachedPolicy{with(pols[2], atts[2])}},
		{"other target", other, typeSCP, []org.AttachedPolicy{with(pols[1], atts[4])}},
		{"no attachments", "r-zzzz", typeSCP, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := viewGet(t, s, func(tx store.Tx) ([]org.AttachedPolicy, error) { return tx.ListPoliciesAttachedTo(tc.target, tc.typ) })
			equal(t, "ListPoliciesAttachedTo", got, tc.want)
		})
	}
	t.Run("current content", func(t *testing.T) {
		changed := pols[0]
		changed.Content, changed.UpdatedAt = `{"Version":"2012-10-17","Statement":[]}`, at(12)
		update(t, s, func(tx store.Tx) error { return tx.PutPolicy(&changed) })
		got := viewGet(t, s, func(tx store.Tx) ([]org.AttachedPolicy, error) { return tx.ListPoliciesAttachedTo(target, typeSCP) })
		equal(t, "ListPoliciesAttachedTo after PutPolicy", got[1], with(changed, atts[1]))
	})
}
