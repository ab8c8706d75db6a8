package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fault is what the fault-injection server does with one request.
type fault int

const (
	fOK                fault = iota // read the body, apply, answer 200 {}
	fResetBeforeBody                // reset the connection before reading the body
	fResetAfterBody                 // read the body, apply, reset without answering
	fResetMidResponse               // apply, send headers and part of the body, reset
	fTruncatedEOF                   // apply, send headers and part of the body, close cleanly
	f429                            // 429 without Retry-After
	f429RetryAfter0                 // 429 with Retry-After: 0
	f429RetryAfterDate              // 429 with Retry-After: an HTTP date in the past
	f500
	f502
	f503
	f504
	fHTMLPage      // 502 with an HTML page from a gateway
	fInvalidJSON   // 200 with a complete but invalid JSON body
	fErrorCode200  // 200 with a non-success error_code
	fTooLarge      // 200 with a body over the client's cap
	fSlow          // apply, then answer only after the attempt timeout
	fSlowBody      // apply, send headers, then stall the body
	fBlockForever  // apply, then wait until the client goes away
	fRetryAfterOne // 429 with Retry-After: 1
	fInProgress500 // 500 CBC.99007461: documented "another transfer still running", not applied
	fRejected500   // 500 CBC.7001: documented rejection, not applied
)

var faultNames = map[fault]string{
	fOK: "ok", fResetBeforeBody: "reset before body read", fResetAfterBody: "reset after body read",
	fResetMidResponse: "reset mid-response", fTruncatedEOF: "truncated body (clean close)", f429: "429 no Retry-After",
	f429RetryAfter0: "429 Retry-After: 0", f429RetryAfterDate: "429 Retry-After: past HTTP date", f500: "500", f502: "502",
	f503: "503", f504: "504", fHTMLPage: "502 HTML gateway page", fInvalidJSON: "200 invalid JSON",
	fErrorCode200: "200 error_code CBC.0100", fTooLarge: "200 body over cap", fSlow: "slow past attempt timeout",
	fSlowBody: "body stalls", fBlockForever: "never answers", fRetryAfterOne: "429 Retry-After: 1",
	fInProgress500: "500 CBC.99007461 (in progress)", fRejected500: "500 CBC.7001 (rejected)",
}

// faultServer is a loopback HTTP server whose n-th request gets plan(n).
// hits counts requests that reached the handler; applied counts requests
// whose body the handler read in full and then acted on (the server-side
// effect of a write).
type faultServer struct {
	*httptest.Server
	mu      sync.Mutex
	plan    func(n int) fault
	hits    atomic.Int32
	applied atomic.Int32
}

const faultBodyCap = 4 << 10 // MaxResponseBytes of clients talking to a faultServer

func newFaultServer(t *testing.T, plan func(n int) fault) *faultServer {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fs := &faultServer{plan: plan}
	fs.Server = &httptest.Server{Listener: l, Config: &http.Server{Handler: http.HandlerFunc(fs.serve), ReadHeaderTimeout: 10 * time.Second}}
	fs.Start()
	t.Cleanup(fs.Close)
	return fs
}

// setPlan replaces the plan between calls.
func (fs *faultServer) setPlan(plan func(int) fault) {
	fs.mu.Lock()
	fs.plan = plan
	fs.mu.Unlock()
}

func always(f fault) func(int) fault { return func(int) fault { return f } }

func firstThen(first fault, rest fault) func(int) fault {
	return func(n int) fault {
		if n == 1 {
			return first
		}
		return rest
	}
}

func (fs *faultServer) apply(r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	fs.applied.Add(1)
}

// reset closes the connection with a TCP RST after writing raw (if any).
func reset(w http.ResponseWriter, raw string) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	if raw != "" {
		_, _ = buf.WriteString(raw)
		_ = buf.Flush()
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

func (fs *faultServer) serve(w http.ResponseWriter, r *http.Request) {
	n := int(fs.hits.Add(1))
	fs.mu.Lock()
	f := fs.plan(n)
	fs.mu.Unlock()
	w.Header().Set("X-Request-Id", fmt.Sprintf("fault-%d", n))
	jsonErr := func(status int, code string) {
		// Throttling (429) and the documented refusals happen before the
		// request is processed: nothing is applied.
		if status != 429 && f != fInProgress500 && f != fRejected500 {
			fs.apply(r)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"error_code":%q,"error_msg":"injected %d"}`, code, status)
	}
	switch f {
	case fOK:
		fs.apply(r)
		_, _ = io.WriteString(w, `{"ok":true}`)
	case fResetBeforeBody:
		reset(w, "")
	case fResetAfterBody:
		fs.apply(r)
		reset(w, "")
	case fResetMidResponse:
		fs.apply(r)
		reset(w, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ok\":")
	case fTruncatedEOF:
		fs.apply(r)
		conn, buf, _ := w.(http.Hijacker).Hijack()
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ok\":")
		_ = buf.Flush()
		_ = conn.Close()
	case f429:
		jsonErr(429, "CBC.0250")
	case f429RetryAfter0:
		w.Header().Set("Retry-After", "0")
		jsonErr(429, "CBC.0250")
	case f429RetryAfterDate:
		w.Header().Set("Retry-After", time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat))
		jsonErr(429, "CBC.0250")
	case fRetryAfterOne:
		w.Header().Set("Retry-After", "1")
		jsonErr(429, "CBC.0250")
	case f500:
		jsonErr(500, "CBC.0999")
	case fInProgress500:
		jsonErr(500, "CBC.99007461")
	case fRejected500:
		jsonErr(500, "CBC.7001")
	case f502:
		jsonErr(502, "CBC.0999")
	case f503:
		jsonErr(503, "CBC.0999")
	case f504:
		jsonErr(504, "CBC.0999")
	case fHTMLPage:
		fs.apply(r)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		_, _ = io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>")
	case fInvalidJSON:
		fs.apply(r)
		_, _ = io.WriteString(w, `{"ok":tru`)
	case fErrorCode200:
		jsonErr(200, "CBC.0100")
	case fTooLarge:
		fs.apply(r)
		_, _ = io.WriteString(w, `{"pad":"`+strings.Repeat("x", 16*faultBodyCap)+`"}`)
	case fSlow:
		fs.apply(r)
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	case fSlowBody:
		fs.apply(r)
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, `{"ok":`)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	case fBlockForever:
		fs.apply(r)
		<-r.Context().Done()
	}
}

// countingCreds counts Apply calls: one per attempt that got as far as
// being sent.
type countingCreds struct{ n atomic.Int32 }

func (c *countingCreds) Apply(context.Context, *http.Request, []byte) error {
	c.n.Add(1)
	return nil
}

type errKind string

const (
	kNone     errKind = "nil"
	kAPI      errKind = "*APIError"
	kOutcome  errKind = "*OutcomeUnknownError"
	kRequest  errKind = "*RequestError"
	kDecode   errKind = "*DecodeError"
	kRedirect errKind = "*RedirectError"
	kMismatch errKind = "?"
)

// kindOf names the outermost SDK error type of err.
func kindOf(err error) errKind {
	if err == nil {
		return kNone
	}
	switch err.(type) {
	case *APIError:
		return kAPI
	case *OutcomeUnknownError:
		return kOutcome
	case *RequestError:
		return kRequest
	case *DecodeError:
		return kDecode
	case *RedirectError:
		return kRedirect
	}
	return kMismatch
}

type faultExpect struct {
	attempts int
	kind     errKind
	applied  int
}

// TestFaultMatrix runs every fault against a read and a write operation and
// checks the number of attempts, the error type and the server-side effect.
// A write's effect must happen at most once in every scenario.
func TestFaultMatrix(t *testing.T) {
	type scenario struct {
		name        string
		plan        func(int) fault
		read, write faultExpect
	}
	var scenarios []scenario
	add := func(f fault, read, write faultExpect) {
		scenarios = append(scenarios, scenario{faultNames[f], always(f), read, write})
	}
	add(fOK, faultExpect{1, kNone, 1}, faultExpect{1, kNone, 1})
	add(fResetBeforeBody, faultExpect{3, kRequest, 0}, faultExpect{1, kOutcome, 0})
	add(fResetAfterBody, faultExpect{3, kRequest, 3}, faultExpect{1, kOutcome, 1})
	add(fResetMidResponse, faultExpect{3, kRequest, 3}, faultExpect{1, kOutcome, 1})
	add(fTruncatedEOF, faultExpect{3, kRequest, 3}, faultExpect{1, kOutcome, 1})
	for _, f := range []fault{f429, f429RetryAfter0, f429RetryAfterDate} {
		// Throttled (documented CBC.0250): not applied, so writes are
		// retried too.
		add(f, faultExpect{3, kAPI, 0}, faultExpect{3, kAPI, 0})
	}
	// Documented refusals at HTTP 500: not applied, so a write is a plain
	// *APIError, not outcome-unknown; the in-progress one is retried.
	add(fInProgress500, faultExpect{3, kAPI, 0}, faultExpect{3, kAPI, 0})
	add(fRejected500, faultExpect{1, kAPI, 0}, faultExpect{1, kAPI, 0})
	for _, f := range []fault{f500, f502, f503, f504, fHTMLPage} {
		add(f, faultExpect{3, kAPI, 3}, faultExpect{1, kOutcome, 1})
	}
	add(fInvalidJSON, faultExpect{1, kDecode, 1}, faultExpect{1, kOutcome, 1})
	add(fErrorCode200, faultExpect{1, kAPI, 1}, faultExpect{1, kAPI, 1})
	add(fTooLarge, faultExpect{1, kDecode, 1}, faultExpect{1, kOutcome, 1})
	add(fSlow, faultExpect{3, kRequest, 3}, faultExpect{1, kOutcome, 1})
	scenarios = append(scenarios,
		scenario{"reset before body, then ok", firstThen(fResetBeforeBody, fOK), faultExpect{2, kNone, 1}, faultExpect{1, kOutcome, 0}},
		scenario{"reset after body, then ok", firstThen(fResetAfterBody, fOK), faultExpect{2, kNone, 2}, faultExpect{1, kOutcome, 1}},
		scenario{"503, then ok", firstThen(f503, fOK), faultExpect{2, kNone, 2}, faultExpect{1, kOutcome, 1}},
		scenario{"429, then ok", firstThen(f429, fOK), faultExpect{2, kNone, 1}, faultExpect{2, kNone, 1}},
		scenario{"500 in progress, then ok", firstThen(fInProgress500, fOK), faultExpect{2, kNone, 1}, faultExpect{2, kNone, 1}},
		scenario{"slow, then ok", firstThen(fSlow, fOK), faultExpect{2, kNone, 2}, faultExpect{1, kOutcome, 1}},
	)

	var mu sync.Mutex
	var table []string
	for _, sc := range scenarios {
		for _, write := range []bool{false, true} {
			op, want, opName := opRead, sc.read, "read"
			if write {
				op, want, opName = opWrite, sc.write, "write"
			}
			t.Run(sc.name+"/"+opName, func(t *testing.T) {
				fs := newFaultServer(t, sc.plan)
				creds := &countingCreds{}
				c := newTestClient(t, fs.URL, func(cfg *Config) {
					cfg.Credentials = creds
					cfg.AttemptTimeout = 250 * time.Millisecond
					cfg.MaxResponseBytes = faultBodyCap
				})
				var meta Metadata
				err := c.Do(context.Background(), op, Request{Body: rawBody(`{"amount":"10"}`)}, new(map[string]any), &meta)
				attempts := int(creds.n.Load())
				applied := int(fs.applied.Load())
				mu.Lock()
				table = append(table, fmt.Sprintf("| %-34s | %-5s | %d | %d | %-22s |", sc.name, opName, attempts, applied, kindOf(err)))
				mu.Unlock()

				if write && applied > 1 {
					t.Fatalf("write applied %d times", applied)
				}
				if got := kindOf(err); got != want.kind {
					t.Fatalf("error = %T (%v), want %s", err, err, want.kind)
				}
				if attempts != want.attempts {
					t.Errorf("attempts = %d, want %d", attempts, want.attempts)
				}
				if applied != want.applied {
					t.Errorf("applied = %d, want %d", applied, want.applied)
				}
				if h := int(fs.hits.Load()); h > attempts {
					t.Errorf("server saw %d requests for %d attempts", h, attempts)
				}
				switch e := err.(type) {
				case nil:
					if meta.Attempts != want.attempts || meta.StatusCode != 200 {
						t.Errorf("metadata = %+v", meta)
					}
				case *OutcomeUnknownError:
					if e.Attempts != 1 || e.Operation != op.Name || e.Err == nil {
						t.Errorf("OutcomeUnknownError = %+v", e)
					}
				case *RequestError:
					if e.Attempts != want.attempts {
						t.Errorf("RequestError.Attempts = %d, want %d", e.Attempts, want.attempts)
					}
				case *APIError:
					if e.StatusCode == 0 || e.RequestID == "" {
						t.Errorf("APIError = %+v", e)
					}
				}
			})
		}
	}
	t.Log("| scenario | op | attempts | applied | error |\n" + strings.Join(table, "\n"))
}

// freeClosedPort returns an address on loopback where nothing listens.
func freeClosedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// A write to a port where nothing listens never left the machine: it is
// retried up to MaxAttempts and reported as a *RequestError.
func TestFaultWriteDialRefusedIsRetried(t *testing.T) {
	creds := &countingCreds{}
	c := newTestClient(t, "http://"+freeClosedPort(t), func(cfg *Config) { cfg.Credentials = creds })
	err := c.Do(context.Background(), opWrite, Request{Body: rawBody(`{}`)}, nil, nil)
	var re *RequestError
	if !errors.As(err, &re) || re.Attempts != 3 {
		t.Fatalf("err = %T %v, want *RequestError after 3 attempts", err, err)
	}
	var ou *OutcomeUnknownError
	if errors.As(err, &ou) {
		t.Fatal("dial failure reported as outcome unknown")
	}
	if n := creds.n.Load(); n != 3 {
		t.Fatalf("Apply called %d times, want 3", n)
	}
}

// A write whose first dial is refused succeeds on the next attempt, and is
// applied exactly once.
func TestFaultWriteDialRefusedThenSucceeds(t *testing.T) {
	fs := newFaultServer(t, always(fOK))
	closed := freeClosedPort(t)
	var dials atomic.Int32
	c := newTestClient(t, fs.URL, func(cfg *Config) {
		tr := cfg.HTTPClient.Transport.(*http.Transport)
		d := &net.Dialer{}
		tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			if dials.Add(1) == 1 {
				return d.DialContext(ctx, network, closed) // connection refused
			}
			return d.DialContext(ctx, network, addr)
		}
	})
	var meta Metadata
	if err := c.Do(context.Background(), opWrite, Request{Body: rawBody(`{}`)}, nil, &meta); err != nil {
		t.Fatal(err)
	}
	if meta.Attempts != 2 || fs.applied.Load() != 1 || dials.Load() != 2 {
		t.Fatalf("attempts = %d, applied = %d, dials = %d", meta.Attempts, fs.applied.Load(), dials.Load())
	}
}

// A custom RoundTripper that does not report connections through httptrace
// cannot prove that nothing was sent: a write is not resent.
func TestFaultWriteOpaqueRoundTripperNotResent(t *testing.T) {
	var calls atomic.Int32
	hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		calls.Add(1)
		return nil, errors.New("opaque transport failure")
	})}
	c := newTestClient(t, "http://127.0.0.1:1", func(cfg *Config) { cfg.HTTPClient = hc })
	err := c.Do(context.Background(), opWrite, Request{Body: rawBody(`{}`)}, nil, nil)
	var ou *OutcomeUnknownError
	if !errors.As(err, &ou) || calls.Load() != 1 {
		t.Fatalf("err = %T %v after %d calls, want *OutcomeUnknownError after 1", err, err, calls.Load())
	}
	// The same failure on a read is retried.
	calls.Store(0)
	err = c.Do(context.Background(), opRead, Request{}, nil, nil)
	var re *RequestError
	if !errors.As(err, &re) || calls.Load() != 3 {
		t.Fatalf("read: err = %T %v after %d calls", err, err, calls.Load())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A write whose connection is reset after the server read the body is
// "outcome unknown" after exactly one attempt.
func TestFaultWriteResetAfterBodyIsOutcomeUnknown(t *testing.T) {
	fs := newFaultServer(t, firstThen(fResetAfterBody, fOK))
	c := newTestClient(t, fs.URL, nil)
	err := c.Do(context.Background(), opWrite, Request{Body: rawBody(`{"amount":"100"}`)}, nil, nil)
	var ou *OutcomeUnknownError
	if !errors.As(err, &ou) {
		t.Fatalf("err = %T %v", err, err)
	}
	if ou.Attempts != 1 || ou.Operation != "CreateThing" || !strings.Contains(err.Error(), "outcome unknown") {
		t.Fatalf("OutcomeUnknownError = %+v (%v)", ou, err)
	}
	var ne net.Error
	if !errors.As(err, &ne) && !strings.Contains(err.Error(), "EOF") && !strings.Contains(err.Error(), "reset") {
		t.Fatalf("cause is not a network error: %v", ou.Err)
	}
	if fs.hits.Load() != 1 || fs.applied.Load() != 1 {
		t.Fatalf("hits = %d, applied = %d", fs.hits.Load(), fs.applied.Load())
	}
}

func TestFaultRetryAfterSecondsHonoured(t *testing.T) {
	fs := newFaultServer(t, firstThen(fRetryAfterOne, fOK))
	c := newTestClient(t, fs.URL, nil)
	start := time.Now()
	var meta Metadata
	if err := c.Do(context.Background(), opRead, Request{}, nil, &meta); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 900*time.Millisecond {
		t.Fatalf("retried after %v, want >= 900ms (Retry-After: 1)", el)
	}
	if meta.Attempts != 2 {
		t.Fatalf("attempts = %d", meta.Attempts)
	}
}

func TestFaultRetryAfterHTTPDateHonoured(t *testing.T) {
	date := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	srv := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", date.Format(http.TimeFormat))
			w.WriteHeader(503)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	})
	// The client's clock says the date is one second away.
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Now = func() time.Time { return date.Add(-time.Second) } })
	start := time.Now()
	var meta Metadata
	if err := c.Do(context.Background(), opRead, Request{}, nil, &meta); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 900*time.Millisecond || el > 4*time.Second {
		t.Fatalf("retried after %v, want about 1s", el)
	}
	if meta.Attempts != 2 {
		t.Fatalf("attempts = %d", meta.Attempts)
	}
}

func TestFaultRetryAfterBeyondMaxNotRetried(t *testing.T) {
	srv := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(429)
	})
	p := fastPolicy()
	p.MaxRetryAfter = time.Second
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Retry = &p })
	start := time.Now()
	err := c.Do(context.Background(), opRead, Request{}, nil, nil)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 429 {
		t.Fatalf("err = %T %v", err, err)
	}
	if srv.count() != 1 || time.Since(start) > 2*time.Second {
		t.Fatalf("requests = %d after %v", srv.count(), time.Since(start))
	}
}

// A Retry-After that ends after the call's deadline is not waited for.
func TestFaultRetryAfterPastDeadlineNotWaited(t *testing.T) {
	srv := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Retry-After", "3")
		w.WriteHeader(503)
	})
	c := newTestClient(t, srv.URL, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	err := c.Do(ctx, opRead, Request{}, nil, nil)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 503 {
		t.Fatalf("err = %T %v", err, err)
	}
	if el := time.Since(start); el > time.Second || srv.count() != 1 {
		t.Fatalf("took %v, %d requests", el, srv.count())
	}
}

func TestFaultRetryBudgetExhausted(t *testing.T) {
	fs := newFaultServer(t, always(f503))
	p := RetryPolicy{MaxAttempts: 10, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, Budget: 10, RetryCost: 5}
	c := newTestClient(t, fs.URL, func(cfg *Config) { cfg.Retry = &p })

	err := c.Do(context.Background(), opRead, Request{}, nil, nil)
	var re *RequestError
	if !errors.As(err, &re) || !IsRetryBudgetExhausted(err) {
		t.Fatalf("err = %T %v, want a *RequestError that IsRetryBudgetExhausted", err, err)
	}
	if re.Attempts != 3 || fs.hits.Load() != 3 {
		t.Fatalf("attempts = %d, hits = %d; want 3 (two retries of cost 5 from a budget of 10)", re.Attempts, fs.hits.Load())
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 503 {
		t.Fatal("the last answer is not reachable through errors.As")
	}
	// The bucket is shared: the next call gets no retry at all.
	err = c.Do(context.Background(), opRead, Request{}, nil, nil)
	if !IsRetryBudgetExhausted(err) || fs.hits.Load() != 4 {
		t.Fatalf("second call: %v, hits = %d", err, fs.hits.Load())
	}
	// Successes refund: five of them pay for one more retry.
	fs.setPlan(always(fOK))
	for i := 0; i < 5; i++ {
		if err := c.Do(context.Background(), opRead, Request{}, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	fs.setPlan(always(f503))
	err = c.Do(context.Background(), opRead, Request{}, nil, nil)
	if !IsRetryBudgetExhausted(err) || fs.hits.Load() != 4+5+2 {
		t.Fatalf("after refunds: %v, hits = %d, want 11", err, fs.hits.Load())
	}
}

// settleGoroutines waits until the goroutine count is back to base.
func settleGoroutines(t *testing.T, c *Client, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c.HTTPClient().CloseIdleConnections()
		n := runtime.NumGoroutine()
		if n <= base {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("goroutines: %d, want <= %d\n%s", n, base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestFaultCancel cancels the call's context while the client waits for an
// answer, for a stalled body, and during the backoff before a retry. The
// call must return within 100 ms of the cancellation and leave no goroutine
// behind.
func TestFaultCancel(t *testing.T) {
	tests := []struct {
		name     string
		plan     func(int) fault
		write    bool
		wantKind errKind
		wantAPI  bool
	}{
		{"waiting for headers/read", always(fBlockForever), false, kRequest, false},
		{"waiting for headers/write", always(fBlockForever), true, kOutcome, false},
		{"stalled body/read", always(fSlowBody), false, kRequest, false},
		{"stalled body/write", always(fSlowBody), true, kOutcome, false},
		{"backoff after 429 Retry-After/read", always(fRetryAfterOne), false, kRequest, true},
		{"backoff after dial refused/write", nil, true, kRequest, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			endpoint := "http://" + freeClosedPort(t)
			if tt.plan != nil {
				endpoint = newFaultServer(t, tt.plan).URL
			}
			p := fastPolicy()
			if tt.plan == nil {
				p.BaseDelay, p.MaxDelay, p.MaxAttempts = 10*time.Second, 10*time.Second, 5
			}
			c := newTestClient(t, endpoint, func(cfg *Config) { cfg.Retry = &p })
			base := runtime.NumGoroutine()

			op := opRead
			if tt.write {
				op = opWrite
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var cancelledAt atomic.Int64
			time.AfterFunc(150*time.Millisecond, func() {
				cancelledAt.Store(time.Now().UnixNano())
				cancel()
			})
			err := c.Do(ctx, op, Request{Body: rawBody(`{}`)}, new(map[string]any), nil)
			returned := time.Now()
			at := cancelledAt.Load()
			if at == 0 {
				t.Fatalf("returned before the cancellation: %v", err)
			}
			if d := returned.Sub(time.Unix(0, at)); d > 100*time.Millisecond {
				t.Errorf("returned %v after cancel, want <= 100ms", d)
			}
			if kindOf(err) != tt.wantKind || !errors.Is(err, context.Canceled) {
				t.Errorf("err = %T %v, want %s wrapping context.Canceled", err, err, tt.wantKind)
			}
			var ae *APIError
			if errors.As(err, &ae) != tt.wantAPI {
				t.Errorf("errors.As(APIError) = %v, want %v", !tt.wantAPI, tt.wantAPI)
			}
			settleGoroutines(t, c, base)
		})
	}
}

// TestFaultAttemptTimeoutGoroutines checks that attempts ended by the
// attempt timeout leave nothing behind either.
func TestFaultAttemptTimeoutGoroutines(t *testing.T) {
	fs := newFaultServer(t, always(fSlowBody))
	c := newTestClient(t, fs.URL, func(cfg *Config) { cfg.AttemptTimeout = 50 * time.Millisecond })
	base := runtime.NumGoroutine()
	err := c.Do(context.Background(), opRead, Request{}, nil, nil)
	var re *RequestError
	if !errors.As(err, &re) || re.Attempts != 3 || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %T %v", err, err)
	}
	settleGoroutines(t, c, base)
}

// TestFaultConcurrentWrites runs many writes against a flaky server at once:
// no write is ever applied twice.
func TestFaultConcurrentWrites(t *testing.T) {
	plans := []fault{fOK, fResetBeforeBody, fResetAfterBody, fResetMidResponse, f503, f429, fInvalidJSON, fSlow}
	var mu sync.Mutex
	seen := map[string]int{}
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fs := &faultServer{}
	var hits atomic.Int32
	fs.Server = &httptest.Server{Listener: l, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Call")
		f := plans[int(hits.Add(1))%len(plans)]
		if f != fResetBeforeBody && f != f429 {
			mu.Lock()
			seen[id]++
			mu.Unlock()
		}
		inner := &faultServer{plan: always(f)}
		inner.serve(w, r)
	})}}
	fs.Start()
	defer fs.Close()

	c := newTestClient(t, fs.URL, func(cfg *Config) { cfg.AttemptTimeout = 200 * time.Millisecond })
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_ = c.Do(context.Background(), opWrite, Request{Body: rawBody(`{}`)}, nil, nil, WithHeader("X-Call", fmt.Sprint(i)))
		}(i)
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(seen) == 0 {
		t.Fatal("no write reached the server")
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("write %s reached the handler %d times", id, n)
		}
	}
}
