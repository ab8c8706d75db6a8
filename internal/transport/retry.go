package transport

import (
	"math"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hcpartner/partner-sdk-go/core"
)

// RetryPolicy is the public retry policy of package core.
type RetryPolicy = core.RetryPolicy

// DefaultRetryPolicy is the policy a client uses unless told otherwise.
func DefaultRetryPolicy() RetryPolicy { return core.DefaultRetryPolicy() }

// NoRetries is a policy that makes exactly one attempt.
func NoRetries() RetryPolicy { return core.NoRetries() }

// retryAfter parses a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(math.MaxInt64/time.Second) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// budget is the client-wide retry token bucket. It is lock-free so that the
// success path of concurrent calls does not serialise on it.
type budget struct {
	tokens atomic.Int64
	max    int64
}

func newBudget(max int) *budget {
	b := &budget{max: int64(max)}
	b.tokens.Store(int64(max))
	return b
}

// take removes cost tokens; false when not enough are left. A nil budget or
// a zero maximum never runs out.
func (b *budget) take(cost int) bool {
	if b == nil || b.max <= 0 || cost <= 0 {
		return true
	}
	for {
		t := b.tokens.Load()
		if t < int64(cost) {
			return false
		}
		if b.tokens.CompareAndSwap(t, t-int64(cost)) {
			return true
		}
	}
}

// refund gives one token back after a success.
func (b *budget) refund() {
	if b == nil || b.max <= 0 {
		return
	}
	for {
		t := b.tokens.Load()
		if t >= b.max || b.tokens.CompareAndSwap(t, t+1) {
			return
		}
	}
}
