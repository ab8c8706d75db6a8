package partnersdk_test

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"runtime"
	"runtime/metrics"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/bulk"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/internal/spec"
	"github.com/hcpartner/partner-sdk-go/resource"
)

// The pacing benchmarks run against the sandbox enforcing the documented
// flow control (internal/spec/flow_control.json) time-scaled, with a client
// pacing at the same scale: the ratios of the real API, benchScale times
// faster. Run them with -benchtime 1x..3x; each op is a whole job.
const benchScale = 10

// countingTransport counts requests and records their send times by path.
type countingTransport struct {
	rt    http.RoundTripper
	mu    sync.Mutex
	count map[string]int
	times map[string][]time.Time
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.count[r.URL.Path]++
	c.times[r.URL.Path] = append(c.times[r.URL.Path], time.Now())
	c.mu.Unlock()
	return c.rt.RoundTrip(r)
}

func (c *countingTransport) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.count = map[string]int{}
	c.times = map[string][]time.Time{}
}

func (c *countingTransport) get(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.count[path]
}

// pacedSandbox starts an enforcing sandbox and a client pacing like it.
func pacedSandbox(b *testing.B) (*sandbox.Server, *partnersdk.Client, *countingTransport) {
	b.Helper()
	sb, err := sandbox.New(sandbox.Config{Seed: 1, FlowControl: &sandbox.FlowControl{TimeScale: benchScale}})
	if err != nil {
		b.Fatal(err)
	}
	url, err := sb.Start("")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sb.Close() })
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	ct := &countingTransport{rt: tr}
	ct.reset()
	c, err := sb.Client(url, partnersdk.WithHTTPClient(&http.Client{Transport: ct}))
	if err != nil {
		b.Fatal(err)
	}
	return sb, c, ct
}

func ratePerSecond(b *testing.B, op string) float64 {
	fc, err := spec.LoadFlowControl()
	if err != nil {
		b.Fatal(err)
	}
	return fc.Rule(op).PerSecond() * benchScale
}

// liveHeap forces a collection and reads the live heap.
func liveHeap() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// BenchmarkMonthEndExport is the partner's month-end job: for N customers,
// every page of their bill records (ListSubCustomerBillDetail, 50 per page)
// and of their yearly/monthly resources (ListPayPerUseCustomerResources, 10
// per page), each operation through bulk.Flatten with 4 customers at once,
// both operations at the same time. Metrics:
//
//   - ceiling-ratio: (requests / documented rate) of the slower operation,
//     divided by the wall time: 1.0 is the flow-control ceiling (goal >= 0.95)
//   - 429/op: rejections by the sandbox during the run (goal 0)
//   - reqs/op: requests of both operations
//   - live-B/page (mode=heap): largest live heap during the run above the
//     heap before it, per page in flight (2 operations x 4 customers x 2
//     pages: one in the iterator, one in the buffer); it must not grow
//     with N
func BenchmarkMonthEndExport(b *testing.B) {
	for _, n := range []int{20, 80} {
		for _, mode := range []string{"ratio", "heap"} {
			b.Run(fmt.Sprintf("customers=%d/mode=%s", n, mode), func(b *testing.B) { benchMonthEnd(b, n, mode == "heap") })
		}
	}
}

func benchMonthEnd(b *testing.B, n int, heap bool) {
	const conc, billPage, resPage = 4, 50, 10
	sb, c, ct := pacedSandbox(b)
	ctx := context.Background()
	month := partnersdk.FormatMonth(sb.Info().BaseDate.AddDate(0, -1, 0))
	var ids []string
	for sc, err := range c.Billing.ListConsumeSubCustomersAll(ctx, &billing.ListConsumeSubCustomersRequest{BillCycle: month, Limit: partnersdk.Int32(100)}) {
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, sc.CustomerID)
	}
	if len(ids) < n {
		b.Fatalf("only %d customers with consumption", len(ids))
	}
	ids = ids[:n]
	bills := func(ctx context.Context, id string) iter.Seq2[billing.SubCustomerMonthlyBillDetail, error] {
		return c.Billing.ListSubCustomerBillDetailAll(ctx, &billing.ListSubCustomerBillDetailRequest{BillCycle: month, CustomerID: id, Limit: partnersdk.Int32(billPage)})
	}
	resources := func(ctx context.Context, id string) iter.Seq2[resource.OrderInstanceV2, error] {
		return c.Resource.ListPayPerUseCustomerResourcesAll(ctx, &resource.ListPayPerUseCustomerResourcesRequest{CustomerID: partnersdk.String(id), Limit: partnersdk.Int32(resPage)})
	}
	var peak atomic.Uint64
	sample := func(k int) {
		if heap && k%25 == 0 {
			if h := liveHeap(); h > peak.Load() {
				peak.Store(h)
			}
		}
	}
	billRate, resRate := ratePerSecond(b, "ListSubCustomerBillDetail"), ratePerSecond(b, "ListPayPerUseCustomerResources")
	time.Sleep(time.Second / benchScale) // the listing's window passes
	base := liveHeap()
	throttled := sb.Throttled()
	var wall, ceiling time.Duration
	var reqs int
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		ct.reset()
		start := time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		wg.Add(2)
		go func() {
			defer wg.Done()
			k := 0
			for _, err := range bulk.Flatten(ctx, ids, bills, bulk.Options{Concurrency: conc, Buffer: billPage}) {
				if err != nil {
					errs <- err
					return
				}
				k++
				sample(k)
			}
		}()
		go func() {
			defer wg.Done()
			k := 0
			for _, err := range bulk.Flatten(ctx, ids, resources, bulk.Options{Concurrency: conc, Buffer: resPage}) {
				if err != nil {
					errs <- err
					return
				}
				k++
				sample(k)
			}
		}()
		wg.Wait()
		wall += time.Since(start)
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
		nb := ct.get("/v2/bills/subcustomer-bills/res-fee-records")
		nr := ct.get("/v2/orders/suscriptions/resources/query")
		reqs += nb + nr
		// Requests spaced at the rate: the first goes at once, each
		// further one 1/rate later.
		ceiling += max(time.Duration(float64(nb-1)/billRate*float64(time.Second)), time.Duration(float64(nr-1)/resRate*float64(time.Second)))
	}
	b.StopTimer()
	if !heap {
		b.ReportMetric(float64(ceiling)/float64(wall), "ceiling-ratio")
	}
	b.ReportMetric(float64(sb.Throttled()-throttled)/float64(b.N), "429/op")
	b.ReportMetric(float64(reqs)/float64(b.N), "reqs/op")
	if heap {
		live := int64(peak.Load()) - int64(base)
		b.ReportMetric(float64(max(live, 0))/float64(2*conc*2), "live-B/page")
	}
}

// BenchmarkConcurrentCallers: 60 goroutines call CheckUserIdentity
// (documented 5/s) through one client against the enforcing sandbox.
// Metrics: rate-ratio, the calls per second reached over the documented
// (time-scaled) rate (goal >= 0.9); max/window, the most calls the client
// sent within any one (time-scaled) second (goal <= 5); 429/op (goal 0).
func BenchmarkConcurrentCallers(b *testing.B) {
	const goroutines, calls = 60, 120
	sb, c, ct := pacedSandbox(b)
	rate := ratePerSecond(b, "CheckUserIdentity")
	req := &customer.CheckUserIdentityRequest{SearchType: customer.IdentitySearchTypeName, SearchValue: "someone-new"}
	throttled := sb.Throttled()
	var wall time.Duration
	worst := 0
	b.ResetTimer()
	for range b.N {
		ct.reset()
		time.Sleep(time.Second / benchScale) // a fresh window
		var next atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for range goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= calls {
					if _, err := c.Customer.CheckUserIdentity(context.Background(), req); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		wall += time.Since(start)
		ts := ct.times["/v2/partners/sub-customers/users/check-identity"]
		sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
		j := 0
		for i := range ts {
			for j < len(ts) && ts[j].Sub(ts[i]) < time.Second/benchScale {
				j++
			}
			worst = max(worst, j-i)
		}
	}
	b.StopTimer()
	// calls-1 intervals at the documented rate is the fastest allowed.
	b.ReportMetric(float64(b.N)*float64(calls-1)/rate/wall.Seconds(), "rate-ratio")
	b.ReportMetric(float64(worst), "max/window")
	b.ReportMetric(float64(sb.Throttled()-throttled)/float64(b.N), "429/op")
}
