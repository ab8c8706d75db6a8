package partnertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
)

// ReadFixture reads a fixture file written by WriteFixture.
func ReadFixture(path string) (*Fixture, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fx := new(Fixture)
	if err := json.Unmarshal(b, fx); err != nil {
		return nil, fmt.Errorf("partnertest: fixture %s: %w", path, err)
	}
	if fx.Request.Method == "" || fx.Request.Path == "" || fx.Response.Status == 0 {
		return nil, fmt.Errorf("partnertest: fixture %s: no request method, path or response status", path)
	}
	return fx, nil
}

// Replayer is an http.RoundTripper that answers requests from recorded
// fixtures, without a network: each request is matched against the
// fixtures not used yet (method, escaped path, query and JSON body, with
// a recorded "REDACTED" matching any value) and gets the first match's
// status, X-Request-Id and body. A request without a match fails the test
// and gets an error. It is safe for concurrent use.
type Replayer struct {
	tb       testing.TB
	mu       sync.Mutex
	fixtures []*Fixture
	used     []bool
}

// Replay reads the fixture files at paths and returns a Replayer serving
// them. It fails the test when a file cannot be read, and, when the test
// ends, when a fixture was never requested.
func Replay(tb testing.TB, paths ...string) *Replayer {
	tb.Helper()
	var fxs []*Fixture
	for _, p := range paths {
		fx, err := ReadFixture(p)
		if err != nil {
			tb.Fatalf("partnertest: %v", err)
		}
		fxs = append(fxs, fx)
	}
	r := NewReplayer(tb, fxs...)
	tb.Cleanup(func() {
		if n := len(r.Unused()); n > 0 {
			tb.Errorf("partnertest: %d of %d replayed fixtures were never requested", n, len(fxs))
		}
	})
	return r
}

// NewReplayer returns a Replayer serving fixtures; requests without a
// match are reported with tb.Errorf.
func NewReplayer(tb testing.TB, fixtures ...*Fixture) *Replayer {
	return &Replayer{tb: tb, fixtures: fixtures, used: make([]bool, len(fixtures))}
}

// Unused returns the fixtures no request has matched yet.
func (r *Replayer) Unused() []*Fixture {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*Fixture
	for i, fx := range r.fixtures {
		if !r.used[i] {
			out = append(out, fx)
		}
	}
	return out
}

// Client returns an SDK client whose requests this Replayer answers. Its
// credentials are a throwaway key pair: recorded fixtures hold no
// signatures. opts come after the endpoint and HTTP client options.
func (r *Replayer) Client(opts ...partnersdk.Option) *partnersdk.Client {
	r.tb.Helper()
	creds, err := auth.NewAKSK("REPLAYAK000000000000", "replay-secret-key-not-used-by-any-server", auth.WithDomainID(Redacted))
	if err != nil {
		r.tb.Fatalf("partnertest: %v", err)
	}
	all := append([]partnersdk.Option{partnersdk.WithEndpoint("http://replay.invalid"), partnersdk.WithHTTPClient(&http.Client{Transport: r})}, opts...)
	c, err := partnersdk.New(creds, all...)
	if err != nil {
		r.tb.Fatalf("partnertest: %v", err)
	}
	return c
}

// RoundTrip answers req from the first unused matching fixture.
func (r *Replayer) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	r.mu.Lock()
	var hit *Fixture
	for i, fx := range r.fixtures {
		if !r.used[i] && matchRequest(fx, req, body) {
			r.used[i] = true
			hit = fx
			break
		}
	}
	r.mu.Unlock()
	if hit == nil {
		err := fmt.Errorf("partnertest: no recorded fixture matches %s %s?%s", req.Method, req.URL.EscapedPath(), req.URL.RawQuery)
		r.tb.Errorf("%v", err)
		return nil, err
	}
	out := []byte(hit.Response.Body)
	if bytes.Equal(bytes.TrimSpace(out), []byte("null")) {
		out = nil
	}
	h := http.Header{}
	if len(out) > 0 {
		h.Set("Content-Type", "application/json;charset=UTF-8")
	}
	for k, v := range hit.Response.Headers {
		h.Set(k, v)
	}
	h.Set("Content-Length", strconv.Itoa(len(out)))
	return &http.Response{
		Status:        strconv.Itoa(hit.Response.Status) + " " + http.StatusText(hit.Response.Status),
		StatusCode:    hit.Response.Status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(out)),
		ContentLength: int64(len(out)),
		Request:       req,
	}, nil
}

// matchRequest reports whether req (with its body) is the request fx
// recorded.
func matchRequest(fx *Fixture, req *http.Request, body []byte) bool {
	if !strings.EqualFold(fx.Request.Method, req.Method) {
		return false
	}
	if !matchPath(fx.Request.Path, req.URL.EscapedPath()) || !matchQuery(fx.Request.Query, req.URL.RawQuery) {
		return false
	}
	want := bytes.TrimSpace(fx.Request.Body)
	have := bytes.TrimSpace(body)
	if len(want) == 0 || len(have) == 0 {
		return len(want) == len(have)
	}
	wv, err1 := decodeJSON(want)
	hv, err2 := decodeJSON(have)
	if err1 != nil || err2 != nil {
		return bytes.Equal(want, have)
	}
	return matchValue(wv, hv)
}

func matchPath(want, have string) bool {
	ws, hs := strings.Split(want, "/"), strings.Split(have, "/")
	if len(ws) != len(hs) {
		return false
	}
	for i := range ws {
		if ws[i] != hs[i] && ws[i] != Redacted {
			return false
		}
	}
	return true
}

func matchQuery(want, have string) bool {
	wq, err1 := url.ParseQuery(want)
	hq, err2 := url.ParseQuery(have)
	if err1 != nil || err2 != nil {
		return want == have
	}
	if len(wq) != len(hq) {
		return false
	}
	for k, wv := range wq {
		hv, ok := hq[k]
		if !ok || len(hv) != len(wv) {
			return false
		}
		for i := range wv {
			if wv[i] != hv[i] && wv[i] != Redacted {
				return false
			}
		}
	}
	return true
}

func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// matchValue compares decoded JSON; numbers compare by text after
// normalising, a recorded "REDACTED" string matches any value.
func matchValue(want, have any) bool {
	switch w := want.(type) {
	case string:
		if w == Redacted {
			return true
		}
		h, ok := have.(string)
		return ok && h == w
	case json.Number:
		h, ok := have.(json.Number)
		if !ok {
			return false
		}
		return numbersEqual(w, h)
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok || len(h) != len(w) {
			return false
		}
		for k, wv := range w {
			hv, ok := h[k]
			if !ok || !matchValue(wv, hv) {
				return false
			}
		}
		return true
	case []any:
		h, ok := have.([]any)
		if !ok || len(h) != len(w) {
			return false
		}
		for i := range w {
			if !matchValue(w[i], h[i]) {
				return false
			}
		}
		return true
	default:
		return want == have
	}
}

func numbersEqual(a, b json.Number) bool {
	if a == b {
		return true
	}
	fa, ok1 := new(big.Rat).SetString(string(a))
	fb, ok2 := new(big.Rat).SetString(string(b))
	return ok1 && ok2 && fa.Cmp(fb) == 0
}
