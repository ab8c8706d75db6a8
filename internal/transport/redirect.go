package transport

import "github.com/hcpartner/partner-sdk-go/core"

func newRedirectError(op string, status int, requestID, location string) *RedirectError {
	return core.NewRedirectError(op, status, requestID, location)
}

// ctxDoneError marks an attempt that did not start because its context was
// already done: nothing was sent.
type ctxDoneError struct{ err error }

func (e *ctxDoneError) Error() string { return e.err.Error() }
func (e *ctxDoneError) Unwrap() error { return e.err }
