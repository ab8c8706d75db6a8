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

// TestJavaCrossCheck verifies the assertion (and response) signatures with
// the JDK's XML signature implementation, the stack a Java SP such as
// Huawei's is likely to use. Opt-in: SAML_JAVA_VERIFY=1 and java on PATH.
func TestJavaCrossCheck(t *testing.T) {
	if os.Getenv("SAML_JAVA_VERIFY") != "1" {
		t.Skip("set SAML_JAVA_VERIFY=1 to run (needs java 11+)")
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("java not found")
	}
	for _, signResponse := range []bool{false, true} {
		e := newEnv(t, envOptions{idp: func(c *saml.IdPConfig) { c.SignResponse = signResponse }})
		e.addCustomer("alice", alice)
		u, _, err := e.hw.NewAuthnRequest(xAccountType, samltest.RequestOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, form := extractForm(t, e.sso(u, "alice").Body.String())
		x, err := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		resp, cert := filepath.Join(dir, "resp.xml"), filepath.Join(dir, "cert.pem")
		_ = os.WriteFile(resp, x, 0o600)
		_ = os.WriteFile(cert, keys(t).partner.CertificatePEM(), 0o600)
		out, err := exec.Command(java, "testdata/VerifyXMLDSig.java", resp, cert).CombinedOutput()
		if err != nil {
			t.Fatalf("signResponse=%v: %v\n%s", signResponse, err, out)
		}
		t.Logf("signResponse=%v: %s", signResponse, bytes.TrimSpace(out))

		// A changed attribute must fail there too.
		_ = os.WriteFile(resp, bytes.Replace(x, []byte("acct-alice"), []byte("acct-mallo"), 1), 0o600)
		if out, err := exec.Command(java, "testdata/VerifyXMLDSig.java", resp, cert).CombinedOutput(); err == nil {
			t.Fatalf("tampered response verified in Java: %s", out)
		}
	}
}
