package saml_test

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
	"github.com/hcpartner/partner-sdk-go/auth/saml/samltest"
)

// Every way a SAMLRequest can be refused, through the HTTP handler: the
// status, the error kind, and that the CustomerFunc never ran.
func TestSSORejects(t *testing.T) {
	ks := keys(t)
	e := newEnv(t, envOptions{})
	e.addCustomer("alice", alice)
	now := time.Now()

	mustReq := func(o samltest.RequestOptions) string {
		u, _, err := e.hw.NewAuthnRequest(xAccountType, o)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	setParam := func(u, key, val string) string {
		base, q, _ := strings.Cut(u, "?")
		var parts []string
		for _, p := range strings.Split(q, "&") {
			if strings.HasPrefix(p, key+"=") {
				if val == "\x00" {
					continue
				}
				p = key + "=" + val
			}
			parts = append(parts, p)
		}
		return base + "?" + strings.Join(parts, "&")
	}
	deflate := func(b []byte) []byte {
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, flate.BestCompression)
		_, _ = w.Write(b)
		_ = w.Close()
		return buf.Bytes()
	}
	good := mustReq(samltest.RequestOptions{})
	ssoURL := e.partner.URL + "/saml/login"

	cases := []struct {
		name   string
		url    string
		method string
		kind   error
		status int
	}{
		{"unsigned", mustReq(samltest.RequestOptions{Unsigned: true}), "", saml.ErrUnsigned, 403},
		{"signature removed", setParam(good, "Signature", "\x00"), "", saml.ErrUnsigned, 403},
		{"SigAlg removed", setParam(good, "SigAlg", "\x00"), "", saml.ErrUnsigned, 403},
		{"empty signature", setParam(good, "Signature", ""), "", saml.ErrUnsigned, 403},
		{"signed by another key", mustReq(samltest.RequestOptions{SignWith: ks.other}), "", saml.ErrBadSignature, 403},
		{"signature not base64", setParam(good, "Signature", "%%%%"), "", saml.ErrMalformed, 400},
		{"signature garbage", setParam(good, "Signature", url.QueryEscape(base64.StdEncoding.EncodeToString([]byte("not a signature")))), "", saml.ErrBadSignature, 403},
		{"RelayState changed", setParam(good, "RelayState", "evil"), "", saml.ErrBadSignature, 403},
		{"RelayState dropped", setParam(good, "RelayState", "\x00"), "", saml.ErrBadSignature, 403},
		{"SAMLRequest swapped", setParam(good, "SAMLRequest", strings.SplitN(strings.SplitN(mustReq(samltest.RequestOptions{}), "SAMLRequest=", 2)[1], "&", 2)[0]), "", saml.ErrBadSignature, 403},
		{"rsa-sha1", mustReq(samltest.RequestOptions{SigAlg: samltest.SigAlgRSASHA1}), "", saml.ErrUnsupportedAlgorithm, 400},
		{"unknown algorithm", setParam(good, "SigAlg", url.QueryEscape("http://www.w3.org/2001/04/xmldsig-more#rsa-md5")), "", saml.ErrUnsupportedAlgorithm, 400},
		{"stale", mustReq(samltest.RequestOptions{IssueInstant: now.Add(-6 * time.Minute)}), "", saml.ErrStale, 403},
		{"future", mustReq(samltest.RequestOptions{IssueInstant: now.Add(3 * time.Minute)}), "", saml.ErrStale, 403},
		{"wrong issuer", mustReq(samltest.RequestOptions{Issuer: "https://evil.example/"}), "", saml.ErrMismatch, 403},
		{"wrong destination", mustReq(samltest.RequestOptions{Destination: "https://other.example/saml/login"}), "", saml.ErrMismatch, 403},
		{"ACS not in metadata", mustReq(samltest.RequestOptions{ACSURL: "https://evil.example/acs"}), "", saml.ErrMismatch, 403},
		{"bad ID", mustReq(samltest.RequestOptions{ID: "1<bad>"}), "", saml.ErrMalformed, 400},
		{"not XML", mustReq(samltest.RequestOptions{XML: []byte("hello")}), "", saml.ErrMalformed, 400},
		{"not an AuthnRequest", mustReq(samltest.RequestOptions{XML: []byte(`<LogoutRequest xmlns="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a" Version="2.0"/>`)}), "", saml.ErrMalformed, 400},
		{"DOCTYPE entity", mustReq(samltest.RequestOptions{XML: []byte(`<!DOCTYPE x [<!ENTITY e "boom">]><AuthnRequest xmlns="urn:oasis:names:tc:SAML:2.0:protocol" ID="&e;"/>`)}), "", saml.ErrMalformed, 400},
		{"not deflate", mustReq(samltest.RequestOptions{Deflated: []byte("plain bytes, not deflate")}), "", saml.ErrMalformed, 400},
		{"deflate bomb", mustReq(samltest.RequestOptions{Deflated: deflate(bytes.Repeat([]byte("A"), saml.MaxInflatedRequestBytes+10))}), "", saml.ErrTooLarge, 413},
		{"query too long", good + "&pad=" + strings.Repeat("x", saml.MaxQueryBytes), "", saml.ErrTooLarge, 413},
		{"RelayState too long", mustReq(samltest.RequestOptions{RelayState: strings.Repeat("r", saml.MaxRelayStateBytes+1)}), "", saml.ErrTooLarge, 413},
		{"duplicate SAMLRequest", good + "&SAMLRequest=x", "", saml.ErrMalformed, 400},
		{"missing SAMLRequest", ssoURL + "?SigAlg=x", "", saml.ErrMalformed, 400},
		{"POST", good, http.MethodPost, saml.ErrMethod, 405},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := e.calls()
			u, err := url.Parse(c.url)
			if err != nil {
				t.Fatal(err)
			}
			method := c.method
			if method == "" {
				method = http.MethodGet
			}
			r := httptest.NewRequest(method, u.RequestURI(), nil)
			r.AddCookie(&http.Cookie{Name: "session", Value: "alice"})
			w := httptest.NewRecorder()
			e.idp.ServeHTTP(w, r)
			if w.Code != c.status {
				t.Errorf("status = %d (%q), want %d", w.Code, w.Body.String(), c.status)
			}
			if e.calls() != before {
				t.Error("the CustomerFunc ran for a rejected request")
			}
			_, err = e.idp.ParseRequest(r)
			if !errors.Is(err, c.kind) {
				t.Errorf("ParseRequest error = %v, want %v", err, c.kind)
			}
			var se *saml.Error
			if !errors.As(err, &se) || saml.HTTPStatus(err) != c.status {
				t.Errorf("error %T status %d", err, saml.HTTPStatus(err))
			}
		})
	}

	// The good request still works after all that (and only once).
	if w := e.sso(good, "alice"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "SAMLResponse") {
		t.Fatalf("good request: %d %q", w.Code, w.Body.String())
	}
}

func TestSSOReplay(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.addCustomer("alice", alice)
	u, id, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w := e.sso(u, "alice"); w.Code != http.StatusOK {
		t.Fatalf("first: %d %q", w.Code, w.Body.String())
	}
	w := e.sso(u, "alice")
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "already used") {
		t.Fatalf("replay: %d %q", w.Code, w.Body.String())
	}
	// The same ID in a freshly signed request is a replay too.
	u2, _, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{ID: id})
	if err != nil {
		t.Fatal(err)
	}
	if w := e.sso(u2, "alice"); w.Code != http.StatusForbidden {
		t.Fatalf("same ID: %d", w.Code)
	}
	if !strings.Contains(e.logs.String(), "request_id="+id) {
		t.Error("the rejection was not logged with the request ID")
	}
}

// The skew and age limits are configurable and enforced on both sides.
func TestSSOClockWindow(t *testing.T) {
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := base
	e := newEnv(t, envOptions{
		hw: samltest.Config{Now: func() time.Time { return clock }},
		idp: func(c *saml.IdPConfig) {
			c.Now = func() time.Time { return base }
			c.ClockSkew = 30 * time.Second
			c.MaxRequestAge = time.Minute
		},
	})
	e.addCustomer("alice", alice)
	for _, c := range []struct {
		offset time.Duration
		ok     bool
	}{
		{0, true},
		{29 * time.Second, true},
		{31 * time.Second, false},
		{-59 * time.Second, true},
		{-61 * time.Second, false},
	} {
		clock = base.Add(c.offset)
		u, _, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{})
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest(http.MethodGet, mustURI(t, u), nil)
		_, err = e.idp.ParseRequest(r)
		if c.ok != (err == nil) || (!c.ok && !errors.Is(err, saml.ErrStale)) {
			t.Errorf("offset %v: err = %v, want ok=%v", c.offset, err, c.ok)
		}
	}
}

func mustURI(t *testing.T, s string) string {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u.RequestURI()
}

// Respond refuses requests it did not verify, bad customers, and requests
// that went stale while the customer was logging in.
func TestRespondChecks(t *testing.T) {
	clock := time.Now()
	e := newEnv(t, envOptions{idp: func(c *saml.IdPConfig) { c.Now = func() time.Time { return clock } }})
	ctx := context.Background()
	if _, err := e.idp.Respond(ctx, &saml.AuthnRequest{ID: "_forged", AssertionConsumerServiceURL: "https://evil.example/"}, alice); !errors.Is(err, saml.ErrNotVerified) {
		t.Errorf("forged request: %v", err)
	}
	u, _, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	req, err := e.idp.ParseRequest(httptest.NewRequest(http.MethodGet, mustURI(t, u), nil))
	if err != nil {
		t.Fatal(err)
	}
	bad := &saml.Customer{XUserID: strings.Repeat("x", 129), Email: "no-at-sign", Mobile: "call me", Name: "a\x00b"}
	_, err = e.idp.Respond(ctx, req, bad)
	if !errors.Is(err, saml.ErrInvalidCustomer) {
		t.Fatalf("bad customer: %v", err)
	}
	for _, f := range []string{"xAccountId", "xUserId", "email", "mobile", "name"} {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("violation for %s not reported: %v", f, err)
		}
	}
	clock = clock.Add(10 * time.Minute)
	if _, err := e.idp.Respond(ctx, req, alice); !errors.Is(err, saml.ErrStale) {
		t.Errorf("stale at respond time: %v", err)
	}
}

// A failing CustomerFunc yields 500 with no details; a nil customer too.
func TestSSOCustomerFuncErrors(t *testing.T) {
	for name, fn := range map[string]saml.CustomerFunc{
		"error": func(http.ResponseWriter, *http.Request, *saml.AuthnRequest) (*saml.Customer, error) {
			return nil, errors.New("database password=hunter2 unreachable")
		},
		"nil": func(http.ResponseWriter, *http.Request, *saml.AuthnRequest) (*saml.Customer, error) { return nil, nil },
		"invalid": func(http.ResponseWriter, *http.Request, *saml.AuthnRequest) (*saml.Customer, error) {
			return &saml.Customer{}, nil
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, envOptions{idp: func(c *saml.IdPConfig) { c.Customer = fn }})
			u, _, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{})
			if err != nil {
				t.Fatal(err)
			}
			w := e.sso(u, "")
			if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "hunter2") {
				t.Fatalf("%d %q", w.Code, w.Body.String())
			}
		})
	}
}

// The response the partner sends is really verified by the fake: a changed
// attribute, a wrong request ID or another signer are refused.
func TestResponseTamperingDetected(t *testing.T) {
	ks := keys(t)
	e := newEnv(t, envOptions{})
	e.addCustomer("alice", alice)
	u, id, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w := e.sso(u, "alice")
	action, form := extractForm(t, w.Body.String())
	if action != e.hw.ACSURL() {
		t.Fatalf("form posts to %q", action)
	}
	if _, err := e.hw.ConsumeResponse(xAccountType, form, id); err != nil {
		t.Fatalf("untouched response refused: %v", err)
	}
	if _, err := e.hw.ConsumeResponse(xAccountType, form, "_another"); err == nil {
		t.Error("wrong InResponseTo accepted")
	}
	x, _ := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
	tampered := url.Values{"SAMLResponse": {base64.StdEncoding.EncodeToString(bytes.Replace(x, []byte("acct-alice"), []byte("acct-mallo"), 1))}}
	if _, err := e.hw.ConsumeResponse(xAccountType, tampered, id); err == nil {
		t.Error("tampered attribute accepted")
	}

	// An IdP with another key than the registered metadata is refused.
	other, err := saml.NewIdP(saml.IdPConfig{
		EntityID: e.partner.URL + "/saml/metadata", SSOURL: e.partner.URL + "/saml/login",
		Key: ks.other.Key, Certificate: ks.other.Certificate, SP: e.sp,
		Customer: func(http.ResponseWriter, *http.Request, *saml.AuthnRequest) (*saml.Customer, error) {
			return alice, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	u, id, _ = e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{})
	rec := httptest.NewRecorder()
	other.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, mustURI(t, u), nil))
	_, form = extractForm(t, rec.Body.String())
	if _, err := e.hw.ConsumeResponse(xAccountType, form, id); err == nil {
		t.Error("response signed by an unregistered key accepted")
	}
}
