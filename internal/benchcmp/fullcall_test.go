package benchcmp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	bss "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2"
	bssmodel "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"
)

// The three implementations of one full ListSubCustomerBillDetail call
// (GET /v2/bills/subcustomer-bills/res-fee-records?bill_cycle=2024-04&customer_id=cust-1&limit=3)
// against the same loopback server. Each returns the record ids and
// payment amounts it decoded, for TestSameAnswer.
type caller interface {
	call(ctx context.Context) error
	// answer performs one call and returns what it decoded.
	answer(ctx context.Context) (total int, ids, payments []string, err error)
}

// ---- ours: partnersdk client, Billing.ListSubCustomerBillDetail ----

type oursCaller struct {
	c   *partnersdk.Client
	req *billing.ListSubCustomerBillDetailRequest
}

func newOurs(tb testing.TB, url string) *oursCaller {
	tb.Helper()
	creds, err := auth.NewAKSK(benchAK, benchSK, auth.WithDomainID(benchDomainID))
	if err != nil {
		tb.Fatal(err)
	}
	// Default HTTP client (32 idle connections per host), default retry
	// policy, validation on: the client as a user gets it, pacing
	// included, with the operation's rate raised so far (1e9/s) that the
	// pacer never waits: its own cost per call is measured, not the API's
	// documented 10/s (the official SDK does not pace).
	c, err := partnersdk.New(creds, partnersdk.WithEndpoint(url), partnersdk.WithOperationRate("ListSubCustomerBillDetail", 1e9, 1))
	if err != nil {
		tb.Fatal(err)
	}
	return &oursCaller{c: c, req: &billing.ListSubCustomerBillDetailRequest{
		BillCycle: "2024-04", CustomerID: "cust-1", Limit: partnersdk.Int32(3),
	}}
}

func (o *oursCaller) call(ctx context.Context) error {
	_, err := o.c.Billing.ListSubCustomerBillDetail(ctx, o.req)
	return err
}

func (o *oursCaller) answer(ctx context.Context) (int, []string, []string, error) {
	resp, err := o.c.Billing.ListSubCustomerBillDetail(ctx, o.req)
	if err != nil {
		return 0, nil, nil, err
	}
	var ids, pays []string
	for _, r := range resp.FeeRecords {
		ids = append(ids, r.ID)
		pays = append(pays, r.PaymentAmount.String())
	}
	return int(resp.TotalCount), ids, pays, nil
}

// ---- official: BssClient.ListSubCustomerBillDetail ----

type officialCaller struct {
	c   *bss.BssClient
	req *bssmodel.ListSubCustomerBillDetailRequest
}

func newOfficial(tb testing.TB, url string) *officialCaller {
	tb.Helper()
	// A domain id is set, so the credentials never call IAM to find one;
	// no region is set, so the builder does not call IAM either.
	creds, err := global.NewCredentialsBuilder().
		WithAk(benchAK).
		WithSk(benchSK).
		WithDomainId(benchDomainID).
		SafeBuild()
	if err != nil {
		tb.Fatal(err)
	}
	hc, err := bss.BssClientBuilder().
		WithEndpoint(url).
		WithCredential(creds).
		// Same connection pool as the others (its default transport
		// keeps only 2 idle connections per host).
		WithHttpConfig(config.DefaultHttpConfig().WithHttpTransport(pooledTransport())).
		SafeBuild()
	if err != nil {
		tb.Fatal(err)
	}
	limit := int32(3)
	return &officialCaller{c: bss.NewBssClient(hc), req: &bssmodel.ListSubCustomerBillDetailRequest{
		BillCycle: "2024-04", CustomerId: "cust-1", Limit: &limit,
	}}
}

func (o *officialCaller) call(context.Context) error {
	_, err := o.c.ListSubCustomerBillDetail(o.req)
	return err
}

func (o *officialCaller) answer(context.Context) (int, []string, []string, error) {
	resp, err := o.c.ListSubCustomerBillDetail(o.req)
	if err != nil {
		return 0, nil, nil, err
	}
	if resp.HttpStatusCode != http.StatusOK || resp.TotalCount == nil || resp.FeeRecords == nil {
		return 0, nil, nil, fmt.Errorf("official: unexpected response %v", resp)
	}
	var ids, pays []string
	for _, r := range *resp.FeeRecords {
		var id, pay string
		if r.Id != nil {
			id = *r.Id
		}
		if r.PaymentAmount != nil {
			pay = r.PaymentAmount.String()
		}
		ids = append(ids, id)
		pays = append(pays, pay)
	}
	return int(*resp.TotalCount), ids, pays, nil
}

// ---- floor: raw net/http GET + encoding/json, no signing ----
//
// The floor decodes the answer into the same typed response the SDK uses
// (every field, money as exact decimals), so that ours/floor measures what
// the SDK itself adds — validation, URL and query building, signing, resty,
// error checks — rather than the cost of the data model. A floor decoding
// only a handful of fields into a float would do less work than any caller
// that needs the data.

type floorPage = billing.ListSubCustomerBillDetailResponse

type floorCaller struct {
	hc  *http.Client
	url string
}

func newFloor(url string) *floorCaller {
	return &floorCaller{
		hc:  &http.Client{Transport: pooledTransport()},
		url: url + billPath + "?bill_cycle=2024-04&customer_id=cust-1&limit=3",
	}
}

func (f *floorCaller) get(ctx context.Context) (*floorPage, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := f.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("floor: status %d", resp.StatusCode)
	}
	var p floorPage
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		return nil, err
	}
	_, _ = io.Copy(io.Discard, resp.Body) // keep the connection reusable
	return &p, nil
}

func (f *floorCaller) call(ctx context.Context) error {
	_, err := f.get(ctx)
	return err
}

func (f *floorCaller) answer(ctx context.Context) (int, []string, []string, error) {
	p, err := f.get(ctx)
	if err != nil {
		return 0, nil, nil, err
	}
	var ids, pays []string
	for _, r := range p.FeeRecords {
		ids = append(ids, r.ID)
		pays = append(pays, r.PaymentAmount.String())
	}
	return int(p.TotalCount), ids, pays, nil
}

// callers returns the three implementations in the order the benchmarks
// run them.
func callers(tb testing.TB, url string) []struct {
	name string
	c    caller
} {
	return []struct {
		name string
		c    caller
	}{
		{"ours", newOurs(tb, url)},
		{"official", newOfficial(tb, url)},
		{"floor", newFloor(url)},
	}
}

// TestSameAnswer checks that the three callers send the request the server
// expects and decode the same records from its answer.
func TestSameAnswer(t *testing.T) {
	srv := newBillServer(t)
	want := fmt.Sprint(3, []string{"REC0", "REC1", "REC2"}, []string{"0.34", "0.34", "0.34"})
	for _, c := range callers(t, srv.URL) {
		total, ids, pays, err := c.c.answer(context.Background())
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := fmt.Sprint(total, ids, pays); got != want {
			t.Errorf("%s decoded %s, want %s", c.name, got, want)
		}
	}
}

// BenchmarkFullCall is one complete ListSubCustomerBillDetail call on
// loopback (build, sign, send, receive ~2 KB of JSON, decode) for ours, the
// official SDK's BssClient and the raw net/http + encoding/json floor,
// sequentially and with 32 goroutines sharing one client.
func BenchmarkFullCall(b *testing.B) {
	srv := newBillServer(b)
	all := callers(b, srv.URL)
	ctx := context.Background()
	b.Run("mode=seq", func(b *testing.B) {
		for _, c := range all {
			b.Run("impl="+c.name, func(b *testing.B) {
				if err := c.c.call(ctx); err != nil { // warm the connection
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.ResetTimer()
				cpu := startCPU()
				for i := 0; i < b.N; i++ {
					if err := c.c.call(ctx); err != nil {
						b.Fatal(err)
					}
				}
				cpu.report(b)
			})
		}
	})
	b.Run("mode=par32", func(b *testing.B) {
		for _, c := range all {
			b.Run("impl="+c.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetParallelism(parallelism())
				cpu := startCPU()
				defer cpu.report(b)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if err := c.c.call(ctx); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		}
	})
}
