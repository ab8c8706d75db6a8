package reconcile_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/partnertest"
	"github.com/hcpartner/partner-sdk-go/reconcile"
)

// Fund a customer; when the outcome is unknown, ask the records before
// doing anything else, and send again only if the funding was not applied.
func Example() {
	ctx := context.Background()
	// A local sandbox of the API stands in for the real endpoint. It
	// applies the next funding, then resets the connection instead of
	// answering: the caller cannot tell whether the money moved.
	srv, err := partnertest.Start("")
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	srv.Inject("UpdateCustomerAccountAmount", partnertest.Fault{Reset: partnertest.ResetAfterApply})
	client := srv.Client()

	_, err = client.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: srv.CustomerID, Amount: partnersdk.MustMoney("100.50"),
	})
	var unknown *partnersdk.OutcomeUnknownError
	if !errors.As(err, &unknown) {
		log.Fatal(err)
	}
	// The sandbox lists records at once. Against the real API keep the
	// default settle delay: Reconcile then waits up to 5 minutes after the
	// attempt before it answers.
	rec, err := reconcile.New(client, reconcile.WithSettleDelay(0))
	if err != nil {
		log.Fatal(err)
	}
	out, err := rec.SendIfNotApplied(ctx, unknown)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Result.Outcome, "- sent again:", out.Sent)
	r := out.Result.Items[0].AdjustRecords[0]
	fmt.Println(r.OperationType, r.Amount.StringFixed(2), r.TransID == out.Result.Items[0].IDs[0])
	fmt.Println("funding requests sent:", srv.Calls("UpdateCustomerAccountAmount"))
	// Output:
	// Applied - sent again: false
	// SOURCE_OPERATION_BEADJUST 100.50 true
	// funding requests sent: 1
}
