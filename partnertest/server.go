package partnertest

import (
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
)

// The key pair a server accepts unless WithKeyPair sets another.
const (
	DefaultAK = "HCPSANDBOXAK00000001"
	DefaultSK = "sandbox-secret-key-0123456789abcdefghij"
)

// DefaultCustomers is the number of sub-customers of the default world:
// few enough that NewServer starts in a few milliseconds.
const DefaultCustomers = 20

// Option configures NewServer.
type Option func(*config)

type config struct {
	sb   sandbox.Config
	site partnersdk.Site
}

// WithSite makes the server behave like the gateway of one site: it answers
// only the operations that site documents (the others get 404
// APIGW.0101), and the clients it builds (Client, CustomerClient,
// PasswordClient) are for that site. Without it the server answers every
// operation and its clients are for the Chinese site.
func WithSite(site partnersdk.Site) Option {
	return func(c *config) { c.sb.Site, c.site = string(site), site }
}

// WithSeed selects the seeded world (1 by default). The same seed gives
// the same IDs, names and amounts; dates are anchored to the base date.
func WithSeed(seed int64) Option { return func(c *config) { c.sb.Seed = seed } }

// WithCustomers sets the number of seeded sub-customers (DefaultCustomers).
func WithCustomers(n int) Option { return func(c *config) { c.sb.Customers = n } }

// WithBaseDate anchors the seeded dates (association times, expiry dates,
// bill months) to a day; by default the current UTC day.
func WithBaseDate(t time.Time) Option { return func(c *config) { c.sb.BaseDate = t } }

// WithClock replaces the server's clock, which checks X-Sdk-Date and token
// expiry, stamps new records and decides when delayed outcomes complete.
// A client signing with the real time must stay within 15 minutes of it.
func WithClock(now func() time.Time) Option { return func(c *config) { c.sb.Now = now } }

// WithKeyPair sets the only AK/SK pair the server accepts.
func WithKeyPair(ak, sk string) Option { return func(c *config) { c.sb.AK, c.sb.SK = ak, sk } }

// WithReviewDelay keeps a real-name application that needs manual review
// under review for d before it is decided (0, the default: decided at
// once), so that code waiting for the review can be tested.
func WithReviewDelay(d time.Duration) Option { return func(c *config) { c.sb.ReviewDelay = d } }

// WithAssociationDelay makes a sub-customer created through
// CreateSubCustomer become associated with the partner only after d: until
// then it is not listed and cannot be funded (0, the default: at once).
func WithAssociationDelay(d time.Duration) Option {
	return func(c *config) { c.sb.AssociationDelay = d }
}

// WithLogger logs one record per request the server answers.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.sb.Logger = l } }

// Server is an in-process sandbox of the partner API for tests: it checks
// SDK-HMAC-SHA256 signatures and IAM tokens like the gateway does,
// enforces the documented request limits, keeps a seeded, stateful world
// of sub-customers, balances, coupons, orders, resources and bills with
// exact amounts, and answers every operation of the SDK. Start one with
// NewServer.
type Server struct {
	// URL is the base URL of the server, e.g. "http://127.0.0.1:41234". It
	// serves the API and, at /v3/auth/tokens, the IAM token operations.
	URL string
	// AK and SK are the key pair the server accepts.
	AK, SK string
	// DomainID and DomainName are the partner's account.
	DomainID, DomainName string
	// UserName and Password are the partner's IAM user (password tokens).
	UserName, Password string
	// AgencyName is the agency every sub-customer created for the partner;
	// assume_role accepts it for any sub-customer (see CustomerClient).
	AgencyName string
	// XAccountType is the partner's platform identifier, required by
	// CreateSubCustomer and the real-name operations.
	XAccountType string
	// CustomerID is a seeded resale sub-customer of the partner that has
	// bills, resources and orders (more than 1,000 bill records a month).
	CustomerID string
	// BaseDate is the day the seeded dates are anchored to.
	BaseDate time.Time

	tb      testing.TB // nil on a server from Start
	sb      *sandbox.Server
	now     func() time.Time // WithClock's clock, nil for the real one
	closeFn func()
	site    partnersdk.Site

	mu     sync.Mutex
	faults map[string][]*Fault
	calls  map[string]int
}

// NewServer starts a server on a free loopback port and stops it when the
// test ends (tb.Cleanup). It fails the test if the server cannot start.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := build(tb, opts)
	if err != nil {
		tb.Fatalf("partnertest: %v", err)
	}
	hs := httptest.NewServer(s.handler(s.sb.Handler()))
	s.URL, s.closeFn = hs.URL, hs.Close
	tb.Cleanup(hs.Close)
	return s
}

// build makes a server that does not listen yet.
func build(tb testing.TB, opts []Option) (*Server, error) {
	var c config
	c.sb.Seed = 1
	c.sb.AK, c.sb.SK = DefaultAK, DefaultSK
	c.sb.Customers = DefaultCustomers
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	sb, err := sandbox.New(c.sb)
	if err != nil {
		return nil, err
	}
	s := &Server{tb: tb, sb: sb, now: c.sb.Now, site: c.site, faults: map[string][]*Fault{}, calls: map[string]int{}}
	info := sb.Info()
	s.AK, s.SK = info.AK, info.SK
	s.DomainID, s.DomainName = info.DomainID, info.DomainName
	s.UserName, s.Password = info.UserName, info.Password
	s.AgencyName, s.XAccountType = info.AgencyName, info.XAccountType
	s.CustomerID, s.BaseDate = info.HeavyCustomerID, info.BaseDate
	return s, nil
}

// fatalf fails the test; on a server from Start (no test) it reports on
// standard error, and the helper returns its zero value.
func (s *Server) fatalf(format string, args ...any) {
	if s.tb == nil {
		fmt.Fprintf(os.Stderr, format+"\n", args...)
		return
	}
	s.tb.Helper()
	s.tb.Fatalf(format, args...)
}

// Credentials returns AK/SK credentials the server accepts, carrying the
// partner's account ID. With WithClock they sign with the server's clock
// (opts may override it). It fails the test on error.
func (s *Server) Credentials(opts ...auth.AKSKOption) *auth.AKSK {
	if s.tb != nil {
		s.tb.Helper()
	}
	if s.now != nil {
		opts = append([]auth.AKSKOption{auth.WithClock(s.now)}, opts...)
	}
	creds, err := s.sb.Credentials(opts...)
	if err != nil {
		s.fatalf("partnertest: credentials: %v", err)
	}
	return creds
}

// Client returns an SDK client that talks to the server as the partner,
// signing with the server's key pair. It paces as the server enforces flow
// control: not at all by default, at the time-scaled documented rates with
// WithFlowControl. opts come after the endpoint and pacing, so they may add
// a logger, a retry policy or an HTTP client. It fails the
// test on error.
func (s *Server) Client(opts ...partnersdk.Option) *partnersdk.Client {
	if s.tb != nil {
		s.tb.Helper()
	}
	all := append([]partnersdk.Option{partnersdk.WithEndpoint(s.URL), s.siteOption(), s.sb.PacingOption()}, opts...)
	c, err := partnersdk.New(s.Credentials(), all...)
	if err != nil {
		s.fatalf("partnertest: client: %v", err)
	}
	return c
}

// siteOption is the client option of the server's site (nil without
// WithSite: the client's default, the Chinese site).
func (s *Server) siteOption() partnersdk.Option {
	if s.site == "" {
		return nil
	}
	return partnersdk.WithSite(s.site)
}

// IAM returns an IAM client for the server's token endpoint, for token
// credentials (auth.WithIAMClient).
func (s *Server) IAM() *auth.IAM {
	if s.tb != nil {
		s.tb.Helper()
	}
	iam, err := auth.NewIAM(auth.WithEndpoint(s.URL))
	if err != nil {
		s.fatalf("partnertest: IAM client: %v", err)
	}
	return iam
}

// CustomerClient returns an SDK client acting in a sub-customer's own
// account: an agency token (IAM assume_role with AgencyName) obtained from
// the server with the partner's credentials, as a partner reaches its
// customers' accounts. It fails the test on error.
func (s *Server) CustomerClient(customerID string, opts ...partnersdk.Option) *partnersdk.Client {
	if s.tb != nil {
		s.tb.Helper()
	}
	creds, err := auth.NewAgencyToken(s.Credentials(), auth.Domain{ID: customerID}, s.AgencyName, s.tokenOptions()...)
	if err != nil {
		s.fatalf("partnertest: agency token: %v", err)
	}
	all := append([]partnersdk.Option{partnersdk.WithEndpoint(s.URL), s.siteOption(), s.sb.PacingOption()}, opts...)
	c, err := partnersdk.New(creds, all...)
	if err != nil {
		s.fatalf("partnertest: client: %v", err)
	}
	return c
}

// PasswordClient returns an SDK client authenticated by an IAM password
// token of the partner's user (UserName, Password, DomainName), obtained
// from the server. It fails the test on error.
func (s *Server) PasswordClient(opts ...partnersdk.Option) *partnersdk.Client {
	if s.tb != nil {
		s.tb.Helper()
	}
	creds, err := auth.NewPasswordToken(s.UserName, s.Password, s.DomainName, s.tokenOptions()...)
	if err != nil {
		s.fatalf("partnertest: password token: %v", err)
	}
	all := append([]partnersdk.Option{partnersdk.WithEndpoint(s.URL), s.siteOption(), s.sb.PacingOption()}, opts...)
	c, err := partnersdk.New(creds, all...)
	if err != nil {
		s.fatalf("partnertest: client: %v", err)
	}
	return c
}

// tokenOptions point token credentials at the server's IAM side and, with
// WithClock, at the server's clock.
func (s *Server) tokenOptions() []auth.TokenOption {
	opts := []auth.TokenOption{auth.WithIAMClient(s.IAM())}
	if s.now != nil {
		opts = append(opts, auth.WithClock(s.now))
	}
	return opts
}

// Close stops the server: before the test ends (NewServer already
// arranges for it to stop then), or a server from Start. It is safe to
// call more than once.
func (s *Server) Close() { s.closeFn() }
