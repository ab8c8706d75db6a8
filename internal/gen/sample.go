package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// sampleString returns a deterministic string for a field that satisfies
// its limits. Plain strings carry a space, a plus and a Chinese character so
// that the fixtures exercise the wire escaping.
func sampleString(fl *Field, salt string) string {
	switch fl.Name {
	case "error_code":
		return "CBC.0000"
	case "error_msg":
		return "success"
	case "password":
		// Meets the documented composition rules (two kinds of characters
		// or more; not the account name).
		return "Sample-Passw0rd"
	}
	if vals := constValues(fl); len(vals) > 0 {
		if s, ok := vals[0].(string); ok {
			return s
		}
	}
	switch fl.Format {
	case "utc-datetime":
		return "2024-05-06T08:05:01Z"
	case "yyyy-MM":
		return "2024-05"
	case "yyyy-MM-dd":
		return "2024-05-06"
	}
	s := fl.Name + salt
	if fl.In == "query" || fl.In == "path" {
		s += " 1+中"
	}
	if fl.MaxLength != nil {
		r := []rune(s)
		if int64(len(r)) > *fl.MaxLength {
			s = string(r[:*fl.MaxLength])
		}
	}
	if fl.MinLength != nil {
		for int64(utf8.RuneCountInString(s)) < *fl.MinLength {
			s += "x"
		}
	}
	return s
}

func constValues(fl *Field) []any {
	if fl.Consts != nil && len(fl.Consts.Values) > 0 {
		out := make([]any, len(fl.Consts.Values))
		for i, v := range fl.Consts.Values {
			out[i] = v.Value
		}
		return out
	}
	return fl.Enum
}

func sampleInt(fl *Field) int64 {
	lo, hi, _ := rangeOf(fl)
	for _, c := range constValues(fl) {
		var n int64
		switch x := c.(type) {
		case float64:
			n = int64(x)
		case string:
			v, err := strconv.ParseInt(x, 10, 64)
			if err != nil {
				continue
			}
			n = v
		default:
			continue
		}
		if (lo == nil || n >= *lo) && (hi == nil || n <= *hi) {
			return n
		}
	}
	v := int64(1)
	if lo != nil && v < *lo {
		v = *lo
	}
	if hi != nil && v > *hi {
		v = *hi
	}
	return v
}

// reqSample builds, for a request model, the Go literal and the JSON value
// the SDK must send for it.
type sampler struct {
	// skip holds the top-level request fields the test's site does not
	// document; samples leave them out.
	skip    map[*Field]bool
	c       *pkgCtx
	pkg     string
	depth   int
	imports map[string]bool
}

// goValue returns a Go expression and the wire JSON value of one field.
func (s *sampler) field(fl *Field, request bool) (goExpr string, wire any) {
	t := fl.Type
	if et := elemType(t); et != "" {
		ge, jv := s.scalar(fl, et, request, false)
		return "[]" + s.qualified(s.c.scalarGo(fl, et)) + "{" + ge + "}", []any{jv}
	}
	return s.scalar(fl, t, request, pointerField(fl) && request)
}

func (s *sampler) qualified(goType string) string {
	switch goType {
	case "string", "int32", "int64", "bool", "map[string]any":
		return goType
	case "decimal.Decimal":
		s.imports["github.com/shopspring/decimal"] = true
		return goType
	}
	return s.pkg + "." + goType
}

func (s *sampler) scalar(fl *Field, t string, request, ptr bool) (string, any) {
	if ref := objectRef(t); ref != "" {
		pm := s.c.models[ref]
		lit, wire := s.model(pm, request)
		if !fl.Required && elemType(fl.Type) == "" {
			return "&" + lit, wire
		}
		if elemType(fl.Type) != "" {
			// inside a slice literal the type is implied
			return strings.TrimPrefix(lit, s.pkg+"."+pm.goName), wire
		}
		return lit, wire
	}
	named := fl.Consts != nil && (t == "string" || t == "int32" || t == "int64")
	wrap := func(base string) string {
		if named {
			base = s.pkg + "." + fl.Consts.Type + "(" + base + ")"
		}
		if ptr {
			s.imports["github.com/hcpartner/partner-sdk-go"] = true
			return "partnersdk.Ptr(" + base + ")"
		}
		return base
	}
	switch t {
	case "string":
		v := sampleString(fl, "")
		return wrap(strconv.Quote(v)), v
	case "int32", "int64":
		v := sampleInt(fl)
		if named || ptr {
			return wrap(t + "(" + strconv.FormatInt(v, 10) + ")"), v
		}
		return strconv.FormatInt(v, 10), v
	case "bool":
		return wrap("true"), true
	case "decimal", "float":
		s.imports["github.com/hcpartner/partner-sdk-go"] = true
		v := "12.34"
		if fl.Money {
			v = "100.5"
		}
		e := "partnersdk.MustMoney(" + strconv.Quote(v) + ")"
		if ptr {
			e = "partnersdk.MoneyPtr(" + e + ")"
		}
		return e, v
	}
	return "nil", nil
}

// model returns a composite literal and the wire JSON (ordered) for a
// request model's body fields.
func (s *sampler) model(pm *pkgModel, request bool) (string, any) {
	s.depth++
	defer func() { s.depth-- }()
	var b strings.Builder
	b.WriteString(s.pkg + "." + pm.goName + "{")
	obj := &orderedObject{}
	if s.depth > 5 {
		b.WriteString("}")
		return b.String(), obj
	}
	seen := map[string]bool{}
	for _, fl := range pm.m.Fields {
		gn := s.c.fieldGoName(fl)
		if seen[gn] {
			gn += "2"
		}
		seen[gn] = true
		if pm.top && s.skip[fl] {
			continue
		}
		ge, jv := s.field(fl, request)
		if ge == "nil" {
			continue
		}
		b.WriteString(gn + ": " + ge + ", ")
		if !pm.top || fl.In == "body" {
			obj.keys = append(obj.keys, fl.Name)
			obj.vals = append(obj.vals, jv)
		}
	}
	b.WriteString("}")
	return b.String(), obj
}

// orderedObject is a JSON object that keeps key order.
type orderedObject struct {
	keys []string
	vals []any
}

// encodeJSON writes v with keys in order, money as strings.
func encodeJSON(v any) string {
	switch x := v.(type) {
	case *orderedObject:
		parts := make([]string, len(x.keys))
		for i := range x.keys {
			parts[i] = strconv.Quote(x.keys[i]) + ":" + encodeJSON(x.vals[i])
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []any:
		parts := make([]string, len(x))
		for i := range x {
			parts[i] = encodeJSON(x[i])
		}
		return "[" + strings.Join(parts, ",") + "]"
	case string:
		return jsonQuote(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}

func jsonQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// wireQuery renders the expected query string of a request sample: sorted
// keys, unreserved bytes kept, upper-case hex, %20 for space, repeated keys
// for lists, bare keys for empty values. It is written independently of the
// transport's encoder on purpose.
func wireQuery(qvals map[string][]string) string {
	keys := make([]string, 0, len(qvals))
	for k := range qvals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		for _, v := range qvals[k] {
			if v == "" {
				parts = append(parts, pct(k))
			} else {
				parts = append(parts, pct(k)+"="+pct(v))
			}
		}
	}
	return strings.Join(parts, "&")
}

func pct(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// respSample builds a response JSON sample: every field filled, lists with
// one element, money alternating between JSON numbers and strings.
func (s *sampler) respModel(pm *pkgModel) string {
	s.depth++
	defer func() { s.depth-- }()
	if s.depth > 6 {
		return "{}"
	}
	var parts []string
	for i, fl := range pm.m.Fields {
		if fl.In == "header" {
			continue
		}
		parts = append(parts, strconv.Quote(fl.Name)+":"+s.respValue(fl, fl.Type, i))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func (s *sampler) respValue(fl *Field, t string, i int) string {
	if et := elemType(t); et != "" {
		return "[" + s.respValue(fl, et, i) + "]"
	}
	if ref := objectRef(t); ref != "" {
		return s.respModel(s.c.models[ref])
	}
	switch t {
	case "string":
		v := sampleString(fl, "-value")
		return jsonQuote(v)
	case "int32", "int64":
		return strconv.FormatInt(sampleInt(fl)+int64(i%3), 10)
	case "bool":
		return "true"
	case "decimal", "float":
		if i%2 == 0 {
			return "1234.56"
		}
		return `"987.60"`
	case "map":
		return `{"k":"v"}`
	}
	return "null"
}
