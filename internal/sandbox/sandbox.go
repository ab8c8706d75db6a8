package sandbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
)

// Defaults of Config.
const (
	// DefaultAK is the access key the sandbox accepts unless Config.AK is set.
	DefaultAK = "HCPSANDBOXAK00000001"
	// DefaultSK is the secret key of DefaultAK.
	DefaultSK = "sandbox-secret-key-0123456789abcdefghij"
	// DefaultDomainName is the partner's account name.
	DefaultDomainName = "sandbox-partner"
	// DefaultUserName is the IAM user that password tokens are issued to.
	DefaultUserName = "sandbox-admin"
	// DefaultPassword is that user's password.
	DefaultPassword = "Sandbox-Passw0rd"
	// DefaultAgencyName is the agency every sub-customer created for the
	// partner.
	DefaultAgencyName = "partner_sandbox_agency"
	// DefaultXAccountType is the partner's platform identifier.
	DefaultXAccountType = "sandbox_partner_IDP"
	// DefaultCustomers is the number of seeded sub-customers.
	DefaultCustomers = 300
	// DefaultMaxSkew is the largest accepted X-Sdk-Date skew, as the gateway's.
	DefaultMaxSkew = 15 * time.Minute
	// DefaultTokenTTL is the lifetime of issued IAM tokens, as IAM's.
	DefaultTokenTTL = 24 * time.Hour
)

// Config sets up a sandbox. The zero value is usable: every field has a
// default.
type Config struct {
	// Seed selects the seeded world; the same seed (and BaseDate) gives the
	// same partner, resellers, customers, balances, coupons, orders,
	// resources and bills.
	Seed int64
	// AK and SK are the only key pair the sandbox accepts
	// (DefaultAK/DefaultSK when empty).
	AK, SK string
	// DomainID is the partner's account ID; derived from Seed when empty.
	DomainID string
	// DomainName is the partner's account name (DefaultDomainName).
	DomainName string
	// UserName and Password are the IAM user of the partner account that
	// the IAM endpoint issues password tokens to.
	UserName, Password string
	// AgencyName is the agency every sub-customer has created for the
	// partner; assume_role accepts only this name.
	AgencyName string
	// XAccountType is the platform identifier assigned to the partner,
	// required by CreateSubCustomer and the real-name operations.
	XAccountType string
	// Now is the sandbox's clock, used to check X-Sdk-Date, token expiry and
	// to stamp new records (time.Now when nil).
	Now func() time.Time
	// BaseDate anchors the seeded dates (association times, expiry dates,
	// bill months). Zero means the current UTC day of Now at New.
	BaseDate time.Time
	// Customers is the number of seeded sub-customers (DefaultCustomers).
	Customers int
	// MaxSkew is the largest accepted distance between X-Sdk-Date and Now
	// (DefaultMaxSkew).
	MaxSkew time.Duration
	// TokenTTL is the lifetime of issued IAM tokens (DefaultTokenTTL).
	TokenTTL time.Duration
	// ReviewDelay is how long a real-name application that needs manual
	// review stays under review (0: decided at once).
	ReviewDelay time.Duration
	// AssociationDelay is how long a sub-customer created through
	// CreateSubCustomer stays unassociated: not listed by ListSubCustomers
	// and refused (CBC.0151) by the operations on a customer (0: associated
	// at once).
	AssociationDelay time.Duration
	// Logger, when set, gets one record per request.
	Logger *slog.Logger
	// Site, when set ("cn", "intl" or "eu"), makes the sandbox answer only
	// the operations that site documents (internal/spec/sites.json), like
	// the site's gateway: the others get 404 APIGW.0101. "" answers every
	// operation.
	Site string
	// FlowControl, when set, enforces the documented rate of every
	// operation (see flowcontrol.go).
	FlowControl *FlowControl
}

// Info describes the sandbox's fixed identities: what a client needs to
// authenticate, and well-known objects of the seeded world.
type Info struct {
	// AK and SK: the accepted key pair.
	AK, SK string
	// DomainID and DomainName: the partner's account.
	DomainID, DomainName string
	// UserName and Password: the IAM user for password tokens.
	UserName, Password string
	// AgencyName: the agency name assume_role accepts for every customer.
	AgencyName string
	// XAccountType: the partner's platform identifier.
	XAccountType string
	// HeavyCustomerID is a resale customer with more than 1,000 bill
	// records in every billing month (for pagination tests).
	HeavyCustomerID string
	// BaseDate anchors the seeded dates.
	BaseDate time.Time
}

// Server is a sandbox of the partner API. It is safe for concurrent use.
type Server struct {
	cfg      Config
	ops      []opSpec
	models   map[string][]fieldSpec
	rules    map[string][]ruleSpec
	router   *router
	handlers map[string]handlerFunc
	reqSeq   atomic.Uint64

	mu     sync.Mutex
	w      *world
	tokens map[string]*token

	srvMu   sync.Mutex
	httpSrv *http.Server
	baseURL string
	done    chan struct{}

	mounts atomic.Pointer[[]mount]
	flow   *flowEnforcer // nil: no flow control
}

// mount is a handler served under a path prefix, next to the API.
type mount struct {
	prefix string
	h      http.Handler
}

// Mount serves h for every path that starts with prefix, ahead of the API
// routes; for example the fake Huawei login side of the Web UI mode
// (auth/saml/samltest) under "/authui/saml/". It is safe to call while
// serving.
func (s *Server) Mount(prefix string, h http.Handler) {
	for {
		old := s.mounts.Load()
		var next []mount
		if old != nil {
			next = append(next, *old...)
		}
		next = append(next, mount{prefix: prefix, h: h})
		if s.mounts.CompareAndSwap(old, &next) {
			return
		}
	}
}

// New builds a sandbox with its seeded world. It does not listen; use
// Handler with your own server (for example httptest) or Start.
func New(cfg Config) (*Server, error) {
	switch cfg.Site {
	case "", "cn", "intl", "eu":
	default:
		return nil, fmt.Errorf("sandbox: unknown site %q (want cn, intl or eu)", cfg.Site)
	}
	if cfg.AK == "" {
		cfg.AK = DefaultAK
	}
	if cfg.SK == "" {
		cfg.SK = DefaultSK
	}
	if cfg.DomainName == "" {
		cfg.DomainName = DefaultDomainName
	}
	if cfg.UserName == "" {
		cfg.UserName = DefaultUserName
	}
	if cfg.Password == "" {
		cfg.Password = DefaultPassword
	}
	if cfg.AgencyName == "" {
		cfg.AgencyName = DefaultAgencyName
	}
	if cfg.XAccountType == "" {
		cfg.XAccountType = DefaultXAccountType
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Customers <= 0 {
		cfg.Customers = DefaultCustomers
	}
	if cfg.Customers > 100000 {
		return nil, errors.New("sandbox: at most 100000 customers")
	}
	if cfg.MaxSkew <= 0 {
		cfg.MaxSkew = DefaultMaxSkew
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = DefaultTokenTTL
	}
	if cfg.BaseDate.IsZero() {
		cfg.BaseDate = cfg.Now().UTC()
	}
	cfg.BaseDate = cfg.BaseDate.UTC().Truncate(24 * time.Hour)
	if _, err := auth.NewAKSK(cfg.AK, cfg.SK); err != nil {
		return nil, fmt.Errorf("sandbox: invalid key pair: %w", err)
	}
	tbl, err := specTable()
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:    cfg,
		ops:    tbl.ops,
		models: tbl.models,
		rules:  tbl.rules,
		tokens: map[string]*token{},
	}
	s.router = newRouter(s.ops)
	if s.flow, err = newFlowEnforcer(cfg.FlowControl); err != nil {
		return nil, err
	}
	s.w = seedWorld(&s.cfg)
	s.cfg.DomainID = s.w.partner.id
	s.handlers = s.statefulHandlers()
	s.Mount(RealNameQRPath, http.HandlerFunc(s.serveRealNameQRScan))
	return s, nil
}

// Handler returns the HTTP handler serving the API, the IAM token endpoint
// included.
func (s *Server) Handler() http.Handler { return s.flow.wrap(s, http.HandlerFunc(s.serveHTTP)) }

// Start listens on addr ("127.0.0.1:0" for a free port when empty) and
// serves in the background. It returns the base URL, e.g.
// "http://127.0.0.1:41234".
func (s *Server) Start(addr string) (string, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.httpSrv != nil {
		return "", errors.New("sandbox: already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("sandbox: listen: %w", err)
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	s.httpSrv = srv
	s.baseURL = "http://" + ln.Addr().String()
	s.done = make(chan struct{})
	go func(done chan struct{}) {
		defer close(done)
		_ = srv.Serve(ln)
	}(s.done)
	return s.baseURL, nil
}

// URL returns the base URL after Start, "" before.
func (s *Server) URL() string {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	return s.baseURL
}

// Close stops a server started with Start, waiting up to 5 seconds for
// requests in flight. It is safe to call more than once, and on a server
// that was never started.
func (s *Server) Close() error {
	s.srvMu.Lock()
	srv, done := s.httpSrv, s.done
	s.httpSrv, s.done = nil, nil
	s.srvMu.Unlock()
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(ctx)
	<-done
	return err
}

// Info returns the sandbox's identities and well-known objects.
func (s *Server) Info() Info {
	return Info{
		AK: s.cfg.AK, SK: s.cfg.SK,
		DomainID: s.cfg.DomainID, DomainName: s.cfg.DomainName,
		UserName: s.cfg.UserName, Password: s.cfg.Password,
		AgencyName:      s.cfg.AgencyName,
		XAccountType:    s.cfg.XAccountType,
		HeavyCustomerID: s.w.heavyCustomerID,
		BaseDate:        s.cfg.BaseDate,
	}
}

// Credentials returns AK/SK credentials the sandbox accepts, carrying the
// partner's account ID (X-Domain-Id). opts are added (for example a clock).
func (s *Server) Credentials(opts ...auth.AKSKOption) (*auth.AKSK, error) {
	all := append([]auth.AKSKOption{auth.WithDomainID(s.cfg.DomainID)}, opts...)
	return auth.NewAKSK(s.cfg.AK, s.cfg.SK, all...)
}

// Client returns an SDK client for baseURL (the URL of Start, or of an
// httptest server running Handler) authenticated with Credentials, pacing
// as the sandbox enforces (see PacingOption). opts come after the endpoint
// and pacing options.
func (s *Server) Client(baseURL string, opts ...partnersdk.Option) (*partnersdk.Client, error) {
	creds, err := s.Credentials()
	if err != nil {
		return nil, err
	}
	all := append([]partnersdk.Option{partnersdk.WithEndpoint(baseURL), s.PacingOption()}, opts...)
	return partnersdk.New(creds, all...)
}

// now reads the sandbox clock in UTC.
func (s *Server) now() time.Time { return s.cfg.Now().UTC() }

// PartnerBalance returns the partner's cash balance as it stands now.
func (s *Server) PartnerBalance() decimal.Decimal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.partner.cash.balance
}

// CustomerBalance returns a sub-customer's cash balance; ok is false for
// an unknown customer.
func (s *Server) CustomerBalance(id string) (balance decimal.Decimal, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.w.customerByID[id]
	if c == nil {
		return decimal.Zero, false
	}
	return c.cash.balance, true
}
