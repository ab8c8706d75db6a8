package core

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// ErrorCode is an error_code value of the API, such as "CBC.0100". An
// *APIError matches the code it carries with errors.Is:
//
//	errors.Is(err, core.CodeInvalidParameter)
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
	// CodeInsufficientBalance: the account to take the money from does not
	// hold enough. It is the group of every documented code of that kind
	// (CBC.5003 for partner funding, CBC.99005003 for reseller and
	// enterprise transfers): errors.Is(err, CodeInsufficientBalance).
	CodeInsufficientBalance = GroupInsufficientBalance
	// CodeTooManyRequests: the call was throttled.
	CodeTooManyRequests ErrorCode = "CBC.0250"
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

// Is matches an ErrorCode target against Code, and an ErrorGroup target
// against the group's documented codes. The gateway's two spellings
// "APIG.0301" and "APIGW.0301" count as one code.
func (e *APIError) Is(target error) bool {
	var c ErrorCode
	if errors.As(target, &c) {
		return normalizeGateway(string(c)) == normalizeGateway(e.Code)
	}
	var g ErrorGroup
	if errors.As(target, &g) {
		return inGroup(e.Code, g) || inGroup(normalizeGateway(e.Code), g)
	}
	return false
}

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

// Retryable reports whether the HTTP status is one after which a read may
// be sent again (429, 500, 502, 503, 504). The SDK resends reads on its own
// within its retry policy; writes are never resent on such answers.
func (e *APIError) Retryable() bool {
	if e == nil {
		return false
	}
	switch e.StatusCode {
	case 429, 500, 502, 503, 504:
		return true
	}
	return false
}

// OutcomeUnknownError is returned for a write (an operation that moves
// money, creates or changes something) when the request may have reached the
// server but no clear answer came back: a connection lost after sending, a
// timeout, a 5xx without a documented rejection code, or a 2xx answer that
// cannot be read. The SDK never resends such a request. Reconcile by reading
// the state (list the records, balances or coupons) before calling again;
// package reconcile does it for the writes that have a records operation.
//
// The fields below Err carry what reconciliation needs (package reconcile
// uses them): the request as the service sent it, the time window of the
// attempt that may have been applied, and the server's time when an answer
// told it. Error() prints none of them.
type OutcomeUnknownError struct {
	// Operation is the official operation name.
	Operation string
	// Attempts is how many times the request was tried (earlier attempts
	// that provably never left the machine included).
	Attempts int
	// Err is the cause: a network error, a context error, an *APIError or a
	// *DecodeError.
	Err error

	// Request is the request as the service method handed it to the
	// Caller; Request.Body is the typed request (for example
	// *partner.UpdateCustomerAccountAmountRequest).
	Request Request
	// AttemptStart and AttemptEnd bound, on this machine's clock, the
	// attempt that may have been applied: it was started at AttemptStart
	// and given up at AttemptEnd, so the server applied it (if at all)
	// between the two, give or take the clock difference between this
	// machine and the server.
	AttemptStart, AttemptEnd time.Time
	// ServerTime is the Date header of the answer to that attempt (zero
	// when no answer came, for example when the connection was lost). The
	// server stamped it while the attempt was in flight, so it ties the
	// window to the server's clock.
	ServerTime time.Time
	// RequestID is the X-Request-Id of that answer, "" when none came.
	RequestID string
	// IdempotencyKey is the trans_id the request carried, for the
	// operations that document one: calling again with the same key is
	// safe (the server rejects a second application as a duplicate).
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

// GoString is what %#v prints: the operation, attempts, cause, window,
// server time and request id, but not the request (its body may hold
// personal data or a password).
func (e *OutcomeUnknownError) GoString() string {
	if e == nil {
		return "(*core.OutcomeUnknownError)(nil)"
	}
	return "&core.OutcomeUnknownError{Operation:" + strconv.Quote(e.Operation) +
		", Attempts:" + strconv.Itoa(e.Attempts) +
		", Err:" + strconv.Quote(errString(e.Err)) +
		", AttemptStart:" + strconv.Quote(e.AttemptStart.Format(time.RFC3339Nano)) +
		", AttemptEnd:" + strconv.Quote(e.AttemptEnd.Format(time.RFC3339Nano)) +
		", ServerTime:" + strconv.Quote(e.ServerTime.Format(time.RFC3339)) +
		", RequestID:" + strconv.Quote(e.RequestID) +
		", IdempotencyKey:" + strconv.Quote(e.IdempotencyKey) + "}"
}

// RequestError is a failure to get any answer from the API for a read, or
// for a write that provably never reached the server (after the retries the
// policy allowed).
type RequestError struct {
	// Operation is the official operation name.
	Operation string
	// Attempts is how many attempts were made.
	Attempts int
	// Err is the cause of the last attempt's failure.
	Err error
}

// Error describes the failure.
func (e *RequestError) Error() string {
	return "partnersdk: " + e.Operation + ": request failed after " + strconv.Itoa(e.Attempts) + " attempt(s): " + errString(e.Err)
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// DecodeError is a 2xx answer to a read whose body could not be read as the
// expected JSON. (For a write the same failure is an *OutcomeUnknownError
// wrapping a DecodeError: nobody can tell from an unreadable answer whether
// the write was applied.)
type DecodeError struct {
	// Operation is the official operation name.
	Operation string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// RequestID is the X-Request-Id header.
	RequestID string
	// Err is the decoding failure.
	Err error
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

// Sentinel is the type of the SDK's constant error values; compare them
// with errors.Is.
type Sentinel string

// Error returns the message.
func (e Sentinel) Error() string { return string(e) }

const (
	// ErrResponseTooLarge is the cause when a response body exceeds the
	// configured size limit (partnersdk.WithMaxResponseBytes).
	ErrResponseTooLarge Sentinel = "partnersdk: response body exceeds the configured size limit"
	// ErrRetryBudgetExhausted is the cause when the client-wide retry budget
	// had no tokens left for another attempt.
	ErrRetryBudgetExhausted Sentinel = "partnersdk: client retry budget exhausted"
	// ErrNoProgress is yielded by an iterator when the server answers the
	// same page twice in a row (which would otherwise loop forever).
	ErrNoProgress Sentinel = "partnersdk: pagination made no progress: the server returned the same page again"
	// ErrPositionOverflow is yielded by an iterator when the next page would
	// start beyond the largest offset or page number the API accepts.
	ErrPositionOverflow Sentinel = "partnersdk: pagination stopped: next position exceeds the documented maximum"
)

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
