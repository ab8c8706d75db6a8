package partnersdk_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// benchRecord is one bill record of about 700 bytes, as the API sends it.
func benchRecord(i int) string {
	return `{"bill_cycle":"2024-04","customer_id":"cust-` + strconv.Itoa(i%500) + `","association_type":"2",` +
		`"service_type_code":"hws.service.type.ec2","resource_type_code":"hws.resource.type.vm","service_type_name":"Elastic Cloud Server",` +
		`"resource_type_name":"VM","charging_mode":3,"trade_time":"2024-04-02T01:00:00Z","trade_id":"T` + strconv.Itoa(i) + `","id":"REC` + strconv.Itoa(i) + `",` +
		`"bill_detail_type":5,"resource_id":"vm-` + strconv.Itoa(i) + `","resource_name":"web-01","product_spec_desc":"s6.large.2 | 2vCPUs | 4GiB",` +
		`"region_code":"cn-north-4","product_id":"P1","consume_time":"2024-04-01T00:00:00Z","usage_amount":"3600","usage_measure_id":4,` +
		`"official_amount":"0.3600","official_discount_amount":0.02,"payment_amount":"0.34","cash_amount":0.34,"credit_amount":0,` +
		`"coupon_amount":"0","debt_amount":0,"writeoff_amount":0,"period_type":2,"account_manager_id":"am-1","partner_id":"bp-1","period_num":1}`
}

// benchServer serves ListSubCustomerBillDetail pages of a listing of total
// records generated on the fly (so the server holds nothing).
func benchServer(b *testing.B, total int, perPage int) *httptest.Server {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		off, _ := strconv.Atoi(q.Get("offset"))
		lim, _ := strconv.Atoi(q.Get("limit"))
		if lim <= 0 || lim > perPage {
			lim = perPage
		}
		var sb strings.Builder
		sb.WriteString(`{"total_count":` + strconv.Itoa(total) + `,"currency":"CNY","fee_records":[`)
		for i := off; i < off+lim && i < total; i++ {
			if i > off {
				sb.WriteByte(',')
			}
			sb.WriteString(benchRecord(i))
		}
		sb.WriteString("]}")
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "bench")
		_, _ = w.Write([]byte(sb.String()))
	}))
	b.Cleanup(srv.Close)
	return srv
}

func benchClient(b *testing.B, url string) *partnersdk.Client {
	b.Helper()
	creds, err := auth.NewAKSK("HPUABENCHAK000000001", "BenchSecretKey0123456789abcdefghijklmnop", auth.WithDomainID("dom"))
	if err != nil {
		b.Fatal(err)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	// Pacing off: these benchmarks measure the SDK's own cost per call, not
	// the API's documented rate (see bench_pacing_test.go for that).
	c, err := partnersdk.New(creds, partnersdk.WithEndpoint(url), partnersdk.WithHTTPClient(&http.Client{Transport: tr}), partnersdk.WithoutPacing())
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkFullCall is one complete call on loopback: build, validate, sign,
// send, receive about 2 KB of JSON and decode it into the typed response.
func BenchmarkFullCall(b *testing.B) {
	srv := benchServer(b, 3, 3) // 3 records ≈ 2 KB
	c := benchClient(b, srv.URL)
	req := &billing.ListSubCustomerBillDetailRequest{BillCycle: "2024-04", CustomerID: "cust-1", Limit: partnersdk.Int32(3)}
	ctx := context.Background()
	b.Run("sequential", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := c.Billing.ListSubCustomerBillDetail(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel32", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(32 / runtime.GOMAXPROCS(0))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := c.Billing.ListSubCustomerBillDetail(ctx, req); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkIterate walks every page of a listing through the iterator and
// reports ns per item and the largest live heap measured after forced
// collections during the walk, which must not grow with the number of items.
func BenchmarkIterate(b *testing.B) {
	for _, total := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("items=%d", total), func(b *testing.B) {
			srv := benchServer(b, total, 1000)
			c := benchClient(b, srv.URL)
			req := &billing.ListSubCustomerBillDetailRequest{BillCycle: "2024-04", CustomerID: "cust-1"}
			sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
			var peak atomic.Uint64
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				n := 0
				for rec, err := range c.Billing.ListSubCustomerBillDetailAll(context.Background(), req) {
					if err != nil {
						b.Fatal(err)
					}
					_ = rec.PaymentAmount
					n++
					if n%5000 == 0 {
						// The live heap after a forced collection at fixed
						// points of the walk: what the iterator really holds
						// (the peak at unforced GCs depends on GC timing).
						b.StopTimer()
						runtime.GC()
						metrics.Read(sample)
						b.StartTimer()
						if v := sample[0].Value.Uint64(); v > peak.Load() {
							peak.Store(v)
						}
					}
				}
				if n != total {
					b.Fatalf("walked %d items, want %d", n, total)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*total), "ns/item")
			b.ReportMetric(float64(peak.Load()), "live-heap-bytes")
		})
	}
}

// BenchmarkValidateBatch validates a batch query of 100 customer ids.
func BenchmarkValidateBatch(b *testing.B) {
	req := &partner.ListCustomersBalancesDetailRequest{}
	for i := 0; i < 100; i++ {
		req.CustomerInfos = append(req.CustomerInfos, partner.CustomerInfoV2{CustomerID: "0a1b2c3d4e5f60718293a4b5c6d7e8f" + strconv.Itoa(i%10)})
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := req.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
