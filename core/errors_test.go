package core

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
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

// %#v of an OutcomeUnknownError names the window but never the request.
func TestOutcomeUnknownGoString(t *testing.T) {
	e := &OutcomeUnknownError{Operation: "CreateSubCustomer", Attempts: 1, Err: errors.New("EOF"), RequestID: "r1",
		AttemptStart: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), AttemptEnd: time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC),
		Request: Request{Body: secretBody("P@ssw0rd-secret"), RawQuery: "x=1"}}
	s := fmt.Sprintf("%#v", e)
	if strings.Contains(s, "P@ssw0rd") || !strings.Contains(s, `"CreateSubCustomer"`) || !strings.Contains(s, "2026-01-02T03:04:06Z") || !strings.Contains(s, `"r1"`) {
		t.Fatalf("%%#v = %s", s)
	}
	if s := fmt.Sprintf("%#v", (*OutcomeUnknownError)(nil)); s != "(*core.OutcomeUnknownError)(nil)" {
		t.Fatalf("nil: %s", s)
	}
}

type secretBody string

func (b secretBody) MarshalJSON() ([]byte, error) {
	return []byte(`{"password":"` + string(b) + `"}`), nil
}
