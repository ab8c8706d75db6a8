package spec

import (
	"strings"
	"testing"
	"time"
)

func TestFlowControlTable(t *testing.T) {
	fc, err := LoadFlowControl()
	if err != nil {
		t.Fatal(err)
	}
	if got := fc.Default.PerSecond(); got != 10 {
		t.Errorf("default rate = %v/s, want the 10/1(s) of fci_00001", got)
	}
	if !strings.HasSuffix(fc.Default.Source, "/fci_00001.html") {
		t.Errorf("default source = %q", fc.Default.Source)
	}
	files, err := Load(".")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, f := range files {
		for _, op := range f.Operations {
			known[op.Name] = true
		}
	}
	if len(known) < 100 {
		t.Fatalf("only %d operations loaded: did Load read %s as a group?", len(known), FlowControlFile)
	}
	for name, r := range fc.Operations {
		if !known[name] {
			t.Errorf("%s: not an operation of the spec", name)
		}
		if !strings.HasPrefix(r.Source, "https://support.huaweicloud.com/") || r.Checked == "" {
			t.Errorf("%s: source %q / checked %q: every figure names its page and what was seen", name, r.Source, r.Checked)
		}
		for _, q := range r.Quotas {
			if q.Count <= 0 || time.Duration(q.Per) < time.Minute {
				t.Errorf("%s: quota %+v", name, q)
			}
		}
	}
	want := map[string]float64{
		"CheckUserIdentity": 5, "ListRateOnPeriodDetail": 30, "ListPartnerAccountChangeRecords": 20,
		"ListOnDemandResourceRatings": 10, "ListCustomerselfResourceRecords": 30,
		"ListCustomerBillsFeeRecords": 20, "ListCustomerOrders": 20, "ListSubCustomerBillDetail": 10,
	}
	for op, rate := range want {
		if got := fc.Rule(op).PerSecond(); got != rate {
			t.Errorf("%s: %v/s, want %v/s", op, got, rate)
		}
	}
	if fc.Operations["ListOnDemandResourceRatings"].Reason == "" {
		t.Error("ListOnDemandResourceRatings: the pages disagree, the choice needs its reason")
	}
	// A fresh copy each time: changing one does not change the next.
	fc.Default.Rate = 1
	fc2, _ := LoadFlowControl()
	if fc2.Default.Rate != 10 {
		t.Error("LoadFlowControl shares state between calls")
	}
}
