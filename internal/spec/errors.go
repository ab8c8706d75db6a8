package spec

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
)

// ErrorsFile is the name of the error-code catalogue beside the operation
// files. Load skips it; LoadErrors reads it.
const ErrorsFile = "errors.json"

// Error classes: what a failure with a code means for the request.
const (
	// ClassRejected: the server refused the request; nothing was applied.
	ClassRejected = "rejected"
	// ClassRetryable: refused for now (another change still running,
	// throttled); nothing was applied and the same request may be sent
	// again later.
	ClassRetryable = "retryable"
	// ClassAuth: credentials or permissions refused the request; nothing
	// was applied.
	ClassAuth = "auth"
	// ClassUnknown: the documentation does not say whether the request was
	// applied.
	ClassUnknown = "unknown"
)

// Errors is the error-code catalogue (internal/spec/errors.json).
type Errors struct {
	Doc    string                 `json:"doc"`
	Groups map[string]*ErrorGroup `json:"groups"`
	Codes  map[string]*ErrorCode  `json:"codes"`
}

// ErrorGroup is a set of codes of one kind that errors.Is matches as one.
type ErrorGroup struct {
	Go  string `json:"go"`
	Doc string `json:"doc"`
}

// ErrorCode is one documented error_code.
type ErrorCode struct {
	Class   string   `json:"class"`
	Groups  []string `json:"groups"`
	Meaning string   `json:"meaning"`
	// Operations maps an operation name, or "*" for every operation, to
	// where the code is documented.
	Operations map[string]*ErrorUse `json:"operations"`
}

// ErrorUse is one operation's documentation of a code.
type ErrorUse struct {
	Status int    `json:"status"`
	Doc    string `json:"doc"`
}

// LoadErrors reads dir/errors.json and checks it: known classes and groups,
// well-formed codes, at least one operation with a status and a doc page
// each. ops, when not nil, is the set of known operation names; an
// operation outside it is an error.
func LoadErrors(dir string, ops map[string]bool) (*Errors, error) {
	b, err := os.ReadFile(filepath.Join(dir, ErrorsFile))
	if err != nil {
		return nil, err
	}
	e := new(Errors)
	if err := json.Unmarshal(b, e); err != nil {
		return nil, fmt.Errorf("spec: %s: %w", ErrorsFile, err)
	}
	codePattern := regexp.MustCompile(`^(CBC|APIG|APIGW)\.[0-9]{4,8}$`)
	for _, code := range e.SortedCodes() {
		c := e.Codes[code]
		if !codePattern.MatchString(code) {
			return nil, fmt.Errorf("spec: %s: malformed code %q", ErrorsFile, code)
		}
		switch c.Class {
		case ClassRejected, ClassRetryable, ClassAuth, ClassUnknown:
		default:
			return nil, fmt.Errorf("spec: %s: %s: unknown class %q", ErrorsFile, code, c.Class)
		}
		for _, g := range c.Groups {
			if e.Groups[g] == nil {
				return nil, fmt.Errorf("spec: %s: %s: unknown group %q", ErrorsFile, code, g)
			}
		}
		if c.Meaning == "" || len(c.Operations) == 0 {
			return nil, fmt.Errorf("spec: %s: %s: needs a meaning and at least one operation", ErrorsFile, code)
		}
		for op, u := range c.Operations {
			if u == nil || u.Status < 200 || u.Status > 599 || u.Doc == "" {
				return nil, fmt.Errorf("spec: %s: %s: %s needs an HTTP status and a doc page", ErrorsFile, code, op)
			}
			if op != "*" && ops != nil && !ops[op] {
				return nil, fmt.Errorf("spec: %s: %s: unknown operation %q", ErrorsFile, code, op)
			}
		}
	}
	return e, nil
}

// SortedCodes returns the catalogued codes in order.
func (e *Errors) SortedCodes() []string {
	out := make([]string, 0, len(e.Codes))
	for c := range e.Codes {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// SortedGroups returns the group keys in order.
func (e *Errors) SortedGroups() []string {
	out := make([]string, 0, len(e.Groups))
	for g := range e.Groups {
		out = append(out, g)
	}
	sort.Strings(out)
	return out
}

// SortedOperations returns the operation names documenting code, "*" first.
func (c *ErrorCode) SortedOperations() []string {
	out := make([]string, 0, len(c.Operations))
	for op := range c.Operations {
		out = append(out, op)
	}
	sort.Strings(out) // "*" sorts before letters
	return out
}
