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
// A client built by partnersdk.New has an engine for the IAM endpoint
// (derived from the client's region or set with partnersdk.WithIAMEndpoint)
// that shares the client's *http.Client, logger, rate limiter, retry policy
// and budget and User-Agent, and it hands that engine to the credentials in
// the context of every Apply. Credentials built with an explicit
// WithIAMClient keep that client; credentials used without partnersdk.New
// keep using their own IAM client.

// engineFor returns the IAM engine of the client applying the credentials,
// or nil when there is none or the credentials were given their own IAM
// client (WithIAMClient).
func engineFor(ctx context.Context, iamExplicit bool) *transport.Client {
	if iamExplicit {
		return nil
	}
	return transport.IAMEngineFrom(ctx)
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
