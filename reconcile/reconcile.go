package reconcile

import (
	"context"
	"errors"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// Reconciler answers whether writes that ended in an OutcomeUnknownError
// were applied, from the API's records. It only reads (except
// SendIfNotApplied). It is safe for concurrent use.
type Reconciler struct {
	partner *partner.Service
	coupon  *coupon.Service
	cfg     config
}

// New returns a Reconciler reading the records through client (the same
// partner credentials that made the write: the records operations show the
// caller's own records).
func New(client *partnersdk.Client, opts ...Option) (*Reconciler, error) {
	if client == nil {
		return nil, &partnersdk.ConfigError{Field: "client", Reason: "nil *partnersdk.Client"}
	}
	cfg := config{
		skew: DefaultClockSkew, serverMargin: DefaultServerTimeMargin, settle: DefaultSettleDelay,
		poll: DefaultPollInterval, clock: realClock{}, exclude: map[string]bool{},
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	return &Reconciler{partner: client.Partner, coupon: client.Coupon, cfg: cfg}, nil
}

// with returns the configuration with per-call options applied.
func (r *Reconciler) with(opts []Option) (config, error) {
	cfg := r.cfg
	cfg.exclude = make(map[string]bool, len(r.cfg.exclude))
	for k := range r.cfg.exclude {
		cfg.exclude[k] = true
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return config{}, err
		}
	}
	return cfg, nil
}

// Supported reports whether Reconcile can settle the named operation.
func Supported(operation string) bool {
	_, ok, _ := matcherFor(operation, nil)
	return ok
}

// Reconcile reads the records of the write that failed with ou and answers
// Applied, NotApplied, Ambiguous or (for writes with several effects)
// PartiallyApplied. It never sends a write.
//
// Applied and NotApplied are answered only after the settle delay since the
// attempt has passed (see the package documentation): called earlier,
// Reconcile waits for it, reading the records again every poll interval,
// and returns ctx's error if ctx ends first. opts override the Reconciler's
// options for this call (typically Exclude).
//
// Errors: *UnsupportedError for a write without a records operation,
// *InputError when ou lacks the request or the window, and the read errors
// of the records operations (*partnersdk.APIError, RequestError, ...).
func (r *Reconciler) Reconcile(ctx context.Context, ou *core.OutcomeUnknownError, opts ...Option) (*Result, error) {
	if ctx == nil {
		return nil, errors.New("reconcile: nil context")
	}
	if ou == nil {
		return nil, &InputError{Reason: "nil *OutcomeUnknownError"}
	}
	cfg, err := r.with(opts)
	if err != nil {
		return nil, err
	}
	m, ok, err := matcherFor(ou.Operation, ou.Request.Body)
	if !ok {
		return nil, &UnsupportedError{Operation: ou.Operation}
	}
	if err != nil {
		return nil, &InputError{Operation: ou.Operation, Reason: err.Error()}
	}
	if ou.AttemptStart.IsZero() || ou.AttemptEnd.IsZero() || ou.AttemptEnd.Before(ou.AttemptStart) {
		return nil, &InputError{Operation: ou.Operation, Reason: "no attempt window (AttemptStart/AttemptEnd)"}
	}
	from, to, serverClock := window(ou, &cfg)
	settled := ou.AttemptEnd.Add(cfg.settle)
	for {
		now := cfg.clock.Now()
		recs, err := m.fetch(ctx, r, from, to)
		if err != nil {
			return nil, err
		}
		res, over := decide(ou.Operation, m.keys(), recs, from, to, cfg.exclude)
		res.ServerClock = serverClock
		// More records than the write makes can only grow: that answer is
		// final at once. Anything else may change until the delay passed.
		if over || !now.Before(settled) {
			return res, nil
		}
		wait := min(cfg.poll, settled.Sub(now))
		if err := cfg.clock.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// window returns the span, on the server's clock, in which the write may
// have been applied and its record time may lie.
func window(ou *core.OutcomeUnknownError, cfg *config) (from, to time.Time, serverClock bool) {
	dur := ou.AttemptEnd.Sub(ou.AttemptStart)
	if !ou.ServerTime.IsZero() {
		// The server stamped Date (whole seconds) while the attempt was in
		// flight, so the attempt ran, on the server's clock, within
		// [Date-dur, Date+1s+dur].
		from = ou.ServerTime.Add(-dur - cfg.serverMargin)
		to = ou.ServerTime.Add(time.Second + dur + cfg.serverMargin + cfg.settle)
		serverClock = true
	} else {
		from = ou.AttemptStart.Add(-cfg.skew)
		to = ou.AttemptEnd.Add(cfg.skew + cfg.settle)
	}
	// Record times have whole seconds.
	from = from.UTC().Truncate(time.Second)
	if t := to.UTC().Truncate(time.Second); t.Before(to) {
		to = t.Add(time.Second)
	} else {
		to = t
	}
	return from, to, serverClock
}

// candidate is one record that agrees with everything the request fixed.
type candidate struct {
	key string
	// id is what the answer would have reported; ids are every identity
	// of the record (for Exclude).
	id  string
	ids []string
	// at is the record time; ok is false when it could not be read (the
	// record then counts as inside the window).
	at   time.Time
	atOK bool

	adjust *partner.AdjustRecordV3
	coupon *coupon.PartnerCouponRecord
	quota  *partner.QuotaRecord
}

// decide groups the candidates by key and answers per key: none is
// NotApplied, exactly as many as the request asked for is Applied, any other
// number Ambiguous. over reports a key with more candidates than wanted.
func decide(op string, keys []string, recs []candidate, from, to time.Time, exclude map[string]bool) (res *Result, over bool) {
	res = &Result{Operation: op, From: from, To: to}
	want := map[string]int{}
	var order []string
	for _, k := range keys {
		if want[k] == 0 {
			order = append(order, k)
		}
		want[k]++
	}
	got := map[string][]candidate{}
outer:
	for _, c := range recs {
		if _, ok := want[c.key]; !ok {
			continue
		}
		if c.atOK && (c.at.Before(from) || c.at.After(to)) {
			continue
		}
		for _, id := range c.ids {
			if exclude[id] {
				continue outer
			}
		}
		got[c.key] = append(got[c.key], c)
	}
	for _, k := range order {
		it := Item{Key: k, Want: want[k]}
		cs := got[k]
		switch {
		case len(cs) == 0:
			it.Outcome = NotApplied
		case len(cs) == want[k]:
			it.Outcome = Applied
		default:
			it.Outcome = Ambiguous
			over = over || len(cs) > want[k]
		}
		for _, c := range cs {
			it.IDs = append(it.IDs, c.id)
			switch {
			case c.adjust != nil:
				it.AdjustRecords = append(it.AdjustRecords, *c.adjust)
			case c.coupon != nil:
				it.CouponRecords = append(it.CouponRecords, *c.coupon)
			case c.quota != nil:
				it.QuotaRecords = append(it.QuotaRecords, *c.quota)
			}
		}
		res.Items = append(res.Items, it)
	}
	res.summarize()
	return res, over
}
