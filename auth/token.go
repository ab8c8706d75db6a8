package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Defaults of the token cache.
const (
	// DefaultRefreshMargin is how long before expiry a cached token is
	// replaced.
	DefaultRefreshMargin = 5 * time.Minute
	// DefaultMaxLifetime is the longest a token is used, whatever its
	// expires_at says. IAM tokens last 24 hours.
	DefaultMaxLifetime = 23 * time.Hour
	// DefaultRefreshTimeout bounds one call to IAM made to refresh a token.
	DefaultRefreshTimeout = time.Minute
)

// tokenConfig collects the TokenOptions.
type tokenConfig struct {
	clock          func() time.Time
	margin         time.Duration
	maxLifetime    time.Duration
	refreshTimeout time.Duration
	scope          *Scope
	iam            *IAM
	// iamExplicit is set by WithIAMClient: the caller chose the IAM
	// client, so the engine handed over by partnersdk.New is not used.
	iamExplicit bool
}

func newTokenConfig(opts []TokenOption) (*tokenConfig, error) {
	cfg := &tokenConfig{
		clock:          time.Now,
		margin:         DefaultRefreshMargin,
		maxLifetime:    DefaultMaxLifetime,
		refreshTimeout: DefaultRefreshTimeout,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o.applyToken(cfg); err != nil {
			return nil, err
		}
	}
	if cfg.margin >= cfg.maxLifetime {
		return nil, fmt.Errorf("auth: refresh margin (%s) must be shorter than the maximum token lifetime (%s)", cfg.margin, cfg.maxLifetime)
	}
	if cfg.iam == nil {
		iam, err := NewIAM()
		if err != nil {
			return nil, err
		}
		cfg.iam = iam
	}
	return cfg, nil
}

// WithRefreshMargin sets how long before its expiry a cached token is
// replaced by a new one (DefaultRefreshMargin by default). It must not be
// negative and must be shorter than the maximum lifetime.
func WithRefreshMargin(d time.Duration) TokenOption {
	return tokenOptionFunc(func(c *tokenConfig) error {
		if d < 0 {
			return errors.New("auth: WithRefreshMargin: negative margin")
		}
		c.margin = d
		return nil
	})
}

// WithMaxLifetime sets the longest time a token is used after it was
// obtained, even if IAM says it lasts longer (DefaultMaxLifetime by
// default). For agency tokens this is the "duration" of the assumed role:
// the IAM agency token call has no duration parameter (its tokens last 24
// hours), so the limit is applied on the client, which then assumes the
// agency again.
func WithMaxLifetime(d time.Duration) TokenOption {
	return tokenOptionFunc(func(c *tokenConfig) error {
		if d <= 0 {
			return errors.New("auth: WithMaxLifetime: lifetime must be positive")
		}
		c.maxLifetime = d
		return nil
	})
}

// WithRefreshTimeout bounds each IAM call made to obtain a token
// (DefaultRefreshTimeout by default). Callers waiting for the token are also
// bounded by their own contexts.
func WithRefreshTimeout(d time.Duration) TokenOption {
	return tokenOptionFunc(func(c *tokenConfig) error {
		if d <= 0 {
			return errors.New("auth: WithRefreshTimeout: timeout must be positive")
		}
		c.refreshTimeout = d
		return nil
	})
}

// WithScope sets what the token may act on. Without it a password token is
// scoped to the user's account and an agency token to the customer's account,
// which is what global services such as BSS need.
func WithScope(s Scope) TokenOption {
	return tokenOptionFunc(func(c *tokenConfig) error {
		if err := s.validate(); err != nil {
			return err
		}
		c.scope = &s
		return nil
	})
}

// WithIAMClient sets the IAM client that obtains tokens, for example one
// with another endpoint or *http.Client. By default NewIAM() is used. For
// agency tokens, the client's own caller credentials are replaced by the base
// credentials given to NewAgencyToken.
func WithIAMClient(iam *IAM) TokenOption {
	return tokenOptionFunc(func(c *tokenConfig) error {
		if iam == nil {
			return errNilIAM
		}
		c.iam = iam
		c.iamExplicit = true
		return nil
	})
}

// Scope selects what a token can be used for: an account (domain) by ID or
// name, or a project by ID or name. Set the domain fields or the project
// fields, not both. Global services such as BSS need an account scope.
type Scope struct {
	DomainID    string
	DomainName  string
	ProjectID   string
	ProjectName string
}

func (s Scope) hasDomain() bool  { return s.DomainID != "" || s.DomainName != "" }
func (s Scope) hasProject() bool { return s.ProjectID != "" || s.ProjectName != "" }

func (s Scope) validate() error {
	switch {
	case s.hasDomain() && s.hasProject():
		return errors.New("auth: scope: set a domain or a project, not both")
	case !s.hasDomain() && !s.hasProject():
		return errors.New("auth: scope: empty; set a domain ID or name, or a project ID or name")
	}
	return nil
}

func (s Scope) authScope() *AuthScope {
	if s.hasProject() {
		return &AuthScope{Project: &AuthScopeProject{ID: s.ProjectID, Name: s.ProjectName}}
	}
	return &AuthScope{Domain: &AuthScopeDomain{ID: s.DomainID, Name: s.DomainName}}
}

func (s Scope) agencyScope() *AgencyTokenScope {
	if s.hasProject() {
		return &AgencyTokenScope{Project: &AgencyTokenScopeProject{ID: s.ProjectID, Name: s.ProjectName}}
	}
	return &AgencyTokenScope{Domain: &AgencyTokenScopeDomain{ID: s.DomainID, Name: s.DomainName}}
}

// issuedToken is what a fetch returns: the token and how long IAM says it
// lasts (0 when unknown).
type issuedToken struct {
	token    string
	lifetime time.Duration
}

// tokenCache holds one token and refreshes it when needed. Concurrent
// callers that find no usable token share a single refresh; each of them
// stops waiting when its own context ends. A failed refresh is reported to
// everyone waiting for it and is not remembered: the next call tries again.
type tokenCache struct {
	fetch   func(ctx context.Context) (issuedToken, error)
	now     func() time.Time
	margin  time.Duration
	maxLife time.Duration
	timeout time.Duration

	mu        sync.Mutex
	token     string
	refreshAt time.Time
	inflight  *refreshCall
}

// refreshCall is one refresh in progress.
type refreshCall struct {
	done    chan struct{} // closed when token and err are set
	token   string
	err     error
	waiters int                // guarded by tokenCache.mu
	cancel  context.CancelFunc // cancels the IAM call
}

func newTokenCache(cfg *tokenConfig, fetch func(context.Context) (issuedToken, error)) *tokenCache {
	return &tokenCache{
		fetch:   fetch,
		now:     cfg.clock,
		margin:  cfg.margin,
		maxLife: cfg.maxLifetime,
		timeout: cfg.refreshTimeout,
	}
}

// get returns a usable token, refreshing it first if needed.
func (c *tokenCache) get(ctx context.Context) (string, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	c.mu.Lock()
	if c.token != "" && c.now().Before(c.refreshAt) {
		tok := c.token
		c.mu.Unlock()
		return tok, nil
	}
	call := c.inflight
	if call == nil {
		// The refresh must outlive the caller that starts it (others may be
		// waiting for it), so it gets its own context: the caller's values,
		// the refresh timeout, and cancellation once nobody waits any more.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.timeout)
		call = &refreshCall{done: make(chan struct{}), cancel: cancel}
		c.inflight = call
		go c.run(fctx, call)
	}
	call.waiters++
	c.mu.Unlock()

	select {
	case <-call.done:
		return call.token, call.err
	case <-ctx.Done():
		c.mu.Lock()
		call.waiters--
		if call.waiters == 0 && c.inflight == call {
			// Nobody wants this result any more: stop the IAM call and let
			// the next caller start afresh.
			c.inflight = nil
			call.cancel()
		}
		c.mu.Unlock()
		return "", ctx.Err()
	}
}

// run performs one refresh and publishes its result.
func (c *tokenCache) run(ctx context.Context, call *refreshCall) {
	defer call.cancel()
	start := c.now()
	it, err := c.safeFetch(ctx)
	if err == nil && it.token == "" {
		err = errors.New("auth: IAM returned no token")
	}
	c.mu.Lock()
	if err == nil {
		c.token = it.token
		c.refreshAt = start.Add(c.useFor(it.lifetime))
		call.token = it.token
	}
	call.err = err
	if c.inflight == call {
		c.inflight = nil
	}
	c.mu.Unlock()
	close(call.done)
}

// safeFetch turns a panic in the fetch function (which may call
// user-supplied base credentials) into an error, since it runs on a
// goroutine of its own where a panic would end the program.
func (c *tokenCache) safeFetch(ctx context.Context) (it issuedToken, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("auth: panic while obtaining a token: %v", r)
		}
	}()
	return c.fetch(ctx)
}

// useFor is how long after the start of the refresh a token is used: its
// lifetime capped at maxLife, minus the refresh margin (or half the
// lifetime if the margin would eat all of it).
func (c *tokenCache) useFor(lifetime time.Duration) time.Duration {
	life := lifetime
	if life <= 0 || life > c.maxLife {
		life = c.maxLife
	}
	if c.margin < life {
		return life - c.margin
	}
	return life / 2
}

// invalidate drops the cached token.
func (c *tokenCache) invalidate() {
	c.mu.Lock()
	c.token = ""
	c.refreshAt = time.Time{}
	c.mu.Unlock()
}

// tokenLifetime derives how long a token lasts from the expires_at and
// issued_at strings of an IAM response. Using the difference of two server
// times keeps local clock skew out of it. It returns 0 when expires_at is
// missing or unreadable (the cache then uses its maximum lifetime), and an
// error when the token is already expired.
func tokenLifetime(expiresAt, issuedAt string, now time.Time) (time.Duration, error) {
	exp, err := ParseIAMTime(expiresAt)
	if err != nil {
		return 0, nil
	}
	var life time.Duration
	if iss, err := ParseIAMTime(issuedAt); err == nil {
		life = exp.Sub(iss)
	} else {
		life = exp.Sub(now)
	}
	if life <= 0 {
		return 0, errors.New("auth: IAM returned a token that has already expired")
	}
	return life, nil
}
