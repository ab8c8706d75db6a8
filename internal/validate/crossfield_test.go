package validate

import "testing"

func TestCondTextNamesTheCondition(t *testing.T) {
	if got := CondText("period_type", "2"); got != "period_type = 2" {
		t.Fatalf("one value: %q", got)
	}
	var c Collector
	c.RequiredIf("customer_id", false, true, CondText("scene", "18", "19"))
	if got := c.v[0].String(); got != "customer_id: is required when scene = 18 or 19" {
		t.Fatalf("violation: %q", got)
	}
}
