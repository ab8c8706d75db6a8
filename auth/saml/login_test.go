package saml_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
	"github.com/hcpartner/partner-sdk-go/internal/validate"
)

func TestLoginURL(t *testing.T) {
	cases := []struct {
		req  saml.LoginRequest
		want string
	}{
		{
			saml.LoginRequest{Site: saml.SiteChina, XAccountType: "ZXT", FirstLogin: true, Service: "https://console.huaweicloud.com/iam/"},
			"https://auth.huaweicloud.com/authui/saml/login?xAccountType=ZXT&isFirstLogin=true&service=https%3A%2F%2Fconsole.huaweicloud.com%2Fiam%2F",
		},
		{
			saml.LoginRequest{Site: saml.SiteInternational, XAccountType: "ZXT", Service: "https://console-intl.huaweicloud.com/iam/"},
			"https://auth-intl.huaweicloud.com/authui/saml/login?xAccountType=ZXT&isFirstLogin=false&service=https%3A%2F%2Fconsole-intl.huaweicloud.com%2Fiam%2F",
		},
		{
			saml.LoginRequest{BaseURL: "http://127.0.0.1:9000", XAccountType: "a b&c", Site: 99},
			"http://127.0.0.1:9000/authui/saml/login?xAccountType=a%20b%26c&isFirstLogin=false",
		},
	}
	for _, c := range cases {
		got, err := saml.LoginURL(c.req)
		if err != nil || got != c.want {
			t.Errorf("LoginURL(%+v) = %q, %v\nwant %q", c.req, got, err, c.want)
		}
	}
	// The documented example, whose escapes are printed in lower case.
	got, _ := saml.LoginURL(cases[0].req)
	doc := "https://auth.huaweicloud.com/authui/saml/login?xAccountType=ZXT&isFirstLogin=true&service=https%3a%2f%2fconsole.huaweicloud.com%2fiam%2f"
	if !strings.EqualFold(got, doc) {
		t.Errorf("differs from the documented example beyond hex case: %s", got)
	}
	u, _ := url.Parse(got)
	if u.Query().Get("service") != "https://console.huaweicloud.com/iam/" {
		t.Error("service does not decode back")
	}
}

func TestLoginURLValidation(t *testing.T) {
	_, err := saml.LoginURL(saml.LoginRequest{XAccountType: strings.Repeat("x", 65), Service: "javascript:alert(1)"})
	var ve *validate.Error
	if !errors.As(err, &ve) {
		t.Fatalf("error %T %v", err, err)
	}
	for _, f := range []struct {
		field string
		rule  validate.Rule
	}{{"site", validate.RuleEnum}, {"xAccountType", validate.RuleMaxLength}, {"service", validate.RuleFormat}} {
		if !ve.Has(f.field, f.rule) {
			t.Errorf("missing %s/%s in %v", f.field, f.rule, err)
		}
	}
	for name, req := range map[string]saml.LoginRequest{
		"no xAccountType":   {Site: saml.SiteChina},
		"control character": {Site: saml.SiteChina, XAccountType: "a\nb"},
		"relative service":  {Site: saml.SiteChina, XAccountType: "x", Service: "/iam/"},
		"service too long":  {Site: saml.SiteChina, XAccountType: "x", Service: "https://e.com/" + strings.Repeat("a", 2048)},
		"bad base URL":      {BaseURL: "ftp://x", XAccountType: "x"},
		"user info":         {Site: saml.SiteChina, XAccountType: "x", Service: "https://user:pw@e.com/"},
	} {
		if _, err := saml.LoginURL(req); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// 64 multi-byte characters are fine: limits count characters.
	if _, err := saml.LoginURL(saml.LoginRequest{Site: saml.SiteChina, XAccountType: strings.Repeat("伙", 64)}); err != nil {
		t.Errorf("64 runes: %v", err)
	}
}

func TestEncodeURIComponent(t *testing.T) {
	// Expected values are what JavaScript's encodeURIComponent returns.
	for in, want := range map[string]string{
		"":                        "",
		"abcXYZ019-_.!~*'()":      "abcXYZ019-_.!~*'()",
		" ":                       "%20",
		"+/=?&#%":                 "%2B%2F%3D%3F%26%23%25",
		"https://a.b/c?d=e&f=g#h": "https%3A%2F%2Fa.b%2Fc%3Fd%3De%26f%3Dg%23h",
		"伙伴":                      "%E4%BC%99%E4%BC%B4",
		"\x00\x7f":                "%00%7F",
	} {
		if got := saml.EncodeURIComponent(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestSiteString(t *testing.T) {
	if saml.SiteChina.String() != "china" || saml.SiteInternational.String() != "international" || saml.Site(7).String() != "Site(7)" {
		t.Error("Site.String")
	}
	if saml.Site(0).AuthBaseURL() != "" {
		t.Error("zero site has a URL")
	}
}
