package sandbox_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/partner"
)

func TestFundCustomer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	cust := e.resaleCustomer(0)
	p0, c0 := e.partnerCash(), e.customerCash(cust.CustomerID)

	res, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: cust.CustomerID, Amount: money("123.45"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.TransferID == "" {
		t.Fatal("no transfer id")
	}
	requireEqualMoney(t, "partner balance", p0.Sub(money("123.45")), e.partnerCash())
	requireEqualMoney(t, "customer balance", c0.Add(money("123.45")), e.customerCash(cust.CustomerID))
	requireEqualMoney(t, "partner balance (accessor)", p0.Sub(money("123.45")), e.s.PartnerBalance())
	if b, ok := e.s.CustomerBalance(cust.CustomerID); !ok || !b.Equal(c0.Add(money("123.45"))) {
		t.Fatalf("customer balance (accessor): %s %v", b, ok)
	}

	// The move is in the partner's adjust records and account changes.
	adj, err := e.client.Partner.ListPartnerAdjustRecords(e.ctx, &partner.ListPartnerAdjustRecordsRequest{TransID: partnersdk.String(res.TransferID)})
	if err != nil {
		t.Fatal(err)
	}
	if adj.TotalCount != 1 || adj.Records[0].CustomerID != cust.CustomerID || !adj.Records[0].Amount.Equal(money("123.45")) {
		t.Fatalf("adjust records: %+v", adj.Records)
	}
	ch, err := e.client.Partner.ListPartnerAccountChangeRecords(e.ctx, &partner.ListPartnerAccountChangeRecordsRequest{
		BalanceType: partner.BalanceTypeDebit, Limit: partnersdk.Int32(1),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Records) != 1 || ch.Records[0].TradeID != res.TransferID || !ch.Records[0].ChangeAmount.Equal(money("123.45")) ||
		!ch.Records[0].BalanceAfterChange.Equal(e.partnerCash()) {
		t.Fatalf("account change records: %+v", ch.Records)
	}
}

func TestFundCustomerInsufficientBalance(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	cust := e.resaleCustomer(1)
	p0, c0 := e.partnerCash(), e.customerCash(cust.CustomerID)
	_, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: cust.CustomerID, Amount: p0.Add(money("0.01")),
	})
	requireCode(t, err, 400, "CBC.5003")
	if !errors.Is(err, partnersdk.CodeInsufficientBalance) || !errors.Is(err, partnersdk.CodeCBC5003) {
		t.Fatal("errors.Is(CodeInsufficientBalance) is false")
	}
	requireEqualMoney(t, "partner balance", p0, e.partnerCash())
	requireEqualMoney(t, "customer balance", c0, e.customerCash(cust.CustomerID))

	// Exactly the whole balance is fine, and leaves zero.
	if _, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: cust.CustomerID, Amount: p0,
	}); err != nil {
		t.Fatal(err)
	}
	requireEqualMoney(t, "partner balance", money("0"), e.partnerCash())
	requireEqualMoney(t, "customer balance", c0.Add(p0), e.customerCash(cust.CustomerID))
	_, err = e.client.Partner.UpdateCustomerAccountAmount(e.ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: cust.CustomerID, Amount: money("0.01"),
	})
	requireCode(t, err, 400, "CBC.5003")
}

func TestReclaimFromCustomer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	cust := e.resaleCustomer(2)
	p0, c0 := e.partnerCash(), e.customerCash(cust.CustomerID)
	if !c0.IsPositive() {
		t.Fatalf("customer has no balance: %s", c0)
	}
	res, err := e.client.Partner.ReclaimToPartnerAccount(e.ctx, &partner.ReclaimToPartnerAccountRequest{
		CustomerID: cust.CustomerID, Amount: money("10.01"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.TransID == "" {
		t.Fatal("no trans id")
	}
	p1, c1 := p0.Add(money("10.01")), c0.Sub(money("10.01"))
	requireEqualMoney(t, "partner balance", p1, e.partnerCash())
	requireEqualMoney(t, "customer balance", c1, e.customerCash(cust.CustomerID))

	// More than the customer has: refused, nothing changes.
	_, err = e.client.Partner.ReclaimToPartnerAccount(e.ctx, &partner.ReclaimToPartnerAccountRequest{
		CustomerID: cust.CustomerID, Amount: c1.Add(money("0.01")),
	})
	requireCode(t, err, 400, "CBC.99005003")
	requireEqualMoney(t, "partner balance", p1, e.partnerCash())
	requireEqualMoney(t, "customer balance", c1, e.customerCash(cust.CustomerID))

	// All of it: the customer ends at exactly zero, never below.
	if _, err := e.client.Partner.ReclaimToPartnerAccount(e.ctx, &partner.ReclaimToPartnerAccountRequest{
		CustomerID: cust.CustomerID, Amount: c1,
	}); err != nil {
		t.Fatal(err)
	}
	requireEqualMoney(t, "customer balance", money("0"), e.customerCash(cust.CustomerID))
	requireEqualMoney(t, "partner balance", p0.Add(c0), e.partnerCash())
	_, err = e.client.Partner.ReclaimToPartnerAccount(e.ctx, &partner.ReclaimToPartnerAccountRequest{
		CustomerID: cust.CustomerID, Amount: money("0.01"),
	})
	requireCode(t, err, 400, "CBC.99005003")

	// The reclaims are recorded.
	adj, err := e.client.Partner.ListPartnerAdjustRecords(e.ctx, &partner.ListPartnerAdjustRecordsRequest{
		CustomerID: partnersdk.String(cust.CustomerID), OperationType: partnersdk.Ptr(partner.AdjustOperationType("SOURCE_OPERATION_BERETRIEVE")),
	})
	if err != nil {
		t.Fatal(err)
	}
	if adj.TotalCount != 2 {
		t.Fatalf("want 2 reclaim records, got %d", adj.TotalCount)
	}
}

func TestFundRefusedCustomers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	p0 := e.partnerCash()
	_, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: "0123456789abcdef0123456789abcdef", Amount: money("1"),
	})
	requireCode(t, err, 403, "CBC.0151")
	var referral string
	for ci, err := range e.client.Customer.ListSubCustomersAll(e.ctx, &customer.ListSubCustomersRequest{
		AssociationType: partnersdk.Ptr(customer.AssociationTypeReferral),
	}) {
		if err != nil {
			t.Fatal(err)
		}
		referral = ci.CustomerID
		break
	}
	_, err = e.client.Partner.UpdateCustomerAccountAmount(e.ctx, &partner.UpdateCustomerAccountAmountRequest{CustomerID: referral, Amount: money("1")})
	requireCode(t, err, 403, "CBC.0151")
	requireEqualMoney(t, "partner balance", p0, e.partnerCash())
}

func TestResellerFunds(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	rl, err := e.client.Partner.ListIndirectPartners(e.ctx, &partner.ListIndirectPartnersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if rl.Count < 2 {
		t.Fatalf("want resellers, got %d", rl.Count)
	}
	rs := rl.IndirectPartners[0].IndirectPartnerID
	bal := func() (p, r string) {
		res, err := e.client.Partner.ListPartnerBalances(e.ctx, &partner.ListPartnerBalancesRequest{IndirectPartnerID: partnersdk.String(rs)})
		if err != nil {
			t.Fatal(err)
		}
		return e.partnerCash().StringFixed(2), res.AccountBalances[0].Amount.StringFixed(2)
	}
	p0, r0 := bal()
	if _, err := e.client.Partner.UpdateIndirectPartnerAccount(e.ctx, &partner.UpdateIndirectPartnerAccountRequest{IndirectPartnerID: rs, Amount: money("1000.10")}); err != nil {
		t.Fatal(err)
	}
	p1, r1 := bal()
	requireEqualMoney(t, "partner", money(p0).Sub(money("1000.10")), money(p1))
	requireEqualMoney(t, "reseller", money(r0).Add(money("1000.10")), money(r1))

	// Reclaiming more than the reseller holds fails and changes nothing.
	_, err = e.client.Partner.ReclaimIndirectPartnerAccount(e.ctx, &partner.ReclaimIndirectPartnerAccountRequest{IndirectPartnerID: rs, Amount: money(r1).Add(money("0.01"))})
	requireCode(t, err, 400, "CBC.99005003")
	if p, r := bal(); p != p1 || r != r1 {
		t.Fatalf("balances changed: %s %s", p, r)
	}
	if _, err := e.client.Partner.ReclaimIndirectPartnerAccount(e.ctx, &partner.ReclaimIndirectPartnerAccountRequest{IndirectPartnerID: rs, Amount: money("0.10")}); err != nil {
		t.Fatal(err)
	}
	p2, r2 := bal()
	requireEqualMoney(t, "partner", money(p1).Add(money("0.10")), money(p2))
	requireEqualMoney(t, "reseller", money(r1).Sub(money("0.10")), money(r2))

	// Funding a customer of the reseller draws on the reseller's account.
	var cid string
	for ci, err := range e.client.Customer.ListSubCustomersAll(e.ctx, &customer.ListSubCustomersRequest{IndirectPartnerID: partnersdk.String(rs)}) {
		if err != nil {
			t.Fatal(err)
		}
		if ci.AssociationType == customer.AssociationTypeResale {
			cid = ci.CustomerID
			break
		}
	}
	if cid == "" {
		t.Skip("the reseller has no resale customer in this seed")
	}
	if _, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: cid, Amount: money("5"), IndirectPartnerID: partnersdk.String(rs),
	}); err != nil {
		t.Fatal(err)
	}
	p3, r3 := bal()
	if p3 != p2 {
		t.Fatalf("partner balance changed: %s -> %s", p2, p3)
	}
	requireEqualMoney(t, "reseller", money(r2).Sub(money("5")), money(r3))
	// Without indirect_partner_id the reseller's customer is not the partner's.
	_, err = e.client.Partner.UpdateCustomerAccountAmount(e.ctx, &partner.UpdateCustomerAccountAmountRequest{CustomerID: cid, Amount: money("5")})
	requireCode(t, err, 403, "CBC.0151")
}

func TestServerSideValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	cust := e.resaleCustomer(0)
	p0 := e.partnerCash()
	cases := []struct {
		name  string
		req   *partner.UpdateCustomerAccountAmountRequest
		field string
	}{
		{"negative amount", &partner.UpdateCustomerAccountAmountRequest{CustomerID: cust.CustomerID, Amount: money("-5")}, "amount"},
		{"zero amount", &partner.UpdateCustomerAccountAmountRequest{CustomerID: cust.CustomerID, Amount: money("0")}, "amount"},
		{"three decimals", &partner.UpdateCustomerAccountAmountRequest{CustomerID: cust.CustomerID, Amount: money("1.005")}, "amount"},
		{"long id", &partner.UpdateCustomerAccountAmountRequest{CustomerID: strings.Repeat("é", 65), Amount: money("1")}, "customer_id"},
		{"missing id", &partner.UpdateCustomerAccountAmountRequest{Amount: money("1")}, "customer_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The SDK refuses it before sending...
			var ve *partnersdk.ValidationError
			if _, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, tc.req); !errors.As(err, &ve) {
				t.Fatalf("want a validation error, got %v", err)
			}
			// ...and the server refuses it too.
			_, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, tc.req, partnersdk.WithoutValidation())
			ae := requireCode(t, err, 400, "CBC.0100")
			if !strings.Contains(ae.Message, tc.field) {
				t.Fatalf("message does not name %s: %s", tc.field, ae.Message)
			}
		})
	}
	requireEqualMoney(t, "partner balance", p0, e.partnerCash())

	// Page sizes: above the documented maximum is refused, the default is 10.
	_, err := e.client.Customer.ListSubCustomers(e.ctx, &customer.ListSubCustomersRequest{Limit: partnersdk.Int32(101)}, partnersdk.WithoutValidation())
	ae := requireCode(t, err, 400, "CBC.0100")
	if !strings.Contains(ae.Message, "limit") {
		t.Fatal(ae.Message)
	}
	page, err := e.client.Customer.ListSubCustomers(e.ctx, &customer.ListSubCustomersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.CustomerInfos) != 10 {
		t.Fatalf("default page size: want 10, got %d", len(page.CustomerInfos))
	}
	page, err = e.client.Customer.ListSubCustomers(e.ctx, &customer.ListSubCustomersRequest{Limit: partnersdk.Int32(100)})
	if err != nil || len(page.CustomerInfos) != 100 {
		t.Fatalf("limit 100: %v, %d items", err, len(page.CustomerInfos))
	}
	// Too many list items.
	infos := make([]partner.CustomerInfoV2, 101)
	for i := range infos {
		infos[i].CustomerID = cust.CustomerID
	}
	_, err = e.client.Partner.ListCustomersBalancesDetail(e.ctx, &partner.ListCustomersBalancesDetailRequest{CustomerInfos: infos}, partnersdk.WithoutValidation())
	ae = requireCode(t, err, 400, "CBC.0100")
	if !strings.Contains(ae.Message, "customer_infos") {
		t.Fatal(ae.Message)
	}
}

func TestConcurrentFunding(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{Customers: 30})
	cust := e.resaleCustomer(0)
	p0, c0 := e.partnerCash(), e.customerCash(cust.CustomerID)
	const workers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				req := &partner.UpdateCustomerAccountAmountRequest{CustomerID: cust.CustomerID, Amount: money("0.03")}
				if i%3 == 2 {
					_, err := e.client.Partner.ReclaimToPartnerAccount(e.ctx, &partner.ReclaimToPartnerAccountRequest{CustomerID: cust.CustomerID, Amount: money("0.01")})
					if err != nil {
						errs <- err
						return
					}
					continue
				}
				if _, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, req); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// Per worker: 17 fundings of 0.03 and 8 reclaims of 0.01 = 0.43.
	moved := money("0.43").Mul(decimal.NewFromInt(workers))
	requireEqualMoney(t, "partner balance", p0.Sub(moved), e.partnerCash())
	requireEqualMoney(t, "customer balance", c0.Add(moved), e.customerCash(cust.CustomerID))
}
