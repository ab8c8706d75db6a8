package transport

import (
	"context"

	"github.com/hcpartner/partner-sdk-go/core"
)

// Call implements core.Caller: the services send every request through it.
func (c *Client) Call(ctx context.Context, op core.Operation, req core.Request, out any, meta *core.Metadata, opts ...core.CallOption) error {
	return c.Do(ctx, op, Request{
		PathParams:   req.PathParams,
		RawQuery:     req.RawQuery,
		Body:         req.Body,
		Headers:      req.Headers,
		Validate:     req.Validate,
		ValidateSite: req.ValidateSite,
		// The key rides along so that a keyed write is retried.
		IdempotencyKey: req.IdempotencyKey,
	}, out, meta, opts...)
}
