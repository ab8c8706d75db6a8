package partnersdk_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/shopspring/decimal"
)

// countingRT counts the requests that go through a caller's transport, by
// path.
type countingRT struct {
	mu    sync.Mutex
	paths []string
	uas   []string
}

func (c *countingRT) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.paths = append(c.paths, r.URL.Path)
	c.uas = append(c.uas, r.Header.Get("User-Agent"))
	c.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

// iamAndAPI serves /v3/auth/tokens (password tokens) and one API path.
func iamAndAPI(t *testing.T, tokens *atomic.Int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/v3/auth/tokens" {
			tokens.Add(1)
			w.Header().Set("X-Subject-Token", "issued-token-value")
			w.WriteHeader(201)
			w.Write([]byte(`{"token":{"expires_at":"2099-01-01T00:00:00.000000Z","issued_at":"2098-12-31T00:00:00.000000Z"}}`))
			return
		}
		if r.Header.Get("X-Auth-Token") != "issued-token-value" {
			w.WriteHeader(401)
			return
		}
		w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestTokenFetchThroughClientEngine: with partnersdk.New, a password token
// is obtained through the client's own *http.Client, with its User-Agent and
// logger, from the IAM endpoint derived from WithEndpoint; the password
// appears nowhere in the log.
func TestTokenFetchThroughClientEngine(t *testing.T) {
	var tokens atomic.Int32
	srv := iamAndAPI(t, &tokens)
	creds, err := auth.NewPasswordToken("alice", "pass-word-SECRET", "acme")
	if err != nil {
		t.Fatal(err)
	}
	rt := &countingRT{}
	var logs bytes.Buffer
	c, err := partnersdk.New(creds, partnersdk.WithEndpoint(srv.URL),
		partnersdk.WithHTTPClient(&http.Client{Transport: rt}),
		partnersdk.WithUserAgent("ua-under-test"),
		partnersdk.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Partner.UpdateCustomerAccountAmount(context.Background(), &partner.UpdateCustomerAccountAmountRequest{CustomerID: "c1", Amount: decimal.RequireFromString("1.5")}); err != nil {
		t.Fatal(err)
	}
	if tokens.Load() != 1 {
		t.Fatalf("IAM calls %d", tokens.Load())
	}
	if len(rt.paths) != 2 || rt.paths[0] != "/v3/auth/tokens" {
		t.Fatalf("requests through the caller's transport: %v", rt.paths)
	}
	for _, ua := range rt.uas {
		if ua != "ua-under-test" {
			t.Errorf("User-Agent %q", ua)
		}
	}
	if !strings.Contains(logs.String(), "KeystoneCreateUserTokenByPassword") {
		t.Errorf("token fetch not logged by the client's logger:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "SECRET") || strings.Contains(logs.String(), "issued-token-value") {
		t.Errorf("secret in log:\n%s", logs.String())
	}
}

// TestTokenFetchNotAttributedToWrite: IAM answers, the API endpoint refuses
// connections. The write never left the machine, so it is a plain
// RequestError after the policy's attempts, not "outcome unknown" (the IAM
// connection opened inside the write's attempt does not count).
func TestTokenFetchNotAttributedToWrite(t *testing.T) {
	var tokens atomic.Int32
	iam := iamAndAPI(t, &tokens)
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	creds, err := auth.NewPasswordToken("alice", "pass-word-SECRET", "acme")
	if err != nil {
		t.Fatal(err)
	}
	p := partnersdk.DefaultRetryPolicy()
	p.BaseDelay = -1 // no wait between attempts
	c, err := partnersdk.New(creds, partnersdk.WithEndpoint(closed), partnersdk.WithIAMEndpoint(iam.URL), partnersdk.WithRetryPolicy(p))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Partner.UpdateCustomerAccountAmount(context.Background(), &partner.UpdateCustomerAccountAmountRequest{CustomerID: "c1", Amount: decimal.RequireFromString("1.5")})
	var ou *partnersdk.OutcomeUnknownError
	if errors.As(err, &ou) {
		t.Fatalf("reported as outcome unknown: %v", err)
	}
	var re *partnersdk.RequestError
	if !errors.As(err, &re) || re.Attempts != p.MaxAttempts {
		t.Fatalf("err = %T %v, want *RequestError after %d attempts", err, err, p.MaxAttempts)
	}
	if tokens.Load() != 1 {
		t.Errorf("IAM calls %d, want 1 (token cached)", tokens.Load())
	}
}

// TestTokenFetchRedirectNotFollowed: an IAM endpoint answering a redirect
// through the client's engine fails the token fetch with a RedirectError;
// the password never reaches the other host and the write is a plain
// failure (nothing was sent to the API).
func TestTokenFetchRedirectNotFollowed(t *testing.T) {
	var other, api atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.Add(1) }))
	defer elsewhere.Close()
	iam := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/v3/auth/tokens", http.StatusTemporaryRedirect)
	}))
	defer iam.Close()
	apiSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { api.Add(1) }))
	defer apiSrv.Close()
	creds, err := auth.NewPasswordToken("alice", "pass-word-SECRET", "acme")
	if err != nil {
		t.Fatal(err)
	}
	c, err := partnersdk.New(creds, partnersdk.WithEndpoint(apiSrv.URL), partnersdk.WithIAMEndpoint(iam.URL), partnersdk.WithoutRetries())
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Partner.UpdateCustomerAccountAmount(context.Background(), &partner.UpdateCustomerAccountAmountRequest{CustomerID: "c1", Amount: decimal.RequireFromString("1.5")})
	var re *partnersdk.RedirectError
	if !errors.As(err, &re) || re.StatusCode != 307 {
		t.Fatalf("err = %T %v, want a RedirectError inside", err, err)
	}
	var ou *partnersdk.OutcomeUnknownError
	if errors.As(err, &ou) {
		t.Errorf("reported as outcome unknown: %v", err)
	}
	if other.Load() != 0 || api.Load() != 0 {
		t.Errorf("other host saw %d, API saw %d", other.Load(), api.Load())
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("password in error: %v", err)
	}
}

// TestTokenFetchThrottledIsNotAnUnknownWrite: IAM answers 429 while the
// credentials of a write obtain their token. Nothing was sent to the API, so
// the write fails plainly (never "outcome unknown") and the API sees nothing.
func TestTokenFetchThrottledIsNotAnUnknownWrite(t *testing.T) {
	var iamCalls, apiCalls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v3/auth/tokens" {
			iamCalls.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error_code":"APIG.0308","error_msg":"The request is throttled"}`))
			return
		}
		apiCalls.Add(1)
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	password, err := auth.NewPasswordToken("alice", "pass-word-SECRET", "acme")
	if err != nil {
		t.Fatal(err)
	}
	base, err := auth.NewAKSK("AK1234567890", "SK-secret-1234567890")
	if err != nil {
		t.Fatal(err)
	}
	agency, err := auth.NewAgencyToken(base, auth.Domain{ID: "c1"}, "partner_agency")
	if err != nil {
		t.Fatal(err)
	}
	for name, creds := range map[string]auth.Credentials{"password": password, "agency": agency} {
		c, err := partnersdk.New(creds, partnersdk.WithEndpoint(srv.URL), partnersdk.WithoutRetries(), partnersdk.WithoutPacing())
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Partner.UpdateCustomerAccountAmount(context.Background(), &partner.UpdateCustomerAccountAmountRequest{CustomerID: "c1", Amount: decimal.RequireFromString("1.5")})
		var ou *partnersdk.OutcomeUnknownError
		if err == nil || errors.As(err, &ou) {
			t.Fatalf("%s: err = %T %v, want a plain failure", name, err, err)
		}
	}
	if apiCalls.Load() != 0 || iamCalls.Load() == 0 {
		t.Fatalf("API calls %d, IAM calls %d", apiCalls.Load(), iamCalls.Load())
	}
}
