package transport

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hcpartner/partner-sdk-go/internal/loopback"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// This file is the fault suite for the layers below the SDK: real loopback
// HTTP/1.1 (raw TCP) and HTTP/2 (h2 over TLS, raw frames) servers that count
// every request that reaches them, so that a resend by net/http, HTTP/2 or
// resty shows up as an extra arrival even when the SDK logs one attempt.

// wireFault is what a counting server does with one complete request.
type wireFault int

const (
	wOK             wireFault = iota // answer 200 {}
	wCloseAfterRead                  // HTTP/1.1: read the whole request, close the connection
	wRSTProtocol                     // HTTP/2: read the whole request, RST_STREAM(PROTOCOL_ERROR)
	wRSTRefused                      // HTTP/2: RST_STREAM(REFUSED_STREAM) (not processed)
	wGoAway                          // HTTP/2: read the whole request, GOAWAY(last stream 0) and close
	wRedirect301
	wRedirect302
	wRedirect303
	wRedirect307
	wRedirect308
)

var wireFaultNames = map[wireFault]string{
	wOK: "ok", wCloseAfterRead: "close after reading (reused conn)", wRSTProtocol: "RST_STREAM PROTOCOL_ERROR after reading",
	wRSTRefused: "RST_STREAM REFUSED_STREAM", wGoAway: "GOAWAY after reading",
	wRedirect301: "301 to other host", wRedirect302: "302 to other host", wRedirect303: "303 to other host",
	wRedirect307: "307 to other host", wRedirect308: "308 to other host",
}

func (f wireFault) redirectStatus() int {
	switch f {
	case wRedirect301:
		return 301
	case wRedirect302:
		return 302
	case wRedirect303:
		return 303
	case wRedirect307:
		return 307
	case wRedirect308:
		return 308
	}
	return 0
}

// arrival is one complete request as a counting server saw it.
type arrival struct {
	method string
	header http.Header
	body   []byte
}

// countingServer counts complete requests (arrivals) and the ones it
// processed (applied: answered 200, or reset after reading, which is the
// worst case for a write).
type countingServer struct {
	url      string
	plan     func(n int) wireFault
	location string // Location of redirects
	n        atomic.Int32
	applied  atomic.Int32
	mu       sync.Mutex
	arrivals []arrival
}

func (s *countingServer) next(a arrival) wireFault {
	s.mu.Lock()
	s.arrivals = append(s.arrivals, a)
	s.mu.Unlock()
	f := s.plan(int(s.n.Add(1)))
	switch f {
	case wOK, wCloseAfterRead, wRSTProtocol, wGoAway:
		s.applied.Add(1)
	}
	return f
}

func (s *countingServer) seen() []arrival {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]arrival(nil), s.arrivals...)
}

// newH1Server is a raw TCP HTTP/1.1 server with keep-alive.
func newH1Server(t *testing.T, plan func(n int) wireFault) *countingServer {
	t.Helper()
	l := loopback.Listen(t)
	s := &countingServer{url: "http://" + l.Addr().String(), plan: plan}
	loopback.Serve(t, l, func(c net.Conn) {
		br := bufio.NewReader(c)
		for {
			req, err := http.ReadRequest(br)
			if err != nil {
				return
			}
			body, err := io.ReadAll(req.Body)
			if err != nil {
				return
			}
			f := s.next(arrival{method: req.Method, header: req.Header, body: body})
			switch {
			case f == wCloseAfterRead:
				return
			case f.redirectStatus() != 0:
				fmt.Fprintf(c, "HTTP/1.1 %d Redirect\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n", f.redirectStatus(), s.location)
			default:
				io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
			}
		}
	})
	return s
}

// newH2Server is a raw HTTP/2 server over TLS on loopback. It returns the
// server and an *http.Client (HTTP/2 enabled) that trusts its certificate.
func newH2Server(t *testing.T, plan func(n int) wireFault) (*countingServer, *http.Client) {
	t.Helper()
	// httptest provides the certificate and a client that trusts it.
	ts := httptest.NewUnstartedServer(http.NotFoundHandler())
	ts.EnableHTTP2 = true
	ts.StartTLS()
	t.Cleanup(ts.Close)
	hc := ts.Client()
	l, err := tls.Listen("tcp4", "127.0.0.1:0", &tls.Config{Certificates: ts.TLS.Certificates, NextProtos: []string{"h2"}, MinVersion: tls.VersionTLS12})
	if err != nil {
		t.Fatal(err)
	}
	s := &countingServer{url: "https://" + l.Addr().String(), plan: plan}
	loopback.Serve(t, l, s.serveH2)
	return s, hc
}

func (s *countingServer) serveH2(c net.Conn) {
	preface := make([]byte, len(http2.ClientPreface))
	if _, err := io.ReadFull(c, preface); err != nil || string(preface) != http2.ClientPreface {
		return
	}
	fr := http2.NewFramer(c, c)
	fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	if fr.WriteSettings() != nil {
		return
	}
	type stream struct {
		method string
		header http.Header
		body   bytes.Buffer
	}
	streams := map[uint32]*stream{}
	var hbuf bytes.Buffer
	enc := hpack.NewEncoder(&hbuf)
	for {
		frame, err := fr.ReadFrame()
		if err != nil {
			return
		}
		var id uint32
		end := false
		switch f := frame.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				fr.WriteSettingsAck()
			}
			continue
		case *http2.PingFrame:
			if !f.IsAck() {
				fr.WritePing(true, f.Data)
			}
			continue
		case *http2.MetaHeadersFrame:
			st := &stream{header: http.Header{}}
			for _, hf := range f.Fields {
				if hf.Name == ":method" {
					st.method = hf.Value
				} else if !strings.HasPrefix(hf.Name, ":") {
					st.header.Add(hf.Name, hf.Value)
				}
			}
			id = f.StreamID
			streams[id] = st
			end = f.StreamEnded()
		case *http2.DataFrame:
			id = f.StreamID
			if st := streams[id]; st != nil {
				st.body.Write(f.Data())
				if len(f.Data()) > 0 {
					fr.WriteWindowUpdate(0, uint32(len(f.Data())))
					fr.WriteWindowUpdate(id, uint32(len(f.Data())))
				}
			}
			end = f.StreamEnded()
		default:
			continue
		}
		st := streams[id]
		if !end || st == nil {
			continue
		}
		delete(streams, id)
		switch fault := s.next(arrival{method: st.method, header: st.header, body: st.body.Bytes()}); {
		case fault == wRSTProtocol:
			fr.WriteRSTStream(id, http2.ErrCodeProtocol)
		case fault == wRSTRefused:
			fr.WriteRSTStream(id, http2.ErrCodeRefusedStream)
		case fault == wGoAway:
			fr.WriteGoAway(0, http2.ErrCodeNo, nil)
			return
		default:
			hbuf.Reset()
			status := "200"
			if rs := fault.redirectStatus(); rs != 0 {
				status = fmt.Sprint(rs)
			}
			enc.WriteField(hpack.HeaderField{Name: ":status", Value: status})
			if fault.redirectStatus() != 0 {
				enc.WriteField(hpack.HeaderField{Name: "location", Value: s.location})
				enc.WriteField(hpack.HeaderField{Name: "content-length", Value: "0"})
				fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: hbuf.Bytes(), EndHeaders: true, EndStream: true})
				continue
			}
			enc.WriteField(hpack.HeaderField{Name: "content-type", Value: "application/json"})
			enc.WriteField(hpack.HeaderField{Name: "content-length", Value: "2"})
			fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: hbuf.Bytes(), EndHeaders: true})
			fr.WriteData(id, true, []byte("{}"))
		}
	}
}

// credHeaderCreds sets the credential headers a token or AK/SK client sends
// and counts attempts as the SDK makes them.
type credHeaderCreds struct{ n atomic.Int32 }

func (c *credHeaderCreds) Apply(_ context.Context, r *http.Request, _ []byte) error {
	c.n.Add(1)
	r.Header.Set("X-Auth-Token", "tok-SECRET")
	r.Header.Set("X-Security-Token", "sec-SECRET")
	r.Header.Set("X-Domain-Id", "domain-1")
	return nil
}

var (
	opWriteNoBody = Operation{Name: "CreateThingAuth", Method: http.MethodPost, Path: "/v2/things/auth", Write: true}
)

type wireCase struct {
	name    string
	op      Operation
	body    bool
	headers [][2]string
}

func wireCases() []wireCase {
	return []wireCase{
		{name: "read GET", op: opRead},
		{name: "write POST body", op: opWrite, body: true},
		{name: "write POST no body", op: opWriteNoBody},
		{name: "write POST body + Idempotency-Key", op: opWrite, body: true, headers: [][2]string{{"Idempotency-Key", "k1"}}},
		{name: "write POST no body + X-Idempotency-Key", op: opWriteNoBody, headers: [][2]string{{"X-Idempotency-Key", "k1"}}},
	}
}

type wireExpect struct {
	attempts, arrivals, applied int
	kind                        errKind
}

// TestNoHiddenResends drives every case through HTTP/1.1 and HTTP/2 faults
// and checks that the server saw exactly as many requests as the SDK made
// attempts, that a write took effect at most once and that the error says
// "outcome unknown" exactly when a write may have been applied.
func TestNoHiddenResends(t *testing.T) {
	type scenario struct {
		proto string
		fault wireFault
		// warm makes a first successful call so that the fault hits a
		// reused keep-alive connection (where net/http retries).
		warm bool
	}
	scenarios := []scenario{
		{"HTTP/1.1", wCloseAfterRead, true},
		{"HTTP/1.1", wCloseAfterRead, false},
		{"h2", wRSTProtocol, false},
		{"h2", wRSTProtocol, true},
		{"h2", wRSTRefused, false},
		{"h2", wGoAway, true},
	}
	var mu sync.Mutex
	var table []string
	for _, sc := range scenarios {
		for _, wc := range wireCases() {
			name := fmt.Sprintf("%s/%s/warm=%v/%s", sc.proto, wireFaultNames[sc.fault], sc.warm, wc.name)
			t.Run(name, func(t *testing.T) {
				plan := func(n int) wireFault {
					if sc.warm && n == 1 {
						return wOK
					}
					return sc.fault
				}
				var srv *countingServer
				var hc *http.Client
				if sc.proto == "h2" {
					srv, hc = newH2Server(t, plan)
				} else {
					srv = newH1Server(t, plan)
				}
				creds := &credHeaderCreds{}
				c := newTestClient(t, srv.url, func(cfg *Config) {
					cfg.Credentials = creds
					if hc != nil {
						cfg.HTTPClient = hc
					}
				})
				t.Cleanup(c.HTTPClient().CloseIdleConnections)
				if sc.warm {
					if err := c.Do(context.Background(), opRead, Request{}, nil, nil); err != nil {
						t.Fatalf("warm-up: %v", err)
					}
					creds.n.Store(0)
					srv.n.Store(0)
					srv.applied.Store(0)
					srv.plan = func(int) wireFault { return sc.fault }
				}
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				req := Request{Headers: wc.headers}
				if wc.body {
					req.Body = rawBody(`{"amount":"10"}`)
				}
				err := c.Do(ctx, wc.op, req, nil, nil)
				got := wireExpect{int(creds.n.Load()), int(srv.n.Load()), int(srv.applied.Load()), kindOf(err)}
				mu.Lock()
				table = append(table, fmt.Sprintf("| %-8s | %-40s | %-5v | %-40s | %d | %d | %d | %-22s |", sc.proto, wireFaultNames[sc.fault], sc.warm, wc.name, got.attempts, got.arrivals, got.applied, got.kind))
				mu.Unlock()
				if got.arrivals != got.attempts {
					t.Errorf("server saw %d requests for %d SDK attempts (err %v)", got.arrivals, got.attempts, err)
				}
				if wc.op.Write {
					if got.applied > 1 {
						t.Errorf("write applied %d times", got.applied)
					}
					if got.applied > 0 && got.kind != kOutcome {
						t.Errorf("write may have been applied (%d) but error is %s: %v", got.applied, got.kind, err)
					}
					if got.attempts != 1 {
						t.Errorf("write attempted %d times", got.attempts)
					}
				} else if got.attempts != fastPolicy().MaxAttempts {
					t.Errorf("read attempted %d times, policy says %d (err %v)", got.attempts, fastPolicy().MaxAttempts, err)
				}
				if err == nil {
					t.Fatal("no error")
				}
			})
		}
	}
	sort.Strings(table)
	t.Log("| proto | fault | warm | case | SDK attempts | arrivals | applied | error |\n" + strings.Join(table, "\n"))
}

// TestRedirectsNeverFollowed answers every redirect status, on HTTP/1.1 and
// HTTP/2, for reads and writes, pointing at a second counting server: the
// SDK returns a *RedirectError naming status and host, and the other host
// sees nothing (so no credential header reaches it).
func TestRedirectsNeverFollowed(t *testing.T) {
	var mu sync.Mutex
	var table []string
	for _, proto := range []string{"HTTP/1.1", "h2"} {
		for _, f := range []wireFault{wRedirect301, wRedirect302, wRedirect303, wRedirect307, wRedirect308} {
			for _, wc := range wireCases()[:3] {
				t.Run(proto+"/"+wireFaultNames[f]+"/"+wc.name, func(t *testing.T) {
					other := newH1Server(t, func(int) wireFault { return wOK })
					plan := func(int) wireFault { return f }
					var srv *countingServer
					var hc *http.Client
					if proto == "h2" {
						srv, hc = newH2Server(t, plan)
					} else {
						srv = newH1Server(t, plan)
					}
					srv.location = other.url + "/elsewhere?token=abc"
					creds := &credHeaderCreds{}
					c := newTestClient(t, srv.url, func(cfg *Config) {
						cfg.Credentials = creds
						if hc != nil {
							cfg.HTTPClient = hc
						}
					})
					req := Request{}
					if wc.body {
						req.Body = rawBody(`{"amount":"10"}`)
					}
					err := c.Do(context.Background(), wc.op, req, nil, nil)
					mu.Lock()
					table = append(table, fmt.Sprintf("| %-8s | %-18s | %-20s | %d | %d | %d | %-16s |", proto, wireFaultNames[f], wc.name, creds.n.Load(), srv.n.Load(), other.n.Load(), kindOf(err)))
					mu.Unlock()
					var re *RedirectError
					if !errors.As(err, &re) {
						t.Fatalf("err = %T %v, want *RedirectError", err, err)
					}
					host := strings.TrimPrefix(other.url, "http://")
					if re.StatusCode != f.redirectStatus() || re.LocationHost != host {
						t.Errorf("RedirectError = %+v, want status %d host %s", re, f.redirectStatus(), host)
					}
					if !strings.Contains(err.Error(), fmt.Sprint(f.redirectStatus())) || !strings.Contains(err.Error(), host) || strings.Contains(err.Error(), "abc") {
						t.Errorf("message %q: want status and host, no query", err)
					}
					if n := other.n.Load(); n != 0 {
						t.Errorf("other host saw %d requests (headers %v)", n, other.seen()[0].header)
					}
					if n := srv.n.Load(); n != 1 || creds.n.Load() != 1 {
						t.Errorf("endpoint saw %d requests, %d attempts; want 1", n, creds.n.Load())
					}
				})
			}
		}
	}
	sort.Strings(table)
	t.Log("| proto | answer | case | attempts | endpoint arrivals | other-host arrivals | error |\n" + strings.Join(table, "\n"))
}
