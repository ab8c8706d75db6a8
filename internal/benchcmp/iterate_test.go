package benchcmp

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/billing"
)

// BenchmarkIterateHeap is a deterministic companion of the main module's
// BenchmarkIterate. That one reports the largest /gc/heap/live:bytes seen
// at page boundaries, which depends on when the collector happened to run:
// a walk of 100k items passes 10 times as many collections as one of 10k,
// so its maximum is drawn from more samples and comes out larger even when
// nothing is retained. Here the live heap is measured right after a forced
// collection at the same place of every walk (half way and 500 items before
// the end, with one 1000-item page held by the iterator), so the metric
// live-heap-bytes grows with the number of items only if the iterator
// retains items. Run it with -benchtime 1x; each op walks every item.
func BenchmarkIterateHeap(b *testing.B) {
	for _, total := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("items=%d", total), func(b *testing.B) {
			srv := pagedServer(b, total, 1000)
			creds, err := auth.NewAKSK(benchAK, benchSK, auth.WithDomainID(benchDomainID))
			if err != nil {
				b.Fatal(err)
			}
			c, err := partnersdk.New(creds, partnersdk.WithEndpoint(srv.URL), partnersdk.WithoutPacing())
			if err != nil {
				b.Fatal(err)
			}
			req := &billing.ListSubCustomerBillDetailRequest{BillCycle: "2024-04", CustomerID: "cust-1"}
			sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
			var peak uint64
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
					if n == total/2 || n == total-500 {
						b.StopTimer()
						runtime.GC()
						metrics.Read(sample)
						peak = max(peak, sample[0].Value.Uint64())
						b.StartTimer()
					}
				}
				if n != total {
					b.Fatalf("walked %d items, want %d", n, total)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*total), "ns/item")
			b.ReportMetric(float64(peak), "live-heap-bytes")
		})
	}
}

// pagedServer serves ListSubCustomerBillDetail pages of a listing of total
// records generated on the fly, like benchServer in the main module.
func pagedServer(tb testing.TB, total, perPage int) *httptest.Server {
	tb.Helper()
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
		_, _ = w.Write([]byte(sb.String()))
	}))
	tb.Cleanup(srv.Close)
	return srv
}
