package sandbox

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/hcpartner/partner-sdk-go/internal/spec"
)

// The sandbox routes, pages and checks requests with a table built at run
// time from the spec files embedded in package spec: the same files the
// generator turned into the SDK's request types and Validate methods.
//
// Who may call an operation is the spec's typed caller kind:
// spec.CallerPartner operations refuse a customer-scoped token with
// CBC.0150; spec.CallerCustomer operations called with the partner's own
// credentials act on the partner's own account (which owns no customer
// resources), a partner reaches a customer's account with an assume_role
// token; spec.CallerAny accepts both.

// table is the parsed spec as the sandbox uses it. It is never modified
// once built.
type table struct {
	ops    []opSpec
	models map[string][]fieldSpec
	// rules are the models' cross-field and pattern rules (rules.go).
	rules map[string][]ruleSpec
}

// specTable builds the table once per process: parsing the embedded spec
// takes longer than seeding a small world, and the result is read-only.
var specTable = sync.OnceValues(func() (*table, error) {
	files, err := spec.Embedded()
	if err != nil {
		return nil, err
	}
	return buildTable(files)
})

// buildTable turns spec files into the sandbox's table, in spec file and
// operation order; a model defined in two files keeps its first
// definition.
func buildTable(files []*spec.File) (*table, error) {
	t := &table{models: map[string][]fieldSpec{}, rules: map[string][]ruleSpec{}}
	relaxedBy := map[string]map[string]bool{} // request model -> fields required on some sites only
	for _, f := range files {
		for _, o := range f.Operations {
			op := opSpec{Name: o.Name, Group: f.Group, Method: o.Method, Path: o.Path, Write: o.Kind == "write",
				Caller: o.CallerKind, Deprecated: o.Deprecated != nil, Request: o.Request, Response: o.Response, Sites: o.SiteList()}
			if p := o.Paginate; p != nil && p.Style != "" {
				op.Page = pagingOf(p)
			}
			var relaxed map[string]bool
			op.SiteRules, relaxed = siteRulesOf(o, f.Models[o.Request])
			if len(relaxed) > 0 {
				relaxedBy[o.Request] = relaxed
			}
			t.ops = append(t.ops, op)
		}
		names := make([]string, 0, len(f.Models))
		for name := range f.Models {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if _, dup := t.models[name]; dup {
				continue
			}
			fields := make([]fieldSpec, 0, len(f.Models[name].Fields))
			for _, fl := range f.Models[name].Fields {
				fs, err := fieldOf(fl)
				if err != nil {
					return nil, fmt.Errorf("sandbox: model %s: %w", name, err)
				}
				fields = append(fields, fs)
			}
			for i := range fields {
				if relaxedBy[name][fields[i].Name] {
					fields[i].Required = false // required on some sites only: SiteRules
				}
			}
			t.models[name] = fields
			rules, err := rulesOf(name, f.Models[name])
			if err != nil {
				return nil, fmt.Errorf("sandbox: %w", err)
			}
			if len(rules) > 0 {
				t.rules[name] = rules
			}
		}
	}
	return t, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// pagingOf is the documented paging of a list operation.
func pagingOf(p *spec.Paginate) *pageSpec {
	ps := &pageSpec{Style: p.Style, Items: deref(p.Items), Total: deref(p.Total),
		Position: deref(p.Offset), Size: deref(p.Limit), MaxLimit: deref(p.MaxLimit), DefaultLimit: deref(p.DefaultLimit),
		Base: deref(p.OffsetBase), Pages: p.OffsetUnit == "pages"}
	if p.Style == "page_no_size" {
		ps.Position, ps.Size, ps.Base, ps.Pages = deref(p.Page), deref(p.Size), 1, true
		if p.PageBase != nil {
			ps.Base = *p.PageBase
		}
	}
	return ps
}

// constText renders a documented value as the text the sandbox compares.
func constText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// fieldOf is one field with its limits; a closed set of documented values
// (or an enum) becomes the accepted values.
func fieldOf(fl *spec.Field) (fieldSpec, error) {
	f := fieldSpec{Name: fl.Name, In: fl.In, Type: fl.Type, Required: fl.Required, Money: fl.Money,
		Positive: fl.Positive, Format: fl.Format, WireString: fl.Wire == "string"}
	if fl.MaxLength != nil {
		f.MaxLen = int(*fl.MaxLength)
	}
	if fl.MinLength != nil && *fl.MinLength > 0 {
		f.MinLen = int(*fl.MinLength)
	}
	if len(fl.Range) == 2 {
		if lo := fl.Range[0]; lo != nil {
			f.Min, f.HasMin = *lo, true
		}
		if hi := fl.Range[1]; hi != nil {
			f.Max, f.HasMax = *hi, true
		}
	} else if len(fl.Range) != 0 {
		return f, fmt.Errorf("field %s: range has %d bounds", fl.Name, len(fl.Range))
	}
	if fl.MaxItems != nil {
		f.MaxItems = int(*fl.MaxItems)
	}
	if fl.Consts != nil {
		for _, v := range fl.Consts.Values {
			f.Consts = append(f.Consts, constText(v.Value))
		}
		if fl.Consts.Closed {
			f.Enum = f.Consts
		}
	}
	if len(fl.Enum) > 0 {
		f.Enum = nil
		for _, v := range fl.Enum {
			f.Enum = append(f.Enum, constText(v))
		}
		if len(f.Consts) == 0 {
			f.Consts = f.Enum
		}
	}
	if strings.TrimSpace(f.Type) == "" {
		return f, fmt.Errorf("field %s: no type", fl.Name)
	}
	return f, nil
}

// opSpec is one operation of the spec as the sandbox needs it.
type opSpec struct {
	Name       string
	Group      string
	Method     string
	Path       string
	Write      bool
	Caller     spec.CallerKind
	Deprecated bool
	Request    string
	Response   string
	Page       *pageSpec
	// Sites are the sites that document the operation (none recorded:
	// every site).
	Sites []string
	// SiteRules are the request-shape rules per site (sites.go).
	SiteRules map[string][]siteRule
}

// pageSpec is the documented paging of a list operation.
type pageSpec struct {
	// Style is "offset_limit" or "page_no_size".
	Style string
	// Items is the JSON path of the item list in the response, dotted when
	// nested ("data.orderInfos").
	Items string
	// Total is the name of the total-count field, "" when there is none.
	Total string
	// Position and Size are the names of the position (offset or page
	// number) and page-size request fields.
	Position string
	Size     string
	// MaxLimit and DefaultLimit are the documented page sizes (0: not
	// documented).
	MaxLimit     int64
	DefaultLimit int64
	// Base is the first position (0 or 1).
	Base int64
	// Pages is set when the position counts pages rather than items.
	Pages bool
}

// fieldSpec is one field of a model with its documented limits.
type fieldSpec struct {
	Name     string
	In       string
	Type     string
	Required bool
	// MaxLen and MinLen count characters (runes); 0 MaxLen means no limit.
	MaxLen   int
	MinLen   int
	Min, Max int64
	HasMin   bool
	HasMax   bool
	MaxItems int
	// Enum is the closed set of accepted values, as text.
	Enum []string
	// Consts are the documented values (closed or not), as text.
	Consts   []string
	Money    bool
	Positive bool
	Format   string
	// WireString: a decimal the API sends as a JSON string (spec "wire").
	WireString bool
}

// bounds returns the field's numeric range with open ends filled in.
func (f *fieldSpec) bounds() (lo, hi int64) {
	lo, hi = math.MinInt64, math.MaxInt64
	if f.HasMin {
		lo = f.Min
	}
	if f.HasMax {
		hi = f.Max
	}
	return lo, hi
}
