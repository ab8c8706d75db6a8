package partnersdk

import (
	"math"

	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/internal/transport"
)

// Pacing: by default a Client paces every operation at the rate its
// documentation allows (10 requests per second unless the operation's page
// or the flow-control page fci_00001 gives another figure, for example 5/s
// for CheckUserIdentity): every attempt, retries included, waits for the
// operation's next slot within the call's context, callers of one
// operation are served in the order they arrived, and nothing polls. A 429
// halves the operation's rate and pauses it for the Retry-After; each
// success gives back a twentieth of the full rate. Besides spacing requests
// evenly, the pacer lets at most the documented number of requests of an
// operation (for example 10) be under way or answered within the last
// window (one second): request n+10 waits until one second after the answer
// to request n. Then the server never counts more than the documented rate
// in any one-second window, however the network delays single requests; the
// price is about one call's latency per window (with 100 ms of latency, 10%
// of the rate).
//
// The API counts per source IP, operation and account: a fleet of
// instances sharing one account shares each operation's rate. Give every
// instance the same shared limiter (WithRateLimiter), or each its share
// (WithOperationRate).
//
// https://support.huaweicloud.com/api-bpconsole/fci_00001.html

// RateLimiter is the pacing backend (see core.RateLimiter).
type RateLimiter = core.RateLimiter

// WithoutPacing turns per-operation pacing off: calls go out as fast as they
// are made (WithRateLimit still applies when given).
func WithoutPacing() Option {
	return func(o *options) error { o.cfg.Pacing.Disabled = true; return nil }
}

// WithOperationRate paces the named operation (its official name, e.g.
// "ListOnDemandResourceRatings") at perSecond requests per second with the
// given burst instead of its documented rate. Use it where your account was
// granted another rate, or to give each instance of a fleet its share.
func WithOperationRate(operation string, perSecond float64, burst int) Option {
	return func(o *options) error {
		if operation == "" {
			return &ConfigError{Field: "WithOperationRate", Reason: "empty operation name"}
		}
		if !(perSecond > 0) || math.IsInf(perSecond, 0) || burst < 1 {
			return &ConfigError{Field: "WithOperationRate", Reason: "rate and burst must be positive"}
		}
		if o.cfg.Pacing.Overrides == nil {
			o.cfg.Pacing.Overrides = map[string]transport.Rate{}
		}
		o.cfg.Pacing.Overrides[operation] = transport.Rate{PerSecond: perSecond, Burst: burst}
		return nil
	}
}

// WithRateLimiter replaces the in-process pacing backend, for example with
// one that shares each operation's rate across a fleet through a shared
// store. The client calls l.Wait before every attempt with the operation
// name as key.
func WithRateLimiter(l RateLimiter) Option {
	return func(o *options) error {
		if l == nil {
			return &ConfigError{Field: "WithRateLimiter", Reason: "nil RateLimiter"}
		}
		o.cfg.Pacing.Limiter = l
		return nil
	}
}

// WithPacingTimeScale multiplies every pacing rate by factor and divides
// the pauses after a 429 by it; it turns pacing on (the last of it and
// WithoutPacing wins). It exists for tests and benchmarks against
// a sandbox that enforces the documented flow control factor times faster
// than real time; never use it against the real API.
func WithPacingTimeScale(factor float64) Option {
	return func(o *options) error {
		if !(factor > 0) || math.IsInf(factor, 0) {
			return &ConfigError{Field: "WithPacingTimeScale", Reason: "must be a positive number"}
		}
		o.cfg.Pacing.TimeScale = factor
		o.cfg.Pacing.Disabled = false
		return nil
	}
}
