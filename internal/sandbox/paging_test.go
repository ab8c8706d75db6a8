package sandbox_test

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
)

func TestBillDetailPaginationToTheEnd(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	heavy := e.s.Info().HeavyCustomerID
	cycle := partnersdk.FormatMonth(base.AddDate(0, -1, 0))
	first, err := e.client.Billing.ListSubCustomerBillDetail(e.ctx, &billing.ListSubCustomerBillDetailRequest{BillCycle: cycle, CustomerID: heavy})
	if err != nil {
		t.Fatal(err)
	}
	if first.TotalCount <= 1000 || len(first.FeeRecords) != 10 {
		t.Fatalf("total %d, first page %d records", first.TotalCount, len(first.FeeRecords))
	}
	seen := map[string]bool{}
	total := decimal.Zero
	n := 0
	for rec, err := range e.client.Billing.ListSubCustomerBillDetailAll(e.ctx, &billing.ListSubCustomerBillDetailRequest{BillCycle: cycle, CustomerID: heavy, Limit: partnersdk.Int32(50)}) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[rec.ID] {
			t.Fatalf("record %s twice", rec.ID)
		}
		if rec.CustomerID != heavy || rec.BillCycle != cycle {
			t.Fatalf("record of another customer or month: %+v", rec)
		}
		seen[rec.ID] = true
		total = total.Add(rec.PaymentAmount)
		n++
	}
	if n != int(first.TotalCount) {
		t.Fatalf("walked %d records, total_count %d", n, first.TotalCount)
	}
	// The monthly sums agree with the details, to the cent.
	sums := decimal.Zero
	for _, mode := range []billing.ChargeModeCode{billing.ChargeModeCodeYearlyMonthly, billing.ChargeModeCodeOnDemand} {
		for s, err := range e.client.Billing.ListSubcustomerMonthlyBillsAll(e.ctx, &billing.ListSubcustomerMonthlyBillsRequest{
			CustomerID: partnersdk.String(heavy), Cycle: cycle, ChargeMode: mode,
		}) {
			if err != nil {
				t.Fatal(err)
			}
			sums = sums.Add(s.Amount)
		}
	}
	requireEqualMoney(t, "monthly sum", total, sums)

	// Bigger pages give the same records.
	m := 0
	for _, err := range e.client.Billing.ListSubCustomerBillDetailAll(e.ctx, &billing.ListSubCustomerBillDetailRequest{BillCycle: cycle, CustomerID: heavy, Limit: partnersdk.Int32(400)}) {
		if err != nil {
			t.Fatal(err)
		}
		m++
	}
	if m != n {
		t.Fatalf("limit 400: %d records, want %d", m, n)
	}
	// Months out of the 18-month window are empty.
	old, err := e.client.Billing.ListSubCustomerBillDetail(e.ctx, &billing.ListSubCustomerBillDetailRequest{BillCycle: partnersdk.FormatMonth(base.AddDate(0, -19, 0)), CustomerID: heavy})
	if err != nil || old.TotalCount != 0 {
		t.Fatalf("old month: %v %d", err, old.TotalCount)
	}
}

func TestSubCustomersWalkedToTheEnd(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	first, err := e.client.Customer.ListSubCustomers(e.ctx, &customer.ListSubCustomersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for ci, err := range e.client.Customer.ListSubCustomersAll(e.ctx, &customer.ListSubCustomersRequest{}) {
		if err != nil {
			t.Fatal(err)
		}
		ids[ci.CustomerID] = true
	}
	if len(ids) != int(first.Count) || first.Count < 200 {
		t.Fatalf("walked %d distinct customers, count %d", len(ids), first.Count)
	}
	// An offset past the end answers an empty page with the total.
	past, err := e.client.Customer.ListSubCustomers(e.ctx, &customer.ListSubCustomersRequest{Offset: partnersdk.Int32(first.Count + 5)})
	if err != nil || len(past.CustomerInfos) != 0 || past.Count != first.Count {
		t.Fatalf("past the end: %v %+v", err, past)
	}
}

// firstPage fetches ListSubCustomers' first page of a fresh sandbox as raw
// JSON, without the request-specific headers.
func firstPage(t *testing.T, seed int64) string {
	e := newEnv(t, sandbox.Config{Seed: seed})
	res, err := e.client.Customer.ListSubCustomers(e.ctx, &customer.ListSubCustomersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(res.CustomerInfos)
	return string(b)
}

func TestDeterministicSeed(t *testing.T) {
	t.Parallel()
	a, b := firstPage(t, 11), firstPage(t, 11)
	if a != b {
		t.Fatal("the same seed gave different customers")
	}
	if a == firstPage(t, 12) {
		t.Fatal("different seeds gave the same customers")
	}
}
