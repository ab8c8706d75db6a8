package backend_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/partnertest"

	backend "example.com/partner-backend"
)

// TestFundingFlow is what a partner's own module can do with the kit:
// iterate customers, fund one exactly, and see the documented errors.
func TestFundingFlow(t *testing.T) {
	ctx := context.Background()
	srv := partnertest.NewServer(t)
	client := srv.Client()

	ids, err := backend.ResaleCustomers(ctx, client)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) == 0 {
		t.Fatal("no resale customers in the default world")
	}
	id := ids[0]

	before, err := backend.Balance(ctx, client, id)
	if err != nil {
		t.Fatal(err)
	}
	partnerBefore := srv.PartnerBalance()
	amount := decimal.RequireFromString("1234.57")
	if err := backend.TopUp(ctx, client, id, amount); err != nil {
		t.Fatal(err)
	}
	after, err := backend.Balance(ctx, client, id)
	if err != nil {
		t.Fatal(err)
	}
	if moved := after.Sub(before); !moved.Equal(amount) {
		t.Fatalf("balance moved by %s, want exactly %s", moved, amount)
	}
	if !srv.Balance(id).Equal(after) {
		t.Fatalf("server holds %s, the API answered %s", srv.Balance(id), after)
	}
	if moved := partnerBefore.Sub(srv.PartnerBalance()); !moved.Equal(amount) {
		t.Fatalf("partner balance moved by %s, want %s", moved, amount)
	}

	// Three decimal places: refused before anything is sent.
	err = backend.TopUp(ctx, client, id, decimal.RequireFromString("0.001"))
	var verr *partnersdk.ValidationError
	if !errors.As(err, &verr) || !verr.Has("amount", "money_scale") {
		t.Fatalf("want a ValidationError on amount, got %v", err)
	}

	// More than the partner holds: CBC.5003, nothing moves.
	srv.SetPartnerBalance(decimal.RequireFromString("10.00"))
	err = backend.TopUp(ctx, client, id, decimal.RequireFromString("10.01"))
	var apiErr *partnersdk.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, partnersdk.CodeInsufficientBalance) {
		t.Fatalf("want an insufficient-balance APIError, got %v", err)
	}
	if !srv.Balance(id).Equal(after) {
		t.Fatalf("a refused top-up moved money: %s", srv.Balance(id))
	}
}

// TestConnectionResetOnWrite: the server applies the write, then the
// connection breaks; the SDK reports the outcome as unknown and does not
// resend.
func TestConnectionResetOnWrite(t *testing.T) {
	ctx := context.Background()
	srv := partnertest.NewServer(t)
	cust := srv.AddCustomer(partnertest.NewCustomer{AccountName: "outside-module-customer"})
	srv.Inject("UpdateCustomerAccountAmount", partnertest.Fault{Reset: partnertest.ResetAfterApply})

	err := backend.TopUp(ctx, srv.Client(), cust.ID, decimal.RequireFromString("50.00"))
	var unknown *partnersdk.OutcomeUnknownError
	if !errors.As(err, &unknown) {
		t.Fatalf("want OutcomeUnknownError, got %v", err)
	}
	if got := srv.Calls("UpdateCustomerAccountAmount"); got != 1 {
		t.Fatalf("the write reached the server %d times, want once", got)
	}
	if got := srv.Balance(cust.ID); !got.Equal(decimal.RequireFromString("50")) {
		t.Fatalf("balance %s: the write should have been applied once", got)
	}
}

// TestReplayRecordedFixture answers from a fixture recorded from the
// sandbox (testdata/), with no server at all.
func TestReplayRecordedFixture(t *testing.T) {
	rp := partnertest.Replay(t, filepath.Join("testdata", "update_customer_account_amount.json"))
	err := backend.TopUp(context.Background(), rp.Client(), fixtureCustomer, decimal.RequireFromString("1234.57"))
	if err != nil {
		t.Fatal(err)
	}
}

// fixtureCustomer is the customer of the recorded fixture (the default
// world's CustomerID).
const fixtureCustomer = "73222119bd91b2b1a07317909191c5f8"

// TestRecordFixture rewrites testdata/ from the sandbox when
// PARTNERSDK_RECORD is set.
func TestRecordFixture(t *testing.T) {
	if os.Getenv("PARTNERSDK_RECORD") == "" {
		t.Skip("set PARTNERSDK_RECORD=1 to re-record testdata/")
	}
	srv := partnertest.NewServer(t)
	if srv.CustomerID != fixtureCustomer {
		t.Fatalf("the default world's CustomerID is %s: update fixtureCustomer", srv.CustomerID)
	}
	rec := partnertest.NewRecorder(nil, srv.AK, srv.DomainID)
	client := srv.Client(partnersdk.WithHTTPClient(newHTTPClient(rec)))
	if _, err := client.Partner.UpdateCustomerAccountAmount(context.Background(), &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: srv.CustomerID, Amount: decimal.RequireFromString("1234.57")}); err != nil {
		t.Fatal(err)
	}
	if err := partnertest.WriteFixture(filepath.Join("testdata", "update_customer_account_amount.json"), rec.Last()); err != nil {
		t.Fatal(err)
	}
}
