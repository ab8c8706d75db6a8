package saml

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hcpartner/partner-sdk-go/internal/validate"
)

// Site selects the Huawei Cloud site a customer jumps to.
type Site int

// The two documented sites.
const (
	// SiteChina is huaweicloud.com (IAM login service auth.huaweicloud.com).
	SiteChina Site = iota + 1
	// SiteInternational is the international site (auth-intl.huaweicloud.com).
	SiteInternational
)

// String names the site.
func (s Site) String() string {
	switch s {
	case SiteChina:
		return "china"
	case SiteInternational:
		return "international"
	}
	return "Site(" + strconv.Itoa(int(s)) + ")"
}

// AuthBaseURL is the IAM login service of the site, with a trailing slash.
// It is not an API endpoint: only browsers are sent there.
func (s Site) AuthBaseURL() string {
	switch s {
	case SiteChina:
		return "https://auth.huaweicloud.com/"
	case SiteInternational:
		return "https://auth-intl.huaweicloud.com/"
	}
	return ""
}

// loginPath is the SSO entry point below the IAM login service.
const loginPath = "authui/saml/login"

// LoginRequest describes the jump of a logged-in customer from the partner
// platform to Huawei Cloud. See
// https://support.huaweicloud.com/api-bpconsole/jac_00001.html and
// https://support.huaweicloud.com/api-bpconsole/bpconsole_apifaq_00003.html.
type LoginRequest struct {
	// Site is SiteChina or SiteInternational. It is ignored when BaseURL is
	// set.
	Site Site
	// BaseURL replaces the site's IAM login service, e.g. with a sandbox's
	// address. It must be an absolute http or https URL.
	BaseURL string
	// XAccountType is the partner platform identifier Huawei assigned
	// (shown on the access-configuration page of Partner Center; the same
	// value as xaccount_type of CreateSubCustomer). Required, at most 64
	// characters.
	XAccountType string
	// FirstLogin must be true while the customer has no bound Huawei Cloud
	// account yet: Huawei then lets the customer create or bind one and sends
	// the binding notification. Use false after CreateSubCustomer and for
	// every later login.
	FirstLogin bool
	// Service is where Huawei sends the customer after login, for example
	// https://console.huaweicloud.com/iam/. Optional; an absolute http or
	// https URL of at most 2048 characters.
	Service string
}

// LoginURL builds the URL that starts a Web UI jump, for example
//
//	https://auth.huaweicloud.com/authui/saml/login?xAccountType=ZXT&isFirstLogin=true&service=https%3A%2F%2Fconsole.huaweicloud.com%2Fiam%2F
//
// Values are encoded the way JavaScript's encodeURIComponent encodes them,
// as the documentation asks for service. isFirstLogin is always written,
// true or false. Every broken limit is reported at once in a
// *core.ValidationError.
func LoginURL(req LoginRequest) (string, error) {
	var c validate.Collector
	base := req.BaseURL
	if base == "" {
		base = req.Site.AuthBaseURL()
		if base == "" {
			c.Add("site", validate.RuleEnum, "china, international", req.Site.String())
		}
	} else if !isHTTPURL(base) {
		c.Add("baseURL", validate.RuleFormat, "absolute http(s) URL", strconv.Itoa(utf8.RuneCountInString(base))+" characters")
	}
	c.RequiredString("xAccountType", req.XAccountType)
	c.Length("xAccountType", req.XAccountType, -1, 64)
	if hasControl(req.XAccountType) {
		c.Add("xAccountType", validate.RuleFormat, "printable characters", "control character")
	}
	if req.Service != "" {
		c.Length("service", req.Service, -1, maxURLBytes)
		if !isHTTPURL(req.Service) {
			c.Add("service", validate.RuleFormat, "absolute http(s) URL", "not one")
		}
	}
	if err := c.Err("saml.LoginRequest"); err != nil {
		return "", err
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	var b strings.Builder
	b.WriteString(base)
	b.WriteString(loginPath)
	b.WriteString("?xAccountType=")
	b.WriteString(EncodeURIComponent(req.XAccountType))
	b.WriteString("&isFirstLogin=")
	b.WriteString(strconv.FormatBool(req.FirstLogin))
	if req.Service != "" {
		b.WriteString("&service=")
		b.WriteString(EncodeURIComponent(req.Service))
	}
	return b.String(), nil
}

// EncodeURIComponent percent-encodes s exactly like JavaScript's
// encodeURIComponent: every byte of the UTF-8 encoding is escaped except
// A-Z a-z 0-9 - _ . ! ~ * ' ( ). Escapes use upper-case hex; the
// documentation prints lower-case (%3a%2f), which RFC 3986 treats as the
// same. Invalid UTF-8 is encoded byte by byte.
func EncodeURIComponent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// isHTTPURL reports whether s is an absolute http or https URL with a host.
func isHTTPURL(s string) bool {
	if len(s) > maxURLBytes || hasControl(s) {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	return (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// hasControl reports whether s contains a control character or is not UTF-8.
func hasControl(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return true
		}
	}
	return false
}
