package customer

import (
	"context"

	"github.com/hcpartner/partner-sdk-go/internal/transport"

	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/internal/validate"
)

// WaitUntilRealnameReviewed waits for the review of a real-name
// authentication submitted with manual review (is_review = 1 in the answer
// of CreatePersonalRealnameAuth, CreateEnterpriseRealnameAuthentication or
// ChangeEnterpriseRealnameAuthentication): it polls
// ShowRealnameAuthenticationReviewResult with exponential backoff until the
// review is decided and returns that answer; ReviewResult tells approved
// from rejected (Opinion holds the reason). The context bounds the wait; a
// context that ends first gives a *partnersdk.WaitError. opts may be nil.
func (s *Service) WaitUntilRealnameReviewed(ctx context.Context, req *ShowRealnameAuthenticationReviewResultRequest, opts *core.WaitOptions) (*ShowRealnameAuthenticationReviewResultResponse, error) {
	var last *ShowRealnameAuthenticationReviewResultResponse
	err := poll(ctx, "WaitUntilRealnameReviewed", opts, func(ctx context.Context) (bool, error) {
		res, err := s.ShowRealnameAuthenticationReviewResult(ctx, req)
		if err != nil {
			return false, err
		}
		last = res
		return res.ReviewResult != RealnameReviewResultPending, nil
	})
	if err != nil {
		return nil, err
	}
	return last, nil
}

// WaitUntilSubCustomerAssociated waits for a customer created with
// CreateSubCustomer to be associated with the partner. The association is
// completed asynchronously (CreateSubCustomer may even answer CBC.99000050
// when its own wait for the result timed out); the documented way to
// confirm it is ListSubCustomers. The waiter polls ListSubCustomers with req
// (which must name the customer: customer_id, or the exact account_name)
// with exponential backoff until the customer is listed, and returns its
// entry. The context bounds the wait; a context that ends first gives a
// *partnersdk.WaitError. opts may be nil.
func (s *Service) WaitUntilSubCustomerAssociated(ctx context.Context, req *ListSubCustomersRequest, opts *core.WaitOptions) (*CustomerInformation, error) {
	if req == nil || (req.CustomerID == nil || *req.CustomerID == "") && (req.AccountName == nil || *req.AccountName == "") {
		// Nothing to wait for: name the missing field, send nothing.
		return nil, &validate.Error{Request: "ListSubCustomersRequest", Violations: []validate.Violation{{Field: "customer_id", Rule: validate.RuleRequired}}}
	}
	var found *CustomerInformation
	err := poll(ctx, "WaitUntilSubCustomerAssociated", opts, func(ctx context.Context) (bool, error) {
		res, err := s.ListSubCustomers(ctx, req)
		if err != nil {
			return false, err
		}
		for i := range res.CustomerInfos {
			ci := &res.CustomerInfos[i]
			if req.CustomerID != nil && *req.CustomerID != "" && ci.CustomerID != *req.CustomerID {
				continue
			}
			if req.AccountName != nil && *req.AccountName != "" && ci.AccountName != *req.AccountName {
				continue
			}
			found = ci
			return true, nil
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return found, nil
}

// poll calls check until it reports done or fails, pausing between calls
// with exponential backoff, and never waiting past ctx. An error of check
// is returned as is; a context that ends, or MaxPolls, gives a *WaitError.
func poll(ctx context.Context, name string, o *core.WaitOptions, check func(context.Context) (done bool, err error)) error {
	var opt core.WaitOptions
	if o != nil {
		opt = *o
	}
	if opt.MinDelay <= 0 {
		opt.MinDelay = core.DefaultWaitMinDelay
	}
	if opt.MaxDelay <= 0 {
		opt.MaxDelay = core.DefaultWaitMaxDelay
	}
	if opt.MaxDelay < opt.MinDelay {
		opt.MaxDelay = opt.MinDelay
	}
	delay := opt.MinDelay
	for polls := 1; ; polls++ {
		if err := ctx.Err(); err != nil {
			return &core.WaitError{Waiter: name, Polls: polls - 1, Err: err}
		}
		done, err := check(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return &core.WaitError{Waiter: name, Polls: polls, Err: err}
			}
			return err
		}
		if done {
			return nil
		}
		if opt.MaxPolls > 0 && polls >= opt.MaxPolls {
			return &core.WaitError{Waiter: name, Polls: polls}
		}
		if err := transport.Sleep(ctx, delay); err != nil {
			return &core.WaitError{Waiter: name, Polls: polls, Err: err}
		}
		delay *= 2
		if delay > opt.MaxDelay {
			delay = opt.MaxDelay
		}
	}
}
