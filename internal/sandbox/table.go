package sandbox

import "math"

// callerClass says who may call an operation, as the spec's caller note
// puts it.
type callerClass int

const (
	// callerAny: partners and customers.
	callerAny callerClass = iota
	// callerPartner: partner (or distributor) credentials only; a
	// customer-scoped token is refused with CBC.0150.
	callerPartner
	// callerCustomer: customer credentials. A partner's own credentials act
	// on the partner's own account (which owns no customer resources); a
	// partner reaches a customer's account with an assume_role token.
	callerCustomer
)

// opSpec is one operation of the spec as the sandbox needs it.
type opSpec struct {
	Name       string
	Group      string
	Method     string
	Path       string
	Write      bool
	Caller     callerClass
	Deprecated bool
	Request    string
	Response   string
	Page       *pageSpec
}

// pageSpec is the documented paging of a list operation.
type pageSpec struct {
	// Style is "offset_limit" or "page_no_size".
	Style string
	// Items is the JSON path of the item list in the response, dotted when
	// nested ("data.orderInfos").
	Items string
	// Total is the name of the total-count field, "" when there is none.
	Total string
	// Position and Size are the names of the position (offset or page
	// number) and page-size request fields.
	Position string
	Size     string
	// MaxLimit and DefaultLimit are the documented page sizes (0: not
	// documented).
	MaxLimit     int64
	DefaultLimit int64
	// Base is the first position (0 or 1).
	Base int64
	// Pages is set when the position counts pages rather than items.
	Pages bool
}

// fieldSpec is one field of a model with its documented limits.
type fieldSpec struct {
	Name     string
	In       string
	Type     string
	Required bool
	// MaxLen and MinLen count characters (runes); 0 MaxLen means no limit.
	MaxLen   int
	MinLen   int
	Min, Max int64
	HasMin   bool
	HasMax   bool
	MaxItems int
	// Enum is the closed set of accepted values, as text.
	Enum []string
	// Consts are the documented values (closed or not), as text.
	Consts   []string
	Money    bool
	Positive bool
	Format   string
}

// bounds returns the field's numeric range with open ends filled in.
func (f *fieldSpec) bounds() (lo, hi int64) {
	lo, hi = math.MinInt64, math.MaxInt64
	if f.HasMin {
		lo = f.Min
	}
	if f.HasMax {
		hi = f.Max
	}
	return lo, hi
}
