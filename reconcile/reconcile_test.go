package reconcile_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/partnertest"
	"github.com/hcpartner/partner-sdk-go/reconcile"
)

// requireNoWrites fails if any write of the spec got a request since
// before (a calls("write") snapshot).
func (e *env) requireNoWrites(before map[string]int) {
	e.t.Helper()
	for op, n := range e.calls("write") {
		if d := n - before[op]; d != 0 {
			e.t.Fatalf("reconciliation sent %d write(s) of %s", d, op)
		}
	}
}

// failWrite makes the write fail with f and returns the OutcomeUnknownError.
func (e *env) failWrite(c writeCase, write func() ([]string, error), f partnertest.Fault) *partnersdk.OutcomeUnknownError {
	e.t.Helper()
	e.srv.Inject(c.op, f)
	_, err := write()
	var ou *partnersdk.OutcomeUnknownError
	if !errors.As(err, &ou) {
		e.t.Fatalf("%s with fault %+v: want OutcomeUnknownError, got %v", c.op, f, err)
	}
	return ou
}

func (e *env) reconcile(ou *partnersdk.OutcomeUnknownError, opts ...reconcile.Option) *reconcile.Result {
	e.t.Helper()
	before := e.calls("write")
	res, err := e.rec.Reconcile(e.ctx, ou, opts...)
	if err != nil {
		e.t.Fatal(err)
	}
	e.requireNoWrites(before)
	return res
}

func added(before, after []string) []string {
	var out []string
	for _, id := range after {
		if !slices.Contains(before, id) {
			out = append(out, id)
		}
	}
	return out
}

// A write the server applied before the connection was reset reconciles to
// Applied with exactly the record the write made; and only once the settle
// delay has passed.
func TestApplyThenFailIsApplied(t *testing.T) {
	for _, c := range cases() {
		t.Run(c.op, func(t *testing.T) {
			e := newEnv(t)
			write := c.prepare(e)
			before := c.records(e)
			ou := e.failWrite(c, write, applyThenReset)
			if ou.ServerTime != (time.Time{}) {
				t.Fatalf("no answer came, yet ServerTime = %v", ou.ServerTime)
			}
			newIDs := added(before, c.records(e))
			if len(newIDs) != 1 {
				t.Fatalf("the write made %d records, want 1: %v", len(newIDs), newIDs)
			}
			res := e.reconcile(ou)
			if res.Outcome != reconcile.Applied || len(res.Items) != 1 || !slices.Equal(res.Items[0].IDs, newIDs) {
				t.Fatalf("result %s %+v, want Applied with %v", res.Outcome, res.Items, newIDs)
			}
			if res.ServerClock {
				t.Fatal("window placed from a server time that was never received")
			}
			if _, off := e.clk.slept(); off < reconcile.DefaultSettleDelay-time.Second {
				t.Fatalf("answered after %v of the %v settle delay", off, reconcile.DefaultSettleDelay)
			}
			requireRecordMatches(t, c.op, res.Items[0])
		})
	}
}

// requireRecordMatches checks the typed record of an Applied item.
func requireRecordMatches(t *testing.T, op string, it reconcile.Item) {
	t.Helper()
	switch op {
	case "UpdateCustomerAccountAmount", "ReclaimToPartnerAccount", "UpdateIndirectPartnerAccount", "ReclaimIndirectPartnerAccount":
		if len(it.AdjustRecords) != 1 || it.AdjustRecords[0].TransID != it.IDs[0] {
			t.Fatalf("adjust records %+v", it.AdjustRecords)
		}
		want := map[string]string{"UpdateCustomerAccountAmount": "12.34", "ReclaimToPartnerAccount": "7.05", "UpdateIndirectPartnerAccount": "20.10", "ReclaimIndirectPartnerAccount": "3.30"}[op]
		if !it.AdjustRecords[0].Amount.Equal(money(want)) {
			t.Fatalf("record amount %s, want %s", it.AdjustRecords[0].Amount, want)
		}
	case "CreatePartnerCoupons", "ReclaimPartnerCoupons":
		if len(it.CouponRecords) != 1 || it.CouponRecords[0].CouponID != it.IDs[0] {
			t.Fatalf("coupon records %+v", it.CouponRecords)
		}
	default:
		if len(it.QuotaRecords) != 1 || it.QuotaRecords[0].QuotaID != it.IDs[0] {
			t.Fatalf("quota records %+v", it.QuotaRecords)
		}
	}
}

// A write whose connection was reset before the server read it reconciles
// to NotApplied, only after the settle delay.
func TestFailBeforeApplyIsNotApplied(t *testing.T) {
	for _, c := range cases() {
		t.Run(c.op, func(t *testing.T) {
			e := newEnv(t)
			write := c.prepare(e)
			before := c.records(e)
			ou := e.failWrite(c, write, resetBeforeRead)
			if n := len(added(before, c.records(e))); n != 0 {
				t.Fatalf("the write made %d records", n)
			}
			res := e.reconcile(ou)
			if res.Outcome != reconcile.NotApplied || len(res.Items) != 1 || len(res.Items[0].IDs) != 0 {
				t.Fatalf("result %s %+v, want NotApplied", res.Outcome, res.Items)
			}
			sleeps, off := e.clk.slept()
			if sleeps == 0 || off < reconcile.DefaultSettleDelay-time.Second {
				t.Fatalf("NotApplied after %d sleeps, %v of the %v settle delay", sleeps, off, reconcile.DefaultSettleDelay)
			}
		})
	}
}

// With the server's Date header (a 503 after or instead of applying), the
// window is placed on the server's clock and the answers are the same.
func TestServerTimeWindow(t *testing.T) {
	for _, c := range cases() {
		t.Run(c.op, func(t *testing.T) {
			e := newEnv(t)
			write := c.prepare(e)
			ou := e.failWrite(c, write, reject503)
			if ou.ServerTime.IsZero() {
				t.Fatal("no ServerTime from the 503's Date header")
			}
			res := e.reconcile(ou)
			if res.Outcome != reconcile.NotApplied || !res.ServerClock {
				t.Fatalf("after 503 without applying: %s (server clock %v)", res.Outcome, res.ServerClock)
			}
			if span := res.To.Sub(res.From); span > 2*reconcile.DefaultServerTimeMargin+reconcile.DefaultSettleDelay+time.Minute {
				t.Fatalf("server-clock window spans %v", span)
			}
			before := c.records(e)
			ou = e.failWrite(c, write, applyThen503)
			newIDs := added(before, c.records(e))
			res = e.reconcile(ou)
			if res.Outcome != reconcile.Applied || !res.ServerClock || !slices.Equal(res.Items[0].IDs, newIDs) {
				t.Fatalf("after 503 once applied: %s %+v, want Applied with %v", res.Outcome, res.Items, newIDs)
			}
		})
	}
}

// Two identical writes in the window reconcile to Ambiguous; excluding the
// one whose answer is known leaves Applied with the other. A coupon or a
// quota can be reclaimed only once, so for those the identical second
// write is refused and the first stays the single match.
func TestIdenticalWritesAreAmbiguous(t *testing.T) {
	for _, c := range cases() {
		t.Run(c.op, func(t *testing.T) {
			e := newEnv(t)
			write := c.prepare(e)
			before := c.records(e)
			firstIDs, err := write()
			if err != nil {
				t.Fatal(err)
			}
			if !c.twice {
				e.srv.Inject(c.op, applyThenReset)
				_, err := write()
				var ou *partnersdk.OutcomeUnknownError
				if !errors.As(err, &ou) {
					t.Fatalf("want OutcomeUnknownError, got %v", err)
				}
				if got := added(before, c.records(e)); !slices.Equal(got, firstIDs) {
					t.Fatalf("the second reclaim applied too: %v", got)
				}
				res := e.reconcile(ou)
				if res.Outcome != reconcile.Applied || !slices.Equal(res.Items[0].IDs, firstIDs) {
					t.Fatalf("result %s %+v", res.Outcome, res.Items)
				}
				return
			}
			ou := e.failWrite(c, write, applyThenReset)
			all := added(before, c.records(e))
			if len(all) != 2 {
				t.Fatalf("records %v", all)
			}
			e.clk.mu.Lock()
			sleeps := e.clk.sleeps
			e.clk.mu.Unlock()
			res := e.reconcile(ou)
			if res.Outcome != reconcile.Ambiguous || len(res.Items[0].IDs) != 2 {
				t.Fatalf("result %s %+v, want Ambiguous with 2 candidates", res.Outcome, res.Items)
			}
			if s, _ := e.clk.slept(); s != sleeps {
				t.Fatal("waited for the settle delay although more records than the write makes were found")
			}
			res = e.reconcile(ou, reconcile.Exclude(firstIDs...))
			second := added(firstIDs, all)
			if res.Outcome != reconcile.Applied || !slices.Equal(res.Items[0].IDs, second) {
				t.Fatalf("with Exclude: %s %+v, want Applied with %v", res.Outcome, res.Items, second)
			}
		})
	}
}

// SendIfNotApplied sends again exactly once after NotApplied, and never
// after Applied.
func TestSendIfNotApplied(t *testing.T) {
	for _, c := range cases() {
		t.Run(c.op, func(t *testing.T) {
			e := newEnv(t)
			write := c.prepare(e)
			before := c.records(e)
			ou := e.failWrite(c, write, resetBeforeRead)
			n0 := e.srv.Calls(c.op)
			out, err := e.rec.SendIfNotApplied(e.ctx, ou)
			if err != nil {
				t.Fatal(err)
			}
			if !out.Sent || out.Result.Outcome != reconcile.NotApplied || out.Response == nil {
				t.Fatalf("resend: %+v", out)
			}
			if d := e.srv.Calls(c.op) - n0; d != 1 {
				t.Fatalf("sent %d times, want 1", d)
			}
			if got := added(before, c.records(e)); len(got) != 1 {
				t.Fatalf("records after the resend: %v", got)
			}
			// Now the write applied once; an identical write failing after
			// applying (within the same window as the resend) must not be
			// resent: the records show two identical writes, Ambiguous.
			if !c.twice {
				return
			}
			before = c.records(e)
			ou = e.failWrite(c, write, applyThenReset)
			n0 = e.srv.Calls(c.op)
			out, err = e.rec.SendIfNotApplied(e.ctx, ou)
			if err != nil {
				t.Fatal(err)
			}
			if out.Sent || out.Result.Outcome != reconcile.Ambiguous || e.srv.Calls(c.op) != n0 {
				t.Fatalf("resent after the write applied: %+v %+v", out, out.Result)
			}
			if got := added(before, c.records(e)); len(got) != 1 {
				t.Fatalf("records: %v", got)
			}
		})
	}
}

// A write with several effects that applied for some of them reconciles to
// PartiallyApplied, per customer; failed issues in the log do not count.
func TestPartiallyAppliedCoupons(t *testing.T) {
	e := newEnv(t)
	good, q := e.resaleCustomer(4), e.voucherQuota()
	const unknown = "0000000000000000000000000000dead"
	e.srv.Inject("CreatePartnerCoupons", applyThenReset)
	_, err := e.client.Coupon.CreatePartnerCoupons(e.ctx, &coupon.CreatePartnerCouponsRequest{QuotaID: q, CustomerIDs: []string{good, unknown}, FaceValue: money("3")})
	var ou *partnersdk.OutcomeUnknownError
	if !errors.As(err, &ou) {
		t.Fatal(err)
	}
	failed := 0
	for r, err := range e.client.Coupon.ListPartnerCouponsRecordAll(e.ctx, &coupon.ListPartnerCouponsRecordRequest{CustomerID: partnersdk.Ptr(unknown)}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.Result == coupon.CouponOperationResultFailed {
			failed++
		}
	}
	if failed != 1 {
		t.Fatalf("the sandbox logged %d failed issues for the unknown customer, want 1", failed)
	}
	res := e.reconcile(ou)
	if res.Outcome != reconcile.PartiallyApplied || !slices.Equal(res.NotAppliedKeys(), []string{unknown}) {
		t.Fatalf("result %s %+v", res.Outcome, res.Items)
	}
	if res.Items[0].Key != good || res.Items[0].Outcome != reconcile.Applied || len(res.Items[0].CouponRecords) != 1 {
		t.Fatalf("item %+v", res.Items[0])
	}
	out, err := e.rec.SendIfNotApplied(e.ctx, ou)
	if err != nil || out.Sent {
		t.Fatalf("SendIfNotApplied sent a partially applied write: %+v %v", out, err)
	}
}

// Reconcile honours ctx while it waits for the settle delay, and never
// answers NotApplied when ctx ends first.
func TestReconcileHonoursContext(t *testing.T) {
	e := newEnv(t)
	c := cases()[0]
	write := c.prepare(e)
	ou := e.failWrite(c, write, resetBeforeRead)
	e.clk.mu.Lock()
	e.clk.block = true
	e.clk.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	res, err := e.rec.Reconcile(ctx, ou)
	if !errors.Is(err, context.DeadlineExceeded) || res != nil {
		t.Fatalf("res %+v, err %v", res, err)
	}
}

// Writes without a records operation and errors without a window are
// refused before anything is read.
func TestUnsupportedAndBadInput(t *testing.T) {
	e := newEnv(t)
	before := e.calls("")
	_, err := e.rec.Reconcile(e.ctx, &partnersdk.OutcomeUnknownError{Operation: "PayOrders", AttemptStart: time.Now(), AttemptEnd: time.Now()})
	var ue *reconcile.UnsupportedError
	if !errors.As(err, &ue) || ue.Operation != "PayOrders" || reconcile.Supported("PayOrders") {
		t.Fatalf("err %v", err)
	}
	_, err = e.rec.Reconcile(e.ctx, &partnersdk.OutcomeUnknownError{Operation: "UpdateCustomerAccountAmount"})
	var ie *reconcile.InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "request is <nil>") {
		t.Fatalf("err %v", err)
	}
	ou := &partnersdk.OutcomeUnknownError{Operation: "UpdateCustomerAccountAmount"}
	ou.Request.Body = &partner.UpdateCustomerAccountAmountRequest{CustomerID: "c", Amount: money("1")}
	_, err = e.rec.Reconcile(e.ctx, ou)
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "window") {
		t.Fatalf("err %v", err)
	}
	if _, err := e.rec.Reconcile(e.ctx, nil); !errors.As(err, &ie) {
		t.Fatalf("nil error: %v", err)
	}
	for op, n := range e.calls("") {
		if n != before[op] {
			t.Fatalf("%d request(s) of %s were sent", n-before[op], op)
		}
	}
	if _, err := reconcile.New(nil); err == nil {
		t.Fatal("New(nil) succeeded")
	}
	var ce *partnersdk.ConfigError
	if _, err := reconcile.New(e.client, reconcile.WithSettleDelay(-time.Second)); !errors.As(err, &ce) || ce.Field != "WithSettleDelay" {
		t.Fatalf("negative settle delay: %v", err)
	}
}

// After Applied, SendIfNotApplied sends nothing.
func TestSendIfNotAppliedAfterApplied(t *testing.T) {
	for _, c := range cases() {
		t.Run(c.op, func(t *testing.T) {
			e := newEnv(t)
			write := c.prepare(e)
			ou := e.failWrite(c, write, applyThenReset)
			before := e.calls("write")
			out, err := e.rec.SendIfNotApplied(e.ctx, ou)
			if err != nil {
				t.Fatal(err)
			}
			if out.Sent || out.Result.Outcome != reconcile.Applied || out.Response != nil {
				t.Fatalf("after Applied: %+v", out)
			}
			e.requireNoWrites(before)
		})
	}
}
