package partnersdk

import "github.com/hcpartner/partner-sdk-go/core"

// The error types of the SDK are defined in package core and re-exported
// here, so that most programs import only partnersdk and the services.
type (
	// APIError is an answer of the API that reports a failure (HTTP
	// status, error_code such as "CBC.0100", error_msg and request id).
	// Use errors.As to read it and errors.Is with an ErrorCode to match a
	// code.
	APIError = core.APIError
	// ErrorCode is an error_code value of the API usable with errors.Is.
	ErrorCode = core.ErrorCode
	// ValidationError reports every documented limit a request broke.
	// Nothing was sent.
	ValidationError = core.ValidationError
	// Violation is one broken limit inside a ValidationError.
	Violation = core.Violation
	// Rule names the kind of limit a Violation reports.
	Rule = core.Rule
	// OutcomeUnknownError is returned by a write (funds, coupons, orders,
	// renewals, creations) whose request may have reached the server
	// without a clear answer. The SDK never resends it; reconcile by
	// reading state first (package reconcile does it for the funding,
	// reclaim, coupon and quota writes).
	OutcomeUnknownError = core.OutcomeUnknownError
	// RequestError is a failure to get an answer (connection errors,
	// timeouts) after the retries the policy allowed.
	RequestError = core.RequestError
	// DecodeError is a successful HTTP answer to a read whose body could
	// not be decoded.
	DecodeError = core.DecodeError
	// AlreadyAppliedError is returned by a write with an idempotency key
	// (trans_id) when a retry was answered as a duplicate: an earlier
	// attempt, whose answer was lost, was applied. Treat it as done.
	AlreadyAppliedError = core.AlreadyAppliedError
	// RedirectError is a 3xx answer: the SDK never follows redirects (no
	// credential reaches another host, no write turns into a GET).
	RedirectError = core.RedirectError
	// ResponseMetadata describes the HTTP exchange of a successful call;
	// every response has it in its Metadata field.
	ResponseMetadata = core.Metadata
)

// Well-known error codes (see core for their meaning).
const (
	CodeInvalidParameter      = core.CodeInvalidParameter
	CodeInvalidParameterValue = core.CodeInvalidParameterValue
	CodeAccessDenied          = core.CodeAccessDenied
	CodeAccessDeniedOther     = core.CodeAccessDeniedOther
	CodeInsufficientBalance   = core.CodeInsufficientBalance
	CodeTooManyRequests       = core.CodeTooManyRequests
	CodeSystemError           = core.CodeSystemError
	CodeGatewayAuth           = core.CodeGatewayAuth
	CodeTokenInvalid          = core.CodeTokenInvalid
	CodeDuplicateTransaction  = core.CodeDuplicateTransaction
)

// The rules a Violation can report (see core).
const (
	RuleRequired    = core.RuleRequired
	RuleMaxLength   = core.RuleMaxLength
	RuleMinLength   = core.RuleMinLength
	RuleRange       = core.RuleRange
	RuleMaxItems    = core.RuleMaxItems
	RuleEnum        = core.RuleEnum
	RuleMoneyScale  = core.RuleMoneyScale
	RuleMoneySign   = core.RuleMoneySign
	RuleFormat      = core.RuleFormat
	RulePathSegment = core.RulePathSegment
	RuleNotOnSite   = core.RuleNotOnSite
	// Cross-field and pattern rules: one violation names both fields.
	RuleRequiredIf   = core.RuleRequiredIf
	RuleAbsentUnless = core.RuleAbsentUnless
	RuleRangeIf      = core.RuleRangeIf
	RuleTogether     = core.RuleTogether
	RulePattern      = core.RulePattern
	RulePassword     = core.RulePassword
)

// Constant errors, compared with errors.Is (see core).
const (
	ErrResponseTooLarge     = core.ErrResponseTooLarge
	ErrRetryBudgetExhausted = core.ErrRetryBudgetExhausted
	ErrNoProgress           = core.ErrNoProgress
	ErrPositionOverflow     = core.ErrPositionOverflow
)

// ConfigError reports an invalid client option: Field names the option
// (for example "WithEndpoint") and Reason what is wrong with it.
type ConfigError struct {
	Field  string
	Reason string
}

// Error describes the invalid option.
func (e *ConfigError) Error() string { return "partnersdk: invalid " + e.Field + ": " + e.Reason }
