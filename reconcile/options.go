package reconcile

import (
	"context"
	"time"

	"github.com/hcpartner/partner-sdk-go/internal/transport"

	partnersdk "github.com/hcpartner/partner-sdk-go"
)

// Defaults of the options.
const (
	// DefaultClockSkew is the largest difference assumed between this
	// machine's clock and the server's when the failed answer told no
	// server time: the API gateway rejects AK/SK-signed requests whose
	// X-Sdk-Date is more than 15 minutes from its clock.
	DefaultClockSkew = 15 * time.Minute
	// DefaultServerTimeMargin widens the window placed from the server's
	// Date header, for differences between the clocks of Huawei's own
	// servers (an assumption; the docs say nothing about them).
	DefaultServerTimeMargin = time.Minute
	// DefaultSettleDelay is how long after the attempt ended a record is
	// assumed to be listed. The docs give no delay; this is an assumption,
	// chosen long on purpose: NotApplied leads callers to send money again.
	DefaultSettleDelay = 5 * time.Minute
	// DefaultPollInterval is how often the records are read again while
	// waiting for the settle delay.
	DefaultPollInterval = 15 * time.Second
)

// Clock is the time source of a Reconciler: Now reads the time on the same
// clock as OutcomeUnknownError.AttemptEnd, and Sleep waits for d or until
// ctx is done (returning ctx's error). Tests use a fake clock so that the
// settle delay costs no real time.
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	return transport.Sleep(ctx, d)
}

type config struct {
	skew, serverMargin, settle, poll time.Duration
	clock                            Clock
	exclude                          map[string]bool
}

// Option configures a Reconciler.
type Option func(*config) error

func nonNegative(name string, d time.Duration) error {
	if d < 0 {
		return &partnersdk.ConfigError{Field: name, Reason: "must not be negative, got " + d.String()}
	}
	return nil
}

// WithClockSkew sets how far this machine's clock may be from the server's
// (DefaultClockSkew). Set it lower only when the clock is kept in sync (NTP);
// a value that is too low can turn Applied into NotApplied.
func WithClockSkew(d time.Duration) Option {
	return func(c *config) error {
		if err := nonNegative("WithClockSkew", d); err != nil {
			return err
		}
		c.skew = d
		return nil
	}
}

// WithServerTimeMargin sets the margin added around a window placed from the
// server's Date header (DefaultServerTimeMargin).
func WithServerTimeMargin(d time.Duration) Option {
	return func(c *config) error {
		if err := nonNegative("WithServerTimeMargin", d); err != nil {
			return err
		}
		c.serverMargin = d
		return nil
	}
}

// WithSettleDelay sets how long after the attempt a record is assumed to be
// listed (DefaultSettleDelay). Reconcile answers only after it has passed.
func WithSettleDelay(d time.Duration) Option {
	return func(c *config) error {
		if err := nonNegative("WithSettleDelay", d); err != nil {
			return err
		}
		c.settle = d
		return nil
	}
}

// WithPollInterval sets how often the records are read while waiting for
// the settle delay (DefaultPollInterval); it must be positive.
func WithPollInterval(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return &partnersdk.ConfigError{Field: "WithPollInterval", Reason: "must be positive, got " + d.String()}
		}
		c.poll = d
		return nil
	}
}

// WithClock sets the clock (the real clock by default).
func WithClock(clk Clock) Option {
	return func(c *config) error {
		if clk == nil {
			return &partnersdk.ConfigError{Field: "WithClock", Reason: "nil clock"}
		}
		c.clock = clk
		return nil
	}
}

// Exclude names records that belong to other, known calls, so that they do
// not count as candidates: transaction IDs (trans_id / transfer_id), coupon
// IDs, reseller quota IDs or record IDs. Use it when an identical write that
// succeeded ran in the same window and its answer is known.
func Exclude(ids ...string) Option {
	return func(c *config) error {
		for _, id := range ids {
			if id != "" {
				c.exclude[id] = true
			}
		}
		return nil
	}
}
