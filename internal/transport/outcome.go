package transport

import (
	"net/http"

	"github.com/hcpartner/partner-sdk-go/core"
)

// outcomeUnknown builds the error for a write that may have been applied,
// with what reconciliation needs: the request, the window of the attempt on
// the client's clock, and the server's Date and request id when an answer
// (even a failed one) came back.
func outcomeUnknown(op *Operation, req *Request, attempt int, res *result, cause error) *OutcomeUnknownError {
	e := &OutcomeUnknownError{
		Operation: op.Name,
		Attempts:  attempt,
		Err:       cause,
		Request: core.Request{
			PathParams:     req.PathParams,
			RawQuery:       req.RawQuery,
			Body:           req.Body,
			Headers:        req.Headers,
			Validate:       req.Validate,
			IdempotencyKey: req.IdempotencyKey,
		},
		AttemptStart:   res.start,
		AttemptEnd:     res.end,
		RequestID:      res.requestID,
		IdempotencyKey: req.IdempotencyKey,
	}
	if d := res.header.Get("Date"); d != "" {
		if t, err := http.ParseTime(d); err == nil {
			e.ServerTime = t.UTC()
		}
	}
	return e
}
