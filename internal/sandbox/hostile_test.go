package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hcpartner/partner-sdk-go/signer"
)

// TestHostileInputs sends malformed and out-of-range requests, correctly
// signed, to every operation and expects no server error: every one is
// answered with a documented error or data.
func TestHostileInputs(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 5, 20, 8, 0, 0, 0, time.UTC)
	s, err := New(Config{Seed: 9, BaseDate: now, Now: func() time.Time { return now }, Customers: 30})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	sg := signer.New(s.cfg.AK, s.cfg.SK)
	do := func(method, path, rawQuery string, body []byte) {
		t.Helper()
		u := "http://sandbox.test" + path
		if rawQuery != "" {
			u += "?" + rawQuery
		}
		req, err := http.NewRequest(method, u, bytes.NewReader(body))
		if err != nil {
			return // not expressible as a request
		}
		req.Header.Set("Content-Type", "application/json")
		if err := sg.Sign(req, body, now); err != nil {
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Errorf("%s %s?%s %q: HTTP %d %s", method, path, rawQuery, body, rec.Code, rec.Body.String())
		}
		if rec.Header().Get("X-Request-Id") == "" {
			t.Errorf("%s %s: no X-Request-Id", method, path)
		}
		if rec.Code != http.StatusNoContent && !json.Valid(rec.Body.Bytes()) {
			t.Errorf("%s %s: invalid JSON %q", method, path, rec.Body.String())
		}
	}
	bad := []any{nil, "", strings.Repeat("x", 5000), "\xff\xfe", -1, 1e30, 2147483648, 1.5, true, []any{}, []any{1, "a", nil}, map[string]any{"a": 1}, "2024-13-45T99:99:99Z", "-0.001", "1e3"}
	bodies := [][]byte{nil, []byte("[]"), []byte(`"x"`), []byte(`{"a":`), []byte("{}"), []byte("null"), []byte(`{"limit":1e400}`), []byte("\xff")}
	for i := range s.ops {
		op := &s.ops[i]
		path := strings.NewReplacer("{domain_id}", s.cfg.DomainID, "{resource_id}", "%2F..%2F", "{order_id}", "..").Replace(op.Path)
		for _, b := range bodies {
			do(op.Method, path, "", b)
		}
		for _, f := range s.models[op.Request] {
			for _, v := range bad {
				switch f.In {
				case "query":
					text, _ := json.Marshal(v)
					do(op.Method, path, url.QueryEscape(f.Name)+"="+url.QueryEscape(strings.Trim(string(text), `"`)), nil)
				case "body":
					b, _ := json.Marshal(map[string]any{f.Name: v})
					do(op.Method, path, "", b)
				}
			}
		}
	}
	// Odd paths and methods.
	for _, p := range []string{"/", "/v2", "/v2/orders/customer-orders/details/", "/v2/orders/customer-orders/details/%zz", "/v3/auth/tokens"} {
		for _, m := range []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"} {
			do(m, p, "", []byte("{}"))
		}
	}
}
