package reconcile

import (
	"testing"
	"time"

	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/coupon"
)

// Two records for one reclaimed coupon (which the API cannot produce, so
// the end-to-end tests cannot either) are Ambiguous, and an over-count is
// final; a record outside the window or excluded does not count; a record
// whose time cannot be read counts.
func TestDecide(t *testing.T) {
	from := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	to := from.Add(time.Hour)
	in := from.Add(time.Minute)
	rec := func(id string, at time.Time, ok bool) candidate {
		return candidate{id: "CP1", ids: []string{id}, at: at, atOK: ok, coupon: &coupon.PartnerCouponRecord{ID: id, CouponID: "CP1"}}
	}
	for _, tc := range []struct {
		name    string
		recs    []candidate
		exclude map[string]bool
		want    Outcome
		over    bool
	}{
		{"none", nil, nil, NotApplied, false},
		{"one", []candidate{rec("r1", in, true)}, nil, Applied, false},
		{"two", []candidate{rec("r1", in, true), rec("r2", in, true)}, nil, Ambiguous, true},
		{"two, one excluded", []candidate{rec("r1", in, true), rec("r2", in, true)}, map[string]bool{"r1": true}, Applied, false},
		{"one outside the window", []candidate{rec("r1", in, true), rec("r2", to.Add(time.Second), true)}, nil, Applied, false},
		{"unreadable time counts", []candidate{rec("r1", in, true), rec("r2", time.Time{}, false)}, nil, Ambiguous, true},
	} {
		res, over := decide("ReclaimPartnerCoupons", []string{""}, tc.recs, from, to, tc.exclude)
		if res.Outcome != tc.want || over != tc.over {
			t.Errorf("%s: %s (over %v), want %s (over %v)", tc.name, res.Outcome, over, tc.want, tc.over)
		}
	}
	// A key asked for twice wants two records: one is not enough.
	res, over := decide("CreatePartnerCoupons", []string{"c", "c"}, []candidate{{key: "c", id: "x", ids: []string{"x"}}}, from, to, nil)
	if res.Outcome != Ambiguous || over || res.Items[0].Want != 2 {
		t.Errorf("duplicate key: %s over %v %+v", res.Outcome, over, res.Items)
	}
}

// The window: from the server's Date when known (attempt duration, margin
// and settle delay around it), otherwise from the client clock and the skew.
func TestWindow(t *testing.T) {
	cfg := &config{skew: 15 * time.Minute, serverMargin: time.Minute, settle: 5 * time.Minute}
	start := time.Date(2026, 1, 2, 3, 4, 5, 500e6, time.UTC)
	ou := &core.OutcomeUnknownError{AttemptStart: start, AttemptEnd: start.Add(2 * time.Second)}
	from, to, sc := window(ou, cfg)
	if sc || !from.Equal(time.Date(2026, 1, 2, 2, 49, 5, 0, time.UTC)) || !to.Equal(time.Date(2026, 1, 2, 3, 24, 8, 0, time.UTC)) {
		t.Fatalf("client window %v..%v (server %v)", from, to, sc)
	}
	ou.ServerTime = time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC) // server clock far ahead
	from, to, sc = window(ou, cfg)
	if !sc || !from.Equal(time.Date(2026, 1, 2, 8, 58, 58, 0, time.UTC)) || !to.Equal(time.Date(2026, 1, 2, 9, 6, 3, 0, time.UTC)) {
		t.Fatalf("server window %v..%v (server %v)", from, to, sc)
	}
}
