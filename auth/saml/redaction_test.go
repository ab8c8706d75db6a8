package saml_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
	"github.com/hcpartner/partner-sdk-go/auth/saml/samltest"
)

// Logs of accepted and rejected messages hold IDs and reasons only: no
// keys, certificates, signatures, SAML messages or customer attributes.
func TestLogsCarryNoSecrets(t *testing.T) {
	ks := keys(t)
	e := newEnv(t, envOptions{})
	e.addCustomer("alice", alice)
	b := e.browser()
	e.login(b, "alice")
	v, err := b.Get(context.Background(), e.loginURL(true, ""))
	if err != nil {
		t.Fatal(err)
	}
	var samlResponse, sigs []string
	for _, s := range v.Steps {
		if i := strings.Index(s.Body, `name="SAMLResponse" value="`); i >= 0 {
			samlResponse = append(samlResponse, s.Body[i+27:i+27+60])
		}
		if i := strings.Index(s.Body, `name="Signature" value="`); i >= 0 {
			sigs = append(sigs, s.Body[i+24:i+24+40])
		}
	}
	// Some rejections as well.
	u, _, _ := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{SignWith: ks.other})
	e.sso(u, "alice")
	body, _ := e.hw.NotificationBody(bobBind, samltest.NotifyOptions{SignWith: ks.other})
	e.postBind(body)

	logs := e.logs.String()
	if !strings.Contains(logs, "login answered") || !strings.Contains(logs, "binding notification accepted") || !strings.Contains(logs, "rejected") {
		t.Fatalf("expected records missing:\n%s", logs)
	}
	forbidden := []string{
		"alice@example.com", "acct-alice", "user-alice", "0086-13800000000", "alice_corp", "bp-0001",
		"MII", // certificates
		ks.partner.Key.D.String()[:20], ks.huawei.Key.D.String()[:20],
	}
	forbidden = append(forbidden, samlResponse...)
	forbidden = append(forbidden, sigs...)
	if len(samlResponse) == 0 || len(sigs) == 0 {
		t.Fatal("test did not capture the message values")
	}
	for _, f := range forbidden {
		if strings.Contains(logs, f) {
			t.Errorf("log contains %q", f)
		}
	}
}

// Printing configurations, key pairs, customers and responses never shows
// the private key or personal data.
func TestFormattingRedacts(t *testing.T) {
	ks := keys(t)
	cfg := saml.IdPConfig{EntityID: "https://idp.example", SSOURL: "https://idp.example/sso", Key: ks.partner.Key, Certificate: ks.partner.Certificate}
	d := ks.partner.Key.D.String()[:20]
	var logBuf bytes.Buffer
	slog.New(slog.NewJSONHandler(&logBuf, nil)).Info("cfg", "cfg", cfg, "kp", *ks.partner)
	c := saml.Customer{XAccountID: "acct-1", Email: "secret@example.com"}
	r := saml.Response{SAMLResponse: "PHNhbWwycDpSZXNwb25zZQ==", ID: "_r"}
	for i, s := range []string{
		fmt.Sprintf("%v %+v %#v %s", cfg, cfg, cfg, cfg),
		fmt.Sprintf("%v %+v %#v", ks.partner, ks.partner, *ks.partner),
		fmt.Sprintf("%v %+v", c, &c),
		fmt.Sprintf("%v %+v", r, &r),
		logBuf.String(),
	} {
		for _, bad := range []string{d, "secret@example.com", "PHNhbWwycDpSZXNwb25zZQ"} {
			if strings.Contains(s, bad) {
				t.Errorf("output %d leaks a secret or personal value", i)
			}
		}
	}
}

// The error body of a rejection names the failed check and nothing from
// the message.
func TestRejectionBodies(t *testing.T) {
	e := newEnv(t, envOptions{})
	body, _ := e.hw.NotificationBody(bobBind, samltest.NotifyOptions{SignWith: keys(t).other})
	w := e.postBind(body)
	if w.Code != http.StatusForbidden || w.Body.String() != "saml: signature verification failed: bindRequest signature does not verify with the SP metadata certificates\n" {
		t.Errorf("%d %q", w.Code, w.Body.String())
	}
	if w.Header().Get("Cache-Control") != "no-store" {
		t.Error("cacheable error")
	}
}
