package partnersdk_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/customer"
)

// A loopback server that lists the customer only from the fourth query on,
// as the API does once the asynchronous association completes: the exact
// number of polls, and a context cancelled before the first poll. The
// sandbox's delayed association is waited for in package partnertest
// (TestWaitUntilSubCustomerAssociatedWithDelay).
func TestWaitUntilSubCustomerAssociated(t *testing.T) {
	var polls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		if polls.Add(1) < 4 {
			_, _ = io.WriteString(w, `{"count":0,"customer_infos":[]}`)
			return
		}
		_, _ = io.WriteString(w, `{"count":1,"customer_infos":[{"customer_id":"c-new","account_name":"new_customer"}]}`)
	}))
	defer srv.Close()
	creds, err := auth.NewAKSK("AK", "SK")
	if err != nil {
		t.Fatal(err)
	}
	c, err := partnersdk.New(creds, partnersdk.WithEndpoint(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	req := &customer.ListSubCustomersRequest{CustomerID: partnersdk.String("c-new")}
	got, err := c.Customer.WaitUntilSubCustomerAssociated(context.Background(), req, &partnersdk.WaitOptions{MinDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond})
	if err != nil || got.CustomerID != "c-new" || polls.Load() != 4 {
		t.Fatalf("got %+v, %v after %d polls", got, err, polls.Load())
	}

	// A cancelled context stops the wait at once.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = c.Customer.WaitUntilSubCustomerAssociated(ctx, &customer.ListSubCustomersRequest{CustomerID: partnersdk.String("other")}, nil)
	var we *partnersdk.WaitError
	if !errors.As(err, &we) || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}
