package saml

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
)

// checkSigAlg accepts exactly the rsa-sha256 URI.
func checkSigAlg(p param) error {
	if !p.present || p.value == "" {
		return newError(ErrUnsigned, "SigAlg is missing")
	}
	if p.value != SigAlgRSASHA256 {
		return newError(ErrUnsupportedAlgorithm, "only "+SigAlgRSASHA256+" is accepted")
	}
	return nil
}

// decodeSignature decodes a detached base64 signature.
func decodeSignature(p param) ([]byte, error) {
	if !p.present || p.value == "" {
		return nil, newError(ErrUnsigned, "Signature is missing")
	}
	_, sig, err := decodeBase64(p.value, MaxSignatureBytes)
	if err != nil {
		return nil, err
	}
	return sig, nil
}

// verifyRSASHA256 reports whether sig is a PKCS#1 v1.5 RSA-SHA256 signature
// of content by one of certs.
func verifyRSASHA256(certs []*x509.Certificate, content, sig []byte) bool {
	digest := sha256.Sum256(content)
	for _, c := range certs {
		pub, ok := c.PublicKey.(*rsa.PublicKey)
		if !ok {
			continue
		}
		if rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig) == nil {
			return true
		}
	}
	return false
}
