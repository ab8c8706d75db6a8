package transport

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// tokenCreds hands out "tok-1", then "tok-2" after Invalidate.
type tokenCreds struct {
	mu          sync.Mutex
	gen         int
	invalidated atomic.Int32
}

func (c *tokenCreds) Apply(_ context.Context, r *http.Request, _ []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == 0 {
		c.gen = 1
	}
	r.Header.Set("X-Auth-Token", "tok-"+string(rune('0'+c.gen)))
	return nil
}

func (c *tokenCreds) Invalidate() {
	c.mu.Lock()
	c.gen++
	c.mu.Unlock()
	c.invalidated.Add(1)
}

// akskCreds has no token cache.
type akskCreds struct{}

func (akskCreds) Apply(_ context.Context, r *http.Request, _ []byte) error {
	r.Header.Set("Authorization", "SDK-HMAC-SHA256 x")
	return nil
}

// TestTokenRefreshOnRejection: a documented token-invalid answer makes
// token credentials refresh and the request go out once more, for writes
// too; a second rejection is returned; AK/SK credentials are not resent.
func TestTokenRefreshOnRejection(t *testing.T) {
	for _, tc := range []struct {
		name         string
		status       int
		code         string
		acceptSecond bool
		creds        func() Credentials
		wantArrivals int32
		wantErr      bool
	}{
		{"401 CBC.0154 then ok", 401, "CBC.0154", true, func() Credentials { return &tokenCreds{} }, 2, false},
		{"403 CBC.0154 then ok", 403, "CBC.0154", true, func() Credentials { return &tokenCreds{} }, 2, false},
		{"401 APIGW.0301 then ok", 401, "APIGW.0301", true, func() Credentials { return &tokenCreds{} }, 2, false},
		{"401 twice", 401, "CBC.0154", false, func() Credentials { return &tokenCreds{} }, 2, true},
		{"403 CBC.0151 not a token rejection", 403, "CBC.0151", true, func() Credentials { return &tokenCreds{} }, 1, true},
		{"AK/SK 401 not resent", 401, "APIGW.0301", true, func() Credentials { return akskCreds{} }, 1, true},
	} {
		for _, op := range []Operation{opRead, opWrite} {
			t.Run(tc.name+"/"+op.Name, func(t *testing.T) {
				var arrivals, applied atomic.Int32
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					arrivals.Add(1)
					tok := r.Header.Get("X-Auth-Token")
					if tok == "tok-1" || tok == "" || !tc.acceptSecond {
						w.WriteHeader(tc.status)
						w.Write([]byte(`{"error_code":"` + tc.code + `","error_msg":"rejected"}`))
						return
					}
					applied.Add(1)
					w.Write([]byte(`{}`))
				}))
				defer srv.Close()
				c := newTestClient(t, srv.URL, func(cfg *Config) {
					cfg.Credentials = tc.creds()
					p := NoRetries()
					cfg.Retry = &p
				})
				err := c.Do(context.Background(), op, Request{Body: rawBody(`{}`)}, nil, nil)
				if got := arrivals.Load(); got != tc.wantArrivals {
					t.Errorf("arrivals %d, want %d", got, tc.wantArrivals)
				}
				if applied.Load() > 1 {
					t.Errorf("applied %d times", applied.Load())
				}
				if (err != nil) != tc.wantErr {
					t.Fatalf("err = %v", err)
				}
				var ae *APIError
				if err != nil && !errors.As(err, &ae) {
					t.Errorf("err = %T, want *APIError", err)
				}
			})
		}
	}
}

// TestAPIErrorScrubsCredentials: an error_msg (and body) that echoes the
// token, security token or signature the request carried is scrubbed
// before the caller or the log sees it.
func TestAPIErrorScrubsCredentials(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		w.Write([]byte(`{"error_code":"CBC.0100","error_msg":"bad token ` + r.Header.Get("X-Auth-Token") + ` sec ` + r.Header.Get("X-Security-Token") + `"}`))
	}))
	defer srv.Close()
	var logs strings.Builder
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.Credentials = &credHeaderCreds{}
		cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	err := c.Do(context.Background(), opRead, Request{}, nil, nil)
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v", err)
	}
	for _, s := range []string{err.Error(), string(ae.Body), ae.Message, logs.String()} {
		if strings.Contains(s, "tok-SECRET") || strings.Contains(s, "sec-SECRET") {
			t.Errorf("secret in %q", s)
		}
	}
	if !strings.Contains(ae.Message, "[REDACTED]") {
		t.Errorf("message %q", ae.Message)
	}
}
