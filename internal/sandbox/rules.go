package sandbox

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/hcpartner/partner-sdk-go/internal/spec"
	"github.com/hcpartner/partner-sdk-go/internal/validate"
)

// ruleSpec is one documented rule of a model that involves more than one
// field or a pattern (spec "rules"), with its condition rendered once.
type ruleSpec struct {
	rule *spec.Rule
	// cond holds the condition's values as text; condText is the condition
	// as the violation names it (the generator's validate.CondText).
	cond     []string
	condText string
}

// rulesOf checks a model's rules and renders their conditions.
func rulesOf(name string, m *spec.Model) ([]ruleSpec, error) {
	if len(m.Rules) == 0 {
		return nil, nil
	}
	if err := spec.CheckRules(name, m); err != nil {
		return nil, err
	}
	out := make([]ruleSpec, 0, len(m.Rules))
	for _, r := range m.Rules {
		rs := ruleSpec{rule: r}
		if r.If != nil {
			rs.cond = r.If.Values()
			rs.condText = validate.CondText(r.If.Field, rs.cond...)
		}
		out = append(out, rs)
	}
	return out, nil
}

// lookup reads a field of the request (or of a nested object) as decoded:
// a string, a []string for a repeated query key, a json.Number, a bool, a
// []any or a map[string]any. present is false for an absent or null field.
type lookup func(field string) (v any, present bool)

// applyRules applies rules to the fields lookup reads, through the rule
// implementations of internal/validate that the generated Validate methods
// call, so that the client and the sandbox report the same violations.
// prefix is the path of a nested object ("" for the request itself). How
// a field counts as set mirrors the generated code: a non-empty string or
// list, any number, boolean or object.
func (c *checker) applyRules(rules []ruleSpec, prefix string, get lookup) {
	for i := range rules {
		r := rules[i].rule
		name := validate.Join(prefix, r.Field)
		v, present := get(r.Field)
		switch r.Kind {
		case spec.RuleRequiredIf:
			c.limits.RequiredIf(name, isSet(v, present), rules[i].holds(get), rules[i].condText)
		case spec.RuleAbsentUnless:
			c.limits.AbsentUnless(name, isSet(v, present), rules[i].holds(get), rules[i].condText)
		case spec.RuleRangeIf:
			if n, ok := intOf(v, present); ok && rules[i].holds(get) {
				c.limits.RangeIf(name, true, n, *r.Range[0], *r.Range[1], rules[i].condText)
			}
		case spec.RuleTogether:
			ov, op := get(r.Other)
			c.limits.Together(name, isSet(v, present), validate.Join(prefix, r.Other), isSet(ov, op))
		case spec.RulePattern:
			if s, ok := v.(string); ok && present {
				c.limits.Pattern(name, s, r.Pattern, r.NotPatterns...)
			}
		case spec.RulePassword:
			if s, ok := v.(string); ok && present {
				c.limits.Password(name, s, textOf(get, r.Account), textOf(get, r.Mobile))
			}
		}
	}
}

// holds reports whether the rule's condition holds: its field is present
// and has one of the documented values.
func (r *ruleSpec) holds(get lookup) bool {
	v, present := get(r.rule.If.Field)
	s, ok := scalarText(v, present)
	return ok && contains(r.cond, s)
}

// isSet reports whether a field counts as set for the rules.
func isSet(v any, present bool) bool {
	if !present || v == nil {
		return false
	}
	switch x := v.(type) {
	case string:
		return x != ""
	case []string:
		return len(x) > 0 && x[0] != ""
	case []any:
		return len(x) > 0
	}
	return true
}

// scalarText is a scalar value as text (the first of repeated query keys).
func scalarText(v any, present bool) (string, bool) {
	if !present {
		return "", false
	}
	switch x := v.(type) {
	case string:
		return x, true
	case []string:
		if len(x) > 0 {
			return x[0], true
		}
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// intOf is an integer value (a JSON number or query text).
func intOf(v any, present bool) (int64, bool) {
	s, ok := scalarText(v, present)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// textOf is a string field's value, "" when absent (validate.Deref).
func textOf(get lookup, field string) string {
	if field == "" {
		return ""
	}
	s, _ := scalarText(get(field))
	return s
}

// requestLookup reads the request's fields from where the spec puts them:
// the path, the query, a header or the JSON body.
func (a *args) requestLookup(fields []fieldSpec) lookup {
	return func(name string) (any, bool) {
		for i := range fields {
			f := &fields[i]
			if f.Name != name {
				continue
			}
			switch f.In {
			case "path":
				v, ok := a.path[name]
				return v, ok
			case "query":
				vals, ok := a.query[name]
				if !ok {
					return nil, false
				}
				return vals, true
			case "header":
				v := a.header.Get(name)
				return v, v != ""
			default:
				v, ok := a.body[name]
				return v, ok && v != nil
			}
		}
		return nil, false
	}
}

// objectLookup reads the fields of a nested JSON object.
func objectLookup(m map[string]any) lookup {
	return func(name string) (any, bool) {
		v, ok := m[name]
		return v, ok && v != nil
	}
}

// checkAccountName checks an account name as CreateSubCustomer checks its
// domain_name: the field's documented length and the spec's rules on it,
// with the client's rule implementations.
func (s *Server) checkAccountName(name string) error {
	const model, field = "CreateSubCustomerRequest", "domain_name"
	c := &checker{models: s.models, rules: s.rules}
	for i := range s.models[model] {
		if f := &s.models[model][i]; f.Name == field {
			c.checkValue(f, field, name, true)
		}
	}
	var rules []ruleSpec
	for _, r := range s.rules[model] {
		if r.rule.Field == field {
			rules = append(rules, r)
		}
	}
	c.applyRules(rules, "", objectLookup(map[string]any{field: name}))
	if err := c.limits.Err(model); err != nil {
		return fmt.Errorf("sandbox: account name: %w", err)
	}
	return nil
}
