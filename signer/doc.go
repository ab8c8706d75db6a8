// Package signer signs and verifies HTTP requests with SDK-HMAC-SHA256, the
// AK/SK scheme of Huawei Cloud APIs, producing byte for byte what the
// official Huawei Cloud Go SDK produces.
//
// # The algorithm
//
// Signing builds a canonical request of six lines:
//
//	METHOD
//	canonical URI     each path segment decoded, re-encoded with Escape, ending in '/'
//	canonical query   decoded pairs sorted by raw bytes, written as Escape(k)=Escape(v) joined by '&'
//	canonical headers one "name:value" line per signed header, lower-case names in sorted order
//	signed headers    the lower-case names joined by ';'
//	payload hash      hex SHA-256 of the body, or the X-Sdk-Content-Sha256 value
//
// (the header block ends with its own newline, so an empty line precedes
// the signed headers). Every header is signed except Content-Type and names
// containing '_'; X-Sdk-Date, the signing time in UTC, is always signed.
// When Content-Type is set and contains neither "application/json" nor
// "application/bson", X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD is added and
// the body is not signed. The string to sign is
//
//	SDK-HMAC-SHA256 "\n" X-Sdk-Date "\n" hex(SHA-256(canonical request))
//
// and the signature is the hex HMAC-SHA256 of it keyed directly with the
// secret key (there is no key derivation). The request then carries
//
//	Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, Signature=<hex>
//
// Signer.Sign applies all of this to an *http.Request; Verify is the
// server-side check.
//
// # Debugging a rejected signature
//
// When a server answers that the signature does not match, call
// Signer.Explain with the same request, body and time that were passed to
// Sign. It returns the canonical request, the string to sign and the other
// intermediate values without touching the request. Compare
// Result.CanonicalRequest line by line with the canonical request the
// server computed, if it reports one (Verify returns it in a
// *SignatureMismatchError). The usual culprits are a header changed after
// signing (a proxy adding or rewriting a signed header), a Host header that
// differs from the host actually sent, a body other than the one that was
// signed, a path or query encoded differently than the signer assumed, and
// a client clock further from the server's than it allows (Verify's default
// is 15 minutes).
package signer
