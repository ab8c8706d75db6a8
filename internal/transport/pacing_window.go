package transport

import (
	"context"
	"fmt"
	"math"
	"sync"
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
// A token that cools down is queued with the time it becomes free and is
// taken back lazily: by the next acquire that finds it expired, or by the
// window's one timer, armed only while callers wait. So a call that does
// not wait costs no timer and no goroutine. Waiters are served first come,
// first served.
type window struct {
	limit int
	per   time.Duration
	// base is the origin of the monotonic times in cooling.
	base time.Time

	mu   sync.Mutex
	held int // tokens in flight or cooling down
	// cooling holds the times (since base) at which cooling tokens become
	// free, in order, as a ring: cooling[head:] then cooling[:tail] when
	// wrapped; n entries.
	cooling    []time.Duration
	head, n    int
	waiters    []*windowWaiter // FIFO
	timer      *time.Timer     // fires expire; created on first need
	timerArmed bool
}

// windowWaiter is one caller waiting for a token; granted is closed (and
// ok set) once the token is its own.
type windowWaiter struct {
	granted chan struct{}
	ok      bool
}

// Bounds of what a rate can ask for: tokens of one window, and the longest
// span (window, interval, burst tolerance) in time.
const (
	maxWindowTokens = 1 << 20
	maxPaceSpan     = 24 * time.Hour
)

func newWindow(perSecond float64, burst int, scale float64) *window {
	// The documented count per window, bounded so that absurd rates
	// (WithOperationRate(op, 1e300, 1)) stay a valid size.
	limit := math.Floor(math.Max(float64(burst), perSecond/scale+1e-9))
	limit = math.Min(math.Max(limit, 1), maxWindowTokens)
	// The window of limit calls at the (time-scaled) rate.
	per := time.Duration(math.Min(limit/perSecond*float64(time.Second), float64(maxPaceSpan)))
	return &window{limit: int(limit), per: per, base: time.Now()}
}

// acquire takes a token, waiting within ctx.
func (w *window) acquire(ctx context.Context, op string) error {
	w.mu.Lock()
	w.reclaimLocked(time.Since(w.base))
	if len(w.waiters) == 0 && w.held < w.limit {
		w.held++
		w.mu.Unlock()
		return nil
	}
	wt := &windowWaiter{granted: make(chan struct{})}
	w.waiters = append(w.waiters, wt)
	w.armLocked()
	w.mu.Unlock()

	select {
	case <-wt.granted:
		return nil
	case <-ctx.Done():
	}
	w.mu.Lock()
	if wt.ok {
		// Granted as the context ended: the token was never used.
		w.held--
		w.grantLocked()
	} else {
		for i, x := range w.waiters {
			if x == wt {
				w.waiters = append(w.waiters[:i], w.waiters[i+1:]...)
				break
			}
		}
	}
	w.mu.Unlock()
	return fmt.Errorf("partnersdk: waiting for the rate of %s: %w", op, ctx.Err())
}

// release gives the token back after the window (sent) or at once (the
// request never left).
func (w *window) release(sent bool) {
	w.mu.Lock()
	if sent {
		w.pushLocked(time.Since(w.base) + w.per)
		w.armLocked()
	} else {
		w.held--
		w.grantLocked()
	}
	w.mu.Unlock()
}

// expire is the timer's function: it takes back the tokens whose time has
// come and serves the waiters.
func (w *window) expire() {
	w.mu.Lock()
	w.timerArmed = false
	w.reclaimLocked(time.Since(w.base))
	w.armLocked()
	w.mu.Unlock()
}

// reclaimLocked frees the cooling tokens due at now and gives them to the
// waiters.
func (w *window) reclaimLocked(now time.Duration) {
	for w.n > 0 && w.cooling[w.head] <= now {
		w.head = (w.head + 1) % len(w.cooling)
		w.n--
		w.held--
	}
	w.grantLocked()
}

// grantLocked hands free tokens to the waiters, oldest first.
func (w *window) grantLocked() {
	for len(w.waiters) > 0 && w.held < w.limit {
		wt := w.waiters[0]
		w.waiters[0] = nil
		w.waiters = w.waiters[1:]
		w.held++
		wt.ok = true
		close(wt.granted)
	}
	if len(w.waiters) == 0 {
		w.waiters = nil
	}
}

// armLocked arms the timer for the first cooling token while callers
// wait.
func (w *window) armLocked() {
	if w.timerArmed || len(w.waiters) == 0 || w.n == 0 {
		return
	}
	d := w.cooling[w.head] - time.Since(w.base)
	if w.timer == nil {
		w.timer = time.AfterFunc(d, w.expire)
	} else {
		w.timer.Reset(d)
	}
	w.timerArmed = true
}

// pushLocked queues a cooling token free at t (t never decreases: every
// token cools for per from a later now).
func (w *window) pushLocked(t time.Duration) {
	if w.n == len(w.cooling) {
		grown := make([]time.Duration, max(8, 2*len(w.cooling)))
		for i := 0; i < w.n; i++ {
			grown[i] = w.cooling[(w.head+i)%len(w.cooling)]
		}
		w.cooling, w.head = grown, 0
	}
	w.cooling[(w.head+w.n)%len(w.cooling)] = t
	w.n++
}
