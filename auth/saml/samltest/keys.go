package samltest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"log/slog"
	"math/big"
	"time"
)

// KeyPair is an RSA key with a self-signed certificate, for tests and
// sandboxes only.
type KeyPair struct {
	Key         *rsa.PrivateKey
	Certificate *x509.Certificate
}

// NewKeyPair generates a 2048-bit RSA key and a self-signed certificate for
// commonName, valid from an hour ago for ten years.
func NewKeyPair(commonName string) (*KeyPair, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("samltest: generate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, fmt.Errorf("samltest: serial: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: commonName, Organization: []string{"partner-sdk-go samltest"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("samltest: create certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("samltest: parse certificate: %w", err)
	}
	return &KeyPair{Key: key, Certificate: cert}, nil
}

// CertificatePEM returns the certificate in PEM form.
func (k *KeyPair) CertificatePEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: k.Certificate.Raw})
}

// String names the certificate subject; the key is never printed.
func (k KeyPair) String() string {
	if k.Certificate == nil {
		return "KeyPair(empty)"
	}
	return "KeyPair(" + k.Certificate.Subject.CommonName + ", key redacted)"
}

// GoString is String, so %#v does not print the key either.
func (k KeyPair) GoString() string { return k.String() }

// LogValue keeps the key out of log/slog records.
func (k KeyPair) LogValue() slog.Value { return slog.StringValue(k.String()) }
