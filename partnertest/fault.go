package partnertest

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"
)

// Reset says whether and when a Fault breaks the connection instead of
// answering. The client sees a connection reset (ECONNRESET) and no
// answer, so it cannot tell whether a write took effect: the SDK reports
// that as *partnersdk.OutcomeUnknownError for writes and retries reads.
type Reset int

const (
	// NoReset answers normally (or with the Fault's status and body).
	NoReset Reset = iota
	// ResetBeforeRead resets the connection before reading the request
	// body: the request has no effect.
	ResetBeforeRead
	// ResetAfterRead reads the whole request, then resets the connection
	// without applying it: the request has no effect.
	ResetAfterRead
	// ResetAfterApply applies the request (a write takes effect: money
	// moves, a customer is created), then resets the connection instead
	// of sending the answer.
	ResetAfterApply
)

// Fault is a scripted misbehaviour for the next calls of an operation,
// installed with Server.Inject.
type Fault struct {
	// Times is how many calls the fault applies to (1 when 0 or
	// negative). Faults of one operation apply in the order injected.
	Times int
	// Delay waits before answering or resetting; the wait ends early when
	// the client goes away.
	Delay time.Duration
	// Reset breaks the connection instead of answering (it takes
	// precedence over Status and Body).
	Reset Reset
	// Status answers this HTTP status without applying the request
	// (unless Apply is set). With Body nil the body is the API's error
	// body built from Code and Message.
	Status int
	// Apply, with Status or Body, first applies the request (a write
	// takes effect: money moves) and then answers Status and Body in
	// place of the real answer: an error from a gateway after the backend
	// committed, e.g. a 503 with a Date header. The SDK reports that as
	// *partnersdk.OutcomeUnknownError for a write. Inject refuses Apply
	// without Status or Body, or together with a Reset.
	Apply bool
	// Code and Message are the error_code and error_msg of the answer,
	// e.g. "CBC.0999" and "System error".
	Code, Message string
	// Body, when set, is sent as it is (Status 200 when 0), e.g. a
	// truncated or non-JSON body.
	Body []byte
	// Header adds response headers, e.g. Retry-After. A scripted answer
	// (Status or Body) carries a Date header on the server's clock, as
	// the sandbox's own answers do (WithClock), unless Header sets one.
	Header http.Header

	left int
}

// Inject makes the next calls of operation (the SDK method's name, e.g.
// "UpdateCustomerAccountAmount"; "KeystoneCreateToken" for the IAM token
// endpoint) misbehave as f says. A fault with only Delay set answers
// normally after the delay. It fails the test for an unknown operation or
// a fault that does nothing.
func (s *Server) Inject(operation string, f Fault) {
	if s.tb != nil {
		s.tb.Helper()
	}
	if !s.sb.HasOperation(operation) {
		s.fatalf("partnertest: Inject: no operation %q", operation)
		return
	}
	if f.Reset == NoReset && f.Status == 0 && f.Body == nil && f.Delay <= 0 {
		s.fatalf("partnertest: Inject(%s): the fault sets no Reset, Status, Body or Delay", operation)
		return
	}
	if f.Reset < NoReset || f.Reset > ResetAfterApply {
		s.fatalf("partnertest: Inject(%s): unknown Reset %d", operation, f.Reset)
		return
	}
	if f.Apply && (f.Reset != NoReset || (f.Status == 0 && f.Body == nil)) {
		s.fatalf("partnertest: Inject(%s): Apply needs Status or Body and no Reset", operation)
		return
	}
	f.left = f.Times
	if f.left <= 0 {
		f.left = 1
	}
	f.Header = f.Header.Clone()
	s.mu.Lock()
	s.faults[operation] = append(s.faults[operation], &f)
	s.mu.Unlock()
}

// ClearFaults removes every fault not yet used.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = map[string][]*Fault{}
	s.mu.Unlock()
}

// Calls returns how many requests of operation reached the server,
// faulted ones included (a retried read counts every attempt).
func (s *Server) Calls(operation string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[operation]
}

// take counts a call of op and returns the fault it gets, if any.
func (s *Server) take(op string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[op]++
	q := s.faults[op]
	if len(q) == 0 {
		return nil
	}
	f := *q[0]
	q[0].left--
	if q[0].left <= 0 {
		s.faults[op] = q[1:]
	}
	return &f
}

// handler puts the scripted faults in front of the sandbox.
func (s *Server) handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op, _, ok := s.sb.Operation(r.Method, r.URL.EscapedPath())
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		f := s.take(op)
		if f == nil {
			next.ServeHTTP(w, r)
			return
		}
		if f.Delay > 0 {
			t := time.NewTimer(f.Delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		switch f.Reset {
		case ResetBeforeRead:
			reset(w)
			return
		case ResetAfterRead:
			_, _ = io.Copy(io.Discard, r.Body)
			reset(w)
			return
		case ResetAfterApply:
			next.ServeHTTP(httptest.NewRecorder(), r)
			reset(w)
			return
		}
		for k, vs := range f.Header {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		if f.Status == 0 && f.Body == nil {
			next.ServeHTTP(w, r)
			return
		}
		if f.Apply {
			next.ServeHTTP(httptest.NewRecorder(), r)
		} else {
			_, _ = io.Copy(io.Discard, r.Body)
		}
		if w.Header().Get("Date") == "" {
			w.Header().Set("Date", s.clock().UTC().Format(http.TimeFormat))
		}
		status, body := f.Status, f.Body
		if status == 0 {
			status = http.StatusOK
		}
		if body == nil {
			body, _ = json.Marshal(map[string]string{"error_code": f.Code, "error_msg": f.Message})
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}

// clock is the server's time: WithClock's clock or the real one.
func (s *Server) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// reset closes the client's connection with a TCP RST instead of an
// answer. The servers of this package speak HTTP/1.1 over TCP, whose
// connections can be hijacked; should that ever fail, the handler aborts
// with http.ErrAbortHandler, net/http's own signal to drop the connection
// (recovered by the server, never seen by the caller).
func reset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}
