package transport

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sync"
	"sync/atomic"
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
	rates   map[string]Rate // per operation, after overrides and scale; read-only
	def     Rate
	scale   float64
	now     func() time.Time // reads Retry-After dates; waits use time.Now

	ops sync.Map // operation name -> *opPace
}

// opPace is one operation's pacing: its rate, its window of tokens and what
// 429s taught about it. The common path reads it without a lock.
type opPace struct {
	rate Rate
	win  *window

	mu          sync.Mutex    // serialises changes of factor and pausedUntil
	factor      atomic.Uint64 // math.Float64bits of the share of the rate in use, in [paceMinFactor, 1]
	pausedUntil atomic.Int64  // unix nanoseconds; no attempt starts before
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
	}
	for name, r := range fc.Operations {
		pc.rates[name] = mk(r.PerSecond(), r.BurstOrOne())
	}
	for name, r := range p.Overrides {
		if !(r.PerSecond > 0) || math.IsInf(r.PerSecond, 0) {
			return nil, fmt.Errorf("partnersdk: pacing %s: rate must be a positive number", name)
		}
		pc.rates[name] = mk(r.PerSecond, r.Burst)
	}
	if pc.limiter == nil {
		pc.limiter = NewLocalLimiter()
	}
	return pc, nil
}

// op returns the operation's pacing, created on first use.
func (p *pacer) op(name string) *opPace {
	if v, ok := p.ops.Load(name); ok {
		return v.(*opPace)
	}
	r, ok := p.rates[name]
	if !ok {
		r = p.def
	}
	o := &opPace{rate: r, win: newWindow(r.PerSecond, r.Burst, p.scale)}
	o.factor.Store(math.Float64bits(1))
	v, _ := p.ops.LoadOrStore(name, o)
	return v.(*opPace)
}

// rate is the operation's current pacing rate and the end of its pause.
func (p *pacer) rate(name string) (Rate, time.Time) {
	o := p.op(name)
	r := o.rate
	r.PerSecond *= math.Float64frombits(o.factor.Load())
	var until time.Time
	if u := o.pausedUntil.Load(); u != 0 {
		until = time.Unix(0, u)
	}
	return r, until
}

// wait blocks until op may be attempted: a token of the operation's window
// first, then the end of a pause after a 429, then the limiter's slot. The
// caller releases the returned window's token.
func (p *pacer) wait(ctx context.Context, op string) (*window, error) {
	w := p.op(op).win
	if err := w.acquire(ctx, op); err != nil {
		return nil, err
	}
	r, paused := p.rate(op)
	if !paused.IsZero() {
		if d := time.Until(paused); d > 0 {
			if err := Sleep(ctx, d); err != nil {
				w.release(false)
				return nil, fmt.Errorf("partnersdk: paused after a 429 for %s: %w", op, err)
			}
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
		pause = time.Duration(math.Min(float64(pause)/p.scale, float64(paceMaxPause)))
		o := p.op(op)
		o.mu.Lock()
		f := math.Float64frombits(o.factor.Load())
		o.factor.Store(math.Float64bits(max(f/2, paceMinFactor)))
		if until := time.Now().Add(pause).UnixNano(); until > o.pausedUntil.Load() {
			o.pausedUntil.Store(until)
		}
		o.mu.Unlock()
	case status >= 200 && status <= 299:
		o := p.op(op)
		if math.Float64frombits(o.factor.Load()) >= 1 {
			return // the common case: nothing to give back
		}
		o.mu.Lock()
		f := math.Float64frombits(o.factor.Load()) + paceRecoverStep
		if f >= 1 {
			f = 1
			o.pausedUntil.Store(0)
		}
		o.factor.Store(math.Float64bits(f))
		o.mu.Unlock()
	}
}

// pace is the transport's hook before every attempt (see attempt in do.go):
// it waits for the operation's turn and returns the window whose token the
// attempt holds (nil when pacing is off); paced reports the attempt's answer
// back to the pacer and releases the token.
func (c *Client) pace(ctx context.Context, op *Operation) (*window, error) {
	if c.pacer == nil {
		return nil, nil
	}
	return c.pacer.wait(ctx, op.Name)
}

// paced is the transport's hook after an attempt that pace let through.
func (c *Client) paced(op *Operation, w *window, res *result) {
	if c.pacer == nil || w == nil {
		return
	}
	c.pacer.observe(op.Name, res.status, res.header)
	w.release(res.sent || res.status != 0)
}

// errPaceDeadline is wrapped when the next slot lies past the deadline.
var errPaceDeadline = errors.New("partnersdk: the next slot of the operation's rate lies past the context deadline")
