package partnersdk_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/customer"
)

// TestTransIDFilledBySDK: a service method whose operation documents a
// trans_id fills a fresh key when the caller leaves it empty (without
// touching the caller's request), keeps the caller's own key, and sends the
// same key on every attempt.
func TestTransIDFilledBySDK(t *testing.T) {
	var mu sync.Mutex
	var keys []string
	fail := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var body struct {
			TransID string `json:"trans_id"`
		}
		json.Unmarshal(b, &body)
		mu.Lock()
		keys = append(keys, body.TransID)
		f := fail
		fail = false
		mu.Unlock()
		if f {
			w.WriteHeader(503)
			return
		}
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	creds, err := auth.NewAKSK("AK0123456789", "SK-secret-0123456789")
	if err != nil {
		t.Fatal(err)
	}
	p := partnersdk.DefaultRetryPolicy()
	p.BaseDelay = -1 // no wait between attempts
	c, err := partnersdk.New(creds, partnersdk.WithEndpoint(srv.URL), partnersdk.WithRetryPolicy(p))
	if err != nil {
		t.Fatal(err)
	}
	req := &customer.UpdateSubEnterpriseAmountRequest{CustomerID: "c1", Amount: decimal.RequireFromString("10")}
	if _, err := c.Customer.UpdateSubEnterpriseAmount(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if req.TransID != nil {
		t.Errorf("caller's request modified: %q", *req.TransID)
	}
	if len(keys) != 2 || keys[0] != keys[1] || !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(keys[0]) {
		t.Fatalf("keys sent %q: want one generated key on both attempts", keys)
	}
	own := "caller-key-1"
	keys = nil
	if _, err := c.Customer.UpdateSubEnterpriseAmount(context.Background(), &customer.UpdateSubEnterpriseAmountRequest{CustomerID: "c1", Amount: decimal.RequireFromString("10"), TransID: &own}); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0] != own {
		t.Errorf("keys sent %q, want the caller's", keys)
	}
}
