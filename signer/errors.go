package signer

import "errors"

// Errors returned by Sign and Explain (Verify uses the request-related ones
// too). Compare them with errors.Is; the returned error may wrap one of them
// with more detail.
var (
	// ErrNilSigner is returned when a method is called on a nil *Signer.
	ErrNilSigner = errors.New("signer: nil *Signer")
	// ErrEmptyAccessKey is returned when the access key (AK) is empty.
	ErrEmptyAccessKey = errors.New("signer: access key (AK) is required")
	// ErrInvalidAccessKey is returned when the access key contains a comma,
	// white space or a control character, any of which would corrupt the
	// Authorization header.
	ErrInvalidAccessKey = errors.New("signer: access key (AK) contains a comma, white space or a control character")
	// ErrEmptySecretKey is returned when the secret key (SK) is empty.
	ErrEmptySecretKey = errors.New("signer: secret key (SK) is required")
	// ErrNilRequest is returned for a nil *http.Request.
	ErrNilRequest = errors.New("signer: nil *http.Request")
	// ErrNilURL is returned when the request has no URL.
	ErrNilURL = errors.New("signer: request has a nil URL")
	// ErrUnsupportedURL is returned for an opaque URL (url.URL.Opaque set),
	// whose path on the wire cannot be derived reliably.
	ErrUnsupportedURL = errors.New("signer: opaque request URLs are not supported")
	// ErrInvalidEscape is returned when the path or the query string holds
	// a '%' that is not followed by two hexadecimal digits.
	ErrInvalidEscape = errors.New("signer: invalid percent-encoding")
	// ErrInvalidHeaderName is returned when a header that would be signed
	// has a name that is not a valid HTTP token.
	ErrInvalidHeaderName = errors.New("signer: invalid header field name")
	// ErrInvalidTime is returned when the signing time cannot be written as
	// a four-digit-year X-Sdk-Date.
	ErrInvalidTime = errors.New("signer: signing time is outside the years 0000-9999")
)

// Errors returned by Verify. Compare them with errors.Is. Their messages
// never contain a secret key or the signature the server expected.
var (
	// ErrNilLookup is returned when Verify is given a nil lookup function.
	ErrNilLookup = errors.New("signer: nil secret key lookup function")
	// ErrMissingAuthorization means the request has no Authorization header.
	ErrMissingAuthorization = errors.New("signer: missing Authorization header")
	// ErrMalformedAuthorization means the Authorization header could not be
	// parsed, or lacks a required part.
	ErrMalformedAuthorization = errors.New("signer: malformed Authorization header")
	// ErrUnsupportedAlgorithm means the Authorization header names a scheme
	// other than SDK-HMAC-SHA256. Such an error also matches
	// ErrMalformedAuthorization.
	ErrUnsupportedAlgorithm = errors.New("signer: unsupported signing algorithm")
	// ErrMissingDate means the request has no X-Sdk-Date header.
	ErrMissingDate = errors.New("signer: missing X-Sdk-Date header")
	// ErrMalformedDate means X-Sdk-Date is not in the form 20060102T150405Z
	// or appears more than once.
	ErrMalformedDate = errors.New("signer: malformed X-Sdk-Date header")
	// ErrClockSkew means X-Sdk-Date is further than the allowed skew from the
	// verifier's clock. Errors matching it also match ErrStaleDate or
	// ErrFutureDate.
	ErrClockSkew = errors.New("signer: X-Sdk-Date outside the allowed clock skew")
	// ErrStaleDate means X-Sdk-Date lies too far in the past.
	ErrStaleDate = errors.New("signer: X-Sdk-Date is too old")
	// ErrFutureDate means X-Sdk-Date lies too far in the future.
	ErrFutureDate = errors.New("signer: X-Sdk-Date is in the future")
	// ErrUnknownAccessKey means the lookup function did not know the access
	// key, or returned an empty secret key for it.
	ErrUnknownAccessKey = errors.New("signer: unknown access key")
	// ErrSignatureMismatch means the recomputed signature differs from the
	// one in the Authorization header (or a signed header is missing). Use
	// errors.As with *SignatureMismatchError to see the server's canonical
	// request.
	ErrSignatureMismatch = errors.New("signer: signature mismatch")
	// ErrPayloadHashMismatch means a signed X-Sdk-Content-Sha256 header
	// holds a hash that is neither UNSIGNED-PAYLOAD nor the SHA-256 of the
	// body. Such an error also matches ErrSignatureMismatch.
	ErrPayloadHashMismatch = errors.New("signer: X-Sdk-Content-Sha256 does not match the body")
)

// detailError carries a message with detail and one or more sentinel errors
// that errors.Is can find.
type detailError struct {
	msg   string
	kinds []error
}

func (e *detailError) Error() string   { return e.msg }
func (e *detailError) Unwrap() []error { return e.kinds }

// newError returns an error whose message is the first sentinel's message
// followed by detail, and which matches every given sentinel.
func newError(detail string, kinds ...error) error {
	msg := kinds[0].Error()
	if detail != "" {
		msg += ": " + detail
	}
	return &detailError{msg: msg, kinds: kinds}
}

// SignatureMismatchError is the detailed form of ErrSignatureMismatch that
// Verify returns when the signatures differ. It holds what the verifier
// computed so that it can be compared with the client's Explain output; it
// never holds the secret key or the expected signature.
type SignatureMismatchError struct {
	// AccessKey is the access key named in the Authorization header.
	AccessKey string
	// SignedHeaders is the SignedHeaders list from the Authorization header.
	SignedHeaders string
	// CanonicalRequest is the canonical request the verifier computed. It
	// holds the values of the signed headers (X-Security-Token, for one), so
	// log or return it only where those headers may be shown.
	CanonicalRequest string
	// StringToSign is the string to sign the verifier computed.
	StringToSign string
}

// Error describes the mismatch without the canonical request, which can be
// long; read the fields for that.
func (e *SignatureMismatchError) Error() string {
	return ErrSignatureMismatch.Error() + " for access key " + quoteShort(e.AccessKey) +
		" (SignedHeaders=" + quoteShort(e.SignedHeaders) + "); compare the client's canonical request with CanonicalRequest"
}

// Is reports whether target is ErrSignatureMismatch.
func (e *SignatureMismatchError) Is(target error) bool { return target == ErrSignatureMismatch }
