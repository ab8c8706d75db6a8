package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hcpartner/partner-sdk-go/examples/internal/exenv"
)

func TestActAsCustomerAgainstSandbox(t *testing.T) {
	for _, v := range exenv.Variables() {
		t.Setenv(v, "")
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), &out, &errOut, nil); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{"Acting as customer ", "through agency \"partner_sandbox_agency\"", "Balances:", "Coupons (", "Yearly/monthly resources (", "Orders ("} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(got, "resources (0 in all") || strings.Contains(got, "Orders (0 in all") {
		t.Errorf("the customer's own data is empty")
	}
	if t.Failed() {
		t.Log(got)
	}
}

func TestActAsCustomerWrongAgency(t *testing.T) {
	for _, v := range exenv.Variables() {
		t.Setenv(v, "")
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), &out, &errOut, []string{"-agency", "no_such_agency"})
	if err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("want an IAM 403, got %v", err)
	}
}
