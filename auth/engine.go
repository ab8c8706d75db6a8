package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/hcpartner/partner-sdk-go/internal/transport"
)

// IAM token operations sent through the SDK's own HTTP engine.
//
// partnersdk.New hands token credentials an engine for the IAM endpoint
// (derived from the client's region or set with partnersdk.WithIAMEndpoint)
// that shares the client's *http.Client, logger, rate limiter, retry policy
// and budget and User-Agent. Credentials built with an explicit
// WithIAMClient keep that client; credentials used without partnersdk.New
// keep using their own IAM client.

// UseEngine makes the credentials obtain tokens through e. It is called by
// partnersdk.New; the type of e is internal to the SDK, so there is nothing
// to pass from outside it. Credentials built with WithIAMClient ignore it.
// When the same credentials are given to several clients, the last one's
// engine is used.
func (c *PasswordToken) UseEngine(e *transport.Client) {
	if c == nil || c.s == nil || c.s.iamExplicit {
		return
	}
	c.s.engine.Store(e)
}

// UseEngine makes the credentials assume the agency through e, and hands e
// on to the base credentials when they obtain tokens too. See
// (*PasswordToken).UseEngine.
func (c *AgencyToken) UseEngine(e *transport.Client) {
	if c == nil || c.s == nil {
		return
	}
	if u, ok := c.s.base.(interface{ UseEngine(*transport.Client) }); ok {
		u.UseEngine(e)
	}
	if c.s.iamExplicit {
		return
	}
	c.s.engine.Store(e)
}

// jsonPayload gives any JSON-encodable value the MarshalJSON the engine
// asks a request body for.
type jsonPayload struct{ v any }

func (p jsonPayload) MarshalJSON() ([]byte, error) { return json.Marshal(p.v) }

// doEngine sends POST /v3/auth/tokens through eng. Token creation is safe
// to send again (at worst IAM issues one more token), so it is retried like
// a read. Password and caller credential values are scrubbed from errors
// and from the engine's log.
func doEngine(ctx context.Context, eng *transport.Client, op, nocatalog string, payload any, creds Credentials, secrets []string) (*iamResult, error) {
	req := transport.Request{
		Body:    jsonPayload{payload},
		Headers: [][2]string{{"Content-Type", jsonContentType}},
	}
	if nocatalog != "" {
		req.RawQuery = nocatalogQueryName + "=" + url.QueryEscape(nocatalog)
	}
	var raw json.RawMessage
	var meta transport.Metadata
	var base transport.Credentials
	if creds != nil {
		base = creds
	}
	err := eng.DoAs(ctx, transport.Operation{Name: op, Method: http.MethodPost, Path: tokensPath}, req, &raw, &meta, base, secrets)
	if err != nil {
		var ae *transport.APIError
		if errors.As(err, &ae) {
			h := http.Header{}
			if ae.RequestID != "" {
				h.Set(HeaderRequestID, ae.RequestID)
			}
			return nil, newIAMError(op, ae.StatusCode, h, ae.Body, secrets)
		}
		return nil, fmt.Errorf("auth: %s: %w", op, err)
	}
	return &iamResult{status: meta.StatusCode, header: meta.Header, body: raw}, nil
}
