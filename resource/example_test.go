package resource_test

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/internal/sdktest"
	"github.com/hcpartner/partner-sdk-go/resource"
)

// List a customer's yearly/monthly resources that expire within the next
// 30 days, over all pages.
func ExampleService_ListPayPerUseCustomerResourcesAll() {
	// In your program: client, err := partnersdk.New(creds)
	client, info, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()
	now := info.Now // in your program: time.Now()

	perService := map[string]int{}
	var services []string
	for r, err := range client.Resource.ListPayPerUseCustomerResourcesAll(ctx, &resource.ListPayPerUseCustomerResourcesRequest{
		CustomerID:       partnersdk.String(info.CustomerID),
		OnlyMainResource: partnersdk.Ptr(resource.OnlyMainResourceYes),
		StatusList:       []resource.PeriodResourceStatus{resource.PeriodResourceStatusInUse},
		ExpireTimeBegin:  partnersdk.String(partnersdk.FormatUTC(now)),
		ExpireTimeEnd:    partnersdk.String(partnersdk.FormatUTC(now.AddDate(0, 0, 30))),
		Limit:            partnersdk.Int32(50),
	}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		if perService[r.ServiceTypeName] == 0 {
			services = append(services, r.ServiceTypeName)
		}
		perService[r.ServiceTypeName]++
	}
	for _, s := range services {
		fmt.Printf("%-28s %d expiring\n", s, perService[s])
	}
	// Output:
	// Virtual Private Cloud        5 expiring
	// Cloud Container Engine       6 expiring
	// Elastic Cloud Server         7 expiring
	// Relational Database Service  6 expiring
	// Distributed Cache Service    3 expiring
}

// Renew a resource for one month and pay from the customer's balance.
// Renewing acts in the customer's account: the partner uses an agency
// token for it.
func ExampleService_RenewalResources() {
	// In your program: client, err := partnersdk.New(creds)
	client, info, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	// In your program:
	//
	//	customerCreds, err := auth.NewAgencyToken(creds, auth.Domain{ID: customerID}, agencyName)
	//	customerClient, err := partnersdk.New(customerCreds)
	customerClient, err := info.CustomerClient(info.CustomerID)
	if err != nil {
		fmt.Println("error:", err)
		return
	}

	// The first of the customer's resources in use (the partner can list them).
	list, err := client.Resource.ListPayPerUseCustomerResources(ctx, &resource.ListPayPerUseCustomerResourcesRequest{
		CustomerID:       partnersdk.String(info.CustomerID),
		OnlyMainResource: partnersdk.Ptr(resource.OnlyMainResourceYes),
		StatusList:       []resource.PeriodResourceStatus{resource.PeriodResourceStatusInUse},
		Limit:            partnersdk.Int32(1),
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	if len(list.Data) == 0 {
		fmt.Println("nothing to renew")
		return
	}
	res := list.Data[0]

	renewed, err := customerClient.Resource.RenewalResources(ctx, &resource.RenewalResourcesRequest{
		ResourceIDs: []string{res.ResourceID},
		PeriodType:  partnersdk.Ptr(resource.PeriodTypeMonth),
		PeriodNum:   partnersdk.Int32(1),
		IsAutoPay:   partnersdk.Ptr(resource.AutoPayYes),
	})
	if err != nil {
		// An *partnersdk.OutcomeUnknownError means the renewal may have been
		// ordered: check ListCustomerOrders before renewing again.
		fmt.Println("error:", err)
		return
	}
	for _, f := range renewed.FailResourceInfos {
		fmt.Println("not renewed:", f.ResourceID, f.ErrorMsg)
	}
	fmt.Println("renewal orders:", len(renewed.OrderIDs))

	after, err := client.Resource.ListPayPerUseCustomerResources(ctx, &resource.ListPayPerUseCustomerResourcesRequest{
		CustomerID:  partnersdk.String(info.CustomerID),
		ResourceIDs: []string{res.ResourceID},
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, r := range after.Data {
		fmt.Println(r.ResourceName, "expiry:", res.ExpireTime, "->", r.ExpireTime)
	}
	// Output:
	// renewal orders: 1
	// bandwidth-iron-01 expiry: 2024-06-16T15:59:59Z -> 2024-07-16T15:59:59Z
}

// What a customer ordered in the last year, over all pages, summed exactly.
func ExampleService_ListCustomerOrdersAll() {
	// In your program: client, err := partnersdk.New(creds)
	client, info, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()
	now := info.Now // in your program: time.Now()

	orders, total := 0, decimal.Zero
	for o, err := range client.Resource.ListCustomerOrdersAll(ctx, &resource.ListCustomerOrdersRequest{
		CustomerID:      partnersdk.String(info.CustomerID),
		CreateTimeBegin: partnersdk.String(partnersdk.FormatUTC(now.AddDate(-1, 0, 0))),
		CreateTimeEnd:   partnersdk.String(partnersdk.FormatUTC(now)),
		Limit:           partnersdk.Int32(100),
	}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		orders++
		total = total.Add(o.AmountAfterDiscount)
	}
	fmt.Printf("%d orders worth %s yuan\n", orders, total.StringFixed(2))
	// Output:
	// 39 orders worth 98144.00 yuan
}
