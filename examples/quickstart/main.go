// Command quickstart shows the SDK's main flow: list sub-customers, fund
// one, issue it a coupon and print its monthly bill summary.
//
//	go run ./examples/quickstart
//
// Without HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK in the environment it starts
// the local sandbox in-process and runs against it. With them it talks to
// the real endpoint, and the steps that move money or issue coupons run only
// when -commit is given.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/examples/internal/exenv"
	"github.com/hcpartner/partner-sdk-go/partner"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Stderr, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

type options struct {
	customerID string
	amount     decimal.Decimal
	face       decimal.Decimal
	month      string
	commit     bool
}

func parseFlags(stderr io.Writer, args []string) (*options, error) {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &options{}
	fs.StringVar(&o.customerID, "customer", "", "customer account ID to fund (default: the first verified resale customer)")
	amount := fs.String("amount", "100.00", "amount to move to the customer, in yuan")
	face := fs.String("coupon", "50.00", "face value of the coupon to issue, in yuan")
	fs.StringVar(&o.month, "month", "", "billing month of the summary, YYYY-MM (default: last month)")
	fs.BoolVar(&o.commit, "commit", false, "against a real endpoint: really fund the customer and issue the coupon")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	var err error
	if o.amount, err = partnersdk.Money(*amount); err != nil {
		return nil, fmt.Errorf("-amount: %w", err)
	}
	if o.face, err = partnersdk.Money(*face); err != nil {
		return nil, fmt.Errorf("-coupon: %w", err)
	}
	if o.month == "" {
		o.month = partnersdk.FormatMonth(time.Now().AddDate(0, -1, 0))
	}
	return o, nil
}

func yuan(d decimal.Decimal) string { return exenv.Yuan(d) }

func run(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	o, err := parseFlags(stderr, args)
	if err != nil {
		return err
	}
	env, err := exenv.Setup(ctx, exenv.Options{Log: stdout, SandboxSeed: 1})
	if err != nil {
		return err
	}
	defer env.Close()
	c := env.Client
	live := env.IsSandbox() || o.commit

	// 1. Sub-customers.
	page, err := c.Customer.ListSubCustomers(ctx, &customer.ListSubCustomersRequest{Limit: partnersdk.Int32(5)})
	if err != nil {
		return fmt.Errorf("list sub-customers: %w", err)
	}
	fmt.Fprintf(stdout, "\n1. Sub-customers (%d in all, newest first):\n", page.Count)
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	for _, ci := range page.CustomerInfos {
		fmt.Fprintf(tw, "   %s\t%s\t%s\t%s\n", ci.CustomerID, ci.AccountName, association(ci.AssociationType), verified(ci.VerifiedStatus))
	}
	tw.Flush()

	target, err := pickCustomer(ctx, c, o.customerID, o.month)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "   Working with %s (%s).\n", target.AccountName, target.CustomerID)

	// 2. Fund the customer.
	fmt.Fprintf(stdout, "\n2. Fund the customer with %s\n", yuan(o.amount))
	before, err := available(ctx, c)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "   Partner account available: %s\n", yuan(before))
	if live {
		res, err := c.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
			CustomerID: target.CustomerID, Amount: o.amount,
		})
		if err != nil {
			return fmt.Errorf("fund customer: %w", err)
		}
		after, err := available(ctx, c)
		if err != nil {
			return err
		}
		bal, err := c.Partner.ListCustomersBalancesDetail(ctx, &partner.ListCustomersBalancesDetailRequest{
			CustomerInfos: []partner.CustomerInfoV2{{CustomerID: target.CustomerID}},
		})
		if err != nil {
			return fmt.Errorf("customer balance: %w", err)
		}
		fmt.Fprintf(stdout, "   Transfer %s done (request id %s).\n", res.TransferID, res.Metadata.RequestID)
		fmt.Fprintf(stdout, "   Partner account available: %s\n", yuan(after))
		for _, b := range bal.CustomerBalances {
			fmt.Fprintf(stdout, "   Customer balance: %s\n", yuan(b.Amount))
		}
	} else {
		fmt.Fprintln(stdout, "   Skipped: pass -commit to move real money.")
	}

	// 3. Issue a coupon.
	fmt.Fprintf(stdout, "\n3. Issue a %s coupon\n", yuan(o.face))
	q, err := usableQuota(ctx, c, o.face)
	if err != nil {
		return err
	}
	switch {
	case q == nil:
		fmt.Fprintf(stdout, "   Skipped: no usable voucher quota with %s left.\n", yuan(o.face))
	case !live:
		fmt.Fprintf(stdout, "   Quota %s has %s left. Skipped: pass -commit to issue a real coupon.\n", q.QuotaID, yuan(q.Balance))
	default:
		res, err := c.Coupon.CreatePartnerCoupons(ctx, &coupon.CreatePartnerCouponsRequest{
			QuotaID: q.QuotaID, CustomerIDs: []string{target.CustomerID}, FaceValue: o.face,
			Memo: partnersdk.String("quickstart"),
		})
		if err != nil {
			return fmt.Errorf("issue coupon: %w", err)
		}
		for _, d := range res.ErrorDetails {
			return fmt.Errorf("issue coupon to %s: %s %s", d.ID, d.ErrorCode, d.ErrorMsg)
		}
		for _, ci := range res.CouponInfos {
			fmt.Fprintf(stdout, "   Coupon %s issued to %s.\n", ci.CouponID, ci.ID)
		}
		after, err := c.Partner.ListQuotaCoupons(ctx, &partner.ListQuotaCouponsRequest{QuotaIDs: []string{q.QuotaID}})
		if err != nil {
			return fmt.Errorf("read quota: %w", err)
		}
		for _, aq := range after.Quotas {
			fmt.Fprintf(stdout, "   Quota %s: %s left (was %s).\n", aq.QuotaID, yuan(aq.Balance), yuan(q.Balance))
		}
	}

	// 4. Monthly bill summary.
	fmt.Fprintf(stdout, "\n4. Bill summary of %s for %s:\n", target.AccountName, o.month)
	total := decimal.Zero
	rows := 0
	tw = tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	for _, mode := range []billing.ChargeModeCode{billing.ChargeModeCodeYearlyMonthly, billing.ChargeModeCodeOnDemand} {
		for sum, err := range c.Billing.ListSubcustomerMonthlyBillsAll(ctx, &billing.ListSubcustomerMonthlyBillsRequest{
			CustomerID: partnersdk.String(target.CustomerID), Cycle: o.month, ChargeMode: mode,
		}) {
			if err != nil {
				return fmt.Errorf("monthly bills: %w", err)
			}
			fmt.Fprintf(tw, "   %s\t%s\t%s\t%12s\n", sum.CloudServiceTypeName, chargeMode(sum.ChargeMode), billType(sum.BillType), sum.Amount.StringFixed(2))
			total = total.Add(sum.Amount)
			rows++
		}
	}
	tw.Flush()
	if rows == 0 {
		fmt.Fprintln(stdout, "   No consumption in that month.")
	}
	fmt.Fprintf(stdout, "   Total: %s\n", yuan(total))
	fmt.Fprintln(stdout, "\nDone.")
	return nil
}

// pickCustomer returns the customer to work with: the one named, or the
// first verified resale customer associated before month began (so that
// it can have a bill for that month).
func pickCustomer(ctx context.Context, c *partnersdk.Client, id, month string) (*customer.CustomerInformation, error) {
	monthStart, err := time.Parse(partnersdk.LayoutMonth, month)
	if err != nil {
		return nil, fmt.Errorf("-month: %w", err)
	}
	req := &customer.ListSubCustomersRequest{AssociationType: partnersdk.Ptr(customer.AssociationTypeResale), Limit: partnersdk.Int32(100)}
	if id != "" {
		req = &customer.ListSubCustomersRequest{CustomerID: partnersdk.String(id)}
	}
	for ci, err := range c.Customer.ListSubCustomersAll(ctx, req) {
		if err != nil {
			return nil, fmt.Errorf("list sub-customers: %w", err)
		}
		if id != "" {
			return &ci, nil
		}
		associated, err := partnersdk.ParseUTC(ci.AssociatedOn)
		if ci.VerifiedStatus == customer.VerifiedStatusVerified && err == nil && associated.Before(monthStart) {
			return &ci, nil
		}
	}
	if id != "" {
		return nil, fmt.Errorf("customer %s is not one of your sub-customers", id)
	}
	return nil, errors.New("no verified resale customer to fund")
}

// available returns what the partner's cash account can allocate.
func available(ctx context.Context, c *partnersdk.Client) (decimal.Decimal, error) {
	res, err := c.Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{})
	if err != nil {
		return decimal.Zero, fmt.Errorf("partner balances: %w", err)
	}
	for _, b := range res.AccountBalances {
		if b.AccountType == partner.AccountTypeBalance {
			return b.Amount.Sub(b.DesignatedAmount), nil
		}
	}
	return decimal.Zero, nil
}

// usableQuota returns the first usable voucher quota with at least face
// left, or nil.
func usableQuota(ctx context.Context, c *partnersdk.Client, face decimal.Decimal) (*partner.CouponQuotaV2, error) {
	for q, err := range c.Partner.ListQuotaCouponsAll(ctx, &partner.ListQuotaCouponsRequest{
		QuotaStatusList: []partner.QuotaStatus{partner.QuotaStatusNormal},
		QuotaType:       partnersdk.Ptr(partner.QuotaTypeVoucher),
	}) {
		if err != nil {
			return nil, fmt.Errorf("coupon quotas: %w", err)
		}
		if q.Balance.GreaterThanOrEqual(face) && len(q.LimitInfos) == 0 {
			return &q, nil
		}
	}
	return nil, nil
}

func association(t customer.AssociationType) string {
	if t == customer.AssociationTypeReferral {
		return "referral"
	}
	return "resale"
}

func verified(v customer.VerifiedStatus) string {
	switch v {
	case customer.VerifiedStatusVerified:
		return "verified"
	case customer.VerifiedStatusReviewing:
		return "under review"
	case customer.VerifiedStatusRejected:
		return "rejected"
	}
	return "not verified"
}

func chargeMode(m billing.ChargeModeCode) string {
	switch m {
	case billing.ChargeModeCodeYearlyMonthly:
		return "yearly/monthly"
	case billing.ChargeModeCodeOnDemand:
		return "pay-per-use"
	}
	return string(m)
}

func billType(t billing.MonthlyBillType) string {
	switch t {
	case billing.MonthlyBillTypeUnsubscription:
		return "refund"
	case billing.MonthlyBillTypeWriteOff:
		return "write-off"
	}
	return "consumption"
}
