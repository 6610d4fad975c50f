package policy

import "fmt"

// The 13 policy types of the AWS Organizations service model.
const (
	ServiceControl          = "SERVICE_CONTROL_POLICY"
	ResourceControl         = "RESOURCE_CONTROL_POLICY"
	Tag                     = "TAG_POLICY"
	Backup                  = "BACKUP_POLICY"
	AIServicesOptOut        = "AISERVICES_OPT_OUT_POLICY"
	Chatbot                 = "CHATBOT_POLICY"
	DeclarativeEC2          = "DECLARATIVE_POLICY_EC2"
	SecurityHub             = "SECURITYHUB_POLICY"
	Inspector               = "INSPECTOR_POLICY"
	UpgradeRollout          = "UPGRADE_ROLLOUT_POLICY"
	Bedrock                 = "BEDROCK_POLICY"
	S3                      = "S3_POLICY"
	NetworkSecurityDirector = "NETWORK_SECURITY_DIRECTOR_POLICY"
)

// Types lists every policy type.
var Types = []string{
	ServiceControl, ResourceControl, Tag, Backup, AIServicesOptOut, Chatbot, DeclarativeEC2,
	SecurityHub, Inspector, UpgradeRollout, Bedrock, S3, NetworkSecurityDirector,
}

// IsAuthorization reports whether a type is an authorization policy (SCP or
// RCP: IAM grammar, evaluated) rather than a management policy (inherited
// with @@ operators into an effective policy).
func IsAuthorization(policyType string) bool {
	return policyType == ServiceControl || policyType == ResourceControl
}

// Error is a malformed policy document: where the problem is, as a user
// fixing the document needs it, and what it is. Location is a path such as
// "Statement[2] (Sid DenyS3).Condition.StringEquals" or
// "tags.costcenter.tag_value.@@assign"; empty for the document as a whole.
type Error struct {
	Location string
	Message  string
}

func (e *Error) Error() string {
	if e.Location == "" {
		return e.Message
	}
	return fmt.Sprintf("%s: %s", e.Location, e.Message)
}

// Options tune validation.
type Options struct {
	// StrictSCP validates SCPs with the rules AWS applied before it
	// accepted the full IAM policy language (September 2025): Allow
	// statements with Resource "*" only and no Condition, NotAction only in
	// Deny statements, wildcards in actions only at the end.
	StrictSCP bool
}

// Validate checks a document of a policy type and returns an *Error when it
// is malformed. Size limits are not its concern (the caller's quotas are).
func Validate(policyType, content string, opt Options) error {
	switch policyType {
	case ServiceControl:
		return ValidateSCP(content, opt.StrictSCP)
	case ResourceControl:
		return ValidateRCP(content)
	}
	return ValidateManagement(policyType, content)
}
