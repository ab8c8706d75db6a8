package auth

import (
	"errors"
	"time"
)

// AKSKOption configures NewAKSK and AKSKFromEnv.
type AKSKOption interface {
	applyAKSK(*akskConfig) error
}

// TokenOption configures NewPasswordToken and NewAgencyToken.
type TokenOption interface {
	applyToken(*tokenConfig) error
}

type akskOptionFunc func(*akskConfig) error

func (f akskOptionFunc) applyAKSK(c *akskConfig) error { return f(c) }

type tokenOptionFunc func(*tokenConfig) error

func (f tokenOptionFunc) applyToken(c *tokenConfig) error { return f(c) }

// ClockOption replaces the clock that credentials read. It is both an
// AKSKOption and a TokenOption; build it with WithClock.
type ClockOption struct {
	now func() time.Time
}

var errNilClock = errors.New("auth: WithClock: nil clock function")

// WithClock makes credentials read the time from now instead of time.Now.
// AK/SK credentials sign with it (plus any offset set by SetClockOffset);
// token credentials use it to decide when a cached token must be refreshed.
// It exists mainly for tests.
func WithClock(now func() time.Time) ClockOption {
	return ClockOption{now: now}
}

func (o ClockOption) applyAKSK(c *akskConfig) error {
	if o.now == nil {
		return errNilClock
	}
	c.clock = o.now
	return nil
}

func (o ClockOption) applyToken(c *tokenConfig) error {
	if o.now == nil {
		return errNilClock
	}
	c.clock = o.now
	return nil
}
