package saml

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
)

// SPMetadata is what the partner IdP needs from Huawei's SP metadata
// ("可信SAML服务提供商元数据文件"): who Huawei is, where responses go, and the
// certificates whose keys sign Huawei's SAMLRequests and binding
// notifications. The China-site file is published at
// https://auth.huaweicloud.com/authui/saml/metadata.xml?unsigned=true and can
// also be downloaded in Partner Center (Support > Open APIs).
//
// Build it with ParseSPMetadata, LoadSPMetadataFile or FetchSPMetadata; the
// fields are exported so that tests and sandboxes can fill them directly.
type SPMetadata struct {
	// EntityID is Huawei's entityID, "https://auth.huaweicloud.com/" on the
	// China site (with the trailing slash). SAMLRequests must carry it as
	// Issuer; the SAMLResponse uses it as Audience.
	EntityID string
	// AssertionConsumerServices are the HTTP-POST assertion consumer
	// endpoints, the default one first.
	AssertionConsumerServices []Endpoint
	// SigningCertificates hold the RSA keys that may sign Huawei's messages.
	// More than one is accepted to ride out a certificate rollover.
	SigningCertificates []*x509.Certificate
}

// Endpoint is one indexed endpoint of SAML metadata.
type Endpoint struct {
	Location string
	Index    int
}

// String summarises the metadata without certificate bodies.
func (m *SPMetadata) String() string {
	if m == nil {
		return "SPMetadata(nil)"
	}
	return fmt.Sprintf("SPMetadata(entityID=%q, acs=%d, certs=%d)", m.EntityID, len(m.AssertionConsumerServices), len(m.SigningCertificates))
}

// validate checks what the handlers rely on.
func (m *SPMetadata) validate(field string) error {
	if m == nil {
		return &ConfigError{Field: field, Reason: "is nil"}
	}
	if m.EntityID == "" || len(m.EntityID) > maxURLBytes {
		return &ConfigError{Field: field + ".EntityID", Reason: "must be 1 to 2048 characters"}
	}
	if len(m.SigningCertificates) == 0 {
		return &ConfigError{Field: field + ".SigningCertificates", Reason: "no signing certificate"}
	}
	for i, c := range m.SigningCertificates {
		if err := checkRSACert(c); err != nil {
			return &ConfigError{Field: field + ".SigningCertificates[" + strconv.Itoa(i) + "]", Reason: err.Error()}
		}
	}
	for i, e := range m.AssertionConsumerServices {
		if !isHTTPURL(e.Location) {
			return &ConfigError{Field: field + ".AssertionConsumerServices[" + strconv.Itoa(i) + "]", Reason: "not an absolute http(s) URL"}
		}
	}
	return nil
}

// checkRSACert accepts RSA keys of at least 2048 bits.
func checkRSACert(c *x509.Certificate) error {
	if c == nil {
		return errors.New("certificate is nil")
	}
	pub, ok := c.PublicKey.(*rsa.PublicKey)
	if !ok {
		return errors.New("certificate key is not RSA")
	}
	if pub.N.BitLen() < 2048 {
		return fmt.Errorf("RSA key has %d bits, at least 2048 are required", pub.N.BitLen())
	}
	return nil
}

// metadata XML, as far as this package reads it.
type mdEntity struct {
	XMLName  xml.Name
	EntityID string   `xml:"entityID,attr"`
	SP       []mdRole `xml:"urn:oasis:names:tc:SAML:2.0:metadata SPSSODescriptor"`
	IDP      []mdRole `xml:"urn:oasis:names:tc:SAML:2.0:metadata IDPSSODescriptor"`
}

type mdEntities struct {
	Entities []mdEntity `xml:"urn:oasis:names:tc:SAML:2.0:metadata EntityDescriptor"`
}

type mdRole struct {
	Protocols string       `xml:"protocolSupportEnumeration,attr"`
	Keys      []mdKey      `xml:"urn:oasis:names:tc:SAML:2.0:metadata KeyDescriptor"`
	ACS       []mdEndpoint `xml:"urn:oasis:names:tc:SAML:2.0:metadata AssertionConsumerService"`
	SSO       []mdEndpoint `xml:"urn:oasis:names:tc:SAML:2.0:metadata SingleSignOnService"`
}

type mdKey struct {
	Use     string `xml:"use,attr"`
	KeyInfo struct {
		X509Data []struct {
			Certs []string `xml:"http://www.w3.org/2000/09/xmldsig# X509Certificate"`
		} `xml:"http://www.w3.org/2000/09/xmldsig# X509Data"`
	} `xml:"http://www.w3.org/2000/09/xmldsig# KeyInfo"`
}

type mdEndpoint struct {
	Binding   string `xml:"Binding,attr"`
	Location  string `xml:"Location,attr"`
	Index     string `xml:"index,attr"`
	IsDefault string `xml:"isDefault,attr"`
}

// decodeEntity reads an EntityDescriptor, or the one entity of an
// EntitiesDescriptor that has a role of the wanted kind.
func decodeEntity(data []byte, wantSP bool) (*mdEntity, error) {
	if len(data) > MaxMetadataBytes {
		return nil, newError(ErrTooLarge, fmt.Sprintf("metadata is %d bytes, the limit is %d", len(data), MaxMetadataBytes))
	}
	// One root, no DOCTYPE, nothing after the root: the decoders below
	// would read the first root and silently skip a second one.
	if err := checkWellFormed(data); err != nil {
		return nil, err
	}
	var root struct{ XMLName xml.Name }
	if err := newXMLDecoder(data).Decode(&root); err != nil {
		return nil, newError(ErrMalformed, "metadata is not well-formed XML")
	}
	if root.XMLName.Space != nsMetadata {
		return nil, newError(ErrMalformed, "metadata root is not in the SAML metadata namespace")
	}
	switch root.XMLName.Local {
	case "EntityDescriptor":
		var e mdEntity
		if err := newXMLDecoder(data).Decode(&e); err != nil {
			return nil, newError(ErrMalformed, "metadata cannot be read")
		}
		return &e, nil
	case "EntitiesDescriptor":
		var es mdEntities
		if err := newXMLDecoder(data).Decode(&es); err != nil {
			return nil, newError(ErrMalformed, "metadata cannot be read")
		}
		var found *mdEntity
		for i := range es.Entities {
			e := &es.Entities[i]
			if (wantSP && len(e.SP) > 0) || (!wantSP && len(e.IDP) > 0) {
				if found != nil {
					return nil, newError(ErrMalformed, "metadata describes more than one matching entity")
				}
				found = e
			}
		}
		if found == nil {
			return nil, newError(ErrMalformed, "metadata describes no matching entity")
		}
		return found, nil
	}
	return nil, newError(ErrMalformed, "metadata root is "+root.XMLName.Local)
}

// newXMLDecoder returns a strict decoder that knows no entities besides the
// five predefined ones and accepts only UTF-8.
func newXMLDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	return d
}

// ParseSPMetadata reads Huawei's SP metadata (an EntityDescriptor with an
// SPSSODescriptor, signed or unsigned; an embedded metadata signature is not
// checked, because Huawei signs the file with the key the file itself
// carries, which proves nothing about where it came from). It keeps the
// entityID, the HTTP-POST assertion consumer services and the certificates
// of the "signing" key descriptors (and of those without a use). At most
// MaxMetadataBytes are read.
func ParseSPMetadata(data []byte) (*SPMetadata, error) {
	e, err := decodeEntity(data, true)
	if err != nil {
		return nil, err
	}
	var role *mdRole
	for i := range e.SP {
		if strings.Contains(e.SP[i].Protocols, nsProtocol) {
			role = &e.SP[i]
			break
		}
	}
	if role == nil {
		return nil, newError(ErrMalformed, "metadata has no SAML 2.0 SPSSODescriptor")
	}
	m := &SPMetadata{EntityID: strings.TrimSpace(e.EntityID)}
	m.SigningCertificates, err = signingCerts(role.Keys)
	if err != nil {
		return nil, err
	}
	type acs struct {
		Endpoint
		def bool
	}
	var list []acs
	for _, ep := range role.ACS {
		if ep.Binding != bindingPOST {
			continue
		}
		idx := -1
		if ep.Index != "" {
			if n, err := strconv.Atoi(ep.Index); err == nil && n >= 0 {
				idx = n
			}
		}
		list = append(list, acs{Endpoint{Location: strings.TrimSpace(ep.Location), Index: idx}, ep.IsDefault == "true" || ep.IsDefault == "1"})
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].def && !list[j].def })
	for _, a := range list {
		m.AssertionConsumerServices = append(m.AssertionConsumerServices, a.Endpoint)
	}
	if len(m.AssertionConsumerServices) == 0 {
		return nil, newError(ErrMalformed, "metadata has no HTTP-POST AssertionConsumerService")
	}
	if err := m.validate("metadata"); err != nil {
		return nil, newError(ErrMalformed, err.Error())
	}
	return m, nil
}

// signingCerts decodes the certificates of signing key descriptors.
func signingCerts(keys []mdKey) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	seen := map[string]bool{}
	for _, k := range keys {
		if k.Use != "" && k.Use != "signing" {
			continue
		}
		for _, d := range k.KeyInfo.X509Data {
			for _, text := range d.Certs {
				der, err := base64.StdEncoding.DecodeString(stripSpace(text))
				if err != nil {
					return nil, newError(ErrMalformed, "X509Certificate is not base64")
				}
				c, err := x509.ParseCertificate(der)
				if err != nil {
					return nil, newError(ErrMalformed, "X509Certificate cannot be parsed")
				}
				if err := checkRSACert(c); err != nil {
					return nil, newError(ErrMalformed, "signing certificate: "+err.Error())
				}
				if !seen[string(c.Raw)] {
					seen[string(c.Raw)] = true
					certs = append(certs, c)
				}
			}
		}
	}
	if len(certs) == 0 {
		return nil, newError(ErrMalformed, "metadata has no signing certificate")
	}
	return certs, nil
}

func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n':
			return -1
		}
		return r
	}, s)
}

// LoadSPMetadataFile reads and parses a saved SP metadata file.
func LoadSPMetadataFile(path string) (*SPMetadata, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("saml: open SP metadata: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxMetadataBytes+1))
	if err != nil {
		return nil, fmt.Errorf("saml: read SP metadata: %w", err)
	}
	return ParseSPMetadata(data)
}

// FetchSPMetadata downloads and parses the SP metadata at metadataURL. It is
// never called implicitly: a partner that prefers a pinned copy loads a file
// instead. The URL must be https, except for loopback hosts (sandboxes and
// tests). client may be nil for http.DefaultClient; ctx bounds the call.
func FetchSPMetadata(ctx context.Context, client *http.Client, metadataURL string) (*SPMetadata, error) {
	u, err := url.Parse(metadataURL)
	if err != nil || u.Host == "" {
		return nil, &ConfigError{Field: "metadataURL", Reason: "not an absolute URL"}
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return nil, &ConfigError{Field: "metadataURL", Reason: "must use https"}
	}
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("saml: fetch SP metadata: %w", err)
	}
	req.Header.Set("Accept", "application/samlmetadata+xml, application/xml, text/xml")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("saml: fetch SP metadata: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("saml: fetch SP metadata: HTTP status %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxMetadataBytes+1))
	if err != nil {
		return nil, fmt.Errorf("saml: fetch SP metadata: %w", err)
	}
	return ParseSPMetadata(data)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
