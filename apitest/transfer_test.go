package apitest

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// transferArnPattern is the model's ResponsibilityTransferArn pattern.
var transferArnPattern = regexp.MustCompile(`^arn:[a-z0-9][a-z0-9-.]{0,62}:organizations::\d{12}:transfer\/o-[a-z0-9]{10,32}\/(billing)\/(inbound|outbound)\/rt-[0-9a-z]{8,32}$`)

// xferEnv is a running Canopy on a clock the test moves, with two
// organizations: A (managed by mgmtID), which takes on billing, and B
// (managed by otherID), whose billing it takes on.
type xferEnv struct {
	e      *env
	clock  *acctClock
	a, b   *testOrg
	member string // a member account of B
}

// xferNow is the clock's start: the 10th of a month, at noon UTC.
var xferNow = time.Date(2030, 3, 10, 12, 0, 0, 0, time.UTC)

func newXferEnv(t *testing.T, now time.Time) *xferEnv {
	t.Helper()
	clock := &acctClock{t: now}
	e := start(t, withAcctClock(clock))
	x := &xferEnv{e: e, clock: clock, a: e.newOrg(t), b: acctOtherOrg(t, e)}
	x.member = x.b.createAccount(t, "b-member")
	return x
}

// xferOrg creates an organization managed by account.
func xferOrg(t *testing.T, e *env, account string) *testOrg {
	t.Helper()
	c := e.client(account)
	out, err := c.CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetAll})
	noErr(t, err)
	return &testOrg{c: c, org: out.Organization}
}

// monthStart returns the first instant of the month n months after t's.
func monthStart(t time.Time, n int) time.Time {
	return time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
}

// monthLast returns the last millisecond of the month n months after t's.
func monthLast(t time.Time, n int) time.Time {
	return monthStart(t, n+1).Add(-time.Millisecond)
}

// xferInvite has from invite the management account target to a billing
// transfer starting at start.
func xferInvite(c *organizations.Client, t *testing.T, target string, start time.Time) (*types.Handshake, error) {
	t.Helper()
	out, err := c.InviteOrganizationToTransferResponsibility(ctx(t), &organizations.InviteOrganizationToTransferResponsibilityInput{
		Type:           types.ResponsibilityTransferTypeBilling,
		Target:         &types.HandshakeParty{Id: aws.String(target), Type: types.HandshakePartyTypeAccount},
		StartTimestamp: aws.Time(start),
		SourceName:     aws.String("billing"),
	})
	if err != nil {
		return nil, err
	}
	return out.Handshake, nil
}

// xferID returns the transfer a TRANSFER_RESPONSIBILITY handshake proposes.
func xferID(t *testing.T, h *types.Handshake) string {
	t.Helper()
	for _, r := range h.Resources {
		if r.Type == types.HandshakeResourceTypeResponsibilityTransfer {
			return *r.Value
		}
	}
	t.Fatalf("handshake %s has no RESPONSIBILITY_TRANSFER resource: %+v", *h.Id, h.Resources)
	return ""
}

// xferDescribe returns a transfer as c's organization sees it.
func xferDescribe(t *testing.T, c *organizations.Client, id string) *types.ResponsibilityTransfer {
	t.Helper()
	out, err := c.DescribeResponsibilityTransfer(ctx(t), &organizations.DescribeResponsibilityTransferInput{Id: aws.String(id)})
	noErr(t, err)
	return out.ResponsibilityTransfer
}

// xferStatus checks a transfer's status from both sides.
func xferStatus(t *testing.T, want types.ResponsibilityTransferStatus, id string, cs ...*organizations.Client) {
	t.Helper()
	for _, c := range cs {
		if got := xferDescribe(t, c, id).Status; got != want {
			t.Fatalf("transfer %s: got status %s, want %s", id, got, want)
		}
	}
}

// xferPages lists every transfer a listing returns, a page of size at a
// time; page fetches the page after a token.
func xferPages(t *testing.T, size int32, page func(token *string) ([]types.ResponsibilityTransfer, *string, error)) []string {
	t.Helper()
	var ids []string
	var token *string
	for {
		ts, next, err := page(token)
		noErr(t, err)
		if int32(len(ts)) > size {
			t.Fatalf("got a page of %d, want at most %d", len(ts), size)
		}
		for _, tr := range ts {
			ids = append(ids, *tr.Id)
		}
		if next == nil {
			return ids
		}
		token = next
	}
}

// xferInbound lists every inbound transfer with pages of size.
func xferInbound(t *testing.T, c *organizations.Client, size int32) []string {
	t.Helper()
	return xferPages(t, size, func(token *string) ([]types.ResponsibilityTransfer, *string, error) {
		out, err := c.ListInboundResponsibilityTransfers(ctx(t), &organizations.ListInboundResponsibilityTransfersInput{
			Type: types.ResponsibilityTransferTypeBilling, MaxResults: aws.Int32(size), NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		return out.ResponsibilityTransfers, out.NextToken, nil
	})
}

// xferOutbound lists every outbound transfer with pages of size.
func xferOutbound(t *testing.T, c *organizations.Client, size int32) []string {
	t.Helper()
	return xferPages(t, size, func(token *string) ([]types.ResponsibilityTransfer, *string, error) {
		out, err := c.ListOutboundResponsibilityTransfers(ctx(t), &organizations.ListOutboundResponsibilityTransfersInput{
			Type: types.ResponsibilityTransferTypeBilling, MaxResults: aws.Int32(size), NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		return out.ResponsibilityTransfers, out.NextToken, nil
	})
}

func TestTransferLifecycle(t *testing.T) {
	t.Parallel()
	x := newXferEnv(t, xferNow)
	start := monthStart(xferNow, 2)
	out, err := x.a.c.InviteOrganizationToTransferResponsibility(ctx(t), &organizations.InviteOrganizationToTransferResponsibilityInput{
		Type:           types.ResponsibilityTransferTypeBilling,
		Target:         &types.HandshakeParty{Id: aws.String(otherID), Type: types.HandshakePartyTypeAccount},
		StartTimestamp: aws.Time(start),
		SourceName:     aws.String("customer-b"),
		Notes:          aws.String("we pay from May"),
		Tags:           []types.Tag{{Key: aws.String("team"), Value: aws.String("finops")}},
	})
	noErr(t, err)
	h := out.Handshake
	id := xferID(t, h)

	t.Run("the invitation is a handshake to B", func(t *testing.T) {
		if h.Action != types.ActionTypeTransferResponsibility || h.State != types.HandshakeStateOpen {
			t.Errorf("got action %s state %s, want TRANSFER_RESPONSIBILITY OPEN", h.Action, h.State)
		}
		if want := xferNow.Add(15 * 24 * time.Hour); !h.ExpirationTimestamp.Equal(want) {
			t.Errorf("got expiration %v, want %v", h.ExpirationTimestamp, want)
		}
		if !regexp.MustCompile(`^rt-[0-9a-z]{8,32}$`).MatchString(id) {
			t.Errorf("got transfer ID %q, want rt- and 8 to 32 lowercase letters or digits", id)
		}
		got := map[types.HandshakeResourceType]string{}
		for _, r := range h.Resources {
			got[r.Type] = *r.Value
		}
		want := map[types.HandshakeResourceType]string{
			types.HandshakeResourceTypeTransferType:           "BILLING",
			types.HandshakeResourceTypeTransferStartTimestamp: start.Format(time.RFC3339),
			types.HandshakeResourceTypeManagementAccount:      mgmtID,
			types.HandshakeResourceTypeNotes:                  "we pay from May",
			types.HandshakeResourceTypeOrganization:           *x.a.org.Id,
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("resource %s: got %q, want %q", k, got[k], v)
			}
		}
		list, err := x.b.c.ListHandshakesForAccount(ctx(t), &organizations.ListHandshakesForAccountInput{})
		noErr(t, err)
		if !slices.ContainsFunc(list.Handshakes, func(g types.Handshake) bool { return *g.Id == *h.Id }) {
			t.Errorf("B's handshakes %v lack %s", list.Handshakes, *h.Id)
		}
	})

	t.Run("each side sees its own ARN", func(t *testing.T) {
		ta, tb := xferDescribe(t, x.a.c, id), xferDescribe(t, x.b.c, id)
		wantA := "arn:aws:organizations::" + mgmtID + ":transfer/" + *x.a.org.Id + "/billing/inbound/" + id
		wantB := "arn:aws:organizations::" + otherID + ":transfer/" + *x.b.org.Id + "/billing/outbound/" + id
		if *ta.Arn != wantA || *tb.Arn != wantB {
			t.Errorf("got ARNs %s and %s, want %s and %s", *ta.Arn, *tb.Arn, wantA, wantB)
		}
		for _, tr := range []*types.ResponsibilityTransfer{ta, tb} {
			if !transferArnPattern.MatchString(*tr.Arn) {
				t.Errorf("ARN %s doesn't match the model's pattern", *tr.Arn)
			}
			if *tr.Id != id || *tr.Name != "customer-b" || tr.Type != types.ResponsibilityTransferTypeBilling ||
				tr.Status != types.ResponsibilityTransferStatusRequested || !tr.StartTimestamp.Equal(start) || tr.EndTimestamp != nil ||
				*tr.ActiveHandshakeId != *h.Id {
				t.Errorf("got %+v, want %s customer-b BILLING REQUESTED from %v with handshake %s", tr, id, start, *h.Id)
			}
			if *tr.Source.ManagementAccountId != otherID || *tr.Target.ManagementAccountId != mgmtID ||
				*tr.Source.ManagementAccountEmail == "" || *tr.Target.ManagementAccountEmail == "" {
				t.Errorf("got source %+v target %+v, want %s (B) and %s (A) with emails", tr.Source, tr.Target, otherID, mgmtID)
			}
		}
		cn := x.e.clientIn(otherID, "cn-north-1")
		if arn := *xferDescribe(t, cn, id).Arn; arn != "arn:aws-cn:organizations::"+otherID+":transfer/"+*x.b.org.Id+"/billing/outbound/"+id {
			t.Errorf("got %s from cn-north-1, want the aws-cn partition", arn)
		}
	})

	t.Run("inbound for A, outbound for B", func(t *testing.T) {
		if got := xferInbound(t, x.a.c, 20); !slices.Equal(got, []string{id}) {
			t.Errorf("A inbound: got %v, want [%s]", got, id)
		}
		if got := xferOutbound(t, x.a.c, 20); len(got) != 0 {
			t.Errorf("A outbound: got %v, want none", got)
		}
		if got := xferOutbound(t, x.b.c, 20); !slices.Equal(got, []string{id}) {
			t.Errorf("B outbound: got %v, want [%s]", got, id)
		}
		if got := xferInbound(t, x.b.c, 20); len(got) != 0 {
			t.Errorf("B inbound: got %v, want none", got)
		}
		one, err := x.a.c.ListInboundResponsibilityTransfers(ctx(t), &organizations.ListInboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling, Id: aws.String(id)})
		noErr(t, err)
		if len(one.ResponsibilityTransfers) != 1 || *one.ResponsibilityTransfers[0].Id != id || !transferArnPattern.MatchString(*one.ResponsibilityTransfers[0].Arn) {
			t.Errorf("got %+v, want only %s", one.ResponsibilityTransfers, id)
		}
		// B is the source, not the target: the ID is not inbound for it.
		_, err = x.b.c.ListInboundResponsibilityTransfers(ctx(t), &organizations.ListInboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling, Id: aws.String(id)})
		wantErr(t, err, "ResponsibilityTransferNotFoundException", "")
	})

	t.Run("tags belong to the inviter's side", func(t *testing.T) {
		tags, err := x.a.c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
		noErr(t, err)
		if len(tags.Tags) != 1 || *tags.Tags[0].Key != "team" || *tags.Tags[0].Value != "finops" {
			t.Errorf("A: got tags %+v, want team=finops", tags.Tags)
		}
		_, err = x.b.c.TagResource(ctx(t), &organizations.TagResourceInput{ResourceId: aws.String(id), Tags: []types.Tag{{Key: aws.String("payer"), Value: aws.String("a")}}})
		noErr(t, err)
		tags, err = x.b.c.ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
		noErr(t, err)
		if len(tags.Tags) != 1 || *tags.Tags[0].Key != "payer" {
			t.Errorf("B: got tags %+v, want only payer", tags.Tags)
		}
		_, err = x.e.client(x.member).ListTagsForResource(ctx(t), &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
		wantErr(t, err, "AccessDeniedException", "")
	})

	t.Run("accepted by B", func(t *testing.T) {
		acc, err := x.b.c.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
		noErr(t, err)
		if acc.Handshake.State != types.HandshakeStateAccepted {
			t.Errorf("got handshake %s, want ACCEPTED", acc.Handshake.State)
		}
		xferStatus(t, types.ResponsibilityTransferStatusAccepted, id, x.a.c, x.b.c)
	})

	t.Run("each side names it for itself", func(t *testing.T) {
		u, err := x.b.c.UpdateResponsibilityTransfer(ctx(t), &organizations.UpdateResponsibilityTransferInput{Id: aws.String(id), Name: aws.String("our payer")})
		noErr(t, err)
		if *u.ResponsibilityTransfer.Name != "our payer" || !regexp.MustCompile(`/outbound/`).MatchString(*u.ResponsibilityTransfer.Arn) {
			t.Errorf("got %s %s, want our payer, outbound", *u.ResponsibilityTransfer.Name, *u.ResponsibilityTransfer.Arn)
		}
		if got := *xferDescribe(t, x.a.c, id).Name; got != "customer-b" {
			t.Errorf("A: got name %q, want customer-b", got)
		}
		_, err = x.a.c.UpdateResponsibilityTransfer(ctx(t), &organizations.UpdateResponsibilityTransferInput{Id: aws.String(id), Name: aws.String("Customer B")})
		noErr(t, err)
		if a, b := *xferDescribe(t, x.a.c, id).Name, *xferDescribe(t, x.b.c, id).Name; a != "Customer B" || b != "our payer" {
			t.Errorf("got names %q (A) and %q (B), want Customer B and our payer", a, b)
		}
	})

	t.Run("every output member is filled", func(t *testing.T) {
		model := embeddedModel(t)
		status, raw := rawCall(t, x.e.srv.URL(), mgmtID, "DescribeResponsibilityTransfer", map[string]any{"Id": id})
		if status != 200 {
			t.Fatalf("got %d %v", status, raw)
		}
		for _, p := range outputPaths(model, "DescribeResponsibilityTransfer") {
			if p != "ResponsibilityTransfer.EndTimestamp" && !has(raw, p) {
				t.Errorf("output member %s is missing in %v", p, raw)
			}
		}
	})

	t.Run("withdrawn by B", func(t *testing.T) {
		end := monthLast(start, 0)
		w, err := x.b.c.TerminateResponsibilityTransfer(ctx(t), &organizations.TerminateResponsibilityTransferInput{Id: aws.String(id), EndTimestamp: aws.Time(end)})
		noErr(t, err)
		if w.ResponsibilityTransfer.Status != types.ResponsibilityTransferStatusWithdrawn || !w.ResponsibilityTransfer.EndTimestamp.Equal(end) {
			t.Errorf("got %s ending %v, want WITHDRAWN ending %v", w.ResponsibilityTransfer.Status, w.ResponsibilityTransfer.EndTimestamp, end)
		}
		xferStatus(t, types.ResponsibilityTransferStatusWithdrawn, id, x.a.c, x.b.c)
		if got := xferDescribe(t, x.a.c, id).EndTimestamp; got == nil || !got.Equal(end) {
			t.Errorf("A: got end %v, want %v", got, end)
		}
		for _, c := range []*organizations.Client{x.a.c, x.b.c} {
			_, err = c.TerminateResponsibilityTransfer(ctx(t), &organizations.TerminateResponsibilityTransferInput{Id: aws.String(id)})
			wantErr(t, err, "ResponsibilityTransferAlreadyInStatusException", "")
		}
	})
}

// embeddedModel reads the service model Canopy embeds.
func embeddedModel(t *testing.T) map[string]any {
	t.Helper()
	f, err := os.Open("../awsjson/model/service-2.json.gz")
	noErr(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	noErr(t, err)
	var m map[string]any
	noErr(t, json.NewDecoder(zr).Decode(&m))
	return m
}

func TestTransferListPaging(t *testing.T) {
	t.Parallel()
	x := newXferEnv(t, xferNow)
	start := monthStart(xferNow, 1)
	// A invites three organizations; three organizations invite B.
	var inbound, outbound []string
	for _, acct := range []string{"333333333301", "333333333302", "333333333303"} {
		o := xferOrg(t, x.e, acct)
		h, err := xferInvite(x.a.c, t, acct, start)
		noErr(t, err)
		inbound = append(inbound, xferID(t, h))
		h, err = xferInvite(o.c, t, otherID, start)
		noErr(t, err)
		outbound = append(outbound, xferID(t, h))
	}
	slices.Sort(inbound)
	slices.Sort(outbound)
	for _, size := range []int32{1, 2, 3, 20} {
		if got := xferInbound(t, x.a.c, size); !slices.Equal(got, inbound) {
			t.Errorf("A inbound in pages of %d: got %v, want %v", size, got, inbound)
		}
		if got := xferOutbound(t, x.b.c, size); !slices.Equal(got, outbound) {
			t.Errorf("B outbound in pages of %d: got %v, want %v", size, got, outbound)
		}
	}
	t.Run("a token is for its own listing", func(t *testing.T) {
		page, err := x.a.c.ListInboundResponsibilityTransfers(ctx(t), &organizations.ListInboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling, MaxResults: aws.Int32(1)})
		noErr(t, err)
		_, err = x.a.c.ListOutboundResponsibilityTransfers(ctx(t), &organizations.ListOutboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling, NextToken: page.NextToken})
		wantErr(t, err, "InvalidInputException", "INVALID_NEXT_TOKEN")
	})
}

func TestTransferDeclinedAndCanceled(t *testing.T) {
	t.Parallel()
	x := newXferEnv(t, xferNow)
	start := monthStart(xferNow, 1)

	h, err := xferInvite(x.a.c, t, otherID, start)
	noErr(t, err)
	declined := xferID(t, h)
	// Only the recipient declines, only the sender cancels.
	_, err = x.a.c.DeclineHandshake(ctx(t), &organizations.DeclineHandshakeInput{HandshakeId: h.Id})
	wantErr(t, err, "AccessDeniedException", "")
	_, err = x.b.c.CancelHandshake(ctx(t), &organizations.CancelHandshakeInput{HandshakeId: h.Id})
	wantErr(t, err, "AccessDeniedException", "")
	_, err = x.b.c.TerminateResponsibilityTransfer(ctx(t), &organizations.TerminateResponsibilityTransferInput{Id: aws.String(declined)})
	wantErr(t, err, "InvalidResponsibilityTransferTransitionException", "")
	_, err = x.b.c.DeclineHandshake(ctx(t), &organizations.DeclineHandshakeInput{HandshakeId: h.Id})
	noErr(t, err)
	xferStatus(t, types.ResponsibilityTransferStatusDeclined, declined, x.a.c, x.b.c)
	_, err = x.b.c.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	wantErr(t, err, "InvalidHandshakeTransitionException", "")
	_, err = x.a.c.TerminateResponsibilityTransfer(ctx(t), &organizations.TerminateResponsibilityTransferInput{Id: aws.String(declined)})
	wantErr(t, err, "InvalidResponsibilityTransferTransitionException", "")

	// A declined invitation doesn't stand in the way of a new one.
	h, err = xferInvite(x.a.c, t, otherID, start)
	noErr(t, err)
	canceled := xferID(t, h)
	_, err = x.a.c.CancelHandshake(ctx(t), &organizations.CancelHandshakeInput{HandshakeId: h.Id})
	noErr(t, err)
	xferStatus(t, types.ResponsibilityTransferStatusCanceled, canceled, x.a.c, x.b.c)
	_, err = x.b.c.TerminateResponsibilityTransfer(ctx(t), &organizations.TerminateResponsibilityTransferInput{Id: aws.String(canceled)})
	wantErr(t, err, "InvalidResponsibilityTransferTransitionException", "")
	if got := xferInbound(t, x.a.c, 20); len(got) != 2 {
		t.Errorf("A inbound: got %v, want the declined and the canceled transfer", got)
	}
}

func TestTransferExpiry(t *testing.T) {
	t.Parallel()
	t.Run("after 15 days", func(t *testing.T) {
		t.Parallel()
		x := newXferEnv(t, xferNow)
		h, err := xferInvite(x.a.c, t, otherID, monthStart(xferNow, 2))
		noErr(t, err)
		id := xferID(t, h)
		x.clock.Advance(15*24*time.Hour - time.Second)
		xferStatus(t, types.ResponsibilityTransferStatusRequested, id, x.a.c, x.b.c)
		x.clock.Advance(time.Second)
		xferStatus(t, types.ResponsibilityTransferStatusExpired, id, x.a.c, x.b.c)
		out, err := x.b.c.ListOutboundResponsibilityTransfers(ctx(t), &organizations.ListOutboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling})
		noErr(t, err)
		if len(out.ResponsibilityTransfers) != 1 || out.ResponsibilityTransfers[0].Status != types.ResponsibilityTransferStatusExpired {
			t.Errorf("got %+v, want the expired transfer", out.ResponsibilityTransfers)
		}
		_, err = x.b.c.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
		wantErr(t, err, "InvalidHandshakeTransitionException", "")
		_, err = x.a.c.TerminateResponsibilityTransfer(ctx(t), &organizations.TerminateResponsibilityTransferInput{Id: aws.String(id)})
		wantErr(t, err, "InvalidResponsibilityTransferTransitionException", "")
		// An expired invitation is no duplicate.
		_, err = xferInvite(x.a.c, t, otherID, monthStart(x.clock.Now(), 1))
		noErr(t, err)
		// Thirty days on, the worker deletes the expired handshake; the
		// transfer still reads EXPIRED.
		x.clock.Advance(30*24*time.Hour + time.Hour)
		x.e.srv.Engine().RunDue(context.Background())
		_, err = x.a.c.DescribeHandshake(ctx(t), &organizations.DescribeHandshakeInput{HandshakeId: h.Id})
		wantErr(t, err, "HandshakeNotFoundException", "")
		xferStatus(t, types.ResponsibilityTransferStatusExpired, id, x.a.c, x.b.c)
	})
	t.Run("24 hours before the start", func(t *testing.T) {
		t.Parallel()
		now := time.Date(2030, 3, 25, 12, 0, 0, 0, time.UTC)
		x := newXferEnv(t, now)
		start := monthStart(now, 1)
		h, err := xferInvite(x.a.c, t, otherID, start)
		noErr(t, err)
		if want := start.Add(-24 * time.Hour); !h.ExpirationTimestamp.Equal(want) {
			t.Errorf("got expiration %v, want %v", h.ExpirationTimestamp, want)
		}
		x.clock.Advance(start.Add(-24 * time.Hour).Sub(now))
		_, err = x.b.c.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
		wantErr(t, err, "InvalidHandshakeTransitionException", "")
		xferStatus(t, types.ResponsibilityTransferStatusExpired, xferID(t, h), x.a.c, x.b.c)
	})
}

func TestTransferInvitationRules(t *testing.T) {
	t.Parallel()
	x := newXferEnv(t, xferNow)
	aMember := x.a.createAccount(t, "a-member")
	standalone := "444444444444"
	_, err := x.e.client(standalone).CreateOrganization(ctx(t), &organizations.CreateOrganizationInput{})
	noErr(t, err)
	_, err = x.e.client(standalone).DeleteOrganization(ctx(t), &organizations.DeleteOrganizationInput{})
	noErr(t, err)
	next := monthStart(xferNow, 1)
	invite := func(party types.HandshakeParty, start time.Time) error {
		_, err := x.a.c.InviteOrganizationToTransferResponsibility(ctx(t), &organizations.InviteOrganizationToTransferResponsibilityInput{
			Type: types.ResponsibilityTransferTypeBilling, Target: &party, StartTimestamp: aws.Time(start), SourceName: aws.String("x"),
		})
		return err
	}
	acct := func(id string) types.HandshakeParty {
		return types.HandshakeParty{Id: aws.String(id), Type: types.HandshakePartyTypeAccount}
	}
	tests := []struct {
		name         string
		party        types.HandshakeParty
		start        time.Time
		code, reason string
	}{
		{"itself", acct(mgmtID), next, "HandshakeConstraintViolationException", "SOURCE_AND_TARGET_CANNOT_MATCH"},
		{"its own member", acct(aMember), next, "HandshakeConstraintViolationException", "SOURCE_AND_TARGET_CANNOT_MATCH"},
		{"itself by email", types.HandshakeParty{Id: aws.String("a-member@example.com"), Type: types.HandshakePartyTypeEmail}, next, "HandshakeConstraintViolationException", "SOURCE_AND_TARGET_CANNOT_MATCH"},
		{"a member of another organization", acct(x.member), next, "InvalidInputException", "INVALID_PARTY_TYPE_TARGET"},
		{"a standalone account", acct(standalone), next, "InvalidInputException", "INVALID_PARTY_TYPE_TARGET"},
		{"an unknown account", acct("999999999999"), next, "InvalidInputException", "INVALID_PARTY_TYPE_TARGET"},
		{"an unknown email", types.HandshakeParty{Id: aws.String("nobody@example.com"), Type: types.HandshakePartyTypeEmail}, next, "InvalidInputException", "INVALID_EMAIL_ADDRESS_TARGET"},
		{"an organization party", types.HandshakeParty{Id: aws.String(*x.b.org.Id), Type: types.HandshakePartyTypeOrganization}, next, "InvalidInputException", "INVALID_PARTY_TYPE_TARGET"},
		{"mid-month", acct(otherID), next.Add(14 * 24 * time.Hour), "InvalidInputException", "START_DATE_NOT_BEGINNING_OF_MONTH"},
		{"a second after midnight", acct(otherID), next.Add(time.Second), "InvalidInputException", "START_DATE_NOT_BEGINNING_OF_MONTH"},
		{"this month", acct(otherID), monthStart(xferNow, 0), "InvalidInputException", "START_DATE_TOO_EARLY"},
		{"last year", acct(otherID), monthStart(xferNow, -12), "InvalidInputException", "START_DATE_TOO_EARLY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, invite(tt.party, tt.start), tt.code, tt.reason)
		})
	}
	t.Run("less than 24 hours before the start", func(t *testing.T) {
		t.Parallel()
		now := time.Date(2030, 3, 31, 0, 0, 0, 1e6, time.UTC)
		y := newXferEnv(t, now)
		_, err := xferInvite(y.a.c, t, otherID, monthStart(now, 1))
		wantErr(t, err, "InvalidInputException", "START_DATE_TOO_EARLY")
		y.clock.Advance(-time.Second - time.Millisecond) // 2030-03-30T23:59:59Z
		_, err = xferInvite(y.a.c, t, otherID, monthStart(now, 1))
		noErr(t, err)
	})
	t.Run("system tags", func(t *testing.T) {
		_, err := x.a.c.InviteOrganizationToTransferResponsibility(ctx(t), &organizations.InviteOrganizationToTransferResponsibilityInput{
			Type: types.ResponsibilityTransferTypeBilling, Target: &types.HandshakeParty{Id: aws.String(otherID), Type: types.HandshakePartyTypeAccount},
			StartTimestamp: aws.Time(next), SourceName: aws.String("x"), Tags: []types.Tag{{Key: aws.String("aws:x"), Value: aws.String("y")}},
		})
		wantErr(t, err, "InvalidInputException", "INVALID_SYSTEM_TAGS_PARAMETER")
	})
	t.Run("by email", func(t *testing.T) {
		err := invite(types.HandshakeParty{Id: aws.String("b-member@example.com"), Type: types.HandshakePartyTypeEmail}, next)
		wantErr(t, err, "InvalidInputException", "INVALID_PARTY_TYPE_TARGET")
	})
	t.Run("only the management account", func(t *testing.T) {
		_, err := xferInvite(x.e.client(aMember), t, otherID, next)
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("nothing was made", func(t *testing.T) {
		if got := xferInbound(t, x.a.c, 20); len(got) != 0 {
			t.Errorf("got %v, want no transfer", got)
		}
	})
}

func TestTransferOneAtATime(t *testing.T) {
	t.Parallel()
	x := newXferEnv(t, xferNow)
	c := xferOrg(t, x.e, "333333333333")
	start := monthStart(xferNow, 1)

	h, err := xferInvite(x.a.c, t, otherID, start)
	noErr(t, err)
	id := xferID(t, h)
	_, err = xferInvite(x.a.c, t, otherID, monthStart(xferNow, 2))
	wantErr(t, err, "DuplicateHandshakeException", "")
	// Another organization may offer too, while nothing is accepted.
	hc, err := xferInvite(c.c, t, otherID, start)
	noErr(t, err)

	_, err = x.e.client(x.member).AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	wantErr(t, err, "HandshakeNotFoundException", "")
	_, err = x.b.c.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	noErr(t, err)

	t.Run("accepting a second payer", func(t *testing.T) {
		_, err := x.b.c.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: hc.Id})
		wantErr(t, err, "HandshakeConstraintViolationException", "RESPONSIBILITY_TRANSFER_ALREADY_EXISTS")
		xferStatus(t, types.ResponsibilityTransferStatusRequested, xferID(t, hc), x.b.c)
		_, err = x.b.c.DeclineHandshake(ctx(t), &organizations.DeclineHandshakeInput{HandshakeId: hc.Id})
		noErr(t, err)
	})
	for _, tt := range []struct {
		name string
		from *organizations.Client
		to   string
	}{
		{"the same payer again", x.a.c, otherID},
		{"another payer", c.c, otherID},
		{"the other way", x.b.c, mgmtID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := xferInvite(tt.from, t, tt.to, monthStart(xferNow, 3))
			wantErr(t, err, "HandshakeConstraintViolationException", "RESPONSIBILITY_TRANSFER_ALREADY_EXISTS")
		})
	}
	t.Run("once withdrawn, after its end", func(t *testing.T) {
		_, err := x.a.c.TerminateResponsibilityTransfer(ctx(t), &organizations.TerminateResponsibilityTransferInput{Id: aws.String(id), EndTimestamp: aws.Time(monthLast(start, 1))})
		noErr(t, err)
		_, err = xferInvite(c.c, t, otherID, monthStart(start, 1))
		wantErr(t, err, "HandshakeConstraintViolationException", "RESPONSIBILITY_TRANSFER_ALREADY_EXISTS")
		_, err = xferInvite(c.c, t, otherID, monthStart(start, 2))
		noErr(t, err)
	})
}

func TestTransferTermination(t *testing.T) {
	t.Parallel()
	x := newXferEnv(t, xferNow)
	start := monthStart(xferNow, 2)
	h, err := xferInvite(x.a.c, t, otherID, start)
	noErr(t, err)
	id := xferID(t, h)
	terminate := func(c *organizations.Client, end *time.Time) (*types.ResponsibilityTransfer, error) {
		out, err := c.TerminateResponsibilityTransfer(ctx(t), &organizations.TerminateResponsibilityTransferInput{Id: aws.String(id), EndTimestamp: end})
		if err != nil {
			return nil, err
		}
		return out.ResponsibilityTransfer, nil
	}
	_, err = terminate(x.a.c, nil)
	wantErr(t, err, "InvalidResponsibilityTransferTransitionException", "")
	_, err = x.b.c.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	noErr(t, err)

	tests := []struct {
		name   string
		end    time.Time
		reason string
	}{
		{"mid-month", monthStart(start, 0).Add(14 * 24 * time.Hour), "END_DATE_NOT_END_OF_MONTH"},
		{"the first of a month", monthStart(start, 1), "END_DATE_NOT_END_OF_MONTH"},
		{"the last day at noon", monthLast(start, 0).Add(-12 * time.Hour), "END_DATE_NOT_END_OF_MONTH"},
		{"before it starts", monthLast(start, -1), "END_DATE_TOO_EARLY"},
		{"in the past", monthLast(xferNow, -1), "END_DATE_TOO_EARLY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := terminate(x.b.c, aws.Time(tt.end))
			wantErr(t, err, "InvalidInputException", tt.reason)
		})
	}
	t.Run("unknown or someone else's", func(t *testing.T) {
		c := xferOrg(t, x.e, "333333333333")
		for _, cl := range []*organizations.Client{c.c, x.a.c} {
			_, err := cl.TerminateResponsibilityTransfer(ctx(t), &organizations.TerminateResponsibilityTransferInput{Id: aws.String("rt-unknown0000000")})
			wantErr(t, err, "ResponsibilityTransferNotFoundException", "")
		}
		_, err := c.c.TerminateResponsibilityTransfer(ctx(t), &organizations.TerminateResponsibilityTransferInput{Id: aws.String(id)})
		wantErr(t, err, "ResponsibilityTransferNotFoundException", "")
		_, err = c.c.DescribeResponsibilityTransfer(ctx(t), &organizations.DescribeResponsibilityTransferInput{Id: aws.String(id)})
		wantErr(t, err, "ResponsibilityTransferNotFoundException", "")
		_, err = c.c.UpdateResponsibilityTransfer(ctx(t), &organizations.UpdateResponsibilityTransferInput{Id: aws.String(id), Name: aws.String("mine")})
		wantErr(t, err, "ResponsibilityTransferNotFoundException", "")
		_, err = c.c.ListInboundResponsibilityTransfers(ctx(t), &organizations.ListInboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling, Id: aws.String(id)})
		wantErr(t, err, "ResponsibilityTransferNotFoundException", "")
	})
	t.Run("a member account", func(t *testing.T) {
		mc := x.e.client(x.member)
		_, err := mc.DescribeResponsibilityTransfer(ctx(t), &organizations.DescribeResponsibilityTransferInput{Id: aws.String(id)})
		wantErr(t, err, "AccessDeniedException", "")
		_, err = terminate(mc, nil)
		wantErr(t, err, "AccessDeniedException", "")
		_, err = mc.ListOutboundResponsibilityTransfers(ctx(t), &organizations.ListOutboundResponsibilityTransfersInput{Type: types.ResponsibilityTransferTypeBilling})
		wantErr(t, err, "AccessDeniedException", "")
	})
	t.Run("by default at the end of its first month", func(t *testing.T) {
		tr, err := terminate(x.a.c, nil)
		noErr(t, err)
		if want := monthLast(start, 0); tr.Status != types.ResponsibilityTransferStatusWithdrawn || !tr.EndTimestamp.Equal(want) {
			t.Errorf("got %s ending %v, want WITHDRAWN ending %v", tr.Status, tr.EndTimestamp, want)
		}
		if !transferArnPattern.MatchString(*tr.Arn) {
			t.Errorf("ARN %s doesn't match the model's pattern", *tr.Arn)
		}
		_, err = terminate(x.b.c, aws.Time(monthLast(start, 3)))
		wantErr(t, err, "ResponsibilityTransferAlreadyInStatusException", "")
	})
}

// A transfer under way ends, by default, at the end of the month in
// progress; an end second given without milliseconds is accepted.
func TestTransferTerminateRunning(t *testing.T) {
	t.Parallel()
	x := newXferEnv(t, xferNow)
	start := monthStart(xferNow, 1)
	h, err := xferInvite(x.a.c, t, otherID, start)
	noErr(t, err)
	id := xferID(t, h)
	_, err = x.b.c.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	noErr(t, err)
	x.clock.Advance(start.Sub(xferNow) + 40*24*time.Hour) // into the month after the start
	_, err = x.b.c.TerminateResponsibilityTransfer(ctx(t), &organizations.TerminateResponsibilityTransferInput{Id: aws.String(id), EndTimestamp: aws.Time(monthLast(start, 0))})
	wantErr(t, err, "InvalidInputException", "END_DATE_TOO_EARLY")
	end := monthLast(x.clock.Now(), 0).Truncate(time.Second)
	out, err := x.b.c.TerminateResponsibilityTransfer(ctx(t), &organizations.TerminateResponsibilityTransferInput{Id: aws.String(id), EndTimestamp: aws.Time(end)})
	noErr(t, err)
	if want := monthLast(x.clock.Now(), 0); !out.ResponsibilityTransfer.EndTimestamp.Equal(want) {
		t.Errorf("got end %v, want %v", out.ResponsibilityTransfer.EndTimestamp, want)
	}
}

// Neither organization of a transfer can be deleted while the transfer is
// pending or in force; once the invitation is declined, or a withdrawn
// transfer has ended, it can.
func TestTransferBlocksDeleteOrganization(t *testing.T) {
	t.Parallel()
	x := newXferEnv(t, xferNow)
	// B has a member; remove it so that only the transfer stands in the way.
	_, err := x.b.c.RemoveAccountFromOrganization(ctx(t), &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(x.member)})
	noErr(t, err)
	h, err := xferInvite(x.a.c, t, otherID, monthStart(xferNow, 1))
	noErr(t, err)
	for _, c := range []*organizations.Client{x.a.c, x.b.c} {
		_, err := c.DeleteOrganization(ctx(t), &organizations.DeleteOrganizationInput{})
		wantErr(t, err, "ConstraintViolationException", "ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS")
	}
	_, err = x.b.c.AcceptHandshake(ctx(t), &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	noErr(t, err)
	id := xferID(t, h)
	_, err = x.a.c.TerminateResponsibilityTransfer(ctx(t), &organizations.TerminateResponsibilityTransferInput{Id: aws.String(id)})
	noErr(t, err)
	_, err = x.b.c.DeleteOrganization(ctx(t), &organizations.DeleteOrganizationInput{})
	wantErr(t, err, "ConstraintViolationException", "ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS")
	// The withdrawn transfer ends with the month it started in.
	x.clock.Advance(monthLast(xferNow, 1).Sub(xferNow) + time.Second)
	_, err = x.b.c.DeleteOrganization(ctx(t), &organizations.DeleteOrganizationInput{})
	noErr(t, err)
}
