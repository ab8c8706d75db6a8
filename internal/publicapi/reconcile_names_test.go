package publicapi

import (
	"context"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/reconcile"
)

// The reconcile API and the OutcomeUnknownError fields it reads, by their
// public names.
var (
	_ = []reconcile.Outcome{reconcile.Ambiguous, reconcile.Applied, reconcile.NotApplied, reconcile.PartiallyApplied}
	_ *reconcile.UnsupportedError
	_ *reconcile.InputError
	_ reconcile.Clock
	_ = reconcile.Supported
	_ = []time.Duration{reconcile.DefaultClockSkew, reconcile.DefaultServerTimeMargin, reconcile.DefaultSettleDelay, reconcile.DefaultPollInterval}
)

func reconcileNames(ctx context.Context, c *partnersdk.Client, ou *partnersdk.OutcomeUnknownError) error {
	_, _, _, _ = ou.Request.Body, ou.AttemptStart, ou.AttemptEnd, ou.ServerTime
	_ = ou.RequestID
	r, err := reconcile.New(c, reconcile.WithClockSkew(time.Minute), reconcile.WithServerTimeMargin(time.Second),
		reconcile.WithSettleDelay(time.Minute), reconcile.WithPollInterval(time.Second))
	if err != nil {
		return err
	}
	res, err := r.Reconcile(ctx, ou, reconcile.Exclude("id"))
	if err != nil {
		return err
	}
	it := res.Items[0]
	_, _, _, _, _, _, _ = it.Key, it.Want, it.Outcome, it.IDs, it.AdjustRecords, it.CouponRecords, it.QuotaRecords
	_, _, _, _ = res.From, res.To, res.ServerClock, res.NotAppliedKeys()
	out, err := r.SendIfNotApplied(ctx, ou)
	_, _, _ = out.Result, out.Sent, out.Response
	return err
}

var _ = reconcileNames
