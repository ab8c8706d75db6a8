package main

import (
	"fmt"
	"strings"
)

// siteSetExpr is the core.SiteSet literal of the operation's sites, or ""
// when the spec records none.
func siteSetExpr(op *Operation) string {
	var parts []string
	for _, s := range op.SiteList() {
		switch s {
		case "cn":
			parts = append(parts, "core.OnChina")
		case "intl":
			parts = append(parts, "core.OnInternational")
		case "eu":
			parts = append(parts, "core.OnEurope")
		}
	}
	return strings.Join(parts, " | ")
}

// emitValidateSite writes ValidateSite for the request of an operation
// whose request shape differs between sites.
func (c *pkgCtx) emitValidateSite(w *writer, op *Operation, pm *pkgModel) {
	w.p("// ValidateSite checks the request like Validate and against the request")
	w.p("// shape the given site documents: fields of other sites must be unset,")
	w.p("// and fields the site requires or restricts are checked. Service methods")
	w.p("// call it with the client's site before sending anything.")
	w.p("func (r *%s) ValidateSite(site core.Site) error {", pm.goName)
	w.p("\tif r == nil {")
	w.p("\t\treturn nil")
	w.p("\t}")
	w.p("\tvar c validate.Collector")
	w.p("\tr.validateInto(&c, \"\")")
	w.p("\tswitch site {")
	for _, site := range op.SiteList() {
		w.p("\tcase %s:", siteConst(site))
		var body writer
		off := offSite(op, pm.m.Fields, site)
		for _, fl := range pm.m.Fields {
			x := "r." + c.fieldGoName(fl)
			fp := fmt.Sprintf("%q", fl.Name)
			if off[fl] {
				body.p("\t\tc.NotOnSite(%s, %s, %q)", fp, setExpr(fl, x), site)
				continue
			}
			if op.SiteRequired(fl, site) && (!fl.Required || c.relaxed[fl]) {
				body.p("\t\tc.Required(%s, %s)", fp, setExpr(fl, x))
			}
			if rule := siteRule(op, site, fl.Name); rule != nil && len(rule.Enum) > 0 {
				var vals []string
				for _, v := range rule.Enum {
					vals = append(vals, quoteAny(v))
				}
				v := x
				if pointerField(fl) {
					body.p("\t\tif %s != nil {", x)
					v = "*" + x
				} else {
					body.p("\t\t{")
				}
				switch fl.Type {
				case "string":
					body.p("\t\t\tc.EnumString(%s, string(%s), %s)", fp, v, strings.Join(vals, ", "))
				default:
					body.p("\t\t\tc.EnumInt(%s, int64(%s), %s)", fp, v, strings.Join(vals, ", "))
				}
				body.p("\t\t}")
			}
		}
		w.WriteString(body.String())
	}
	w.p("\t}")
	w.p("\treturn c.Err(%q)", pm.goName)
	w.p("}")
	w.p("")
}

// setExpr is the Go expression telling whether a request field is set.
func setExpr(fl *Field, x string) string {
	switch {
	case elemType(fl.Type) != "":
		return "len(" + x + ") > 0"
	case objectRef(fl.Type) != "" && fl.Required:
		return "true"
	case pointerField(fl) || objectRef(fl.Type) != "":
		return x + " != nil"
	case fl.Type == "string":
		return x + " != \"\""
	}
	return "true"
}

func siteRule(op *Operation, site, field string) *SiteRule {
	p := op.Sites[site]
	if p == nil {
		return nil
	}
	for _, r := range p.Rules {
		if r.Field == field {
			return r
		}
	}
	return nil
}

// siteTitle is the English name of a site.
func siteTitle(site string) string {
	switch site {
	case "cn":
		return "China"
	case "intl":
		return "International"
	case "eu":
		return "Europe"
	}
	return site
}

// siteDoc says on which sites the operation exists; the generated comment
// lists each site's page after it.
func siteDoc(op *Operation) string {
	var names []string
	for _, s := range op.SiteList() {
		names = append(names, siteTitle(s))
	}
	text := "Sites: " + strings.Join(names, ", ") + ". On a client for another site the call fails with *core.SiteError before anything is sent (core.WithAnySite overrides)."
	if op.HasSiteShape() {
		text += " The request shape differs between sites (see ValidateSite)."
	}
	return text + " Official documentation:"
}

// siteCurrencyDoc ends the doc comment of a money field of an operation
// documented outside China.
const siteCurrencyDoc = "The amount is in the currency of the client's site (Client.Currency): CNY (yuan) on the Chinese site, USD on the international and European sites."
