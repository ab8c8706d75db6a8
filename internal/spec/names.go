package spec

import (
	"strings"
	"unicode"
)

var initialisms = map[string]string{
	"id": "ID", "ids": "IDs", "url": "URL", "uri": "URI", "api": "API", "http": "HTTP", "sms": "SMS",
	"ip": "IP", "sku": "SKU", "ak": "AK", "sk": "SK", "utc": "UTC", "json": "JSON", "vm": "VM",
	"obs": "OBS", "ecs": "ECS", "iam": "IAM", "az": "AZ", "cpu": "CPU", "ri": "RI", "uuid": "UUID",
	// "xaccount_type" / "xaccountType" are the X-Account type of the docs.
	"xaccount": "XAccount",
}

// GoName turns snake_case, camelCase or kebab-case into an exported Go name.
func GoName(s string) string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '_' || r == '-' || r == '.' || r == ' ':
			flush()
		case unicode.IsUpper(r):
			// split camelCase: aB -> a|B ; ABc -> A|Bc
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) ||
				(i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))) {
				flush()
			}
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	var b strings.Builder
	for _, w := range words {
		lw := strings.ToLower(w)
		if v, ok := initialisms[lw]; ok {
			b.WriteString(v)
			continue
		}
		r := []rune(lw)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	out := b.String()
	if out == "" || unicode.IsDigit([]rune(out)[0]) {
		out = "X" + out
	}
	return out
}

// MethodName is the Go method name of the operation: the official name with
// Go's initialisms (QueryResourceStatusByOrderId -> QueryResourceStatusByOrderID,
// SendSmsVerificationCode -> SendSMSVerificationCode). Doc comments keep the
// official name.
func (o *Operation) MethodName() string { return GoName(o.Name) }
