package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hcpartner/partner-sdk-go/examples/internal/exenv"
)

func TestReclaimAgainstSandbox(t *testing.T) {
	for _, v := range exenv.Variables() {
		t.Setenv(v, "")
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), &out, &errOut, []string{"-older-than", "7", "-dry-run"}); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	listed := regexp.MustCompile(`(\d+) never used, worth ([0-9,.]+ CNY)`).FindStringSubmatch(out.String())
	if listed == nil || listed[1] == "0" {
		t.Fatalf("nothing to reclaim:\n%s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), &out, &errOut, []string{"-older-than", "7", "-max", "5"}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !regexp.MustCompile(`Reclaimed 5 coupon\(s\); [0-9,.]+ CNY returned`).MatchString(out.String()) {
		t.Fatalf("no result line:\n%s", out.String())
	}
	if strings.Contains(out.String(), "not reclaimed") {
		t.Fatalf("a reclaim failed:\n%s", out.String())
	}
}
