package sandbox_test

import (
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/internal/spec"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/resource"
)

// validator is a generated request type.
type validator interface{ Validate() error }

// ruleCase breaks one rule of the spec ("rules": the spec's kind and field)
// with bad, and keeps to it with good, its valid neighbour.
type ruleCase struct {
	name      string
	kind      partnersdk.Rule
	field     string
	bad, good validator
	// send sends a request of the case's type.
	send func(req validator, opts ...partnersdk.CallOption) error
}

// caseOf builds a ruleCase for requests of type R.
func caseOf[R validator](name string, kind partnersdk.Rule, field string, bad, good R, send func(R, ...partnersdk.CallOption) error) ruleCase {
	return ruleCase{name: name, kind: kind, field: field, bad: bad, good: good,
		send: func(req validator, opts ...partnersdk.CallOption) error { return send(req.(R), opts...) }}
}

// TestServerEnforcesTheSpecRules sends, for every cross-field or pattern
// rule of the spec, a request breaking it with the client's validation off:
// the sandbox refuses it with CBC.0100 naming exactly the violations the
// client's Validate reports. The valid neighbour passes both and is served.
func TestServerEnforcesTheSpecRules(t *testing.T) {
	e := newEnv(t, sandbox.Config{})
	xt := e.s.Info().XAccountType
	cust := e.resaleCustomer(0)
	cc := e.customerClient(cust.CustomerID)
	e.fund(cust.CustomerID, "100000")
	resources := e.inUseResources(cust.CustomerID)
	if len(resources) < 6 {
		t.Fatalf("the customer has %d resources in use", len(resources))
	}
	// pending renews a resource of its own without automatic payment and
	// returns the order waiting for payment.
	next := 0
	pending := func() string {
		t.Helper()
		next++
		rr, err := cc.Resource.RenewalResources(e.ctx, &resource.RenewalResourcesRequest{
			ResourceIDs: resources[len(resources)-next : len(resources)-next+1], PeriodType: partnersdk.Ptr(resource.PeriodTypeMonth), PeriodNum: partnersdk.Int32(1)})
		if err != nil || len(rr.OrderIDs) != 1 {
			t.Fatalf("pending order: %v %+v", err, rr)
		}
		return rr.OrderIDs[0]
	}
	issued, err := e.client.Coupon.CreatePartnerCoupons(e.ctx, &coupon.CreatePartnerCouponsRequest{
		QuotaID: e.usableQuota().QuotaID, CustomerIDs: []string{cust.CustomerID}, FaceValue: money("1.00")})
	if err != nil || len(issued.CouponInfos) != 1 {
		t.Fatalf("coupon: %v %+v", err, issued)
	}
	voucher := []resource.CouponSimpleInfoOrderPayV3{{ID: issued.CouponInfos[0].CouponID, Type: partnersdk.Ptr(resource.PayCouponTypeVoucher)}}
	discount := []resource.DiscountSimpleInfoV3{{ID: "partner-discount-1", Type: partnersdk.Ptr(resource.OrderDiscountTypePartnerGranted)}}
	fee := func(r *billing.ListCustomerBillsFeeRecordsRequest, o ...partnersdk.CallOption) error {
		_, err := e.client.Billing.ListCustomerBillsFeeRecords(e.ctx, r, o...)
		return err
	}
	breakDown := func(r *billing.ListCustomerBillsMonthlyBreakDownRequest, o ...partnersdk.CallOption) error {
		_, err := e.client.Billing.ListCustomerBillsMonthlyBreakDown(e.ctx, r, o...)
		return err
	}
	details := func(r *billing.ListCustomerselfResourceRecordDetailsRequest, o ...partnersdk.CallOption) error {
		_, err := e.client.Billing.ListCustomerselfResourceRecordDetails(e.ctx, r, o...)
		return err
	}
	records := func(r *billing.ListCustomerselfResourceRecordsRequest, o ...partnersdk.CallOption) error {
		_, err := e.client.Billing.ListCustomerselfResourceRecords(e.ctx, r, o...)
		return err
	}
	monthly := func(r *billing.ShowCustomerMonthlySumRequest, o ...partnersdk.CallOption) error {
		_, err := e.client.Billing.ShowCustomerMonthlySum(e.ctx, r, o...)
		return err
	}
	price := func(r *billing.ListRenewRateOnPeriodRequest, o ...partnersdk.CallOption) error {
		_, err := cc.Billing.ListRenewRateOnPeriod(e.ctx, r, o...)
		return err
	}
	renew := func(r *resource.RenewalResourcesRequest, o ...partnersdk.CallOption) error {
		_, err := cc.Resource.RenewalResources(e.ctx, r, o...)
		return err
	}
	pay := func(r *resource.PayOrdersRequest, o ...partnersdk.CallOption) error {
		_, err := cc.Resource.PayOrders(e.ctx, r, o...)
		return err
	}
	personal := func(r *customer.CreatePersonalRealnameAuthRequest, o ...partnersdk.CallOption) error {
		_, err := e.client.Customer.CreatePersonalRealnameAuth(e.ctx, r, o...)
		return err
	}
	create := func(r *customer.CreateSubCustomerRequest, o ...partnersdk.CallOption) error {
		_, err := e.client.Customer.CreateSubCustomer(e.ctx, r, o...)
		return err
	}
	code := func(r *customer.SendVerificationMessageCodeRequest, o ...partnersdk.CallOption) error {
		_, err := e.client.Customer.SendVerificationMessageCode(e.ctx, r, o...)
		return err
	}
	legacyCode := func(r *customer.SendVerificationCodeRequest, o ...partnersdk.CallOption) error {
		//lint:ignore SA1019 the sandbox serves the legacy operation too.
		_, err := e.client.Customer.SendVerificationCode(e.ctx, r, o...)
		return err
	}
	str := partnersdk.String
	sub := partnersdk.Ptr(billing.QueryMethodSubCustomer)
	daily := partnersdk.Ptr(billing.ResourceDetailQueryTypeDaily)
	year, month := partnersdk.Ptr(billing.RenewPeriodTypeYear), partnersdk.Ptr(billing.RenewPeriodTypeMonth)
	rYear, rMonth := partnersdk.Ptr(resource.PeriodTypeYear), partnersdk.Ptr(resource.PeriodTypeMonth)
	n := partnersdk.Int32
	newCustomer := func(name, password, mobile string) *customer.CreateSubCustomerRequest {
		r := &customer.CreateSubCustomerRequest{DomainName: str(name), XAccountID: "xa-" + name, XAccountType: xt}
		if password != "" {
			r.Password = str(password)
		}
		if mobile != "" {
			r.MobilePhone, r.VerificationCode = str(mobile), str("123456")
		}
		return r
	}
	personA, personB := e.createCustomer("person-rule-a", "pr-a"), e.createCustomer("person-rule-b", "pr-b")
	byCertificate := func(id string, withType bool) *customer.CreatePersonalRealnameAuthRequest {
		r := &customer.CreatePersonalRealnameAuthRequest{CustomerID: id, IdentifyType: partnersdk.Ptr(customer.PersonalIdentifyTypeCertificate),
			VerifiedFileURL: []string{"kyc/a.jpg", "kyc/b.jpg"}, Name: "Li Wei", VerifiedNumber: "E12345678", XAccountType: xt}
		if withType {
			r.VerifiedType = partnersdk.Ptr(customer.PersonalCertificateTypePassport)
		}
		return r
	}
	byCard := func(id string, withCard bool) *customer.CreatePersonalRealnameAuthRequest {
		r := &customer.CreatePersonalRealnameAuthRequest{CustomerID: id, IdentifyType: partnersdk.Ptr(customer.PersonalIdentifyTypeBankCard),
			VerifiedFileURL: []string{"kyc/face.jpg"}, Name: "Li Wei", VerifiedNumber: "110101199003070000", XAccountType: xt}
		if withCard {
			r.BankCardInfo = &customer.BankCardInfoV2{BankAccount: "6222020000000000", AreaCode: "0086", Mobile: "13800000000", VerificationCode: "123456"}
		}
		return r
	}
	sms := func(scene customer.VerificationScene, id *string) *customer.SendVerificationMessageCodeRequest {
		return &customer.SendVerificationMessageCodeRequest{MobilePhone: "0086-13900000000", Scene: &scene, CustomerID: id,
			ReceiverType: partnersdk.Ptr(customer.ReceiverTypeSMS)}
	}
	legacy := func(id *string) *customer.SendVerificationCodeRequest {
		return &customer.SendVerificationCodeRequest{DomainID: e.s.Info().DomainID, ReceiverType: partnersdk.Ptr(customer.ReceiverTypeSMS),
			MobilePhone: str("13900000000"), CountryCode: partnersdk.Ptr(customer.CountryCode("0086")),
			Scene: partnersdk.Ptr(customer.LegacyVerificationSceneBankCardAuth), CustomerID: id}
	}

	cases := []ruleCase{
		caseOf("fee records by member", core.RuleRequiredIf, "sub_customer_id",
			&billing.ListCustomerBillsFeeRecordsRequest{BillCycle: "2024-04", Method: sub},
			&billing.ListCustomerBillsFeeRecordsRequest{BillCycle: "2024-04", Method: sub, SubCustomerID: str("member-1")}, fee),
		caseOf("monthly break-down by member", core.RuleRequiredIf, "sub_customer_id",
			&billing.ListCustomerBillsMonthlyBreakDownRequest{SharedMonth: "2024-04", Method: sub},
			&billing.ListCustomerBillsMonthlyBreakDownRequest{SharedMonth: "2024-04", Method: sub, SubCustomerID: str("member-1")}, breakDown),
		caseOf("record details by member", core.RuleRequiredIf, "sub_customer_id",
			&billing.ListCustomerselfResourceRecordDetailsRequest{Cycle: "2024-04", Method: sub},
			&billing.ListCustomerselfResourceRecordDetailsRequest{Cycle: "2024-04", Method: sub, SubCustomerID: str("member-1")}, details),
		caseOf("daily record details without a first day", core.RuleRequiredIf, "bill_cycle_begin",
			&billing.ListCustomerselfResourceRecordDetailsRequest{Cycle: "2024-04", QueryType: daily, BillCycleEnd: str("2024-04-10")},
			&billing.ListCustomerselfResourceRecordDetailsRequest{Cycle: "2024-04", QueryType: daily, BillCycleBegin: str("2024-04-01"), BillCycleEnd: str("2024-04-10")}, details),
		caseOf("daily record details without a last day", core.RuleRequiredIf, "bill_cycle_end",
			&billing.ListCustomerselfResourceRecordDetailsRequest{Cycle: "2024-04", QueryType: daily, BillCycleBegin: str("2024-04-01")},
			&billing.ListCustomerselfResourceRecordDetailsRequest{Cycle: "2024-04", QueryType: daily, BillCycleBegin: str("2024-04-01"), BillCycleEnd: str("2024-04-10")}, details),
		caseOf("records by member", core.RuleRequiredIf, "sub_customer_id",
			&billing.ListCustomerselfResourceRecordsRequest{Cycle: "2024-04", Method: sub},
			&billing.ListCustomerselfResourceRecordsRequest{Cycle: "2024-04", Method: sub, SubCustomerID: str("member-1")}, records),
		caseOf("records from a day without the last", core.RuleTogether, "bill_date_begin",
			&billing.ListCustomerselfResourceRecordsRequest{Cycle: "2024-04", BillDateBegin: str("2024-04-01")},
			&billing.ListCustomerselfResourceRecordsRequest{Cycle: "2024-04", BillDateBegin: str("2024-04-01"), BillDateEnd: str("2024-04-10")}, records),
		caseOf("monthly sum by member", core.RuleRequiredIf, "sub_customer_id",
			&billing.ShowCustomerMonthlySumRequest{BillCycle: "2024-04", Method: partnersdk.Ptr(billing.SummaryQueryMethodSubCustomer)},
			&billing.ShowCustomerMonthlySumRequest{BillCycle: "2024-04", Method: partnersdk.Ptr(billing.SummaryQueryMethodSubCustomer), SubCustomerID: str("member-1")}, monthly),
		caseOf("renewal price for 4 years", core.RuleRangeIf, "period_num",
			&billing.ListRenewRateOnPeriodRequest{ResourceIDs: resources[:1], PeriodType: year, PeriodNum: n(4)},
			&billing.ListRenewRateOnPeriodRequest{ResourceIDs: resources[:1], PeriodType: year, PeriodNum: n(3)}, price),
		caseOf("renewal price for 12 months", core.RuleRangeIf, "period_num",
			&billing.ListRenewRateOnPeriodRequest{ResourceIDs: resources[:1], PeriodType: month, PeriodNum: n(12)},
			&billing.ListRenewRateOnPeriodRequest{ResourceIDs: resources[:1], PeriodType: month, PeriodNum: n(11)}, price),
		caseOf("renewal for 4 years", core.RuleRangeIf, "period_num",
			&resource.RenewalResourcesRequest{ResourceIDs: resources[:1], PeriodType: rYear, PeriodNum: n(4)},
			&resource.RenewalResourcesRequest{ResourceIDs: resources[:1], PeriodType: rYear, PeriodNum: n(3)}, renew),
		caseOf("renewal for 12 months", core.RuleRangeIf, "period_num",
			&resource.RenewalResourcesRequest{ResourceIDs: resources[1:2], PeriodType: rMonth, PeriodNum: n(12)},
			&resource.RenewalResourcesRequest{ResourceIDs: resources[1:2], PeriodType: rMonth, PeriodNum: n(11)}, renew),
		caseOf("coupons announced, none given", core.RuleRequiredIf, "coupon_infos",
			&resource.PayOrdersRequest{OrderID: pending(), UseCoupon: resource.UseFlagYes, UseDiscount: resource.UseFlagNo},
			&resource.PayOrdersRequest{OrderID: pending(), UseCoupon: resource.UseFlagYes, UseDiscount: resource.UseFlagNo, CouponInfos: voucher}, pay),
		caseOf("coupons given, not announced", core.RuleAbsentUnless, "coupon_infos",
			&resource.PayOrdersRequest{OrderID: pending(), UseCoupon: resource.UseFlagNo, UseDiscount: resource.UseFlagNo, CouponInfos: voucher},
			&resource.PayOrdersRequest{OrderID: pending(), UseCoupon: resource.UseFlagNo, UseDiscount: resource.UseFlagNo}, pay),
		caseOf("discount announced, none given", core.RuleRequiredIf, "discount_infos",
			&resource.PayOrdersRequest{OrderID: pending(), UseCoupon: resource.UseFlagNo, UseDiscount: resource.UseFlagYes},
			&resource.PayOrdersRequest{OrderID: pending(), UseCoupon: resource.UseFlagNo, UseDiscount: resource.UseFlagYes, DiscountInfos: discount}, pay),
		caseOf("discount given, not announced", core.RuleAbsentUnless, "discount_infos",
			&resource.PayOrdersRequest{OrderID: pending(), UseCoupon: resource.UseFlagNo, UseDiscount: resource.UseFlagNo, DiscountInfos: discount},
			&resource.PayOrdersRequest{OrderID: pending(), UseCoupon: resource.UseFlagNo, UseDiscount: resource.UseFlagNo}, pay),
		caseOf("certificate without its type", core.RuleRequiredIf, "verified_type",
			byCertificate(personA, false), byCertificate(personA, true), personal),
		caseOf("bank card without the card", core.RuleRequiredIf, "bank_card_info",
			byCard(personB, false), byCard(personB, true), personal),
		caseOf("account name op_", core.RulePattern, "domain_name",
			newCustomer("op_customer", "", ""), newCustomer("Op_customer", "", ""), create),
		caseOf("account name shadow_", core.RulePattern, "domain_name",
			newCustomer("shadow_customer", "", ""), newCustomer("shadow-customer", "", ""), create),
		caseOf("account name of digits", core.RulePattern, "domain_name",
			newCustomer("12345678", "", ""), newCustomer("_12345678", "", ""), create),
		caseOf("account name with a dot", core.RulePattern, "domain_name",
			newCustomer("rule.customer", "", ""), newCustomer("rule_customer", "", ""), create),
		caseOf("password of one kind", core.RulePassword, "password",
			newCustomer("pw-one-kind", "abcdefghij", ""), newCustomer("pw-two-kinds", "abcdefghi1", ""), create),
		caseOf("password is the name reversed", core.RulePassword, "password",
			newCustomer("Alice_123", "321_ecilA", ""), newCustomer("Alice_124", "321_ecilA", ""), create),
		caseOf("password holds the mobile", core.RulePassword, "password",
			newCustomer("pw-mobile", "Pw13900000000", "0086-13900000000"), newCustomer("pw-mobile-2", "Pw13900000000", "0086-13900000001"), create),
		caseOf("bank-card code without the customer", core.RuleRequiredIf, "customer_id",
			sms(customer.VerificationSceneBankCardAuth, nil), sms(customer.VerificationSceneBankCardAuth, str(personB)), code),
		caseOf("legacy bank-card code without the customer", core.RuleRequiredIf, "customerId",
			legacy(nil), legacy(str(personB)), legacyCode),
	}

	covered := map[string]bool{}
	for _, tc := range cases {
		covered[reflect.TypeOf(tc.bad).Elem().Name()+" "+string(tc.kind)+" "+tc.field] = true
		t.Run(tc.name, func(t *testing.T) {
			var verr *partnersdk.ValidationError
			if !errors.As(tc.bad.Validate(), &verr) {
				t.Fatalf("the client lets the request through: %v", tc.bad.Validate())
			}
			found := false
			for _, v := range verr.Violations {
				found = found || v.Rule == tc.kind && (v.Field == tc.field || v.Limit == tc.field)
			}
			if !found {
				t.Fatalf("the client does not report the %s rule of %s: %v", tc.kind, tc.field, verr)
			}
			var apiErr *partnersdk.APIError
			if err := tc.send(tc.bad, partnersdk.WithoutValidation()); !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Code != "CBC.0100" {
				t.Fatalf("want 400 CBC.0100 from the sandbox, got %v", err)
			}
			for _, v := range verr.Violations {
				if !strings.Contains(apiErr.Message, v.String()) {
					t.Errorf("the sandbox's answer lacks the client's violation %q:\n%s", v.String(), apiErr.Message)
				}
			}
			if got := strings.Count(apiErr.Message, ";") + 1; got != len(verr.Violations) {
				t.Errorf("the sandbox reports %d violations, the client %d:\n%s", got, len(verr.Violations), apiErr.Message)
			}
			if err := tc.good.Validate(); err != nil {
				t.Fatalf("the valid neighbour is refused by the client: %v", err)
			}
			if err := tc.send(tc.good, partnersdk.WithoutValidation()); err != nil {
				t.Fatalf("the valid neighbour is refused by the sandbox: %v", err)
			}
		})
	}

	// Every rule of the spec has a case.
	files, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		for name, m := range f.Models {
			for _, r := range m.Rules {
				if key := name + " " + r.Kind + " " + r.Field; !covered[key] {
					t.Errorf("no case for the rule %s", key)
				}
			}
		}
	}
}

// fund credits a customer's balance.
func (e *env) fund(customerID, amount string) {
	e.t.Helper()
	if _, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, &partner.UpdateCustomerAccountAmountRequest{CustomerID: customerID, Amount: money(amount)}); err != nil {
		e.t.Fatal(err)
	}
}

// inUseResources lists the IDs of a customer's primary resources in use,
// in a stable order.
func (e *env) inUseResources(customerID string) []string {
	e.t.Helper()
	var ids []string
	for id, r := range e.resources(customerID) {
		if r.Status == resource.PeriodResourceStatusInUse {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// An account name added without the API is checked like CreateSubCustomer's
// domain_name: the same pattern rule, prefixes matched case-sensitively.
func TestAddCustomerChecksTheNameRule(t *testing.T) {
	e := newEnv(t, sandbox.Config{})
	for _, bad := range []string{"op_direct", "shadow_direct", "12345678", "a.b.c.d", "abc"} {
		if _, err := e.s.AddCustomer(sandbox.NewCustomer{AccountName: bad}); err == nil {
			t.Errorf("account name %q accepted", bad)
		}
	}
	if _, err := e.s.AddCustomer(sandbox.NewCustomer{AccountName: "OP_direct"}); err != nil {
		t.Errorf("an upper-case OP_ prefix: %v", err)
	}
}
