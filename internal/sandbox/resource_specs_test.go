package sandbox_test

import (
	"strings"
	"testing"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
)

func TestListResourceSpecsMarkerPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	req := billing.ListResourceSpecsRequest{
		CloudServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm",
		RegionCode: "cn-north-4", ChargeMode: billing.ResourceSpecChargeModeYearlyMonthly,
	}
	seen := map[string]bool{}
	pages := 0
	for {
		out, err := e.client.Billing.ListResourceSpecs(e.ctx, &req)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(out.CloudServiceBasics) > 100 {
			t.Fatalf("page of %d", len(out.CloudServiceBasics))
		}
		for _, s := range out.CloudServiceBasics {
			if seen[s.ResourceSpec] || s.RegionCode != "cn-north-4" || s.ChargeMode != "1" || s.ResourceType != req.ResourceType {
				t.Fatalf("spec %+v (seen %v)", s, seen[s.ResourceSpec])
			}
			seen[s.ResourceSpec] = true
		}
		if out.PageInfo == nil || out.PageInfo.NextMarker == "" {
			break
		}
		req.Marker = partnersdk.String(out.PageInfo.NextMarker)
		if pages > 5 {
			t.Fatal("paging does not end")
		}
	}
	if pages != 2 || len(seen) <= 100 {
		t.Fatalf("%d pages, %d specs", pages, len(seen))
	}

	// The iterator walks the same pages, also with a small page size.
	for _, limit := range []*int32{nil, partnersdk.Int32(7)} {
		all := billing.ListResourceSpecsRequest{
			CloudServiceType: req.CloudServiceType, ResourceType: req.ResourceType,
			RegionCode: req.RegionCode, ChargeMode: req.ChargeMode, Limit: limit,
		}
		n := 0
		for s, err := range e.client.Billing.ListResourceSpecsAll(e.ctx, &all) {
			if err != nil {
				t.Fatal(err)
			}
			if !seen[s.ResourceSpec] {
				t.Fatalf("iterator gave %q", s.ResourceSpec)
			}
			n++
		}
		if n != len(seen) || all.Marker != nil {
			t.Fatalf("iterator: %d of %d items; request marker %v", n, len(seen), all.Marker)
		}
	}

	// A marker used with other conditions is refused.
	req.Limit = partnersdk.Int32(10)
	_, err := e.client.Billing.ListResourceSpecs(e.ctx, &req)
	requireCode(t, err, 400, "CBC.0100")

	// The filter picks one specification; an unknown region has none; a
	// pay-per-use-only product has none yearly/monthly.
	one, err := e.client.Billing.ListResourceSpecs(e.ctx, &billing.ListResourceSpecsRequest{
		CloudServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm", RegionCode: "cn-east-3",
		ChargeMode: billing.ResourceSpecChargeModeOnDemand,
		Filters:    []billing.ResourceSpecFilter{{Key: billing.ResourceSpecFilterKeyResourceSpec, Value: "c7.xlarge.2.linux"}},
		XLanguage:  partnersdk.Ptr(billing.LanguageEnglish),
	})
	if err != nil || len(one.CloudServiceBasics) != 1 || one.CloudServiceBasics[0].ResourceSpec != "c7.xlarge.2.linux" {
		t.Fatalf("filtered: %v %+v", err, one)
	}
	for _, r := range []billing.ListResourceSpecsRequest{
		{CloudServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm", RegionCode: "xx-nowhere-1", ChargeMode: "1"},
		{CloudServiceType: "hws.service.type.obs", ResourceType: "hws.resource.type.obs", RegionCode: "cn-north-4", ChargeMode: "1"},
	} {
		out, err := e.client.Billing.ListResourceSpecs(e.ctx, &r)
		if err != nil || len(out.CloudServiceBasics) != 0 {
			t.Fatalf("%+v: %v %+v", r, err, out)
		}
	}
	// limit above 100 and more than one filter are refused by the sandbox.
	_, err = e.client.Billing.ListResourceSpecs(e.ctx, &billing.ListResourceSpecsRequest{
		CloudServiceType: "a", ResourceType: "b", RegionCode: "c", ChargeMode: "1", Limit: partnersdk.Int32(101),
		Filters: []billing.ResourceSpecFilter{{Key: "RESOURCE_SPEC", Value: "x"}, {Key: "RESOURCE_SPEC", Value: "y"}},
	}, partnersdk.WithoutValidation())
	ae := requireCode(t, err, 400, "CBC.0100")
	if !strings.Contains(ae.Message, "limit") || !strings.Contains(ae.Message, "filters") {
		t.Fatalf("message does not name both fields: %s", ae.Message)
	}
}
