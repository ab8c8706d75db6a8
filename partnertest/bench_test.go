package partnertest_test

import (
	"testing"

	"github.com/hcpartner/partner-sdk-go/partnertest"
)

// BenchmarkNewServer measures starting a default server (seeding the world
// and listening on loopback) and stopping it.
func BenchmarkNewServer(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s := partnertest.NewServer(b)
		s.Close()
	}
}
