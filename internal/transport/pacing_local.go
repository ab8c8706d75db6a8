package transport

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"
)

// LocalLimiter is the in-process core.RateLimiter every client uses unless
// told otherwise. Per key it hands out evenly spaced send times (the generic
// cell rate algorithm: one slot every 1/perSecond, burst slots at once at
// most): a waiter reserves the next slot under a lock, in arrival order, and
// sleeps on a timer until then, so waiters are served first come, first
// served and nobody polls. A waiter whose context ends gives its slot back
// when no later one was handed out.
type LocalLimiter struct {
	keys sync.Map // key -> *cell
}

// cell is one key's theoretical arrival time: the slot after the last
// one handed out.
type cell struct {
	mu  sync.Mutex
	tat time.Time
}

// NewLocalLimiter returns an empty in-process limiter.
func NewLocalLimiter() *LocalLimiter {
	return &LocalLimiter{}
}

func (l *LocalLimiter) cell(key string) *cell {
	if v, ok := l.keys.Load(key); ok {
		return v.(*cell)
	}
	v, _ := l.keys.LoadOrStore(key, &cell{})
	return v.(*cell)
}

// Wait implements core.RateLimiter.
func (l *LocalLimiter) Wait(ctx context.Context, key string, perSecond float64, burst int) error {
	if !(perSecond > 0) || math.IsInf(perSecond, 0) {
		return fmt.Errorf("partnersdk: pacing %s: rate %v is not a positive number", key, perSecond)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	burst = min(max(burst, 1), maxWindowTokens)
	interval := time.Duration(math.Min(float64(time.Second)/perSecond, float64(maxPaceSpan)))
	tolerance := time.Duration(math.Min(float64(burst-1)*float64(interval), float64(maxPaceSpan)))

	c := l.cell(key)
	c.mu.Lock()
	now := time.Now()
	slot := c.tat.Add(-tolerance)
	if slot.Before(now) {
		slot = now
	}
	if dl, ok := ctx.Deadline(); ok && slot.After(dl) {
		c.mu.Unlock()
		return fmt.Errorf("%w (%s, %v from now): %w", errPaceDeadline, key, slot.Sub(now).Round(time.Millisecond), context.DeadlineExceeded)
	}
	prev := c.tat
	next := c.tat
	if next.Before(slot) {
		next = slot
	}
	next = next.Add(interval)
	c.tat = next
	c.mu.Unlock()

	d := slot.Sub(now)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		if c.tat.Equal(next) {
			c.tat = prev // nobody queued behind: the slot is free again
		}
		c.mu.Unlock()
		return fmt.Errorf("partnersdk: waiting for the rate of %s: %w", key, ctx.Err())
	}
}
