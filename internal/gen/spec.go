package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// File is one internal/spec/<group>.json.
type File struct {
	Package    string            `json:"package"`
	Doc        string            `json:"doc"`
	Operations []*Operation      `json:"operations"`
	Models     map[string]*Model `json:"models"`

	group string
}

// Operation is one API operation of the spec.
type Operation struct {
	Name       string      `json:"name"`
	Summary    string      `json:"summary"`
	Method     string      `json:"method"`
	Path       string      `json:"path"`
	Kind       string      `json:"kind"`
	Caller     string      `json:"caller"`
	Deprecated *Deprecated `json:"deprecated"`
	Request    string      `json:"request"`
	Response   string      `json:"response"`
	Paginate   *Paginate   `json:"paginate"`
	DocURL     string      `json:"doc_url"`
}

// Deprecated marks a legacy operation.
type Deprecated struct {
	Replacement string `json:"replacement"`
}

// Paginate describes a list operation.
type Paginate struct {
	Style        string  `json:"style"`
	Items        *string `json:"items"`
	Total        *string `json:"total"`
	Offset       *string `json:"offset"`
	Limit        *string `json:"limit"`
	Page         *string `json:"page"`
	Size         *string `json:"size"`
	MaxLimit     *int64  `json:"max_limit"`
	DefaultLimit *int64  `json:"default_limit"`
	OffsetBase   *int64  `json:"offset_base"`
	OffsetUnit   string  `json:"offset_unit"`
	Note         string  `json:"note"`
}

// Model is a request or response structure.
type Model struct {
	Doc    string   `json:"doc"`
	Go     string   `json:"go"`
	Fields []*Field `json:"fields"`
}

// Field is one member of a model.
type Field struct {
	Name      string     `json:"name"`
	In        string     `json:"in"`
	Type      string     `json:"type"`
	Doc       string     `json:"doc"`
	Go        string     `json:"go"`
	Required  bool       `json:"required"`
	MaxLength *int64     `json:"max_length"`
	MinLength *int64     `json:"min_length"`
	Range     []*int64   `json:"range"`
	MaxItems  *int64     `json:"max_items"`
	Enum      []any      `json:"enum"`
	Money     bool       `json:"money"`
	Positive  bool       `json:"positive"`
	Format    string     `json:"format"`
	Consts    *ConstSpec `json:"consts"`
	Note      string     `json:"note"`
}

// ConstSpec defines named constants for a field's documented values.
type ConstSpec struct {
	Type   string       `json:"type"`
	Closed bool         `json:"closed"`
	Values []ConstValue `json:"values"`
}

// ConstValue is one named constant.
type ConstValue struct {
	Value any    `json:"value"`
	Name  string `json:"name"`
	Doc   string `json:"doc"`
}

func loadSpecs(dir string) ([]*File, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var out []*File
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		f := new(File)
		if err := json.Unmarshal(b, f); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		f.group = filepath.Base(p[:len(p)-len(".json")])
		out = append(out, f)
	}
	return out, nil
}
