package signer

import (
	"bytes"
	"crypto/sha256"
	"encoding"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Names and constants of the SDK-HMAC-SHA256 scheme.
const (
	// Algorithm is the scheme name that starts the Authorization header and
	// the first line of the string to sign.
	Algorithm = "SDK-HMAC-SHA256"
	// DateLayout is the time layout of the X-Sdk-Date header (always UTC).
	DateLayout = "20060102T150405Z"
	// HeaderDate is the header that carries the signing time.
	HeaderDate = "X-Sdk-Date"
	// HeaderAuthorization is the header that carries the signature.
	HeaderAuthorization = "Authorization"
	// HeaderContentSha256 is the header that, when present, replaces the
	// SHA-256 of the body in the canonical request.
	HeaderContentSha256 = "X-Sdk-Content-Sha256"
	// UnsignedPayload is the X-Sdk-Content-Sha256 value that Sign sets when
	// the Content-Type is neither JSON nor BSON: the body is then not
	// covered by the signature.
	UnsignedPayload = "UNSIGNED-PAYLOAD"
	// DefaultMaxSkew is the clock skew Verify allows when given a
	// non-positive maxSkew.
	DefaultMaxSkew = 15 * time.Minute
)

const (
	redacted     = "[REDACTED]"
	authPrefix   = Algorithm + " Access="
	authSigned   = ", SignedHeaders="
	authSig      = ", Signature="
	dateLen      = len(DateLayout)
	stsLen       = len(Algorithm) + 1 + dateLen + 1 + sha256.Size*2
	signatureLen = sha256.Size * 2
)

// hmacKey holds the secret key as the two padded blocks of HMAC (RFC 2104:
// the key, hashed first when longer than a block, XOR ipad and XOR opad),
// computed once, and the SHA-256 states after hashing each of them, so that
// signing hashes only what it must and allocates nothing. It lives behind a
// pointer so that printing a struct that holds a Signer shows an address,
// never key material.
type hmacKey struct {
	ipad, opad [sha256.BlockSize]byte
	// inner and outer are the marshaled SHA-256 states after ipad and
	// opad (nil if the hash cannot marshal its state).
	inner, outer []byte
}

// newHMACKey derives the padded blocks of key; it returns nil for an empty
// key.
func newHMACKey(key []byte) *hmacKey {
	if len(key) == 0 {
		return nil
	}
	var k0 [sha256.BlockSize]byte
	if len(key) > sha256.BlockSize {
		sum := sha256.Sum256(key)
		copy(k0[:], sum[:])
	} else {
		copy(k0[:], key)
	}
	h := &hmacKey{}
	for i, b := range k0 {
		h.ipad[i] = b ^ 0x36
		h.opad[i] = b ^ 0x5c
	}
	h.inner, h.outer = padState(h.ipad[:]), padState(h.opad[:])
	if h.inner == nil || h.outer == nil {
		h.inner, h.outer = nil, nil
	}
	return h
}

// padState returns the marshaled SHA-256 state after hashing pad, or nil.
func padState(pad []byte) []byte {
	d := sha256.New()
	_, _ = d.Write(pad)
	m, ok := d.(encoding.BinaryMarshaler)
	if !ok {
		return nil
	}
	state, err := m.MarshalBinary()
	if err != nil {
		return nil
	}
	return state
}

// sumSTS returns HMAC-SHA256(key, sts) for a string to sign:
// SHA-256(key^opad || SHA-256(key^ipad || sts)). It resumes from the
// states after the padded blocks, on the stack.
func (h *hmacKey) sumSTS(sts *[stsLen]byte) [sha256.Size]byte {
	if h.inner != nil {
		var inner, out [sha256.Size]byte
		if resumeSum(h.inner, sts[:], &inner) && resumeSum(h.outer, inner[:], &out) {
			return out
		}
	}
	var in [sha256.BlockSize + stsLen]byte
	copy(in[:], h.ipad[:])
	copy(in[sha256.BlockSize:], sts[:])
	inner := sha256.Sum256(in[:])
	var out [sha256.BlockSize + sha256.Size]byte
	copy(out[:], h.opad[:])
	copy(out[sha256.BlockSize:], inner[:])
	return sha256.Sum256(out[:])
}

// resumeSum writes into sum the SHA-256 of the bytes hashed into state
// followed by data; it reports false if the state cannot be restored.
func resumeSum(state, data []byte, sum *[sha256.Size]byte) bool {
	d := sha256.New()
	u, ok := d.(encoding.BinaryUnmarshaler)
	if !ok || u.UnmarshalBinary(state) != nil {
		return false
	}
	_, _ = d.Write(data)
	d.Sum(sum[:0])
	return true
}

// Signer signs HTTP requests with an access key (AK) and secret key (SK)
// using SDK-HMAC-SHA256. Create it with New. A Signer is immutable and safe
// for concurrent use; printing or logging it shows the AK only.
type Signer struct {
	ak    string
	badAK bool     // ak cannot be written into the Authorization header
	sk    *hmacKey // nil when the secret key is empty
}

// New returns a Signer for the given access key and secret key. The keys
// are checked when signing, so an empty AK or SK makes Sign and Explain
// return ErrEmptyAccessKey or ErrEmptySecretKey.
func New(ak, sk string) *Signer {
	return &Signer{ak: ak, badAK: !validAccessKey(ak), sk: newHMACKey([]byte(sk))}
}

// AccessKey returns the access key (AK) the Signer was created with.
func (s *Signer) AccessKey() string {
	if s == nil {
		return ""
	}
	return s.ak
}

// String describes the Signer by its access key; the secret key is
// replaced by a redaction marker.
func (s *Signer) String() string {
	if s == nil {
		return "Signer(nil)"
	}
	return "Signer(AK=" + s.ak + ", SK=" + redacted + ")"
}

// GoString is used by the %#v verb and, like String, hides the secret key.
func (s *Signer) GoString() string {
	if s == nil {
		return "(*signer.Signer)(nil)"
	}
	return "&signer.Signer{AK:" + strconv.Quote(s.ak) + ", SK:" + strconv.Quote(redacted) + "}"
}

// Format makes every fmt verb print String (or GoString for %#v), so that
// no verb can reach the secret key.
func (s *Signer) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = f.Write([]byte(s.GoString()))
	case verb == 'q':
		_, _ = f.Write([]byte(strconv.Quote(s.String())))
	default:
		_, _ = f.Write([]byte(s.String()))
	}
}

// LogValue implements slog.LogValuer: it logs the access key and a
// redaction marker in place of the secret key.
func (s *Signer) LogValue() slog.Value {
	if s == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(slog.String("ak", s.ak), slog.String("sk", redacted))
}

// Result holds every intermediate value of a signature. Explain returns it
// to help find out why a server rejected a signature: compare
// CanonicalRequest with the canonical request the server reports.
type Result struct {
	// Date is the X-Sdk-Date value, the signing time in UTC.
	Date string
	// CanonicalRequest is the text whose SHA-256 is signed (step 8).
	CanonicalRequest string
	// StringToSign is the text the HMAC is computed over (step 9).
	StringToSign string
	// SignedHeaders is the ';'-separated list of signed header names.
	SignedHeaders string
	// PayloadHash is the last line of the canonical request: the hex SHA-256
	// of the body or the value of X-Sdk-Content-Sha256.
	PayloadHash string
	// Signature is the lower-case hex HMAC-SHA256 of StringToSign.
	Signature string
	// Authorization is the value Sign puts in the Authorization header.
	Authorization string
	// UnsignedPayload is true when the Content-Type makes Sign set
	// X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD, so that the body is not signed.
	UnsignedPayload bool
}

// header kinds in a signature: a header of the request, or one that Sign
// adds.
const (
	kindRequest = iota
	kindDate
	kindUnsigned
)

// signHeader is a header that will be signed.
type signHeader struct {
	start, end int // the lower-case name is names[start:end] in compute
	values     []string
	kind       int
}

// computation is the outcome of signing, kept on the caller's stack.
type computation struct {
	date         [dateLen]byte
	signedStart  int // canonical[signedStart:signedEnd] is the SignedHeaders list
	signedEnd    int
	payloadStart int // canonical[payloadStart:] is the payload hash
	unsigned     bool
	// stale is set when req.Header holds Authorization, X-Sdk-Date or
	// (unsigned) X-Sdk-Content-Sha256 under a key in other than canonical
	// case, which Sign must then delete.
	stale        bool
	stringToSign [stsLen]byte
	signature    [signatureLen]byte
}

// Sign signs req with SDK-HMAC-SHA256 for the time at and the body bytes
// that will be sent. It sets X-Sdk-Date and Authorization on req.Header and,
// when the Content-Type is set and is neither JSON nor BSON, also
// X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD.
//
// Sign uses only its arguments: it reads neither the clock nor req.Body.
// Existing Authorization and X-Sdk-Date headers are replaced and are not
// signed, so signing a request again (for a retry) gives the same result as
// signing it fresh. req is not modified when an error is returned.
//
// Every header in req.Header is signed except Content-Type (any name
// starting with "content-type") and names containing '_'. The Host header
// is signed only when req.Header has a Host key; req.Host is ignored. The
// net/http client sends req.Host (or the URL's host) rather than a Host key
// of req.Header and writes its own Content-Length and Transfer-Encoding, so
// a Host header must equal the host sent, and those two headers should not
// be in req.Header, or the server will compute a different signature. A header with several values,
// or several keys that differ only in case, gives one canonical line per
// value, the trimmed values sorted by their bytes (as the official SDK does
// for one name); keys without values are ignored. Only the first
// Content-Type value decides whether the payload is signed.
//
// X-Sdk-Content-Sha256 set by the caller is kept and its trimmed value
// replaces the body hash, except that Sign overwrites it with UNSIGNED-PAYLOAD when
// the Content-Type is not JSON or BSON. Sign cannot tell that header from
// one it added itself, so delete it before re-signing a request whose
// Content-Type was changed to JSON.
func (s *Signer) Sign(req *http.Request, body []byte, at time.Time) error {
	var c computation
	// The canonical request is built on the stack unless it is large.
	var stack [canonicalStack]byte
	canonical, err := s.compute(req, body, at, &c, stack[:0])
	if err != nil {
		return err
	}
	var b strings.Builder
	signed := canonical[c.signedStart:c.signedEnd]
	b.Grow(dateLen + len(authPrefix) + len(s.ak) + len(authSigned) + len(signed) + len(authSig) + signatureLen)
	_, _ = b.Write(c.date[:])
	b.WriteString(authPrefix)
	b.WriteString(s.ak)
	b.WriteString(authSigned)
	_, _ = b.Write(signed)
	b.WriteString(authSig)
	_, _ = b.Write(c.signature[:])
	both := b.String()

	h := req.Header
	if h == nil {
		h = make(http.Header, 3)
		req.Header = h
	}
	if c.stale {
		for k := range h {
			if equalFold(k, "authorization") || equalFold(k, "x-sdk-date") ||
				(c.unsigned && equalFold(k, "x-sdk-content-sha256")) {
				delete(h, k)
			}
		}
	}
	vals := make([]string, 3)
	vals[0], vals[1], vals[2] = both[:dateLen], both[dateLen:], UnsignedPayload
	h[HeaderDate] = vals[0:1:1]
	h[HeaderAuthorization] = vals[1:2:2]
	if c.unsigned {
		h[HeaderContentSha256] = vals[2:3:3]
	}
	return nil
}

// Explain computes the signature of req exactly as Sign would and returns
// every intermediate value, without modifying req.
func (s *Signer) Explain(req *http.Request, body []byte, at time.Time) (*Result, error) {
	var c computation
	buf, err := s.compute(req, body, at, &c, nil)
	if err != nil {
		return nil, err
	}
	sig := string(c.signature[:])
	canonical := string(buf)
	signed := canonical[c.signedStart:c.signedEnd]
	return &Result{
		Date:             string(c.date[:]),
		CanonicalRequest: canonical,
		StringToSign:     string(c.stringToSign[:]),
		SignedHeaders:    signed,
		PayloadHash:      canonical[c.payloadStart:],
		Signature:        sig,
		Authorization:    authPrefix + s.ak + authSigned + signed + authSig + sig,
		UnsignedPayload:  c.unsigned,
	}, nil
}

// validAccessKey reports whether ak can be written into the Authorization
// header and parsed back.
func validAccessKey(ak string) bool {
	for i := 0; i < len(ak); i++ {
		if c := ak[i]; c <= ' ' || c == ',' || c == 0x7f {
			return false
		}
	}
	return true
}

// formatDate writes t in UTC with DateLayout into d, without allocating.
// It works on the Unix time directly (days to civil date as in H. Hinnant's
// chrono algorithms), which costs less than time.Time's Date and Clock.
func formatDate(d *[dateLen]byte, t time.Time) bool {
	sec := t.Unix()
	days, rem := sec/86400, sec%86400
	if rem < 0 {
		rem += 86400
		days--
	}
	// Days since 0000-03-01 in the proleptic Gregorian calendar.
	z := days + 719468
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097 // floor
	}
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365]
	mp := (5*doy + 2) / 153                                // [0, 11], March first
	day := doy - (153*mp+2)/5 + 1
	month := mp + 3
	if month > 12 {
		month -= 12
	}
	year := yoe + era*400
	if month <= 2 {
		year++
	}
	if year < 0 || year > 9999 {
		return false
	}
	put2 := func(i int, v int64) {
		d[i], d[i+1] = byte('0'+v/10), byte('0'+v%10)
	}
	put2(0, year/100)
	put2(2, year%100)
	put2(4, month)
	put2(6, day)
	d[8] = 'T'
	put2(9, rem/3600)
	put2(11, rem/60%60)
	put2(13, rem%60)
	d[15] = 'Z'
	return true
}

// canonicalStack is the size of the stack buffer Sign builds the
// canonical request in; a larger one goes to the heap.
const canonicalStack = 1024

// compute performs steps 1 to 10 of the algorithm for req into c and
// returns the canonical request, built in buf when it fits.
func (s *Signer) compute(req *http.Request, body []byte, at time.Time, c *computation, buf []byte) ([]byte, error) {
	switch {
	case s == nil:
		return nil, ErrNilSigner
	case s.ak == "":
		return nil, ErrEmptyAccessKey
	case s.badAK:
		return nil, ErrInvalidAccessKey
	case s.sk == nil:
		return nil, ErrEmptySecretKey
	case req == nil:
		return nil, ErrNilRequest
	case req.URL == nil:
		return nil, ErrNilURL
	case req.URL.Opaque != "":
		return nil, ErrUnsupportedURL
	}
	if !formatDate(&c.date, at) {
		return nil, newError(at.UTC().String(), ErrInvalidTime)
	}

	// Steps 1 and 3: decide the payload mode and pick the signed headers.
	h := req.Header
	if ct := h["Content-Type"]; len(ct) > 0 {
		c.unsigned = !strings.Contains(ct[0], "application/json") && !strings.Contains(ct[0], "application/bson")
	}
	// Each signed name is lower-cased once, into names (on the stack unless
	// the names are long); the sort and the output use those bytes.
	// Headers refer to their names by offsets, so that names can stay on
	// the stack.
	var arr [16]signHeader
	hs := arr[:0]
	var nameStack [256]byte
	names := nameStack[:0]
	size := 0
	var presetHash []string
	for k, v := range h {
		// The names Sign treats apart are told by their length first.
		sha := false
		switch len(k) {
		case len("authorization"), len("x-sdk-date"):
			if k == HeaderAuthorization || k == HeaderDate {
				continue
			}
			if equalFold(k, "authorization") || equalFold(k, "x-sdk-date") {
				c.stale = true
				continue
			}
		case len("x-sdk-content-sha256"):
			if sha = equalFold(k, "x-sdk-content-sha256"); sha && c.unsigned {
				c.stale = c.stale || k != HeaderContentSha256
				continue // replaced by the added UNSIGNED-PAYLOAD header
			}
		}
		if len(v) == 0 || k == "Content-Type" || hasPrefixFold(k, "content-type") {
			continue
		}
		n := len(names)
		var ok bool
		if names, ok = appendLowerName(names, k); !ok {
			names = names[:n]
			if strings.IndexByte(k, '_') >= 0 {
				continue
			}
			return nil, newError(strconv.Quote(k), ErrInvalidHeaderName)
		}
		if sha {
			if presetHash == nil {
				presetHash = v
			} else {
				presetHash = append(slices.Clip(presetHash), v...)
			}
		}
		hs = insertHeader(hs, names, signHeader{start: n, end: len(names), values: v})
		size += (len(k) + 2) * len(v)
		for _, x := range v {
			size += len(x)
		}
	}
	n := len(names)
	names = append(names, "x-sdk-date"...)
	hs = insertHeader(hs, names, signHeader{start: n, end: len(names), kind: kindDate})
	if c.unsigned {
		n = len(names)
		names = append(names, "x-sdk-content-sha256"...)
		hs = insertHeader(hs, names, signHeader{start: n, end: len(names), kind: kindUnsigned})
	}
	if len(hs) > insertionMax {
		slices.SortFunc(hs, func(a, b signHeader) int {
			return bytes.Compare(names[a.start:a.end], names[b.start:b.end])
		})
	}

	// A path of unreserved bytes and '/' is its own escaped form (as
	// url.URL.EscapedPath would return it) and canonical URI.
	u := req.URL
	path := u.Path
	plain := u.RawPath == "" && plainPath(path)
	if !plain {
		path = u.EscapedPath()
	}
	size += 2*len(hs) + 3*(len(path)+len(u.RawQuery)) + len(req.Method) + 2*dateLen + 128
	if cap(buf) < size {
		buf = make([]byte, 0, size)
	}

	// Steps 5, 6 and 4.
	buf = appendMethod(buf, req.Method)
	buf = append(buf, '\n')
	var err error
	if plain {
		buf = appendSlashed(buf, path)
	} else if buf, err = appendCanonicalURI(buf, path); err != nil {
		return nil, err
	}
	buf = append(buf, '\n')
	if buf, err = appendCanonicalQuery(buf, u.RawQuery); err != nil {
		return nil, err
	}
	buf = append(buf, '\n')
	// The SignedHeaders list is gathered on the way.
	var signedStack [256]byte
	signed := signedStack[:0]
	for i := 0; i < len(hs); {
		j := i + 1
		name := names[hs[i].start:hs[i].end]
		for j < len(hs) && bytes.Equal(name, names[hs[j].start:hs[j].end]) {
			j++
		}
		switch hs[i].kind {
		case kindDate:
			buf = append(buf, "x-sdk-date:"...)
			buf = append(buf, c.date[:]...)
			buf = append(buf, '\n')
		case kindUnsigned:
			buf = append(buf, "x-sdk-content-sha256:"+UnsignedPayload+"\n"...)
		default:
			values := hs[i].values
			if j > i+1 { // keys differing only in case: merge their values
				values = slices.Clip(values)
				for _, x := range hs[i+1 : j] {
					values = append(values, x.values...)
				}
			}
			buf = appendHeaderLines(buf, name, values)
		}
		if len(signed) > 0 {
			signed = append(signed, ';')
		}
		signed = append(signed, name...)
		i = j
	}
	buf = append(buf, '\n')
	start := len(buf)
	buf = append(buf, signed...)
	end := len(buf)
	buf = append(buf, '\n')

	// Step 7.
	payloadStart := len(buf)
	switch {
	case c.unsigned:
		buf = append(buf, UnsignedPayload...)
	case presetHash != nil:
		buf = append(buf, minTrimmed(presetHash)...)
	default:
		buf = appendBodyHash(buf, body)
	}
	c.signedStart, c.signedEnd, c.payloadStart = start, end, payloadStart

	// Steps 9 and 10.
	signCanonical(s.sk, &c.date, buf, &c.stringToSign, &c.signature)
	return buf, nil
}

// insertHeader appends h to hs, which is sorted by name while it holds
// at most insertionMax headers, and keeps it so: insertion sorts the few
// headers of a request fastest. Longer lists are left for the caller to
// sort.
func insertHeader(hs []signHeader, names []byte, h signHeader) []signHeader {
	i := len(hs)
	hs = append(hs, h)
	if i >= insertionMax {
		return hs
	}
	name := names[h.start:h.end]
	for ; i > 0 && bytes.Compare(names[hs[i-1].start:hs[i-1].end], name) > 0; i-- {
		hs[i] = hs[i-1]
	}
	hs[i] = h
	return hs
}

// emptyBodyHash is the hex SHA-256 of an empty body.
const emptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// appendBodyHash appends the lower-case hex SHA-256 of body.
func appendBodyHash(dst []byte, body []byte) []byte {
	if len(body) == 0 {
		return append(dst, emptyBodyHash...)
	}
	sum := sha256.Sum256(body)
	var x [sha256.Size * 2]byte
	encodeHex(&x, &sum)
	return append(dst, x[:]...)
}

// signCanonical writes the string to sign for the canonical request and
// its hex HMAC-SHA256 under key.
func signCanonical(key *hmacKey, date *[dateLen]byte, canonical []byte, sts *[stsLen]byte, sig *[signatureLen]byte) {
	sum := sha256.Sum256(canonical)
	n := copy(sts[:], Algorithm+"\n")
	n += copy(sts[n:], date[:])
	sts[n] = '\n'
	encodeHex((*[sha256.Size * 2]byte)(sts[n+1:]), &sum)
	mac := key.sumSTS(sts)
	encodeHex(sig, &mac)
}

// encodeHex writes src in lower-case hex into dst, like hex.Encode but
// two digits at a time.
func encodeHex(dst *[sha256.Size * 2]byte, src *[sha256.Size]byte) {
	for i, v := range src {
		dst[2*i], dst[2*i+1] = hexPairs[2*int(v)], hexPairs[2*int(v)+1]
	}
}

// hexPairs holds the two lower-case hex digits of every byte value, in
// order.
const hexPairs = "" +
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" +
	"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f" +
	"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f" +
	"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f" +
	"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f" +
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf" +
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf" +
	"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
