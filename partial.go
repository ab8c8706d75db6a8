package partnersdk

import "github.com/hcpartner/partner-sdk-go/core"

// PartialError is returned together with the response by a batch write
// (CreatePartnerCoupons, UpdateCouponQuotas, ReclaimCouponQuotas,
// UpdatePeriodToOnDemand) that the API answered with HTTP 200 although some
// items failed. The items it lists were not applied; the others were. Read
// it with errors.As; errors.Is with a code or group matches the failed
// items' codes.
type PartialError = core.PartialError

// FailedItem is one failed item of a PartialError.
type FailedItem = core.FailedItem

// ErrorGroup is an errors.Is target matching every documented code of one
// kind (GroupInsufficientBalance, GroupInProgress, ...).
type ErrorGroup = core.ErrorGroup

// ErrorClass says what a documented error code means for the request;
// APIError.Class returns it.
type ErrorClass = core.ErrorClass

// Error classes of the documented codes.
const (
	// ClassRejected: refused, nothing was applied.
	ClassRejected = core.ClassRejected
	// ClassRetryable: refused for now (in progress, throttled), nothing
	// was applied; the same request may be sent again later.
	ClassRetryable = core.ClassRetryable
	// ClassAuth: credentials or permissions refused it, nothing was
	// applied.
	ClassAuth = core.ClassAuth
	// ClassUnknown: the documentation does not say whether it was applied.
	ClassUnknown = core.ClassUnknown
)

// WaitOptions tune the polling of the WaitUntil... methods (pause after
// the first poll, its cap, and an optional poll limit).
type WaitOptions = core.WaitOptions

// WaitError is returned by a WaitUntil... method that stopped before the
// awaited state: the context ended or the poll limit was reached.
type WaitError = core.WaitError
