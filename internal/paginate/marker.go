package paginate

import (
	"context"
	"fmt"
	"iter"
)

// MarkerPager describes an operation paged by an opaque marker (the next
// page's marker comes back in each answer; none means the last page), such
// as ListResourceSpecs.
type MarkerPager[Req, Resp, T any] struct {
	// Fetch performs one page call.
	Fetch func(ctx context.Context, req *Req) (*Resp, error)
	// Items returns the items of a page.
	Items func(*Resp) []T
	// Next returns the marker of the next page, "" on the last page.
	Next func(*Resp) string
	// Marker reads the request's marker ("" for the first page).
	Marker func(*Req) string
	// SetMarker writes the request's marker.
	SetMarker func(*Req, string)
	// Prepare is called once on the copied request before the first page,
	// e.g. to set the page size to the documented maximum when unset.
	Prepare func(*Req)
}

// ByMarker returns an iterator over every item of every page, starting at
// the request's own marker. The request is copied; the caller's value is
// not changed. On an error the iterator yields the zero item with the
// error once and stops.
//
// The walk ends after a page without a next marker, and with ErrNoProgress
// when the server hands back the marker it was just sent, or a next marker
// with an empty page (either would otherwise loop forever); it stops when
// ctx is done (its error is yielded).
func ByMarker[Req, Resp, T any](ctx context.Context, req *Req, p MarkerPager[Req, Resp, T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if p.Fetch == nil || p.Items == nil || p.Next == nil || p.Marker == nil || p.SetMarker == nil {
			yield(zero, ErrIncompletePager)
			return
		}
		var r Req
		if req != nil {
			r = *req
		}
		if p.Prepare != nil {
			p.Prepare(&r)
		}
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			resp, err := p.Fetch(ctx, &r)
			if err != nil {
				yield(zero, err)
				return
			}
			if resp == nil {
				yield(zero, ErrNilPage)
				return
			}
			items := p.Items(resp)
			for i := range items {
				if !yield(items[i], nil) {
					return
				}
			}
			next := p.Next(resp)
			if next == "" {
				return
			}
			if next == p.Marker(&r) {
				yield(zero, fmt.Errorf("%w (the next marker is the marker just sent)", ErrNoProgress))
				return
			}
			if len(items) == 0 {
				yield(zero, fmt.Errorf("%w (an empty page with a next marker)", ErrNoProgress))
				return
			}
			p.SetMarker(&r, next)
		}
	}
}
