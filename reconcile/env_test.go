package reconcile_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/reconcile"
)

// fakeClock runs at the real time plus an offset that only Sleep moves, so
// that waiting for the settle delay costs no real time. The sandbox, the
// signing credentials and the Reconciler share it; the transport stamps the
// attempt window with the real clock, which agrees with it until the first
// Sleep.
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

// fault is what faultHandler does with the next request to a path.
type fault int

const (
	// applyThenReset lets the sandbox apply the request, then resets the
	// connection instead of answering.
	applyThenReset fault = iota + 1
	// resetBeforeRead resets the connection before the sandbox sees the
	// request.
	resetBeforeRead
	// applyThen503 lets the sandbox apply the request, then answers 503
	// with a Date header.
	applyThen503
	// reject503 answers 503 with a Date header without applying.
	reject503
)

// faultHandler wraps the sandbox handler: it counts requests by method and
// path and injects the next queued fault of a path.
type faultHandler struct {
	h   http.Handler
	clk *fakeClock

	mu     sync.Mutex
	counts map[string]int
	queue  map[string][]fault
}

func (f *faultHandler) inject(path string, ft fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queue[path] = append(f.queue[path], ft)
}

func (f *faultHandler) count(method, path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts[method+" "+path]
}

// snapshot copies the request counts.
func (f *faultHandler) snapshot() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := make(map[string]int, len(f.counts))
	for k, v := range f.counts {
		m[k] = v
	}
	return m
}

func (f *faultHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.counts[r.Method+" "+r.URL.Path]++
	var ft fault
	if q := f.queue[r.URL.Path]; len(q) > 0 {
		ft, f.queue[r.URL.Path] = q[0], q[1:]
	}
	f.mu.Unlock()
	switch ft {
	case applyThenReset:
		f.h.ServeHTTP(httptest.NewRecorder(), r)
		reset(w)
	case resetBeforeRead:
		reset(w)
	case applyThen503, reject503:
		if ft == applyThen503 {
			f.h.ServeHTTP(httptest.NewRecorder(), r)
		}
		w.Header().Set("Date", f.clk.Now().UTC().Format(http.TimeFormat))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"error_code":"CBC.0999","error_msg":"injected 503"}`))
	default:
		f.h.ServeHTTP(w, r)
	}
}

// reset closes the connection with a TCP RST, without answering.
func reset(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// env is a sandbox behind a fault-injecting loopback server, a client, and
// a Reconciler on the fake clock.
type env struct {
	t      *testing.T
	ctx    context.Context
	sb     *sandbox.Server
	faults *faultHandler
	clk    *fakeClock
	client *partnersdk.Client
	rec    *reconcile.Reconciler
}

func newEnv(t *testing.T) *env {
	t.Helper()
	clk := &fakeClock{}
	sb, err := sandbox.New(sandbox.Config{Seed: 18, Now: clk.Now, Customers: 40})
	if err != nil {
		t.Fatal(err)
	}
	fh := &faultHandler{h: sb.Handler(), clk: clk, counts: map[string]int{}, queue: map[string][]fault{}}
	hs := httptest.NewServer(fh)
	t.Cleanup(hs.Close)
	creds, err := sb.Credentials(auth.WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	client, err := partnersdk.New(creds, partnersdk.WithEndpoint(hs.URL))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := reconcile.New(client, reconcile.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, ctx: context.Background(), sb: sb, faults: fh, clk: clk, client: client, rec: rec}
}
