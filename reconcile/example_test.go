package reconcile_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/reconcile"
)

// lostAnswers delivers every request but, for the funding path, loses the
// answer: the server applied the write and the caller never hears of it.
type lostAnswers struct{ next http.RoundTripper }

func (l lostAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(r)
	if err == nil && r.URL.Path == "/v2/accounts/partner-accounts/adjust-amount" {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, err
}

// Fund a customer; when the outcome is unknown, ask the records before
// doing anything else, and send again only if the funding was not applied.
func Example() {
	ctx := context.Background()
	// A local sandbox of the API stands in for the real endpoint.
	sb, err := sandbox.New(sandbox.Config{Seed: 1, Customers: 20})
	if err != nil {
		log.Fatal(err)
	}
	url, err := sb.Start("")
	if err != nil {
		log.Fatal(err)
	}
	defer sb.Close()
	client, err := sb.Client(url, partnersdk.WithHTTPClient(&http.Client{Transport: lostAnswers{http.DefaultTransport}}))
	if err != nil {
		log.Fatal(err)
	}
	var customerID string
	for c, err := range client.Customer.ListSubCustomersAll(ctx, &customer.ListSubCustomersRequest{AssociationType: partnersdk.Ptr(customer.AssociationTypeResale)}) {
		if err != nil {
			log.Fatal(err)
		}
		customerID = c.CustomerID
		break
	}

	_, err = client.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: customerID, Amount: partnersdk.MustMoney("100.50"),
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
	fmt.Println(r.OperationType, r.Amount, r.TransID == out.Result.Items[0].IDs[0])
	// Output:
	// Applied - sent again: false
	// SOURCE_OPERATION_BEADJUST 100.50 true
}
