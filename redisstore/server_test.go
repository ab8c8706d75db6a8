package redisstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// The tests run against a real redis-server. .ci/run starts one and passes
// its address in PARTNERSDK_REDIS_ADDR; without that variable, TestMain
// starts one itself when redis-server is on PATH. When neither works the
// Redis tests skip with the reason, and with CI=true they fail instead.
const addrEnv = "PARTNERSDK_REDIS_ADDR"

// redisAddr is set by TestMain; skipReason explains an empty one.
var redisAddr, skipReason string

func TestMain(m *testing.M) {
	stop := findServer()
	code := m.Run()
	stop()
	os.Exit(code)
}

func findServer() (stop func()) {
	stop = func() {}
	if a := os.Getenv(addrEnv); a != "" {
		if err := ping(a); err != nil {
			skipReason = fmt.Sprintf("%s=%s is not answering: %v", addrEnv, a, err)
			return stop
		}
		redisAddr = a
		return stop
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		skipReason = "no Redis: set " + addrEnv + " or install redis-server (apt-get install redis-server)"
		return stop
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		skipReason = "no free loopback port: " + err.Error()
		return stop
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	dir, err := os.MkdirTemp("", "redisstore-test-")
	if err != nil {
		skipReason = err.Error()
		return stop
	}
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", dir, "--logfile", filepath.Join(dir, "redis.log"))
	if err := cmd.Start(); err != nil {
		skipReason = "redis-server did not start: " + err.Error()
		_ = os.RemoveAll(dir)
		return stop
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	stop = func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = os.RemoveAll(dir)
	}
	for i := 0; i < 100; i++ {
		if err = ping(addr); err == nil {
			redisAddr = addr
			return stop
		}
		time.Sleep(50 * time.Millisecond)
	}
	skipReason = "redis-server started but does not answer: " + err.Error()
	return stop
}

func ping(addr string) error {
	c := redis.NewClient(&redis.Options{Addr: addr, DialTimeout: time.Second})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return c.Ping(ctx).Err()
}

// newClient returns a client of the test server (a new connection pool,
// like another instance of a partner backend), or skips.
func newClient(t testing.TB) *redis.Client {
	t.Helper()
	if redisAddr == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and no Redis for the tests: %s", skipReason)
		}
		t.Skip("skipping: " + skipReason)
	}
	c := redis.NewClient(&redis.Options{Addr: redisAddr})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// prefix is a key prefix no other test (or earlier run) uses.
func prefix(t testing.TB) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "partnersdk-test:" + t.Name() + ":" + hex.EncodeToString(b) + ":"
}

// deadClient points at a loopback port nobody listens on.
func deadClient(t testing.TB) *redis.Client {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	c := redis.NewClient(&redis.Options{Addr: addr, DialTimeout: 200 * time.Millisecond, MaxRetries: -1})
	t.Cleanup(func() { _ = c.Close() })
	return c
}
