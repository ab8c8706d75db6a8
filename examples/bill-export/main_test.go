package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/examples/internal/exenv"
	"github.com/hcpartner/partner-sdk-go/partnertest"
)

func TestExportAgainstSandbox(t *testing.T) {
	for _, v := range exenv.Variables() {
		t.Setenv(v, "")
	}
	month := partnersdk.FormatMonth(time.Now().AddDate(0, -1, 0))
	path := filepath.Join(t.TempDir(), "bills.csv")
	var out, errOut bytes.Buffer
	if err := run(context.Background(), &out, &errOut, []string{"-month", month, "-out", path}); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 1000 || strings.Join(rows[0], ",") != strings.Join(header(), ",") {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	ids := map[string]bool{}
	customers := map[string]bool{}
	total := decimal.Zero
	for _, r := range rows[1:] {
		if r[0] != month {
			t.Fatalf("row of another month: %v", r)
		}
		if ids[r[2]] {
			t.Fatalf("record %s twice", r[2])
		}
		ids[r[2]] = true
		customers[r[1]] = true
		total = total.Add(decimal.RequireFromString(r[15]))
	}
	log := errOut.String()
	if !strings.Contains(log, "using the local sandbox") || !strings.Contains(log, "\rexporting "+month) {
		t.Fatalf("stderr: %s", log)
	}
	if !strings.Contains(log, "exported "+itoa(len(rows)-1)+" records of "+itoa(len(customers))+" customers") ||
		!strings.Contains(log, exenv.Yuan(total)) {
		t.Fatalf("summary does not match the file (%d records, %d customers, %s): %s", len(rows)-1, len(customers), exenv.Yuan(total), log)
	}
	if out.Len() != 0 {
		t.Fatalf("stdout should be empty with -out, got %d bytes", out.Len())
	}
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

func TestExportToStdout(t *testing.T) {
	for _, v := range exenv.Variables() {
		t.Setenv(v, "")
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), &out, &errOut, []string{"-customer", "0123456789abcdef0123456789abcdef"}); err == nil {
		t.Fatal("want an error for a customer that is not the partner's")
	}
	// The in-process sandbox has seed 1: its heavy customer has over 1,000
	// records every month.
	sb := partnertest.NewServer(t, partnertest.WithSeed(1), partnertest.WithCustomers(exenv.SandboxCustomers))
	out.Reset()
	if err := run(context.Background(), &out, &errOut, []string{"-customer", sb.CustomerID, "-page-size", "250"}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 1001 {
		t.Fatalf("%d rows", len(rows))
	}
}
