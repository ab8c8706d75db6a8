package transport

import "github.com/hcpartner/partner-sdk-go/core"

// The documented classes of error codes (see core).
type (
	ErrorClass = core.ErrorClass
	ErrorGroup = core.ErrorGroup
)

const (
	ClassRejected  = core.ClassRejected
	ClassRetryable = core.ClassRetryable
	ClassAuth      = core.ClassAuth
	ClassUnknown   = core.ClassUnknown
)

// writeOutcomeKnown reports whether a write whose last attempt was
// answered with apiErr at a 5xx status is known not to have been applied,
// so the caller gets the *APIError instead of an *OutcomeUnknownError.
// Unknown codes and codes of class unknown keep the outcome unknown.
func writeOutcomeKnown(apiErr *APIError) bool {
	return apiErr != nil && apiErr.NotApplied()
}

// retryableRefusal reports whether an answer is a documented "not applied,
// try again later" refusal (in progress, throttled). Such an answer may be
// retried with backoff even for a write, whatever its HTTP status.
func retryableRefusal(apiErr *APIError) bool {
	return apiErr != nil && apiErr.Class() == ClassRetryable
}

// retryAPIError reports whether an error answer may be retried: documented
// retryable refusals always, documented rejections and auth failures never
// (another attempt gets the same answer), other answers when their status
// is temporary (429, 500, 502, 503, 504).
func retryAPIError(e *APIError) bool {
	switch e.Class() {
	case ClassRetryable:
		return true
	case ClassRejected, ClassAuth:
		return false
	}
	return e.Retryable()
}

// mayHaveApplied reports whether a failed attempt of a write may have been
// applied: it may have reached the server and no answer says it was not
// (a 4xx, or a 5xx with a documented not-applied code, says so).
func mayHaveApplied(op *Operation, res *result) bool {
	if !op.Write || !res.sent {
		return false
	}
	if res.apiErr == nil {
		return true
	}
	return res.apiErr.StatusCode >= 500 && !writeOutcomeKnown(res.apiErr)
}
