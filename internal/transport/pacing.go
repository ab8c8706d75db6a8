package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/internal/spec"
)

// Pacing configures per-operation pacing. The zero value paces every
// operation at its documented rate (internal/spec/flow_control.json) with
// the in-process limiter.
type Pacing struct {
	// Disabled turns pacing off.
	Disabled bool
	// Limiter replaces the in-process limiter (for example a limiter shared
	// by a fleet through Redis).
	Limiter core.RateLimiter
	// Overrides replace the documented rate of the named operations.
	Overrides map[string]Rate
	// TimeScale multiplies every rate and divides every pause (0 means 1):
	// for tests against a sandbox that enforces the table time-scaled.
	TimeScale float64
}

// Rate is a pacing rate: PerSecond requests per second, Burst at once.
type Rate struct {
	PerSecond float64
	Burst     int
}

// Pacing constants.
const (
	// paceMinFactor bounds how far 429s slow an operation down.
	paceMinFactor = 1.0 / 16
	// paceRecoverStep is what each success gives back of the rate taken
	// away by a 429 (additive increase, multiplicative decrease).
	paceRecoverStep = 0.05
	// paceDefaultPause is the pause after a 429 without Retry-After.
	paceDefaultPause = time.Second
	// paceMaxPause bounds the pause a Retry-After can impose.
	paceMaxPause = 30 * time.Second
)

// pacer paces the attempts of one Client.
type pacer struct {
	limiter core.RateLimiter
	rates   map[string]Rate // per operation, after overrides and scale
	windows map[string]*window
	def     Rate
	scale   float64
	now     func() time.Time // reads Retry-After dates; waits use time.Now

	mu    sync.Mutex
	state map[string]*paceState
}

// paceState is what 429s taught about one operation.
type paceState struct {
	factor      float64   // share of the rate in use, in [paceMinFactor, 1]
	pausedUntil time.Time // no attempt starts before
}

func newPacer(p Pacing, now func() time.Time) (*pacer, error) {
	if p.Disabled {
		return nil, nil
	}
	fc, err := spec.LoadFlowControl()
	if err != nil {
		return nil, err
	}
	scale := p.TimeScale
	if scale <= 0 {
		scale = 1
	}
	mk := func(perSecond float64, burst int) Rate {
		if burst < 1 {
			burst = 1
		}
		return Rate{PerSecond: perSecond * scale, Burst: burst}
	}
	pc := &pacer{
		limiter: p.Limiter,
		rates:   map[string]Rate{},
		def:     mk(fc.Default.PerSecond(), fc.Default.BurstOrOne()),
		scale:   scale,
		now:     now,
		state:   map[string]*paceState{},
		windows: map[string]*window{},
	}
	for name, r := range fc.Operations {
		pc.rates[name] = mk(r.PerSecond(), r.BurstOrOne())
	}
	for name, r := range p.Overrides {
		if r.PerSecond <= 0 {
			return nil, fmt.Errorf("partnersdk: pacing %s: rate must be positive", name)
		}
		pc.rates[name] = mk(r.PerSecond, r.Burst)
	}
	if pc.limiter == nil {
		pc.limiter = NewLocalLimiter()
	}
	return pc, nil
}

// rate is the operation's current pacing rate.
func (p *pacer) rate(op string) (Rate, time.Time) {
	r, ok := p.rates[op]
	if !ok {
		r = p.def
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if st := p.state[op]; st != nil {
		r.PerSecond *= st.factor
		return r, st.pausedUntil
	}
	return r, time.Time{}
}

// window returns the operation's window of tokens.
func (p *pacer) window(op string) *window {
	p.mu.Lock()
	defer p.mu.Unlock()
	w := p.windows[op]
	if w == nil {
		r, ok := p.rates[op]
		if !ok {
			r = p.def
		}
		w = newWindow(r.PerSecond, r.Burst, p.scale)
		p.windows[op] = w
	}
	return w
}

// wait blocks until op may be attempted: a token of the operation's window
// first, then the end of a pause after a 429, then the limiter's slot. The
// caller releases the returned window's token.
func (p *pacer) wait(ctx context.Context, op string) (*window, error) {
	w := p.window(op)
	if err := w.acquire(ctx, op); err != nil {
		return nil, err
	}
	r, paused := p.rate(op)
	if d := time.Until(paused); d > 0 {
		if err := sleep(ctx, d); err != nil {
			w.release(false)
			return nil, fmt.Errorf("partnersdk: paused after a 429 for %s: %w", op, err)
		}
	}
	if err := p.limiter.Wait(ctx, op, r.PerSecond, r.Burst); err != nil {
		w.release(false)
		return nil, err
	}
	return w, nil
}

// observe adapts to the answer of an attempt: a 429 slows the operation
// down (and pauses it for the Retry-After), a success speeds it up again.
func (p *pacer) observe(op string, status int, h http.Header) {
	switch {
	case status == http.StatusTooManyRequests:
		pause := paceDefaultPause
		if d, ok := retryAfter(h, p.now()); ok {
			pause = min(d, paceMaxPause)
		}
		pause = time.Duration(float64(pause) / p.scale)
		p.mu.Lock()
		st := p.state[op]
		if st == nil {
			st = &paceState{factor: 1}
			p.state[op] = st
		}
		st.factor = max(st.factor/2, paceMinFactor)
		if until := time.Now().Add(pause); until.After(st.pausedUntil) {
			st.pausedUntil = until
		}
		p.mu.Unlock()
	case status >= 200 && status <= 299:
		p.mu.Lock()
		if st := p.state[op]; st != nil {
			st.factor += paceRecoverStep
			if st.factor >= 1 {
				delete(p.state, op)
			}
		}
		p.mu.Unlock()
	}
}

// pace is the transport's hook before every attempt (see attempt in do.go):
// it waits for the operation's turn and returns the function that reports
// the attempt's answer back to the pacer.
func (c *Client) pace(ctx context.Context, op *Operation) (done func(*result), err error) {
	if c.pacer == nil {
		return func(*result) {}, nil
	}
	w, err := c.pacer.wait(ctx, op.Name)
	if err != nil {
		return nil, err
	}
	return func(res *result) {
		c.pacer.observe(op.Name, res.status, res.header)
		w.release(res.sent || res.status != 0)
	}, nil
}

// errPaceDeadline is wrapped when the next slot lies past the deadline.
var errPaceDeadline = errors.New("partnersdk: the next slot of the operation's rate lies past the context deadline")
