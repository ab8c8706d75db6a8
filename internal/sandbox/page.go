package sandbox

import "strconv"

// window returns the bounds [lo, hi) of the page that the request asks
// for out of n items, following the operation's documented paging: the
// position (offset or page number, 0- or 1-based, counting items or pages),
// the page size with its default and maximum.
func window(op *opSpec, a *args, n int) (lo, hi int, e *apiError) {
	p := op.Page
	if p == nil {
		return 0, n, nil
	}
	size := p.DefaultLimit
	if size <= 0 {
		size = p.MaxLimit
	}
	if size <= 0 {
		size = 10
	}
	if v, ok := a.int(p.Size); ok {
		size = v
	}
	if size < 1 {
		return 0, 0, errInvalid(p.Size + ": must be at least 1 (got " + strconv.FormatInt(size, 10) + ")")
	}
	if p.MaxLimit > 0 && size > p.MaxLimit {
		return 0, 0, errInvalid(p.Size + ": must be at most " + strconv.FormatInt(p.MaxLimit, 10) + " (got " + strconv.FormatInt(size, 10) + ")")
	}
	pos := p.Base
	if v, ok := a.int(p.Position); ok {
		pos = v
	}
	if pos < p.Base {
		return 0, 0, errInvalid(p.Position + ": must be at least " + strconv.FormatInt(p.Base, 10) + " (got " + strconv.FormatInt(pos, 10) + ")")
	}
	start := pos - p.Base
	if p.Pages {
		start *= size
	}
	if start > int64(n) || start < 0 {
		start = int64(n)
	}
	end := start + size
	if end > int64(n) {
		end = int64(n)
	}
	return int(start), int(end), nil
}

// pageOf returns the page of items the request asks for.
func pageOf[T any](op *opSpec, a *args, items []T) ([]T, error) {
	lo, hi, e := window(op, a, len(items))
	if e != nil {
		return nil, e
	}
	return items[lo:hi], nil
}
