package transport

import (
	"errors"

	"github.com/hcpartner/partner-sdk-go/core"
)

// The error types are defined in the public package core; the aliases keep
// the transport's code short.
type (
	ErrorCode           = core.ErrorCode
	APIError            = core.APIError
	OutcomeUnknownError = core.OutcomeUnknownError
	RequestError        = core.RequestError
	DecodeError         = core.DecodeError
	RedirectError       = core.RedirectError
	AlreadyAppliedError = core.AlreadyAppliedError
)

const (
	errResponseTooLarge = core.ErrResponseTooLarge
	errRetryBudget      = core.ErrRetryBudgetExhausted
	// errHiddenResend is the cause when net/http or HTTP/2 tried to send
	// the request a second time within one attempt, after it may have
	// reached the server, and the SDK stopped it.
	errHiddenResend = core.Sentinel("partnersdk: the HTTP layer tried to resend the request after it may have reached the server; the SDK refused")
)

// IsResponseTooLarge reports whether err comes from a response over the size
// limit.
func IsResponseTooLarge(err error) bool { return errors.Is(err, errResponseTooLarge) }

// IsRetryBudgetExhausted reports whether retries stopped because the
// client-wide retry budget was empty.
func IsRetryBudgetExhausted(err error) bool { return errors.Is(err, errRetryBudget) }

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
