package sandbox

import (
	"strings"

	"github.com/hcpartner/partner-sdk-go/internal/spec"
)

// siteRule is one request-shape rule of one site (internal/spec/sites.json):
// a field the site requires, one it does not document, or the values it
// accepts.
type siteRule struct {
	field    string
	in       string
	required bool
	absent   bool
	enum     []string
}

// siteRulesOf returns, per site, the request-shape rules of op, the same
// ones the generated ValidateSite applies. It also reports the request
// fields that are required on some sites only: the site-independent check
// leaves them to the site rules.
func siteRulesOf(op *spec.Operation, req *spec.Model) (rules map[string][]siteRule, relaxed map[string]bool) {
	if req == nil || !op.HasSiteShape() {
		return nil, nil
	}
	rules = map[string][]siteRule{}
	relaxed = map[string]bool{}
	for _, fl := range req.Fields {
		if fl.Required && !op.RequiredEverywhere(fl) {
			relaxed[fl.Name] = true
		}
	}
	for _, site := range op.SiteList() {
		page := op.Sites[site]
		for _, fl := range req.Fields {
			r := siteRule{field: fl.Name, in: fl.In}
			r.absent = !fl.OnSite(site)
			for _, sr := range page.Rules {
				if sr.Field != fl.Name {
					continue
				}
				r.absent = r.absent || sr.Absent
				for _, v := range sr.Enum {
					r.enum = append(r.enum, constText(v))
				}
			}
			r.required = !r.absent && op.SiteRequired(fl, site) && (!fl.Required || relaxed[fl.Name])
			if r.absent || r.required || len(r.enum) > 0 {
				rules[site] = append(rules[site], r)
			}
		}
	}
	return rules, relaxed
}

// checkSite applies the rules of the server's site (Config.Site) to the
// request, reporting like the SDK's ValidateSite.
func (s *Server) checkSite(op *opSpec, a *args) []string {
	if s.cfg.Site == "" {
		return nil
	}
	var msgs []string
	for _, r := range op.SiteRules[s.cfg.Site] {
		v, set := siteValue(a, r)
		switch {
		case r.absent && set:
			msgs = append(msgs, r.field+": is not documented on site "+s.cfg.Site+"; leave it unset")
		case r.required && !set:
			msgs = append(msgs, r.field+": is required")
		case len(r.enum) > 0 && set && !contains(r.enum, v):
			msgs = append(msgs, r.field+": must be one of ["+strings.Join(r.enum, ", ")+"]")
		}
	}
	return msgs
}

// siteValue returns a request parameter as text and whether it is set
// (present, not null, not an empty string).
func siteValue(a *args, r siteRule) (string, bool) {
	switch r.in {
	case "query":
		vals := a.query[r.field]
		if len(vals) == 0 || vals[0] == "" {
			return "", false
		}
		return vals[0], true
	case "body":
		v, ok := a.body[r.field]
		if !ok || v == nil {
			return "", false
		}
		if list, isList := v.([]any); isList {
			return "", len(list) > 0
		}
		t, _ := a.str(r.field)
		if s, isStr := v.(string); isStr && s == "" {
			return "", false
		}
		return t, true
	}
	return "", false
}

// siteCurrency is the currency a generated amount of the object at key
// (which names the operation) is in: USD on the international and European sites
// (Config.Site) and for operations only they document, CNY otherwise.
func (s *Server) siteCurrency(key string) string {
	if s.cfg.Site == "intl" || s.cfg.Site == "eu" {
		return "USD"
	}
	// Keys are "<operation>.<field>..." (handlers) or
	// "<seed>/<operation>..." (the generic handler).
	name, _, _ := strings.Cut(key, ".")
	if _, rest, ok := strings.Cut(name, "/"); ok {
		name = rest
	}
	name, _, _ = strings.Cut(name, "#")
	for i := range s.ops {
		if op := &s.ops[i]; op.Name == name && len(op.Sites) > 0 && !op.onSite("cn") {
			return "USD"
		}
	}
	return "CNY"
}
