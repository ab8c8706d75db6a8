package signer

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"testing"
	"time"
)

// hashFloor is the hashing a signature cannot avoid, over the same bytes
// Sign hashes: SHA-256 of the body, SHA-256 of the canonical request and
// one HMAC-SHA256 of the string to sign (keyed state reused, as Sign
// does), each hex-encoded. Sign's cost above it is what building the
// canonical request and the header costs.
type hashFloor struct {
	body, canonical, sts []byte
	mac                  interface {
		Reset()
		Write([]byte) (int, error)
		Sum([]byte) []byte
	}
	buf [3 * 2 * sha256.Size]byte
	sum [sha256.Size]byte
}

func newHashFloor(tb testing.TB, s *Signer, req *http.Request, body []byte, at time.Time) *hashFloor {
	tb.Helper()
	r, err := s.Explain(req, body, at)
	if err != nil {
		tb.Fatal(err)
	}
	return &hashFloor{body: body, canonical: []byte(r.CanonicalRequest), sts: []byte(r.StringToSign), mac: hmac.New(sha256.New, []byte(testSK))}
}

func (f *hashFloor) run() {
	f.sum = sha256.Sum256(f.body)
	hex.Encode(f.buf[0:64], f.sum[:])
	f.sum = sha256.Sum256(f.canonical)
	hex.Encode(f.buf[64:128], f.sum[:])
	f.mac.Reset()
	_, _ = f.mac.Write(f.sts)
	hex.Encode(f.buf[128:192], f.mac.Sum(f.sum[:0]))
}

// TestHashFloorIsTheSignature: the floor computes the signature Sign puts
// in the header, so it is the same hashing work.
func TestHashFloorIsTheSignature(t *testing.T) {
	req, body := benchPOST(t)
	checkHashFloor(t, req, body)
}

// TestHashFloorGETIsTheSignature is TestHashFloorIsTheSignature for the
// request of BenchmarkSignGET (empty body).
func TestHashFloorGETIsTheSignature(t *testing.T) {
	checkHashFloor(t, benchGET(t), nil)
}

func checkHashFloor(t *testing.T, req *http.Request, body []byte) {
	t.Helper()
	s := New(testAK, testSK)
	at := time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC)
	f := newHashFloor(t, s, req, body, at)
	f.run()
	r, _ := s.Explain(req, body, at)
	if got := string(f.buf[128:192]); got != r.Signature {
		t.Fatalf("floor signature %s, Sign's %s", got, r.Signature)
	}
	if got := string(f.buf[0:64]); got != r.PayloadHash {
		t.Fatalf("floor body hash %s, Sign's %s", got, r.PayloadHash)
	}
	if err := s.Sign(req, body, at); err != nil {
		t.Fatal(err)
	}
	if got, want := req.Header.Get(HeaderAuthorization), r.Authorization; got != want {
		t.Fatalf("Sign's Authorization %s, Explain's %s", got, want)
	}
}

// BenchmarkSignFloorPOST is the hashing floor of BenchmarkSignPOST: compare
// the two (ratio Sign/floor; goal <= 1.5).
func BenchmarkSignFloorPOST(b *testing.B) {
	req, body := benchPOST(b)
	f := newHashFloor(b, New(testAK, testSK), req, body, time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC))
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.run()
	}
}

// BenchmarkSignFloorGET is the hashing floor of BenchmarkSignGET, built as
// BenchmarkSignFloorPOST is (the body is empty): compare the two (ratio
// Sign/floor).
func BenchmarkSignFloorGET(b *testing.B) {
	f := newHashFloor(b, New(testAK, testSK), benchGET(b), nil, time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.run()
	}
}
