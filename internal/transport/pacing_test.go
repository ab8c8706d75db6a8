package transport

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"
)

// arrivals is a loopback server that records when each request arrived.
type arrivals struct {
	mu    sync.Mutex
	times []time.Time
}

func (a *arrivals) handler(w http.ResponseWriter, _ *http.Request, _ int) {
	a.mu.Lock()
	a.times = append(a.times, time.Now())
	a.mu.Unlock()
	_, _ = w.Write([]byte(`{}`))
}

// maxInWindow is the largest number of arrivals within any window of length
// d (half-open, starting at an arrival).
func maxInWindow(ts []time.Time, d time.Duration) int {
	ts = append([]time.Time(nil), ts...)
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	best, j := 0, 0
	for i := range ts {
		for j < len(ts) && ts[j].Sub(ts[i]) < d {
			j++
		}
		best = max(best, j-i)
	}
	return best
}

// TestPacingConcurrentCallersStayWithinEveryWindow: 60 goroutines call
// CheckUserIdentity (5/s documented) through one client; the server never
// sees more than 5 in any (time-scaled) one-second window.
func TestPacingConcurrentCallersStayWithinEveryWindow(t *testing.T) {
	const scale = 5 // windows of 200 ms
	var a arrivals
	srv := newRecServer(t, a.handler)
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Pacing.TimeScale = scale })
	op := Operation{Name: "CheckUserIdentity", Method: http.MethodPost, Path: "/v2/partners/sub-customers/users/check-identity"}
	var wg sync.WaitGroup
	for range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Do(context.Background(), op, Request{}, nil, nil); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if len(a.times) != 60 {
		t.Fatalf("%d requests arrived", len(a.times))
	}
	if n := maxInWindow(a.times, time.Second/scale); n > 5 {
		t.Fatalf("%d requests within one window; the documented rate is 5", n)
	}
	// The unpaced default operation of another name is not held up by
	// this one's queue: pacing is per operation.
	if got, _ := c.pacer.rate("ListSubCustomers"); got.PerSecond != 10*scale {
		t.Fatalf("default rate %v", got.PerSecond)
	}
}

func TestLocalLimiterFIFO(t *testing.T) {
	l := NewLocalLimiter()
	ctx := context.Background()
	if err := l.Wait(ctx, "k", 50, 1); err != nil { // takes the first slot
		t.Fatal(err)
	}
	tat := func() time.Time {
		c := l.cell("k")
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.tat
	}
	base := tat()
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.Wait(ctx, "k", 50, 1); err != nil {
				t.Error(err)
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
		}()
		// Let goroutine i reserve its slot before i+1 arrives (slots are
		// 20 ms apart, so completion order shows reservation order).
		for {
			if !tat().Before(base.Add(time.Duration(i+1) * 20 * time.Millisecond)) {
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	wg.Wait()
	for i, v := range order {
		if v != i {
			t.Fatalf("served in order %v, want arrival order", order)
		}
	}
}

func TestLocalLimiterContext(t *testing.T) {
	l := NewLocalLimiter()
	_ = l.Wait(context.Background(), "k", 1, 1) // next slot in 1 s
	// A deadline before the slot fails at once, and gives nothing away.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := l.Wait(ctx, "k", 1, 1)
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, errPaceDeadline) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 50*time.Millisecond {
		t.Fatal("waited for a slot past the deadline")
	}
	// Cancelling a waiter returns its slot when nobody queued behind it.
	tat := func() time.Time {
		c := l.cell("k")
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.tat
	}
	before := tat()
	ctx2, cancel2 := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- l.Wait(ctx2, "k", 1, 1) }()
	for {
		if tat().After(before) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel2()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if after := tat(); !after.Equal(before) {
		t.Fatalf("slot not returned: %v -> %v", before, after)
	}
	if err := l.Wait(context.Background(), "k", 0, 1); err == nil {
		t.Fatal("rate 0 accepted")
	}
}

// TestPacingAdaptsTo429: a 429 with Retry-After halves the operation's rate
// and pauses it; successes bring it back to the documented rate.
func TestPacingAdaptsTo429(t *testing.T) {
	srv := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached"}`))
			return
		}
		_, _ = w.Write([]byte(`{}`))
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Pacing.TimeScale = 10 })
	op := Operation{Name: "ListCustomerOrders", Method: http.MethodGet, Path: "/v2/orders/customer-orders"}
	full, _ := c.pacer.rate(op.Name)
	var meta Metadata
	if err := c.Do(context.Background(), op, Request{}, nil, &meta); err != nil {
		t.Fatal(err)
	}
	if meta.Attempts != 2 {
		t.Fatalf("attempts %d", meta.Attempts)
	}
	// One 429 (halved) then one success (+5%).
	r, _ := c.pacer.rate(op.Name)
	if want := full.PerSecond * (0.5 + paceRecoverStep); r.PerSecond < want*0.999 || r.PerSecond > want*1.001 {
		t.Fatalf("rate after 429 and a success: %v, want %v", r.PerSecond, want)
	}
	// A 429 pauses the operation for Retry-After / scale.
	c.pacer.observe(op.Name, http.StatusTooManyRequests, http.Header{"Retry-After": {"2"}})
	if _, until := c.pacer.rate(op.Name); time.Until(until) < 150*time.Millisecond || time.Until(until) > 200*time.Millisecond {
		t.Fatalf("paused until %v from now, want 200 ms", time.Until(until))
	}
	for range 40 {
		c.pacer.observe(op.Name, http.StatusOK, nil)
	}
	if r, until := c.pacer.rate(op.Name); r != full || !until.IsZero() {
		t.Fatalf("rate after recovery %v (full %v)", r, full)
	}
	// Floor: many 429s never stop the operation.
	for range 20 {
		c.pacer.observe(op.Name, http.StatusTooManyRequests, nil)
	}
	if r, _ := c.pacer.rate(op.Name); r.PerSecond < full.PerSecond*paceMinFactor*0.999 {
		t.Fatalf("rate fell to %v", r.PerSecond)
	}
}

// recordingLimiter is a RateLimiter that records its calls.
type recordingLimiter struct {
	mu    sync.Mutex
	calls []string
	rates []float64
}

func (r *recordingLimiter) Wait(_ context.Context, key string, perSecond float64, burst int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, key)
	r.rates = append(r.rates, perSecond)
	return nil
}

func TestPacingOptions(t *testing.T) {
	srv := newRecServer(t, nil)
	rl := &recordingLimiter{}
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.Pacing.TimeScale = 1
		cfg.Pacing.Limiter = rl
		cfg.Pacing.Overrides = map[string]Rate{"ListOnDemandResourceRatings": {PerSecond: 20, Burst: 1}}
	})
	for _, name := range []string{"CheckUserIdentity", "ListOnDemandResourceRatings", "ListSubCustomers"} {
		if err := c.Do(context.Background(), Operation{Name: name, Method: http.MethodGet, Path: "/x"}, Request{}, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	want := []float64{5, 20, 10}
	for i, r := range rl.rates {
		if r != want[i] || rl.calls[i] == "" {
			t.Fatalf("limiter saw %v %v, want rates %v", rl.calls, rl.rates, want)
		}
	}
	off := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Pacing.Disabled = true })
	if off.pacer != nil {
		t.Fatal("pacing not off")
	}
	if _, err := New(Config{Endpoint: srv.URL, Pacing: Pacing{Overrides: map[string]Rate{"X": {}}}}); err == nil {
		t.Fatal("zero override accepted")
	}
}

// Absurd rates and bursts neither panic nor overflow.
func TestPacingExtremeRates(t *testing.T) {
	for _, r := range []Rate{{PerSecond: 1e300, Burst: 1}, {PerSecond: 1e-9, Burst: 1 << 40}, {PerSecond: 0.5, Burst: 1}} {
		w := newWindow(r.PerSecond, r.Burst, 1)
		if w.limit < 1 || w.limit > maxWindowTokens || w.per < 0 {
			t.Fatalf("%+v: window of %d tokens per %v", r, w.limit, w.per)
		}
	}
	if w := newWindow(0.5, 1, 1); w.limit != 1 || w.per != 2*time.Second {
		t.Fatalf("0.5/s: %d tokens per %v, want 1 per 2s", w.limit, w.per)
	}
	l := NewLocalLimiter()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for range 3 {
		if err := l.Wait(ctx, "k", 1e300, 1<<40); err != nil {
			t.Fatal(err)
		}
	}
}
