package partnersdk_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/resource"
)

// crossCase is one request: call sends it; want is "" when it must reach
// the server, else the field whose single violation must name other too.
type crossCase struct {
	name  string
	call  func(context.Context, *partnersdk.Client) error
	field string
	other string
}

func runCrossCases(t *testing.T, cases []crossCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, hits, _ := bodyServer(t, 200, `{}`)
			err := tc.call(context.Background(), c)
			if tc.field == "" {
				if err != nil || hits.Load() != 1 {
					t.Fatalf("valid request: err %v, %d requests sent", err, hits.Load())
				}
				return
			}
			var ve *partnersdk.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a ValidationError, got %v", err)
			}
			if hits.Load() != 0 {
				t.Fatal("an invalid request was sent")
			}
			found := false
			for _, v := range ve.Violations {
				if v.Field == tc.field && strings.Contains(v.String(), tc.other) {
					found = true
				}
			}
			if !found {
				t.Fatalf("no violation of %s naming %q: %v", tc.field, tc.other, err)
			}
		})
	}
}

// The documented examples: renew 1-11 months or 1-3 years.
func TestPeriodNumDependsOnPeriodType(t *testing.T) {
	renew := func(pt resource.PeriodType, n int32) func(context.Context, *partnersdk.Client) error {
		return func(ctx context.Context, c *partnersdk.Client) error {
			_, err := c.Resource.RenewalResources(ctx, &resource.RenewalResourcesRequest{
				ResourceIDs: []string{"r1"}, PeriodType: &pt, PeriodNum: &n,
			})
			return err
		}
	}
	price := func(pt billing.RenewPeriodType, n int32) func(context.Context, *partnersdk.Client) error {
		return func(ctx context.Context, c *partnersdk.Client) error {
			_, err := c.Billing.ListRenewRateOnPeriod(ctx, &billing.ListRenewRateOnPeriodRequest{
				ResourceIDs: []string{"r1"}, PeriodType: &pt, PeriodNum: &n,
			})
			return err
		}
	}
	runCrossCases(t, []crossCase{
		{"renew 4 years", renew(resource.PeriodTypeYear, 4), "period_num", "period_type = 3"},
		{"renew 3 years", renew(resource.PeriodTypeYear, 3), "", ""},
		{"renew 11 months", renew(resource.PeriodTypeMonth, 11), "", ""},
		{"renew 12 months", renew(resource.PeriodTypeMonth, 12), "period_num", "period_type = 2"},
		{"price 4 years", price(billing.RenewPeriodTypeYear, 4), "period_num", "period_type = 3"},
		{"price 3 years", price(billing.RenewPeriodTypeYear, 3), "", ""},
		{"price 11 months", price(billing.RenewPeriodTypeMonth, 11), "", ""},
	})
}

func TestCustomerIDRequiredForBankCardScene(t *testing.T) {
	send := func(scene customer.VerificationScene, id *string) func(context.Context, *partnersdk.Client) error {
		return func(ctx context.Context, c *partnersdk.Client) error {
			_, err := c.Customer.SendVerificationMessageCode(ctx, &customer.SendVerificationMessageCodeRequest{
				MobilePhone: "0086-13900000000", Scene: &scene, CustomerID: id, ReceiverType: partnersdk.Ptr(customer.ReceiverTypeSMS),
			})
			return err
		}
	}
	runCrossCases(t, []crossCase{
		{"scene 18 without customer", send(customer.VerificationSceneBankCardAuth, nil), "customer_id", "scene = 18"},
		{"scene 18 with empty customer", send(customer.VerificationSceneBankCardAuth, partnersdk.String("")), "customer_id", "scene = 18"},
		{"scene 18 with customer", send(customer.VerificationSceneBankCardAuth, partnersdk.String("c1")), "", ""},
		{"scene 29 without customer", send(customer.VerificationSceneRegistration, nil), "", ""},
	})
}

func TestCreateSubCustomerNameAndPassword(t *testing.T) {
	create := func(name, password, mobile string) func(context.Context, *partnersdk.Client) error {
		return func(ctx context.Context, c *partnersdk.Client) error {
			req := &customer.CreateSubCustomerRequest{XAccountID: "x1", XAccountType: "partner_x"}
			if name != "" {
				req.DomainName = &name
			}
			if password != "" {
				req.Password = &password
			}
			if mobile != "" {
				req.MobilePhone = &mobile
				req.VerificationCode = partnersdk.String("123456")
			}
			_, err := c.Customer.CreateSubCustomer(ctx, req)
			return err
		}
	}
	runCrossCases(t, []crossCase{
		{"valid name", create("abc_-1", "", ""), "", ""},
		{"starts with op_", create("op_customer", "", ""), "domain_name", "^op_"},
		{"starts with shadow_", create("shadow_customer", "", ""), "domain_name", "^shadow_"},
		{"prefixes are matched as written", create("Op_customer", "", ""), "", ""},
		{"all digits", create("12345678", "", ""), "domain_name", "match"},
		{"starts with a digit", create("1abc", "", ""), "domain_name", "match ^"},
		{"dot", create("a.b", "", ""), "domain_name", "match ^"},
		{"password of one kind", create("alice_1", "abcdefghij", ""), "password", "at least two"},
		{"password is the name", create("Alice_1", "Alice_1", ""), "password", "account name"},
		{"password is the name reversed", create("Alice_1", "1_ecilA", ""), "password", "account name"},
		{"password holds the mobile", create("alice_1", "Pw13900000000", "0086-13900000000"), "password", "mobile"},
		{"valid password", create("alice_1", "Secret-2024", "0086-13900000000"), "", ""},
	})
}

func TestPayOrdersCouponsFollowUseCoupon(t *testing.T) {
	pay := func(use resource.UseFlag, coupons int) func(context.Context, *partnersdk.Client) error {
		return func(ctx context.Context, c *partnersdk.Client) error {
			req := &resource.PayOrdersRequest{OrderID: "o1", UseCoupon: use, UseDiscount: resource.UseFlagNo}
			for i := 0; i < coupons; i++ {
				req.CouponInfos = append(req.CouponInfos, resource.CouponSimpleInfoOrderPayV3{ID: "cp1", Type: partnersdk.Ptr(resource.PayCouponTypeVoucher)})
			}
			_, err := c.Resource.PayOrders(ctx, req)
			return err
		}
	}
	runCrossCases(t, []crossCase{
		{"YES without coupons", pay(resource.UseFlagYes, 0), "coupon_infos", "use_coupon = YES"},
		{"NO with coupons", pay(resource.UseFlagNo, 1), "coupon_infos", "use_coupon = YES"},
		{"YES with coupons", pay(resource.UseFlagYes, 1), "", ""},
		{"NO without coupons", pay(resource.UseFlagNo, 0), "", ""},
	})
}
