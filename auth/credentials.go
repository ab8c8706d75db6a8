package auth

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Credentials authenticates one outgoing HTTP request.
//
// The SDK's transport calls Apply once per attempt, after the URL, the
// headers and the body bytes are final, and again on every retry. Apply
// therefore sets (replaces) the headers it owns and never appends to them.
// body is the exact byte slice that will be sent; Apply must not modify it
// and must not read req.Body.
//
// Every implementation in this package is safe for concurrent use.
type Credentials interface {
	Apply(ctx context.Context, req *http.Request, body []byte) error
}

// Invalidator is implemented by credentials that cache something obtained
// from IAM, such as a token. A transport that receives HTTP 401 for a request
// authenticated by such credentials can call Invalidate so that the next
// Apply fetches a fresh token instead of reusing the rejected one.
type Invalidator interface {
	Invalidate()
}

// ClockAdjuster is implemented by credentials whose signatures depend on the
// local clock (AK/SK). A transport that detects clock skew from a server's
// Date header can correct for it with SetClockOffset.
type ClockAdjuster interface {
	SetClockOffset(d time.Duration)
}

// Header names that credentials in this package set or read.
const (
	// HeaderAuthToken carries an IAM token on API requests.
	HeaderAuthToken = "X-Auth-Token"
	// HeaderSecurityToken carries the security token of temporary AK/SK
	// credentials. It is included in the signature.
	HeaderSecurityToken = "X-Security-Token"
	// HeaderDomainID carries the account (domain) ID for global services such
	// as BSS. It is included in the signature.
	HeaderDomainID = "X-Domain-Id"
	// HeaderSubjectToken is the IAM response header that holds a newly
	// issued token.
	HeaderSubjectToken = "X-Subject-Token"
	// HeaderRequestID is the response header with the ID that Huawei support
	// asks for when a call is investigated.
	HeaderRequestID = "X-Request-Id"

	headerAuthorization = "Authorization"
	headerSdkDate       = "X-Sdk-Date"
)

// IsSensitiveHeader reports whether a header carries secret material
// (signatures, tokens, security tokens) and must be masked before a request
// or response is logged or recorded. The name is matched case-insensitively.
func IsSensitiveHeader(name string) bool {
	switch http.CanonicalHeaderKey(name) {
	case headerAuthorization, HeaderAuthToken, HeaderSecurityToken, HeaderSubjectToken,
		"Proxy-Authorization", "Cookie", "Set-Cookie":
		return true
	}
	return false
}

// ErrNilCredentials is returned when a method is called on a nil credentials
// value or when a nil Credentials is passed where one is required.
var ErrNilCredentials = errors.New("auth: nil credentials")

// errNilRequest is returned by Apply when req is nil.
var errNilRequest = errors.New("auth: nil *http.Request")

// prepareRequest checks the arguments common to every Apply implementation
// and makes sure req.Header can be written.
func prepareRequest(ctx context.Context, req *http.Request) error {
	if req == nil {
		return errNilRequest
	}
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	return nil
}
