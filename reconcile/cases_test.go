package reconcile_test

import (
	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// writeCase is one reconcilable write, driven end to end against the
// sandbox.
type writeCase struct {
	op string
	// prepare sets up what the write needs and returns it. The write
	// reports the IDs its answer carried (transaction, coupon or quota
	// IDs); calling it again makes an identical write.
	prepare func(e *env) func() ([]string, error)
	// records lists the IDs (as Item.IDs reports them) of every record of
	// this kind of write for the prepared target, to tell new ones apart.
	records func(e *env) []string
	// twice reports whether two identical writes can both be applied (a
	// coupon or quota can be reclaimed only once).
	twice bool
}

func money(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// target holds the objects a case prepared, for records().
type target struct{ customer, reseller, quota, coupon string }

func (e *env) resaleCustomer(n int) string {
	e.t.Helper()
	i := 0
	for ci, err := range e.client.Customer.ListSubCustomersAll(e.ctx, &customer.ListSubCustomersRequest{
		AssociationType: partnersdk.Ptr(customer.AssociationTypeResale), Limit: partnersdk.Int32(100),
	}) {
		if err != nil {
			e.t.Fatal(err)
		}
		if ci.VerifiedStatus != customer.VerifiedStatusVerified {
			continue
		}
		if i == n {
			return ci.CustomerID
		}
		i++
	}
	e.t.Fatal("not enough resale customers")
	return ""
}

func (e *env) reseller(n int) string {
	e.t.Helper()
	i := 0
	for rs, err := range e.client.Partner.ListIndirectPartnersAll(e.ctx, &partner.ListIndirectPartnersRequest{}) {
		if err != nil {
			e.t.Fatal(err)
		}
		if i == n {
			return rs.IndirectPartnerID
		}
		i++
	}
	e.t.Fatal("not enough resellers")
	return ""
}

// voucherQuota returns a usable voucher quota of the partner's own.
func (e *env) voucherQuota() string {
	e.t.Helper()
	now := e.clk.Now()
	for q, err := range e.client.Partner.ListQuotaCouponsAll(e.ctx, &partner.ListQuotaCouponsRequest{QuotaType: partnersdk.Ptr(partner.QuotaTypeVoucher)}) {
		if err != nil {
			e.t.Fatal(err)
		}
		eff, err := q.ParseEffectiveTime()
		if q.QuotaStatus == partner.QuotaStatusNormal && q.Balance.GreaterThan(money("200")) && err == nil && eff.Before(now) {
			return q.QuotaID
		}
	}
	e.t.Fatal("no usable voucher quota")
	return ""
}

func (e *env) adjustIDs(account string, typ partner.AdjustOperationType, reseller *string) []string {
	e.t.Helper()
	var ids []string
	for r, err := range e.client.Partner.ListPartnerAdjustRecordsAll(e.ctx, &partner.ListPartnerAdjustRecordsRequest{
		CustomerID: &account, OperationType: &typ, IndirectPartnerID: reseller,
	}) {
		if err != nil {
			e.t.Fatal(err)
		}
		ids = append(ids, r.TransID)
	}
	return ids
}

func (e *env) couponRecordIDs(req *coupon.ListPartnerCouponsRecordRequest) []string {
	e.t.Helper()
	var ids []string
	for r, err := range e.client.Coupon.ListPartnerCouponsRecordAll(e.ctx, req) {
		if err != nil {
			e.t.Fatal(err)
		}
		if r.Result == coupon.CouponOperationResultSuccess {
			ids = append(ids, r.CouponID)
		}
	}
	return ids
}

func (e *env) quotaRecordIDs(req *partner.ListCouponQuotasRecordsRequest) []string {
	e.t.Helper()
	var ids []string
	for r, err := range e.client.Partner.ListCouponQuotasRecordsAll(e.ctx, req) {
		if err != nil {
			e.t.Fatal(err)
		}
		if r.Result == partner.QuotaOperationResultSuccess {
			ids = append(ids, r.QuotaID)
		}
	}
	return ids
}

func cases() []writeCase {
	var tg target
	return []writeCase{
		{
			op: "UpdateCustomerAccountAmount", twice: true,
			prepare: func(e *env) func() ([]string, error) {
				tg.customer = e.resaleCustomer(0)
				return func() ([]string, error) {
					r, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, &partner.UpdateCustomerAccountAmountRequest{CustomerID: tg.customer, Amount: money("12.34")})
					if err != nil {
						return nil, err
					}
					return []string{r.TransferID}, nil
				}
			},
			records: func(e *env) []string { return e.adjustIDs(tg.customer, partner.AdjustOperationTypeAllocate, nil) },
		},
		{
			op: "ReclaimToPartnerAccount", twice: true,
			prepare: func(e *env) func() ([]string, error) {
				tg.customer = e.resaleCustomer(1)
				if _, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, &partner.UpdateCustomerAccountAmountRequest{CustomerID: tg.customer, Amount: money("100")}); err != nil {
					e.t.Fatal(err)
				}
				return func() ([]string, error) {
					r, err := e.client.Partner.ReclaimToPartnerAccount(e.ctx, &partner.ReclaimToPartnerAccountRequest{CustomerID: tg.customer, Amount: money("7.05")})
					if err != nil {
						return nil, err
					}
					return []string{r.TransID}, nil
				}
			},
			records: func(e *env) []string { return e.adjustIDs(tg.customer, partner.AdjustOperationTypeReclaim, nil) },
		},
		{
			op: "UpdateIndirectPartnerAccount", twice: true,
			prepare: func(e *env) func() ([]string, error) {
				tg.reseller = e.reseller(0)
				return func() ([]string, error) {
					r, err := e.client.Partner.UpdateIndirectPartnerAccount(e.ctx, &partner.UpdateIndirectPartnerAccountRequest{IndirectPartnerID: tg.reseller, Amount: money("20.10")})
					if err != nil {
						return nil, err
					}
					return []string{r.TransferID}, nil
				}
			},
			records: func(e *env) []string { return e.adjustIDs(tg.reseller, partner.AdjustOperationTypeAllocate, nil) },
		},
		{
			op: "ReclaimIndirectPartnerAccount", twice: true,
			prepare: func(e *env) func() ([]string, error) {
				tg.reseller = e.reseller(1)
				if _, err := e.client.Partner.UpdateIndirectPartnerAccount(e.ctx, &partner.UpdateIndirectPartnerAccountRequest{IndirectPartnerID: tg.reseller, Amount: money("100")}); err != nil {
					e.t.Fatal(err)
				}
				return func() ([]string, error) {
					r, err := e.client.Partner.ReclaimIndirectPartnerAccount(e.ctx, &partner.ReclaimIndirectPartnerAccountRequest{IndirectPartnerID: tg.reseller, Amount: money("3.30")})
					if err != nil {
						return nil, err
					}
					return []string{r.TransID}, nil
				}
			},
			records: func(e *env) []string { return e.adjustIDs(tg.reseller, partner.AdjustOperationTypeReclaim, nil) },
		},
		{
			op: "CreatePartnerCoupons", twice: true,
			prepare: func(e *env) func() ([]string, error) {
				tg.customer, tg.quota = e.resaleCustomer(2), e.voucherQuota()
				return func() ([]string, error) {
					r, err := e.client.Coupon.CreatePartnerCoupons(e.ctx, &coupon.CreatePartnerCouponsRequest{QuotaID: tg.quota, CustomerIDs: []string{tg.customer}, FaceValue: money("5.50")})
					if err != nil {
						return nil, err
					}
					var ids []string
					for _, ci := range r.CouponInfos {
						ids = append(ids, ci.CouponID)
					}
					return ids, nil
				}
			},
			records: func(e *env) []string {
				return e.couponRecordIDs(&coupon.ListPartnerCouponsRecordRequest{
					OperationTypes: []coupon.CouponOperationType{coupon.CouponOperationIssue}, QuotaID: &tg.quota, CustomerID: &tg.customer,
				})
			},
		},
		{
			op: "ReclaimPartnerCoupons",
			prepare: func(e *env) func() ([]string, error) {
				cust, q := e.resaleCustomer(3), e.voucherQuota()
				r, err := e.client.Coupon.CreatePartnerCoupons(e.ctx, &coupon.CreatePartnerCouponsRequest{QuotaID: q, CustomerIDs: []string{cust}, FaceValue: money("8")})
				if err != nil || len(r.CouponInfos) != 1 {
					e.t.Fatalf("issuing the coupon to reclaim: %v %+v", err, r)
				}
				tg.coupon = r.CouponInfos[0].CouponID
				return func() ([]string, error) {
					_, err := e.client.Coupon.ReclaimPartnerCoupons(e.ctx, &coupon.ReclaimPartnerCouponsRequest{CouponID: tg.coupon})
					if err != nil {
						return nil, err
					}
					return []string{tg.coupon}, nil
				}
			},
			records: func(e *env) []string {
				return e.couponRecordIDs(&coupon.ListPartnerCouponsRecordRequest{
					OperationTypes: []coupon.CouponOperationType{coupon.CouponOperationManualReclaim}, CouponIDs: []string{tg.coupon},
				})
			},
		},
		{
			op: "UpdateCouponQuotas", twice: true,
			prepare: func(e *env) func() ([]string, error) {
				tg.reseller, tg.quota = e.reseller(2), e.voucherQuota()
				return func() ([]string, error) {
					r, err := e.client.Partner.UpdateCouponQuotas(e.ctx, &partner.UpdateCouponQuotasRequest{QuotaID: tg.quota, IndirectPartnerIDs: []string{tg.reseller}, QuotaAmount: money("9.90")})
					if err != nil {
						return nil, err
					}
					var ids []string
					for _, qi := range r.SimpleQuotaInfos {
						ids = append(ids, qi.QuotaID)
					}
					return ids, nil
				}
			},
			records: func(e *env) []string {
				return e.quotaRecordIDs(&partner.ListCouponQuotasRecordsRequest{
					ParentQuotaID: &tg.quota, IndirectPartnerID: &tg.reseller, OperationType: partnersdk.Ptr(partner.QuotaOperationTypeIssue),
				})
			},
		},
		{
			op: "ReclaimCouponQuotas",
			prepare: func(e *env) func() ([]string, error) {
				rs, q := e.reseller(3), e.voucherQuota()
				r, err := e.client.Partner.UpdateCouponQuotas(e.ctx, &partner.UpdateCouponQuotasRequest{QuotaID: q, IndirectPartnerIDs: []string{rs}, QuotaAmount: money("30")})
				if err != nil || len(r.SimpleQuotaInfos) != 1 {
					e.t.Fatalf("issuing the quota to reclaim: %v %+v", err, r)
				}
				tg.quota = r.SimpleQuotaInfos[0].QuotaID
				return func() ([]string, error) {
					r, err := e.client.Partner.ReclaimCouponQuotas(e.ctx, &partner.ReclaimCouponQuotasRequest{QuotaIDs: []string{tg.quota}, Remark: partnersdk.Ptr("wind-down")})
					if err != nil {
						return nil, err
					}
					if len(r.SimpleQuotaInfos) != 1 {
						return nil, nil
					}
					return []string{r.SimpleQuotaInfos[0].QuotaID}, nil
				}
			},
			records: func(e *env) []string {
				return e.quotaRecordIDs(&partner.ListCouponQuotasRecordsRequest{
					QuotaID: &tg.quota, OperationType: partnersdk.Ptr(partner.QuotaOperationTypeReclaim),
				})
			},
		},
	}
}
