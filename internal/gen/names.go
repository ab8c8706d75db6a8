package main

import (
	"strings"
	"unicode"

	"github.com/hcpartner/partner-sdk-go/internal/spec"
)

// goName turns snake_case, camelCase or kebab-case into an exported Go
// name (see spec.GoName).
func goName(s string) string { return spec.GoName(s) }

// snake turns an operation name into a file name: CreatePartnerCoupons ->
// create_partner_coupons.
func snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// methodName is the Go method name of an operation (see
// spec.Operation.MethodName).
func methodName(op *Operation) string { return op.MethodName() }
