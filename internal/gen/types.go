package main

import (
	"fmt"
	"sort"
	"strings"
)

// pkgModel is a model placed in a Go package with its resolved name.
type pkgModel struct {
	name    string // spec name
	goName  string
	m       *Model
	request bool // reached from a request (validated and encoded)
	top     bool // an operation's request struct
	// multiCurrency marks models of operations documented outside China.
	multiCurrency bool
}

// pkgCtx holds what the emitters of one package need.
type pkgCtx struct {
	f       *File
	models  map[string]*pkgModel
	enums   map[string]*ConstSpec // by Go type name
	imports map[string]bool
	// relaxed holds required request fields that some site of their
	// operation does not require: the site-independent Validate leaves
	// their required check to ValidateSite.
	relaxed map[*Field]bool
	err     error // first error of an emitter that cannot return one
}

func newPkgCtx(f *File) (*pkgCtx, error) {
	c := &pkgCtx{f: f, models: map[string]*pkgModel{}, enums: map[string]*ConstSpec{}, relaxed: map[*Field]bool{}}
	for _, op := range f.Operations {
		if rq := f.Models[op.Request]; rq != nil {
			for _, fl := range rq.Fields {
				if fl.Required && !op.RequiredEverywhere(fl) {
					c.relaxed[fl] = true
				}
			}
		}
	}
	for name, m := range f.Models {
		gn := name
		if m.Go != "" {
			gn = m.Go
		}
		c.models[name] = &pkgModel{name: name, goName: goName(gn), m: m}
	}
	// One naming scheme for every operation: <Method>Request and
	// <Method>Response (the legacy operations' V1...Resp models included).
	for _, op := range f.Operations {
		if rq := c.models[op.Request]; rq != nil {
			rq.goName = methodName(op) + "Request"
		}
		if rs := c.models[op.Response]; rs != nil {
			rs.goName = methodName(op) + "Response"
		}
	}
	byGo := map[string]string{}
	for name, pm := range c.models {
		if other, dup := byGo[pm.goName]; dup {
			return nil, fmt.Errorf("models %s and %s both map to Go type %s", other, name, pm.goName)
		}
		byGo[pm.goName] = name
	}
	var mark func(name string)
	mark = func(name string) {
		pm := c.models[name]
		if pm == nil || pm.request {
			return
		}
		pm.request = true
		for _, fl := range pm.m.Fields {
			if ref := objectRef(fl.Type); ref != "" {
				mark(ref)
			}
		}
	}
	for _, op := range f.Operations {
		if c.models[op.Request] == nil || c.models[op.Response] == nil {
			return nil, fmt.Errorf("%s: request or response model missing", op.Name)
		}
		c.models[op.Request].top = true
		mark(op.Request)
	}
	// Models of operations documented outside China carry amounts in the
	// client's site currency, which their money fields' docs say.
	var markIntl func(name string)
	markIntl = func(name string) {
		pm := c.models[name]
		if pm == nil || pm.multiCurrency {
			return
		}
		pm.multiCurrency = true
		for _, fl := range pm.m.Fields {
			if ref := objectRef(fl.Type); ref != "" {
				markIntl(ref)
			}
		}
	}
	for _, op := range f.Operations {
		if op.Sites["intl"] != nil || op.Sites["eu"] != nil {
			markIntl(op.Request)
			markIntl(op.Response)
		}
	}
	// Request bodies are encoded field by field; a free-form map has no
	// documented encoding, so refuse it instead of guessing.
	for _, pm := range c.sortedModels() {
		if !pm.request {
			continue
		}
		for _, fl := range pm.m.Fields {
			if fl.Type == "map" || elemType(fl.Type) == "map" {
				return nil, fmt.Errorf("%s.%s: map fields in requests are not supported by the generator", pm.name, fl.Name)
			}
		}
	}
	for _, pm := range c.sortedModels() {
		for _, fl := range pm.m.Fields {
			if fl.Consts == nil {
				continue
			}
			if prev, ok := c.enums[fl.Consts.Type]; ok {
				if !sameConsts(prev, fl.Consts) {
					return nil, fmt.Errorf("enum type %s defined twice with different values", fl.Consts.Type)
				}
				continue
			}
			c.enums[fl.Consts.Type] = fl.Consts
		}
	}
	return c, nil
}

func sameConsts(a, b *ConstSpec) bool {
	if len(a.Values) != len(b.Values) {
		return false
	}
	for i := range a.Values {
		if fmt.Sprint(a.Values[i].Value) != fmt.Sprint(b.Values[i].Value) || a.Values[i].Name != b.Values[i].Name {
			return false
		}
	}
	return true
}

// sortedModels returns the package's models in name order.
func (c *pkgCtx) sortedModels() []*pkgModel {
	out := make([]*pkgModel, 0, len(c.models))
	for _, pm := range c.models {
		out = append(out, pm)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].goName < out[j].goName })
	return out
}

func objectRef(t string) string {
	if i := strings.Index(t, "object:"); i >= 0 {
		return t[i+len("object:"):]
	}
	return ""
}

// elemType returns the element type of an array type, or "".
func elemType(t string) string {
	if strings.HasPrefix(t, "array:") {
		return t[len("array:"):]
	}
	return ""
}

// scalarGo is the Go type of a scalar spec type (enum aware).
func (c *pkgCtx) scalarGo(fl *Field, t string) string {
	if fl.Consts != nil && (t == "string" || t == "int32" || t == "int64") {
		return fl.Consts.Type
	}
	switch t {
	case "string":
		return "string"
	case "int32":
		return "int32"
	case "int64":
		return "int64"
	case "bool":
		return "bool"
	case "decimal", "float":
		c.imports["github.com/shopspring/decimal"] = true
		return "decimal.Decimal"
	case "map":
		return "map[string]any"
	}
	if ref := objectRef(t); ref != "" {
		return c.models[ref].goName
	}
	panic("unknown type " + t)
}

// goType returns the Go type of a field in a request or response model.
func (c *pkgCtx) goType(fl *Field, request bool) string {
	if et := elemType(fl.Type); et != "" {
		return "[]" + c.scalarGo(fl, et)
	}
	base := c.scalarGo(fl, fl.Type)
	if objectRef(fl.Type) != "" {
		if fl.Required {
			return base
		}
		return "*" + base
	}
	if !request {
		return base
	}
	if pointerField(fl) {
		return "*" + base
	}
	return base
}

// pointerField reports whether a request scalar is a pointer: every optional
// scalar, and required numbers and booleans (so "unset" can be told from 0).
func pointerField(fl *Field) bool {
	if elemType(fl.Type) != "" || objectRef(fl.Type) != "" {
		return false
	}
	if !fl.Required {
		return true
	}
	switch fl.Type {
	case "int32", "int64", "bool":
		return true
	}
	return false
}

func (c *pkgCtx) fieldGoName(fl *Field) string {
	if fl.Go != "" {
		return fl.Go
	}
	return goName(fl.Name)
}
