package main

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

const modulePath = "github.com/hcpartner/partner-sdk-go"

// generateTests returns the test files and fixtures of one package.
func generateTests(f *File) (tests map[string][]byte, fixtures map[string][]byte, err error) {
	c, err := newPkgCtx(f)
	if err != nil {
		return nil, nil, err
	}
	tests = map[string][]byte{}
	fixtures = map[string][]byte{}
	for _, op := range f.Operations {
		s := &sampler{c: c, pkg: f.Package, imports: map[string]bool{}}
		src, fx, err := s.opTest(op)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", op.Name, err)
		}
		imports := s.imports
		imports["context"] = true
		imports["testing"] = true
		imports["github.com/stretchr/testify/require"] = true
		imports[modulePath+"/internal/sdktest"] = true
		imports[modulePath+"/"+f.Package] = true
		full := fmt.Sprintf(header, f.Group) + "package " + f.Package + "_test\n\n" + importBlock(imports) + src
		b, err := gofmt(snake(op.Name)+"_test.go", full)
		if err != nil {
			return nil, nil, err
		}
		tests[snake(op.Name)+"_test.go"] = b
		fixtures["testdata/"+snake(op.Name)+"_ok.json"] = fx
	}
	return tests, fixtures, nil
}

// testSite is the site the generated tests of op run on: the Chinese site
// when it documents the operation, else the first that does.
func testSite(op *Operation) string {
	if l := op.SiteList(); len(l) > 0 {
		return l[0]
	}
	return "cn"
}

// siteConst is the core constant naming a site.
func siteConst(site string) string {
	switch site {
	case "intl":
		return "core.SiteInternational"
	case "eu":
		return "core.SiteEurope"
	}
	return "core.SiteChina"
}

// offSite returns the request fields the site does not document: fields of
// other sites only, and fields a rule of the site marks absent.
func offSite(op *Operation, fields []*Field, site string) map[*Field]bool {
	out := map[*Field]bool{}
	for _, fl := range fields {
		if !fl.OnSite(site) {
			out[fl] = true
		}
	}
	if p := op.Sites[site]; p != nil {
		for _, r := range p.Rules {
			if !r.Absent {
				continue
			}
			for _, fl := range fields {
				if fl.Name == r.Field {
					out[fl] = true
				}
			}
		}
	}
	return out
}

func (s *sampler) opTest(op *Operation) (string, []byte, error) {
	req := s.c.models[op.Request]
	site := testSite(op)
	s.skip = offSite(op, req.m.Fields, site)
	newTransport := "sdktest.NewTransport(t)"
	if site != "cn" {
		newTransport = "sdktest.NewTransportOn(t, " + siteConst(site) + ")"
	}
	resp := s.c.models[op.Response]
	lit, _ := s.model(req, true)
	var w writer
	sampleFn := "sample" + op.Name + "Request"
	w.p("func %s() *%s.%s {", sampleFn, s.pkg, req.goName)
	w.p("\treturn &%s", lit)
	w.p("}")
	w.p("")

	// Expected wire request.
	path := op.Path
	qvals := map[string][]string{}
	body := &orderedObject{}
	for _, fl := range req.m.Fields {
		if s.skip[fl] {
			continue
		}
		_, jv := s.field(fl, true)
		switch fl.In {
		case "path":
			path = strings.Replace(path, "{"+fl.Name+"}", pct(jv.(string)), 1)
		case "query":
			switch x := jv.(type) {
			case []any:
				for _, e := range x {
					qvals[fl.Name] = append(qvals[fl.Name], scalarText(e))
				}
			default:
				qvals[fl.Name] = append(qvals[fl.Name], scalarText(x))
			}
		case "body":
			body.keys = append(body.keys, fl.Name)
			body.vals = append(body.vals, jv)
		}
	}
	snk := snake(op.Name)
	reqID := "req-" + strings.ReplaceAll(snk, "_", "-")
	fx := map[string]any{}
	fxReq := map[string]any{"method": op.Method, "path": path, "query": wireQuery(qvals)}
	if len(body.keys) > 0 {
		fxReq["body"] = json.RawMessage(encodeJSON(body))
	}
	fx["request"] = fxReq
	fx["response"] = map[string]any{
		"status":  200,
		"headers": map[string]string{"X-Request-Id": reqID},
		"body":    json.RawMessage(s.respModel(resp)),
	}
	fxBytes, err := json.MarshalIndent(fx, "", "  ")
	if err != nil {
		return "", nil, err
	}
	fxBytes = append(fxBytes, '\n')

	w.p("func Test%s(t *testing.T) {", op.Name)
	if site == "cn" {
		w.p("\th := sdktest.NewHarness(t, %q, %v)", "testdata/"+snk+"_ok.json", op.Kind == "write")
	} else {
		w.p("\th := sdktest.NewHarnessOn(t, %s, %q, %v)", siteConst(site), "testdata/"+snk+"_ok.json", op.Kind == "write")
	}
	w.p("\tsvc := %s.NewService(h.Transport)", s.pkg)
	w.p("\tresp, err := svc.%s(context.Background(), %s())", methodName(op), sampleFn)
	w.p("\tvar meta *core.Metadata")
	w.p("\tif resp != nil {")
	w.p("\t\tmeta = &resp.Metadata")
	w.p("\t}")
	w.p("\th.Check(resp, meta, err)")
	w.p("}")
	w.p("")
	s.imports[modulePath+"/core"] = true

	s.imports[modulePath] = true
	w.p("func Test%s_APIError(t *testing.T) {", op.Name)
	w.p("\ttc, mock := %s", newTransport)
	w.p("\tsvc := %s.NewService(tc)", s.pkg)
	w.p("\tsdktest.RespondError(mock, 400, \"CBC.0100\", \"invalid parameter\")")
	w.p("\t_, err := svc.%s(context.Background(), %s())", methodName(op), sampleFn)
	w.p("\tvar apiErr *partnersdk.APIError")
	w.p("\trequire.ErrorAs(t, err, &apiErr)")
	w.p("\trequire.Equal(t, 400, apiErr.StatusCode)")
	w.p("\trequire.Equal(t, \"CBC.0100\", apiErr.Code)")
	w.p("\trequire.Equal(t, \"req-error-1\", apiErr.RequestID)")
	w.p("\trequire.ErrorIs(t, err, partnersdk.CodeInvalidParameter)")
	w.p("}")
	w.p("")

	if hasIn(req, "query") {
		s.imports["github.com/google/go-querystring/query"] = true
		s.imports[modulePath+"/internal/transport"] = true
		w.p("// The reflection-free EncodeQuery must equal go-querystring's encoding of")
		w.p("// the url tags, for a full request and for an empty one.")
		w.p("func Test%s_EncodeQuery(t *testing.T) {", op.Name)
		w.p("\tfor _, r := range []*%s.%s{%s(), {}} {", s.pkg, req.goName, sampleFn)
		w.p("\t\tvals, err := query.Values(r)")
		w.p("\t\trequire.NoError(t, err)")
		w.p("\t\trequire.Equal(t, transport.EncodeQuery(vals), r.EncodeQuery())")
		w.p("\t}")
		w.p("}")
		w.p("")
	}
	cases := s.validationCases(req)
	w.p("func Test%s_Validation(t *testing.T) {", op.Name)
	w.p("\trequire.NoError(t, %s().Validate())", sampleFn)
	if len(cases) > 0 {
		s.imports[modulePath+"/core"] = true
		w.p("\tcases := []struct {")
		w.p("\t\tfield  string")
		w.p("\t\trule   core.Rule")
		w.p("\t\tmutate func(r *%s.%s)", s.pkg, req.goName)
		w.p("\t}{")
		for _, cs := range cases {
			w.p("\t\t{%q, core.%s, func(r *%s.%s) { %s }},", cs.field, cs.rule, s.pkg, req.goName, cs.mutate)
		}
		w.p("\t}")
		w.p("\tfor _, c := range cases {")
		w.p("\t\tt.Run(c.field+\"/\"+string(c.rule), func(t *testing.T) {")
		w.p("\t\t\ttc, mock := %s", newTransport)
		w.p("\t\t\tsvc := %s.NewService(tc)", s.pkg)
		w.p("\t\t\tr := %s()", sampleFn)
		w.p("\t\t\tc.mutate(r)")
		w.p("\t\t\t_, err := svc.%s(context.Background(), r)", methodName(op))
		w.p("\t\t\tvar ve *partnersdk.ValidationError")
		w.p("\t\t\trequire.ErrorAs(t, err, &ve)")
		w.p("\t\t\trequire.True(t, ve.Has(c.field, c.rule), \"%%v\", err)")
		w.p("\t\t\trequire.Zero(t, mock.GetTotalCallCount(), \"nothing may be sent\")")
		w.p("\t\t})")
		w.p("\t}")
	}
	w.p("}")
	w.p("")
	return w.String(), fxBytes, nil
}

func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

type valCase struct {
	field, rule, mutate string
}

// validationCases breaks each top-level limit of a request once.
func (s *sampler) validationCases(pm *pkgModel) []valCase {
	var out []valCase
	seen := map[string]bool{}
	for _, fl := range pm.m.Fields {
		gn := s.c.fieldGoName(fl)
		if seen[gn] {
			gn += "2"
		}
		seen[gn] = true
		x := "r." + gn
		named := fl.Consts != nil
		list := elemType(fl.Type) != ""
		base := fl.Type
		if list {
			base = elemType(fl.Type)
		}
		strVal := func(v string) string {
			e := v
			if named {
				e = s.pkg + "." + fl.Consts.Type + "(" + v + ")"
			}
			if list {
				return "[]" + s.qualified(s.c.scalarGo(fl, base)) + "{" + e + "}"
			}
			if pointerField(fl) {
				return "partnersdk.Ptr(" + e + ")"
			}
			return e
		}
		name := fl.Name
		itemName := name
		if list {
			itemName = name + "[0]"
		}
		// required
		if fl.Required && !s.c.relaxed[fl] {
			switch {
			case fl.In == "path":
				out = append(out, valCase{name, "RulePathSegment", x + " = \"\""})
			case list:
				out = append(out, valCase{name, "RuleRequired", x + " = nil"})
			case pointerField(fl):
				out = append(out, valCase{name, "RuleRequired", x + " = nil"})
			case base == "string":
				out = append(out, valCase{name, "RuleRequired", x + " = \"\""})
			}
		}
		if base == "string" && fl.MaxLength != nil && *fl.MaxLength < 5000 {
			s.imports["strings"] = true
			out = append(out, valCase{itemName, "RuleMaxLength", x + " = " + strVal(fmt.Sprintf("strings.Repeat(\"中\", %d)", *fl.MaxLength+1))})
		}
		if base == "string" && fl.MinLength != nil && *fl.MinLength > 1 && fl.In != "path" {
			s.imports["strings"] = true
			out = append(out, valCase{itemName, "RuleMinLength", x + " = " + strVal(fmt.Sprintf("strings.Repeat(\"x\", %d)", *fl.MinLength-1))})
		}
		if base == "string" && fl.Format != "" && validLayout(fl.Format) {
			out = append(out, valCase{itemName, "RuleFormat", x + " = " + strVal(`"2024/05/06 08:05"`)})
		}
		if base == "string" && len(enumValues(fl)) > 0 {
			out = append(out, valCase{itemName, "RuleEnum", x + " = " + strVal(`"not-a-documented-value"`)})
		}
		if base == "int32" || base == "int64" {
			intVal := func(v int64) string {
				e := base + "(" + strconv.FormatInt(v, 10) + ")"
				if named {
					e = s.pkg + "." + fl.Consts.Type + "(" + strconv.FormatInt(v, 10) + ")"
				}
				if list {
					return "[]" + s.qualified(s.c.scalarGo(fl, base)) + "{" + e + "}"
				}
				if pointerField(fl) {
					return "partnersdk.Ptr(" + e + ")"
				}
				return e
			}
			maxV := int64(math.MaxInt32)
			minV := int64(math.MinInt32)
			if base == "int64" {
				maxV, minV = math.MaxInt64, math.MinInt64
			}
			if lo, hi, ok := rangeOf(fl); ok {
				if lo != nil && *lo > minV {
					out = append(out, valCase{itemName, "RuleRange", x + " = " + intVal(*lo-1)})
				} else if hi != nil && *hi < maxV {
					out = append(out, valCase{itemName, "RuleRange", x + " = " + intVal(*hi+1)})
				}
			}
			if vals := enumValues(fl); len(vals) > 0 {
				out = append(out, valCase{itemName, "RuleEnum", x + " = " + intVal(987654)})
			}
		}
		if (base == "decimal") && fl.Money && !list {
			m := func(v string) string {
				e := "partnersdk.MustMoney(\"" + v + "\")"
				if pointerField(fl) {
					return "partnersdk.MoneyPtr(" + e + ")"
				}
				return e
			}
			out = append(out, valCase{name, "RuleMoneyScale", x + " = " + m("1.234")})
			if fl.Positive {
				out = append(out, valCase{name, "RuleMoneySign", x + " = " + m("0")})
			}
		}
		if list && fl.MaxItems != nil && *fl.MaxItems < 10000 {
			out = append(out, valCase{name, "RuleMaxItems", fmt.Sprintf("for len(%s) <= %d { %s = append(%s, %s[0]) }", x, *fl.MaxItems, x, x, x)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return false })
	return out
}

func validLayout(f string) bool {
	switch f {
	case "utc-datetime", "yyyy-MM", "yyyy-MM-dd":
		return true
	}
	return false
}
