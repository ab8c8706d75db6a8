package partnersdk

import (
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/transport"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/resource"
	"golang.org/x/time/rate"
)

// Client reaches every service of the partner API through one transport
// (endpoint, credentials, retries, rate limit, logging). It is safe for
// concurrent use; build one and share it.
type Client struct {
	// Partner: partner balances, funds to and from customers and
	// resellers, resellers and their coupon quotas.
	Partner *partner.Service
	// Customer: sub-customers, identity checks, real-name authentication,
	// enterprise multi-accounts, verification codes and tags.
	Customer *customer.Service
	// Billing: bills, fee and resource records, costs, prices, measure
	// units, product and region catalogs, discount policies.
	Billing *billing.Service
	// Coupon: coupons, coupon records and stored-value cards.
	Coupon *coupon.Service
	// Resource: orders, renewals, unsubscriptions, auto-renew and resource
	// packages.
	Resource *resource.Service

	tc *transport.Client
}

// Option configures a Client.
type Option func(*options) error

type options struct {
	cfg         transport.Config
	site        Site
	insecure    bool
	iamEndpoint string
}

// WithEndpoint overrides the base URL (for tests, the local sandbox or a
// private gateway), e.g. "http://127.0.0.1:8080". The client keeps the rules
// of its site (WithSite): the operations it documents, its request shapes
// and its currency.
func WithEndpoint(url string) Option {
	return func(o *options) error {
		if url == "" {
			return &ConfigError{Field: "WithEndpoint", Reason: "empty URL"}
		}
		o.cfg.Endpoint = url
		return nil
	}
}

// WithIAMEndpoint sets the IAM endpoint that token credentials
// (auth.NewPasswordToken, auth.NewAgencyToken) obtain tokens from, e.g. a
// regional "https://iam.cn-north-4.myhuaweicloud.com". By default it is the
// region's IAM endpoint, or the API endpoint itself when WithEndpoint is
// given (the local sandbox serves both). Credentials built with
// auth.WithIAMClient keep their own IAM client.
func WithIAMEndpoint(url string) Option {
	return func(o *options) error {
		if url == "" {
			return &ConfigError{Field: "IAM endpoint", Reason: "empty"}
		}
		o.iamEndpoint = url
		return nil
	}
}

// WithHTTPClient sends requests through hc; its transport, proxy, TLS
// settings and timeout are used as they are.
func WithHTTPClient(hc *http.Client) Option {
	return func(o *options) error {
		if hc == nil {
			return &ConfigError{Field: "WithHTTPClient", Reason: "nil *http.Client"}
		}
		o.cfg.HTTPClient = hc
		return nil
	}
}

// WithInsecureSkipTLSVerify turns off TLS certificate verification of the
// default HTTP client. It exists for test gateways with self-signed
// certificates; never use it in production. It cannot be combined with
// WithHTTPClient (whose TLS settings are used as they are): New returns a
// *ConfigError for the pair.
func WithInsecureSkipTLSVerify() Option {
	return func(o *options) error { o.insecure = true; return nil }
}

// WithLanguage sends X-Language on every request ("zh_CN" or "en_US").
func WithLanguage(lang string) Option {
	return func(o *options) error { o.cfg.Language = lang; return nil }
}

// WithUserAgent replaces the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(o *options) error { o.cfg.UserAgent = ua; return nil }
}

// WithRetryPolicy replaces the retry policy. Zero fields of p mean their
// defaults (see RetryPolicy), so WithRetryPolicy(RetryPolicy{MaxAttempts: 5})
// keeps the default backoff and budget.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(o *options) error { o.cfg.Retry = &p; return nil }
}

// WithoutRetries makes every call a single attempt.
func WithoutRetries() Option {
	return func(o *options) error { p := core.NoRetries(); o.cfg.Retry = &p; return nil }
}

// WithRateLimit makes every attempt wait for a token of a limiter allowing
// perSecond requests with the given burst (waiting honours the context).
func WithRateLimit(perSecond float64, burst int) Option {
	return func(o *options) error {
		if perSecond <= 0 || burst <= 0 {
			return &ConfigError{Field: "WithRateLimit", Reason: "rate and burst must be positive"}
		}
		o.cfg.Limiter = rate.NewLimiter(rate.Limit(perSecond), burst)
		return nil
	}
}

// WithLogger logs one record per attempt (operation, attempt, status,
// duration, request id, error) to l. Headers, bodies and credentials are
// never logged.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error { o.cfg.Logger = l; return nil }
}

// WithMaxResponseBytes caps the size of a response body (default 32 MiB).
func WithMaxResponseBytes(n int64) Option {
	return func(o *options) error {
		if n <= 0 {
			return &ConfigError{Field: "WithMaxResponseBytes", Reason: "must be positive"}
		}
		o.cfg.MaxResponseBytes = n
		return nil
	}
}

// WithAttemptTimeout bounds each attempt (the call's context bounds the
// whole call, retries included). 0 means no bound of its own.
func WithAttemptTimeout(d time.Duration) Option {
	return func(o *options) error {
		if d < 0 {
			return &ConfigError{Field: "WithAttemptTimeout", Reason: "must not be negative"}
		}
		o.cfg.AttemptTimeout = d
		return nil
	}
}

// WithClockSkewCorrection makes the client recover from a machine clock that
// is off by more than the gateway's 15-minute window: when the gateway
// rejects a signature as expired, the offset to the server's Date header is
// applied to the AK/SK signing clock and the request is sent once more (safe
// for writes too, since the gateway rejected it before the service saw it).
// Later calls sign with the corrected clock.
func WithClockSkewCorrection() Option {
	return func(o *options) error { o.cfg.CorrectClockSkew = true; return nil }
}

// RetryPolicy says when failed calls are tried again (see core.RetryPolicy).
type RetryPolicy = core.RetryPolicy

// DefaultRetryPolicy returns the policy clients use by default: 3 attempts
// for reads, exponential backoff with full jitter from 200 ms up to 5 s,
// Retry-After honoured up to 30 s, and a client-wide retry budget.
func DefaultRetryPolicy() RetryPolicy { return core.DefaultRetryPolicy() }

// CallOption changes a single call, passed as the last arguments of any
// service method (see core.CallOption).
type CallOption = core.CallOption

// WithCallLanguage sets X-Language for one call. It wins over the request's
// own XLanguage field, which wins over the client's WithLanguage.
func WithCallLanguage(lang string) CallOption { return core.WithLanguage(lang) }

// WithCallHeader adds a header to one call.
func WithCallHeader(name, value string) CallOption { return core.WithHeader(name, value) }

// WithoutValidation skips client-side validation for one call, so that the
// server's own checks can be observed (tests against the sandbox).
func WithoutValidation() CallOption { return core.WithoutValidation() }

// WithCallRetryPolicy replaces the retry policy for one call; zero fields
// mean their defaults, and the client-wide retry budget applies.
func WithCallRetryPolicy(p RetryPolicy) CallOption { return core.WithRetryPolicy(p) }

// New builds a Client. creds authenticate every request: *auth.AKSK (signed
// with SDK-HMAC-SHA256) or an IAM token provider from package auth.
func New(creds auth.Credentials, opts ...Option) (*Client, error) {
	if creds == nil {
		return nil, &ConfigError{Field: "credentials", Reason: "nil; use auth.NewAKSK, auth.AKSKFromEnv or a token provider"}
	}
	o := options{cfg: transport.Config{UserAgent: userAgent()}}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if o.site == "" {
		o.site = SiteChina
	}
	o.cfg.Site = o.site
	iamEndpoint := o.iamEndpoint
	if o.cfg.Endpoint == "" {
		o.cfg.Endpoint = o.site.Endpoint()
		if iamEndpoint == "" {
			iamEndpoint = siteIAMEndpoint(o.site)
		}
	} else if iamEndpoint == "" {
		iamEndpoint = o.cfg.Endpoint
	}
	if o.insecure && o.cfg.HTTPClient != nil {
		return nil, &ConfigError{Field: "WithInsecureSkipTLSVerify", Reason: "cannot be combined with WithHTTPClient; set TLS options on your own *http.Client instead"}
	}
	if o.cfg.HTTPClient == nil {
		o.cfg.HTTPClient = transport.DefaultHTTPClient(o.insecure)
	}
	o.cfg.Credentials = creds
	tc, err := transport.New(o.cfg)
	if err != nil {
		return nil, &ConfigError{Field: "WithEndpoint", Reason: err.Error()}
	}
	// Token credentials obtain their tokens through the same engine: the
	// client's http.Client, logger, limiter, retry policy and budget. The
	// IAM engine hands itself on, for base credentials that obtain tokens
	// too (an agency token on a password token).
	eng, err := tc.ForEndpoint(iamEndpoint)
	if err != nil {
		return nil, &ConfigError{Field: "WithIAMEndpoint", Reason: err.Error()}
	}
	eng.SetIAMEngine(eng)
	tc.SetIAMEngine(eng)
	return &Client{
		Partner:  partner.NewService(tc),
		Customer: customer.NewService(tc),
		Billing:  billing.NewService(tc),
		Coupon:   coupon.NewService(tc),
		Resource: resource.NewService(tc),
		tc:       tc,
	}, nil
}

// HTTPClient returns the *http.Client underneath (for example to attach
// httpmock in tests).
func (c *Client) HTTPClient() *http.Client { return c.tc.HTTPClient() }

// Endpoint returns the base URL the client talks to.
func (c *Client) Endpoint() string { return c.tc.Endpoint() }

// Caller returns the client's call path, through which every service
// method sends its request. Wrap it (for metrics or tracing) and build a
// service on the wrapper with that service's NewService.
func (c *Client) Caller() core.Caller { return c.tc }

// String describes the client without credentials.
func (c *Client) String() string {
	return "partnersdk.Client{site: " + string(c.Site()) + ", endpoint: " + c.tc.Endpoint() + "}"
}

func userAgent() string {
	return "partner-sdk-go/" + Version + " (" + runtime.Version() + "; " + runtime.GOOS + "/" + runtime.GOARCH + ")"
}
