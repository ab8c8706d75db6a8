package sandbox_test

import (
	"errors"
	"testing"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/partner"
)

func (e *env) createCustomer(name, xid string) string {
	e.t.Helper()
	res, err := e.client.Customer.CreateSubCustomer(e.ctx, &customer.CreateSubCustomerRequest{
		DomainName: partnersdk.String(name), XAccountID: xid, XAccountType: e.s.Info().XAccountType,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if res.DomainName != name || len(res.DomainID) != 32 {
		e.t.Fatalf("created: %+v", res)
	}
	return res.DomainID
}

func (e *env) reviewResult(id string) customer.RealnameReviewResult {
	e.t.Helper()
	res, err := e.client.Customer.ShowRealnameAuthenticationReviewResult(e.ctx, &customer.ShowRealnameAuthenticationReviewResultRequest{CustomerID: id})
	if err != nil {
		e.t.Fatal(err)
	}
	return res.ReviewResult
}

func TestCreateSubCustomer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	before, err := e.client.Customer.ListSubCustomers(e.ctx, &customer.ListSubCustomersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string) customer.IdentityCheckResult {
		res, err := e.client.Customer.CheckUserIdentity(e.ctx, &customer.CheckUserIdentityRequest{SearchType: customer.IdentitySearchTypeName, SearchValue: name})
		if err != nil {
			t.Fatal(err)
		}
		return res.CheckResult
	}
	if got := check("new-customer-01"); got != customer.IdentityCheckResultAvailable {
		t.Fatalf("check before: %s", got)
	}
	id := e.createCustomer("new-customer-01", "platform-user-1")
	if got := check("NEW-customer-01"); got != customer.IdentityCheckResultUsed {
		t.Fatalf("check after: %s", got)
	}

	// It appears in queries: first (newest), by ID and by name.
	after, err := e.client.Customer.ListSubCustomers(e.ctx, &customer.ListSubCustomersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if after.Count != before.Count+1 || after.CustomerInfos[0].CustomerID != id {
		t.Fatalf("count %d -> %d, first %s", before.Count, after.Count, after.CustomerInfos[0].CustomerID)
	}
	byName, err := e.client.Customer.ListSubCustomers(e.ctx, &customer.ListSubCustomersRequest{AccountName: partnersdk.String("new-customer")})
	if err != nil || byName.Count != 1 || byName.CustomerInfos[0].CustomerID != id ||
		byName.CustomerInfos[0].VerifiedStatus != customer.VerifiedStatusNone || byName.CustomerInfos[0].XAccountID != "platform-user-1" {
		t.Fatalf("by name: %v %+v", err, byName)
	}
	// It can be funded right away.
	if _, err := e.client.Partner.UpdateCustomerAccountAmount(e.ctx, &partner.UpdateCustomerAccountAmountRequest{CustomerID: id, Amount: money("20")}); err != nil {
		t.Fatal(err)
	}
	requireEqualMoney(t, "new customer's balance", money("20"), e.customerCash(id))

	// Refusals.
	_, err = e.client.Customer.CreateSubCustomer(e.ctx, &customer.CreateSubCustomerRequest{
		DomainName: partnersdk.String("new-customer-01"), XAccountID: "platform-user-2", XAccountType: e.s.Info().XAccountType})
	requireCode(t, err, 400, "CBC.0100")
	_, err = e.client.Customer.CreateSubCustomer(e.ctx, &customer.CreateSubCustomerRequest{
		DomainName: partnersdk.String("another-name"), XAccountID: "platform-user-1", XAccountType: e.s.Info().XAccountType})
	requireCode(t, err, 400, "CBC.0100")
	_, err = e.client.Customer.CreateSubCustomer(e.ctx, &customer.CreateSubCustomerRequest{
		DomainName: partnersdk.String("third-name"), XAccountID: "platform-user-3", XAccountType: "someone_else"})
	requireCode(t, err, 400, "CBC.0100")
	_, err = e.client.Customer.CreateSubCustomer(e.ctx, &customer.CreateSubCustomerRequest{
		DomainName: partnersdk.String("op_admin"), XAccountID: "platform-user-4", XAccountType: e.s.Info().XAccountType})
	var ve *partnersdk.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("the client let a name starting with op_ through: %v", err)
	}
	// The sandbox refuses it too when the client's check is skipped.
	_, err = e.client.Customer.CreateSubCustomer(e.ctx, &customer.CreateSubCustomerRequest{
		DomainName: partnersdk.String("op_admin"), XAccountID: "platform-user-4", XAccountType: e.s.Info().XAccountType}, partnersdk.WithoutValidation())
	requireCode(t, err, 400, "CBC.0100")
	// Without a name the account gets a generated one.
	res, err := e.client.Customer.CreateSubCustomer(e.ctx, &customer.CreateSubCustomerRequest{XAccountID: "platform-user-5", XAccountType: e.s.Info().XAccountType})
	if err != nil || len(res.DomainName) != 32 {
		t.Fatalf("generated name: %v %+v", err, res)
	}
}

func TestRealnameAuthentication(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{ReviewDelay: time.Hour})
	xt := e.s.Info().XAccountType

	// Personal, by bank card: decided at once.
	p := e.createCustomer("person-one", "p-1")
	res, err := e.client.Customer.CreatePersonalRealnameAuth(e.ctx, &customer.CreatePersonalRealnameAuthRequest{
		CustomerID: p, IdentifyType: partnersdk.Ptr(customer.PersonalIdentifyTypeBankCard), VerifiedFileURL: []string{"kyc/face.jpg"},
		Name: "Li Wei", VerifiedNumber: "110101199003070000", XAccountType: xt,
		BankCardInfo: &customer.BankCardInfoV2{BankAccount: "6222020000000000", AreaCode: "0086", Mobile: "13800000000", VerificationCode: "123456"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.IsReview != customer.ManualReviewNotRequired || e.reviewResult(p) != customer.RealnameReviewResultApproved {
		t.Fatalf("bank card: %+v", res)
	}
	// A second application is refused.
	_, err = e.client.Customer.CreatePersonalRealnameAuth(e.ctx, &customer.CreatePersonalRealnameAuthRequest{
		CustomerID: p, IdentifyType: partnersdk.Ptr(customer.PersonalIdentifyTypeCertificate), VerifiedType: partnersdk.Ptr(customer.PersonalCertificateTypePassport),
		VerifiedFileURL: []string{"kyc/a.jpg"}, Name: "Li Wei", VerifiedNumber: "E12345678", XAccountType: xt,
	})
	requireCode(t, err, 400, "CBC.0100")

	// Enterprise: under review until the review delay has passed.
	ent := e.createCustomer("enterprise-one", "e-1")
	er, err := e.client.Customer.CreateEnterpriseRealnameAuthentication(e.ctx, &customer.CreateEnterpriseRealnameAuthenticationRequest{
		CustomerID: ent, IdentifyType: partnersdk.Ptr(customer.EnterpriseIdentifyTypeCertificateScan),
		VerifiedFileURL: []string{"kyc/license.jpg"}, CorpName: "Example Robotics Co., Ltd.", VerifiedNumber: "91110000000000000X", XAccountType: xt,
	})
	if err != nil {
		t.Fatal(err)
	}
	if er.IsReview != customer.ManualReviewRequired || e.reviewResult(ent) != customer.RealnameReviewResultPending {
		t.Fatalf("enterprise: %+v", er)
	}
	e.clk.Advance(time.Hour)
	if got := e.reviewResult(ent); got != customer.RealnameReviewResultApproved {
		t.Fatalf("after the delay: %d", got)
	}
	list, err := e.client.Customer.ListSubCustomers(e.ctx, &customer.ListSubCustomersRequest{CustomerID: partnersdk.String(ent)})
	if err != nil || list.CustomerInfos[0].VerifiedStatus != customer.VerifiedStatusVerified || list.CustomerInfos[0].Customer != "Example Robotics Co., Ltd." {
		t.Fatalf("listed: %v %+v", err, list)
	}

	// A document number of zeros is rejected, with an opinion.
	rej := e.createCustomer("rejected-one", "r-1")
	if _, err := e.client.Customer.CreatePersonalRealnameAuth(e.ctx, &customer.CreatePersonalRealnameAuthRequest{
		CustomerID: rej, IdentifyType: partnersdk.Ptr(customer.PersonalIdentifyTypeCertificate), VerifiedType: partnersdk.Ptr(customer.PersonalCertificateTypePassport),
		VerifiedFileURL: []string{"kyc/a.jpg", "kyc/b.jpg"}, Name: "Zhang Min", VerifiedNumber: "000000", XAccountType: xt,
	}); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(time.Hour)
	rr, err := e.client.Customer.ShowRealnameAuthenticationReviewResult(e.ctx, &customer.ShowRealnameAuthenticationReviewResultRequest{CustomerID: rej})
	if err != nil || rr.ReviewResult != customer.RealnameReviewResultRejected || rr.Opinion == "" {
		t.Fatalf("rejected: %v %+v", err, rr)
	}
}
