package signer

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"time"
)

// authorization is a parsed Authorization header.
type authorization struct {
	accessKey     string
	signedHeaders string
	names         []string
	signature     [sha256.Size]byte
}

// parseAuthorization parses
// "SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<hex>".
// The three parts may come in any order, separated by commas with optional
// spaces; each must appear exactly once.
func parseAuthorization(v string) (*authorization, error) {
	v = strings.TrimSpace(v)
	scheme, rest, ok := strings.Cut(v, " ")
	if scheme != Algorithm {
		if isToken(scheme) {
			return nil, newError("scheme "+quoteShort(scheme), ErrUnsupportedAlgorithm, ErrMalformedAuthorization)
		}
		return nil, newError("no "+Algorithm+" scheme", ErrMalformedAuthorization)
	}
	if !ok {
		return nil, newError("no credentials after the scheme", ErrMalformedAuthorization)
	}
	a := &authorization{}
	var seenAccess, seenSigned, seenSig bool
	for _, part := range strings.Split(rest, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, newError("part "+quoteShort(part)+" has no '='", ErrMalformedAuthorization)
		}
		var seen *bool
		switch name {
		case "Access":
			seen = &seenAccess
			if value == "" {
				return nil, newError("empty Access", ErrMalformedAuthorization)
			}
			a.accessKey = value
		case "SignedHeaders":
			seen = &seenSigned
			a.signedHeaders = value
		case "Signature":
			seen = &seenSig
			if len(value) != signatureLen {
				return nil, newError("Signature is not 64 hexadecimal digits", ErrMalformedAuthorization)
			}
			if _, err := hex.Decode(a.signature[:], []byte(value)); err != nil {
				return nil, newError("Signature is not 64 hexadecimal digits", ErrMalformedAuthorization)
			}
		default:
			return nil, newError("unknown part "+quoteShort(name), ErrMalformedAuthorization)
		}
		if *seen {
			return nil, newError("duplicate "+name, ErrMalformedAuthorization)
		}
		*seen = true
	}
	switch {
	case !seenAccess:
		return nil, newError("no Access", ErrMalformedAuthorization)
	case !seenSigned:
		return nil, newError("no SignedHeaders", ErrMalformedAuthorization)
	case !seenSig:
		return nil, newError("no Signature", ErrMalformedAuthorization)
	}
	a.names = strings.Split(a.signedHeaders, ";")
	hasDate := false
	for i, n := range a.names {
		if !isToken(n) || n != strings.ToLower(n) {
			return nil, newError("SignedHeaders has an invalid name "+quoteShort(n), ErrMalformedAuthorization)
		}
		if i > 0 && a.names[i-1] >= n {
			return nil, newError("SignedHeaders is not sorted or has duplicates at "+quoteShort(n), ErrMalformedAuthorization)
		}
		switch n {
		case "x-sdk-date":
			hasDate = true
		case "authorization":
			return nil, newError("SignedHeaders lists authorization", ErrMalformedAuthorization)
		}
	}
	if !hasDate {
		return nil, newError("SignedHeaders does not list x-sdk-date", ErrMalformedAuthorization)
	}
	return a, nil
}

// foldIndex lists the keys of a header map that have values, sorted by
// their lower-case form, so that names can be looked up ignoring case in
// logarithmic time whatever the number of headers.
type foldIndex []foldEntry

// foldEntry is one key of a header map and its values.
type foldEntry struct {
	key    string
	values []string
}

func newFoldIndex(h http.Header) foldIndex {
	ix := make(foldIndex, 0, len(h))
	for k, v := range h {
		if len(v) > 0 {
			ix = append(ix, foldEntry{key: k, values: v})
		}
	}
	slices.SortFunc(ix, func(a, b foldEntry) int { return compareFold(a.key, b.key) })
	return ix
}

// values returns the values of every key equal to lowerName ignoring case.
func (ix foldIndex) values(lowerName string) []string {
	i, found := slices.BinarySearchFunc(ix, lowerName, func(e foldEntry, name string) int { return compareFold(e.key, name) })
	if !found {
		return nil
	}
	out := ix[i].values
	for j := i + 1; j < len(ix) && compareFold(ix[j].key, lowerName) == 0; j++ {
		if j == i+1 {
			out = slices.Clip(out)
		}
		out = append(out, ix[j].values...)
	}
	return out
}

// Verify checks the SDK-HMAC-SHA256 signature of a received request and
// returns the access key that signed it. body must be the complete request
// body (read it before calling). lookup returns the secret key of an access
// key; now is the verifier's clock and maxSkew the largest allowed distance
// between X-Sdk-Date and now (DefaultMaxSkew if maxSkew <= 0).
//
// The canonical request is recomputed over exactly the headers listed in
// SignedHeaders, which must be lower case, sorted, free of duplicates and
// include x-sdk-date (the official SDK and Sign always produce such a list). A listed host header that
// is not in req.Header is taken from req.Host, because net/http servers move
// it there. The payload hash is the value of X-Sdk-Content-Sha256 when that
// header is signed, and the SHA-256 of body otherwise; a signed value other
// than UNSIGNED-PAYLOAD must equal the body's SHA-256. With UNSIGNED-PAYLOAD
// the body is not authenticated.
//
// Failures are reported with errors that match, in the order checked:
// ErrMissingAuthorization, ErrMalformedAuthorization (and
// ErrUnsupportedAlgorithm), ErrMissingDate, ErrMalformedDate, ErrClockSkew
// (with ErrStaleDate or ErrFutureDate), ErrUnknownAccessKey and
// ErrSignatureMismatch (with ErrPayloadHashMismatch, or as a
// *SignatureMismatchError). Signatures are compared in constant time. On
// error the returned access key is empty.
func Verify(req *http.Request, body []byte, lookup func(ak string) (sk string, ok bool), now time.Time, maxSkew time.Duration) (ak string, err error) {
	switch {
	case req == nil:
		return "", ErrNilRequest
	case req.URL == nil:
		return "", ErrNilURL
	case req.URL.Opaque != "":
		return "", ErrUnsupportedURL
	case lookup == nil:
		return "", ErrNilLookup
	}
	h := req.Header
	auths := headerValues(h, "authorization")
	switch len(auths) {
	case 0:
		return "", ErrMissingAuthorization
	case 1:
	default:
		return "", newError("more than one Authorization header", ErrMalformedAuthorization)
	}
	auth, err := parseAuthorization(auths[0])
	if err != nil {
		return "", err
	}

	dates := headerValues(h, "x-sdk-date")
	switch len(dates) {
	case 0:
		return "", ErrMissingDate
	case 1:
	default:
		return "", newError("more than one X-Sdk-Date header", ErrMalformedDate)
	}
	date := strings.TrimSpace(dates[0])
	t, perr := time.Parse(DateLayout, date)
	if perr != nil || len(date) != dateLen {
		return "", newError(quoteShort(date)+" does not match "+DateLayout, ErrMalformedDate)
	}
	if maxSkew <= 0 {
		maxSkew = DefaultMaxSkew
	}
	if t.Before(now.Add(-maxSkew)) {
		return "", newError(date+" is more than "+maxSkew.String()+" before "+now.UTC().Format(DateLayout), ErrStaleDate, ErrClockSkew)
	}
	if t.After(now.Add(maxSkew)) {
		return "", newError(date+" is more than "+maxSkew.String()+" after "+now.UTC().Format(DateLayout), ErrFutureDate, ErrClockSkew)
	}

	sk, ok := lookup(auth.accessKey)
	if !ok || sk == "" {
		return "", newError(quoteShort(auth.accessKey), ErrUnknownAccessKey)
	}

	// Recompute the canonical request over the listed headers.
	u := req.URL
	buf := make([]byte, 0, 512+3*(len(u.Path)+len(u.RawQuery)))
	buf = appendMethod(buf, req.Method)
	buf = append(buf, '\n')
	if buf, err = appendCanonicalURI(buf, u.EscapedPath()); err != nil {
		return "", err
	}
	buf = append(buf, '\n')
	if buf, err = appendCanonicalQuery(buf, u.RawQuery); err != nil {
		return "", err
	}
	buf = append(buf, '\n')
	var payloadValues []string
	index := newFoldIndex(h)
	for _, name := range auth.names {
		values := index.values(name)
		if len(values) == 0 && name == "host" && req.Host != "" {
			values = []string{req.Host}
		}
		if len(values) == 0 {
			return "", newError("signed header "+quoteShort(name)+" is not in the request", ErrSignatureMismatch)
		}
		if name == "x-sdk-content-sha256" {
			payloadValues = values
		}
		buf = appendHeaderLines(buf, name, values)
	}
	buf = append(buf, '\n')
	buf = append(buf, auth.signedHeaders...)
	buf = append(buf, '\n')
	if payloadValues != nil {
		v := minTrimmed(payloadValues)
		if v != UnsignedPayload {
			var x [sha256.Size * 2]byte
			if !strings.EqualFold(v, string(appendBodyHash(x[:0], body))) {
				return "", newError("access key "+quoteShort(auth.accessKey), ErrPayloadHashMismatch, ErrSignatureMismatch)
			}
		}
		buf = append(buf, v...)
	} else {
		buf = appendBodyHash(buf, body)
	}

	var d [dateLen]byte
	copy(d[:], date)
	var sts [stsLen]byte
	var sig [signatureLen]byte
	signCanonical(newHMACKey([]byte(sk)), &d, buf, &sts, &sig)
	var want [sha256.Size]byte
	_, _ = hex.Decode(want[:], sig[:])
	if !hmac.Equal(want[:], auth.signature[:]) {
		return "", &SignatureMismatchError{
			AccessKey:        auth.accessKey,
			SignedHeaders:    auth.signedHeaders,
			CanonicalRequest: string(buf),
			StringToSign:     string(sts[:]),
		}
	}
	return auth.accessKey, nil
}
