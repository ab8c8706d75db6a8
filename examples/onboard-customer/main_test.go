package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hcpartner/partner-sdk-go/examples/internal/exenv"
)

func TestOnboardAgainstSandbox(t *testing.T) {
	for _, v := range exenv.Variables() {
		t.Setenv(v, "")
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"-name", "acme-robotics-01"}, []string{
			`1. Account name "acme-robotics-01" is available.`,
			"2. Created customer acme-robotics-01 with account ID ",
			"needs manual review",
			"4. Review result: approved",
			"5. Listed: ",
			"platform user acme-robotics-01",
		}},
		{[]string{"-personal", "-corp", "Li Wei", "-number", "000000", "-files", "kyc/p1.jpg,kyc/p2.jpg"}, []string{
			"2. Created customer newcust-",
			"4. Review result: rejected (",
		}},
	} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), &out, &errOut, tc.args); err != nil {
			t.Fatalf("%v\n%s%s", err, out.String(), errOut.String())
		}
		for _, w := range tc.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%v: output lacks %q:\n%s", tc.args, w, out.String())
			}
		}
	}
}

func TestOnboardRefusesATakenName(t *testing.T) {
	for _, v := range exenv.Variables() {
		t.Setenv(v, "")
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), &out, &errOut, []string{"-name", "sandbox-partner"})
	if err == nil || !strings.Contains(err.Error(), "taken") {
		t.Fatalf("want a taken-name error, got %v", err)
	}
}
