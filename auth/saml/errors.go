package saml

import (
	"errors"
	"net/http"
)

// Sentinel errors. Every rejection returned by this package wraps exactly one
// of them in an *Error, so callers branch with errors.Is and the HTTP handlers
// turn them into a status code with [HTTPStatus].
var (
	// ErrMalformed: a parameter is missing, badly encoded, or the XML or JSON
	// inside it cannot be read.
	ErrMalformed = errors.New("malformed message")
	// ErrTooLarge: an input exceeds one of the package's size limits.
	ErrTooLarge = errors.New("message too large")
	// ErrUnsigned: the message carries no signature or no signature algorithm.
	ErrUnsigned = errors.New("message is not signed")
	// ErrUnsupportedAlgorithm: the signature algorithm is not rsa-sha256.
	ErrUnsupportedAlgorithm = errors.New("unsupported signature algorithm")
	// ErrBadSignature: the signature does not verify with any signing
	// certificate of Huawei's SP metadata.
	ErrBadSignature = errors.New("signature verification failed")
	// ErrStale: the IssueInstant lies too far in the past or in the future.
	ErrStale = errors.New("message outside the accepted time window")
	// ErrReplayed: a request ID (or a notification) was already accepted once.
	ErrReplayed = errors.New("message was already used")
	// ErrMismatch: a signed message names another issuer, destination or
	// assertion consumer than the configured ones.
	ErrMismatch = errors.New("message does not match the configuration")
	// ErrMethod: the HTTP method is not the one the binding uses.
	ErrMethod = errors.New("HTTP method not allowed")
	// ErrMediaType: the request body is not application/x-www-form-urlencoded.
	ErrMediaType = errors.New("unsupported media type")
	// ErrInvalidCustomer: the Customer returned for a login breaks a limit
	// (see Customer.Validate).
	ErrInvalidCustomer = errors.New("invalid customer attributes")
	// ErrReplayStoreUnavailable: the replay store could not be asked
	// (Redis down, timed out). The message is rejected rather than risk
	// accepting a replay; the sender may retry.
	ErrReplayStoreUnavailable = errors.New("replay store unavailable")
	// ErrNotVerified: Respond was given an AuthnRequest that did not come from
	// ParseRequest of the same IdP.
	ErrNotVerified = errors.New("authentication request was not verified by this IdP")
)

// ErrHandled is returned by a CustomerFunc (or a BindFunc) that has already
// written the HTTP response itself, for example a redirect to the partner
// platform's login page. The handler then writes nothing more.
var ErrHandled = errors.New("saml: response already written by the callback")

// Error is a rejected or failed SAML message. Kind is one of the sentinel
// errors above; Detail is a short explanation that never contains keys,
// signatures, assertions or personal data.
type Error struct {
	Kind   error
	Detail string
	// Err is an underlying cause, such as a *core.ValidationError for
	// ErrInvalidCustomer; usually nil.
	Err error
}

// Error renders the kind and the detail.
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	kind := "error"
	if e.Kind != nil {
		kind = e.Kind.Error()
	}
	if e.Detail == "" {
		return "saml: " + kind
	}
	return "saml: " + kind + ": " + e.Detail
}

// Unwrap returns Kind and Err, so errors.Is(err, ErrBadSignature) and
// errors.As(err, &validationErr) both work.
func (e *Error) Unwrap() []error {
	if e == nil {
		return nil
	}
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func newError(kind error, detail string) *Error { return &Error{Kind: kind, Detail: detail} }

// storeError wraps a failure of the replay store. The store's own error
// text is kept in Err for logs and errors.As, not in Detail, so that the
// answer to the client does not describe the infrastructure.
func storeError(err error) *Error {
	return &Error{Kind: ErrReplayStoreUnavailable, Detail: "try again later", Err: err}
}

// HTTPStatus maps an error of this package to the status code its HTTP
// handlers answer with: 400 for malformed input and unsupported algorithms,
// 403 for unsigned, badly signed, stale, replayed or mismatched messages,
// 405 and 415 for the wrong method or media type, 413 for oversized input,
// 503 when the replay store is unavailable, and 500 for everything else.
func HTTPStatus(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, ErrMalformed), errors.Is(err, ErrUnsupportedAlgorithm):
		return http.StatusBadRequest
	case errors.Is(err, ErrUnsigned), errors.Is(err, ErrBadSignature),
		errors.Is(err, ErrStale), errors.Is(err, ErrReplayed), errors.Is(err, ErrMismatch):
		return http.StatusForbidden
	case errors.Is(err, ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrMethod):
		return http.StatusMethodNotAllowed
	case errors.Is(err, ErrMediaType):
		return http.StatusUnsupportedMediaType
	case errors.Is(err, ErrReplayStoreUnavailable):
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// ConfigError reports an unusable configuration passed to a constructor.
type ConfigError struct {
	Field  string
	Reason string
}

// Error names the field and the reason.
func (e *ConfigError) Error() string {
	return "saml: invalid " + e.Field + ": " + e.Reason
}

// writeError answers a rejected request. The body is the short, safe error
// text: it names the check that failed and nothing from the message.
// allow is the Allow header sent with a 405.
func writeError(w http.ResponseWriter, err error, allow string) {
	status := HTTPStatus(err)
	msg := "saml: internal error"
	var e *Error
	if errors.As(err, &e) && status != http.StatusInternalServerError {
		msg = e.Error()
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	if status == http.StatusMethodNotAllowed {
		h.Set("Allow", allow)
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg + "\n"))
}
