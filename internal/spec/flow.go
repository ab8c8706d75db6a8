package spec

import (
	_ "embed" // the flow-control table is compiled in
	"encoding/json"
	"fmt"
	"time"
)

// FlowControlFile is the name of the flow-control table beside the group
// files; Load skips it.
const FlowControlFile = "flow_control.json"

//go:embed flow_control.json
var flowControlJSON string

// FlowControl is the documented flow control of the API: a default rule
// (doc page fci_00001) and the operations whose pages give another one. The
// transport paces by it, the sandbox enforces it, the tests check both
// against it: one table.
type FlowControl struct {
	Doc        string              `json:"doc"`
	Rejection  Rejection           `json:"rejection"`
	Default    FlowRule            `json:"default"`
	Operations map[string]FlowRule `json:"operations"`
}

// FlowRule allows Rate requests per Per in the named dimension.
type FlowRule struct {
	Rate      float64  `json:"rate"`
	Per       Duration `json:"per"`
	Burst     int      `json:"burst,omitempty"`
	Dimension string   `json:"dimension"`
	Source    string   `json:"source"`
	Checked   string   `json:"checked"`
	Reason    string   `json:"reason,omitempty"`
	Quotas    []Quota  `json:"quotas,omitempty"`
}

// Rejection is the gateway's documented answer to a call over the limit.
type Rejection struct {
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"` // %d: the limit
	Source  string `json:"source"`
	Checked string `json:"checked"`
}

// Quota is a longer-window limit (for example verification codes per
// hour) that the SDK does not pace by.
type Quota struct {
	Count  int      `json:"count"`
	Per    Duration `json:"per"`
	Scope  string   `json:"scope"`
	Source string   `json:"source"`
	Note   string   `json:"note"`
}

// Duration is a time.Duration written as a Go duration string ("1s").
type Duration time.Duration

// UnmarshalJSON reads "1s", "1h", "24h".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	if v <= 0 {
		return fmt.Errorf("spec: flow control: duration %q must be positive", s)
	}
	*d = Duration(v)
	return nil
}

// PerSecond is the rule's rate in requests per second.
func (r FlowRule) PerSecond() float64 {
	if r.Per <= 0 {
		return 0
	}
	return r.Rate / time.Duration(r.Per).Seconds()
}

// BurstOrOne is the documented burst, or 1 (evenly spaced requests) where
// none is documented.
func (r FlowRule) BurstOrOne() int {
	if r.Burst < 1 {
		return 1
	}
	return r.Burst
}

// LoadFlowControl parses the embedded table. Each call returns a fresh
// copy, so callers may keep and change it.
func LoadFlowControl() (*FlowControl, error) {
	fc := new(FlowControl)
	if err := json.Unmarshal([]byte(flowControlJSON), fc); err != nil {
		return nil, fmt.Errorf("spec: %s: %w", FlowControlFile, err)
	}
	if err := fc.check(); err != nil {
		return nil, err
	}
	return fc, nil
}

// Rule returns the operation's rule, or the default.
func (fc *FlowControl) Rule(op string) FlowRule {
	if r, ok := fc.Operations[op]; ok {
		return r
	}
	return fc.Default
}

func (fc *FlowControl) check() error {
	bad := func(name string, r FlowRule) error {
		if r.Rate <= 0 || r.Per <= 0 || r.Source == "" {
			return fmt.Errorf("spec: %s: %s: rate, per and source are required", FlowControlFile, name)
		}
		return nil
	}
	if fc.Rejection.Status != 429 || fc.Rejection.Code == "" || fc.Rejection.Source == "" {
		return fmt.Errorf("spec: %s: rejection: status 429, code and source are required", FlowControlFile)
	}
	if err := bad("default", fc.Default); err != nil {
		return err
	}
	for name, r := range fc.Operations {
		if err := bad(name, r); err != nil {
			return err
		}
	}
	return nil
}
