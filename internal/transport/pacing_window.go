package transport

import (
	"context"
	"fmt"
	"math"
	"time"
)

// window guarantees what the server counts: at most limit arrivals of one
// operation within any span of length per. Evenly spaced send times alone
// cannot: a request that waits for a connection or is scheduled late
// arrives late, and the next one on time, closer than the spacing. So each
// request also holds one of limit tokens from before it is sent until per
// after its answer arrived. Then limit+1 arrivals within one span would
// all hold a token at the moment the last of them was sent, which the
// tokens forbid, whatever the delays. The cost is the latency of a call
// per limit calls, a few percent of the rate when per is long against the
// latency.
//
// Waiters queue on a channel send, which Go serves first come, first
// served; tokens come back on timers.
type window struct {
	tokens chan struct{}
	per    time.Duration
	// put takes a token back; made once, so that a release allocates
	// only its timer.
	put func()
}

// Bounds of what a rate can ask for: tokens of one window, and the longest
// span (window, interval, burst tolerance) in time.
const (
	maxWindowTokens = 1 << 20
	maxPaceSpan     = 24 * time.Hour
)

func newWindow(perSecond float64, burst int, scale float64) *window {
	// The documented count per window, bounded so that absurd rates
	// (WithOperationRate(op, 1e300, 1)) stay a valid channel size.
	limit := math.Floor(math.Max(float64(burst), perSecond/scale+1e-9))
	limit = math.Min(math.Max(limit, 1), maxWindowTokens)
	// The window of limit calls at the (time-scaled) rate.
	per := time.Duration(math.Min(limit/perSecond*float64(time.Second), float64(maxPaceSpan)))
	w := &window{tokens: make(chan struct{}, int(limit)), per: per}
	w.put = func() { <-w.tokens }
	return w
}

// acquire takes a token, waiting within ctx.
func (w *window) acquire(ctx context.Context, op string) error {
	select {
	case w.tokens <- struct{}{}:
		return nil
	default:
	}
	select {
	case w.tokens <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("partnersdk: waiting for the rate of %s: %w", op, ctx.Err())
	}
}

// release gives the token back after the window (sent) or at once (the
// request never left).
func (w *window) release(sent bool) {
	if !sent {
		<-w.tokens
		return
	}
	time.AfterFunc(w.per, w.put)
}
