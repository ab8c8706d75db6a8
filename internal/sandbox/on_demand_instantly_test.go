package sandbox_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/resource"
)

func TestUpdatePeriodToOnDemandInstantly(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	cust := e.resaleCustomer(1)
	res := e.resources(cust.CustomerID)
	var id string
	for rid, r := range res {
		if r.Status == resource.PeriodResourceStatusInUse {
			id = rid
			break
		}
	}
	if id == "" {
		t.Fatal("no resource in use")
	}
	cc := e.customerClient(cust.CustomerID)
	bal := func() decimal.Decimal {
		b, err := cc.Partner.ShowCustomerAccountBalances(e.ctx, &partner.ShowCustomerAccountBalancesRequest{})
		if err != nil {
			t.Fatal(err)
		}
		return b.AccountBalances[0].Amount
	}

	// The partner's own account owns none of them: every ID fails, nothing changes.
	out, err := e.client.Resource.UpdatePeriodToOnDemandInstantly(e.ctx, &resource.UpdatePeriodToOnDemandInstantlyRequest{ResourceIDs: []string{id}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.ToOndemandServiceResults) != 1 || out.ToOndemandServiceResults[0].Result != resource.ToOnDemandResultFail ||
		out.ToOndemandServiceResults[0].ErrorCode == "" || out.ToOndemandServiceResults[0].OrderID != "" {
		t.Fatalf("partner call: %+v", out)
	}
	if _, ok := e.resources(cust.CustomerID)[id]; !ok {
		t.Fatal("a failed switch removed the resource")
	}

	b0 := bal()
	out, err = cc.Resource.UpdatePeriodToOnDemandInstantly(e.ctx, &resource.UpdatePeriodToOnDemandInstantlyRequest{ResourceIDs: []string{id, "no-such-resource", id}})
	if err != nil {
		t.Fatal(err)
	}
	rs := out.ToOndemandServiceResults
	if len(rs) != 3 {
		t.Fatalf("want 3 results, got %+v", rs)
	}
	if rs[0].ResourceID != id || rs[0].Result != resource.ToOnDemandResultSuccess || rs[0].OrderID == "" || rs[0].ErrorCode != "" {
		t.Fatalf("switched resource: %+v", rs[0])
	}
	if rs[1].Result != resource.ToOnDemandResultFail || rs[1].ErrorCode != "CBC.99003012" || rs[2].Result != resource.ToOnDemandResultFail {
		t.Fatalf("failures: %+v", rs[1:])
	}
	if _, ok := e.resources(cust.CustomerID)[id]; ok {
		t.Fatal("the switched resource is still listed as yearly/monthly")
	}
	order, err := cc.Resource.ShowCustomerOrderDetails(e.ctx, &resource.ShowCustomerOrderDetailsRequest{OrderID: rs[0].OrderID})
	if err != nil {
		t.Fatal(err)
	}
	refund := order.OrderInfo.AmountAfterDiscount
	if !refund.IsPositive() {
		t.Fatalf("no refund for unused days: %s", refund)
	}
	requireEqualMoney(t, "balance after the switch", b0.Add(refund), bal())

	// Switching it again fails: it is no longer yearly/monthly.
	out, err = cc.Resource.UpdatePeriodToOnDemandInstantly(e.ctx, &resource.UpdatePeriodToOnDemandInstantlyRequest{ResourceIDs: []string{id}})
	if err != nil || out.ToOndemandServiceResults[0].Result != resource.ToOnDemandResultFail {
		t.Fatalf("second switch: %v %+v", err, out)
	}

	// More than 10 IDs is refused before sending, and by the sandbox.
	many := make([]string, 11)
	for i := range many {
		many[i] = id
	}
	_, err = cc.Resource.UpdatePeriodToOnDemandInstantly(e.ctx, &resource.UpdatePeriodToOnDemandInstantlyRequest{ResourceIDs: many})
	var ve *partnersdk.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a validation error, got %v", err)
	}
	_, err = cc.Resource.UpdatePeriodToOnDemandInstantly(e.ctx, &resource.UpdatePeriodToOnDemandInstantlyRequest{ResourceIDs: many}, partnersdk.WithoutValidation())
	requireCode(t, err, 400, "CBC.0100")
}
