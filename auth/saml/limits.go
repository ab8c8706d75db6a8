package saml

import "time"

// Size limits. They bound every input before it is decoded, so a hostile
// request costs at most a few hundred kilobytes of memory.
const (
	// MaxMetadataBytes is the largest metadata document read or produced:
	// the documented upload limit of the IdP Metadata.xml ("不超过2M"),
	// counted as 2,000,000 bytes to stay on the safe side of either reading.
	MaxMetadataBytes = 2_000_000

	// MaxQueryBytes bounds the raw query string of an SSO request.
	MaxQueryBytes = 64 << 10
	// MaxInflatedRequestBytes bounds the XML of an AuthnRequest after
	// inflating it (a defence against compression bombs).
	MaxInflatedRequestBytes = 256 << 10
	// MaxNotificationBytes bounds the body (or query) of a binding
	// notification.
	MaxNotificationBytes = 64 << 10
	// MaxSignatureBytes bounds a decoded detached signature (RSA-8192).
	MaxSignatureBytes = 1024
	// MaxRelayStateBytes bounds RelayState. SAML asks senders to keep it
	// to 80 bytes; the limit is generous so as not to reject real senders.
	MaxRelayStateBytes = 4096
	// maxIDBytes bounds a SAML request ID.
	maxIDBytes = 256
	// maxURLBytes bounds URLs such as service, entityID and locations.
	maxURLBytes = 2048
)

// Defaults of the time checks and caches.
const (
	// DefaultClockSkew is how far in the future an IssueInstant may lie.
	DefaultClockSkew = 2 * time.Minute
	// DefaultMaxRequestAge is how old a SAMLRequest may be.
	DefaultMaxRequestAge = 5 * time.Minute
	// DefaultAssertionLifetime sets NotOnOrAfter of assertions.
	DefaultAssertionLifetime = 5 * time.Minute
	// DefaultReplayStoreSize is the capacity of the default in-memory
	// replay stores.
	DefaultReplayStoreSize = 10_000
)

// Algorithm and protocol identifiers used on the wire.
const (
	// SigAlgRSASHA256 is the only signature algorithm accepted and produced.
	SigAlgRSASHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"

	nsProtocol  = "urn:oasis:names:tc:SAML:2.0:protocol"
	nsAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
	nsMetadata  = "urn:oasis:names:tc:SAML:2.0:metadata"
	nsDSig      = "http://www.w3.org/2000/09/xmldsig#"
	nsXS        = "http://www.w3.org/2001/XMLSchema"
	nsXSI       = "http://www.w3.org/2001/XMLSchema-instance"

	excC14N            = "http://www.w3.org/2001/10/xml-exc-c14n#"
	envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
	digestSHA256       = "http://www.w3.org/2001/04/xmlenc#sha256"

	bindingRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
	bindingPOST     = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"

	nameIDTransient           = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
	nameIDUnspecified         = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
	attrNameFormatURI         = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
	statusSuccess             = "urn:oasis:names:tc:SAML:2.0:status:Success"
	statusRequester           = "urn:oasis:names:tc:SAML:2.0:status:Requester"
	statusInvalidNameIDPolicy = "urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy"
	cmBearer                  = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
	acUnspecified             = "urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified"

	// samlTimeLayout is UTC with milliseconds, as in Huawei's sample request.
	samlTimeLayout = "2006-01-02T15:04:05.000Z"
)
