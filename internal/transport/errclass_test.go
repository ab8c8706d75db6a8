package transport

import (
	"context"
	"errors"
	"testing"
)

// The final error of a write answered at 5xx follows the catalogue.
func TestWriteOutcomeFromCatalogue(t *testing.T) {
	c := &Client{}
	op := &Operation{Name: "UpdateSubEnterpriseAmount", Write: true}
	cases := []struct {
		code    string
		unknown bool
	}{
		{"CBC.99007461", false}, // in progress: not applied
		{"CBC.7001", false},     // documented rejection
		{"CBC.0151", false},     // permission
		{"CBC.0999", true},      // other error: may have been applied
		{"CBC.99000050", true},  // class unknown
		{"CBC.31415926", true},  // not catalogued
		{"", true},              // no code at all
	}
	for _, tc := range cases {
		res := result{status: 500, sent: true, apiErr: &APIError{Operation: op.Name, StatusCode: 500, Code: tc.code}}
		err := c.finalError(context.Background(), op, &Request{}, 1, res, false)
		var ou *OutcomeUnknownError
		if got := errors.As(err, &ou); got != tc.unknown {
			t.Errorf("%q: outcome unknown = %v, want %v (%v)", tc.code, got, tc.unknown, err)
		}
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != tc.code {
			t.Errorf("%q: the *APIError is not reachable: %v", tc.code, err)
		}
	}
}
