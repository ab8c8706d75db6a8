// Package transport is the one call path of the SDK: every service method
// ends in Client.Do, which validates the request, builds the URL, query and
// JSON body, authenticates every attempt, sends through resty, applies the
// retry policy, and decodes the answer into the typed response or a typed
// error.
package transport

import (
	"crypto/tls"
	"errors"
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
	site     core.Site
}

// DefaultMaxResponseBytes is the default cap on a response body.
const DefaultMaxResponseBytes = 32 << 20

type ctxKey int

const bodyKey ctxKey = 1

// New builds a Client from cfg.
func New(cfg Config) (*Client, error) {
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
		c.now = time.Now
	}
	if cfg.Retry != nil {
		c.retry = cfg.Retry.WithDefaults()
	} else {
		c.retry = DefaultRetryPolicy()
	}
	c.budget = newBudget(c.retry.Budget)

	rc := resty.NewWithClient(hc)
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
	tr := http.DefaultTransport.(*http.Transport).Clone()
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

// HTTPClient returns the http.Client underneath, e.g. to mock it in tests.
func (c *Client) HTTPClient() *http.Client { return c.rc.GetClient() }

// Site returns the site the client talks to.
func (c *Client) Site() core.Site { return c.site }

func strconvQuote(s string) string { return "\"" + s + "\"" }

// Endpoint returns the base URL.
func (c *Client) Endpoint() string { return c.endpoint }

// preRequest authenticates the final *http.Request of every attempt.
func (c *Client) preRequest(_ *resty.Client, r *http.Request) error {
	if c.cfg.Credentials == nil {
		return nil
	}
	body, _ := r.Context().Value(bodyKey).([]byte)
	if err := c.cfg.Credentials.Apply(r.Context(), r, body); err != nil {
		return &applyError{err: err}
	}
	return nil
}

type silentLogger struct{}

func (silentLogger) Errorf(string, ...interface{}) {}
func (silentLogger) Warnf(string, ...interface{})  {}
func (silentLogger) Debugf(string, ...interface{}) {}
