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
	"reflect"
	"strconv"
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
const ErrNoProgress = sentinel("partnersdk: pagination made no progress: the server returned the same page again")

// ErrPositionOverflow is reported when the next page would start beyond the
// largest offset or page number the API accepts.
const ErrPositionOverflow = sentinel("partnersdk: pagination stopped: next position exceeds the documented maximum")

type sentinel string

func (s sentinel) Error() string { return string(s) }

// All returns an iterator over every item of every page, starting at the
// request's own position. The request is copied; the caller's value is not
// changed. On an error the iterator yields the zero item with the error
// once and stops.
func All[Req, Resp, T any](ctx context.Context, req *Req, p Pager[Req, Resp, T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
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
			items := p.Items(resp)
			if len(items) == 0 {
				return
			}
			if havePrev && len(items) == prevLen && reflect.DeepEqual(items[0], prevFirst) && reflect.DeepEqual(items[len(items)-1], prevLast) {
				yield(zero, ErrNoProgress)
				return
			}
			total, hasTotal := int64(0), false
			if p.Total != nil {
				total, hasTotal = p.Total(resp)
				if total < 0 {
					hasTotal = false
				}
			}
			for i := range items {
				if !yield(items[i], nil) {
					return
				}
			}
			seen += int64(len(items))
			if hasTotal && seen >= total {
				return
			}
			size := int64(0)
			if p.PageSize != nil {
				size = p.PageSize(&r)
			}
			if !hasTotal && size > 0 && int64(len(items)) < size {
				return
			}
			if hasTotal && total > 0 && size > 0 && int64(len(items)) < size && seen+int64(len(items)) > total+size {
				// The server stopped short of its own total; trust the page.
				return
			}
			prevLen, prevFirst, prevLast, havePrev = len(items), items[0], items[len(items)-1], true
			pos := p.Position(&r)
			next := pos + 1
			if p.Unit == Items {
				next = pos + int64(len(items))
			}
			if p.MaxPosition > 0 && next > p.MaxPosition {
				yield(zero, errors.Join(ErrPositionOverflow, errors.New("next position "+strconv.FormatInt(next, 10)+" > "+strconv.FormatInt(p.MaxPosition, 10))))
				return
			}
			p.SetPosition(&r, next)
		}
	}
}
