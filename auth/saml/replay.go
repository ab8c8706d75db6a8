package saml

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// ReplayCache remembers message identifiers that were already accepted, so
// that the same SAMLRequest (or the same binding notification) is not
// answered twice. The IdP records a request ID only when it answers it; the
// binding handler records a hash of the notification's signature.
//
// Use must be safe for concurrent use. A deployment with several instances
// behind a load balancer plugs in a shared store (for example Redis SET with
// NX and an expiry); a single instance can use NewMemoryReplayCache.
type ReplayCache interface {
	// Use records key for ttl and reports whether it was new. It reports
	// false, nil when key was recorded before and has not expired.
	Use(ctx context.Context, key string, ttl time.Duration) (fresh bool, err error)
	// Forget removes key again. The handlers call it when the message
	// could not be processed after all (the BindFunc failed, signing
	// failed), so that the sender's retry is not mistaken for a replay.
	Forget(ctx context.Context, key string) error
}

// MemoryReplayCache is an in-process ReplayCache with a fixed capacity.
// Expired keys are dropped first; when the cache is still full, the key that
// expires soonest is dropped, which can only reopen the window for the
// oldest accepted message. Only messages whose signature verified are ever
// recorded, so an attacker cannot flood the cache. Safe for concurrent use.
type MemoryReplayCache struct {
	mu       sync.Mutex
	capacity int
	now      func() time.Time
	keys     map[string]*replayEntry
	order    replayHeap
}

type replayEntry struct {
	key     string
	expires time.Time
	index   int
}

// NewMemoryReplayCache returns a cache holding at most capacity keys
// (DefaultReplayCacheSize when capacity <= 0). now supplies the time; nil
// means time.Now.
func NewMemoryReplayCache(capacity int, now func() time.Time) *MemoryReplayCache {
	if capacity <= 0 {
		capacity = DefaultReplayCacheSize
	}
	if now == nil {
		now = time.Now
	}
	return &MemoryReplayCache{capacity: capacity, now: now, keys: make(map[string]*replayEntry)}
}

// Use implements ReplayCache.
func (c *MemoryReplayCache) Use(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return false, err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	for len(c.order) > 0 && !c.order[0].expires.After(now) {
		e := heap.Pop(&c.order).(*replayEntry)
		delete(c.keys, e.key)
	}
	if _, ok := c.keys[key]; ok {
		return false, nil
	}
	for len(c.order) >= c.capacity {
		e := heap.Pop(&c.order).(*replayEntry)
		delete(c.keys, e.key)
	}
	e := &replayEntry{key: key, expires: now.Add(ttl)}
	heap.Push(&c.order, e)
	c.keys[key] = e
	return true, nil
}

// Forget implements ReplayCache.
func (c *MemoryReplayCache) Forget(_ context.Context, key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.keys[key]; ok {
		heap.Remove(&c.order, e.index)
		delete(c.keys, key)
	}
	return nil
}

// Len reports how many keys the cache holds, expired ones included until
// the next Use.
func (c *MemoryReplayCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.keys)
}

// replayHeap orders entries by expiry, soonest first.
type replayHeap []*replayEntry

// Len is the number of entries (heap.Interface).
func (h replayHeap) Len() int { return len(h) }

// Less orders by expiry.
func (h replayHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }

// Swap exchanges two entries and keeps their indexes current.
func (h replayHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

// Push appends an entry.
func (h *replayHeap) Push(x any) {
	e := x.(*replayEntry)
	e.index = len(*h)
	*h = append(*h, e)
}

// Pop removes the last entry.
func (h *replayHeap) Pop() any {
	old := *h
	n := len(old)
	e := old[n-1]
	old[n-1] = nil
	*h = old[:n-1]
	return e
}
