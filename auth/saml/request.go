package saml

import (
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// AuthnRequest is a SAMLRequest from Huawei whose signature, issuer, time
// and destination were checked by IdP.ParseRequest. Only ParseRequest makes
// values that IdP.Respond accepts.
type AuthnRequest struct {
	// ID is the request ID; the response answers it (InResponseTo).
	ID string
	// IssueInstant is when Huawei issued the request.
	IssueInstant time.Time
	// Issuer is Huawei's entityID.
	Issuer string
	// Destination is the SSO URL the request was addressed to (may be empty).
	Destination string
	// AssertionConsumerServiceURL is where the SAMLResponse will be posted:
	// the URL the request asked for, checked against the SP metadata, or the
	// metadata's default.
	AssertionConsumerServiceURL string
	// ForceAuthn asks the IdP to authenticate the customer afresh.
	ForceAuthn bool
	// IsPassive asks the IdP not to interact with the customer.
	IsPassive bool
	// RelayState is the opaque value Huawei sent along; it is returned
	// unchanged with the response.
	RelayState string
	// NameIDFormat is the Format of the request's NameIDPolicy, empty when
	// the request has none. Huawei asks for transient; a format the IdP
	// cannot produce (see NameIDFormatSupported) is answered by Respond
	// with the InvalidNameIDPolicy status instead of an assertion.
	NameIDFormat string

	verifiedBy *IdP
}

type xmlAuthnRequest struct {
	XMLName         xml.Name
	ID              string `xml:"ID,attr"`
	Version         string `xml:"Version,attr"`
	IssueInstant    string `xml:"IssueInstant,attr"`
	Destination     string `xml:"Destination,attr"`
	ACSURL          string `xml:"AssertionConsumerServiceURL,attr"`
	ACSIndex        string `xml:"AssertionConsumerServiceIndex,attr"`
	ProtocolBinding string `xml:"ProtocolBinding,attr"`
	ForceAuthn      string `xml:"ForceAuthn,attr"`
	IsPassive       string `xml:"IsPassive,attr"`
	Issuer          string `xml:"urn:oasis:names:tc:SAML:2.0:assertion Issuer"`
	NameIDPolicy    *struct {
		Format string `xml:"Format,attr"`
	} `xml:"urn:oasis:names:tc:SAML:2.0:protocol NameIDPolicy"`
}

// NameIDFormatSupported reports whether the IdP can answer a NameIDPolicy
// with this Format: absent, unspecified or transient (the format Huawei's
// SP metadata lists and its requests carry). Persistent, e-mail and the
// other formats would need an identifier the partner platform keeps per
// customer, which this package does not invent; SAML Core 3.4.1.1 asks for
// an InvalidNameIDPolicy status then.
func NameIDFormatSupported(format string) bool {
	switch format {
	case "", nameIDTransient, nameIDUnspecified:
		return true
	}
	return false
}

// redirectSignedContent is the octet string a SAML HTTP-Redirect signature
// covers (SAML Bindings 2.0, section 3.4.4.1): the parameters in the fixed
// order SAMLRequest, RelayState (only when present in the query), SigAlg,
// each with its value exactly as received, still URL-encoded. The Huawei
// documentation does not spell this out (open question 2 of
// web-ui-saml.md); this function is the only place that decides it.
func redirectSignedContent(samlRequest, relayState, sigAlg param) []byte {
	var b strings.Builder
	b.WriteString("SAMLRequest=")
	b.WriteString(samlRequest.raw)
	if relayState.present {
		b.WriteString("&RelayState=")
		b.WriteString(relayState.raw)
	}
	b.WriteString("&SigAlg=")
	b.WriteString(sigAlg.raw)
	return []byte(b.String())
}

// ParseRequest verifies the SAMLRequest that Huawei sent to the partner's
// SingleSignOnService with the HTTP-Redirect binding and returns it. In
// order, it checks: the method (GET), the size of the query, that the
// message is signed with rsa-sha256 by a certificate of the SP metadata
// (before any XML is read), the size of the inflated XML, the shape of the
// AuthnRequest, its IssueInstant against MaxRequestAge and ClockSkew, its
// Issuer against the SP entityID, its Destination against SSOURL and its
// assertion consumer service against the SP metadata. Replays are detected
// later, by Respond, when the request is answered.
//
// Errors are *Error values wrapping one of the sentinel errors; HTTPStatus
// maps them to a status code. r's context is not otherwise used.
func (p *IdP) ParseRequest(r *http.Request) (*AuthnRequest, error) {
	if r == nil || r.URL == nil {
		return nil, newError(ErrMalformed, "no request")
	}
	if r.Method != http.MethodGet {
		return nil, newError(ErrMethod, "the HTTP-Redirect binding uses GET")
	}
	if len(r.URL.RawQuery) > MaxQueryBytes {
		return nil, newError(ErrTooLarge, "query string exceeds the limit")
	}
	ps, err := parseParams(r.URL.RawQuery, "SAMLRequest", "RelayState", "SigAlg", "Signature")
	if err != nil {
		return nil, err
	}
	samlReq, relay, sigAlg, sig := ps["SAMLRequest"], ps["RelayState"], ps["SigAlg"], ps["Signature"]
	if !samlReq.present || samlReq.value == "" {
		return nil, newError(ErrMalformed, "SAMLRequest is missing")
	}
	if len(relay.value) > MaxRelayStateBytes {
		return nil, newError(ErrTooLarge, "RelayState exceeds the limit")
	}
	if !sig.present && !sigAlg.present {
		return nil, newError(ErrUnsigned, "SAMLRequest carries no Signature and no SigAlg")
	}
	if err := checkSigAlg(sigAlg); err != nil {
		return nil, err
	}
	sigBytes, err := decodeSignature(sig)
	if err != nil {
		return nil, err
	}
	if !verifyRSASHA256(p.sp.SigningCertificates, redirectSignedContent(samlReq, relay, sigAlg), sigBytes) {
		return nil, newError(ErrBadSignature, "SAMLRequest signature does not verify with the SP metadata certificates")
	}

	// Authentic from here on; still bounded and checked.
	x, err := inflateRequest(samlReq.value)
	if err != nil {
		return nil, err
	}
	var ar xmlAuthnRequest
	if err := decodeSingleRoot(x, &ar); err != nil {
		return nil, newError(ErrMalformed, "SAMLRequest is not well-formed XML with one root element")
	}
	if ar.XMLName.Space != nsProtocol || ar.XMLName.Local != "AuthnRequest" {
		return nil, newError(ErrMalformed, "SAMLRequest is not a SAML 2.0 AuthnRequest")
	}
	if ar.Version != "2.0" {
		return nil, newError(ErrMalformed, "AuthnRequest Version is not 2.0")
	}
	if !validID(ar.ID) {
		return nil, newError(ErrMalformed, "AuthnRequest ID is missing or invalid")
	}
	issued, err := time.Parse(time.RFC3339Nano, ar.IssueInstant)
	if err != nil {
		return nil, newError(ErrMalformed, "AuthnRequest IssueInstant is missing or invalid")
	}
	now := p.now()
	if issued.After(now.Add(p.cfg.ClockSkew)) {
		return nil, newError(ErrStale, "AuthnRequest IssueInstant lies in the future beyond the allowed clock skew")
	}
	if issued.Before(now.Add(-p.cfg.MaxRequestAge)) {
		return nil, newError(ErrStale, "AuthnRequest is older than the maximum request age")
	}
	issuer := strings.TrimSpace(ar.Issuer)
	if issuer != p.sp.EntityID {
		return nil, newError(ErrMismatch, "AuthnRequest Issuer is not the SP entityID")
	}
	// SAML Bindings 3.4.5.2: a signed message must carry Destination (and
	// every request reaching this point is signed).
	if ar.Destination == "" {
		return nil, newError(ErrMismatch, "signed AuthnRequest has no Destination")
	}
	if ar.Destination != p.cfg.SSOURL {
		return nil, newError(ErrMismatch, "AuthnRequest Destination is not the configured SSOURL")
	}
	if ar.ProtocolBinding != "" && ar.ProtocolBinding != bindingPOST {
		return nil, newError(ErrMismatch, "AuthnRequest asks for a response binding other than HTTP-POST")
	}
	var nameIDFormat string
	if ar.NameIDPolicy != nil {
		nameIDFormat = strings.TrimSpace(ar.NameIDPolicy.Format)
		if len(nameIDFormat) > maxURLBytes {
			return nil, newError(ErrTooLarge, "NameIDPolicy Format exceeds the limit")
		}
	}
	acs, err := p.resolveACS(ar.ACSURL, ar.ACSIndex)
	if err != nil {
		return nil, err
	}
	return &AuthnRequest{
		ID:                          ar.ID,
		IssueInstant:                issued,
		Issuer:                      issuer,
		Destination:                 ar.Destination,
		AssertionConsumerServiceURL: acs,
		ForceAuthn:                  ar.ForceAuthn == "true" || ar.ForceAuthn == "1",
		IsPassive:                   ar.IsPassive == "true" || ar.IsPassive == "1",
		RelayState:                  relay.value,
		NameIDFormat:                nameIDFormat,
		verifiedBy:                  p,
	}, nil
}

// decodeSingleRoot decodes the one root element of data into v and insists
// that nothing but white space, comments and processing instructions
// follows it: a second root element (which a decoder would silently skip)
// makes the document malformed.
func decodeSingleRoot(data []byte, v any) error {
	d := newXMLDecoder(data)
	if err := d.Decode(v); err != nil {
		return err
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.Comment, xml.ProcInst:
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return errors.New("text after the root element")
			}
		default:
			return errors.New("content after the root element")
		}
	}
}

// resolveACS picks the assertion consumer URL: the requested one if the SP
// metadata lists it, the one with the requested index, or the default.
func (p *IdP) resolveACS(u, index string) (string, error) {
	list := p.sp.AssertionConsumerServices
	if len(list) == 0 {
		return "", newError(ErrMismatch, "SP metadata lists no assertion consumer service")
	}
	if u != "" {
		for _, e := range list {
			if e.Location == u {
				return u, nil
			}
		}
		return "", newError(ErrMismatch, "AssertionConsumerServiceURL is not listed in the SP metadata")
	}
	if index != "" {
		for _, e := range list {
			if e.Index >= 0 && index == strconv.Itoa(e.Index) {
				return e.Location, nil
			}
		}
		return "", newError(ErrMismatch, "AssertionConsumerServiceIndex is not listed in the SP metadata")
	}
	return list[0].Location, nil
}

// inflateRequest undoes base64 and raw DEFLATE (RFC 1951), bounded.
func inflateRequest(v string) ([]byte, error) {
	_, compressed, err := decodeBase64(v, MaxQueryBytes)
	if err != nil {
		return nil, err
	}
	fr := flate.NewReader(bytes.NewReader(compressed))
	defer fr.Close()
	out, err := io.ReadAll(io.LimitReader(fr, MaxInflatedRequestBytes+1))
	if err != nil {
		return nil, newError(ErrMalformed, "SAMLRequest is not complete raw DEFLATE data")
	}
	if len(out) > MaxInflatedRequestBytes {
		return nil, newError(ErrTooLarge, "inflated SAMLRequest exceeds the limit")
	}
	return out, nil
}

// validID accepts an xs:ID-like token: 1 to 256 bytes of letters, digits,
// '_', '-' and '.', not starting with a digit, '-' or '.'.
func validID(s string) bool {
	if s == "" || len(s) > maxIDBytes {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_':
		case ('0' <= c && c <= '9') || c == '-' || c == '.':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}
