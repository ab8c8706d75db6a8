package partnersdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// bodyServer is a loopback HTTP/1.1 server that records the JSON bodies it
// receives and answers with answer.
func bodyServer(t *testing.T, status int, answer string) (*partnersdk.Client, *atomic.Int32, *atomic.Value) {
	t.Helper()
	var hits atomic.Int32
	var last atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		b, _ := io.ReadAll(r.Body)
		last.Store(string(b))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	creds, err := auth.NewAKSK("AK", "SK")
	if err != nil {
		t.Fatal(err)
	}
	c, err := partnersdk.New(creds, partnersdk.WithEndpoint(srv.URL), partnersdk.WithoutRetries())
	if err != nil {
		t.Fatal(err)
	}
	return c, &hits, &last
}

// The enterprise transfer amounts are documented as String(32), > 0 with 2
// decimals: invalid ones never leave the machine, valid ones go out as
// JSON strings.
func TestEnterpriseTransferAmountIsValidatedMoney(t *testing.T) {
	c, hits, last := bodyServer(t, 200, `{}`)
	ctx := context.Background()
	for _, bad := range []string{"0", "-1", "1.234", "0.001"} {
		_, err := c.Customer.UpdateSubEnterpriseAmount(ctx, &customer.UpdateSubEnterpriseAmountRequest{
			CustomerID: "c1", Amount: decimal.RequireFromString(bad),
		})
		var ve *partnersdk.ValidationError
		if !errors.As(err, &ve) || len(ve.Violations) != 1 || ve.Violations[0].Field != "amount" {
			t.Errorf("amount %s: want one violation on amount, got %v", bad, err)
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("%d invalid requests reached the server", hits.Load())
	}
	if _, err := c.Customer.ReclaimSubEnterpriseAmount(ctx, &customer.ReclaimSubEnterpriseAmountRequest{
		CustomerID: "c1", Amount: decimal.RequireFromString("100.50"),
	}); err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(last.Load().(string)), &body); err != nil {
		t.Fatal(err)
	}
	if body["amount"] != "100.5" {
		t.Fatalf("amount sent as %#v, want the JSON string \"100.5\"", body["amount"])
	}
}

// Response amounts decode from JSON strings and numbers alike, exactly.
func TestResponseMoneyFromStringsAndNumbers(t *testing.T) {
	ctx := context.Background()
	for _, raw := range []string{`"0.10"`, `0.10`, `0.1`} {
		c, _, _ := bodyServer(t, 200, `{"total_count":1,"records":[{"amount":`+raw+`}]}`)
		resp, err := c.Partner.ListPartnerAdjustRecords(ctx, &partner.ListPartnerAdjustRecordsRequest{})
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if got := resp.Records[0].Amount; !got.Equal(decimal.RequireFromString("0.1")) {
			t.Errorf("%s decoded as %s", raw, got)
		}
	}
	c, _, _ := bodyServer(t, 200, `{"total_count":1,"records":[{"change_amount":"-12.345678","balance_after_change":1e2}]}`)
	resp, err := c.Billing.ListCustomerAccountChangeRecords(ctx, &billing.ListCustomerAccountChangeRecordsRequest{BalanceType: billing.BalanceTypeDebit})
	if err != nil {
		t.Fatal(err)
	}
	r := resp.Records[0]
	if !r.ChangeAmount.Equal(decimal.RequireFromString("-12.345678")) || !r.BalanceAfterChange.Equal(decimal.NewFromInt(100)) {
		t.Fatalf("decoded %s / %s", r.ChangeAmount, r.BalanceAfterChange)
	}
}
