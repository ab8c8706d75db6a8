package partnertest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/partnertest"
)

// TestFundCustomer is the package documentation's example, as written
// there.
func TestFundCustomer(t *testing.T) {
	ctx := context.Background()
	srv := partnertest.NewServer(t)
	client := srv.Client()

	// Arrange: a customer with nothing on its account.
	cust := srv.AddCustomer(partnertest.NewCustomer{AccountName: "acme-shop"})
	fund := func(amount string) error { // the code under test
		_, err := client.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
			CustomerID: cust.ID, Amount: decimal.RequireFromString(amount),
		})
		return err
	}

	// Act.
	if err := fund("100.25"); err != nil {
		t.Fatal(err)
	}
	// Inspect: exactly 100.25 arrived.
	if got := srv.Balance(cust.ID); !got.Equal(decimal.RequireFromString("100.25")) {
		t.Fatalf("balance %s", got)
	}

	// More than the partner has: an insufficient-balance APIError.
	srv.SetPartnerBalance(decimal.Zero)
	if err := fund("1.00"); !errors.Is(err, partnersdk.CodeInsufficientBalance) {
		t.Fatalf("want CBC.5003, got %v", err)
	}

	// The connection breaks after the server applied the write: the
	// SDK does not resend it and reports the outcome as unknown.
	srv.SetPartnerBalance(decimal.RequireFromString("1000"))
	srv.Inject("UpdateCustomerAccountAmount", partnertest.Fault{Reset: partnertest.ResetAfterApply})
	var unknown *partnersdk.OutcomeUnknownError
	if err := fund("1.00"); !errors.As(err, &unknown) {
		t.Fatalf("want OutcomeUnknownError, got %v", err)
	}
}

// TestStartServesOutsideATest: a program's sandbox (Start) answers the
// SDK and stops on Close, twice without harm.
func TestStartServesOutsideATest(t *testing.T) {
	srv, err := partnertest.Start("", partnertest.WithCustomers(3))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.Client().Partner.ListPartnerBalances(context.Background(), &partner.ListPartnerBalancesRequest{}); err != nil {
		t.Fatal(err)
	}
	if got := len(srv.Customers()); got != 3 {
		t.Fatalf("%d customers", got)
	}
	srv.Close()
	srv.Close()
	if _, err := srv.Client(partnersdk.WithoutRetries()).Partner.ListPartnerBalances(context.Background(), &partner.ListPartnerBalancesRequest{}); err == nil {
		t.Fatal("a closed server answered")
	}
}
