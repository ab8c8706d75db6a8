package auth

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// IAMError is returned when IAM answers a token request with a non-2xx
// status. It carries what IAM said and never the credentials that were
// sent: any secret of the request that IAM echoes is replaced by
// "[REDACTED]".
type IAMError struct {
	// Operation is the official operation name, e.g.
	// "KeystoneCreateAgencyToken".
	Operation string
	// StatusCode is the HTTP status, e.g. 401.
	StatusCode int
	// Code is IAM's error code: error.code (often the HTTP status again) or
	// error_code (such as "APIGW.0301"), whichever the body has.
	Code string
	// Title is error.title, e.g. "Unauthorized", when present.
	Title string
	// Message is error.message or error_msg, when present.
	Message string
	// RequestID is the X-Request-Id response header; quote it to Huawei
	// support.
	RequestID string
}

// Error describes the failure on one line.
func (e *IAMError) Error() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	b.WriteString("auth: ")
	if e.Operation != "" {
		b.WriteString(e.Operation)
		b.WriteString(": ")
	}
	b.WriteString("IAM returned HTTP ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Code != "" {
		b.WriteString(", code ")
		b.WriteString(e.Code)
	}
	if e.Title != "" {
		b.WriteString(" (")
		b.WriteString(e.Title)
		b.WriteString(")")
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" [request id ")
		b.WriteString(e.RequestID)
		b.WriteString("]")
	}
	return b.String()
}

// Unauthorized reports whether IAM rejected the caller's credentials
// (HTTP 401).
func (e *IAMError) Unauthorized() bool {
	return e != nil && e.StatusCode == http.StatusUnauthorized
}

// ErrResponseTooLarge is returned (wrapped) when an IAM response body is
// larger than the SDK is willing to read.
var ErrResponseTooLarge = errors.New("auth: IAM response body too large")

// newIAMError builds an *IAMError from a non-2xx response. Two body shapes
// are understood: {"error":{"code":401,"message":"...","title":"..."}} and
// {"error_code":"...","error_msg":"..."}. secrets are scrubbed from every
// text taken from the body.
func newIAMError(op string, status int, header http.Header, body []byte, secrets []string) *IAMError {
	e := &IAMError{
		Operation:  op,
		StatusCode: status,
		RequestID:  scrub(header.Get(HeaderRequestID), secrets...),
	}
	var env struct {
		Error     json.RawMessage `json:"error"`
		ErrorCode json.RawMessage `json:"error_code"`
		ErrorMsg  string          `json:"error_msg"`
	}
	if json.Unmarshal(body, &env) == nil {
		var inner struct {
			Code    json.RawMessage `json:"code"`
			Message string          `json:"message"`
			Title   string          `json:"title"`
		}
		var text string
		switch {
		case len(env.Error) > 0 && json.Unmarshal(env.Error, &inner) == nil:
			e.Code = rawScalar(inner.Code)
			e.Message = inner.Message
			e.Title = inner.Title
		case len(env.Error) > 0 && json.Unmarshal(env.Error, &text) == nil:
			e.Message = text
		}
		if e.Code == "" {
			e.Code = rawScalar(env.ErrorCode)
		}
		if e.Message == "" {
			e.Message = env.ErrorMsg
		}
	}
	if e.Message == "" && e.Code == "" && e.Title == "" {
		e.Title = http.StatusText(status)
	}
	e.Code = scrub(e.Code, secrets...)
	e.Title = scrub(e.Title, secrets...)
	e.Message = scrub(e.Message, secrets...)
	return e
}

// rawScalar turns a JSON string or number into text; other JSON gives "".
func rawScalar(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
