package partnersdk_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// A 200 answer with error_details reaches the caller as the response (the
// applied items) plus a *PartialError (the failed ones).
func TestPartialSuccessIsAnError(t *testing.T) {
	c, hits, _ := bodyServer(t, 200, `{"simple_quota_infos":[{"id":"r1","quota_id":"q-r1"}],`+
		`"error_details":[{"id":"r2","error_code":"CBC.50000045","error_msg":"previous change still running"},{"id":"r3","error_code":"CBC.0000","error_msg":"ok"}]}`)
	resp, err := c.Partner.UpdateCouponQuotas(context.Background(), &partner.UpdateCouponQuotasRequest{
		QuotaID: "q1", IndirectPartnerIDs: []string{"r1", "r2", "r3"}, QuotaAmount: decimal.RequireFromString("10"),
	})
	if hits.Load() != 1 {
		t.Fatalf("%d requests", hits.Load())
	}
	var pe *partnersdk.PartialError
	if !errors.As(err, &pe) {
		t.Fatalf("want a PartialError, got %v", err)
	}
	if resp == nil || len(resp.SimpleQuotaInfos) != 1 || resp.SimpleQuotaInfos[0].ID != "r1" {
		t.Fatalf("the applied items are not returned: %+v", resp)
	}
	if len(pe.Failed) != 1 || pe.Failed[0].ID != "r2" || pe.Failed[0].Code != "CBC.50000045" {
		t.Fatalf("failed items %+v (success entries must not count)", pe.Failed)
	}
	if !errors.Is(err, partnersdk.GroupInProgress) || errors.Is(err, partnersdk.CodeInsufficientBalance) {
		t.Fatal("errors.Is does not follow the failed items' codes")
	}
	var ou *partnersdk.OutcomeUnknownError
	if errors.As(err, &ou) || !strings.Contains(err.Error(), "r2") || pe.RequestID != resp.Metadata.RequestID {
		t.Fatalf("error: %v", err)
	}

	// All items applied: no error.
	c, _, _ = bodyServer(t, 200, `{"simple_quota_infos":[{"id":"r1","quota_id":"q-r1"}],"error_details":[]}`)
	if _, err := c.Partner.UpdateCouponQuotas(context.Background(), &partner.UpdateCouponQuotasRequest{
		QuotaID: "q1", IndirectPartnerIDs: []string{"r1"}, QuotaAmount: decimal.RequireFromString("10"),
	}); err != nil {
		t.Fatal(err)
	}
}
