package saml

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

// Response is a signed SAMLResponse ready to be posted to Huawei's assertion
// consumer service by the customer's browser.
type Response struct {
	// URL is the assertion consumer service the form posts to.
	URL string
	// SAMLResponse is the base64 form field. It holds personal data: do not
	// log it.
	SAMLResponse string
	// RelayState is returned unchanged from the request.
	RelayState string
	// ID and AssertionID identify the response and its assertion.
	ID          string
	AssertionID string
}

// String describes the response without its content.
func (r Response) String() string {
	return fmt.Sprintf("Response(id=%s, assertion=%s, url=%s, bytes=%d)", r.ID, r.AssertionID, r.URL, len(r.SAMLResponse))
}

// WriteForm answers the browser with the usual self-submitting HTML form
// (SAML HTTP-POST binding) that carries SAMLResponse and RelayState to URL.
// A button is shown when scripts are disabled. The page is not cacheable
// and its Content-Security-Policy admits only its own script.
func (r *Response) WriteForm(w http.ResponseWriter) error {
	if r == nil {
		return newError(ErrMalformed, "nil response")
	}
	return writePostForm(w, r.URL, [][2]string{{"SAMLResponse", r.SAMLResponse}, {"RelayState", r.RelayState}})
}

// writePostForm writes an auto-submitting form with the given non-empty
// fields.
func writePostForm(w http.ResponseWriter, action string, fields [][2]string) error {
	nonce, err := randomHex(16)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-"+nonce+"'; base-uri 'none'; frame-ancestors 'none'")
	w.WriteHeader(http.StatusOK)
	b := make([]byte, 0, 1024)
	b = append(b, `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Continue</title></head>
<body>
<form id="saml-post" method="post" action="`...)
	b = append(b, html.EscapeString(action)...)
	b = append(b, "\">\n"...)
	for _, f := range fields {
		if f[1] == "" {
			continue
		}
		b = append(b, `<input type="hidden" name="`...)
		b = append(b, html.EscapeString(f[0])...)
		b = append(b, `" value="`...)
		b = append(b, html.EscapeString(f[1])...)
		b = append(b, "\">\n"...)
	}
	b = append(b, `<noscript><button type="submit">Continue</button></noscript>
</form>
<script nonce="`...)
	b = append(b, nonce...)
	b = append(b, `">document.getElementById("saml-post").submit();</script>
</body></html>
`...)
	_, err = w.Write(b)
	return err
}

// newID returns a fresh SAML ID: '_' and 32 hex digits (128 random bits).
func newID() (string, error) {
	h, err := randomHex(16)
	if err != nil {
		return "", err
	}
	return "_" + h, nil
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("saml: random: %w", err)
	}
	return hex.EncodeToString(b), nil
}

func samlTime(t time.Time) string { return t.UTC().Format(samlTimeLayout) }

// buildResponse renders and signs the SAMLResponse XML for req and c.
//
// Layout (prefixes as in Huawei's sample): saml2p:Response with Destination
// and InResponseTo, Issuer, Status Success, and one saml2:Assertion holding
// Issuer, the enveloped ds:Signature, Subject (transient NameID, bearer
// confirmation for the ACS), Conditions (AudienceRestriction to the SP
// entityID), AttributeStatement and, last, AuthnStatement. The assertion is
// signed (rsa-sha256, SHA-256 digest, exclusive c14n); the Response itself
// only when IdPConfig.SignResponse is set.
func (p *IdP) buildResponse(req *AuthnRequest, c *Customer, now time.Time) (xmlDoc []byte, respID, assertionID string, err error) {
	if respID, err = newID(); err != nil {
		return nil, "", "", err
	}
	if assertionID, err = newID(); err != nil {
		return nil, "", "", err
	}
	nameID := c.NameID
	if nameID == "" {
		if nameID, err = newID(); err != nil {
			return nil, "", "", err
		}
	}
	issueInstant := samlTime(now)
	notBefore := samlTime(now.Add(-p.cfg.ClockSkew))
	notOnOrAfter := samlTime(now.Add(p.cfg.AssertionLifetime))
	acs := req.AssertionConsumerServiceURL

	a := etree.NewElement("saml2:Assertion")
	a.CreateAttr("xmlns:saml2", nsAssertion)
	a.CreateAttr("xmlns:xs", nsXS)
	a.CreateAttr("xmlns:xsi", nsXSI)
	a.CreateAttr("ID", assertionID)
	a.CreateAttr("IssueInstant", issueInstant)
	a.CreateAttr("Version", "2.0")
	a.CreateElement("saml2:Issuer").SetText(p.cfg.EntityID)

	subj := a.CreateElement("saml2:Subject")
	nid := subj.CreateElement("saml2:NameID")
	nid.CreateAttr("Format", nameIDTransient)
	nid.CreateAttr("NameQualifier", p.cfg.EntityID)
	nid.CreateAttr("SPNameQualifier", p.sp.EntityID)
	nid.SetText(nameID)
	sc := subj.CreateElement("saml2:SubjectConfirmation")
	sc.CreateAttr("Method", cmBearer)
	scd := sc.CreateElement("saml2:SubjectConfirmationData")
	scd.CreateAttr("InResponseTo", req.ID)
	scd.CreateAttr("NotOnOrAfter", notOnOrAfter)
	scd.CreateAttr("Recipient", acs)

	cond := a.CreateElement("saml2:Conditions")
	cond.CreateAttr("NotBefore", notBefore)
	cond.CreateAttr("NotOnOrAfter", notOnOrAfter)
	cond.CreateElement("saml2:AudienceRestriction").CreateElement("saml2:Audience").SetText(p.sp.EntityID)

	as := a.CreateElement("saml2:AttributeStatement")
	for _, kv := range c.attributes() {
		addAttribute(as, kv[0], kv[1])
	}

	authn := a.CreateElement("saml2:AuthnStatement")
	authn.CreateAttr("AuthnInstant", issueInstant)
	authn.CreateAttr("SessionIndex", assertionID)
	authn.CreateElement("saml2:AuthnContext").CreateElement("saml2:AuthnContextClassRef").SetText(acUnspecified)

	signedA, err := p.signEnveloped(a)
	if err != nil {
		return nil, "", "", err
	}

	resp := etree.NewElement("saml2p:Response")
	resp.CreateAttr("xmlns:saml2p", nsProtocol)
	resp.CreateAttr("xmlns:saml2", nsAssertion)
	resp.CreateAttr("Destination", acs)
	resp.CreateAttr("ID", respID)
	resp.CreateAttr("InResponseTo", req.ID)
	resp.CreateAttr("IssueInstant", issueInstant)
	resp.CreateAttr("Version", "2.0")
	resp.CreateElement("saml2:Issuer").SetText(p.cfg.EntityID)
	resp.CreateElement("saml2p:Status").CreateElement("saml2p:StatusCode").CreateAttr("Value", statusSuccess)
	resp.AddChild(signedA)
	if p.cfg.SignResponse {
		if resp, err = p.signEnveloped(resp); err != nil {
			return nil, "", "", err
		}
	}

	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	doc.SetRoot(resp)
	out, err := doc.WriteToBytes()
	if err != nil {
		return nil, "", "", fmt.Errorf("saml: render response: %w", err)
	}
	return out, respID, assertionID, nil
}

// addAttribute appends one attribute. Name and FriendlyName both carry the
// documented attribute name, with the URI name format; the value is typed
// xs:string. The format choice lives here only (open question 6).
func addAttribute(parent *etree.Element, name, value string) {
	at := parent.CreateElement("saml2:Attribute")
	at.CreateAttr("FriendlyName", name)
	at.CreateAttr("Name", name)
	at.CreateAttr("NameFormat", attrNameFormatURI)
	v := at.CreateElement("saml2:AttributeValue")
	v.CreateAttr("xsi:type", "xs:string")
	v.SetText(value)
}

// signEnveloped returns a copy of el with an enveloped XML signature
// (goxmldsig: exclusive c14n without comments, rsa-sha256, SHA-256 digest,
// the certificate in KeyInfo) placed right after the element's Issuer,
// where the SAML schema puts it.
func (p *IdP) signEnveloped(el *etree.Element) (*etree.Element, error) {
	ctx, err := dsig.NewSigningContext(p.signer, [][]byte{p.cert.Raw})
	if err != nil {
		return nil, fmt.Errorf("saml: signing context: %w", err)
	}
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	if err := ctx.SetSignatureMethod(dsig.RSASHA256SignatureMethod); err != nil {
		return nil, fmt.Errorf("saml: signing context: %w", err)
	}
	// The enveloped-signature transform leaves the Signature out of the
	// digest, so it can be built for el and then placed after the Issuer.
	// goxmldsig canonicalizes the element it digests in place; it gets a
	// copy so that the emitted element keeps its namespace declarations
	// (xmlns:xs, which exclusive c14n drops because only the xsi:type
	// value uses it).
	sig, err := ctx.ConstructSignature(el.Copy(), true)
	if err != nil {
		return nil, fmt.Errorf("saml: sign %s: %w", el.Tag, err)
	}
	signed := el.Copy()
	pos := 0
	for i, t := range signed.Child {
		if ce, ok := t.(*etree.Element); ok && ce.Tag == "Issuer" {
			pos = i + 1
			break
		}
	}
	signed.InsertChildAt(pos, sig)
	return signed, nil
}

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
