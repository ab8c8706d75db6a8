package sandbox

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// orderVisible reports whether the caller may see o: its own order for a
// customer; an order of a customer in the request's scope for the partner.
func (c *call) orderVisible(o *order, rid string) bool {
	if cust := c.id.customer; cust != nil {
		return o.customerID == cust.id
	}
	oc := c.w.customerByID[o.customerID]
	return oc != nil && oc.resellerID == rid
}

func (c *call) amountInfo(model, key string) *obj {
	f := c.s.field(model, "amount_info")
	if f == nil {
		return nil
	}
	m := strings.TrimPrefix(f.Type, "object:")
	zero := money(decimal.Zero)
	return c.build(m, key, map[string]any{
		"discounts": []*obj{}, "flexipurchase_coupon_amount": zero, "coupon_amount": zero, "stored_card_amount": zero,
		"commission_amount": zero, "consumed_amount": zero,
	})
}

func (c *call) orderObj(model string, o *order) *obj {
	return c.build(model, o.id, map[string]any{
		"order_id": o.id, "customer_id": o.customerID, "service_type_code": o.service, "service_type_name": o.serviceName,
		"source_type": o.sourceType, "status": o.status, "order_type": o.orderType,
		"amount_after_discount": money(o.amount), "official_amount": money(o.official), "measure_id": 1,
		"create_time": utc(o.created), "payment_time": utc(o.paid), "currency": "CNY", "contract_id": "",
		"amount_info": c.amountInfo(model, o.id+"/amount"), "enterprise_projects": []*obj{}, "sub_order_infos": []*obj{},
		"user_name": o.userName, "pending_payment_end_time": pendingEnd(o),
	})
}

func pendingEnd(o *order) string {
	if o.status != 6 {
		return ""
	}
	return utc(o.created.Add(15 * 24 * time.Hour))
}

func hListCustomerOrders(c *call) (*obj, error) {
	rid := ""
	if c.id.customer == nil {
		var err error
		if rid, err = c.resellerScope(); err != nil {
			return nil, err
		}
		if id := c.a.text("customer_id"); id != "" {
			if _, aerr := c.w.findCustomer(id, rid); aerr != nil {
				return nil, aerr
			}
		}
	} else if c.a.text("method") == "sub_customer" {
		return listResponse(c, []*order(nil), nil, nil)
	}
	oid, cid, svc := c.a.text("order_id"), c.a.text("customer_id"), c.a.text("service_type_code")
	status, hasStatus := c.a.int("status")
	otype := c.a.text("order_type")
	var items []*order
	for _, o := range c.w.orders {
		if !c.orderVisible(o, rid) || (oid != "" && !strings.EqualFold(o.id, oid)) || (cid != "" && o.customerID != cid) ||
			(svc != "" && !strings.EqualFold(o.service, svc)) || (hasStatus && int64(o.status) != status) ||
			(otype != "" && strconv.Itoa(o.orderType) != otype) {
			continue
		}
		if !c.timeFilter(o.created, "create_time_begin", "create_time_end") {
			continue
		}
		if _, b := c.a.timeArg("payment_time_begin"); b || c.a.text("payment_time_end") != "" {
			if o.paid.IsZero() || !c.timeFilter(o.paid, "payment_time_begin", "payment_time_end") {
				continue
			}
		}
		items = append(items, o)
	}
	if strings.EqualFold(c.a.text("order_by"), "createTime") {
		rev := make([]*order, len(items))
		for i, o := range items {
			rev[len(items)-1-i] = o
		}
		items = rev
	}
	m := c.itemModel()
	return listResponse(c, items, func(_ int, o *order) *obj { return c.orderObj(m, o) }, nil)
}

// visibleOrder finds the order of the order_id parameter.
func (c *call) visibleOrder() (*order, error) {
	rid := ""
	if c.id.customer == nil {
		var err error
		if rid, err = c.resellerScope(); err != nil {
			return nil, err
		}
	}
	id := c.a.text("order_id")
	o := c.w.orderByID[id]
	if o == nil || !c.orderVisible(o, rid) {
		return nil, errInvalid("order_id: no order " + quoteMax(id, 64) + " visible to the caller")
	}
	return o, nil
}

func hShowCustomerOrderDetails(c *call) (*obj, error) {
	o, err := c.visibleOrder()
	if err != nil {
		return nil, err
	}
	var info *obj
	if f := c.s.field(c.op.Response, "order_info"); f != nil {
		info = c.orderObj(strings.TrimPrefix(f.Type, "object:"), o)
	}
	m := c.itemModel()
	pm := ""
	if bf := c.s.field(m, "base_product_info"); bf != nil {
		pm = strings.TrimPrefix(bf.Type, "object:")
	}
	return listResponse(c, o.lines, func(_ int, l *orderLine) *obj {
		return c.build(m, l.id, map[string]any{
			"order_line_item_id": l.id, "service_type_code": l.service, "service_type_name": serviceName(c.w, l.service),
			"product_id": l.productID, "product_spec_desc": l.specDesc, "period_type": l.periodType, "period_num": l.periodNum,
			"effective_time": utc(l.effective), "expire_time": utc(l.expire), "subscription_num": 1,
			"amount_after_discount": money(l.amount), "official_amount": money(l.official),
			"amount_info": c.amountInfo(m, l.id+"/amount"), "currency": "CNY", "category_code": l.service,
			"product_owner_service": l.service, "commercial_resource": l.resourceType,
			"base_product_info": c.build(pm, l.id+"/product", map[string]any{
				"product_id": l.productID, "product_spec_desc": l.specDesc, "category_code": l.service,
				"product_owner_service": l.service, "commercial_resource": l.resourceType,
			}),
			"order_id": o.id,
		})
	}, map[string]any{"order_info": info})
}

func serviceName(w *world, service string) string {
	for _, p := range w.products {
		if p.service == service {
			return p.serviceName
		}
	}
	return service
}

func hCancelCustomerOrder(c *call) (*obj, error) {
	o, err := c.visibleOrder()
	if err != nil {
		return nil, err
	}
	if o.status != 6 {
		return nil, errInvalid("order_id: only orders pending payment can be cancelled (status " + strconv.Itoa(o.status) + ")")
	}
	o.status = 4
	return nil, nil
}

// pay settles order o from its customer's cash balance (after coupons)
// and applies a renewal it carries.
func (c *call) pay(o *order, coupons []*coupon) error {
	cust := c.w.customerByID[o.customerID]
	if cust == nil {
		return errInvalid("order_id: the order's customer no longer exists")
	}
	due := o.amount
	var uses []decimal.Decimal
	for _, cp := range coupons {
		use := decimal.Min(cp.balance, due)
		uses = append(uses, use)
		due = due.Sub(use)
	}
	if due.GreaterThan(cust.cash.balance) {
		return errInsufficient(codeInsufficient, "Insufficient balance: customer "+cust.id+" has "+moneyText(cust.cash.balance)+", "+moneyText(due)+" is due for order "+o.id)
	}
	for i, cp := range coupons {
		cp.balance = cp.balance.Sub(uses[i])
		if cp.balance.IsZero() {
			cp.status = 3
		}
		cp.orderID = o.id
	}
	if due.IsPositive() {
		cust.cash.balance = cust.cash.balance.Sub(due)
		c.w.addChange(cust.id, "DEDEUCT", "SOURCE_OPERAIION_DEDEUCT", c.now, o.id, due.Neg(), cust.cash.balance, "", "")
	}
	o.status = 5
	o.paid = c.now
	if rn := o.renewal; rn != nil {
		months := rn.periodNum
		if rn.periodType == 3 {
			months *= 12
		}
		for _, id := range rn.resourceIDs {
			if res := c.w.resourceByID[id]; res != nil {
				res.history = append(res.history, res.expire)
				res.expire = res.expire.AddDate(0, months, 0)
				if res.status == 5 && res.expire.After(c.now) {
					res.status = 2
				}
				res.updated = c.now
			}
		}
		o.renewal = nil
	}
	return nil
}

func hPayOrders(c *call) (*obj, error) {
	id := c.a.text("order_id")
	o := c.w.orderByID[id]
	if o == nil || c.id.customer == nil || o.customerID != c.id.customer.id {
		return nil, errInvalid("order_id: no order " + quoteMax(id, 64) + " of the caller")
	}
	if o.status != 6 {
		return nil, errInvalid("order_id: order " + o.id + " is not pending payment (status " + strconv.Itoa(o.status) + ")")
	}
	// coupon_infos is given exactly when use_coupon is YES: the spec's
	// rules, checked with the request (validateRequest).
	infos := c.a.objects("coupon_infos")
	var coupons []*coupon
	for _, info := range infos {
		cid, _ := info["id"].(string)
		cp := c.w.couponByID[cid]
		if cp == nil || cp.customerID != o.customerID || couponStatus(cp, c.now) != 2 || !cp.balance.IsPositive() {
			return nil, errInvalid("coupon_infos.id: coupon " + quoteMax(cid, 64) + " is not a usable coupon of the customer")
		}
		coupons = append(coupons, cp)
	}
	if err := c.pay(o, coupons); err != nil {
		return nil, err
	}
	return nil, nil
}

// attachedTo returns the resources attached to main resource id.
func (w *world) attachedTo(id string) []*resource {
	var out []*resource
	for _, r := range w.resources {
		if r.parentID == id {
			out = append(out, r)
		}
	}
	return out
}

func (c *call) resourceObj(model string, r *resource) *obj {
	mainFlag := 0
	if r.main {
		mainFlag = 1
	}
	var ep *obj
	if f := c.s.field(model, "enterprise_project"); f != nil {
		ep = c.build(strings.TrimPrefix(f.Type, "object:"), r.id+"/ep", map[string]any{"id": "0", "name": "default"})
	}
	status := r.status
	if status == 2 && c.now.After(r.expire) {
		status = 5
	}
	return c.build(model, r.id, map[string]any{
		"id": r.internalID, "resource_id": r.id, "resource_name": r.name, "region_code": r.region,
		"service_type_code": r.product.service, "resource_type_code": r.product.resourceType,
		"resource_type_name": r.product.resourceName, "service_type_name": r.product.serviceName,
		"resource_spec_code": r.spec, "project_id": r.projectID, "product_id": r.product.productID,
		"parent_resource_id": r.parentID, "is_main_resource": mainFlag, "status": status,
		"effective_time": utc(r.effective), "expire_time": utc(r.expire), "expire_policy": r.policy,
		"product_spec_desc": r.product.resourceName + " " + r.spec, "spec_size": number(decimal.Zero),
		"spec_size_measure_id": 0, "update_time": utc(r.updated), "enterprise_project": ep,
	})
}

func hListPayPerUseCustomerResources(c *call) (*obj, error) {
	owner := ""
	if cust := c.id.customer; cust != nil {
		owner = cust.id
	} else if id := c.a.text("customer_id"); id != "" {
		if c.w.customerByID[id] == nil {
			return nil, errNotAssociated("Access denied: customer " + quoteMax(id, 64) + " is not associated with the partner")
		}
		owner = id
	}
	if v, ok := c.a.str("service_type_code"); ok && v == "" {
		return nil, errInvalid("service_type_code: must not be an empty string")
	}
	ids := c.a.strs("resource_ids")
	onlyMain, _ := c.a.int("only_main_resource")
	statuses := c.a.ints("status_list")
	svc := c.a.text("service_type_code")
	var inOrder map[string]bool
	if oid := c.a.text("order_id"); oid != "" {
		inOrder = map[string]bool{}
		if o := c.w.orderByID[oid]; o != nil && o.customerID == owner {
			for _, l := range o.lines {
				inOrder[l.resourceID] = true
			}
		}
	}
	var items []*resource
	if owner != "" {
		for _, r := range c.w.resources {
			if r.customerID != owner || (onlyMain == 1 && !r.main) || (svc != "" && r.product.service != svc) {
				continue
			}
			if len(ids) > 0 && !contains(ids, r.id) && (onlyMain == 1 || !contains(ids, r.parentID)) {
				continue
			}
			if inOrder != nil && !inOrder[r.id] {
				continue
			}
			status := r.status
			if status == 2 && c.now.After(r.expire) {
				status = 5
			}
			if len(statuses) > 0 && !containsInt(statuses, int64(status)) {
				continue
			}
			if !c.timeFilter(r.expire, "expire_time_begin", "expire_time_end") {
				continue
			}
			items = append(items, r)
		}
	}
	m := c.itemModel()
	return listResponse(c, items, func(_ int, r *resource) *obj { return c.resourceObj(m, r) }, nil)
}

// ownedMain returns the caller's main resource id, or why it cannot be used.
func (c *call) ownedMain(id string) (*resource, string) {
	r := c.w.resourceByID[id]
	switch {
	case r == nil || c.id.customer == nil || r.customerID != c.id.customer.id:
		return nil, "the resource does not exist or does not belong to the caller"
	case !r.main:
		return nil, "not a primary resource; attached resources follow their primary resource"
	}
	return r, ""
}

func (c *call) failInfo(model, id, msg string) *obj {
	return c.build(model, "fail/"+id, map[string]any{"error_code": codeInvalidParam, "error_msg": msg, "resource_id": id})
}

func hRenewalResources(c *call) (*obj, error) {
	pt, _ := c.a.int("period_type")
	pn, _ := c.a.int("period_num") // 1-11 months or 1-3 years: the spec's rules, validateRequest
	months := int(pn)
	if pt == 3 {
		months *= 12
	}
	fm := c.listModel("fail_resource_infos")
	var failed []*obj
	var group []*resource
	firstErr := ""
	for _, id := range c.a.strs("resource_ids") {
		r, msg := c.ownedMain(id)
		if r == nil {
			failed = append(failed, c.failInfo(fm, id, msg))
			if firstErr == "" {
				firstErr = quoteMax(id, 64) + ": " + msg
			}
			continue
		}
		group = append(group, r)
		group = append(group, c.w.attachedTo(r.id)...)
	}
	if len(group) == 0 {
		return nil, errInvalid("resource_ids: no resource can be renewed; " + firstErr)
	}
	cust := c.id.customer
	o := &order{
		id: c.w.newCode("CS", c.now, 9), customerID: cust.id, service: group[0].product.service,
		serviceName: group[0].product.serviceName, sourceType: 1, status: 6, orderType: 2, created: c.now,
		userName: cust.accountName, renewal: &renewal{periodType: int(pt), periodNum: int(pn)},
	}
	if c.id.customer != nil && !c.id.partner {
		o.sourceType = 2
	}
	for _, r := range group {
		amt := r.monthly.Mul(decimal.NewFromInt(int64(months)))
		o.amount = o.amount.Add(amt)
		o.renewal.resourceIDs = append(o.renewal.resourceIDs, r.id)
		o.lines = append(o.lines, &orderLine{id: hex32(c.w.rng), productID: r.product.productID, specDesc: r.spec,
			service: r.product.service, resourceType: r.product.resourceType, periodType: int(pt), periodNum: int(pn),
			effective: r.expire.Add(time.Second), expire: r.expire.AddDate(0, months, 0), amount: amt, official: amt, resourceID: r.id})
	}
	o.official = o.amount
	if auto, _ := c.a.int("is_auto_pay"); auto == 1 {
		if err := c.pay(o, nil); err != nil {
			return nil, err
		}
	}
	c.w.orders = append([]*order{o}, c.w.orders...)
	c.w.orderByID[o.id] = o
	return c.response(map[string]any{"order_ids": []string{o.id}, "fail_resource_infos": failed}), nil
}

func (w *world) removeResources(ids map[string]bool) {
	kept := w.resources[:0]
	for _, r := range w.resources {
		if ids[r.id] {
			delete(w.resourceByID, r.id)
			continue
		}
		kept = append(kept, r)
	}
	for i := len(kept); i < len(w.resources); i++ {
		w.resources[i] = nil
	}
	w.resources = kept
}

func hCancelResourcesSubscription(c *call) (*obj, error) {
	typ, _ := c.a.int("unsubscribe_type")
	fm := c.listModel("fail_resource_infos")
	var failed []*obj
	firstErr := ""
	fail := func(id, msg string) {
		failed = append(failed, c.failInfo(fm, id, msg))
		if firstErr == "" {
			firstErr = quoteMax(id, 64) + ": " + msg
		}
	}
	type refund struct {
		r      *resource
		amount decimal.Decimal
	}
	var done []refund
	remove := map[string]bool{}
	for _, id := range c.a.strs("resource_ids") {
		r := c.w.resourceByID[id]
		if r == nil || c.id.customer == nil || r.customerID != c.id.customer.id || remove[id] {
			fail(id, "the resource does not exist or does not belong to the caller")
			continue
		}
		group := []*resource{r}
		if r.main {
			group = append(group, c.w.attachedTo(r.id)...)
		}
		if typ == 2 {
			popped := false
			total := decimal.Zero
			for _, g := range group {
				for len(g.history) > 0 && g.history[len(g.history)-1].After(c.now) {
					prev := g.history[len(g.history)-1]
					days := int64(g.expire.Sub(prev).Hours() / 24)
					total = total.Add(g.monthly.Mul(decimal.NewFromInt(days)).Div(decimal.NewFromInt(30)).Truncate(2))
					g.expire = prev
					g.history = g.history[:len(g.history)-1]
					g.updated = c.now
					popped = true
				}
			}
			if !popped {
				fail(id, "the resource has no renewal period that has not started")
				continue
			}
			done = append(done, refund{r, total})
			continue
		}
		total := decimal.Zero
		for _, g := range group {
			if days := int64(g.expire.Sub(c.now).Hours() / 24); days > 0 {
				total = total.Add(g.monthly.Mul(decimal.NewFromInt(days)).Div(decimal.NewFromInt(30)).Truncate(2))
			}
			remove[g.id] = true
		}
		done = append(done, refund{r, total})
	}
	if len(done) == 0 {
		return nil, errInvalid("resource_ids: no resource can be unsubscribed; " + firstErr)
	}
	cust := c.id.customer
	var ids []string
	for _, d := range done {
		o := &order{
			id: c.w.newCode("CS", c.now, 9), customerID: cust.id, service: d.r.product.service, serviceName: d.r.product.serviceName,
			sourceType: 1, status: 5, orderType: 4, amount: d.amount, official: d.amount, created: c.now, paid: c.now,
			userName: cust.accountName,
			lines: []*orderLine{{id: hex32(c.w.rng), productID: d.r.product.productID, specDesc: d.r.spec, service: d.r.product.service,
				resourceType: d.r.product.resourceType, periodType: 2, effective: c.now, expire: d.r.expire, amount: d.amount,
				official: d.amount, resourceID: d.r.id}},
		}
		if d.amount.IsPositive() {
			cust.cash.balance = cust.cash.balance.Add(d.amount)
			c.w.addChange(cust.id, "REFUND", "SOURCE_OPERAIION_UNSUBSCRIBE", c.now, o.id, d.amount, cust.cash.balance, "", "")
		}
		c.w.orders = append([]*order{o}, c.w.orders...)
		c.w.orderByID[o.id] = o
		ids = append(ids, o.id)
	}
	c.w.removeResources(remove)
	return c.response(map[string]any{"order_ids": ids, "fail_resource_infos": failed}), nil
}

func hAutoRenewalResources(c *call) (*obj, error) {
	r, msg := c.ownedMain(c.a.text("resource_id"))
	if r == nil {
		return nil, errInvalid("resource_id: " + msg)
	}
	times, has := c.a.int("auto_renew_times")
	for _, g := range append([]*resource{r}, c.w.attachedTo(r.id)...) {
		if has {
			g.autoRenewTimes = int(times)
		} else if g.policy != 3 {
			g.autoRenewTimes = 0
		}
		g.policy = 3
		g.updated = c.now
	}
	return nil, nil
}

func hCancelAutoRenewalResources(c *call) (*obj, error) {
	r, msg := c.ownedMain(c.a.text("resource_id"))
	if r == nil {
		return nil, errInvalid("resource_id: " + msg)
	}
	for _, g := range append([]*resource{r}, c.w.attachedTo(r.id)...) {
		g.policy = 0
		g.autoRenewTimes = 0
		g.updated = c.now
	}
	return nil, nil
}
