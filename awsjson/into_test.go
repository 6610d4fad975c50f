package awsjson_test

import (
	"reflect"
	"testing"
	"time"

	"canopy/org"
)

type handshakeFilter struct {
	ActionType        string `json:"ActionType,omitempty"`
	ParentHandshakeID string `json:"ParentHandshakeId,omitempty"`
}

type listHandshakesIn struct {
	Filter     *handshakeFilter `json:"Filter,omitempty"`
	NextToken  string           `json:"NextToken,omitempty"`
	MaxResults int              `json:"MaxResults,omitempty"`
}

// encoding/json matches keys case-insensitively and merges a repeated
// object into the same struct. Neither may let an unvalidated value through.
func TestDecodeIntoOnlyWhatWasValidated(t *testing.T) {
	op := operation(t, "ListHandshakesForAccount")
	cases := []struct {
		name string
		body string
		want listHandshakesIn
	}{
		{"plain", `{"Filter":{"ActionType":"INVITE"},"MaxResults":5}`,
			listHandshakesIn{Filter: &handshakeFilter{ActionType: "INVITE"}, MaxResults: 5}},
		{"case-folded key ignored", `{"maxresults":1000,"MAXRESULTS":-1}`, listHandshakesIn{}},
		{"case-folded nested key ignored", `{"Filter":{"ActionType":"INVITE","actiontype":"BOGUS"}}`,
			listHandshakesIn{Filter: &handshakeFilter{ActionType: "INVITE"}}},
		{"kelvin sign key ignored", "{\"Filter\":{\"ActionType\":\"INVITE\"},\"NextTo\u212aen\":\"x\"}",
			listHandshakesIn{Filter: &handshakeFilter{ActionType: "INVITE"}}},
		{"repeated object not merged", `{"Filter":{"ActionType":"BOGUS"},"Filter":{}}`,
			listHandshakesIn{Filter: &handshakeFilter{}}},
		{"repeated object then null", `{"Filter":{"ActionType":"BOGUS"},"Filter":null}`, listHandshakesIn{}},
		{"unknown members dropped", `{"Filter":{"ParentHandshakeId":"h-12345678","X":[1,{"y":null}]},"Z":"z"}`,
			listHandshakesIn{Filter: &handshakeFilter{ParentHandshakeID: "h-12345678"}}},
		{"escaped key", `{"Max\u0052esults":7}`, listHandshakesIn{MaxResults: 7}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got listHandshakesIn
			if err := op.Decode([]byte(tc.body), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v (filter %+v), want %+v", got, got.Filter, tc.want)
			}
		})
	}
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

func TestDecodeIntoNestedAndTimestamp(t *testing.T) {
	type party struct {
		ID   string `json:"Id"`
		Type string `json:"Type"`
	}
	type in struct {
		Type           string   `json:"Type"`
		Target         party    `json:"Target"`
		Notes          string   `json:"Notes"`
		StartTimestamp org.Time `json:"StartTimestamp"`
		SourceName     string   `json:"SourceName"`
		Tags           []tag    `json:"Tags"`
	}
	op := operation(t, "InviteOrganizationToTransferResponsibility")
	if err := op.CheckInputType(reflect.TypeFor[in]()); err != nil {
		t.Fatal(err)
	}
	body := `{"Type":"BILLING","Target":{"Id":"123456789012","Type":"ACCOUNT","Extra":1},` +
		`"StartTimestamp":1735689600.25,"SourceName":"Src \u00e9","Tags":[{"Key":"k","Value":"v"}],"Unknown":null}`
	var got in
	if err := op.Decode([]byte(body), &got); err == nil {
		t.Fatal("SourceName with é must fail the [ -~]+ pattern")
	}
	body = `{"Type":"BILLING","Target":{"Id":"123456789012","Type":"ACCOUNT","Extra":1},` +
		`"StartTimestamp":1735689600.25,"SourceName":"Src","Tags":[{"Key":"k","Value":"v"}],"Unknown":null}`
	if err := op.Decode([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	want := in{
		Type: "BILLING", Target: party{"123456789012", "ACCOUNT"},
		StartTimestamp: org.Time{Time: time.Date(2025, 1, 1, 0, 0, 0, 250e6, time.UTC)},
		SourceName:     "Src", Tags: []tag{{"k", "v"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

// A failed decode leaves no partial value behind.
func TestDecodeFailureLeavesTargetUntouched(t *testing.T) {
	op := operation(t, "DescribeAccount")
	type in struct {
		AccountID string `json:"AccountId"`
	}
	got := in{AccountID: "untouched"}
	if err := op.Decode([]byte(`{"AccountId":"nope"}`), &got); err == nil || got.AccountID != "untouched" {
		t.Fatalf("err %v, value %+v", err, got)
	}
}

// A Go type that cannot hold what the model allows is a server defect, not
// a client error: Decode says so with a plain error.
func TestDecodeIntoWrongTypeIsInternal(t *testing.T) {
	op := operation(t, "ListRoots")
	var into struct {
		MaxResults string `json:"MaxResults"`
	}
	err := op.Decode([]byte(`{"MaxResults":3}`), &into)
	if err == nil {
		t.Fatal("no error")
	}
	if _, ok := org.AsError(err); ok {
		t.Fatalf("got *org.Error %v, want an internal error", err)
	}
}
