package partnersdk

import (
	"time"

	"github.com/shopspring/decimal"
)

// String returns a pointer to s, for optional request fields.
func String(s string) *string { return &s }

// Int32 returns a pointer to n, for optional request fields.
func Int32(n int32) *int32 { return &n }

// Int64 returns a pointer to n, for optional request fields.
func Int64(n int64) *int64 { return &n }

// Bool returns a pointer to b, for optional request fields.
func Bool(b bool) *bool { return &b }

// Ptr returns a pointer to v (for enum-typed optional fields).
func Ptr[T any](v T) *T { return &v }

// Money parses a yuan amount such as "100.50" exactly (no float involved).
func Money(s string) (decimal.Decimal, error) { return decimal.NewFromString(s) }

// MustMoney is Money for constants in programs and tests; it panics on a
// malformed literal, so never pass it user input.
func MustMoney(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// MoneyPtr returns a pointer to an exact amount, for optional money fields.
func MoneyPtr(d decimal.Decimal) *decimal.Decimal { return &d }

// Wire formats of the API's time fields.
const (
	// LayoutUTC is the layout of UTC timestamps: "2019-05-06T08:05:01Z".
	LayoutUTC = "2006-01-02T15:04:05Z"
	// LayoutMonth is the layout of billing cycles: "2019-05".
	LayoutMonth = "2006-01"
	// LayoutDate is the layout of dates: "2019-05-06".
	LayoutDate = "2006-01-02"
)

// FormatUTC renders t in the API's UTC timestamp format.
func FormatUTC(t time.Time) string { return t.UTC().Format(LayoutUTC) }

// FormatMonth renders t's month as a billing cycle ("2019-05").
func FormatMonth(t time.Time) string { return t.Format(LayoutMonth) }

// FormatDate renders t's date ("2019-05-06").
func FormatDate(t time.Time) string { return t.Format(LayoutDate) }

// ParseUTC parses an API UTC timestamp.
func ParseUTC(s string) (time.Time, error) { return time.Parse(LayoutUTC, s) }
