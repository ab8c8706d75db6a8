package redisstore

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultLimiterPrefix is the key prefix of NewLimiter when none is given.
const DefaultLimiterPrefix = "partnersdk:rate:"

// Limits of Limiter's arguments.
const (
	// MinPerSecond is the slowest rate: one request per 1,000 seconds.
	MinPerSecond = 0.001
	// MaxPerSecond is the fastest rate: one request per microsecond, the
	// resolution of Redis's clock.
	MaxPerSecond = 1_000_000
	// MaxBurst is the largest burst.
	MaxBurst = 1_000_000
)

// gcraScript is the generic cell rate algorithm on Redis's own clock, so
// that the clocks of the instances do not matter. The key holds the
// theoretical arrival time (TAT) in microseconds. A request is admitted
// when now >= TAT - (burst-1)*interval; the TAT then moves on by one
// interval. Otherwise nothing is written and the script says how long to
// wait. It runs atomically, so concurrent callers on any number of
// instances see one sequence of decisions.
//
// KEYS[1] the limiter key; ARGV[1] the interval in microseconds (integer
// >= 1); ARGV[2] the burst (integer >= 1). Returns {admitted 0|1, wait in
// microseconds, Redis time in microseconds}.
const gcraScript = `
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local earliest = tat - (burst - 1) * interval
if now < earliest then
  return {0, earliest - now, now}
end
local next_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%d', next_tat), 'PX', math.ceil((next_tat - now) / 1000) + 1)
return {1, 0, now}
`

// Limiter is a rate limiter shared by every process that uses the same
// Redis and key: the generic cell rate algorithm (GCRA) in one Lua script,
// timed by Redis's clock. Requests for one key are admitted at most
// perSecond per second on average with bursts of at most burst: in any
// window of T seconds at most T*perSecond + burst - 1 are admitted, so with
// burst 1 never more than perSecond in any one-second window, however many
// instances share the key.
//
// The key names what the limit applies to; for the documented flow-control
// limits of the partner API that is the account and the operation, e.g.
// "<domain id>:ListSubCustomers". An adapter to a per-operation pacing
// interface is one call:
//
//	func (p pacer) Wait(ctx context.Context, op string) error {
//		return p.limiter.Wait(ctx, p.account+":"+op, p.limits[op], 1)
//	}
//
// When Redis cannot be reached, Wait and Allow return an *UnavailableError
// and admit nothing (fail closed): exceeding a documented limit gets
// requests rejected by the API anyway, and a silent fallback to
// per-instance limits would multiply the rate by the number of instances.
// A caller that prefers to degrade can catch the error and wait on a local
// golang.org/x/time/rate limiter set to its share of the rate.
//
// Safe for concurrent use.
type Limiter struct {
	c      redis.UniversalClient
	prefix string
	script *redis.Script
}

// Decision is the answer of Allow.
type Decision struct {
	// Allowed reports whether the request was admitted (and counted).
	Allowed bool
	// RetryAfter is, when not allowed, how long until the next request can
	// be admitted.
	RetryAfter time.Duration
	// At is Redis's clock when the decision was made.
	At time.Time
}

// NewLimiter returns a limiter on c whose keys start with keyPrefix
// (DefaultLimiterPrefix when empty).
func NewLimiter(c redis.UniversalClient, keyPrefix string) (*Limiter, error) {
	if c == nil {
		return nil, &ArgError{Field: "client", Limit: "non-nil"}
	}
	if keyPrefix == "" {
		keyPrefix = DefaultLimiterPrefix
	}
	if len(keyPrefix) > maxKeyBytes {
		return nil, &ArgError{Field: "keyPrefix", Limit: "at most 512 bytes"}
	}
	return &Limiter{c: c, prefix: keyPrefix, script: redis.NewScript(gcraScript)}, nil
}

// String describes the limiter without the client's address or password.
func (l *Limiter) String() string { return "redisstore.Limiter(prefix=" + l.prefix + ")" }

// interval validates the arguments and returns the emission interval in
// microseconds, rounded up so that the enforced rate never exceeds
// perSecond.
func interval(key string, perSecond float64, burst int) (int64, error) {
	if key == "" || len(key) > maxKeyBytes {
		return 0, &ArgError{Field: "key", Limit: "1 to 512 bytes"}
	}
	if math.IsNaN(perSecond) || perSecond < MinPerSecond || perSecond > MaxPerSecond {
		return 0, &ArgError{Field: "perSecond", Limit: "between 0.001 and 1000000"}
	}
	if burst < 1 || burst > MaxBurst {
		return 0, &ArgError{Field: "burst", Limit: "between 1 and 1000000"}
	}
	return int64(math.Ceil(1e6 / perSecond)), nil
}

// Allow asks once whether a request for key may go now and, if so, counts
// it. It never waits.
func (l *Limiter) Allow(ctx context.Context, key string, perSecond float64, burst int) (Decision, error) {
	iv, err := interval(key, perSecond, burst)
	if err != nil {
		return Decision{}, err
	}
	res, err := l.script.Run(ctx, l.c, []string{l.prefix + key}, iv, burst).Int64Slice()
	if err != nil {
		return Decision{}, &UnavailableError{Op: "GCRA script", Err: err}
	}
	if len(res) != 3 {
		return Decision{}, &UnavailableError{Op: "GCRA script", Err: errUnexpectedReply(len(res))}
	}
	return Decision{
		Allowed:    res[0] == 1,
		RetryAfter: time.Duration(res[1]) * time.Microsecond,
		At:         time.UnixMicro(res[2]),
	}, nil
}

type errUnexpectedReply int

func (e errUnexpectedReply) Error() string {
	return "unexpected reply of " + strconv.Itoa(int(e)) + " values"
}

// Wait blocks until a request for key may go, at most perSecond per second
// with bursts of at most burst across every instance sharing the key, and
// counts it. It returns ctx's error if ctx ends first, a *WaitError at once
// if the wait would outlast ctx's deadline, an *UnavailableError if Redis
// cannot be asked, and an *ArgError (with nothing sent) for arguments
// outside their limits.
//
// Waiters are not queued: each retries when the script says the next slot
// opens, so under heavy contention an individual caller may wait longer
// than its share, bounded by its context.
func (l *Limiter) Wait(ctx context.Context, key string, perSecond float64, burst int) error {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		d, err := l.Allow(ctx, key, perSecond, burst)
		if err != nil {
			return err
		}
		if d.Allowed {
			return nil
		}
		wait := d.RetryAfter
		if wait <= 0 {
			wait = time.Microsecond
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return &WaitError{Key: key, Wait: wait}
		}
		if timer == nil {
			timer = time.NewTimer(wait)
		} else {
			timer.Reset(wait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
		}
	}
}
