package sandbox_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// base is the fixed date the test worlds are seeded around.
var base = time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC)

// clock is a settable clock shared by the sandbox and the test clients.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// env is a sandbox behind httptest with a partner client.
type env struct {
	t      *testing.T
	s      *sandbox.Server
	url    string
	clk    *clock
	client *partnersdk.Client
	ctx    context.Context
}

func newEnv(t *testing.T, cfg sandbox.Config) *env {
	t.Helper()
	clk := &clock{now: base.Add(10 * time.Hour)}
	if cfg.Seed == 0 {
		cfg.Seed = 7
	}
	if cfg.BaseDate.IsZero() {
		cfg.BaseDate = base
	}
	cfg.Now = clk.Now
	s, err := sandbox.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	creds, err := s.Credentials(auth.WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	c, err := partnersdk.New(creds, partnersdk.WithEndpoint(hs.URL), partnersdk.WithoutRetries(), partnersdk.WithoutPacing())
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, s: s, url: hs.URL, clk: clk, client: c, ctx: context.Background()}
}

// customerClient acts in a customer's account through the sandbox's agency.
func (e *env) customerClient(customerID string) *partnersdk.Client {
	e.t.Helper()
	creds, err := e.s.Credentials(auth.WithClock(e.clk.Now))
	if err != nil {
		e.t.Fatal(err)
	}
	iam, err := auth.NewIAM(auth.WithEndpoint(e.url))
	if err != nil {
		e.t.Fatal(err)
	}
	tok, err := auth.NewAgencyToken(creds, auth.Domain{ID: customerID}, e.s.Info().AgencyName, auth.WithIAMClient(iam), auth.WithClock(e.clk.Now))
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := partnersdk.New(tok, partnersdk.WithEndpoint(e.url), partnersdk.WithoutRetries(), partnersdk.WithoutPacing())
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// resaleCustomer returns the n-th verified direct resale customer.
func (e *env) resaleCustomer(n int) customer.CustomerInformation {
	e.t.Helper()
	i := 0
	for ci, err := range e.client.Customer.ListSubCustomersAll(e.ctx, &customer.ListSubCustomersRequest{
		AssociationType: partnersdk.Ptr(customer.AssociationTypeResale), Limit: partnersdk.Int32(100),
	}) {
		if err != nil {
			e.t.Fatal(err)
		}
		if ci.VerifiedStatus != customer.VerifiedStatusVerified {
			continue
		}
		if i == n {
			return ci
		}
		i++
	}
	e.t.Fatal("not enough resale customers")
	return customer.CustomerInformation{}
}

// partnerCash returns the partner's cash balance (and designated part).
func (e *env) partnerCash() decimal.Decimal {
	e.t.Helper()
	res, err := e.client.Partner.ListPartnerBalances(e.ctx, &partner.ListPartnerBalancesRequest{})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, b := range res.AccountBalances {
		if b.AccountType == partner.AccountTypeBalance {
			return b.Amount
		}
	}
	e.t.Fatal("no cash account")
	return decimal.Zero
}

// customerCash returns a resale customer's balance as the partner sees it.
func (e *env) customerCash(id string) decimal.Decimal {
	e.t.Helper()
	res, err := e.client.Partner.ListCustomersBalancesDetail(e.ctx, &partner.ListCustomersBalancesDetailRequest{
		CustomerInfos: []partner.CustomerInfoV2{{CustomerID: id}},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(res.CustomerBalances) != 1 {
		e.t.Fatalf("no balance for %s", id)
	}
	return res.CustomerBalances[0].Amount
}

func money(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// requireCode fails unless err is an *APIError with the given status and code.
func requireCode(t *testing.T, err error, status int, code string) *partnersdk.APIError {
	t.Helper()
	var ae *partnersdk.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want API error %s, got %v", code, err)
	}
	if ae.StatusCode != status || ae.Code != code {
		t.Fatalf("want HTTP %d %s, got %v", status, code, err)
	}
	if ae.RequestID == "" {
		t.Fatalf("no request id in %v", err)
	}
	return ae
}

func requireEqualMoney(t *testing.T, what string, want, got decimal.Decimal) {
	t.Helper()
	if !want.Equal(got) {
		t.Fatalf("%s: want %s, got %s", what, want.StringFixed(2), got.StringFixed(2))
	}
}
