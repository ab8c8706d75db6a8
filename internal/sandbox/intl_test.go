package sandbox_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// intlClient is a client for the international site talking to the
// sandbox of e.
func (e *env) intlClient() *partnersdk.Client {
	e.t.Helper()
	creds, err := e.s.Credentials(auth.WithClock(e.clk.Now))
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := partnersdk.New(creds, partnersdk.WithSite(partnersdk.SiteInternational), partnersdk.WithEndpoint(e.url), partnersdk.WithoutRetries())
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func TestFreezeAndUnfreezeSubCustomers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	c := e.intlClient()
	a, b := e.resaleCustomer(0).CustomerID, e.resaleCustomer(1).CustomerID

	// The Chinese client does not send it at all.
	_, err := e.client.Customer.FreezeSubCustomers(e.ctx, &customer.FreezeSubCustomersRequest{CustomerIDs: []string{a}, Reason: "r"})
	var se *partnersdk.SiteError
	if !errors.As(err, &se) {
		t.Fatalf("China client: %v", err)
	}

	res, err := c.Customer.FreezeSubCustomers(e.ctx, &customer.FreezeSubCustomersRequest{
		CustomerIDs: []string{a, "no-such-customer"}, Reason: "overdue",
		FreezeType: partnersdk.Ptr(customer.FreezeTypeAccountAndResource),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ErrorDetails) != 1 || res.ErrorDetails[0].ID != "no-such-customer" || res.ErrorDetails[0].ErrorCode == "" {
		t.Fatalf("partial failure: %+v", res.ErrorDetails)
	}
	// Unfreezing needs the type it was frozen with; b was never frozen.
	un, err := c.Customer.UnfreezeSubCustomers(e.ctx, &customer.UnfreezeSubCustomersRequest{CustomerIDs: []string{a, b}, Reason: "paid"})
	if err != nil {
		t.Fatal(err)
	}
	if len(un.ErrorDetails) != 2 {
		t.Fatalf("unfreeze with the wrong type and of an unfrozen customer: %+v", un.ErrorDetails)
	}
	un, err = c.Customer.UnfreezeSubCustomers(e.ctx, &customer.UnfreezeSubCustomersRequest{
		CustomerIDs: []string{a}, Reason: "paid", UnfreezeType: partnersdk.Ptr(customer.FreezeTypeAccountAndResource),
	})
	if err != nil || len(un.ErrorDetails) != 0 {
		t.Fatalf("unfreeze: %v %+v", err, un)
	}
}

func TestSubCustomerBudgets(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	c := e.intlClient()
	if c.Currency() != "USD" {
		t.Fatalf("currency %s", c.Currency())
	}
	a, b := e.resaleCustomer(0).CustomerID, e.resaleCustomer(1).CustomerID
	amount := decimal.RequireFromString("1234.56")
	_, err := c.Partner.UpdateSubCustomerBudget(e.ctx, &partner.UpdateSubCustomerBudgetRequest{
		CustomerID: a, BudgetAmount: amount, BudgetType: partnersdk.Ptr(partner.BudgetTypePackage),
	})
	if err != nil {
		t.Fatal(err)
	}
	one, err := c.Partner.ShowSubCustomerBudget(e.ctx, &partner.ShowSubCustomerBudgetRequest{CustomerID: a})
	if err != nil {
		t.Fatal(err)
	}
	if !one.BudgetAmount.Equal(amount) || one.Currency != "USD" {
		t.Fatalf("budget %s %s", one.BudgetAmount, one.Currency)
	}
	all, err := c.Partner.ListSubCustomerBudget(e.ctx, &partner.ListSubCustomerBudgetRequest{CustomerIDs: []string{a, b, "no-such-customer"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.BudgetInfos) != 2 || all.BudgetInfos[0].CustomerID != a || !all.BudgetInfos[0].BudgetAmount.Equal(amount) ||
		all.BudgetInfos[0].BudgetType != partner.BudgetTypePackage || !all.BudgetInfos[1].BudgetAmount.IsZero() {
		t.Fatalf("batch: %+v", all.BudgetInfos)
	}
	// The change is recorded.
	recs, err := c.Partner.ListSubCustomerBudgetRecords(e.ctx, &partner.ListSubCustomerBudgetRecordsRequest{CustomerID: a})
	if err != nil {
		t.Fatal(err)
	}
	if recs.TotalCount != 1 || len(recs.RecordList) != 1 || !recs.RecordList[0].BudgetAmount.Equal(amount) || recs.Currency != "USD" {
		t.Fatalf("records: %+v", recs)
	}
	// Validation before sending: a budget of 0.
	_, err = c.Partner.UpdateSubCustomerBudget(e.ctx, &partner.UpdateSubCustomerBudgetRequest{CustomerID: a, BudgetAmount: decimal.Zero})
	var ve *partnersdk.ValidationError
	if !errors.As(err, &ve) || !ve.Has("budget_amount", partnersdk.RuleMoneySign) {
		t.Fatalf("zero budget: %v", err)
	}
	// The server refuses it too.
	_, err = c.Partner.UpdateSubCustomerBudget(e.ctx, &partner.UpdateSubCustomerBudgetRequest{CustomerID: a, BudgetAmount: decimal.Zero}, partnersdk.WithoutValidation())
	var ae *partnersdk.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 400 {
		t.Fatalf("zero budget without validation: %v", err)
	}
}
