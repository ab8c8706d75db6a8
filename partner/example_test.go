package partner_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/internal/sdktest"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// Fund a resale customer from the partner account. Amounts are exact
// decimals; a transfer that may have reached the server is never sent twice.
func ExampleService_UpdateCustomerAccountAmount() {
	// In your program: client, err := partnersdk.New(creds)
	client, info, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	// The balance available to the customer.
	balance := func() (decimal.Decimal, error) {
		resp, err := client.Partner.ListCustomersBalancesDetail(ctx, &partner.ListCustomersBalancesDetailRequest{
			CustomerInfos: []partner.CustomerInfoV2{{CustomerID: info.CustomerID}},
		})
		if err != nil {
			return decimal.Decimal{}, err
		}
		for _, b := range resp.CustomerBalances {
			if b.CustomerID == info.CustomerID {
				return b.Amount, nil
			}
		}
		return decimal.Decimal{}, errors.New("no balance returned")
	}

	before, err := balance()
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	resp, err := client.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: info.CustomerID,
		Amount:     partnersdk.MustMoney("250.75"),
	})
	var unknown *partnersdk.OutcomeUnknownError
	switch {
	case errors.As(err, &unknown):
		// The transfer may or may not have happened: read the customer's
		// balance (or ListPartnerAdjustRecords) before sending it again.
		fmt.Println("outcome unknown; reconcile before retrying")
		return
	case err != nil:
		fmt.Println("error:", err)
		return
	}
	after, err := balance()
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("transfer recorded:", resp.TransferID != "")
	fmt.Println("balance:", before.StringFixed(2), "->", after.StringFixed(2))
	// Output:
	// transfer recorded: true
	// balance: 4191.24 -> 4441.99
}

// Take money back from a customer into the partner account.
func ExampleService_ReclaimToPartnerAccount() {
	// In your program: client, err := partnersdk.New(creds)
	client, info, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	// The balance available to the customer.
	balance := func() (decimal.Decimal, error) {
		resp, err := client.Partner.ListCustomersBalancesDetail(ctx, &partner.ListCustomersBalancesDetailRequest{
			CustomerInfos: []partner.CustomerInfoV2{{CustomerID: info.CustomerID}},
		})
		if err != nil {
			return decimal.Decimal{}, err
		}
		for _, b := range resp.CustomerBalances {
			if b.CustomerID == info.CustomerID {
				return b.Amount, nil
			}
		}
		return decimal.Decimal{}, errors.New("no balance returned")
	}

	before, err := balance()
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	_, err = client.Partner.ReclaimToPartnerAccount(ctx, &partner.ReclaimToPartnerAccountRequest{
		CustomerID: info.CustomerID,
		Amount:     partnersdk.MustMoney("20.00"),
	})
	if errors.Is(err, partnersdk.CodeInsufficientBalance) {
		fmt.Println("the customer holds less than that")
		return
	} else if err != nil {
		fmt.Println("error:", err)
		return
	}
	after, err := balance()
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("balance:", before.StringFixed(2), "->", after.StringFixed(2))
	// Output:
	// balance: 4191.24 -> 4171.24
}

// The partner's own accounts: cash balance and credit.
func ExampleService_ListPartnerBalances() {
	// In your program: client, err := partnersdk.New(creds)
	client, _, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	resp, err := client.Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, acct := range resp.AccountBalances {
		if acct.AccountType == partner.AccountTypeBalance {
			// Designated money cannot be allocated to customers.
			free := acct.Amount.Sub(acct.DesignatedAmount)
			fmt.Println("available to allocate:", free.StringFixed(2), acct.Currency)
		}
	}
	// Output:
	// available to allocate: 5905717.00 CNY
}

// Every income and expense entry of the partner's cash account over the last
// year, all pages.
func ExampleService_ListPartnerAccountChangeRecordsAll() {
	// In your program: client, err := partnersdk.New(creds)
	client, _, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	income, expense := 0, 0
	for rec, err := range client.Partner.ListPartnerAccountChangeRecordsAll(ctx, &partner.ListPartnerAccountChangeRecordsRequest{
		BalanceType: partner.BalanceTypeDebit,
		Limit:       partnersdk.Int32(100),
	}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		switch rec.Type {
		case partner.AccountChangeTypeIncome:
			income++
		case partner.AccountChangeTypeExpense:
			expense++
		}
	}
	fmt.Printf("%d income and %d expense entries\n", income, expense)
	// Output:
	// 12 income and 54 expense entries
}

// The usable voucher quotas that coupons can be issued from.
func ExampleService_ListQuotaCouponsAll() {
	// In your program: client, err := partnersdk.New(creds)
	client, _, stop := sdktest.ExampleClient()
	defer stop()
	ctx := context.Background()

	for q, err := range client.Partner.ListQuotaCouponsAll(ctx, &partner.ListQuotaCouponsRequest{
		QuotaType:       partnersdk.Ptr(partner.QuotaTypeVoucher),
		QuotaStatusList: []partner.QuotaStatus{partner.QuotaStatusNormal},
	}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		expires, err := q.ParseExpireTime()
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Printf("%s of %s %s left, expires %s\n", q.Balance.StringFixed(2), q.QuotaValue.StringFixed(2), q.Currency, partnersdk.FormatDate(expires))
	}
	// Output:
	// 30970.00 of 200000.00 CNY left, expires 2024-11-01
	// 120.00 of 50000.00 CNY left, expires 2025-01-20
}
