package validate

import (
	"github.com/hcpartner/partner-sdk-go/core"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The cross-field and pattern rules (see core).
const (
	RuleRequiredIf   = core.RuleRequiredIf
	RuleAbsentUnless = core.RuleAbsentUnless
	RuleRangeIf      = core.RuleRangeIf
	RuleTogether     = core.RuleTogether
	RulePattern      = core.RulePattern
	RulePassword     = core.RulePassword
)

// CondText renders a rule's condition, "field = v" or "field = v1 or v2",
// as the violations of RequiredIf, AbsentUnless and RangeIf name it. The
// generator calls it when writing the Validate methods and the sandbox when
// it applies the spec's rules, so both name a condition alike.
func CondText(field string, values ...string) string {
	return field + " = " + strings.Join(values, " or ")
}

// RequiredIf records a violation when active (the condition cond holds) and
// the field is not set.
func (c *Collector) RequiredIf(field string, set, active bool, cond string) {
	if active && !set {
		c.Add(field, RuleRequiredIf, cond, "")
	}
}

// AbsentUnless records a violation when the field is set although the
// condition cond does not hold.
func (c *Collector) AbsentUnless(field string, set, active bool, cond string) {
	if set && !active {
		c.Add(field, RuleAbsentUnless, cond, "")
	}
}

// RangeIf checks lo <= v <= hi when the condition cond holds.
func (c *Collector) RangeIf(field string, active bool, v, lo, hi int64, cond string) {
	if active && (v < lo || v > hi) {
		c.Add(field, RuleRangeIf, "["+strconv.FormatInt(lo, 10)+", "+strconv.FormatInt(hi, 10)+"] when "+cond, strconv.FormatInt(v, 10))
	}
}

// Together records a violation on the field that is missing when only one
// of field and other is set.
func (c *Collector) Together(field string, set bool, other string, otherSet bool) {
	switch {
	case set && !otherSet:
		c.Add(other, RuleTogether, field, "")
	case otherSet && !set:
		c.Add(field, RuleTogether, other, "")
	}
}

// Pattern checks a non-empty s against the regular expression pattern
// (when not empty), then against each of the forbidden ones. The value is
// never reported, only its length.
func (c *Collector) Pattern(field, s, pattern string, forbidden ...string) {
	if s == "" {
		return
	}
	n := strconv.Itoa(utf8.RuneCountInString(s))
	if pattern != "" {
		if ok, err := regexp.MatchString(pattern, s); err != nil || !ok {
			c.Add(field, RulePattern, "match "+pattern, n)
		}
	}
	for _, f := range forbidden {
		if ok, err := regexp.MatchString(f, s); err == nil && ok {
			c.Add(field, RulePattern, "not match "+f, n)
		}
	}
}

// Password checks the documented composition rules of a login password: at
// least two of upper-case letters, lower-case letters, digits and other
// characters; not the account name nor the account name reversed; not
// containing the mobile number. Empty account or mobile are not compared.
// Nothing of the password appears in the violation.
func (c *Collector) Password(field, pw, account, mobile string) {
	if pw == "" {
		return
	}
	var upper, lower, digit, other int
	for _, r := range pw {
		switch {
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	if upper+lower+digit+other < 2 {
		c.Add(field, RulePassword, "hold at least two of upper-case letters, lower-case letters, digits and special characters", "")
	}
	if account != "" && (pw == account || pw == reverse(account)) {
		c.Add(field, RulePassword, "not be the account name or the account name reversed", "")
	}
	if mobile != "" {
		digits := strings.TrimLeft(mobile, "+0")
		if i := strings.LastIndexByte(digits, '-'); i >= 0 {
			digits = digits[i+1:]
		}
		if digits != "" && strings.Contains(pw, digits) {
			c.Add(field, RulePassword, "not contain the mobile number", "")
		}
	}
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// Deref returns *p, or "" for nil.
func Deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
