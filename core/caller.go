package core

import "context"

// Operation is the static description of one API operation. The generated
// service methods hold one per operation.
type Operation struct {
	// Name is the official operation name, e.g. "CreatePartnerCoupons".
	Name string
	// Method is the HTTP method.
	Method string
	// Path is the path template with {name} placeholders, in the order
	// Request.PathParams fills them.
	Path string
	// Write marks operations that move money, create or change state: they
	// are never resent once they may have reached the server.
	Write bool
	// Sites are the sites whose documentation has the operation. A call on
	// a client for another site fails with *SiteError before anything is
	// sent, unless the call or the client allows any site. The zero set
	// means not recorded: no check.
	Sites SiteSet
}

// Request carries the per-call parts of a request, as a service method hands
// them to a Caller.
type Request struct {
	// PathParams fill the {placeholders} of Operation.Path in order. Each is
	// escaped as one path segment.
	PathParams []string
	// RawQuery is the query string in wire form (keys sorted, values
	// percent-encoded), or "" for none.
	RawQuery string
	// Body is encoded with its MarshalJSON, followed by a newline; nil sends
	// no body.
	Body interface{ MarshalJSON() ([]byte, error) }
	// Headers are the operation's documented header parameters (for
	// example X-Language).
	Headers [][2]string
	// Validate checks the request before any I/O unless the call skips
	// validation with WithoutValidation.
	Validate func() error
	// ValidateSite, when set, is used instead of Validate: it checks the
	// documented limits together with the request shape of the client's
	// site (fields only one site has, fields a site requires, values a site
	// restricts).
	ValidateSite func(Site) error
	// IdempotencyKey is the value of the operation's documented
	// duplicate-submission key (trans_id) carried in Body, or "". A write
	// with a key is retried like a read: the server rejects a second
	// application of the same key.
	IdempotencyKey string
}

// Caller sends one API call: it validates req, sends it (retrying what is
// safe), and decodes a successful answer into out and its metadata into meta
// (either may be nil). The client built by partnersdk.New is a Caller, and
// every service's NewService takes one, so a Caller can be wrapped to add
// metrics, tracing or logging around every call.
//
// A Caller must be safe for concurrent use.
type Caller interface {
	Call(ctx context.Context, op Operation, req Request, out any, meta *Metadata, opts ...CallOption) error
}
