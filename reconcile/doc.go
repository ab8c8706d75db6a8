// Package reconcile settles a write that ended in *core.OutcomeUnknownError
// (partnersdk.OutcomeUnknownError): it reads the API's own records of the
// write and answers whether the write was Applied (with the matching
// record), NotApplied, or Ambiguous. It never sends a write itself, except
// SendIfNotApplied, which sends the same request again at most once and only
// after the records showed it was not applied.
//
// The API has no idempotency key for funding, reclaiming or coupon writes, so
// a lost answer leaves the caller unsure whether money moved. The records
// operations of the API tell:
//
//	UpdateCustomerAccountAmount, ReclaimToPartnerAccount,
//	UpdateIndirectPartnerAccount, ReclaimIndirectPartnerAccount
//	    ListPartnerAdjustRecords (account, operation type, amount, time, trans_id)
//	CreatePartnerCoupons, ReclaimPartnerCoupons
//	    ListPartnerCouponsRecord (customer, quota, coupon, amount, result, time)
//	UpdateCouponQuotas, ReclaimCouponQuotas
//	    ListCouponQuotasRecords (reseller, quota, parent quota, amount, result, time)
//
// # Matching
//
// A record matches when it agrees exactly with everything the request fixed:
// the account (customer or reseller), the operation type, the amount (as a
// decimal, never a float), the quota and coupon IDs, and for reclaimed quotas
// the remark; records whose result says the operation failed do not count.
// It must also lie in the window in which the request may have been applied,
// on the server's clock:
//
//   - when the failed answer carried a Date header (OutcomeUnknownError.ServerTime),
//     the window is that time plus or minus the attempt's duration, widened by
//     the server time margin (WithServerTimeMargin, default 1 minute, an
//     assumption: the docs do not say how far the clocks of Huawei's own
//     servers may differ);
//   - otherwise it is the attempt's start and end on this machine's clock,
//     widened on both sides by the clock skew (WithClockSkew, default 15
//     minutes: the API gateway rejects AK/SK-signed requests whose
//     X-Sdk-Date is further than that from its own clock, see
//     https://support.huaweicloud.com/devg-apisign/api-sign-provide01.html);
//
// and in both cases the end is extended by the settle delay.
//
// # When the answer is final
//
// The docs give no delay between a write and the moment its record can be
// listed. This package assumes a record is listed within the settle delay
// (WithSettleDelay, default 5 minutes) after the attempt ended. Reconcile
// therefore answers NotApplied (and Applied) only once that delay has passed:
// called earlier, it reads the records, and when the answer could still
// change it waits (honouring ctx) and reads them again every poll interval
// until the delay is over. Ambiguous is returned as soon as it is certain.
//
// # Assumptions and limits
//
// The caller must not run an identical write (same account, type, amount,
// ids) concurrently with the one being reconciled, nor within the window
// before it: two such writes leave two matching records and the answer is
// Ambiguous — this package never guesses which one belongs to the lost
// answer. Pass the IDs of records known to belong to other calls (their
// transfer IDs, coupon IDs or quota IDs) with Exclude to take them out.
//
// Writes with several effects (CreatePartnerCoupons issues one coupon per
// customer, UpdateCouponQuotas one quota per reseller, ReclaimCouponQuotas
// reclaims several quotas) are reconciled per effect, as the API itself
// reports them per effect: Result.Items has one Item per customer, reseller or
// quota, and the overall Outcome is PartiallyApplied when some were applied
// and some not.
//
// Writes that have no records operation cannot be reconciled here
// (*UnsupportedError); the README lists them.
package reconcile
