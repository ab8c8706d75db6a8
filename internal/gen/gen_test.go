package main

import (
	"path/filepath"
	"testing"
)

// TestGeneratedCodeIsUpToDate fails when the committed generated files
// differ from what the generator makes of the committed spec, so a spec
// change without `go run ./internal/gen` (or a hand edit of a generated
// file) cannot land.
func TestGeneratedCodeIsUpToDate(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	diffs, err := run(root, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Errorf("out of date: %s (run: go run ./internal/gen)", d)
	}
}

func TestGoName(t *testing.T) {
	cases := map[string]string{
		"customer_id":        "CustomerID",
		"customerInfoList":   "CustomerInfoList",
		"X-Language":         "XLanguage",
		"totalRecord":        "TotalRecord",
		"ids":                "IDs",
		"url":                "URL",
		"is_close_market_ms": "IsCloseMarketMs",
		"sms_template_args":  "SMSTemplateArgs",
		"2fa":                "X2fa",
	}
	for in, want := range cases {
		if got := goName(in); got != want {
			t.Errorf("goName(%q) = %q, want %q", in, got, want)
		}
	}
}
