// Command reclaim-coupons takes back the coupons you issued that were
// never used, returning their value to your coupon quota:
//
//	go run ./examples/reclaim-coupons -older-than 30
//
// It walks every usable coupon you issued (ListIssuedPartnerCouponsAll),
// keeps those whose balance still equals their face value and that were
// issued more than -older-than days ago, and reclaims each one
// (ReclaimPartnerCoupons). Against the real endpoint the reclaims run only
// with -commit; -dry-run only lists.
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
	"github.com/hcpartner/partner-sdk-go/bulk"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/examples/internal/exenv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Stderr, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "reclaim-coupons:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := flag.NewFlagSet("reclaim-coupons", flag.ContinueOnError)
	fs.SetOutput(stderr)
	olderThan := fs.Int("older-than", 30, "only coupons issued more than this many days ago")
	only := fs.String("customer", "", "only the coupons of this customer")
	limit := fs.Int("max", 0, "reclaim at most this many coupons (0: no limit)")
	dryRun := fs.Bool("dry-run", false, "only list what would be reclaimed")
	commit := fs.Bool("commit", false, "against a real endpoint: really reclaim")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *olderThan < 0 || *limit < 0 {
		return errors.New("-older-than and -max must not be negative")
	}
	env, err := exenv.Setup(ctx, exenv.Options{Log: stdout, SandboxSeed: 1})
	if err != nil {
		return err
	}
	defer env.Close()
	c := env.Client

	cutoff := time.Now().UTC().AddDate(0, 0, -*olderThan)
	req := &coupon.ListIssuedPartnerCouponsRequest{
		Status:        partnersdk.Ptr(coupon.CouponStatusAvailable),
		CreateTimeEnd: partnersdk.String(partnersdk.FormatUTC(cutoff)),
	}
	if *only != "" {
		req.CustomerID = partnersdk.String(*only)
	}
	var unused []coupon.IssuedPartnerCoupon
	seen := 0
	for cp, err := range c.Coupon.ListIssuedPartnerCouponsAll(ctx, req) {
		if err != nil {
			return fmt.Errorf("list issued coupons: %w", err)
		}
		seen++
		if cp.Balance.Equal(cp.FaceValue) && cp.Balance.IsPositive() {
			unused = append(unused, cp)
		}
	}
	worth := decimal.Zero
	for _, cp := range unused {
		worth = worth.Add(cp.Balance)
	}
	fmt.Fprintf(stdout, "%d usable coupons issued before %s; %d never used, worth %s.\n", seen, cutoff.Format("2006-01-02"), len(unused), exenv.Yuan(worth))
	if *limit > 0 && len(unused) > *limit {
		unused = unused[:*limit]
		fmt.Fprintf(stdout, "Taking the first %d (-max):\n", *limit)
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	for _, cp := range unused {
		fmt.Fprintf(tw, "  %s\t%s\t%s\tissued %s\texpires %s\n", cp.CouponID, cp.CustomerID, exenv.Yuan(cp.Balance), cp.CreateTime, cp.ExpireTime)
	}
	tw.Flush()
	if len(unused) == 0 || *dryRun {
		return nil
	}
	if !env.IsSandbox() && !*commit {
		fmt.Fprintln(stdout, "Stopping here: pass -commit to reclaim for real.")
		return nil
	}
	// Reclaim several at once; results come back in the order of the list,
	// and a coupon that fails does not stop the others (collect-all).
	back := decimal.Zero
	done := 0
	reclaim := func(ctx context.Context, cp coupon.IssuedPartnerCoupon) (coupon.IssuedPartnerCoupon, error) {
		_, err := c.Coupon.ReclaimPartnerCoupons(ctx, &coupon.ReclaimPartnerCouponsRequest{CouponID: cp.CouponID})
		return cp, err
	}
	for cp, err := range bulk.Map(ctx, unused, reclaim, bulk.Options{Concurrency: 4}) {
		var ie *bulk.ItemError[coupon.IssuedPartnerCoupon]
		var apiErr *partnersdk.APIError
		switch {
		case errors.As(err, &ie) && errors.As(err, &apiErr):
			// Used or expired in the meantime: report and go on.
			fmt.Fprintf(stdout, "  %s not reclaimed: %s %s\n", ie.Item.CouponID, apiErr.Code, apiErr.Message)
			continue
		case errors.As(err, &ie):
			return fmt.Errorf("reclaim %s: %w", ie.Item.CouponID, ie.Err)
		case err != nil:
			return err
		}
		done++
		back = back.Add(cp.Balance)
	}
	fmt.Fprintf(stdout, "Reclaimed %d coupon(s); %s returned to your quotas.\n", done, exenv.Yuan(back))
	return nil
}
