package sandbox_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// TestServerChecksAreTheClientRules sends requests the SDK refuses, with
// the client's validation off, and expects the sandbox to refuse them with
// exactly the violations the client's Validate reports: one rule
// implementation on both sides.
func TestServerChecksAreTheClientRules(t *testing.T) {
	e := newEnv(t, sandbox.Config{Customers: 5})
	long := strings.Repeat("é", 65)
	cases := []struct {
		name string
		req  interface{ Validate() error }
		call func() error
	}{}
	add := func(name string, req interface{ Validate() error }, call func() error) {
		cases = append(cases, struct {
			name string
			req  interface{ Validate() error }
			call func() error
		}{name, req, call})
	}
	fund := &partner.UpdateCustomerAccountAmountRequest{CustomerID: long, Amount: decimal.RequireFromString("-1.005")}
	add("UpdateCustomerAccountAmount", fund, func() error {
		_, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, fund, partnersdk.WithoutValidation())
		return err
	})
	month := "2024-5"
	lim := int32(1000)
	list := &customer.ListSubCustomersRequest{AccountName: &long, Limit: &lim, AssociatedOnBegin: &month}
	add("ListSubCustomers", list, func() error {
		_, err := e.client.Customer.ListSubCustomers(e.ctx, list, partnersdk.WithoutValidation())
		return err
	})
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = "c"
	}
	ids[3] = long
	coupons := &coupon.CreatePartnerCouponsRequest{QuotaID: "", CustomerIDs: ids, FaceValue: decimal.RequireFromString("0")}
	add("CreatePartnerCoupons", coupons, func() error {
		_, err := e.client.Coupon.CreatePartnerCoupons(e.ctx, coupons, partnersdk.WithoutValidation())
		return err
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var verr *partnersdk.ValidationError
			if !errors.As(tc.req.Validate(), &verr) || len(verr.Violations) < 2 {
				t.Fatalf("the client should refuse the request with several violations: %v", tc.req.Validate())
			}
			var apiErr *partnersdk.APIError
			if err := tc.call(); !errors.As(err, &apiErr) || apiErr.Code != "CBC.0100" {
				t.Fatalf("want CBC.0100 from the sandbox, got %v", err)
			}
			for _, v := range verr.Violations {
				if !strings.Contains(apiErr.Message, v.String()) {
					t.Errorf("the sandbox's answer lacks the client's violation %q:\n%s", v.String(), apiErr.Message)
				}
			}
			if n := strings.Count(apiErr.Message, ";") + 1; n != len(verr.Violations) {
				t.Errorf("the sandbox reports %d violations, the client %d:\n%s", n, len(verr.Violations), apiErr.Message)
			}
		})
	}
}
