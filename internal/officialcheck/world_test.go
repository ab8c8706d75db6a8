package officialcheck

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/resource"
)

// objects are real objects of the sandbox's world that stand in for the
// placeholder IDs of the fixtures, found and prepared with this SDK.
type objects struct {
	reseller   string
	customer   string   // verified resale customer with resources
	unverified []string // customers without real-name authentication
	coupon     string   // a coupon the partner issued
	resources  []string // primary yearly/monthly resources of customer
	pending    []string // unpaid orders of customer
	order      string   // some order of customer
	quota      string   // partner coupon quota with balance
	token      string   // assume_role token acting in customer's account
	xaccount   string   // the partner's platform identifier
}

func prepare(t *testing.T, s *sandbox.Server, baseURL string) *objects {
	t.Helper()
	ctx := context.Background()
	c, err := s.Client(baseURL)
	if err != nil {
		t.Fatal(err)
	}
	o := &objects{}
	rs, err := c.Partner.ListIndirectPartners(ctx, &partner.ListIndirectPartnersRequest{})
	if err != nil || len(rs.IndirectPartners) == 0 {
		t.Fatalf("resellers: %v", err)
	}
	o.reseller = rs.IndirectPartners[0].IndirectPartnerID
	qs, err := c.Partner.ListQuotaCoupons(ctx, &partner.ListQuotaCouponsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs.Quotas {
		if q.Balance.GreaterThan(decimal.NewFromInt(1000)) {
			o.quota = q.QuotaID
			break
		}
	}
	if o.quota == "" {
		t.Fatal("no coupon quota with balance")
	}
	for ci, err := range c.Customer.ListSubCustomersAll(ctx, &customer.ListSubCustomersRequest{
		AssociationType: partnersdk.Ptr(customer.AssociationTypeResale), Limit: partnersdk.Int32(100),
	}) {
		if err != nil {
			t.Fatal(err)
		}
		if ci.VerifiedStatus == customer.VerifiedStatusNone && len(o.unverified) < 2 {
			o.unverified = append(o.unverified, ci.CustomerID)
		}
		if ci.VerifiedStatus != customer.VerifiedStatusVerified || o.customer != "" {
			continue
		}
		var ids []string
		for r, err := range c.Resource.ListPayPerUseCustomerResourcesAll(ctx, &resource.ListPayPerUseCustomerResourcesRequest{
			CustomerID: partnersdk.String(ci.CustomerID), OnlyMainResource: partnersdk.Ptr(resource.OnlyMainResourceYes),
		}) {
			if err != nil {
				t.Fatal(err)
			}
			if r.Status == resource.PeriodResourceStatusInUse {
				ids = append(ids, r.ResourceID)
			}
		}
		if len(ids) >= 8 {
			o.customer, o.resources = ci.CustomerID, ids
		}
	}
	if o.customer == "" || len(o.unverified) < 2 {
		t.Fatal("no suitable customers")
	}
	if _, err := c.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: o.customer, Amount: decimal.NewFromInt(100000)}); err != nil {
		t.Fatal(err)
	}
	creds, err := s.Credentials()
	if err != nil {
		t.Fatal(err)
	}
	iam, err := auth.NewIAM(auth.WithEndpoint(baseURL))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := auth.NewAgencyToken(creds, auth.Domain{ID: o.customer}, s.Info().AgencyName, auth.WithIAMClient(iam))
	if err != nil {
		t.Fatal(err)
	}
	hr, _ := http.NewRequest(http.MethodGet, baseURL, nil)
	if err := tok.Apply(ctx, hr, nil); err != nil {
		t.Fatal(err)
	}
	o.token = hr.Header.Get("X-Auth-Token")
	cc, err := partnersdk.New(tok, partnersdk.WithEndpoint(baseURL))
	if err != nil {
		t.Fatal(err)
	}
	o.xaccount = s.Info().XAccountType
	cs, err := c.Coupon.ListIssuedPartnerCoupons(ctx, &coupon.ListIssuedPartnerCouponsRequest{Status: partnersdk.Ptr(coupon.CouponStatusAvailable)})
	if err != nil || len(cs.UserCoupons) == 0 {
		t.Fatalf("issued coupons: %v", err)
	}
	o.coupon = cs.UserCoupons[0].CouponID
	// Two unpaid renewal orders, for CancelCustomerOrder and PayOrders.
	for _, id := range o.resources[1:3] {
		rr, err := cc.Resource.RenewalResources(ctx, &resource.RenewalResourcesRequest{
			ResourceIDs: []string{id}, PeriodType: partnersdk.Ptr(resource.PeriodTypeMonth), PeriodNum: partnersdk.Int32(1)})
		if err != nil || len(rr.OrderIDs) != 1 {
			t.Fatalf("renewal order: %v", err)
		}
		o.pending = append(o.pending, rr.OrderIDs[0])
	}
	o.order = o.pending[0]
	return o
}

// removes lists the operations after which a resource is gone.
var removes = map[string]bool{"CancelResourcesSubscription": true, "UpdatePeriodToOnDemandInstantly": true}

// resource hands out a resource for op: one of its own (from the end of
// the list) when op removes it, else the first one.
func (o *objects) resource(t *testing.T, op string) string {
	t.Helper()
	if !removes[op] {
		return o.resources[0]
	}
	if len(o.resources) < 4 {
		t.Fatal("out of resources")
	}
	id := o.resources[len(o.resources)-1]
	o.resources = o.resources[:len(o.resources)-1]
	return id
}

// substitute replaces the fixtures' placeholder IDs in a request (as a
// JSON object of path and query parameters plus "body") with real objects.
func (o *objects) substitute(t *testing.T, op string, required map[string]bool, now time.Time, req map[string]any) {
	t.Helper()
	res := ""
	var walk func(m map[string]any)
	walk = func(m map[string]any) {
		for k, v := range m {
			switch x := v.(type) {
			case map[string]any:
				walk(x)
				continue
			case []any:
				for _, e := range x {
					if em, ok := e.(map[string]any); ok {
						walk(em)
					}
				}
			}
			switch k {
			case "marker":
				delete(m, k)
			case "indirect_partner_id":
				if required[k] {
					m[k] = o.reseller
				} else {
					delete(m, k)
				}
			case "xaccount_type":
				m[k] = o.xaccount
			case "valid_time":
				m[k] = now.UTC().Format("2006-01-02T15:04:05Z")
			case "expire_time":
				m[k] = now.UTC().AddDate(0, 1, 0).Format("2006-01-02T15:04:05Z")
			case "customer_id":
				m[k] = o.customer
				switch op {
				case "CreateEnterpriseRealnameAuthentication":
					m[k] = o.unverified[0]
				case "CreatePersonalRealnameAuth":
					m[k] = o.unverified[1]
				}
			case "verification_code":
				m[k] = "123456"
			case "coupon_infos", "discount_infos":
				if op == "PayOrders" {
					delete(m, k)
				}
			case "use_coupon", "use_discount":
				if op == "PayOrders" {
					m[k] = "NO"
				}
			case "coupon_id":
				if op == "ReclaimPartnerCoupons" {
					m[k] = o.coupon
				}
			case "quota_id":
				m[k] = o.quota
			case "order_id":
				switch op {
				case "CancelCustomerOrder":
					m[k] = o.pending[0]
				case "PayOrders":
					m[k] = o.pending[1]
				default:
					m[k] = o.order
				}
			case "resource_id", "resource_ids":
				if res == "" {
					res = o.resource(t, op)
				}
				if _, ok := v.([]any); ok {
					m[k] = []any{res}
				} else {
					m[k] = res
				}
			}
		}
	}
	walk(req)
}

// asObject decodes a JSON object.
func asObject(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
