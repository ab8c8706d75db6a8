package sandbox

import (
	"time"

	"github.com/shopspring/decimal"
)

func balanceObj(c *call, model, key, id string, typ int, amount, designated, credit decimal.Decimal) *obj {
	return c.build(model, key, map[string]any{
		"account_id": id, "account_type": typ, "amount": money(amount), "currency": "CNY",
		"designated_amount": money(designated), "credit_amount": money(credit), "measure_id": 1, "memo": "",
	})
}

func hListPartnerBalances(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	m := c.listModel("account_balances")
	var list []*obj
	if rid != "" {
		rs := c.w.resellerByID[rid]
		list = append(list, balanceObj(c, m, rid+"/cash", rs.cash.id, 1, rs.cash.balance, rs.cash.designated, decimal.Zero))
	} else {
		p := c.w.partner
		list = append(list,
			balanceObj(c, m, "cash", p.cash.id, 1, p.cash.balance, p.cash.designated, decimal.Zero),
			balanceObj(c, m, "credit", p.creditID, 2, p.creditLimit.Sub(p.creditUsed), decimal.Zero, p.creditLimit))
	}
	return c.response(map[string]any{"account_balances": list}), nil
}

// checkAmount re-checks a money amount (validation has run already).
func (c *call) amount(name string) (decimal.Decimal, error) {
	d, ok := c.a.dec(name)
	if !ok || !d.IsPositive() {
		return decimal.Zero, errInvalid(name + ": must be greater than 0")
	}
	return d, nil
}

func hUpdateCustomerAccountAmount(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	amt, err := c.amount("amount")
	if err != nil {
		return nil, err
	}
	cust, aerr := c.w.findCustomer(c.a.text("customer_id"), rid)
	if aerr != nil {
		return nil, aerr
	}
	if cust.associationType != "2" {
		return nil, errNotAssociated("Access denied: customer " + cust.id + " is a referral customer; only resale customers can be funded")
	}
	_, from := c.w.payer(cust)
	available := from.balance.Sub(from.designated)
	if amt.GreaterThan(available) {
		who, code := "partner", codeInsufficientFunding
		if rid != "" {
			who, code = "reseller", codeInsufficient
		}
		return nil, errInsufficient(code, "Insufficient balance: the "+who+" account has "+moneyText(zeroIfNeg(available))+" available (balance minus designated amount), less than "+moneyText(amt))
	}
	tid := hex32(c.w.rng)
	c.w.allocate(cust, amt, c.now, tid)
	return c.response(map[string]any{"transfer_id": tid}), nil
}

func hReclaimToPartnerAccount(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	amt, err := c.amount("amount")
	if err != nil {
		return nil, err
	}
	cust, aerr := c.w.findCustomer(c.a.text("customer_id"), rid)
	if aerr != nil {
		return nil, aerr
	}
	if cust.associationType != "2" {
		return nil, errNotAssociated("Access denied: customer " + cust.id + " is a referral customer; funds can be reclaimed from resale customers only")
	}
	if amt.GreaterThan(cust.cash.balance) {
		return nil, errInsufficient(codeInsufficient, "Insufficient balance: customer "+cust.id+" has "+moneyText(cust.cash.balance)+", less than the "+moneyText(amt)+" to reclaim")
	}
	tid := hex32(c.w.rng)
	c.w.reclaim(cust, amt, c.now, tid)
	return c.response(map[string]any{"trans_id": tid}), nil
}

func hShowCustomerAccountBalances(c *call) (*obj, error) {
	m := c.listModel("account_balances")
	var list []*obj
	debt := decimal.Zero
	if cust := c.id.customer; cust != nil {
		list = append(list, balanceObj(c, m, cust.id+"/cash", cust.cash.id, 1, cust.cash.balance, cust.cash.designated, decimal.Zero))
		debt = cust.debt
	} else {
		p := c.w.partner
		list = append(list, balanceObj(c, m, "cash", p.cash.id, 1, p.cash.balance, p.cash.designated, decimal.Zero))
	}
	for _, o := range list {
		o.del("memo")
	}
	return c.response(map[string]any{"account_balances": list, "debt_amount": money(debt), "measure_id": 1, "currency": "CNY"}), nil
}

func hListCustomersBalancesDetail(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	m := c.listModel("customer_balances")
	var list []*obj
	for _, info := range c.a.objects("customer_infos") {
		id, _ := info["customer_id"].(string)
		cust := c.w.customerByID[id]
		if cust == nil || cust.resellerID != rid || cust.associationType != "2" || !cust.associated(c.now) {
			continue
		}
		list = append(list, c.build(m, cust.id, map[string]any{
			"customer_id": cust.id, "debt_amount": money(cust.debt), "amount": money(cust.cash.balance),
			"currency": "CNY", "measure_id": 1,
		}))
	}
	return c.response(map[string]any{"customer_balances": list}), nil
}

func hListIndirectPartners(c *call) (*obj, error) {
	name := c.a.text("account_name")
	id := c.a.text("indirect_partner_id")
	var items []*reseller
	for _, rs := range c.w.resellers {
		if name != "" && !containsFold(rs.accountName, name) {
			continue
		}
		if id != "" && rs.id != id {
			continue
		}
		if !c.timeFilter(rs.associatedOn, "associated_on_begin", "associated_on_end") {
			continue
		}
		items = append(items, rs)
	}
	m := c.itemModel()
	return listResponse(c, items, func(_ int, rs *reseller) *obj {
		return c.build(m, rs.id, map[string]any{
			"indirect_partner_id": rs.id, "mobile_phone": rs.phone, "email": rs.email, "account_name": rs.accountName,
			"name": rs.name, "associated_on": utc(rs.associatedOn), "account_manager_id": rs.managerID,
			"account_manager_name": rs.managerName,
		})
	}, nil)
}

func (c *call) reseller(name string) (*reseller, error) {
	id := c.a.text(name)
	rs := c.w.resellerByID[id]
	if rs == nil {
		return nil, errNotAssociated("Access denied: reseller " + quoteMax(id, 64) + " is not associated with the partner")
	}
	return rs, nil
}

func hUpdateIndirectPartnerAccount(c *call) (*obj, error) {
	rs, err := c.reseller("indirect_partner_id")
	if err != nil {
		return nil, err
	}
	amt, err := c.amount("amount")
	if err != nil {
		return nil, err
	}
	p := c.w.partner
	if available := p.cash.balance.Sub(p.cash.designated); amt.GreaterThan(available) {
		return nil, errInsufficient(codeInsufficient, "Insufficient balance: the partner account has "+moneyText(zeroIfNeg(available))+" available, less than "+moneyText(amt))
	}
	tid := hex32(c.w.rng)
	c.w.fundReseller(rs, amt, c.now, tid)
	return c.response(map[string]any{"transfer_id": tid}), nil
}

func hReclaimIndirectPartnerAccount(c *call) (*obj, error) {
	rs, err := c.reseller("indirect_partner_id")
	if err != nil {
		return nil, err
	}
	amt, err := c.amount("amount")
	if err != nil {
		return nil, err
	}
	if amt.GreaterThan(rs.cash.balance) {
		return nil, errInsufficient(codeInsufficient, "Insufficient balance: reseller "+rs.id+" has "+moneyText(rs.cash.balance)+", less than the "+moneyText(amt)+" to reclaim")
	}
	tid := hex32(c.w.rng)
	c.w.reclaimReseller(rs, amt, c.now, tid)
	return c.response(map[string]any{"trans_id": tid}), nil
}

// changesOf returns the account change records of owner, newest first,
// filtered by the request's trade type and period.
func (c *call) changesOf(owner string) []*accountChange {
	tradeType := c.a.text("trade_type")
	tradeID := c.a.text("trade_id")
	from := c.now.AddDate(-1, 0, 0)
	var out []*accountChange
	for _, ch := range c.w.changes {
		if ch.owner != owner {
			continue
		}
		if tradeType != "" && ch.tradeType != tradeType {
			continue
		}
		if tradeID != "" && ch.tradeID != tradeID {
			continue
		}
		if c.a.text("trade_time_begin") == "" && ch.at.Before(from) {
			continue
		}
		if !c.dateFilter(ch.at, "trade_time_begin", "trade_time_end") {
			continue
		}
		switch c.a.text("revenue_expense_type") {
		case "REVENUE":
			if ch.amount.IsNegative() {
				continue
			}
		case "EXPENSE":
			if !ch.amount.IsNegative() {
				continue
			}
		}
		out = append(out, ch)
	}
	sortDesc(out, func(ch *accountChange) time.Time { return ch.at })
	return out
}

func changeType(d decimal.Decimal) string {
	if d.IsNegative() {
		return "2"
	}
	return "1"
}

func hListPartnerAccountChangeRecords(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	var items []*accountChange
	if c.a.text("balance_type") != "BALANCE_TYPE_CREDIT" {
		items = c.changesOf(rid)
	}
	m := c.itemModel()
	return listResponse(c, items, func(_ int, ch *accountChange) *obj {
		vals := map[string]any{
			"account_change_id": ch.id, "trade_detail_type": ch.detailType, "trade_time": utc(ch.at), "trade_id": ch.tradeID,
			"change_amount": moneyText(ch.amount.Abs()), "balance_after_change": moneyText(ch.balanceAfter),
			"type": changeType(ch.amount), "customer_id": omit{}, "account_name": omit{},
		}
		if ch.counterparty != "" {
			vals["customer_id"], vals["account_name"] = ch.counterparty, ch.counterName
		}
		return c.build(m, ch.id, vals)
	}, map[string]any{"currency": "CNY"})
}

func hListPartnerAdjustRecords(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	cid, opType, trans := c.a.text("customer_id"), c.a.text("operation_type"), c.a.text("trans_id")
	var items []*adjustRecord
	for _, ad := range c.w.adjusts {
		if ad.owner != rid || (cid != "" && ad.targetID != cid) || (opType != "" && ad.opType != opType) || (trans != "" && ad.transID != trans) {
			continue
		}
		if !c.timeFilter(ad.at, "operation_time_begin", "operation_time_end") {
			continue
		}
		items = append(items, ad)
	}
	sortDesc(items, func(ad *adjustRecord) time.Time { return ad.at })
	m := c.itemModel()
	return listResponse(c, items, func(i int, ad *adjustRecord) *obj {
		return c.build(m, ad.transID, map[string]any{
			"customer_id": ad.targetID, "customer_name": ad.targetName, "operation_type": ad.opType,
			"amount": moneyText(ad.amount), "currency": "CNY", "apply_scene": "partner_console",
			"operation_time": utc(ad.at), "measure_id": 1, "trans_id": ad.transID, "memo": "",
		})
	}, nil)
}

// quotaStatus is the status of q at now (expired quotas are status 3).
func quotaStatus(q *quota, now time.Time) int {
	if q.status == 0 && now.After(q.expire) {
		return 3
	}
	return q.status
}

func (c *call) quotaObj(model string, q *quota) *obj {
	var limits []*obj
	if len(q.services) > 0 {
		lm := c.s.field(model, "limit_infos")
		if lm != nil {
			im, _ := c.s.arrayModel(model, "limit_infos")
			var values []*obj
			vm, _ := c.s.arrayModel(im, "limit_values")
			for _, sv := range q.services {
				values = append(values, c.build(vm, q.id+sv, map[string]any{"value1": sv, "value2": ""}))
			}
			limits = append(limits, c.build(im, q.id+"/limit", map[string]any{"limit_key": "cloud_service_types", "limit_values": values}))
		}
	}
	vals := map[string]any{
		"quota_id": q.id, "quota_type": q.quotaType, "create_time": utc(q.created), "last_update_time": utc(q.updated),
		"quota_value": money(q.value), "quota_status": quotaStatus(q, c.now), "balance": money(q.balance), "measure_id": 1,
		"currency": "CNY", "effective_time": utc(q.effective), "expire_time": utc(q.expire), "limit_infos": limits,
		"parent_quota_id": q.parentID,
	}
	if rs := c.w.resellerByID[q.resellerID]; rs != nil {
		vals["indirect_partner_id"], vals["indirect_partner_account_name"], vals["indirect_partner_name"] = rs.id, rs.accountName, rs.name
	}
	return c.build(model, q.id, vals)
}

func hListQuotaCoupons(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	ids := c.a.strs("quota_ids")
	statuses := c.a.ints("quota_status_list")
	qt, ok := c.a.int("quota_type")
	if !ok {
		qt = 0
	}
	var items []*quota
	for _, q := range c.w.quotas {
		if q.resellerID != rid || int64(q.quotaType) != qt {
			continue
		}
		if len(ids) > 0 && !contains(ids, q.id) {
			continue
		}
		if len(statuses) > 0 && !containsInt(statuses, int64(quotaStatus(q, c.now))) {
			continue
		}
		if !c.timeFilter(q.created, "create_time_begin", "create_time_end") ||
			!c.timeFilter(q.effective, "effective_time_begin", "effective_time_end") ||
			!c.timeFilter(q.expire, "expire_time_begin", "expire_time_end") {
			continue
		}
		items = append(items, q)
	}
	m := c.itemModel()
	return listResponse(c, items, func(_ int, q *quota) *obj { return c.quotaObj(m, q) }, nil)
}

func containsInt(list []int64, v int64) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func hListIssuedCouponQuotas(c *call) (*obj, error) {
	qid, rid := c.a.text("quota_id"), c.a.text("indirect_partner_id")
	parent, hasParent := c.a.str("parent_quota_id")
	var items []*quota
	for _, q := range c.w.quotas {
		if q.resellerID == "" || (qid != "" && q.id != qid) || (rid != "" && q.resellerID != rid) || (hasParent && q.parentID != parent) {
			continue
		}
		items = append(items, q)
	}
	m := c.itemModel()
	return listResponse(c, items, func(_ int, q *quota) *obj { return c.quotaObj(m, q) }, nil)
}

func hUpdateCouponQuotas(c *call) (*obj, error) {
	q := c.w.quotaByID[c.a.text("quota_id")]
	if q == nil || q.resellerID != "" {
		return nil, errInvalid("quota_id: no such quota of the partner")
	}
	if q.quotaType != 0 || quotaStatus(q, c.now) != 0 {
		return nil, errInvalid("quota_id: the quota is not a usable voucher quota")
	}
	amt, err := c.amount("quota_amount")
	if err != nil {
		return nil, err
	}
	ids := c.a.strs("indirect_partner_ids")
	var okIDs []string
	var failed []*obj
	var failedRecs []*quotaRecord
	em := c.listModel("error_details")
	for _, id := range ids {
		if c.w.resellerByID[id] == nil {
			failed = append(failed, c.build(em, id, map[string]any{"error_code": codeNotAssociated, "error_msg": "the reseller is not associated with the partner", "id": id}))
			// The quota log keeps failed operations too (result "-1").
			failedRecs = append(failedRecs, &quotaRecord{opType: "10", parentID: q.id, resellerID: id, amount: amt, at: c.now, failed: true})
			continue
		}
		okIDs = append(okIDs, id)
	}
	need := amt.Mul(decimal.NewFromInt(int64(len(okIDs))))
	if need.GreaterThan(q.balance) {
		return nil, errInsufficient(codeQuotaInsufficient, "Insufficient quota: quota "+q.id+" has "+moneyText(q.balance)+" left, "+moneyText(need)+" needed")
	}
	sm := c.listModel("simple_quota_infos")
	var done []*obj
	for _, id := range okIDs {
		sub := &quota{id: c.w.newCode("QU", c.now, 12), parentID: q.id, resellerID: id, value: amt, balance: amt,
			effective: q.effective, expire: q.expire, created: c.now, updated: c.now, services: q.services}
		q.balance = q.balance.Sub(amt)
		q.updated = c.now
		c.w.quotas = append(c.w.quotas, sub)
		c.w.quotaByID[sub.id] = sub
		c.w.quotaRecords = append(c.w.quotaRecords, &quotaRecord{id: hex32(c.w.rng), opType: "10", quotaID: sub.id, parentID: q.id, resellerID: id, amount: amt, at: c.now})
		done = append(done, c.build(sm, sub.id, map[string]any{"id": id, "quota_id": sub.id}))
	}
	for _, r := range failedRecs {
		r.id = hex32(c.w.rng)
		c.w.quotaRecords = append(c.w.quotaRecords, r)
	}
	return c.response(map[string]any{"error_details": failed, "simple_quota_infos": done}), nil
}

func hReclaimCouponQuotas(c *call) (*obj, error) {
	em, sm := c.listModel("error_details"), c.listModel("simple_quota_infos")
	var failed, done []*obj
	for _, id := range c.a.strs("quota_ids") {
		q := c.w.quotaByID[id]
		parent := (*quota)(nil)
		if q != nil {
			parent = c.w.quotaByID[q.parentID]
		}
		if q == nil || q.resellerID == "" || parent == nil || q.status == 6 {
			failed = append(failed, c.build(em, id, map[string]any{"error_code": codeInvalidParam, "error_msg": "no reclaimable reseller quota with this ID", "id": id}))
			continue
		}
		amt := q.balance
		parent.balance = parent.balance.Add(amt)
		parent.updated = c.now
		q.balance = decimal.Zero
		q.status = 6
		q.updated = c.now
		c.w.quotaRecords = append(c.w.quotaRecords, &quotaRecord{id: hex32(c.w.rng), opType: "11", quotaID: q.id, parentID: parent.id, resellerID: q.resellerID, amount: amt, at: c.now, remark: c.a.text("remark")})
		done = append(done, c.build(sm, q.id, map[string]any{"quota_id": q.id, "quota_balance": money(q.balance)}))
	}
	return c.response(map[string]any{"error_details": failed, "simple_quota_infos": done}), nil
}

func hListCouponQuotasRecords(c *call) (*obj, error) {
	rid, qid := c.a.text("indirect_partner_id"), c.a.text("quota_id")
	parent, hasParent := c.a.str("parent_quota_id")
	opType := c.a.text("operation_type")
	var items []*quotaRecord
	for _, r := range c.w.quotaRecords {
		if (rid != "" && r.resellerID != rid) || (qid != "" && r.quotaID != qid) || (hasParent && r.parentID != parent) {
			continue
		}
		if (opType == "10" || opType == "11") && r.opType != opType {
			continue
		}
		if !c.timeFilter(r.at, "operation_time_begin", "operation_time_end") {
			continue
		}
		items = append(items, r)
	}
	sortDesc(items, func(r *quotaRecord) time.Time { return r.at })
	m := c.itemModel()
	return listResponse(c, items, func(_ int, r *quotaRecord) *obj {
		vals := map[string]any{
			"id": r.id, "operator": c.s.cfg.UserName, "operation_type": r.opType, "quota_id": r.quotaID,
			"parent_quota_id": r.parentID, "amount": money(r.amount), "operation_time": utc(r.at), "result": recordResult(r.failed), "remark": r.remark,
		}
		if rs := c.w.resellerByID[r.resellerID]; rs != nil {
			vals["indirect_partner_id"], vals["indirect_partner_account_name"], vals["indirect_partner_name"] = rs.id, rs.accountName, rs.name
		}
		return c.build(m, r.id, vals)
	}, nil)
}
