package core

// Rules of the documented cross-field and pattern checks. The Violation's
// Field is the field that must change; Limit names the other field and
// value involved, so one violation names both fields.
const (
	// RuleRequiredIf: the field is required because another field has a
	// given value (Limit: "scene = 18").
	RuleRequiredIf Rule = "required_if"
	// RuleAbsentUnless: the field must be left out unless another field has
	// a given value (Limit: "use_coupon = YES").
	RuleAbsentUnless Rule = "absent_unless"
	// RuleRangeIf: the field's range depends on another field's value
	// (Limit: "[1, 3] when period_type = 3").
	RuleRangeIf Rule = "range_if"
	// RuleTogether: the field and another one are sent together or not at
	// all (Limit: the other field).
	RuleTogether Rule = "together"
	// RulePattern: the string does not have the documented form (Limit:
	// the pattern, or what it must not be).
	RulePattern Rule = "pattern"
	// RulePassword: the password breaks a documented composition rule
	// (Limit: the rule; the password itself is never reported).
	RulePassword Rule = "password"
)

// crossFieldMessage renders the cross-field rules for Violation.String.
func crossFieldMessage(v Violation) (string, bool) {
	switch v.Rule {
	case RuleRequiredIf:
		return "is required when " + v.Limit, true
	case RuleAbsentUnless:
		return "must be left out unless " + v.Limit, true
	case RuleRangeIf:
		return "must be in " + v.Limit + " (got " + v.Actual + ")", true
	case RuleTogether:
		return "must be sent together with " + v.Limit, true
	case RulePattern:
		return "must " + v.Limit + " (got " + v.Actual + " characters)", true
	case RulePassword:
		return "must " + v.Limit, true
	}
	return "", false
}
