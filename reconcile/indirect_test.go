package reconcile_test

import (
	"testing"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/reconcile"
)

// A distributor funding (and reclaiming from) a customer of one of its
// resellers: the records are read in the reseller's scope
// (indirect_partner_id).
func TestResellerCustomerFunding(t *testing.T) {
	e := newEnv(t)
	var rs, cust string
	for i := 0; cust == "" && i < 8; i++ {
		rs = e.reseller(i)
		for ci, err := range e.client.Customer.ListSubCustomersAll(e.ctx, &customer.ListSubCustomersRequest{
			IndirectPartnerID: &rs, AssociationType: partnersdk.Ptr(customer.AssociationTypeResale),
		}) {
			if err != nil {
				t.Fatal(err)
			}
			cust = ci.CustomerID
			break
		}
	}
	if cust == "" {
		t.Fatal("the seeded world has no resale customer of a reseller")
	}
	if _, err := e.client.Partner.UpdateIndirectPartnerAccount(e.ctx, &partner.UpdateIndirectPartnerAccountRequest{IndirectPartnerID: rs, Amount: money("500")}); err != nil {
		t.Fatal(err)
	}
	fund := &partner.UpdateCustomerAccountAmountRequest{CustomerID: cust, Amount: money("42.00"), IndirectPartnerID: &rs}
	before := e.adjustIDs(cust, partner.AdjustOperationTypeAllocate, &rs)
	c := writeCase{op: "UpdateCustomerAccountAmount"}
	ou := e.failWrite(c, func() ([]string, error) {
		_, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, fund)
		return nil, err
	}, applyThenReset)
	res := e.reconcile(ou)
	if res.Outcome != reconcile.Applied || len(res.Items[0].AdjustRecords) != 1 || res.Items[0].AdjustRecords[0].CustomerID != cust {
		t.Fatalf("funding: %s %+v", res.Outcome, res.Items)
	}
	trans := added(before, e.adjustIDs(cust, partner.AdjustOperationTypeAllocate, &rs))
	if len(trans) != 1 || trans[0] != res.Items[0].IDs[0] {
		t.Fatalf("records in the reseller's scope %v, reconciled %v", trans, res.Items[0].IDs)
	}
	reclaim := &partner.ReclaimToPartnerAccountRequest{CustomerID: cust, Amount: money("2.00"), IndirectPartnerID: &rs}
	c = writeCase{op: "ReclaimToPartnerAccount"}
	ou = e.failWrite(c, func() ([]string, error) {
		_, err := e.client.Partner.ReclaimToPartnerAccount(e.ctx, reclaim)
		return nil, err
	}, resetBeforeRead)
	if res := e.reconcile(ou); res.Outcome != reconcile.NotApplied {
		t.Fatalf("reclaim: %s %+v", res.Outcome, res.Items)
	}
}
