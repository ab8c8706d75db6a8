package partnertest_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/partnertest"
)

func fund(ctx context.Context, c *partnersdk.Client, id, amount string) error {
	_, err := c.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: id, Amount: decimal.RequireFromString(amount)})
	return err
}

func TestDefaultWorldIsSmallAndDeterministic(t *testing.T) {
	a, b := partnertest.NewServer(t), partnertest.NewServer(t)
	require.Len(t, a.Customers(), partnertest.DefaultCustomers)
	require.Equal(t, a.Customers(), b.Customers(), "same seed, same world")
	require.Equal(t, a.DomainID, b.DomainID)
	require.NotEqual(t, a.URL, b.URL)
	c := partnertest.NewServer(t, partnertest.WithSeed(2), partnertest.WithCustomers(5))
	require.Len(t, c.Customers(), 5)
	require.NotEqual(t, a.DomainID, c.DomainID)
	got, ok := a.Customer(a.CustomerID)
	require.True(t, ok)
	require.True(t, got.Resale)
}

func TestClientsOfEveryKind(t *testing.T) {
	ctx := context.Background()
	s := partnertest.NewServer(t)
	n := 0
	for _, err := range s.Client().Customer.ListSubCustomersAll(ctx, &customer.ListSubCustomersRequest{}) {
		require.NoError(t, err)
		n++
	}
	own := 0
	for _, c := range s.Customers() {
		if c.ResellerID == "" {
			own++
		}
	}
	require.Equal(t, own, n, "the partner's own customers (the others are its resellers')")

	_, err := s.PasswordClient().Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{})
	require.NoError(t, err)

	cust := s.AddCustomer(partnertest.NewCustomer{AccountName: "acme-test-01", Balance: decimal.RequireFromString("12.34")})
	bal, err := s.CustomerClient(cust.ID).Partner.ShowCustomerAccountBalances(ctx, &partner.ShowCustomerAccountBalancesRequest{})
	require.NoError(t, err)
	require.NotEmpty(t, bal.AccountBalances)
	require.True(t, bal.AccountBalances[0].Amount.Equal(decimal.RequireFromString("12.34")), "%v", bal.AccountBalances[0].Amount)
}

func TestArrangeAndInspectState(t *testing.T) {
	ctx := context.Background()
	s := partnertest.NewServer(t)
	c := s.Client(partnersdk.WithoutRetries())
	cust := s.AddCustomer(partnertest.NewCustomer{AccountName: "funded-customer"})
	require.True(t, s.Balance(cust.ID).IsZero())

	before := s.PartnerBalance()
	require.NoError(t, fund(ctx, c, cust.ID, "100.01"))
	require.Equal(t, "100.01", s.Balance(cust.ID).String())
	require.True(t, before.Sub(s.PartnerBalance()).Equal(decimal.RequireFromString("100.01")))
	changes := s.AccountChanges(cust.ID)
	require.Len(t, changes, 1)
	require.Equal(t, "BEADJUST", changes[0].TradeType)
	require.Equal(t, "100.01", changes[0].Amount.String())
	partnerSide := s.AccountChanges("")
	last := partnerSide[len(partnerSide)-1]
	require.Equal(t, changes[0].TradeID, last.TradeID)
	require.Equal(t, "-100.01", last.Amount.String())
	require.Equal(t, cust.ID, last.Counterparty)

	s.SetBalance(cust.ID, decimal.RequireFromString("7.5"))
	require.Equal(t, "7.5", s.Balance(cust.ID).String())

	s.SetPartnerBalance(decimal.RequireFromString("1.00"))
	err := fund(ctx, c, cust.ID, "1.01")
	var apiErr *partnersdk.APIError
	require.ErrorAs(t, err, &apiErr)
	require.ErrorIs(t, err, partnersdk.CodeInsufficientBalance)
	require.Equal(t, "7.5", s.Balance(cust.ID).String(), "a refused transfer moves nothing")

	qs := s.Quotas()
	require.NotEmpty(t, qs)
	s.SetQuotaBalance(qs[0].ID, decimal.RequireFromString("3.00"))
	require.True(t, s.Quotas()[0].Balance.Equal(decimal.RequireFromString("3")))
}

func TestScriptedFaults(t *testing.T) {
	ctx := context.Background()
	s := partnertest.NewServer(t)
	c := s.Client()
	id := s.AddCustomer(partnertest.NewCustomer{}).ID

	// Reset after applying: the money moved, the caller cannot know.
	s.Inject("UpdateCustomerAccountAmount", partnertest.Fault{Reset: partnertest.ResetAfterApply})
	err := fund(ctx, c, id, "5.00")
	var unknown *partnersdk.OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	require.Equal(t, "5", s.Balance(id).String(), "applied before the reset")
	require.Equal(t, 1, s.Calls("UpdateCustomerAccountAmount"), "a write is not resent")

	// Reset before reading, twice: nothing applied either time.
	s.Inject("UpdateCustomerAccountAmount", partnertest.Fault{Reset: partnertest.ResetBeforeRead, Times: 2})
	for range 2 {
		require.ErrorAs(t, fund(ctx, c, id, "1.00"), &unknown)
	}
	s.Inject("UpdateCustomerAccountAmount", partnertest.Fault{Reset: partnertest.ResetAfterRead})
	require.ErrorAs(t, fund(ctx, c, id, "1.00"), &unknown)
	require.Equal(t, "5", s.Balance(id).String())
	require.NoError(t, fund(ctx, c, id, "1.00"), "the script is used up")
	require.Equal(t, "6", s.Balance(id).String())

	// A scripted API error, with a header.
	s.Inject("UpdateCustomerAccountAmount", partnertest.Fault{Status: 400, Code: "CBC.0156", Message: "scripted", Header: http.Header{"X-Test": {"1"}}})
	err = fund(ctx, c, id, "1.00")
	var apiErr *partnersdk.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, "CBC.0156", apiErr.Code)
	require.Equal(t, "scripted", apiErr.Message)
	require.Equal(t, "6", s.Balance(id).String(), "a scripted answer applies nothing")

	// Reads are retried: a 503 then success.
	s.Inject("ListPartnerBalances", partnertest.Fault{Status: 503, Code: "CBC.0999", Header: http.Header{"Retry-After": {"0"}}})
	rc := s.Client(partnersdk.WithRetryPolicy(partnersdk.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	_, err = rc.Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{})
	require.NoError(t, err)
	require.Equal(t, 2, s.Calls("ListPartnerBalances"))

	// A raw body: not JSON.
	s.Inject("ListPartnerBalances", partnertest.Fault{Body: []byte("{not json")})
	_, err = c.Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{})
	var decErr *partnersdk.DecodeError
	require.ErrorAs(t, err, &decErr)

	// A delay past the caller's deadline.
	s.Inject("ListPartnerBalances", partnertest.Fault{Delay: time.Minute})
	dctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = s.Client(partnersdk.WithoutRetries()).Partner.ListPartnerBalances(dctx, &partner.ListPartnerBalancesRequest{})
	require.Error(t, err)
	require.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)

	s.Inject("ListPartnerBalances", partnertest.Fault{Status: 500})
	s.ClearFaults()
	_, err = c.Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{})
	require.NoError(t, err)
}

func TestValidationBeforeSending(t *testing.T) {
	s := partnertest.NewServer(t)
	err := fund(context.Background(), s.Client(), s.CustomerID, "1.001")
	var verr *partnersdk.ValidationError
	require.ErrorAs(t, err, &verr)
	require.Zero(t, s.Calls("UpdateCustomerAccountAmount"), "nothing sent")
	// Without the client's check, the server refuses it by the same rule.
	_, err = s.Client().Partner.UpdateCustomerAccountAmount(context.Background(), &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: s.CustomerID, Amount: decimal.RequireFromString("1.001")}, partnersdk.WithoutValidation())
	var apiErr *partnersdk.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, "CBC.0100", apiErr.Code)
	require.Contains(t, apiErr.Message, "amount")
}

func TestAssociationCompletesAfterDelay(t *testing.T) {
	ctx := context.Background()
	var offset atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	s := partnertest.NewServer(t, partnertest.WithClock(clock), partnertest.WithAssociationDelay(time.Minute))
	c := s.Client()
	created, err := c.Customer.CreateSubCustomer(ctx, &customer.CreateSubCustomerRequest{
		DomainName: partnersdk.String("waiting-customer"), XAccountID: "xa-wait-1", XAccountType: s.XAccountType})
	require.NoError(t, err)
	id := created.DomainID
	require.ErrorIs(t, fund(ctx, c, id, "1.00"), partnersdk.CodeAccessDeniedOther, "not associated yet")
	list, err := c.Customer.ListSubCustomers(ctx, &customer.ListSubCustomersRequest{CustomerID: &id})
	require.NoError(t, err)
	require.Empty(t, list.CustomerInfos)

	offset.Store(int64(time.Minute))
	require.NoError(t, fund(ctx, c, id, "1.00"))
	list, err = c.Customer.ListSubCustomers(ctx, &customer.ListSubCustomersRequest{CustomerID: &id})
	require.NoError(t, err)
	require.Len(t, list.CustomerInfos, 1)
}

// A client of the international site talks to the same server: the
// operations only that site documents are answered, the Chinese client does
// not send them.
func TestServerInternationalSite(t *testing.T) {
	srv := partnertest.NewServer(t)
	intl := srv.Client(partnersdk.WithSite(partnersdk.SiteInternational))
	ctx := context.Background()
	_, err := intl.Partner.UpdateSubCustomerBudget(ctx, &partner.UpdateSubCustomerBudgetRequest{
		CustomerID: srv.CustomerID, BudgetAmount: decimal.RequireFromString("250.50"),
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := intl.Partner.ShowSubCustomerBudget(ctx, &partner.ShowSubCustomerBudgetRequest{CustomerID: srv.CustomerID})
	if err != nil {
		t.Fatal(err)
	}
	if !b.BudgetAmount.Equal(decimal.RequireFromString("250.50")) || b.Currency != intl.Currency() {
		t.Fatalf("budget %s %s, client currency %s", b.BudgetAmount, b.Currency, intl.Currency())
	}
	before := srv.Calls("ShowSubCustomerBudget")
	_, err = srv.Client().Partner.ShowSubCustomerBudget(ctx, &partner.ShowSubCustomerBudgetRequest{CustomerID: srv.CustomerID})
	var se *partnersdk.SiteError
	if !errors.As(err, &se) || srv.Calls("ShowSubCustomerBudget") != before {
		t.Fatalf("Chinese client: %v, calls %d -> %d", err, before, srv.Calls("ShowSubCustomerBudget"))
	}
}

// WithSite: the server publishes only the site's operations, like that
// site's gateway, and its clients are for the site.
func TestServerWithSite(t *testing.T) {
	srv := partnertest.NewServer(t, partnertest.WithSite(partnersdk.SiteInternational))
	c := srv.Client()
	if c.Site() != partnersdk.SiteInternational {
		t.Fatalf("client site %s", c.Site())
	}
	ctx := context.Background()
	if _, err := c.Partner.ShowPartnerConsumptionQuota(ctx, &partner.ShowPartnerConsumptionQuotaRequest{}); err != nil {
		t.Fatal(err)
	}
	// ListPartnerBalances is a Chinese-site operation: the client refuses
	// it, and sent anyway the gateway does not know it.
	_, err := c.Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{})
	var se *partnersdk.SiteError
	if !errors.As(err, &se) {
		t.Fatalf("client: %v", err)
	}
	_, err = c.Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{}, partnersdk.WithCallAnySite())
	var ae *partnersdk.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusNotFound || ae.Code != "APIGW.0101" {
		t.Fatalf("server: %v", err)
	}
	// Without WithSite every operation is answered.
	all := partnertest.NewServer(t)
	if _, err := all.Client().Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{}); err != nil {
		t.Fatal(err)
	}
}

// The server checks the request shape of its site like the client does:
// an international client's e-mail code request is accepted, the Chinese
// SMS shape sent without validation is refused naming the fields.
func TestServerSiteRequestShape(t *testing.T) {
	srv := partnertest.NewServer(t, partnertest.WithSite(partnersdk.SiteInternational))
	c := srv.Client()
	ctx := context.Background()
	mail := &customer.SendVerificationMessageCodeRequest{ReceiverType: partnersdk.Ptr(customer.ReceiverType(2)), Email: partnersdk.Ptr("a@example.com")}
	if _, err := c.Customer.SendVerificationMessageCode(ctx, mail); err != nil {
		t.Fatal(err)
	}
	sms := &customer.SendVerificationMessageCodeRequest{ReceiverType: partnersdk.Ptr(customer.ReceiverTypeSMS), MobilePhone: "13800000000"}
	_, err := c.Customer.SendVerificationMessageCode(ctx, sms, partnersdk.WithoutValidation())
	var ae *partnersdk.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusBadRequest {
		t.Fatalf("SMS shape on the international site: %v", err)
	}
	for _, want := range []string{"receiver_type", "mobile_phone: is not documented on site intl", "email: is required"} {
		if !strings.Contains(ae.Message, want) {
			t.Errorf("error %q does not name %q", ae.Message, want)
		}
	}
	// The server of every site accepts both shapes.
	all := partnertest.NewServer(t).Client()
	if _, err := all.Customer.SendVerificationMessageCode(ctx, sms); err != nil {
		t.Fatal(err)
	}
	if _, err := all.Customer.SendVerificationMessageCode(ctx, mail, partnersdk.WithoutValidation()); err != nil {
		t.Fatal(err)
	}
}
