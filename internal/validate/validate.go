// Package validate holds the checks that every generated request type runs
// before anything is sent: required fields, lengths counted in characters,
// numeric ranges, list sizes, money scale and sign, enumerations and the
// documented date formats. A Collector gathers every violation of one request
// so that a caller sees all problems at once.
package validate

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hcpartner/partner-sdk-go/core"

	"github.com/shopspring/decimal"
)

// Rule, Violation and Error are the public types of package core; the
// aliases keep the checks below short.
type (
	Rule      = core.Rule
	Violation = core.Violation
	Error     = core.ValidationError
)

// The rules a Violation can report (see core).
const (
	RuleRequired    = core.RuleRequired
	RuleMaxLength   = core.RuleMaxLength
	RuleMinLength   = core.RuleMinLength
	RuleRange       = core.RuleRange
	RuleMaxItems    = core.RuleMaxItems
	RuleEnum        = core.RuleEnum
	RuleMoneyScale  = core.RuleMoneyScale
	RuleMoneySign   = core.RuleMoneySign
	RuleFormat      = core.RuleFormat
	RulePathSegment = core.RulePathSegment
	RuleNotOnSite   = core.RuleNotOnSite
)

// Collector accumulates violations. The zero value is ready to use.
type Collector struct {
	v []Violation
}

// Add records a violation.
func (c *Collector) Add(field string, rule Rule, limit, actual string) {
	c.v = append(c.v, Violation{Field: field, Rule: rule, Limit: limit, Actual: actual})
}

// Err returns nil when nothing was recorded, otherwise an *Error for request.
func (c *Collector) Err(request string) error {
	if len(c.v) == 0 {
		return nil
	}
	return &Error{Request: request, Violations: c.v}
}

// Required records a violation when ok is false.
func (c *Collector) Required(field string, ok bool) {
	if !ok {
		c.Add(field, RuleRequired, "", "")
	}
}

// NotOnSite records a violation when a field the client's site does not
// document is set.
func (c *Collector) NotOnSite(field string, set bool, site string) {
	if set {
		c.Add(field, RuleNotOnSite, site, "set")
	}
}

// RequiredString records a violation for an empty required string.
func (c *Collector) RequiredString(field, s string) {
	if s == "" {
		c.Add(field, RuleRequired, "", "")
	}
}

// Length checks the length of s in characters (runes). A negative bound is
// not checked.
func (c *Collector) Length(field, s string, minLen, maxLen int) {
	if maxLen >= 0 && len(s) > maxLen { // bytes >= runes: cheap pre-check
		if n := utf8.RuneCountInString(s); n > maxLen {
			c.Add(field, RuleMaxLength, strconv.Itoa(maxLen), strconv.Itoa(n))
		}
	}
	if minLen > 0 {
		if n := utf8.RuneCountInString(s); n < minLen {
			c.Add(field, RuleMinLength, strconv.Itoa(minLen), strconv.Itoa(n))
		}
	}
}

// Open marks an open end of a range.
const (
	NoMin int64 = math.MinInt64
	NoMax int64 = math.MaxInt64
)

// Range checks lo <= v <= hi; NoMin and NoMax leave an end open.
func (c *Collector) Range(field string, v, lo, hi int64) {
	if v < lo || v > hi {
		c.Add(field, RuleRange, rangeText(lo, hi), strconv.FormatInt(v, 10))
	}
}

func rangeText(lo, hi int64) string {
	l, h := "-inf", "+inf"
	if lo != NoMin {
		l = strconv.FormatInt(lo, 10)
	}
	if hi != NoMax {
		h = strconv.FormatInt(hi, 10)
	}
	return "[" + l + ", " + h + "]"
}

// MaxItems checks the length of a list.
func (c *Collector) MaxItems(field string, n, limit int) {
	if n > limit {
		c.Add(field, RuleMaxItems, strconv.Itoa(limit), strconv.Itoa(n))
	}
}

// Money checks a yuan amount: at most two decimal places (by value, so
// "1.230" is fine) and, when positive is set, strictly greater than zero.
// It works on the coefficient and exponent, so an amount with an extreme
// exponent (1e-2000000000) costs no more than its digits.
func (c *Collector) Money(field string, d decimal.Decimal, positive bool) {
	if sc := scale(d); sc > 2 {
		c.Add(field, RuleMoneyScale, "2", strconv.FormatInt(sc, 10))
	}
	if positive && !d.IsPositive() {
		c.Add(field, RuleMoneySign, "0", moneyText(d))
	}
}

// scale is the number of significant decimal places of d (trailing zeros
// after the point do not count).
func scale(d decimal.Decimal) int64 {
	exp := int64(d.Exponent())
	if exp >= 0 || d.IsZero() {
		return 0
	}
	coef := d.Coefficient()
	coef.Abs(coef)
	ten := big.NewInt(10)
	var q, r big.Int
	places := -exp
	for places > 0 {
		q.QuoRem(coef, ten, &r)
		if r.Sign() != 0 {
			break
		}
		coef.Set(&q)
		places--
	}
	return places
}

// moneyText renders d for a violation: plainly when its exponent is
// moderate, as coefficient and exponent otherwise (so that rendering
// cannot blow up).
func moneyText(d decimal.Decimal) string {
	if exp := d.Exponent(); exp >= -40 && exp <= 40 {
		return d.String()
	}
	return d.Coefficient().String() + "e" + strconv.FormatInt(int64(d.Exponent()), 10)
}

// EnumString checks that v is one of allowed.
func (c *Collector) EnumString(field, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	// The value itself is not repeated: it may be a secret typed into the
	// wrong field.
	c.Add(field, RuleEnum, "["+strings.Join(allowed, ", ")+"]", "a value of "+strconv.Itoa(utf8.RuneCountInString(v))+" characters")
}

// EnumInt checks that v is one of allowed.
func (c *Collector) EnumInt(field string, v int64, allowed ...int64) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	parts := make([]string, len(allowed))
	for i, a := range allowed {
		parts[i] = strconv.FormatInt(a, 10)
	}
	c.Add(field, RuleEnum, "["+strings.Join(parts, ", ")+"]", strconv.FormatInt(v, 10))
}

// Formats that Format understands, as the catalog names them.
const (
	FormatUTCDateTime = "utc-datetime" // 2006-01-02T15:04:05Z
	FormatMonth       = "yyyy-MM"      // 2006-01
	FormatDate        = "yyyy-MM-dd"   // 2006-01-02
)

// Layout returns the Go time layout of a documented format, or "".
func Layout(format string) string {
	switch format {
	case FormatUTCDateTime:
		return "2006-01-02T15:04:05Z"
	case FormatMonth:
		return "2006-01"
	case FormatDate:
		return "2006-01-02"
	}
	return ""
}

// Format checks that a non-empty v is exactly in the layout of format: it
// parses, and formatting the parsed time gives v back (so fractional
// seconds, which the parser would accept silently, are rejected). An empty
// string is left to the required and length checks, since the API gives ""
// its own meaning on several filters.
func (c *Collector) Format(field, v, format string) {
	layout := Layout(format)
	if layout == "" || v == "" {
		return
	}
	if t, err := time.Parse(layout, v); err != nil || t.Format(layout) != v {
		c.Add(field, RuleFormat, format, strconv.Itoa(utf8.RuneCountInString(v))+" characters that do not parse")
	}
}

// PathSegment checks a path parameter: it must be non-empty and must not be
// "." or "..", which would change the route even when escaped.
func (c *Collector) PathSegment(field, v string) {
	if v == "" || v == "." || v == ".." {
		c.Add(field, RulePathSegment, "", strconv.Itoa(len(v)))
	}
}

// Index builds the path of a list element, e.g. Index("ids", 3) = "ids[3]".
func Index(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}

// Join builds the path of a nested field.
func Join(parent, field string) string {
	if parent == "" {
		return field
	}
	return parent + "." + field
}
