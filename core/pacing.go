package core

import "context"

// RateLimiter is the backend that paces calls. Wait blocks until one more
// request under key may be sent at perSecond requests per second with the
// given burst, or until ctx is done (then it returns an error that wraps
// ctx's error, or reports at once that the next slot lies past ctx's
// deadline). Waiters of one key are served in the order they arrived.
//
// The client calls Wait once per attempt with the operation name as key and
// the operation's documented rate (see partnersdk.WithRateLimiter). The
// in-process default needs nothing; a limiter backed by a shared store (for
// example Redis) paces a whole fleet of instances that share one account,
// which is how the API counts (per source IP, API and account). perSecond
// may change between calls for one key (the client slows down after a 429
// and speeds up again): implementations use the value of each call.
//
// Implementations must be safe for concurrent use.
type RateLimiter interface {
	Wait(ctx context.Context, key string, perSecond float64, burst int) error
}
