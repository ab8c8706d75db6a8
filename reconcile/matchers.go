package reconcile

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// matcher reads the records that could be a write's and knows its keys.
type matcher interface {
	// keys lists one key per effect of the write ("" for one effect).
	keys() []string
	// fetch returns every record in [from, to] that agrees with what the
	// request fixed and does not report a failure.
	fetch(ctx context.Context, r *Reconciler, from, to time.Time) ([]candidate, error)
}

// matcherFor builds the matcher of a supported write from its request; ok
// is false for writes that cannot be reconciled.
func matcherFor(op string, body any) (m matcher, ok bool, err error) {
	switch op {
	case "UpdateCustomerAccountAmount":
		q, ok := body.(*partner.UpdateCustomerAccountAmountRequest)
		if !ok || q == nil {
			return nil, true, badBody(body, "*partner.UpdateCustomerAccountAmountRequest")
		}
		return &adjustMatcher{account: q.CustomerID, opType: partner.AdjustOperationTypeAllocate, amount: q.Amount, reseller: q.IndirectPartnerID}, true, nil
	case "ReclaimToPartnerAccount":
		q, ok := body.(*partner.ReclaimToPartnerAccountRequest)
		if !ok || q == nil {
			return nil, true, badBody(body, "*partner.ReclaimToPartnerAccountRequest")
		}
		return &adjustMatcher{account: q.CustomerID, opType: partner.AdjustOperationTypeReclaim, amount: q.Amount, reseller: q.IndirectPartnerID}, true, nil
	case "UpdateIndirectPartnerAccount":
		q, ok := body.(*partner.UpdateIndirectPartnerAccountRequest)
		if !ok || q == nil {
			return nil, true, badBody(body, "*partner.UpdateIndirectPartnerAccountRequest")
		}
		return &adjustMatcher{account: q.IndirectPartnerID, opType: partner.AdjustOperationTypeAllocate, amount: q.Amount}, true, nil
	case "ReclaimIndirectPartnerAccount":
		q, ok := body.(*partner.ReclaimIndirectPartnerAccountRequest)
		if !ok || q == nil {
			return nil, true, badBody(body, "*partner.ReclaimIndirectPartnerAccountRequest")
		}
		return &adjustMatcher{account: q.IndirectPartnerID, opType: partner.AdjustOperationTypeReclaim, amount: q.Amount}, true, nil
	case "CreatePartnerCoupons":
		q, ok := body.(*coupon.CreatePartnerCouponsRequest)
		if !ok || q == nil {
			return nil, true, badBody(body, "*coupon.CreatePartnerCouponsRequest")
		}
		return &couponIssueMatcher{q: q}, true, nil
	case "ReclaimPartnerCoupons":
		q, ok := body.(*coupon.ReclaimPartnerCouponsRequest)
		if !ok || q == nil {
			return nil, true, badBody(body, "*coupon.ReclaimPartnerCouponsRequest")
		}
		return &couponReclaimMatcher{q: q}, true, nil
	case "UpdateCouponQuotas":
		q, ok := body.(*partner.UpdateCouponQuotasRequest)
		if !ok || q == nil {
			return nil, true, badBody(body, "*partner.UpdateCouponQuotasRequest")
		}
		return &quotaIssueMatcher{q: q}, true, nil
	case "ReclaimCouponQuotas":
		q, ok := body.(*partner.ReclaimCouponQuotasRequest)
		if !ok || q == nil {
			return nil, true, badBody(body, "*partner.ReclaimCouponQuotasRequest")
		}
		return &quotaReclaimMatcher{q: q}, true, nil
	}
	return nil, false, nil
}

func badBody(body any, want string) error {
	return fmt.Errorf("the request is %T, want %s", body, want)
}

// wireTime formats a window bound for the records operations' filters
// (UTC, whole seconds). Some of them document "after begin" as strictly
// greater, so begin is moved one second earlier.
func wireTime(t time.Time) *string {
	s := t.UTC().Format("2006-01-02T15:04:05Z")
	return &s
}

// recordTime parses a record time. The records operations document UTC
// "2006-01-02T15:04:05Z"; other common forms are accepted too. ok is false
// when the time cannot be read (the record then stays a candidate).
func recordTime(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05Z", time.RFC3339, "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func ptr[T any](v T) *T { return &v }

// adjustMatcher: the four fund transfers, from ListPartnerAdjustRecords.
type adjustMatcher struct {
	account  string // customer or reseller ID
	opType   partner.AdjustOperationType
	amount   decimal.Decimal
	reseller *string // indirect_partner_id of the write, if any
}

func (m *adjustMatcher) keys() []string { return []string{""} }

func (m *adjustMatcher) fetch(ctx context.Context, r *Reconciler, from, to time.Time) ([]candidate, error) {
	req := &partner.ListPartnerAdjustRecordsRequest{
		CustomerID:         ptr(m.account),
		OperationType:      ptr(m.opType),
		OperationTimeBegin: wireTime(from.Add(-time.Second)),
		OperationTimeEnd:   wireTime(to),
	}
	if m.reseller != nil && *m.reseller != "" {
		req.IndirectPartnerID = ptr(*m.reseller)
	}
	return collect(r.partner.ListPartnerAdjustRecordsAll(ctx, req), func(rec *partner.AdjustRecordV3) (candidate, bool) {
		if rec.CustomerID != m.account || rec.OperationType != m.opType || !rec.Amount.Equal(m.amount) {
			return candidate{}, false
		}
		at, ok := recordTime(rec.OperationTime)
		return candidate{id: rec.TransID, ids: []string{rec.TransID}, at: at, atOK: ok, adjust: rec}, true
	})
}

// couponIssueMatcher: CreatePartnerCoupons, one coupon per customer, from
// ListPartnerCouponsRecord.
type couponIssueMatcher struct {
	q *coupon.CreatePartnerCouponsRequest
}

func (m *couponIssueMatcher) keys() []string { return m.q.CustomerIDs }

func (m *couponIssueMatcher) fetch(ctx context.Context, r *Reconciler, from, to time.Time) ([]candidate, error) {
	req := &coupon.ListPartnerCouponsRecordRequest{
		OperationTypes:     []coupon.CouponOperationType{coupon.CouponOperationIssue},
		QuotaID:            ptr(m.q.QuotaID),
		OperationTimeBegin: wireTime(from.Add(-time.Second)),
		OperationTimeEnd:   wireTime(to),
	}
	if distinct(m.q.CustomerIDs) == 1 {
		req.CustomerID = ptr(m.q.CustomerIDs[0])
	}
	if m.q.IndirectPartnerID != nil && *m.q.IndirectPartnerID != "" {
		req.IndirectPartnerID = ptr(*m.q.IndirectPartnerID)
	}
	return collect(r.coupon.ListPartnerCouponsRecordAll(ctx, req), func(rec *coupon.PartnerCouponRecord) (candidate, bool) {
		if rec.OperationType != coupon.CouponOperationIssue || rec.QuotaID != m.q.QuotaID ||
			!rec.OperationAmount.Equal(m.q.FaceValue) || rec.Result == coupon.CouponOperationResultFailed {
			return candidate{}, false
		}
		at, ok := recordTime(rec.OperationTime)
		return candidate{key: rec.CustomerID, id: rec.CouponID, ids: []string{rec.CouponID, rec.ID}, at: at, atOK: ok, coupon: rec}, true
	})
}

// couponReclaimMatcher: ReclaimPartnerCoupons, from ListPartnerCouponsRecord
// (manual reclaims of that coupon). The request fixes no amount: the whole
// remaining balance is taken back.
type couponReclaimMatcher struct {
	q *coupon.ReclaimPartnerCouponsRequest
}

func (m *couponReclaimMatcher) keys() []string { return []string{""} }

func (m *couponReclaimMatcher) fetch(ctx context.Context, r *Reconciler, from, to time.Time) ([]candidate, error) {
	req := &coupon.ListPartnerCouponsRecordRequest{
		OperationTypes:     []coupon.CouponOperationType{coupon.CouponOperationManualReclaim},
		CouponIDs:          []string{m.q.CouponID},
		OperationTimeBegin: wireTime(from.Add(-time.Second)),
		OperationTimeEnd:   wireTime(to),
	}
	if m.q.IndirectPartnerID != nil && *m.q.IndirectPartnerID != "" {
		req.IndirectPartnerID = ptr(*m.q.IndirectPartnerID)
	}
	return collect(r.coupon.ListPartnerCouponsRecordAll(ctx, req), func(rec *coupon.PartnerCouponRecord) (candidate, bool) {
		if rec.OperationType != coupon.CouponOperationManualReclaim || rec.CouponID != m.q.CouponID ||
			rec.Result == coupon.CouponOperationResultFailed {
			return candidate{}, false
		}
		at, ok := recordTime(rec.OperationTime)
		return candidate{id: rec.CouponID, ids: []string{rec.ID}, at: at, atOK: ok, coupon: rec}, true
	})
}

// quotaIssueMatcher: UpdateCouponQuotas, one reseller quota per reseller,
// from ListCouponQuotasRecords.
type quotaIssueMatcher struct {
	q *partner.UpdateCouponQuotasRequest
}

func (m *quotaIssueMatcher) keys() []string { return m.q.IndirectPartnerIDs }

func (m *quotaIssueMatcher) fetch(ctx context.Context, r *Reconciler, from, to time.Time) ([]candidate, error) {
	req := &partner.ListCouponQuotasRecordsRequest{
		ParentQuotaID:      ptr(m.q.QuotaID),
		OperationType:      ptr(partner.QuotaOperationTypeIssue),
		OperationTimeBegin: wireTime(from.Add(-time.Second)),
		OperationTimeEnd:   wireTime(to),
	}
	if distinct(m.q.IndirectPartnerIDs) == 1 {
		req.IndirectPartnerID = ptr(m.q.IndirectPartnerIDs[0])
	}
	return collect(r.partner.ListCouponQuotasRecordsAll(ctx, req), func(rec *partner.QuotaRecord) (candidate, bool) {
		if rec.OperationType != partner.QuotaOperationTypeIssue || rec.ParentQuotaID != m.q.QuotaID ||
			!rec.Amount.Equal(m.q.QuotaAmount) || rec.Result == partner.QuotaOperationResultFailure {
			return candidate{}, false
		}
		at, ok := recordTime(rec.OperationTime)
		return candidate{key: rec.IndirectPartnerID, id: rec.QuotaID, ids: []string{rec.QuotaID, rec.ID}, at: at, atOK: ok, quota: rec}, true
	})
}

// quotaReclaimMatcher: ReclaimCouponQuotas, one record per reclaimed quota,
// from ListCouponQuotasRecords. The request fixes no amount (the quota's
// balance is taken back); a remark, when set, must match.
type quotaReclaimMatcher struct {
	q *partner.ReclaimCouponQuotasRequest
}

func (m *quotaReclaimMatcher) keys() []string { return m.q.QuotaIDs }

func (m *quotaReclaimMatcher) fetch(ctx context.Context, r *Reconciler, from, to time.Time) ([]candidate, error) {
	req := &partner.ListCouponQuotasRecordsRequest{
		OperationType:      ptr(partner.QuotaOperationTypeReclaim),
		OperationTimeBegin: wireTime(from.Add(-time.Second)),
		OperationTimeEnd:   wireTime(to),
	}
	if distinct(m.q.QuotaIDs) == 1 {
		req.QuotaID = ptr(m.q.QuotaIDs[0])
	}
	return collect(r.partner.ListCouponQuotasRecordsAll(ctx, req), func(rec *partner.QuotaRecord) (candidate, bool) {
		if rec.OperationType != partner.QuotaOperationTypeReclaim || rec.Result == partner.QuotaOperationResultFailure ||
			m.q.Remark != nil && rec.Remark != *m.q.Remark {
			return candidate{}, false
		}
		at, ok := recordTime(rec.OperationTime)
		return candidate{key: rec.QuotaID, id: rec.QuotaID, ids: []string{rec.ID}, at: at, atOK: ok, quota: rec}, true
	})
}

func distinct(list []string) int {
	seen := map[string]bool{}
	for _, s := range list {
		seen[s] = true
	}
	return len(seen)
}

// collect walks every page of a record listing and keeps the candidates
// match makes of its records.
func collect[R any](records iter.Seq2[R, error], match func(*R) (candidate, bool)) ([]candidate, error) {
	var out []candidate
	for rec, err := range records {
		if err != nil {
			return nil, err
		}
		if c, ok := match(&rec); ok {
			out = append(out, c)
		}
	}
	return out, nil
}
