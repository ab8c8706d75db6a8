package paginate

import (
	"context"
	"errors"
	"strconv"
	"testing"
)

type markerReq struct {
	Marker string
	Limit  int
}

type markerResp struct {
	Items []int
	Next  string
}

// markerServer pages 0..n-1 by limit; markers are decimal positions.
func markerPager(n int, calls *int, mutate func(pos int, r *markerResp)) MarkerPager[markerReq, markerResp, int] {
	return MarkerPager[markerReq, markerResp, int]{
		Fetch: func(_ context.Context, r *markerReq) (*markerResp, error) {
			*calls++
			if *calls > 100 {
				return nil, errors.New("runaway")
			}
			pos := 0
			if r.Marker != "" {
				pos, _ = strconv.Atoi(r.Marker)
			}
			end := min(pos+r.Limit, n)
			out := &markerResp{}
			for i := pos; i < end; i++ {
				out.Items = append(out.Items, i)
			}
			if end < n {
				out.Next = strconv.Itoa(end)
			}
			if mutate != nil {
				mutate(pos, out)
			}
			return out, nil
		},
		Items:     func(r *markerResp) []int { return r.Items },
		Next:      func(r *markerResp) string { return r.Next },
		Marker:    func(r *markerReq) string { return r.Marker },
		SetMarker: func(r *markerReq, m string) { r.Marker = m },
		Prepare: func(r *markerReq) {
			if r.Limit == 0 {
				r.Limit = 10
			}
		},
	}
}

func collectMarker(t *testing.T, req *markerReq, p MarkerPager[markerReq, markerResp, int]) ([]int, error) {
	t.Helper()
	var got []int
	for v, err := range ByMarker(context.Background(), req, p) {
		if err != nil {
			return got, err
		}
		got = append(got, v)
	}
	return got, nil
}

func TestByMarkerWalksEveryPage(t *testing.T) {
	for _, n := range []int{0, 1, 10, 25} {
		calls := 0
		req := &markerReq{}
		got, err := collectMarker(t, req, markerPager(n, &calls, nil))
		if err != nil || len(got) != n {
			t.Fatalf("n=%d: %v, %d items", n, err, len(got))
		}
		for i, v := range got {
			if v != i {
				t.Fatalf("n=%d: item %d is %d", n, i, v)
			}
		}
		if want := max(1, (n+9)/10); calls != want {
			t.Fatalf("n=%d: %d calls, want %d", n, calls, want)
		}
		if req.Marker != "" || req.Limit != 0 {
			t.Fatalf("the caller's request changed: %+v", req)
		}
	}
	// Starting from the caller's marker.
	calls := 0
	got, err := collectMarker(t, &markerReq{Marker: "20", Limit: 3}, markerPager(25, &calls, nil))
	if err != nil || len(got) != 5 || got[0] != 20 {
		t.Fatalf("from marker: %v %v", err, got)
	}
}

func TestByMarkerNoProgress(t *testing.T) {
	for name, mutate := range map[string]func(int, *markerResp){
		"same marker back":     func(pos int, r *markerResp) { r.Next = strconv.Itoa(pos) },
		"empty page with next": func(pos int, r *markerResp) { r.Items = nil; r.Next = strconv.Itoa(pos + 1) },
	} {
		calls := 0
		_, err := collectMarker(t, &markerReq{Marker: "5"}, markerPager(1000, &calls, mutate))
		if !errors.Is(err, ErrNoProgress) || calls != 1 {
			t.Fatalf("%s: %v after %d calls", name, err, calls)
		}
	}
}

func TestByMarkerErrorsAndCancel(t *testing.T) {
	calls := 0
	p := markerPager(100, &calls, nil)
	boom := errors.New("boom")
	p.Fetch = func(context.Context, *markerReq) (*markerResp, error) { return nil, boom }
	if _, err := collectMarker(t, nil, p); !errors.Is(err, boom) {
		t.Fatalf("fetch error: %v", err)
	}
	p.Fetch = func(context.Context, *markerReq) (*markerResp, error) { return nil, nil }
	if _, err := collectMarker(t, nil, p); !errors.Is(err, ErrNilPage) {
		t.Fatalf("nil page: %v", err)
	}
	if _, err := collectMarker(t, nil, MarkerPager[markerReq, markerResp, int]{}); !errors.Is(err, ErrIncompletePager) {
		t.Fatalf("incomplete: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p = markerPager(100, &calls, nil)
	n := 0
	for _, err := range ByMarker(ctx, &markerReq{}, p) {
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancel: %v", err)
			}
			break
		}
		n++
		if n == 10 {
			cancel()
		}
	}
	if n != 10 {
		t.Fatalf("%d items before the cancellation took effect", n)
	}
	// Breaking early stops fetching.
	calls = 0
	for range ByMarker(context.Background(), &markerReq{}, markerPager(100, &calls, nil)) {
		break
	}
	if calls != 1 {
		t.Fatalf("%d calls after an early break", calls)
	}
}
