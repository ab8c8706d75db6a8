package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestScenario(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, &out, nil, false); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{
		"GET  /saml/login",
		"POST /authui/saml/SAMLAssertionConsumer",
		"POST /saml/bind",
		"is now linked (signature form: query)",
		"left the sandbox for https://console.huaweicloud.com/iam/",
		"was unlinked",
		"OK: customer_id",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// With -serve, run keeps both sites up until the context ends.
func TestServeStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out := &cancelOnWrite{cancel: cancel, marker: "Ctrl-C stops"}
	if err := run(ctx, out, nil, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.b.String(), "/login?user=alice") {
		t.Errorf("serve output: %s", out.b.String())
	}
}

// cancelOnWrite ends the context once the ready message was printed.
type cancelOnWrite struct {
	b      bytes.Buffer
	cancel context.CancelFunc
	marker string
}

func (c *cancelOnWrite) Write(p []byte) (int, error) {
	n, err := c.b.Write(p)
	if strings.Contains(c.b.String(), c.marker) {
		c.cancel()
	}
	return n, err
}
