package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hcpartner/partner-sdk-go/signer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newTestRequest(t *testing.T, body string) (*http.Request, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "https://bss.myhuaweicloud.com/v2/partners/sub-customers/query?offset=0&limit=10", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "partner-sdk-go-test")
	return req, []byte(body)
}

func signedHeaders(t *testing.T, authz string) []string {
	t.Helper()
	_, rest, ok := strings.Cut(authz, "SignedHeaders=")
	require.True(t, ok, "Authorization has no SignedHeaders")
	list, _, _ := strings.Cut(rest, ",")
	return strings.Split(list, ";")
}

func verify(t *testing.T, req *http.Request, body []byte, now time.Time) error {
	t.Helper()
	_, err := signer.Verify(req, body, func(ak string) (string, bool) {
		if ak == testAK {
			return testSK, true
		}
		return "", false
	}, now, 15*time.Minute)
	return err
}

func TestAKSKApplySignsDomainAndSecurityToken(t *testing.T) {
	clock := newFakeClock()
	c, err := NewAKSK(testAK, testSK,
		WithSecurityToken(testSecToken),
		WithDomainID(testDomainID),
		WithClock(clock.Now))
	require.NoError(t, err)

	req, body := newTestRequest(t, `{"offset":0}`)
	require.NoError(t, c.Apply(context.Background(), req, body))

	assert.Equal(t, "20300101T030405Z", req.Header.Get("X-Sdk-Date"))
	assert.Equal(t, testDomainID, req.Header.Get(HeaderDomainID))
	assert.Equal(t, testSecToken, req.Header.Get(HeaderSecurityToken))
	authz := req.Header.Get("Authorization")
	assert.True(t, strings.HasPrefix(authz, "SDK-HMAC-SHA256 Access="+testAK+", "), authz)
	sh := signedHeaders(t, authz)
	assert.Contains(t, sh, "x-domain-id")
	assert.Contains(t, sh, "x-security-token")
	assert.Contains(t, sh, "x-sdk-date")
	assert.NotContains(t, sh, "content-type")
	require.NoError(t, verify(t, req, body, clock.Now()))

	// A tampered security token breaks the signature: it really is signed.
	req.Header.Set(HeaderSecurityToken, testSecToken+"x")
	assert.Error(t, verify(t, req, body, clock.Now()))
}

func TestAKSKReapplyReplaces(t *testing.T) {
	clock := newFakeClock()
	c, err := NewAKSK(testAK, testSK, WithSecurityToken(testSecToken), WithDomainID(testDomainID), WithClock(clock.Now))
	require.NoError(t, err)
	req, body := newTestRequest(t, `{}`)
	req.Header.Set(HeaderAuthToken, "stale-token")
	require.NoError(t, c.Apply(context.Background(), req, body))
	first := req.Header.Get("Authorization")

	clock.Advance(90 * time.Second) // a retry attempt later
	require.NoError(t, c.Apply(context.Background(), req, body))
	for _, h := range []string{"Authorization", "X-Sdk-Date", HeaderDomainID, HeaderSecurityToken} {
		assert.Len(t, req.Header.Values(h), 1, h)
	}
	assert.Empty(t, req.Header.Values(HeaderAuthToken))
	assert.Equal(t, "20300101T030535Z", req.Header.Get("X-Sdk-Date"))
	assert.NotEqual(t, first, req.Header.Get("Authorization"))
	require.NoError(t, verify(t, req, body, clock.Now()))
}

func TestAKSKWithoutOptionalHeaders(t *testing.T) {
	c, err := NewAKSK(testAK, testSK)
	require.NoError(t, err)
	req, body := newTestRequest(t, "")
	req.Header.Set(HeaderSecurityToken, "left-over")
	require.NoError(t, c.Apply(context.Background(), req, body))
	assert.Empty(t, req.Header.Values(HeaderSecurityToken))
	assert.Empty(t, req.Header.Values(HeaderDomainID))
	sh := signedHeaders(t, req.Header.Get("Authorization"))
	assert.NotContains(t, sh, "x-security-token")
	require.NoError(t, verify(t, req, body, time.Now()))
}

func TestAKSKClockOffset(t *testing.T) {
	clock := newFakeClock()
	c, err := NewAKSK(testAK, testSK, WithClock(clock.Now))
	require.NoError(t, err)
	c.SetClockOffset(-2 * time.Hour)
	assert.Equal(t, -2*time.Hour, c.ClockOffset())
	req, body := newTestRequest(t, "")
	require.NoError(t, c.Apply(context.Background(), req, body))
	assert.Equal(t, "20300101T010405Z", req.Header.Get("X-Sdk-Date"))

	var _ ClockAdjuster = c
}

func TestAKSKConcurrentApply(t *testing.T) {
	c, err := NewAKSK(testAK, testSK, WithDomainID(testDomainID))
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i%2 == 0 {
				c.SetClockOffset(time.Duration(i) * time.Millisecond)
			}
			req, body := newTestRequest(t, `{"n":1}`)
			assert.NoError(t, c.Apply(context.Background(), req, body))
		}(i)
	}
	wg.Wait()
}

func TestNewAKSKErrors(t *testing.T) {
	cases := map[string]struct {
		ak, sk string
		opts   []AKSKOption
	}{
		"empty ak":           {"", testSK, nil},
		"empty sk":           {testAK, "", nil},
		"ak with space":      {"AK X", testSK, nil},
		"ak with comma":      {"AK,X", testSK, nil},
		"empty token":        {testAK, testSK, []AKSKOption{WithSecurityToken("")}},
		"token with newline": {testAK, testSK, []AKSKOption{WithSecurityToken(testSecToken + "\n")}},
		"empty domain":       {testAK, testSK, []AKSKOption{WithDomainID("")}},
		"nil clock":          {testAK, testSK, []AKSKOption{WithClock(nil)}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, err := NewAKSK(tc.ak, tc.sk, tc.opts...)
			require.Error(t, err)
			assert.Nil(t, c)
			for _, s := range allSecrets {
				assert.NotContains(t, err.Error(), s)
			}
		})
	}
}

func TestAKSKNilAndBadInput(t *testing.T) {
	var c *AKSK
	req, body := newTestRequest(t, "")
	assert.ErrorIs(t, c.Apply(context.Background(), req, body), ErrNilCredentials)
	assert.Equal(t, "", c.AK())
	assert.Equal(t, "AKSK(nil)", c.String())
	c.SetClockOffset(time.Second) // no panic

	ok, err := NewAKSK(testAK, testSK)
	require.NoError(t, err)
	assert.Error(t, ok.Apply(context.Background(), nil, nil))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.True(t, errors.Is(ok.Apply(ctx, req, body), context.Canceled))

	// A request without a header map gets one.
	req2, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/x", nil)
	req2.Header = nil
	require.NoError(t, ok.Apply(context.Background(), req2, nil))
	assert.NotEmpty(t, req2.Header.Get("Authorization"))
	assert.Equal(t, testAK, ok.AK())
}
