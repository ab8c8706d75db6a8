package redisstore

import (
	"context"
	"strconv"
	"time"
)

// UnavailableError reports that Redis could not be asked: connection
// refused, timeout, an error reply. Op names the operation. The request
// that needed the answer was not let through.
type UnavailableError struct {
	Op  string
	Err error
}

// Error names the operation and the cause.
func (e *UnavailableError) Error() string {
	return "redisstore: " + e.Op + ": redis unavailable: " + e.Err.Error()
}

// Unwrap returns the cause (a go-redis, network or context error).
func (e *UnavailableError) Unwrap() error { return e.Err }

// ArgError reports an argument outside its limit; nothing was sent to
// Redis.
type ArgError struct {
	// Field is the parameter: "key", "perSecond", "burst" or "keyPrefix".
	Field string
	// Limit describes the accepted values.
	Limit string
}

// Error names the parameter and its limit.
func (e *ArgError) Error() string {
	return "redisstore: invalid " + e.Field + ": must be " + e.Limit
}

// WaitError reports that the rate limit would make the caller wait past
// its context's deadline, so Wait returned at once instead of sleeping
// until the deadline. errors.Is(err, context.DeadlineExceeded) holds.
type WaitError struct {
	// Key is the limiter key.
	Key string
	// Wait is how long the caller would have had to wait at least.
	Wait time.Duration
}

// Error names the key and the wait.
func (e *WaitError) Error() string {
	return "redisstore: rate limit for " + strconv.Quote(e.Key) + " needs a wait of " + e.Wait.String() + ", past the context deadline"
}

// Unwrap returns context.DeadlineExceeded.
func (e *WaitError) Unwrap() error { return context.DeadlineExceeded }
