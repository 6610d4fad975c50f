package sqlite

import (
	"context"
	"strings"
	"testing"

	"canopy/store"
)

// TestQueryPlans checks that every list, count and lookup query is served
// by an index: no full scan of a table and no sort of its rows, so that a
// page costs the same with 10 rows as with 10,000.
func TestQueryPlans(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	queries := []struct {
		name  string
		query string
		args  []any
	}{
		{"get account", qGetAccount, []any{"1"}},
		{"get account by email", qGetAccountByEmail, []any{"a"}},
		{"list accounts", qListAccounts, []any{"o", "", 20}},
		{"list accounts for parent", qListAccountsForParent, []any{"r", "", 20}},
		{"list accounts by status", qListAccountsByStatus, []any{"ACTIVE", "", 20}},
		{"list org accounts by status", qListOrgAccountsByStatus, []any{"o-1", "ACTIVE", "", 20}},
		{"count accounts", qCountAccounts, []any{"o"}},
		{"list roots", qListRoots, []any{"o", "", 20}},
		{"list OUs for parent", qListOUsForParent, []any{"r", "", 20}},
		{"count OUs", qCountOUs, []any{"o"}},
		{"list policies", qListPolicies, []any{"SERVICE_CONTROL_POLICY", "o", "", 20}},
		{"list managed policies", qListManagedPolicies, []any{"SERVICE_CONTROL_POLICY", "", 20}},
		{"count policies", qCountPolicies, []any{"o", "SERVICE_CONTROL_POLICY"}},
		{"attachments of target", qAttachmentsOfTgt, []any{"r", ""}},
		{"policies attached to target", qPoliciesAttachedTo, []any{"r", "SERVICE_CONTROL_POLICY"}},
		{"attachments of policy", qAttachmentsOfPol, []any{"o", "p", "", 20}},
		{"delete attachments of target", qDeleteAttachmentsOfTgt, []any{"r"}},
		{"delete attachments of type", qDeleteAttachmentsOfType, []any{"o", "SERVICE_CONTROL_POLICY"}},
		{"list tags", qListTags, []any{"r"}},
		{"list service access", qListServiceAccess, []any{"o", "", 20}},
		{"list delegations", qListDelegations, []any{"o", "", ""}},
		{"list create account statuses", qListCAS, []any{"o", "", `["SUCCEEDED"]`, 20}},
		{"list pending create account statuses", qListPendingCAS, []any{"IN_PROGRESS", 20}},
		{"get access key", qGetAccessKey, []any{"AKIA"}},
		{"delete expired access keys", qDeleteExpiredAccessKeys, []any{1}},
		{"list handshakes for account", qListHandshakesForAccount, []any{"111111111111", "", 20}},
		{"list handshakes for organization", qListHandshakesForOrg, []any{"o", "", 20}},
		{"list handshakes by action", qListHandshakesByAction, []any{"o", "INVITE", "", 20}},
		{"delete old handshakes", qDeleteOldHandshakes, []any{1}},
		{"list outbound transfers", qListTransfersBySource, []any{"o", "", 20}},
		{"list inbound transfers", qListTransfersByTarget, []any{"o", "", 20}},
		{"get resource policy", qGetResourcePolicy, []any{"o"}},
		{"get policy change", qGetPolicyChange, []any{"r"}},
	}
	for _, q := range orgCascade {
		queries = append(queries, struct {
			name  string
			query string
			args  []any
		}{"cascade " + q, q, []any{"o"}})
	}
	for _, tc := range queries {
		t.Run(tc.name, func(t *testing.T) {
			var plan []string
			err := db.View(context.Background(), func(stx store.Tx) error {
				rows, err := stx.(*tx).c.c.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+tc.query, tc.args...)
				if err != nil {
					return err
				}
				defer rows.Close()
				for rows.Next() {
					var id, parent, notused int
					var detail string
					if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
						return err
					}
					plan = append(plan, detail)
				}
				return rows.Err()
			})
			if err != nil {
				t.Fatalf("EXPLAIN QUERY PLAN: %v", err)
			}
			t.Logf("plan: %q", plan)
			for _, step := range plan {
				fullScan := strings.HasPrefix(step, "SCAN ") && !strings.Contains(step, "VIRTUAL TABLE") &&
					!strings.HasPrefix(step, "SCAN (subquery")
				if fullScan || strings.Contains(step, "TEMP B-TREE") {
					t.Errorf("plan step %q: got a scan or sort, want an index search\nplan: %q", step, plan)
				}
			}
		})
	}
}
