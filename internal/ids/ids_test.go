package ids

import (
	"regexp"
	"testing"
)

// The patterns are the service model's, anchored as AWS matches them.
func TestFormatsMatchModel(t *testing.T) {
	a := ARNs{Partition: "aws", Management: "111111111111", OrgID: Organization()}
	root := Root()
	ou := OrganizationalUnit(root)
	tests := []struct {
		name, pattern, value string
	}{
		{"OrganizationId", `^o-[a-z0-9]{10,32}$`, a.OrgID},
		{"RootId", `^r-[0-9a-z]{4,32}$`, root},
		{"OrganizationalUnitId", `^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`, ou},
		{"AccountId", `^\d{12}$`, Account()},
		{"PolicyId", `^p-[0-9a-zA-Z_]{8,128}$`, Policy()},
		{"CreateAccountRequestId", `^car-[a-z0-9]{8,32}$`, CreateAccountRequest()},
		{"HandshakeId", `^h-[0-9a-z]{8,32}$`, Handshake()},
		{"OrganizationArn", `^arn:aws:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$`, a.Organization()},
		{"AccountArn", `^arn:aws:organizations::\d{12}:account\/o-[a-z0-9]{10,32}\/\d{12}$`, a.Account(Account())},
		{"RootArn", `^arn:aws:organizations::\d{12}:root\/o-[a-z0-9]{10,32}\/r-[0-9a-z]{4,32}$`, a.Root(root)},
		{"OrganizationalUnitArn", `^arn:aws:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$`, a.OU(ou)},
		{"PolicyArn", `^arn:aws:organizations::\d{12}:policy\/o-[a-z0-9]{10,32}\/[0-9a-z_]+\/p-[0-9a-z]{10,32}$`, a.Policy(Policy(), "SERVICE_CONTROL_POLICY", false)},
		{"PolicyArnManaged", `^arn:aws:organizations::aws:policy\/[0-9a-z_]+\/p-[0-9a-zA-Z_]{10,128}$`, a.Policy("p-FullAWSAccess", "SERVICE_CONTROL_POLICY", true)},
		{"HandshakeArn", `^arn:aws:organizations::\d{12}:handshake\/o-[a-z0-9]{10,32}\/[a-z_]{1,32}\/h-[0-9a-z]{8,32}$`, a.Handshake(Handshake(), "INVITE")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !regexp.MustCompile(tt.pattern).MatchString(tt.value) {
				t.Errorf("got %q, want a match of %s", tt.value, tt.pattern)
			}
		})
	}
}

func TestRandomIsUniform(t *testing.T) {
	counts := map[byte]int{}
	for i := 0; i < 2000; i++ {
		for _, c := range []byte(random("ab", 10)) {
			counts[c]++
		}
	}
	if counts['a'] < 9000 || counts['b'] < 9000 {
		t.Errorf("got %v, want about 10000 each", counts)
	}
}

func TestIsAccountID(t *testing.T) {
	for s, want := range map[string]bool{"123456789012": true, "12345678901": false, "12345678901a": false, "": false} {
		if got := IsAccountID(s); got != want {
			t.Errorf("IsAccountID(%q) = %v, want %v", s, got, want)
		}
	}
}
