package signer

import (
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCompareEscaped compares compareEscaped, which decodes only from the
// first differing byte, with decoding both sides, on random escaped
// strings that often share a prefix, with upper- and lower-case escapes
// and escapes of bytes that are also written plain.
func TestCompareEscaped(t *testing.T) {
	tokens := []string{"a", "b", "A", "z", "0", "-", ".", "~", "_", "%20", "%2F", "%2f", "%41", "%61", "%7E", "%7e", "%C3", "%c3", "%A9", "%00", "%FF", "%ff", "%2D"}
	rng := rand.New(rand.NewPCG(5, 6))
	word := func() string {
		var b strings.Builder
		for n := rng.IntN(5); n > 0; n-- {
			b.WriteString(tokens[rng.IntN(len(tokens))])
		}
		return b.String()
	}
	decode := func(s string) string {
		d, err := unescapeQuery(s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return d
	}
	for i := 0; i < 200000; i++ {
		a := word()
		b := word()
		if i%2 == 0 { // share a prefix of whole tokens with a
			b = a + word()
			if cut := rng.IntN(len(b) + 1); cut < len(b) && !strings.Contains(b[max(cut-2, 0):cut], "%") {
				b = b[:cut] + word()
			}
		}
		if i%3 == 0 {
			a, b = b, a
		}
		want := strings.Compare(decode(a), decode(b))
		if got := compareEscaped(a, b); got != want {
			t.Fatalf("compareEscaped(%q, %q) = %d, decoded: %d", a, b, got, want)
		}
		if got := compareDecoded(a, b); got != want {
			t.Fatalf("compareDecoded(%q, %q) = %d, decoded: %d", a, b, got, want)
		}
	}
}

// TestQueryInsertionSort: pairs in random order, fewer and more than
// insertionMax, give the canonical query whichever way it is computed.
func TestQueryInsertionSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	alphabet := []string{"a", "b", "c", "-", "~", "%20", "%2F", "%C3%A9", "0", "Z"}
	word := func() string {
		var b strings.Builder
		for n := rng.IntN(3); n > 0; n-- {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for i := 0; i < 3000; i++ {
		segs := make([]string, 1+rng.IntN(3*insertionMax))
		for j := range segs {
			segs[j] = word() + "=" + word()
		}
		q := strings.Join(segs, "&")
		fast, parsed := queryBoth(t, q)
		if fast != parsed {
			t.Fatalf("query %q: fast path %q, parsed %q", q, fast, parsed)
		}
		pairs, escaped, sorted := scanQuery(q, nil)
		if !escaped {
			t.Fatalf("query %q not taken as escaped", q)
		}
		if !slices.IsSortedFunc(pairs, compareEscapedPairs) {
			t.Fatalf("query %q: pairs not sorted: %q", q, pairs)
		}
		if sorted != (q == parsed) {
			t.Fatalf("query %q: sorted %v, canonical %q", q, sorted, parsed)
		}
	}
}

// TestLowerName checks the table of lowerName against RFC 9110 tchar.
func TestLowerName(t *testing.T) {
	for c := 0; c < 256; c++ {
		tchar := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$%&'*+-.^_`|~", byte(c)) >= 0
		want := byte(0)
		if tchar && c != '_' {
			want = lowerASCII(byte(c))
		}
		if got := lowerName[c]; got != want {
			t.Errorf("lowerName[%q] = %q, want %q", c, got, want)
		}
		if got := isToken(string(rune(c))); c < 0x80 && got != tchar {
			t.Errorf("isToken(%q) = %v", c, got)
		}
	}
}

// TestPlainPath: a path plainPath accepts is what url.URL.EscapedPath
// returns for it, and is canonical.
func TestPlainPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	alphabet := "aZ09-_.~/ %+*!:@&=?#\xc3\xa9"
	for i := 0; i < 20000; i++ {
		b := make([]byte, rng.IntN(12))
		for j := range b {
			b[j] = alphabet[rng.IntN(len(alphabet))]
		}
		p := string(b)
		if !plainPath(p) {
			continue
		}
		u := &url.URL{Path: p}
		if got := u.EscapedPath(); got != p {
			t.Fatalf("path %q: EscapedPath %q", p, got)
		}
		if !canonicalPath(p) {
			t.Fatalf("path %q is plain but not canonical", p)
		}
	}
}

// refCanonicalHeaders is the canonical headers block and the SignedHeaders
// list as the documentation of Sign describes them, written plainly.
func refCanonicalHeaders(h http.Header, date string) (block, signed string, err error) {
	unsigned := false
	if ct := h["Content-Type"]; len(ct) > 0 {
		unsigned = !strings.Contains(ct[0], "application/json") && !strings.Contains(ct[0], "application/bson")
	}
	groups := map[string][]string{"x-sdk-date": {date}}
	if unsigned {
		groups["x-sdk-content-sha256"] = []string{UnsignedPayload}
	}
	for k, v := range h {
		lower := strings.ToLower(k)
		switch {
		case lower == "authorization" || lower == "x-sdk-date",
			unsigned && lower == "x-sdk-content-sha256",
			len(v) == 0, strings.Contains(k, "_"), strings.HasPrefix(lower, "content-type"):
			continue
		case !isToken(k):
			return "", "", ErrInvalidHeaderName
		}
		for _, x := range v {
			groups[lower] = append(groups[lower], strings.TrimSpace(x))
		}
	}
	names := make([]string, 0, len(groups))
	for n := range groups {
		names = append(names, n)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		values := groups[n]
		slices.Sort(values)
		for _, x := range values {
			b.WriteString(n + ":" + x + "\n")
		}
	}
	return b.String(), strings.Join(names, ";"), nil
}

// TestHeaderNamesRandom compares the signed headers with
// refCanonicalHeaders on random header maps: names in mixed case,
// duplicates differing in case, several values, names Sign skips or
// refuses.
func TestHeaderNamesRandom(t *testing.T) {
	names := []string{
		"X-Multi", "x-multi", "X-MULTI", "User-Agent", "user-agent", "Host", "X-Domain-Id", "X-Language",
		"X_Under", "x_under", "Content-Type", "content-type", "CONTENT-TYPE", "Content-Type-Options", "Content-Typ",
		"X-Sdk-Date", "x-sdk-date", "Authorization", "AUTHORIZATION", "Authorizatio",
		"X-Sdk-Content-Sha256", "x-sdk-content-sha256", "X-Sdk-Content-Sha257", "A", "z", "X-Project-Id",
		"Bad Name", "x-\xc3\xa9", "", "x-a!#$%&'*+.^`|~",
	}
	values := []string{"a", " b ", "c", "", "application/json", "text/plain", "application/bson; x", "UNSIGNED-PAYLOAD"}
	rng := rand.New(rand.NewPCG(11, 12))
	s := New(testAK, testSK)
	checked, refused := 0, 0
	for i := 0; i < 20000; i++ {
		h := http.Header{}
		count := rng.IntN(8)
		if i%10 == 0 { // more than insertionMax names
			count = 40 + rng.IntN(40)
		}
		for n := count; n > 0; n-- {
			k := names[rng.IntN(len(names))]
			if i%10 == 0 && n%2 == 0 {
				k = "X-" + strconv.Itoa(rng.IntN(30))
			}
			switch rng.IntN(6) {
			case 0:
				h[k] = nil
			case 1:
				h[k] = append(h[k], values[rng.IntN(len(values))], values[rng.IntN(len(values))])
			default:
				h[k] = append(h[k], values[rng.IntN(len(values))])
			}
		}
		req := &http.Request{Method: http.MethodGet, URL: &url.URL{Scheme: "https", Host: "h", Path: "/p"}, Header: h}
		block, signed, refErr := refCanonicalHeaders(h, testTime.Format(DateLayout))
		res, err := s.Explain(req, nil, testTime)
		if refErr != nil {
			if !errors.Is(err, ErrInvalidHeaderName) {
				t.Fatalf("headers %q: error %v, want ErrInvalidHeaderName", h, err)
			}
			refused++
			continue
		}
		if err != nil {
			t.Fatalf("headers %q: %v", h, err)
		}
		wantPrefix := "GET\n/p/\n\n" + block + "\n" + signed + "\n"
		if !strings.HasPrefix(res.CanonicalRequest, wantPrefix) || res.SignedHeaders != signed {
			t.Fatalf("headers %q:\ncanonical request\n%s\nwant it to start with\n%s", h, res.CanonicalRequest, wantPrefix)
		}
		// Sign agrees with Explain.
		if err := s.Sign(req, nil, testTime); err != nil {
			t.Fatal(err)
		}
		if got := req.Header.Get(HeaderAuthorization); got != res.Authorization {
			t.Fatalf("headers %q: Sign %q, Explain %q", h, got, res.Authorization)
		}
		checked++
	}
	if checked < 1000 || refused < 1000 {
		t.Fatalf("checked %d, refused %d: the test does not exercise both", checked, refused)
	}
}

// TestEncodeHex compares encodeHex with hex.Encode over every byte value.
func TestEncodeHex(t *testing.T) {
	for start := 0; start < 256; start += 32 {
		var src [32]byte
		for i := range src {
			src[i] = byte(start + i)
		}
		var got [64]byte
		encodeHex(&got, &src)
		if want := hex.EncodeToString(src[:]); string(got[:]) != want {
			t.Fatalf("encodeHex(%x) = %s", src, got)
		}
	}
}
