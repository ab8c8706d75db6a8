package signer

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const postURL = "https://bss.myhuaweicloud.com/v2/partners/sub-customers?limit=10&offset=0&name=%E5%8D%8E%20x"

var postBody = []byte(`{"domain_name":"acme","display_name":"华为"}` + "\n")

// signedPost returns a signed JSON POST and its expected signature.
func signedPost(t *testing.T) (*http.Request, string) {
	t.Helper()
	req := newReq(t, http.MethodPost, postURL)
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("X-Language", "en_us")
	req.Header.Set("X-Domain-Id", "0123456789abcdef")
	s := New(testAK, testSK)
	res, err := s.Explain(req, postBody, testTime)
	require.NoError(t, err)
	require.NoError(t, s.Sign(req, postBody, testTime))
	return req, res.Signature
}

func TestVerifyAcceptsSigned(t *testing.T) {
	req, _ := signedPost(t)
	for _, now := range []time.Time{testTime, testTime.Add(-14 * time.Minute), testTime.Add(15 * time.Minute)} {
		ak, err := Verify(req, postBody, lookupOf(testAK, testSK), now, 15*time.Minute)
		require.NoError(t, err)
		assert.Equal(t, testAK, ak)
	}
	// A non-positive skew means DefaultMaxSkew.
	_, err := Verify(req, postBody, lookupOf(testAK, testSK), testTime.Add(DefaultMaxSkew), 0)
	require.NoError(t, err)
	_, err = Verify(req, postBody, lookupOf(testAK, testSK), testTime.Add(DefaultMaxSkew+time.Second), -1)
	require.ErrorIs(t, err, ErrStaleDate)
}

func TestVerifyRejects(t *testing.T) {
	lookup := lookupOf(testAK, testSK)
	cases := []struct {
		name   string
		mutate func(r *http.Request) (body []byte, now time.Time)
		want   []error
	}{
		{"missing authorization", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Del(HeaderAuthorization)
			return postBody, testTime
		}, []error{ErrMissingAuthorization}},
		{"two authorization headers", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Add(HeaderAuthorization, r.Header.Get(HeaderAuthorization))
			return postBody, testTime
		}, []error{ErrMalformedAuthorization}},
		{"unsupported algorithm", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, strings.Replace(r.Header.Get(HeaderAuthorization), Algorithm, "V11-HMAC-SHA256", 1))
			return postBody, testTime
		}, []error{ErrUnsupportedAlgorithm, ErrMalformedAuthorization}},
		{"bearer token", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, "Bearer abc")
			return postBody, testTime
		}, []error{ErrUnsupportedAlgorithm, ErrMalformedAuthorization}},
		{"scheme only", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, Algorithm)
			return postBody, testTime
		}, []error{ErrMalformedAuthorization}},
		{"garbage", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, "\x00\x01")
			return postBody, testTime
		}, []error{ErrMalformedAuthorization}},
		{"no signature", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, Algorithm+" Access="+testAK+", SignedHeaders=x-sdk-date")
			return postBody, testTime
		}, []error{ErrMalformedAuthorization}},
		{"short signature", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, Algorithm+" Access="+testAK+", SignedHeaders=x-sdk-date, Signature=abcd")
			return postBody, testTime
		}, []error{ErrMalformedAuthorization}},
		{"non-hex signature", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, Algorithm+" Access="+testAK+", SignedHeaders=x-sdk-date, Signature="+strings.Repeat("g", 64))
			return postBody, testTime
		}, []error{ErrMalformedAuthorization}},
		{"duplicate part", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, r.Header.Get(HeaderAuthorization)+", Access=X")
			return postBody, testTime
		}, []error{ErrMalformedAuthorization}},
		{"unknown part", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, r.Header.Get(HeaderAuthorization)+", Foo=bar")
			return postBody, testTime
		}, []error{ErrMalformedAuthorization}},
		{"date not signed", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, strings.Replace(r.Header.Get(HeaderAuthorization), ";x-sdk-date", "", 1))
			return postBody, testTime
		}, []error{ErrMalformedAuthorization}},
		{"upper-case signed header name", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, strings.Replace(r.Header.Get(HeaderAuthorization), "x-language", "X-Language", 1))
			return postBody, testTime
		}, []error{ErrMalformedAuthorization}},
		{"unsorted signed headers", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, strings.Replace(r.Header.Get(HeaderAuthorization), "x-domain-id;x-language", "x-language;x-domain-id", 1))
			return postBody, testTime
		}, []error{ErrMalformedAuthorization}},
		{"duplicate signed header", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, strings.Replace(r.Header.Get(HeaderAuthorization), "x-language;", "x-language;x-language;", 1))
			return postBody, testTime
		}, []error{ErrMalformedAuthorization}},
		{"missing date", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Del(HeaderDate)
			return postBody, testTime
		}, []error{ErrMissingDate}},
		{"unparsable date", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderDate, "2024-05-20T08:30:00Z")
			return postBody, testTime
		}, []error{ErrMalformedDate}},
		{"impossible date", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderDate, "20240230T083000Z")
			return postBody, testTime
		}, []error{ErrMalformedDate}},
		{"stale date", func(r *http.Request) ([]byte, time.Time) {
			return postBody, testTime.Add(15*time.Minute + time.Second)
		}, []error{ErrStaleDate, ErrClockSkew}},
		{"future date", func(r *http.Request) ([]byte, time.Time) {
			return postBody, testTime.Add(-15*time.Minute - time.Second)
		}, []error{ErrFutureDate, ErrClockSkew}},
		{"wrong AK", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderAuthorization, strings.Replace(r.Header.Get(HeaderAuthorization), testAK, "OTHERAK", 1))
			return postBody, testTime
		}, []error{ErrUnknownAccessKey}},
		{"tampered body", func(r *http.Request) ([]byte, time.Time) {
			return bytes.Replace(postBody, []byte("acme"), []byte("acmf"), 1), testTime
		}, []error{ErrSignatureMismatch}},
		{"empty body", func(r *http.Request) ([]byte, time.Time) {
			return nil, testTime
		}, []error{ErrSignatureMismatch}},
		{"tampered query", func(r *http.Request) ([]byte, time.Time) {
			r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "limit=10", "limit=11", 1)
			return postBody, testTime
		}, []error{ErrSignatureMismatch}},
		{"added query parameter", func(r *http.Request) ([]byte, time.Time) {
			r.URL.RawQuery += "&x=1"
			return postBody, testTime
		}, []error{ErrSignatureMismatch}},
		{"tampered path", func(r *http.Request) ([]byte, time.Time) {
			r.URL.Path += "x"
			return postBody, testTime
		}, []error{ErrSignatureMismatch}},
		{"tampered method", func(r *http.Request) ([]byte, time.Time) {
			r.Method = http.MethodPut
			return postBody, testTime
		}, []error{ErrSignatureMismatch}},
		{"tampered signed header", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set("X-Domain-Id", "other")
			return postBody, testTime
		}, []error{ErrSignatureMismatch}},
		{"second value for a signed header", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Add("X-Language", "zh_cn")
			return postBody, testTime
		}, []error{ErrSignatureMismatch}},
		{"signed header removed", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Del("X-Language")
			return postBody, testTime
		}, []error{ErrSignatureMismatch}},
		{"tampered date within skew", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set(HeaderDate, "20240520T083001Z")
			return postBody, testTime
		}, []error{ErrSignatureMismatch}},
		{"signature of another request", func(r *http.Request) ([]byte, time.Time) {
			a := r.Header.Get(HeaderAuthorization)
			r.Header.Set(HeaderAuthorization, a[:len(a)-64]+strings.Repeat("0", 64))
			return postBody, testTime
		}, []error{ErrSignatureMismatch}},
		{"unsigned payload header added by an attacker", func(r *http.Request) ([]byte, time.Time) {
			// The attacker swaps the body and adds the old body's hash.
			r.Header.Set(HeaderContentSha256, hashHex(postBody))
			return []byte(`{"evil":true}`), testTime
		}, []error{ErrSignatureMismatch}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, sig := signedPost(t)
			body, now := tc.mutate(req)
			ak, err := Verify(req, body, lookup, now, 15*time.Minute)
			require.Error(t, err)
			assert.Empty(t, ak)
			for _, w := range tc.want {
				assert.ErrorIs(t, err, w)
			}
			for _, other := range []error{ErrMissingAuthorization, ErrMalformedAuthorization, ErrMissingDate,
				ErrMalformedDate, ErrClockSkew, ErrUnknownAccessKey, ErrSignatureMismatch} {
				if !containsErr(tc.want, other) {
					assert.NotErrorIs(t, err, other)
				}
			}
			msg := err.Error()
			assert.NotContains(t, msg, testSK)
			assert.NotContains(t, msg, sig, "expected signature in the error")
			var mm *SignatureMismatchError
			if errors.As(err, &mm) {
				assert.NotContains(t, mm.CanonicalRequest+mm.StringToSign, sig)
				assert.NotContains(t, mm.CanonicalRequest+mm.StringToSign, testSK)
				assert.Equal(t, testAK, mm.AccessKey)
			}
		})
	}
}

func containsErr(list []error, e error) bool {
	for _, x := range list {
		if x == e {
			return true
		}
	}
	return false
}

func TestVerifyMismatchExplains(t *testing.T) {
	req, _ := signedPost(t)
	req.Header.Set("X-Language", "zh_cn")
	_, err := Verify(req, postBody, lookupOf(testAK, testSK), testTime, 0)
	var mm *SignatureMismatchError
	require.ErrorAs(t, err, &mm)
	assert.Contains(t, mm.CanonicalRequest, "\nx-language:zh_cn\n")
	assert.Equal(t, "x-domain-id;x-language;x-sdk-date", mm.SignedHeaders)
	assert.True(t, strings.HasPrefix(mm.StringToSign, Algorithm+"\n20240520T083000Z\n"))
}

func TestVerifyPresetPayloadHash(t *testing.T) {
	s := New(testAK, testSK)
	lookup := lookupOf(testAK, testSK)
	mk := func(v string) *http.Request {
		req := newReq(t, http.MethodPost, "https://h/v2/upload")
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(HeaderContentSha256, v)
		require.NoError(t, s.Sign(req, postBody, testTime))
		return req
	}
	// The real hash of the body: accepted, and a changed body is caught.
	req := mk(hashHex(postBody))
	_, err := Verify(req, postBody, lookup, testTime, 0)
	require.NoError(t, err)
	_, err = Verify(req, []byte("other"), lookup, testTime, 0)
	require.ErrorIs(t, err, ErrPayloadHashMismatch)
	require.ErrorIs(t, err, ErrSignatureMismatch)
	// Upper-case hex is the same hash.
	req = mk(strings.ToUpper(hashHex(postBody)))
	_, err = Verify(req, postBody, lookup, testTime, 0)
	require.NoError(t, err)
	// UNSIGNED-PAYLOAD: the body is not authenticated.
	req = mk(UnsignedPayload)
	_, err = Verify(req, []byte("anything"), lookup, testTime, 0)
	require.NoError(t, err)
	// A preset value that is not the body's hash: Sign honours it like the
	// SDK, but Verify refuses it.
	req = mk("not-a-hash")
	_, err = Verify(req, postBody, lookup, testTime, 0)
	require.ErrorIs(t, err, ErrPayloadHashMismatch)
}

func TestVerifyArgumentErrors(t *testing.T) {
	lookup := lookupOf(testAK, testSK)
	_, err := Verify(nil, nil, lookup, testTime, 0)
	assert.ErrorIs(t, err, ErrNilRequest)
	_, err = Verify(&http.Request{}, nil, lookup, testTime, 0)
	assert.ErrorIs(t, err, ErrNilURL)
	req, _ := signedPost(t)
	_, err = Verify(req, postBody, nil, testTime, 0)
	assert.ErrorIs(t, err, ErrNilLookup)
	_, err = Verify(req, postBody, func(string) (string, bool) { return "", true }, testTime, 0)
	assert.ErrorIs(t, err, ErrUnknownAccessKey, "an empty SK must not verify")
	_, err = Verify(req, postBody, lookupOf(testAK, testSK+"x"), testTime, 0)
	assert.ErrorIs(t, err, ErrSignatureMismatch)
}

func TestVerifyLenientAuthorizationLayout(t *testing.T) {
	req, sig := signedPost(t)
	req.Header.Set(HeaderAuthorization, "  "+Algorithm+" Signature="+strings.ToUpper(sig)+",SignedHeaders=x-domain-id;x-language;x-sdk-date ,  Access="+testAK+"  ")
	ak, err := Verify(req, postBody, lookupOf(testAK, testSK), testTime, 0)
	require.NoError(t, err)
	assert.Equal(t, testAK, ak)
}

// TestWireRoundTrip sends signed requests through a real HTTP client and
// server and verifies them on the server, where net/http has moved Host out
// of the header map, merged repeated headers and re-parsed the URL.
func TestWireRoundTrip(t *testing.T) {
	type got struct {
		ak  string
		err error
	}
	results := make(chan got, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			results <- got{err: err}
			return
		}
		ak, err := Verify(r, body, lookupOf(testAK, testSK), testTime.Add(time.Second), time.Minute)
		results <- got{ak, err}
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	s := New(testAK, testSK)

	cases := []struct {
		name    string
		method  string
		url     *url.URL
		headers http.Header
		body    []byte
	}{
		{"get with chinese, space and plus in query", http.MethodGet,
			&url.URL{Path: "/v2/coupons", RawQuery: url.Values{"q": {"华为 a+b"}, "a": {"1", "0"}, "empty": {""}}.Encode()},
			http.Header{"User-Agent": {"huaweicloud-usdk-go/3.0"}, "X-Domain-Id": {"abc"}}, nil},
		{"escaped slash and unicode in path", http.MethodGet,
			&url.URL{Path: "/v2/res/a/b/中 文", RawPath: "/v2/res/a%2Fb/%E4%B8%AD%20%E6%96%87"},
			http.Header{"Content-Type": {"application/json"}}, nil},
		{"json post with host header and padded values", http.MethodPost,
			&url.URL{Path: "/v2/orders", RawQuery: "x=1"},
			http.Header{"Content-Type": {"application/json"}, "Host": {" " + host + " "}, "X-Custom": {"\tpadded  inner "}},
			postBody},
		{"repeated header values", http.MethodPut,
			&url.URL{Path: "/v2/x/"},
			http.Header{"X-Multi": {" b", "a ", "c"}}, []byte("{}")},
		{"octet stream", http.MethodPost,
			&url.URL{Path: "/v2/files"},
			http.Header{"Content-Type": {"application/octet-stream"}}, []byte{0, 1, 2, 0xff}},
		{"lower-case method and header keys", "delete",
			&url.URL{Path: "/v2/x", RawQuery: "b&a="},
			http.Header{"x-custom-lower": {"l"}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := *tc.url
			u.Scheme, u.Host = "http", host
			req := &http.Request{Method: tc.method, URL: &u, Header: tc.headers.Clone(), Host: host}
			if tc.body != nil {
				req.Body = io.NopCloser(bytes.NewReader(tc.body))
				req.ContentLength = int64(len(tc.body))
			}
			require.NoError(t, s.Sign(req, tc.body, testTime))
			resp, err := srv.Client().Do(req)
			require.NoError(t, err)
			_ = resp.Body.Close()
			r := <-results
			require.NoError(t, r.err)
			assert.Equal(t, testAK, r.ak)
		})
	}
}

// TestVerifyManyHeaders guards against quadratic work: a request with
// tens of thousands of signed headers must still verify quickly.
func TestVerifyManyHeaders(t *testing.T) {
	req := newReq(t, http.MethodGet, "https://h/v2")
	for i := 0; i < 50000; i++ {
		req.Header["X-H"+strconv.Itoa(i)] = []string{"v"}
	}
	s := New(testAK, testSK)
	require.NoError(t, s.Sign(req, nil, testTime))
	start := time.Now()
	_, err := Verify(req, nil, lookupOf(testAK, testSK), testTime, 0)
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
}
