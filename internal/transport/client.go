// Package transport is the one call path of the SDK: every service method
// ends in Client.Do, which validates the request, builds the URL, query and
// JSON body, authenticates every attempt, sends through resty, applies the
// retry policy, and decodes the answer into the typed response or a typed
// error.
package transport

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/hcpartner/partner-sdk-go/core"

	"github.com/go-resty/resty/v2"
)

// Operation is the static description of one API operation (see core).
type Operation = core.Operation

// Request carries the per-call parts of a request.
type Request struct {
	// PathParams fill the {placeholders} of Operation.Path in order. Each
	// is escaped as one path segment.
	PathParams []string
	// Query is a struct with `url` tags, encoded with go-querystring, or
	// nil. RawQuery, when set, is used instead.
	Query any
	// RawQuery is the query string already in wire form (generated request
	// types build it without reflection; tests check it against the
	// go-querystring encoding of Query).
	RawQuery string
	// Body is encoded with its MarshalJSON, followed by a newline; nil
	// sends no body.
	Body interface{ MarshalJSON() ([]byte, error) }
	// Headers are header parameters of the operation (e.g. X-Language).
	Headers [][2]string
	// IdempotencyKey is the value of the operation's documented
	// duplicate-submission key (trans_id) carried in Body, or "". A write
	// with a key is retried like a read, since the server rejects the
	// second application of the same key.
	IdempotencyKey string
	// Validate runs before any I/O unless the call skips validation.
	Validate func() error
	// ValidateSite, when set, runs instead of Validate with the client's
	// site.
	ValidateSite func(core.Site) error
}

// Metadata describes the HTTP exchange behind a successful call (see core).
type Metadata = core.Metadata

// Client sends requests. It is safe for concurrent use.
type Client struct {
	cfg      Config
	endpoint string
	rc       *resty.Client
	retry    RetryPolicy
	budget   *budget
	maxBody  int64
	now      func() time.Time
	// realClock is set when now is time.Now (attempts then read the
	// clock once at each end).
	realClock bool
	site      core.Site
	// iamEngine carries the IAM calls of token credentials (SetIAMEngine).
	iamEngine *Client
	pacer     *pacer // nil: pacing off
}

// DefaultMaxResponseBytes is the default cap on a response body.
const DefaultMaxResponseBytes = 32 << 20

type ctxKey int

const (
	stateKey ctxKey = 1
)

// New builds a Client from cfg.
func New(cfg Config) (*Client, error) {
	var err error
	ep := strings.TrimRight(cfg.Endpoint, "/")
	if ep == "" {
		return nil, errors.New("partnersdk: transport: empty endpoint")
	}
	if !strings.HasPrefix(ep, "https://") && !strings.HasPrefix(ep, "http://") {
		return nil, errors.New("partnersdk: transport: endpoint must start with https:// or http://")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = DefaultHTTPClient(false)
	}
	c := &Client{cfg: cfg, endpoint: ep, maxBody: cfg.MaxResponseBytes, now: cfg.Now, site: cfg.Site}
	if c.site == "" {
		c.site = core.SiteChina
	}
	if !c.site.Known() {
		return nil, errors.New("partnersdk: transport: unknown site " + strconvQuote(string(c.site)))
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxResponseBytes
	}
	if c.now == nil {
		c.now, c.realClock = time.Now, true
	}
	if cfg.Retry != nil {
		c.retry = cfg.Retry.WithDefaults()
	} else {
		c.retry = DefaultRetryPolicy()
	}
	c.budget = newBudget(c.retry.Budget)
	if c.pacer, err = newPacer(cfg.Pacing, c.now); err != nil {
		return nil, err
	}

	rc := resty.NewWithClient(noRedirects(hc))
	rc.SetRetryCount(0)
	rc.SetDebug(false)
	rc.SetDisableWarn(true)
	rc.SetLogger(silentLogger{})
	rc.SetJSONEscapeHTML(false)
	rc.SetPreRequestHook(c.preRequest)
	c.rc = rc
	return c, nil
}

// DefaultHTTPClient returns the http.Client the SDK uses when none is given:
// a clone of net/http's default transport (proxies from the environment, TLS
// verification on) and no client-wide timeout, so that contexts decide.
// insecureSkipVerify turns certificate verification off; only the
// explicitly named client option passes true.
func DefaultHTTPClient(insecureSkipVerify bool) *http.Client {
	tr := defaultTransport()
	tr.Proxy = http.ProxyFromEnvironment
	tr.MaxIdleConnsPerHost = 32
	if insecureSkipVerify {
		if tr.TLSClientConfig == nil {
			tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		tr.TLSClientConfig.InsecureSkipVerify = true // #nosec G402 -- explicit, insecurely named option
	}
	return &http.Client{Transport: tr}
}

// defaultTransport clones net/http's default transport, or builds one with
// the same settings when http.DefaultTransport was replaced by something
// that is not an *http.Transport (httpmock.Activate, tracing wrappers).
func defaultTransport() *http.Transport {
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		return t.Clone()
	}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// noRedirects returns a copy of hc that never follows a redirect: a 3xx
// answer comes back as it is and becomes a *RedirectError. Following one
// would forward the credential headers to another host and could turn a
// write into a GET. The caller's client itself is left untouched (its
// transport, jar and timeout are shared by the copy).
func noRedirects(hc *http.Client) *http.Client {
	cp := *hc
	if cp.Transport == nil {
		cp.Transport = http.DefaultTransport
	}
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

// ForEndpoint returns a client for another endpoint (the IAM endpoint) that
// shares this one's http.Client (and so its connections), logger, rate
// limiter, retry policy and retry budget, user agent and size limit. It has
// no credentials of its own: calls pass them with WithCredentials.
func (c *Client) ForEndpoint(endpoint string) (*Client, error) {
	cfg := c.cfg
	cfg.Endpoint = endpoint
	cfg.HTTPClient = c.rc.GetClient()
	cfg.Credentials = nil
	cfg.Language = ""
	cfg.CorrectClockSkew = false
	// The flow-control table is the partner API's (fci_00001); IAM is
	// another service with limits of its own, and tokens are cached.
	cfg.Pacing = Pacing{Disabled: true}
	p := c.retry
	cfg.Retry = &p
	n, err := New(cfg)
	if err != nil {
		return nil, err
	}
	n.budget = c.budget
	return n, nil
}

// SetIAMEngine makes e the engine that token credentials applied by c use
// for their IAM calls: c passes it to them in the context of every Apply
// (IAMEngineFrom). Call it before c is used.
func (c *Client) SetIAMEngine(e *Client) { c.iamEngine = e }

// IAMEngineFrom returns the IAM engine of the client that is applying
// credentials with ctx, or nil outside such a call (credentials used on
// their own keep their own IAM client).
func IAMEngineFrom(ctx context.Context) *Client {
	if st, ok := ctx.Value(stateKey).(*attemptState); ok {
		return st.iamEngine
	}
	return nil
}

// HTTPClient returns the http.Client underneath, e.g. to mock it in tests.
func (c *Client) HTTPClient() *http.Client { return c.rc.GetClient() }

// Site returns the site the client talks to.
func (c *Client) Site() core.Site { return c.site }

func strconvQuote(s string) string { return "\"" + s + "\"" }

// Endpoint returns the base URL.
func (c *Client) Endpoint() string { return c.endpoint }

// preRequest fixes the body and headers of the final *http.Request of every
// attempt, authenticates it, and then attaches the connection trace.
func (c *Client) preRequest(_ *resty.Client, r *http.Request) error {
	ctx := r.Context()
	// A context that is already done is reported as such, not as a
	// failure of the credentials.
	if err := ctx.Err(); err != nil {
		return &ctxDoneError{err: err}
	}
	// The attempt's state reaches token credentials too: they obtain their
	// tokens through its IAM engine (see IAMEngineFrom).
	st, _ := ctx.Value(stateKey).(*attemptState)
	var body []byte
	if st != nil {
		body = st.body
		setHeaders(r.Header, st.lang)
	} else {
		setHeaders(r.Header, "")
	}
	setBody(r, body)
	creds := c.cfg.Credentials
	if st != nil && st.credsSet {
		creds = st.creds
	}
	if creds != nil {
		if st != nil {
			// Connections a token fetch opens with this context are not
			// the request's own: the trace ignores them.
			st.applying.Store(true)
		}
		err := creds.Apply(ctx, r, body)
		if st != nil {
			st.applying.Store(false)
		}
		if err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return &ctxDoneError{err: err}
			}
			return &applyError{err: err}
		}
	}
	if st != nil {
		st.header = r.Header
		st.url = r.URL
	}
	return nil
}

type silentLogger struct{}

func (silentLogger) Errorf(string, ...interface{}) {}
func (silentLogger) Warnf(string, ...interface{})  {}
func (silentLogger) Debugf(string, ...interface{}) {}
