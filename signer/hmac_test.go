package signer

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"testing"
)

// TestHMACKeyResumes: the key keeps the hash states after its padded
// blocks, and HMAC from them (and from the fallback without them) equals
// crypto/hmac, for keys shorter than, equal to and longer than a block.
func TestHMACKeyResumes(t *testing.T) {
	for _, key := range []string{"k", testSK, strings.Repeat("x", 64), strings.Repeat("y", 65), strings.Repeat("z", 200)} {
		h := newHMACKey([]byte(key))
		if h.inner == nil || h.outer == nil {
			t.Fatalf("key of %d bytes: no resumable state", len(key))
		}
		var sts [stsLen]byte
		for i := range sts {
			sts[i] = byte('a' + i%26)
		}
		m := hmac.New(sha256.New, []byte(key))
		m.Write(sts[:])
		want := m.Sum(nil)
		if got := h.sumSTS(&sts); string(got[:]) != string(want) {
			t.Errorf("key of %d bytes: resumed HMAC %x, want %x", len(key), got, want)
		}
		fallback := *h
		fallback.inner, fallback.outer = nil, nil
		if got := fallback.sumSTS(&sts); string(got[:]) != string(want) {
			t.Errorf("key of %d bytes: HMAC over the padded blocks %x, want %x", len(key), got, want)
		}
	}
}
