package sandbox

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/internal/spec"
)

// FlowControl makes the sandbox enforce the documented flow control
// (internal/spec/flow_control.json, the table the client paces by): an
// operation called more often than its rate within any window of its
// length (one second) is answered 429 with the gateway's documented
// error_code APIG.0308 and a Retry-After, before authentication, as the
// gateway does. Counting is per operation (the gateway counts per source
// IP, operation and account; the sandbox has one partner on loopback). IAM
// token requests are not counted: IAM is another service.
type FlowControl struct {
	// TimeScale runs the windows this many times faster than real time: 10
	// makes a 10/s operation take 100/s over windows of 100 ms (0 means 1).
	// Pair it with partnersdk.WithPacingTimeScale on the client.
	TimeScale float64
}

// flowEnforcer is the sliding-window log of every operation.
type flowEnforcer struct {
	fc        *spec.FlowControl
	scale     float64
	throttled atomic.Int64

	mu  sync.Mutex
	ops map[string]*flowWindow
}

// flowWindow holds the arrival times of the last limit accepted calls.
type flowWindow struct {
	limit  int
	window time.Duration
	times  []time.Time // ring
	next   int
}

func newFlowEnforcer(cfg *FlowControl) (*flowEnforcer, error) {
	if cfg == nil {
		return nil, nil
	}
	scale := cfg.TimeScale
	if scale == 0 {
		scale = 1
	}
	if !(scale > 0) || math.IsInf(scale, 0) {
		return nil, fmt.Errorf("sandbox: FlowControl.TimeScale %v is not a positive number", scale)
	}
	fc, err := spec.LoadFlowControl()
	if err != nil {
		return nil, err
	}
	return &flowEnforcer{fc: fc, scale: scale, ops: map[string]*flowWindow{}}, nil
}

// admit records a call of op at now, or says how long until one would be
// accepted.
func (f *flowEnforcer) admit(op string, now time.Time) (ok bool, limit int, wait time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w := f.ops[op]
	if w == nil {
		r := f.fc.Rule(op)
		w = &flowWindow{limit: max(1, int(r.Rate)), window: time.Duration(float64(r.Per) / f.scale)}
		w.times = make([]time.Time, 0, w.limit)
		f.ops[op] = w
	}
	if len(w.times) < w.limit {
		w.times = append(w.times, now)
		return true, w.limit, 0
	}
	oldest := w.times[w.next]
	if d := oldest.Add(w.window).Sub(now); d > 0 {
		return false, w.limit, d
	}
	w.times[w.next] = now
	w.next = (w.next + 1) % w.limit
	return true, w.limit, 0
}

// wrap puts the enforcement in front of h.
func (f *flowEnforcer) wrap(s *Server, h http.Handler) http.Handler {
	if f == nil {
		return h
	}
	rej := f.fc.Rejection
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op, _, _ := s.router.match(r.Method, r.URL.EscapedPath())
		// IAM (/v3/auth/...) is another service with its own limits, not
		// part of the partner API's table.
		if op == nil || strings.HasPrefix(r.URL.Path, "/v3/auth/") {
			h.ServeHTTP(w, r)
			return
		}
		ok, limit, wait := f.admit(op.Name, time.Now())
		if ok {
			h.ServeHTTP(w, r)
			return
		}
		f.throttled.Add(1)
		// Retry-After counts whole seconds of real time.
		w.Header().Set("Retry-After", strconv.FormatInt(max(1, int64(math.Ceil(wait.Seconds()))), 10))
		w.Header().Set("X-Request-Id", s.nextRequestID())
		writeAPIError(w, &apiError{Status: rej.Status, Code: rej.Code, Msg: fmt.Sprintf(rej.Message, limit)})
	})
}

// PacingOption makes the clients of Client pace as the sandbox enforces:
// at the time-scaled documented rates when Config.FlowControl is set, not
// at all otherwise (nothing to respect, and tests run faster).
func (s *Server) PacingOption() partnersdk.Option {
	if s.flow == nil {
		return partnersdk.WithoutPacing()
	}
	return partnersdk.WithPacingTimeScale(s.flow.scale)
}

// Throttled returns how many calls the flow control answered 429 (0 when
// Config.FlowControl is nil).
func (s *Server) Throttled() int64 {
	if s.flow == nil {
		return 0
	}
	return s.flow.throttled.Load()
}
