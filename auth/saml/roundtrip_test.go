package saml_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
	"github.com/hcpartner/partner-sdk-go/auth/saml/samltest"
)

var alice = &saml.Customer{
	XAccountID: "acct-alice",
	XUserID:    "user-alice",
	BPID:       "bp-0001",
	Name:       "alice_corp",
	Email:      "alice@example.com",
	Mobile:     "0086-13800000000",
}

// First login: SSO, then Huawei binds a new account and the bind
// notification reaches the partner through the browser.
func TestRoundTripFirstLogin(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.addCustomer("alice", alice)
	b := e.browser()
	e.login(b, "alice")

	v, err := b.Get(context.Background(), e.loginURL(true, ""))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"GET /authui/saml/login",
		"GET /saml/login",
		"POST /authui/saml/SAMLAssertionConsumer",
		"POST /saml/bind",
	}
	if got := v.Paths(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("steps = %v, want %v", got, want)
	}
	if last := v.Last(); last.Status != http.StatusOK || !strings.Contains(last.Body, "bind recorded for user-alice") {
		t.Fatalf("last step = %d %q", last.Status, last.Body)
	}

	// What Huawei's side verified (crewjam/saml + goxmldsig, independently).
	logins := e.hw.Logins()
	if len(logins) != 1 {
		t.Fatalf("logins = %d", len(logins))
	}
	l := logins[0]
	wantAttrs := map[string]string{
		"xUserId": "user-alice", "xAccountId": "acct-alice", "bpId": "bp-0001",
		"name": "alice_corp", "email": "alice@example.com", "mobile": "0086-13800000000",
	}
	for k, want := range wantAttrs {
		if l.Attributes[k] != want {
			t.Errorf("attribute %s = %q, want %q", k, l.Attributes[k], want)
		}
	}
	if len(l.Attributes) != len(wantAttrs) {
		t.Errorf("attributes = %v", l.Attributes)
	}
	if l.Issuer != e.partner.URL+"/saml/metadata" || l.NameID == "" || l.RequestID == "" {
		t.Errorf("login = %+v", l)
	}

	acct, ok := e.hw.Account(xAccountType, "user-alice")
	if !ok {
		t.Fatal("no account bound at Huawei")
	}
	notes := e.notifications()
	if len(notes) != 1 {
		t.Fatalf("notifications = %d", len(notes))
	}
	n := notes[0]
	if n.Action != saml.BindActionBind || n.XUserID != "user-alice" || n.XAccountID != "acct-alice" ||
		n.DomainID != acct.DomainID || n.DomainName != acct.DomainName || n.UserID != acct.UserID || n.UserName != acct.UserName {
		t.Errorf("notification = %+v, account = %+v", n, acct)
	}
	if n.SignedForm != saml.SignedFormQuery {
		t.Errorf("signed form = %q", n.SignedForm)
	}
}

// Returning login: the account is bound, so Huawei lands the customer on
// the service URL (outside the test hosts, so the browser stops there).
func TestRoundTripReturningLogin(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.addCustomer("alice", alice)
	b := e.browser()
	e.login(b, "alice")
	if _, err := b.Get(context.Background(), e.loginURL(true, "")); err != nil {
		t.Fatal(err)
	}

	service := "https://console.huaweicloud.com/iam/"
	v, err := b.Get(context.Background(), e.loginURL(false, service))
	if err != nil {
		t.Fatal(err)
	}
	if v.LeftTo != service {
		t.Fatalf("left to %q, steps %v, last %q", v.LeftTo, v.Paths(), v.Last().Body)
	}
	if got := len(e.hw.Logins()); got != 2 {
		t.Fatalf("logins = %d", got)
	}
	if got := len(e.notifications()); got != 1 {
		t.Fatalf("a returning login must not notify again, got %d notifications", got)
	}
	// Without service, the sandbox console is the landing page.
	v, err = b.Get(context.Background(), e.loginURL(false, ""))
	if err != nil {
		t.Fatal(err)
	}
	if last := v.Last(); !strings.Contains(last.Body, "logged in as hw_user-alice") {
		t.Fatalf("landing = %q", last.Body)
	}
}

// A customer created with CreateSubCustomer is bound already and logs in
// with isFirstLogin=false straight away.
func TestRoundTripAfterCreateSubCustomer(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.addCustomer("bob", &saml.Customer{XAccountID: "acct-bob"})
	if _, err := e.hw.Bind(samltest.Account{XAccountType: xAccountType, XUserID: "acct-bob", XAccountID: "acct-bob"}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	e.login(b, "bob")
	v, err := b.Get(context.Background(), e.loginURL(false, ""))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(v.Last().Body, "logged in as hw_acct-bob") {
		t.Fatalf("steps %v last %q", v.Paths(), v.Last().Body)
	}
	l := e.hw.Logins()[0]
	if l.Attributes["xUserId"] != "acct-bob" || l.Attributes["xAccountId"] != "acct-bob" {
		t.Errorf("xUserId defaults to xAccountId: %v", l.Attributes)
	}
	for _, k := range []string{"bpId", "name", "email", "mobile"} {
		if _, ok := l.Attributes[k]; ok {
			t.Errorf("empty attribute %s sent", k)
		}
	}
}

// Unbind: Huawei posts bindAction 1 through the browser.
func TestRoundTripUnbind(t *testing.T) {
	for _, asString := range []bool{false, true} {
		t.Run(map[bool]string{false: "number", true: "string"}[asString], func(t *testing.T) {
			e := newEnv(t, envOptions{hw: samltest.Config{BindActionAsString: asString}})
			e.addCustomer("alice", alice)
			b := e.browser()
			e.login(b, "alice")
			if _, err := b.Get(context.Background(), e.loginURL(true, "")); err != nil {
				t.Fatal(err)
			}
			v, err := b.Get(context.Background(), e.hwSrv.URL+samltest.PathUnbind+"?xAccountType="+xAccountType+"&xUserId=user-alice")
			if err != nil {
				t.Fatal(err)
			}
			if last := v.Last(); !strings.Contains(last.Body, "unbind recorded for user-alice") {
				t.Fatalf("last = %d %q", last.Status, last.Body)
			}
			notes := e.notifications()
			if len(notes) != 2 || notes[0].Action != saml.BindActionBind || notes[1].Action != saml.BindActionUnbind {
				t.Fatalf("notifications = %+v", notes)
			}
			if notes[0].DomainID != notes[1].DomainID {
				t.Errorf("unbind names another domain")
			}
			if _, ok := e.hw.Account(xAccountType, "user-alice"); ok {
				t.Error("account still bound")
			}
			// Not bound any more: a returning login is refused by Huawei.
			v, err = b.Get(context.Background(), e.loginURL(false, ""))
			if err != nil {
				t.Fatal(err)
			}
			if v.Last().Status != http.StatusForbidden {
				t.Errorf("login after unbind: %d %q", v.Last().Status, v.Last().Body)
			}
		})
	}
}

// Not logged in at the partner: the CustomerFunc redirects to the login
// page (ErrHandled), which sends the browser back to the same SSO URL.
func TestRoundTripLoginRequired(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.addCustomer("alice", alice)
	b := e.browser()
	v, err := b.Get(context.Background(), e.loginURL(true, ""))
	if err != nil {
		t.Fatal(err)
	}
	if v.Last().Status != http.StatusUnauthorized {
		t.Fatalf("expected the login page, got %v", v.Paths())
	}
	sso := ""
	for _, s := range v.Steps {
		if strings.Contains(s.URL, "/saml/login?") {
			sso = s.URL
		}
	}
	e.login(b, "alice")
	// The partner's login page would redirect back; do it by hand.
	v, err = b.Get(context.Background(), sso)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(v.Last().Body, "bind recorded for user-alice") {
		t.Fatalf("resumed login: %v %q", v.Paths(), v.Last().Body)
	}
}

// With SignResponse the outer Response is signed too; the assertion stays
// signed (checked by the fake on its own).
func TestRoundTripSignedResponse(t *testing.T) {
	e := newEnv(t, envOptions{idp: func(c *saml.IdPConfig) { c.SignResponse = true }})
	e.addCustomer("alice", alice)
	b := e.browser()
	e.login(b, "alice")
	v, err := b.Get(context.Background(), e.loginURL(true, ""))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(v.Last().Body, "bind recorded") {
		t.Fatalf("%v %q", v.Paths(), v.Last().Body)
	}
}
