package core

import (
	"strings"
)

// Site is one of the Huawei Cloud sites that document and serve the partner
// API. A client talks to exactly one site, chosen when it is built; the site
// decides the endpoint, which operations exist, the request shapes some
// operations take, and the currency amounts are in.
type Site string

// The sites of the partner API.
const (
	// SiteChina is the Chinese site (support.huaweicloud.com/api-bpconsole,
	// endpoint bss.myhuaweicloud.com, amounts in CNY). It is the default.
	SiteChina Site = "cn"
	// SiteInternational is the international site
	// (support.huaweicloud.com/intl/en-us/api-bpconsole, endpoint
	// bss-intl.myhuaweicloud.com, amounts in USD).
	SiteInternational Site = "intl"
	// SiteEurope is the European site (support.huaweicloud.com/eu/api-bpconsole,
	// endpoint bss.myhuaweicloud.eu, amounts in USD).
	SiteEurope Site = "eu"
)

// Sites lists every site, in a fixed order.
func Sites() []Site { return []Site{SiteChina, SiteInternational, SiteEurope} }

// Known reports whether s is one of the sites of Sites. The empty site is
// not known (callers treat it as SiteChina where a default applies).
func (s Site) Known() bool {
	switch s {
	case SiteChina, SiteInternational, SiteEurope:
		return true
	}
	return false
}

// Endpoint returns the API base URL of the site, or "" for an unknown site.
func (s Site) Endpoint() string {
	switch s {
	case SiteChina:
		return "https://bss.myhuaweicloud.com"
	case SiteInternational:
		return "https://bss-intl.myhuaweicloud.com"
	case SiteEurope:
		return "https://bss.myhuaweicloud.eu"
	}
	return ""
}

// Currency returns the ISO 4217 code of the currency the site's documentation
// states amounts in: CNY (yuan) on the Chinese site, USD on the international
// and European sites (for example the budget_amount of UpdateSubCustomerBudget,
// mt_01005, on both). It is "" for an unknown site.
func (s Site) Currency() string {
	switch s {
	case SiteChina:
		return "CNY"
	case SiteInternational, SiteEurope:
		return "USD"
	}
	return ""
}

// String returns the site's name as used in options and errors ("cn",
// "intl", "eu").
func (s Site) String() string { return string(s) }

// SiteSet is a set of sites: the sites that document an operation. The zero
// SiteSet means "not recorded": a Caller does not check the site of an
// operation that has none (operations built by hand).
type SiteSet uint8

// The one-site sets; combine them with |.
const (
	OnChina         SiteSet = 1 << iota // documented on SiteChina
	OnInternational                     // documented on SiteInternational
	OnEurope                            // documented on SiteEurope
)

// SiteSetOf returns the set holding the given sites (unknown ones are
// ignored).
func SiteSetOf(sites ...Site) SiteSet {
	var set SiteSet
	for _, s := range sites {
		set |= s.bit()
	}
	return set
}

func (s Site) bit() SiteSet {
	switch s {
	case SiteChina:
		return OnChina
	case SiteInternational:
		return OnInternational
	case SiteEurope:
		return OnEurope
	}
	return 0
}

// Has reports whether site is in the set.
func (set SiteSet) Has(site Site) bool { b := site.bit(); return b != 0 && set&b != 0 }

// Sites lists the sites of the set in the order of Sites().
func (set SiteSet) Sites() []Site {
	var out []Site
	for _, s := range Sites() {
		if set.Has(s) {
			out = append(out, s)
		}
	}
	return out
}

// String renders the set as "cn,intl".
func (set SiteSet) String() string {
	var names []string
	for _, s := range set.Sites() {
		names = append(names, string(s))
	}
	return strings.Join(names, ",")
}

// SiteError is returned, before anything is sent, by a call of an operation
// that the client's site does not document (for example FreezeSubCustomers,
// documented on the international and European sites only, on a client for
// the Chinese site). A caller who knows the operation exists there anyway
// can skip the check with the call option WithAnySite (or the client option
// partnersdk.WithAnySite).
type SiteError struct {
	// Operation is the official operation name.
	Operation string
	// Site is the client's site.
	Site Site
	// Documented lists the sites whose documentation has the operation.
	Documented []Site
}

// Error names the operation, the client's site and the sites that do
// document it.
func (e *SiteError) Error() string {
	if e == nil {
		return "<nil>"
	}
	var names []string
	for _, s := range e.Documented {
		names = append(names, string(s))
	}
	return "partnersdk: " + e.Operation + " is not documented on site \"" + string(e.Site) +
		"\" (documented on: " + strings.Join(names, ", ") + "); nothing was sent (use WithAnySite to call it anyway)"
}

// WithAnySite skips the site check of one call: the operation is sent even
// when the client's site does not document it.
func WithAnySite() CallOption {
	return func(o *CallOptions) { o.AnySite = true }
}
