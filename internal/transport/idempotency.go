package transport

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
)

// NewIdempotencyKey returns a random version-4 UUID as 32 lower-case hex
// digits (no hyphens: the documented trans_id fields hold at most 32
// characters).
func NewIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+) and fills b
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return hex.EncodeToString(b[:])
}

// AlreadyAppliedError is returned by a write with an idempotency key
// (trans_id) when a retry was answered with the documented duplicate-key
// error (CBC.99007009): an earlier attempt of this call, whose answer was
// lost, was applied. Treat the operation as done; its response was not
// received, so read the state if the caller needs its result.
type AlreadyAppliedError struct {
	Operation string
	// IdempotencyKey is the trans_id every attempt carried.
	IdempotencyKey string
	// Attempts is how many attempts the call made.
	Attempts int
	// Err is the duplicate-key answer of the last attempt.
	Err *APIError
}

// Error says the operation was applied by an earlier attempt.
func (e *AlreadyAppliedError) Error() string {
	return "partnersdk: " + e.Operation + ": applied by an earlier attempt (trans_id " + e.IdempotencyKey + "; the retry " +
		strconv.Itoa(e.Attempts) + " was answered as a duplicate): " + errString(e.Err)
}

// Unwrap returns the duplicate-key answer.
func (e *AlreadyAppliedError) Unwrap() error { return e.Err }
