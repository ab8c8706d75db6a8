package partnersdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/internal/sdktest"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// newSliceClient builds a real Client (root options, AK/SK credentials with a
// fixed clock) whose HTTP traffic goes to httpmock.
func newSliceClient(t *testing.T) (*partnersdk.Client, *httpmock.MockTransport) {
	t.Helper()
	mock := httpmock.NewMockTransport()
	creds, err := auth.NewAKSK(sdktest.AK, sdktest.SK, auth.WithDomainID(sdktest.DomainID), auth.WithClock(sdktest.Clock))
	require.NoError(t, err)
	c, err := partnersdk.New(creds,
		partnersdk.WithEndpoint(sdktest.Endpoint),
		partnersdk.WithHTTPClient(&http.Client{Transport: mock}),
		partnersdk.WithoutRetries())
	require.NoError(t, err)
	return c, mock
}

// respond registers a responder for method and path that checks the request
// with sdktest.AssertRequest and answers the body of a testdata/slice file.
func respond(t *testing.T, mock *httpmock.MockTransport, method, path, query, body, file string) {
	t.Helper()
	payload, err := os.ReadFile("testdata/slice/" + file)
	require.NoError(t, err)
	url := sdktest.Endpoint + path
	if query != "" {
		url += "?" + query
	}
	mock.RegisterResponder(method, url, func(r *http.Request) (*http.Response, error) {
		var want json.RawMessage
		if body != "" {
			want = json.RawMessage(body)
		}
		sdktest.AssertRequest(t, r, method, path, query, want)
		resp := httpmock.NewBytesResponse(200, payload)
		resp.Header.Set("X-Request-Id", "rid-"+file)
		return resp, nil
	})
}

func money(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestSliceListPartnerBalances(t *testing.T) {
	c, mock := newSliceClient(t)
	respond(t, mock, "GET", "/v2/accounts/partner-accounts/balances", "indirect_partner_id=ip%201", "", "list_partner_balances.json")
	resp, err := c.Partner.ListPartnerBalances(context.Background(), &partner.ListPartnerBalancesRequest{IndirectPartnerID: partnersdk.String("ip 1")})
	require.NoError(t, err)
	require.Equal(t, "rid-list_partner_balances.json", resp.Metadata.RequestID)
	require.Equal(t, 200, resp.Metadata.StatusCode)
	require.Equal(t, []partner.AccountBalanceV2{
		{AccountID: "acc-0001", AccountType: partner.AccountTypeBalance, Amount: money("8076.03"), Currency: "CNY",
			DesignatedAmount: money("0.50"), CreditAmount: money("0"), MeasureID: partner.MeasureUnitYuan, Memo: "主账户"},
		{AccountID: "acc-0002", AccountType: partner.AccountTypeCredit, Amount: money("-12.10"), Currency: "CNY",
			DesignatedAmount: money("0"), CreditAmount: money("5000.00"), MeasureID: partner.MeasureUnitYuan, Memo: ""},
	}, resp.AccountBalances)
	// Exactness: amount minus designated amount, no float anywhere.
	require.Equal(t, "8075.53", resp.AccountBalances[0].Amount.Sub(resp.AccountBalances[0].DesignatedAmount).String())
}

func TestSliceUpdateCustomerAccountAmount(t *testing.T) {
	c, mock := newSliceClient(t)
	respond(t, mock, "POST", "/v2/accounts/partner-accounts/adjust-amount", "",
		`{"customer_id":"cust-0001","amount":"3700.1","indirect_partner_id":"ip-9"}`, "update_customer_account_amount.json")
	resp, err := c.Partner.UpdateCustomerAccountAmount(context.Background(), &partner.UpdateCustomerAccountAmountRequest{
		CustomerID:        "cust-0001",
		Amount:            money("3700.10"),
		IndirectPartnerID: partnersdk.String("ip-9"),
	})
	require.NoError(t, err)
	require.Equal(t, "TRANS20240520083000001", resp.TransferID)
	require.Equal(t, "rid-update_customer_account_amount.json", resp.Metadata.RequestID)
	require.Equal(t, 1, mock.GetTotalCallCount())
}

func TestSliceCreatePartnerCoupons(t *testing.T) {
	c, mock := newSliceClient(t)
	respond(t, mock, "POST", "/v2/promotions/benefits/partner-coupons", "",
		`{"quota_id":"Q1","customer_ids":["cust-0001","cust-bad"],"face_value":"8076","valid_time":"2024-05-01T00:00:00Z","expire_time":"2024-06-01T00:00:00Z","memo":"<活动>&"}`,
		"create_partner_coupons.json")
	resp, err := c.Coupon.CreatePartnerCoupons(context.Background(), &coupon.CreatePartnerCouponsRequest{
		QuotaID:     "Q1",
		CustomerIDs: []string{"cust-0001", "cust-bad"},
		FaceValue:   money("8076.00"),
		ValidTime:   partnersdk.String(partnersdk.FormatUTC(time.Date(2024, 5, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600)))),
		ExpireTime:  partnersdk.String("2024-06-01T00:00:00Z"),
		Memo:        partnersdk.String("<活动>&"),
	})
	var partial *partnersdk.PartialError
	require.ErrorAs(t, err, &partial)
	require.Equal(t, []partnersdk.FailedItem{{ID: "cust-bad", Code: "CBC.7291", Message: "customer not associated"}}, partial.Failed)
	require.Equal(t, []coupon.ErrorDetail{{ErrorCode: "CBC.7291", ErrorMsg: "customer not associated", ID: "cust-bad"}}, resp.ErrorDetails)
	require.Equal(t, []coupon.CouponSimpleInfo{{ID: "cust-0001", CouponID: "CP2405200001"}}, resp.CouponInfos)
}

func TestSliceListIssuedPartnerCouponsAndIterator(t *testing.T) {
	c, mock := newSliceClient(t)
	respond(t, mock, "GET", "/v2/promotions/benefits/partner-coupons", "limit=2&offset=0&status=2", "", "list_issued_partner_coupons_p1.json")
	respond(t, mock, "GET", "/v2/promotions/benefits/partner-coupons", "limit=2&offset=2&status=2", "", "list_issued_partner_coupons_p2.json")

	req := &coupon.ListIssuedPartnerCouponsRequest{Status: partnersdk.Ptr(coupon.CouponStatus(2)), Offset: partnersdk.Int32(0), Limit: partnersdk.Int32(2)}
	page, err := c.Coupon.ListIssuedPartnerCoupons(context.Background(), req)
	require.NoError(t, err)
	require.Equal(t, int32(3), page.TotalCount)
	require.Equal(t, coupon.IssuedPartnerCoupon{
		CouponID: "CP1", Status: 2, CustomerID: "cust-0001", CouponType: 1, MeasureID: 1, FaceValue: money("100.5"),
		EffectiveTime: "2024-05-01T00:00:00Z", ExpireTime: "2024-06-01T00:00:00Z", OrderID: "",
		PromotionPlanID: "PP1", PromotionPlanName: "伙伴代金券", PromotionPlanDesc: "desc", MediaType: 1, FetchMethod: 2,
		UseLimits: []coupon.CouponUseLimit{{UseLimitInfoID: "UL1", LimitKey: "cloud_service_types", Value1: "hws.service.type.ebs",
			LimitType: "CSTYPE", PromotionPlanID: "PP1"}},
		ActiveTime: "2024-05-01T00:00:00Z", PromotionID: "PR1", CreateTime: "2024-05-01T00:00:00Z",
		Balance: money("99.99"), IsFrozen: "0",
	}, page.UserCoupons[0])

	var ids []string
	sum := decimal.Zero
	for cp, err := range c.Coupon.ListIssuedPartnerCouponsAll(context.Background(), req) {
		require.NoError(t, err)
		ids = append(ids, cp.CouponID)
		sum = sum.Add(cp.FaceValue)
	}
	require.Equal(t, []string{"CP1", "CP2", "CP3"}, ids)
	require.Equal(t, "120.51", sum.String())
	require.Equal(t, int32(0), *req.Offset, "the iterator must not change the caller's request")
	require.Equal(t, 3, mock.GetTotalCallCount())
}

func TestSliceListSubcustomerMonthlyBills(t *testing.T) {
	c, mock := newSliceClient(t)
	respond(t, mock, "GET", "/v2/bills/partner-bills/subcustomer-bills/monthly-sum", "charge_mode=1&customer_id=cust-0001&cycle=2024-04", "", "list_subcustomer_monthly_bills.json")
	resp, err := c.Billing.ListSubcustomerMonthlyBills(context.Background(), &billing.ListSubcustomerMonthlyBillsRequest{
		CustomerID: partnersdk.String("cust-0001"), Cycle: "2024-04", ChargeMode: "1",
	})
	require.NoError(t, err)
	require.Equal(t, int32(1), resp.Count)
	require.Equal(t, "CNY", resp.Currency)
	require.Equal(t, []billing.BillSumInfoV2{{
		CustomerID: "cust-0001", CloudServiceType: "hws.service.type.ec2", CloudServiceTypeName: "弹性云服务器",
		BillType: "1", ChargeMode: "1", Amount: money("1234.56"), DebtAmount: money("0.00"), AdjustmentAmount: money("0"),
		DiscountAmount: money("10.10"), MeasureID: 1,
		AccountDetails:   []billing.BalanceTypeDeductSumV2{{BalanceType: "BALANCE_TYPE_DEBIT", Amount: money("1224.46"), BillType: "1"}},
		ResourceTypeCode: "hws.resource.type.vm", ResourceTypeName: "云主机",
	}}, resp.BillSums)
}

func TestSliceListSubCustomerBillDetailAndIterator(t *testing.T) {
	c, mock := newSliceClient(t)
	// The iterator sets limit to the documented maximum and walks by offset.
	respond(t, mock, "GET", "/v2/bills/subcustomer-bills/res-fee-records", "bill_cycle=2024-04&customer_id=cust-0001&limit=1", "", "list_sub_customer_bill_detail_p1.json")
	respond(t, mock, "GET", "/v2/bills/subcustomer-bills/res-fee-records", "bill_cycle=2024-04&customer_id=cust-0001&limit=1&offset=1", "", "list_sub_customer_bill_detail_p2.json")
	req := &billing.ListSubCustomerBillDetailRequest{BillCycle: "2024-04", CustomerID: "cust-0001", Limit: partnersdk.Int32(1)}

	page, err := c.Billing.ListSubCustomerBillDetail(context.Background(), req)
	require.NoError(t, err)
	require.Equal(t, int32(2), page.TotalCount)
	require.Equal(t, billing.SubCustomerMonthlyBillDetail{
		BillCycle: "2024-04", CustomerID: "cust-0001", AssociationType: "2", ServiceTypeCode: "hws.service.type.ec2",
		ResourceTypeCode: "hws.resource.type.vm", ServiceTypeName: "弹性云服务器", ResourceTypeName: "云主机", ChargingMode: 3,
		TradeTime: "2024-04-02T01:00:00Z", TradeID: "T1", ID: "REC1", BillDetailType: 5, ResourceID: "vm-1", ResourceName: "web-01",
		ProductSpecDesc: "s6.large.2 | 2vCPUs | 4GiB", RegionCode: "cn-north-4", ProductID: "P1", ProductName: "通用计算型",
		ResourceTag: "env=prod", ConsumeTime: "2024-04-01T00:00:00Z", UsageType: "duration", UsageAmount: money("3600"),
		UsageMeasureID: 4, FreeResourceUsage: money("0"), FreeResourceMeasureID: 4, RIUsage: money("0"), RIUsageMeasureID: 4,
		OfficialAmount: money("0.3600"), OfficialDiscountAmount: money("0.02"), PaymentAmount: money("0.34"), CashAmount: money("0.34"),
		CreditAmount: money("0"), CouponAmount: money("0"), FlexipurchaseCouponAmount: money("0"), StoredValueCardAmount: money("0"),
		DebtAmount: money("0"), WriteoffAmount: money("0"), PeriodType: 2, AccountManagerID: "am-1", PartnerID: "bp-1",
		RegionName: "华北-北京四", PeriodNum: money("1"),
	}, page.FeeRecords[0])

	total := decimal.Zero
	n := 0
	for rec, err := range c.Billing.ListSubCustomerBillDetailAll(context.Background(), req) {
		require.NoError(t, err)
		total = total.Add(rec.PaymentAmount)
		n++
	}
	require.Equal(t, 2, n)
	require.Equal(t, "7.54", total.String())
	require.Equal(t, 3, mock.GetTotalCallCount())
}

// The three validation failures: an over-long field, a missing
// required field and an amount with 3 decimals. Nothing may be sent.
func TestSliceValidationSendsNothing(t *testing.T) {
	c, mock := newSliceClient(t)
	ctx := context.Background()

	_, err := c.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: "cust-0001", Amount: money("10.005"),
	})
	var ve *partnersdk.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Violations, 1)
	require.Equal(t, partnersdk.Violation{Field: "amount", Rule: "money_scale", Limit: "2", Actual: "3"}, ve.Violations[0])

	_, err = c.Coupon.CreatePartnerCoupons(ctx, &coupon.CreatePartnerCouponsRequest{FaceValue: money("1")})
	require.ErrorAs(t, err, &ve)
	require.True(t, ve.Has("quota_id", "required"), err.Error())

	long := make([]rune, 65)
	for i := range long {
		long[i] = '账'
	}
	_, err = c.Billing.ListSubCustomerBillDetail(ctx, &billing.ListSubCustomerBillDetailRequest{
		BillCycle: "2024-04", CustomerID: string(long),
	})
	require.ErrorAs(t, err, &ve)
	require.True(t, ve.Has("customer_id", "max_length"), err.Error())
	require.Contains(t, err.Error(), "customer_id: must be at most 64 characters (got 65)")

	// Several violations are reported at once, and none of them carries
	// the offending value.
	_, err = c.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{Amount: money("-1.001")})
	require.ErrorAs(t, err, &ve)
	require.True(t, ve.Has("customer_id", "required"))
	require.True(t, ve.Has("amount", "money_scale"))
	require.True(t, ve.Has("amount", "money_positive"))

	require.Zero(t, mock.GetTotalCallCount())
	require.False(t, errors.Is(err, partnersdk.CodeInvalidParameter), "a local validation error is not an API error")
}
