// Command act-as-customer works inside a customer's account through the
// agency the customer created for you (IAM assume_role), as several
// customer-side operations require:
//
//	go run ./examples/act-as-customer -customer 0a1b... -agency partner_agency
//
// With the partner's credentials it obtains an agency token for the
// customer (auth.NewAgencyToken; cached and refreshed by the SDK) and, as
// the customer, reads its balance, coupons, yearly/monthly resources and
// orders.
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

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/examples/internal/exenv"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/resource"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Stderr, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "act-as-customer:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := flag.NewFlagSet("act-as-customer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	id := fs.String("customer", "", "customer account ID (default: the first verified resale customer)")
	agency := fs.String("agency", "", "agency name the customer created for you (default: "+exenv.EnvAgency+", or the sandbox's)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	env, err := exenv.Setup(ctx, exenv.Options{Log: stdout, SandboxSeed: 1})
	if err != nil {
		return err
	}
	defer env.Close()
	if *agency == "" {
		*agency = env.AgencyName
	}
	if *id == "" {
		for ci, err := range env.Client.Customer.ListSubCustomersAll(ctx, &customer.ListSubCustomersRequest{
			AssociationType: partnersdk.Ptr(customer.AssociationTypeResale), Limit: partnersdk.Int32(100),
		}) {
			if err != nil {
				return fmt.Errorf("list customers: %w", err)
			}
			if ci.VerifiedStatus == customer.VerifiedStatusVerified {
				*id = ci.CustomerID
				break
			}
		}
		if *id == "" {
			return errors.New("no verified resale customer; pass -customer")
		}
	}

	cc, err := env.CustomerClient(*id, *agency)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Acting as customer %s through agency %q.\n", *id, *agency)

	bal, err := cc.Partner.ShowCustomerAccountBalances(ctx, &partner.ShowCustomerAccountBalancesRequest{})
	if err != nil {
		return fmt.Errorf("balances (as the customer): %w", err)
	}
	fmt.Fprintln(stdout, "\nBalances:")
	for _, b := range bal.AccountBalances {
		fmt.Fprintf(stdout, "  account %s (type %d): %s\n", b.AccountID, b.AccountType, exenv.Yuan(b.Amount))
	}
	fmt.Fprintf(stdout, "  debt: %s\n", exenv.Yuan(bal.DebtAmount))

	coupons, err := cc.Coupon.ListSubCustomerCoupons(ctx, &coupon.ListSubCustomerCouponsRequest{Limit: partnersdk.Int32(5)})
	if err != nil {
		return fmt.Errorf("coupons (as the customer): %w", err)
	}
	fmt.Fprintf(stdout, "\nCoupons (%d in all, first %d):\n", coupons.Count, len(coupons.UserCoupons))
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	for _, uc := range coupons.UserCoupons {
		fmt.Fprintf(tw, "  %s\tstatus %d\t%s of %s left\texpires %s\n", uc.CouponID, uc.Status, exenv.Yuan(uc.Balance), exenv.Yuan(uc.FaceValue), uc.ExpireTime)
	}
	tw.Flush()

	res, err := cc.Resource.ListPayPerUseCustomerResources(ctx, &resource.ListPayPerUseCustomerResourcesRequest{
		OnlyMainResource: partnersdk.Ptr(resource.OnlyMainResourceYes), Limit: partnersdk.Int32(5),
	})
	if err != nil {
		return fmt.Errorf("resources (as the customer): %w", err)
	}
	fmt.Fprintf(stdout, "\nYearly/monthly resources (%d in all, first %d):\n", res.TotalCount, len(res.Data))
	tw = tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	for _, r := range res.Data {
		fmt.Fprintf(tw, "  %s\t%s\t%s\texpires %s\n", r.ResourceName, r.ServiceTypeName, r.RegionCode, r.ExpireTime)
	}
	tw.Flush()

	orders, err := cc.Resource.ListCustomerOrders(ctx, &resource.ListCustomerOrdersRequest{Limit: partnersdk.Int32(5)})
	if err != nil {
		return fmt.Errorf("orders (as the customer): %w", err)
	}
	fmt.Fprintf(stdout, "\nOrders (%d in all, newest %d):\n", orders.TotalCount, len(orders.OrderInfos))
	tw = tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	for _, o := range orders.OrderInfos {
		fmt.Fprintf(tw, "  %s\t%s\ttype %d\tstatus %d\t%s\tcreated %s\n", o.OrderID, o.ServiceTypeName, o.OrderType, o.Status, exenv.Yuan(o.AmountAfterDiscount), o.CreateTime)
	}
	tw.Flush()
	return nil
}
