// Command renew-expiring renews the yearly/monthly resources of your
// customers that expire within the next N days:
//
//	go run ./examples/renew-expiring -days 30 -months 1
//
// It lists the resale customers (or the one given with -customer), finds
// each one's primary resources in use that expire within the window
// (ListPayPerUseCustomerResources), and renews them in the customer's
// account through an agency token (RenewalResources with automatic
// payment), at most 10 resources per call. Against the real endpoint the
// renewals (which cost money) run only with -commit; -dry-run only lists.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"os/signal"
	"text/tabwriter"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/bulk"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/examples/internal/exenv"
	"github.com/hcpartner/partner-sdk-go/resource"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Stderr, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "renew-expiring:", err)
		os.Exit(1)
	}
}

// maxPerCall is the documented maximum of resource_ids per RenewalResources.
const maxPerCall = 10

type expiring struct {
	customer string
	account  string
	res      resource.OrderInstanceV2
}

func run(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := flag.NewFlagSet("renew-expiring", flag.ContinueOnError)
	fs.SetOutput(stderr)
	days := fs.Int("days", 30, "renew resources expiring within this many days")
	months := fs.Int("months", 1, "renewal period in months: 1 to 11, or 12, 24, 36 for years")
	only := fs.String("customer", "", "only this customer (default: every resale customer)")
	agency := fs.String("agency", "", "agency name the customers created for you (default: "+exenv.EnvAgency+", or the sandbox's)")
	dryRun := fs.Bool("dry-run", false, "only list what would be renewed")
	commit := fs.Bool("commit", false, "against a real endpoint: really renew (and pay)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *days < 1 || *days > 366 {
		return errors.New("-days: between 1 and 366")
	}
	periodType, periodNum := resource.PeriodTypeMonth, int32(*months)
	switch {
	case *months >= 1 && *months <= 11:
	case *months == 12 || *months == 24 || *months == 36:
		periodType, periodNum = resource.PeriodTypeYear, int32(*months/12)
	default:
		return errors.New("-months: 1 to 11, 12, 24 or 36")
	}
	env, err := exenv.Setup(ctx, exenv.Options{Log: stdout, SandboxSeed: 1})
	if err != nil {
		return err
	}
	defer env.Close()
	if *agency == "" {
		*agency = env.AgencyName
	}
	c := env.Client

	// Which customers to look at.
	req := &customer.ListSubCustomersRequest{AssociationType: partnersdk.Ptr(customer.AssociationTypeResale), Limit: partnersdk.Int32(100)}
	if *only != "" {
		req = &customer.ListSubCustomersRequest{CustomerID: partnersdk.String(*only)}
	}
	now := time.Now().UTC()
	begin, end := partnersdk.FormatUTC(now), partnersdk.FormatUTC(now.AddDate(0, 0, *days))
	var customers []customer.CustomerInformation
	for ci, err := range c.Customer.ListSubCustomersAll(ctx, req) {
		if err != nil {
			return fmt.Errorf("list customers: %w", err)
		}
		customers = append(customers, ci)
	}
	scanned := len(customers)
	// Each customer's expiring resources, several customers at once (the
	// client keeps to the operation's documented rate), in customer order.
	resources := func(ctx context.Context, ci customer.CustomerInformation) iter.Seq2[expiring, error] {
		return func(yield func(expiring, error) bool) {
			for r, err := range c.Resource.ListPayPerUseCustomerResourcesAll(ctx, &resource.ListPayPerUseCustomerResourcesRequest{
				CustomerID: partnersdk.String(ci.CustomerID), OnlyMainResource: partnersdk.Ptr(resource.OnlyMainResourceYes),
				StatusList:      []resource.PeriodResourceStatus{resource.PeriodResourceStatusInUse},
				ExpireTimeBegin: partnersdk.String(begin), ExpireTimeEnd: partnersdk.String(end),
			}) {
				if !yield(expiring{customer: ci.CustomerID, account: ci.AccountName, res: r}, err) || err != nil {
					return
				}
			}
		}
	}
	var found []expiring
	for f, err := range bulk.Flatten(ctx, customers, resources, bulk.Options{Concurrency: 4}) {
		var ie *bulk.ItemError[customer.CustomerInformation]
		if errors.As(err, &ie) {
			return fmt.Errorf("resources of %s: %w", ie.Item.CustomerID, ie.Err)
		} else if err != nil {
			return err
		}
		found = append(found, f)
	}
	fmt.Fprintf(stdout, "%d resources of %d customers expire before %s:\n", len(found), scanned, end)
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	for _, f := range found {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\texpires %s\n", f.account, f.res.ResourceName, f.res.ServiceTypeName, f.res.ResourceID, f.res.ExpireTime)
	}
	tw.Flush()
	if len(found) == 0 || *dryRun {
		return nil
	}
	if !env.IsSandbox() && !*commit {
		fmt.Fprintln(stdout, "Stopping here: pass -commit to renew and pay for real.")
		return nil
	}

	// Renew per customer, in its own account.
	byCustomer := map[string][]expiring{}
	var order []string
	for _, f := range found {
		if byCustomer[f.customer] == nil {
			order = append(order, f.customer)
		}
		byCustomer[f.customer] = append(byCustomer[f.customer], f)
	}
	renewed, failed := 0, 0
	for _, id := range order {
		list := byCustomer[id]
		cc, err := env.CustomerClient(id, *agency)
		if err != nil {
			return err
		}
		for start := 0; start < len(list); start += maxPerCall {
			chunk := list[start:min(start+maxPerCall, len(list))]
			ids := make([]string, len(chunk))
			for i, f := range chunk {
				ids[i] = f.res.ResourceID
			}
			res, err := cc.Resource.RenewalResources(ctx, &resource.RenewalResourcesRequest{
				ResourceIDs: ids, PeriodType: partnersdk.Ptr(periodType), PeriodNum: partnersdk.Int32(periodNum),
				IsAutoPay: partnersdk.Ptr(resource.AutoPayYes),
			})
			var apiErr *partnersdk.APIError
			switch {
			case errors.As(err, &apiErr):
				fmt.Fprintf(stdout, "  %s: not renewed: %s %s\n", chunk[0].account, apiErr.Code, apiErr.Message)
				failed += len(chunk)
				continue
			case err != nil:
				return fmt.Errorf("renew resources of %s: %w", id, err)
			}
			for _, fi := range res.FailResourceInfos {
				fmt.Fprintf(stdout, "  %s: %s not renewed: %s\n", chunk[0].account, fi.ResourceID, fi.ErrorMsg)
			}
			failed += len(res.FailResourceInfos)
			renewed += len(chunk) - len(res.FailResourceInfos)
			fmt.Fprintf(stdout, "  %s: renewed %d resource(s), order %v\n", chunk[0].account, len(chunk)-len(res.FailResourceInfos), res.OrderIDs)
		}
		// Show the new expiry dates.
		after, err := c.Resource.ListPayPerUseCustomerResources(ctx, &resource.ListPayPerUseCustomerResourcesRequest{
			CustomerID: partnersdk.String(id), ResourceIDs: idsOf(list), OnlyMainResource: partnersdk.Ptr(resource.OnlyMainResourceYes),
			Limit: partnersdk.Int32(50),
		})
		if err != nil {
			return fmt.Errorf("resources of %s: %w", id, err)
		}
		for _, r := range after.Data {
			fmt.Fprintf(stdout, "    %s now expires %s\n", r.ResourceName, r.ExpireTime)
		}
	}
	fmt.Fprintf(stdout, "Renewed %d resource(s); %d not renewed.\n", renewed, failed)
	return nil
}

func idsOf(list []expiring) []string {
	ids := make([]string, 0, len(list))
	for _, f := range list {
		if len(ids) == 50 {
			break
		}
		ids = append(ids, f.res.ResourceID)
	}
	return ids
}
