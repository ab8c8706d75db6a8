package saml_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
	"github.com/hcpartner/partner-sdk-go/auth/saml/samltest"
)

// The hostile inputs of issue 15 that got through before: each is now
// refused with a 4xx before any caller code runs.

// A signature over the decoded JSON is not a notification signature: only
// the two forms of bindSignedCandidates count.
func TestBindSignatureOverJSONRejected(t *testing.T) {
	e := newEnv(t, envOptions{})
	doc := []byte(`{"xUserId":"user-bob","domainId":"d1","bindAction":0}`)
	body, err := e.hw.NotificationBody(saml.BindNotification{}, samltest.NotifyOptions{JSON: doc, SignContent: doc})
	if err != nil {
		t.Fatal(err)
	}
	w := e.postBind(body)
	if w.Code != http.StatusForbidden || len(e.notifications()) != 0 {
		t.Fatalf("signature over the JSON: %d %q", w.Code, w.Body.String())
	}
	r := httptest.NewRequest(http.MethodPost, "/saml/bind", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err := e.bind.ParseNotification(r); !errors.Is(err, saml.ErrBadSignature) {
		t.Fatalf("error %v", err)
	}
}

// Huawei's signature of a SAMLRequest, wrapped as a bindRequest whose
// "JSON" is the signed redirect string, must fail the signature check (it
// used to pass it and was only stopped by the JSON parser).
func TestBindCrossProtocolSignatureRejected(t *testing.T) {
	e := newEnv(t, envOptions{})
	u, _, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, q, _ := strings.Cut(u, "?")
	signed, sig, ok := strings.Cut(q, "&Signature=")
	if !ok {
		t.Fatal("no signature in the request")
	}
	body := "bindRequest=" + url.QueryEscape(base64.StdEncoding.EncodeToString([]byte(signed))) +
		"&SigAlg=" + url.QueryEscape(saml.SigAlgRSASHA256) + "&Signature=" + sig
	r := httptest.NewRequest(http.MethodPost, "/saml/bind", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err := e.bind.ParseNotification(r); !errors.Is(err, saml.ErrBadSignature) {
		t.Fatalf("error %v, want a bad signature", err)
	}
	if w := e.postBind(body); w.Code != http.StatusForbidden {
		t.Fatalf("status %d", w.Code)
	}
}

// Exactly the documented set of signed forms verifies. The query form is
// rebuilt from the decoded values, so a body that arrives with lower-case
// escapes still verifies, while a signature over those lower-case bytes
// (a third byte form) does not.
func TestBindSignedFormSet(t *testing.T) {
	e := newEnv(t, envOptions{})
	for i, c := range []struct {
		name string
		o    samltest.NotifyOptions
		want saml.SignedForm
	}{
		{"query", samltest.NotifyOptions{Form: saml.SignedFormQuery}, saml.SignedFormQuery},
		{"base64", samltest.NotifyOptions{Form: saml.SignedFormBase64}, saml.SignedFormBase64},
		{"query, body with lower-case escapes", samltest.NotifyOptions{Form: saml.SignedFormQuery, LowerEscapes: true}, saml.SignedFormQuery},
	} {
		n := bobBind
		n.XUserID = "user-" + strings.Repeat("x", i+1)
		body, err := e.hw.NotificationBody(n, c.o)
		if err != nil {
			t.Fatal(err)
		}
		if w := e.postBind(body); w.Code != http.StatusOK {
			t.Fatalf("%s: %d %q", c.name, w.Code, w.Body.String())
		}
		if got := e.notifications()[i].SignedForm; got != c.want {
			t.Errorf("%s: form %q", c.name, got)
		}
	}
	// A signature over the lower-case escaped bytes as received.
	n := bobBind
	n.XUserID = "user-lower"
	plain, err := e.hw.NotificationBody(n, samltest.NotifyOptions{LowerEscapes: true, Unsigned: true})
	if err != nil {
		t.Fatal(err)
	}
	vals, _ := url.ParseQuery(plain)
	lower := "bindRequest=" + strings.TrimPrefix(plain, "bindRequest=") + "&SigAlg=http%3a%2f%2fwww.w3.org%2f2001%2f04%2fxmldsig-more%23rsa-sha256"
	body, err := e.hw.NotificationBody(n, samltest.NotifyOptions{LowerEscapes: true, SignContent: []byte(lower)})
	if err != nil {
		t.Fatal(err)
	}
	if vals.Get("bindRequest") == "" || !strings.HasPrefix(body, lower) {
		t.Fatalf("test body is not the signed string: %q", body)
	}
	if w := e.postBind(body); w.Code != http.StatusForbidden {
		t.Fatalf("signature over the lower-case bytes: %d %q", w.Code, w.Body.String())
	}
}

// The documentation delivers notifications as a POST form; a GET carrying
// the same parameters is refused with 405.
func TestBindGETRejected(t *testing.T) {
	e := newEnv(t, envOptions{})
	body, err := e.hw.NotificationBody(bobBind, samltest.NotifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	e.bind.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/saml/bind?"+body, nil))
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != http.MethodPost || len(e.notifications()) != 0 {
		t.Fatalf("%d allow=%q %q", w.Code, w.Header().Get("Allow"), w.Body.String())
	}
	if _, err := e.bind.ParseNotification(httptest.NewRequest(http.MethodGet, "/saml/bind?"+body, nil)); !errors.Is(err, saml.ErrMethod) {
		t.Fatalf("error %v", err)
	}
}

// SAML Bindings 3.4.5.2: a signed request must carry Destination. A
// trailing second root element is not silently ignored. Both are refused
// before the CustomerFunc runs.
func TestSSOSignedRequestShape(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.addCustomer("alice", alice)
	noDest, _, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{NoDestination: true})
	if err != nil {
		t.Fatal(err)
	}
	good := `<saml2p:AuthnRequest xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" AssertionConsumerServiceURL="` + e.hw.ACSURL() +
		`" Destination="` + e.partner.URL + `/saml/login" ID="_r1" IssueInstant="NOW" Version="2.0"><saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">` +
		e.hw.EntityID() + `</saml2:Issuer></saml2p:AuthnRequest>`
	now := strings.Replace(good, "NOW", nowSAML(), 1)
	second := strings.Replace(now, `ID="_r1"`, `ID="_r2"`, 1)
	for _, c := range []struct {
		name   string
		xml    string
		kind   error
		status int
	}{
		{"trailing second root", now + second, saml.ErrMalformed, 400},
		{"trailing text", now + "junk", saml.ErrMalformed, 400},
		{"trailing comment and space are fine", now + "<!-- c -->\n", nil, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			u, _, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{XML: []byte(c.xml)})
			if err != nil {
				t.Fatal(err)
			}
			before := e.calls()
			w := e.sso(u, "alice")
			if w.Code != c.status {
				t.Fatalf("%d %q", w.Code, w.Body.String())
			}
			if c.kind != nil {
				if e.calls() != before {
					t.Error("CustomerFunc ran")
				}
				if _, err := e.idp.ParseRequest(httptest.NewRequest(http.MethodGet, mustURI(t, u), nil)); !errors.Is(err, c.kind) {
					t.Errorf("error %v", err)
				}
			}
		})
	}
	before := e.calls()
	w := e.sso(noDest, "alice")
	if w.Code != http.StatusForbidden || e.calls() != before || !strings.Contains(w.Body.String(), "Destination") {
		t.Fatalf("signed request without Destination: %d %q", w.Code, w.Body.String())
	}
}

// SAML Core 3.4.1.1: a NameIDPolicy format the IdP cannot produce is
// answered with a Response carrying the InvalidNameIDPolicy status and no
// assertion; the CustomerFunc is not asked.
func TestSSOUnsupportedNameIDPolicy(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.addCustomer("alice", alice)
	for _, format := range []string{
		"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
		"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
	} {
		u, id, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{NameIDFormat: format})
		if err != nil {
			t.Fatal(err)
		}
		before := e.calls()
		w := e.sso(u, "alice")
		if w.Code != http.StatusOK {
			t.Fatalf("%s: %d %q", format, w.Code, w.Body.String())
		}
		if e.calls() != before {
			t.Errorf("%s: CustomerFunc ran", format)
		}
		_, form := extractForm(t, w.Body.String())
		x, err := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
		if err != nil {
			t.Fatal(err)
		}
		s := string(x)
		if !strings.Contains(s, `Value="urn:oasis:names:tc:SAML:2.0:status:Requester"`) ||
			!strings.Contains(s, `Value="urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy"`) ||
			strings.Contains(s, "Assertion ") || !strings.Contains(s, `InResponseTo="`+id+`"`) {
			t.Errorf("%s: response %s", format, s)
		}
		if _, err := e.hw.ConsumeResponse(xAccountType, form, id); err == nil {
			t.Errorf("%s: the fake accepted a login from an error response", format)
		}
	}
	// Through the API: Respond needs no customer for such a request.
	u, _, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{NameIDFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"})
	if err != nil {
		t.Fatal(err)
	}
	req, err := e.idp.ParseRequest(httptest.NewRequest(http.MethodGet, mustURI(t, u), nil))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := e.idp.Respond(context.Background(), req, nil)
	if err != nil || resp.Status != "urn:oasis:names:tc:SAML:2.0:status:Requester" ||
		resp.SubStatus != "urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy" || resp.AssertionID != "" || req.NameIDFormat == "" {
		t.Fatalf("Respond: %+v %v", resp, err)
	}
	// Transient and unspecified are served.
	for _, format := range []string{"urn:oasis:names:tc:SAML:2.0:nameid-format:transient", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"} {
		u, id, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{NameIDFormat: format})
		if err != nil {
			t.Fatal(err)
		}
		_, form := extractForm(t, e.sso(u, "alice").Body.String())
		if _, err := e.hw.ConsumeResponse(xAccountType, form, id); err != nil {
			t.Errorf("%s: %v", format, err)
		}
	}
}

// The xs prefix of xsi:type="xs:string" is covered by the signature
// (InclusiveNamespaces PrefixList="xs"): rebinding it breaks the signature.
func TestAssertionSignatureCoversXSPrefix(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.addCustomer("alice", alice)
	u, id, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, form := extractForm(t, e.sso(u, "alice").Body.String())
	x, _ := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
	if !bytes.Contains(x, []byte(`PrefixList="xs"`)) {
		t.Errorf("no InclusiveNamespaces PrefixList in %s", x)
	}
	if _, err := e.hw.ConsumeResponse(xAccountType, form, id); err != nil {
		t.Fatalf("untouched: %v", err)
	}
	const decl = `xmlns:xs="http://www.w3.org/2001/XMLSchema"`
	if bytes.Count(x, []byte(decl)) != 1 {
		t.Fatalf("expected one xs declaration in %s", x)
	}
	tampered := bytes.Replace(x, []byte(decl), []byte(`xmlns:xs="urn:example:not-xml-schema"`), 1)
	if _, err := e.hw.ConsumeResponse(xAccountType, url.Values{"SAMLResponse": {base64.StdEncoding.EncodeToString(tampered)}}, id); err == nil {
		t.Fatal("rebinding xs kept the signature valid")
	}
}

func nowSAML() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000Z") }

// Mobile is documented as "countrycode-number"; e-mail needs a real domain.
func TestCustomerMobileAndEmail(t *testing.T) {
	for _, c := range []struct {
		mobile, email string
		bad           []string
	}{
		{"86-13800000000", "alice@example.com", nil},
		{"+86-13800000000", "a.b+tag@mail.example.co", nil},
		{"1-2025550123", "x_y@sub.example-1.org", nil},
		{"13800000000", "", []string{"mobile"}},                     // bare number
		{"+8613800000000", "", []string{"mobile"}},                  // no separator
		{"86 13800000000", "", []string{"mobile"}},                  // space
		{"86-1380-0000000", "", []string{"mobile"}},                 // second dash
		{"12345-13800000000", "", []string{"mobile"}},               // country code too long
		{"86-1234567890123456", "", []string{"mobile"}},             // more than 15 digits
		{"-13800000000", "", []string{"mobile"}},                    // no country code
		{"", "x@y", []string{"email"}},                              // no dot in the domain
		{"", "x@y.", []string{"email"}},                             // empty label
		{"", "x@.y.com", []string{"email"}},                         // empty label
		{"", "x@-y.com", []string{"email"}},                         // label starts with '-'
		{"", ".x@y.com", []string{"email"}},                         // local starts with '.'
		{"", "x..y@y.com", []string{"email"}},                       // consecutive dots
		{"", "x@y.c0m1", []string{"email"}},                         // numeric-ish TLD with digits
		{"", "x@y_z.com", []string{"email"}},                        // '_' in the domain
		{"", "a(b)@y.com", []string{"email"}},                       // not an atext character
		{"", strings.Repeat("l", 65) + "@y.com", []string{"email"}}, // local part over 64
		{"", "x@@y.com", []string{"email"}},
	} {
		cu := &saml.Customer{XAccountID: "a", Mobile: c.mobile, Email: c.email}
		err := cu.Validate()
		if len(c.bad) == 0 {
			if err != nil {
				t.Errorf("%q %q: %v", c.mobile, c.email, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%q %q accepted", c.mobile, c.email)
			continue
		}
		for _, f := range c.bad {
			if !strings.Contains(err.Error(), f) {
				t.Errorf("%q %q: %v does not name %s", c.mobile, c.email, err, f)
			}
		}
	}
}

// Item 1 of issue 15 in one process: bind, unbind, then the old bind
// replayed 24 h 1 min later. The old default forgot notifications after
// 24 hours and accepted it; notifications are now kept for good.
func TestBindOldBindReplayedAfter24Hours(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newEnv(t, envOptions{bindCfg: func(c *saml.BindHandlerConfig) { c.Now = clock }})
	bind, err := e.hw.NotificationBody(bobBind, samltest.NotifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	unbindN := bobBind
	unbindN.Action = saml.BindActionUnbind
	unbind, err := e.hw.NotificationBody(unbindN, samltest.NotifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w := e.postBind(bind); w.Code != http.StatusOK {
		t.Fatalf("bind: %d", w.Code)
	}
	if w := e.postBind(unbind); w.Code != http.StatusOK {
		t.Fatalf("unbind: %d", w.Code)
	}
	mu.Lock()
	now = now.Add(24*time.Hour + time.Minute)
	mu.Unlock()
	if w := e.postBind(bind); w.Code != http.StatusForbidden {
		t.Fatalf("old bind replayed after 24 h 1 min: %d %q", w.Code, w.Body.String())
	}
	if n := e.notifications(); len(n) != 2 || n[1].Action != saml.BindActionUnbind {
		t.Fatalf("notifications %v", n)
	}
}

// Metadata with a second root element (an attacker's entity appended to
// Huawei's) is refused instead of read up to the first root.
func TestSPMetadataTrailingRoot(t *testing.T) {
	ks := keys(t)
	md := huaweiLikeMetadata(ks.huawei.Certificate.Raw)
	if _, err := saml.ParseSPMetadata(md); err != nil {
		t.Fatal(err)
	}
	evil := append(append([]byte{}, md...), huaweiLikeMetadata(ks.other.Certificate.Raw)...)
	if _, err := saml.ParseSPMetadata(evil); !errors.Is(err, saml.ErrMalformed) {
		t.Fatalf("trailing root: %v", err)
	}
	if _, err := saml.ParseSPMetadata(append(append([]byte{}, md...), "\n<!-- end -->\n"...)); err != nil {
		t.Fatalf("trailing comment: %v", err)
	}
}

// failingStore is a replay store that cannot be reached.
type failingStore struct{}

func (failingStore) Use(context.Context, string, time.Duration) (bool, error) {
	return false, errors.New("dial tcp 10.0.0.7:6379: connection refused")
}
func (failingStore) Forget(context.Context, string) error { return nil }

// A store failure fails closed: 503, the BindFunc does not run, the cause
// is logged for the operator but not sent to the client.
func TestReplayStoreFailureFailsClosed(t *testing.T) {
	e := newEnv(t, envOptions{
		idp:     func(c *saml.IdPConfig) { c.ReplayStore = failingStore{} },
		bindCfg: func(c *saml.BindHandlerConfig) { c.ReplayStore = failingStore{} },
	})
	e.addCustomer("alice", alice)
	u, _, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w := e.sso(u, "alice"); w.Code != http.StatusServiceUnavailable || strings.Contains(w.Body.String(), "10.0.0.7") {
		t.Fatalf("SSO: %d %q", w.Code, w.Body.String())
	}
	body, err := e.hw.NotificationBody(bobBind, samltest.NotifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w := e.postBind(body); w.Code != http.StatusServiceUnavailable || len(e.notifications()) != 0 || strings.Contains(w.Body.String(), "10.0.0.7") {
		t.Fatalf("bind: %d %q", w.Code, w.Body.String())
	}
	if n := strings.Count(e.logs.String(), "cause=\"dial tcp 10.0.0.7:6379: connection refused\""); n != 2 {
		t.Errorf("cause logged %d times: %s", n, e.logs.String())
	}
}
