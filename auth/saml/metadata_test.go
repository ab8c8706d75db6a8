package saml_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	crewsaml "github.com/crewjam/saml"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
	"github.com/hcpartner/partner-sdk-go/auth/saml/samltest"
)

// huaweiLikeMetadata mirrors the structure of Huawei's China-site SP
// metadata (entityID with trailing slash, signing and encryption key
// descriptors, logout, artifact and manage-NameID services, the POST ACS),
// with the test certificate instead of Huawei's.
func huaweiLikeMetadata(cert []byte) []byte {
	c := base64.StdEncoding.EncodeToString(cert)
	// Wrapped the way Java tools print certificates.
	var wrapped strings.Builder
	for i := 0; i < len(c); i += 76 {
		end := min(i+76, len(c))
		wrapped.WriteString(c[i:end] + "\n")
	}
	ki := `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>` + wrapped.String() + `</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`
	return []byte(`<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://auth.huaweicloud.com/">
<md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
<md:KeyDescriptor use="signing">` + ki + `</md:KeyDescriptor>
<md:KeyDescriptor use="encryption">` + ki + `</md:KeyDescriptor>
<md:ArtifactResolutionService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact" Location="https://auth.huaweicloud.com/authui/saml/SAMLAssertionConsumer" index="0" isDefault="true"/>
<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://auth.huaweicloud.com/authui/saml/LogoutServiceHTTPRedirect" ResponseLocation="https://auth.huaweicloud.com/authui/saml/LogoutServiceHTTPRedirectResponse"/>
<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://auth.huaweicloud.com/authui/saml/LogoutServiceHTTPPost" ResponseLocation="https://auth.huaweicloud.com/authui/saml/LogoutServiceHTTPPostResponse"/>
<md:ManageNameIDService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="https://auth.huaweicloud.com/authui/saml/ManageNameIDService"/>
<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>
<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact" Location="https://auth.huaweicloud.com/authui/saml/SAMLAssertionConsumer" index="1"/>
<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://auth.huaweicloud.com/authui/saml/SAMLAssertionConsumer" index="0" isDefault="true"/>
</md:SPSSODescriptor></md:EntityDescriptor>`)
}

func TestParseSPMetadataHuaweiShape(t *testing.T) {
	ks := keys(t)
	m, err := saml.ParseSPMetadata(huaweiLikeMetadata(ks.huawei.Certificate.Raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.EntityID != "https://auth.huaweicloud.com/" {
		t.Errorf("entityID %q", m.EntityID)
	}
	if len(m.AssertionConsumerServices) != 1 || m.AssertionConsumerServices[0].Location != "https://auth.huaweicloud.com/authui/saml/SAMLAssertionConsumer" || m.AssertionConsumerServices[0].Index != 0 {
		t.Errorf("ACS %+v", m.AssertionConsumerServices)
	}
	if len(m.SigningCertificates) != 1 || !m.SigningCertificates[0].Equal(ks.huawei.Certificate) {
		t.Errorf("certificates %d", len(m.SigningCertificates))
	}
	if s := m.String(); strings.Contains(s, "MII") {
		t.Errorf("String prints the certificate: %s", s)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "sp.xml")
	if err := os.WriteFile(path, huaweiLikeMetadata(ks.huawei.Certificate.Raw), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := saml.LoadSPMetadataFile(path); err != nil {
		t.Errorf("file: %v", err)
	}
	if _, err := saml.LoadSPMetadataFile(filepath.Join(dir, "missing.xml")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestParseSPMetadataRejects(t *testing.T) {
	ks := keys(t)
	good := string(huaweiLikeMetadata(ks.huawei.Certificate.Raw))
	ecCert := func() []byte {
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ec"}, NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
		der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
		return der
	}()
	cases := map[string]string{
		"not XML":          "hello",
		"empty":            "",
		"other root":       `<foo xmlns="urn:oasis:names:tc:SAML:2.0:metadata"/>`,
		"wrong namespace":  strings.ReplaceAll(good, "urn:oasis:names:tc:SAML:2.0:metadata", "urn:example"),
		"no SP role":       strings.ReplaceAll(good, "SPSSODescriptor", "IDPSSODescriptor"),
		"no POST ACS":      strings.ReplaceAll(good, `bindings:HTTP-POST" Location="https://auth.huaweicloud.com/authui/saml/SAMLAssertionConsumer"`, `bindings:PAOS" Location="x"`),
		"no certificate":   strings.ReplaceAll(good, `use="signing"`, `use="encryption"`),
		"bad base64 cert":  strings.Replace(good, "<ds:X509Certificate>", "<ds:X509Certificate>!!", 2),
		"EC certificate":   string(huaweiLikeMetadata(ecCert)),
		"too large":        good + "<!--" + strings.Repeat("x", saml.MaxMetadataBytes) + "-->",
		"undefined entity": strings.Replace(good, `entityID="https://auth.huaweicloud.com/"`, `entityID="&x;"`, 1),
		"ACS not a URL":    strings.Replace(good, `bindings:HTTP-POST" Location="https://auth.huaweicloud.com/authui/saml/SAMLAssertionConsumer"`, `bindings:HTTP-POST" Location="javascript:alert(1)"`, 1),
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			m, err := saml.ParseSPMetadata([]byte(doc))
			if err == nil {
				t.Fatalf("accepted: %v", m)
			}
			if !errors.Is(err, saml.ErrMalformed) && !errors.Is(err, saml.ErrTooLarge) {
				t.Errorf("error kind: %v", err)
			}
		})
	}
}

func TestFetchSPMetadata(t *testing.T) {
	ks := keys(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			_, _ = w.Write(huaweiLikeMetadata(ks.huawei.Certificate.Raw))
		case "/huge":
			_, _ = w.Write(bytes.Repeat([]byte(" "), saml.MaxMetadataBytes+10))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	if _, err := saml.FetchSPMetadata(ctx, srv.Client(), srv.URL+"/ok"); err != nil {
		t.Fatal(err)
	}
	if _, err := saml.FetchSPMetadata(ctx, nil, srv.URL+"/missing"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("404: %v", err)
	}
	if _, err := saml.FetchSPMetadata(ctx, nil, srv.URL+"/huge"); !errors.Is(err, saml.ErrTooLarge) {
		t.Errorf("huge: %v", err)
	}
	var ce *saml.ConfigError
	if _, err := saml.FetchSPMetadata(ctx, nil, "http://auth.huaweicloud.com/authui/saml/metadata.xml"); !errors.As(err, &ce) {
		t.Errorf("plain http to a remote host: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := saml.FetchSPMetadata(cctx, nil, srv.URL+"/ok"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// The generated IdP metadata passes the package's own check and is read by
// crewjam/saml (an independent parser) with the same values.
func TestGenerateIdPMetadata(t *testing.T) {
	ks := keys(t)
	cfg := saml.IdPMetadataConfig{
		EntityID:    "https://www.example.com",
		SSOURL:      "https://www.example.com/saml/login",
		SLOURL:      "https://www.example.com/saml/logout",
		Certificate: ks.partner.Certificate,
	}
	md, err := saml.GenerateIdPMetadata(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(md) > saml.MaxMetadataBytes || !bytes.HasPrefix(md, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("metadata header or size: %d", len(md))
	}
	if err := saml.CheckIdPMetadata(md); err != nil {
		t.Fatal(err)
	}
	var ed crewsaml.EntityDescriptor
	if err := xml.Unmarshal(md, &ed); err != nil {
		t.Fatal(err)
	}
	if ed.EntityID != cfg.EntityID || len(ed.IDPSSODescriptors) != 1 {
		t.Fatalf("entity %+v", ed)
	}
	d := ed.IDPSSODescriptors[0]
	if len(d.SingleSignOnServices) != 1 || d.SingleSignOnServices[0].Location != cfg.SSOURL || d.SingleSignOnServices[0].Binding != crewsaml.HTTPRedirectBinding {
		t.Errorf("SSO %+v", d.SingleSignOnServices)
	}
	if len(d.SingleLogoutServices) != 1 || d.SingleLogoutServices[0].Location != cfg.SLOURL {
		t.Errorf("SLO %+v", d.SingleLogoutServices)
	}
	if len(d.KeyDescriptors) != 1 || d.KeyDescriptors[0].Use != "signing" {
		t.Fatalf("keys %+v", d.KeyDescriptors)
	}
	der, _ := base64.StdEncoding.DecodeString(d.KeyDescriptors[0].KeyInfo.X509Data.X509Certificates[0].Data)
	if !bytes.Equal(der, ks.partner.Certificate.Raw) {
		t.Error("certificate differs")
	}
	if len(d.NameIDFormats) != 1 || d.NameIDFormats[0] != "urn:oasis:names:tc:SAML:2.0:nameid-format:transient" {
		t.Errorf("NameIDFormat %v", d.NameIDFormats)
	}

	var ce *saml.ConfigError
	for name, bad := range map[string]saml.IdPMetadataConfig{
		"no entityID":  {SSOURL: cfg.SSOURL, Certificate: cfg.Certificate},
		"relative SSO": {EntityID: cfg.EntityID, SSOURL: "/saml/login", Certificate: cfg.Certificate},
		"bad SLO":      {EntityID: cfg.EntityID, SSOURL: cfg.SSOURL, SLOURL: "ftp://x", Certificate: cfg.Certificate},
		"no cert":      {EntityID: cfg.EntityID, SSOURL: cfg.SSOURL},
		"long entity":  {EntityID: strings.Repeat("e", 1025), SSOURL: cfg.SSOURL, Certificate: cfg.Certificate},
	} {
		if _, err := saml.GenerateIdPMetadata(bad); !errors.As(err, &ce) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestCheckIdPMetadataRejects(t *testing.T) {
	ks := keys(t)
	good, err := saml.GenerateIdPMetadata(saml.IdPMetadataConfig{EntityID: "https://www.example.com", SSOURL: "https://www.example.com/saml/login", Certificate: ks.partner.Certificate})
	if err != nil {
		t.Fatal(err)
	}
	g := string(good)
	for name, doc := range map[string]string{
		"too large":       g + "<!--" + strings.Repeat("x", saml.MaxMetadataBytes) + "-->",
		"not UTF-8":       strings.Replace(g, "https://www.example.com\"", "https://www.ex\xffample.com\"", 1),
		"DOCTYPE":         strings.Replace(g, "?>", "?><!DOCTYPE md:EntityDescriptor>", 1),
		"two roots":       g + "<x/>",
		"text after root": g + "junk",
		"truncated":       g[:len(g)/2],
		"no SSO":          strings.Replace(g, "SingleSignOnService", "ArtifactResolutionService", 2),
		"POST-only SSO":   strings.Replace(g, "bindings:HTTP-Redirect\" Location=\"https://www.example.com/saml/login", "bindings:HTTP-POST\" Location=\"https://www.example.com/saml/login", 1),
		"no certificate":  strings.Replace(g, `use="signing"`, `use="encryption"`, 1),
		"no entityID":     strings.Replace(g, `entityID="https://www.example.com"`, ``, 1),
		"SP metadata":     string(huaweiLikeMetadata(ks.huawei.Certificate.Raw)),
	} {
		if err := saml.CheckIdPMetadata([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestFakeSPMetadataParses(t *testing.T) {
	hw, err := samltest.New(samltest.Config{BaseURL: "http://sandbox.test:8080", KeyPair: keys(t).huawei})
	if err != nil {
		t.Fatal(err)
	}
	m, err := saml.ParseSPMetadata(hw.SPMetadata())
	if err != nil {
		t.Fatal(err)
	}
	if m.EntityID != "http://sandbox.test:8080/" || m.AssertionConsumerServices[0].Location != hw.ACSURL() {
		t.Errorf("%v %+v", m, m.AssertionConsumerServices)
	}
}
