package core

import (
	"strconv"
	"time"
)

// WaitOptions tune the polling of a waiter (WaitUntil... methods).
type WaitOptions struct {
	// MinDelay is the pause after the first poll (default 2 s). Each
	// further pause doubles, up to MaxDelay (default 30 s).
	MinDelay time.Duration
	// MaxDelay caps the pause between polls.
	MaxDelay time.Duration
	// MaxPolls stops the wait after this many polls (0: no limit; the
	// context bounds the wait).
	MaxPolls int
}

// Default pauses of a waiter.
const (
	DefaultWaitMinDelay = 2 * time.Second
	DefaultWaitMaxDelay = 30 * time.Second
)

// WaitError is returned by a waiter that stopped before the awaited state
// was reached: the context ended (Err is the context's error) or MaxPolls
// polls were made (Err is nil).
type WaitError struct {
	// Waiter is the waiter's name, e.g. "WaitUntilRealnameReviewed".
	Waiter string
	// Polls is how many times the state was read.
	Polls int
	// Err is the context's error, or nil after MaxPolls.
	Err error
}

// Error describes why the wait stopped.
func (e *WaitError) Error() string {
	s := "partnersdk: " + e.Waiter + ": not reached after " + strconv.Itoa(e.Polls) + " poll(s)"
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the context's error.
func (e *WaitError) Unwrap() error { return e.Err }
