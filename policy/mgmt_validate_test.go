package policy

import (
	"errors"
	"strings"
	"testing"
)

// Documents AWS's own pages show, one or more per type: all must pass.
var mgValidDocs = map[string][]string{
	Tag: {
		`{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"},"tag_value":{"@@assign":["100","200","300*"]},"enforced_for":{"@@assign":["secretsmanager:ALL_SUPPORTED"]}}}}`,
		`{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"},"tag_value":{"@@assign":["100","200"]},"enforced_for":{"@@assign":["secretsmanager:*"]}}}}`,
		`{"tags":{"project":{"tag_key":{"@@operators_allowed_for_child_policies":["@@none"],"@@assign":"Project"},"tag_value":{"@@operators_allowed_for_child_policies":["@@append"],"@@assign":["Maintenance","Escalations"]}}}}`,
		`{"tags":{"project":{"tag_value":{"@@operators_allowed_for_child_policies":["@@append","@@remove"]}}}}`,
		`{"tags":{"CostCenter":{"tag_value":{"@@assign":["Production","Test"]}},"Project":{"tag_value":{"@@remove":["A"]}}}}`,
		`{"tags":{"owner":{"report_required_tag_for":{"@@assign":["ec2:instance","s3:bucket"]}}}}`,
		`{"tags":{"@@operators_allowed_for_child_policies":["@@all","@@assign"]}}`,
		`{"tags":{}}`,
		`{"tags":{"k":{}}}`,
		`{"tags":{"k":{"tag_value":{}}}}`,
		`{"tags":{"k":{"tag_value":{"@@assign":[]}}}}`,
	},
	Backup: {
		`{"plans":{"PII_Backup_Plan":{"rules":{"My_Hourly_Rule":{"schedule_expression":{"@@assign":"cron(0 5 ? * * *)"},"start_backup_window_minutes":{"@@assign":"60"},
			"complete_backup_window_minutes":{"@@assign":"604800"},"target_backup_vault_name":{"@@assign":"My_Backup_Vault"},
			"recovery_point_tags":{"Owner":{"tag_key":{"@@assign":"Owner"},"tag_value":{"@@assign":"Backup"}}},
			"lifecycle":{"move_to_cold_storage_after_days":{"@@assign":"180"},"delete_after_days":{"@@assign":"270"}},
			"copy_actions":{"arn:aws:backup:us-west-2:$account:backup-vault:My_Secondary_Vault":{"target_backup_vault_arn":{"@@assign":"arn:aws:backup:us-west-2:$account:backup-vault:My_Secondary_Vault"},
				"lifecycle":{"move_to_cold_storage_after_days":{"@@assign":"180"},"delete_after_days":{"@@assign":"270"}}}}}},
			"regions":{"@@append":["us-east-1","eu-north-1"]},
			"selections":{"tags":{"My_Backup_Assignment":{"iam_role_arn":{"@@assign":"arn:aws:iam::$account:role/MyIamRole"},"tag_key":{"@@assign":"dataType"},"tag_value":{"@@assign":["PII","RED"]}}}},
			"advanced_backup_settings":{"ec2":{"WindowsVSS":{"@@assign":"enabled"}}},
			"backup_plan_tags":{"stage":{"tag_key":{"@@assign":"Stage"},"tag_value":{"@@assign":"Beta"}}}}}}`,
		`{"plans":{"@@operators_allowed_for_child_policies":["@@append"],"PII_Backup_Plan":{"@@operators_allowed_for_child_policies":["@@none"]}}}`,
		// Keys AWS added after the documentation Canopy follows.
		`{"plans":{"P":{"rules":{"R":{"index_actions":{"resource_types":{"@@assign":["EBS"]}},"start_backup_window_minutes":{"@@assign":60}}},"scan_settings":{"x":{"y":{"@@assign":"z"}}}}}}`,
	},
	AIServicesOptOut: {
		`{"services":{"rekognition":{"opt_out_policy":{"@@assign":"optOut"}},"lex":{"opt_out_policy":{"@@assign":"optIn"}}}}`,
		`{"services":{"@@operators_allowed_for_child_policies":["@@none"],"default":{"@@operators_allowed_for_child_policies":["@@none"],"opt_out_policy":{"@@operators_allowed_for_child_policies":["@@none"],"@@assign":"optOut"}}}}`,
		`{"services":{"default":{"opt_out_policy":{"@@assign":"optOut"}},"comprehend":{"opt_out_policy":{"@@operators_allowed_for_child_policies":["@@assign"],"@@assign":"optOut"}}}}`,
		`{"services":{"connecthealth::training":{"opt_out_policy":{"@@assign":"optOut"}},"default":{}}}`,
	},
	Chatbot: {
		`{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"enabled"},"workspaces":{"@@assign":["T012ABCDEFG","*"]},"default":{"supported_channel_types":{"@@assign":["private"]},"supported_role_settings":{"@@assign":["user_role"]}},"overrides":{"T012ABCDEFG":{"supported_channel_types":{"@@assign":["public"]}}}},"microsoft_teams":{"client":{"@@assign":"disabled"},"tenants":{"2c8e7b4a-0000-4000-8000-000000000000":{"@@assign":["*"]}}},"chime":{"client":{"@@assign":"disabled"}}},"default":{"client":{"@@assign":"disabled"}}}}`,
	},
	DeclarativeEC2: {
		`{"ec2_attributes":{"exception_message":{"@@assign":"Your custom error message.https://myURL"},"vpc_block_public_access":{"internet_gateway_block":{"mode":{"@@assign":"block_ingress"},"exclusions_allowed":{"@@assign":"enabled"}}}}}`,
		`{"ec2_attributes":{"snapshot_block_public_access":{"state":{"@@assign":"block_new_sharing"}},"serial_console_access":{"status":{"@@assign":"enabled"}}}}`,
		`{"ec2_attributes":{"allowed_images_settings":{"state":{"@@assign":"enabled"},"image_criteria":{"criteria_1":{"allowed_image_providers":{"@@append":["amazon"]}}}}}}`,
	},
	SecurityHub: {
		`{"securityhub":{"enable_in_regions":{"@@append":["ALL_SUPPORTED"],"@@operators_allowed_for_child_policies":["@@all"]},"disable_in_regions":{"@@append":[],"@@operators_allowed_for_child_policies":["@@all"]}}}`,
		`{"securityhub":{"enable_in_regions":{"@@assign":["us-east-1","eu-west-1"]},"disable_in_regions":{"@@assign":[]},"features":{"security_hub_cspm":{"enable_in_regions":{"@@assign":["ALL_SUPPORTED"]},"disable_in_regions":{"@@assign":[]}}}}}`,
		`{"securityhub":{"disable_in_regions":{"@@remove":["us-west-2"]}}}`,
	},
	Inspector: {
		`{"inspector":{"enablement":{"ec2_scanning":{"enable_in_regions":{"@@assign":["us-east-1","us-west-2"]},"disable_in_regions":{"@@assign":["eu-west-1"]}},"lambda_code_scanning":{"enable_in_regions":{"@@append":["ALL_SUPPORTED"]}}}}}`,
	},
	UpgradeRollout: {
		`{"upgrade_rollout":{"default":{"patch_order":{"@@assign":"last"}},"tags":{"devsecops":{"tag_values":{"prod":{"patch_order":{"@@assign":"last"}},"test":{"patch_order":{"@@assign":"first"}}}}}}}`,
	},
	Bedrock: {
		`{"bedrock":{"guardrail_inference":{"us-east-1":{"config_1":{"identifier":{"@@assign":"arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d:1"},"input_tags":{"@@assign":"honor"},
			"selective_content_guarding":{"system":{"@@assign":"selective"},"messages":{"@@assign":"comprehensive"}},
			"model_enforcement":{"included_models":{"@@assign":["ALL"]},"excluded_models":{"@@assign":["amazon.titan-embed-text-v2:0","cohere.embed-english-v3"]}}}}}}}`,
	},
	S3: {
		`{"s3_attributes":{"public_access_block_configuration":{"@@assign":"all"}}}`,
		`{"s3_attributes":{"public_access_block_configuration":{"@@operators_allowed_for_child_policies":["@@none"],"@@assign":"none"}}}`,
	},
	NetworkSecurityDirector: {
		`{"network_security_director":{"enablement":{"network_security_scan":{"enable_in_regions":{"@@assign":["us-east-1"]},"disable_in_regions":{"@@assign":[]}}}}}`,
	},
}

func TestValidateManagementAccepts(t *testing.T) {
	for typ, docs := range mgValidDocs {
		for i, d := range docs {
			if err := ValidateManagement(typ, d); err != nil {
				t.Errorf("%s #%d: %v", typ, i, err)
			}
			if err := Validate(typ, d, Options{}); err != nil {
				t.Errorf("%s #%d through Validate: %v", typ, i, err)
			}
		}
	}
	if len(mgValidDocs) != len(mgTypes) {
		t.Errorf("valid examples for %d types, want all %d", len(mgValidDocs), len(mgTypes))
	}
}

func TestValidateManagementRejects(t *testing.T) {
	cases := []struct {
		name, typ, doc string
		loc, msg       string // the Error's Location, and a part of its Message
	}{
		// The grammar shared by every type.
		{"empty", Tag, ``, "", "empty"},
		{"not JSON", Tag, `{"tags":`, "tags", "not valid JSON"},
		{"not an object", Tag, `["tags"]`, "", "an array"},
		{"trailing content", Tag, `{"tags":{}} {}`, "", "more content"},
		{"empty object", Tag, `{}`, "", `top-level key "tags"`},
		{"wrong top-level key", Tag, `{"plans":{}}`, "plans", `single top-level key "tags"`},
		{"extra top-level key", Tag, `{"tags":{},"other":{}}`, "other", "top-level key"},
		{"operator at the root", Tag, `{"tags":{},"@@assign":"x"}`, "@@assign", "top-level key"},
		{"duplicate key", Tag, `{"tags":{"a":{},"a":{}}}`, "tags.a", "appears twice"},
		{"case-insensitive duplicate", Tag, `{"tags":{"CostCenter":{},"costcenter":{}}}`, "tags.costcenter", "same key"},
		{"top-level value is not an object", Tag, `{"tags":[]}`, "tags", "an array"},
		{"setting written as a plain value", Tag, `{"tags":{"k":{"tag_key":"K"}}}`, "tags.k.tag_key", `{"@@assign":`},
		{"unknown operator", Tag, `{"tags":{"k":{"tag_value":{"@@add":["x"]}}}}`, "tags.k.tag_value.@@add", "not an inheritance operator"},
		{"@@enforced_for is not an operator", Tag, `{"tags":{"k":{"@@enforced_for":["ec2:instance"]}}}`, "tags.k.@@enforced_for", `"enforced_for": {"@@assign"`},
		{"value operator on a container", Tag, `{"tags":{"@@assign":["x"]}}`, "tags.@@assign", "holds keys"},
		{"key inside a setting", Tag, `{"tags":{"k":{"tag_value":{"@@assign":["x"],"more":{}}}}}`, "tags.k.tag_value.more", "holds only inheritance operators"},
		{"append on a single value", Tag, `{"tags":{"k":{"tag_key":{"@@append":["K"]}}}}`, "tags.k.tag_key.@@append", "only @@assign"},
		{"remove on a single value", Tag, `{"tags":{"k":{"tag_key":{"@@remove":["K"]}}}}`, "tags.k.tag_key.@@remove", "only @@assign"},
		{"assign of a list to a single value", Tag, `{"tags":{"k":{"tag_key":{"@@assign":["K"]}}}}`, "tags.k.tag_key.@@assign", "single value"},
		{"assign of null", Tag, `{"tags":{"k":{"tag_key":{"@@assign":null}}}}`, "tags.k.tag_key.@@assign", "single value"},
		{"assign of a single value to a list", Tag, `{"tags":{"k":{"tag_value":{"@@assign":"x"}}}}`, "tags.k.tag_value.@@assign", "is a list"},
		{"append of a single value", Tag, `{"tags":{"k":{"tag_value":{"@@append":"x"}}}}`, "tags.k.tag_value.@@append", "takes a list"},
		{"object in a list", Tag, `{"tags":{"k":{"tag_value":{"@@append":[{}]}}}}`, "tags.k.tag_value.@@append[0]", "an object"},
		{"control is not a list", Tag, `{"tags":{"k":{"tag_value":{"@@operators_allowed_for_child_policies":"@@none"}}}}`, "tags.k.tag_value.@@operators_allowed_for_child_policies", "non-empty list"},
		{"control is empty", Tag, `{"tags":{"@@operators_allowed_for_child_policies":[]}}`, "tags.@@operators_allowed_for_child_policies", "non-empty list"},
		{"control names an unknown operator", Tag, `{"tags":{"@@operators_allowed_for_child_policies":["@@add"]}}`, "tags.@@operators_allowed_for_child_policies[0]", "not an operator"},
		{"control repeats an operator", Tag, `{"tags":{"@@operators_allowed_for_child_policies":["@@assign","@@assign"]}}`, "tags.@@operators_allowed_for_child_policies[1]", "twice"},
		{"@@none with others", Tag, `{"tags":{"@@operators_allowed_for_child_policies":["@@none","@@remove"]}}`, "tags.@@operators_allowed_for_child_policies[0]", "can't be combined"},
		{"control entry not a string", Tag, `{"tags":{"@@operators_allowed_for_child_policies":[1]}}`, "tags.@@operators_allowed_for_child_policies[0]", "a number"},
		{"too deep", DeclarativeEC2, `{"ec2_attributes":` + strings.Repeat(`{"a":`, 40) + `{}` + strings.Repeat(`}`, 40) + `}`, "ec2_attributes" + strings.Repeat(".a", 32), "levels deep"},

		// Tag policies.
		{"tag_key differs from its policy key", Tag, `{"tags":{"costcenter":{"tag_key":{"@@assign":"Cost-Center"}}}}`, "tags.costcenter.tag_key.@@assign", "does not match"},
		{"unknown tag field", Tag, `{"tags":{"k":{"tag_values":{"@@assign":["x"]}}}}`, "tags.k.tag_values", `"tag_value"`},
		{"field names are case-sensitive", Tag, `{"tags":{"k":{"Tag_Key":{"@@assign":"k"}}}}`, "tags.k.Tag_Key", "case-sensitive"},
		{"two wildcards in a tag value", Tag, `{"tags":{"k":{"tag_value":{"@@assign":["*@*.com"]}}}}`, "tags.k.tag_value.@@assign[0]", "more than one *"},
		{"tag value is not a string", Tag, `{"tags":{"k":{"tag_value":{"@@assign":[100]}}}}`, "tags.k.tag_value.@@assign[0]", "JSON string"},
		{"enforced_for without a service", Tag, `{"tags":{"k":{"enforced_for":{"@@assign":["instance"]}}}}`, "tags.k.enforced_for.@@assign[0]", "service:resourceType"},
		{"empty policy key", Tag, `{"tags":{"":{}}}`, "tags.", "empty"},
		{"long values are cut short in messages", Tag, `{"tags":{"k":{"tag_value":{"@@assign":["` + strings.Repeat("*", 10000) + `"]}}}}`, "tags.k.tag_value.@@assign[0]", `"` + strings.Repeat("*", 60) + `"… has more than one`},

		// Backup policies.
		{"backup region", Backup, `{"plans":{"P":{"regions":{"@@assign":["us-east"]}}}}`, "plans.P.regions.@@assign[0]", "Region code"},
		{"backup minutes", Backup, `{"plans":{"P":{"rules":{"R":{"start_backup_window_minutes":{"@@assign":"60.5"}}}}}}`, "plans.P.rules.R.start_backup_window_minutes.@@assign", "whole number"},
		{"backup VSS", Backup, `{"plans":{"P":{"advanced_backup_settings":{"ec2":{"WindowsVSS":{"@@assign":"on"}}}}}}`, "plans.P.advanced_backup_settings.ec2.WindowsVSS.@@assign", `"enabled", "disabled"`},
		{"backup rule names are case-insensitive", Backup, `{"plans":{"P":{"rules":{"Daily":{},"DAILY":{}}}}}`, "plans.P.rules.DAILY", "same key"},
		{"backup selection field", Backup, `{"plans":{"P":{"selections":{"tags":{"s":{"role":{"@@assign":"r"}}}}}}}`, "plans.P.selections.tags.s.role", `"iam_role_arn"`},
		{"undocumented backup keys still follow the grammar", Backup, `{"plans":{"P":{"scan_settings":{"x":{"@@assign":"a","b":{}}}}}}`, "plans.P.scan_settings.x.b", "holds only inheritance operators"},
		{"undocumented backup setting holding an object", Backup, `{"plans":{"P":{"scan_settings":{"@@assign":{}}}}}`, "plans.P.scan_settings.@@assign", "single value"},

		// AI services opt-out policies.
		{"AI unknown service", AIServicesOptOut, `{"services":{"s3":{"opt_out_policy":{"@@assign":"optOut"}}}}`, "services.s3", "not an AI service"},
		{"AI service names are lower case", AIServicesOptOut, `{"services":{"Default":{}}}`, "services.Default", "not an AI service"},
		{"AI value case", AIServicesOptOut, `{"services":{"lex":{"opt_out_policy":{"@@assign":"OptOut"}}}}`, "services.lex.opt_out_policy.@@assign", `"optOut", "optIn"`},
		{"AI other field", AIServicesOptOut, `{"services":{"default":{"other":{"@@assign":"optOut"}}}}`, "services.default.other", `"opt_out_policy"`},
		{"AI append", AIServicesOptOut, `{"services":{"lex":{"opt_out_policy":{"@@append":["optOut"]}}}}`, "services.lex.opt_out_policy.@@append", "only @@assign"},
		{"AI child control @@append", AIServicesOptOut, `{"services":{"@@operators_allowed_for_child_policies":["@@append"]}}`, "services.@@operators_allowed_for_child_policies[0]", "allow @@assign or @@none"},

		// Chatbot policies.
		{"chatbot platform", Chatbot, `{"chatbot":{"platforms":{"discord":{}}}}`, "chatbot.platforms.discord", `"slack"`},
		{"chatbot client value", Chatbot, `{"chatbot":{"default":{"client":{"@@assign":"on"}}}}`, "chatbot.default.client.@@assign", `"enabled", "disabled"`},
		{"chatbot workspace ID", Chatbot, `{"chatbot":{"platforms":{"slack":{"workspaces":{"@@assign":["t012"]}}}}}`, "chatbot.platforms.slack.workspaces.@@assign[0]", "Slack workspace ID"},
		{"chatbot channel types on Teams", Chatbot, `{"chatbot":{"platforms":{"microsoft_teams":{"default":{"supported_channel_types":{"@@assign":["public"]}}}}}}`, "chatbot.platforms.microsoft_teams.default.supported_channel_types", `"supported_role_settings"`},
		{"chatbot tenant ID", Chatbot, `{"chatbot":{"platforms":{"microsoft_teams":{"tenants":{"2C8E7B4A-0000-4000-8000-000000000000":{"@@assign":["*"]}}}}}}`, "chatbot.platforms.microsoft_teams.tenants.2C8E7B4A-0000-4000-8000-000000000000", "lower-case UUID"},
		{"chatbot role", Chatbot, `{"chatbot":{"platforms":{"slack":{"default":{"supported_role_settings":{"@@assign":["admin"]}}}}}}`, "chatbot.platforms.slack.default.supported_role_settings.@@assign[0]", `"user_role", "channel_role"`},

		// EC2 declarative policies.
		{"EC2 VPC BPA mode", DeclarativeEC2, `{"ec2_attributes":{"vpc_block_public_access":{"internet_gateway_block":{"mode":{"@@assign":"block"}}}}}`, "ec2_attributes.vpc_block_public_access.internet_gateway_block.mode.@@assign", `"block_ingress"`},
		{"EC2 snapshot state", DeclarativeEC2, `{"ec2_attributes":{"snapshot_block_public_access":{"state":{"@@assign":"block-all-sharing"}}}}`, "ec2_attributes.snapshot_block_public_access.state.@@assign", `"block_all_sharing"`},
		{"EC2 exception message is a string", DeclarativeEC2, `{"ec2_attributes":{"exception_message":{"@@assign":["x"]}}}`, "ec2_attributes.exception_message.@@assign", "single value"},

		// Security Hub, Inspector, network security director.
		{"Security Hub region", SecurityHub, `{"securityhub":{"enable_in_regions":{"@@assign":["all"]}}}`, "securityhub.enable_in_regions.@@assign[0]", "ALL_SUPPORTED"},
		{"Security Hub unknown key", SecurityHub, `{"securityhub":{"regions":{"@@assign":[]}}}`, "securityhub.regions", `"enable_in_regions"`},
		{"Security Hub feature field", SecurityHub, `{"securityhub":{"features":{"f":{"enabled":{"@@assign":"x"}}}}}`, "securityhub.features.f.enabled", `"disable_in_regions"`},
		{"Inspector scan type", Inspector, `{"inspector":{"enablement":{"rds_scanning":{}}}}`, "inspector.enablement.rds_scanning", `"ec2_scanning"`},
		{"Inspector list", Inspector, `{"inspector":{"enablement":{"ec2_scanning":{"enable_in_regions":{"@@assign":"us-east-1"}}}}}`, "inspector.enablement.ec2_scanning.enable_in_regions.@@assign", "is a list"},
		{"NSD scan", NetworkSecurityDirector, `{"network_security_director":{"enablement":{"scan":{}}}}`, "network_security_director.enablement.scan", `"network_security_scan"`},

		// Upgrade rollout, Bedrock, S3.
		{"patch order", UpgradeRollout, `{"upgrade_rollout":{"default":{"patch_order":{"@@assign":"third"}}}}`, "upgrade_rollout.default.patch_order.@@assign", `"first", "second", "last"`},
		{"patch order per tag value", UpgradeRollout, `{"upgrade_rollout":{"tags":{"env":{"tag_values":{"prod":{"order":{"@@assign":"last"}}}}}}}`, "upgrade_rollout.tags.env.tag_values.prod.order", `"patch_order"`},
		{"Bedrock region", Bedrock, `{"bedrock":{"guardrail_inference":{"US-EAST-1":{}}}}`, "bedrock.guardrail_inference.US-EAST-1", "Region code"},
		{"Bedrock guardrail without version", Bedrock, `{"bedrock":{"guardrail_inference":{"us-east-1":{"c":{"identifier":{"@@assign":"arn:aws:bedrock:us-east-1:123456789012:guardrail/abc"}}}}}}`, "bedrock.guardrail_inference.us-east-1.c.identifier.@@assign", "with its version"},
		{"Bedrock input tags", Bedrock, `{"bedrock":{"guardrail_inference":{"us-east-1":{"c":{"input_tags":{"@@assign":"Honor"}}}}}}`, "bedrock.guardrail_inference.us-east-1.c.input_tags.@@assign", `"honor", "ignore"`},
		{"S3 value", S3, `{"s3_attributes":{"public_access_block_configuration":{"@@assign":"ALL"}}}`, "s3_attributes.public_access_block_configuration.@@assign", `"all", "none"`},
		{"S3 field", S3, `{"s3_attributes":{"block_public_access":{"@@assign":"all"}}}`, "s3_attributes.block_public_access", `"public_access_block_configuration"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := ValidateManagement(c.typ, c.doc)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want an *Error", err)
			}
			if pe.Location != c.loc || !strings.Contains(pe.Message, c.msg) {
				t.Errorf("got %q: %q\nwant %q: …%s…", pe.Location, pe.Message, c.loc, c.msg)
			}
		})
	}
}

func TestValidateManagementTypes(t *testing.T) {
	for _, typ := range []string{ServiceControl, ResourceControl, "tag_policy", ""} {
		var pe *Error
		if err := ValidateManagement(typ, `{"tags":{}}`); !errors.As(err, &pe) {
			t.Errorf("%q: got %v, want an *Error", typ, err)
		}
	}
	// Every type's top-level key belongs to it alone.
	for typ, mt := range mgTypes {
		for other, ot := range mgTypes {
			err := ValidateManagement(other, `{"`+mt.top+`":{}}`)
			if (err == nil) != (typ == other) {
				t.Errorf("%s document as %s: err = %v", typ, ot.top, err)
			}
		}
	}
}
