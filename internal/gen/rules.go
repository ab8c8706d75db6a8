package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hcpartner/partner-sdk-go/internal/spec"
	"github.com/hcpartner/partner-sdk-go/internal/validate"
)

// ruleField is what the rule emitters need of one field.
type ruleField struct {
	fl *Field
	x  string // Go expression, e.g. r.PeriodNum
}

func (c *pkgCtx) ruleFields(pm *pkgModel) map[string]ruleField {
	out := map[string]ruleField{}
	seen := map[string]bool{}
	for _, fl := range pm.m.Fields {
		gn := c.fieldGoName(fl)
		if seen[gn] {
			gn += "2"
		}
		seen[gn] = true
		out[fl.Name] = ruleField{fl, "r." + gn}
	}
	return out
}

// isSet is a Go condition true when the field is present: non-nil
// pointers, non-empty strings and lists. Plain numbers and booleans are
// always present.
func isSet(f ruleField) string {
	switch {
	case elemType(f.fl.Type) != "":
		return "len(" + f.x + ") > 0"
	case objectRef(f.fl.Type) != "":
		if f.fl.Required {
			return "true"
		}
		return f.x + " != nil"
	case pointerField(f.fl):
		if f.fl.Type == "string" {
			return "(" + f.x + " != nil && *" + f.x + " != \"\")"
		}
		return f.x + " != nil"
	case f.fl.Type == "string":
		return f.x + " != \"\""
	}
	return "true"
}

// scalar returns the Go expression of the field's value (dereferenced) as a
// plain string or int64, and the condition under which it may be read.
func scalar(f ruleField) (v, guard string) {
	v = f.x
	guard = "true"
	if pointerField(f.fl) {
		v, guard = "*"+f.x, f.x+" != nil"
	}
	switch f.fl.Type {
	case "string":
		v = "string(" + v + ")"
	case "int32", "int64":
		v = "int64(" + v + ")"
	}
	return v, guard
}

// condExpr renders a condition as Go and as text for the violation.
func condExpr(fs map[string]ruleField, cnd *spec.Cond) (goCond, text string) {
	f := fs[cnd.Field]
	v, guard := scalar(f)
	var alts []string
	for _, in := range cnd.In {
		alts = append(alts, v+" == "+quoteAny(in))
	}
	goCond = "(" + strings.Join(alts, " || ") + ")"
	if guard != "true" {
		goCond = "(" + guard + " && " + goCond + ")"
	}
	// The text is the one the sandbox names when it applies the same rule.
	return goCond, validate.CondText(cnd.Field, cnd.Values()...)
}

// rulesBody emits the model's cross-field and pattern rules.
func (c *pkgCtx) rulesBody(pm *pkgModel) (string, error) {
	if len(pm.m.Rules) == 0 {
		return "", nil
	}
	if err := spec.CheckRules(pm.name, pm.m); err != nil {
		return "", err
	}
	fs := c.ruleFields(pm)
	var w writer
	fp := func(name string) string { return fmt.Sprintf("validate.Join(path, %q)", name) }
	for _, r := range pm.m.Rules {
		f := fs[r.Field]
		w.comment("\t", r.Doc)
		switch r.Kind {
		case spec.RuleRequiredIf, spec.RuleAbsentUnless:
			cond, text := condExpr(fs, r.If)
			method := "RequiredIf"
			if r.Kind == spec.RuleAbsentUnless {
				method = "AbsentUnless"
			}
			w.p("\tc.%s(%s, %s, %s, %q)", method, fp(r.Field), isSet(f), cond, text)
		case spec.RuleRangeIf:
			cond, text := condExpr(fs, r.If)
			v, guard := scalar(f)
			if guard != "true" {
				cond = guard + " && " + cond
			}
			w.p("\tif %s {", cond)
			w.p("\t\tc.RangeIf(%s, true, %s, %d, %d, %q)", fp(r.Field), v, *r.Range[0], *r.Range[1], text)
			w.p("\t}")
		case spec.RuleTogether:
			w.p("\tc.Together(%s, %s, %s, %s)", fp(r.Field), isSet(f), fp(r.Other), isSet(fs[r.Other]))
		case spec.RulePattern:
			v, guard := scalar(f)
			args := []string{fp(r.Field), v, strconv.Quote(r.Pattern)}
			for _, np := range r.NotPatterns {
				args = append(args, strconv.Quote(np))
			}
			w.p("\tif %s {", guard)
			w.p("\t\tc.Pattern(%s)", strings.Join(args, ", "))
			w.p("\t}")
		case spec.RulePassword:
			v, guard := scalar(f)
			other := func(name string) string {
				if name == "" {
					return `""`
				}
				ov, og := scalar(fs[name])
				if og == "true" {
					return ov
				}
				return "validate.Deref(" + fs[name].x + ")"
			}
			w.p("\tif %s {", guard)
			w.p("\t\tc.Password(%s, %s, %s, %s)", fp(r.Field), v, other(r.Account), other(r.Mobile))
			w.p("\t}")
		}
	}
	return w.String(), nil
}
