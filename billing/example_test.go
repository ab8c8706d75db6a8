package billing_test

import (
	"context"
	"fmt"
	"sort"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/internal/sdktest"
)

// Read a customer's monthly bill: the amount per cloud service for each
// billing mode.
func ExampleService_ListSubcustomerMonthlyBillsAll() {
	// In your program: client, err := partnersdk.New(creds)
	client, info, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	modes := []struct {
		code billing.ChargeModeCode
		name string
	}{
		{billing.ChargeModeCodeYearlyMonthly, "yearly/monthly"},
		{billing.ChargeModeCodeOnDemand, "pay-per-use"},
	}
	for _, mode := range modes {
		perService := map[string]decimal.Decimal{}
		for sum, err := range client.Billing.ListSubcustomerMonthlyBillsAll(ctx, &billing.ListSubcustomerMonthlyBillsRequest{
			CustomerID: partnersdk.String(info.CustomerID),
			Cycle:      info.BillCycle, // "2024-04"
			ChargeMode: mode.code,
			Limit:      partnersdk.Int32(100),
		}) {
			if err != nil {
				fmt.Println("error:", err)
				return
			}
			perService[sum.CloudServiceTypeName] = perService[sum.CloudServiceTypeName].Add(sum.Amount)
		}
		names := make([]string, 0, len(perService))
		for name := range perService {
			names = append(names, name)
		}
		sort.Strings(names)
		fmt.Println(mode.name + ":")
		for _, name := range names {
			fmt.Printf("  %-28s %10s\n", name, perService[name].StringFixed(2))
		}
	}
	// Output:
	// yearly/monthly:
	//   Cloud Container Engine         84570.25
	//   Distributed Cache Service      51074.51
	//   Elastic Cloud Server           64716.56
	//   Relational Database Service    50681.71
	//   Virtual Private Cloud          27278.59
	// pay-per-use:
	//   Content Delivery Network       33316.64
	//   Elastic Cloud Server           33483.16
	//   Object Storage Service         32436.84
}

// Every consumption record of a customer in one month, over all pages (more
// than a thousand here), summed exactly.
func ExampleService_ListSubCustomerBillDetailAll() {
	// In your program: client, err := partnersdk.New(creds)
	client, info, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	records, due, coupons := 0, decimal.Zero, decimal.Zero
	for rec, err := range client.Billing.ListSubCustomerBillDetailAll(ctx, &billing.ListSubCustomerBillDetailRequest{
		CustomerID: info.CustomerID,
		BillCycle:  info.BillCycle,
		Limit:      partnersdk.Int32(1000),
	}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		records++
		due = due.Add(rec.PaymentAmount)
		coupons = coupons.Add(rec.CouponAmount)
	}
	fmt.Println("records:", records)
	fmt.Println("amount due:", due.StringFixed(2))
	fmt.Println("paid with vouchers:", coupons.StringFixed(2))
	// Output:
	// records: 1181
	// amount due: 377558.26
	// paid with vouchers: 6901.52
}

// The customers that consumed anything in a month: the ones whose bills are
// worth reading.
func ExampleService_ListConsumeSubCustomersAll() {
	// In your program: client, err := partnersdk.New(creds)
	client, info, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	var customerIDs []string
	for c, err := range client.Billing.ListConsumeSubCustomersAll(ctx, &billing.ListConsumeSubCustomersRequest{
		BillCycle: info.BillCycle,
	}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		customerIDs = append(customerIDs, c.CustomerID)
	}
	fmt.Printf("%d customers consumed in %s\n", len(customerIDs), info.BillCycle)
	// Output:
	// 17 customers consumed in 2024-04
}
