package sandbox

import (
	"time"

	"github.com/shopspring/decimal"
)

// Handlers of the operations the international and European sites document
// (customer freezing and budgets). Their state lives in intlState, kept on
// the world and created on first use.

// intlState is what the international operations change.
type intlState struct {
	frozen  map[string]string // customer ID -> ACCOUNT or ACCOUNT_AND_RESOURCE
	budgets map[string]*budget
	records map[string][]*budgetRecord // customer ID -> changes, oldest first
}

type budgetRecord struct {
	amount decimal.Decimal
	typ    string
	at     time.Time
}

type budget struct {
	amount decimal.Decimal
	typ    string // MONTHLY or PACKAGE
}

func (w *world) intl() *intlState {
	if w.intlState == nil {
		w.intlState = &intlState{frozen: map[string]string{}, budgets: map[string]*budget{}, records: map[string][]*budgetRecord{}}
	}
	return w.intlState
}

// onSite reports whether the operation is published on site ("" is every
// site, and so is an operation without recorded sites).
func (op *opSpec) onSite(site string) bool {
	if site == "" || len(op.Sites) == 0 {
		return true
	}
	for _, s := range op.Sites {
		if s == site {
			return true
		}
	}
	return false
}

// intlHandlers are registered by statefulHandlers.
func intlHandlers(m map[string]handlerFunc) {
	m["FreezeSubCustomers"] = hFreezeSubCustomers
	m["UnfreezeSubCustomers"] = hUnfreezeSubCustomers
	m["ShowSubCustomerBudget"] = hShowSubCustomerBudget
	m["ListSubCustomerBudget"] = hListSubCustomerBudget
	m["UpdateSubCustomerBudget"] = hUpdateSubCustomerBudget
	m["ListSubCustomerBudgetRecords"] = hListSubCustomerBudgetRecords
}

// customerErrorDetail is one failed customer of a batch.
func customerErrorDetail(c *call, model, id string, err *apiError) *obj {
	return c.build(model, "err."+id, map[string]any{"error_code": err.Code, "error_msg": err.Msg, "id": id})
}

// freezeBatch applies f to each customer of customer_ids that belongs to
// the caller's scope; the others are reported in error_details.
func freezeBatch(c *call, typeField string, f func(st *intlState, cust *customer, typ string) *apiError) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	typ := c.a.text(typeField)
	if typ == "" {
		typ = "ACCOUNT"
	}
	st := c.w.intl()
	m := c.listModel("error_details")
	var failed []*obj
	for _, id := range c.a.strs("customer_ids") {
		cust, aerr := c.w.findCustomer(id, rid)
		if aerr == nil && cust.associationType != "2" {
			aerr = errNotAssociated("Access denied: customer " + cust.id + " is a referral customer; only resale customers can be frozen or unfrozen")
		}
		if aerr == nil {
			aerr = f(st, cust, typ)
		}
		if aerr != nil {
			failed = append(failed, customerErrorDetail(c, m, id, aerr))
		}
	}
	if len(failed) == 0 {
		return c.response(map[string]any{"error_details": omit{}}), nil
	}
	return c.response(map[string]any{"error_details": failed}), nil
}

func hFreezeSubCustomers(c *call) (*obj, error) {
	return freezeBatch(c, "freeze_type", func(st *intlState, cust *customer, typ string) *apiError {
		st.frozen[cust.id] = typ
		return nil
	})
}

func hUnfreezeSubCustomers(c *call) (*obj, error) {
	return freezeBatch(c, "unfreeze_type", func(st *intlState, cust *customer, typ string) *apiError {
		was, ok := st.frozen[cust.id]
		if !ok {
			return errInvalid("customer " + cust.id + " is not frozen")
		}
		if was != typ {
			return errInvalid("customer " + cust.id + " was frozen with " + was + "; unfreeze it with the same type")
		}
		delete(st.frozen, cust.id)
		return nil
	})
}

// budgetOf returns the customer's budget (zero and MONTHLY when none was set)
// and the part used: the customer's debt, capped at the budget.
func budgetOf(st *intlState, cust *customer) (amount, used decimal.Decimal, typ string) {
	typ = "MONTHLY"
	if b := st.budgets[cust.id]; b != nil {
		amount, typ = b.amount, b.typ
	}
	used = decimal.Min(cust.debt, amount)
	if used.IsNegative() {
		used = decimal.Zero
	}
	return amount, used, typ
}

func resaleCustomer(c *call, id string) (*customer, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	cust, aerr := c.w.findCustomer(id, rid)
	if aerr != nil {
		return nil, aerr
	}
	if cust.associationType != "2" {
		return nil, errNotAssociated("Access denied: customer " + cust.id + " is a referral customer; budgets apply to resale customers only")
	}
	return cust, nil
}

func hShowSubCustomerBudget(c *call) (*obj, error) {
	cust, err := resaleCustomer(c, c.a.text("customer_id"))
	if err != nil {
		return nil, err
	}
	amount, used, _ := budgetOf(c.w.intl(), cust)
	return c.response(map[string]any{"budget_amount": money(amount), "used_amount": money(used), "measure_id": 1, "currency": "USD"}), nil
}

func hListSubCustomerBudget(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	st := c.w.intl()
	m := c.listModel("budget_infos")
	list := []*obj{}
	for _, id := range c.a.strs("customer_ids") {
		cust, aerr := c.w.findCustomer(id, rid)
		if aerr != nil || cust.associationType != "2" {
			continue // not the partner's resale customer: left out
		}
		amount, used, typ := budgetOf(st, cust)
		list = append(list, c.build(m, "budget."+id, map[string]any{
			"customer_id": cust.id, "budget_amount": money(amount), "used_amount": money(used), "budget_type": typ,
		}))
	}
	return c.response(map[string]any{"measure_id": 1, "currency": "USD", "budget_infos": list}), nil
}

func hUpdateSubCustomerBudget(c *call) (*obj, error) {
	amt, err := c.amount("budget_amount")
	if err != nil {
		return nil, err
	}
	cust, err := resaleCustomer(c, c.a.text("customer_id"))
	if err != nil {
		return nil, err
	}
	typ := c.a.text("budget_type")
	if typ == "" {
		typ = "MONTHLY"
	}
	st := c.w.intl()
	st.budgets[cust.id] = &budget{amount: amt, typ: typ}
	st.records[cust.id] = append(st.records[cust.id], &budgetRecord{amount: amt, typ: typ, at: c.now})
	if c.a.text("cancel_partner_frozen") == "1" {
		delete(st.frozen, cust.id)
	}
	return c.response(map[string]any{}), nil
}

func hListSubCustomerBudgetRecords(c *call) (*obj, error) {
	cust, err := resaleCustomer(c, c.a.text("customer_id"))
	if err != nil {
		return nil, err
	}
	opType, budgetType := c.a.text("operation_type"), c.a.text("budget_type")
	all := c.w.intl().records[cust.id]
	var match []*budgetRecord
	for i := len(all) - 1; i >= 0; i-- { // newest first
		r := all[i]
		if (opType == "" || opType == "SETTING") && (budgetType == "" || budgetType == r.typ) {
			match = append(match, r)
		}
	}
	page, err := pageOf(c.op, c.a, match)
	if err != nil {
		return nil, err
	}
	m := c.listModel("record_list")
	list := []*obj{}
	for _, r := range page {
		list = append(list, c.build(m, cust.id+".record."+r.at.Format(time.RFC3339Nano)+"."+r.typ, map[string]any{
			"budget_amount": money(r.amount), "operation_type": "SETTING", "operation_time": r.at.UTC().Format("2006-01-02T15:04:05Z"),
			"operator": "partner", "budget_type": r.typ,
		}))
	}
	return c.response(map[string]any{"total_count": len(match), "measure_id": 1, "currency": "USD", "record_list": list}), nil
}
