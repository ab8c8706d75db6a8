package transport

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// TestWireHeadersOnSocket checks on a raw TCP server what resty and net/http
// add: no Accept header, "Content-Length: 0" (never chunked) on a body-less
// POST, the exact Content-Length of a body, no length and no body on a GET.
func TestWireHeadersOnSocket(t *testing.T) {
	srv := newH1Server(t, func(int) wireFault { return wOK })
	c := newTestClient(t, srv.url, func(cfg *Config) { cfg.Credentials = &credHeaderCreds{} })
	ctx := context.Background()
	if err := c.Do(ctx, opRead, Request{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Do(ctx, opWriteNoBody, Request{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Do(ctx, opWrite, Request{Body: rawBody(`{"amount":"10"}`)}, nil, nil); err != nil {
		t.Fatal(err)
	}
	seen := srv.seen()
	if len(seen) != 3 {
		t.Fatalf("server saw %d requests", len(seen))
	}
	for i, want := range []struct {
		method, length string
		body           string
	}{{"GET", "", ""}, {"POST", "0", ""}, {"POST", "16", "{\"amount\":\"10\"}\n"}} {
		a := seen[i]
		if a.method != want.method {
			t.Errorf("#%d method %s", i, a.method)
		}
		if v, ok := a.header["Accept"]; ok {
			t.Errorf("#%d carries Accept %q", i, v)
		}
		if te := a.header.Get("Transfer-Encoding"); te != "" {
			t.Errorf("#%d Transfer-Encoding %q", i, te)
		}
		if got := a.header.Get("Content-Length"); got != want.length {
			t.Errorf("#%d Content-Length %q, want %q", i, got, want.length)
		}
		if string(a.body) != want.body {
			t.Errorf("#%d body %q, want %q", i, a.body, want.body)
		}
		if a.header.Get("Content-Type") != "application/json" {
			t.Errorf("#%d Content-Type %q", i, a.header.Get("Content-Type"))
		}
	}
}

// TestDeadContextIsNotAnAuthFailure: a context that is done before the
// attempt starts is reported as the context's error, the credentials are
// not asked, and nothing is sent.
func TestDeadContextIsNotAnAuthFailure(t *testing.T) {
	srv := newH1Server(t, func(int) wireFault { return wOK })
	creds := &credHeaderCreds{}
	c := newTestClient(t, srv.url, func(cfg *Config) { cfg.Credentials = creds })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, op := range []Operation{opRead, opWrite} {
		err := c.Do(ctx, op, Request{Body: rawBody(`{}`)}, nil, nil)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("%s: err = %v", op.Name, err)
		}
		if strings.Contains(err.Error(), "authenticating") {
			t.Errorf("%s: reported as an authentication failure: %v", op.Name, err)
		}
		var ou *OutcomeUnknownError
		if errors.As(err, &ou) {
			t.Errorf("%s: a request never sent is reported as outcome unknown", op.Name)
		}
	}
	if creds.n.Load() != 0 || srv.n.Load() != 0 {
		t.Errorf("credentials asked %d times, server saw %d", creds.n.Load(), srv.n.Load())
	}
}

// wrappedTransport stands for httpmock.Activate or a tracing wrapper: an
// http.DefaultTransport that is not an *http.Transport.
type wrappedTransport struct {
	rt http.RoundTripper
	n  atomic.Int32
}

func (w *wrappedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	w.n.Add(1)
	return w.rt.RoundTrip(r)
}

// TestNewWithWrappedDefaultTransport: building clients never panics when
// http.DefaultTransport was replaced. Not parallel: it swaps a global of
// net/http for the duration of the test.
func TestNewWithWrappedDefaultTransport(t *testing.T) {
	orig := http.DefaultTransport
	w := &wrappedTransport{rt: orig}
	http.DefaultTransport = w
	defer func() { http.DefaultTransport = orig }()
	srv := newH1Server(t, func(int) wireFault { return wOK })
	hc := DefaultHTTPClient(false)
	if _, ok := hc.Transport.(*http.Transport); !ok {
		t.Fatalf("default client transport %T", hc.Transport)
	}
	c, err := New(Config{Endpoint: srv.url})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Do(context.Background(), opRead, Request{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	// A caller client with a nil Transport means http.DefaultTransport,
	// as in net/http.
	c2, err := New(Config{Endpoint: srv.url, HTTPClient: &http.Client{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c2.Do(context.Background(), opRead, Request{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if w.n.Load() != 1 {
		t.Errorf("wrapped DefaultTransport used %d times, want 1 (by the client with a nil Transport)", w.n.Load())
	}
}
