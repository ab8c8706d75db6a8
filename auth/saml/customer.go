package saml

import (
	"strings"
	"unicode/utf8"

	"github.com/hcpartner/partner-sdk-go/internal/validate"
)

// Customer is the logged-in customer of the partner platform, as the
// SAMLResponse describes it to Huawei. The attribute names follow attribute
// table 1 of the account-binding page
// (https://support.huaweicloud.com/api-bpconsole/bpconsole_apifaq_00003.html).
// Empty optional fields are left out of the assertion.
type Customer struct {
	// XAccountID is the customer's account ID on the partner platform, the
	// value given as xaccount_id to CreateSubCustomer. Required, at most 128
	// characters.
	XAccountID string
	// XUserID is the customer's user ID on the partner platform. The
	// documentation describes it as "the value of xAccountId"; when empty,
	// XAccountID is sent. At most 128 characters.
	XUserID string
	// BPID is the partner ID of a solution provider or distributor the
	// customer is to be associated with. Optional, at most 64 characters.
	BPID string
	// Name is the customer name; the documentation suggests the domain_name
	// used with CreateSubCustomer. Optional, at most 256 characters.
	Name string
	// Email is the customer's e-mail address. Optional, at most 254
	// characters: an ASCII local part of at most 64 characters (letters,
	// digits and !#$%&'*+/=?^_`{|}~- in dot-separated words) and a domain
	// name of at least two labels (letters, digits, inner '-'; the last
	// label letters only, or an "xn--" label).
	Email string
	// Mobile is the mobile number, documented as "countrycode-number"
	// ("国家码-手机号码"), for example "86-13800000000" or "+86-13800000000";
	// keep it consistent with mobile_phone of CreateSubCustomer. Optional:
	// an optional '+', 1 to 4 digits of country code (room for a "00"
	// prefix), one '-', 4 to 14 digits.
	Mobile string
	// NameID is the Subject NameID (format transient). Optional: when
	// empty, a fresh random value is sent with every assertion.
	NameID string
}

// String identifies the customer without personal data.
func (c Customer) String() string {
	return "Customer(xAccountId=" + c.XAccountID + ")"
}

// Validate checks the limits listed on the fields, and that every value can
// be written into XML (no control characters, valid UTF-8). It returns a
// *core.ValidationError listing every violation.
func (c *Customer) Validate() error {
	var v validate.Collector
	if c == nil {
		v.Add("customer", validate.RuleRequired, "", "")
		return v.Err("saml.Customer")
	}
	v.RequiredString("xAccountId", c.XAccountID)
	field := func(name, s string, maxLen int) {
		v.Length(name, s, -1, maxLen)
		if !xmlSafe(s) {
			v.Add(name, validate.RuleFormat, "printable UTF-8 text", "control or invalid character")
		}
	}
	field("xAccountId", c.XAccountID, 128)
	field("xUserId", c.XUserID, 128)
	field("bpId", c.BPID, 64)
	field("name", c.Name, 256)
	field("email", c.Email, 254)
	field("mobile", c.Mobile, 32)
	field("nameId", c.NameID, 256)
	if c.Email != "" && !validEmail(c.Email) {
		v.Add("email", validate.RuleFormat, "local@domain.tld", "not an address of that form")
	}
	if c.Mobile != "" && !validMobile(c.Mobile) {
		v.Add("mobile", validate.RuleFormat, "countrycode-number", "not of that form")
	}
	return v.Err("saml.Customer")
}

// attributes lists the SAML attributes in the documented order. Which names
// are sent, and the xUserId default, are decided here only (open question 6
// of web-ui-saml.md).
func (c *Customer) attributes() [][2]string {
	userID := c.XUserID
	if userID == "" {
		userID = c.XAccountID
	}
	all := [][2]string{
		{"xUserId", userID},
		{"xAccountId", c.XAccountID},
		{"bpId", c.BPID},
		{"name", c.Name},
		{"email", c.Email},
		{"mobile", c.Mobile},
	}
	out := all[:0]
	for _, a := range all {
		if a[1] != "" {
			out = append(out, a)
		}
	}
	return out
}

// xmlSafe reports whether s is valid UTF-8 without characters XML 1.0 cannot
// carry or that have no business in an identifier (C0/C1 controls, DEL,
// U+FFFE, U+FFFF).
func xmlSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfffe || r == 0xffff {
			return false
		}
	}
	return true
}

// validMobile accepts the documented "countrycode-number": an optional
// '+', 1 to 4 digits, '-', 4 to 14 digits.
func validMobile(s string) bool {
	s = strings.TrimPrefix(s, "+")
	cc, num, ok := strings.Cut(s, "-")
	return ok && allDigits(cc) && len(cc) <= 4 && allDigits(num) && len(num) >= 4 && len(num) <= 14
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validEmail accepts an RFC 5322 dot-atom local part (ASCII, at most 64
// characters) and a DNS host name of at least two labels whose last label
// is alphabetic or an IDNA "xn--" label. Quoted local parts, address
// literals and raw non-ASCII addresses are refused: Huawei's account
// system is not documented to take them.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(local) > 64 || len(domain) > 253 || strings.Contains(domain, "@") {
		return false
	}
	for _, word := range strings.Split(local, ".") {
		if word == "" {
			return false
		}
		for i := 0; i < len(word); i++ {
			c := word[i]
			if !(isAlnum(c) || strings.IndexByte("!#$%&'*+/=?^_`{|}~-", c) >= 0) {
				return false
			}
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !isAlnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	tld := strings.ToLower(labels[len(labels)-1])
	if strings.HasPrefix(tld, "xn--") {
		return len(tld) > 4
	}
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if tld[i] < 'a' || tld[i] > 'z' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}
