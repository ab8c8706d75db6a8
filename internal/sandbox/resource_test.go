package sandbox_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/resource"
)

// resources lists a customer's primary resources as the partner sees them.
func (e *env) resources(customerID string) map[string]resource.OrderInstanceV2 {
	e.t.Helper()
	out := map[string]resource.OrderInstanceV2{}
	for r, err := range e.client.Resource.ListPayPerUseCustomerResourcesAll(e.ctx, &resource.ListPayPerUseCustomerResourcesRequest{
		CustomerID: partnersdk.String(customerID), OnlyMainResource: partnersdk.Ptr(resource.OnlyMainResourceYes),
	}) {
		if err != nil {
			e.t.Fatal(err)
		}
		out[r.ResourceID] = r
	}
	return out
}

func expiry(t *testing.T, r resource.OrderInstanceV2) time.Time {
	t.Helper()
	at, err := partnersdk.ParseUTC(r.ExpireTime)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func TestRenewAndUnsubscribe(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	cust := e.resaleCustomer(0)
	res := e.resources(cust.CustomerID)
	if len(res) < 3 {
		t.Fatalf("customer has %d resources", len(res))
	}
	var ids []string
	for id, r := range res {
		if r.Status == resource.PeriodResourceStatusInUse {
			ids = append(ids, id)
		}
	}
	if len(ids) < 3 {
		t.Fatal("not enough resources in use")
	}
	cc := e.customerClient(cust.CustomerID)
	bal := func() decimal.Decimal {
		b, err := cc.Partner.ShowCustomerAccountBalances(e.ctx, &partner.ShowCustomerAccountBalancesRequest{})
		if err != nil {
			t.Fatal(err)
		}
		return b.AccountBalances[0].Amount
	}
	// Make sure the customer can pay.
	if _, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, &partner.UpdateCustomerAccountAmountRequest{CustomerID: cust.CustomerID, Amount: money("100000")}); err != nil {
		t.Fatal(err)
	}

	// The partner's own credentials do not own the customer's resources.
	_, err := e.client.Resource.RenewalResources(e.ctx, &resource.RenewalResourcesRequest{
		ResourceIDs: ids[:1], PeriodType: partnersdk.Ptr(resource.PeriodTypeMonth), PeriodNum: partnersdk.Int32(1), IsAutoPay: partnersdk.Ptr(resource.AutoPayYes)})
	requireCode(t, err, 400, "CBC.0100")

	// Renew with automatic payment: the expiry moves by one month at once.
	b0 := bal()
	rr, err := cc.Resource.RenewalResources(e.ctx, &resource.RenewalResourcesRequest{
		ResourceIDs: ids[:1], PeriodType: partnersdk.Ptr(resource.PeriodTypeMonth), PeriodNum: partnersdk.Int32(1), IsAutoPay: partnersdk.Ptr(resource.AutoPayYes)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rr.OrderIDs) != 1 || len(rr.FailResourceInfos) != 0 {
		t.Fatalf("renewal: %+v", rr)
	}
	after := e.resources(cust.CustomerID)
	if want := expiry(t, res[ids[0]]).AddDate(0, 1, 0); !expiry(t, after[ids[0]]).Equal(want) {
		t.Fatalf("expiry: want %s, got %s", want, after[ids[0]].ExpireTime)
	}
	order, err := cc.Resource.ShowCustomerOrderDetails(e.ctx, &resource.ShowCustomerOrderDetailsRequest{OrderID: rr.OrderIDs[0]})
	if err != nil {
		t.Fatal(err)
	}
	if order.OrderInfo.Status != resource.OrderStatusCompleted {
		t.Fatalf("order status %d", order.OrderInfo.Status)
	}
	requireEqualMoney(t, "balance after renewal", b0.Sub(order.OrderInfo.AmountAfterDiscount), bal())

	// Without automatic payment the order waits; paying it moves the expiry.
	rr, err = cc.Resource.RenewalResources(e.ctx, &resource.RenewalResourcesRequest{
		ResourceIDs: ids[1:2], PeriodType: partnersdk.Ptr(resource.PeriodTypeYear), PeriodNum: partnersdk.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.resources(cust.CustomerID)[ids[1]].ExpireTime; got != res[ids[1]].ExpireTime {
		t.Fatalf("expiry moved before payment: %s", got)
	}
	pending, err := cc.Resource.ListCustomerOrders(e.ctx, &resource.ListCustomerOrdersRequest{Status: partnersdk.Ptr(resource.OrderStatusPendingPayment)})
	if err != nil || pending.TotalCount < 1 || pending.OrderInfos[0].OrderID != rr.OrderIDs[0] {
		t.Fatalf("pending orders: %v %+v", err, pending)
	}
	pendingOrder, err := cc.Resource.ShowCustomerOrderDetails(e.ctx, &resource.ShowCustomerOrderDetailsRequest{OrderID: rr.OrderIDs[0]})
	if err != nil {
		t.Fatal(err)
	}
	bp := bal()
	if _, err := cc.Resource.PayOrders(e.ctx, &resource.PayOrdersRequest{OrderID: rr.OrderIDs[0], UseCoupon: resource.UseFlagNo, UseDiscount: resource.UseFlagNo}); err != nil {
		t.Fatal(err)
	}
	requireEqualMoney(t, "balance after payment", bp.Sub(pendingOrder.OrderInfo.AmountAfterDiscount), bal())
	// A paid order cannot be paid again.
	_, err = cc.Resource.PayOrders(e.ctx, &resource.PayOrdersRequest{OrderID: rr.OrderIDs[0], UseCoupon: resource.UseFlagNo, UseDiscount: resource.UseFlagNo})
	requireCode(t, err, 400, "CBC.0100")
	requireEqualMoney(t, "balance after a second payment", bp.Sub(pendingOrder.OrderInfo.AmountAfterDiscount), bal())
	if want := expiry(t, res[ids[1]]).AddDate(1, 0, 0); !expiry(t, e.resources(cust.CustomerID)[ids[1]]).Equal(want) {
		t.Fatalf("expiry after payment: want %s", want)
	}
	// Unsubscribing the renewal only brings the old expiry back.
	if _, err := cc.Resource.CancelResourcesSubscription(e.ctx, &resource.CancelResourcesSubscriptionRequest{
		ResourceIDs: ids[1:2], UnsubscribeType: partnersdk.Ptr(resource.UnsubscribeTypeRenewalsOnly)}); err != nil {
		t.Fatal(err)
	}
	if got := e.resources(cust.CustomerID)[ids[1]].ExpireTime; got != res[ids[1]].ExpireTime {
		t.Fatalf("expiry after unsubscribing the renewal: %s, want %s", got, res[ids[1]].ExpireTime)
	}

	// Unsubscribing the resource removes it (and refunds the unused time).
	b1 := bal()
	ur, err := cc.Resource.CancelResourcesSubscription(e.ctx, &resource.CancelResourcesSubscriptionRequest{
		ResourceIDs: ids[2:3], UnsubscribeType: partnersdk.Ptr(resource.UnsubscribeTypeResourceAndRenewals)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ur.OrderIDs) != 1 {
		t.Fatalf("unsubscribe: %+v", ur)
	}
	if _, ok := e.resources(cust.CustomerID)[ids[2]]; ok {
		t.Fatal("the unsubscribed resource is still listed")
	}
	refund, err := cc.Resource.ShowCustomerOrderDetails(e.ctx, &resource.ShowCustomerOrderDetailsRequest{OrderID: ur.OrderIDs[0]})
	if err != nil {
		t.Fatal(err)
	}
	if refund.OrderInfo.OrderType != 4 || !refund.OrderInfo.AmountAfterDiscount.IsPositive() {
		t.Fatalf("unsubscription order: %+v", refund.OrderInfo)
	}
	requireEqualMoney(t, "balance after unsubscribing", b1.Add(refund.OrderInfo.AmountAfterDiscount), bal())
	// It cannot be renewed or unsubscribed again.
	_, err = cc.Resource.RenewalResources(e.ctx, &resource.RenewalResourcesRequest{
		ResourceIDs: ids[2:3], PeriodType: partnersdk.Ptr(resource.PeriodTypeMonth), PeriodNum: partnersdk.Int32(1)})
	requireCode(t, err, 400, "CBC.0100")

	// Renewing with a balance too small fails and changes nothing.
	all := bal()
	if _, err := e.client.Partner.ReclaimToPartnerAccount(e.ctx, &partner.ReclaimToPartnerAccountRequest{CustomerID: cust.CustomerID, Amount: all}); err != nil {
		t.Fatal(err)
	}
	exp := e.resources(cust.CustomerID)[ids[0]].ExpireTime
	_, err = cc.Resource.RenewalResources(e.ctx, &resource.RenewalResourcesRequest{
		ResourceIDs: ids[:1], PeriodType: partnersdk.Ptr(resource.PeriodTypeMonth), PeriodNum: partnersdk.Int32(1), IsAutoPay: partnersdk.Ptr(resource.AutoPayYes)})
	requireCode(t, err, 400, "CBC.99005003")
	if got := e.resources(cust.CustomerID)[ids[0]].ExpireTime; got != exp {
		t.Fatalf("expiry moved: %s -> %s", exp, got)
	}
	requireEqualMoney(t, "balance", money("0"), bal())
}

func TestAutoRenewal(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	cust := e.resaleCustomer(1)
	var id string
	for rid := range e.resources(cust.CustomerID) {
		id = rid
		break
	}
	cc := e.customerClient(cust.CustomerID)
	if _, err := cc.Resource.AutoRenewalResources(e.ctx, &resource.AutoRenewalResourcesRequest{ResourceID: id, AutoRenewTimes: partnersdk.Int32(2)}); err != nil {
		t.Fatal(err)
	}
	if p := e.resources(cust.CustomerID)[id].ExpirePolicy; p != resource.ExpirePolicyAutoRenew {
		t.Fatalf("policy %d", p)
	}
	if _, err := cc.Resource.CancelAutoRenewalResources(e.ctx, &resource.CancelAutoRenewalResourcesRequest{ResourceID: id}); err != nil {
		t.Fatal(err)
	}
	if p := e.resources(cust.CustomerID)[id].ExpirePolicy; p == resource.ExpirePolicyAutoRenew {
		t.Fatal("auto-renewal still on")
	}
	_, err := cc.Resource.AutoRenewalResources(e.ctx, &resource.AutoRenewalResourcesRequest{ResourceID: "not-a-resource"})
	requireCode(t, err, 400, "CBC.0100")
}
