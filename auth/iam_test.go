package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func passwordRequest() *KeystoneCreateUserTokenByPasswordRequest {
	return &KeystoneCreateUserTokenByPasswordRequest{
		Nocatalog: "true",
		Auth: &PwdAuth{
			Identity: &PwdIdentity{
				Methods: []string{MethodPassword},
				Password: &PwdPassword{User: &PwdPasswordUser{
					Domain:   &PwdPasswordUserDomain{Name: testAccount},
					Name:     testUser,
					Password: testPassword,
				}},
			},
			Scope: &AuthScope{Domain: &AuthScopeDomain{Name: testAccount}},
		},
	}
}

func agencyRequest() *KeystoneCreateAgencyTokenRequest {
	return &KeystoneCreateAgencyTokenRequest{
		Auth: &AgencyTokenAuth{
			Identity: &AgencyTokenIdentity{
				Methods:    []string{MethodAssumeRole},
				AssumeRole: &AgencyTokenAssumerole{DomainName: "customer-account", AgencyName: testAgencyName},
			},
			Scope: &AgencyTokenScope{Project: &AgencyTokenScopeProject{Name: "cn-north-4"}},
		},
	}
}

func TestKeystoneCreateUserTokenByPassword(t *testing.T) {
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		return tokenResponse(testToken, fixture(t, "KeystoneCreateUserTokenByPassword_success.json")), nil
	})
	iam := stub.iam(t)
	resp, err := iam.KeystoneCreateUserTokenByPassword(context.Background(), passwordRequest())
	require.NoError(t, err)

	reqs := stub.requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, http.MethodPost, r.req.Method)
	assert.Equal(t, "/v3/auth/tokens", r.req.URL.Path)
	assert.Equal(t, "nocatalog=true", r.req.URL.RawQuery)
	assert.Equal(t, "application/json;charset=utf8", r.req.Header.Get("Content-Type"))
	assert.Equal(t, DefaultUserAgent, r.req.Header.Get("User-Agent"))
	assert.Empty(t, r.req.Header.Get(HeaderAuthToken))
	assert.Empty(t, r.req.Header.Get("Authorization"))
	assert.JSONEq(t, `{"auth":{
		"identity":{"methods":["password"],
			"password":{"user":{"domain":{"name":"partner-account"},"name":"api-user","password":"pw-Hunter2-SuperSecret!"}}},
		"scope":{"domain":{"name":"partner-account"}}}}`, string(r.body))

	assert.Equal(t, testToken, resp.XSubjectToken.Reveal())
	assert.Equal(t, http.StatusCreated, resp.HTTPStatusCode)
	assert.Equal(t, "req-0001", resp.RequestID)
	require.NotNil(t, resp.Token)
	assert.Equal(t, "api-user", resp.Token.User.Name)
	assert.Equal(t, "d0000000000000000000000000000001", resp.Token.Domain.ID)
	assert.Equal(t, []string{"password"}, resp.Token.Methods)
	exp, err := resp.Token.ExpiresAtTime()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2030, 1, 2, 3, 4, 5, 678000000, time.UTC), exp)
	iss, err := resp.Token.IssuedAtTime()
	require.NoError(t, err)
	assert.Equal(t, 24*time.Hour, exp.Sub(iss))
}

func TestKeystoneCreateUserTokenByPasswordNoQuery(t *testing.T) {
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		return tokenResponse(testToken, "{}"), nil
	})
	req := passwordRequest()
	req.Nocatalog = ""
	_, err := stub.iam(t).KeystoneCreateUserTokenByPassword(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, "", stub.requests()[0].req.URL.RawQuery)
}

func TestKeystoneCreateAgencyTokenWithAKSK(t *testing.T) {
	clock := newFakeClock()
	base, err := NewAKSK(testAK, testSK, WithDomainID(testDomainID), WithClock(clock.Now))
	require.NoError(t, err)
	var verifyErr error
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		verifyErr = verify(t, req, body, clock.Now())
		return tokenResponse(testAgencyTok, fixture(t, "KeystoneCreateAgencyToken_success.json")), nil
	})
	iam := stub.iam(t, WithCredentials(base))
	resp, err := iam.KeystoneCreateAgencyToken(context.Background(), agencyRequest())
	require.NoError(t, err)
	require.NoError(t, verifyErr, "the agency request must carry a valid AK/SK signature")

	r := stub.requests()[0]
	assert.Equal(t, "", r.req.URL.RawQuery)
	assert.Equal(t, "application/json;charset=utf8", r.req.Header.Get("Content-Type"))
	assert.Equal(t, testDomainID, r.req.Header.Get(HeaderDomainID))
	assert.Contains(t, signedHeaders(t, r.req.Header.Get("Authorization")), "x-domain-id")
	assert.JSONEq(t, `{"auth":{
		"identity":{"methods":["assume_role"],"assume_role":{"domain_name":"customer-account","agency_name":"partner_agency"}},
		"scope":{"project":{"name":"cn-north-4"}}}}`, string(r.body))

	assert.Equal(t, testAgencyTok, string(resp.XSubjectToken))
	require.NotNil(t, resp.Token)
	assert.Equal(t, "customer-account/partner_agency", resp.Token.User.Name)
	assert.Equal(t, "partner-account", resp.Token.AssumedBy.User.Domain.Name)
	assert.Equal(t, "c0000000000000000000000000000002", resp.Token.Domain.ID)
	exp, err := resp.Token.ExpiresAtTime()
	require.NoError(t, err)
	assert.Equal(t, 2030, exp.Year())
}

func TestKeystoneCreateAgencyTokenNeedsCredentials(t *testing.T) {
	stub := newIAMStub(t, func(int, *http.Request, []byte) (*http.Response, error) {
		t.Fatal("must not send")
		return nil, nil
	})
	_, err := stub.iam(t).KeystoneCreateAgencyToken(context.Background(), agencyRequest())
	assert.ErrorIs(t, err, ErrNilCredentials)
	assert.Zero(t, stub.calls.Load())
}

func TestIAMValidation(t *testing.T) {
	stub := newIAMStub(t, func(int, *http.Request, []byte) (*http.Response, error) {
		t.Fatal("must not send")
		return nil, nil
	})
	base, err := NewAKSK(testAK, testSK)
	require.NoError(t, err)
	iam := stub.iam(t, WithCredentials(base))

	pw := passwordRequest()
	pw.Auth.Identity.Methods = []string{"token"}
	pw.Auth.Identity.Password.User.Name = ""
	pw.Auth.Identity.Password.User.Domain = nil
	pw.Auth.Scope = &AuthScope{Domain: &AuthScopeDomain{Name: "x"}, Project: &AuthScopeProject{ID: "p"}}
	_, err = iam.KeystoneCreateUserTokenByPassword(context.Background(), pw)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	fields := map[string]bool{}
	for _, v := range ve.Violations {
		fields[v.Field] = true
	}
	assert.Equal(t, map[string]bool{
		"auth.identity.methods[0]":           true,
		"auth.identity.password.user.name":   true,
		"auth.identity.password.user.domain": true,
		"auth.scope":                         true,
	}, fields)
	assert.NotContains(t, err.Error(), testPassword)

	pw = passwordRequest()
	pw.Auth.Identity.Password.User.Password = ""
	_, err = iam.KeystoneCreateUserTokenByPassword(context.Background(), pw)
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("auth.identity.password.user.password", "required"))

	_, err = iam.KeystoneCreateUserTokenByPassword(context.Background(), nil)
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("auth", "required"))

	ag := agencyRequest()
	ag.Auth.Identity.AssumeRole = &AgencyTokenAssumerole{}
	ag.Auth.Identity.Methods = nil
	ag.Auth.Scope = nil
	_, err = iam.KeystoneCreateAgencyToken(context.Background(), ag)
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("auth.identity.assume_role.agency_name", "required"))
	assert.True(t, ve.Has("auth.identity.assume_role.domain_id|domain_name", "required"))
	assert.True(t, ve.Has("auth.identity.methods", "required"))
	assert.True(t, ve.Has("auth.scope", "required"))

	ag = agencyRequest()
	ag.Auth.Scope = &AgencyTokenScope{Domain: &AgencyTokenScopeDomain{}}
	_, err = iam.KeystoneCreateAgencyToken(context.Background(), ag)
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("auth.scope.domain.id|name", "required"))
	assert.Zero(t, stub.calls.Load())
}

func TestIAMErrorKeystoneShape(t *testing.T) {
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		r := httpmock.NewStringResponse(http.StatusUnauthorized, fixture(t, "KeystoneCreateUserTokenByPassword_unauthorized.json"))
		r.Header.Set(HeaderRequestID, "rid-401")
		return r, nil
	})
	_, err := stub.iam(t).KeystoneCreateUserTokenByPassword(context.Background(), passwordRequest())
	var ie *IAMError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, &IAMError{
		Operation:  "KeystoneCreateUserTokenByPassword",
		StatusCode: 401,
		Code:       "401",
		Title:      "Unauthorized",
		Message:    "The username or password is wrong.",
		RequestID:  "rid-401",
	}, ie)
	assert.True(t, ie.Unauthorized())
	assert.Equal(t, "auth: KeystoneCreateUserTokenByPassword: IAM returned HTTP 401, code 401 (Unauthorized): The username or password is wrong. [request id rid-401]", err.Error())
}

func TestIAMErrorAPIGWShape(t *testing.T) {
	base, err := NewAKSK(testAK, testSK)
	require.NoError(t, err)
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		return httpmock.NewStringResponse(http.StatusUnauthorized, fixture(t, "KeystoneCreateAgencyToken_apigw_error.json")), nil
	})
	_, err = stub.iam(t, WithCredentials(base)).KeystoneCreateAgencyToken(context.Background(), agencyRequest())
	var ie *IAMError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 401, ie.StatusCode)
	assert.Equal(t, "APIGW.0301", ie.Code)
	assert.Contains(t, ie.Message, "verify aksk signature fail")
}

func TestIAMErrorOtherBodies(t *testing.T) {
	cases := []struct {
		status int
		body   string
		want   IAMError
	}{
		{500, "<html>oops</html>", IAMError{StatusCode: 500, Title: "Internal Server Error"}},
		{403, `{"error":"forbidden by policy"}`, IAMError{StatusCode: 403, Message: "forbidden by policy"}},
		{400, `{"error":{"code":"1100","message":"bad"}}`, IAMError{StatusCode: 400, Code: "1100", Message: "bad"}},
		{429, ``, IAMError{StatusCode: 429, Title: "Too Many Requests"}},
	}
	for _, tc := range cases {
		stub := newIAMStub(t, func(int, *http.Request, []byte) (*http.Response, error) {
			return httpmock.NewStringResponse(tc.status, tc.body), nil
		})
		_, err := stub.iam(t).KeystoneCreateUserTokenByPassword(context.Background(), passwordRequest())
		var ie *IAMError
		require.ErrorAs(t, err, &ie)
		tc.want.Operation = opPasswordToken
		assert.Equal(t, &tc.want, ie)
	}
}

func TestIAMErrorScrubsEchoedSecrets(t *testing.T) {
	base, err := NewAKSK(testAK, testSK, WithSecurityToken(testSecToken))
	require.NoError(t, err)
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		// A misbehaving server echoes what it received.
		msg := "bad request: " + req.Header.Get(HeaderSecurityToken) + " " + req.Header.Get("Authorization") + " " + string(body)
		r, _ := httpmock.NewJsonResponse(400, map[string]any{"error_code": "X.1", "error_msg": msg})
		return r, nil
	})
	iam := stub.iam(t, WithCredentials(base))
	_, err = iam.KeystoneCreateAgencyToken(context.Background(), agencyRequest())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testSecToken)
	assert.NotContains(t, err.Error(), "Signature=")
	assert.Contains(t, err.Error(), "[REDACTED]")

	stub.handler = func(n int, req *http.Request, body []byte) (*http.Response, error) {
		r, _ := httpmock.NewJsonResponse(400, map[string]any{"error": map[string]any{"code": 400, "message": "echo " + string(body)}})
		return r, nil
	}
	_, err = iam.KeystoneCreateUserTokenByPassword(context.Background(), passwordRequest())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testPassword)
}

func TestIAMResponseTooLarge(t *testing.T) {
	stub := newIAMStub(t, func(int, *http.Request, []byte) (*http.Response, error) {
		return tokenResponse(testToken, `{"token":{"catalog":"`+strings.Repeat("x", maxResponseBytes)+`"}}`), nil
	})
	_, err := stub.iam(t).KeystoneCreateUserTokenByPassword(context.Background(), passwordRequest())
	assert.ErrorIs(t, err, ErrResponseTooLarge)
}

func TestIAMTransportError(t *testing.T) {
	stub := newIAMStub(t, func(int, *http.Request, []byte) (*http.Response, error) {
		return nil, errors.New("connection reset")
	})
	_, err := stub.iam(t).KeystoneCreateUserTokenByPassword(context.Background(), passwordRequest())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "connection reset")
	assert.NotContains(t, err.Error(), testPassword)
}

func TestIAMEndpointOptions(t *testing.T) {
	c, err := NewIAM()
	require.NoError(t, err)
	assert.Equal(t, DefaultIAMEndpoint, c.Endpoint())
	tr, ok := c.client.Transport.(*http.Transport)
	require.True(t, ok)
	assert.NotNil(t, tr.Proxy)
	assert.True(t, tr.TLSClientConfig == nil || !tr.TLSClientConfig.InsecureSkipVerify)
	assert.Zero(t, c.client.Timeout)

	c, err = NewIAM(WithEndpoint("https://iam.cn-north-4.myhuaweicloud.com/"))
	require.NoError(t, err)
	assert.Equal(t, "https://iam.cn-north-4.myhuaweicloud.com", c.Endpoint())

	for _, bad := range []string{"", "iam.myhuaweicloud.com", "ftp://iam.example", "https://", "https://user:" + testPassword + "@iam.example", "https://iam.example?x=1", "https://iam.example#f", "://"} {
		_, err := NewIAM(WithEndpoint(bad))
		require.Error(t, err, bad)
		assert.NotContains(t, err.Error(), testPassword)
	}
	_, err = NewIAM(WithHTTPClient(nil))
	assert.Error(t, err)
	_, err = NewIAM(WithCredentials(nil))
	assert.ErrorIs(t, err, ErrNilCredentials)
	_, err = NewIAM(WithUserAgent("bad\nua"))
	assert.Error(t, err)

	var nilIAM *IAM
	_, err = nilIAM.KeystoneCreateUserTokenByPassword(context.Background(), passwordRequest())
	assert.Error(t, err)
	_, err = nilIAM.KeystoneCreateAgencyToken(context.Background(), agencyRequest())
	assert.Error(t, err)
}

func TestIAMEndpointPathPrefix(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, "https://gw.example.test/iam/v3/auth/tokens", httpmock.ResponderFromResponse(tokenResponse(testToken, "{}")))
	c, err := NewIAM(WithEndpoint("https://gw.example.test/iam/"), WithHTTPClient(&http.Client{Transport: mt}), WithUserAgent("my-app/1.0"))
	require.NoError(t, err)
	_, err = c.KeystoneCreateUserTokenByPassword(context.Background(), passwordRequest())
	require.NoError(t, err)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestParseIAMTime(t *testing.T) {
	tm, err := ParseIAMTime("2024-05-01T08:00:00.123000Z")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 5, 1, 8, 0, 0, 123000000, time.UTC), tm)
	tm, err = ParseIAMTime("2024-05-01T08:00:00Z")
	require.NoError(t, err)
	assert.Equal(t, 8, tm.Hour())
	_, err = ParseIAMTime("")
	assert.Error(t, err)
	_, err = ParseIAMTime("yesterday")
	assert.Error(t, err)
	var tr *TokenResult
	_, err = tr.ExpiresAtTime()
	assert.Error(t, err)
}

func TestIsSensitiveHeader(t *testing.T) {
	for _, h := range []string{"authorization", "X-Auth-Token", "x-security-token", "X-Subject-Token"} {
		assert.True(t, IsSensitiveHeader(h), h)
	}
	for _, h := range []string{"X-Sdk-Date", "X-Domain-Id", "Content-Type", "X-Request-Id"} {
		assert.False(t, IsSensitiveHeader(h), h)
	}
}
