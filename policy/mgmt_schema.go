package policy

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// The per-type schemas: which keys each management policy type has, which
// of them are settings (values set with @@ operators) and which containers,
// what values a setting takes, and what an effective policy must contain.
// Where AWS documents a field precisely the schema is closed and strict;
// where the documentation is loose or moving (backup, EC2 declarative
// attributes) a container is open: unknown keys are accepted and only the
// inheritance grammar is checked beneath them.

// mgOp is a set of value-setting operators.
type mgOp uint8

const (
	opAssign mgOp = 1 << iota
	opAppend
	opRemove
	opAll  = opAssign | opAppend | opRemove
	opNone = mgOp(0)
)

func (o mgOp) String() string {
	if o == opNone {
		return "@@none"
	}
	var parts []string
	for _, x := range []struct {
		op   mgOp
		name string
	}{{opAssign, "@@assign"}, {opAppend, "@@append"}, {opRemove, "@@remove"}} {
		if o&x.op != 0 {
			parts = append(parts, x.name)
		}
	}
	return strings.Join(parts, ", ")
}

type mgShape uint8

const (
	shContainer mgShape = iota // fixed field names
	shMap                      // keys are identifiers (tag keys, plan names, regions)
	shScalar                   // a single-valued setting: @@assign only
	shList                     // a multi-valued setting
	shAny                      // undocumented: the document's own operators decide
)

type mgSchema struct {
	shape mgShape

	fields map[string]*mgSchema // container
	open   bool                 // container: unknown keys are accepted as shAny

	elem     *mgSchema           // map
	keyCheck func(string) string // map: "" or what is wrong with the key
	fold     bool                // map: keys match case-insensitively
	lowerOut bool                // map: the effective policy shows keys in lower case

	ops  mgOp                // settings: the value-setting operators the type allows
	item func(mgJSON) string // settings: "" or what is wrong with a value

	// Checks on the effective policy (section 5.4 of the spec).
	required []string // keys that must be present
	minItems int      // a list or map must hold at least this many
	maxItems int      // and at most this many (0: no limit)
}

type mgType struct {
	top    string
	schema *mgSchema
	// childOps are the value-setting operators that
	// @@operators_allowed_for_child_policies may list for this type.
	childOps mgOp
	// post runs type rules that span fields, after the walk.
	post func(doc *pnode) error
}

func container(fields map[string]*mgSchema) *mgSchema {
	return &mgSchema{shape: shContainer, fields: fields}
}

func openContainer(fields map[string]*mgSchema) *mgSchema {
	return &mgSchema{shape: shContainer, fields: fields, open: true}
}

func mapOf(elem *mgSchema, keyCheck func(string) string) *mgSchema {
	return &mgSchema{shape: shMap, elem: elem, keyCheck: keyCheck}
}

func scalar(item func(mgJSON) string) *mgSchema {
	return &mgSchema{shape: shScalar, ops: opAssign, item: item}
}

func list(item func(mgJSON) string) *mgSchema {
	return &mgSchema{shape: shList, ops: opAll, item: item}
}

func (s *mgSchema) withRequired(keys ...string) *mgSchema { s.required = keys; return s }
func (s *mgSchema) withCount(minItems, maxItems int) *mgSchema {
	s.minItems, s.maxItems = minItems, maxItems
	return s
}
func (s *mgSchema) folded(lowerOut bool) *mgSchema { s.fold, s.lowerOut = true, lowerOut; return s }

var anySchema = &mgSchema{shape: shAny, ops: opAll}

// Value checks. Each returns what the user should fix, or "".

func anyString(v mgJSON) string {
	if v.kind != mjString {
		return fmt.Sprintf("write a JSON string, not %s", v.kind)
	}
	return ""
}

func enum(values ...string) func(mgJSON) string {
	return func(v mgJSON) string {
		if v.kind == mjString {
			for _, x := range values {
				if v.s == x {
					return ""
				}
			}
		}
		return fmt.Sprintf("%s is not allowed here: use one of %s (case-sensitive)", mgShow(v), mgQuoteAll(values))
	}
}

var wholeRE = regexp.MustCompile(`^[0-9]{1,10}$`)

// Backup writes whole numbers as strings ("60") in AWS's own examples; a
// JSON integer is accepted too.
func wholeNumber(v mgJSON) string {
	if (v.kind == mjString || v.kind == mjNumber) && wholeRE.MatchString(v.s) {
		return ""
	}
	return fmt.Sprintf("%s is not a whole number of minutes or days: write it like \"60\"", mgShow(v))
}

func booleanText(v mgJSON) string {
	if v.kind == mjBool || (v.kind == mjString && (v.s == "true" || v.s == "false")) {
		return ""
	}
	return fmt.Sprintf("%s is not a boolean: write true or false", mgShow(v))
}

var regionRE = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)

func region(v mgJSON) string {
	if v.kind == mjString && regionRE.MatchString(v.s) {
		return ""
	}
	return fmt.Sprintf("%s is not an AWS Region code such as \"us-east-1\"", mgShow(v))
}

func regionOrAll(v mgJSON) string {
	if v.kind == mjString && (v.s == "ALL_SUPPORTED" || regionRE.MatchString(v.s)) {
		return ""
	}
	return fmt.Sprintf("%s is not an AWS Region code such as \"us-east-1\" or ALL_SUPPORTED", mgShow(v))
}

func regionKey(k string) string {
	if regionRE.MatchString(k) {
		return ""
	}
	return fmt.Sprintf("%s is not an AWS Region code such as \"us-east-1\"", mgQ(k))
}

func nonEmptyKey(k string) string {
	if k == "" {
		return "the key is empty: name it"
	}
	return ""
}

// tagValue allows one * wildcard per value, as the tag policy syntax says.
func tagValue(v mgJSON) string {
	if m := anyString(v); m != "" {
		return m
	}
	if strings.Count(v.s, "*") > 1 {
		return fmt.Sprintf("%s has more than one * wildcard: a tag value may use one", mgShow(v))
	}
	return ""
}

var tagResourceRE = regexp.MustCompile(`^[a-z0-9-]+:([A-Za-z0-9._:-]+|\*|ALL_SUPPORTED)$`)

func tagResource(v mgJSON) string {
	if v.kind == mjString && tagResourceRE.MatchString(v.s) {
		return ""
	}
	return fmt.Sprintf("%s is not a resource type: write \"service:resourceType\", \"service:*\" or \"service:ALL_SUPPORTED\" (for example \"ec2:instance\")", mgShow(v))
}

var chatWorkspaceRE = regexp.MustCompile(`^[0-9A-Z]{1,255}$`)
var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$`)

func slackWorkspace(v mgJSON) string {
	if v.kind == mjString && (v.s == "*" || chatWorkspaceRE.MatchString(v.s)) {
		return ""
	}
	return fmt.Sprintf("%s is not a Slack workspace ID (upper-case letters and digits, like \"T012ABCDEFG\") or \"*\"", mgShow(v))
}

func slackWorkspaceKey(k string) string {
	if chatWorkspaceRE.MatchString(k) {
		return ""
	}
	return fmt.Sprintf("%s is not a Slack workspace ID (upper-case letters and digits)", mgQ(k))
}

func teamsID(v mgJSON) string {
	if v.kind == mjString && (v.s == "*" || uuidRE.MatchString(v.s)) {
		return ""
	}
	return fmt.Sprintf("%s is not a Microsoft Teams ID (a lower-case UUID) or \"*\"", mgShow(v))
}

func teamsKey(wildcard bool) func(string) string {
	return func(k string) string {
		if uuidRE.MatchString(k) || (wildcard && k == "*") {
			return ""
		}
		return fmt.Sprintf("%s is not a Microsoft Teams ID (a lower-case UUID)", mgQ(k))
	}
}

var guardrailRE = regexp.MustCompile(`^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:guardrail/[a-z0-9]+:[0-9]+$`)

func guardrail(v mgJSON) string {
	if v.kind == mjString && guardrailRE.MatchString(v.s) {
		return ""
	}
	return fmt.Sprintf("%s is not a guardrail ARN with its version, like \"arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123:1\"", mgShow(v))
}

// The AI services opt-out service names, as listed in the syntax reference.
// AWS refuses names it does not know, so an emulator that accepted them
// would let a typo through.
var aiServices = []string{
	"default", "aidevops", "aiops", "awssupplychain", "biodiscovery", "chimesdkvoiceanalytics", "cloudwatch",
	"codeguruprofiler", "codewhisperer", "comprehend", "config", "connect", "connectamd", "connectdecision",
	"connecthealth::operations", "connecthealth::training", "connectoptimization", "contactlens", "datazone",
	"dms", "entityresolution", "finopsagent", "frauddetector", "glue", "guardduty", "lex", "polly", "q",
	"quicksightq", "rekognition", "scenariodiscovery", "securityhub", "securitylake", "textract", "transcribe",
	"transform", "translate", "workspaces",
}

func aiServiceKey(k string) string {
	for _, s := range aiServices {
		if k == s {
			return ""
		}
	}
	sorted := append([]string{}, aiServices[1:]...)
	sort.Strings(sorted)
	return fmt.Sprintf("%s is not an AI service name: use \"default\" or one of %s (lower case)", mgQ(k), strings.Join(sorted, ", "))
}

// mgShow quotes a value for a message, cut short: the user needs to find
// it, not to read ten thousand characters of it back.
func mgShow(v mgJSON) string {
	switch v.kind {
	case mjString:
		return mgQ(v.s)
	case mjNumber, mjBool:
		return v.s
	}
	return v.kind.String()
}

func mgQ(s string) string {
	if r := []rune(s); len(r) > 64 {
		return fmt.Sprintf("%q…", string(r[:60]))
	}
	return fmt.Sprintf("%q", s)
}

func mgQuoteAll(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// The schemas.

func regionLists(item func(mgJSON) string) map[string]*mgSchema {
	return map[string]*mgSchema{"enable_in_regions": list(item), "disable_in_regions": list(item)}
}

func backupLifecycle() *mgSchema {
	return openContainer(map[string]*mgSchema{
		"move_to_cold_storage_after_days":           scalar(wholeNumber),
		"delete_after_days":                         scalar(wholeNumber),
		"opt_in_to_archive_for_supported_resources": scalar(booleanText),
	})
}

func backupTagPair(value *mgSchema) *mgSchema {
	return container(map[string]*mgSchema{"tag_key": scalar(anyString), "tag_value": value})
}

func chatRoles(slack bool) *mgSchema {
	f := map[string]*mgSchema{"supported_role_settings": list(enum("user_role", "channel_role"))}
	if slack {
		f["supported_channel_types"] = list(enum("public", "private"))
	}
	return container(f)
}

func chatClient() *mgSchema { return scalar(enum("enabled", "disabled")) }

var mgTypes = map[string]*mgType{
	Tag: {
		top: "tags",
		schema: mapOf(container(map[string]*mgSchema{
			"tag_key":                 scalar(anyString),
			"tag_value":               list(tagValue),
			"enforced_for":            list(tagResource),
			"report_required_tag_for": list(tagResource),
		}), nonEmptyKey).folded(true),
		childOps: opAll,
		post:     tagKeysMatch,
	},
	Backup: {
		top: "plans",
		schema: mapOf(openContainer(map[string]*mgSchema{
			"regions": list(region).withCount(1, 0),
			"rules": mapOf(openContainer(map[string]*mgSchema{
				"schedule_expression":            scalar(anyString),
				"schedule_expression_timezone":   scalar(anyString),
				"target_backup_vault_name":       scalar(anyString),
				"start_backup_window_minutes":    scalar(wholeNumber),
				"complete_backup_window_minutes": scalar(wholeNumber),
				"enable_continuous_backup":       scalar(booleanText),
				"lifecycle":                      backupLifecycle(),
				"copy_actions": mapOf(openContainer(map[string]*mgSchema{
					"target_backup_vault_arn": scalar(anyString),
					"lifecycle":               backupLifecycle(),
				}), nonEmptyKey).folded(true),
				"recovery_point_tags": mapOf(backupTagPair(anySchema), nonEmptyKey).folded(true),
			}).withRequired("target_backup_vault_name"), nonEmptyKey).folded(true).withCount(1, 10),
			"selections": openContainer(map[string]*mgSchema{
				"tags": mapOf(container(map[string]*mgSchema{
					"iam_role_arn": scalar(anyString),
					"tag_key":      scalar(anyString),
					"tag_value":    list(anyString).withCount(1, 0),
				}).withRequired("iam_role_arn", "tag_key", "tag_value"), nonEmptyKey).folded(true),
				"resources": mapOf(openContainer(map[string]*mgSchema{
					"iam_role_arn":       scalar(anyString),
					"resource_types":     list(anyString),
					"not_resource_types": list(anyString),
				}).withRequired("iam_role_arn"), nonEmptyKey).folded(true),
			}).withCount(1, 0),
			"advanced_backup_settings": mapOf(openContainer(map[string]*mgSchema{
				"WindowsVSS": scalar(enum("enabled", "disabled")),
			}), nonEmptyKey),
			"backup_plan_tags": mapOf(backupTagPair(scalar(anyString)), nonEmptyKey).folded(true),
		}).withRequired("rules", "regions", "selections"), nonEmptyKey).folded(false),
		childOps: opAll,
	},
	AIServicesOptOut: {
		top: "services",
		schema: mapOf(container(map[string]*mgSchema{
			"opt_out_policy": scalar(enum("optOut", "optIn")),
		}), aiServiceKey),
		childOps: opAssign,
	},
	Chatbot: {
		top: "chatbot",
		schema: container(map[string]*mgSchema{
			"default": container(map[string]*mgSchema{"client": chatClient()}),
			"platforms": container(map[string]*mgSchema{
				"slack": container(map[string]*mgSchema{
					"client":     chatClient(),
					"workspaces": list(slackWorkspace).withCount(0, 255),
					"default":    chatRoles(true),
					"overrides":  mapOf(chatRoles(true), slackWorkspaceKey).withCount(0, 255),
				}),
				"microsoft_teams": container(map[string]*mgSchema{
					"client":    chatClient(),
					"tenants":   mapOf(list(teamsID), teamsKey(true)).withCount(0, 36),
					"default":   chatRoles(false),
					"overrides": mapOf(mapOf(chatRoles(false), teamsKey(false)), teamsKey(false)).withCount(0, 255),
				}),
				"chime": container(map[string]*mgSchema{"client": chatClient()}),
			}),
		}),
		childOps: opAll,
	},
	// Only vpc_block_public_access and snapshot_block_public_access are
	// verified against AWS; the other attributes are accepted with any
	// scalar values until their documentation is checked.
	DeclarativeEC2: {
		top: "ec2_attributes",
		schema: openContainer(map[string]*mgSchema{
			"exception_message": scalar(anyString),
			"vpc_block_public_access": openContainer(map[string]*mgSchema{
				"internet_gateway_block": openContainer(map[string]*mgSchema{
					"mode":               scalar(enum("off", "block_ingress", "block_bidirectional")),
					"exclusions_allowed": scalar(enum("enabled", "disabled")),
				}),
			}),
			"snapshot_block_public_access": openContainer(map[string]*mgSchema{
				"state": scalar(enum("unblocked", "block_all_sharing", "block_new_sharing")),
			}),
		}),
		childOps: opAll,
	},
	SecurityHub: {
		top: "securityhub",
		schema: func() *mgSchema {
			f := regionLists(regionOrAll)
			f["features"] = mapOf(container(regionLists(regionOrAll)).withRequired("enable_in_regions", "disable_in_regions"), nonEmptyKey)
			return container(f).withRequired("enable_in_regions", "disable_in_regions")
		}(),
		childOps: opAll,
	},
	Inspector: {
		top: "inspector",
		schema: container(map[string]*mgSchema{
			"enablement": container(map[string]*mgSchema{
				"ec2_scanning":             container(regionLists(regionOrAll)),
				"ecr_scanning":             container(regionLists(regionOrAll)),
				"lambda_standard_scanning": container(regionLists(regionOrAll)),
				"lambda_code_scanning":     container(regionLists(regionOrAll)),
				"code_repository_scanning": container(regionLists(regionOrAll)),
			}),
		}),
		childOps: opAll,
	},
	UpgradeRollout: {
		top: "upgrade_rollout",
		schema: container(map[string]*mgSchema{
			"default": container(map[string]*mgSchema{"patch_order": scalar(enum("first", "second", "last"))}),
			"tags": mapOf(container(map[string]*mgSchema{
				"tag_values": mapOf(container(map[string]*mgSchema{
					"patch_order": scalar(enum("first", "second", "last")),
				}), nonEmptyKey),
			}), nonEmptyKey),
		}),
		childOps: opAll,
	},
	Bedrock: {
		top: "bedrock",
		schema: container(map[string]*mgSchema{
			"guardrail_inference": mapOf(mapOf(container(map[string]*mgSchema{
				"identifier": scalar(guardrail),
				"input_tags": scalar(enum("honor", "ignore")),
				"selective_content_guarding": container(map[string]*mgSchema{
					"system":   scalar(enum("selective", "comprehensive")),
					"messages": scalar(enum("selective", "comprehensive")),
				}),
				"model_enforcement": container(map[string]*mgSchema{
					"included_models": list(anyString),
					"excluded_models": list(anyString),
				}),
			}).withRequired("identifier", "input_tags"), nonEmptyKey), regionKey),
		}),
		childOps: opAll,
	},
	S3: {
		top: "s3_attributes",
		schema: container(map[string]*mgSchema{
			"public_access_block_configuration": scalar(enum("all", "none")),
		}),
		childOps: opAll,
	},
	NetworkSecurityDirector: {
		top: "network_security_director",
		schema: container(map[string]*mgSchema{
			"enablement": container(map[string]*mgSchema{
				"network_security_scan": container(regionLists(regionOrAll)),
			}),
		}),
		childOps: opAll,
	},
}

// tagKeysMatch enforces that a tag_key spells its policy key, "except for
// the case treatment".
func tagKeysMatch(doc *pnode) error {
	for _, tag := range doc.children {
		for _, f := range tag.children {
			if f.key == "tag_key" && f.hasAssign && f.assign.kind == mjString && !strings.EqualFold(f.assign.s, tag.key) {
				return &Error{Location: mgDots([]string{"tags", tag.key, "tag_key", "@@assign"}),
					Message: fmt.Sprintf("the tag key %s does not match its policy key %s: they may differ only in capitalisation", mgQ(f.assign.s), mgQ(tag.key))}
			}
		}
	}
	return nil
}
