package spec

import (
	"strings"
	"testing"
)

func TestCondValues(t *testing.T) {
	c := &Cond{Field: "f", In: []any{"sub_customer", float64(18), 1.5, true}}
	if got := strings.Join(c.Values(), ","); got != "sub_customer,18,1.5,true" {
		t.Fatalf("values %s", got)
	}
}
