package benchcmp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"net/http"
	"testing"

	ours "github.com/hcpartner/partner-sdk-go/signer"
)

// signFloor is the hashing no SDK-HMAC-SHA256 signer can avoid, over the
// same bytes our signer hashes for the request: SHA-256 of the body,
// SHA-256 of the canonical request, HMAC-SHA256 of the string to sign
// (keyed state reused), each hex-encoded. impl=floor of BenchmarkSign.
type signFloor struct {
	body, canonical, sts []byte
	mac                  hash.Hash
	buf                  [192]byte
	sum                  [sha256.Size]byte
}

func newSignFloor(tb testing.TB, req *http.Request, body []byte) *signFloor {
	tb.Helper()
	r, err := ours.New(benchAK, benchSK).Explain(req, body, benchAt)
	if err != nil {
		tb.Fatal(err)
	}
	f := &signFloor{body: body, canonical: []byte(r.CanonicalRequest), sts: []byte(r.StringToSign), mac: hmac.New(sha256.New, []byte(benchSK))}
	f.run()
	if string(f.buf[128:]) != r.Signature {
		tb.Fatalf("floor computes %s, the signature is %s", f.buf[128:], r.Signature)
	}
	return f
}

func (f *signFloor) run() {
	f.sum = sha256.Sum256(f.body)
	hex.Encode(f.buf[0:64], f.sum[:])
	f.sum = sha256.Sum256(f.canonical)
	hex.Encode(f.buf[64:128], f.sum[:])
	f.mac.Reset()
	f.mac.Write(f.sts)
	hex.Encode(f.buf[128:192], f.mac.Sum(f.sum[:0]))
}

func benchSignFloor(b *testing.B, req *http.Request, body []byte) {
	f := newSignFloor(b, req, body)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU()
	for i := 0; i < b.N; i++ {
		f.run()
	}
	cpu.report(b)
}
