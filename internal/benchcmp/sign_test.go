package benchcmp

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	ours "github.com/hcpartner/partner-sdk-go/signer"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"
)

const (
	signHost     = "https://bss-intl.myhuaweicloud.com"
	postPath     = "/v2/partners/sub-customers/0a1b2c3d4e5f/budget"
	postRawQuery = "cycle=2024-05&include_zero_record=true&limit=100&offset=0&region=cn-north-4&service_type_code=hws.service.type.ebs"
	getPath      = "/v2/bills/customer-bills/monthly-sum"
	getRawQuery  = "bill_cycle=2024-05&limit=10&offset=0"
)

// postBody is the typed body of the POST: the official SDK gets the struct
// (HcHttpClient passes request bodies as values, and its signer encodes them
// with json.Encoder, SetEscapeHTML(false), to hash them); ours gets the
// bytes the transport will send, which are the same 1024 bytes.
type postBody struct {
	CustomerID string `json:"customer_id"`
	Remark     string `json:"remark"`
}

func newPostBody() postBody {
	return postBody{CustomerID: "0a1b2c3d4e5f", Remark: strings.Repeat("x", 1024-43)}
}

func postBodyBytes() []byte {
	b := newPostBody()
	return []byte(`{"customer_id":"` + b.CustomerID + `","remark":"` + b.Remark + `"}` + "\n")
}

// ourPOST is the typical POST for our signer: 1 KB JSON body, 6 query
// parameters, 4 headers.
func ourPOST(tb testing.TB) (*http.Request, []byte) {
	req, err := http.NewRequest(http.MethodPost, signHost+postPath+"?"+postRawQuery, nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("User-Agent", "huaweicloud-usdk-go/3.0")
	req.Header.Set("X-Domain-Id", benchDomainID)
	req.Header.Set("X-Language", "en_us")
	body := postBodyBytes()
	if len(body) != 1024 {
		tb.Fatalf("POST body is %d bytes, want 1024", len(body))
	}
	return req, body
}

// ourGET is a typical BSS GET: 3 query parameters, 3 headers, no body.
func ourGET(tb testing.TB) *http.Request {
	req, err := http.NewRequest(http.MethodGet, signHost+getPath+"?"+getRawQuery, nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "huaweicloud-usdk-go/3.0")
	req.Header.Set("X-Domain-Id", benchDomainID)
	return req
}

// officialPOST builds the same POST as a request.DefaultHttpRequest the way
// HcHttpClient.buildRequest does: query values as reflect.Values of the
// typed fields (ints and bools formatted with %v by the signer), headers as
// a map, the body as a struct. X-Sdk-Date is preset so that the official
// signer uses the same fixed time as ours instead of time.Now.
func officialPOST() *request.DefaultHttpRequest {
	return request.NewHttpRequestBuilder().
		WithEndpoint(signHost).
		WithMethod(http.MethodPost).
		WithPath(postPath).
		AddQueryParam("cycle", reflect.ValueOf("2024-05")).
		AddQueryParam("include_zero_record", reflect.ValueOf(true)).
		AddQueryParam("limit", reflect.ValueOf(int32(100))).
		AddQueryParam("offset", reflect.ValueOf(int32(0))).
		AddQueryParam("region", reflect.ValueOf("cn-north-4")).
		AddQueryParam("service_type_code", reflect.ValueOf("hws.service.type.ebs")).
		AddHeaderParam("Content-Type", "application/json;charset=UTF-8").
		AddHeaderParam("User-Agent", "huaweicloud-usdk-go/3.0").
		AddHeaderParam("X-Domain-Id", benchDomainID).
		AddHeaderParam("X-Language", "en_us").
		AddHeaderParam(signer.HeaderXDate, benchDate).
		WithBody("", newPostBody()).
		Build()
}

func officialGET() *request.DefaultHttpRequest {
	return request.NewHttpRequestBuilder().
		WithEndpoint(signHost).
		WithMethod(http.MethodGet).
		WithPath(getPath).
		AddQueryParam("bill_cycle", reflect.ValueOf("2024-05")).
		AddQueryParam("limit", reflect.ValueOf(int32(10))).
		AddQueryParam("offset", reflect.ValueOf(int32(0))).
		AddHeaderParam("Content-Type", "application/json").
		AddHeaderParam("User-Agent", "huaweicloud-usdk-go/3.0").
		AddHeaderParam("X-Domain-Id", benchDomainID).
		AddHeaderParam(signer.HeaderXDate, benchDate).
		Build()
}

// TestSameSignature checks that both signers produce the same
// Authorization for the benchmarked requests, so the benchmarks compare
// equal work.
func TestSameSignature(t *testing.T) {
	s := ours.New(benchAK, benchSK)
	check := func(name string, req *http.Request, body []byte, off *request.DefaultHttpRequest) {
		t.Helper()
		if err := s.Sign(req, body, benchAt); err != nil {
			t.Fatalf("%s: ours: %v", name, err)
		}
		h, err := signer.Signer{}.Sign(off, benchAK, benchSK)
		if err != nil {
			t.Fatalf("%s: official: %v", name, err)
		}
		if got, want := req.Header.Get("Authorization"), h[signer.HeaderAuthorization]; got != want {
			t.Errorf("%s: Authorization differs\n ours:     %s\n official: %s", name, got, want)
		}
		if got, want := req.Header.Get("X-Sdk-Date"), h[signer.HeaderXDate]; got != want {
			t.Errorf("%s: X-Sdk-Date: ours %q, official %q", name, got, want)
		}
	}
	req, body := ourPOST(t)
	check("POST", req, body, officialPOST())
	check("GET", ourGET(t), nil, officialGET())
}

// BenchmarkSign signs the same request again and again (as on a retry), for
// ours (signer.New(ak, sk).Sign), the hashing floor (impl=floor, see
// signFloor) and the official SDK
// (signer.Signer{}.Sign on a DefaultHttpRequest). The official signer also
// JSON-encodes the struct body to hash it, as it does inside HcHttpClient.
func BenchmarkSign(b *testing.B) {
	b.Run("op=POST", func(b *testing.B) {
		b.Run("impl=ours", func(b *testing.B) {
			req, body := ourPOST(b)
			s := ours.New(benchAK, benchSK)
			b.ReportAllocs()
			b.ResetTimer()
			cpu := startCPU()
			for i := 0; i < b.N; i++ {
				if err := s.Sign(req, body, benchAt); err != nil {
					b.Fatal(err)
				}
			}
			cpu.report(b)
		})
		b.Run("impl=floor", func(b *testing.B) {
			req, body := ourPOST(b)
			benchSignFloor(b, req, body)
		})
		b.Run("impl=official", func(b *testing.B) {
			req := officialPOST()
			b.ReportAllocs()
			b.ResetTimer()
			cpu := startCPU()
			for i := 0; i < b.N; i++ {
				if _, err := (signer.Signer{}).Sign(req, benchAK, benchSK); err != nil {
					b.Fatal(err)
				}
			}
			cpu.report(b)
		})
	})
	b.Run("op=GET", func(b *testing.B) {
		b.Run("impl=ours", func(b *testing.B) {
			req := ourGET(b)
			s := ours.New(benchAK, benchSK)
			b.ReportAllocs()
			b.ResetTimer()
			cpu := startCPU()
			for i := 0; i < b.N; i++ {
				if err := s.Sign(req, nil, benchAt); err != nil {
					b.Fatal(err)
				}
			}
			cpu.report(b)
		})
		b.Run("impl=floor", func(b *testing.B) {
			benchSignFloor(b, ourGET(b), nil)
		})
		b.Run("impl=official", func(b *testing.B) {
			req := officialGET()
			b.ReportAllocs()
			b.ResetTimer()
			cpu := startCPU()
			for i := 0; i < b.N; i++ {
				if _, err := (signer.Signer{}).Sign(req, benchAK, benchSK); err != nil {
					b.Fatal(err)
				}
			}
			cpu.report(b)
		})
	})
	// 32 goroutines, each signing its own request with one shared signer:
	// shows the signers hold no lock.
	b.Run("op=POST-par32", func(b *testing.B) {
		b.Run("impl=ours", func(b *testing.B) {
			s := ours.New(benchAK, benchSK)
			b.ReportAllocs()
			b.SetParallelism(parallelism())
			cpu := startCPU()
			defer cpu.report(b)
			b.RunParallel(func(pb *testing.PB) {
				req, body := ourPOST(b)
				for pb.Next() {
					if err := s.Sign(req, body, benchAt); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
		b.Run("impl=official", func(b *testing.B) {
			b.ReportAllocs()
			b.SetParallelism(parallelism())
			cpu := startCPU()
			defer cpu.report(b)
			b.RunParallel(func(pb *testing.PB) {
				req := officialPOST()
				for pb.Next() {
					if _, err := (signer.Signer{}).Sign(req, benchAK, benchSK); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	})
}
