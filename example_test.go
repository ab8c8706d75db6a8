package partnersdk_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sdktest"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// Build a client and make a first call: the partner's own account balances.
func Example() {
	// In your program:
	//
	//	creds, err := auth.AKSKFromEnv() // HUAWEICLOUD_SDK_AK, _SK, _DOMAIN_ID
	//	if err != nil { ... }
	//	client, err := partnersdk.New(creds)
	//	if err != nil { ... }
	client, _, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	resp, err := client.Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, acct := range resp.AccountBalances {
		switch acct.AccountType {
		case partner.AccountTypeBalance:
			fmt.Println("cash:", acct.Amount.StringFixed(2), acct.Currency)
		case partner.AccountTypeCredit:
			fmt.Println("credit limit:", acct.CreditAmount.StringFixed(2), acct.Currency)
		}
	}
	// Output:
	// cash: 5905717.00 CNY
	// credit limit: 500000.00 CNY
}

// Tell the three kinds of failure apart: a request that breaks a documented
// limit (nothing was sent), an error answer of the API, and a write whose
// outcome is unknown.
func Example_errors() {
	// In your program: client, err := partnersdk.New(creds)
	client, info, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	report := func(err error) {
		var invalid *partnersdk.ValidationError
		var unknown *partnersdk.OutcomeUnknownError
		var apiErr *partnersdk.APIError
		switch {
		case err == nil:
			fmt.Println("ok")
		case errors.As(err, &invalid):
			// Nothing was sent: fix the request.
			for _, v := range invalid.Violations {
				fmt.Printf("invalid %s: rule %s, limit %s\n", v.Field, v.Rule, v.Limit)
			}
			if invalid.Has("xaccount_id", partnersdk.RuleMaxLength) {
				fmt.Println("the platform user ID is too long")
			}
		case errors.As(err, &unknown):
			// Check before *APIError: the cause of an unknown outcome may be
			// an API answer. The write may have been applied and was not
			// resent: read the state (balances, records) before trying again.
			fmt.Println("outcome unknown:", unknown.Operation)
		case errors.As(err, &apiErr):
			fmt.Println("API error:", apiErr.Operation, apiErr.StatusCode, apiErr.Code)
			if errors.Is(err, partnersdk.CodeInsufficientBalance) {
				fmt.Println("not enough money in the partner account")
			}
			// apiErr.RequestID identifies the call for Huawei support.
		default:
			// *partnersdk.RequestError: no answer (network, timeout).
			fmt.Println("no answer:", err)
		}
	}

	// A platform user ID longer than the documented 128 characters.
	_, err := client.Customer.CreateSubCustomer(ctx, &customer.CreateSubCustomerRequest{
		XAccountID:   strings.Repeat("x", 129),
		XAccountType: info.XAccountType,
	})
	report(err)

	// More money than the partner account holds.
	_, err = client.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: info.CustomerID,
		Amount:     partnersdk.MustMoney("999999999.99"),
	})
	report(err)
	// Output:
	// invalid xaccount_id: rule max_length, limit 128
	// the platform user ID is too long
	// API error: UpdateCustomerAccountAmount 400 CBC.5003
	// not enough money in the partner account
}

// Walk every page of a listing with a range-over-func iterator: the
// iterator fetches the next page when the current one is used up.
func Example_iterate() {
	// In your program: client, err := partnersdk.New(creds)
	client, _, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	total, resale := 0, 0
	for c, err := range client.Customer.ListSubCustomersAll(ctx, &customer.ListSubCustomersRequest{
		Limit: partnersdk.Int32(10), // page size; the iterator asks for as many pages as needed
	}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		total++
		if c.AssociationType == customer.AssociationTypeResale {
			resale++
		}
	}
	fmt.Printf("%d customers, %d of them resale customers\n", total, resale)
	// Output:
	// 29 customers, 23 of them resale customers
}
