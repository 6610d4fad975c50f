package policy

import (
	"math/bits"
	"strings"
	"sync/atomic"
)

// The decision. NewEvaluator does the work that does not depend on the
// request, so that a decision does little else than match:
//   - each chain is flattened into statement references, indexed by the
//     service prefix of their actions, each marked when it matches every
//     action of the service: a decision looks only at the statements that
//     can match its action;
//   - the context keys the policies read get slots: a decision files the
//     request context into them once, instead of searching the map (case
//     folded) at every condition;
//   - statements with the same canonical text share a memo: FullAWSAccess
//     at every level, or a guardrail attached to several OUs, is worked out
//     once per decision.
// Per-decision state lives on the stack in fixed arrays (levels, slots,
// memos), spilling to the heap only for unusually large evaluators.

// Evaluator decides requests for one principal account (whose SCPs apply)
// and one resource-owner account (whose RCPs apply). It is immutable and
// safe for concurrent use. A decision allocates only its Result's slices
// (and, for an STS assumed-role caller whose aws:PrincipalArn a condition
// reads, that ARN).
type Evaluator struct {
	principalID, ownerID     string
	principalMgmt, ownerMgmt bool
	rootArn                  string
	scp, rcp                 azChain
	keys                     azKeySlots
	memoOf                   map[string]int32 // statement signature -> memo slot
	// exact maps each key, spelled as the policies spell it, to its slot:
	// requests usually spell keys the same way, and one lookup then files
	// a context key.
	exact map[string]int32
	// caller is the caller ARN the last decision parsed: a run of
	// decisions (a simulation, a benchmark) is usually for one caller.
	caller atomic.Pointer[azCallerEntry]
}

type azCallerEntry struct {
	arn string
	c   azCaller
}

// parseCaller parses a caller ARN, reusing the last one parsed.
func (e *Evaluator) parseCaller(arn string) azCaller {
	if arn == "" {
		return azParseCaller(arn) // the root user: nothing to parse
	}
	if last := e.caller.Load(); last != nil && last.arn == arn {
		return last.c
	}
	c := azParseCaller(arn)
	e.caller.Store(&azCallerEntry{arn: arn, c: c})
	return c
}

// azKeySlots gives each context key the evaluator's policies read (lower-
// cased) a slot: a decision resolves a key once into its slot, whatever the
// number of conditions that read it.
type azKeySlots struct {
	slotOf  map[string]int32 // lower-cased key -> slot
	lower   []string         // slot -> lower-cased key
	derived []int8
	names   []string // the spelling of the first statement that reads the key
	named   []bool
}

func (k *azKeySlots) slot(lkey string) int32 {
	if s, ok := k.slotOf[lkey]; ok {
		return s
	}
	s := int32(len(k.derived))
	k.slotOf[lkey] = s
	k.derived = append(k.derived, azDerivedID(lkey))
	k.names = append(k.names, lkey)
	k.named = append(k.named, false)
	k.lower = append(k.lower, lkey)
	return s
}

type azChain struct {
	typ    string
	levels []azLevel
	pols   []azPolMeta
	bySvc  map[string][]azRef // lower-cased service prefix -> candidate statements, in order
	any    []azRef            // statements that can match an action of any service
}

type azLevel struct{ targetID string }

type azPolMeta struct{ id, typ string }

type azRef struct {
	level, pol int32
	memo       int32 // statements with equal signatures share a memo slot
	st         *azStmt
	keymap     []int32 // the policy's key indexes -> slots
	keyMask    uint64  // the slots of st.keys, when every slot is below 64
	wide       bool    // some slot of st.keys is 64 or above: keyMask can't hold it
	actAlways  bool    // the statement matches every action of the list's service
	deny       bool    // st.deny, kept beside the memo index the loop reads first
}

// NewEvaluator compiles the decision for one principal account (whose SCPs
// apply) and one resource-owner account (whose RCPs apply; may be the same
// account).
func NewEvaluator(principal, resourceOwner Account) *Evaluator {
	e := &Evaluator{
		principalID:   principal.ID,
		ownerID:       resourceOwner.ID,
		principalMgmt: principal.Management,
		ownerMgmt:     resourceOwner.Management,
		rootArn:       "arn:aws:iam::" + principal.ID + ":root",
		keys:          azKeySlots{slotOf: map[string]int32{}},
		memoOf:        map[string]int32{},
	}
	e.scp = e.buildChain(ServiceControl, principal.SCPs)
	e.rcp = e.buildChain(ResourceControl, resourceOwner.RCPs)
	e.exact = make(map[string]int32, len(e.keys.names))
	for s, name := range e.keys.names {
		e.exact[name] = int32(s)
	}
	return e
}

func (e *Evaluator) buildChain(typ string, nodes []Node) azChain {
	keys := &e.keys
	ch := azChain{typ: typ, bySvc: map[string][]azRef{}}
	var all []azRef
	for li, n := range nodes {
		ch.levels = append(ch.levels, azLevel{targetID: n.TargetID})
		for _, ap := range n.Policies {
			if ap.Policy == nil {
				continue
			}
			pt := ap.Type
			if pt == "" {
				pt = ap.Policy.typ
			}
			pi := int32(len(ch.pols))
			km := make([]int32, len(ap.Policy.keys))
			for i, k := range ap.Policy.keys {
				km[i] = keys.slot(k)
			}
			ch.pols = append(ch.pols, azPolMeta{id: ap.ID, typ: pt})
			for _, st := range ap.Policy.stmts {
				m, ok := e.memoOf[st.sig]
				if !ok {
					m = int32(len(e.memoOf))
					e.memoOf[st.sig] = m
				}
				ref := azRef{level: int32(li), pol: pi, memo: m, st: st, keymap: km, deny: st.deny}
				for _, k := range st.keys {
					s := km[k.kid]
					if !keys.named[s] {
						keys.names[s], keys.named[s] = k.name, true
					}
					if s < 64 {
						ref.keyMask |= 1 << s
					} else {
						ref.wide = true
					}
				}
				all = append(all, ref)
				for i := range st.actions {
					if s := st.actions[i].service(); s != "" {
						ch.bySvc[s] = nil
					}
				}
			}
		}
	}
	// Each service's list holds the statements whose actions can match an
	// action of that service, and says which match all of them; "any" is
	// for services no statement names.
	index := func(svc string) []azRef {
		var list []azRef
		for _, ref := range all {
			switch ref.st.actionsFor(svc) {
			case azActNever:
				continue
			case azActAlways:
				ref.actAlways = true
			}
			list = append(list, ref)
		}
		return list
	}
	for s := range ch.bySvc {
		ch.bySvc[s] = index(s)
	}
	ch.any = index("")
	return ch
}

// candidates are the statements whose actions can match the action.
func (ch *azChain) candidates(action string) []azRef {
	i := strings.IndexByte(action, ':')
	if i <= 0 {
		return ch.any
	}
	svc := action[:i]
	if list, ok := ch.bySvc[svc]; ok {
		return list
	}
	if len(svc) <= 64 {
		var buf [64]byte
		for j := 0; j < len(svc); j++ {
			buf[j] = azLower(svc[j])
		}
		if list, ok := ch.bySvc[string(buf[:len(svc)])]; ok {
			return list
		}
	}
	return ch.any
}

// A decision keeps the allowing statement of each level in a fixed array;
// deeper chains than this (AWS allows root + 5 OUs + account) spill to the
// heap.
const azFastLevels = 16

// Decisions keep this many key slots and statement memos on the stack.
const (
	azFastSlots = 16
	azFastMemos = 256
)

// Statement memo states: an organization attaches the same statements at
// several levels (FullAWSAccess everywhere, a guardrail on several OUs), and
// a decision works each distinct statement out once.
const (
	azMemoUnknown = iota
	azMemoNo      // does not apply
	azMemoYes     // applies
	azMemoPending // action and resource match, missing keys noted, conditions not yet evaluated
)

// Evaluate decides one request: SCPs along the principal account's chain,
// RCPs along the resource owner's, each needing a matching Allow at every
// level and refusing on any matching Deny (see the choices at the top of
// authz.go for the exemptions and for what Matched lists).
func (e *Evaluator) Evaluate(r Request) Result {
	sc := azScratch{caller: e.parseCaller(r.CallerArn)}
	x := azEvalCtx{e: e, r: &r, sc: &sc}
	var slotBuf [azFastSlots]azSlot
	if n := len(e.keys.derived); n <= azFastSlots {
		x.slots = slotBuf[:n]
	} else {
		x.slots = make([]azSlot, n)
	}
	x.loadContext()
	var actBuf [64]byte
	if len(r.Action) <= len(actBuf) {
		for i := 0; i < len(r.Action); i++ {
			actBuf[i] = azLower(r.Action[i])
		}
		x.lact = actBuf[:len(r.Action)]
	}
	var memoBuf [azFastMemos]uint8
	if n := len(e.memoOf); n <= azFastMemos {
		x.memo = memoBuf[:n]
	} else {
		x.memo = make([]uint8, n)
	}
	scp := len(e.scp.levels) > 0 && !e.principalMgmt && !sc.caller.slr && sc.caller.kind != azCallerService
	rcp := len(e.rcp.levels) > 0 && !e.ownerMgmt && !sc.caller.slr

	var scpBuf, rcpBuf [azFastLevels]*azRef
	var scpAllow, rcpAllow []*azRef
	var denies []Match
	lacking := 0
	if scp {
		scpAllow = azSlots(&scpBuf, len(e.scp.levels))
		lacking += e.scp.eval(&x, scpAllow, &denies)
	}
	if rcp {
		rcpAllow = azSlots(&rcpBuf, len(e.rcp.levels))
		lacking += e.rcp.eval(&x, rcpAllow, &denies)
	}

	res := Result{MissingContextValues: x.missing()}
	switch {
	case len(denies) > 0:
		res.Decision, res.Matched = DecisionExplicitDeny, denies
	case lacking > 0:
		res.Decision = DecisionImplicitDeny
		res.Matched = make([]Match, 0, lacking)
		for _, c := range []struct {
			ch    *azChain
			allow []*azRef
		}{{&e.scp, scpAllow}, {&e.rcp, rcpAllow}} {
			for li, a := range c.allow {
				if a == nil {
					res.Matched = append(res.Matched, Match{PolicyType: c.ch.typ, TargetID: c.ch.levels[li].targetID})
				}
			}
		}
	default:
		res.Decision, res.AllowedByOrganizations = DecisionAllowed, true
		if n := len(scpAllow) + len(rcpAllow); n > 0 {
			res.Matched = make([]Match, 0, n)
			for _, a := range scpAllow {
				res.Matched = append(res.Matched, e.scp.match(a))
			}
			for _, a := range rcpAllow {
				res.Matched = append(res.Matched, e.rcp.match(a))
			}
		}
	}
	return res
}

func azSlots(buf *[azFastLevels]*azRef, n int) []*azRef {
	if n <= azFastLevels {
		return buf[:n]
	}
	return make([]*azRef, n)
}

func (ch *azChain) match(ref *azRef) Match {
	p := ch.pols[ref.pol]
	return Match{PolicyID: p.id, PolicyType: p.typ, TargetID: ch.levels[ref.level].targetID, Sid: ref.st.sid}
}

// eval runs one chain: it records the first matching Allow of each level in
// allow, appends matching Deny statements to denies, and returns the number
// of levels without an Allow.
func (ch *azChain) eval(x *azEvalCtx, allow []*azRef, denies *[]Match) int {
	refs := ch.candidates(x.r.Action)
	for k := range refs {
		ref := &refs[k]
		m := &x.memo[ref.memo]
		if *m == azMemoNo {
			continue
		}
		settled := !ref.deny && allow[ref.level] != nil
		st := ref.st
		switch *m {
		case azMemoYes:
			if settled {
				continue
			}
		case azMemoPending:
			if settled {
				continue
			}
			x.keymap = ref.keymap
			if !st.condsHold(x) {
				*m = azMemoNo
				continue
			}
			*m = azMemoYes
		default:
			if settled && ref.keyMask == 0 && !ref.wide {
				continue // nothing left to learn from this statement
			}
			if !ref.actAlways && !st.matchAction(x.r.Action, x.lact) {
				*m = azMemoNo
				continue
			}
			x.keymap = ref.keymap
			if len(st.vars) > 0 && !x.varsResolve(st) {
				x.noteMissing(ref)
				*m = azMemoNo
				continue
			}
			if !st.matchResource(x.r.Resource, x) {
				*m = azMemoNo
				continue
			}
			if len(st.keys) > 0 {
				x.noteMissing(ref)
			}
			if settled {
				*m = azMemoPending
				continue
			}
			if !st.condsHold(x) {
				*m = azMemoNo
				continue
			}
			*m = azMemoYes
		}
		if st.deny {
			if *denies == nil {
				*denies = make([]Match, 0, 4)
			}
			*denies = append(*denies, ch.match(ref))
		} else {
			allow[ref.level] = ref
		}
	}
	lacking := 0
	for _, a := range allow {
		if a == nil {
			lacking++
		}
	}
	return lacking
}

// matchAction matches the action, given also lower-cased in lact (nil when
// it is too long to fold on the stack).
func (st *azStmt) matchAction(action string, lact []byte) bool {
	m := false
	for i := range st.actions {
		if st.actions[i].matchLower(action, lact) {
			m = true
			break
		}
	}
	return m != st.notAction
}

func (st *azStmt) matchResource(res string, x *azEvalCtx) bool {
	if len(st.resources) == 0 {
		return true
	}
	m := false
	for i := range st.resources {
		if st.resources[i].match(res, x) {
			m = true
			break
		}
	}
	return m != st.notResource
}

func (st *azStmt) condsHold(x *azEvalCtx) bool {
	for i := range st.conds {
		if !st.conds[i].holds(x) {
			return false
		}
	}
	return true
}

// azEvalCtx is one decision's view of the request context. Everything in
// it is reached through a pointer: Go's escape analysis does not tell
// fields apart, and a string held directly in it would send the request,
// the slots and the memos of every decision to the heap.
type azEvalCtx struct {
	e      *Evaluator
	r      *Request
	sc     *azScratch
	keymap []int32 // the current policy's key indexes -> slots
	lact   []byte  // the action, lower-cased
	slots  []azSlot
	memo   []uint8
	needed uint64 // slots below 64 that statements matching the request read
}

// azScratch is what a decision learns as it goes: who the caller is and
// which keys it missed.
type azScratch struct {
	caller  azCaller
	roleArn string // aws:PrincipalArn of an assumed-role session, built on first use
	missing azMissing
	parsed  azParseCache
}

// azSlot holds one key's values for a decision without copying them: the
// request's list, or the one value derived for it.
type azSlot struct {
	list  []string
	one   string
	state uint8
}

func (s *azSlot) n() int {
	if s.state == azSlotDerived {
		return 1
	}
	return len(s.list)
}

func (s *azSlot) at(i int) string {
	if s.state == azSlotDerived {
		return s.one
	}
	return s.list[i]
}

const (
	azSlotUnknown = iota // not in the request context: derived on first use
	azSlotPresent
	azSlotAbsent
	azSlotDerived // not in the request context, derived
)

// loadContext files the request's context keys into their slots, in one
// pass over the map whatever the case the caller wrote them in.
func (x *azEvalCtx) loadContext() {
	if len(x.r.Context) == 0 || len(x.slots) == 0 {
		return
	}
	lower := x.e.keys.lower
	var buf [128]byte
	for k, v := range x.r.Context {
		s, ok := x.e.exact[k]
		switch {
		case ok:
		case len(lower) <= azScanSlots:
			// Few keys: comparing lengths first rejects most without
			// hashing anything.
			for i, l := range lower {
				if len(l) == len(k) && azEqualFoldASCII(l, k) {
					s, ok = int32(i), true
					break
				}
			}
		case len(k) <= len(buf):
			for i := 0; i < len(k); i++ {
				buf[i] = azLower(k[i])
			}
			s, ok = x.e.keys.slotOf[string(buf[:len(k)])]
		default:
			s, ok = x.e.keys.slotOf[strings.ToLower(k)]
		}
		if ok {
			x.slots[s] = azSlot{list: v.Values, state: azSlotPresent}
		}
	}
}

// Up to this many keys, loadContext scans them rather than hashing.
const azScanSlots = 32

// get gives the values of the current policy's key kid; nil when the
// request has none.
func (x *azEvalCtx) get(kid int32) *azSlot {
	s := x.keymap[kid]
	if sl := &x.slots[s]; sl.state == azSlotPresent || sl.state == azSlotDerived {
		return sl // the common case, inlined
	}
	return x.getSlot(s)
}

func (x *azEvalCtx) getSlot(s int32) *azSlot {
	sl := &x.slots[s]
	switch sl.state {
	case azSlotPresent, azSlotDerived:
		return sl
	case azSlotAbsent:
		return nil
	}
	v, ok := x.derive(x.e.keys.derived[s])
	if !ok {
		sl.state = azSlotAbsent
		return nil
	}
	*sl = azSlot{one: v, state: azSlotDerived}
	return sl
}

// has reports whether the current policy's key kid has a value.
func (x *azEvalCtx) has(kid int32) bool { return x.hasSlot(x.keymap[kid]) }

func (x *azEvalCtx) hasSlot(s int32) bool {
	switch x.slots[s].state {
	case azSlotPresent, azSlotDerived:
		return true
	case azSlotAbsent:
		return false
	}
	return x.getSlot(s) != nil
}

// derive gives the keys derived from the evaluator's accounts and the
// caller, for requests that do not supply them.
func (x *azEvalCtx) derive(derived int8) (string, bool) {
	c := &x.sc.caller
	svc := c.kind == azCallerService
	switch derived {
	case azDerivedPrincipalAccount:
		if !svc && x.e.principalID != "" {
			return x.e.principalID, true
		}
	case azDerivedPrincipalArn:
		switch {
		case svc:
		case x.r.CallerArn == "":
			return x.e.rootArn, true
		case c.kind == azCallerAssumedRole:
			if x.sc.roleArn == "" {
				x.sc.roleArn = "arn:" + c.partition + ":iam::" + c.account + ":role/" + c.name
			}
			return x.sc.roleArn, true
		default:
			return x.r.CallerArn, true
		}
	case azDerivedResourceAccount:
		if x.e.ownerID != "" {
			return x.e.ownerID, true
		}
	case azDerivedUsername:
		if c.kind == azCallerUser {
			return c.name, true
		}
	case azDerivedPrincipalType:
		if t := azPrincipalTypes[c.kind]; t != "" {
			return t, true
		}
	case azDerivedIsAWSService:
		if svc {
			return "true", true
		}
		return "false", true
	case azDerivedServiceName:
		if svc {
			return c.name, true
		}
	}
	return "", false
}

func (x *azEvalCtx) resolve(p *azPart) (string, bool) {
	if v := x.get(p.kid); v != nil && v.n() == 1 {
		return v.at(0), true
	}
	if p.hasDef {
		return p.def, true
	}
	return "", false
}

func (x *azEvalCtx) varsResolve(st *azStmt) bool {
	for i := range st.vars {
		if _, ok := x.resolve(&st.vars[i]); !ok {
			return false
		}
	}
	return true
}

// noteMissing records that the statement's keys were needed; which of
// them the request lacks is worked out once, at the end of the decision.
func (x *azEvalCtx) noteMissing(ref *azRef) {
	x.needed |= ref.keyMask
	if ref.wide {
		for _, k := range ref.st.keys {
			if !x.has(k.kid) {
				x.sc.missing.add(k.name)
			}
		}
	}
}

// missing lists the needed keys the request lacks.
func (x *azEvalCtx) missing() []string {
	for m := x.needed; m != 0; m &= m - 1 {
		s := int32(bits.TrailingZeros64(m))
		if !x.hasSlot(s) {
			x.sc.missing.add(x.e.keys.names[s])
		}
	}
	return x.sc.missing.sorted()
}

const (
	azDerivedNone int8 = iota
	azDerivedPrincipalAccount
	azDerivedPrincipalArn
	azDerivedResourceAccount
	azDerivedUsername
	azDerivedPrincipalType
	azDerivedIsAWSService
	azDerivedServiceName
)

func azDerivedID(key string) int8 {
	switch strings.ToLower(key) {
	case "aws:principalaccount":
		return azDerivedPrincipalAccount
	case "aws:principalarn":
		return azDerivedPrincipalArn
	case "aws:resourceaccount":
		return azDerivedResourceAccount
	case "aws:username":
		return azDerivedUsername
	case "aws:principaltype":
		return azDerivedPrincipalType
	case "aws:principalisawsservice":
		return azDerivedIsAWSService
	case "aws:principalservicename":
		return azDerivedServiceName
	}
	return azDerivedNone
}

const (
	azCallerOther = iota
	azCallerRoot
	azCallerUser
	azCallerRole
	azCallerAssumedRole
	azCallerFederated
	azCallerService
)

var azPrincipalTypes = [...]string{
	azCallerRoot:        "Account",
	azCallerUser:        "User",
	azCallerRole:        "AssumedRole",
	azCallerAssumedRole: "AssumedRole",
	azCallerFederated:   "FederatedUser",
	azCallerService:     "",
}

type azCaller struct {
	kind               uint8
	partition, account string
	name               string // user name, role name or service principal
	slr                bool   // a service-linked role
}

func azParseCaller(arn string) azCaller {
	if arn == "" {
		return azCaller{kind: azCallerRoot, partition: "aws"}
	}
	if !strings.HasPrefix(arn, "arn:") {
		if strings.IndexByte(arn, '.') > 0 && strings.IndexByte(arn, ':') < 0 {
			return azCaller{kind: azCallerService, name: arn}
		}
		return azCaller{}
	}
	var seg [5]string
	rest := arn
	for i := range seg {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return azCaller{}
		}
		seg[i], rest = rest[:j], rest[j+1:]
	}
	c := azCaller{partition: seg[1], account: seg[4]}
	switch {
	case seg[2] == "iam" && rest == "root":
		c.kind = azCallerRoot
	case seg[2] == "iam" && strings.HasPrefix(rest, "user/"):
		c.kind = azCallerUser
		c.name = rest[strings.LastIndexByte(rest, '/')+1:]
	case seg[2] == "iam" && strings.HasPrefix(rest, "role/"):
		c.kind = azCallerRole
		c.name = rest[strings.LastIndexByte(rest, '/')+1:]
		c.slr = strings.HasPrefix(rest, "role/aws-service-role/")
	case seg[2] == "sts" && strings.HasPrefix(rest, "assumed-role/"):
		c.kind = azCallerAssumedRole
		name, _, _ := strings.Cut(rest[len("assumed-role/"):], "/")
		c.name = name
		c.slr = strings.HasPrefix(name, "AWSServiceRoleFor")
	case seg[2] == "sts" && strings.HasPrefix(rest, "federated-user/"):
		c.kind = azCallerFederated
	}
	return c
}
