package transport

import (
	"context"
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

// Poll calls check until it reports done or fails, pausing between calls
// with exponential backoff, and never waiting past ctx. An error of check
// is returned as is; a context that ends, or MaxPolls, gives a *WaitError.
func Poll(ctx context.Context, name string, o *WaitOptions, check func(context.Context) (done bool, err error)) error {
	var opt WaitOptions
	if o != nil {
		opt = *o
	}
	if opt.MinDelay <= 0 {
		opt.MinDelay = DefaultWaitMinDelay
	}
	if opt.MaxDelay <= 0 {
		opt.MaxDelay = DefaultWaitMaxDelay
	}
	if opt.MaxDelay < opt.MinDelay {
		opt.MaxDelay = opt.MinDelay
	}
	delay := opt.MinDelay
	for polls := 1; ; polls++ {
		if err := ctx.Err(); err != nil {
			return &WaitError{Waiter: name, Polls: polls - 1, Err: err}
		}
		done, err := check(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return &WaitError{Waiter: name, Polls: polls, Err: err}
			}
			return err
		}
		if done {
			return nil
		}
		if opt.MaxPolls > 0 && polls >= opt.MaxPolls {
			return &WaitError{Waiter: name, Polls: polls}
		}
		if err := sleep(ctx, delay); err != nil {
			return &WaitError{Waiter: name, Polls: polls, Err: err}
		}
		delay *= 2
		if delay > opt.MaxDelay {
			delay = opt.MaxDelay
		}
	}
}
