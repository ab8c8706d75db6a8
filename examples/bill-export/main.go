// Command bill-export writes a month's sub-customer consumption records to
// CSV, the partner's month-end export:
//
//	go run ./examples/bill-export -month 2024-04 -out bills-2024-04.csv
//
// It lists the customers with consumption in the month
// (ListConsumeSubCustomers), walks every page of each one's records
// (ListSubCustomerBillDetailAll), several customers at once (bulk.Flatten;
// the client paces every operation at its documented rate, so the export
// runs at the API's ceiling), and writes one CSV row per record, customer
// after customer. A progress line shows on stderr when it is a terminal.
// Amounts are exact decimals in yuan.
package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"os/signal"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/bulk"
	"github.com/hcpartner/partner-sdk-go/examples/internal/exenv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Stderr, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bill-export:", err)
		os.Exit(1)
	}
}

// header returns the CSV header row.
func header() []string {
	return []string{
		"bill_cycle", "customer_id", "record_id", "trade_time", "trade_id", "service_type_code", "service_type_name",
		"resource_type_code", "region_code", "resource_id", "resource_name", "charging_mode", "bill_detail_type",
		"official_amount", "discount_amount", "payment_amount", "cash_amount", "coupon_amount", "debt_amount",
	}
}

func row(r *billing.SubCustomerMonthlyBillDetail) []string {
	m := func(d decimal.Decimal) string { return d.StringFixed(2) }
	return []string{
		r.BillCycle, r.CustomerID, r.ID, r.TradeTime, r.TradeID, r.ServiceTypeCode, r.ServiceTypeName,
		r.ResourceTypeCode, r.RegionCode, r.ResourceID, r.ResourceName, strconv.Itoa(int(r.ChargingMode)),
		strconv.Itoa(int(r.BillDetailType)), m(r.OfficialAmount), m(r.OfficialDiscountAmount), m(r.PaymentAmount),
		m(r.CashAmount), m(r.CouponAmount), m(r.DebtAmount),
	}
}

func run(ctx context.Context, stdout, stderr io.Writer, args []string) (err error) {
	fs := flag.NewFlagSet("bill-export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	month := fs.String("month", partnersdk.FormatMonth(time.Now().AddDate(0, -1, 0)), "billing month, YYYY-MM")
	outPath := fs.String("out", "", "CSV file to write (default: standard output)")
	only := fs.String("customer", "", "export only this customer (default: every customer with consumption)")
	pageSize := fs.Int("page-size", 100, "records per request")
	concurrency := fs.Int("concurrency", 4, "customers fetched at once")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := time.Parse(partnersdk.LayoutMonth, *month); err != nil {
		return fmt.Errorf("-month: want YYYY-MM, got %q", *month)
	}
	if *pageSize < 1 || *pageSize > 1000 {
		return errors.New("-page-size: between 1 and 1000")
	}
	if *concurrency < 1 || *concurrency > 64 {
		return errors.New("-concurrency: between 1 and 64")
	}
	env, err := exenv.Setup(ctx, exenv.Options{Log: stderr, SandboxSeed: 1})
	if err != nil {
		return err
	}
	defer env.Close()
	c := env.Client

	customers := []string{*only}
	if *only == "" {
		customers = nil
		for sc, err := range c.Billing.ListConsumeSubCustomersAll(ctx, &billing.ListConsumeSubCustomersRequest{BillCycle: *month}) {
			if err != nil {
				return fmt.Errorf("customers with consumption in %s: %w", *month, err)
			}
			customers = append(customers, sc.CustomerID)
		}
	}

	out := stdout
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
		out = f
	}
	w := csv.NewWriter(out)
	if err := w.Write(header()); err != nil {
		return err
	}
	records := 0
	total := decimal.Zero
	done := map[string]bool{}
	progress := exenv.NewProgress(stderr, false)
	defer progress.Done()
	bills := func(ctx context.Context, id string) iter.Seq2[billing.SubCustomerMonthlyBillDetail, error] {
		return c.Billing.ListSubCustomerBillDetailAll(ctx, &billing.ListSubCustomerBillDetailRequest{
			BillCycle: *month, CustomerID: id, Limit: partnersdk.Int32(int32(*pageSize)),
		})
	}
	for r, err := range bulk.Flatten(ctx, customers, bills, bulk.Options{Concurrency: *concurrency, Buffer: *pageSize}) {
		if err != nil {
			var ie *bulk.ItemError[string]
			if errors.As(err, &ie) {
				return fmt.Errorf("records of %s: %w", ie.Item, ie.Err)
			}
			return err
		}
		if err := w.Write(row(&r)); err != nil {
			return err
		}
		records++
		total = total.Add(r.PaymentAmount)
		done[r.CustomerID] = true
		if records%500 == 0 {
			progress.Update("exporting %s: customer %d/%d, %d records, %s", *month, len(done), len(customers), records, exenv.Yuan(total))
		}
	}
	progress.Done()
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "exported %d records of %d customers for %s, %s due in all\n", records, len(customers), *month, exenv.Yuan(total))
	return nil
}
