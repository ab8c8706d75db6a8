package reconcile_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/internal/spec"
	"github.com/hcpartner/partner-sdk-go/partnertest"
	"github.com/hcpartner/partner-sdk-go/reconcile"
)

// fakeClock runs at the real time plus an offset that only Sleep moves, so
// that waiting for the settle delay costs no real time. The server (its
// records and Date headers), the signing credentials and the Reconciler
// share it; the transport stamps the attempt window with the real clock,
// which agrees with it until the first Sleep.
type fakeClock struct {
	mu     sync.Mutex
	off    time.Duration
	sleeps int
	// block makes Sleep wait for ctx instead of advancing.
	block bool
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	block := c.block
	c.sleeps++
	c.mu.Unlock()
	if block {
		<-ctx.Done()
		return ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.off += d
	c.mu.Unlock()
	return nil
}

func (c *fakeClock) slept() (int, time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sleeps, c.off
}

// env is a partnertest server on the fake clock, a client of it, and a
// Reconciler on the same clock.
type env struct {
	t      *testing.T
	ctx    context.Context
	srv    *partnertest.Server
	ops    map[string]string // operation name -> kind, see operations
	clk    *fakeClock
	client *partnersdk.Client
	rec    *reconcile.Reconciler
}

func newEnv(t *testing.T) *env {
	t.Helper()
	clk := &fakeClock{}
	srv := partnertest.NewServer(t, partnertest.WithSeed(18), partnertest.WithCustomers(40), partnertest.WithClock(clk.Now))
	client := srv.Client() // signs with the server's clock
	rec, err := reconcile.New(client, reconcile.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	ops, err := operations()
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, ctx: context.Background(), srv: srv, ops: ops, clk: clk, client: client, rec: rec}
}

// Faults the tests inject into a write.
var (
	// applyThenReset lets the server apply the write, then resets the
	// connection instead of answering.
	applyThenReset = partnertest.Fault{Reset: partnertest.ResetAfterApply}
	// resetBeforeRead resets the connection before the server reads the
	// write.
	resetBeforeRead = partnertest.Fault{Reset: partnertest.ResetBeforeRead}
	// applyThen503 lets the server apply the write, then answers 503 with
	// a Date header on the server's clock.
	applyThen503 = partnertest.Fault{Apply: true, Status: http.StatusServiceUnavailable, Code: "CBC.0999", Message: "injected 503"}
	// reject503 answers 503 with a Date header without applying.
	reject503 = partnertest.Fault{Status: http.StatusServiceUnavailable, Code: "CBC.0999", Message: "injected 503"}
)

// operations returns the names and kinds ("read", "write") of every
// operation of the spec, and of the IAM token endpoint ("token"): what the
// server counts.
func operations() (map[string]string, error) {
	files, err := spec.Load("../internal/spec")
	if err != nil {
		return nil, err
	}
	ops := map[string]string{"KeystoneCreateToken": "token"}
	for _, f := range files {
		for _, op := range f.Operations {
			ops[op.Name] = op.Kind
		}
	}
	return ops, nil
}

// calls returns the server's request count of every operation of kind
// ("read", "write", or "" for all).
func (e *env) calls(kind string) map[string]int {
	m := map[string]int{}
	for name, k := range e.ops {
		if kind == "" || k == kind {
			m[name] = e.srv.Calls(name)
		}
	}
	return m
}
