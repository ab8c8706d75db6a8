package partnersdk

import (
	"github.com/hcpartner/partner-sdk-go/internal/transport"
	"github.com/hcpartner/partner-sdk-go/internal/validate"
)

// APIError is an answer of the API that reports a failure (HTTP status,
// error_code such as "CBC.0100", error_msg and request id). Use errors.As to
// read it and errors.Is with an ErrorCode to match a code.
type APIError = transport.APIError

// ErrorCode is an error_code value of the API usable with errors.Is.
type ErrorCode = transport.ErrorCode

// Well-known error codes.
const (
	CodeInvalidParameter      = transport.CodeInvalidParameter
	CodeInvalidParameterValue = transport.CodeInvalidParameterValue
	CodeAccessDenied          = transport.CodeAccessDenied
	CodeAccessDeniedOther     = transport.CodeAccessDeniedOther
	CodeInsufficientBalance   = transport.CodeInsufficientBalance
	CodeTooManyRequests       = transport.CodeTooManyRequests
	CodeTokenInvalid          = transport.CodeTokenInvalid
	CodeDuplicateTransaction  = transport.CodeDuplicateTransaction
	CodeSystemError           = transport.CodeSystemError
	CodeGatewayAuth           = transport.CodeGatewayAuth
)

// ValidationError reports every documented limit a request broke. Nothing
// was sent.
type ValidationError = validate.Error

// Violation is one broken limit inside a ValidationError.
type Violation = validate.Violation

// OutcomeUnknownError is returned by a write (funds, coupons, orders,
// renewals, creations) whose request may have reached the server without a
// clear answer. The SDK never resends it; reconcile by reading state first.
type OutcomeUnknownError = transport.OutcomeUnknownError

// RequestError is a failure to get an answer (connection errors, timeouts)
// after the retries the policy allowed.
type RequestError = transport.RequestError

// DecodeError is a successful HTTP answer whose body could not be decoded.
// For a write it arrives wrapped in an OutcomeUnknownError.
type DecodeError = transport.DecodeError

// AlreadyAppliedError is returned by a write with an idempotency key
// (trans_id) when a retry was answered as a duplicate: an earlier attempt,
// whose answer was lost, was applied. Treat the operation as done.
type AlreadyAppliedError = transport.AlreadyAppliedError

// RedirectError is a 3xx answer: the SDK never follows redirects (no
// credential reaches another host, no write turns into a GET).
type RedirectError = transport.RedirectError

// ResponseMetadata describes the HTTP exchange of a successful call; every
// response has it in its Metadata field.
type ResponseMetadata = transport.Metadata

// ConfigError reports an invalid client option.
type ConfigError struct {
	Field  string
	Reason string
}

// Error describes the invalid option.
func (e *ConfigError) Error() string { return "partnersdk: invalid " + e.Field + ": " + e.Reason }
