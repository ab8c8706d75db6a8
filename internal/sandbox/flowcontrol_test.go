package sandbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
)

// TestFlowControlRejectsOverTheRate: raw requests over real TCP; the sixth
// CheckUserIdentity (documented 5/s) within one second is answered 429
// with the gateway's code and a Retry-After, before authentication.
func TestFlowControlRejectsOverTheRate(t *testing.T) {
	s, err := sandbox.New(sandbox.Config{Seed: 3, Customers: 5, FlowControl: &sandbox.FlowControl{}})
	if err != nil {
		t.Fatal(err)
	}
	url, err := s.Start("")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	statuses := []int{}
	var last *http.Response
	var lastBody []byte
	for range 6 {
		resp, err := http.Post(url+"/v2/partners/sub-customers/users/check-identity", "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		lastBody, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
		last = resp
	}
	for i, st := range statuses[:5] {
		if st != http.StatusUnauthorized {
			t.Fatalf("request %d: %d (unsigned requests within the rate reach authentication)", i+1, st)
		}
	}
	if statuses[5] != http.StatusTooManyRequests {
		t.Fatalf("statuses %v: the sixth within one second must be 429", statuses)
	}
	var body struct {
		Code string `json:"error_code"`
		Msg  string `json:"error_msg"`
	}
	if err := json.Unmarshal(lastBody, &body); err != nil || body.Code != "APIG.0308" || !strings.Contains(body.Msg, "limit:5,time:1 second") {
		t.Fatalf("body %s", lastBody)
	}
	if ra := last.Header.Get("Retry-After"); ra != "1" {
		t.Fatalf("Retry-After %q", ra)
	}
	if last.Header.Get("X-Request-Id") == "" {
		t.Fatal("no X-Request-Id")
	}
	if n := s.Throttled(); n != 1 {
		t.Fatalf("Throttled() = %d", n)
	}
	// Another operation has its own count.
	resp, err := http.Get(url + "/v2/partners/sub-customers")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusTooManyRequests {
		t.Fatal("ListSubCustomers throttled by CheckUserIdentity's count")
	}
}

// TestFlowControlWithUnpacedClient: a client without pacing gets 429s from
// the enforcing sandbox; the SDK reports them as the documented code, and the
// same calls through a paced client get none.
func TestFlowControlWithUnpacedClient(t *testing.T) {
	start := func() (*sandbox.Server, string) {
		s, err := sandbox.New(sandbox.Config{Seed: 3, Customers: 5, FlowControl: &sandbox.FlowControl{TimeScale: 10}})
		if err != nil {
			t.Fatal(err)
		}
		url, err := s.Start("")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s, url
	}
	s, url := start()
	ctx := context.Background()
	req := &customer.CheckUserIdentityRequest{SearchType: customer.IdentitySearchTypeName, SearchValue: "someone-new"}

	unpaced, err := s.Client(url, partnersdk.WithoutPacing(), partnersdk.WithoutRetries())
	if err != nil {
		t.Fatal(err)
	}
	throttled := 0
	for range 20 {
		_, err := unpaced.Customer.CheckUserIdentity(ctx, req)
		var ae *partnersdk.APIError
		if errors.As(err, &ae) && errors.Is(err, partnersdk.CodeAPIG0308) && errors.Is(err, partnersdk.GroupThrottled) && ae.StatusCode == http.StatusTooManyRequests {
			throttled++
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if throttled == 0 || s.Throttled() != int64(throttled) {
		t.Fatalf("unpaced: %d throttled, server counted %d", throttled, s.Throttled())
	}

	// A fresh sandbox: the unpaced burst filled the window of this one.
	s, url = start()
	paced, err := s.Client(url, partnersdk.WithPacingTimeScale(10), partnersdk.WithoutRetries())
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		if _, err := paced.Customer.CheckUserIdentity(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.Throttled(); n != 0 {
		t.Fatalf("paced client throttled %d times", n)
	}
}
