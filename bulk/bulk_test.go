package bulk

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// pages produces n values for item, sleeping a little to reorder workers.
func pages(running, peak *atomic.Int64, n int) func(context.Context, int) iter.Seq2[string, error] {
	return func(ctx context.Context, item int) iter.Seq2[string, error] {
		return func(yield func(string, error) bool) {
			cur := running.Add(1)
			defer running.Add(-1)
			for {
				p := peak.Load()
				if cur <= p || peak.CompareAndSwap(p, cur) {
					break
				}
			}
			for j := range n {
				if item%3 == 0 {
					time.Sleep(time.Millisecond)
				}
				if !yield(fmt.Sprintf("%d/%d", item, j), nil) {
					return
				}
			}
		}
	}
}

func TestFlattenOrderAndBound(t *testing.T) {
	items := make([]int, 40)
	for i := range items {
		items[i] = i
	}
	var running, peak atomic.Int64
	i, j := 0, 0
	for v, err := range Flatten(context.Background(), items, pages(&running, &peak, 5), Options{Concurrency: 3, Buffer: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("%d/%d", i, j); v != want {
			t.Fatalf("got %s, want %s", v, want)
		}
		if j++; j == 5 {
			i, j = i+1, 0
		}
	}
	if i != len(items) {
		t.Fatalf("%d items seen", i)
	}
	if p := peak.Load(); p > 3 || p < 2 {
		t.Fatalf("peak concurrency %d, want 2..3", p)
	}
}

func TestFlattenCollectsEveryError(t *testing.T) {
	items := []string{"a", "b", "c", "d"}
	boom := errors.New("boom")
	seq := func(_ context.Context, it string) iter.Seq2[int, error] {
		return func(yield func(int, error) bool) {
			if it == "b" || it == "d" {
				yield(0, boom)
				return
			}
			yield(len(it), nil)
		}
	}
	var failed []string
	vals := 0
	for _, err := range Flatten(context.Background(), items, seq, Options{}) {
		var ie *ItemError[string]
		switch {
		case errors.As(err, &ie):
			if !errors.Is(err, boom) {
				t.Errorf("%v does not wrap the cause", err)
			}
			failed = append(failed, ie.Item)
		case err != nil:
			t.Fatal(err)
		default:
			vals++
		}
	}
	if fmt.Sprint(failed) != "[b d]" || vals != 2 {
		t.Fatalf("failed %v, %d values", failed, vals)
	}
}

func TestFlattenBreakStopsWork(t *testing.T) {
	base := runtime.NumGoroutine()
	items := make([]int, 1000)
	var produced atomic.Int64
	seq := func(ctx context.Context, _ int) iter.Seq2[int, error] {
		return func(yield func(int, error) bool) {
			for k := 0; ; k++ {
				if ctx.Err() != nil {
					yield(0, ctx.Err())
					return
				}
				produced.Add(1)
				if !yield(k, nil) {
					return
				}
			}
		}
	}
	n := 0
	for _, err := range Flatten(context.Background(), items, seq, Options{Concurrency: 4, Buffer: 8}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 50 {
			break
		}
	}
	// Every goroutine has called Done when Flatten returns; give them a
	// moment to exit.
	g := runtime.NumGoroutine()
	for i := 0; i < 100 && g > base; i++ {
		time.Sleep(10 * time.Millisecond)
		g = runtime.NumGoroutine()
	}
	if g > base {
		t.Fatalf("%d goroutines after break, %d before", g, base)
	}
	// Workers ran at most Buffer (+1 in hand) ahead of the consumer each.
	if p := produced.Load(); p > 50+4*(8+1) {
		t.Fatalf("%d values produced for 50 consumed", p)
	}
}

func TestMapContextEnd(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	items := make([]int, 100)
	var last error
	var calls atomic.Int64
	n := 0
	for _, err := range Map(ctx, items, func(ctx context.Context, _ int) (int, error) {
		if calls.Add(1) == 10 {
			cancel()
		}
		return 1, ctx.Err()
	}, Options{Concurrency: 1}) {
		n++
		last = err
	}
	if !errors.Is(last, context.Canceled) || n >= 100 {
		t.Fatalf("after %d results, last error %v", n, last)
	}
}
