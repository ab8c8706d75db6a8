// Package spec reads the project's own machine-readable description of
// every API operation (the JSON files beside this one: one per group). The
// code generator (internal/gen) and the sandbox's route table
// (internal/sandbox) both read it through this package, so there is one
// definition of the format.
//
// A file holds the Go package name and doc, the operations (method, path,
// kind read/write, caller in prose and as a CallerKind, deprecation,
// request and response model names, paging), and the models with their
// fields (name, location, type, English doc and the documented limits).
//
// The files are embedded in the package (Embedded), so that the sandbox
// reads the same spec at run time that the generator read at generation
// time.
package spec

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

// files holds the spec files, embedded at build time.
//
//go:embed *.json
var files embed.FS

// CallerKind says whose credentials an operation accepts, as its doc page
// states (the prose is in Operation.Caller).
type CallerKind string

// The caller kinds.
const (
	// CallerPartner: the partner's (solution provider's or distributor's)
	// own credentials only; a token scoped to a customer is refused.
	CallerPartner CallerKind = "partner"
	// CallerCustomer: the customer's credentials; a partner calls it with
	// an agency (assume_role) token for that customer.
	CallerCustomer CallerKind = "customer"
	// CallerAny: partner or customer credentials.
	CallerAny CallerKind = "any"
)

// File is one internal/spec/<group>.json.
type File struct {
	Package    string            `json:"package"`
	Doc        string            `json:"doc"`
	Operations []*Operation      `json:"operations"`
	Models     map[string]*Model `json:"models"`

	// Group is the file name without .json (set by Load).
	Group string `json:"-"`
}

// Operation is one API operation.
type Operation struct {
	Name       string      `json:"name"`
	Summary    string      `json:"summary"`
	Method     string      `json:"method"`
	Path       string      `json:"path"`
	Kind       string      `json:"kind"` // "read" or "write"
	Caller     string      `json:"caller"`
	CallerKind CallerKind  `json:"caller_kind"`
	Deprecated *Deprecated `json:"deprecated"`
	Request    string      `json:"request"`
	Response   string      `json:"response"`
	Paginate   *Paginate   `json:"paginate"`
	DocURL     string      `json:"doc_url"`
	// IdempotencyKey names the request body field (JSON name) that the
	// docs describe as a caller-chosen transaction ID rejecting duplicate
	// submissions. The SDK fills it when the caller leaves it empty, sends
	// the same value on every attempt, and so may retry the write.
	IdempotencyKey string `json:"idempotency_key"`

	// Sites maps each site whose documentation has the operation ("cn",
	// "intl", "eu") to its page there; set by Load from sites.json.
	Sites map[string]*SitePage `json:"-"`
	// siteFields is set when sites.json added request fields.
	siteFields bool
}

// Deprecated marks a legacy operation and names its replacement.
type Deprecated struct {
	Replacement string `json:"replacement"`
	Note        string `json:"note"`
}

// Paginate describes a list operation.
type Paginate struct {
	Style        string  `json:"style"` // offset_limit or page_no_size
	Items        *string `json:"items"` // dotted path of the item list
	Total        *string `json:"total"`
	Offset       *string `json:"offset"`
	Limit        *string `json:"limit"`
	Page         *string `json:"page"`
	Size         *string `json:"size"`
	MaxLimit     *int64  `json:"max_limit"`
	DefaultLimit *int64  `json:"default_limit"`
	OffsetBase   *int64  `json:"offset_base"`
	PageBase     *int64  `json:"page_base"`
	OffsetUnit   string  `json:"offset_unit"` // items or pages
	Note         string  `json:"note"`
}

// Model is a request or response structure.
type Model struct {
	Doc    string   `json:"doc"`
	Go     string   `json:"go"`
	Fields []*Field `json:"fields"`
	// Rules are the documented rules that involve more than one field or
	// a pattern (rules.go).
	Rules []*Rule `json:"rules"`
}

// Field is one member of a model, with its documented limits.
type Field struct {
	Name      string   `json:"name"`
	In        string   `json:"in"` // path, query, header or body (request fields)
	Type      string   `json:"type"`
	Doc       string   `json:"doc"`
	Go        string   `json:"go"`
	Required  bool     `json:"required"`
	MaxLength *int64   `json:"max_length"`
	MinLength *int64   `json:"min_length"`
	Range     []*int64 `json:"range"`
	MaxItems  *int64   `json:"max_items"`
	Enum      []any    `json:"enum"`
	Money     bool     `json:"money"`
	Positive  bool     `json:"positive"`
	Format    string   `json:"format"`
	// Wire is the JSON form of a decimal field on the wire when it is not
	// a number: "string" for the amounts the docs type as String (the API
	// sends and expects "12.30"). The SDK's types decode both forms.
	Wire   string     `json:"wire"`
	Consts *ConstSpec `json:"consts"`
	Note   string     `json:"note"`
	// Sites, when set, are the only sites that document the field (fields
	// added by sites.json); on other sites it must not be set.
	Sites []string `json:"sites"`
}

// OnSite reports whether the field is documented on site.
func (f *Field) OnSite(site string) bool {
	if len(f.Sites) == 0 {
		return true
	}
	for _, s := range f.Sites {
		if s == site {
			return true
		}
	}
	return false
}

// ConstSpec names a field's documented values.
type ConstSpec struct {
	Type   string       `json:"type"`
	Closed bool         `json:"closed"` // other values are rejected before sending
	Values []ConstValue `json:"values"`
}

// ConstValue is one named constant.
type ConstValue struct {
	Value any    `json:"value"`
	Name  string `json:"name"`
	Doc   string `json:"doc"`
}

// Load reads every *.json file of dir, in name order.
func Load(dir string) ([]*File, error) { return LoadFS(os.DirFS(dir)) }

// Embedded returns the spec files built into the program.
func Embedded() ([]*File, error) { return LoadFS(files) }

// LoadFS reads every *.json file at the root of fsys, in name order, and
// checks what the readers rely on (a known kind and caller kind).
func LoadFS(fsys fs.FS) ([]*File, error) {
	paths, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("spec: no spec files")
	}
	sort.Strings(paths)
	var out []*File
	for _, p := range paths {
		if path.Base(p) == FlowControlFile {
			continue // not an operation group (see flow.go)
		}
		if path.Base(p) == ErrorsFile || path.Base(p) == SitesFileName {
			continue // read by LoadErrors, and merged by loadSites
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		f := new(File)
		if err := json.Unmarshal(b, f); err != nil {
			return nil, fmt.Errorf("spec: %s: %w", p, err)
		}
		f.Group = strings.TrimSuffix(path.Base(p), ".json")
		for _, op := range f.Operations {
			switch op.CallerKind {
			case CallerPartner, CallerCustomer, CallerAny:
			default:
				return nil, fmt.Errorf("spec: %s: operation %s: caller_kind %q is not partner, customer or any", p, op.Name, op.CallerKind)
			}
			if op.Kind != "read" && op.Kind != "write" {
				return nil, fmt.Errorf("spec: %s: operation %s: kind %q is not read or write", p, op.Name, op.Kind)
			}
		}
		out = append(out, f)
	}
	if err := loadSites(fsys, out); err != nil {
		return nil, err
	}
	return out, nil
}
