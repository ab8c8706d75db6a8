package sandbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
)

// The real-name waiter returns once the sandbox's delayed review is
// decided, and gives up with the context.
func TestWaitUntilRealnameReviewed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{ReviewDelay: time.Hour})
	ent := e.createCustomer("enterprise-wait", "ew-1")
	er, err := e.client.Customer.CreateEnterpriseRealnameAuthentication(e.ctx, &customer.CreateEnterpriseRealnameAuthenticationRequest{
		CustomerID: ent, IdentifyType: partnersdk.Ptr(customer.EnterpriseIdentifyTypeCertificateScan),
		VerifiedFileURL: []string{"kyc/license.jpg"}, CorpName: "Wait Robotics Co., Ltd.", VerifiedNumber: "91110000000000001X", XAccountType: e.s.Info().XAccountType,
	})
	if err != nil || er.IsReview != customer.ManualReviewRequired {
		t.Fatalf("%v %+v", err, er)
	}
	req := &customer.ShowRealnameAuthenticationReviewResultRequest{CustomerID: ent}
	fast := &partnersdk.WaitOptions{MinDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}

	// Still under review: the wait ends with the context, as a WaitError
	// that wraps the context's error.
	ctx, cancel := context.WithTimeout(e.ctx, 50*time.Millisecond)
	_, err = e.client.Customer.WaitUntilRealnameReviewed(ctx, req, fast)
	cancel()
	var we *partnersdk.WaitError
	if !errors.As(err, &we) || !errors.Is(err, context.DeadlineExceeded) || we.Polls < 2 {
		t.Fatalf("want a WaitError after several polls, got %v", err)
	}
	// With MaxPolls, it stops by itself.
	_, err = e.client.Customer.WaitUntilRealnameReviewed(e.ctx, req, &partnersdk.WaitOptions{MinDelay: time.Millisecond, MaxPolls: 3})
	if !errors.As(err, &we) || we.Polls != 3 || we.Err != nil {
		t.Fatalf("MaxPolls: %v", err)
	}

	// The review delay passes while waiting: the waiter returns the decision.
	done := make(chan struct{})
	var res *customer.ShowRealnameAuthenticationReviewResultResponse
	go func() {
		defer close(done)
		res, err = e.client.Customer.WaitUntilRealnameReviewed(e.ctx, req, fast)
	}()
	time.Sleep(20 * time.Millisecond)
	// The clock signs the waiter's polls too: advance it in steps shorter
	// than the gateway's 15-minute signature window, so that a poll signed
	// just before a step is still accepted after it.
	for i := 0; i < 12; i++ {
		e.clk.Advance(5 * time.Minute)
		time.Sleep(10 * time.Millisecond)
	}
	<-done
	if err != nil || res.ReviewResult != customer.RealnameReviewResultApproved {
		t.Fatalf("after the delay: %v %+v", err, res)
	}

	// A created customer is found by the association waiter.
	got, err := e.client.Customer.WaitUntilSubCustomerAssociated(e.ctx, &customer.ListSubCustomersRequest{CustomerID: partnersdk.String(ent)}, fast)
	if err != nil || got.CustomerID != ent {
		t.Fatalf("association: %v %+v", err, got)
	}
	var ve *partnersdk.ValidationError
	if _, err := e.client.Customer.WaitUntilSubCustomerAssociated(e.ctx, &customer.ListSubCustomersRequest{}, fast); !errors.As(err, &ve) {
		t.Fatalf("a request naming no customer: %v", err)
	}
}
