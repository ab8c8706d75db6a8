package sandbox

import (
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// statefulHandlers returns the hand-written handlers by operation name;
// every other operation is answered by genericHandler.
func (s *Server) statefulHandlers() map[string]handlerFunc {
	m := map[string]handlerFunc{
		// partner
		"ListPartnerBalances":             hListPartnerBalances,
		"UpdateCustomerAccountAmount":     hUpdateCustomerAccountAmount,
		"ReclaimToPartnerAccount":         hReclaimToPartnerAccount,
		"ShowCustomerAccountBalances":     hShowCustomerAccountBalances,
		"ListCustomersBalancesDetail":     hListCustomersBalancesDetail,
		"ListIndirectPartners":            hListIndirectPartners,
		"UpdateIndirectPartnerAccount":    hUpdateIndirectPartnerAccount,
		"ReclaimIndirectPartnerAccount":   hReclaimIndirectPartnerAccount,
		"ListPartnerAccountChangeRecords": hListPartnerAccountChangeRecords,
		"ListPartnerAdjustRecords":        hListPartnerAdjustRecords,
		"ListQuotaCoupons":                hListQuotaCoupons,
		"ListIssuedCouponQuotas":          hListIssuedCouponQuotas,
		"UpdateCouponQuotas":              hUpdateCouponQuotas,
		"ReclaimCouponQuotas":             hReclaimCouponQuotas,
		"ListCouponQuotasRecords":         hListCouponQuotasRecords,
		// customer
		"ListSubCustomers":                       hListSubCustomers,
		"CreateSubCustomer":                      hCreateSubCustomer,
		"CheckUserIdentity":                      hCheckUserIdentity,
		"CreatePersonalRealnameAuth":             hCreatePersonalRealnameAuth,
		"CreateEnterpriseRealnameAuthentication": hCreateEnterpriseRealnameAuthentication,
		"ShowRealnameAuthenticationReviewResult": hShowRealnameAuthenticationReviewResult,
		"ShowRealNameAuthQrCode":                 hShowRealNameAuthQrCode,
		"ShowRealNameAuthStatus":                 hShowRealNameAuthStatus,
		// coupon
		"CreatePartnerCoupons":     hCreatePartnerCoupons,
		"ListIssuedPartnerCoupons": hListIssuedPartnerCoupons,
		"ReclaimPartnerCoupons":    hReclaimPartnerCoupons,
		"ListSubCustomerCoupons":   hListSubCustomerCoupons,
		"ListPartnerCouponsRecord": hListPartnerCouponsRecord,
		// billing
		"ListSubcustomerMonthlyBills":      hListSubcustomerMonthlyBills,
		"ListSubCustomerBillDetail":        hListSubCustomerBillDetail,
		"ListConsumeSubCustomers":          hListConsumeSubCustomers,
		"ListCustomerAccountChangeRecords": hListCustomerAccountChangeRecords,
		"ListResourceSpecs":                hListResourceSpecs,
		// resource
		"ListCustomerOrders":              hListCustomerOrders,
		"ShowCustomerOrderDetails":        hShowCustomerOrderDetails,
		"CancelCustomerOrder":             hCancelCustomerOrder,
		"PayOrders":                       hPayOrders,
		"ListPayPerUseCustomerResources":  hListPayPerUseCustomerResources,
		"RenewalResources":                hRenewalResources,
		"CancelResourcesSubscription":     hCancelResourcesSubscription,
		"AutoRenewalResources":            hAutoRenewalResources,
		"CancelAutoRenewalResources":      hCancelAutoRenewalResources,
		"UpdatePeriodToOnDemandInstantly": hUpdatePeriodToOnDemandInstantly,
	}
	intlHandlers(m)
	return m
}

// omit marks a member to leave out of a built object.
type omit struct{}

// build fills model from key and then sets the given members (only those
// the model defines, in model order); omit{} removes a member.
func (c *call) build(model, key string, vals map[string]any) *obj {
	o := newObj()
	fields := c.s.models[model]
	for i := range fields {
		f := &fields[i]
		if f.In == "header" {
			continue
		}
		v, ok := vals[f.Name]
		if !ok {
			v = c.s.fillValue(f, f.Type, key+"."+f.Name, 1)
		} else if _, skip := v.(omit); skip {
			continue
		}
		o.set(f.Name, v)
	}
	return o
}

// response builds the operation's response object.
func (c *call) response(vals map[string]any) *obj {
	return c.build(c.op.Response, c.op.Name, vals)
}

// itemModel returns the item model of the operation's list.
func (c *call) itemModel() string {
	if c.op.Page == nil {
		return ""
	}
	m, _ := c.s.arrayModel(c.op.Response, c.op.Page.Items)
	return m
}

// listModel returns the item model of a named list member of the response.
func (c *call) listModel(member string) string {
	m, _ := c.s.arrayModel(c.op.Response, member)
	return m
}

// resellerScope returns the indirect_partner_id of the request ("" when
// absent), checking that the reseller is associated with the partner.
func (c *call) resellerScope() (string, error) {
	id := c.a.text("indirect_partner_id")
	if id == "" {
		return "", nil
	}
	if c.w.resellerByID[id] == nil {
		return "", errNotAssociated("Access denied: reseller " + quoteMax(id, 64) + " is not associated with the partner")
	}
	return id, nil
}

// timeFilter reports whether t lies within the [begin, end] parameters.
func (c *call) timeFilter(t time.Time, begin, end string) bool {
	if b, ok := c.a.timeArg(begin); ok && t.Before(b) {
		return false
	}
	if e, ok := c.a.timeArg(end); ok && t.After(e) {
		return false
	}
	return true
}

// dateFilter is timeFilter for "2006-01-02" dates in UTC+8, inclusive.
func (c *call) dateFilter(t time.Time, begin, end string) bool {
	cst := time.FixedZone("UTC+8", 8*3600)
	d := t.In(cst).Format("2006-01-02")
	if b := c.a.text(begin); b != "" && d < b {
		return false
	}
	if e := c.a.text(end); e != "" && d > e {
		return false
	}
	return true
}

func utc(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

func sortDesc[T any](items []T, at func(T) time.Time) {
	sort.SliceStable(items, func(i, j int) bool { return at(items[i]).After(at(items[j])) })
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// listResponse pages items, renders each with render, and builds the
// response with the total.
func listResponse[T any](c *call, items []T, render func(i int, it T) *obj, extra map[string]any) (*obj, error) {
	page, err := pageOf(c.op, c.a, items)
	if err != nil {
		return nil, err
	}
	lo, _, _ := window(c.op, c.a, len(items))
	out := make([]*obj, 0, len(page))
	for i, it := range page {
		out = append(out, render(lo+i, it))
	}
	vals := map[string]any{}
	for k, v := range extra {
		vals[k] = v
	}
	if p := c.op.Page; p != nil {
		vals[p.Items] = out
		if p.Total != "" {
			vals[p.Total] = len(items)
		}
	}
	return c.response(vals), nil
}

func zeroIfNeg(d decimal.Decimal) decimal.Decimal {
	if d.IsNegative() {
		return decimal.Zero
	}
	return d
}
