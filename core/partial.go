package core

import (
	"strconv"
	"strings"
)

// PartialError is returned, together with the decoded response, by a batch
// write that the API answered with HTTP 200 while some of its items failed
// (the response's error_details). The items not listed were applied; the
// listed ones were not. A caller that only checks err != nil therefore never
// takes a partial result for full success; errors.As gives the failed
// items, and errors.Is with an ErrorCode or ErrorGroup matches when any
// failed item carries a matching code.
type PartialError struct {
	// Operation is the official operation name.
	Operation string
	// RequestID is the X-Request-Id of the answer.
	RequestID string
	// Failed lists the items that were not applied.
	Failed []FailedItem
}

// FailedItem is one entry of error_details.
type FailedItem struct {
	// ID identifies the item (a customer, reseller, quota or resource ID).
	ID string
	// Code is the item's error_code, Message its error_msg.
	Code    string
	Message string
}

// Error summarises the failed items.
func (e *PartialError) Error() string {
	var b strings.Builder
	b.WriteString("partnersdk: ")
	b.WriteString(e.Operation)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(len(e.Failed)))
	b.WriteString(" item(s) failed, the others were applied")
	for i, f := range e.Failed {
		if i == 3 {
			b.WriteString("; ...")
			break
		}
		b.WriteString("; ")
		b.WriteString(f.ID)
		b.WriteString(": ")
		b.WriteString(f.Code)
		if f.Message != "" {
			b.WriteString(" ")
			b.WriteString(f.Message)
		}
	}
	if e.RequestID != "" {
		b.WriteString(" (request id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// Is matches an ErrorCode or ErrorGroup target against the failed items'
// codes.
func (e *PartialError) Is(target error) bool {
	for _, f := range e.Failed {
		a := APIError{Code: f.Code}
		if a.Is(target) {
			return true
		}
	}
	return false
}

// NewPartialError returns a *PartialError for the items whose code is not
// a success code, or nil (an untyped nil error) when there are none. Generated service methods
// call it with the response's error_details.
func NewPartialError(op string, meta *Metadata, items []FailedItem) error {
	// Entries carrying a success code (some answers list every item) are
	// not failures.
	var failed []FailedItem
	for _, it := range items {
		if !successCode(it.Code) {
			failed = append(failed, it)
		}
	}
	if len(failed) == 0 {
		return nil
	}
	e := &PartialError{Operation: op, Failed: failed}
	if meta != nil {
		e.RequestID = meta.RequestID
	}
	return e
}

// successCode reports the error_code values that mean success.
func successCode(code string) bool {
	switch code {
	case "", "0", "CBC.0000", "CBC.00000000":
		return true
	}
	return false
}
