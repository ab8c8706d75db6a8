package saml_test

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
	"github.com/hcpartner/partner-sdk-go/auth/saml/samltest"
)

// TestXMLSecCrossCheck verifies the signatures with xmlsec1 (libxmlsec1, an
// implementation independent of goxmldsig): the assertion, the outer
// Response when it is signed, and the error-status Response. Rebinding the
// xs prefix or changing an attribute must fail there too. Runs when xmlsec1
// is on PATH (Debian: apt-get install xmlsec1).
func TestXMLSecCrossCheck(t *testing.T) {
	xmlsec, err := exec.LookPath("xmlsec1")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmlsec1 not on PATH: .ci/run installs it (apt-get install xmlsec1)")
		}
		t.Skip("xmlsec1 not on PATH (apt-get install xmlsec1)")
	}
	dir := t.TempDir()
	cert := filepath.Join(dir, "cert.pem")
	if err := os.WriteFile(cert, keys(t).partner.CertificatePEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	verify := func(x []byte, node string) ([]byte, error) {
		f := filepath.Join(dir, "resp.xml")
		if err := os.WriteFile(f, x, 0o600); err != nil {
			t.Fatal(err)
		}
		return exec.Command(xmlsec, "--verify", "--pubkey-cert-pem", cert,
			"--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
			"--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
			"--node-xpath", node, f).CombinedOutput()
	}
	const assertion = "/*[local-name()='Response']/*[local-name()='Assertion']/*[local-name()='Signature']"
	const response = "/*[local-name()='Response']/*[local-name()='Signature']"
	for _, c := range []struct {
		name         string
		signResponse bool
		nameIDFormat string
		nodes        []string
	}{
		{"assertion", false, "", []string{assertion}},
		{"assertion and response", true, "", []string{assertion, response}},
		{"InvalidNameIDPolicy status", false, "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", []string{response}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, envOptions{idp: func(cfg *saml.IdPConfig) { cfg.SignResponse = c.signResponse }})
			e.addCustomer("alice", alice)
			u, _, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{NameIDFormat: c.nameIDFormat})
			if err != nil {
				t.Fatal(err)
			}
			_, form := extractForm(t, e.sso(u, "alice").Body.String())
			x, err := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
			if err != nil {
				t.Fatal(err)
			}
			for _, node := range c.nodes {
				if out, err := verify(x, node); err != nil {
					t.Fatalf("%s: %v\n%s", node, err, out)
				}
			}
			if c.nameIDFormat != "" {
				return
			}
			for _, tamper := range [][2]string{
				{`xmlns:xs="http://www.w3.org/2001/XMLSchema"`, `xmlns:xs="urn:example:other"`},
				{"acct-alice", "acct-mallo"},
			} {
				bad := bytes.Replace(x, []byte(tamper[0]), []byte(tamper[1]), 1)
				if bytes.Equal(bad, x) {
					t.Fatalf("%q not found", tamper[0])
				}
				if out, err := verify(bad, assertion); err == nil {
					t.Errorf("xmlsec1 verified the assertion after %q -> %q: %s", tamper[0], tamper[1], out)
				}
			}
		})
	}
}
