package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hcpartner/partner-sdk-go/examples/internal/exenv"
)

func TestRenewExpiringAgainstSandbox(t *testing.T) {
	for _, v := range exenv.Variables() {
		t.Setenv(v, "")
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), &out, &errOut, []string{"-days", "10", "-dry-run"}); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	m := regexp.MustCompile(`(\d+) resources of (\d+) customers expire before`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no summary:\n%s", out.String())
	}
	if n, _ := strconv.Atoi(m[1]); n == 0 {
		t.Fatalf("nothing expires within 10 days in the sandbox:\n%s", out.String())
	}
	if strings.Contains(out.String(), "renewed") {
		t.Fatal("-dry-run renewed something")
	}

	out.Reset()
	if err := run(context.Background(), &out, &errOut, []string{"-days", "10", "-months", "12"}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()
	sum := regexp.MustCompile(`Renewed (\d+) resource\(s\); (\d+) not renewed`).FindStringSubmatch(got)
	if sum == nil {
		t.Fatalf("no result line:\n%s", got)
	}
	if n, _ := strconv.Atoi(sum[1]); n == 0 {
		t.Fatalf("nothing renewed:\n%s", got)
	}
	if !strings.Contains(got, "now expires") {
		t.Fatalf("no new expiry shown:\n%s", got)
	}
}

func TestRenewExpiringFlags(t *testing.T) {
	var out, errOut bytes.Buffer
	for _, args := range [][]string{{"-days", "0"}, {"-months", "13"}} {
		if err := run(context.Background(), &out, &errOut, args); err == nil {
			t.Errorf("%v: want an error", args)
		}
	}
}
