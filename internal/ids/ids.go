// Package ids mints the identifiers of AWS Organizations resources and
// formats their ARNs. Every generator draws from crypto/rand so that IDs are
// unguessable, and every format matches the service model's patterns.
package ids

import (
	"crypto/rand"
	"strings"
)

const (
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	digits     = "0123456789"
	hexDigits  = "0123456789abcdef"
)

// random returns n characters drawn uniformly from alphabet.
func random(alphabet string, n int) string {
	// Rejection sampling keeps the distribution uniform for any alphabet size.
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, n+8)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic("ids: crypto/rand failed: " + err.Error())
		}
		for _, b := range buf {
			if int(b) < limit {
				out = append(out, alphabet[int(b)%len(alphabet)])
				if len(out) == n {
					break
				}
			}
		}
	}
	return string(out)
}

// Organization returns a new organization ID: "o-" and 10 characters.
func Organization() string { return "o-" + random(lowerAlnum, 10) }

// Root returns a new root ID: "r-" and 4 characters.
func Root() string { return "r-" + random(lowerAlnum, 4) }

// OrganizationalUnit returns a new OU ID for an OU in the root rootID:
// "ou-", the root's suffix, "-" and 8 characters, as AWS forms them.
func OrganizationalUnit(rootID string) string {
	return "ou-" + strings.TrimPrefix(rootID, "r-") + "-" + random(lowerAlnum, 8)
}

// Account returns a new 12-digit account ID that does not start with 0.
func Account() string { return random("123456789", 1) + random(digits, 11) }

// Policy returns a new customer policy ID: "p-" and 10 characters, which
// satisfies both the PolicyId and the PolicyArn patterns of the model.
func Policy() string { return "p-" + random(lowerAlnum, 10) }

// CreateAccountRequest returns a new CreateAccount request ID: "car-" and 32
// hexadecimal characters, as AWS forms them.
func CreateAccountRequest() string { return "car-" + random(hexDigits, 32) }

// Handshake returns a new handshake ID: "h-" and 10 characters.
func Handshake() string { return "h-" + random(lowerAlnum, 10) }

// KeySuffix returns the 16 characters after an access key ID's prefix
// (AKIA, ASIA): upper-case letters and digits 2 to 7, as AWS's keys have.
func KeySuffix() string { return random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16) }

// ResponsibilityTransfer returns a new responsibility transfer ID: "rt-"
// and 16 characters.
func ResponsibilityTransfer() string { return "rt-" + random(lowerAlnum, 16) }

// ResourcePolicy returns a new resource policy ID: "rp-" and 10 characters.
func ResourcePolicy() string { return "rp-" + random(lowerAlnum, 10) }

// Secret returns n random characters suitable for keys and secrets.
func Secret(n int) string {
	return random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", n)
}

// ARNs formats the ARNs of one organization in one partition.
type ARNs struct {
	Partition string
	// Management is the management account ID that every ARN names.
	Management string
	OrgID      string
}

func (a ARNs) prefix() string {
	return "arn:" + a.Partition + ":organizations::" + a.Management + ":"
}

// Organization returns the organization's ARN.
func (a ARNs) Organization() string { return a.prefix() + "organization/" + a.OrgID }

// Account returns an account's ARN.
func (a ARNs) Account(id string) string { return a.prefix() + "account/" + a.OrgID + "/" + id }

// Root returns a root's ARN.
func (a ARNs) Root(id string) string { return a.prefix() + "root/" + a.OrgID + "/" + id }

// OU returns an OU's ARN.
func (a ARNs) OU(id string) string { return a.prefix() + "ou/" + a.OrgID + "/" + id }

// Policy returns a policy's ARN; AWS-managed policies have their own form
// with "aws" in place of the account.
func (a ARNs) Policy(id, policyType string, awsManaged bool) string {
	t := strings.ToLower(policyType)
	if awsManaged {
		return "arn:" + a.Partition + ":organizations::aws:policy/" + t + "/" + id
	}
	return a.prefix() + "policy/" + a.OrgID + "/" + t + "/" + id
}

// Handshake returns a handshake's ARN.
func (a ARNs) Handshake(id, action string) string {
	return a.prefix() + "handshake/" + a.OrgID + "/" + strings.ToLower(action) + "/" + id
}

// Transfer returns a responsibility transfer's ARN as one side of it sees
// it: direction is "inbound" for the organization that takes on the
// responsibility and "outbound" for the one that hands it over.
func (a ARNs) Transfer(id, transferType, direction string) string {
	return a.prefix() + "transfer/" + a.OrgID + "/" + strings.ToLower(transferType) + "/" + direction + "/" + id
}

// ResourcePolicy returns the ARN of the organization's resource policy.
func (a ARNs) ResourcePolicy(id string) string {
	return a.prefix() + "resourcepolicy/" + a.OrgID + "/" + id
}

// IsAccountID reports whether s is a 12-digit account ID.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
