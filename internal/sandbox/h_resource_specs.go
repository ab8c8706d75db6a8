package sandbox

import (
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
)

// ListResourceSpecs (api-bpconsole / api-oce qct_00008): the on-sale
// resource specifications of one resource type of a cloud service type, in
// one region and billing mode, paged by marker.
//
// The sandbox sells every product of its catalog in every one of its
// regions; yearly/monthly ("1") lists the products that are not
// pay-per-use only, pay-per-use ("3") lists them all. A product's
// specifications are its catalog specifications, and for cloud servers a
// generated range of flavours (140 more), so that a listing needs more
// than one page of 100. An unknown service type, resource type or region
// has no specifications (an empty list, not an error).
//
// next_marker is opaque: it encodes the position and a checksum of the
// query, and a marker used with other query conditions (or one the sandbox
// did not issue) is refused with CBC.0100, as the docs forbid changing the
// conditions while paging. The last page has no next_marker.

// defaultSpecLimit is the documented default page size.
const defaultSpecLimit = 100

func hListResourceSpecs(c *call) (*obj, error) {
	svc, rtype := c.a.text("cloud_service_type"), c.a.text("resource_type")
	region, mode := c.a.text("region_code"), c.a.text("charge_mode")
	filter := ""
	for _, f := range c.a.objects("filters") {
		if k, _ := f["key"].(string); k == "RESOURCE_SPEC" {
			filter, _ = f["value"].(string)
		}
	}
	limit := int64(defaultSpecLimit)
	if n, ok := c.a.int("limit"); ok {
		limit = n
	}
	lang := c.a.header.Get("X-Language")
	sum := crc32.ChecksumIEEE([]byte(strings.Join([]string{svc, rtype, region, mode, filter, strconv.FormatInt(limit, 10), strings.ToLower(lang)}, "\x00")))

	var p *product
	for i := range c.w.products {
		if c.w.products[i].service == svc && c.w.products[i].resourceType == rtype {
			p = &c.w.products[i]
		}
	}
	var regionOK bool
	for _, r := range c.w.regions {
		regionOK = regionOK || r.code == region
	}
	var specs []string
	if p != nil && regionOK && (mode == "3" || !p.payPerUse) {
		specs = productSpecs(p)
	}
	if filter != "" {
		var kept []string
		for _, s := range specs {
			if s == filter {
				kept = append(kept, s)
			}
		}
		specs = kept
	}

	start := 0
	if m := c.a.text("marker"); m != "" {
		pos, ok := parseSpecMarker(m, sum)
		if !ok || pos > len(specs) {
			return nil, errInvalid("marker: not a marker of this query (keep every other parameter unchanged while paging)")
		}
		start = pos
	}
	end := min(start+int(limit), len(specs))
	im := c.listModel("cloud_service_basics")
	items := make([]*obj, 0, end-start)
	for _, s := range specs[start:end] {
		items = append(items, c.build(im, "spec/"+s, map[string]any{
			"cloud_service_type": p.service, "cloud_service_type_name": p.serviceName,
			"resource_type": p.resourceType, "resource_type_name": p.resourceName,
			"resource_spec": s, "resource_spec_name": specName(p, s, lang),
			"charge_mode": mode, "region_code": region,
		}))
	}
	pageInfo := newObj()
	if end < len(specs) {
		pageInfo.set("next_marker", fmt.Sprintf("%08x.%d", sum, end))
	} else {
		pageInfo.set("next_marker", nil)
	}
	return c.response(map[string]any{"page_info": pageInfo, "cloud_service_basics": items}), nil
}

// productSpecs returns the specifications the sandbox sells for p.
func productSpecs(p *product) []string {
	out := append([]string(nil), p.specs...)
	if p.short != "ecs" {
		return out
	}
	for _, fam := range []string{"s6", "s7", "c6", "c7", "m6", "m7", "t6", "x1", "ac7", "kc1"} {
		for _, size := range []string{"small.1", "medium.2", "large.2", "xlarge.2", "2xlarge.4", "4xlarge.4", "8xlarge.8"} {
			for _, os := range []string{"linux", "win"} {
				s := fam + "." + size + "." + os
				if !containsStr(out, s) {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// specName is the display name of a specification in the asked language.
func specName(p *product, spec, lang string) string {
	if strings.EqualFold(lang, "en_US") {
		return p.resourceName + " " + spec
	}
	return p.resourceName + " " + spec + " (规格)"
}

// parseSpecMarker checks a marker against the query checksum and returns
// the position it stands for.
func parseSpecMarker(m string, sum uint32) (int, bool) {
	h, pos, ok := strings.Cut(m, ".")
	if !ok || h != fmt.Sprintf("%08x", sum) {
		return 0, false
	}
	n, err := strconv.Atoi(pos)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
