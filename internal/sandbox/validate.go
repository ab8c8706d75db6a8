package sandbox

import (
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// args holds the parameters of a request after validation.
type args struct {
	path   map[string]string
	query  url.Values
	body   map[string]any
	header http.Header
}

// checker collects violations of documented limits.
type checker struct {
	models map[string][]fieldSpec
	out    []string
}

func (c *checker) add(field, msg string) { c.out = append(c.out, field+": "+msg) }

// validateRequest checks every documented limit of op's request model
// against the request's path parameters, query, headers and decoded body.
// It returns nil when the request is valid, or one CBC.0100 error naming
// every violation.
func (s *Server) validateRequest(op *opSpec, a *args) *apiError {
	c := &checker{models: s.models}
	for i := range s.models[op.Request] {
		f := &s.models[op.Request][i]
		switch f.In {
		case "path":
			v := a.path[f.Name]
			c.checkString(f, f.Name, v, true)
		case "query":
			vals, present := a.query[f.Name]
			c.checkQuery(f, vals, present)
		case "header":
			if v := a.header.Get(f.Name); v != "" {
				if f.MaxLen > 0 && utf8.RuneCountInString(v) > f.MaxLen {
					c.add(f.Name, "at most "+strconv.Itoa(f.MaxLen)+" characters (got "+strconv.Itoa(utf8.RuneCountInString(v))+")")
				}
			} else if f.Required {
				c.add(f.Name, "is required")
			}
		case "body":
			v, present := a.body[f.Name]
			c.checkValue(f, f.Name, v, present && v != nil)
		}
	}
	if len(c.out) == 0 {
		return nil
	}
	return errInvalid(strings.Join(c.out, "; "))
}

func (c *checker) checkQuery(f *fieldSpec, vals []string, present bool) {
	if !present {
		if f.Required {
			c.add(f.Name, "is required")
		}
		return
	}
	if et, ok := strings.CutPrefix(f.Type, "array:"); ok {
		if f.Required && len(vals) == 0 {
			c.add(f.Name, "is required")
		}
		if f.MaxItems > 0 && len(vals) > f.MaxItems {
			c.add(f.Name, "at most "+strconv.Itoa(f.MaxItems)+" items (got "+strconv.Itoa(len(vals))+")")
		}
		for i, v := range vals {
			name := f.Name + "[" + strconv.Itoa(i) + "]"
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
	case "int32", "int64":
		if v == "" {
			if f.Required {
				c.add(f.Name, "is required")
			}
			return
		}
		c.checkIntText(f, f.Name, v)
	case "bool":
		if v != "true" && v != "false" {
			c.add(f.Name, "must be true or false")
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
		c.add(name, "must be an integer")
		return
	}
	c.checkInt(f, name, n)
}

func (c *checker) checkInt(f *fieldSpec, name string, n int64) {
	if strings.HasSuffix(f.Type, "int32") && (n < math.MinInt32 || n > math.MaxInt32) {
		c.add(name, "must fit in 32 bits (got "+strconv.FormatInt(n, 10)+")")
		return
	}
	lo, hi := f.bounds()
	if n < lo || n > hi {
		c.add(name, "must be in "+rangeText(f)+" (got "+strconv.FormatInt(n, 10)+")")
	}
	if len(f.Enum) > 0 && !contains(f.Enum, strconv.FormatInt(n, 10)) {
		c.add(name, "must be one of ["+strings.Join(f.Enum, ", ")+"] (got "+strconv.FormatInt(n, 10)+")")
	}
}

func rangeText(f *fieldSpec) string {
	l, h := "-inf", "+inf"
	if f.HasMin {
		l = strconv.FormatInt(f.Min, 10)
	}
	if f.HasMax {
		h = strconv.FormatInt(f.Max, 10)
	}
	return "[" + l + ", " + h + "]"
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// checkString applies the string limits; required says whether an empty
// value is a violation.
func (c *checker) checkString(f *fieldSpec, name, v string, required bool) {
	if v == "" {
		if required {
			c.add(name, "is required")
		}
		return
	}
	n := utf8.RuneCountInString(v)
	if f.MaxLen > 0 && n > f.MaxLen {
		c.add(name, "at most "+strconv.Itoa(f.MaxLen)+" characters (got "+strconv.Itoa(n)+")")
	}
	if f.MinLen > 0 && n < f.MinLen {
		c.add(name, "at least "+strconv.Itoa(f.MinLen)+" characters (got "+strconv.Itoa(n)+")")
	}
	if layout := formatLayout(f.Format); layout != "" {
		if _, err := time.Parse(layout, v); err != nil {
			c.add(name, "must have the format "+f.Format)
		}
	}
	if len(f.Enum) > 0 && !contains(f.Enum, v) {
		c.add(name, "must be one of ["+strings.Join(f.Enum, ", ")+"] (got "+strconv.Quote(v)+")")
	}
}

func formatLayout(format string) string {
	switch format {
	case "utc-datetime":
		return "2006-01-02T15:04:05Z"
	case "yyyy-MM":
		return "2006-01"
	case "yyyy-MM-dd":
		return "2006-01-02"
	}
	return ""
}

func (c *checker) checkDecimal(f *fieldSpec, name, text string) {
	d, err := decimal.NewFromString(text)
	if err != nil {
		c.add(name, "must be a decimal amount")
		return
	}
	if !f.Money {
		return
	}
	if !d.Equal(d.Truncate(2)) {
		c.add(name, "at most 2 decimal places (got "+text+")")
	}
	if f.Positive && !d.IsPositive() {
		c.add(name, "must be greater than 0 (got "+text+")")
	}
}

// checkValue checks one decoded JSON value against f. present is false for
// an absent or null member.
func (c *checker) checkValue(f *fieldSpec, name string, v any, present bool) {
	if !present {
		if f.Required {
			c.add(name, "is required")
		}
		return
	}
	if et, ok := strings.CutPrefix(f.Type, "array:"); ok {
		list, ok := v.([]any)
		if !ok {
			c.add(name, "must be a list")
			return
		}
		if f.Required && len(list) == 0 {
			c.add(name, "is required")
		}
		if f.MaxItems > 0 && len(list) > f.MaxItems {
			c.add(name, "at most "+strconv.Itoa(f.MaxItems)+" items (got "+strconv.Itoa(len(list))+")")
		}
		ef := *f
		ef.Type = et
		ef.Required = false
		for i, item := range list {
			c.checkValue(&ef, name+"["+strconv.Itoa(i)+"]", item, item != nil)
		}
		return
	}
	if model, ok := strings.CutPrefix(f.Type, "object:"); ok {
		m, ok := v.(map[string]any)
		if !ok {
			c.add(name, "must be an object")
			return
		}
		fields := c.models[model]
		for i := range fields {
			sub := &fields[i]
			sv, sp := m[sub.Name]
			c.checkValue(sub, name+"."+sub.Name, sv, sp && sv != nil)
		}
		return
	}
	switch f.Type {
	case "string":
		s, ok := v.(string)
		if !ok {
			c.add(name, "must be a string")
			return
		}
		c.checkString(f, name, s, f.Required)
	case "int32", "int64":
		n, ok := v.(json.Number)
		if !ok {
			c.add(name, "must be an integer")
			return
		}
		i, err := n.Int64()
		if err != nil {
			c.add(name, "must be an integer")
			return
		}
		c.checkInt(f, name, i)
	case "bool":
		if _, ok := v.(bool); !ok {
			c.add(name, "must be true or false")
		}
	case "decimal":
		switch x := v.(type) {
		case string:
			c.checkDecimal(f, name, x)
		case json.Number:
			c.checkDecimal(f, name, x.String())
		default:
			c.add(name, "must be a decimal amount")
		}
	case "map":
		if _, ok := v.(map[string]any); !ok {
			c.add(name, "must be an object")
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
