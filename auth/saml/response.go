package saml

import (
	"crypto"
	"crypto/rand"
	"crypto/sha256"
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
	// AssertionID is empty when the response carries an error status.
	ID          string
	AssertionID string
	// Status is the top-level status code URI of the response:
	// "urn:oasis:names:tc:SAML:2.0:status:Success" for a login, or
	// "...:status:Requester" when the request could not be met; SubStatus
	// then names why (for example "...:status:InvalidNameIDPolicy").
	Status    string
	SubStatus string
}

// String describes the response without its content.
func (r Response) String() string {
	return fmt.Sprintf("Response(id=%s, assertion=%s, status=%s, url=%s, bytes=%d)", r.ID, r.AssertionID, r.Status, r.URL, len(r.SAMLResponse))
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

// buildStatusResponse renders a signed SAMLResponse for req that carries
// only a status (top-level code Requester with the given second-level code)
// and no assertion, as SAML Core 3.4.1.1 asks for a NameIDPolicy the IdP
// cannot meet. The Response element itself is signed, since there is no
// assertion to sign.
func (p *IdP) buildStatusResponse(req *AuthnRequest, sub string, now time.Time) (xmlDoc []byte, respID string, err error) {
	if respID, err = newID(); err != nil {
		return nil, "", err
	}
	resp := etree.NewElement("saml2p:Response")
	resp.CreateAttr("xmlns:saml2p", nsProtocol)
	resp.CreateAttr("xmlns:saml2", nsAssertion)
	resp.CreateAttr("Destination", req.AssertionConsumerServiceURL)
	resp.CreateAttr("ID", respID)
	resp.CreateAttr("InResponseTo", req.ID)
	resp.CreateAttr("IssueInstant", samlTime(now))
	resp.CreateAttr("Version", "2.0")
	resp.CreateElement("saml2:Issuer").SetText(p.cfg.EntityID)
	top := resp.CreateElement("saml2p:Status").CreateElement("saml2p:StatusCode")
	top.CreateAttr("Value", statusRequester)
	top.CreateElement("saml2p:StatusCode").CreateAttr("Value", sub)
	signed, err := p.signEnveloped(resp)
	if err != nil {
		return nil, "", err
	}
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	doc.SetRoot(signed)
	out, err := doc.WriteToBytes()
	if err != nil {
		return nil, "", fmt.Errorf("saml: render response: %w", err)
	}
	return out, respID, nil
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

// inclusivePrefixes is the InclusiveNamespaces PrefixList of the
// exclusive c14n transform of every signature made here. Exclusive c14n
// keeps only the namespace declarations that element and attribute names
// use; the "xs" of xsi:type="xs:string" appears only inside an attribute
// value, so without the PrefixList its declaration would not be signed and
// could be rebound to another namespace without breaking the signature.
const inclusivePrefixes = "xs"

// signEnveloped returns a copy of el with an enveloped XML signature placed
// right after the element's Issuer, where the SAML schema puts it:
// exclusive c14n without comments with PrefixList "xs" (see
// inclusivePrefixes), rsa-sha256, a SHA-256 digest, and the certificate in
// KeyInfo. The canonicalizer is goxmldsig's; the SignedInfo is assembled
// here because goxmldsig does not write the InclusiveNamespaces element
// its canonicalizer honours.
func (p *IdP) signEnveloped(el *etree.Element) (*etree.Element, error) {
	id := el.SelectAttrValue("ID", "")
	if id == "" {
		return nil, fmt.Errorf("saml: sign %s: element has no ID", el.Tag)
	}
	// The enveloped-signature transform leaves the Signature out of the
	// digest, so the digest is taken over el before the Signature is
	// inserted. The canonicalizer rewrites what it is given: it gets a copy.
	canon, err := dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList(inclusivePrefixes).Canonicalize(el.Copy())
	if err != nil {
		return nil, fmt.Errorf("saml: canonicalize %s: %w", el.Tag, err)
	}
	digest := sha256.Sum256(canon)

	sig := etree.NewElement("ds:Signature")
	sig.CreateAttr("xmlns:ds", nsDSig)
	si := sig.CreateElement("ds:SignedInfo")
	si.CreateElement("ds:CanonicalizationMethod").CreateAttr("Algorithm", excC14N)
	si.CreateElement("ds:SignatureMethod").CreateAttr("Algorithm", SigAlgRSASHA256)
	ref := si.CreateElement("ds:Reference")
	ref.CreateAttr("URI", "#"+id)
	tr := ref.CreateElement("ds:Transforms")
	tr.CreateElement("ds:Transform").CreateAttr("Algorithm", envelopedSignature)
	c14n := tr.CreateElement("ds:Transform")
	c14n.CreateAttr("Algorithm", excC14N)
	inc := c14n.CreateElement("ec:InclusiveNamespaces")
	inc.CreateAttr("xmlns:ec", excC14N)
	inc.CreateAttr("PrefixList", inclusivePrefixes)
	ref.CreateElement("ds:DigestMethod").CreateAttr("Algorithm", digestSHA256)
	ref.CreateElement("ds:DigestValue").SetText(base64Std(digest[:]))

	// SignedInfo is canonicalized on its own, with its ds declaration (the
	// only one in scope that it uses) made explicit.
	siCopy := si.Copy()
	siCopy.CreateAttr("xmlns:ds", nsDSig)
	siCanon, err := dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("").Canonicalize(siCopy)
	if err != nil {
		return nil, fmt.Errorf("saml: canonicalize SignedInfo: %w", err)
	}
	siDigest := sha256.Sum256(siCanon)
	value, err := p.signer.Sign(rand.Reader, siDigest[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("saml: sign %s: %w", el.Tag, err)
	}
	sig.CreateElement("ds:SignatureValue").SetText(base64Std(value))
	sig.CreateElement("ds:KeyInfo").CreateElement("ds:X509Data").CreateElement("ds:X509Certificate").SetText(base64Std(p.cert.Raw))

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
