package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/hcpartner/partner-sdk-go/internal/transport"
)

// DefaultIAMEndpoint is the global IAM endpoint used when WithEndpoint is
// not given.
const DefaultIAMEndpoint = "https://iam.myhuaweicloud.com"

// DefaultUserAgent is the User-Agent sent to IAM unless WithUserAgent
// replaces it.
const DefaultUserAgent = "partner-sdk-go"

// maxResponseBytes caps how much of an IAM response body is read.
const maxResponseBytes = 1 << 20

const (
	tokensPath         = "/v3/auth/tokens"
	jsonContentType    = "application/json;charset=utf8"
	opPasswordToken    = "KeystoneCreateUserTokenByPassword"
	opAgencyToken      = "KeystoneCreateAgencyToken"
	nocatalogQueryName = "nocatalog"
)

// IAM is a small client for the two IAM token operations the SDK needs.
// Most users never call it directly: NewPasswordToken and NewAgencyToken use
// one to obtain and refresh tokens. It is safe for concurrent use.
type IAM struct {
	endpoint  *url.URL
	client    *http.Client
	creds     Credentials
	userAgent string
}

// IAMOption configures NewIAM.
type IAMOption func(*IAM) error

// WithEndpoint sets the IAM endpoint, e.g. "https://iam.myhuaweicloud.com"
// or a regional one. The URL must use http or https, have a host, and carry
// no user information, query or fragment. A path prefix is kept.
func WithEndpoint(endpoint string) IAMOption {
	return func(c *IAM) error {
		u, err := parseEndpoint(endpoint)
		if err != nil {
			return err
		}
		c.endpoint = u
		return nil
	}
}

// WithHTTPClient makes IAM calls go through client instead of the default
// (which uses proxies from the environment, verifies TLS and has no overall
// timeout: deadlines come from the context).
func WithHTTPClient(client *http.Client) IAMOption {
	return func(c *IAM) error {
		if client == nil {
			return errors.New("auth: WithHTTPClient: nil *http.Client")
		}
		c.client = client
		return nil
	}
}

// WithCredentials sets the credentials that authenticate the caller of
// KeystoneCreateAgencyToken: the partner's AK/SK or the partner's own token.
// KeystoneCreateUserTokenByPassword does not use them.
func WithCredentials(creds Credentials) IAMOption {
	return func(c *IAM) error {
		if creds == nil {
			return fmt.Errorf("auth: WithCredentials: %w", ErrNilCredentials)
		}
		c.creds = creds
		return nil
	}
}

// WithUserAgent replaces the User-Agent header sent to IAM.
func WithUserAgent(ua string) IAMOption {
	return func(c *IAM) error {
		if ua == "" || !validHeaderValue(ua) {
			return errors.New("auth: WithUserAgent: empty or invalid User-Agent")
		}
		c.userAgent = ua
		return nil
	}
}

// NewIAM returns an IAM client for DefaultIAMEndpoint unless options say
// otherwise.
func NewIAM(opts ...IAMOption) (*IAM, error) {
	u, err := parseEndpoint(DefaultIAMEndpoint)
	if err != nil {
		return nil, err
	}
	c := &IAM{endpoint: u, userAgent: DefaultUserAgent}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(c); err != nil {
			return nil, err
		}
	}
	if c.client == nil {
		c.client = defaultHTTPClient()
	}
	return c, nil
}

// defaultHTTPClient uses a copy of the standard transport: proxies from the
// environment, TLS verification on, sensible dial and handshake timeouts.
func defaultHTTPClient() *http.Client {
	var rt http.RoundTripper
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		t = t.Clone()
		t.Proxy = http.ProxyFromEnvironment
		if t.TLSClientConfig != nil {
			t.TLSClientConfig.InsecureSkipVerify = false
		}
		rt = t
	} else {
		rt = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	return &http.Client{Transport: rt}
}

func parseEndpoint(endpoint string) (*url.URL, error) {
	// The text of the endpoint is left out of these errors: it might carry
	// user information.
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, errors.New("auth: invalid IAM endpoint: not a URL")
	}
	if s := strings.ToLower(u.Scheme); s != "https" && s != "http" {
		return nil, errors.New("auth: invalid IAM endpoint: scheme must be https or http")
	}
	if u.Host == "" {
		return nil, errors.New("auth: invalid IAM endpoint: no host")
	}
	if u.User != nil {
		return nil, errors.New("auth: invalid IAM endpoint: user information is not allowed")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, errors.New("auth: invalid IAM endpoint: query and fragment are not allowed")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// Endpoint returns the IAM endpoint URL.
func (c *IAM) Endpoint() string {
	if c == nil || c.endpoint == nil {
		return ""
	}
	return c.endpoint.String()
}

// String names the client by its endpoint.
func (c *IAM) String() string {
	if c == nil {
		return "IAM(nil)"
	}
	return "IAM(" + c.Endpoint() + ")"
}

// LogValue makes log/slog print the endpoint only.
func (c *IAM) LogValue() slog.Value {
	return slog.StringValue(c.String())
}

// withCredentials returns a shallow copy of c that authenticates agency
// calls with creds.
func (c *IAM) withCredentials(creds Credentials) *IAM {
	cp := *c
	cp.creds = creds
	return &cp
}

var errNilIAM = errors.New("auth: nil *IAM")

// KeystoneCreateUserTokenByPassword obtains a token for an IAM user from the
// user name, account name and password in req. The request is validated
// first; a *ValidationError means nothing was sent. A non-2xx answer gives an
// *IAMError. The token is in the response's XSubjectToken.
func (c *IAM) KeystoneCreateUserTokenByPassword(ctx context.Context, req *KeystoneCreateUserTokenByPasswordRequest) (*KeystoneCreateUserTokenByPasswordResponse, error) {
	return c.createUserToken(ctx, nil, req)
}

// createUserToken is KeystoneCreateUserTokenByPassword sent through eng
// when it is not nil (the engine of the client applying the credentials), else through the
// IAM client's own *http.Client.
func (c *IAM) createUserToken(ctx context.Context, eng *transport.Client, req *KeystoneCreateUserTokenByPasswordRequest) (*KeystoneCreateUserTokenByPasswordResponse, error) {
	if c == nil {
		return nil, errNilIAM
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	secrets := []string{string(req.Auth.Identity.Password.User.Password)}
	res, err := c.send(ctx, eng, opPasswordToken, req.Nocatalog, req.wire(), nil, secrets)
	if err != nil {
		return nil, err
	}
	out := &KeystoneCreateUserTokenByPasswordResponse{
		XSubjectToken:  Secret(res.header.Get(HeaderSubjectToken)),
		HTTPStatusCode: res.status,
		RequestID:      res.header.Get(HeaderRequestID),
	}
	if err := decodeBody(opPasswordToken, res.body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// KeystoneCreateAgencyToken obtains an agency token (assume_role) that acts
// in the customer's account named in req. The call is authenticated with
// the credentials given to NewIAM through WithCredentials; without them it
// fails before sending. The request is validated first; a *ValidationError
// means nothing was sent. A non-2xx answer gives an *IAMError. The token is
// in the response's XSubjectToken.
func (c *IAM) KeystoneCreateAgencyToken(ctx context.Context, req *KeystoneCreateAgencyTokenRequest) (*KeystoneCreateAgencyTokenResponse, error) {
	return c.createAgencyToken(ctx, nil, req)
}

// createAgencyToken is KeystoneCreateAgencyToken sent through eng when it
// is not nil.
func (c *IAM) createAgencyToken(ctx context.Context, eng *transport.Client, req *KeystoneCreateAgencyTokenRequest) (*KeystoneCreateAgencyTokenResponse, error) {
	if c == nil {
		return nil, errNilIAM
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if c.creds == nil {
		return nil, fmt.Errorf("auth: %s: the IAM client has no caller credentials (use WithCredentials): %w", opAgencyToken, ErrNilCredentials)
	}
	res, err := c.send(ctx, eng, opAgencyToken, req.Nocatalog, req, c.creds, nil)
	if err != nil {
		return nil, err
	}
	out := &KeystoneCreateAgencyTokenResponse{
		XSubjectToken:  Secret(res.header.Get(HeaderSubjectToken)),
		HTTPStatusCode: res.status,
		RequestID:      res.header.Get(HeaderRequestID),
	}
	if err := decodeBody(opAgencyToken, res.body, out); err != nil {
		return nil, err
	}
	return out, nil
}

type iamResult struct {
	status int
	header http.Header
	body   []byte
}

// send uses the engine when there is one, else do.
func (c *IAM) send(ctx context.Context, eng *transport.Client, op, nocatalog string, payload any, creds Credentials, secrets []string) (*iamResult, error) {
	if eng != nil {
		return doEngine(ctx, eng, op, nocatalog, payload, creds, secrets)
	}
	return c.do(ctx, op, nocatalog, payload, creds, secrets)
}

// do sends POST /v3/auth/tokens with payload as the JSON body, applying
// creds (when not nil) after the request is complete. secrets are values
// that must be scrubbed from error messages; the headers set by creds are
// added to them.
func (c *IAM) do(ctx context.Context, op, nocatalog string, payload any, creds Credentials, secrets []string) (*iamResult, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("auth: %s: encode request: %w", op, err)
	}
	u := *c.endpoint
	u.Path += tokensPath
	if nocatalog != "" {
		u.RawQuery = url.Values{nocatalogQueryName: {nocatalog}}.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("auth: %s: build request: %w", op, err)
	}
	req.Header.Set("Content-Type", jsonContentType)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if creds != nil {
		if err := creds.Apply(ctx, req, body); err != nil {
			return nil, fmt.Errorf("auth: %s: authenticate request: %w", op, err)
		}
		for _, h := range []string{HeaderAuthToken, HeaderSecurityToken, headerAuthorization} {
			if v := req.Header.Get(h); v != "" {
				secrets = append(secrets, v)
			}
		}
	}
	// Redirects are never followed: that would carry the caller's
	// credential headers (and the password body, on a 307) to another
	// host. A 3xx comes back as an *IAMError. The caller's client is
	// copied, not changed.
	hc := *c.client
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("auth: %s: %w", op, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("auth: %s: read response (HTTP %d): %w", op, resp.StatusCode, err)
	}
	if len(data) > maxResponseBytes {
		return nil, fmt.Errorf("auth: %s: HTTP %d: %w (more than %d bytes)", op, resp.StatusCode, ErrResponseTooLarge, maxResponseBytes)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, newIAMError(op, resp.StatusCode, resp.Header, data, secrets)
	}
	return &iamResult{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

func decodeBody(op string, body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("auth: %s: decode response: %w", op, err)
	}
	return nil
}
