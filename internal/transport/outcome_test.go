package transport

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// An OutcomeUnknownError carries the request, the attempt's window on the
// client clock and, when an answer came, the server's Date and request id;
// Error() prints none of the request.
func TestOutcomeUnknownCarriesReconciliationFacts(t *testing.T) {
	for _, tc := range []struct {
		name       string
		f          fault
		serverTime bool
	}{
		{"reset after body read", fResetAfterBody, false},
		{"503 after applying", f503, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := newFaultServer(t, always(tc.f))
			c := newTestClient(t, fs.URL, nil)
			body := rawBody(`{"amount":"100.50","secret_marker":"S3CR3T"}`)
			before := time.Now()
			err := c.Do(context.Background(), opWrite, Request{Body: body, RawQuery: "a=1", PathParams: nil}, nil, nil)
			after := time.Now()
			var ou *OutcomeUnknownError
			if !errors.As(err, &ou) {
				t.Fatalf("err = %T %v", err, err)
			}
			if ou.Request.Body == nil || ou.Request.RawQuery != "a=1" {
				t.Fatalf("request not carried: %+v", ou.Request)
			}
			if b, _ := ou.Request.Body.MarshalJSON(); !strings.Contains(string(b), "100.50") {
				t.Fatalf("body = %s", b)
			}
			if ou.AttemptStart.Before(before) || ou.AttemptEnd.After(after) || ou.AttemptEnd.Before(ou.AttemptStart) {
				t.Fatalf("window [%v, %v] not within the call [%v, %v]", ou.AttemptStart, ou.AttemptEnd, before, after)
			}
			if tc.serverTime {
				if ou.ServerTime.IsZero() || ou.RequestID != "fault-1" {
					t.Fatalf("server time %v, request id %q", ou.ServerTime, ou.RequestID)
				}
				// http.TimeFormat has whole seconds.
				if ou.ServerTime.Before(before.Add(-time.Second)) || ou.ServerTime.After(after.Add(time.Second)) {
					t.Fatalf("server time %v outside the call", ou.ServerTime)
				}
			} else if !ou.ServerTime.IsZero() || ou.RequestID != "" {
				t.Fatalf("no answer came, yet server time %v, request id %q", ou.ServerTime, ou.RequestID)
			}
			for _, format := range []string{"%v", "%+v", "%s", "%#v"} {
				if s := fmt.Sprintf(format, err); strings.Contains(s, "S3CR3T") || strings.Contains(s, "100.50") {
					t.Fatalf("%s prints the request: %s", format, s)
				}
			}
		})
	}
}
