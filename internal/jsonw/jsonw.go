// Package jsonw writes JSON without reflection for the generated request
// encoders. It keeps fields in the order the generated code writes them (the
// documented order), leaves HTML characters unescaped like the official SDK,
// and writes money as a JSON string holding the decimal's shortest form,
// independent of shopspring/decimal's package-level settings.
package jsonw

import (
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Writer appends JSON tokens to a buffer and inserts commas itself.
type Writer struct {
	buf   []byte
	comma bool
}

// New returns a Writer whose buffer starts with capacity n.
func New(n int) *Writer { return &Writer{buf: make([]byte, 0, n)} }

// Bytes returns the JSON written so far.
func (w *Writer) Bytes() []byte { return w.buf }

func (w *Writer) sep() {
	if w.comma {
		w.buf = append(w.buf, ',')
	}
}

// BeginObject starts an object value.
func (w *Writer) BeginObject() { w.sep(); w.buf = append(w.buf, '{'); w.comma = false }

// EndObject closes an object value.
func (w *Writer) EndObject() { w.buf = append(w.buf, '}'); w.comma = true }

// BeginArray starts an array value.
func (w *Writer) BeginArray() { w.sep(); w.buf = append(w.buf, '['); w.comma = false }

// EndArray closes an array value.
func (w *Writer) EndArray() { w.buf = append(w.buf, ']'); w.comma = true }

// Key writes an object key; the next call writes its value.
func (w *Writer) Key(k string) {
	w.sep()
	w.buf = appendString(w.buf, k)
	w.buf = append(w.buf, ':')
	w.comma = false
}

// StringValue writes a string value.
func (w *Writer) StringValue(s string) { w.sep(); w.buf = appendString(w.buf, s); w.comma = true }

// IntValue writes an integer value.
func (w *Writer) IntValue(n int64) { w.sep(); w.buf = strconv.AppendInt(w.buf, n, 10); w.comma = true }

// BoolValue writes true or false.
func (w *Writer) BoolValue(b bool) { w.sep(); w.buf = strconv.AppendBool(w.buf, b); w.comma = true }

// MoneyValue writes a decimal as a JSON string in its shortest form
// ("8076.00" becomes "8076").
func (w *Writer) MoneyValue(d decimal.Decimal) {
	w.sep()
	w.buf = append(w.buf, '"')
	w.buf = append(w.buf, d.String()...)
	w.buf = append(w.buf, '"')
	w.comma = true
}

// NullValue writes null.
func (w *Writer) NullValue() { w.sep(); w.buf = append(w.buf, "null"...); w.comma = true }

// String writes "k": s.
func (w *Writer) String(k, s string) { w.Key(k); w.StringValue(s) }

// Int writes "k": n.
func (w *Writer) Int(k string, n int64) { w.Key(k); w.IntValue(n) }

// Bool writes "k": b.
func (w *Writer) Bool(k string, b bool) { w.Key(k); w.BoolValue(b) }

// Money writes "k": "d".
func (w *Writer) Money(k string, d decimal.Decimal) { w.Key(k); w.MoneyValue(d) }

// Strings writes "k": [..].
func (w *Writer) Strings(k string, v []string) {
	w.Key(k)
	w.BeginArray()
	for _, s := range v {
		w.StringValue(s)
	}
	w.EndArray()
}

// Ints32 writes "k": [..].
func (w *Writer) Ints32(k string, v []int32) {
	w.Key(k)
	w.BeginArray()
	for _, n := range v {
		w.IntValue(int64(n))
	}
	w.EndArray()
}

const hexDigits = "0123456789abcdef"

// appendString quotes s the way encoding/json does with HTML escaping
// turned off: quotes, backslashes and control characters are escaped,
// U+2028 and U+2029 are escaped, invalid UTF-8 becomes U+FFFD.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
