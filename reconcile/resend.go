package reconcile

import (
	"context"
	"errors"

	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// Resent is the answer of SendIfNotApplied.
type Resent struct {
	// Result is the reconciliation that decided whether to send.
	Result *Result
	// Sent reports whether the request was sent again (only when
	// Result.Outcome was NotApplied).
	Sent bool
	// Response is the typed response of the new call when it succeeded,
	// for example *partner.UpdateCustomerAccountAmountResponse.
	Response any
}

// SendIfNotApplied is "reconcile, then send again only if NotApplied", for
// callers who want at-most-once funding in one call. It reconciles ou (see
// Reconcile: it waits for the settle delay) and, only when the outcome is
// NotApplied, sends the same request (ou.Request.Body, which must not have
// been changed since) once more through the service method, with opts.
//
// It sends at most once. Its limits:
//
//   - Applied, Ambiguous and PartiallyApplied are returned without sending;
//     for PartiallyApplied, Result.NotAppliedKeys names what is left, and
//     sending a request for only those is the caller's decision.
//   - If the new call fails, its error is returned as is, with Sent true.
//     Another *core.OutcomeUnknownError is not reconciled automatically
//     (no loop): call SendIfNotApplied again with it if you want to.
//   - It is only as sound as the assumptions of Reconcile: no identical
//     write by anyone else in the window, and records listed within the
//     settle delay.
func (r *Reconciler) SendIfNotApplied(ctx context.Context, ou *core.OutcomeUnknownError, opts ...core.CallOption) (*Resent, error) {
	res, err := r.Reconcile(ctx, ou)
	if err != nil {
		return nil, err
	}
	out := &Resent{Result: res}
	if res.Outcome != NotApplied {
		return out, nil
	}
	out.Sent = true
	var resp any
	switch q := ou.Request.Body.(type) {
	case *partner.UpdateCustomerAccountAmountRequest:
		resp, err = r.partner.UpdateCustomerAccountAmount(ctx, q, opts...)
	case *partner.ReclaimToPartnerAccountRequest:
		resp, err = r.partner.ReclaimToPartnerAccount(ctx, q, opts...)
	case *partner.UpdateIndirectPartnerAccountRequest:
		resp, err = r.partner.UpdateIndirectPartnerAccount(ctx, q, opts...)
	case *partner.ReclaimIndirectPartnerAccountRequest:
		resp, err = r.partner.ReclaimIndirectPartnerAccount(ctx, q, opts...)
	case *coupon.CreatePartnerCouponsRequest:
		resp, err = r.coupon.CreatePartnerCoupons(ctx, q, opts...)
	case *coupon.ReclaimPartnerCouponsRequest:
		resp, err = r.coupon.ReclaimPartnerCoupons(ctx, q, opts...)
	case *partner.UpdateCouponQuotasRequest:
		resp, err = r.partner.UpdateCouponQuotas(ctx, q, opts...)
	case *partner.ReclaimCouponQuotasRequest:
		resp, err = r.partner.ReclaimCouponQuotas(ctx, q, opts...)
	default:
		// Reconcile accepted the body, so this cannot happen; refuse
		// rather than guess.
		out.Sent = false
		return out, &InputError{Operation: ou.Operation, Reason: badBody(ou.Request.Body, "a supported request type").Error()}
	}
	if err != nil {
		// A batch answered 200 with failed items: the response (the
		// applied items) comes with the *core.PartialError.
		var partial *core.PartialError
		if errors.As(err, &partial) {
			out.Response = resp
		}
		return out, err
	}
	out.Response = resp
	return out, nil
}
