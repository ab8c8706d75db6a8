// Package sdktest holds the helpers that the service tests share: a
// transport wired to httpmock with fixed test credentials, recorded
// fixtures, and one-line assertions on the request that went on the wire.
package sdktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/internal/transport"
	"github.com/hcpartner/partner-sdk-go/partnertest"
	"github.com/hcpartner/partner-sdk-go/signer"
)

// Test credentials and endpoint used by every fixture test.
const (
	AK       = "HPUATESTAKID00000001"
	SK       = "TestSecretKey0123456789abcdefghijklmnopqr"
	DomainID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	Endpoint = "https://bss.example.test"
)

// Clock is the fixed time the test credentials sign with.
func Clock() time.Time { return time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC) }

// NewTransport returns a transport client whose HTTP traffic goes to a fresh
// httpmock transport, signing with the test credentials and no retries.
func NewTransport(t testing.TB) (*transport.Client, *httpmock.MockTransport) {
	t.Helper()
	return NewTransportOn(t, core.SiteChina)
}

// NewTransportOn is NewTransport for a client of the given site.
func NewTransportOn(t testing.TB, site core.Site) (*transport.Client, *httpmock.MockTransport) {
	t.Helper()
	mock := httpmock.NewMockTransport()
	creds, err := auth.NewAKSK(AK, SK, auth.WithDomainID(DomainID), auth.WithClock(Clock))
	require.NoError(t, err)
	p := transport.NoRetries()
	tc, err := transport.New(transport.Config{
		Endpoint:    Endpoint,
		HTTPClient:  &http.Client{Transport: mock},
		Credentials: creds,
		UserAgent:   "partner-sdk-go/test",
		Retry:       &p,
		Site:        site,
	})
	require.NoError(t, err)
	return tc, mock
}

// Fixture is a recorded exchange: the request the SDK must send and the
// response the server gave.
type Fixture partnertest.Fixture

// LoadFixture reads a fixture file.
func LoadFixture(t testing.TB, path string) *Fixture {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	fx := new(Fixture)
	require.NoError(t, json.Unmarshal(b, fx), path)
	return fx
}

// Expect registers a responder that asserts the request matches the fixture
// (method, escaped path, exact query string, JSON body, Content-Type and a
// signature that verifies with the test key) and answers the fixture's
// response.
func (fx *Fixture) Expect(t testing.TB, mock *httpmock.MockTransport) {
	t.Helper()
	url := Endpoint + fx.Request.Path
	mock.RegisterRegexpResponder(fx.Request.Method, regexp.MustCompile("^"+regexp.QuoteMeta(url)+`(\?.*)?$`),
		func(r *http.Request) (*http.Response, error) {
			AssertRequest(t, r, fx.Request.Method, fx.Request.Path, fx.Request.Query, fx.Request.Body)
			resp := httpmock.NewBytesResponse(fx.Response.Status, fx.Response.Body)
			resp.Header.Set("Content-Type", "application/json")
			for k, v := range fx.Response.Headers {
				resp.Header.Set(k, v)
			}
			return resp, nil
		})
}

// AssertRequest checks one request on the wire in one line: method, escaped
// path, raw query string, JSON body (nil for none; compared as JSON, and the
// raw bytes must end with one newline), Content-Type, and that the
// SDK-HMAC-SHA256 signature verifies with the test key.
func AssertRequest(t testing.TB, r *http.Request, method, path, query string, body json.RawMessage) {
	t.Helper()
	require.Equal(t, method, r.Method, "method")
	require.Equal(t, path, r.URL.EscapedPath(), "path")
	require.Equal(t, query, r.URL.RawQuery, "query")
	require.Equal(t, "application/json", r.Header.Get("Content-Type"), "content type")
	require.Equal(t, DomainID, r.Header.Get("X-Domain-Id"), "X-Domain-Id")
	var got []byte
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		got = b
	}
	if len(body) == 0 || string(body) == "null" {
		require.Empty(t, got, "body")
	} else {
		require.True(t, bytes.HasSuffix(got, []byte("}\n")) || bytes.HasSuffix(got, []byte("]\n")), "body must end with one newline: %q", got)
		require.JSONEq(t, string(body), string(got), "body")
		require.False(t, bytes.Contains(got, []byte(`\u003c`)) || bytes.Contains(got, []byte(`\u0026`)), "HTML characters must not be escaped")
	}
	ak, err := signer.Verify(r, got, func(ak string) (string, bool) { return SK, ak == AK }, Clock(), 15*time.Minute)
	require.NoError(t, err, "signature")
	require.Equal(t, AK, ak)
	require.Contains(t, r.Header.Get("Authorization"), "x-domain-id", "X-Domain-Id must be signed")
}

// AssertResponse checks that resp (a typed response) holds every field of
// the fixture's response body: it encodes resp with encoding/json and
// compares the two documents, numbers and numeric strings as exact decimals.
func (fx *Fixture) AssertResponse(t testing.TB, resp any) {
	t.Helper()
	if b := bytes.TrimSpace(fx.Response.Body); len(b) == 0 || string(b) == "null" {
		return // an answer without a body (204): nothing to decode
	}
	got, err := json.Marshal(resp)
	require.NoError(t, err)
	var want, have any
	dec := json.NewDecoder(bytes.NewReader(fx.Response.Body))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&want))
	dec = json.NewDecoder(bytes.NewReader(got))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&have))
	if diff := Diff("", want, have); diff != "" {
		t.Fatalf("decoded response differs from the fixture:\n%s\nfixture: %s\ndecoded: %s", diff, fx.Response.Body, got)
	}
}

// Diff compares two decoded JSON documents; numbers (and numeric strings
// against numbers) compare as exact decimals. It returns "" when equal.
func Diff(path string, want, have any) string {
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: want object, have %T", path, have)
		}
		var out []string
		for k, wv := range w {
			hv, ok := h[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s.%s: missing in decoded response", path, k))
				continue
			}
			if d := Diff(path+"."+k, wv, hv); d != "" {
				out = append(out, d)
			}
		}
		return strings.Join(out, "\n")
	case []any:
		h, ok := have.([]any)
		if !ok || len(h) != len(w) {
			return fmt.Sprintf("%s: want %d items, have %v", path, len(w), have)
		}
		var out []string
		for i := range w {
			if d := Diff(fmt.Sprintf("%s[%d]", path, i), w[i], h[i]); d != "" {
				out = append(out, d)
			}
		}
		return strings.Join(out, "\n")
	case json.Number:
		if eqDecimal(string(w), have) {
			return ""
		}
		return fmt.Sprintf("%s: want %s, have %v", path, w, have)
	case string:
		if hs, ok := have.(string); ok && hs == w {
			return ""
		}
		if _, err := decimal.NewFromString(w); err == nil && eqDecimal(w, have) {
			return ""
		}
		return fmt.Sprintf("%s: want %q, have %v", path, w, have)
	default:
		if fmt.Sprint(want) == fmt.Sprint(have) {
			return ""
		}
		return fmt.Sprintf("%s: want %v, have %v", path, want, have)
	}
}

func eqDecimal(w string, have any) bool {
	wd, err := decimal.NewFromString(w)
	if err != nil {
		return false
	}
	var hs string
	switch h := have.(type) {
	case json.Number:
		hs = string(h)
	case string:
		hs = h
	default:
		return false
	}
	hd, err := decimal.NewFromString(hs)
	return err == nil && wd.Equal(hd)
}

// RespondError registers a responder answering every request with an API
// error body.
func RespondError(mock *httpmock.MockTransport, status int, code, msg string) {
	mock.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		b, _ := json.Marshal(map[string]string{"error_code": code, "error_msg": msg})
		resp := httpmock.NewBytesResponse(status, b)
		resp.Header.Set("X-Request-Id", "req-error-1")
		return resp, nil
	})
}

// RoundTrip decodes data into a T; when that succeeds, T must encode and
// decode back to the same JSON.
func RoundTrip[T any](t *testing.T, data []byte) {
	var v T
	if json.Unmarshal(data, &v) != nil {
		return
	}
	b1, err := json.Marshal(&v)
	if err != nil {
		t.Fatalf("encode decoded %T: %v", v, err)
	}
	var v2 T
	if err := json.Unmarshal(b1, &v2); err != nil {
		t.Fatalf("decode re-encoded %T: %v\n%s", v, err, b1)
	}
	b2, err := json.Marshal(&v2)
	if err != nil {
		t.Fatalf("encode %T again: %v", v, err)
	}
	if !bytes.Equal(b1, b2) {
		t.Fatalf("%T does not survive a round trip:\n%s\n%s", v, b1, b2)
	}
}

// Validatable is a request: it validates itself and encodes its body.
type Validatable interface {
	Validate() error
}

// ValidateRoundTrip decodes data over a fresh sample request; Validate must
// not panic, and when the request is valid its encoded body decoded over
// another fresh sample must be valid too.
func ValidateRoundTrip(t *testing.T, data []byte, fresh func() Validatable) {
	r := fresh()
	if json.Unmarshal(data, r) != nil {
		return
	}
	if r.Validate() != nil {
		return
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("encode valid request: %v", err)
	}
	r2 := fresh()
	if err := json.Unmarshal(b, r2); err != nil {
		t.Fatalf("decode encoded request: %v\n%s", err, b)
	}
	if err := r2.Validate(); err != nil {
		t.Fatalf("valid request became invalid after a round trip: %v\n%s", err, b)
	}
}
