package partnersdk

import (
	"strings"

	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/core"
)

// Site is a Huawei Cloud site of the partner API (see core.Site): it decides
// the endpoint, the operations that exist, the request shapes of some
// operations and the currency of amounts. A client talks to one site.
type Site = core.Site

// The sites of the partner API.
const (
	// SiteChina: support.huaweicloud.com/api-bpconsole, bss.myhuaweicloud.com,
	// amounts in CNY. The default.
	SiteChina = core.SiteChina
	// SiteInternational: support.huaweicloud.com/intl/en-us/api-bpconsole,
	// bss-intl.myhuaweicloud.com, amounts in USD.
	SiteInternational = core.SiteInternational
	// SiteEurope: support.huaweicloud.com/eu/api-bpconsole,
	// bss.myhuaweicloud.eu, amounts in USD.
	SiteEurope = core.SiteEurope
)

// SiteError is returned, before anything is sent, when the client's site
// does not document the operation called (see core.SiteError).
type SiteError = core.SiteError

// ParseSite turns "cn", "intl" or "eu" into a Site. An unknown name is a
// *ConfigError listing the valid ones.
func ParseSite(name string) (Site, error) {
	s := Site(strings.TrimSpace(name))
	if !s.Known() {
		return "", unknownSite(name)
	}
	return s, nil
}

func unknownSite(name string) error {
	var valid []string
	for _, s := range core.Sites() {
		valid = append(valid, string(s))
	}
	return &ConfigError{Field: "WithSite", Reason: "unknown site " + quote(name) + "; valid sites: " + strings.Join(valid, ", ")}
}

// WithSite chooses the site the client talks to (SiteChina by default): its
// endpoint (unless WithEndpoint gives another base URL), the operations it
// documents (others fail with *SiteError before any I/O) and its request
// shapes (validation follows the site).
func WithSite(s Site) Option {
	return func(o *options) error {
		if !s.Known() {
			return unknownSite(string(s))
		}
		o.site = s
		return nil
	}
}

// WithAnySite turns the site check off for every call of the client: an
// operation the client's site does not document is sent anyway. Validation
// still follows the client's site.
func WithAnySite() Option {
	return func(o *options) error { o.cfg.AnySite = true; return nil }
}

// WithCallAnySite skips the site check of one call (see WithAnySite).
func WithCallAnySite() CallOption { return core.WithAnySite() }

// Site returns the site the client was built for (SiteChina unless WithSite
// said otherwise; WithEndpoint does not change it).
func (c *Client) Site() Site { return c.tc.Site() }

// Currency returns the ISO 4217 code of the currency the client's site
// states amounts in: "CNY" on SiteChina, "USD" on SiteInternational and
// SiteEurope. Amounts themselves are decimal.Decimal values without a
// currency of their own.
func (c *Client) Currency() string { return c.Site().Currency() }

// Region names a site of the partner API.
//
// Deprecated: use Site (Region("intl") is Site("intl")).
type Region string

// The sites as regions.
//
// Deprecated: use SiteChina and SiteInternational.
const (
	RegionChina         Region = "cn"
	RegionInternational Region = "intl"
)

// Endpoint returns the API base URL of the region.
//
// Deprecated: use Site.Endpoint.
func (r Region) Endpoint() (string, error) {
	s := Site(r)
	if r == "" {
		s = SiteChina
	}
	if !s.Known() {
		return "", unknownSite(string(r))
	}
	return s.Endpoint(), nil
}

// IAMEndpoint returns the IAM endpoint token credentials use on the
// region's site.
//
// Deprecated: token credentials of a client get the IAM endpoint of the
// client's site (WithSite) unless WithIAMEndpoint says otherwise.
func (r Region) IAMEndpoint() string {
	if r == "" {
		return siteIAMEndpoint(SiteChina)
	}
	return siteIAMEndpoint(Site(r))
}

// siteIAMEndpoint is the IAM endpoint token credentials use on a site: the
// global IAM endpoint, which issues tokens for accounts of the Chinese and
// the international site (auth.DefaultIAMEndpoint), and the European
// site's own IAM (iam.myhuaweicloud.eu, listed as the endpoint of region
// eu-west-101 in the European documentation).
func siteIAMEndpoint(s Site) string {
	if s == SiteEurope {
		return "https://iam.myhuaweicloud.eu"
	}
	return auth.DefaultIAMEndpoint
}

// WithRegion selects the site.
//
// Deprecated: use WithSite.
func WithRegion(r Region) Option {
	if r == "" {
		return WithSite(SiteChina)
	}
	return WithSite(Site(r))
}

// Region returns the client's site as a Region.
//
// Deprecated: use Client.Site.
func (c *Client) Region() Region { return Region(c.Site()) }

func quote(s string) string { return "\"" + s + "\"" }
