package spec

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
)

// Rule kinds.
const (
	// RuleRequiredIf: Field must be set when If holds.
	RuleRequiredIf = "required_if"
	// RuleAbsentUnless: Field must not be set unless If holds.
	RuleAbsentUnless = "absent_unless"
	// RuleRangeIf: when If holds, Field (an integer) must lie in Range.
	RuleRangeIf = "range_if"
	// RuleTogether: Field and Other are set together or not at all.
	RuleTogether = "together"
	// RulePattern: Field (a string), when set and not empty, must match
	// Pattern and must not match any of NotPatterns.
	RulePattern = "pattern"
	// RulePassword: Field (a password), when set, must hold at least two
	// of upper-case letters, lower-case letters, digits and other
	// characters, must not equal Account or its reverse, and must not
	// contain Mobile.
	RulePassword = "password"
)

// Rule is one documented rule of a model beyond single-field limits.
type Rule struct {
	Kind  string `json:"kind"`
	Field string `json:"field"`
	// If is the condition of required_if, absent_unless and range_if.
	If    *Cond    `json:"if"`
	Range []*int64 `json:"range"`
	// Other is the companion field of together.
	Other string `json:"other"`
	// Pattern and NotPatterns are Go regular expressions (pattern).
	Pattern     string   `json:"pattern"`
	NotPatterns []string `json:"not_patterns"`
	// Account and Mobile name the fields a password is compared with.
	Account string `json:"account"`
	Mobile  string `json:"mobile"`
	// Doc is the documented rule in the project's words; DocURL the page.
	Doc    string `json:"doc"`
	DocURL string `json:"doc_url"`
}

// Cond holds when Field has one of the values In.
type Cond struct {
	Field string `json:"field"`
	In    []any  `json:"in"`
}

// Values returns the condition's values as text: strings as they are,
// numbers in decimal (integers without a fraction), booleans as true or
// false.
func (c *Cond) Values() []string {
	out := make([]string, 0, len(c.In))
	for _, v := range c.In {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				out = append(out, strconv.FormatInt(int64(x), 10))
			} else {
				out = append(out, strconv.FormatFloat(x, 'f', -1, 64))
			}
		default:
			out = append(out, fmt.Sprint(x))
		}
	}
	return out
}

// CheckRules reports the first malformed rule of m (unknown kind or field,
// missing condition, bad regular expression).
func CheckRules(name string, m *Model) error {
	has := map[string]bool{}
	for _, f := range m.Fields {
		has[f.Name] = true
	}
	for i, r := range m.Rules {
		where := fmt.Sprintf("%s.rules[%d]", name, i)
		if !has[r.Field] {
			return fmt.Errorf("%s: unknown field %q", where, r.Field)
		}
		if r.Doc == "" {
			return fmt.Errorf("%s: needs doc", where)
		}
		switch r.Kind {
		case RuleRequiredIf, RuleAbsentUnless, RuleRangeIf:
			if r.If == nil || !has[r.If.Field] || len(r.If.In) == 0 {
				return fmt.Errorf("%s: needs a condition on a field of the model", where)
			}
			if r.Kind == RuleRangeIf && (len(r.Range) != 2 || r.Range[0] == nil || r.Range[1] == nil) {
				return fmt.Errorf("%s: needs a closed range", where)
			}
		case RuleTogether:
			if !has[r.Other] {
				return fmt.Errorf("%s: unknown companion field %q", where, r.Other)
			}
		case RulePattern:
			for _, p := range append([]string{r.Pattern}, r.NotPatterns...) {
				if p == "" && len(r.NotPatterns) > 0 {
					continue
				}
				if _, err := regexp.Compile(p); err != nil {
					return fmt.Errorf("%s: %w", where, err)
				}
			}
		case RulePassword:
			if (r.Account != "" && !has[r.Account]) || (r.Mobile != "" && !has[r.Mobile]) {
				return fmt.Errorf("%s: unknown account or mobile field", where)
			}
		default:
			return fmt.Errorf("%s: unknown kind %q", where, r.Kind)
		}
	}
	return nil
}
