// Package bulk runs the SDK's list iterators and calls for many items at once
// (every customer's bill records at month end, every customer's expiring
// resources) with bounded concurrency, and hands the results back in the
// order of the items, as they become available.
//
// What it adds to golang.org/x/sync/errgroup: results stream out in input
// order while later items are already being fetched; memory stays bounded
// by Concurrency x Buffer values (plus one page per running iterator),
// whatever the number of items; the consumer chooses between stopping at
// the first error (break) and collecting every error (continue), and each
// error names its item. The client paces every operation at its documented
// rate, so Concurrency only needs to cover the latency of the API, not to
// stay under its limits: a few goroutines reach the rate.
package bulk

import (
	"context"
	"fmt"
	"iter"
	"sync"
)

// Options tune Flatten and Map. The zero value is usable.
type Options struct {
	// Concurrency is how many items are worked on at once (default 4).
	Concurrency int
	// Buffer is how many values an item may produce ahead of the consumer
	// (default 100: one page of most list operations).
	Buffer int
}

// Defaults of Options.
const (
	DefaultConcurrency = 4
	DefaultBuffer      = 100
)

// ItemError is the error of one item: its index in the items and the item
// itself. The message names the index only (items may hold personal data).
type ItemError[T any] struct {
	Index int
	Item  T
	Err   error
}

// Error names the item and its error.
func (e *ItemError[T]) Error() string {
	return fmt.Sprintf("bulk: item %d: %v", e.Index, e.Err)
}

// Unwrap returns the item's error.
func (e *ItemError[T]) Unwrap() error { return e.Err }

type entry[V any] struct {
	v   V
	err error
}

// Flatten runs seq for every item, at most opt.Concurrency at once, and
// yields every value of every item: the items in their order, the values of
// one item in the order seq produced them. An error of an item's sequence is
// yielded as an *ItemError in its place; continue to collect every error,
// break to stop at the first. Breaking (or ctx ending) cancels the work in
// flight, and Flatten returns once every goroutine it started has ended.
// If ctx ends first, the last value is ctx's error.
func Flatten[T, V any](ctx context.Context, items []T, seq func(ctx context.Context, item T) iter.Seq2[V, error], opt Options) iter.Seq2[V, error] {
	n := opt.Concurrency
	if n <= 0 {
		n = DefaultConcurrency
	}
	buf := opt.Buffer
	if buf <= 0 {
		buf = DefaultBuffer
	}
	return func(yield func(V, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		defer func() { cancel(); wg.Wait() }()

		// slots bounds the items started but not yet consumed; order hands
		// the consumer each item's channel in item order.
		slots := make(chan struct{}, n)
		order := make(chan chan entry[V], n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(order)
			for i, item := range items {
				select {
				case slots <- struct{}{}:
				case <-ctx.Done():
					return
				}
				ch := make(chan entry[V], buf)
				order <- ch // never blocks: at most n channels are unconsumed
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer close(ch)
					for v, err := range seq(ctx, item) {
						if err != nil {
							err = &ItemError[T]{Index: i, Item: item, Err: err}
						}
						select {
						case ch <- entry[V]{v, err}:
						case <-ctx.Done():
							return
						}
					}
				}()
			}
		}()

		for ch := range order {
			for e := range ch {
				if !yield(e.v, e.err) {
					return
				}
			}
			<-slots
		}
		// Work cut short by ctx may have ended without an error of its
		// own: say so.
		if err := ctx.Err(); err != nil {
			var zero V
			yield(zero, fmt.Errorf("bulk: stopped before every item was done: %w", err))
		}
	}
}

// Map calls fn for every item, at most opt.Concurrency at once, and yields
// the results in the order of the items; an error is yielded as an
// *ItemError in its item's place (see Flatten for stopping and collecting).
func Map[T, R any](ctx context.Context, items []T, fn func(ctx context.Context, item T) (R, error), opt Options) iter.Seq2[R, error] {
	if opt.Buffer <= 0 {
		opt.Buffer = 1
	}
	return Flatten(ctx, items, func(ctx context.Context, item T) iter.Seq2[R, error] {
		return func(yield func(R, error) bool) { yield(fn(ctx, item)) }
	}, opt)
}
