package transport

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// EncodeQuery renders query values the way the API expects them on the wire:
// keys sorted by bytes, a repeated key for every list item in the caller's
// order, keys and values percent-encoded leaving only A-Z a-z 0-9 - _ . ~
// as they are (upper-case hex, space as %20, + as %2B), and an empty value
// as a bare key without "=". It returns "" for no values.
func EncodeQuery(v url.Values) string {
	if len(v) == 0 {
		return ""
	}
	keys := make([]string, 0, len(v))
	n := 0
	for k, vs := range v {
		keys = append(keys, k)
		for _, s := range vs {
			n += len(k) + len(s) + 2
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.Grow(n + n/4)
	for _, k := range keys {
		for _, s := range v[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			escapeTo(&b, k)
			if s != "" {
				b.WriteByte('=')
				escapeTo(&b, s)
			}
		}
	}
	return b.String()
}

const upperHex = "0123456789ABCDEF"

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
}

// escapeTo percent-encodes s into b, keeping only unreserved bytes.
func escapeTo(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
}

// EscapePathSegment escapes one path parameter so that it stays one path
// segment: "/" becomes %2F, and everything but unreserved bytes is encoded.
func EscapePathSegment(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	escapeTo(&b, s)
	return b.String()
}

// QueryBuilder writes a query string in the API's wire form (see
// EncodeQuery) without reflection. Generated request types add their
// parameters in sorted key order, list items in the caller's order.
type QueryBuilder struct {
	b strings.Builder
}

// Add appends key=value; an empty value is written as a bare key.
func (q *QueryBuilder) Add(key, value string) {
	if q.b.Len() > 0 {
		q.b.WriteByte('&')
	} else {
		q.b.Grow(96) // most queries fit: one allocation
	}
	escapeTo(&q.b, key)
	if value != "" {
		q.b.WriteByte('=')
		escapeTo(&q.b, value)
	}
}

// AddInt appends an integer parameter.
func (q *QueryBuilder) AddInt(key string, v int64) { q.Add(key, strconv.FormatInt(v, 10)) }

// AddBool appends true or false.
func (q *QueryBuilder) AddBool(key string, v bool) { q.Add(key, strconv.FormatBool(v)) }

// String returns the query string built so far ("" for none).
func (q *QueryBuilder) String() string { return q.b.String() }
