package main

import (
	"fmt"
	"strings"
)

func (c *pkgCtx) emitOperation(op *Operation) (string, error) {
	req := c.models[op.Request]
	resp := c.models[op.Response]
	var w writer
	c.emitStruct(&w, req, false)
	if op.HasSiteShape() {
		c.emitValidateSite(&w, op, req)
	}
	c.emitStruct(&w, resp, true)
	c.imports["context"] = true
	c.imports[importCore] = true

	// Method doc.
	doc := strings.TrimSpace(op.Summary)
	if doc == "" {
		doc = op.Name + " calls " + op.Method + " " + op.Path + "."
	}
	if mn := methodName(op); mn != op.Name {
		doc = strings.TrimPrefix(doc, op.Name+" ")
		doc = mn + " (official operation name " + op.Name + ") " + doc
	}
	w.comment("", doc)
	w.p("//")
	w.comment("", "Caller: "+strings.TrimSpace(op.Caller))
	w.p("//")
	kind := "It is a read: failed attempts are retried when safe."
	var idem *Field
	if op.IdempotencyKey != "" {
		idem = c.findField(req, op.IdempotencyKey)
		if idem == nil || idem.In != "body" || idem.Type != "string" || idem.Required {
			return "", fmt.Errorf("%s: idempotency key %q is not an optional string body field", op.Name, op.IdempotencyKey)
		}
	}
	switch {
	case op.Kind == "write" && idem != nil:
		kind = "It is a write with an idempotency key: when " + op.IdempotencyKey + " is empty the SDK fills it with a random key (32 hex digits) and sends that same key on every attempt, so failed attempts are retried like reads; a duplicate-key answer on a retry is returned as *core.AlreadyAppliedError, and a failure after an attempt that may have been applied as *core.OutcomeUnknownError carrying the key."
	case op.Kind == "write":
		kind = "It is a write: it is never resent once it may have reached the server; an ambiguous failure is returned as *core.OutcomeUnknownError."
	}
	w.comment("", "API: "+op.Method+" "+op.Path+". "+kind)
	if c.partialResponse(op) {
		w.p("//")
		w.comment("", "When some items failed although the API answered HTTP 200, the method returns the response (with the applied items) together with a *core.PartialError listing the failed ones.")
	}
	if op.Deprecated != nil {
		w.p("//")
		repl := op.Deprecated.Replacement
		if repl != "" {
			w.comment("", "Deprecated: this legacy /v1.0 operation is being taken offline by Huawei; use "+repl+" instead.")
		} else {
			w.comment("", "Deprecated: this legacy /v1.0 operation is being taken offline by Huawei.")
		}
	}
	if op.DocURL != "" && len(op.Sites) == 0 {
		w.p("//")
		w.comment("", "Official documentation of "+op.Name+": "+op.DocURL)
	}
	if len(op.Sites) > 0 {
		w.p("//")
		w.comment("", siteDoc(op))
		for _, s := range op.SiteList() {
			if u := op.Sites[s].DocURL; u != "" {
				w.p("//   - %s: %s", siteTitle(s), u)
			}
		}
	}
	w.p("func (s *Service) %s(ctx context.Context, req *%s, opts ...core.CallOption) (*%s, error) {", methodName(op), req.goName, resp.goName)
	w.p("\tif req == nil {")
	w.p("\t\treq = new(%s)", req.goName)
	w.p("\t}")
	var pathArgs []string
	for _, fl := range req.m.Fields {
		if fl.In == "path" {
			pathArgs = append(pathArgs, "req."+c.fieldGoName(fl))
		}
	}
	var hdrs []*Field
	for _, fl := range req.m.Fields {
		if fl.In == "header" {
			hdrs = append(hdrs, fl)
		}
	}
	if len(hdrs) > 0 {
		w.p("\tvar headers [][2]string")
		for _, fl := range hdrs {
			gn := c.fieldGoName(fl)
			w.p("\tif req.%s != nil {", gn)
			w.p("\t\theaders = append(headers, [2]string{%q, string(*req.%s)})", fl.Name, gn)
			w.p("\t}")
		}
	}
	if idem != nil {
		gn := c.fieldGoName(idem)
		w.p("\tif req.%s == nil || *req.%s == \"\" {", gn, gn)
		w.p("\t\tcp := *req")
		w.p("\t\tkey := core.NewIdempotencyKey()")
		w.p("\t\tcp.%s = &key", gn)
		w.p("\t\treq = &cp")
		w.p("\t}")
	}
	w.p("\tout := new(%s)", resp.goName)
	w.p("\tif s == nil || s.caller == nil {")
	w.p("\t\treturn nil, errNoCaller(%q)", op.Name)
	w.p("\t}")
	sites := ""
	if e := siteSetExpr(op); e != "" {
		sites = ", Sites: " + e
	}
	w.p("\terr := s.caller.Call(ctx, core.Operation{Name: %q, Method: %q, Path: %q, Write: %v%s}, core.Request{", op.Name, op.Method, op.Path, op.Kind == "write", sites)
	if len(pathArgs) > 0 {
		w.p("\t\tPathParams: []string{%s},", strings.Join(pathArgs, ", "))
	}
	if hasIn(req, "query") {
		w.p("\t\tRawQuery: req.EncodeQuery(),")
	}
	if hasIn(req, "body") {
		w.p("\t\tBody: req,")
	}
	if len(hdrs) > 0 {
		w.p("\t\tHeaders: headers,")
	}
	if idem != nil {
		w.p("\t\tIdempotencyKey: *req.%s,", c.fieldGoName(idem))
	}
	w.p("\t\tValidate: req.Validate,")
	if op.HasSiteShape() {
		w.p("\t\tValidateSite: req.ValidateSite,")
	}
	w.p("\t}, out, &out.Metadata, opts...)")
	w.p("\tif err != nil {")
	w.p("\t\treturn nil, err")
	w.p("\t}")
	if c.partialResponse(op) {
		w.p("\tif len(out.ErrorDetails) == 0 {")
		w.p("\t\treturn out, nil")
		w.p("\t}")
		w.p("\t// A 200 answer may still list failed items: report them as an error")
		w.p("\t// next to the response, so no caller takes them for success.")
		w.p("\tfailed := make([]core.FailedItem, 0, len(out.ErrorDetails))")
		w.p("\tfor _, d := range out.ErrorDetails {")
		w.p("\t\tfailed = append(failed, core.FailedItem{ID: d.ID, Code: d.ErrorCode, Message: d.ErrorMsg})")
		w.p("\t}")
		w.p("\treturn out, core.NewPartialError(%q, &out.Metadata, failed)", op.Name)
	} else {
		w.p("\treturn out, nil")
	}
	w.p("}")
	w.p("")
	if op.Paginate != nil {
		if err := c.emitIterator(&w, op, req, resp); err != nil {
			return "", err
		}
	}
	return w.String(), nil
}

func (c *pkgCtx) findField(pm *pkgModel, name string) *Field {
	for _, fl := range pm.m.Fields {
		if fl.Name == name {
			return fl
		}
	}
	return nil
}

func (c *pkgCtx) emitIterator(w *writer, op *Operation, req, resp *pkgModel) error {
	p := op.Paginate
	if p.Items == nil || *p.Items == "" {
		return nil // not iterable by items (documented in the spec note)
	}
	// Resolve the items path.
	parts := strings.Split(*p.Items, ".")
	cur := resp
	expr := "p"
	var guards []string
	var itemType string
	for i, part := range parts {
		fl := c.findField(cur, part)
		if fl == nil {
			return fmt.Errorf("items path %q: no field %q in %s", *p.Items, part, cur.name)
		}
		expr += "." + c.fieldGoName(fl)
		if i < len(parts)-1 {
			ref := objectRef(fl.Type)
			if ref == "" || elemType(fl.Type) != "" {
				return fmt.Errorf("items path %q: %q is not an object", *p.Items, part)
			}
			if !fl.Required {
				guards = append(guards, expr+" == nil")
			}
			cur = c.models[ref]
			continue
		}
		et := elemType(fl.Type)
		if et == "" {
			return fmt.Errorf("items path %q does not end in a list", *p.Items)
		}
		itemType = c.scalarGo(fl, et)
	}
	var posName, sizeName *string
	unit := "paginate.Items"
	base := int64(0)
	if p.Style == "offset_limit" {
		posName, sizeName = p.Offset, p.Limit
		if p.OffsetUnit == "pages" {
			unit = "paginate.Pages"
		}
		if p.OffsetBase != nil {
			base = *p.OffsetBase
		}
	} else {
		posName, sizeName = p.Page, p.Size
		unit = "paginate.Pages"
		base = 1
	}
	if posName == nil || *posName == "" {
		return nil // no position parameter: a single page only
	}
	posField := c.findField(req, *posName)
	if posField == nil {
		return fmt.Errorf("no position field %q", *posName)
	}
	var sizeField *Field
	if sizeName != nil && *sizeName != "" {
		sizeField = c.findField(req, *sizeName)
	}
	c.imports["iter"] = true
	c.imports[importPaginate] = true
	posGo := c.fieldGoName(posField)
	posType := c.scalarGo(posField, posField.Type)

	w.comment("", fmt.Sprintf("%sAll returns an iterator over every item of every page of %s, starting at the request's own position. It copies req, sets the page size to the documented maximum when unset, holds one page in memory at a time, and stops at the last page, on the first error (yielded once), or when ctx is done.", op.Name, op.Name))
	w.p("func (s *Service) %sAll(ctx context.Context, req *%s, opts ...core.CallOption) iter.Seq2[%s, error] {", methodName(op), req.goName, itemType)
	w.p("\treturn paginate.All(ctx, req, paginate.Pager[%s, %s, %s]{", req.goName, resp.goName, itemType)
	w.p("\t\tFetch: func(ctx context.Context, r *%s) (*%s, error) { return s.%s(ctx, r, opts...) },", req.goName, resp.goName, methodName(op))
	w.p("\t\tItems: func(p *%s) []%s {", resp.goName, itemType)
	for _, g := range guards {
		w.p("\t\t\tif %s {", g)
		w.p("\t\t\t\treturn nil")
		w.p("\t\t\t}")
	}
	w.p("\t\t\treturn %s", expr)
	w.p("\t\t},")
	if p.Total != nil && *p.Total != "" {
		if tf := c.findField(resp, *p.Total); tf != nil && (tf.Type == "int32" || tf.Type == "int64") {
			w.p("\t\tTotal: func(p *%s) (int64, bool) { return int64(p.%s), p.%s > 0 },", resp.goName, c.fieldGoName(tf), c.fieldGoName(tf))
		}
	}
	if pointerField(posField) {
		w.p("\t\tPosition: func(r *%s) int64 {", req.goName)
		w.p("\t\t\tif r.%s == nil {", posGo)
		w.p("\t\t\t\treturn %d", base)
		w.p("\t\t\t}")
		w.p("\t\t\treturn int64(*r.%s)", posGo)
		w.p("\t\t},")
		w.p("\t\tSetPosition: func(r *%s, v int64) { n := %s(v); r.%s = &n },", req.goName, posType, posGo)
	} else {
		w.p("\t\tPosition: func(r *%s) int64 { return int64(r.%s) },", req.goName, posGo)
		w.p("\t\tSetPosition: func(r *%s, v int64) { r.%s = %s(v) },", req.goName, posGo, posType)
	}
	if sizeField != nil {
		sizeGo := c.fieldGoName(sizeField)
		sizeType := c.scalarGo(sizeField, sizeField.Type)
		def := int64(0)
		if p.DefaultLimit != nil {
			def = *p.DefaultLimit
		}
		if pointerField(sizeField) {
			w.p("\t\tPageSize: func(r *%s) int64 {", req.goName)
			w.p("\t\t\tif r.%s == nil {", sizeGo)
			w.p("\t\t\t\treturn %d", def)
			w.p("\t\t\t}")
			w.p("\t\t\treturn int64(*r.%s)", sizeGo)
			w.p("\t\t},")
			if p.MaxLimit != nil {
				w.p("\t\tPrepare: func(r *%s) {", req.goName)
				w.p("\t\t\tif r.%s == nil {", sizeGo)
				w.p("\t\t\t\tn := %s(%d)", sizeType, *p.MaxLimit)
				w.p("\t\t\t\tr.%s = &n", sizeGo)
				w.p("\t\t\t}")
				w.p("\t\t},")
			}
		} else {
			w.p("\t\tPageSize: func(r *%s) int64 { return int64(r.%s) },", req.goName, sizeGo)
		}
	}
	w.p("\t\tUnit: %s,", unit)
	if _, hi, ok := rangeOf(posField); ok && hi != nil {
		w.p("\t\tMaxPosition: %d,", *hi)
	}
	w.p("\t})")
	w.p("}")
	w.p("")
	return nil
}

// partialResponse reports whether the operation's response lists failed
// items in error_details (a list of ErrorDetail) next to a 200 answer.
func (c *pkgCtx) partialResponse(op *Operation) bool {
	pm := c.models[op.Response]
	if pm == nil {
		return false
	}
	for _, fl := range pm.m.Fields {
		if fl.Name == "error_details" && fl.Type == "array:object:ErrorDetail" {
			return true
		}
	}
	return false
}
