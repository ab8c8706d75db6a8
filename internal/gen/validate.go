package main

import (
	"fmt"
	"strconv"
	"strings"
)

// emitValidate writes Validate (top-level requests) and validateInto.
func (c *pkgCtx) emitValidate(w *writer, pm *pkgModel) {
	c.imports[importValidate] = true
	if pm.top {
		w.p("// Validate checks every documented limit of the request and reports all")
		w.p("// violations at once as a *core.ValidationError (partnersdk.ValidationError).")
		w.p("// Service methods call it before sending anything.")
		w.p("func (r *%s) Validate() error {", pm.goName)
		w.p("\tif r == nil {")
		w.p("\t\treturn nil")
		w.p("\t}")
		w.p("\tvar c validate.Collector")
		w.p("\tr.validateInto(&c, \"\")")
		w.p("\treturn c.Err(%q)", pm.goName)
		w.p("}")
		w.p("")
	}
	w.p("func (r *%s) validateInto(c *validate.Collector, path string) {", pm.goName)
	body := c.validateBody(pm)
	rules, err := c.rulesBody(pm)
	if err != nil {
		c.err = err
	}
	body += rules
	if strings.TrimSpace(body) == "" {
		w.p("\t_, _ = c, path")
	} else {
		w.WriteString(body)
	}
	w.p("}")
	w.p("")
}

func (c *pkgCtx) validateBody(pm *pkgModel) string {
	var w writer
	seen := map[string]bool{}
	for _, fl := range pm.m.Fields {
		gn := c.fieldGoName(fl)
		if seen[gn] {
			gn += "2"
		}
		seen[gn] = true
		c.validateField(&w, fl, "r."+gn)
	}
	return w.String()
}

func int64Lit(p *int64, open string) string {
	if p == nil {
		return open
	}
	return strconv.FormatInt(*p, 10)
}

// scalarChecks returns the checks of one scalar value expression v (already
// dereferenced) with the field path expression fp.
func (c *pkgCtx) scalarChecks(fl *Field, t, v, fp string) []string {
	var out []string
	switch t {
	case "string":
		sv := v
		if fl.Consts != nil {
			sv = "string(" + v + ")"
		}
		if fl.MaxLength != nil || fl.MinLength != nil {
			out = append(out, fmt.Sprintf("c.Length(%s, %s, %s, %s)", fp, sv, int64Lit(fl.MinLength, "-1"), int64Lit(fl.MaxLength, "-1")))
		}
		if fl.Format != "" {
			out = append(out, fmt.Sprintf("c.Format(%s, %s, %q)", fp, sv, fl.Format))
		}
		if vals := enumValues(fl); len(vals) > 0 {
			out = append(out, fmt.Sprintf("c.EnumString(%s, %s, %s)", fp, sv, strings.Join(vals, ", ")))
		}
	case "int32", "int64":
		if lo, hi, ok := rangeOf(fl); ok {
			out = append(out, fmt.Sprintf("c.Range(%s, int64(%s), %s, %s)", fp, v, int64Lit(lo, "validate.NoMin"), int64Lit(hi, "validate.NoMax")))
		}
		if vals := enumValues(fl); len(vals) > 0 {
			out = append(out, fmt.Sprintf("c.EnumInt(%s, int64(%s), %s)", fp, v, strings.Join(vals, ", ")))
		}
	case "decimal":
		if fl.Money {
			out = append(out, fmt.Sprintf("c.Money(%s, %s, %v)", fp, v, fl.Positive))
		}
	}
	return out
}

// enumValues returns the closed value set of a field as Go literals.
func enumValues(fl *Field) []string {
	var vals []any
	switch {
	case fl.Consts != nil && fl.Consts.Closed:
		for _, v := range fl.Consts.Values {
			vals = append(vals, v.Value)
		}
	case fl.Enum != nil:
		vals = fl.Enum
	}
	var out []string
	for _, v := range vals {
		out = append(out, quoteAny(v))
	}
	return out
}

func (c *pkgCtx) validateField(w *writer, fl *Field, x string) {
	fp := fmt.Sprintf("validate.Join(path, %q)", fl.Name)
	if et := elemType(fl.Type); et != "" {
		if fl.Required && !c.relaxed[fl] {
			w.p("\tc.Required(%s, len(%s) > 0)", fp, x)
		}
		if fl.MaxItems != nil {
			w.p("\tc.MaxItems(%s, len(%s), %d)", fp, x, *fl.MaxItems)
		}
		if ref := objectRef(et); ref != "" {
			w.p("\tfor i := range %s {", x)
			w.p("\t\t%s[i].validateInto(c, validate.Index(%s, i))", x, fp)
			w.p("\t}")
			return
		}
		checks := c.scalarChecks(fl, et, "v", "validate.Index("+fp+", i)")
		if len(checks) > 0 {
			w.p("\tfor i, v := range %s {", x)
			for _, ch := range checks {
				w.p("\t\t%s", ch)
			}
			w.p("\t}")
		}
		return
	}
	if objectRef(fl.Type) != "" {
		if fl.Required {
			w.p("\t%s.validateInto(c, %s)", x, fp)
		} else {
			w.p("\tif %s != nil {", x)
			w.p("\t\t%s.validateInto(c, %s)", x, fp)
			w.p("\t}")
		}
		return
	}
	if fl.In == "path" {
		w.p("\tc.PathSegment(%s, %s)", fp, x)
	}
	if pointerField(fl) {
		if fl.Required && !c.relaxed[fl] {
			w.p("\tc.Required(%s, %s != nil)", fp, x)
		}
		checks := c.scalarChecks(fl, fl.Type, "*"+x, fp)
		if len(checks) > 0 {
			w.p("\tif %s != nil {", x)
			for _, ch := range checks {
				w.p("\t\t%s", ch)
			}
			w.p("\t}")
		}
		return
	}
	if fl.Required && !c.relaxed[fl] && fl.Type == "string" && fl.In != "path" {
		sv := x
		if fl.Consts != nil {
			sv = "string(" + x + ")"
		}
		w.p("\tc.RequiredString(%s, %s)", fp, sv)
	}
	for _, ch := range c.scalarChecks(fl, fl.Type, x, fp) {
		w.p("\t%s", ch)
	}
}

// emitMarshal writes appendJSON and MarshalJSON for a request model (body
// fields only, in documented order).
func (c *pkgCtx) emitMarshal(w *writer, pm *pkgModel) {
	c.imports[importJSONW] = true
	w.p("func (r *%s) appendJSON(w *jsonw.Writer) {", pm.goName)
	w.p("\tw.BeginObject()")
	seen := map[string]bool{}
	for _, fl := range pm.m.Fields {
		gn := c.fieldGoName(fl)
		if seen[gn] {
			gn += "2"
		}
		seen[gn] = true
		if pm.top && fl.In != "body" {
			continue
		}
		c.marshalField(w, fl, "r."+gn)
	}
	w.p("\tw.EndObject()")
	w.p("}")
	w.p("")
	if pm.top {
		w.p("// MarshalJSON encodes the body fields of the request in documented order,")
		w.p("// leaving out unset optional fields and writing money as JSON strings.")
	} else {
		w.p("// MarshalJSON encodes the structure in documented order, leaving out unset")
		w.p("// optional fields and writing money as JSON strings.")
	}
	w.p("func (r *%s) MarshalJSON() ([]byte, error) {", pm.goName)
	w.p("\tw := jsonw.New(256)")
	w.p("\tr.appendJSON(w)")
	w.p("\treturn w.Bytes(), nil")
	w.p("}")
	w.p("")
}

func scalarWrite(t string, v string, consts bool) string {
	switch t {
	case "string":
		if consts {
			v = "string(" + v + ")"
		}
		return "w.StringValue(" + v + ")"
	case "int32", "int64":
		return "w.IntValue(int64(" + v + "))"
	case "bool":
		return "w.BoolValue(" + v + ")"
	case "decimal", "float":
		return "w.MoneyValue(" + v + ")"
	}
	return "/* unknown */"
}

func (c *pkgCtx) marshalField(w *writer, fl *Field, x string) {
	key := fmt.Sprintf("w.Key(%q)", fl.Name)
	if et := elemType(fl.Type); et != "" {
		w.p("\tif %s != nil {", x)
		w.p("\t\t%s", key)
		w.p("\t\tw.BeginArray()")
		w.p("\t\tfor i := range %s {", x)
		if objectRef(et) != "" {
			w.p("\t\t\t%s[i].appendJSON(w)", x)
		} else {
			w.p("\t\t\t%s", scalarWrite(et, x+"[i]", fl.Consts != nil))
		}
		w.p("\t\t}")
		w.p("\t\tw.EndArray()")
		w.p("\t}")
		return
	}
	if objectRef(fl.Type) != "" {
		if fl.Required {
			w.p("\t%s", key)
			w.p("\t%s.appendJSON(w)", x)
		} else {
			w.p("\tif %s != nil {", x)
			w.p("\t\t%s", key)
			w.p("\t\t%s.appendJSON(w)", x)
			w.p("\t}")
		}
		return
	}
	if pointerField(fl) {
		w.p("\tif %s != nil {", x)
		w.p("\t\t%s", key)
		w.p("\t\t%s", scalarWrite(fl.Type, "*"+x, fl.Consts != nil))
		w.p("\t}")
		return
	}
	if c.relaxed[fl] && fl.Type == "string" {
		// Required on some sites only: an empty value is not sent, so a
		// site that does not document the field does not receive it.
		w.p("\tif %s != \"\" {", x)
		w.p("\t\t%s", key)
		w.p("\t\t%s", scalarWrite(fl.Type, x, fl.Consts != nil))
		w.p("\t}")
		return
	}
	w.p("\t%s", key)
	w.p("\t%s", scalarWrite(fl.Type, x, fl.Consts != nil))
}
