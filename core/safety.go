package core

import (
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
)

// Error codes behind the SDK's token refresh and idempotency-key handling.
const (
	// CodeTokenInvalid: the X-Auth-Token is invalid or expired (documented
	// with HTTP 401 or 403 in the error tables of the api-bpconsole pages).
	// Token credentials refresh the token and the request is sent once more.
	CodeTokenInvalid ErrorCode = "CBC.0154"
	// CodeDuplicateTransaction: the trans_id was used before (documented
	// for the enterprise multi-account transfers).
	CodeDuplicateTransaction ErrorCode = "CBC.99007009"
)

// TokenRejected reports whether the answer rejects the IAM token the request
// carried: error_code CBC.0154 (HTTP 401 or 403), or an HTTP 401 from the
// gateway. Such a request was refused before any processing.
func (e *APIError) TokenRejected() bool {
	if e == nil {
		return false
	}
	if normalizeGateway(e.Code) == string(CodeTokenInvalid) {
		return e.StatusCode == 401 || e.StatusCode == 403
	}
	return e.StatusCode == 401
}

// RedirectError is a 3xx answer. The SDK never follows a redirect: doing so
// would send the credential headers (X-Auth-Token, X-Security-Token,
// X-Domain-Id) to another host and could turn a write into a GET there. The
// API at the endpoint did not process the request; a proxy or gateway in
// between answered. Check the endpoint configuration.
type RedirectError struct {
	// Operation is the official operation name.
	Operation string
	// StatusCode is the 3xx status.
	StatusCode int
	// LocationHost is the host of the Location header ("" when absent or
	// unreadable). Only the host is kept: the rest of a Location may carry
	// tokens.
	LocationHost string
	// RequestID is the X-Request-Id header, if any.
	RequestID string
}

// NewRedirectError builds a RedirectError from a Location header value.
func NewRedirectError(op string, status int, requestID, location string) *RedirectError {
	e := &RedirectError{Operation: op, StatusCode: status, RequestID: requestID}
	if u, err := url.Parse(location); err == nil {
		e.LocationHost = u.Host
	}
	return e
}

// Error names the status and the host the server pointed to.
func (e *RedirectError) Error() string {
	var b strings.Builder
	b.WriteString("partnersdk: ")
	b.WriteString(e.Operation)
	b.WriteString(": HTTP ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	b.WriteString(" redirect")
	if e.LocationHost != "" {
		b.WriteString(" to host ")
		b.WriteString(e.LocationHost)
	}
	b.WriteString(" not followed")
	if e.RequestID != "" {
		b.WriteString(" (request id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// AlreadyAppliedError is returned by a write with an idempotency key
// (trans_id) when a retry was answered with the documented duplicate-key
// error (CBC.99007009): an earlier attempt of this call, whose answer was
// lost, was applied. Treat the operation as done; its response was not
// received, so read the state if the caller needs its result.
type AlreadyAppliedError struct {
	// Operation is the official operation name.
	Operation string
	// IdempotencyKey is the trans_id every attempt carried.
	IdempotencyKey string
	// Attempts is how many attempts the call made.
	Attempts int
	// Err is the duplicate-key answer of the last attempt.
	Err *APIError
}

// Error says the operation was applied by an earlier attempt.
func (e *AlreadyAppliedError) Error() string {
	return "partnersdk: " + e.Operation + ": applied by an earlier attempt (trans_id " + e.IdempotencyKey +
		"; attempt " + strconv.Itoa(e.Attempts) + " was answered as a duplicate): " + errString(e.Err)
}

// Unwrap returns the duplicate-key answer.
func (e *AlreadyAppliedError) Unwrap() error { return e.Err }

// NewIdempotencyKey returns a random version-4 UUID as 32 lower-case hex
// digits (no hyphens: the documented trans_id fields hold at most 32
// characters). The service methods of operations with a trans_id call it
// when the caller leaves the field empty.
func NewIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand fills b on every supported platform (from Go 1.24 it cannot fail)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return hex.EncodeToString(b[:])
}
