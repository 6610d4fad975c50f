package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"canopy/internal/ids"
	"canopy/org"
	"canopy/store"
)

var errAccountNotFound = org.Errorf(org.ErrAccountNotFound, "You specified an account that doesn't exist.")

// accountOf returns an account of the caller's organization.
func accountOf(tx store.Tx, s *session, id string) (*org.Account, error) {
	a, err := tx.GetAccount(id)
	if notFound(err) || (err == nil && a.OrgID != s.org.ID) {
		return nil, errAccountNotFound
	}
	return a, err
}

// renderer fills the ARN and Paths of accounts, remembering the path of
// each parent it has looked up.
type renderer struct {
	tx    store.Tx
	s     *session
	paths map[string]string
}

func newRenderer(tx store.Tx, s *session) *renderer {
	return &renderer{tx: tx, s: s, paths: map[string]string{}}
}

func (r *renderer) account(a org.Account) (org.Account, error) {
	a.Arn = r.s.arns.Account(a.ID)
	path, ok := r.paths[a.ParentID]
	if !ok {
		p, err := findParent(r.tx, r.s, a.ParentID)
		if err != nil {
			return a, err
		}
		if p == nil {
			return a, fmt.Errorf("account %s has no parent %s", a.ID, a.ParentID)
		}
		path = p.Path
		r.paths[a.ParentID] = path
	}
	a.Paths = []string{path + a.ID + "/"}
	return a, nil
}

func (r *renderer) accounts(as []org.Account) ([]org.Account, error) {
	out := make([]org.Account, 0, len(as))
	for _, a := range as {
		ra, err := r.account(a)
		if err != nil {
			return nil, err
		}
		out = append(out, ra)
	}
	return out, nil
}

// DescribeAccount returns an account of the organization.
func (e *Engine) DescribeAccount(ctx context.Context, in *org.AccountInput) (*org.AccountOutput, error) {
	var out org.Account
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		a, err := accountOf(tx, s, in.AccountID)
		if err != nil {
			return err
		}
		out, err = newRenderer(tx, s).account(*a)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &org.AccountOutput{Account: &out}, nil
}

// ListAccounts lists the organization's accounts.
func (e *Engine) ListAccounts(ctx context.Context, in *org.ListAccountsInput) (*org.ListAccountsOutput, error) {
	out := &org.ListAccountsOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		as, next, err := paginate(e, "ListAccounts", s.org.ID, "", in.Paging, func(a org.Account) string { return a.ID },
			func(after string, limit int) ([]org.Account, error) {
				return tx.ListAccounts(s.org.ID, store.Page{After: after, Limit: limit})
			})
		if err != nil {
			return err
		}
		out.NextToken = next
		out.Accounts, err = newRenderer(tx, s).accounts(as)
		return err
	})
	return out, err
}

// ListAccountsForParent lists the accounts directly under a root or OU.
func (e *Engine) ListAccountsForParent(ctx context.Context, in *org.ListAccountsForParentInput) (*org.ListAccountsOutput, error) {
	out := &org.ListAccountsOutput{}
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		p, err := mustParent(tx, s, in.ParentID)
		if err != nil {
			return err
		}
		as, next, err := paginate(e, "ListAccountsForParent", s.org.ID, p.ID, in.Paging, func(a org.Account) string { return a.ID },
			func(after string, limit int) ([]org.Account, error) {
				return tx.ListAccountsForParent(p.ID, store.Page{After: after, Limit: limit})
			})
		if err != nil {
			return err
		}
		out.NextToken = next
		r := newRenderer(tx, s)
		r.paths[p.ID] = p.Path
		out.Accounts, err = r.accounts(as)
		return err
	})
	return out, err
}

// MoveAccount moves an account from its parent to another root or OU.
func (e *Engine) MoveAccount(ctx context.Context, in *org.MoveAccountInput) (*org.Empty, error) {
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		a, err := accountOf(tx, s, in.AccountID)
		if err != nil {
			return err
		}
		src, err := findParent(tx, s, in.SourceParentID)
		if err != nil {
			return err
		}
		if src == nil {
			return org.Errorf(org.ErrSourceParentNotFound, "We can't find a source root or OU with the ParentId that you specified.")
		}
		dst, err := findParent(tx, s, in.DestinationParentID)
		if err != nil {
			return err
		}
		if dst == nil {
			return org.Errorf(org.ErrDestinationParentNotFound, "We can't find a destination root or OU with the ParentId that you specified.")
		}
		if a.ParentID == dst.ID {
			return org.Errorf(org.ErrDuplicateAccount, "The account is already in the specified destination.")
		}
		if a.ParentID != src.ID {
			return org.Errorf(org.ErrAccountNotFound, "The account %s is not in the source parent %s.", a.ID, src.ID)
		}
		a.ParentID = dst.ID
		if err := tx.PutAccount(a); err != nil {
			return err
		}
		// The account now inherits other policies.
		return tx.SetPolicyChangedAt(s.org.ID, a.ID, e.timestamp())
	})
	return &org.Empty{}, err
}

// RemoveAccountFromOrganization makes a member account standalone.
func (e *Engine) RemoveAccountFromOrganization(ctx context.Context, in *org.AccountInput) (*org.Empty, error) {
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		a, err := accountOf(tx, s, in.AccountID)
		if err != nil {
			return err
		}
		if err := e.canLeave(tx, s, a); err != nil {
			return err
		}
		return e.detachFromOrganization(tx, s.org.ID, a)
	})
	return &org.Empty{}, err
}

// detachFromOrganization makes an account standalone, dropping what it had
// in the organization: policy attachments and tags.
func (e *Engine) detachFromOrganization(tx store.Tx, orgID string, a *org.Account) error {
	if err := tx.DeleteAttachmentsForTarget(a.ID); err != nil {
		return err
	}
	if err := tx.SetTags(orgID, a.ID, nil); err != nil {
		return err
	}
	a.OrgID, a.ParentID, a.JoinedMethod, a.JoinedTimestamp = "", "", "", org.Time{}
	return tx.PutAccount(a)
}

// CloseAccount starts closing a member account: it is PENDING_CLOSURE
// until the closure delay passes, then SUSPENDED, and stays in the
// organization.
func (e *Engine) CloseAccount(ctx context.Context, in *org.AccountInput) (*org.Empty, error) {
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		// AWS: "You can close an account when all features are enabled."
		if err := requireAllFeatures(s); err != nil {
			return err
		}
		a, err := accountOf(tx, s, in.AccountID)
		if err != nil {
			return err
		}
		if a.ID == s.org.MasterAccountID {
			return org.Constraint(org.ReasonCannotCloseManagementAccount, "You can't close the management account with this operation.")
		}
		if a.Status != org.AccountActive {
			return org.Errorf(org.ErrAccountAlreadyClosed, "You attempted to close an account that is already closed.")
		}
		if err := e.checkClosureQuotas(tx, s); err != nil {
			return err
		}
		now := e.timestamp()
		a.Status, a.State, a.ClosedAt = org.AccountPendingClosure, org.AccountPendingClosure, now
		if err := tx.PutAccount(a); err != nil {
			return err
		}
		return nil
	})
	if err == nil {
		e.poke()
	}
	return &org.Empty{}, err
}

// checkClosureQuotas applies AWS's closure limits: a few concurrent
// closures, and at most max(20% of members, 250), capped at 1,000, in any
// 30 days.
func (e *Engine) checkClosureQuotas(tx store.Tx, s *session) error {
	pending, recent := 0, 0
	since := e.now().AddDate(0, 0, -30)
	for _, status := range []string{org.AccountPendingClosure, org.AccountSuspended} {
		after := ""
		for {
			as, err := tx.ListAccountsByStatus(s.org.ID, status, store.Page{After: after, Limit: 500})
			if err != nil {
				return err
			}
			for _, a := range as {
				if status == org.AccountPendingClosure {
					pending++
				}
				if a.ClosedAt.After(since) {
					recent++
				}
			}
			if len(as) < 500 {
				break
			}
			after = as[len(as)-1].ID
		}
	}
	if pending >= e.q.MaxConcurrentClosures {
		return org.Constraint(org.ReasonCloseAccountRequestsLimitExceeded, "You attempted to exceed the number of accounts that you can close at a time.")
	}
	members, err := tx.CountAccounts(s.org.ID)
	if err != nil {
		return err
	}
	limit := min(max(members/5, 250), 1000)
	if recent >= limit {
		return org.Constraint(org.ReasonCloseAccountQuotaExceeded, "You have exceeded close account quota for the past 30 days.")
	}
	return nil
}

// CreateAccount starts creating a member account. It answers at once with
// an IN_PROGRESS status; the background worker completes the request.
func (e *Engine) CreateAccount(ctx context.Context, in *org.CreateAccountInput) (*org.CreateAccountStatusOutput, error) {
	return e.createAccount(ctx, in, false)
}

// CreateGovCloudAccount starts creating a pair of accounts: a member of the
// organization in the commercial partition, and its twin in the
// aws-us-gov partition, which starts standalone (a GovCloud organization
// may invite it). The status carries both IDs once it succeeds.
func (e *Engine) CreateGovCloudAccount(ctx context.Context, in *org.CreateAccountInput) (*org.CreateAccountStatusOutput, error) {
	return e.createAccount(ctx, in, true)
}

func (e *Engine) createAccount(ctx context.Context, in *org.CreateAccountInput, govCloud bool) (*org.CreateAccountStatusOutput, error) {
	var out org.CreateAccountStatus
	err := e.write(ctx, manager, func(tx store.Tx, s *session) error {
		if err := e.notFinalizing(tx, s); err != nil {
			return err
		}
		tags, err := e.checkNewTags(in.Tags)
		if err != nil {
			return err
		}
		role := in.RoleName
		if strings.HasPrefix(role, "AWSServiceRoleFor") {
			return org.InvalidInput(org.ReasonInvalidRoleName, "You provided a role name that isn't valid. A role name can't begin with the reserved prefix 'AWSServiceRoleFor'.")
		}
		if role == "" {
			role = DefaultAccessRole
		}
		now := e.timestamp()
		st := &org.CreateAccountStatus{
			ID:                 ids.CreateAccountRequest(),
			AccountName:        in.AccountName,
			State:              org.CreateInProgress,
			RequestedTimestamp: now,
			OrgID:              s.org.ID,
			Email:              in.Email,
			RoleName:           role,
			GovCloud:           govCloud,
			Tags:               tags,
			DueAt:              org.NewTime(now.Add(e.cfg.AccountCreationDelay)),
		}
		if err := tx.PutCreateAccountStatus(st); err != nil {
			return err
		}
		out = *st
		return nil
	})
	if err != nil {
		return nil, err
	}
	e.poke()
	return &org.CreateAccountStatusOutput{CreateAccountStatus: &out}, nil
}

// DefaultAccessRole is the role CreateAccount makes in a new account when
// the request names none.
const DefaultAccessRole = "OrganizationAccountAccessRole"

var errCreateStatusNotFound = org.Errorf(org.ErrCreateAccountStatusNotFound, "We can't find an create account request with the CreateAccountRequestId that you specified.")

// DescribeCreateAccountStatus returns a CreateAccount request's status.
func (e *Engine) DescribeCreateAccountStatus(ctx context.Context, in *org.DescribeCreateAccountStatusInput) (*org.CreateAccountStatusOutput, error) {
	var out org.CreateAccountStatus
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		st, err := tx.GetCreateAccountStatus(in.CreateAccountRequestID)
		if notFound(err) || (err == nil && st.OrgID != s.org.ID) {
			return errCreateStatusNotFound
		} else if err != nil {
			return err
		}
		out = *st
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org.CreateAccountStatusOutput{CreateAccountStatus: &out}, nil
}

// ListCreateAccountStatus lists the organization's CreateAccount requests.
func (e *Engine) ListCreateAccountStatus(ctx context.Context, in *org.ListCreateAccountStatusInput) (*org.ListCreateAccountStatusOutput, error) {
	out := &org.ListCreateAccountStatusOutput{}
	states := slices.Clone(in.States)
	slices.Sort(states)
	states = slices.Compact(states)
	err := e.read(ctx, reader, func(tx store.Tx, s *session) error {
		var err error
		out.CreateAccountStatuses, out.NextToken, err = paginate(e, "ListCreateAccountStatus", s.org.ID, fmt.Sprint(states), in.Paging,
			func(c org.CreateAccountStatus) string { return c.ID },
			func(after string, limit int) ([]org.CreateAccountStatus, error) {
				return tx.ListCreateAccountStatuses(s.org.ID, states, store.Page{After: after, Limit: limit})
			})
		return err
	})
	return out, err
}

// completeCreateAccount finishes one CreateAccount request if it is due.
func (e *Engine) completeCreateAccount(ctx context.Context, id string) error {
	return e.update(ctx, func(tx store.Tx) error {
		st, err := tx.GetCreateAccountStatus(id)
		if err != nil {
			return err
		}
		if st.State != org.CreateInProgress || st.DueAt.After(e.now()) {
			return nil
		}
		st.CompletedTimestamp = e.timestamp()
		fail := func(reason string) error {
			st.State, st.FailureReason = org.CreateFailed, reason
			return tx.PutCreateAccountStatus(st)
		}
		o, err := tx.GetOrganization(st.OrgID)
		if notFound(err) {
			return fail("INTERNAL_FAILURE")
		} else if err != nil {
			return err
		}
		// The model's pattern for Email is loose; AWS documents stricter
		// rules and fails a request that breaks them with INVALID_EMAIL.
		if !validAccountEmail(st.Email) {
			return fail("INVALID_EMAIL")
		}
		if _, err := tx.GetAccountByEmail(st.Email); err == nil {
			return fail("EMAIL_ALREADY_EXISTS")
		} else if !notFound(err) {
			return err
		}
		n, err := tx.CountAccounts(o.ID)
		if err != nil {
			return err
		}
		if n >= e.q.MaxAccounts {
			return fail("ACCOUNT_LIMIT_EXCEEDED")
		}
		root, err := rootOfOrg(tx, o.ID)
		if err != nil {
			return err
		}
		id, err := e.newAccountID(tx)
		if err != nil {
			return err
		}
		a := &org.Account{
			ID: id, Email: st.Email, Name: st.AccountName,
			Status: org.AccountActive, State: org.AccountActive,
			JoinedMethod: org.JoinedCreated, JoinedTimestamp: st.CompletedTimestamp,
			OrgID: o.ID, ParentID: root.ID, CreatedAt: st.CompletedTimestamp,
			RoleName: st.RoleName, RoleTrust: o.MasterAccountID,
		}
		if err := tx.PutAccount(a); errors.Is(err, store.ErrConflict) {
			return fail("EMAIL_ALREADY_EXISTS")
		} else if err != nil {
			return err
		}
		if err := tx.SetTags(o.ID, id, st.Tags); err != nil {
			return err
		}
		if err := e.attachDefaults(tx, o.ID, root, id, org.TypeAccount); err != nil {
			return err
		}
		if st.GovCloud {
			gov, err := e.newAccountID(tx)
			if err != nil {
				return err
			}
			// The GovCloud twin has no email of its own in Canopy's
			// directory of accounts, whose emails are unique: it gets a
			// plus-address of the commercial account's.
			local, domain, _ := strings.Cut(st.Email, "@")
			twin := &org.Account{
				ID: gov, Email: local + "+govcloud-" + gov + "@" + domain, Name: st.AccountName,
				Status: org.AccountActive, State: org.AccountActive,
				CreatedAt: st.CompletedTimestamp, RoleName: st.RoleName, RoleTrust: o.MasterAccountID,
			}
			if err := tx.PutAccount(twin); errors.Is(err, store.ErrConflict) {
				return fail("EMAIL_ALREADY_EXISTS")
			} else if err != nil {
				return err
			}
			st.GovCloudAccountID = gov
		}
		st.State, st.AccountID = org.CreateSucceeded, id
		return tx.PutCreateAccountStatus(st)
	})
}

// validAccountEmail applies the rules AWS documents for the email of a new
// account (CreateAccountRequest.Email) beyond the model's length and
// pattern: 7-bit ASCII; one @; a local name without whitespace or any of
// " ' ( ) < > [ ] : ; , \ | % & and not beginning with a dot; a domain of
// letters, digits, hyphens and dots that neither begins nor ends with a
// hyphen or dot and holds at least one dot.
func validAccountEmail(email string) bool {
	for i := 0; i < len(email); i++ {
		if email[i] >= 0x80 {
			return false
		}
	}
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || strings.Contains(domain, "@") {
		return false
	}
	if local[0] == '.' || strings.ContainsFunc(local, func(r rune) bool {
		return r <= ' ' || r == 0x7f || strings.ContainsRune(`"'()<>[]:;,\|%&`, r)
	}) {
		return false
	}
	if domain == "" || strings.ContainsAny(domain[:1]+domain[len(domain)-1:], ".-") || !strings.Contains(domain, ".") {
		return false
	}
	for _, r := range domain {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// newAccountID mints an account ID that no account has.
func (e *Engine) newAccountID(tx store.Tx) (string, error) {
	for {
		id := ids.Account()
		if _, err := tx.GetAccount(id); notFound(err) {
			return id, nil
		} else if err != nil {
			return "", err
		}
	}
}

// completeClosure suspends an account whose closure delay has passed.
func (e *Engine) completeClosure(ctx context.Context, id string) error {
	return e.update(ctx, func(tx store.Tx) error {
		a, err := tx.GetAccount(id)
		if err != nil {
			return err
		}
		if a.Status != org.AccountPendingClosure || a.ClosedAt.Add(e.cfg.AccountClosureDelay).After(e.now()) {
			return nil
		}
		a.Status, a.State = org.AccountSuspended, org.AccountSuspended
		return tx.PutAccount(a)
	})
}
