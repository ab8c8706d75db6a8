package sandbox

import (
	"strconv"
	"strings"
	"time"
)

// settle applies the decision of a real-name review once its time has come.
func (w *world) settle(c *customer, now time.Time) {
	app := c.realname
	if app == nil || c.verified != "0" || now.Before(app.decideAt) {
		return
	}
	if app.reject {
		c.verified = "1"
		return
	}
	c.verified = "2"
	c.realName = app.name
	if app.enterprise {
		c.customerType = 1
	} else {
		c.customerType = 0
	}
}

func (c *call) customerObj(model string, cust *customer) *obj {
	c.w.settle(cust, c.now)
	var managers []*obj
	if mm, ok := c.s.arrayModel(model, "account_managers"); ok {
		managers = append(managers, c.build(mm, cust.id+"/am", map[string]any{"account_name": cust.manager}))
	}
	return c.build(model, cust.id, map[string]any{
		"customer": cust.realName, "account_name": cust.accountName, "customer_id": cust.id,
		"associated_on": utc(cust.associatedOn), "association_type": cust.associationType, "label": cust.label,
		"telephone": cust.phone, "verified_status": cust.verified, "country_code": "0086",
		"customer_type": cust.customerType, "is_frozen": 0, "account_managers": managers,
		"xaccount_id": cust.xaccountID, "xaccount_type": cust.xaccountType, "customer_level": cust.level, "email": cust.email,
	})
}

func hListSubCustomers(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	acct, name, label := c.a.text("account_name"), c.a.text("customer"), c.a.text("label")
	assoc, id := c.a.text("association_type"), c.a.text("customer_id")
	var items []*customer
	for _, cust := range c.w.customers {
		if cust.resellerID != rid || !cust.associated(c.now) {
			continue
		}
		if (acct != "" && !containsFold(cust.accountName, acct)) || (name != "" && !containsFold(cust.realName, name)) ||
			(label != "" && !strings.Contains(cust.label, label)) || (assoc != "" && cust.associationType != assoc) ||
			(id != "" && cust.id != id) {
			continue
		}
		if !c.timeFilter(cust.associatedOn, "associated_on_begin", "associated_on_end") {
			continue
		}
		items = append(items, cust)
	}
	m := c.itemModel()
	return listResponse(c, items, func(_ int, cust *customer) *obj { return c.customerObj(m, cust) }, nil)
}

func (w *world) nameTaken(name string) bool {
	if strings.EqualFold(name, w.cfg.DomainName) || w.customerByName[strings.ToLower(name)] != nil {
		return true
	}
	for _, rs := range w.resellers {
		if strings.EqualFold(rs.accountName, name) {
			return true
		}
	}
	return false
}

func hCreateSubCustomer(c *call) (*obj, error) {
	rid, err := c.resellerScope()
	if err != nil {
		return nil, err
	}
	if xt := c.a.text("xaccount_type"); xt != c.s.cfg.XAccountType {
		return nil, errInvalid("xaccount_type: " + quoteMax(xt, 64) + " is not the platform identifier assigned to this partner")
	}
	xid := c.a.text("xaccount_id")
	for _, cust := range c.w.customers {
		if cust.xaccountID == xid && cust.xaccountType == c.s.cfg.XAccountType {
			return nil, errInvalid("xaccount_id: already bound to customer " + cust.id)
		}
	}
	name := c.a.text("domain_name")
	if name == "" {
		name = strings.ToLower(hex32(c.w.rng))
		name = "a" + name[1:]
	} else if c.w.nameTaken(name) {
		// The name's form was checked with the request (the spec's pattern
		// rule, validateRequest).
		return nil, errInvalid("domain_name: the account name " + quoteMax(name, 64) + " is already in use")
	}
	phone, hasPhone := c.a.str("mobile_phone")
	if hasPhone && phone != "" {
		code := c.a.text("verification_code")
		if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
			return nil, errInvalid("verification_code: a 6-digit code sent to mobile_phone is required")
		}
	}
	assoc := "2"
	if c.a.text("cooperation_type") == "1" {
		assoc = "1"
	}
	cust := &customer{
		id: hex32(c.w.rng), accountName: name, phone: phone, associationType: assoc, resellerID: rid,
		associatedOn: c.now, verified: "-1", customerType: -1, xaccountID: xid, xaccountType: c.s.cfg.XAccountType,
		level: "V0", manager: "", cash: account{id: hex32(c.w.rng)}, index: -1,
	}
	if d := c.s.cfg.AssociationDelay; d > 0 {
		cust.pendingUntil = c.now.Add(d)
	}
	c.w.customers = append([]*customer{cust}, c.w.customers...)
	c.w.customerByID[cust.id] = cust
	c.w.customerByName[strings.ToLower(name)] = cust
	return c.response(map[string]any{"domain_id": cust.id, "domain_name": cust.accountName}), nil
}

func hCheckUserIdentity(c *call) (*obj, error) {
	typ, val := c.a.text("search_type"), c.a.text("search_value")
	result := "available"
	vals := map[string]any{"error_code": omit{}, "error_msg": omit{}, "mobile_remain_available_num": omit{}}
	switch typ {
	case "name":
		if c.w.nameTaken(val) {
			result = "used_by_user"
		}
	case "email":
		for _, cust := range c.w.customers {
			if strings.EqualFold(cust.email, val) {
				result = "used_by_user"
				break
			}
		}
	case "mobile":
		number := val
		if i := strings.IndexByte(val, '-'); i >= 0 {
			number = val[i+1:]
		}
		n := 0
		for _, cust := range c.w.customers {
			if cust.phone == number {
				n++
			}
		}
		remain := 5 - n
		if remain <= 0 {
			remain = 0
			result = "used_by_user"
		}
		vals["mobile_remain_available_num"] = remain
	}
	vals["check_result"] = result
	return c.response(vals), nil
}

// realnameTarget finds the customer of a real-name request and checks
// that it can apply.
func (c *call) realnameTarget() (*customer, error) {
	id := c.a.text("customer_id")
	cust := c.w.customerByID[id]
	if cust == nil {
		return nil, errNotAssociated("Access denied: customer " + quoteMax(id, 64) + " is not associated with the partner")
	}
	if xt := c.a.text("xaccount_type"); xt != c.s.cfg.XAccountType {
		return nil, errInvalid("xaccount_type: " + quoteMax(xt, 64) + " is not the platform identifier assigned to this partner")
	}
	c.w.settle(cust, c.now)
	switch cust.verified {
	case "2":
		return nil, errInvalid("customer_id: the customer has completed real-name authentication already")
	case "0":
		return nil, errInvalid("customer_id: an application of the customer is under review")
	}
	return cust, nil
}

// rejected reports whether a document number makes the sandbox reject an
// application: all zeros.
func rejected(number string) bool { return strings.Trim(number, "0") == "" }

func hCreatePersonalRealnameAuth(c *call) (*obj, error) {
	cust, err := c.realnameTarget()
	if err != nil {
		return nil, err
	}
	idType, _ := c.a.int("identify_type")
	app := &realnameApp{submitted: c.now, name: c.a.text("name"), reject: rejected(c.a.text("verified_number"))}
	// bank_card_info (identify_type 4) and verified_type (identify_type 0)
	// were required with the request: the spec's rules, validateRequest.
	switch idType {
	case 4:
		app.isReview = 0
		app.decideAt = c.now
	case 0:
		app.isReview = 1
		app.decideAt = c.now.Add(c.s.cfg.ReviewDelay)
	default:
		return nil, errInvalid("identify_type: must be 0 or 4 (got " + strconv.FormatInt(idType, 10) + ")")
	}
	cust.realname = app
	cust.verified = "0"
	c.w.settle(cust, c.now)
	return c.response(map[string]any{"is_review": app.isReview}), nil
}

func hCreateEnterpriseRealnameAuthentication(c *call) (*obj, error) {
	cust, err := c.realnameTarget()
	if err != nil {
		return nil, err
	}
	if idType, _ := c.a.int("identify_type"); idType != 1 {
		return nil, errInvalid("identify_type: must be 1 (got " + strconv.FormatInt(idType, 10) + ")")
	}
	app := &realnameApp{enterprise: true, isReview: 1, submitted: c.now, decideAt: c.now.Add(c.s.cfg.ReviewDelay),
		name: c.a.text("corp_name"), reject: rejected(c.a.text("verified_number"))}
	cust.realname = app
	cust.verified = "0"
	return c.response(map[string]any{"is_review": app.isReview}), nil
}

func hShowRealnameAuthenticationReviewResult(c *call) (*obj, error) {
	id := c.a.text("customer_id")
	cust := c.w.customerByID[id]
	if cust == nil {
		return nil, errNotAssociated("Access denied: customer " + quoteMax(id, 64) + " is not associated with the partner")
	}
	c.w.settle(cust, c.now)
	vals := map[string]any{"review_result": omit{}, "opinion": omit{}}
	switch cust.verified {
	case "0":
		vals["review_result"] = 0
	case "1":
		vals["review_result"] = 1
		vals["opinion"] = "The document number could not be verified; check the number and the attachments and apply again."
	case "2":
		vals["review_result"] = 2
	}
	return c.response(vals), nil
}
