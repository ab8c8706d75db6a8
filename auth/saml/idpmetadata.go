package saml

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
)

// IdPMetadataConfig describes the partner platform as a SAML identity
// provider, for the IDP Metadata.xml uploaded in Partner Center (Support >
// Open APIs > Configure, field "IDP Metadata文件"). See
// https://support.huaweicloud.com/devg-bpconsole/access_00001.html.
type IdPMetadataConfig struct {
	// EntityID identifies the partner IdP, e.g. "https://www.example.com".
	// At most 1024 characters (the SAML limit for entity IDs).
	EntityID string
	// SSOURL is the SingleSignOnService location: the public address of the
	// IdP handler, where Huawei sends SAMLRequests (HTTP-Redirect binding).
	SSOURL string
	// SLOURL is an optional SingleLogoutService location (HTTP-Redirect).
	// The documented example declares one; no logout flow is documented.
	SLOURL string
	// Certificate carries the public key Huawei uses to check the partner's
	// signed assertions. RSA, at least 2048 bits.
	Certificate *x509.Certificate
}

// GenerateIdPMetadata renders the IdP metadata document: an EntityDescriptor
// with one IDPSSODescriptor holding the signing certificate, the transient
// NameID format and the HTTP-Redirect SingleSignOnService. The result is
// UTF-8 XML and is checked with CheckIdPMetadata before it is returned.
func GenerateIdPMetadata(cfg IdPMetadataConfig) ([]byte, error) {
	if cfg.EntityID == "" || len(cfg.EntityID) > 1024 || hasControl(cfg.EntityID) {
		return nil, &ConfigError{Field: "EntityID", Reason: "must be 1 to 1024 printable characters"}
	}
	if !isHTTPURL(cfg.SSOURL) {
		return nil, &ConfigError{Field: "SSOURL", Reason: "must be an absolute http(s) URL"}
	}
	if cfg.SLOURL != "" && !isHTTPURL(cfg.SLOURL) {
		return nil, &ConfigError{Field: "SLOURL", Reason: "must be an absolute http(s) URL"}
	}
	if err := checkRSACert(cfg.Certificate); err != nil {
		return nil, &ConfigError{Field: "Certificate", Reason: err.Error()}
	}

	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	ed := doc.CreateElement("md:EntityDescriptor")
	ed.CreateAttr("xmlns:md", nsMetadata)
	ed.CreateAttr("xmlns:ds", nsDSig)
	ed.CreateAttr("entityID", cfg.EntityID)
	idp := ed.CreateElement("md:IDPSSODescriptor")
	idp.CreateAttr("WantAuthnRequestsSigned", "true")
	idp.CreateAttr("protocolSupportEnumeration", nsProtocol)
	kd := idp.CreateElement("md:KeyDescriptor")
	kd.CreateAttr("use", "signing")
	kd.CreateElement("ds:KeyInfo").CreateElement("ds:X509Data").CreateElement("ds:X509Certificate").
		SetText(base64.StdEncoding.EncodeToString(cfg.Certificate.Raw))
	if cfg.SLOURL != "" {
		slo := idp.CreateElement("md:SingleLogoutService")
		slo.CreateAttr("Binding", bindingRedirect)
		slo.CreateAttr("Location", cfg.SLOURL)
	}
	idp.CreateElement("md:NameIDFormat").SetText(nameIDTransient)
	sso := idp.CreateElement("md:SingleSignOnService")
	sso.CreateAttr("Binding", bindingRedirect)
	sso.CreateAttr("Location", cfg.SSOURL)
	doc.Indent(2)
	out, err := doc.WriteToBytes()
	if err != nil {
		return nil, fmt.Errorf("saml: render IdP metadata: %w", err)
	}
	if err := CheckIdPMetadata(out); err != nil {
		return nil, err
	}
	return out, nil
}

// CheckIdPMetadata checks an IdP metadata document against the documented
// upload rules and what Huawei needs from it: UTF-8, well-formed XML without
// a DOCTYPE, at most MaxMetadataBytes, an EntityDescriptor with an entityID
// and a SAML 2.0 IDPSSODescriptor that has an HTTP-Redirect
// SingleSignOnService with an absolute URL and an RSA signing certificate of
// at least 2048 bits. Use it on a hand-made file before uploading it.
func CheckIdPMetadata(data []byte) error {
	if len(data) > MaxMetadataBytes {
		return newError(ErrTooLarge, fmt.Sprintf("metadata is %d bytes, the upload limit is %d", len(data), MaxMetadataBytes))
	}
	if !utf8.Valid(data) {
		return newError(ErrMalformed, "metadata is not UTF-8")
	}
	if err := checkWellFormed(data); err != nil {
		return err
	}
	e, err := decodeEntity(data, false)
	if err != nil {
		return err
	}
	if e.EntityID == "" || len(e.EntityID) > 1024 {
		return newError(ErrMalformed, "entityID must be 1 to 1024 characters")
	}
	var role *mdRole
	for i := range e.IDP {
		if strings.Contains(e.IDP[i].Protocols, nsProtocol) {
			role = &e.IDP[i]
			break
		}
	}
	if role == nil {
		return newError(ErrMalformed, "metadata has no SAML 2.0 IDPSSODescriptor")
	}
	ok := false
	for _, s := range role.SSO {
		if s.Binding == bindingRedirect && isHTTPURL(strings.TrimSpace(s.Location)) {
			ok = true
		}
	}
	if !ok {
		return newError(ErrMalformed, "metadata has no HTTP-Redirect SingleSignOnService with an absolute http(s) Location")
	}
	if _, err := signingCerts(role.Keys); err != nil {
		return err
	}
	return nil
}

// checkWellFormed reads every token: one root element, no DOCTYPE, nothing
// after the root but white space, comments and processing instructions.
func checkWellFormed(data []byte) error {
	d := newXMLDecoder(data)
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return newError(ErrMalformed, "metadata is not well-formed XML")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.Directive:
			return newError(ErrMalformed, "metadata must not contain a DOCTYPE or other directive")
		case xml.CharData:
			if depth == 0 && strings.TrimSpace(string(t)) != "" {
				return newError(ErrMalformed, "text outside the root element")
			}
		}
	}
	if roots != 1 || depth != 0 {
		return newError(ErrMalformed, "metadata must have exactly one root element")
	}
	return nil
}
