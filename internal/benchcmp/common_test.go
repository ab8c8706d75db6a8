package benchcmp

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Credentials and the fixed signing time shared by every benchmark.
const (
	benchAK       = "HPUABENCHAK000000001"
	benchSK       = "BenchSecretKey0123456789abcdefghijklmnop"
	benchDomainID = "0123456789abcdef0123456789abcdef"
	benchDate     = "20240520T083000Z"
)

var benchAt = time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC)

// parallelism returns the b.SetParallelism argument that makes RunParallel
// start at least 32 goroutines whatever GOMAXPROCS is.
func parallelism() int {
	p := runtime.GOMAXPROCS(0)
	return (32 + p - 1) / p
}

// benchRecord is one fee record of about 700 bytes; the same shape as
// benchRecord in the main module's bench_test.go.
func benchRecord(i int) string {
	return `{"bill_cycle":"2024-04","customer_id":"cust-` + strconv.Itoa(i%500) + `","association_type":"2",` +
		`"service_type_code":"hws.service.type.ec2","resource_type_code":"hws.resource.type.vm","service_type_name":"Elastic Cloud Server",` +
		`"resource_type_name":"VM","charging_mode":3,"trade_time":"2024-04-02T01:00:00Z","trade_id":"T` + strconv.Itoa(i) + `","id":"REC` + strconv.Itoa(i) + `",` +
		`"bill_detail_type":5,"resource_id":"vm-` + strconv.Itoa(i) + `","resource_name":"web-01","product_spec_desc":"s6.large.2 | 2vCPUs | 4GiB",` +
		`"region_code":"cn-north-4","product_id":"P1","consume_time":"2024-04-01T00:00:00Z","usage_amount":"3600","usage_measure_id":4,` +
		`"official_amount":"0.3600","official_discount_amount":0.02,"payment_amount":"0.34","cash_amount":0.34,"credit_amount":0,` +
		`"coupon_amount":"0","debt_amount":0,"writeoff_amount":0,"period_type":2,"account_manager_id":"am-1","partner_id":"bp-1","period_num":1}`
}

// billBody is the fixed ListSubCustomerBillDetail answer: 3 records, ~2 KB.
var billBody = func() []byte {
	var sb strings.Builder
	sb.WriteString(`{"total_count":3,"currency":"CNY","fee_records":[`)
	for i := 0; i < 3; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(benchRecord(i))
	}
	sb.WriteString("]}")
	return []byte(sb.String())
}()

const billPath = "/v2/bills/subcustomer-bills/res-fee-records"

// newBillServer starts the one loopback server all full-call benchmarks
// talk to. It answers GET billPath with billBody and counts nothing, so the
// server side costs the same whichever client calls it. A request for any
// other path or without the expected query gets a 400, so a client that
// sends something else fails loudly instead of being measured.
func newBillServer(tb testing.TB) *httptest.Server {
	tb.Helper()
	contentLength := strconv.Itoa(len(billBody))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.Method != http.MethodGet || r.URL.Path != billPath ||
			q.Get("bill_cycle") != "2024-04" || q.Get("customer_id") != "cust-1" || q.Get("limit") != "3" {
			http.Error(w, `{"error_code":"CBC.0100","error_msg":"unexpected request `+r.Method+` `+r.URL.String()+`"}`, http.StatusBadRequest)
			return
		}
		h := w.Header()
		h["Content-Type"] = []string{"application/json;charset=UTF-8"}
		h["Content-Length"] = []string{contentLength}
		h["X-Request-Id"] = []string{"bench-request-id"}
		_, _ = w.Write(billBody)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// pooledTransport is the connection pool every client gets: net/http's
// default transport with room for 32 idle connections to the one host, so
// that no implementation pays for reconnecting under 32 goroutines. (Ours
// uses the same numbers by default; the official SDK's default transport
// keeps only 2 idle connections per host.)
func pooledTransport() *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32
	return tr
}

// cpuMeter reports, next to the wall time of ns/op, the CPU time the whole
// process spent per op (metric "cpu-ns/op"). On a shared machine, wall time
// includes waiting for a core that another process holds; CPU time mostly
// does not, so its ratios are steadier. For the full call it includes the
// loopback server's work, which is the same for every implementation.
type cpuMeter struct {
	start time.Duration
	ok    bool
}

func startCPU() cpuMeter {
	d, ok := processCPU()
	return cpuMeter{start: d, ok: ok}
}

func (m cpuMeter) report(b *testing.B) {
	end, ok := processCPU()
	if !m.ok || !ok || b.N == 0 {
		return
	}
	b.ReportMetric(float64(end-m.start)/float64(b.N), "cpu-ns/op")
}
