// Package paginate turns the API's two paging styles (offset/limit with a
// total count, and page_no/page_size) into iterators over every item. An
// iterator copies the caller's request, holds one page in memory at a time,
// honours context cancellation and never loops forever on a misbehaving
// server.
package paginate

import (
	"context"
	"errors"
	"iter"
	"math"
	"reflect"
	"strconv"

	"github.com/hcpartner/partner-sdk-go/core"
)

// Unit says what the position field of a request counts.
type Unit int

const (
	// Items: the position is a record offset (the next page starts at
	// position + len(items)).
	Items Unit = iota
	// Pages: the position is a page index (the next page is position+1).
	Pages
)

// Pager describes one paginated operation to All.
type Pager[Req, Resp, T any] struct {
	// Fetch performs one page call.
	Fetch func(ctx context.Context, req *Req) (*Resp, error)
	// Items returns the items of a page.
	Items func(*Resp) []T
	// Total returns the total count when the response carries one.
	Total func(*Resp) (int64, bool)
	// Position reads the request's position (offset or page number).
	Position func(*Req) int64
	// SetPosition writes the request's position.
	SetPosition func(*Req, int64)
	// PageSize returns the page size in effect for req (after Prepare); 0
	// when unknown.
	PageSize func(*Req) int64
	// Prepare is called once on the copied request before the first page,
	// e.g. to set the page size to the documented maximum when unset.
	Prepare func(*Req)
	// Unit says whether the position counts items or pages.
	Unit Unit
	// MaxPosition is the largest position the API accepts (0: no limit).
	MaxPosition int64
}

// ErrNoProgress is reported when a server answers the same page twice in a
// row (a page identical to the previous one), which would otherwise loop
// forever.
const ErrNoProgress = core.ErrNoProgress

// ErrPositionOverflow is reported when the next page would start beyond the
// largest offset or page number the API accepts.
const ErrPositionOverflow = core.ErrPositionOverflow

type sentinel = core.Sentinel

// ErrIncompletePager is reported when a Pager lacks Fetch, Items, Position
// or SetPosition.
const ErrIncompletePager = sentinel("partnersdk: pagination: Pager needs Fetch, Items, Position and SetPosition")

// ErrNilPage is reported when Fetch returns neither a page nor an error.
const ErrNilPage = sentinel("partnersdk: pagination: Fetch returned no page and no error")

// All returns an iterator over every item of every page, starting at the
// request's own position. The request is copied; the caller's value is not
// changed. On an error the iterator yields the zero item with the error
// once and stops.
//
// The walk ends after a page that is
//   - empty;
//   - the last one according to the total count: for Items, the page ends
//     at position+len(items) == total; for Pages, the items seen so far
//     reach total. A total that the pages contradict (more items than it
//     announced) is ignored from then on, and a negative total counts as
//     absent;
//   - shorter than the page size in effect (when PageSize knows it), when
//     there is no total to go by. With a total that promises more, a short
//     page does not end the walk (servers cap page sizes below the
//     documented maximum); the next, empty page does;
//   - identical to the previous page (same length, same first and last
//     item), reported as ErrNoProgress;
//
// or when the next position would exceed MaxPosition (ErrPositionOverflow)
// or ctx is done (its error is yielded).
func All[Req, Resp, T any](ctx context.Context, req *Req, p Pager[Req, Resp, T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if p.Fetch == nil || p.Items == nil || p.Position == nil || p.SetPosition == nil {
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
		var seen int64
		var prevLen int
		var prevFirst, prevLast T
		havePrev := false
		totalTrusted := true
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
			n := int64(len(items))
			if n == 0 {
				return
			}
			if havePrev && len(items) == prevLen && reflect.DeepEqual(items[0], prevFirst) && reflect.DeepEqual(items[len(items)-1], prevLast) {
				yield(zero, ErrNoProgress)
				return
			}
			total, hasTotal := int64(0), false
			if p.Total != nil && totalTrusted {
				total, hasTotal = p.Total(resp)
				if total < 0 {
					hasTotal = false
				}
			}
			pos := p.Position(&r)
			for i := range items {
				if !yield(items[i], nil) {
					return
				}
			}
			seen += n
			if hasTotal {
				reached := seen
				if p.Unit == Items {
					reached = pos + n
					if reached < pos { // overflow: certainly past any total
						reached = math.MaxInt64
					}
				}
				switch {
				case reached == total:
					return
				case reached > total:
					// The server delivered more than it announced: its
					// total is wrong, so stop trusting it.
					totalTrusted, hasTotal = false, false
				}
			}
			if !hasTotal && p.PageSize != nil {
				if size := p.PageSize(&r); size > 0 && n < size {
					return
				}
			}
			prevLen, prevFirst, prevLast, havePrev = len(items), items[0], items[len(items)-1], true
			step := int64(1)
			if p.Unit == Items {
				step = n
			}
			next := pos + step
			if next < pos || p.MaxPosition > 0 && next > p.MaxPosition {
				limit := p.MaxPosition
				if limit <= 0 {
					limit = math.MaxInt64
				}
				yield(zero, errors.Join(ErrPositionOverflow, errors.New("next position after "+strconv.FormatInt(pos, 10)+" exceeds "+strconv.FormatInt(limit, 10))))
				return
			}
			p.SetPosition(&r, next)
		}
	}
}
