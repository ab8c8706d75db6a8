package transport

import (
	"context"
	"log/slog"
	"net/http"
	"time"

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
}

// CallOption changes one call.
type CallOption func(*callConfig)

type callConfig struct {
	language       string
	headers        [][2]string
	skipValidation bool
	retry          *RetryPolicy
	// credsSet makes creds (possibly nil: none) replace the client's
	// credentials for the call.
	credsSet bool
	creds    Credentials
	secrets  []string
}

// WithLanguage sets X-Language for one call ("zh_CN" or "en_US").
func WithLanguage(lang string) CallOption {
	return func(c *callConfig) { c.language = lang }
}

// WithHeader adds a header to one call. It is signed like every other
// header.
func WithHeader(name, value string) CallOption {
	return func(c *callConfig) { c.headers = append(c.headers, [2]string{name, value}) }
}

// WithoutValidation skips the client-side validation of one call, so that
// the server's own checks can be observed. Meant for tests.
func WithoutValidation() CallOption {
	return func(c *callConfig) { c.skipValidation = true }
}

// WithRetryPolicy replaces the client's retry policy for one call.
func WithRetryPolicy(p RetryPolicy) CallOption {
	return func(c *callConfig) { c.retry = &p }
}

// WithCredentials authenticates one call with creds instead of the client's
// credentials; nil sends it unauthenticated. The IAM token operations use
// it: the password call carries no credentials, the agency call the
// partner's base credentials.
func WithCredentials(creds Credentials) CallOption {
	return func(c *callConfig) { c.credsSet, c.creds = true, creds }
}

// WithSecrets names values (a password sent in the body) that must be
// scrubbed from the call's errors and log records should the server echo
// them. Values shorter than 4 bytes are ignored.
func WithSecrets(secrets ...string) CallOption {
	return func(c *callConfig) {
		for _, s := range secrets {
			if len(s) >= 4 {
				c.secrets = append(c.secrets, s)
			}
		}
	}
}
