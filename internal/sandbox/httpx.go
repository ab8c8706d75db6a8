package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// obj is a JSON object that keeps its keys in insertion order, so that
// responses list fields in the documented order.
type obj struct {
	keys []string
	vals map[string]any
}

func newObj() *obj { return &obj{vals: map[string]any{}} }

// set adds or replaces a member.
func (o *obj) set(k string, v any) *obj {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
	return o
}

// has reports whether k is a member.
func (o *obj) has(k string) bool {
	_, ok := o.vals[k]
	return ok
}

// get returns a member.
func (o *obj) get(k string) any { return o.vals[k] }

// del removes a member.
func (o *obj) del(k string) {
	if _, ok := o.vals[k]; !ok {
		return
	}
	delete(o.vals, k)
	for i, key := range o.keys {
		if key == k {
			o.keys = append(o.keys[:i], o.keys[i+1:]...)
			break
		}
	}
}

// MarshalJSON writes the members in order.
func (o *obj) MarshalJSON() ([]byte, error) {
	return appendJSON(nil, o)
}

// marshal encodes v without HTML escaping.
func marshal(v any) ([]byte, error) { return appendJSON(nil, v) }

// appendJSON appends the JSON encoding of v to b. The types the sandbox
// builds responses from are written directly; anything else goes through
// encoding/json.
func appendJSON(b []byte, v any) ([]byte, error) {
	var err error
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case *obj:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '{')
		for i, k := range x.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			if b, err = appendJSON(b, x.vals[k]); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case []*obj:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSON(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSON(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case []string:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, e)
		}
		return append(b, ']'), nil
	case string:
		return appendString(b, x), nil
	case json.Number:
		return append(b, x...), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return append(b, bytes.TrimRight(buf.Bytes(), "\n")...), nil
}

// appendString appends s as a JSON string, escaping only what JSON needs.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size - 1
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// money renders an amount as a JSON number with two decimals, as the API
// does for yuan amounts.
func money(d decimal.Decimal) json.Number { return json.Number(d.StringFixed(2)) }

// moneyText renders an amount as a decimal string (fields typed string).
func moneyText(d decimal.Decimal) string { return d.StringFixed(2) }

// number renders a non-money decimal as a JSON number.
func number(d decimal.Decimal) json.Number { return json.Number(d.String()) }

// apiError is an error answer of the API: HTTP status, error_code and
// error_msg.
type apiError struct {
	Status int
	Code   string
	Msg    string
	// canonical is the canonical request the sandbox computed, for a
	// signature mismatch.
	canonical string
}

// headerCanonical carries, on a signature mismatch, the canonical request
// the sandbox computed (newlines written as \n), to compare with the
// client's (signer.Explain).
const headerCanonical = "X-Sandbox-Canonical-Request"

func (e *apiError) Error() string { return e.Code + ": " + e.Msg }

// Error codes the sandbox answers with; see the package documentation.
const (
	codeInvalidParam  = "CBC.0100"
	codeForbidden     = "CBC.0150"
	codeNotAssociated = "CBC.0151"
	// The documented "not enough" codes (internal/spec/errors.json):
	// CBC.5003 when the partner funds a customer, CBC.99005003 for the
	// other transfers and payments, CBC.99000013 for a coupon quota.
	codeInsufficientFunding = "CBC.5003"
	codeInsufficient        = "CBC.99005003"
	codeQuotaInsufficient   = "CBC.99000013"
	codeSystemError         = "CBC.0999"
	codeGatewayAuth         = "APIGW.0301"
	codeGatewayNoRoute      = "APIGW.0101"
	codeSuccess             = "CBC.0000"
)

func errInvalid(msg string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: codeInvalidParam, Msg: "Invalid parameter: " + msg}
}

func errInsufficient(code, msg string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: code, Msg: msg}
}

func errNotAssociated(msg string) *apiError {
	return &apiError{Status: http.StatusForbidden, Code: codeNotAssociated, Msg: msg}
}

func errForbidden(msg string) *apiError {
	return &apiError{Status: http.StatusForbidden, Code: codeForbidden, Msg: msg}
}

// writeJSON answers status with the JSON encoding of body.
func writeJSON(w http.ResponseWriter, status int, body any) {
	b, err := marshal(body)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error_code":"` + codeSystemError + `","error_msg":"cannot encode the response"}`)
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeAPIError answers the API's error body.
func writeAPIError(w http.ResponseWriter, e *apiError) {
	if e.canonical != "" {
		q := strconv.QuoteToASCII(e.canonical)
		w.Header().Set(headerCanonical, q[1:len(q)-1])
	}
	body := newObj().set("error_code", e.Code).set("error_msg", e.Msg)
	writeJSON(w, e.Status, body)
}

// statusRecorder remembers the status a handler wrote, for logging.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}
