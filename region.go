package partnersdk

import (
	"sort"
	"strings"

	"github.com/hcpartner/partner-sdk-go/auth"
)

// Region names a Huawei Cloud site of the partner API.
type Region string

// The sites of the partner API.
const (
	// RegionChina is the Chinese site (the default).
	RegionChina Region = "cn"
	// RegionInternational is the international site.
	RegionInternational Region = "intl"
)

// Endpoint returns the API base URL of the region.
func (r Region) Endpoint() (string, error) {
	switch r {
	case RegionChina, "":
		return "https://bss.myhuaweicloud.com", nil
	case RegionInternational:
		return "https://bss-intl.myhuaweicloud.com", nil
	}
	valid := []string{string(RegionChina), string(RegionInternational)}
	sort.Strings(valid)
	return "", &ConfigError{Field: "region", Reason: "unknown region " + quote(string(r)) + "; valid regions: " + strings.Join(valid, ", ")}
}

// IAMEndpoint returns the IAM endpoint token credentials use on the
// region's site: the global IAM endpoint, which issues tokens for both
// sites' accounts (auth.DefaultIAMEndpoint).
func (r Region) IAMEndpoint() string { return auth.DefaultIAMEndpoint }

func quote(s string) string { return "\"" + s + "\"" }
