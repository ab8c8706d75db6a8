package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hcpartner/partner-sdk-go/examples/internal/exenv"
)

func TestQuickstartAgainstSandbox(t *testing.T) {
	for _, v := range exenv.Variables() {
		t.Setenv(v, "")
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), &out, &errOut, nil); err != nil {
		t.Fatalf("%v\n%s\n%s", err, out.String(), errOut.String())
	}
	got := out.String()
	for _, want := range []string{
		"using the local sandbox started in-process",
		"1. Sub-customers (",
		"2. Fund the customer with 100.00 CNY",
		"Transfer ",
		"3. Issue a 50.00 CNY coupon",
		"Coupon CP",
		"4. Bill summary of ",
		"Total: ",
		"Done.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(got, "No consumption in that month") {
		t.Errorf("the chosen customer has no bill")
	}
	if t.Failed() {
		t.Log(got)
	}
	if lines := strings.Count(got, "in-process"); lines != 1 {
		t.Errorf("the sandbox notice appears %d times", lines)
	}
}

func TestQuickstartBadFlags(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), &out, &errOut, []string{"-amount", "lots"}); err == nil {
		t.Fatal("want an error for a malformed amount")
	}
}
