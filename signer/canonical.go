package signer

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

const upperHex = "0123456789ABCDEF"

// unreserved reports whether c is kept as it is by the SDK's escape:
// A-Z, a-z, 0-9, '-', '_', '.' and '~'.
func unreserved(c byte) bool {
	return unreservedTable[c] != 0
}

// unreservedTable has the byte 1 at the index of every unreserved byte
// and 0 elsewhere (a constant, so that lookups need no bounds check and
// nothing in the package is mutable).
const unreservedTable = "" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x01\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00" +
	"\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x01" +
	"\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x01\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"

// appendEscapedByte appends c, percent-encoded unless it is unreserved.
func appendEscapedByte(dst []byte, c byte) []byte {
	if unreserved(c) {
		return append(dst, c)
	}
	return append(dst, '%', upperHex[c>>4], upperHex[c&15])
}

// appendEscape appends s encoded with the SDK's escape.
func appendEscape(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = appendEscapedByte(dst, s[i])
	}
	return dst
}

// Escape percent-encodes s the way the official SDK does for path segments
// and query keys and values: the bytes A-Z, a-z, 0-9, '-', '_', '.' and '~'
// are kept and every other byte becomes %XY with upper-case hex digits. A
// space therefore becomes %20, never '+'.
func Escape(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	return string(appendEscape(make([]byte, 0, len(s)+2*n), s))
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// escapeError reports an invalid escape found at s[i:].
func escapeError(where, s string, i int) error {
	end := min(i+3, len(s))
	return newError(where+" has "+strconv.Quote(s[i:end])+" at byte "+strconv.Itoa(i), ErrInvalidEscape)
}

// appendCanonicalURI appends the canonical URI for an escaped (wire form)
// path: every '/'-separated segment is percent-decoded and re-encoded with
// the SDK's escape, and a '/' is appended unless the result already ends
// with one. A decoded "%2F" stays inside its segment.
func appendCanonicalURI(dst []byte, escapedPath string) ([]byte, error) {
	if canonicalPath(escapedPath) {
		// Every segment is escaped as the canonical URI escapes it.
		return appendSlashed(dst, escapedPath), nil
	}
	start := len(dst)
	for i := 0; i < len(escapedPath); i++ {
		c := escapedPath[i]
		switch c {
		case '/':
			dst = append(dst, '/')
			continue
		case '%':
			if i+2 >= len(escapedPath) || !isHex(escapedPath[i+1]) || !isHex(escapedPath[i+2]) {
				return dst, escapeError("path", escapedPath, i)
			}
			c = unhex(escapedPath[i+1])<<4 | unhex(escapedPath[i+2])
			i += 2
		}
		dst = appendEscapedByte(dst, c)
	}
	if len(dst) == start || dst[len(dst)-1] != '/' {
		dst = append(dst, '/')
	}
	return dst, nil
}

// appendSlashed appends p and a '/' unless p ends with one.
func appendSlashed(dst []byte, p string) []byte {
	dst = append(dst, p...)
	if p == "" || p[len(p)-1] != '/' {
		dst = append(dst, '/')
	}
	return dst
}

// plainPath reports whether every byte of the (decoded) path p is
// unreserved or '/': url.URL.EscapedPath then returns p as it is, and p is
// its own canonical URI but for a final '/'.
func plainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; !unreserved(c) && c != '/' {
			return false
		}
	}
	return true
}

// canonicalPath reports whether every byte of the escaped path p is '/',
// unreserved, or part of an escape %XY with upper-case hex digits of a
// byte that is not unreserved: then decoding and escaping each segment
// again gives p itself.
func canonicalPath(p string) bool {
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case unreserved(c) || c == '/':
		case c == '%':
			if i+2 >= len(p) || !isUpperHex(p[i+1]) || !isUpperHex(p[i+2]) ||
				unreserved(unhex(p[i+1])<<4|unhex(p[i+2])) {
				return false
			}
			i += 2
		default:
			return false
		}
	}
	return true
}

// CanonicalURI returns the canonical URI (step 5 of the algorithm) for a
// path in its escaped, on-the-wire form, such as url.URL.EscapedPath
// returns. The path is split on '/', each segment is percent-decoded and
// encoded again with Escape, and a trailing '/' is added if missing, so
// "/v2/a%20b" and "/v2/a b/" both give "/v2/a%20b/" and "" gives "/". An
// invalid escape yields an error matching ErrInvalidEscape.
func CanonicalURI(escapedPath string) (string, error) {
	b, err := appendCanonicalURI(make([]byte, 0, len(escapedPath)+8), escapedPath)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// queryPair is one decoded key/value pair of a query string.
type queryPair struct{ key, value string }

// unescapeQuery percent-decodes s and turns '+' into a space, as
// url.QueryUnescape does. It does not allocate when s has neither.
func unescapeQuery(s string) (string, error) {
	n := 0
	plus := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return "", escapeError("query", s, i)
			}
			n++
			i += 2
		case '+':
			plus = true
		}
	}
	if n == 0 && !plus {
		return s, nil
	}
	b := make([]byte, 0, len(s)-2*n)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '%':
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		case '+':
			b = append(b, ' ')
		default:
			b = append(b, c)
		}
	}
	return string(b), nil
}

// parseQuery appends the decoded pairs of rawQuery to dst in their order of
// appearance. Segments are separated by '&'; empty segments are skipped and
// a segment without '=' is a key with an empty value.
func parseQuery(dst []queryPair, rawQuery string) ([]queryPair, error) {
	for rawQuery != "" {
		var seg string
		seg, rawQuery, _ = strings.Cut(rawQuery, "&")
		if seg == "" {
			continue
		}
		k, v, _ := strings.Cut(seg, "=")
		key, err := unescapeQuery(k)
		if err != nil {
			return dst, err
		}
		value, err := unescapeQuery(v)
		if err != nil {
			return dst, err
		}
		dst = append(dst, queryPair{key, value})
	}
	return dst, nil
}

func comparePairs(a, b queryPair) int {
	if c := strings.Compare(a.key, b.key); c != 0 {
		return c
	}
	return strings.Compare(a.value, b.value)
}

// appendCanonicalQuery appends the canonical query string for rawQuery.
func appendCanonicalQuery(dst []byte, rawQuery string) ([]byte, error) {
	if rawQuery == "" {
		return dst, nil
	}
	var arr [16]escapedPair
	pairs, escaped, sorted := scanQuery(rawQuery, arr[:0])
	switch {
	case escaped && sorted:
		// Already in canonical form (the SDK's transport writes queries
		// so): decoding, sorting and escaping again would give the same
		// bytes.
		return append(dst, rawQuery...), nil
	case escaped:
		// Every pair is escaped canonically, only the order differs: the
		// pairs come sorted as they are.
		for i, p := range pairs {
			if i > 0 {
				dst = append(dst, '&')
			}
			dst = append(dst, p.seg...)
		}
		return dst, nil
	}
	return appendParsedQuery(dst, rawQuery)
}

// escapedPair is one segment key=value of a query in which every key and
// value is escaped as the canonical query escapes it.
type escapedPair struct {
	seg string // key=value
	eq  int    // index of the '=' in seg
}

// compareEscapedPairs compares two escaped pairs by their decoded keys and
// then decoded values.
func compareEscapedPairs(a, b escapedPair) int {
	// Keys mostly differ at their first byte, which decides unless it
	// starts an escape (or a key is empty: its '=' is then compared).
	if x, y := a.seg[0], b.seg[0]; x != y && x != '%' && y != '%' && x != '=' && y != '=' {
		return cmp.Compare(x, y)
	}
	if c := compareEscaped(a.seg[:a.eq], b.seg[:b.eq]); c != 0 {
		return c
	}
	return compareEscaped(a.seg[a.eq+1:], b.seg[b.eq+1:])
}

// appendParsedQuery is appendCanonicalQuery for any query: decode, sort,
// escape.
func appendParsedQuery(dst []byte, rawQuery string) ([]byte, error) {
	var arr [16]queryPair
	pairs, err := parseQuery(arr[:0], rawQuery)
	if err != nil {
		return dst, err
	}
	slices.SortFunc(pairs, comparePairs)
	for i, p := range pairs {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = appendEscape(dst, p.key)
		dst = append(dst, '=')
		dst = appendEscape(dst, p.value)
	}
	return dst, nil
}

// scanQuery looks at q without allocating. escaped reports that every
// segment is key=value with exactly one '=', every byte is unreserved or an
// escape %XY with upper-case hex digits of a byte that is not unreserved,
// and there is no '+' and no empty segment: then each pair is already
// written as the canonical query writes it. sorted reports, for an escaped
// q, that the pairs are in order of their decoded keys and then decoded
// values: then q is its own canonical query. The pairs of an escaped q, in
// their escaped form, are appended to pairs in that order.
func scanQuery(q string, pairs []escapedPair) (_ []escapedPair, escaped, sorted bool) {
	sorted = true
	first := len(pairs)
	late := false // pairs[first:] must be sorted at the end
	start, eq := 0, -1
	for i := 0; ; i++ {
		for i < len(q) && unreserved(q[i]) {
			i++
		}
		if i < len(q) {
			switch c := q[i]; {
			case c == '=' && eq < 0:
				eq = i
				continue
			case c == '%' && i+2 < len(q) && isUpperHex(q[i+1]) && isUpperHex(q[i+2]) &&
				!unreserved(unhex(q[i+1])<<4|unhex(q[i+2])):
				i += 2
				continue
			case c != '&':
				return pairs, false, false // '+', a second '=', another escape
			}
		}
		if eq < 0 {
			return pairs, false, false // empty segment or bare key
		}
		p := escapedPair{q[start:i], eq - start}
		// Pairs are sorted as they come, by insertion while they are few:
		// most queries are sorted or nearly so.
		n := len(pairs)
		pairs = append(pairs, p)
		if n > first && !late && compareEscapedPairs(pairs[n-1], p) > 0 {
			sorted = false
			if n-first < insertionMax {
				j := n - 1
				for j > first && compareEscapedPairs(pairs[j-1], p) > 0 {
					j--
				}
				copy(pairs[j+1:], pairs[j:n])
				pairs[j] = p
			} else {
				late = true
			}
		}
		if i == len(q) {
			break
		}
		start, eq = i+1, -1
	}
	if late {
		slices.SortFunc(pairs[first:], compareEscapedPairs)
	}
	return pairs, true, sorted
}

// insertionMax is the number of query pairs or headers that are sorted by
// insertion as they come; more are sorted with slices.SortFunc.
const insertionMax = 16

func isUpperHex(c byte) bool {
	return '0' <= c && c <= '9' || 'A' <= c && c <= 'F'
}

// decodedAt returns the byte s[i:] starts with once decoded, and the
// number of bytes it takes; s must hold valid escapes only.
func decodedAt(s string, i int) (byte, int) {
	if s[i] == '%' {
		return unhex(s[i+1])<<4 | unhex(s[i+2]), 3
	}
	return s[i], 1
}

// compareEscaped compares two escaped strings (valid escapes, no '+') by
// their decoded bytes. Up to their first differing byte the two are the
// same bytes and escapes, so when that byte is a plain byte in both, not a
// hex digit of an escape (a '%' always starts an escape: no hex digit is
// '%'), it decides; otherwise decoding starts at that escape.
func compareEscaped(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	switch {
	case i == n: // one is the other, or starts it
		return cmp.Compare(len(a), len(b))
	case i >= 1 && a[i-1] == '%':
		i--
	case i >= 2 && a[i-2] == '%':
		i -= 2
	case a[i] != '%' && b[i] != '%':
		return cmp.Compare(a[i], b[i])
	}
	return compareDecoded(a[i:], b[i:])
}

// compareDecoded compares two escaped strings (valid escapes, no '+') by
// their decoded bytes, decoding from the start.
func compareDecoded(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, n := decodedAt(a, i)
		cb, m := decodedAt(b, j)
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
		i, j = i+n, j+m
	}
	switch {
	case i < len(a):
		return 1
	case j < len(b):
		return -1
	}
	return 0
}

// CanonicalQuery returns the canonical query string (step 6 of the
// algorithm) for a raw, on-the-wire query string such as url.URL.RawQuery.
// The pairs are decoded ('+' counts as a space), sorted by the raw bytes of
// the decoded key and then of the decoded value, and written as
// Escape(key)=Escape(value) joined with '&'. A bare key gives "key=" and
// empty segments are ignored. An invalid escape yields an error matching
// ErrInvalidEscape.
func CanonicalQuery(rawQuery string) (string, error) {
	b, err := appendCanonicalQuery(make([]byte, 0, len(rawQuery)+len(rawQuery)/2), rawQuery)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// appendMethod appends the request method in upper case; an empty method
// means GET, as in net/http.
func appendMethod(dst []byte, method string) []byte {
	if method == "" {
		return append(dst, "GET"...)
	}
	for i := 0; i < len(method); i++ {
		c := method[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

func lowerASCII(c byte) byte {
	if c-'A' < 26 { // unsigned: 'A' <= c <= 'Z'
		return c + ('a' - 'A')
	}
	return c
}

// equalFold reports whether s equals lower, ignoring ASCII case; lower must
// already be lower case.
func equalFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lowerASCII(s[i]) != lower[i] {
			return false
		}
	}
	return true
}

// hasPrefixFold reports whether s starts with lower, ignoring ASCII case.
func hasPrefixFold(s, lower string) bool {
	return len(s) >= len(lower) && equalFold(s[:len(lower)], lower)
}

// compareFold compares a and b as if both were lower-cased (ASCII).
func compareFold(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		ca, cb := lowerASCII(a[i]), lowerASCII(b[i])
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

// lowerName maps every byte of an HTTP token (RFC 9110 tchar) but '_' to
// itself lower-cased, and every other byte to 0 (a constant, like
// unreservedTable).
const lowerName = "" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00!\x00#$%&'\x00\x00*+\x00-.\x000123456789\x00\x00\x00\x00\x00\x00" +
	"\x00abcdefghijklmnopqrstuvwxyz\x00\x00\x00^\x00" +
	"`abcdefghijklmnopqrstuvwxyz\x00|\x00~\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"

// isToken reports whether s is a non-empty HTTP token (RFC 9110 tchar*).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; lowerName[c] == 0 && c != '_' {
			return false
		}
	}
	return true
}

// appendLowerName appends the header name k lower-cased and reports
// whether k is a token without '_', the names Sign signs. When it reports
// false, what it appended is to be dropped.
func appendLowerName(dst []byte, k string) ([]byte, bool) {
	n := len(dst)
	dst = append(dst, k...)
	name := dst[n:]
	ok := len(name) > 0
	for i, c := range name {
		l := lowerName[c]
		if l == 0 {
			ok = false
		}
		name[i] = l
	}
	return dst, ok
}

// appendHeaderLines appends one canonical header line per value:
// name ":" TrimSpace(value) "\n", for a name already in lower case.
// Several values are trimmed and sorted by their bytes first, which is
// what the official SDK does with the values of one lower-cased name.
func appendHeaderLines[N string | []byte](dst []byte, name N, values []string) []byte {
	if len(values) == 1 {
		dst = append(dst, name...)
		dst = append(dst, ':')
		dst = append(dst, strings.TrimSpace(values[0])...)
		return append(dst, '\n')
	}
	trimmed := make([]string, len(values))
	for i, v := range values {
		trimmed[i] = strings.TrimSpace(v)
	}
	slices.Sort(trimmed)
	for _, v := range trimmed {
		dst = append(dst, name...)
		dst = append(dst, ':')
		dst = append(dst, v...)
		dst = append(dst, '\n')
	}
	return dst
}

// headerValues returns the values of every key of h that equals the
// lower-case name ignoring case, so that keys added to the map without
// canonicalisation are found too. It does not allocate when only one key
// matches.
func headerValues(h http.Header, lowerName string) []string {
	var out []string
	found := 0
	for k, v := range h {
		if len(v) == 0 || !equalFold(k, lowerName) {
			continue
		}
		found++
		switch found {
		case 1:
			out = v
		case 2:
			out = append(slices.Clip(out), v...)
		default:
			out = append(out, v...)
		}
	}
	return out
}

// minTrimmed returns the smallest of the trimmed values, the one the signer
// uses when X-Sdk-Content-Sha256 carries several.
func minTrimmed(values []string) string {
	m := strings.TrimSpace(values[0])
	for _, v := range values[1:] {
		if t := strings.TrimSpace(v); t < m {
			m = t
		}
	}
	return m
}

// quoteShort quotes s for an error message, shortening very long input.
func quoteShort(s string) string {
	const max = 96
	if len(s) > max {
		return strconv.Quote(s[:max]) + "..."
	}
	return strconv.Quote(s)
}
