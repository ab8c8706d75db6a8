package saml

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// CustomerFunc tells the IdP who the logged-in customer of the partner
// platform is. It runs after the SAMLRequest verified, with the browser's
// request r (cookies and session included) and the verified request.
//
// When nobody is logged in, it can write its own answer to w, for example a
// redirect to the platform's login page that later sends the browser back
// to r.URL, and return ErrHandled. Any other error makes the handler answer
// 500 without details. A replayed request is only detected after this
// function returned, so it should look the session up and have no other
// side effects.
type CustomerFunc func(w http.ResponseWriter, r *http.Request, req *AuthnRequest) (*Customer, error)

// IdPConfig configures the partner platform's identity provider.
type IdPConfig struct {
	// EntityID is the IdP entityID of the uploaded IdP metadata. Required.
	EntityID string
	// SSOURL is the public URL of the IdP handler, the SingleSignOnService
	// location of the uploaded metadata. A request whose Destination differs
	// is rejected. Required.
	SSOURL string
	// Key signs the assertions: an RSA private key of at least 2048 bits,
	// usually an *rsa.PrivateKey (for example tls.X509KeyPair(...).PrivateKey),
	// or any crypto.Signer backed by RSA such as an HSM. Required.
	Key crypto.Signer
	// Certificate holds Key's public key; it is the certificate of the
	// uploaded IdP metadata. Required.
	Certificate *x509.Certificate
	// SP is Huawei's SP metadata. Required.
	SP *SPMetadata
	// Customer resolves the logged-in customer. Required for ServeHTTP; not
	// used by ParseRequest and Respond.
	Customer CustomerFunc

	// ClockSkew is how far in the future an IssueInstant may lie, and how
	// far before now the assertion's NotBefore is set. Default 2 minutes.
	ClockSkew time.Duration
	// MaxRequestAge is how old a SAMLRequest may be. Default 5 minutes.
	MaxRequestAge time.Duration
	// AssertionLifetime sets NotOnOrAfter of the assertion. Default 5
	// minutes.
	AssertionLifetime time.Duration
	// ReplayStore records answered request IDs. A request is accepted for
	// at most MaxRequestAge after its IssueInstant (which may lie up to
	// ClockSkew ahead), so an ID is kept for MaxRequestAge plus twice
	// ClockSkew: the acceptance window plus room for clocks that differ
	// between the instances of a fleet. After that the request is stale on
	// its own. A fleet shares one store (see ReplayStore). Default:
	// NewMemoryReplayStore(DefaultReplayStoreSize, Now).
	ReplayStore ReplayStore
	// SignResponse also signs the outer Response element. Huawei documents
	// only the signed assertion, which is always produced.
	SignResponse bool
	// Now supplies the time; default time.Now.
	Now func() time.Time
	// Logger receives one record per rejected or answered request: request
	// ID, reason and status, never keys, signatures, assertions or
	// attribute values. Default: no logging.
	Logger *slog.Logger
}

// String describes the configuration; the key is never printed.
func (c IdPConfig) String() string {
	return fmt.Sprintf("IdPConfig{EntityID:%q SSOURL:%q Key:[redacted] SP:%v}", c.EntityID, c.SSOURL, c.SP)
}

// GoString is String, so %#v does not print the key either.
func (c IdPConfig) GoString() string { return c.String() }

// LogValue keeps the key out of log/slog records.
func (c IdPConfig) LogValue() slog.Value {
	return slog.GroupValue(slog.String("entity_id", c.EntityID), slog.String("sso_url", c.SSOURL), slog.String("key", "[redacted]"))
}

// IdP is the partner platform acting as SAML identity provider for Huawei
// Cloud. It is an http.Handler for the SingleSignOnService URL and is safe
// for concurrent use.
type IdP struct {
	cfg    IdPConfig
	sp     *SPMetadata
	signer crypto.Signer
	cert   *x509.Certificate
	replay ReplayStore
	log    *slog.Logger
}

// NewIdP checks cfg and returns the IdP.
func NewIdP(cfg IdPConfig) (*IdP, error) {
	if cfg.EntityID == "" || len(cfg.EntityID) > 1024 || hasControl(cfg.EntityID) {
		return nil, &ConfigError{Field: "EntityID", Reason: "must be 1 to 1024 printable characters"}
	}
	if !isHTTPURL(cfg.SSOURL) {
		return nil, &ConfigError{Field: "SSOURL", Reason: "must be an absolute http(s) URL"}
	}
	if err := cfg.SP.validate("SP"); err != nil {
		return nil, err
	}
	if len(cfg.SP.AssertionConsumerServices) == 0 {
		return nil, &ConfigError{Field: "SP.AssertionConsumerServices", Reason: "no assertion consumer service"}
	}
	if cfg.Key == nil {
		return nil, &ConfigError{Field: "Key", Reason: "is required"}
	}
	if err := checkRSACert(cfg.Certificate); err != nil {
		return nil, &ConfigError{Field: "Certificate", Reason: err.Error()}
	}
	pub, ok := cfg.Key.Public().(*rsa.PublicKey)
	if !ok {
		return nil, &ConfigError{Field: "Key", Reason: "is not an RSA key"}
	}
	if !pub.Equal(cfg.Certificate.PublicKey) {
		return nil, &ConfigError{Field: "Certificate", Reason: "does not hold Key's public key"}
	}
	for _, d := range []struct {
		name string
		v    *time.Duration
		def  time.Duration
	}{
		{"ClockSkew", &cfg.ClockSkew, DefaultClockSkew},
		{"MaxRequestAge", &cfg.MaxRequestAge, DefaultMaxRequestAge},
		{"AssertionLifetime", &cfg.AssertionLifetime, DefaultAssertionLifetime},
	} {
		if *d.v < 0 {
			return nil, &ConfigError{Field: d.name, Reason: "must not be negative"}
		}
		if *d.v == 0 {
			*d.v = d.def
		}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ReplayStore == nil {
		cfg.ReplayStore = NewMemoryReplayStore(DefaultReplayStoreSize, cfg.Now)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(discardHandler{})
	}
	return &IdP{cfg: cfg, sp: cfg.SP, signer: cfg.Key, cert: cfg.Certificate, replay: cfg.ReplayStore, log: log}, nil
}

// String describes the IdP without its key.
func (p *IdP) String() string {
	if p == nil {
		return "IdP(nil)"
	}
	return "IdP(" + p.cfg.EntityID + ")"
}

func (p *IdP) now() time.Time { return p.cfg.Now() }

// Metadata returns the IdP metadata for this configuration (see
// GenerateIdPMetadata).
func (p *IdP) Metadata() ([]byte, error) {
	return GenerateIdPMetadata(IdPMetadataConfig{EntityID: p.cfg.EntityID, SSOURL: p.cfg.SSOURL, Certificate: p.cert})
}

// Respond answers a verified request for customer c: it validates c,
// records req.ID in the replay store (a second answer to the same request
// fails with ErrReplayed; a store failure with ErrReplayStoreUnavailable),
// and builds the signed SAMLResponse. When req asks for a NameID format the
// IdP cannot produce (see NameIDFormatSupported), the response carries the
// status Requester/InvalidNameIDPolicy and no assertion, and c is not used
// (it may be nil). ctx bounds the replay-store call.
func (p *IdP) Respond(ctx context.Context, req *AuthnRequest, c *Customer) (*Response, error) {
	if req == nil || req.verifiedBy != p {
		return nil, newError(ErrNotVerified, "use the AuthnRequest returned by ParseRequest")
	}
	policyOK := NameIDFormatSupported(req.NameIDFormat)
	if policyOK {
		if err := c.Validate(); err != nil {
			return nil, &Error{Kind: ErrInvalidCustomer, Detail: err.Error(), Err: err}
		}
	}
	now := p.now()
	if req.IssueInstant.Before(now.Add(-p.cfg.MaxRequestAge)) {
		return nil, newError(ErrStale, "AuthnRequest is older than the maximum request age")
	}
	key := "authn:" + req.ID
	fresh, err := p.replay.Use(ctx, key, p.cfg.MaxRequestAge+2*p.cfg.ClockSkew)
	if err != nil {
		return nil, storeError(err)
	}
	if !fresh {
		return nil, newError(ErrReplayed, "AuthnRequest ID was already answered")
	}
	resp := &Response{URL: req.AssertionConsumerServiceURL, RelayState: req.RelayState}
	var doc []byte
	if policyOK {
		doc, resp.ID, resp.AssertionID, err = p.buildResponse(req, c, now)
		resp.Status = statusSuccess
	} else {
		doc, resp.ID, err = p.buildStatusResponse(req, statusInvalidNameIDPolicy, now)
		resp.Status, resp.SubStatus = statusRequester, statusInvalidNameIDPolicy
	}
	if err != nil {
		_ = p.replay.Forget(ctx, key)
		return nil, err
	}
	resp.SAMLResponse = base64Std(doc)
	return resp, nil
}

// ServeHTTP handles the SingleSignOnService URL: ParseRequest, the
// configured CustomerFunc, Respond, and the auto-submitting form. Rejected
// requests get the status of HTTPStatus and a one-line text body naming the
// failed check.
func (p *IdP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p.cfg.Customer == nil {
		p.log.LogAttrs(r.Context(), slog.LevelError, "saml: IdP has no CustomerFunc")
		writeError(w, errors.New("no customer function"), http.MethodGet)
		return
	}
	req, err := p.ParseRequest(r)
	if err != nil {
		p.reject(r, "", err)
		writeError(w, err, http.MethodGet)
		return
	}
	if !NameIDFormatSupported(req.NameIDFormat) {
		// Nothing to ask the platform: the answer is the error status.
		p.answer(w, r, req, nil)
		return
	}
	c, err := p.cfg.Customer(w, r, req)
	if errors.Is(err, ErrHandled) {
		p.log.LogAttrs(r.Context(), slog.LevelInfo, "saml: customer function answered", slog.String("request_id", req.ID))
		return
	}
	if err == nil && c == nil {
		err = errors.New("customer function returned no customer")
	}
	if err != nil {
		p.log.LogAttrs(r.Context(), slog.LevelError, "saml: customer function failed", slog.String("request_id", req.ID), slog.String("error", err.Error()))
		writeError(w, err, http.MethodGet)
		return
	}
	p.answer(w, r, req, c)
}

// answer responds to req for c and writes the auto-submitting form.
func (p *IdP) answer(w http.ResponseWriter, r *http.Request, req *AuthnRequest, c *Customer) {
	resp, err := p.Respond(r.Context(), req, c)
	if err != nil {
		p.reject(r, req.ID, err)
		writeError(w, err, http.MethodGet)
		return
	}
	if err := resp.WriteForm(w); err != nil {
		p.log.LogAttrs(r.Context(), slog.LevelWarn, "saml: writing response form failed", slog.String("request_id", req.ID), slog.String("error", err.Error()))
		return
	}
	p.log.LogAttrs(r.Context(), slog.LevelInfo, "saml: login answered",
		slog.String("request_id", req.ID), slog.String("response_id", resp.ID), slog.String("status", resp.Status),
		slog.String("sub_status", resp.SubStatus), slog.String("acs", resp.URL))
}

func (p *IdP) reject(r *http.Request, id string, err error) {
	attrs := []slog.Attr{slog.Int("status", HTTPStatus(err)), slog.String("reason", err.Error())}
	if id != "" {
		attrs = append(attrs, slog.String("request_id", id))
	}
	attrs = appendStoreCause(attrs, err)
	p.log.LogAttrs(r.Context(), slog.LevelWarn, "saml: SAMLRequest rejected", attrs...)
}

// appendStoreCause adds the replay store's own error to a log record when
// the store failed: operators need it, the client's answer leaves it out.
func appendStoreCause(attrs []slog.Attr, err error) []slog.Attr {
	var e *Error
	if errors.As(err, &e) && e.Kind == ErrReplayStoreUnavailable && e.Err != nil {
		attrs = append(attrs, slog.String("cause", e.Err.Error()))
	}
	return attrs
}

// discardHandler drops every record (slog.DiscardHandler needs Go 1.24).
type discardHandler struct{}

// Enabled reports false for every level.
func (discardHandler) Enabled(context.Context, slog.Level) bool { return false }

// Handle drops the record.
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }

// WithAttrs returns the same handler.
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler { return d }

// WithGroup returns the same handler.
func (d discardHandler) WithGroup(string) slog.Handler { return d }
