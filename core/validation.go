package core

import "strings"

// Rule names the kind of limit a request value broke.
type Rule string

// The rules a Violation can report.
const (
	// RuleRequired: a required field is missing or empty.
	RuleRequired Rule = "required"
	// RuleMaxLength: a string has more characters (runes) than allowed.
	RuleMaxLength Rule = "max_length"
	// RuleMinLength: a string has fewer characters than required.
	RuleMinLength Rule = "min_length"
	// RuleRange: a number lies outside its documented range.
	RuleRange Rule = "range"
	// RuleMaxItems: a list has more items than allowed.
	RuleMaxItems Rule = "max_items"
	// RuleEnum: a value is not one of the documented values.
	RuleEnum Rule = "enum"
	// RuleMoneyScale: an amount has more decimal places than allowed.
	RuleMoneyScale Rule = "money_scale"
	// RuleMoneySign: an amount must be greater than 0.
	RuleMoneySign Rule = "money_positive"
	// RuleFormat: a value does not have the documented format (dates,
	// patterns).
	RuleFormat Rule = "format"
	// RulePathSegment: a path parameter is empty, "." or "..".
	RulePathSegment Rule = "path_segment"
	// RuleNotOnSite: a field is set that the client's site does not
	// document (Limit names the site).
	RuleNotOnSite Rule = "not_on_site"
)

// Violation describes one broken limit. Field is the JSON (or query, path or
// header) name with its path inside the request, e.g.
// "coupon_infos[2].face_value". Actual never holds the offending string
// itself (it may be a secret such as a password): for strings it is the
// length, for numbers the value.
type Violation struct {
	Field  string
	Rule   Rule
	Limit  string
	Actual string
}

// String renders the violation as "field: message".
func (v Violation) String() string {
	var b strings.Builder
	b.WriteString(v.Field)
	b.WriteString(": ")
	switch v.Rule {
	case RuleRequired:
		b.WriteString("is required")
	case RuleMaxLength:
		b.WriteString("must be at most " + v.Limit + " characters (got " + v.Actual + ")")
	case RuleMinLength:
		b.WriteString("must be at least " + v.Limit + " characters (got " + v.Actual + ")")
	case RuleRange:
		b.WriteString("must be in " + v.Limit + " (got " + v.Actual + ")")
	case RuleMaxItems:
		b.WriteString("must have at most " + v.Limit + " items (got " + v.Actual + ")")
	case RuleEnum:
		b.WriteString("must be one of " + v.Limit + " (got " + v.Actual + ")")
	case RuleMoneyScale:
		b.WriteString("must have at most " + v.Limit + " decimal places (got " + v.Actual + ")")
	case RuleMoneySign:
		b.WriteString("must be greater than 0 (got " + v.Actual + ")")
	case RuleFormat:
		b.WriteString("must have the format " + v.Limit + " (got " + v.Actual + ")")
	case RuleNotOnSite:
		b.WriteString("is not documented on site " + v.Limit + "; leave it unset")
	case RulePathSegment:
		b.WriteString("must be a non-empty path segment other than \".\" and \"..\"")
	default:
		if m, ok := crossFieldMessage(v); ok {
			b.WriteString(m)
			break
		}
		b.WriteString(string(v.Rule) + " " + v.Limit + " (got " + v.Actual + ")")
	}
	return b.String()
}

// ValidationError is returned by a request's Validate method, and by every
// call whose request breaks at least one documented limit. Nothing has been
// sent when a call returns it.
type ValidationError struct {
	// Request is the Go type name of the request that failed.
	Request string
	// Violations lists every broken limit.
	Violations []Violation
}

// Error lists every violation on one line.
func (e *ValidationError) Error() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	b.WriteString("partnersdk: invalid ")
	b.WriteString(e.Request)
	b.WriteString(": ")
	for i, v := range e.Violations {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.String())
	}
	return b.String()
}

// Has reports whether field broke rule, for callers that branch on one
// particular violation.
func (e *ValidationError) Has(field string, rule Rule) bool {
	if e == nil {
		return false
	}
	for _, v := range e.Violations {
		if v.Field == field && v.Rule == rule {
			return true
		}
	}
	return false
}
