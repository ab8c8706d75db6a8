package spec

import (
	"strings"
	"testing"
)

// docURLPrefix is where every operation's official page lives (the China
// site of the Huawei Cloud help centre).
const docURLPrefix = "https://support.huaweicloud.com/"

// iamDocURLPrefix is the IAM API reference, home of the token operations.
const iamDocURLPrefix = docURLPrefix + "api-iam/"

// docURLExceptions names the operations whose official page on the China
// site could not be found in the documentation corpus, with the reason. Each
// one must have no doc_url; give it one and delete its entry here.
func docURLExceptions() map[string]string {
	return map[string]string{
		// coupon: the v2 page exists (seen only as a mirror of its URI
		// section on www.huaweicloud.com/guide), its support page id was not.
		"ListMultiAccountRetrieveCoupons": "support page id not seen",
		// billing: the legacy page "查询客户消费记录(旧)" was seen only as a
		// copy of its URI section on www.huaweicloud.com/guide.
		"ListSubCustomerResFeeRecords": "support page id not seen",
		// resource: v2 page seen only on the international sites
		// (intl/en-us/api-bpconsole/api_order_00014).
		"ShowCustomerOrderDetails": "China-site page not seen",

		// Legacy /v1.0 customer operations.
		"ChangeEnterpriseRealNameAuth": "legacy page not found",
		"CreateCustomer":               "legacy page not found",
		"EnterpriseRealNameAuth":       "legacy page not found",
		"IndividualRealNameAuth":       "legacy page not found",
		// Seen only on intl/zh-cn/api-bpconsole/zh-cn_topic_0118172609.
		"SendVerificationCode": "legacy page only on the international site",

		// Legacy /v1.0 billing operation.
		"ListResourceDaily": "legacy page not found",

		// Legacy /v1.0 resource and order operations. Those with an id were
		// seen only on the international sites (intl/.../api-bpconsole or
		// api-oce), never under the China site.
		"CancelOrder":                  "legacy page only on the international site (en-us_topic_0079992470)",
		"DisableAutoRenew":             "legacy page only on the international site (api_order_00003)",
		"EnableAutoRenew":              "legacy page only on the international site (api_order_00002)",
		"PayPeriodOrder":               "legacy page only on the international site (zh-cn_topic_0075746561)",
		"QueryCustomerResource":        "legacy page only on the international site (zh-cn_topic_0079744790)",
		"QueryRefundOrderAmount":       "legacy page only on the international site (zh-cn_topic_0112435250)",
		"UnsubscribeByResourceId":      "legacy page only on the international site (en-us_topic_0082522030)",
		"QueryOrderDetail":             "legacy page not found",
		"QueryResourceStatusByOrderId": "legacy page not found",
		"UnsubscribePeriodOrder":       "legacy page not found",
	}
}

func TestOperationsLinkTheirDocPage(t *testing.T) {
	files, err := Load(".")
	if err != nil {
		t.Fatal(err)
	}
	exceptions := docURLExceptions()
	seenOp := make(map[string]bool)
	pageOf := make(map[string]string) // doc_url -> operation
	for _, f := range files {
		for _, op := range f.Operations {
			seenOp[op.Name] = true
			u := op.DocURL
			if reason, ok := exceptions[op.Name]; ok {
				if u != "" {
					t.Errorf("%s/%s: listed as without doc page (%s) but has doc_url %q; remove it from docURLExceptions", f.Group, op.Name, reason, u)
				}
				continue
			}
			if _, onChina := op.Sites["cn"]; !onChina && len(op.Sites) > 0 {
				// Not documented on the Chinese site (sites.json): doc_url is
				// the page of a site that documents it.
				found := false
				for _, p := range op.Sites {
					found = found || (u != "" && p.DocURL == u)
				}
				if !found {
					t.Errorf("%s/%s: doc_url %q is not the page of one of its sites %v", f.Group, op.Name, u, op.SiteList())
				}
				continue
			}
			want := docURLPrefix
			if f.Group == "iam" {
				want = iamDocURLPrefix
			}
			switch {
			case u == "":
				t.Errorf("%s/%s: no doc_url", f.Group, op.Name)
				continue
			case !strings.HasPrefix(u, want):
				t.Errorf("%s/%s: doc_url %q does not start with %s", f.Group, op.Name, u, want)
			case strings.HasPrefix(u, docURLPrefix+"intl/"):
				t.Errorf("%s/%s: doc_url %q is on the international site", f.Group, op.Name, u)
			case !strings.HasSuffix(u, ".html") || strings.ContainsAny(u, " \t\n?#"):
				t.Errorf("%s/%s: doc_url %q is not a plain .html page address", f.Group, op.Name, u)
			}
			if other, dup := pageOf[u]; dup {
				t.Errorf("%s/%s: doc_url %q is also the page of %s", f.Group, op.Name, u, other)
			}
			pageOf[u] = op.Name
		}
	}
	for name := range exceptions {
		if !seenOp[name] {
			t.Errorf("docURLExceptions names %s, which is not an operation of the spec", name)
		}
	}
}
