package core

import (
	"math"
	"math/rand/v2"
	"time"
)

// RetryPolicy says when and how often a failed call is tried again.
//
// Reads (queries) are retried on connection errors, timeouts of an attempt,
// and HTTP 429, 500, 502, 503 and 504, with exponential backoff and full
// jitter, honouring Retry-After. Writes are retried only when the request
// provably never left this machine; once a write may have reached the
// server, a failure is returned as an *OutcomeUnknownError and never resent.
//
// A zero field means its default (see DefaultRetryPolicy), so
// RetryPolicy{MaxAttempts: 5} is the default policy with five attempts. A
// negative duration or budget switches that part off.
type RetryPolicy struct {
	// MaxAttempts bounds the attempts of one call, the first included.
	// 0 means 3; 1 (or a negative value) switches retries off.
	MaxAttempts int
	// BaseDelay is the backoff unit: attempt n waits a random duration in
	// [0, min(MaxDelay, BaseDelay*2^(n-1))). 0 means 200 ms; negative means
	// no wait between attempts.
	BaseDelay time.Duration
	// MaxDelay caps one backoff wait. 0 means 5 s; negative means no cap.
	MaxDelay time.Duration
	// MaxRetryAfter caps how long a server's Retry-After is honoured; a
	// longer Retry-After ends the retries with the error. 0 means 30 s;
	// negative means no cap.
	MaxRetryAfter time.Duration
	// Budget is the size of the client-wide retry budget (a token bucket
	// shared by all calls of one client, so a failing API does not get a
	// retry storm). Each retry costs RetryCost tokens, each success refunds
	// one. 0 means 100; negative means no budget limit. It is read from the
	// client's policy only: a per-call policy (WithRetryPolicy) draws on the
	// client's budget.
	Budget int
	// RetryCost is what one retry takes from the budget. 0 means 5;
	// negative means retries cost nothing.
	RetryCost int
}

// DefaultRetryPolicy is the policy a client uses unless told otherwise: 3
// attempts, backoff from 200 ms up to 5 s, Retry-After honoured up to 30 s,
// a budget of 100 tokens at 5 per retry.
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

// WithDefaults returns p with every zero field replaced by its default, and
// a MaxAttempts below 1 raised to 1.
func (p RetryPolicy) WithDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.MaxAttempts == 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.MaxAttempts < 1 {
		p.MaxAttempts = 1
	}
	if p.BaseDelay == 0 {
		p.BaseDelay = d.BaseDelay
	}
	if p.MaxDelay == 0 {
		p.MaxDelay = d.MaxDelay
	}
	if p.MaxRetryAfter == 0 {
		p.MaxRetryAfter = d.MaxRetryAfter
	}
	if p.Budget == 0 {
		p.Budget = d.Budget
	}
	if p.RetryCost == 0 {
		p.RetryCost = d.RetryCost
	}
	return p
}

// Backoff returns a random wait before attempt n+1 (n >= 1 attempts done):
// full jitter over [0, min(MaxDelay, BaseDelay*2^(n-1))). It reads the
// fields as they are (call WithDefaults first for a policy with zero
// fields).
func (p RetryPolicy) Backoff(n int) time.Duration {
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
