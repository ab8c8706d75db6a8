package transport

import (
	"net/url"
	"sort"
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
