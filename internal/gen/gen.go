package main

import (
	"fmt"
	"sort"
	"strings"
)

const (
	importTransport = "github.com/hcpartner/partner-sdk-go/internal/transport"
	importValidate  = "github.com/hcpartner/partner-sdk-go/internal/validate"
	importJSONW     = "github.com/hcpartner/partner-sdk-go/internal/jsonw"
	importPaginate  = "github.com/hcpartner/partner-sdk-go/internal/paginate"
	importCore      = "github.com/hcpartner/partner-sdk-go/core"
)

// generatePackage returns file name -> content for one spec file.
func generatePackage(f *File) (map[string][]byte, error) {
	c, err := newPkgCtx(f)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	add := func(name, body string, imports map[string]bool) error {
		src := fmt.Sprintf(header, f.Group) + "package " + f.Package + "\n\n" + importBlock(imports) + body
		b, err := gofmt(name, src)
		if err != nil {
			return err
		}
		out[name] = b
		return nil
	}
	// doc.go
	{
		var w writer
		w.WriteString(fmt.Sprintf(header, f.Group))
		w.comment("", f.Doc)
		w.p("package %s", f.Package)
		b, err := gofmt("doc.go", w.String())
		if err != nil {
			return nil, err
		}
		out["doc.go"] = b
	}
	c.imports = map[string]bool{}
	if err := add("service.go", c.emitService(), c.imports); err != nil {
		return nil, err
	}
	for _, op := range f.Operations {
		c.imports = map[string]bool{}
		body, err := c.emitOperation(op)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op.Name, err)
		}
		if err := add(snake(op.Name)+".go", body, c.imports); err != nil {
			return nil, err
		}
	}
	c.imports = map[string]bool{}
	var w writer
	tops := map[string]bool{}
	for _, op := range f.Operations {
		tops[op.Request] = true
		tops[op.Response] = true
	}
	for _, pm := range c.sortedModels() {
		if tops[pm.name] {
			continue
		}
		c.emitStruct(&w, pm, false)
	}
	if err := add("models.go", w.String(), c.imports); err != nil {
		return nil, err
	}
	if len(c.enums) > 0 {
		c.imports = map[string]bool{}
		if err := add("enums.go", c.emitEnums(), c.imports); err != nil {
			return nil, err
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	return out, nil
}

// emitService writes the Service type, its constructor and the error of a
// Service without a Caller.
func (c *pkgCtx) emitService() string {
	c.imports[importCore] = true
	c.imports["errors"] = true
	field := strings.ToUpper(c.f.Package[:1]) + c.f.Package[1:]
	var w writer
	w.comment("", fmt.Sprintf("Service holds the %s operations. Get it from partnersdk.Client.%s, which shares one client (endpoint, credentials, retries, logging) between all services, or build it with NewService. A Service is safe for concurrent use.", c.f.Package, field))
	w.p("type Service struct {")
	w.p("\tcaller core.Caller")
	w.p("}")
	w.p("")
	w.comment("", fmt.Sprintf("NewService returns a Service that sends every call through c. Programs normally use partnersdk.New, which builds all services on one client; NewService is for wrapping that client's Caller (for metrics or tracing), e.g. %s.NewService(myCaller{next: client.Caller()}).", c.f.Package))
	w.p("func NewService(c core.Caller) *Service { return &Service{caller: c} }")
	w.p("")
	w.comment("", "errNoCaller is the error of a call on a nil Service or one built without a Caller.")
	w.p("func errNoCaller(op string) error {")
	w.p("\treturn &core.RequestError{Operation: op, Err: errors.New(\"the Service has no Caller; build it with partnersdk.New or NewService\")}")
	w.p("}")
	w.p("")
	return w.String()
}

func (c *pkgCtx) emitEnums() string {
	var names []string
	for n := range c.enums {
		names = append(names, n)
	}
	sort.Strings(names)
	var w writer
	for _, n := range names {
		e := c.enums[n]
		base := "string"
		if len(e.Values) > 0 {
			if _, ok := e.Values[0].Value.(float64); ok {
				base = "int32"
			}
		}
		if e.Closed {
			w.p("// %s is a documented value set; the SDK rejects other values before sending.", n)
		} else {
			w.p("// %s names the documented values of a field. The API may add values, so", n)
			w.p("// other values are passed through unchanged.")
		}
		w.p("type %s %s", n, base)
		w.p("")
		w.p("// Values of %s.", n)
		w.p("const (")
		for _, v := range e.Values {
			if v.Doc != "" {
				w.comment("\t", v.Name+": "+v.Doc)
			}
			w.p("\t%s %s = %s", v.Name, n, quoteAny(v.Value))
		}
		w.p(")")
		w.p("")
	}
	return w.String()
}

// emitStruct writes a model type with its methods.
func (c *pkgCtx) emitStruct(w *writer, pm *pkgModel, withMeta bool) {
	doc := strings.TrimSpace(pm.m.Doc)
	if doc == "" {
		doc = pm.goName + " is the " + pm.name + " structure of the API."
	}
	if pm.goName != pm.name && strings.HasPrefix(doc, pm.name+" ") {
		doc = pm.goName + doc[len(pm.name):]
	}
	if !strings.HasPrefix(doc, pm.goName+" ") {
		doc = pm.goName + ": " + doc
	}
	w.comment("", doc)
	w.p("type %s struct {", pm.goName)
	seen := map[string]bool{}
	for _, fl := range pm.m.Fields {
		gn := c.fieldGoName(fl)
		if seen[gn] {
			gn += "2"
		}
		seen[gn] = true
		doc := fieldDoc(fl, gn, pm.request)
		if fl.Money && pm.multiCurrency {
			doc += " " + siteCurrencyDoc
		}
		w.comment("\t", doc)
		w.p("\t%s %s `%s`", gn, c.goType(fl, pm.request), c.tags(fl, pm))
	}
	if withMeta {
		w.p("")
		w.p("\t// Metadata describes the HTTP exchange: status, request id, headers.")
		w.p("\tMetadata core.Metadata `json:\"-\"`")
		c.imports[importCore] = true
	}
	w.p("}")
	w.p("")
	c.emitRedaction(w, pm)
	c.emitLogValue(w, pm)
	if !pm.request {
		c.emitTimeAccessors(w, pm)
	}
	if pm.top && hasIn(pm, "query") {
		c.emitEncodeQuery(w, pm)
	}
	if pm.request {
		c.emitValidate(w, pm)
		if hasBody(pm) {
			c.emitMarshal(w, pm)
		}
	}
}

func (c *pkgCtx) tags(fl *Field, pm *pkgModel) string {
	if !pm.top {
		omit := ""
		if pm.request && (pointerField(fl) || elemType(fl.Type) != "" || (objectRef(fl.Type) != "" && !fl.Required)) {
			omit = ",omitempty"
		}
		return fmt.Sprintf(`json:"%s%s"`, fl.Name, omit)
	}
	switch fl.In {
	case "query":
		omit := ",omitempty"
		if !pointerField(fl) && elemType(fl.Type) == "" && fl.Required {
			omit = ""
		}
		return fmt.Sprintf(`json:"-" url:"%s%s"`, fl.Name, omit)
	case "path":
		return fmt.Sprintf(`json:"-" url:"-" path:"%s"`, fl.Name)
	case "header":
		return fmt.Sprintf(`json:"-" url:"-" header:"%s"`, fl.Name)
	default:
		omit := ""
		if pointerField(fl) || elemType(fl.Type) != "" || (objectRef(fl.Type) != "" && !fl.Required) {
			omit = ",omitempty"
		}
		return fmt.Sprintf(`json:"%s%s" url:"-"`, fl.Name, omit)
	}
}

func hasBody(pm *pkgModel) bool {
	if !pm.top {
		return true
	}
	for _, fl := range pm.m.Fields {
		if fl.In == "body" {
			return true
		}
	}
	return false
}

func hasIn(pm *pkgModel, in string) bool {
	for _, fl := range pm.m.Fields {
		if fl.In == in {
			return true
		}
	}
	return false
}

// isSecret reports fields whose values must never be printed: passwords and
// verification codes.
func isSecret(fl *Field) bool {
	n := strings.ToLower(strings.ReplaceAll(fl.Name, "_", ""))
	return strings.Contains(n, "password") || strings.Contains(n, "verificationcode")
}

// emitRedaction gives a model with secret fields a Format method, so that
// fmt's %v, %+v, %#v and %s never show them.
func (c *pkgCtx) emitRedaction(w *writer, pm *pkgModel) {
	var secrets []*Field
	for _, fl := range pm.m.Fields {
		if isSecret(fl) && fl.Type == "string" {
			secrets = append(secrets, fl)
		}
	}
	if len(secrets) == 0 {
		return
	}
	c.imports["fmt"] = true
	w.p("// Format prints the value with its secret fields (passwords, verification")
	w.p("// codes) replaced by [REDACTED], whatever the verb.")
	w.p("func (r %s) Format(f fmt.State, verb rune) {", pm.goName)
	w.p("	type plain %s", pm.goName)
	w.p("	p := plain(r)")
	w.p("	redacted := \"[REDACTED]\"")
	for _, fl := range secrets {
		gn := c.fieldGoName(fl)
		if pm.request && pointerField(fl) {
			w.p("	if p.%s != nil {", gn)
			w.p("		p.%s = &redacted", gn)
			w.p("	}")
		} else {
			w.p("	if p.%s != \"\" {", gn)
			w.p("		p.%s = redacted", gn)
			w.p("	}")
		}
	}
	w.p("	fmt.Fprintf(f, fmt.FormatString(f, verb), p)")
	w.p("}")
	w.p("")
}

// holdsSecret reports whether a model has a secret field, directly or in a
// nested model.
func (c *pkgCtx) holdsSecret(name string, seen map[string]bool) bool {
	pm := c.models[name]
	if pm == nil || seen[name] {
		return false
	}
	seen[name] = true
	for _, fl := range pm.m.Fields {
		if isSecret(fl) && fl.Type == "string" {
			return true
		}
		ref := objectRef(fl.Type)
		if ref == "" {
			ref = objectRef(elemType(fl.Type))
		}
		if ref != "" && c.holdsSecret(ref, seen) {
			return true
		}
	}
	return false
}

// emitLogValue gives a request model that holds a secret (here or nested) a
// LogValue method: log/slog's JSON handler would otherwise encode it with
// MarshalJSON, which carries the secret to the wire and so into the log.
func (c *pkgCtx) emitLogValue(w *writer, pm *pkgModel) {
	if !pm.request || !c.holdsSecret(pm.name, map[string]bool{}) {
		return
	}
	c.imports["fmt"] = true
	c.imports["log/slog"] = true
	w.p("// LogValue makes log/slog print the value as fmt's %%+v does, with its")
	w.p("// secret fields (passwords, verification codes) redacted.")
	w.p("func (r %s) LogValue() slog.Value {", pm.goName)
	w.p("	return slog.StringValue(fmt.Sprintf(\"%%+v\", r))")
	w.p("}")
	w.p("")
}

// emitEncodeQuery writes EncodeQuery: the query string of the request in
// wire form, keys in byte order (sorted here, at generation time), without
// reflection. Its tests compare it with go-querystring's encoding.
func (c *pkgCtx) emitEncodeQuery(w *writer, pm *pkgModel) {
	var fields []*Field
	for _, fl := range pm.m.Fields {
		if fl.In == "query" {
			fields = append(fields, fl)
		}
	}
	sort.SliceStable(fields, func(i, j int) bool { return fields[i].Name < fields[j].Name })
	w.p("// EncodeQuery returns the query string the request is sent with: keys in")
	w.p("// byte order, list items as repeated keys, values percent-encoded with %%20")
	w.p("// for space, unset optional parameters left out, an empty value as a bare")
	w.p("// key.")
	w.p("func (r *%s) EncodeQuery() string {", pm.goName)
	w.p("\tvar q transport.QueryBuilder")
	c.imports[importTransport] = true
	for _, fl := range fields {
		gn := c.fieldGoName(fl)
		add := func(v, t string) string {
			switch t {
			case "string":
				if fl.Consts != nil {
					v = "string(" + v + ")"
				}
				return fmt.Sprintf("q.Add(%q, %s)", fl.Name, v)
			case "int32", "int64":
				return fmt.Sprintf("q.AddInt(%q, int64(%s))", fl.Name, v)
			case "bool":
				return fmt.Sprintf("q.AddBool(%q, %s)", fl.Name, v)
			}
			panic("query type " + t)
		}
		if et := elemType(fl.Type); et != "" {
			w.p("\tfor _, v := range r.%s {", gn)
			w.p("\t\t%s", add("v", et))
			w.p("\t}")
			continue
		}
		if pointerField(fl) {
			w.p("\tif r.%s != nil {", gn)
			w.p("\t\t%s", add("*r."+gn, fl.Type))
			w.p("\t}")
			continue
		}
		w.p("\t%s", add("r."+gn, fl.Type))
	}
	w.p("\treturn q.String()")
	w.p("}")
	w.p("")
}
