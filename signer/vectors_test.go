package signer

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type vectorFile struct {
	Count   int      `json:"count"`
	Vectors []vector `json:"vectors"`
}

type vector struct {
	Name     string            `json:"name"`
	AK       string            `json:"ak"`
	SK       string            `json:"sk"`
	Method   string            `json:"method"`
	URL      string            `json:"url"`
	Headers  map[string]string `json:"headers"`
	Body     string            `json:"body"`
	SdkDate  string            `json:"sdk_date"`
	Path     string            `json:"path"`
	Query    [][2]string       `json:"query"`
	Expected struct {
		CanonicalRequest string            `json:"canonical_request"`
		StringToSign     string            `json:"string_to_sign"`
		SignedHeaders    string            `json:"signed_headers"`
		Signature        string            `json:"signature"`
		Authorization    string            `json:"authorization"`
		AddedHeaders     map[string]string `json:"added_headers"`
	} `json:"expected"`
}

func loadVectors(tb testing.TB) []vector {
	tb.Helper()
	data, err := os.ReadFile("testdata/vectors.json")
	require.NoError(tb, err)
	var f vectorFile
	require.NoError(tb, json.Unmarshal(data, &f))
	require.Len(tb, f.Vectors, f.Count)
	return f.Vectors
}

// request builds the request of a vector. With raw set, header keys go into
// the map exactly as the vector spells them; otherwise through Header.Add,
// which canonicalises them.
func (v *vector) request(tb testing.TB, raw bool) *http.Request {
	tb.Helper()
	req, err := http.NewRequest(v.Method, v.URL, strings.NewReader(v.Body))
	require.NoError(tb, err)
	for k, val := range v.Headers {
		if raw {
			req.Header[k] = []string{val}
		} else {
			req.Header.Add(k, val)
		}
	}
	return req
}

func (v *vector) time(tb testing.TB) time.Time {
	tb.Helper()
	t, err := time.Parse(DateLayout, v.SdkDate)
	require.NoError(tb, err)
	return t
}

func TestVectors(t *testing.T) {
	vectors := loadVectors(t)
	require.Len(t, vectors, 40)
	for _, v := range vectors {
		for _, raw := range []bool{true, false} {
			name := v.Name + "/canonical-keys"
			if raw {
				name = v.Name + "/raw-keys"
			}
			t.Run(name, func(t *testing.T) {
				s := New(v.AK, v.SK)
				at := v.time(t)
				req := v.request(t, raw)
				before := req.Header.Clone()

				res, err := s.Explain(req, []byte(v.Body), at)
				require.NoError(t, err)
				assert.Equal(t, before, req.Header, "Explain must not modify the request")
				assert.Equal(t, v.Expected.CanonicalRequest, res.CanonicalRequest)
				assert.Equal(t, v.Expected.StringToSign, res.StringToSign)
				assert.Equal(t, v.Expected.SignedHeaders, res.SignedHeaders)
				assert.Equal(t, v.Expected.Signature, res.Signature)
				assert.Equal(t, v.Expected.Authorization, res.Authorization)
				assert.Equal(t, v.SdkDate, res.Date)
				lines := strings.Split(v.Expected.CanonicalRequest, "\n")
				assert.Equal(t, lines[len(lines)-1], res.PayloadHash)
				_, hasUnsigned := v.Expected.AddedHeaders[HeaderContentSha256]
				assert.Equal(t, hasUnsigned, res.UnsignedPayload)

				require.NoError(t, s.Sign(req, []byte(v.Body), at))
				assert.Equal(t, v.Expected.AddedHeaders, addedHeaders(before, req.Header))

				// Signing again (a retry) gives the same headers.
				first := req.Header.Clone()
				require.NoError(t, s.Sign(req, []byte(v.Body), at))
				assert.Equal(t, first, req.Header)

				// The server side accepts it.
				ak, err := Verify(req, []byte(v.Body), lookupOf(v.AK, v.SK), at.Add(time.Minute), 0)
				require.NoError(t, err)
				assert.Equal(t, v.AK, ak)
			})
		}
	}
}

// addedHeaders returns the headers of after that are new or changed
// compared with before, with their single value; it fails on removals by
// reporting them with an empty value.
func addedHeaders(before, after http.Header) map[string]string {
	out := map[string]string{}
	for k, v := range after {
		if !slices.Equal(before[k], v) {
			out[k] = strings.Join(v, ",")
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			out[k] = "<removed>"
		}
	}
	return out
}

// TestVectorURLParsing checks the decoded path and query of every vector
// against the URL parsing the signer relies on.
func TestVectorURLParsing(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			u, err := url.Parse(v.URL)
			require.NoError(t, err)

			// The decoded path, segment by segment, equals the vector's path.
			segs := strings.Split(u.EscapedPath(), "/")
			for i, s := range segs {
				d, err := url.PathUnescape(s)
				require.NoError(t, err)
				segs[i] = d
			}
			assert.Equal(t, v.Path, strings.Join(segs, "/"))

			// The canonical URI equals the escape of the decoded path.
			cu, err := CanonicalURI(u.EscapedPath())
			require.NoError(t, err)
			assert.Equal(t, strings.Split(v.Expected.CanonicalRequest, "\n")[1], cu)
			want := v.Path
			parts := strings.Split(want, "/")
			for i, p := range parts {
				parts[i] = Escape(p)
			}
			want = strings.Join(parts, "/")
			if !strings.HasSuffix(want, "/") {
				want += "/"
			}
			assert.Equal(t, want, cu)

			// The decoded pairs equal the vector's pairs. The URL lists keys
			// sorted (url.Values.Encode) and values of a key in input order,
			// so compare with a stable sort by key.
			pairs, err := parseQuery(nil, u.RawQuery)
			require.NoError(t, err)
			got := make([][2]string, len(pairs))
			for i, p := range pairs {
				got[i] = [2]string{p.key, p.value}
			}
			wantPairs := slices.Clone(v.Query)
			if wantPairs == nil {
				wantPairs = [][2]string{}
			}
			slices.SortStableFunc(wantPairs, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
			assert.Equal(t, wantPairs, got)

			cq, err := CanonicalQuery(u.RawQuery)
			require.NoError(t, err)
			assert.Equal(t, strings.Split(v.Expected.CanonicalRequest, "\n")[2], cq)
		})
	}
}

func lookupOf(ak, sk string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		if k == ak {
			return sk, true
		}
		return "", false
	}
}
