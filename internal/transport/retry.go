package transport

import (
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// RetryPolicy says when and how often a failed call is tried again.
//
// Reads (queries) are retried on connection errors, timeouts of an attempt,
// and HTTP 429, 500, 502, 503 and 504, with exponential backoff and full
// jitter, honouring Retry-After. Writes are retried only when the request
// provably never left this machine (DNS, dial or TLS handshake failures,
// or the credentials failing before sending); once a write may have reached
// the server, a failure is returned as an *OutcomeUnknownError and never
// resent. With a RoundTripper that does not report connections through
// net/http/httptrace (a mock, a custom transport), only dial and DNS errors
// count as "never sent".
type RetryPolicy struct {
	// MaxAttempts bounds the attempts of one call, the first included.
	// 1 (or less) switches retries off.
	MaxAttempts int
	// BaseDelay is the backoff unit: attempt n waits a random duration in
	// [0, min(MaxDelay, BaseDelay*2^(n-1))).
	BaseDelay time.Duration
	// MaxDelay caps one backoff wait.
	MaxDelay time.Duration
	// MaxRetryAfter caps how long a server's Retry-After is honoured; a
	// longer Retry-After ends the retries with the error.
	MaxRetryAfter time.Duration
	// Budget is the client-wide retry budget (a token bucket shared by all
	// calls of one client, so a failing API does not get a retry storm).
	// Each retry costs RetryCost tokens, each success refunds one, up to
	// Budget. 0 means no budget limit.
	Budget    int
	RetryCost int
}

// DefaultRetryPolicy is the policy a client uses unless told otherwise.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts:   3,
		BaseDelay:     200 * time.Millisecond,
		MaxDelay:      5 * time.Second,
		MaxRetryAfter: 30 * time.Second,
		Budget:        100,
		RetryCost:     5,
	}
}

// NoRetries is a policy that makes exactly one attempt.
func NoRetries() RetryPolicy { return RetryPolicy{MaxAttempts: 1} }

// backoff returns the wait before attempt n+1 (n >= 1 attempts done).
// A MaxDelay of 0 leaves the growth uncapped (up to the largest Duration).
func (p RetryPolicy) backoff(n int) time.Duration {
	if p.BaseDelay <= 0 {
		return 0
	}
	ceiling := p.BaseDelay
	for i := 1; i < n; i++ {
		if p.MaxDelay > 0 && ceiling >= p.MaxDelay || ceiling > math.MaxInt64/2 {
			break
		}
		ceiling *= 2
	}
	if p.MaxDelay > 0 && ceiling > p.MaxDelay {
		ceiling = p.MaxDelay
	}
	return time.Duration(rand.Int64N(int64(ceiling)))
}

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
