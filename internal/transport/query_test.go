package transport

import (
	"net/url"
	"strings"
	"testing"
)

func TestEncodeQuery(t *testing.T) {
	tests := []struct {
		name string
		in   url.Values
		want string
	}{
		{"nil", nil, ""},
		{"empty map", url.Values{}, ""},
		{"key without values", url.Values{"a": nil}, ""},
		{"key with empty list among others", url.Values{"a": {}, "b": {"1"}}, "b=1"},
		{"single", url.Values{"limit": {"10"}}, "limit=10"},
		{
			"keys sorted by bytes",
			url.Values{"b": {"2"}, "a": {"1"}, "B": {"3"}, "_": {"4"}, "a_b": {"5"}, "aa": {"6"}},
			// 'B' (0x42) < '_' (0x5F) < 'a' (0x61); "a" < "a_b" < "aa".
			"B=3&_=4&a=1&a_b=5&aa=6&b=2",
		},
		{
			"repeated keys in caller order",
			url.Values{"coupon_ids": {"z", "a", "m"}, "limit": {"5"}},
			"coupon_ids=z&coupon_ids=a&coupon_ids=m&limit=5",
		},
		{"unreserved kept", url.Values{"k": {"AZaz09-_.~"}}, "k=AZaz09-_.~"},
		{"space is %20", url.Values{"k": {"a b"}}, "k=a%20b"},
		{"plus is %2B", url.Values{"k": {"a+b"}}, "k=a%2Bb"},
		{"comma inside item", url.Values{"ids": {"a,b", "c"}}, "ids=a%2Cb&ids=c"},
		{"reserved characters", url.Values{"k": {"/?#[]@!$&'()*,;=:%"}}, "k=%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2C%3B%3D%3A%25"},
		{"upper-case hex", url.Values{"k": {"\xff\x0a\xab"}}, "k=%FF%0A%AB"},
		{"Chinese as UTF-8", url.Values{"name": {"华为"}}, "name=%E5%8D%8E%E4%B8%BA"},
		{"leading and trailing spaces kept", url.Values{"k": {"  x  "}}, "k=%20%20x%20%20"},
		{"empty value is a bare key", url.Values{"customer_id": {""}, "order_id": {"o1"}}, "customer_id&order_id=o1"},
		{"empty value among repeats", url.Values{"k": {"a", "", "b"}}, "k=a&k&k=b"},
		{"key escaped too", url.Values{"a b+c": {"1"}}, "a%20b%2Bc=1"},
		{"empty key", url.Values{"": {"v"}}, "=v"},
		{"booleans and integers as given", url.Values{"flag": {"true"}, "n": {"-12"}}, "flag=true&n=-12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EncodeQuery(tt.in); got != tt.want {
				t.Fatalf("EncodeQuery(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestEncodeQueryRoundTrip checks that the standard parser reads back what
// EncodeQuery wrote, for awkward values.
func TestEncodeQueryRoundTrip(t *testing.T) {
	in := url.Values{
		"a":   {" lead", "trail ", "a+b=c&d", "华为云", "%41", "~-._"},
		"b c": {"x"},
	}
	q := EncodeQuery(in)
	if strings.Contains(q, "+") {
		t.Fatalf("encoded query contains '+': %q", q)
	}
	got, err := url.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range in {
		if strings.Join(got[k], "\x00") != strings.Join(vs, "\x00") {
			t.Errorf("key %q: got %q, want %q", k, got[k], vs)
		}
	}
}

func TestEncodeQueryDoesNotModifyInput(t *testing.T) {
	in := url.Values{"b": {"2", "1"}, "a": {"x"}}
	_ = EncodeQuery(in)
	if in["b"][0] != "2" || in["b"][1] != "1" || len(in) != 2 {
		t.Fatalf("input changed: %v", in)
	}
}

func TestEscapePathSegment(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc-DEF_0.9~", "abc-DEF_0.9~"},
		{"a/b", "a%2Fb"},
		{"../admin", "..%2Fadmin"},
		{"..", ".."}, // rejected by Do, not by the escaper
		{".", "."},
		{"a b", "a%20b"},
		{"a+b", "a%2Bb"},
		{"a?b#c", "a%3Fb%23c"},
		{"%2F", "%252F"},
		{"华为", "%E5%8D%8E%E4%B8%BA"},
		{"{id}", "%7Bid%7D"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := EscapePathSegment(tt.in); got != tt.want {
			t.Errorf("EscapePathSegment(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got, err := url.PathUnescape(EscapePathSegment(tt.in)); err != nil || got != tt.in {
			t.Errorf("PathUnescape(EscapePathSegment(%q)) = %q, %v", tt.in, got, err)
		}
	}
}

func FuzzEscapePathSegment(f *testing.F) {
	for _, s := range []string{"", "a/b", "..", "华为", "\xff", "%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := EscapePathSegment(s)
		if strings.ContainsAny(e, "/?#") {
			t.Fatalf("escaped segment %q contains a delimiter", e)
		}
		if got, err := url.PathUnescape(e); err != nil || got != s {
			t.Fatalf("round trip of %q: %q, %v", s, got, err)
		}
		if q := EncodeQuery(url.Values{s: {s}}); strings.ContainsAny(q, "+ ") {
			t.Fatalf("query %q contains + or space", q)
		}
	})
}
