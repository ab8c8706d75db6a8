//lint:file-ignore SA1019 the sandbox serves the deprecated legacy operations too, so its tests call them.

package sandbox_test

import (
	"testing"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/resource"
)

// TestLegacyPagingStyles walks generic lists of the legacy operations,
// paged by a 1-based page_no/page_size and by an offset that counts pages.
func TestLegacyPagingStyles(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{Customers: 20})
	domain := e.s.Info().DomainID
	n := 0
	ids := map[string]bool{}
	for r, err := range e.client.Resource.QueryCustomerPeriodResourcesListAll(e.ctx, &resource.QueryCustomerPeriodResourcesListRequest{
		DomainID: domain, PageSize: partnersdk.Int32(7),
	}) {
		if err != nil {
			t.Fatal(err)
		}
		ids[r.ResourceID] = true
		n++
	}
	first, err := e.client.Resource.QueryCustomerPeriodResourcesList(e.ctx, &resource.QueryCustomerPeriodResourcesListRequest{DomainID: domain})
	if err != nil {
		t.Fatal(err)
	}
	if n != int(first.TotalCount) || len(ids) != n || len(first.Data) != 10 {
		t.Fatalf("page_no/page_size: walked %d (%d distinct), total %d, default page %d", n, len(ids), first.TotalCount, len(first.Data))
	}
	n = 0
	for _, err := range e.client.Billing.QueryPartnerMonthlyBillsAll(e.ctx, &billing.QueryPartnerMonthlyBillsRequest{
		DomainID: domain, Period: "2024-04", Limit: partnersdk.Int32(4),
	}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	firstBills, err := e.client.Billing.QueryPartnerMonthlyBills(e.ctx, &billing.QueryPartnerMonthlyBillsRequest{DomainID: domain, Period: "2024-04"})
	if err != nil {
		t.Fatal(err)
	}
	if n != int(firstBills.Count) {
		t.Fatalf("offset as page number: walked %d, count %d", n, firstBills.Count)
	}
	// Another account's domain_id is refused.
	_, err = e.client.Billing.QueryPartnerMonthlyBills(e.ctx, &billing.QueryPartnerMonthlyBillsRequest{DomainID: "0123456789abcdef0123456789abcdef", Period: "2024-04"})
	requireCode(t, err, 403, "CBC.0150")
}
