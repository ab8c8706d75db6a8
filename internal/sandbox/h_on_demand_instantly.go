package sandbox

import "github.com/shopspring/decimal"

// UpdatePeriodToOnDemandInstantly (api-oce api_order_00032): switching
// yearly/monthly resources to pay-per-use at once. Each requested ID gets
// its own result. A paid primary resource of the caller is switched: it
// and its attached resources leave the yearly/monthly listing, the unused
// days are refunded to the customer's balance (as for an unsubscription,
// 1/30 of the monthly price a day), and an order records the change
// (result SUCCESS with its order_id). An unknown ID, another account's
// resource, an attached resource, or an ID repeated in the request gets
// result FAIL with an error code and message, and is left as it was.

// codeResourceNotFound is the answer for a resource ID that does not exist
// (AutoRenewalResources' error table in API Explorer lists it too).
const codeResourceNotFound = "CBC.99003012"

func hUpdatePeriodToOnDemandInstantly(c *call) (*obj, error) {
	rm := c.listModel("to_ondemand_service_results")
	cust := c.id.customer
	seen := map[string]bool{}
	remove := map[string]bool{}
	var results []*obj
	fail := func(id, code, msg string) {
		results = append(results, c.build(rm, "instant/"+id, map[string]any{
			"resource_id": id, "result": "FAIL", "error_code": code, "error_msg": msg, "order_id": omit{},
		}))
	}
	for _, id := range c.a.strs("resource_ids") {
		if seen[id] {
			fail(id, codeInvalidParam, "Invalid parameter: the resource ID is repeated in resource_ids")
			continue
		}
		seen[id] = true
		r := c.w.resourceByID[id]
		if r == nil || cust == nil || r.customerID != cust.id || remove[id] {
			fail(id, codeResourceNotFound, "The resource does not exist or does not belong to the caller")
			continue
		}
		if !r.main {
			fail(id, codeInvalidParam, "Invalid parameter: only primary resources can be switched; attached resources follow their primary resource")
			continue
		}
		group := append([]*resource{r}, c.w.attachedTo(r.id)...)
		refund := decimal.Zero
		for _, g := range group {
			if days := int64(g.expire.Sub(c.now).Hours() / 24); days > 0 {
				refund = refund.Add(g.monthly.Mul(decimal.NewFromInt(days)).Div(decimal.NewFromInt(30)).Truncate(2))
			}
			remove[g.id] = true
		}
		o := &order{
			id: c.w.newCode("CS", c.now, 9), customerID: cust.id, service: r.product.service, serviceName: r.product.serviceName,
			sourceType: 1, status: 5, orderType: 4, amount: refund, official: refund, created: c.now, paid: c.now,
			userName: cust.accountName,
			lines: []*orderLine{{id: hex32(c.w.rng), productID: r.product.productID, specDesc: r.spec, service: r.product.service,
				resourceType: r.product.resourceType, periodType: 2, effective: c.now, expire: r.expire, amount: refund,
				official: refund, resourceID: r.id}},
		}
		if refund.IsPositive() {
			cust.cash.balance = cust.cash.balance.Add(refund)
			c.w.addChange(cust.id, "REFUND", "SOURCE_OPERAIION_UNSUBSCRIBE", c.now, o.id, refund, cust.cash.balance, "", "")
		}
		c.w.orders = append([]*order{o}, c.w.orders...)
		c.w.orderByID[o.id] = o
		results = append(results, c.build(rm, "instant/"+id, map[string]any{
			"resource_id": id, "result": "SUCCESS", "error_code": omit{}, "error_msg": omit{}, "order_id": o.id,
		}))
	}
	c.w.removeResources(remove)
	return c.response(map[string]any{"to_ondemand_service_results": results}), nil
}
