package paginate

import (
	"context"
	"errors"
	"iter"
	"math"
	"strconv"
	"testing"
)

// listReq mimics a generated request: optional offset and limit pointers,
// plus a slice the iterator must not touch.
type listReq struct {
	Offset *int32
	Limit  *int32
	Filter []string
}

type listResp struct {
	Items    []string
	Total    int64
	HasTotal bool
}

// fakeAPI serves a data set by offset/limit (or page/size) and counts fetches.
type fakeAPI struct {
	data    []string
	total   func(n int) (int64, bool) // nil: the true total
	pages   bool                      // position is a 1-based page number
	fetches int
	seen    []listReq // copies of every request received
	failAt  int       // fetch number that fails (0: never)
	maxSize int       // server-side cap on the page size (0: none)
}

func items(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "item-" + strconv.Itoa(i)
	}
	return out
}

var errBoom = errors.New("boom")

func (f *fakeAPI) fetch(_ context.Context, r *listReq) (*listResp, error) {
	f.fetches++
	cp := *r
	f.seen = append(f.seen, cp)
	if f.failAt == f.fetches {
		return nil, errBoom
	}
	size := 10
	if r.Limit != nil {
		size = int(*r.Limit)
	}
	if f.maxSize > 0 && size > f.maxSize {
		size = f.maxSize
	}
	start := 0
	if f.pages {
		start = 1 // page numbers start at 1
	}
	if r.Offset != nil {
		start = int(*r.Offset)
	}
	if f.pages {
		start = (start - 1) * size
	}
	resp := &listResp{Total: int64(len(f.data)), HasTotal: true}
	if f.total != nil {
		resp.Total, resp.HasTotal = f.total(f.fetches)
	}
	if start < 0 || start >= len(f.data) {
		return resp, nil
	}
	end := min(start+size, len(f.data))
	resp.Items = append([]string(nil), f.data[start:end]...)
	return resp, nil
}

// pager builds a Pager like the generated ones.
func (f *fakeAPI) pager() Pager[listReq, listResp, string] {
	p := Pager[listReq, listResp, string]{
		Fetch: f.fetch,
		Items: func(r *listResp) []string { return r.Items },
		Total: func(r *listResp) (int64, bool) { return r.Total, r.HasTotal },
		Position: func(r *listReq) int64 {
			if r.Offset == nil {
				if f.pages {
					return 1
				}
				return 0
			}
			return int64(*r.Offset)
		},
		SetPosition: func(r *listReq, v int64) { n := int32(v); r.Offset = &n },
		PageSize: func(r *listReq) int64 {
			if r.Limit == nil {
				return 10
			}
			return int64(*r.Limit)
		},
		Unit: Items,
	}
	if f.pages {
		p.Unit = Pages
	}
	return p
}

type walk struct {
	items []string
	errs  []error
}

func collect(seq iter.Seq2[string, error]) walk {
	var w walk
	for it, err := range seq {
		if err != nil {
			w.errs = append(w.errs, err)
			if it != "" {
				w.items = append(w.items, "NON-ZERO ITEM WITH ERROR")
			}
			continue
		}
		w.items = append(w.items, it)
	}
	return w
}

func i32(v int32) *int32 { return &v }

func noTotal(int) (int64, bool) { return 0, false }

func TestAllStyles(t *testing.T) {
	tests := []struct {
		name        string
		n           int
		pages       bool
		total       func(int) (int64, bool)
		start       *int32
		wantItems   int
		wantFetches int
	}{
		{"offset, total, partial last page", 25, false, nil, nil, 25, 3},
		{"offset, total, exact multiple", 30, false, nil, nil, 30, 3},
		{"offset, no total, partial last page", 25, false, noTotal, nil, 25, 3},
		{"offset, no total, exact multiple needs an empty page", 30, false, noTotal, nil, 30, 4},
		{"offset, negative total is absent", 30, false, func(int) (int64, bool) { return -1, true }, nil, 30, 4},
		{"offset, starts at own position", 25, false, nil, i32(10), 15, 2},
		{"offset, starts past the end", 25, false, nil, i32(40), 0, 1},
		{"pages, total, partial last page", 25, true, nil, nil, 25, 3},
		{"pages, total, exact multiple", 30, true, nil, nil, 30, 3},
		{"pages, no total", 30, true, noTotal, nil, 30, 4},
		{"pages, starts at page 2, no total", 25, true, noTotal, i32(2), 15, 2},
		{"empty data set, total 0", 0, false, nil, nil, 0, 1},
		{"empty first page, no total", 0, false, noTotal, nil, 0, 1},
		{"single short page", 3, false, nil, nil, 3, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeAPI{data: items(tt.n), pages: tt.pages, total: tt.total}
			w := collect(All(context.Background(), &listReq{Offset: tt.start}, f.pager()))
			if len(w.errs) != 0 {
				t.Fatalf("errors: %v", w.errs)
			}
			if len(w.items) != tt.wantItems || f.fetches != tt.wantFetches {
				t.Fatalf("items = %d, fetches = %d; want %d, %d", len(w.items), f.fetches, tt.wantItems, tt.wantFetches)
			}
			first := 0
			if tt.start != nil {
				first = int(*tt.start)
				if tt.pages {
					first = (first - 1) * 10
				}
			}
			for i, it := range w.items {
				if want := "item-" + strconv.Itoa(first+i); it != want {
					t.Fatalf("item %d = %q, want %q", i, it, want)
				}
			}
		})
	}
}

func TestAllLyingTotals(t *testing.T) {
	tests := []struct {
		name        string
		n           int
		total       func(int) (int64, bool)
		wantItems   int
		wantFetches int
	}{
		// A huge total with a short page: the empty page after it ends the
		// walk (a short page alone does not, while a total promises more).
		{"huge total, short last page", 25, func(int) (int64, bool) { return 1 << 40, true }, 25, 4},
		// A huge total with full pages: the empty page ends it.
		{"huge total, empty page", 30, func(int) (int64, bool) { return math.MaxInt64, true }, 30, 4},
		// A total below what the pages deliver is ignored.
		{"total too small", 25, func(int) (int64, bool) { return 5, true }, 25, 3},
		{"total 0 with items", 25, func(int) (int64, bool) { return 0, true }, 25, 3},
		// A total that changes between pages.
		{"total shrinks below what was delivered", 40, func(n int) (int64, bool) { return int64(50 - 10*n), true }, 40, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeAPI{data: items(tt.n), total: tt.total}
			w := collect(All(context.Background(), &listReq{}, f.pager()))
			if len(w.errs) != 0 || len(w.items) != tt.wantItems || f.fetches != tt.wantFetches {
				t.Fatalf("items = %d, fetches = %d, errs = %v; want %d, %d", len(w.items), f.fetches, w.errs, tt.wantItems, tt.wantFetches)
			}
		})
	}
}

func TestAllServerCapsPageSize(t *testing.T) {
	// The server silently serves 5 items when asked for 10. With a total,
	// the walk follows the total and gets everything.
	f := &fakeAPI{data: items(25), maxSize: 5}
	w := collect(All(context.Background(), &listReq{}, f.pager()))
	if len(w.items) != 25 || f.fetches != 5 || len(w.errs) != 0 {
		t.Fatalf("items = %d, fetches = %d, errs = %v", len(w.items), f.fetches, w.errs)
	}
	// Without a total, a short page is all there is to go by: it ends the
	// walk (documented).
	f = &fakeAPI{data: items(25), maxSize: 5, total: noTotal}
	w = collect(All(context.Background(), &listReq{}, f.pager()))
	if len(w.items) != 5 || f.fetches != 1 {
		t.Fatalf("no total: items = %d, fetches = %d", len(w.items), f.fetches)
	}
}

func TestAllSamePageForever(t *testing.T) {
	for _, withTotal := range []bool{false, true} {
		fetches := 0
		p := Pager[listReq, listResp, string]{
			Fetch: func(context.Context, *listReq) (*listResp, error) {
				fetches++
				if fetches > 100 {
					t.Fatal("no end in sight")
				}
				return &listResp{Items: []string{"a", "b"}, Total: 1 << 50, HasTotal: withTotal}, nil
			},
			Items:       func(r *listResp) []string { return r.Items },
			Total:       func(r *listResp) (int64, bool) { return r.Total, r.HasTotal },
			Position:    func(r *listReq) int64 { return 0 },
			SetPosition: func(*listReq, int64) {},
			PageSize:    func(*listReq) int64 { return 2 },
		}
		w := collect(All(context.Background(), &listReq{}, p))
		if len(w.errs) != 1 || !errors.Is(w.errs[0], ErrNoProgress) {
			t.Fatalf("errs = %v, want one ErrNoProgress", w.errs)
		}
		if len(w.items) != 2 || fetches != 2 {
			t.Fatalf("items = %v, fetches = %d", w.items, fetches)
		}
	}
}

func TestAllMaxPosition(t *testing.T) {
	f := &fakeAPI{data: items(100)}
	p := f.pager()
	p.MaxPosition = 20
	w := collect(All(context.Background(), &listReq{}, p))
	if len(w.items) != 30 || len(w.errs) != 1 || !errors.Is(w.errs[0], ErrPositionOverflow) {
		t.Fatalf("items = %d, errs = %v", len(w.items), w.errs)
	}
	if f.fetches != 3 {
		t.Fatalf("fetches = %d", f.fetches)
	}
	// Exactly reaching the maximum is fine.
	f = &fakeAPI{data: items(30)}
	p = f.pager()
	p.MaxPosition = 30
	if w := collect(All(context.Background(), &listReq{}, p)); len(w.items) != 30 || len(w.errs) != 0 {
		t.Fatalf("items = %d, errs = %v", len(w.items), w.errs)
	}
}

func TestAllPositionInt64Overflow(t *testing.T) {
	type req struct{ Offset int64 }
	p := Pager[req, listResp, string]{
		Fetch: func(context.Context, *req) (*listResp, error) {
			return &listResp{Items: []string{"a", "b"}}, nil
		},
		Items:       func(r *listResp) []string { return r.Items },
		Position:    func(r *req) int64 { return r.Offset },
		SetPosition: func(r *req, v int64) { r.Offset = v },
		Unit:        Items,
	}
	var errs []error
	for _, err := range All(context.Background(), &req{Offset: math.MaxInt64 - 1}, p) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) != 1 || !errors.Is(errs[0], ErrPositionOverflow) {
		t.Fatalf("errs = %v", errs)
	}
}

func TestAllContextCancelled(t *testing.T) {
	// Before the first page: nothing is fetched.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := &fakeAPI{data: items(50)}
	w := collect(All(ctx, &listReq{}, f.pager()))
	if f.fetches != 0 || len(w.items) != 0 || len(w.errs) != 1 || !errors.Is(w.errs[0], context.Canceled) {
		t.Fatalf("fetches = %d, items = %d, errs = %v", f.fetches, len(w.items), w.errs)
	}

	// Mid-walk: the current page finishes, the next one is not fetched.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	f = &fakeAPI{data: items(50)}
	var got []string
	var errs []error
	for it, err := range All(ctx, &listReq{}, f.pager()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, it)
		if len(got) == 15 {
			cancel()
		}
	}
	if len(got) != 20 || f.fetches != 2 || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Fatalf("items = %d, fetches = %d, errs = %v", len(got), f.fetches, errs)
	}
}

func TestAllDoesNotMutateCallerRequest(t *testing.T) {
	f := &fakeAPI{data: items(35)}
	p := f.pager()
	p.Prepare = func(r *listReq) {
		if r.Limit == nil {
			r.Limit = i32(10)
		}
	}
	off := int32(5)
	orig := &listReq{Offset: &off, Filter: []string{"x"}}
	w := collect(All(context.Background(), orig, p))
	if len(w.items) != 30 || len(w.errs) != 0 {
		t.Fatalf("items = %d, errs = %v", len(w.items), w.errs)
	}
	if orig.Offset != &off || off != 5 || orig.Limit != nil || len(orig.Filter) != 1 || orig.Filter[0] != "x" {
		t.Fatalf("caller's request changed: %+v (offset %d)", orig, off)
	}
	// The iterator's own copy advanced and had the limit prepared.
	if last := f.seen[len(f.seen)-1]; *last.Offset != 25 || *last.Limit != 10 {
		t.Fatalf("last request = offset %d limit %d", *last.Offset, *last.Limit)
	}
	// A nil request works and ranging twice starts over.
	f2 := &fakeAPI{data: items(12)}
	seq := All(context.Background(), nil, f2.pager())
	a, b := collect(seq), collect(seq)
	if len(a.items) != 12 || len(b.items) != 12 || f2.fetches != 4 {
		t.Fatalf("two walks: %d, %d items, %d fetches", len(a.items), len(b.items), f2.fetches)
	}
}

func TestAllEarlyBreak(t *testing.T) {
	for _, stopAt := range []int{1, 3, 10, 11} {
		f := &fakeAPI{data: items(100)}
		n := 0
		for _, err := range All(context.Background(), &listReq{}, f.pager()) {
			if err != nil {
				t.Fatal(err)
			}
			n++
			if n == stopAt {
				break
			}
		}
		if want := (stopAt + 9) / 10; f.fetches != want {
			t.Fatalf("break after %d items: %d fetches, want %d", stopAt, f.fetches, want)
		}
	}
	// Breaking on the error is fine too.
	f := &fakeAPI{data: items(100), failAt: 1}
	for _, err := range All(context.Background(), &listReq{}, f.pager()) {
		if err != nil {
			break
		}
	}
}

func TestAllErrorYieldedOnce(t *testing.T) {
	f := &fakeAPI{data: items(100), failAt: 2}
	w := collect(All(context.Background(), &listReq{}, f.pager()))
	if len(w.items) != 10 || len(w.errs) != 1 || !errors.Is(w.errs[0], errBoom) || f.fetches != 2 {
		t.Fatalf("items = %d, errs = %v, fetches = %d", len(w.items), w.errs, f.fetches)
	}
}

func TestAllMisconfiguredPager(t *testing.T) {
	w := collect(All(context.Background(), &listReq{}, Pager[listReq, listResp, string]{}))
	if len(w.errs) != 1 || !errors.Is(w.errs[0], ErrIncompletePager) {
		t.Fatalf("errs = %v", w.errs)
	}
	f := &fakeAPI{data: items(5)}
	p := f.pager()
	p.Fetch = func(context.Context, *listReq) (*listResp, error) { return nil, nil }
	w = collect(All(context.Background(), &listReq{}, p))
	if len(w.errs) != 1 || !errors.Is(w.errs[0], ErrNilPage) {
		t.Fatalf("errs = %v", w.errs)
	}
}

// ---- fuzzing ----

// fuzzPage is one scripted answer.
type fuzzPage struct {
	items []int
	total int64
	has   bool
}

// script decodes fuzz bytes into a pager configuration and a page sequence.
// Byte 0: unit (bit 0), what happens after the script ends (bits 1-2:
// repeat the last page, empty page, error), page size (bits 3-5, 0 means
// unknown), MaxPosition (bits 6-7). Then per page: a length byte, a seed
// byte for the items, and a total byte.
func script(data []byte) (unit Unit, after int, size int64, maxPos int64, pages []fuzzPage) {
	if len(data) == 0 {
		return Items, 0, 0, 0, nil
	}
	h := data[0]
	unit = Unit(h & 1)
	after = int(h>>1) & 3
	size = int64(h>>3) & 7
	maxPos = []int64{0, 5, 40, math.MaxInt64}[h>>6]
	data = data[1:]
	for len(data) >= 3 {
		l, seed, tb := int(data[0]%12), int(data[1]), data[2]
		data = data[3:]
		pg := fuzzPage{items: make([]int, l)}
		for i := range pg.items {
			pg.items[i] = (seed*31 + i*(seed%3)) % 7 // few distinct values: duplicates are common
		}
		switch tb % 5 {
		case 0:
		case 1:
			pg.total, pg.has = -int64(tb), true
		case 2:
			pg.total, pg.has = int64(tb/5), true
		case 3:
			pg.total, pg.has = math.MaxInt64, true
		case 4:
			pg.total, pg.has = 0, true
		}
		pages = append(pages, pg)
	}
	return unit, after, size, maxPos, pages
}

func FuzzAll(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0x18, 10, 1, 3, 10, 2, 3, 10, 3, 3, 4, 4, 2})
	f.Add([]byte{0x19, 3, 1, 2, 3, 1, 2, 3, 1, 2})
	f.Add([]byte{0x00, 5, 5, 0, 5, 5, 0, 5, 5, 0})
	f.Add([]byte{0xC2, 11, 9, 3, 11, 8, 3, 11, 7, 3})
	f.Add([]byte{0x44, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		unit, after, size, maxPos, pages := script(data)
		type req struct{ Pos int64 }
		type resp struct{ page fuzzPage }
		hardCap := len(pages) + 2
		fetches := 0
		p := Pager[req, resp, int]{
			Fetch: func(_ context.Context, r *req) (*resp, error) {
				fetches++
				if fetches > hardCap {
					t.Fatalf("%d fetches for a script of %d pages", fetches, len(pages))
				}
				if fetches <= len(pages) {
					return &resp{pages[fetches-1]}, nil
				}
				switch {
				case after == 0 && len(pages) > 0:
					return &resp{pages[len(pages)-1]}, nil
				case after == 2:
					return nil, errBoom
				case after == 3:
					return nil, nil
				}
				return &resp{}, nil
			},
			Items:       func(r *resp) []int { return r.page.items },
			Total:       func(r *resp) (int64, bool) { return r.page.total, r.page.has },
			Position:    func(r *req) int64 { return r.Pos },
			SetPosition: func(r *req, v int64) { r.Pos = v },
			PageSize:    func(*req) int64 { return size },
			Unit:        unit,
			MaxPosition: maxPos,
		}
		maxItems := 0
		for _, pg := range pages {
			maxItems += len(pg.items)
		}
		if len(pages) > 0 {
			maxItems += len(pages[len(pages)-1].items)
		}
		got, errs := 0, 0
		for _, err := range All(context.Background(), &req{}, p) {
			if errs > 0 {
				t.Fatal("yielded after an error")
			}
			if err != nil {
				errs++
				continue
			}
			got++
		}
		if got > maxItems {
			t.Fatalf("yielded %d items, the script holds %d", got, maxItems)
		}
	})
}
