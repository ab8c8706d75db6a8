package coupon_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/internal/sdktest"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// Issue a voucher to a customer from the first usable quota that has enough
// left.
func ExampleService_CreatePartnerCoupons() {
	// In your program: client, err := partnersdk.New(creds)
	client, info, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()
	faceValue := partnersdk.MustMoney("50.00")

	// 1. Pick a quota (the partner service lists them).
	var quota *partner.CouponQuotaV2
	for q, err := range client.Partner.ListQuotaCouponsAll(ctx, &partner.ListQuotaCouponsRequest{
		QuotaType:       partnersdk.Ptr(partner.QuotaTypeVoucher),
		QuotaStatusList: []partner.QuotaStatus{partner.QuotaStatusNormal},
	}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		if q.Balance.GreaterThanOrEqual(faceValue) && len(q.LimitInfos) == 0 {
			quota = &q
			break // leaving the loop early stops the iterator
		}
	}
	if quota == nil {
		fmt.Println("no quota with", faceValue.StringFixed(2), "left")
		return
	}

	// 2. Issue the coupon.
	resp, err := client.Coupon.CreatePartnerCoupons(ctx, &coupon.CreatePartnerCouponsRequest{
		QuotaID:     quota.QuotaID,
		CustomerIDs: []string{info.CustomerID},
		FaceValue:   faceValue,
		Memo:        partnersdk.String("spring campaign"),
	})
	var unknown *partnersdk.OutcomeUnknownError
	if errors.As(err, &unknown) {
		// Coupons may have been issued: check ListIssuedPartnerCoupons
		// before issuing again.
		fmt.Println("outcome unknown; check the issued coupons before retrying")
		return
	} else if err != nil {
		fmt.Println("error:", err)
		return
	}
	// Each customer either got a coupon or is reported with an error.
	for _, c := range resp.CouponInfos {
		fmt.Println("issued to the customer:", c.ID == info.CustomerID, "with a coupon ID:", c.CouponID != "")
	}
	for _, e := range resp.ErrorDetails {
		fmt.Println("not issued to", e.ID+":", e.ErrorCode, e.ErrorMsg)
	}

	// 3. The quota shrank by the face value.
	after, err := client.Partner.ListQuotaCoupons(ctx, &partner.ListQuotaCouponsRequest{QuotaIDs: []string{quota.QuotaID}})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, q := range after.Quotas {
		fmt.Println("quota balance:", quota.Balance.StringFixed(2), "->", q.Balance.StringFixed(2))
	}
	// Output:
	// issued to the customer: true with a coupon ID: true
	// quota balance: 30970.00 -> 30920.00
}

// Sum up the usable coupons a customer holds, over all pages.
func ExampleService_ListIssuedPartnerCouponsAll() {
	// In your program: client, err := partnersdk.New(creds)
	client, info, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	count, total := 0, decimal.Zero
	for c, err := range client.Coupon.ListIssuedPartnerCouponsAll(ctx, &coupon.ListIssuedPartnerCouponsRequest{
		CustomerID: partnersdk.String(info.CustomerID),
		Status:     partnersdk.Ptr(coupon.CouponStatusAvailable),
		Limit:      partnersdk.Int32(100),
	}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		count++
		total = total.Add(c.Balance)
	}
	fmt.Printf("%d usable coupons worth %s yuan\n", count, total.StringFixed(2))
	// Output:
	// 6 usable coupons worth 7018.00 yuan
}

// Take back the unused coupons of a customer; their balance returns to the
// quota they came from.
func ExampleService_ReclaimPartnerCoupons() {
	// In your program: client, err := partnersdk.New(creds)
	client, info, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	// Collect first, then reclaim: changing a listing while paging through
	// it can skip entries.
	var unused []coupon.IssuedPartnerCoupon
	for c, err := range client.Coupon.ListIssuedPartnerCouponsAll(ctx, &coupon.ListIssuedPartnerCouponsRequest{
		CustomerID: partnersdk.String(info.CustomerID),
		Status:     partnersdk.Ptr(coupon.CouponStatusAvailable),
	}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		if c.Balance.Equal(c.FaceValue) {
			unused = append(unused, c)
		}
	}
	reclaimed := decimal.Zero
	for _, c := range unused {
		_, err := client.Coupon.ReclaimPartnerCoupons(ctx, &coupon.ReclaimPartnerCouponsRequest{CouponID: c.CouponID})
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		reclaimed = reclaimed.Add(c.Balance)
	}
	fmt.Printf("reclaimed %d coupons worth %s yuan\n", len(unused), reclaimed.StringFixed(2))
	// Output:
	// reclaimed 5 coupons worth 6950.00 yuan
}
