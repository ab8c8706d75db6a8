package transport

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/hcpartner/partner-sdk-go/core"

	"golang.org/x/time/rate"
)

// Credentials adds authentication to one request attempt; auth.Credentials
// satisfies it. Apply is called on every attempt, after the URL, headers and
// body are final, so the bytes signed are the bytes sent.
type Credentials interface {
	Apply(ctx context.Context, req *http.Request, body []byte) error
}

// Config configures a Client. The zero value of every field means the
// documented default.
type Config struct {
	// Endpoint is the base URL, e.g. https://bss.myhuaweicloud.com.
	Endpoint string
	// HTTPClient sends the requests. Its Timeout, proxy and TLS settings
	// are honoured as they are.
	HTTPClient *http.Client
	// Credentials authenticate every request; nil sends requests
	// unauthenticated (useful only against a local fake).
	Credentials Credentials
	// UserAgent is sent as User-Agent.
	UserAgent string
	// Language is sent as X-Language on every request when non-empty
	// ("zh_CN" or "en_US"); a call option overrides it.
	Language string
	// Retry is the retry policy; nil means DefaultRetryPolicy.
	Retry *RetryPolicy
	// Limiter, when set, makes every attempt wait for a token (honouring
	// the call's context).
	Limiter *rate.Limiter
	// Pacing paces every operation at its documented rate (see pacing.go);
	// the zero value is on.
	Pacing Pacing
	// Logger receives one record per attempt, at Debug level for successes
	// and Warn for failures. Headers, bodies and credentials are never
	// logged. nil is silent.
	Logger *slog.Logger
	// MaxResponseBytes caps the size of a response body that is read;
	// 0 means 32 MiB.
	MaxResponseBytes int64
	// AttemptTimeout bounds one attempt (in addition to the call's context);
	// 0 means none.
	AttemptTimeout time.Duration
	// CorrectClockSkew, when set, reacts to a gateway rejection for clock
	// skew (APIError.ClockSkew) by measuring the offset to the server's Date
	// header, handing it to credentials that can adjust their signing clock
	// (SetClockOffset, as *auth.AKSK has), and sending the request once more.
	// Resending is safe even for writes: the gateway rejected the request
	// before the service saw it.
	CorrectClockSkew bool
	// Now is the clock used for Retry-After dates; nil means time.Now.
	Now func() time.Time
	// Site is the site the client talks to; "" means core.SiteChina. An
	// operation whose recorded sites do not include it fails with
	// *core.SiteError before any I/O, unless AnySite is set (or the call
	// passes core.WithAnySite), and requests with a site-aware validator
	// are checked against the site's request shape.
	Site core.Site
	// AnySite turns the site check off for every call of the client.
	AnySite bool
}

// CallOption changes one call (see core).
type CallOption = core.CallOption

// callConfig is what the call options of one call add up to, in the
// transport's own terms.
type callConfig struct {
	language       string
	headers        [][2]string
	skipValidation bool
	retry          *RetryPolicy
	anySite        bool
	// credsSet makes creds (possibly nil: none) replace the client's
	// credentials for the call (see DoAs).
	credsSet bool
	creds    Credentials
	// secrets are values scrubbed from the call's errors and log records.
	secrets []string
}

func newCallConfig(opts []CallOption) callConfig {
	o := core.ApplyCallOptions(opts)
	return callConfig{language: o.Language, headers: o.Headers, skipValidation: o.SkipValidation, retry: o.RetryPolicy, anySite: o.AnySite}
}

// WithLanguage sets X-Language for one call ("zh_CN" or "en_US").
func WithLanguage(lang string) CallOption { return core.WithLanguage(lang) }

// WithHeader adds a header to one call.
func WithHeader(name, value string) CallOption { return core.WithHeader(name, value) }

// WithoutValidation skips the client-side validation of one call.
func WithoutValidation() CallOption { return core.WithoutValidation() }

// WithRetryPolicy replaces the client's retry policy for one call.
func WithRetryPolicy(p RetryPolicy) CallOption { return core.WithRetryPolicy(p) }
