package customer_test

import (
	"context"
	"errors"
	"fmt"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sdktest"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// Register a new resale customer and fund it from the partner account.
func ExampleService_CreateSubCustomer() {
	// In your program: client, err := partnersdk.New(creds)
	client, info, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()
	const name = "acme-robotics-01"

	// 1. Is the account name still free?
	check, err := client.Customer.CheckUserIdentity(ctx, &customer.CheckUserIdentityRequest{
		SearchType:  customer.IdentitySearchTypeName,
		SearchValue: name,
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	if check.CheckResult != customer.IdentityCheckResultAvailable {
		fmt.Println("name taken:", name)
		return
	}

	// 2. Create the customer, bound to the user's ID on your platform.
	created, err := client.Customer.CreateSubCustomer(ctx, &customer.CreateSubCustomerRequest{
		DomainName:   partnersdk.String(name),
		XAccountID:   "user-4711",       // the customer's ID on your platform
		XAccountType: info.XAccountType, // assigned to you by Huawei
	})
	var unknown *partnersdk.OutcomeUnknownError
	if errors.As(err, &unknown) {
		// The account may exist: look it up with ListSubCustomers
		// (AccountName) before creating it again.
		fmt.Println("outcome unknown; look the customer up before retrying")
		return
	} else if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("created:", created.DomainName)

	// 3. Fund it.
	if _, err := client.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: created.DomainID,
		Amount:     partnersdk.MustMoney("100.00"),
	}); err != nil {
		fmt.Println("error:", err)
		return
	}

	// 4. The customer as the partner now sees it.
	list, err := client.Customer.ListSubCustomers(ctx, &customer.ListSubCustomersRequest{
		CustomerID: partnersdk.String(created.DomainID),
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, c := range list.CustomerInfos {
		fmt.Println("listed:", c.AccountName, "resale:", c.AssociationType == customer.AssociationTypeResale,
			"real-name verified:", c.VerifiedStatus == customer.VerifiedStatusVerified)
	}
	balances, err := client.Partner.ListCustomersBalancesDetail(ctx, &partner.ListCustomersBalancesDetailRequest{
		CustomerInfos: []partner.CustomerInfoV2{{CustomerID: created.DomainID}},
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, b := range balances.CustomerBalances {
		fmt.Println("balance:", b.Amount.StringFixed(2), b.Currency)
	}
	// Output:
	// created: acme-robotics-01
	// listed: acme-robotics-01 resale: true real-name verified: false
	// balance: 100.00 CNY
}

// Go through every customer, page by page, counting them by real-name
// status.
func ExampleService_ListSubCustomersAll() {
	// In your program: client, err := partnersdk.New(creds)
	client, _, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	byStatus := map[customer.VerifiedStatus]int{}
	for c, err := range client.Customer.ListSubCustomersAll(ctx, &customer.ListSubCustomersRequest{
		Limit: partnersdk.Int32(10), // page size
	}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		byStatus[c.VerifiedStatus]++
	}
	fmt.Println("verified:", byStatus[customer.VerifiedStatusVerified])
	fmt.Println("under review:", byStatus[customer.VerifiedStatusReviewing])
	fmt.Println("rejected:", byStatus[customer.VerifiedStatusRejected])
	fmt.Println("not authenticated:", byStatus[customer.VerifiedStatusNone])
	// Output:
	// verified: 23
	// under review: 2
	// rejected: 1
	// not authenticated: 3
}

// Check a request against the documented limits before sending it: every
// call does the same and sends nothing when a limit is broken.
func ExampleCreateSubCustomerRequest_Validate() {
	req := &customer.CreateSubCustomerRequest{
		DomainName: partnersdk.String("acme"), // 5 to 32 characters
		XAccountID: "user-4711",
		// XAccountType is missing.
	}
	err := req.Validate()
	var invalid *partnersdk.ValidationError
	if errors.As(err, &invalid) {
		for _, v := range invalid.Violations {
			fmt.Println(v)
		}
		fmt.Println("name too short:", invalid.Has("domain_name", partnersdk.RuleMinLength))
	}
	// Output:
	// domain_name: must be at least 5 characters (got 4)
	// xaccount_type: is required
	// name too short: true
}
