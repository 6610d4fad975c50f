package engine

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"canopy/internal/ids"
	"canopy/org"
	"canopy/store"
)

// Identities. Canopy keeps a directory of AWS accounts (members and
// standalone) and of the access keys that act for them: long-term keys of
// an IAM user, minted by the operator (canopy accounts create, canopy keys
// create), and temporary credentials from STS AssumeRole. Keys Canopy mints
// start with AKIA (long-term) or ASIA (temporary) and never have 12 digits,
// which development mode reads as an account ID.

// DefaultUserName is the IAM user an operator's keys belong to when the
// operator names none.
const DefaultUserName = "canopy-admin"

// Role session limits (IAM's defaults for a role's MaxSessionDuration).
const (
	minSessionDuration     = 15 * time.Minute
	defaultSessionDuration = time.Hour
	maxSessionDuration     = time.Hour
)

// CreateStandaloneAccount adds an account that belongs to no organization,
// with a long-term key of an IAM user of it. It is an operator's command,
// not an API operation.
func (e *Engine) CreateStandaloneAccount(ctx context.Context, email, name, user string) (*org.Account, *org.AccessKey, error) {
	if !validAccountEmail(email) {
		return nil, nil, org.InvalidInput(org.ReasonInvalidPattern, "The email address %q is not valid.", email)
	}
	if name == "" || len(name) > 50 {
		return nil, nil, org.InvalidInput(org.ReasonInvalidPattern, "An account name has 1 to 50 characters.")
	}
	var a *org.Account
	var k *org.AccessKey
	err := e.update(ctx, func(tx store.Tx) error {
		if _, err := tx.GetAccountByEmail(email); err == nil {
			return org.Errorf(org.ErrDuplicateAccount, "An account with the email %s already exists.", email)
		} else if !notFound(err) {
			return err
		}
		id, err := e.newAccountID(tx)
		if err != nil {
			return err
		}
		now := e.timestamp()
		a = &org.Account{ID: id, Email: email, Name: name, Status: org.AccountActive, State: org.AccountActive, CreatedAt: now}
		if err := tx.PutAccount(a); err != nil {
			return err
		}
		k, err = e.newUserKey(tx, a.ID, user)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return a, k, nil
}

// CreateAccessKey adds a long-term key of an IAM user of an existing
// account (a member, a standalone account, or one made by CreateAccount).
func (e *Engine) CreateAccessKey(ctx context.Context, accountID, user string) (*org.AccessKey, error) {
	var k *org.AccessKey
	err := e.update(ctx, func(tx store.Tx) error {
		if _, err := tx.GetAccount(accountID); notFound(err) {
			return errAccountNotFound
		} else if err != nil {
			return err
		}
		var err error
		k, err = e.newUserKey(tx, accountID, user)
		return err
	})
	return k, err
}

func (e *Engine) newUserKey(tx store.Tx, accountID, user string) (*org.AccessKey, error) {
	if user == "" {
		user = DefaultUserName
	}
	if !validIAMName(user) {
		return nil, org.InvalidInput(org.ReasonInvalidPattern, "An IAM user name has 1 to 64 letters, digits and +=,.@_- characters.")
	}
	k := &org.AccessKey{
		AccessKeyID:     "AKIA" + ids.KeySuffix(),
		SecretAccessKey: ids.Secret(40),
		AccountID:       accountID,
		CreatedAt:       e.timestamp(),
		Principal:       "arn:aws:iam::" + accountID + ":user/" + user,
	}
	return k, tx.PutAccessKey(k)
}

// validIAMName checks an IAM user or role name.
func validIAMName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("+=,.@_-", r)) {
			return false
		}
	}
	return true
}

// LookupKey returns the key with an ID, or an error that wraps
// store.ErrNotFound. Expired temporary credentials are returned too: the
// caller tells an expired token from an unknown one.
func (e *Engine) LookupKey(ctx context.Context, id string) (*org.AccessKey, error) {
	var k *org.AccessKey
	err := e.view(ctx, func(tx store.Tx) error {
		var err error
		k, err = tx.GetAccessKey(id)
		return err
	})
	return k, err
}

// CallerIdentity is what STS GetCallerIdentity answers.
type CallerIdentity struct {
	Account, Arn, UserID string
}

// principalOf returns the ARN of the caller's identity in its partition.
func principalOf(c org.Caller) string {
	p := c.Principal
	if p == "" {
		p = "arn:aws:iam::" + c.AccountID + ":root"
	}
	if c.Partition != "" && c.Partition != "aws" && strings.HasPrefix(p, "arn:aws:") {
		p = "arn:" + c.Partition + ":" + strings.TrimPrefix(p, "arn:aws:")
	}
	return p
}

// uniqueID derives the stable unique ID IAM gives an identity, from its ARN.
func uniqueID(prefix, arn string) string {
	sum := sha256.Sum256([]byte(arn))
	return prefix + base32.StdEncoding.EncodeToString(sum[:])[:17]
}

// GetCallerIdentity answers who the caller is.
func (e *Engine) GetCallerIdentity(ctx context.Context) (*CallerIdentity, error) {
	var out CallerIdentity
	err := e.view(ctx, func(tx store.Tx) error {
		c, err := callerOf(ctx, tx)
		if err != nil {
			return err
		}
		arn := principalOf(c)
		out = CallerIdentity{Account: c.AccountID, Arn: arn}
		switch {
		case strings.HasSuffix(arn, ":root"):
			out.UserID = c.AccountID
		case strings.Contains(arn, ":assumed-role/"):
			parts := strings.Split(arn, "/")
			role := strings.Join(parts[:len(parts)-1], "/")
			out.UserID = uniqueID("AROA", role) + ":" + parts[len(parts)-1]
		default:
			out.UserID = uniqueID("AIDA", arn)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// AssumeRoleInput is an STS AssumeRole request, as the engine needs it.
type AssumeRoleInput struct {
	RoleArn         string
	RoleSessionName string
	// DurationSeconds is 0 for the default of one hour.
	DurationSeconds int
}

// AssumeRoleOutput is a role session's temporary credentials.
type AssumeRoleOutput struct {
	AccessKeyID, SecretAccessKey, SessionToken string
	Expiration                                 time.Time
	AssumedRoleID, Arn                         string
}

// STS error codes the engine answers. The STS front-end gives them their
// wire form (HTTP 403 for AccessDenied, 400 for ValidationError).
const (
	ErrSTSAccessDenied = org.Code("AccessDenied")
	ErrSTSValidation   = org.Code("ValidationError")
)

// AssumeRole gives a principal of an organization's management account
// temporary credentials of the role CreateAccount made in a member account
// (OrganizationAccountAccessRole unless the request named another), whose
// trust policy trusts that management account. The role stays in the
// account if it leaves the organization. Canopy knows no other roles.
func (e *Engine) AssumeRole(ctx context.Context, in *AssumeRoleInput) (*AssumeRoleOutput, error) {
	d := time.Duration(in.DurationSeconds) * time.Second
	if d == 0 {
		d = defaultSessionDuration
	}
	var out *AssumeRoleOutput
	err := e.update(ctx, func(tx store.Tx) error {
		c, err := callerOf(ctx, tx)
		if err != nil {
			return err
		}
		who := principalOf(c)
		denied := &org.Error{Code: ErrSTSAccessDenied, Message: "User: " + who + " is not authorized to perform: sts:AssumeRole on resource: " + in.RoleArn}
		if c.Verified && strings.HasSuffix(who, ":root") {
			return &org.Error{Code: ErrSTSAccessDenied, Message: "Roles may not be assumed by root accounts."}
		}
		if d < minSessionDuration {
			return &org.Error{Code: ErrSTSValidation, Message: "1 validation error detected: Value '" + strconv.Itoa(in.DurationSeconds) + "' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"}
		}
		if d > maxSessionDuration {
			if strings.Contains(who, ":assumed-role/") {
				return &org.Error{Code: ErrSTSValidation, Message: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."}
			}
			return &org.Error{Code: ErrSTSValidation, Message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."}
		}
		partition, account, role, ok := parseRoleArn(in.RoleArn)
		if !ok || partition != c.Partition {
			return denied
		}
		target, err := tx.GetAccount(account)
		if notFound(err) {
			return denied
		} else if err != nil {
			return err
		}
		// The role trusts the account that was the management account
		// when CreateAccount made it.
		if target.RoleName == "" || !strings.EqualFold(target.RoleName, role) || c.AccountID != target.RoleTrust {
			return denied
		}
		now := e.now()
		roleArn := "arn:" + partition + ":iam::" + account + ":role/" + target.RoleName
		sessionArn := "arn:" + partition + ":sts::" + account + ":assumed-role/" + target.RoleName + "/" + in.RoleSessionName
		k := &org.AccessKey{
			AccessKeyID:     "ASIA" + ids.KeySuffix(),
			SecretAccessKey: ids.Secret(40),
			AccountID:       account,
			CreatedAt:       org.NewTime(now),
			Principal:       sessionArn,
			SessionToken:    newSessionToken(),
			Expires:         org.NewTime(now.Add(d)),
		}
		if err := tx.PutAccessKey(k); err != nil {
			return err
		}
		out = &AssumeRoleOutput{
			AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey, SessionToken: k.SessionToken,
			Expiration: k.Expires.Time, AssumedRoleID: uniqueID("AROA", roleArn) + ":" + in.RoleSessionName, Arn: sessionArn,
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// parseRoleArn splits "arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME".
func parseRoleArn(arn string) (partition, account, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3] != "" || !ids.IsAccountID(parts[4]) {
		return "", "", "", false
	}
	res, found := strings.CutPrefix(parts[5], "role/")
	if !found || res == "" {
		return "", "", "", false
	}
	name = res[strings.LastIndexByte(res, '/')+1:]
	return parts[1], parts[4], name, name != ""
}

// newSessionToken returns an opaque session token.
func newSessionToken() string {
	b := make([]byte, 120)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}
