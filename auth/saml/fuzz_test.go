package saml_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
	"github.com/hcpartner/partner-sdk-go/auth/saml/samltest"
)

// fuzzFixture is an IdP and a bind handler trusting a fake Huawei.
func fuzzFixture(f *testing.F) (*samltest.Huawei, *saml.IdP, *saml.BindHandler) {
	ks := keys(f)
	hw, err := samltest.New(samltest.Config{BaseURL: "http://huawei.test", KeyPair: ks.huawei})
	if err != nil {
		f.Fatal(err)
	}
	sp, err := saml.ParseSPMetadata(hw.SPMetadata())
	if err != nil {
		f.Fatal(err)
	}
	idp, err := saml.NewIdP(saml.IdPConfig{
		EntityID: "http://partner.test/idp", SSOURL: "http://partner.test/saml/login",
		Key: ks.partner.Key, Certificate: ks.partner.Certificate, SP: sp,
		Customer: func(http.ResponseWriter, *http.Request, *saml.AuthnRequest) (*saml.Customer, error) {
			return &saml.Customer{XAccountID: "a"}, nil
		},
	})
	if err != nil {
		f.Fatal(err)
	}
	md, err := idp.Metadata()
	if err != nil {
		f.Fatal(err)
	}
	if err := hw.RegisterPartner(samltest.Partner{XAccountType: "X", IdPMetadata: md, NotificationURL: "http://partner.test/bind"}); err != nil {
		f.Fatal(err)
	}
	bh, err := saml.NewBindHandler(saml.BindHandlerConfig{SP: sp, Handle: func(http.ResponseWriter, *http.Request, *saml.BindNotification) error { return nil }})
	if err != nil {
		f.Fatal(err)
	}
	return hw, idp, bh
}

func FuzzSSORequest(f *testing.F) {
	hw, idp, _ := fuzzFixture(f)
	good, _, err := hw.NewAuthnRequest("X", samltest.RequestOptions{})
	if err != nil {
		f.Fatal(err)
	}
	_, q, _ := strings.Cut(good, "?")
	f.Add(q)
	f.Add("SAMLRequest=&SigAlg=&Signature=")
	f.Add("SAMLRequest=%zz")
	f.Add(strings.Replace(q, "Signature=", "Signature=A", 1))
	f.Fuzz(func(t *testing.T, q string) {
		r := httptest.NewRequest(http.MethodGet, "/saml/login", nil)
		r.URL.RawQuery = q
		w := httptest.NewRecorder()
		idp.ServeHTTP(w, r)
		if w.Code == http.StatusOK && q != strings.SplitN(good, "?", 2)[1] {
			// Only the genuine request may be answered (once).
			t.Fatalf("answered a fuzzed request: %q", q)
		}
	})
}

func FuzzBindNotification(f *testing.F) {
	hw, _, bh := fuzzFixture(f)
	for _, form := range []saml.SignedForm{saml.SignedFormQuery, saml.SignedFormBase64} {
		body, err := hw.NotificationBody(bobBind, samltest.NotifyOptions{Form: form})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
	f.Add("bindRequest=e30%3D&SigAlg=x&Signature=AAAA")
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/bind", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		n, err := bh.ParseNotification(r)
		if err == nil && n.Action.Code() < 0 {
			t.Fatalf("accepted an unknown action: %+v", n)
		}
	})
}

func FuzzMetadata(f *testing.F) {
	ks := keys(f)
	f.Add(huaweiLikeMetadata(ks.huawei.Certificate.Raw))
	md, err := saml.GenerateIdPMetadata(saml.IdPMetadataConfig{EntityID: "e", SSOURL: "https://e/sso", Certificate: ks.partner.Certificate})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(md)
	f.Add([]byte(`<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"><EntityDescriptor/></EntitiesDescriptor>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if m, err := saml.ParseSPMetadata(data); err == nil && len(m.SigningCertificates) == 0 {
			t.Fatal("metadata without certificate accepted")
		}
		_ = saml.CheckIdPMetadata(data)
	})
}

func FuzzLoginURL(f *testing.F) {
	f.Add("ZXT", "https://console.huaweicloud.com/iam/", true)
	f.Add("a\x00", "javascript:x", false)
	f.Fuzz(func(t *testing.T, xat, service string, first bool) {
		u, err := saml.LoginURL(saml.LoginRequest{Site: saml.SiteChina, XAccountType: xat, Service: service, FirstLogin: first})
		if err == nil && !strings.HasPrefix(u, "https://auth.huaweicloud.com/authui/saml/login?xAccountType=") {
			t.Fatalf("unexpected URL %q", u)
		}
	})
}
