package core

import (
	"errors"
	"fmt"
	"testing"
)

func TestAPIErrorMatchesCodesAndGatewaySpellings(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", &APIError{Operation: "X", StatusCode: 401, Code: "APIG.0301", Message: "Incorrect IAM authentication information: signature expired"})
	if !errors.Is(err, CodeGatewayAuth) {
		t.Fatal("APIG.0301 must match CodeGatewayAuth")
	}
	if errors.Is(err, CodeInvalidParameter) {
		t.Fatal("must not match another code")
	}
	var ae *APIError
	if !errors.As(err, &ae) || !ae.ClockSkew() || ae.Retryable() {
		t.Fatalf("ClockSkew %v Retryable %v", ae.ClockSkew(), ae.Retryable())
	}
	for status, want := range map[int]bool{400: false, 429: true, 500: true, 501: false, 502: true, 503: true, 504: true} {
		if got := (&APIError{StatusCode: status}).Retryable(); got != want {
			t.Errorf("Retryable(%d) = %v", status, got)
		}
	}
	var nilErr *APIError
	if nilErr.Retryable() || nilErr.ClockSkew() {
		t.Fatal("nil APIError")
	}
}

func TestValidationErrorListsEveryViolation(t *testing.T) {
	e := &ValidationError{Request: "R", Violations: []Violation{
		{Field: "a", Rule: RuleMaxLength, Limit: "64", Actual: "65"},
		{Field: "b", Rule: RuleRequired},
	}}
	want := "partnersdk: invalid R: a: must be at most 64 characters (got 65); b: is required"
	if e.Error() != want {
		t.Fatalf("got %q", e.Error())
	}
	if !e.Has("a", RuleMaxLength) || e.Has("a", RuleRequired) {
		t.Fatal("Has")
	}
}

func TestCallOptionsFold(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 2}
	o := ApplyCallOptions([]CallOption{WithLanguage("en_US"), nil, WithHeader("A", "1"), WithHeader("B", "2"), WithoutValidation(), WithRetryPolicy(p)})
	if o.Language != "en_US" || len(o.Headers) != 2 || !o.SkipValidation || o.RetryPolicy == nil || o.RetryPolicy.MaxAttempts != 2 {
		t.Fatalf("%+v", o)
	}
}
