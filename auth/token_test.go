package auth

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waitersOf reports how many callers wait for the refresh in progress.
func waitersOf(c *tokenCache) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inflight == nil {
		return 0
	}
	return c.inflight.waiters
}

func eventually(t *testing.T, cond func() bool) {
	t.Helper()
	require.Eventually(t, cond, 5*time.Second, time.Millisecond)
}

func applyOnce(t *testing.T, c Credentials) (string, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/x", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "stale")
	req.Header.Set("X-Sdk-Date", "stale")
	if err := c.Apply(context.Background(), req, nil); err != nil {
		return "", err
	}
	assert.Empty(t, req.Header.Values("Authorization"))
	assert.Empty(t, req.Header.Values("X-Sdk-Date"))
	assert.Len(t, req.Header.Values(HeaderAuthToken), 1)
	return req.Header.Get(HeaderAuthToken), nil
}

func TestPasswordTokenCachesAndRefreshes(t *testing.T) {
	clock := newFakeClock()
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		// The server clock runs two hours ahead of ours: the cache must rely
		// on the token's lifetime, not on comparing expires_at with our clock.
		return tokenResponse(testToken+string(rune('0'+n)), tokenBody("password", clock.Now().Add(2*time.Hour), 24*time.Hour)), nil
	})
	c, err := NewPasswordToken(testUser, testPassword, testAccount, WithIAMClient(stub.iam(t)), WithClock(clock.Now))
	require.NoError(t, err)

	tok, err := applyOnce(t, c)
	require.NoError(t, err)
	assert.Equal(t, testToken+"1", tok)
	r := stub.requests()[0]
	assert.Equal(t, "nocatalog=true", r.req.URL.RawQuery)
	assert.JSONEq(t, `{"auth":{
		"identity":{"methods":["password"],
			"password":{"user":{"domain":{"name":"partner-account"},"name":"api-user","password":"pw-Hunter2-SuperSecret!"}}},
		"scope":{"domain":{"name":"partner-account"}}}}`, string(r.body))

	tok, err = applyOnce(t, c)
	require.NoError(t, err)
	assert.Equal(t, testToken+"1", tok, "second call reuses the token")
	assert.EqualValues(t, 1, stub.calls.Load())

	// Valid for 24h, capped at 23h, refreshed 5 minutes before that.
	clock.Advance(23*time.Hour - 5*time.Minute - time.Second)
	tok, _ = applyOnce(t, c)
	assert.Equal(t, testToken+"1", tok)
	assert.EqualValues(t, 1, stub.calls.Load())

	clock.Advance(time.Second)
	tok, err = applyOnce(t, c)
	require.NoError(t, err)
	assert.Equal(t, testToken+"2", tok, "refreshed before expiry")
	assert.EqualValues(t, 2, stub.calls.Load())
}

func TestTokenShortLifetimeAndMargin(t *testing.T) {
	clock := newFakeClock()
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		return tokenResponse(testToken, tokenBody("password", clock.Now(), time.Hour)), nil
	})
	c, err := NewPasswordToken(testUser, testPassword, testAccount,
		WithIAMClient(stub.iam(t)), WithClock(clock.Now), WithRefreshMargin(10*time.Minute))
	require.NoError(t, err)
	_, err = applyOnce(t, c)
	require.NoError(t, err)
	clock.Advance(49 * time.Minute)
	_, _ = applyOnce(t, c)
	assert.EqualValues(t, 1, stub.calls.Load())
	clock.Advance(time.Minute)
	_, _ = applyOnce(t, c)
	assert.EqualValues(t, 2, stub.calls.Load())
}

func TestTokenMaxLifetime(t *testing.T) {
	clock := newFakeClock()
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		// No expiry information at all: the maximum lifetime applies.
		return tokenResponse(testToken, `{"token":{"methods":["password"]}}`), nil
	})
	c, err := NewPasswordToken(testUser, testPassword, testAccount,
		WithIAMClient(stub.iam(t)), WithClock(clock.Now), WithMaxLifetime(time.Hour), WithRefreshMargin(0))
	require.NoError(t, err)
	_, _ = applyOnce(t, c)
	clock.Advance(59 * time.Minute)
	_, _ = applyOnce(t, c)
	assert.EqualValues(t, 1, stub.calls.Load())
	clock.Advance(time.Minute)
	_, _ = applyOnce(t, c)
	assert.EqualValues(t, 2, stub.calls.Load())
}

func TestTokenInvalidate(t *testing.T) {
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		return tokenResponse(testToken+string(rune('0'+n)), tokenBody("password", time.Now(), 24*time.Hour)), nil
	})
	c, err := NewPasswordToken(testUser, testPassword, testAccount, WithIAMClient(stub.iam(t)))
	require.NoError(t, err)
	tok, _ := applyOnce(t, c)
	assert.Equal(t, testToken+"1", tok)
	var inv Invalidator = c
	inv.Invalidate()
	tok, _ = applyOnce(t, c)
	assert.Equal(t, testToken+"2", tok)
	assert.EqualValues(t, 2, stub.calls.Load())
}

func TestTokenConcurrentCallersShareOneRefresh(t *testing.T) {
	release := make(chan struct{})
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		select {
		case <-release:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
		return tokenResponse(testToken, tokenBody("password", time.Now(), 24*time.Hour)), nil
	})
	c, err := NewPasswordToken(testUser, testPassword, testAccount, WithIAMClient(stub.iam(t)))
	require.NoError(t, err)

	const n = 100
	tokens := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/x", nil)
			errs[i] = c.Apply(context.Background(), req, nil)
			tokens[i] = req.Header.Get(HeaderAuthToken)
		}(i)
	}
	// Hold the IAM answer until every goroutine waits for the same refresh.
	eventually(t, func() bool { return waitersOf(c.s.cache) == n })
	close(release)
	wg.Wait()
	for i := 0; i < n; i++ {
		require.NoError(t, errs[i])
		assert.Equal(t, testToken, tokens[i])
	}
	assert.EqualValues(t, 1, stub.calls.Load())
	assert.Equal(t, 1, stub.mt.GetTotalCallCount())
}

func TestTokenFailedRefreshReachesAllWaitersAndIsRetried(t *testing.T) {
	release := make(chan struct{})
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		if n == 1 {
			<-release
			return httpmock.NewStringResponse(http.StatusServiceUnavailable, `{"error_code":"IAM.0001","error_msg":"busy"}`), nil
		}
		return tokenResponse(testToken, tokenBody("password", time.Now(), 24*time.Hour)), nil
	})
	c, err := NewPasswordToken(testUser, testPassword, testAccount, WithIAMClient(stub.iam(t)))
	require.NoError(t, err)

	const n = 10
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = applyOnce(t, c)
		}(i)
	}
	eventually(t, func() bool { return waitersOf(c.s.cache) == n })
	close(release)
	wg.Wait()
	for _, err := range errs {
		var ie *IAMError
		require.ErrorAs(t, err, &ie)
		assert.Equal(t, http.StatusServiceUnavailable, ie.StatusCode)
		assert.Contains(t, err.Error(), testUser)
		assert.NotContains(t, err.Error(), testPassword)
	}
	assert.EqualValues(t, 1, stub.calls.Load())

	tok, err := applyOnce(t, c)
	require.NoError(t, err, "the next call retries")
	assert.Equal(t, testToken, tok)
	assert.EqualValues(t, 2, stub.calls.Load())
}

func TestTokenWaiterHonoursContext(t *testing.T) {
	release := make(chan struct{})
	iamCancelled := make(chan struct{}, 1)
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		if n == 1 {
			<-req.Context().Done() // never answers; sees the cancellation
			iamCancelled <- struct{}{}
			return nil, req.Context().Err()
		}
		<-release
		return tokenResponse(testToken, tokenBody("password", time.Now(), 24*time.Hour)), nil
	})
	c, err := NewPasswordToken(testUser, testPassword, testAccount, WithIAMClient(stub.iam(t)))
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/x", nil)
	start := time.Now()
	err = c.Apply(ctx, req, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second, "Apply must return when its context ends")
	assert.Empty(t, req.Header.Get(HeaderAuthToken))

	// With no one left waiting, the IAM call is cancelled.
	select {
	case <-iamCancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("abandoned refresh was not cancelled")
	}

	// One waiter leaving does not disturb another that keeps waiting.
	ctxA, cancelA := context.WithCancel(context.Background())
	doneA := make(chan error, 1)
	doneB := make(chan error, 1)
	go func() {
		r, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/x", nil)
		doneA <- c.Apply(ctxA, r, nil)
	}()
	go func() {
		r, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/x", nil)
		doneB <- c.Apply(context.Background(), r, nil)
	}()
	eventually(t, func() bool { return waitersOf(c.s.cache) == 2 })
	cancelA()
	assert.ErrorIs(t, <-doneA, context.Canceled)
	close(release)
	assert.NoError(t, <-doneB)
	assert.EqualValues(t, 2, stub.calls.Load())

	// A context that is already cancelled returns at once without a call.
	cctx, ccancel := context.WithCancel(context.Background())
	ccancel()
	c.Invalidate()
	assert.ErrorIs(t, c.Apply(cctx, req, nil), context.Canceled)
	assert.EqualValues(t, 2, stub.calls.Load())
}

func TestTokenRefreshTimeout(t *testing.T) {
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		<-req.Context().Done()
		return nil, req.Context().Err()
	})
	c, err := NewPasswordToken(testUser, testPassword, testAccount, WithIAMClient(stub.iam(t)), WithRefreshTimeout(30*time.Millisecond))
	require.NoError(t, err)
	_, err = applyOnce(t, c)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestTokenMissingSubjectToken(t *testing.T) {
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		return httpmock.NewStringResponse(http.StatusCreated, tokenBody("password", time.Now(), time.Hour)), nil
	})
	c, err := NewPasswordToken(testUser, testPassword, testAccount, WithIAMClient(stub.iam(t)))
	require.NoError(t, err)
	_, err = applyOnce(t, c)
	assert.ErrorContains(t, err, "X-Subject-Token")
}

func TestTokenExpiredOnArrival(t *testing.T) {
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		return tokenResponse(testToken, tokenBody("password", time.Now(), -time.Hour)), nil
	})
	c, err := NewPasswordToken(testUser, testPassword, testAccount, WithIAMClient(stub.iam(t)))
	require.NoError(t, err)
	_, err = applyOnce(t, c)
	assert.ErrorContains(t, err, "expired")
}

func TestAgencyTokenWithPasswordBase(t *testing.T) {
	clock := newFakeClock()
	agencyCalls := 0
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		switch bodyMethod(t, body) {
		case MethodPassword:
			return tokenResponse(testToken, tokenBody("password", clock.Now(), 24*time.Hour)), nil
		case MethodAssumeRole:
			agencyCalls++
			if req.Header.Get(HeaderAuthToken) != testToken {
				return httpmock.NewStringResponse(401, `{"error":{"code":401,"message":"bad token","title":"Unauthorized"}}`), nil
			}
			if agencyCalls == 1 {
				// The partner token was revoked: the base must be refreshed.
				return httpmock.NewStringResponse(401, `{"error":{"code":401,"message":"token revoked","title":"Unauthorized"}}`), nil
			}
			return tokenResponse(testAgencyTok, tokenBody("assume_role", clock.Now(), 24*time.Hour)), nil
		}
		t.Fatal("unexpected request")
		return nil, nil
	})
	iam := stub.iam(t)
	base, err := NewPasswordToken(testUser, testPassword, testAccount, WithIAMClient(iam), WithClock(clock.Now))
	require.NoError(t, err)
	c, err := NewAgencyToken(base, Domain{ID: testCustomerID}, testAgencyName, WithIAMClient(iam), WithClock(clock.Now))
	require.NoError(t, err)

	tok, err := applyOnce(t, c)
	require.NoError(t, err)
	assert.Equal(t, testAgencyTok, tok)
	// password, assume_role (401), password again, assume_role (ok).
	assert.EqualValues(t, 4, stub.calls.Load())

	reqs := stub.requests()
	last := reqs[len(reqs)-1]
	assert.Equal(t, "nocatalog=true", last.req.URL.RawQuery)
	assert.Equal(t, testToken, last.req.Header.Get(HeaderAuthToken))
	assert.Equal(t, "application/json;charset=utf8", last.req.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"auth":{
		"identity":{"methods":["assume_role"],"assume_role":{"domain_id":"c0000000000000000000000000000002","agency_name":"partner_agency"}},
		"scope":{"domain":{"id":"c0000000000000000000000000000002"}}}}`, string(last.body))

	tok, _ = applyOnce(t, c)
	assert.Equal(t, testAgencyTok, tok)
	assert.EqualValues(t, 4, stub.calls.Load(), "agency token is cached")
}

func TestAgencyTokenWithAKSKBase(t *testing.T) {
	clock := newFakeClock()
	base, err := NewAKSK(testAK, testSK, WithDomainID(testDomainID), WithClock(clock.Now))
	require.NoError(t, err)
	var verifyErr error
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		verifyErr = verify(t, req, body, clock.Now())
		return tokenResponse(testAgencyTok, fixture(t, "KeystoneCreateAgencyToken_success.json")), nil
	})
	c, err := NewAgencyToken(base, Domain{Name: "customer-account"}, testAgencyName,
		WithIAMClient(stub.iam(t)), WithClock(clock.Now),
		WithScope(Scope{ProjectName: "cn-north-4"}), WithMaxLifetime(time.Hour))
	require.NoError(t, err)

	tok, err := applyOnce(t, c)
	require.NoError(t, err)
	require.NoError(t, verifyErr)
	assert.Equal(t, testAgencyTok, tok)
	r := stub.requests()[0]
	assert.Empty(t, r.req.Header.Get(HeaderAuthToken))
	assert.Equal(t, testDomainID, r.req.Header.Get(HeaderDomainID))
	assert.JSONEq(t, `{"auth":{
		"identity":{"methods":["assume_role"],"assume_role":{"domain_name":"customer-account","agency_name":"partner_agency"}},
		"scope":{"project":{"name":"cn-north-4"}}}}`, string(r.body))

	// WithMaxLifetime is the duration of the assumed role on our side.
	clock.Advance(time.Hour - DefaultRefreshMargin - time.Second)
	_, _ = applyOnce(t, c)
	assert.EqualValues(t, 1, stub.calls.Load())
	clock.Advance(time.Second)
	_, _ = applyOnce(t, c)
	assert.EqualValues(t, 2, stub.calls.Load())
	assert.Equal(t, testAgencyName, c.AgencyName())
	assert.Equal(t, Domain{Name: "customer-account"}, c.Customer())
}

func TestAgencyTokenAKSKUnauthorizedNotRetried(t *testing.T) {
	base, err := NewAKSK(testAK, testSK)
	require.NoError(t, err)
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		return httpmock.NewStringResponse(401, fixture(t, "KeystoneCreateAgencyToken_apigw_error.json")), nil
	})
	c, err := NewAgencyToken(base, Domain{ID: testCustomerID}, testAgencyName, WithIAMClient(stub.iam(t)))
	require.NoError(t, err)
	_, err = applyOnce(t, c)
	var ie *IAMError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "APIGW.0301", ie.Code)
	assert.Contains(t, err.Error(), testAgencyName)
	assert.EqualValues(t, 1, stub.calls.Load())
}

func TestTokenConstructorErrors(t *testing.T) {
	base, err := NewAKSK(testAK, testSK)
	require.NoError(t, err)
	iam, err := NewIAM()
	require.NoError(t, err)
	pwCases := map[string]func() error{
		"user":     func() error { _, err := NewPasswordToken("", testPassword, testAccount); return err },
		"password": func() error { _, err := NewPasswordToken(testUser, "", testAccount); return err },
		"domain":   func() error { _, err := NewPasswordToken(testUser, testPassword, ""); return err },
		"margin": func() error {
			_, err := NewPasswordToken(testUser, testPassword, testAccount, WithRefreshMargin(-1))
			return err
		},
		"lifetime": func() error {
			_, err := NewPasswordToken(testUser, testPassword, testAccount, WithMaxLifetime(0))
			return err
		},
		"margin>life": func() error {
			_, err := NewPasswordToken(testUser, testPassword, testAccount, WithMaxLifetime(time.Minute))
			return err
		},
		"timeout": func() error {
			_, err := NewPasswordToken(testUser, testPassword, testAccount, WithRefreshTimeout(0))
			return err
		},
		"scope both": func() error {
			_, err := NewPasswordToken(testUser, testPassword, testAccount, WithScope(Scope{DomainName: "a", ProjectID: "b"}))
			return err
		},
		"scope empty": func() error {
			_, err := NewPasswordToken(testUser, testPassword, testAccount, WithScope(Scope{}))
			return err
		},
		"nil iam": func() error {
			_, err := NewPasswordToken(testUser, testPassword, testAccount, WithIAMClient(nil))
			return err
		},
		"nil clock": func() error {
			_, err := NewPasswordToken(testUser, testPassword, testAccount, WithClock(nil))
			return err
		},
		"agency base": func() error { _, err := NewAgencyToken(nil, Domain{ID: "x"}, "a", WithIAMClient(iam)); return err },
		"agency customer": func() error {
			_, err := NewAgencyToken(base, Domain{}, "a", WithIAMClient(iam))
			return err
		},
		"agency name": func() error { _, err := NewAgencyToken(base, Domain{ID: "x"}, "", WithIAMClient(iam)); return err },
	}
	for name, f := range pwCases {
		err := f()
		require.Error(t, err, name)
		assert.NotContains(t, err.Error(), testPassword, name)
	}
	_, err = NewAgencyToken(nil, Domain{ID: "x"}, "a")
	assert.ErrorIs(t, err, ErrNilCredentials)
}

func TestTokenNilReceivers(t *testing.T) {
	var p *PasswordToken
	var a *AgencyToken
	req, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/x", nil)
	assert.ErrorIs(t, p.Apply(context.Background(), req, nil), ErrNilCredentials)
	assert.ErrorIs(t, a.Apply(context.Background(), req, nil), ErrNilCredentials)
	p.Invalidate()
	a.Invalidate()
	assert.Equal(t, "", p.UserName())
	assert.Equal(t, "", a.AgencyName())
	assert.Equal(t, "PasswordToken(nil)", p.String())
	assert.Equal(t, "AgencyToken(nil)", a.String())

	c, err := NewPasswordToken(testUser, testPassword, testAccount)
	require.NoError(t, err)
	assert.True(t, errors.Is(c.Apply(context.Background(), nil, nil), errNilRequest))
}

// panicky is a user-supplied Credentials that panics.
type panicky struct{}

func (panicky) Apply(context.Context, *http.Request, []byte) error { panic("boom") }

func TestAgencyTokenBasePanicBecomesError(t *testing.T) {
	stub := newIAMStub(t, func(int, *http.Request, []byte) (*http.Response, error) {
		t.Fatal("must not send")
		return nil, nil
	})
	c, err := NewAgencyToken(panicky{}, Domain{ID: testCustomerID}, testAgencyName, WithIAMClient(stub.iam(t)))
	require.NoError(t, err)
	_, err = applyOnce(t, c)
	assert.ErrorContains(t, err, "panic")
}
