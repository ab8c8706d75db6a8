package loopback

import (
	"bufio"
	"net"
	"testing"
)

func TestServeEchoesAndClosesOnCleanup(t *testing.T) {
	var addr string
	t.Run("serve", func(t *testing.T) {
		l := Listen(t)
		addr = l.Addr().String()
		Serve(t, l, func(c net.Conn) {
			line, err := bufio.NewReader(c).ReadString('\n')
			if err == nil {
				c.Write([]byte(line))
			}
		})
		c, err := net.Dial("tcp4", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.Write([]byte("ping\n"))
		got, err := bufio.NewReader(c).ReadString('\n')
		if err != nil || got != "ping\n" {
			t.Fatalf("got %q, %v", got, err)
		}
	})
	// After the subtest's cleanup the listener is closed.
	if c, err := net.Dial("tcp4", addr); err == nil {
		c.Close()
		t.Fatal("listener still accepting after cleanup")
	}
}
