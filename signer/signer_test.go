package signer

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testAK = "HPUAL3EXAMPLEAKID001"
	testSK = "Z5tGqExampleSecretKeyAbCdEfGh0123456789x"
)

var testTime = time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC)

func newReq(t testing.TB, method, rawURL string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, rawURL, nil)
	require.NoError(t, err)
	return req
}

// failingBody fails the test when it is read or closed.
type failingBody struct{ t *testing.T }

func (b failingBody) Read([]byte) (int, error) {
	b.t.Error("Sign read req.Body")
	return 0, errors.New("must not be read")
}

func (b failingBody) Close() error {
	b.t.Error("Sign closed req.Body")
	return nil
}

func TestSignDoesNotReadBody(t *testing.T) {
	req := newReq(t, http.MethodPost, "https://bss.myhuaweicloud.com/v2/test")
	req.Body = failingBody{t}
	req.Header.Set("Content-Type", "application/json")
	s := New(testAK, testSK)
	require.NoError(t, s.Sign(req, []byte(`{"a":1}`), testTime))
	_, err := s.Explain(req, []byte(`{"a":1}`), testTime)
	require.NoError(t, err)
}

func TestSignUsesOnlyArguments(t *testing.T) {
	s := New(testAK, testSK)
	req := newReq(t, http.MethodGet, "https://bss.myhuaweicloud.com/v2/test")
	require.NoError(t, s.Sign(req, nil, testTime))
	assert.Equal(t, "20240520T083000Z", req.Header.Get(HeaderDate))
	// The location of the time does not matter, only the instant.
	req2 := newReq(t, http.MethodGet, "https://bss.myhuaweicloud.com/v2/test")
	require.NoError(t, s.Sign(req2, nil, testTime.In(time.FixedZone("CST", 8*3600))))
	assert.Equal(t, req.Header, req2.Header)
}

func TestResignIsIdempotent(t *testing.T) {
	s := New(testAK, testSK)
	body := []byte(`{"k":"v"}`)
	cases := []struct {
		name    string
		headers map[string]string
		added   bool // Sign adds X-Sdk-Content-Sha256
	}{
		{"json", map[string]string{"Content-Type": "application/json"}, false},
		{"no content type", nil, false},
		{"sign-added unsigned payload", map[string]string{"Content-Type": "application/octet-stream"}, true},
		{"caller-preset unsigned payload on json", map[string]string{"Content-Type": "application/json", HeaderContentSha256: UnsignedPayload}, false},
		{"caller-preset body hash on json", map[string]string{"Content-Type": "application/json", HeaderContentSha256: hashHex(body)}, false},
		{"extra headers", map[string]string{"X-Language": "en_us", "User-Agent": "ua", "X-Domain-Id": "d"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fresh := func() *http.Request {
				req := newReq(t, http.MethodPost, "https://bss.myhuaweicloud.com/v2/test?b=2&a=1")
				for k, v := range tc.headers {
					req.Header.Set(k, v)
				}
				return req
			}
			req := fresh()
			require.NoError(t, s.Sign(req, body, testTime))
			first := req.Header.Clone()
			assert.Equal(t, tc.added, tc.headers[HeaderContentSha256] == "" && first.Get(HeaderContentSha256) != "")

			// Same time: identical headers.
			require.NoError(t, s.Sign(req, body, testTime))
			assert.Equal(t, first, req.Header)

			// Later time (a retry): identical to signing a fresh request then.
			later := testTime.Add(90 * time.Second)
			require.NoError(t, s.Sign(req, body, later))
			want := fresh()
			require.NoError(t, s.Sign(want, body, later))
			assert.Equal(t, want.Header, req.Header)
			assert.NotContains(t, req.Header.Get(HeaderAuthorization), "authorization")

			_, err := Verify(req, body, lookupOf(testAK, testSK), later, 0)
			require.NoError(t, err)
		})
	}
}

func TestResignRemovesStaleAuthInAnyCase(t *testing.T) {
	s := New(testAK, testSK)
	want := newReq(t, http.MethodGet, "https://bss.myhuaweicloud.com/v2/test")
	require.NoError(t, s.Sign(want, nil, testTime))

	req := newReq(t, http.MethodGet, "https://bss.myhuaweicloud.com/v2/test")
	req.Header["authorization"] = []string{"SDK-HMAC-SHA256 Access=OLD, SignedHeaders=x-sdk-date, Signature=00"}
	req.Header["x-sdk-date"] = []string{"20000101T000000Z"}
	req.Header.Set(HeaderAuthorization, "stale")
	req.Header.Set(HeaderDate, "19990101T000000Z")
	require.NoError(t, s.Sign(req, nil, testTime))
	assert.Equal(t, want.Header, req.Header)
}

func TestSignErrors(t *testing.T) {
	good := func() *http.Request { return newReq(t, http.MethodGet, "https://h/v2/x") }
	cases := []struct {
		name string
		s    *Signer
		req  func() *http.Request
		at   time.Time
		want error
	}{
		{"nil signer", nil, good, testTime, ErrNilSigner},
		{"zero signer", &Signer{}, good, testTime, ErrEmptyAccessKey},
		{"empty AK", New("", testSK), good, testTime, ErrEmptyAccessKey},
		{"AK with comma", New("AK,X", testSK), good, testTime, ErrInvalidAccessKey},
		{"AK with space", New("AK X", testSK), good, testTime, ErrInvalidAccessKey},
		{"empty SK", New(testAK, ""), good, testTime, ErrEmptySecretKey},
		{"nil request", New(testAK, testSK), func() *http.Request { return nil }, testTime, ErrNilRequest},
		{"nil URL", New(testAK, testSK), func() *http.Request { return &http.Request{Method: "GET", Header: http.Header{}} }, testTime, ErrNilURL},
		{"opaque URL", New(testAK, testSK), func() *http.Request {
			r := good()
			r.URL.Opaque = "//h/v2/x"
			return r
		}, testTime, ErrUnsupportedURL},
		{"bad query escape", New(testAK, testSK), func() *http.Request {
			r := good()
			r.URL.RawQuery = "a=%4"
			return r
		}, testTime, ErrInvalidEscape},
		{"bad header name", New(testAK, testSK), func() *http.Request {
			r := good()
			r.Header["X Bad"] = []string{"v"}
			return r
		}, testTime, ErrInvalidHeaderName},
		{"year 10000", New(testAK, testSK), good, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), ErrInvalidTime},
		{"negative year", New(testAK, testSK), good, time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), ErrInvalidTime},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req()
			var before http.Header
			if req != nil {
				before = req.Header.Clone()
			}
			err := tc.s.Sign(req, nil, tc.at)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			assert.NotContains(t, err.Error(), testSK)
			if req != nil {
				assert.Equal(t, before, req.Header, "request modified on error")
			}
			res, err := tc.s.Explain(req, nil, tc.at)
			assert.Nil(t, res)
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

func TestCanonicalURI(t *testing.T) {
	cases := map[string]string{
		"":                      "/",
		"/":                     "/",
		"/v2/x":                 "/v2/x/",
		"/v2/x/":                "/v2/x/",
		"/v2//double":           "/v2//double/",
		"/v2/a%2Fb/c":           "/v2/a%2Fb/c/", // an escaped '/' stays in its segment
		"/v2/a%2fb":             "/v2/a%2Fb/",
		"/v2/ends%2F":           "/v2/ends%2F/",
		"/v2/a+b/c=d/e:f":       "/v2/a%2Bb/c%3Dd/e%3Af/",
		"/v2/%e4%b8%ad/中":       "/v2/%E4%B8%AD/%E4%B8%AD/",
		"/v2/50%25off":          "/v2/50%25off/",
		"/v2/a%2520b":           "/v2/a%2520b/",
		"/v2/l~m_n.o-p":         "/v2/l~m_n.o-p/",
		"/v2/%41%7e":            "/v2/A~/",
		"v2/relative":           "v2/relative/",
		"/v2/space%20and%09tab": "/v2/space%20and%09tab/",
	}
	for in, want := range cases {
		got, err := CanonicalURI(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"/%", "/%2", "/%zz", "/a%g0", "/ok/%2"} {
		_, err := CanonicalURI(bad)
		assert.ErrorIs(t, err, ErrInvalidEscape, bad)
	}
}

func TestSignPathWithPercent(t *testing.T) {
	// url.URL.EscapedPath never returns an invalid escape: a '%' in Path is
	// sent (and signed) as %25.
	req := newReq(t, http.MethodGet, "https://h/")
	req.URL.Path, req.URL.RawPath = "/v2/%zz", "/v2/%zz"
	res, err := New(testAK, testSK).Explain(req, nil, testTime)
	require.NoError(t, err)
	assert.Equal(t, "/v2/%25zz/", strings.Split(res.CanonicalRequest, "\n")[1])
}

func TestSignEscapedSlashInSegment(t *testing.T) {
	s := New(testAK, testSK)
	u := &url.URL{Scheme: "https", Host: "bss.myhuaweicloud.com", Path: "/v2/resources/a/b", RawPath: "/v2/resources/a%2Fb"}
	req := &http.Request{Method: http.MethodGet, URL: u, Header: http.Header{}}
	res, err := s.Explain(req, nil, testTime)
	require.NoError(t, err)
	assert.Equal(t, "/v2/resources/a%2Fb/", strings.Split(res.CanonicalRequest, "\n")[1])

	// Not the same as the path with a real '/'.
	req2 := newReq(t, http.MethodGet, "https://bss.myhuaweicloud.com/v2/resources/a/b")
	res2, err := s.Explain(req2, nil, testTime)
	require.NoError(t, err)
	assert.Equal(t, "/v2/resources/a/b/", strings.Split(res2.CanonicalRequest, "\n")[1])
	assert.NotEqual(t, res.Signature, res2.Signature)

	// The parsed form of the same URL gives the same result.
	req3 := newReq(t, http.MethodGet, "https://bss.myhuaweicloud.com/v2/resources/a%2Fb")
	res3, err := s.Explain(req3, nil, testTime)
	require.NoError(t, err)
	assert.Equal(t, res.Signature, res3.Signature)
}

func TestCanonicalQuery(t *testing.T) {
	cases := map[string]string{
		"":                         "",
		"b=2&a=1":                  "a=1&b=2",
		"a&b=x&c&d=1&d":            "a=&b=x&c=&d=&d=1",
		"a=1&&b=2&":                "a=1&b=2",
		"q=a+b&p=a%2Bb":            "p=a%2Bb&q=a%20b",
		"k=z&k=%E4%B8%AD&k=a%2Fb":  "k=a%2Fb&k=z&k=%E4%B8%AD",
		"B=1&a=2":                  "B=1&a=2",
		"=v":                       "=v",
		"x==y":                     "x=%3Dy",
		"s=%7e~":                   "s=~~",
		"semi=a;b":                 "semi=a%3Bb",
		"k=v&k=v":                  "k=v&k=v",
		"%E9%94%AE=7&key%5B0%5D=8": "key%5B0%5D=8&%E9%94%AE=7",
	}
	for in, want := range cases {
		got, err := CanonicalQuery(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"a=%", "a=%2", "%zz=1", "a=1&b=%g1"} {
		_, err := CanonicalQuery(bad)
		assert.ErrorIs(t, err, ErrInvalidEscape, bad)
	}
}

func TestEscape(t *testing.T) {
	assert.Equal(t, "AZaz09-_.~", Escape("AZaz09-_.~"))
	assert.Equal(t, "a%20b%2Bc%2A%2F%25%E4%B8%AD%00%FF", Escape("a b+c*/%中\x00\xff"))
	assert.Equal(t, "", Escape(""))
	for c := 0; c < 256; c++ {
		e := Escape(string([]byte{byte(c)}))
		want := url.QueryEscape(string([]byte{byte(c)}))
		want = strings.ReplaceAll(want, "+", "%20")
		if c == '~' {
			want = "~" // net/url also keeps it
		}
		assert.Equal(t, want, e, "byte %#x", c)
	}
}

func TestHeaderRules(t *testing.T) {
	s := New(testAK, testSK)
	req := newReq(t, http.MethodGet, "https://bss.myhuaweicloud.com/v2/test")
	req.Host = "other.example.com" // ignored: only a Host header key is signed
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Type-Options", "x") // starts with content-type: unsigned
	req.Header["X_Under"] = []string{"x"}
	req.Header.Add("X-Multi", " b ")
	req.Header.Add("X-Multi", "a")
	req.Header["x-multi"] = []string{"c"} // same name, other case: merged
	req.Header.Set("X-Empty", "")
	req.Header["X-None"] = nil // no values: not sent, not signed
	res, err := s.Explain(req, nil, testTime)
	require.NoError(t, err)
	assert.Equal(t, "x-empty;x-multi;x-sdk-date", res.SignedHeaders)
	assert.Equal(t, "GET\n/v2/test/\n\nx-empty:\nx-multi:a\nx-multi:b\nx-multi:c\nx-sdk-date:20240520T083000Z\n\n"+
		"x-empty;x-multi;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", res.CanonicalRequest)

	req.Header.Set("Host", " bss.myhuaweicloud.com ")
	res, err = s.Explain(req, nil, testTime)
	require.NoError(t, err)
	assert.Equal(t, "host;x-empty;x-multi;x-sdk-date", res.SignedHeaders)
	assert.Contains(t, res.CanonicalRequest, "\nhost:bss.myhuaweicloud.com\n")
}

func TestMethod(t *testing.T) {
	s := New(testAK, testSK)
	for method, want := range map[string]string{"": "GET", "get": "GET", "Patch": "PATCH", "DELETE": "DELETE"} {
		req := newReq(t, http.MethodGet, "https://h/")
		req.Method = method
		res, err := s.Explain(req, nil, testTime)
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(res.CanonicalRequest, want+"\n"), method)
	}
}

func TestPayloadHash(t *testing.T) {
	s := New(testAK, testSK)
	body := []byte("hello")
	for ct, unsigned := range map[string]bool{
		"":                                true, // header present with an empty value: not JSON
		"application/json":                false,
		"application/json;charset=UTF-8":  false,
		"application/bson":                false,
		"Application/JSON":                true,
		"text/plain":                      true,
		"multipart/form-data; boundary=x": true,
	} {
		req := newReq(t, http.MethodPost, "https://h/v2")
		req.Header.Set("Content-Type", ct)
		res, err := s.Explain(req, body, testTime)
		require.NoError(t, err)
		assert.Equal(t, unsigned, res.UnsignedPayload, ct)
		if unsigned {
			assert.Equal(t, UnsignedPayload, res.PayloadHash, ct)
			assert.Contains(t, res.SignedHeaders, "x-sdk-content-sha256", ct)
		} else {
			assert.Equal(t, hashHex(body), res.PayloadHash, ct)
		}
	}
	// Sign overwrites a preset value when the content type is not JSON.
	req := newReq(t, http.MethodPost, "https://h/v2")
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header["x-sdk-content-sha256"] = []string{"something"}
	require.NoError(t, s.Sign(req, body, testTime))
	assert.Equal(t, []string{UnsignedPayload}, req.Header[HeaderContentSha256])
	assert.NotContains(t, req.Header, "x-sdk-content-sha256")
}

func TestSignatureMatchesStdlibHMAC(t *testing.T) {
	for _, n := range []int{1, 31, 63, 64, 65, 200} {
		sk := strings.Repeat("k", n)
		res, err := New(testAK, sk).Explain(newReq(t, "GET", "https://h/x?a=1"), nil, testTime)
		require.NoError(t, err)
		mac := hmac.New(sha256.New, []byte(sk))
		mac.Write([]byte(res.StringToSign))
		assert.Equal(t, hex.EncodeToString(mac.Sum(nil)), res.Signature)
		sum := sha256.Sum256([]byte(res.CanonicalRequest))
		assert.Equal(t, Algorithm+"\n"+res.Date+"\n"+hex.EncodeToString(sum[:]), res.StringToSign)
	}
}

func TestSignerNeverShowsSecret(t *testing.T) {
	s := New(testAK, testSK)
	type holder struct {
		s  *Signer
		v  Signer
		S  *Signer
		SV Signer
	}
	h := holder{s: s, v: *s, S: s, SV: *s}
	outputs := []string{
		s.String(), s.GoString(),
		fmt.Sprint(s), fmt.Sprintf("%v|%+v|%#v|%s|%q|%x|%d|%T", s, s, s, s, s, s, s, s),
		fmt.Sprintf("%v|%+v|%#v", *s, *s, *s),
		fmt.Sprintf("%v|%+v|%#v", h, h, h),
		fmt.Sprintf("%v", []*Signer{s}),
		fmt.Sprintf("%v", map[string]*Signer{"a": s}),
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("signer", "s", s)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("signer", "s", s)
	outputs = append(outputs, buf.String())
	j, err := json.Marshal(s) //lint:ignore SA9005 marshaling a Signer must not reveal the key, whatever a caller tries
	require.NoError(t, err)
	outputs = append(outputs, string(j))
	for _, o := range outputs {
		assert.NotContains(t, o, testSK)
		assert.NotContains(t, o, "Z5tGq")
		assert.NotContains(t, o, hex.EncodeToString([]byte(testSK))[:20])
		assert.NotContains(t, o, "90 53 116", "bytes of the SK") // "Z5t" as decimal bytes
	}
	assert.Contains(t, s.String(), testAK)
	assert.Contains(t, s.String(), "REDACTED")
	assert.Contains(t, fmt.Sprintf("%#v", s), testAK)
	assert.Contains(t, buf.String(), testAK)
	assert.Contains(t, buf.String(), "REDACTED")

	var nilSigner *Signer
	assert.NotPanics(t, func() {
		_ = nilSigner.String()
		_ = nilSigner.GoString()
		_ = fmt.Sprintf("%v %#v", nilSigner, nilSigner)
		_ = nilSigner.LogValue()
		_ = nilSigner.AccessKey()
	})
	assert.Equal(t, testAK, s.AccessKey())
}

func hashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestConcurrentSign(t *testing.T) {
	s := New(testAK, testSK)
	want, err := s.Explain(newReq(t, http.MethodGet, "https://h/v2/x?a=1"), nil, testTime)
	require.NoError(t, err)
	done := make(chan string, 8)
	for i := 0; i < 8; i++ {
		go func() {
			var last string
			for j := 0; j < 200; j++ {
				req, _ := http.NewRequest(http.MethodGet, "https://h/v2/x?a=1", nil)
				if err := s.Sign(req, nil, testTime); err != nil {
					last = err.Error()
					break
				}
				last = req.Header.Get(HeaderAuthorization)
			}
			done <- last
		}()
	}
	for i := 0; i < 8; i++ {
		assert.Equal(t, want.Authorization, <-done)
	}
}
