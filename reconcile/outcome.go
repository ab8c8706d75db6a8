package reconcile

import (
	"time"

	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// Outcome is the answer of a reconciliation. The zero value is Ambiguous,
// the answer that never lets a caller send again.
type Outcome int

const (
	// Ambiguous: more records match than the write could have made (an
	// identical write ran in the same window), so the records cannot tell
	// whether this write was applied. Do not send it again; decide by hand
	// or with Exclude.
	Ambiguous Outcome = iota
	// Applied: exactly the records the write makes exist; its effect
	// happened. Do not send it again.
	Applied
	// NotApplied: the settle delay has passed and no record of the write
	// exists in the window; it is safe to send it again.
	NotApplied
	// PartiallyApplied: a write with several effects (one per customer,
	// reseller or quota) was applied for some of them and not for others;
	// Result.Items tells which.
	PartiallyApplied
)

// String names the outcome.
func (o Outcome) String() string {
	switch o {
	case Ambiguous:
		return "Ambiguous"
	case Applied:
		return "Applied"
	case NotApplied:
		return "NotApplied"
	case PartiallyApplied:
		return "PartiallyApplied"
	}
	return "Outcome(?)"
}

// Result is the answer of Reconcile.
type Result struct {
	// Operation is the official name of the reconciled write.
	Operation string
	// Outcome sums up Items: Applied or NotApplied when every item is,
	// Ambiguous when any item is, PartiallyApplied otherwise.
	Outcome Outcome
	// Items has one entry per effect of the write: one for the funding and
	// reclaim operations and ReclaimPartnerCoupons; one per customer for
	// CreatePartnerCoupons, per reseller for UpdateCouponQuotas and per
	// quota for ReclaimCouponQuotas, in request order.
	Items []Item
	// From and To bound the window searched, on the server's clock.
	From, To time.Time
	// ServerClock reports whether the window was placed from the server's
	// Date header (true) or from this machine's clock and the clock skew.
	ServerClock bool
}

// Item is the reconciliation of one effect of a write.
type Item struct {
	// Key names the effect: the customer ID (CreatePartnerCoupons), the
	// reseller ID (UpdateCouponQuotas), the reseller quota ID
	// (ReclaimCouponQuotas), or "" for writes with a single effect.
	Key string
	// Want is how many records the write makes for this key (the number of
	// times the key appears in the request; 1 for single-effect writes).
	Want int
	// Outcome is Applied, NotApplied or Ambiguous.
	Outcome Outcome
	// IDs are what the lost answer would have reported, one per matching
	// record: the transaction ID (funding and reclaims), the coupon ID
	// (coupons), the reseller quota ID (quotas). When Outcome is Ambiguous
	// they list every candidate.
	IDs []string
	// The matching records (of the type the write's records operation
	// returns); every candidate when Outcome is Ambiguous.
	AdjustRecords []partner.AdjustRecordV3
	CouponRecords []coupon.PartnerCouponRecord
	QuotaRecords  []partner.QuotaRecord
}

// NotAppliedKeys returns the keys of the items that were not applied, in
// request order: for a PartiallyApplied CreatePartnerCoupons, the customers
// still to be issued a coupon.
func (r *Result) NotAppliedKeys() []string {
	var keys []string
	for i := range r.Items {
		if r.Items[i].Outcome == NotApplied {
			keys = append(keys, r.Items[i].Key)
		}
	}
	return keys
}

// summarize sets Outcome from the items.
func (r *Result) summarize() {
	applied, notApplied := 0, 0
	for i := range r.Items {
		switch r.Items[i].Outcome {
		case Ambiguous:
			r.Outcome = Ambiguous
			return
		case Applied:
			applied++
		case NotApplied:
			notApplied++
		}
	}
	switch {
	case len(r.Items) == 0:
		r.Outcome = Ambiguous
	case applied == len(r.Items):
		r.Outcome = Applied
	case notApplied == len(r.Items):
		r.Outcome = NotApplied
	default:
		r.Outcome = PartiallyApplied
	}
}
