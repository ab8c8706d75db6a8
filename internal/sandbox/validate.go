package sandbox

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hcpartner/partner-sdk-go/internal/validate"
)

// args holds the parameters of a request after validation.
type args struct {
	path   map[string]string
	query  url.Values
	body   map[string]any
	header http.Header
}

// checker checks a request against the documented limits of its model.
// The limits are applied by the rule implementations of internal/validate,
// the ones the SDK's generated Validate methods call, field by field as the
// generator maps spec fields to rules, then the model's cross-field and
// pattern rules (rules.go); so a request the SDK refuses before sending is
// refused here for the same reason, with the same wording. What
// a typed client cannot send (a string where a number belongs, a number
// that does not fit, malformed JSON values) is reported as shape errors.
type checker struct {
	models map[string][]fieldSpec
	rules  map[string][]ruleSpec
	limits validate.Collector
	shape  []string
}

func (c *checker) badShape(field, msg string) { c.shape = append(c.shape, field+": "+msg) }

// validateRequest checks every documented limit of op's request model
// against the request's path parameters, query, headers and decoded body.
// It returns nil when the request is valid, or one CBC.0100 error naming
// every violation.
func (s *Server) validateRequest(op *opSpec, a *args) *apiError {
	c := &checker{models: s.models, rules: s.rules}
	for i := range s.models[op.Request] {
		f := &s.models[op.Request][i]
		switch f.In {
		case "path":
			v := a.path[f.Name]
			c.limits.PathSegment(f.Name, v)
			c.checkString(f, f.Name, v, false)
		case "query":
			vals, present := a.query[f.Name]
			c.checkQuery(f, vals, present)
		case "header":
			v := a.header.Get(f.Name)
			if f.Required {
				c.limits.RequiredString(f.Name, v)
			}
			if v != "" {
				c.checkString(f, f.Name, v, false)
			}
		case "body":
			v, present := a.body[f.Name]
			c.checkValue(f, f.Name, v, present && v != nil)
		}
	}
	c.applyRules(s.rules[op.Request], "", a.requestLookup(s.models[op.Request]))
	msgs := append(c.shape, s.checkSite(op, a)...)
	if err := c.limits.Err(op.Request); err != nil {
		var verr *validate.Error
		if errors.As(err, &verr) {
			for _, v := range verr.Violations {
				msgs = append(msgs, v.String())
			}
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return errInvalid(strings.Join(msgs, "; "))
}

func (c *checker) checkQuery(f *fieldSpec, vals []string, present bool) {
	if et, ok := strings.CutPrefix(f.Type, "array:"); ok {
		if f.Required {
			c.limits.Required(f.Name, len(vals) > 0)
		}
		if f.MaxItems > 0 {
			c.limits.MaxItems(f.Name, len(vals), f.MaxItems)
		}
		for i, v := range vals {
			name := validate.Index(f.Name, i)
			switch et {
			case "int32", "int64":
				c.checkIntText(f, name, v)
			default:
				c.checkString(f, name, v, false)
			}
		}
		return
	}
	v := ""
	if len(vals) > 0 {
		v = vals[0]
	}
	switch f.Type {
	case "int32", "int64", "bool", "decimal":
		if !present || v == "" {
			if f.Required {
				c.limits.Required(f.Name, false)
			}
			return
		}
	}
	switch f.Type {
	case "int32", "int64":
		c.checkIntText(f, f.Name, v)
	case "bool":
		if v != "true" && v != "false" {
			c.badShape(f.Name, "must be true or false")
		}
	case "decimal":
		c.checkDecimal(f, f.Name, v)
	default:
		c.checkString(f, f.Name, v, f.Required)
	}
}

func (c *checker) checkIntText(f *fieldSpec, name, v string) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		c.badShape(name, "must be an integer")
		return
	}
	c.checkInt(f, name, n)
}

func (c *checker) checkInt(f *fieldSpec, name string, n int64) {
	if strings.HasSuffix(f.Type, "int32") && (n < math.MinInt32 || n > math.MaxInt32) {
		c.badShape(name, "must fit in 32 bits (got "+strconv.FormatInt(n, 10)+")")
		return
	}
	if f.HasMin || f.HasMax {
		lo, hi := f.bounds()
		c.limits.Range(name, n, lo, hi)
	}
	if len(f.Enum) > 0 {
		allowed := make([]int64, 0, len(f.Enum))
		for _, e := range f.Enum {
			if x, err := strconv.ParseInt(e, 10, 64); err == nil {
				allowed = append(allowed, x)
			}
		}
		c.limits.EnumInt(name, n, allowed...)
	}
}

// checkString applies the string rules; required says whether an empty
// value is a violation.
func (c *checker) checkString(f *fieldSpec, name, v string, required bool) {
	if required {
		c.limits.RequiredString(name, v)
	}
	if v == "" {
		return
	}
	if f.MaxLen > 0 || f.MinLen > 0 {
		maxLen := -1
		if f.MaxLen > 0 {
			maxLen = f.MaxLen
		}
		c.limits.Length(name, v, f.MinLen, maxLen)
	}
	if f.Format != "" {
		c.limits.Format(name, v, f.Format)
	}
	if len(f.Enum) > 0 {
		c.limits.EnumString(name, v, f.Enum...)
	}
}

func (c *checker) checkDecimal(f *fieldSpec, name, text string) {
	d, err := decimal.NewFromString(text)
	if err != nil {
		c.badShape(name, "must be a decimal amount")
		return
	}
	if f.Money {
		c.limits.Money(name, d, f.Positive)
	}
}

// checkValue checks one decoded JSON value against f. present is false for
// an absent or null member.
func (c *checker) checkValue(f *fieldSpec, name string, v any, present bool) {
	if !present {
		if f.Required {
			c.limits.Required(name, false)
		}
		return
	}
	if et, ok := strings.CutPrefix(f.Type, "array:"); ok {
		list, ok := v.([]any)
		if !ok {
			c.badShape(name, "must be a list")
			return
		}
		if f.Required {
			c.limits.Required(name, len(list) > 0)
		}
		if f.MaxItems > 0 {
			c.limits.MaxItems(name, len(list), f.MaxItems)
		}
		ef := *f
		ef.Type = et
		ef.Required = false
		for i, item := range list {
			c.checkValue(&ef, validate.Index(name, i), item, item != nil)
		}
		return
	}
	if model, ok := strings.CutPrefix(f.Type, "object:"); ok {
		m, ok := v.(map[string]any)
		if !ok {
			c.badShape(name, "must be an object")
			return
		}
		fields := c.models[model]
		for i := range fields {
			sub := &fields[i]
			sv, sp := m[sub.Name]
			c.checkValue(sub, validate.Join(name, sub.Name), sv, sp && sv != nil)
		}
		c.applyRules(c.rules[model], name, objectLookup(m))
		return
	}
	switch f.Type {
	case "string":
		s, ok := v.(string)
		if !ok {
			c.badShape(name, "must be a string")
			return
		}
		c.checkString(f, name, s, f.Required)
	case "int32", "int64":
		n, ok := v.(json.Number)
		if !ok {
			c.badShape(name, "must be an integer")
			return
		}
		i, err := n.Int64()
		if err != nil {
			c.badShape(name, "must be an integer")
			return
		}
		c.checkInt(f, name, i)
	case "bool":
		if _, ok := v.(bool); !ok {
			c.badShape(name, "must be true or false")
		}
	case "decimal":
		switch x := v.(type) {
		case string:
			c.checkDecimal(f, name, x)
		case json.Number:
			c.checkDecimal(f, name, x.String())
		default:
			c.badShape(name, "must be a decimal amount")
		}
	case "map":
		if _, ok := v.(map[string]any); !ok {
			c.badShape(name, "must be an object")
		}
	}
}

// str returns a string parameter from the path, the query or the body.
func (a *args) str(name string) (string, bool) {
	if v, ok := a.path[name]; ok {
		return v, true
	}
	if vals, ok := a.query[name]; ok {
		if len(vals) == 0 {
			return "", true
		}
		return vals[0], true
	}
	if v, ok := a.body[name]; ok && v != nil {
		switch x := v.(type) {
		case string:
			return x, true
		case json.Number:
			return x.String(), true
		}
	}
	return "", false
}

// text returns a string parameter, "" when absent.
func (a *args) text(name string) string {
	v, _ := a.str(name)
	return v
}

// int returns an integer parameter.
func (a *args) int(name string) (int64, bool) {
	if vals, ok := a.query[name]; ok && len(vals) > 0 {
		n, err := strconv.ParseInt(vals[0], 10, 64)
		return n, err == nil
	}
	if v, ok := a.body[name].(json.Number); ok {
		n, err := v.Int64()
		return n, err == nil
	}
	return 0, false
}

// dec returns a decimal parameter (JSON string or number).
func (a *args) dec(name string) (decimal.Decimal, bool) {
	s, ok := a.str(name)
	if !ok {
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(s)
	return d, err == nil
}

// strs returns a list of strings (repeated query keys or a JSON array).
func (a *args) strs(name string) []string {
	if vals, ok := a.query[name]; ok {
		return vals
	}
	list, _ := a.body[name].([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// ints returns a list of integers.
func (a *args) ints(name string) []int64 {
	var out []int64
	if vals, ok := a.query[name]; ok {
		for _, v := range vals {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				out = append(out, n)
			}
		}
		return out
	}
	list, _ := a.body[name].([]any)
	for _, v := range list {
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				out = append(out, i)
			}
		}
	}
	return out
}

// objects returns a list of JSON objects from the body.
func (a *args) objects(name string) []map[string]any {
	list, _ := a.body[name].([]any)
	var out []map[string]any
	for _, v := range list {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// timeArg parses an optional UTC timestamp parameter.
func (a *args) timeArg(name string) (time.Time, bool) {
	s, ok := a.str(name)
	if !ok || s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02T15:04:05Z", s)
	return t, err == nil
}

// contains reports whether list holds v.
func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
