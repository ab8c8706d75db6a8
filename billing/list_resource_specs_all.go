package billing

import (
	"context"
	"iter"

	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/internal/paginate"
)

// ListResourceSpecsAll iterates over every resource specification that
// ListResourceSpecs returns for req, page after page: it sends each page's
// page_info.next_marker as the next request's marker and stops on a page
// without one. The request is copied (Limit defaults to the documented
// maximum of 100); only one page is held at a time. A server that hands
// back the marker it was sent, or an empty page with a next marker, ends
// the walk with an error wrapping core.ErrNoProgress rather than looping.
// On an error the iterator yields it once and stops.
//
// Written by hand: the spec's paging styles (offset/limit, page_no/
// page_size) do not describe marker paging.
func (s *Service) ListResourceSpecsAll(ctx context.Context, req *ListResourceSpecsRequest, opts ...core.CallOption) iter.Seq2[CloudServiceBasic, error] {
	return paginate.ByMarker(ctx, req, paginate.MarkerPager[ListResourceSpecsRequest, ListResourceSpecsResponse, CloudServiceBasic]{
		Fetch: func(ctx context.Context, r *ListResourceSpecsRequest) (*ListResourceSpecsResponse, error) {
			return s.ListResourceSpecs(ctx, r, opts...)
		},
		Items: func(p *ListResourceSpecsResponse) []CloudServiceBasic { return p.CloudServiceBasics },
		Next: func(p *ListResourceSpecsResponse) string {
			if p.PageInfo == nil {
				return ""
			}
			return p.PageInfo.NextMarker
		},
		Marker: func(r *ListResourceSpecsRequest) string {
			if r.Marker == nil {
				return ""
			}
			return *r.Marker
		},
		SetMarker: func(r *ListResourceSpecsRequest, m string) { r.Marker = &m },
		Prepare: func(r *ListResourceSpecsRequest) {
			if r.Limit == nil {
				n := int32(100)
				r.Limit = &n
			}
			if r.Filters != nil {
				r.Filters = append([]ResourceSpecFilter(nil), r.Filters...)
			}
		},
	})
}
