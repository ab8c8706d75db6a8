package validate

import (
	"errors"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

func violations(t *testing.T, c *Collector) []Violation {
	t.Helper()
	err := c.Err("TestRequest")
	if err == nil {
		return nil
	}
	var ve *Error
	if !errors.As(err, &ve) {
		t.Fatalf("Err returned %T, want *Error", err)
	}
	return ve.Violations
}

func one(t *testing.T, c *Collector) Violation {
	t.Helper()
	v := violations(t, c)
	if len(v) != 1 {
		t.Fatalf("violations = %+v, want exactly one", v)
	}
	return v[0]
}

func none(t *testing.T, c *Collector) {
	t.Helper()
	if v := violations(t, c); len(v) != 0 {
		t.Fatalf("violations = %+v, want none", v)
	}
}

func TestZeroCollectorHasNoError(t *testing.T) {
	var c Collector
	if err := c.Err("X"); err != nil {
		t.Fatalf("Err = %v, want nil (an untyped nil, not a nil *Error)", err)
	}
}

func TestRequired(t *testing.T) {
	var c Collector
	c.Required("a", true)
	c.RequiredString("b", "x")
	c.RequiredString("c", " ") // a space is a value
	none(t, &c)

	c = Collector{}
	c.Required("a", false)
	if v := one(t, &c); v != (Violation{Field: "a", Rule: RuleRequired}) {
		t.Fatalf("%+v", v)
	}
	c = Collector{}
	c.RequiredString("b", "")
	if v := one(t, &c); v.Field != "b" || v.Rule != RuleRequired || v.String() != "b: is required" {
		t.Fatalf("%+v %q", v, v.String())
	}
}

func TestLengthCountsRunes(t *testing.T) {
	tests := []struct {
		name     string
		s        string
		min, max int
		rule     Rule
		actual   string
	}{
		{"ascii at max", "abcde", -1, 5, "", ""},
		{"ascii over max", "abcdef", -1, 5, RuleMaxLength, "6"},
		{"Chinese counts one per character", "华为云华为", -1, 5, "", ""}, // 15 bytes, 5 runes
		{"Chinese over max", "华为云华为云", -1, 5, RuleMaxLength, "6"},
		{"emoji is one rune", "😀😀", -1, 2, "", ""},
		{"combining mark counts separately", "e\u0301", -1, 1, RuleMaxLength, "2"},
		{"min ok", "ab", 2, -1, "", ""},
		{"min broken", "华", 2, -1, RuleMinLength, "1"},
		{"empty with min", "", 1, 10, RuleMinLength, "0"},
		{"empty without min", "", 0, 10, "", ""},
		{"negative bounds unchecked", strings.Repeat("x", 10000), -1, -1, "", ""},
		{"max 0", "a", -1, 0, RuleMaxLength, "1"},
		{"invalid UTF-8 byte counts as one", "\xff\xfe", -1, 2, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Collector
			c.Length("f", tt.s, tt.min, tt.max)
			if tt.rule == "" {
				none(t, &c)
				return
			}
			v := one(t, &c)
			if v.Rule != tt.rule || v.Actual != tt.actual || v.Field != "f" {
				t.Fatalf("%+v, want rule %s actual %s", v, tt.rule, tt.actual)
			}
		})
	}
	var c Collector
	c.Length("name", "华为云", 1, 2)
	v := one(t, &c)
	if v.Limit != "2" || v.String() != "name: must be at most 2 characters (got 3)" {
		t.Fatalf("%+v %q", v, v.String())
	}
}

func TestRange(t *testing.T) {
	tests := []struct {
		v, lo, hi int64
		ok        bool
		limit     string
	}{
		{1, 1, 100, true, ""},
		{100, 1, 100, true, ""},
		{0, 1, 100, false, "[1, 100]"},
		{101, 1, 100, false, "[1, 100]"},
		{-5, NoMin, 0, true, ""},
		{1, NoMin, 0, false, "[-inf, 0]"},
		{math.MaxInt64, 0, NoMax, true, ""},
		{-1, 0, NoMax, false, "[0, +inf]"},
		{math.MinInt64, NoMin, NoMax, true, ""},
	}
	for _, tt := range tests {
		var c Collector
		c.Range("limit", tt.v, tt.lo, tt.hi)
		if tt.ok {
			none(t, &c)
			continue
		}
		v := one(t, &c)
		if v.Rule != RuleRange || v.Limit != tt.limit {
			t.Errorf("Range(%d, %d, %d) = %+v, want limit %s", tt.v, tt.lo, tt.hi, v, tt.limit)
		}
	}
	var c Collector
	c.Range("limit", 1001, 1, 1000)
	if s := one(t, &c).String(); s != "limit: must be in [1, 1000] (got 1001)" {
		t.Fatalf("%q", s)
	}
}

func TestMaxItems(t *testing.T) {
	var c Collector
	c.MaxItems("ids", 100, 100)
	c.MaxItems("ids", 0, 0)
	none(t, &c)
	c.MaxItems("ids", 101, 100)
	v := one(t, &c)
	if v.Rule != RuleMaxItems || v.Limit != "100" || v.Actual != "101" || v.String() != "ids: must have at most 100 items (got 101)" {
		t.Fatalf("%+v %q", v, v.String())
	}
}

func TestMoney(t *testing.T) {
	tests := []struct {
		in       string
		positive bool
		scale    string // "" when the scale is fine
		sign     bool   // sign violation expected
	}{
		{"1", true, "", false},
		{"1.2", true, "", false},
		{"1.23", true, "", false},
		{"1.230", true, "", false}, // scale counted by value
		{"1.2300000", true, "", false},
		{"100e-2", true, "", false},
		{"1e5", true, "", false},
		{"0.01", true, "", false},
		{"1.234", true, "3", false},
		{"1.2345000", true, "4", false},
		{"0.001", true, "3", false},
		{"-0.001", true, "3", true},
		{"0", true, "", true},
		{"0.00", true, "", true},
		{"-1", true, "", true},
		{"-1", false, "", false},
		{"0", false, "", false},
		{"1e-10000", false, "10000", false},
		{"-1e-10000", true, "10000", true},
		{"1e10000", true, "", false},
		{"123456789012345678901234567890.12", true, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := decimal.NewFromString(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			var c Collector
			c.Money("amount", d, tt.positive)
			vs := violations(t, &c)
			var gotScale string
			var gotSign bool
			for _, v := range vs {
				switch v.Rule {
				case RuleMoneyScale:
					gotScale = v.Actual
					if v.Limit != "2" {
						t.Errorf("limit = %s", v.Limit)
					}
				case RuleMoneySign:
					gotSign = true
					if len(v.Actual) > 64 {
						t.Errorf("sign violation renders a %d-byte value", len(v.Actual))
					}
				default:
					t.Errorf("unexpected %+v", v)
				}
			}
			if gotScale != tt.scale || gotSign != tt.sign {
				t.Fatalf("violations = %+v; want scale %q sign %v", vs, tt.scale, tt.sign)
			}
		})
	}
	// Extreme exponents (reachable through decimal.New, not the parser)
	// cost no more than their digits.
	var c Collector
	c.Money("amount", decimal.New(-7, -2000000000), true)
	c.Money("amount", decimal.New(5, math.MaxInt32), true)
	c.Money("amount", decimal.New(1200, math.MinInt32), true)
	vs := violations(t, &c)
	if len(vs) != 3 || vs[0].Actual != "2000000000" || vs[1].Actual != "-7e-2000000000" || vs[2].Actual != "2147483646" {
		t.Fatalf("%+v", vs)
	}
	c = Collector{}
	c.Money("amount", decimal.Decimal{}, false) // zero value is 0
	none(t, &c)
	c.Money("amount", decimal.RequireFromString("-1.5"), true)
	if s := one(t, &c).String(); s != "amount: must be greater than 0 (got -1.5)" {
		t.Fatalf("%q", s)
	}
	c = Collector{}
	c.Money("coupon_infos[2].face_value", decimal.RequireFromString("3.141"), true)
	if s := one(t, &c).String(); s != "coupon_infos[2].face_value: must have at most 2 decimal places (got 3)" {
		t.Fatalf("%q", s)
	}
}

func TestEnum(t *testing.T) {
	var c Collector
	c.EnumString("search_type", "email", "email", "mobile", "name")
	c.EnumInt("status", 2, 1, 2, 3)
	none(t, &c)

	c.EnumString("search_type", "hunter2-secret", "email", "mobile")
	c.EnumString("empty", "", "YES", "NO")
	c.EnumInt("status", 9, 1, 2, 3)
	c.EnumString("nothing allowed", "x")
	vs := violations(t, &c)
	if len(vs) != 4 {
		t.Fatalf("%+v", vs)
	}
	if vs[0].Rule != RuleEnum || vs[0].Limit != "[email, mobile]" || strings.Contains(vs[0].Actual, "hunter2") || !strings.Contains(vs[0].Actual, "14") {
		t.Errorf("string enum = %+v", vs[0])
	}
	if vs[1].Limit != "[YES, NO]" || !strings.Contains(vs[1].Actual, "0") {
		t.Errorf("empty enum = %+v", vs[1])
	}
	if vs[2].Limit != "[1, 2, 3]" || vs[2].Actual != "9" || vs[2].String() != "status: must be one of [1, 2, 3] (got 9)" {
		t.Errorf("int enum = %+v %q", vs[2], vs[2].String())
	}
	if vs[3].Limit != "[]" {
		t.Errorf("%+v", vs[3])
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		format, v string
		ok        bool
	}{
		{FormatUTCDateTime, "2024-02-29T23:59:59Z", true},
		{FormatUTCDateTime, "2023-02-29T00:00:00Z", false}, // not a leap year
		{FormatUTCDateTime, "2024-01-01T00:00:00", false},
		{FormatUTCDateTime, "2024-01-01T00:00:00+08:00", false},
		{FormatUTCDateTime, "2024-01-01 00:00:00Z", false},
		{FormatUTCDateTime, "2024-01-01T00:00:00.5Z", false}, // fractional seconds
		{FormatUTCDateTime, "2024-01-01T24:00:00Z", false},
		{FormatMonth, "2024-12", true},
		{FormatMonth, "2024-13", false},
		{FormatMonth, "2024-1", false},
		{FormatMonth, "2024-01-01", false},
		{FormatMonth, " 2024-01", false},
		{FormatDate, "2024-01-31", true},
		{FormatDate, "2024-04-31", false},
		{FormatDate, "2024/01/31", false},
		{FormatDate, "", true},               // empty is left to Required
		{"unknown-format", "whatever", true}, // unknown formats are not checked
	}
	for _, tt := range tests {
		var c Collector
		c.Format("begin_time", tt.v, tt.format)
		vs := violations(t, &c)
		if tt.ok != (len(vs) == 0) {
			t.Errorf("Format(%q, %q): violations %+v, want ok=%v", tt.v, tt.format, vs, tt.ok)
			continue
		}
		if len(vs) == 1 {
			if vs[0].Rule != RuleFormat || vs[0].Limit != tt.format || strings.Contains(vs[0].String(), tt.v) {
				t.Errorf("%+v / %q", vs[0], vs[0].String())
			}
		}
	}
	for f, want := range map[string]string{FormatUTCDateTime: "2006-01-02T15:04:05Z", FormatMonth: "2006-01", FormatDate: "2006-01-02", "x": ""} {
		if got := Layout(f); got != want {
			t.Errorf("Layout(%q) = %q", f, got)
		}
	}
}

func TestPathSegment(t *testing.T) {
	var c Collector
	c.PathSegment("domain_id", "abc")
	c.PathSegment("domain_id", "a/b") // escaped by the transport, fine
	c.PathSegment("domain_id", "...")
	none(t, &c)
	for _, bad := range []string{"", ".", ".."} {
		c = Collector{}
		c.PathSegment("domain_id", bad)
		v := one(t, &c)
		if v.Rule != RulePathSegment || !strings.Contains(v.String(), "non-empty path segment") {
			t.Errorf("%q: %+v", bad, v)
		}
	}
}

func TestFieldPaths(t *testing.T) {
	if got := Join("", "amount"); got != "amount" {
		t.Error(got)
	}
	if got := Join(Index("coupon_infos", 2), "face_value"); got != "coupon_infos[2].face_value" {
		t.Error(got)
	}
	if got := Index(Join("a", "b"), 0); got != "a.b[0]" {
		t.Error(got)
	}
}

// TestErrorListsEverythingButNoValues builds a request with many problems
// whose values are secrets and checks the rendered error.
func TestErrorListsEverythingButNoValues(t *testing.T) {
	const secret = "S3cr3t-P@ssw0rd-华为"
	var c Collector
	c.RequiredString("customer_id", "")
	c.Length("password", secret+strings.Repeat("x", 40), 8, 32)
	c.Length("verification_code", secret, 6, 6)
	c.EnumString("search_type", secret, "email", "mobile", "name")
	c.Format("begin_time", secret, FormatUTCDateTime)
	c.PathSegment("domain_id", "..")
	c.Range("limit", 0, 1, 100)
	c.MaxItems("ids", 101, 100)
	c.Money("amount", decimal.RequireFromString("-0.001"), true)
	c.Add("custom", Rule("custom_rule"), "L", "A")
	err := c.Err("CreateThingRequest")
	var ve *Error
	if !errors.As(err, &ve) {
		t.Fatalf("%T", err)
	}
	msg := err.Error()
	if strings.Contains(msg, secret) || strings.Contains(msg, "S3cr3t") {
		t.Fatalf("error message contains the value: %s", msg)
	}
	wantParts := []string{
		"partnersdk: invalid CreateThingRequest: ",
		"customer_id: is required",
		"password: must be at most 32 characters (got 58)",
		"verification_code: must be at most 6 characters (got 18)",
		"search_type: must be one of [email, mobile, name]",
		"begin_time: must have the format utc-datetime",
		"domain_id: must be a non-empty path segment",
		"limit: must be in [1, 100] (got 0)",
		"ids: must have at most 100 items (got 101)",
		"amount: must have at most 2 decimal places (got 3)",
		"amount: must be greater than 0 (got -0.001)",
		"custom: custom_rule L (got A)",
	}
	for _, p := range wantParts {
		if !strings.Contains(msg, p) {
			t.Errorf("message lacks %q:\n%s", p, msg)
		}
	}
	if n := strings.Count(msg, "; "); n != len(ve.Violations)-1 || len(ve.Violations) != 11 {
		t.Errorf("%d violations, %d separators:\n%s", len(ve.Violations), n, msg)
	}
	for _, v := range ve.Violations {
		if strings.Contains(v.Actual, "S3cr3t") || strings.Contains(v.Limit, "S3cr3t") {
			t.Errorf("violation holds the value: %+v", v)
		}
	}

	if !ve.Has("amount", RuleMoneyScale) || !ve.Has("amount", RuleMoneySign) || !ve.Has("customer_id", RuleRequired) {
		t.Error("Has misses a violation")
	}
	if ve.Has("amount", RuleRequired) || ve.Has("nope", RuleRequired) {
		t.Error("Has reports a violation that is not there")
	}
	var nilErr *Error
	if nilErr.Has("a", RuleRequired) || nilErr.Error() != "<nil>" {
		t.Error("nil *Error")
	}
}

func FuzzMoney(f *testing.F) {
	for _, s := range []string{"1.23", "1.230", "1.234", "-0.001", "0", "1e-9999", "-1e400", "123456789.999999999", "1E+5", ".5"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, positive bool) {
		if len(s) > 200 {
			return
		}
		d, err := decimal.NewFromString(s)
		if err != nil {
			return
		}
		var c Collector
		c.Money("amount", d, positive)
		err = c.Err("R")
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error: %q", err)
		}
		var ve *Error
		tooPrecise := errors.As(err, &ve) && ve.Has("amount", RuleMoneyScale)
		// Reference check where decimal's own arithmetic stays cheap.
		if exp := d.Exponent(); exp > -1000 && exp < 1000 {
			if want := !d.Equal(d.Truncate(2)); want != tooPrecise {
				t.Fatalf("%s: scale violation %v, want %v", s, tooPrecise, want)
			}
		}
		if notPositive := errors.As(err, &ve) && ve.Has("amount", RuleMoneySign); notPositive != (positive && !d.IsPositive()) {
			t.Fatalf("%s: sign violation %v", s, notPositive)
		}
	})
}

func FuzzLength(f *testing.F) {
	f.Add("华为云", 1, 2)
	f.Add("", 0, 0)
	f.Add("\xff\xfe", -1, 1)
	f.Add("abc", 5, -1)
	f.Fuzz(func(t *testing.T, s string, minLen, maxLen int) {
		var c Collector
		c.Length("f", s, minLen, maxLen)
		n := utf8.RuneCountInString(s)
		err := c.Err("R")
		var ve *Error
		_ = errors.As(err, &ve)
		if want := maxLen >= 0 && n > maxLen; ve.Has("f", RuleMaxLength) != want {
			t.Fatalf("max violation = %v, want %v (n=%d, max=%d)", !want, want, n, maxLen)
		}
		if want := minLen > 0 && n < minLen; ve.Has("f", RuleMinLength) != want {
			t.Fatalf("min violation = %v, want %v (n=%d, min=%d)", !want, want, n, minLen)
		}
		// Messages are plain ASCII words and digits: a value with any other
		// character showing up in one would be a leak.
		odd := strings.ContainsFunc(s, func(r rune) bool { return r > 127 || strings.ContainsRune("@#$%^&*!?|<>{}\"'\\`~=+_", r) })
		if err != nil && odd && strings.Contains(err.Error(), s) {
			t.Fatalf("error %q contains the value %q", err, s)
		}
	})
}
