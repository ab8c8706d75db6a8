package sandbox

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// scopedCustomer returns the customer named by the customer_id parameter
// when it belongs to the request's scope (the partner, or the reseller of
// indirect_partner_id).
func (c *call) scopedCustomer(param string) (*customer, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	cust, aerr := c.w.findCustomer(c.a.text(param), rid)
	if aerr != nil {
		return nil, aerr
	}
	return cust, nil
}

type billSum struct {
	customerID   string
	product      *product
	chargeMode   int
	billType     string
	amount       decimal.Decimal
	discount     decimal.Decimal
	cash, coupon decimal.Decimal
}

func hListSubcustomerMonthlyBills(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	if id := c.a.text("customer_id"); id != "" {
		if _, aerr := c.w.findCustomer(id, rid); aerr != nil {
			return nil, aerr
		}
	}
	cycle := c.a.text("cycle")
	mode, _ := strconv.Atoi(c.a.text("charge_mode"))
	service, billType, only := c.a.text("cloud_service_type"), c.a.text("bill_type"), c.a.text("customer_id")
	mb := c.w.monthBills(cycle)
	var sums []*billSum
	index := map[string]*billSum{}
	for _, rec := range mb.records {
		cust := c.w.customerByID[rec.customerID]
		if cust == nil || cust.resellerID != rid || cust.associationType != "2" || (only != "" && cust.id != only) {
			continue
		}
		if rec.chargingMode != mode || (service != "" && rec.product.service != service) {
			continue
		}
		bt := "0"
		if rec.detailType == 4 {
			bt = "1"
		}
		if billType != "" && bt != billType {
			continue
		}
		key := rec.customerID + "|" + rec.product.resourceType + "|" + bt
		sum := index[key]
		if sum == nil {
			sum = &billSum{customerID: rec.customerID, product: rec.product, chargeMode: rec.chargingMode, billType: bt}
			index[key] = sum
			sums = append(sums, sum)
		}
		sum.amount = sum.amount.Add(rec.payment)
		sum.discount = sum.discount.Add(rec.discount)
		sum.cash = sum.cash.Add(rec.cash)
		sum.coupon = sum.coupon.Add(rec.coupon)
	}
	m := c.itemModel()
	dm, _ := c.s.arrayModel(m, "account_details")
	return listResponse(c, sums, func(i int, sm *billSum) *obj {
		details := []*obj{c.build(dm, cycle+sm.customerID+"d"+strconv.Itoa(i), map[string]any{
			"balance_type": "BALANCE_TYPE_DEBIT", "amount": money(sm.cash), "bill_type": sm.billType})}
		if !sm.coupon.IsZero() {
			details = append(details, c.build(dm, cycle+sm.customerID+"c"+strconv.Itoa(i), map[string]any{
				"balance_type": "BALANCE_TYPE_COUPON", "amount": money(sm.coupon), "bill_type": sm.billType}))
		}
		vals := map[string]any{
			"customer_id": sm.customerID, "cloud_service_type": sm.product.service, "cloud_service_type_name": sm.product.serviceName,
			"bill_type": sm.billType, "charge_mode": strconv.Itoa(sm.chargeMode), "amount": money(sm.amount),
			"debt_amount": money(decimal.Zero), "adjustment_amount": money(decimal.Zero), "discount_amount": money(sm.discount),
			"measure_id": 1, "account_details": details, "resource_type_code": sm.product.resourceType,
			"resource_type_name": sm.product.resourceName,
		}
		if sm.billType != "0" {
			vals["debt_amount"], vals["adjustment_amount"], vals["discount_amount"] = omit{}, omit{}, omit{}
		}
		return c.build(m, cycle+"/"+sm.customerID+"/"+strconv.Itoa(i), vals)
	}, map[string]any{"currency": "CNY"})
}

func hListSubCustomerBillDetail(c *call) (*obj, error) {
	cust, err := c.scopedCustomer("customer_id")
	if err != nil {
		return nil, err
	}
	cycle := c.a.text("bill_cycle")
	begin, end := c.a.text("bill_date_begin"), c.a.text("bill_date_end")
	useDates := begin != "" && end != ""
	if useDates {
		if begin[:7] != cycle || end[:7] != cycle {
			return nil, errInvalid("bill_date_begin, bill_date_end: must lie in the month of bill_cycle " + cycle)
		}
		if begin > end {
			return nil, errInvalid("bill_date_begin: must not be after bill_date_end")
		}
	}
	if at := c.a.text("association_type"); at != "" && at != cust.associationType {
		return listResponse(c, []*billRecord(nil), nil, map[string]any{"currency": "CNY"})
	}
	service, region, resID := c.a.text("service_type_code"), c.a.text("region_code"), c.a.text("resource_id")
	resName, trade := c.a.text("resource_name"), c.a.text("trade_id")
	mode, hasMode := c.a.int("charging_mode")
	dtype, hasType := c.a.int("bill_detail_type")
	var items []*billRecord
	for _, rec := range c.w.monthBills(cycle).byCustomer[cust.id] {
		if (service != "" && rec.product.service != service) || (region != "" && rec.region.code != region) ||
			(resID != "" && rec.resourceID != resID) || (resName != "" && rec.resourceName != resName) ||
			(trade != "" && rec.tradeID != trade) || (hasMode && int64(rec.chargingMode) != mode) ||
			(hasType && int64(rec.detailType) != dtype) {
			continue
		}
		if useDates {
			d := rec.tradeTime.Format("2006-01-02")
			if d < begin || d > end {
				continue
			}
		}
		items = append(items, rec)
	}
	m := c.itemModel()
	return listResponse(c, items, func(_ int, rec *billRecord) *obj {
		usage := decimal.Zero
		usageType := ""
		if rec.chargingMode == 3 {
			usage, usageType = rec.usage, rec.product.usageType
		}
		return c.build(m, rec.id, map[string]any{
			"bill_cycle": rec.cycle, "customer_id": rec.customerID, "association_type": cust.associationType,
			"service_type_code": rec.product.service, "resource_type_code": rec.product.resourceType,
			"service_type_name": rec.product.serviceName, "resource_type_name": rec.product.resourceName,
			"charging_mode": rec.chargingMode, "trade_time": utc(rec.tradeTime), "trade_id": rec.tradeID, "id": rec.id,
			"bill_detail_type": rec.detailType, "resource_id": rec.resourceID, "resource_name": rec.resourceName,
			"product_spec_desc": rec.spec, "region_code": rec.region.code, "product_id": rec.product.productID,
			"product_name": rec.product.serviceName + " " + rec.spec, "resource_tag": "", "consume_time": utc(rec.tradeTime),
			"usage_type": usageType, "usage_amount": number(usage), "usage_measure_id": rec.product.usageMeasure,
			"free_resource_usage": number(decimal.Zero), "free_resource_measure_id": 0, "ri_usage": number(decimal.Zero),
			"ri_usage_measure_id": 0, "official_amount": money(rec.official), "official_discount_amount": money(rec.discount),
			"payment_amount": money(rec.payment), "cash_amount": money(rec.cash), "credit_amount": money(decimal.Zero),
			"coupon_amount": money(rec.coupon), "flexipurchase_coupon_amount": money(decimal.Zero),
			"stored_value_card_amount": money(decimal.Zero), "debt_amount": money(decimal.Zero),
			"writeoff_amount": money(decimal.Zero), "period_type": rec.periodType, "account_manager_id": "",
			"partner_id": cust.resellerID, "region_name": rec.region.name, "sub_service_type_code": "",
			"sub_service_type_name": "", "sub_resource_type_code": "", "sub_resource_type_name": "", "sub_resource_id": "",
			"sub_resource_name": "", "period_num": number(decimal.NewFromInt(int64(rec.periodNum))),
		})
	}, map[string]any{"currency": "CNY"})
}

func hListConsumeSubCustomers(c *call) (*obj, error) {
	mb := c.w.monthBills(c.a.text("bill_cycle"))
	var items []*customer
	for _, cust := range c.w.customers {
		if cust.resellerID == "" && len(mb.byCustomer[cust.id]) > 0 {
			items = append(items, cust)
		}
	}
	m := c.itemModel()
	return listResponse(c, items, func(_ int, cust *customer) *obj {
		return c.build(m, cust.id, map[string]any{"customer_id": cust.id})
	}, nil)
}

func hListCustomerAccountChangeRecords(c *call) (*obj, error) {
	owner := ""
	if c.id.customer != nil {
		owner = c.id.customer.id
	}
	var items []*accountChange
	if c.a.text("balance_type") != "BALANCE_TYPE_CREDIT" {
		items = c.changesOf(owner)
	}
	name := c.s.cfg.DomainName
	if c.id.customer != nil {
		name = c.id.customer.accountName
	}
	m := c.itemModel()
	return listResponse(c, items, func(_ int, ch *accountChange) *obj {
		ret := "REVENUE"
		if ch.amount.IsNegative() {
			ret = "EXPENSE"
		}
		return c.build(m, ch.id, map[string]any{
			"account_change_id": ch.id, "trade_detail_type": ch.detailType, "trade_time": utc(ch.at), "trade_id": ch.tradeID,
			"change_amount": moneyText(ch.amount.Abs()), "balance_after_change": moneyText(ch.balanceAfter),
			"revenue_expense_type": ret, "bill_cycle": ch.at.Format("2006-01"), "payment_channel_id": "",
			"payment_channel_no": "", "consume_time": utc(ch.at), "account_name": name,
			"cloud_service_type_name": "", "resource_type_name": "",
		})
	}, map[string]any{"currency": "CNY"})
}
