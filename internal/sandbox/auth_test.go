package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/signer"
)

type rawAnswer struct {
	status    int
	code, msg string
	requestID string
	header    http.Header
	body      []byte
}

// send posts ListSubCustomers' path with body, after prepare has set the
// authentication.
func (e *env) send(method, path string, body []byte, prepare func(*http.Request)) rawAnswer {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if prepare != nil {
		prepare(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var v struct {
		Code string `json:"error_code"`
		Msg  string `json:"error_msg"`
	}
	_ = json.Unmarshal(b, &v)
	return rawAnswer{status: resp.StatusCode, code: v.Code, msg: v.Msg, requestID: resp.Header.Get("X-Request-Id"), header: resp.Header, body: b}
}

func TestSignatureFailures(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	info := e.s.Info()
	const path = "/v2/partners/sub-customers/query"
	body := []byte(`{"limit":1}` + "\n")
	sign := func(ak, sk string, at time.Time, signed []byte) func(*http.Request) {
		return func(r *http.Request) {
			r.Header.Set("X-Domain-Id", info.DomainID)
			if err := signer.New(ak, sk).Sign(r, signed, at); err != nil {
				t.Fatal(err)
			}
		}
	}
	now := e.clk.Now()
	ok := e.send("POST", path, body, sign(info.AK, info.SK, now, body))
	if ok.status != 200 || ok.requestID == "" {
		t.Fatalf("a correctly signed request: HTTP %d %s", ok.status, ok.body)
	}
	cases := []struct {
		name    string
		prepare func(*http.Request)
		code    string
		msg     string
	}{
		{"missing Authorization", func(r *http.Request) { r.Header.Set("X-Sdk-Date", now.Format("20060102T150405Z")) }, "APIGW.0301", "Authorization"},
		{"malformed Authorization", func(r *http.Request) {
			r.Header.Set("X-Sdk-Date", now.Format("20060102T150405Z"))
			r.Header.Set("Authorization", "SDK-HMAC-SHA256 nonsense")
		}, "APIGW.0301", "malformed"},
		{"other algorithm", func(r *http.Request) {
			sign(info.AK, info.SK, now, body)(r)
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "SDK-HMAC-SHA256", "AWS4-HMAC-SHA256", 1))
		}, "APIGW.0301", "algorithm"},
		{"unknown key", sign("HCPUNKNOWNAK00000001", info.SK, now, body), "APIGW.0301", "access key"},
		{"wrong secret", sign(info.AK, "not-the-secret-key-0123456789", now, body), "APIGW.0301", "signature"},
		{"body changed after signing", sign(info.AK, info.SK, now, []byte(`{"limit":2}`+"\n")), "APIGW.0301", "signature"},
		{"header changed after signing", func(r *http.Request) {
			sign(info.AK, info.SK, now, body)(r)
			r.Header.Set("X-Domain-Id", "0123456789abcdef0123456789abcdef")
		}, "APIGW.0301", "signature"},
		{"missing X-Sdk-Date", func(r *http.Request) {
			sign(info.AK, info.SK, now, body)(r)
			r.Header.Del("X-Sdk-Date")
		}, "APIGW.0301", "X-Sdk-Date"},
		{"stale X-Sdk-Date", sign(info.AK, info.SK, now.Add(-16*time.Minute), body), "APIGW.0301", "signature expired"},
		{"future X-Sdk-Date", sign(info.AK, info.SK, now.Add(16*time.Minute), body), "APIGW.0301", "signature expired"},
		{"unknown token", func(r *http.Request) { r.Header.Set("X-Auth-Token", "MIIforged") }, "APIGW.0301", "token"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := e.send("POST", path, body, tc.prepare)
			if a.status != 401 || a.code != tc.code || !strings.Contains(a.msg, tc.msg) || a.requestID == "" {
				t.Fatalf("want 401 %s (%q), got HTTP %d %s", tc.code, tc.msg, a.status, a.body)
			}
		})
	}
	// The Date header is the sandbox's clock.
	if d, err := http.ParseTime(ok.header.Get("Date")); err != nil || !d.Equal(now.Truncate(time.Second)) {
		t.Fatalf("Date %q, want %s", ok.header.Get("Date"), now)
	}
	// Within the allowed skew is fine.
	if a := e.send("POST", path, body, sign(info.AK, info.SK, now.Add(-14*time.Minute), body)); a.status != 200 {
		t.Fatalf("14 minutes old: HTTP %d %s", a.status, a.body)
	}

	// Through the SDK: a client whose clock is 20 minutes slow.
	slow, _ := e.s.Credentials(auth.WithClock(func() time.Time { return e.clk.Now().Add(-20 * time.Minute) }))
	c, _ := partnersdk.New(slow, partnersdk.WithEndpoint(e.url), partnersdk.WithoutRetries())
	_, err := c.Customer.ListSubCustomers(e.ctx, &customer.ListSubCustomersRequest{})
	if ae := requireCode(t, err, 401, "APIGW.0301"); !ae.ClockSkew() {
		t.Fatalf("the SDK does not see clock skew in %v", err)
	}
	wrong, _ := auth.NewAKSK(info.AK, "wrong-secret-key-0123456789", auth.WithClock(e.clk.Now))
	c, _ = partnersdk.New(wrong, partnersdk.WithEndpoint(e.url), partnersdk.WithoutRetries())
	_, err = c.Customer.ListSubCustomers(e.ctx, &customer.ListSubCustomersRequest{})
	ae := requireCode(t, err, 401, "APIGW.0301")
	if !errors.Is(err, partnersdk.CodeGatewayAuth) || ae.ClockSkew() {
		t.Fatalf("a wrong secret: errors.Is(CodeGatewayAuth) %v, ClockSkew %v", errors.Is(err, partnersdk.CodeGatewayAuth), ae.ClockSkew())
	}
	// The canonical request the sandbox computed comes back for debugging.
	mismatch := e.send("POST", path, body, sign(info.AK, "not-the-secret-key-0123456789", now, body))
	if got := mismatch.header.Get("X-Sandbox-Canonical-Request"); !strings.HasPrefix(got, `POST\n/v2/partners/sub-customers/query/\n`) {
		t.Fatalf("canonical request header: %q", got)
	}
}

func TestUnknownRoute(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	a := e.send("GET", "/v2/no/such/api", nil, nil)
	if a.status != 404 || a.code != "APIGW.0101" || a.requestID == "" {
		t.Fatalf("HTTP %d %s", a.status, a.body)
	}
	a = e.send("DELETE", "/v2/partners/sub-customers/query", nil, nil)
	if a.status != 404 || a.code != "APIGW.0101" {
		t.Fatalf("HTTP %d %s", a.status, a.body)
	}
}

func TestPasswordToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	info := e.s.Info()
	iam, err := auth.NewIAM(auth.WithEndpoint(e.url))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := auth.NewPasswordToken(info.UserName, info.Password, info.DomainName, auth.WithIAMClient(iam), auth.WithClock(e.clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := partnersdk.New(tok, partnersdk.WithEndpoint(e.url), partnersdk.WithoutRetries())
	if _, err := c.Partner.ListPartnerBalances(e.ctx, &partner.ListPartnerBalancesRequest{}); err != nil {
		t.Fatal(err)
	}

	bad, _ := auth.NewPasswordToken(info.UserName, "wrong-password", info.DomainName, auth.WithIAMClient(iam), auth.WithClock(e.clk.Now))
	c, _ = partnersdk.New(bad, partnersdk.WithEndpoint(e.url), partnersdk.WithoutRetries())
	_, err = c.Partner.ListPartnerBalances(e.ctx, &partner.ListPartnerBalancesRequest{})
	var ie *auth.IAMError
	if !errors.As(err, &ie) || ie.StatusCode != 401 {
		t.Fatalf("want IAM 401, got %v", err)
	}

	// Tokens expire after the configured lifetime.
	raw, err := iam.KeystoneCreateUserTokenByPassword(context.Background(), &auth.KeystoneCreateUserTokenByPasswordRequest{
		Auth: &auth.PwdAuth{
			Identity: &auth.PwdIdentity{Methods: []string{auth.MethodPassword}, Password: &auth.PwdPassword{User: &auth.PwdPasswordUser{
				Domain: &auth.PwdPasswordUserDomain{Name: info.DomainName}, Name: info.UserName, Password: auth.Secret(info.Password)}}},
			Scope: &auth.AuthScope{Domain: &auth.AuthScopeDomain{Name: info.DomainName}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if raw.HTTPStatusCode != 201 || raw.Token == nil {
		t.Fatalf("token response: %+v", raw)
	}
	exp, err := raw.Token.ExpiresAtTime()
	if err != nil || !exp.Equal(e.clk.Now().Add(24*time.Hour)) {
		t.Fatalf("expires_at %v %v", exp, err)
	}
	value := string(raw.XSubjectToken)
	withToken := func(r *http.Request) { r.Header.Set("X-Auth-Token", value) }
	if a := e.send("GET", "/v2/accounts/partner-accounts/balances", nil, withToken); a.status != 200 {
		t.Fatalf("HTTP %d %s", a.status, a.body)
	}
	e.clk.Advance(24*time.Hour + time.Second)
	if a := e.send("GET", "/v2/accounts/partner-accounts/balances", nil, withToken); a.status != 401 || a.code != "APIGW.0301" {
		t.Fatalf("expired token: HTTP %d %s", a.status, a.body)
	}
}

func TestAgencyToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})
	cust := e.resaleCustomer(0)
	cc := e.customerClient(cust.CustomerID)
	res, err := cc.Partner.ShowCustomerAccountBalances(e.ctx, &partner.ShowCustomerAccountBalancesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.AccountBalances) != 1 {
		t.Fatalf("balances: %+v", res.AccountBalances)
	}
	requireEqualMoney(t, "customer's own balance", e.customerCash(cust.CustomerID), res.AccountBalances[0].Amount)

	// A customer token cannot call partner-only operations.
	_, err = cc.Customer.ListSubCustomers(e.ctx, &customer.ListSubCustomersRequest{})
	requireCode(t, err, 403, "CBC.0150")

	// Unknown agency or account.
	creds, _ := e.s.Credentials(auth.WithClock(e.clk.Now))
	iam, _ := auth.NewIAM(auth.WithEndpoint(e.url))
	for _, tc := range []struct {
		domain, agency string
		status         int
	}{
		{cust.CustomerID, "no_such_agency", 403},
		{"0123456789abcdef0123456789abcdef", e.s.Info().AgencyName, 404},
	} {
		tok, _ := auth.NewAgencyToken(creds, auth.Domain{ID: tc.domain}, tc.agency, auth.WithIAMClient(iam), auth.WithClock(e.clk.Now))
		c, _ := partnersdk.New(tok, partnersdk.WithEndpoint(e.url), partnersdk.WithoutRetries())
		_, err := c.Partner.ShowCustomerAccountBalances(e.ctx, &partner.ShowCustomerAccountBalancesRequest{})
		var ie *auth.IAMError
		if !errors.As(err, &ie) || ie.StatusCode != tc.status {
			t.Fatalf("%s/%s: want IAM %d, got %v", tc.domain, tc.agency, tc.status, err)
		}
	}
	// assume_role needs an authenticated caller.
	a := e.send("POST", "/v3/auth/tokens", []byte(`{"auth":{"identity":{"methods":["assume_role"],"assume_role":{"domain_id":"`+cust.CustomerID+`","agency_name":"`+e.s.Info().AgencyName+`"}},"scope":{"domain":{"id":"`+cust.CustomerID+`"}}}}`), nil)
	if a.status != 401 || a.code != "APIGW.0301" {
		t.Fatalf("unsigned assume_role: HTTP %d %s", a.status, a.body)
	}
}
