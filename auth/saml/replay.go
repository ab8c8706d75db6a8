package saml

import (
	"container/heap"
	"context"
	"errors"
	"sync"
	"time"
)

// ReplayStore remembers the messages that were already accepted, so that
// the same SAMLRequest (or the same binding notification) is not answered
// twice. The IdP records "authn:" and the request ID when it answers a
// request; the binding handler records "bind:" and a SHA-256 of the
// notification's signature.
//
// Use must be atomic (two concurrent Use calls for one key: exactly one
// reports fresh) and safe for concurrent use. A fleet of instances behind a
// load balancer shares one store, such as the Redis store of package
// github.com/hcpartner/partner-sdk-go/redisstore (SET NX with an expiry);
// a single instance can use the in-memory default, which a restart empties.
//
// When the store fails (unreachable, timed out), the handlers fail closed:
// the message is rejected with ErrReplayStoreUnavailable (HTTP 503) and no
// caller code runs.
type ReplayStore interface {
	// Use records key and reports whether it was new. It reports false, nil
	// when key was recorded before and has not expired. ttl is how long the
	// key must be kept; zero means for good (the key never expires).
	Use(ctx context.Context, key string, ttl time.Duration) (fresh bool, err error)
	// Forget removes key again. The handlers call it when the message
	// could not be processed after all (the BindFunc failed, signing
	// failed), so that the sender's retry is not mistaken for a replay.
	Forget(ctx context.Context, key string) error
}

// MemoryReplayStore is an in-process ReplayStore with a fixed capacity.
// Expired keys are dropped first; when the store is still full, the key that
// expires soonest is dropped (keys kept for good go last), which can only
// reopen the window for the oldest accepted message. Only messages whose
// signature verified are ever recorded, so an attacker cannot flood the
// store. It is emptied by a restart and not shared between processes: a
// fleet needs a shared store. Safe for concurrent use.
type MemoryReplayStore struct {
	mu       sync.Mutex
	capacity int
	now      func() time.Time
	keys     map[string]*replayEntry
	order    replayHeap
}

type replayEntry struct {
	key     string
	expires time.Time // zero: never
	index   int
}

// NewMemoryReplayStore returns a store holding at most capacity keys
// (DefaultReplayStoreSize when capacity <= 0). now supplies the time; nil
// means time.Now.
func NewMemoryReplayStore(capacity int, now func() time.Time) *MemoryReplayStore {
	if capacity <= 0 {
		capacity = DefaultReplayStoreSize
	}
	if now == nil {
		now = time.Now
	}
	return &MemoryReplayStore{capacity: capacity, now: now, keys: make(map[string]*replayEntry)}
}

// Use implements ReplayStore.
func (c *MemoryReplayStore) Use(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return false, err
		}
	}
	if ttl < 0 {
		return false, errors.New("saml: negative replay ttl")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	for len(c.order) > 0 && !c.order[0].expires.IsZero() && !c.order[0].expires.After(now) {
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
	e := &replayEntry{key: key}
	if ttl > 0 {
		e.expires = now.Add(ttl)
	}
	heap.Push(&c.order, e)
	c.keys[key] = e
	return true, nil
}

// Forget implements ReplayStore.
func (c *MemoryReplayStore) Forget(_ context.Context, key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.keys[key]; ok {
		heap.Remove(&c.order, e.index)
		delete(c.keys, key)
	}
	return nil
}

// Len reports how many keys the store holds, expired ones included until
// the next Use.
func (c *MemoryReplayStore) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.keys)
}

// replayHeap orders entries by expiry, soonest first.
type replayHeap []*replayEntry

// Len is the number of entries (heap.Interface).
func (h replayHeap) Len() int { return len(h) }

// Less orders by expiry; entries that never expire come last.
func (h replayHeap) Less(i, j int) bool {
	a, b := h[i].expires, h[j].expires
	switch {
	case a.IsZero():
		return false
	case b.IsZero():
		return true
	}
	return a.Before(b)
}

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
