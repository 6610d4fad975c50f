package engine

import "canopy/org"

// The AWS-managed policies every organization sees. AWS attaches each to the
// root, every OU and every account when its type is enabled, and to every OU
// and account made or joined while it is.
const (
	FullAWSAccessID    = "p-FullAWSAccess"
	RCPFullAWSAccessID = "p-RCPFullAWSAccess"
)

var managedPolicies = []org.Policy{
	{
		PolicySummary: org.PolicySummary{
			ID:          FullAWSAccessID,
			Name:        "FullAWSAccess",
			Description: "Allows access to every operation",
			Type:        SCP,
			AwsManaged:  true,
		},
		Content: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}",
	},
	{
		PolicySummary: org.PolicySummary{
			ID:          RCPFullAWSAccessID,
			Name:        "RCPFullAWSAccess",
			Description: "Allows access to every resource",
			Type:        RCP,
			AwsManaged:  true,
		},
		Content: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": \"*\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}",
	},
}

// defaultPolicy returns the AWS-managed policy AWS attaches for a policy
// type, or "" for types that have none.
func defaultPolicy(policyType string) string {
	switch policyType {
	case SCP:
		return FullAWSAccessID
	case RCP:
		return RCPFullAWSAccessID
	}
	return ""
}
