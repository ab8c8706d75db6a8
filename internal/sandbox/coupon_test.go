package sandbox_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// usableQuota returns a usable, unrestricted voucher quota.
func (e *env) usableQuota() partner.CouponQuotaV2 {
	e.t.Helper()
	for q, err := range e.client.Partner.ListQuotaCouponsAll(e.ctx, &partner.ListQuotaCouponsRequest{
		QuotaStatusList: []partner.QuotaStatus{partner.QuotaStatusNormal},
	}) {
		if err != nil {
			e.t.Fatal(err)
		}
		if len(q.LimitInfos) == 0 {
			return q
		}
	}
	e.t.Fatal("no usable quota")
	return partner.CouponQuotaV2{}
}

func (e *env) quotaBalance(id string) decimal.Decimal {
	e.t.Helper()
	res, err := e.client.Partner.ListQuotaCoupons(e.ctx, &partner.ListQuotaCouponsRequest{QuotaIDs: []string{id}})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(res.Quotas) != 1 {
		e.t.Fatalf("quota %s not found", id)
	}
	return res.Quotas[0].Balance
}

func TestCouponIssueAndReclaim(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	q := e.usableQuota()
	a, b := e.resaleCustomer(0), e.resaleCustomer(1)
	face := money("12.34")

	res, err := e.client.Coupon.CreatePartnerCoupons(e.ctx, &coupon.CreatePartnerCouponsRequest{
		QuotaID: q.QuotaID, CustomerIDs: []string{a.CustomerID, b.CustomerID, "0123456789abcdef0123456789abcdef"}, FaceValue: face,
	})
	// The API answers 200 with the failed customer in error_details: the
	// SDK returns the response and a *PartialError naming it.
	var partial *partnersdk.PartialError
	if !errors.As(err, &partial) || res == nil || len(partial.Failed) != 1 || partial.Failed[0].ID != "0123456789abcdef0123456789abcdef" ||
		!errors.Is(err, partnersdk.GroupPermissionMissing) {
		t.Fatalf("want a PartialError for the unknown customer, got %v", err)
	}
	if len(res.CouponInfos) != 2 || len(res.ErrorDetails) != 1 || res.ErrorDetails[0].ID != "0123456789abcdef0123456789abcdef" {
		t.Fatalf("coupons %+v errors %+v", res.CouponInfos, res.ErrorDetails)
	}
	// Issuing consumed face value x 2 of the quota, exactly.
	afterIssue := q.Balance.Sub(money("24.68"))
	requireEqualMoney(t, "quota balance", afterIssue, e.quotaBalance(q.QuotaID))

	// The coupons appear in the partner's listing...
	couponOf := map[string]string{}
	for _, ci := range res.CouponInfos {
		couponOf[ci.ID] = ci.CouponID
		list, err := e.client.Coupon.ListIssuedPartnerCoupons(e.ctx, &coupon.ListIssuedPartnerCouponsRequest{CouponID: partnersdk.String(ci.CouponID)})
		if err != nil {
			t.Fatal(err)
		}
		if list.TotalCount != 1 || list.UserCoupons[0].CustomerID != ci.ID || !list.UserCoupons[0].FaceValue.Equal(face) ||
			!list.UserCoupons[0].Balance.Equal(face) || list.UserCoupons[0].Status != coupon.CouponStatusAvailable {
			t.Fatalf("issued coupon: %+v", list.UserCoupons)
		}
	}
	// ...and in the customer's own coupons.
	found := false
	for uc, err := range e.customerClient(a.CustomerID).Coupon.ListSubCustomerCouponsAll(e.ctx, &coupon.ListSubCustomerCouponsRequest{}) {
		if err != nil {
			t.Fatal(err)
		}
		if uc.CustomerID != a.CustomerID {
			t.Fatalf("another customer's coupon: %+v", uc)
		}
		found = found || uc.CouponID == couponOf[a.CustomerID]
	}
	if !found {
		t.Fatal("the customer does not see its new coupon")
	}
	// The issue is recorded.
	rec, err := e.client.Coupon.ListPartnerCouponsRecord(e.ctx, &coupon.ListPartnerCouponsRecordRequest{CouponIDs: []string{couponOf[a.CustomerID]}})
	if err != nil || rec.TotalCount != 1 {
		t.Fatalf("records: %v %+v", err, rec)
	}

	// Reclaiming gives the balance back to the quota.
	if _, err := e.client.Coupon.ReclaimPartnerCoupons(e.ctx, &coupon.ReclaimPartnerCouponsRequest{CouponID: couponOf[a.CustomerID]}); err != nil {
		t.Fatal(err)
	}
	requireEqualMoney(t, "quota balance", afterIssue.Add(face), e.quotaBalance(q.QuotaID))
	list, err := e.client.Coupon.ListIssuedPartnerCoupons(e.ctx, &coupon.ListIssuedPartnerCouponsRequest{CouponID: partnersdk.String(couponOf[a.CustomerID])})
	if err != nil {
		t.Fatal(err)
	}
	if list.UserCoupons[0].Status != coupon.CouponStatusReclaimed || !list.UserCoupons[0].Balance.IsZero() {
		t.Fatalf("reclaimed coupon: %+v", list.UserCoupons[0])
	}
	// A second reclaim of the same coupon fails and changes nothing.
	_, err = e.client.Coupon.ReclaimPartnerCoupons(e.ctx, &coupon.ReclaimPartnerCouponsRequest{CouponID: couponOf[a.CustomerID]})
	requireCode(t, err, 400, "CBC.0100")
	requireEqualMoney(t, "quota balance", afterIssue.Add(face), e.quotaBalance(q.QuotaID))

	// More than the quota holds: refused as a whole, nothing issued.
	left := e.quotaBalance(q.QuotaID)
	_, err = e.client.Coupon.CreatePartnerCoupons(e.ctx, &coupon.CreatePartnerCouponsRequest{
		QuotaID: q.QuotaID, CustomerIDs: []string{a.CustomerID, b.CustomerID}, FaceValue: left.Div(decimal.NewFromInt(2)).Truncate(2).Add(money("0.01")),
	})
	requireCode(t, err, 400, "CBC.99000013")
	requireEqualMoney(t, "quota balance", left, e.quotaBalance(q.QuotaID))
	// Exactly all of it is fine.
	if _, err := e.client.Coupon.CreatePartnerCoupons(e.ctx, &coupon.CreatePartnerCouponsRequest{
		QuotaID: q.QuotaID, CustomerIDs: []string{a.CustomerID}, FaceValue: left,
	}); err != nil {
		t.Fatal(err)
	}
	requireEqualMoney(t, "quota balance", money("0"), e.quotaBalance(q.QuotaID))
}

func TestCouponQuotasForResellers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	q := e.usableQuota()
	rl, err := e.client.Partner.ListIndirectPartners(e.ctx, &partner.ListIndirectPartnersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	rs := rl.IndirectPartners[len(rl.IndirectPartners)-1].IndirectPartnerID
	res, err := e.client.Partner.UpdateCouponQuotas(e.ctx, &partner.UpdateCouponQuotasRequest{
		QuotaID: q.QuotaID, IndirectPartnerIDs: []string{rs}, QuotaAmount: money("500.50"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.SimpleQuotaInfos) != 1 {
		t.Fatalf("%+v", res)
	}
	requireEqualMoney(t, "quota", q.Balance.Sub(money("500.50")), e.quotaBalance(q.QuotaID))
	sub := res.SimpleQuotaInfos[0].QuotaID
	issued, err := e.client.Partner.ListIssuedCouponQuotas(e.ctx, &partner.ListIssuedCouponQuotasRequest{QuotaID: partnersdk.String(sub)})
	if err != nil || issued.TotalCount != 1 || !issued.Quotas[0].Balance.Equal(money("500.50")) {
		t.Fatalf("issued quotas: %v %+v", err, issued)
	}
	if _, err := e.client.Partner.ReclaimCouponQuotas(e.ctx, &partner.ReclaimCouponQuotasRequest{QuotaIDs: []string{sub}}); err != nil {
		t.Fatal(err)
	}
	requireEqualMoney(t, "quota", q.Balance, e.quotaBalance(q.QuotaID))
	// Issuing more than the quota holds fails.
	_, err = e.client.Partner.UpdateCouponQuotas(e.ctx, &partner.UpdateCouponQuotasRequest{
		QuotaID: q.QuotaID, IndirectPartnerIDs: []string{rs}, QuotaAmount: q.Balance.Add(money("0.01")),
	})
	requireCode(t, err, 400, "CBC.99000013")
	requireEqualMoney(t, "quota", q.Balance, e.quotaBalance(q.QuotaID))
}
