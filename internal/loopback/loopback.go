// Package loopback serves raw connections on a loopback listener for the
// SDK's socket-level tests (hand-written HTTP/1.1 and HTTP/2 servers that see
// the exact bytes a client sends).
package loopback

import (
	"net"
	"sync"
	"testing"
)

// Serve accepts connections on l and runs handle for each on a goroutine of
// its own (handle need not close the connection). When the test ends, the
// listener and every open connection are closed and Serve waits for the
// handlers to return.
func Serve(tb testing.TB, l net.Listener, handle func(net.Conn)) {
	tb.Helper()
	var wg sync.WaitGroup
	var conns sync.Map
	tb.Cleanup(func() {
		l.Close()
		conns.Range(func(k, _ any) bool { k.(net.Conn).Close(); return true })
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns.Store(c, true)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				handle(c)
			}()
		}
	}()
}

// Listen opens a TCP listener on a free port of 127.0.0.1, failing the test
// when it cannot.
func Listen(tb testing.TB) net.Listener {
	tb.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	return l
}
