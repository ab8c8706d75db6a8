package core

import (
	"errors"
	"fmt"
	"testing"

	"github.com/hcpartner/partner-sdk-go/internal/spec"
)

func loadCatalogue(t *testing.T) *spec.Errors {
	t.Helper()
	cat, err := spec.LoadErrors("../internal/spec", nil)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// Every catalogued code matches its own constant, exactly the groups the
// catalogue lists, and has the catalogue's class.
func TestCatalogueGroupsAndClasses(t *testing.T) {
	cat := loadCatalogue(t)
	if len(cat.Codes) < 30 {
		t.Fatalf("only %d codes catalogued", len(cat.Codes))
	}
	for _, code := range cat.SortedCodes() {
		c := cat.Codes[code]
		e := &APIError{Operation: "X", StatusCode: 400, Code: code}
		wrapped := fmt.Errorf("call: %w", e)
		if !errors.Is(wrapped, ErrorCode(code)) {
			t.Errorf("%s: errors.Is with its own code is false", code)
		}
		if got := e.Class(); string(got) != c.Class {
			t.Errorf("%s: Class() = %q, catalogue says %q", code, got, c.Class)
		}
		member := map[string]bool{}
		for _, g := range c.Groups {
			member[g] = true
		}
		for _, g := range cat.SortedGroups() {
			if got := errors.Is(wrapped, ErrorGroup(g)); got != member[g] {
				t.Errorf("%s: errors.Is(group %s) = %v, catalogue says %v", code, g, got, member[g])
			}
		}
	}
}

func TestInsufficientBalanceMatchesDocumentedCodes(t *testing.T) {
	for _, code := range []string{"CBC.5003", "CBC.99005003"} {
		if !errors.Is(&APIError{StatusCode: 400, Code: code}, CodeInsufficientBalance) {
			t.Errorf("%s does not match CodeInsufficientBalance", code)
		}
	}
	// CBC.0156 is "customer of another site", not a balance problem.
	if errors.Is(&APIError{StatusCode: 403, Code: "CBC.0156"}, CodeInsufficientBalance) {
		t.Error("CBC.0156 matches CodeInsufficientBalance")
	}
	if errors.Is(&APIError{StatusCode: 400, Code: "CBC.5003"}, GroupInProgress) {
		t.Error("CBC.5003 matches GroupInProgress")
	}
	// The gateway spells its codes two ways; both are in the groups.
	if !errors.Is(&APIError{StatusCode: 401, Code: "APIG.0301"}, GroupTokenInvalid) {
		t.Error("APIG.0301 does not match GroupTokenInvalid")
	}
}

func TestClassOfUnknownCodes(t *testing.T) {
	for _, e := range []*APIError{nil, {StatusCode: 502}, {StatusCode: 500, Code: "CBC.12345678"}, {StatusCode: 500, Code: "CBC.0999"}} {
		if e.Class() != ClassUnknown || e.NotApplied() {
			t.Errorf("%+v: class %q, NotApplied %v", e, e.Class(), e.NotApplied())
		}
	}
	if !(&APIError{StatusCode: 500, Code: "CBC.7001"}).NotApplied() {
		t.Error("CBC.7001 should be not applied")
	}
}
