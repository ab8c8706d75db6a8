package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
)

// SitesFileName is the file of internal/spec that records, per operation,
// the sites whose documentation has it and the request shape each site
// documents. It is not a group file: Load merges it into the operations.
const SitesFileName = "sites.json"

// SiteNames returns the sites a spec may name ("cn", "intl", "eu"), in
// their fixed order.
func SiteNames() []string { return []string{"cn", "intl", "eu"} }

// SitesFile is internal/spec/sites.json.
type SitesFile struct {
	Doc        string             `json:"doc"`
	Sources    map[string]string  `json:"sources"`
	Operations map[string]*SiteOp `json:"operations"`
}

// SiteOp is the site information of one operation.
type SiteOp struct {
	// Sites maps a site name to the operation's page on that site.
	Sites map[string]*SitePage `json:"sites"`
	// Fields are request fields that only some sites document (each names
	// its sites); Load appends them to the operation's request model.
	Fields []*Field `json:"fields"`
	Note   string   `json:"note"`
}

// SitePage is the operation's documentation on one site and the request
// shape that site documents.
type SitePage struct {
	DocURL string `json:"doc_url"`
	// Source says how the page is known: "docs" (the page was read),
	// "sdk" (the site's official SDK has the operation; the page address
	// follows the site's URL scheme and was not read).
	Source string      `json:"source"`
	Rules  []*SiteRule `json:"rules"`
	Note   string      `json:"note"`
}

// SiteRule changes the documented limits of one request field on one site.
type SiteRule struct {
	Field string `json:"field"`
	// Required, when set, says whether the field is required on the site
	// (overriding the field's own required flag there).
	Required *bool `json:"required"`
	// Absent says the site does not document the field: it must not be set.
	Absent bool `json:"absent"`
	// Enum restricts the field to these values on the site.
	Enum []any  `json:"enum"`
	Doc  string `json:"doc"`
}

// SiteList returns the sites of the operation in their fixed order (nil
// when the spec records none).
func (o *Operation) SiteList() []string {
	var out []string
	for _, s := range SiteNames() {
		if _, ok := o.Sites[s]; ok {
			out = append(out, s)
		}
	}
	return out
}

// HasSiteShape reports whether the request of the operation differs
// between sites (fields of some sites only, or site rules).
func (o *Operation) HasSiteShape() bool {
	for _, p := range o.Sites {
		if len(p.Rules) > 0 {
			return true
		}
	}
	return o.siteFields
}

// loadSites reads sites.json of fsys (if present) and merges it into files.
func loadSites(fsys fs.FS, files []*File) error {
	b, err := fs.ReadFile(fsys, SitesFileName)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var sf SitesFile
	if err := json.Unmarshal(b, &sf); err != nil {
		return fmt.Errorf("spec: %s: %w", SitesFileName, err)
	}
	return MergeSites(&sf, files)
}

// MergeSites attaches the site information of sf to the operations of files
// and appends the site-only request fields to their request models.
func MergeSites(sf *SitesFile, files []*File) error {
	ops := map[string]*Operation{}
	owner := map[string]*File{}
	for _, f := range files {
		for _, op := range f.Operations {
			ops[op.Name] = op
			owner[op.Name] = f
		}
	}
	names := make([]string, 0, len(sf.Operations))
	for n := range sf.Operations {
		names = append(names, n)
	}
	sort.Strings(names)
	known := map[string]bool{}
	for _, s := range SiteNames() {
		known[s] = true
	}
	for _, n := range names {
		so := sf.Operations[n]
		op := ops[n]
		if op == nil {
			return fmt.Errorf("spec: %s: unknown operation %q", SitesFileName, n)
		}
		for s := range so.Sites {
			if !known[s] {
				return fmt.Errorf("spec: %s: %s: unknown site %q", SitesFileName, n, s)
			}
		}
		op.Sites = so.Sites
		if len(so.Fields) > 0 {
			m := owner[n].Models[op.Request]
			if m == nil {
				return fmt.Errorf("spec: %s: %s: no request model %q", SitesFileName, n, op.Request)
			}
			for _, fl := range so.Fields {
				if len(fl.Sites) == 0 {
					return fmt.Errorf("spec: %s: %s: field %q names no sites", SitesFileName, n, fl.Name)
				}
				m.Fields = append(m.Fields, fl)
			}
			op.siteFields = true
		}
		for s, p := range so.Sites {
			for _, r := range p.Rules {
				if fieldOf(owner[n].Models[op.Request], r.Field) == nil {
					return fmt.Errorf("spec: %s: %s (%s): rule for unknown field %q", SitesFileName, n, s, r.Field)
				}
			}
		}
	}
	return nil
}

func fieldOf(m *Model, name string) *Field {
	if m == nil {
		return nil
	}
	for _, fl := range m.Fields {
		if fl.Name == name {
			return fl
		}
	}
	return nil
}

// SiteRequired reports whether field fl of the operation's request is
// required on site: the site's rule decides when it has one, else the
// field's own flag.
func (o *Operation) SiteRequired(fl *Field, site string) bool {
	if p := o.Sites[site]; p != nil {
		for _, r := range p.Rules {
			if r.Field == fl.Name && r.Required != nil {
				return *r.Required
			}
		}
	}
	return fl.Required
}

// RequiredEverywhere reports whether fl is required on every site of the
// operation (so that the site-independent Validate checks it).
func (o *Operation) RequiredEverywhere(fl *Field) bool {
	if !fl.Required {
		return false
	}
	for _, s := range o.SiteList() {
		if !o.SiteRequired(fl, s) {
			return false
		}
	}
	return true
}
