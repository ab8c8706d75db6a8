package partnertest_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/partnertest"
)

// WaitUntilSubCustomerAssociated against the sandbox's delayed
// association: the waiter keeps polling while the customer is not listed,
// stops with the context or MaxPolls, and returns the customer's entry once
// the delay has passed on the server's clock (moved by the test, so that
// the minute of delay takes no real time).
func TestWaitUntilSubCustomerAssociatedWithDelay(t *testing.T) {
	ctx := context.Background()
	var offset atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	s := partnertest.NewServer(t, partnertest.WithClock(clock), partnertest.WithAssociationDelay(time.Minute))
	c := s.Client()
	created, err := c.Customer.CreateSubCustomer(ctx, &customer.CreateSubCustomerRequest{
		DomainName: partnersdk.String("awaited-customer"), XAccountID: "xa-await-1", XAccountType: s.XAccountType})
	require.NoError(t, err)
	req := &customer.ListSubCustomersRequest{CustomerID: &created.DomainID}
	fast := &partnersdk.WaitOptions{MinDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}

	// Not associated yet: MaxPolls ends the wait, having polled each time.
	before := s.Calls("ListSubCustomers")
	_, err = c.Customer.WaitUntilSubCustomerAssociated(ctx, req, &partnersdk.WaitOptions{MinDelay: time.Millisecond, MaxPolls: 3})
	var we *partnersdk.WaitError
	require.ErrorAs(t, err, &we)
	require.Equal(t, 3, we.Polls)
	require.NoError(t, we.Err)
	require.Equal(t, before+3, s.Calls("ListSubCustomers"))

	// A context that ends first ends the wait with its error.
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	_, err = c.Customer.WaitUntilSubCustomerAssociated(short, req, fast)
	cancel()
	require.ErrorAs(t, err, &we)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.GreaterOrEqual(t, we.Polls, 2)

	// The delay passes while the waiter polls: it returns the entry.
	type result struct {
		got *customer.CustomerInformation
		err error
	}
	done := make(chan result, 1)
	wctx, stop := context.WithTimeout(ctx, 10*time.Second) // a bound for a broken waiter only
	defer stop()
	before = s.Calls("ListSubCustomers")
	go func() {
		got, err := c.Customer.WaitUntilSubCustomerAssociated(wctx, req, fast)
		done <- result{got, err}
	}()
	for s.Calls("ListSubCustomers") < before+2 {
		select {
		case r := <-done:
			t.Fatalf("the waiter returned before the delay passed: %+v %v", r.got, r.err)
		case <-wctx.Done():
			t.Fatal("the waiter does not poll")
		case <-time.After(time.Millisecond):
		}
	}
	offset.Store(int64(time.Minute))
	r := <-done
	require.NoError(t, r.err)
	require.Equal(t, created.DomainID, r.got.CustomerID)
	require.Equal(t, "awaited-customer", r.got.AccountName)

	// An associated customer is found by the first poll.
	before = s.Calls("ListSubCustomers")
	got, err := c.Customer.WaitUntilSubCustomerAssociated(ctx, req, nil)
	require.NoError(t, err)
	require.Equal(t, created.DomainID, got.CustomerID)
	require.Equal(t, before+1, s.Calls("ListSubCustomers"))
}
