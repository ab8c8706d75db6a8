package customer

import (
	"context"

	"github.com/hcpartner/partner-sdk-go/internal/transport"
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
func (s *Service) WaitUntilRealnameReviewed(ctx context.Context, req *ShowRealnameAuthenticationReviewResultRequest, opts *transport.WaitOptions) (*ShowRealnameAuthenticationReviewResultResponse, error) {
	var last *ShowRealnameAuthenticationReviewResultResponse
	err := transport.Poll(ctx, "WaitUntilRealnameReviewed", opts, func(ctx context.Context) (bool, error) {
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
func (s *Service) WaitUntilSubCustomerAssociated(ctx context.Context, req *ListSubCustomersRequest, opts *transport.WaitOptions) (*CustomerInformation, error) {
	if req == nil || (req.CustomerID == nil || *req.CustomerID == "") && (req.AccountName == nil || *req.AccountName == "") {
		// Nothing to wait for: name the missing field, send nothing.
		return nil, &validate.Error{Request: "ListSubCustomersRequest", Violations: []validate.Violation{{Field: "customer_id", Rule: validate.RuleRequired}}}
	}
	var found *CustomerInformation
	err := transport.Poll(ctx, "WaitUntilSubCustomerAssociated", opts, func(ctx context.Context) (bool, error) {
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
