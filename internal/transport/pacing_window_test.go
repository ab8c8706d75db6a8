package transport

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// TestWindowNeverExceedsLimit: goroutines take tokens and give them back
// as sent at once; the times tokens were granted never hold more than
// limit within one window, and every caller is served.
func TestWindowNeverExceedsLimit(t *testing.T) {
	w := newWindow(50, 1, 1) // 50 tokens per second
	w.per = 100 * time.Millisecond
	w.limit = 5
	var mu sync.Mutex
	var granted []time.Time
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.acquire(context.Background(), "Op"); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			granted = append(granted, time.Now())
			mu.Unlock()
			w.release(true)
		}()
	}
	wg.Wait()
	if len(granted) != 20 {
		t.Fatalf("%d of 20 callers served", len(granted))
	}
	if n := maxInWindow(granted, w.per); n > 5 {
		t.Fatalf("%d grants within one window of %v; limit 5", n, w.per)
	}
}

// TestWindowFIFO: callers that wait are served in the order they came.
func TestWindowFIFO(t *testing.T) {
	w := newWindow(1, 1, 1)
	w.per = 20 * time.Millisecond
	if err := w.acquire(context.Background(), "Op"); err != nil {
		t.Fatal(err)
	}
	order := make(chan int, 5)
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.acquire(context.Background(), "Op"); err != nil {
				t.Error(err)
				return
			}
			order <- i
			w.release(true)
		}()
		// Wait until caller i queues before starting the next one.
		for {
			w.mu.Lock()
			n := len(w.waiters)
			w.mu.Unlock()
			if n == i+1 {
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	w.release(true)
	wg.Wait()
	close(order)
	want := 0
	for got := range order {
		if got != want {
			t.Fatalf("caller %d served in place %d", got, want)
		}
		want++
	}
}

// TestWindowContext: a caller whose context ends while waiting gets the
// context's error and takes no token with it; a token given back unsent is
// free at once.
func TestWindowContext(t *testing.T) {
	w := newWindow(1, 1, 1)
	w.per = time.Hour
	if err := w.acquire(context.Background(), "Op"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := w.acquire(ctx, "Op"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
	w.mu.Lock()
	held, waiting := w.held, len(w.waiters)
	w.mu.Unlock()
	if held != 1 || waiting != 0 {
		t.Fatalf("held %d, waiting %d after the context ended", held, waiting)
	}
	w.release(false)
	if err := w.acquire(context.Background(), "Op"); err != nil {
		t.Fatal(err)
	}
}

// TestWindowNoTimerWithoutWaiters: taking and giving back tokens that no
// one waits for arms no timer and allocates nothing once the queue of
// cooling tokens has grown.
func TestWindowNoTimerWithoutWaiters(t *testing.T) {
	w := newWindow(1e6, 1, 1) // a window of 1e6 tokens
	ctx := context.Background()
	for range 100 {
		_ = w.acquire(ctx, "Op")
		w.release(true)
	}
	allocs := testing.AllocsPerRun(100, func() {
		_ = w.acquire(ctx, "Op")
		w.release(false)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per unsent call", allocs)
	}
	if w.timer != nil {
		t.Fatal("a timer was armed although no caller waited")
	}
}
