package samltest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
	"github.com/hcpartner/partner-sdk-go/auth/saml/samltest"
)

func TestFakeBasics(t *testing.T) {
	hw, srv, err := samltest.NewServer(samltest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if hw.EntityID() != srv.URL+"/" || hw.BaseURL() != srv.URL+"/" || !strings.HasPrefix(hw.MetadataURL(), srv.URL) {
		t.Errorf("addresses: %s %s", hw.EntityID(), hw.BaseURL())
	}
	// The metadata endpoint serves what SPMetadata renders, and it parses.
	resp, err := srv.Client().Get(hw.MetadataURL())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, err := saml.ParseSPMetadata(hw.SPMetadata()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := hw.NewAuthnRequest("unknown", samltest.RequestOptions{}); err == nil {
		t.Error("unknown partner accepted")
	}
	if _, err := hw.ConsumeResponse("unknown", url.Values{}); err == nil {
		t.Error("unknown partner accepted")
	}
	if err := hw.RegisterPartner(samltest.Partner{XAccountType: "X", IdPMetadata: []byte("<x/>")}); err == nil {
		t.Error("IdP metadata without SSO accepted")
	}
	if _, err := hw.Bind(samltest.Account{}); err == nil {
		t.Error("empty account accepted")
	}
	a, err := hw.Bind(samltest.Account{XAccountType: "X", XUserID: "u 1"})
	if err != nil || a.DomainName != "hw_u_1" || len(a.DomainID) != 32 {
		t.Errorf("bind: %+v %v", a, err)
	}
	if got, ok := hw.Account("X", "u 1"); !ok || got != a {
		t.Error("account lookup")
	}
	if _, err := samltest.New(samltest.Config{BaseURL: "not a url"}); err == nil {
		t.Error("bad base URL accepted")
	}
	// Login for an unknown platform.
	w := httptest.NewRecorder()
	hw.ServeHTTP(w, httptest.NewRequest(http.MethodGet, samltest.PathLogin+"?xAccountType=nope", nil))
	if w.Code != http.StatusBadRequest {
		t.Errorf("login for unknown platform: %d", w.Code)
	}
	w = httptest.NewRecorder()
	hw.ServeHTTP(w, httptest.NewRequest(http.MethodPost, samltest.PathACS, strings.NewReader("RelayState=x")))
	if w.Code != http.StatusBadRequest {
		t.Errorf("ACS with unknown RelayState: %d", w.Code)
	}
}

// Notification JSON follows Huawei's example: empty fields left out,
// bindAction a number (or a string when configured).
func TestNotificationBodyShape(t *testing.T) {
	hw, err := samltest.New(samltest.Config{BaseURL: "http://h.test", BindActionAsString: true})
	if err != nil {
		t.Fatal(err)
	}
	body, err := hw.NotificationBody(saml.BindNotification{DomainName: "d", DomainID: "i", XUserID: "x", Action: saml.BindActionUnbind}, samltest.NotifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := url.ParseQuery(body)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(v.Get("bindRequest"))
	if string(raw) != `{"domainName":"d","domainId":"i","xUserId":"x","bindAction":"1"}` {
		t.Errorf("json %s", raw)
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil || v.Get("SigAlg") != saml.SigAlgRSASHA256 || v.Get("Signature") == "" {
		t.Errorf("body %s", body)
	}
	if _, err := hw.NotificationBody(saml.BindNotification{Action: "maybe"}, samltest.NotifyOptions{}); err == nil {
		t.Error("unknown action accepted")
	}
	if _, err := hw.NotificationBody(saml.BindNotification{Action: saml.BindActionBind}, samltest.NotifyOptions{Form: "other"}); err == nil {
		t.Error("unknown form accepted")
	}
}

func TestBrowserStaysOnAllowedHosts(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/form":
			samltest.WritePostForm(w, "/echo", [][2]string{{"a", "1 2"}, {"b", "<&>"}})
		case "/echo":
			_ = r.ParseForm()
			w.Write([]byte(r.PostForm.Get("a") + "|" + r.PostForm.Get("b")))
		case "/away":
			http.Redirect(w, r, "https://example.invalid/x", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		}
	}))
	defer srv.Close()
	b, err := samltest.NewBrowser(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	v, err := b.Get(ctx, srv.URL+"/form")
	if err != nil || v.Last().Body != "1 2|<&>" || strings.Join(v.Paths(), ",") != "GET /form,POST /echo" {
		t.Errorf("form: %v %+v", err, v)
	}
	v, err = b.Get(ctx, srv.URL+"/away")
	if err != nil || v.LeftTo != "https://example.invalid/x" {
		t.Errorf("away: %v %+v", err, v)
	}
	if _, err := b.Get(ctx, srv.URL+"/loop"); err == nil {
		t.Error("redirect loop not stopped")
	}
	if _, err := samltest.NewBrowser("::"); err == nil {
		t.Error("bad base URL accepted")
	}
}

func TestKeyPairRedacted(t *testing.T) {
	kp, err := samltest.NewKeyPair("x")
	if err != nil {
		t.Fatal(err)
	}
	if s := kp.String(); strings.Contains(s, kp.Key.D.String()) || !strings.Contains(string(kp.CertificatePEM()), "BEGIN CERTIFICATE") {
		t.Error(s)
	}
}
