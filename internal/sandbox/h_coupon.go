package sandbox

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// couponStatus is the status of cp at now: usable and not-yet-active
// coupons past their expiry are expired (4), not-yet-active ones whose
// time has come are usable (2).
func couponStatus(cp *coupon, now time.Time) int {
	switch cp.status {
	case 1, 2:
		if now.After(cp.expire) {
			return 4
		}
		if now.Before(cp.effective) {
			return 1
		}
		return 2
	}
	return cp.status
}

func hCreatePartnerCoupons(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	qid := c.a.text("quota_id")
	q := c.w.quotaByID[qid]
	if q == nil || (q.resellerID != "" && q.resellerID != rid) {
		return nil, errInvalid("quota_id: no such coupon quota " + quoteMax(qid, 64))
	}
	if st := quotaStatus(q, c.now); st != 0 {
		return nil, errInvalid("quota_id: quota " + q.id + " cannot issue coupons (status " + strconv.Itoa(st) + ")")
	}
	face, err := c.amount("face_value")
	if err != nil {
		return nil, err
	}
	valid := q.effective
	if c.now.After(valid) {
		valid = c.now
	}
	if t, ok := c.a.timeArg("valid_time"); ok {
		valid = t
	}
	expire := q.expire
	if t, ok := c.a.timeArg("expire_time"); ok {
		expire = t
	}
	if !expire.After(valid) {
		return nil, errInvalid("expire_time: must be after valid_time")
	}
	if valid.Before(q.effective) || expire.After(q.expire) {
		return nil, errInvalid("valid_time, expire_time: the coupons must lie within the quota's validity " + utc(q.effective) + " to " + utc(q.expire))
	}
	services := c.a.strs("cloud_service_types")
	if len(q.services) > 0 {
		if len(services) == 0 {
			services = q.services
		}
		for _, sv := range services {
			if !contains(q.services, sv) {
				return nil, errInvalid("cloud_service_types: " + quoteMax(sv, 64) + " is outside the quota's restriction")
			}
		}
	}
	em := c.listModel("error_details")
	var failed []*obj
	var failedRecs []*couponRecord
	var targets []*customer
	for _, id := range c.a.strs("customer_ids") {
		cust := c.w.customerByID[id]
		if cust == nil || cust.resellerID != rid || !cust.associated(c.now) {
			failed = append(failed, c.build(em, "fail/"+id, map[string]any{"error_code": codeNotAssociated, "error_msg": "the customer is not associated with the issuer", "id": id}))
			// The coupon log keeps failed operations too (result "-1").
			failedRecs = append(failedRecs, &couponRecord{opType: "1", quotaID: q.id, quotaType: q.quotaType,
				customerID: id, resellerID: rid, amount: face, at: c.now, remark: c.a.text("memo"), failed: true})
			continue
		}
		targets = append(targets, cust)
	}
	need := face.Mul(decimal.NewFromInt(int64(len(targets))))
	if need.GreaterThan(q.balance) {
		return nil, errInsufficient(codeQuotaInsufficient, "Insufficient quota: quota "+q.id+" has "+moneyText(q.balance)+" left, "+moneyText(need)+" needed for "+strconv.Itoa(len(targets))+" coupon(s)")
	}
	im := c.listModel("coupon_infos")
	var issued []*obj
	for _, cust := range targets {
		cp := &coupon{
			id: c.w.newCode("CP", c.now, 10), customerID: cust.id, quotaID: q.id, resellerID: rid, couponType: 1,
			face: face, balance: face, status: 2, effective: valid, expire: expire, created: c.now,
			memo: c.a.text("memo"), services: services,
		}
		if q.quotaType == 1 {
			cp.couponType = 4
		}
		q.balance = q.balance.Sub(face)
		q.updated = c.now
		c.w.coupons = append(c.w.coupons, cp)
		c.w.couponByID[cp.id] = cp
		c.w.couponRecords = append(c.w.couponRecords, &couponRecord{id: hex32(c.w.rng), opType: "1", quotaID: q.id, quotaType: q.quotaType,
			couponID: cp.id, customerID: cust.id, resellerID: rid, amount: face, at: c.now, remark: cp.memo})
		issued = append(issued, c.build(im, cp.id, map[string]any{"id": cust.id, "coupon_id": cp.id}))
	}
	for _, r := range failedRecs {
		r.id = hex32(c.w.rng)
		c.w.couponRecords = append(c.w.couponRecords, r)
	}
	return c.response(map[string]any{"error_details": failed, "coupon_infos": issued}), nil
}

func (c *call) couponLimits(model string, cp *coupon) []*obj {
	lm, ok := c.s.arrayModel(model, "use_limits")
	if !ok || len(cp.services) == 0 {
		return []*obj{}
	}
	var out []*obj
	for _, sv := range cp.services {
		out = append(out, c.build(lm, cp.id+sv, map[string]any{"limit_key": "cloud_service_types", "value1": sv, "value2": "", "value_unit": "", "limit_type": "USE_LIMIT"}))
	}
	return out
}

func hListIssuedPartnerCoupons(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	cid, cust, oid := c.a.text("coupon_id"), c.a.text("customer_id"), c.a.text("order_id")
	ctype, hasType := c.a.int("coupon_type")
	status, hasStatus := c.a.int("status")
	var items []*coupon
	for _, cp := range c.w.coupons {
		if cp.resellerID != rid || (cid != "" && cp.id != cid) || (cust != "" && cp.customerID != cust) || (oid != "" && cp.orderID != oid) {
			continue
		}
		if (hasType && int64(cp.couponType) != ctype) || (hasStatus && int64(couponStatus(cp, c.now)) != status) {
			continue
		}
		if !c.timeFilter(cp.created, "create_time_begin", "create_time_end") ||
			!c.timeFilter(cp.effective, "effective_time_begin", "effective_time_end") ||
			!c.timeFilter(cp.expire, "expire_time_begin", "expire_time_end") {
			continue
		}
		items = append(items, cp)
	}
	sortDesc(items, func(cp *coupon) time.Time { return cp.created })
	m := c.itemModel()
	return listResponse(c, items, func(_ int, cp *coupon) *obj {
		return c.build(m, cp.id, map[string]any{
			"coupon_id": cp.id, "status": couponStatus(cp, c.now), "customer_id": cp.customerID, "coupon_type": cp.couponType,
			"measure_id": 1, "face_value": money(cp.face), "effective_time": utc(cp.effective), "expire_time": utc(cp.expire),
			"order_id": cp.orderID, "promotion_plan_id": cp.quotaID, "promotion_plan_name": "Partner coupon",
			"promotion_plan_desc": cp.memo, "media_type": 1, "fetch_method": 3, "use_limits": c.couponLimits(m, cp),
			"active_time": utc(cp.effective), "last_used_time": "", "promotion_id": cp.quotaID, "create_time": utc(cp.created),
			"balance": money(cp.balance), "lock_order_id": "", "is_frozen": "0",
		})
	}, nil)
}

func hReclaimPartnerCoupons(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	id := c.a.text("coupon_id")
	cp := c.w.couponByID[id]
	if cp == nil || cp.resellerID != rid {
		return nil, errInvalid("coupon_id: no coupon " + quoteMax(id, 64) + " issued by the caller")
	}
	st := couponStatus(cp, c.now)
	if (st != 1 && st != 2) || !cp.balance.IsPositive() {
		return nil, errInvalid("coupon_id: coupon " + cp.id + " cannot be reclaimed (status " + strconv.Itoa(st) + ", balance " + moneyText(cp.balance) + ")")
	}
	amt := cp.balance
	qType := 0
	if q := c.w.quotaByID[cp.quotaID]; q != nil {
		q.balance = q.balance.Add(amt)
		q.updated = c.now
		qType = q.quotaType
	}
	cp.balance = decimal.Zero
	cp.status = 5
	c.w.couponRecords = append(c.w.couponRecords, &couponRecord{id: hex32(c.w.rng), opType: "2", quotaID: cp.quotaID, quotaType: qType,
		couponID: cp.id, customerID: cp.customerID, resellerID: rid, amount: amt, at: c.now})
	return nil, nil
}

func hListSubCustomerCoupons(c *call) (*obj, error) {
	couponID, hasCoupon := c.a.str("coupon_id")
	orderID, hasOrder := c.a.str("order_id")
	planID, hasPlan := c.a.str("promotion_plan_id")
	source, hasSource := c.a.str("source_id")
	ctype, hasType := c.a.int("coupon_type")
	status, hasStatus := c.a.int("status")
	var items []*coupon
	if cust := c.id.customer; cust != nil {
		for _, cp := range c.w.coupons {
			if cp.customerID != cust.id || (hasCoupon && cp.id != couponID) || (hasOrder && cp.orderID != orderID) ||
				(hasPlan && cp.quotaID != planID) || (hasSource && source != c.s.cfg.DomainID) {
				continue
			}
			if (hasType && int64(cp.couponType) != ctype) || (hasStatus && int64(couponStatus(cp, c.now)) != status) {
				continue
			}
			if !c.timeFilter(cp.effective, "active_start_time", "active_end_time") {
				continue
			}
			items = append(items, cp)
		}
	}
	sortDesc(items, func(cp *coupon) time.Time { return cp.created })
	m := c.itemModel()
	return listResponse(c, items, func(_ int, cp *coupon) *obj {
		return c.build(m, cp.id, map[string]any{
			"coupon_id": cp.id, "coupon_code": cp.id, "status": couponStatus(cp, c.now), "customer_id": cp.customerID,
			"coupon_type": cp.couponType, "measure_id": 1, "face_value": money(cp.face), "valid_time": utc(cp.effective),
			"expire_time": utc(cp.expire), "order_id": cp.orderID, "promotion_plan_id": cp.quotaID, "plan_name": "Partner coupon",
			"plan_desc": cp.memo, "media_type": 1, "fetch_method": 3, "use_limits": c.couponLimits(m, cp),
			"active_time": utc(cp.effective), "reserve_time": "", "promotion_id": cp.quotaID, "create_time": utc(cp.created),
			"coupon_version": 2, "balance": money(cp.balance), "lock_order_id": "", "coupon_usage": "", "is_frozen": "0",
			"currency": "CNY", "extend_param1": "", "source_id": c.s.cfg.DomainID,
		})
	}, nil)
}

func hListPartnerCouponsRecord(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	ops := c.a.strs("operation_types")
	ids, hasIDs := c.a.query["coupon_ids"]
	qid, cust := c.a.text("quota_id"), c.a.text("customer_id")
	qt, hasQT := c.a.int("quota_type")
	result := c.a.text("result")
	var items []*couponRecord
	for _, r := range c.w.couponRecords {
		if r.resellerID != rid || (len(ops) > 0 && !contains(ops, r.opType)) || (hasIDs && !contains(ids, r.couponID)) ||
			(qid != "" && r.quotaID != qid) || (cust != "" && r.customerID != cust) || (hasQT && int64(r.quotaType) != qt) ||
			(result == "0" && r.failed) || (result == "-1" && !r.failed) {
			continue
		}
		if !c.timeFilter(r.at, "operation_time_begin", "operation_time_end") {
			continue
		}
		items = append(items, r)
	}
	sortDesc(items, func(r *couponRecord) time.Time { return r.at })
	m := c.itemModel()
	return listResponse(c, items, func(_ int, r *couponRecord) *obj {
		return c.build(m, r.id, map[string]any{
			"id": r.id, "operation_type": r.opType, "quota_id": r.quotaID, "quota_type": r.quotaType, "coupon_id": r.couponID,
			"customer_id": r.customerID, "operation_amount": money(r.amount), "operation_time": utc(r.at), "result": recordResult(r.failed), "remark": r.remark,
		})
	}, nil)
}

// recordResult renders the result field of the coupon and quota logs.
func recordResult(failed bool) string {
	if failed {
		return "-1"
	}
	return "0"
}
