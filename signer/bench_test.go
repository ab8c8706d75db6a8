package signer

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func benchPOST(b testing.TB) (*http.Request, []byte) {
	body := []byte(`{"customer_id":"0a1b2c3d4e5f","remark":"` + strings.Repeat("x", 1024-43) + `"}` + "\n")
	if len(body) != 1024 {
		b.Fatalf("body is %d bytes", len(body))
	}
	req, err := http.NewRequest(http.MethodPost,
		"https://bss-intl.myhuaweicloud.com/v2/partners/sub-customers/0a1b2c3d4e5f/budget?cycle=2024-05&limit=100&offset=0&region=cn-north-4&service_type_code=hws.service.type.ebs&include_zero_record=true", nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("User-Agent", "huaweicloud-usdk-go/3.0")
	req.Header.Set("X-Domain-Id", "0123456789abcdef0123456789abcdef")
	req.Header.Set("X-Language", "en_us")
	return req, body
}

// BenchmarkSignPOST signs a JSON POST with a 1 KB body, 6 query parameters
// and 4 headers. The same request is re-signed, as on a retry.
func BenchmarkSignPOST(b *testing.B) {
	req, body := benchPOST(b)
	s := New(testAK, testSK)
	at := time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.Sign(req, body, at); err != nil {
			b.Fatal(err)
		}
	}
}

func benchGET(b testing.TB) *http.Request {
	req, err := http.NewRequest(http.MethodGet,
		"https://bss-intl.myhuaweicloud.com/v2/bills/customer-bills/monthly-sum?bill_cycle=2024-05&limit=10&offset=0", nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "huaweicloud-usdk-go/3.0")
	req.Header.Set("X-Domain-Id", "0123456789abcdef0123456789abcdef")
	return req
}

// BenchmarkSignGET signs a typical BSS GET with 3 query parameters.
func BenchmarkSignGET(b *testing.B) {
	req := benchGET(b)
	s := New(testAK, testSK)
	at := time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.Sign(req, nil, at); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyPOST verifies the request of BenchmarkSignPOST.
func BenchmarkVerifyPOST(b *testing.B) {
	req, body := benchPOST(b)
	s := New(testAK, testSK)
	at := time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC)
	if err := s.Sign(req, body, at); err != nil {
		b.Fatal(err)
	}
	lookup := lookupOf(testAK, testSK)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Verify(req, body, lookup, at, 0); err != nil {
			b.Fatal(err)
		}
	}
}
