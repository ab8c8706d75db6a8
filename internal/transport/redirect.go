package transport

import (
	"net/url"
	"strconv"
)

// RedirectError is a 3xx answer. The SDK never follows a redirect: doing so
// would send the credential headers (X-Auth-Token, X-Security-Token,
// X-Domain-Id) to another host and could turn a write into a GET there.
// The request was not processed by the API at the endpoint; check the
// endpoint configuration (a proxy or gateway in between sends these).
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

func newRedirectError(op string, status int, requestID, location string) *RedirectError {
	e := &RedirectError{Operation: op, StatusCode: status, RequestID: requestID}
	if u, err := url.Parse(location); err == nil {
		e.LocationHost = u.Host
	}
	return e
}

// Error names the status and the host the server pointed to.
func (e *RedirectError) Error() string {
	s := "partnersdk: " + e.Operation + ": HTTP " + strconv.Itoa(e.StatusCode) + " redirect"
	if e.LocationHost != "" {
		s += " to host " + e.LocationHost
	}
	s += " not followed"
	if e.RequestID != "" {
		s += " (request id " + e.RequestID + ")"
	}
	return s
}

// ctxDoneError marks an attempt that did not start because its context was
// already done: nothing was sent.
type ctxDoneError struct{ err error }

func (e *ctxDoneError) Error() string { return e.err.Error() }
func (e *ctxDoneError) Unwrap() error { return e.err }
