package engine

// Quotas are the limits of an organization. Defaults are AWS's current
// values (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html),
// except MaxAccounts, which defaults to 10,000 because every real
// organization has it raised from AWS's default of 10.
type Quotas struct {
	MaxAccounts                  int
	MaxOUs                       int
	MaxOUDepth                   int
	MaxTagsPerResource           int
	MaxDelegatedAdminsPerService int
	// MaxConcurrentClosures is how many accounts may be PENDING_CLOSURE at once.
	MaxConcurrentClosures int
	// Policies holds the limits of each policy type.
	Policies map[string]PolicyLimits
}

// PolicyLimits are the limits of one policy type.
type PolicyLimits struct {
	// MaxSize is the largest document, in characters (Unicode code points).
	MaxSize int
	// MinAttached is how many policies of the type every root, OU and
	// account must keep attached while the type is enabled.
	MinAttached int
	// MaxAttached is how many may be attached directly to one target.
	MaxAttached int
	// MaxPerOrg is how many customer policies of the type an organization
	// may hold.
	MaxPerOrg int
}

// Policy types of the service model.
const (
	SCP = "SERVICE_CONTROL_POLICY"
	RCP = "RESOURCE_CONTROL_POLICY"
)

// DefaultPolicyLimits returns AWS's current limits for the 13 policy types.
func DefaultPolicyLimits() map[string]PolicyLimits {
	return map[string]PolicyLimits{
		SCP:                                {MaxSize: 10240, MinAttached: 1, MaxAttached: 10, MaxPerOrg: 10000},
		RCP:                                {MaxSize: 5120, MinAttached: 1, MaxAttached: 5, MaxPerOrg: 2000},
		"TAG_POLICY":                       {MaxSize: 10000, MaxAttached: 10, MaxPerOrg: 1000},
		"BACKUP_POLICY":                    {MaxSize: 10000, MaxAttached: 10, MaxPerOrg: 1000},
		"AISERVICES_OPT_OUT_POLICY":        {MaxSize: 2500, MaxAttached: 5, MaxPerOrg: 1000},
		"CHATBOT_POLICY":                   {MaxSize: 10000, MaxAttached: 5, MaxPerOrg: 1000},
		"DECLARATIVE_POLICY_EC2":           {MaxSize: 10000, MaxAttached: 10, MaxPerOrg: 1000},
		"SECURITYHUB_POLICY":               {MaxSize: 10000, MaxAttached: 10, MaxPerOrg: 1000},
		"INSPECTOR_POLICY":                 {MaxSize: 10000, MaxAttached: 10, MaxPerOrg: 1000},
		"UPGRADE_ROLLOUT_POLICY":           {MaxSize: 10000, MaxAttached: 10, MaxPerOrg: 1000},
		"BEDROCK_POLICY":                   {MaxSize: 10000, MaxAttached: 10, MaxPerOrg: 1000},
		"S3_POLICY":                        {MaxSize: 10000, MaxAttached: 10, MaxPerOrg: 1000},
		"NETWORK_SECURITY_DIRECTOR_POLICY": {MaxSize: 10000, MaxAttached: 10, MaxPerOrg: 1000},
	}
}

// DefaultQuotas returns the default quotas.
func DefaultQuotas() Quotas {
	return Quotas{
		MaxAccounts:                  10000,
		MaxOUs:                       2000,
		MaxOUDepth:                   5,
		MaxTagsPerResource:           50,
		MaxDelegatedAdminsPerService: 5,
		MaxConcurrentClosures:        3,
		Policies:                     DefaultPolicyLimits(),
	}
}

// withDefaults fills every zero field of q with its default.
func (q Quotas) withDefaults() Quotas {
	d := DefaultQuotas()
	set := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	set(&q.MaxAccounts, d.MaxAccounts)
	set(&q.MaxOUs, d.MaxOUs)
	set(&q.MaxOUDepth, d.MaxOUDepth)
	set(&q.MaxTagsPerResource, d.MaxTagsPerResource)
	set(&q.MaxDelegatedAdminsPerService, d.MaxDelegatedAdminsPerService)
	set(&q.MaxConcurrentClosures, d.MaxConcurrentClosures)
	// Each limit of a policy type is defaulted on its own, so a test or an
	// operator can lower one limit (say MaxPerOrg) without zeroing the
	// others: a zero MaxSize or MaxAttached would otherwise lift the size
	// limit and refuse every attachment.
	merged := d.Policies
	for t, l := range q.Policies {
		def := merged[t]
		set(&l.MaxSize, def.MaxSize)
		set(&l.MinAttached, def.MinAttached)
		set(&l.MaxAttached, def.MaxAttached)
		set(&l.MaxPerOrg, def.MaxPerOrg)
		merged[t] = l
	}
	q.Policies = merged
	return q
}
