package partnertest

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"
)

// Start serves a sandbox on addr ("127.0.0.1:0" for a free port when
// empty) outside any test, for programs such as "go run ./examples/sandbox"
// that serve it to non-Go tools. Stop it with Close. On such a server the
// helpers that fail a test on error (Client, AddCustomer, Inject, ...)
// report the error on standard error and return their zero value instead.
func Start(addr string, opts ...Option) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	s, err := build(nil, opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: s.handler(s.sb.Handler()), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	s.URL = "http://" + ln.Addr().String()
	var once sync.Once
	s.closeFn = func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = srv.Shutdown(ctx)
			<-done
		})
	}
	return s, nil
}

// Mount serves h for every path that starts with prefix, ahead of the
// API; for example the fake Huawei side of the Web UI mode
// (auth/saml/samltest) under "/authui/saml/".
func (s *Server) Mount(prefix string, h http.Handler) { s.sb.Mount(prefix, h) }
