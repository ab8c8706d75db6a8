package signer

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// queryBoth returns the canonical query with and without the fast path
// for queries already in canonical form.
func queryBoth(t testing.TB, q string) (fast, parsed string) {
	t.Helper()
	f, errF := appendCanonicalQuery(nil, q)
	p, errP := appendParsedQuery(nil, q)
	if (errF == nil) != (errP == nil) {
		t.Fatalf("query %q: fast path error %v, parsed %v", q, errF, errP)
	}
	return string(f), string(p)
}

// TestCanonicalQueryFastPath: a query taken as it is must be exactly what
// decoding, sorting and escaping it gives; queries that are not canonical
// must be recognised as such.
func TestCanonicalQueryFastPath(t *testing.T) {
	canonical := []string{
		"a=1",
		"a=",
		"=v",
		"a=1&a=1",
		"a=1&a=2&b=0",
		"bill_cycle=2024-05&limit=10&offset=0",
		"a=%20&a=-",    // ' ' < '-' decoded
		"a-=z&a%2F=a",  // '-' < '/' decoded, though '%' < '-' escaped
		"k=%2F&k=-",    // wrong order decoded? '/' (0x2f) > '-' (0x2d): not canonical
		"k%20=1&k=1",   // "k " > "k": not canonical
		"k=1&k%20=1",   // canonical
		"a=%2B",        // '+' escaped
		"a=%7E",        // escaped unreserved: not canonical
		"a=%2f",        // lower-case hex: not canonical
		"a=b=c",        // two '=': not canonical
		"a",            // bare key
		"a=1&&b=2",     // empty segment
		"a=1&",         // trailing empty segment
		"a=+",          // '+' is a space
		"a=%",          // bad escape
		"a=%zz",        // bad escape
		"b=1&a=1",      // unsorted keys
		"a=2&a=1",      // unsorted values
		"a=%C3%A9&a=z", // 0xC3 > 'z': not canonical
		"a=z&a=%C3%A9", // canonical
		"ab=1&a%62=2",  // same decoded key, escaped unreserved
		"a=x%00&a=x",   // longer after equal prefix
		"a=x&a=x%00",   // canonical
		"a*=1",         // reserved byte raw
	}
	for _, q := range canonical {
		fast, parsed := queryBoth(t, q)
		if fast != parsed {
			t.Errorf("query %q: fast path %q, parsed %q", q, fast, parsed)
		}
		if isCanonical(q) && q != parsed {
			t.Errorf("query %q taken as canonical, canonical form is %q", q, parsed)
		}
		if !isCanonical(q) && q == parsed {
			t.Errorf("query %q is canonical but was not recognised", q)
		}
	}
}

// TestCanonicalQueryFastPathRandom compares both paths on random queries
// over an alphabet rich in the bytes where escaped and decoded order differ.
func TestCanonicalQueryFastPathRandom(t *testing.T) {
	parts := []string{"a", "b", "-", "_", ".", "~", "Z", "0", "%20", "%2F", "%2B", "%2f", "%41", "%C3%A9", "%00", "%FF", "+", "=", "&", "%", "/", " "}
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		var b strings.Builder
		for n := rng.IntN(4); n > 0; n-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		return b.String()
	}
	fastTaken, reordered := 0, 0
	for i := 0; i < 20000; i++ {
		var q string
		if i%2 == 0 {
			// Start from a canonical query, so that the fast path is taken
			// often, then maybe disturb it.
			p, err := appendParsedQuery(nil, word()+"="+word()+"&"+word()+"="+word()+"&"+word())
			if err != nil {
				continue
			}
			q = string(p)
			if i%4 == 0 && len(q) > 0 {
				j := rng.IntN(len(q))
				q = q[:j] + parts[rng.IntN(len(parts))] + q[j:]
			}
		} else {
			q = word() + "&" + word() + "&" + word()
			if i%4 == 1 {
				// Canonical pairs in random order.
				p, err := appendParsedQuery(nil, word()+"="+word()+"&"+word()+"="+word()+"&"+word()+"="+word())
				if err != nil {
					continue
				}
				segs := strings.Split(string(p), "&")
				rng.Shuffle(len(segs), func(a, b int) { segs[a], segs[b] = segs[b], segs[a] })
				q = strings.Join(segs, "&")
			}
		}
		switch _, escaped, sorted := scanQuery(q, nil); {
		case escaped && sorted:
			fastTaken++
		case escaped:
			reordered++
		}
		fast, parsed := queryBoth(t, q)
		if fast != parsed {
			t.Fatalf("query %q: fast path %q, parsed %q", q, fast, parsed)
		}
	}
	if fastTaken < 1000 || reordered < 1000 {
		t.Fatalf("queries taken as they are %d, reordered %d: the test does not exercise both", fastTaken, reordered)
	}
}

// FuzzCanonicalQuery: the fast path never changes the canonical query.
func FuzzCanonicalQuery(f *testing.F) {
	for _, q := range []string{"a=1&b=2", "a=%20&a=-", "a-=z&a%2F=a", "k=%2F&k=-", "a=b=c", "a=%2f"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		fast, parsed := queryBoth(t, q)
		if fast != parsed {
			t.Fatalf("query %q: fast path %q, parsed %q", q, fast, parsed)
		}
	})
}

func isCanonical(q string) bool {
	_, escaped, sorted := scanQuery(q, nil)
	return escaped && sorted
}

// TestUnreserved checks the bit masks of unreserved against its definition.
func TestUnreserved(t *testing.T) {
	for c := 0; c < 256; c++ {
		want := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~'
		if got := unreserved(byte(c)); got != want {
			t.Errorf("unreserved(%q) = %v", c, got)
		}
	}
}

// TestCanonicalPathFastPath: a path taken as it is gives what decoding and
// escaping every segment gives.
func TestCanonicalPathFastPath(t *testing.T) {
	for _, p := range []string{"", "/", "/v2/a", "/v2/a/", "/a%20b", "/a%2Fb/c", "/a%2fb", "/a%41", "/a b", "/a+b", "/%", "/a%zz", "//x//", "/%C3%A9", "a"} {
		var slow []byte
		var errSlow error
		func() {
			// The slow path alone: a byte the fast path rejects first.
			slow, errSlow = appendCanonicalURI(nil, p+"\x00")
		}()
		got, err := appendCanonicalURI(nil, p)
		if canonicalPath(p) {
			if err != nil || errSlow != nil {
				t.Fatalf("path %q: %v, %v", p, err, errSlow)
			}
			// Drop the escaped NUL (and the slash added after it).
			want := strings.TrimSuffix(strings.TrimSuffix(string(slow), "/"), "%00")
			if !strings.HasSuffix(want, "/") {
				want += "/"
			}
			if string(got) != want {
				t.Errorf("path %q: fast path %q, slow path %q", p, got, want)
			}
		}
	}
}

// TestFormatDate compares formatDate with time.Format over years 0 to 9999.
func TestFormatDate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	lo := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
	check := func(tm time.Time) {
		var d [dateLen]byte
		ok := formatDate(&d, tm)
		y := tm.UTC().Year()
		if want := y >= 0 && y <= 9999; ok != want {
			t.Fatalf("%v: ok %v", tm, ok)
		}
		if ok && string(d[:]) != tm.UTC().Format(DateLayout) {
			t.Fatalf("%v: %s, want %s", tm, d[:], tm.UTC().Format(DateLayout))
		}
	}
	for _, u := range []int64{lo, lo - 1, hi, hi + 1, 0, -1, 951782400, 951868800, 4107542400} {
		check(time.Unix(u, 0))
	}
	for i := 0; i < 200000; i++ {
		check(time.Unix(lo-86400*400+rng.Int64N(hi-lo+86400*800), rng.Int64N(1e9)).In(time.FixedZone("x", 3600*int(rng.IntN(25)-12))))
	}
}
