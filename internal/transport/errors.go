package transport

import (
	"errors"
	"strconv"
	"strings"
)

// ErrorCode is an error_code value of the API, such as "CBC.0100". The
// well-known codes are constants, and an *APIError matches them with
// errors.Is: errors.Is(err, transport.CodeInvalidParameter).
type ErrorCode string

// Error makes an ErrorCode usable as an errors.Is target.
func (c ErrorCode) Error() string { return "partnersdk: API error " + string(c) }

// Well-known error codes of the partner API and its gateway.
const (
	// CodeInvalidParameter: a parameter is missing or invalid.
	CodeInvalidParameter ErrorCode = "CBC.0100"
	// CodeInvalidParameterValue: a parameter value is out of its allowed set.
	CodeInvalidParameterValue ErrorCode = "CBC.0101"
	// CodeAccessDenied: the caller may not use this operation or object.
	CodeAccessDenied ErrorCode = "CBC.0150"
	// CodeAccessDeniedOther: access denied for another reason (for example
	// the customer is not associated with this partner).
	CodeAccessDeniedOther ErrorCode = "CBC.0151"
	// CodeInsufficientBalance: the account does not hold enough money.
	CodeInsufficientBalance ErrorCode = "CBC.0156"
	// CodeTooManyRequests: the call was throttled.
	CodeTooManyRequests ErrorCode = "CBC.0250"
	// CodeTokenInvalid: the X-Auth-Token is invalid or expired (documented
	// with HTTP 401 or 403 in the error tables of the api-bpconsole pages,
	// e.g. "查询商品价格" and "管理账单").
	CodeTokenInvalid ErrorCode = "CBC.0154"
	// CodeDuplicateTransaction: the trans_id was already used (documented
	// for the enterprise multi-account transfers, "交易事务ID重复").
	CodeDuplicateTransaction ErrorCode = "CBC.99007009"
	// CodeSystemError: an internal error on the server side.
	CodeSystemError ErrorCode = "CBC.0999"
	// CodeGatewayAuth: the gateway rejected the authentication (bad
	// signature, unknown key, expired token).
	CodeGatewayAuth ErrorCode = "APIGW.0301"
)

// APIError is an answer from the API that reports a failure: any non-2xx
// status, or a 2xx whose body carries a non-success error_code.
type APIError struct {
	// Operation is the official operation name, e.g. "CreatePartnerCoupons".
	Operation string
	// StatusCode is the HTTP status.
	StatusCode int
	// Code is the error_code of the body ("CBC.0100"), or "" when the body
	// had none (for example an HTML page from a proxy).
	Code string
	// Message is error_msg as sent by the server.
	Message string
	// RequestID is the X-Request-Id header; quote it to Huawei support.
	RequestID string
	// Body holds up to 4 KiB of the raw response body.
	Body []byte
}

// Error renders a one-line description.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("partnersdk: ")
	if e.Operation != "" {
		b.WriteString(e.Operation)
		b.WriteString(": ")
	}
	b.WriteString("HTTP ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// Is matches an ErrorCode target against Code.
func (e *APIError) Is(target error) bool {
	var c ErrorCode
	if errors.As(target, &c) {
		return normalizeGateway(string(c)) == normalizeGateway(e.Code)
	}
	return false
}

// normalizeGateway treats the two spellings the gateways use ("APIG.0301"
// and "APIGW.0301") as one code.
func normalizeGateway(code string) string {
	if strings.HasPrefix(code, "APIG.") {
		return "APIGW." + code[len("APIG."):]
	}
	return code
}

// ClockSkew reports whether the gateway rejected the signature because the
// request's X-Sdk-Date was too far from the server's time (it answers 401
// with APIGW.0301 and a message ending in "signature expired").
func (e *APIError) ClockSkew() bool {
	if e == nil || normalizeGateway(e.Code) != string(CodeGatewayAuth) {
		return false
	}
	m := strings.ToLower(e.Message)
	return strings.Contains(m, "signature expired") || strings.Contains(m, "request time")
}

// TokenRejected reports whether the answer rejects the IAM token the
// request carried: error_code CBC.0154, or an HTTP 401 from the gateway.
// Such a request was refused before any processing.
func (e *APIError) TokenRejected() bool {
	if e == nil {
		return false
	}
	if normalizeGateway(e.Code) == string(CodeTokenInvalid) {
		return e.StatusCode == 401 || e.StatusCode == 403
	}
	return e.StatusCode == 401
}

// Temporary reports whether the status is one that a read may retry.
func (e *APIError) Temporary() bool {
	switch e.StatusCode {
	case 429, 500, 502, 503, 504:
		return true
	}
	return false
}

// OutcomeUnknownError is returned for a write (an operation that moves
// money, creates or changes something) when the request may have reached the
// server but no clear answer came back: a connection lost after sending, a
// timeout, or a 5xx from a gateway. The SDK never resends such a request.
// Reconcile by reading the state (list the records, balances or coupons)
// before deciding to call again.
type OutcomeUnknownError struct {
	Operation string
	// Attempts is how many times the request was tried (earlier attempts
	// that provably never left the machine included).
	Attempts int
	// Err is the cause: a network error, a context error or an *APIError.
	Err error
	// IdempotencyKey is the trans_id the request carried, for operations
	// that have one: look the transaction up by it, or call again with the
	// same key (the server rejects a second application).
	IdempotencyKey string
}

// Error describes the uncertainty and its cause.
func (e *OutcomeUnknownError) Error() string {
	s := "partnersdk: " + e.Operation + ": outcome unknown, the request may have been applied; reconcile before retrying"
	if e.IdempotencyKey != "" {
		s += " (or call again with the same trans_id " + e.IdempotencyKey + ")"
	}
	return s + ": " + errString(e.Err)
}

// Unwrap returns the cause.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// RequestError is a failure to get any answer from the API for a read, or
// for a write that provably never reached the server (after the retries
// the policy allowed).
type RequestError struct {
	Operation string
	Attempts  int
	Err       error
}

// Error describes the failure.
func (e *RequestError) Error() string {
	return "partnersdk: " + e.Operation + ": request failed after " + strconv.Itoa(e.Attempts) + " attempt(s): " + errString(e.Err)
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// DecodeError is a 2xx answer whose body could not be read as the expected
// JSON. For a write it comes wrapped in an *OutcomeUnknownError: a 2xx
// status alone does not say the operation was applied (a proxy's page, or a
// body carrying an error_code that was cut short, look the same).
type DecodeError struct {
	Operation  string
	StatusCode int
	RequestID  string
	Err        error
}

// Error describes the decoding failure.
func (e *DecodeError) Error() string {
	s := "partnersdk: " + e.Operation + ": cannot decode HTTP " + strconv.Itoa(e.StatusCode) + " response: " + errString(e.Err)
	if e.RequestID != "" {
		s += " (request id " + e.RequestID + ")"
	}
	return s
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// sentinelError is a constant error value (no package variables needed).
type sentinelError string

func (e sentinelError) Error() string { return string(e) }

const (
	// errResponseTooLarge is the cause when a response body exceeds the
	// configured limit.
	errResponseTooLarge sentinelError = "response body exceeds the configured size limit"
	// errRetryBudget is the cause when the client-wide retry budget had no
	// tokens left for another attempt.
	errRetryBudget sentinelError = "client retry budget exhausted"
	// errHiddenResend is the cause when net/http or HTTP/2 tried to send
	// the request a second time within one attempt, after it may have
	// reached the server, and the SDK stopped it.
	errHiddenResend sentinelError = "the HTTP layer tried to resend the request after it may have reached the server; the SDK refused"
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
