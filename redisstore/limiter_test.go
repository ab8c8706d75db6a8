package redisstore_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/hcpartner/partner-sdk-go/redisstore"
)

// maxInWindow returns the largest number of times in any half-open window
// [t, t+w) (windows starting at each event are enough to find it).
func maxInWindow(times []time.Time, w time.Duration) int {
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	best, j := 0, 0
	for i := range times {
		for j < len(times) && times[j].Before(times[i].Add(w)) {
			j++
		}
		if j-i > best {
			best = j - i
		}
	}
	return best
}

const (
	fleetInstances  = 4 // processes, each with its own Redis client and Limiter
	fleetGoroutines = 3 // callers per instance
	fleetRate       = 20.0
	fleetRun        = 3 * time.Second
)

// newLimiters returns one Limiter per instance, all on one key prefix.
func newLimiters(t *testing.T) []*redisstore.Limiter {
	pfx := prefix(t)
	var ls []*redisstore.Limiter
	for i := 0; i < fleetInstances; i++ {
		l, err := redisstore.NewLimiter(newClient(t), pfx)
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
	}
	return ls
}

// Several instances share one limiter: the admissions, on Redis's clock,
// never exceed the rate in any one-second window, and the rate is used.
func TestLimiterCombinedRateRedisClock(t *testing.T) {
	ls := newLimiters(t)
	var mu sync.Mutex
	var admitted []time.Time
	ctx, cancel := context.WithTimeout(context.Background(), fleetRun)
	defer cancel()
	var wg sync.WaitGroup
	for i := 0; i < fleetInstances*fleetGoroutines; i++ {
		wg.Add(1)
		go func(l *redisstore.Limiter) {
			defer wg.Done()
			for ctx.Err() == nil {
				d, err := l.Allow(ctx, "acct-1:ListSubCustomers", fleetRate, 1)
				if err != nil {
					if ctx.Err() == nil {
						t.Error(err)
					}
					return
				}
				if d.Allowed {
					mu.Lock()
					admitted = append(admitted, d.At)
					mu.Unlock()
					continue
				}
				select {
				case <-ctx.Done():
				case <-time.After(d.RetryAfter):
				}
			}
		}(ls[i%len(ls)])
	}
	wg.Wait()
	got := maxInWindow(admitted, time.Second)
	t.Logf("%d instances x %d callers, %.0f/s burst 1: %d admissions in %v, at most %d in any 1 s window (Redis clock)",
		fleetInstances, fleetGoroutines, fleetRate, len(admitted), fleetRun, got)
	if got > int(fleetRate) {
		t.Fatalf("%d admissions in one second, limit %.0f", got, fleetRate)
	}
	if min := int(fleetRate * fleetRun.Seconds() * 0.8); len(admitted) < min {
		t.Fatalf("only %d admissions, expected at least %d", len(admitted), min)
	}
}

// The same through Wait, measured where the requests arrive: a loopback
// HTTP server that records each request's arrival.
func TestLimiterCombinedRateOnTheWire(t *testing.T) {
	ls := newLimiters(t)
	var mu sync.Mutex
	var arrivals []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		mu.Unlock()
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), fleetRun)
	defer cancel()
	var wg sync.WaitGroup
	for i := 0; i < fleetInstances*fleetGoroutines; i++ {
		wg.Add(1)
		go func(l *redisstore.Limiter) {
			defer wg.Done()
			client := srv.Client()
			for {
				if err := l.Wait(ctx, "acct-1:ListSubCustomers", fleetRate, 1); err != nil {
					if ctx.Err() == nil && !errors.Is(err, context.DeadlineExceeded) {
						t.Error(err)
					}
					return
				}
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL, nil)
				resp, err := client.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				_ = resp.Body.Close()
			}
		}(ls[i%len(ls)])
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	got := maxInWindow(arrivals, time.Second)
	t.Logf("%d instances x %d callers, %.0f/s burst 1: %d requests in %v, at most %d in any 1 s window (arrival at the server)",
		fleetInstances, fleetGoroutines, fleetRate, len(arrivals), fleetRun, got)
	// Arrival times carry the jitter of the loopback path and of the
	// scheduler on top of the admission times (which are exact, see the
	// test above): one request of slack.
	if got > int(fleetRate)+1 {
		t.Fatalf("%d requests in one second, limit %.0f", got, fleetRate)
	}
	if min := int(fleetRate * fleetRun.Seconds() * 0.8); len(arrivals) < min {
		t.Fatalf("only %d requests, expected at least %d", len(arrivals), min)
	}
}

// A burst is served at once, then the rate applies: at most
// rate + burst - 1 in any second.
func TestLimiterBurst(t *testing.T) {
	l := newLimiters(t)[0]
	ctx := context.Background()
	var at []time.Time
	for i := 0; i < 5; i++ {
		d, err := l.Allow(ctx, "k", 10, 5)
		if err != nil || !d.Allowed {
			t.Fatalf("burst request %d: %+v %v", i, d, err)
		}
		at = append(at, d.At)
	}
	d, err := l.Allow(ctx, "k", 10, 5)
	if err != nil || d.Allowed || d.RetryAfter <= 0 || d.RetryAfter > 100*time.Millisecond {
		t.Fatalf("after the burst: %+v %v", d, err)
	}
	deadline := time.Now().Add(1500 * time.Millisecond)
	for time.Now().Before(deadline) {
		d, err := l.Allow(ctx, "k", 10, 5)
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed {
			at = append(at, d.At)
		} else {
			time.Sleep(d.RetryAfter)
		}
	}
	if got := maxInWindow(at, time.Second); got > 10+5-1 {
		t.Fatalf("%d in one second", got)
	}
}

// The interval is rounded up: a rate whose interval is not a whole number
// of microseconds never admits more than the rate.
func TestLimiterOddRate(t *testing.T) {
	l := newLimiters(t)[0]
	ctx := context.Background()
	var at []time.Time
	deadline := time.Now().Add(2200 * time.Millisecond)
	for time.Now().Before(deadline) {
		d, err := l.Allow(ctx, "odd", 3, 1)
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed {
			at = append(at, d.At)
		} else {
			time.Sleep(d.RetryAfter)
		}
	}
	if got := maxInWindow(at, time.Second); got > 3 {
		t.Fatalf("%d in one second at 3/s", got)
	}
	if len(at) < 6 {
		t.Fatalf("only %d admissions in 2.2 s at 3/s", len(at))
	}
}

func TestLimiterWaitHonoursContext(t *testing.T) {
	l := newLimiters(t)[0]
	if err := l.Wait(context.Background(), "slow", 0.01, 1); err != nil {
		t.Fatal(err)
	}
	// The next slot is 100 s away: a 200 ms deadline cannot be met, and
	// Wait says so at once instead of sleeping until the deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := l.Wait(ctx, "slow", 0.01, 1)
	var we *redisstore.WaitError
	if !errors.As(err, &we) || !errors.Is(err, context.DeadlineExceeded) || we.Wait < 90*time.Second || ctx.Err() != nil {
		t.Fatalf("deadline: %v (ctx %v)", err, ctx.Err())
	}
	// Without a deadline it waits until cancelled.
	ctx2, cancel2 := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Wait(ctx2, "slow", 0.01, 1) }()
	time.Sleep(50 * time.Millisecond)
	cancel2()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Wait did not return after cancel")
	}
}

// Redis down: fail closed with a typed error; bad arguments: a typed error
// naming the field and nothing sent (the dead client would have answered
// with an UnavailableError).
func TestLimiterErrors(t *testing.T) {
	l, err := redisstore.NewLimiter(deadClient(t), "")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var ue *redisstore.UnavailableError
	if err := l.Wait(ctx, "k", 10, 1); !errors.As(err, &ue) {
		t.Fatalf("Redis down: %v", err)
	}
	for _, c := range []struct {
		key       string
		perSecond float64
		burst     int
		field     string
	}{
		{"", 1, 1, "key"},
		{string(make([]byte, 513)), 1, 1, "key"},
		{"k", 0, 1, "perSecond"},
		{"k", -1, 1, "perSecond"},
		{"k", math.NaN(), 1, "perSecond"},
		{"k", math.Inf(1), 1, "perSecond"},
		{"k", 2e6, 1, "perSecond"},
		{"k", 1, 0, "burst"},
		{"k", 1, 2_000_000, "burst"},
	} {
		var ae *redisstore.ArgError
		if err := l.Wait(ctx, c.key, c.perSecond, c.burst); !errors.As(err, &ae) || ae.Field != c.field {
			t.Errorf("%q %v %d: %v", c.key, c.perSecond, c.burst, err)
		}
	}
}
