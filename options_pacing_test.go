package partnersdk_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/customer"
)

type seenLimiter struct {
	mu    sync.Mutex
	keys  []string
	rates []float64
}

func (l *seenLimiter) Wait(_ context.Context, key string, perSecond float64, _ int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.keys = append(l.keys, key)
	l.rates = append(l.rates, perSecond)
	return nil
}

func TestPacingOptions(t *testing.T) {
	creds, err := auth.NewAKSK("HPUAPACINGAK00000001", "PacingSecretKey0123456789abcdefghijklmnop", auth.WithDomainID("dom"))
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []partnersdk.Option{
		partnersdk.WithOperationRate("", 1, 1),
		partnersdk.WithOperationRate("CheckUserIdentity", 0, 1),
		partnersdk.WithOperationRate("CheckUserIdentity", math.Inf(1), 1),
		partnersdk.WithOperationRate("CheckUserIdentity", 1, 0),
		partnersdk.WithRateLimiter(nil),
		partnersdk.WithPacingTimeScale(0),
		partnersdk.WithPacingTimeScale(math.NaN()),
	} {
		var ce *partnersdk.ConfigError
		if _, err := partnersdk.New(creds, opt); !errors.As(err, &ce) {
			t.Errorf("want a *ConfigError, got %v", err)
		}
	}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"error_code":"CBC.0000","check_result":"available"}`))
	}))
	defer srv.Close()
	l := &seenLimiter{}
	c, err := partnersdk.New(creds, partnersdk.WithEndpoint(srv.URL), partnersdk.WithRateLimiter(l),
		partnersdk.WithOperationRate("CheckUserIdentity", 2, 1))
	if err != nil {
		t.Fatal(err)
	}
	req := &customer.CheckUserIdentityRequest{SearchType: customer.IdentitySearchTypeName, SearchValue: "someone-new"}
	if _, err := c.Customer.CheckUserIdentity(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if len(l.keys) != 1 || l.keys[0] != "CheckUserIdentity" || l.rates[0] != 2 {
		t.Fatalf("limiter saw %v %v", l.keys, l.rates)
	}
	// WithoutPacing: the limiter is not asked.
	c, err = partnersdk.New(creds, partnersdk.WithEndpoint(srv.URL), partnersdk.WithRateLimiter(l), partnersdk.WithoutPacing())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Customer.CheckUserIdentity(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if len(l.keys) != 1 {
		t.Fatalf("limiter asked without pacing: %v", l.keys)
	}
}
