// Package samltest is a fake Huawei Cloud for the Web UI mode: the IAM side
// of SAML single sign-on (it signs SAMLRequests, consumes and verifies the
// partner's SAMLResponse) and the sender of binding notifications. Tests,
// sandboxes and examples run a partner platform's two endpoints against it,
// in-process and offline. It is not for production use.
//
// The SAMLResponse is verified with github.com/crewjam/saml's service-provider
// code and github.com/russellhaering/goxmldsig's validator, a code path
// independent from the signing code of package saml.
package samltest

import (
	"bytes"
	"compress/flate"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/beevik/etree"
	crewsaml "github.com/crewjam/saml"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
)

// Paths served by Huawei.ServeHTTP. The first three are Huawei's documented
// paths below the IAM login service; the sandbox paths exist only here.
const (
	PathLogin    = "/authui/saml/login"
	PathACS      = "/authui/saml/SAMLAssertionConsumer"
	PathMetadata = "/authui/saml/metadata.xml"
	// PathUnbind sends an unbind notification for ?xAccountType=&xUserId=
	// through the browser, the way a bind notification arrives.
	PathUnbind = "/authui/saml/sandbox/unbind"
	// PathConsole stands in for the Huawei Cloud console after a login
	// without a service URL.
	PathConsole = "/authui/saml/sandbox/console"
)

// SigAlgRSASHA1 is an algorithm the partner side must refuse; tests use it.
const SigAlgRSASHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"

// Config configures a fake Huawei.
type Config struct {
	// BaseURL is where the fake is served, e.g. "http://127.0.0.1:8080".
	// Required (NewServer fills it in).
	BaseURL string
	// EntityID defaults to BaseURL + "/", mirroring
	// "https://auth.huaweicloud.com/".
	EntityID string
	// KeyPair signs requests and notifications; generated when nil.
	KeyPair *KeyPair
	// SignedForm selects the octets notification signatures cover; default
	// saml.SignedFormQuery.
	SignedForm saml.SignedForm
	// BindActionAsString sends bindAction as "0"/"1" instead of 0/1.
	BindActionAsString bool
	// Now supplies the time of new requests; default time.Now. Responses are
	// checked against the real clock (crewjam/saml reads it).
	Now func() time.Time
}

// Partner is a partner platform registered with the fake, as the access
// configuration in Partner Center would register it.
type Partner struct {
	// XAccountType is the platform identifier used in login URLs.
	XAccountType string
	// IdPMetadata is the uploaded IDP Metadata.xml.
	IdPMetadata []byte
	// NotificationURL receives binding notifications.
	NotificationURL string
}

// Account is a Huawei Cloud account bound to a partner customer.
type Account struct {
	XAccountType string
	XUserID      string
	XAccountID   string
	DomainName   string
	DomainID     string
	UserName     string
	UserID       string
}

// Login is a SAMLResponse the fake accepted.
type Login struct {
	XAccountType string
	// RequestID is the AuthnRequest the response answered.
	RequestID string
	// Issuer is the partner IdP's entityID.
	Issuer string
	// NameID is the assertion's subject.
	NameID string
	// Attributes holds the first value of each attribute by Name.
	Attributes map[string]string
	// RelayState came back with the response.
	RelayState string
}

type partnerEntry struct {
	Partner
	idp *crewsaml.EntityDescriptor
	sso string
}

type pendingLogin struct {
	xAccountType string
	requestID    string
	firstLogin   bool
	service      string
	created      time.Time
}

// Huawei is the fake. It is an http.Handler for the paths above and is safe
// for concurrent use.
type Huawei struct {
	base, entityID string
	kp             *KeyPair
	form           saml.SignedForm
	actionAsString bool
	now            func() time.Time
	mux            *http.ServeMux

	mu       sync.Mutex
	partners map[string]*partnerEntry
	pending  map[string]pendingLogin
	accounts map[string]Account
	logins   []Login
}

// New returns a fake Huawei served at cfg.BaseURL.
func New(cfg Config) (*Huawei, error) {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, errors.New("samltest: BaseURL must be an absolute http(s) URL")
	}
	base := strings.TrimSuffix(cfg.BaseURL, "/")
	h := &Huawei{
		base:           base,
		entityID:       cfg.EntityID,
		kp:             cfg.KeyPair,
		form:           cfg.SignedForm,
		actionAsString: cfg.BindActionAsString,
		now:            cfg.Now,
		partners:       map[string]*partnerEntry{},
		pending:        map[string]pendingLogin{},
		accounts:       map[string]Account{},
	}
	if h.entityID == "" {
		h.entityID = base + "/"
	}
	if h.kp == nil {
		if h.kp, err = NewKeyPair("auth.huaweicloud.example"); err != nil {
			return nil, err
		}
	}
	if h.form == "" {
		h.form = saml.SignedFormQuery
	}
	if h.now == nil {
		h.now = time.Now
	}
	h.mux = http.NewServeMux()
	h.mux.HandleFunc(PathMetadata, h.serveMetadata)
	h.mux.HandleFunc(PathLogin, h.serveLogin)
	h.mux.HandleFunc(PathACS, h.serveACS)
	h.mux.HandleFunc(PathUnbind, h.serveUnbind)
	h.mux.HandleFunc(PathConsole, h.serveConsole)
	return h, nil
}

// NewServer starts the fake on a loopback httptest.Server. Close the server
// when done.
func NewServer(cfg Config) (*Huawei, *httptest.Server, error) {
	srv := httptest.NewUnstartedServer(nil)
	cfg.BaseURL = "http://" + srv.Listener.Addr().String()
	h, err := New(cfg)
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	srv.Config.Handler = h
	srv.Start()
	return h, srv, nil
}

// ServeHTTP implements http.Handler.
func (h *Huawei) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// BaseURL is the fake's address; use it as saml.LoginRequest.BaseURL.
func (h *Huawei) BaseURL() string { return h.base + "/" }

// EntityID is the fake's SP entityID.
func (h *Huawei) EntityID() string { return h.entityID }

// ACSURL is the assertion consumer service.
func (h *Huawei) ACSURL() string { return h.base + PathACS }

// MetadataURL is where SPMetadata is served.
func (h *Huawei) MetadataURL() string { return h.base + PathMetadata + "?unsigned=true" }

// KeyPair returns the fake's signing key pair.
func (h *Huawei) KeyPair() *KeyPair { return h.kp }

// SPMetadata renders the fake's SP metadata in the shape of Huawei's
// (AuthnRequestsSigned, WantAssertionsSigned, the same certificate for
// signing and encryption, an HTTP-POST ACS, transient NameIDs).
func (h *Huawei) SPMetadata() []byte {
	cert := base64.StdEncoding.EncodeToString(h.kp.Certificate.Raw)
	keyInfo := `<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>` + cert + `</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="` + xmlEscape(h.entityID) + `">
  <md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">` + keyInfo + `</md:KeyDescriptor>
    <md:KeyDescriptor use="encryption">` + keyInfo + `</md:KeyDescriptor>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="` + xmlEscape(h.base) + `/authui/saml/LogoutServiceHTTPRedirect"/>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="` + xmlEscape(h.ACSURL()) + `" index="0" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
`)
}

// RegisterPartner records a partner platform. The IdP metadata is parsed
// with crewjam/saml, independently of package saml.
func (h *Huawei) RegisterPartner(p Partner) error {
	if p.XAccountType == "" {
		return errors.New("samltest: XAccountType is required")
	}
	var ed crewsaml.EntityDescriptor
	if err := xml.Unmarshal(p.IdPMetadata, &ed); err != nil {
		return fmt.Errorf("samltest: IdP metadata: %w", err)
	}
	sso := ""
	for _, d := range ed.IDPSSODescriptors {
		for _, s := range d.SingleSignOnServices {
			if s.Binding == crewsaml.HTTPRedirectBinding {
				sso = s.Location
			}
		}
	}
	if sso == "" {
		return errors.New("samltest: IdP metadata has no HTTP-Redirect SingleSignOnService")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.partners[p.XAccountType] = &partnerEntry{Partner: p, idp: &ed, sso: sso}
	return nil
}

// Bind records a bound account without a notification, as CreateSubCustomer
// does. Empty Huawei-side fields are generated.
func (h *Huawei) Bind(a Account) (Account, error) {
	if a.XAccountType == "" || a.XUserID == "" {
		return Account{}, errors.New("samltest: XAccountType and XUserID are required")
	}
	if err := fillAccount(&a); err != nil {
		return Account{}, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.accounts[accountKey(a.XAccountType, a.XUserID)] = a
	return a, nil
}

// Account returns the account bound to a partner customer.
func (h *Huawei) Account(xAccountType, xUserID string) (Account, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	a, ok := h.accounts[accountKey(xAccountType, xUserID)]
	return a, ok
}

// Logins returns the SAMLResponses accepted so far.
func (h *Huawei) Logins() []Login {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Login(nil), h.logins...)
}

func accountKey(t, u string) string { return t + "\x00" + u }

func fillAccount(a *Account) error {
	if a.DomainName == "" {
		name := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
				return r
			}
			return '_'
		}, a.XUserID)
		if len(name) > 24 {
			name = name[:24]
		}
		a.DomainName = "hw_" + name
	}
	if a.UserName == "" {
		a.UserName = a.DomainName
	}
	var err error
	if a.DomainID == "" {
		if a.DomainID, err = randomToken(32, "0123456789abcdef"); err != nil {
			return err
		}
	}
	if a.UserID == "" {
		if a.UserID, err = randomToken(32, "0123456789abcdef"); err != nil {
			return err
		}
	}
	return nil
}

// RequestOptions shape a SAMLRequest; the zero value is what Huawei sends.
type RequestOptions struct {
	// ID defaults to '_' and 36 lower-case letters and digits, as in
	// Huawei's sample.
	ID string
	// IssueInstant defaults to Config.Now.
	IssueInstant time.Time
	// RelayState defaults to a random token; NoRelayState leaves it out.
	RelayState   string
	NoRelayState bool
	// Issuer defaults to the fake's entityID; Destination to the partner's
	// SSO URL; ACSURL to the fake's ACS.
	Issuer      string
	Destination string
	ACSURL      string
	// SigAlg defaults to rsa-sha256; SigAlgRSASHA1 signs with SHA-1.
	SigAlg string
	// Unsigned leaves out SigAlg and Signature.
	Unsigned bool
	// SignWith signs with another key (a wrong signer).
	SignWith *KeyPair
	// NoDestination leaves the Destination attribute out.
	NoDestination bool
	// NameIDFormat replaces the Format of NameIDPolicy (default transient).
	NameIDFormat string
	// XML replaces the AuthnRequest document (it is still deflated and
	// signed); Deflated replaces the compressed bytes.
	XML      []byte
	Deflated []byte
}

// NewAuthnRequest returns the partner SSO URL carrying a signed SAMLRequest
// (HTTP-Redirect binding) and the request ID.
func (h *Huawei) NewAuthnRequest(xAccountType string, o RequestOptions) (string, string, error) {
	h.mu.Lock()
	p, ok := h.partners[xAccountType]
	h.mu.Unlock()
	if !ok {
		return "", "", fmt.Errorf("samltest: unknown xAccountType %q", xAccountType)
	}
	var err error
	if o.ID == "" {
		if o.ID, err = randomToken(36, "abcdefghijklmnopqrstuvwxyz0123456789"); err != nil {
			return "", "", err
		}
		o.ID = "_" + o.ID
	}
	if o.IssueInstant.IsZero() {
		o.IssueInstant = h.now()
	}
	if o.RelayState == "" && !o.NoRelayState {
		if o.RelayState, err = randomToken(24, "abcdefghijklmnopqrstuvwxyz0123456789"); err != nil {
			return "", "", err
		}
	}
	if o.Issuer == "" {
		o.Issuer = h.entityID
	}
	if o.Destination == "" {
		o.Destination = p.sso
	}
	if o.ACSURL == "" {
		o.ACSURL = h.ACSURL()
	}
	if o.SigAlg == "" {
		o.SigAlg = saml.SigAlgRSASHA256
	}
	if o.NameIDFormat == "" {
		o.NameIDFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
	}
	doc := o.XML
	if doc == nil {
		dest := `" Destination="` + xmlEscape(o.Destination)
		if o.NoDestination {
			dest = ""
		}
		doc = []byte(`<?xml version="1.0" encoding="UTF-8"?><saml2p:AuthnRequest xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" AssertionConsumerServiceURL="` + xmlEscape(o.ACSURL) +
			dest + `" ForceAuthn="false" ID="` + xmlEscape(o.ID) + `" IsPassive="false" IssueInstant="` +
			o.IssueInstant.UTC().Format("2006-01-02T15:04:05.000Z") + `" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Version="2.0"><saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">` +
			xmlEscape(o.Issuer) + `</saml2:Issuer><saml2p:NameIDPolicy AllowCreate="true" Format="` + xmlEscape(o.NameIDFormat) + `" SPNameQualifier="` +
			xmlEscape(h.entityID) + `"/></saml2p:AuthnRequest>`)
	}
	compressed := o.Deflated
	if compressed == nil {
		var buf bytes.Buffer
		fw, err := flate.NewWriter(&buf, flate.BestCompression)
		if err != nil {
			return "", "", err
		}
		if _, err := fw.Write(doc); err != nil {
			return "", "", err
		}
		if err := fw.Close(); err != nil {
			return "", "", err
		}
		compressed = buf.Bytes()
	}
	q := "SAMLRequest=" + url.QueryEscape(base64.StdEncoding.EncodeToString(compressed))
	if !o.NoRelayState {
		q += "&RelayState=" + url.QueryEscape(o.RelayState)
	}
	if !o.Unsigned {
		q += "&SigAlg=" + url.QueryEscape(o.SigAlg)
		kp := h.kp
		if o.SignWith != nil {
			kp = o.SignWith
		}
		sig, err := signRSA(kp, o.SigAlg, []byte(q))
		if err != nil {
			return "", "", err
		}
		q += "&Signature=" + url.QueryEscape(base64.StdEncoding.EncodeToString(sig))
	}
	sep := "?"
	if strings.Contains(p.sso, "?") {
		sep = "&"
	}
	return p.sso + sep + q, o.ID, nil
}

func signRSA(kp *KeyPair, sigAlg string, content []byte) ([]byte, error) {
	if sigAlg == SigAlgRSASHA1 {
		d := sha1.Sum(content)
		return rsa.SignPKCS1v15(rand.Reader, kp.Key, crypto.SHA1, d[:])
	}
	d := sha256.Sum256(content)
	return rsa.SignPKCS1v15(rand.Reader, kp.Key, crypto.SHA256, d[:])
}

// ConsumeResponse verifies a posted SAMLResponse as Huawei's SP would, with
// crewjam/saml's ServiceProvider (signature with the partner's metadata
// certificate, Destination, InResponseTo among requestIDs, Issuer, time
// conditions, Audience, Recipient) plus a goxmldsig check that the
// Assertion itself is signed, and returns what it asserts.
func (h *Huawei) ConsumeResponse(xAccountType string, form url.Values, requestIDs ...string) (*Login, error) {
	h.mu.Lock()
	p, ok := h.partners[xAccountType]
	h.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("samltest: unknown xAccountType %q", xAccountType)
	}
	raw, err := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
	if err != nil {
		return nil, errors.New("samltest: SAMLResponse is not base64")
	}
	acs, err := url.Parse(h.ACSURL())
	if err != nil {
		return nil, err
	}
	sp := crewsaml.ServiceProvider{EntityID: h.entityID, AcsURL: *acs, IDPMetadata: p.idp}
	a, err := sp.ParseXMLResponse(raw, requestIDs, *acs)
	if err != nil {
		var ire *crewsaml.InvalidResponseError
		if errors.As(err, &ire) && ire.PrivateErr != nil {
			return nil, fmt.Errorf("samltest: SAMLResponse rejected: %w", ire.PrivateErr)
		}
		return nil, fmt.Errorf("samltest: SAMLResponse rejected: %w", err)
	}
	if err := h.checkAssertionSigned(p, raw); err != nil {
		return nil, err
	}
	l := &Login{XAccountType: xAccountType, Issuer: a.Issuer.Value, Attributes: map[string]string{}, RelayState: form.Get("RelayState")}
	if a.Subject != nil {
		if a.Subject.NameID != nil {
			l.NameID = a.Subject.NameID.Value
		}
		for _, sc := range a.Subject.SubjectConfirmations {
			if sc.SubjectConfirmationData != nil {
				l.RequestID = sc.SubjectConfirmationData.InResponseTo
			}
		}
	}
	for _, st := range a.AttributeStatements {
		for _, at := range st.Attributes {
			if len(at.Values) > 0 {
				l.Attributes[at.Name] = at.Values[0].Value
			}
		}
	}
	return l, nil
}

// checkAssertionSigned insists on a valid signature on the Assertion element
// itself (Huawei's WantAssertionsSigned), whether or not the Response is
// signed too.
func (h *Huawei) checkAssertionSigned(p *partnerEntry, raw []byte) error {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(raw); err != nil {
		return errors.New("samltest: SAMLResponse is not XML")
	}
	root := doc.Root()
	if root == nil {
		return errors.New("samltest: SAMLResponse is empty")
	}
	var assertion *etree.Element
	for _, el := range root.ChildElements() {
		if el.Tag == "Assertion" && el.NamespaceURI() == "urn:oasis:names:tc:SAML:2.0:assertion" {
			if assertion != nil {
				return errors.New("samltest: more than one Assertion")
			}
			assertion = el
		}
	}
	if assertion == nil {
		return errors.New("samltest: no Assertion")
	}
	store := &dsig.MemoryX509CertificateStore{}
	for _, d := range p.idp.IDPSSODescriptors {
		for _, kd := range d.KeyDescriptors {
			if kd.Use != "" && kd.Use != "signing" {
				continue
			}
			for _, c := range kd.KeyInfo.X509Data.X509Certificates {
				der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(c.Data), ""))
				if err != nil {
					return errors.New("samltest: IdP certificate is not base64")
				}
				cert, err := x509.ParseCertificate(der)
				if err != nil {
					return errors.New("samltest: IdP certificate cannot be parsed")
				}
				store.Roots = append(store.Roots, cert)
			}
		}
	}
	ctx, err := etreeutils.NSBuildParentContext(assertion)
	if err != nil {
		return err
	}
	if ctx, err = ctx.SubContext(assertion); err != nil {
		return err
	}
	detached, err := etreeutils.NSDetatch(ctx, assertion)
	if err != nil {
		return err
	}
	vc := dsig.NewDefaultValidationContext(store)
	vc.IdAttribute = "ID"
	if _, err := vc.Validate(detached); err != nil {
		return fmt.Errorf("samltest: Assertion signature: %w", err)
	}
	return nil
}

// NotifyOptions shape a binding notification; the zero value signs with the
// configured form.
type NotifyOptions struct {
	// Form overrides Config.SignedForm.
	Form saml.SignedForm
	// ActionAsString overrides Config.BindActionAsString when true.
	ActionAsString bool
	// SigAlg defaults to rsa-sha256; SigAlgRSASHA1 signs with SHA-1.
	SigAlg string
	// Unsigned leaves out SigAlg and Signature.
	Unsigned bool
	// SignWith signs with another key.
	SignWith *KeyPair
	// JSON replaces the JSON document.
	JSON []byte
	// SignContent, when set, is signed instead of the selected form: a
	// hostile sender's choice of octets.
	SignContent []byte
	// LowerEscapes writes the percent-escapes of the body in lower case,
	// as some encoders do.
	LowerEscapes bool
}

// NotificationBody returns the application/x-www-form-urlencoded body of a
// notification for n (bindRequest, SigAlg, Signature), signed over the
// selected form: saml.SignedFormQuery signs
// "bindRequest=<escaped base64>&SigAlg=<escaped URI>" with upper-case
// escapes, saml.SignedFormBase64 the base64 text.
func (h *Huawei) NotificationBody(n saml.BindNotification, o NotifyOptions) (string, error) {
	doc := o.JSON
	if doc == nil {
		var err error
		if doc, err = h.notificationJSON(n, o.ActionAsString || h.actionAsString); err != nil {
			return "", err
		}
	}
	form := o.Form
	if form == "" {
		form = h.form
	}
	sigAlg := o.SigAlg
	if sigAlg == "" {
		sigAlg = saml.SigAlgRSASHA256
	}
	b64 := base64.StdEncoding.EncodeToString(doc)
	qb, qa := url.QueryEscape(b64), url.QueryEscape(sigAlg)
	var content []byte
	switch form {
	case saml.SignedFormQuery:
		content = []byte("bindRequest=" + qb + "&SigAlg=" + qa)
	case saml.SignedFormBase64:
		content = []byte(b64)
	default:
		return "", fmt.Errorf("samltest: unknown signed form %q", form)
	}
	if o.SignContent != nil {
		content = o.SignContent
	}
	if o.LowerEscapes {
		qb, qa = lowerEscapes(qb), lowerEscapes(qa)
	}
	if o.Unsigned {
		return "bindRequest=" + qb, nil
	}
	kp := h.kp
	if o.SignWith != nil {
		kp = o.SignWith
	}
	sig, err := signRSA(kp, sigAlg, content)
	if err != nil {
		return "", err
	}
	return "bindRequest=" + qb + "&SigAlg=" + qa + "&Signature=" + url.QueryEscape(base64.StdEncoding.EncodeToString(sig)), nil
}

// notificationJSON writes the documented fields, leaving out empty ones as
// Huawei's example does.
func (h *Huawei) notificationJSON(n saml.BindNotification, actionAsString bool) ([]byte, error) {
	code := n.Action.Code()
	if code < 0 {
		return nil, fmt.Errorf("samltest: unknown action %q", n.Action)
	}
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	add := func(k string, v any) {
		if s, ok := v.(string); ok && s == "" {
			return
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		kj, _ := json.Marshal(k)
		vj, _ := json.Marshal(v)
		b.Write(kj)
		b.WriteByte(':')
		b.Write(vj)
	}
	add("domainName", n.DomainName)
	add("domainId", n.DomainID)
	add("xUserId", n.XUserID)
	add("xAccountId", n.XAccountID)
	add("userName", n.UserName)
	add("userId", n.UserID)
	if actionAsString {
		add("bindAction", fmt.Sprint(code))
	} else {
		add("bindAction", code)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func lowerEscapes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			b.WriteByte('%')
			b.WriteString(strings.ToLower(s[i+1 : i+3]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// serveMetadata answers GET /authui/saml/metadata.xml.
func (h *Huawei) serveMetadata(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/samlmetadata+xml")
	_, _ = w.Write(h.SPMetadata())
}

// serveLogin answers GET /authui/saml/login?xAccountType=&isFirstLogin=&service=
// with a redirect carrying a signed SAMLRequest to the partner's SSO URL.
func (h *Huawei) serveLogin(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	q := r.URL.Query()
	xat := q.Get("xAccountType")
	relay, err := randomToken(24, "abcdefghijklmnopqrstuvwxyz0123456789")
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	target, id, err := h.NewAuthnRequest(xat, RequestOptions{RelayState: relay})
	if err != nil {
		http.Error(w, "unknown partner platform (xAccountType)", http.StatusBadRequest)
		return
	}
	h.mu.Lock()
	h.prunePending()
	h.pending[relay] = pendingLogin{xAccountType: xat, requestID: id, firstLogin: q.Get("isFirstLogin") == "true", service: q.Get("service"), created: time.Now()}
	h.mu.Unlock()
	http.Redirect(w, r, target, http.StatusFound)
}

// prunePending drops logins older than ten minutes and keeps at most 10000.
func (h *Huawei) prunePending() {
	for k, p := range h.pending {
		if time.Since(p.created) > 10*time.Minute || len(h.pending) > 10000 {
			delete(h.pending, k)
		}
	}
}

// serveACS consumes the SAMLResponse, then either lands the customer
// (bound account) or binds a new account and posts the bind notification
// to the partner through the browser (first login).
func (h *Huawei) serveACS(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	relay := r.PostForm.Get("RelayState")
	h.mu.Lock()
	pl, ok := h.pending[relay]
	delete(h.pending, relay)
	h.mu.Unlock()
	if !ok {
		http.Error(w, "unknown or used RelayState", http.StatusBadRequest)
		return
	}
	login, err := h.ConsumeResponse(pl.xAccountType, r.PostForm, pl.requestID)
	if err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	xUserID := login.Attributes["xUserId"]
	if xUserID == "" {
		http.Error(w, "assertion has no xUserId", http.StatusForbidden)
		return
	}
	h.mu.Lock()
	h.logins = append(h.logins, *login)
	acct, bound := h.accounts[accountKey(pl.xAccountType, xUserID)]
	p := h.partners[pl.xAccountType]
	h.mu.Unlock()

	if bound {
		h.land(w, r, pl.service, acct)
		return
	}
	if !pl.firstLogin {
		http.Error(w, "this customer has no bound Huawei Cloud account; log in with isFirstLogin=true", http.StatusForbidden)
		return
	}
	acct, err = h.Bind(Account{XAccountType: pl.xAccountType, XUserID: xUserID, XAccountID: login.Attributes["xAccountId"]})
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h.notify(w, p, acct, saml.BindActionBind)
}

// serveUnbind unbinds an account and posts the unbind notification.
func (h *Huawei) serveUnbind(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	key := accountKey(q.Get("xAccountType"), q.Get("xUserId"))
	h.mu.Lock()
	acct, ok := h.accounts[key]
	delete(h.accounts, key)
	p := h.partners[q.Get("xAccountType")]
	h.mu.Unlock()
	if !ok || p == nil {
		http.Error(w, "no such bound account", http.StatusNotFound)
		return
	}
	h.notify(w, p, acct, saml.BindActionUnbind)
}

func (h *Huawei) notify(w http.ResponseWriter, p *partnerEntry, a Account, action saml.BindAction) {
	body, err := h.NotificationBody(saml.BindNotification{
		XUserID: a.XUserID, XAccountID: a.XAccountID, DomainName: a.DomainName, DomainID: a.DomainID,
		UserName: a.UserName, UserID: a.UserID, Action: action,
	}, NotifyOptions{})
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	vals, err := url.ParseQuery(body)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	WritePostForm(w, p.NotificationURL, [][2]string{
		{"bindRequest", vals.Get("bindRequest")}, {"SigAlg", vals.Get("SigAlg")}, {"Signature", vals.Get("Signature")},
	})
}

// land redirects a logged-in customer to service, or to the sandbox console.
func (h *Huawei) land(w http.ResponseWriter, r *http.Request, service string, a Account) {
	if service == "" {
		service = h.base + PathConsole + "?domainName=" + url.QueryEscape(a.DomainName)
	}
	http.Redirect(w, r, service, http.StatusFound)
}

func (h *Huawei) serveConsole(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "Huawei Cloud console (sandbox): logged in as "+r.URL.Query().Get("domainName")+"\n")
}

// WritePostForm writes a self-submitting HTML form posting fields to action,
// in the shape Browser understands.
func WritePostForm(w http.ResponseWriter, action string, fields [][2]string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><body><form method="post" action="` + html.EscapeString(action) + "\">\n")
	for _, f := range fields {
		if f[1] == "" {
			continue
		}
		b.WriteString(`<input type="hidden" name="` + html.EscapeString(f[0]) + `" value="` + html.EscapeString(f[1]) + "\">\n")
	}
	b.WriteString(`</form><script>document.forms[0].submit();</script></body></html>` + "\n")
	_, _ = io.WriteString(w, b.String())
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func randomToken(n int, alphabet string) (string, error) {
	out := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range out {
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		out[i] = alphabet[k.Int64()]
	}
	return string(out), nil
}
