package transport

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hcpartner/partner-sdk-go/core"

	"github.com/jarcoal/httpmock"
	"golang.org/x/time/rate"
)

// ---- test helpers shared with fault_test.go ----

// recorded is one request as the test server saw it.
type recorded struct {
	Method string
	URI    string
	Header http.Header
	Body   []byte
}

// recServer is an httptest server on loopback that records every request
// and answers with handler (n is the 1-based request number).
type recServer struct {
	*httptest.Server
	mu      sync.Mutex
	reqs    []recorded
	handler func(w http.ResponseWriter, r *http.Request, n int)
}

func newRecServer(t *testing.T, handler func(w http.ResponseWriter, r *http.Request, n int)) *recServer {
	t.Helper()
	s := &recServer{handler: handler}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, recorded{Method: r.Method, URI: r.RequestURI, Header: r.Header.Clone(), Body: body})
		n := len(s.reqs)
		s.mu.Unlock()
		if s.handler == nil {
			w.Header().Set("X-Request-Id", "rid-"+fmt.Sprint(n))
			_, _ = io.WriteString(w, `{}`)
			return
		}
		s.handler(w, r, n)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *recServer) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

func (s *recServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// newTestClient builds a Client for endpoint with a fast retry policy and
// its own transport (so idle connections can be closed per test).
func newTestClient(t *testing.T, endpoint string, mutate func(*Config)) *Client {
	t.Helper()
	p := fastPolicy()
	cfg := Config{Endpoint: endpoint, HTTPClient: DefaultHTTPClient(false), Retry: &p, UserAgent: "partner-sdk-go/test",
		// Every test goes through the pacer, 100 times faster than the
		// documented rates (pacing_test.go checks the rates themselves).
		Pacing: Pacing{TimeScale: 100}}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.HTTPClient().CloseIdleConnections)
	return c
}

// fastPolicy retries quickly: 3 attempts, 1-5 ms backoff, no budget.
func fastPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxRetryAfter: 5 * time.Second}
}

// fakeCreds records every Apply call and sets a header derived from the
// body bytes it was given, like a signer would.
type fakeCreds struct {
	mu    sync.Mutex
	calls []credCall
	err   error
}

type credCall struct {
	Method  string
	URL     string
	Body    []byte
	BodyNil bool
	Header  http.Header
}

func (f *fakeCreds) Apply(_ context.Context, r *http.Request, body []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.calls = append(f.calls, credCall{Method: r.Method, URL: r.URL.String(), Body: append([]byte(nil), body...), BodyNil: body == nil, Header: r.Header.Clone()})
	r.Header.Set("Authorization", fmt.Sprintf("FAKE call=%d body-sha256=%s", len(f.calls), bodyHash(body)))
	return nil
}

func (f *fakeCreds) recorded() []credCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]credCall(nil), f.calls...)
}

func bodyHash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// rawBody is a request body with fixed MarshalJSON output.
type rawBody string

func (b rawBody) MarshalJSON() ([]byte, error) { return []byte(b), nil }

type failingBody struct{}

func (failingBody) MarshalJSON() ([]byte, error) { return nil, errors.New("cannot marshal") }

var (
	opRead  = Operation{Name: "ListThings", Method: http.MethodGet, Path: "/v2/things"}
	opWrite = Operation{Name: "CreateThing", Method: http.MethodPost, Path: "/v2/things", Write: true}
)

// ---- URL: path parameters and query ----

func TestDoPathParams(t *testing.T) {
	srv := newRecServer(t, nil)
	c := newTestClient(t, srv.URL+"/", nil) // trailing slash trimmed
	op := Operation{Name: "ShowThing", Method: http.MethodGet, Path: "/v2/customers/{domain_id}/things/{thing_id}"}
	err := c.Do(context.Background(), op, Request{PathParams: []string{"a/b c+d", "华为..x"}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := srv.requests()[0].URI
	want := "/v2/customers/a%2Fb%20c%2Bd/things/%E5%8D%8E%E4%B8%BA..x"
	if got != want {
		t.Fatalf("request URI = %q, want %q", got, want)
	}
}

func TestDoPathTraversalStaysOneSegment(t *testing.T) {
	srv := newRecServer(t, nil)
	c := newTestClient(t, srv.URL, nil)
	op := Operation{Name: "ShowThing", Method: http.MethodGet, Path: "/v2/things/{id}/detail"}
	if err := c.Do(context.Background(), op, Request{PathParams: []string{"../../admin"}}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := srv.requests()[0].URI, "/v2/things/..%2F..%2Fadmin/detail"; got != want {
		t.Fatalf("request URI = %q, want %q", got, want)
	}
}

func TestDoRejectsBadPathParamsBeforeIO(t *testing.T) {
	srv := newRecServer(t, nil)
	creds := &fakeCreds{}
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Credentials = creds })
	op := Operation{Name: "ShowThing", Method: http.MethodPost, Path: "/v2/things/{a}/{b}", Write: true}
	cases := map[string][]string{
		"empty":        {"", "x"},
		"dot":          {"x", "."},
		"dot dot":      {"..", "x"},
		"missing":      {"x"},
		"none":         nil,
		"one too many": {"x", "y", "z"},
	}
	for name, params := range cases {
		t.Run(name, func(t *testing.T) {
			err := c.Do(context.Background(), op, Request{PathParams: params, Body: rawBody(`{}`)}, nil, nil)
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("err = %T %v, want *RequestError", err, err)
			}
			if re.Attempts != 0 {
				t.Errorf("Attempts = %d, want 0", re.Attempts)
			}
		})
	}
	if n := srv.count(); n != 0 {
		t.Fatalf("server saw %d requests, want 0", n)
	}
	if n := len(creds.recorded()); n != 0 {
		t.Fatalf("credentials applied %d times, want 0", n)
	}
}

type listQuery struct {
	CustomerID *string  `url:"customer_id,omitempty"`
	OrderID    *string  `url:"order_id,omitempty"`
	Offset     *int32   `url:"offset,omitempty"`
	Limit      *int32   `url:"limit,omitempty"`
	Flag       *bool    `url:"flag,omitempty"`
	IDs        []string `url:"coupon_ids,omitempty"`
	Name       string   `url:"name,omitempty"`
	Skipped    string   `url:"-"`
}

func ptr[T any](v T) *T { return &v }

func TestDoQueryFromStruct(t *testing.T) {
	srv := newRecServer(t, nil)
	c := newTestClient(t, srv.URL, nil)
	tests := []struct {
		name  string
		query any
		want  string
	}{
		{"nil query has no question mark", nil, "/v2/things"},
		{"typed nil pointer", (*listQuery)(nil), "/v2/things"},
		{"all unset", &listQuery{Skipped: "x"}, "/v2/things"},
		{
			"pointer to empty string is a bare key, pointer to zero is sent",
			&listQuery{CustomerID: ptr(""), OrderID: ptr("o1"), Offset: ptr(int32(0)), Flag: ptr(false)},
			"/v2/things?customer_id&flag=false&offset=0&order_id=o1",
		},
		{
			"lists repeat in caller order, values escaped",
			&listQuery{IDs: []string{"z,1", "a b", "华"}, Name: " +x ", Limit: ptr(int32(100))},
			"/v2/things?coupon_ids=z%2C1&coupon_ids=a%20b&coupon_ids=%E5%8D%8E&limit=100&name=%20%2Bx%20",
		},
		{"empty list sends nothing", &listQuery{IDs: []string{}}, "/v2/things"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := srv.count()
			if err := c.Do(context.Background(), opRead, Request{Query: tt.query}, nil, nil); err != nil {
				t.Fatal(err)
			}
			if got := srv.requests()[before].URI; got != tt.want {
				t.Fatalf("URI = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDoQueryNotAStruct(t *testing.T) {
	srv := newRecServer(t, nil)
	c := newTestClient(t, srv.URL, nil)
	err := c.Do(context.Background(), opRead, Request{Query: 42}, nil, nil)
	var re *RequestError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want *RequestError", err)
	}
	if srv.count() != 0 {
		t.Fatal("request sent")
	}
}

// ---- body and headers ----

func TestDoBodyAndContentType(t *testing.T) {
	srv := newRecServer(t, nil)
	creds := &fakeCreds{}
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Credentials = creds })
	body := `{"b":"<&>","a":"华为","amount":"8076"}`
	tests := []struct {
		method   string
		body     Request
		wantBody string
	}{
		{http.MethodPost, Request{Body: rawBody(body)}, body + "\n"},
		{http.MethodPut, Request{Body: rawBody(`{}`)}, "{}\n"},
		{http.MethodPost, Request{}, ""},
		{http.MethodGet, Request{}, ""},
		{http.MethodDelete, Request{}, ""},
	}
	for i, tt := range tests {
		t.Run(tt.method+fmt.Sprint(i), func(t *testing.T) {
			op := Operation{Name: "Op", Method: tt.method, Path: "/v1/x"}
			if err := c.Do(context.Background(), op, tt.body, nil, nil); err != nil {
				t.Fatal(err)
			}
			r := srv.requests()[i]
			if r.Method != tt.method {
				t.Errorf("method = %s", r.Method)
			}
			if string(r.Body) != tt.wantBody {
				t.Errorf("body = %q, want %q", r.Body, tt.wantBody)
			}
			if ct := r.Header.Values("Content-Type"); len(ct) != 1 || ct[0] != "application/json" {
				t.Errorf("Content-Type = %q, want exactly application/json", ct)
			}
			call := creds.recorded()[i]
			if string(call.Body) != tt.wantBody {
				t.Errorf("credentials saw body %q, want %q", call.Body, tt.wantBody)
			}
			if want := "FAKE call=" + fmt.Sprint(i+1) + " body-sha256=" + bodyHash([]byte(tt.wantBody)); r.Header.Get("Authorization") != want {
				t.Errorf("Authorization = %q, want %q", r.Header.Get("Authorization"), want)
			}
		})
	}
}

func TestDoBodyMarshalError(t *testing.T) {
	srv := newRecServer(t, nil)
	c := newTestClient(t, srv.URL, nil)
	err := c.Do(context.Background(), opWrite, Request{Body: failingBody{}}, nil, nil)
	var re *RequestError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "cannot marshal") {
		t.Fatalf("err = %v", err)
	}
	if srv.count() != 0 {
		t.Fatal("request sent")
	}
}

func TestDoHeaders(t *testing.T) {
	srv := newRecServer(t, nil)
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Language = "zh_CN"; cfg.UserAgent = "partner-sdk-go/1.2.3 (go1.26)" })
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.Do(ctx, opRead, Request{}, nil, nil))
	must(c.Do(ctx, opRead, Request{}, nil, nil, WithLanguage("en_US")))
	must(c.Do(ctx, opRead, Request{Headers: [][2]string{{"X-Custom", "op"}}}, nil, nil, WithHeader("X-Other", "call"), nil))
	reqs := srv.requests()
	for i, r := range reqs {
		if got := r.Header.Get("User-Agent"); got != "partner-sdk-go/1.2.3 (go1.26)" {
			t.Errorf("request %d: User-Agent = %q", i, got)
		}
	}
	if got := reqs[0].Header.Get("X-Language"); got != "zh_CN" {
		t.Errorf("config language: X-Language = %q", got)
	}
	if got := reqs[1].Header.Values("X-Language"); len(got) != 1 || got[0] != "en_US" {
		t.Errorf("per-call override: X-Language = %q", got)
	}
	if reqs[2].Header.Get("X-Custom") != "op" || reqs[2].Header.Get("X-Other") != "call" {
		t.Errorf("headers = %v", reqs[2].Header)
	}

	// No language configured: no X-Language header at all.
	c2 := newTestClient(t, srv.URL, nil)
	must(c2.Do(ctx, opRead, Request{}, nil, nil))
	if _, ok := srv.requests()[3].Header["X-Language"]; ok {
		t.Error("X-Language sent although not set")
	}
}

// ---- validation ----

func TestDoValidationBeforeIO(t *testing.T) {
	srv := newRecServer(t, nil)
	creds := &fakeCreds{}
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Credentials = creds })
	verr := errors.New("amount: must be greater than 0")
	var calls atomic.Int32
	req := Request{Body: rawBody(`{}`), Validate: func() error { calls.Add(1); return verr }}

	err := c.Do(context.Background(), opWrite, req, nil, nil)
	if err != verr {
		t.Fatalf("err = %v, want the validation error itself", err)
	}
	if srv.count() != 0 || len(creds.recorded()) != 0 {
		t.Fatal("I/O happened despite a validation error")
	}

	// Validation runs before the path is even looked at.
	bad := req
	bad.PathParams = []string{""}
	if err := c.Do(context.Background(), Operation{Name: "X", Method: "POST", Path: "/{id}"}, bad, nil, nil); err != verr {
		t.Fatalf("err = %v, want the validation error", err)
	}

	if err := c.Do(context.Background(), opWrite, req, nil, nil, WithoutValidation()); err != nil {
		t.Fatalf("WithoutValidation: %v", err)
	}
	if srv.count() != 1 {
		t.Fatalf("server saw %d requests, want 1", srv.count())
	}
	if got := calls.Load(); got != 2 {
		t.Fatalf("Validate called %d times, want 2", got)
	}
}

func TestDoValidateCalledOnceAcrossRetries(t *testing.T) {
	srv := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	})
	c := newTestClient(t, srv.URL, nil)
	var calls atomic.Int32
	var meta Metadata
	if err := c.Do(context.Background(), opRead, Request{Validate: func() error { calls.Add(1); return nil }}, nil, &meta); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 1 || meta.Attempts != 3 {
		t.Fatalf("Validate calls = %d, attempts = %d", calls.Load(), meta.Attempts)
	}
}

// ---- responses ----

type thing struct {
	ID    string `json:"id"`
	Count int    `json:"count"`
}

type thingsResponse struct {
	Things     []thing  `json:"things"`
	TotalCount int      `json:"total_count"`
	Metadata   Metadata `json:"-"`
}

func TestDoMetadataAndDecode(t *testing.T) {
	srv := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		w.Header().Set("X-Request-Id", fmt.Sprintf("req-%d", n))
		if n == 1 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.Header().Set("X-Extra", "yes")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"things":[{"id":"a","count":2,"new_field":{"x":[1,2]}}],"total_count":7,"unknown":true,"error_code":"CBC.0000","error_msg":"success"}`)
	})
	c := newTestClient(t, srv.URL, nil)
	out := new(thingsResponse)
	if err := c.Do(context.Background(), opRead, Request{}, out, &out.Metadata); err != nil {
		t.Fatal(err)
	}
	if len(out.Things) != 1 || out.Things[0] != (thing{"a", 2}) || out.TotalCount != 7 {
		t.Fatalf("decoded %+v", out)
	}
	m := out.Metadata
	if m.StatusCode != 201 || m.RequestID != "req-2" || m.Attempts != 2 || m.Header.Get("X-Extra") != "yes" {
		t.Fatalf("metadata = %+v", m)
	}
}

func TestDoEmptyBodiesDecodeToNothing(t *testing.T) {
	for _, body := range []string{"", " \n", "null"} {
		srv := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { _, _ = io.WriteString(w, body) })
		c := newTestClient(t, srv.URL, nil)
		out := &thingsResponse{TotalCount: 3}
		if err := c.Do(context.Background(), opRead, Request{}, out, nil); err != nil {
			t.Fatalf("body %q: %v", body, err)
		}
		if out.TotalCount != 3 {
			t.Fatalf("body %q changed out", body)
		}
	}
}

func TestDo2xxErrorCodes(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantCode string // "" means success
		wantMsg  string
	}{
		{"CBC.0000 is success", `{"error_code":"CBC.0000","error_msg":"ok","id":"x"}`, "", ""},
		{"CBC.00000000 is success", `{"error_code":"CBC.00000000"}`, "", ""},
		{"numeric 0 is success", `{"error_code":0}`, "", ""},
		{"string 0 is success", `{"error_code":"0"}`, "", ""},
		{"empty is success", `{"error_code":""}`, "", ""},
		{"null is success", `{"error_code":null,"code":"not-an-error"}`, "", ""},
		{"nested per-item codes are data", `{"results":[{"error_code":"CBC.0100","error_msg":"x"}]}`, "", ""},
		{"failure code", `{"error_code":"CBC.0100","error_msg":"invalid parameter"}`, "CBC.0100", "invalid parameter"},
		{"failure with odd sibling types", `{"error_code":"CBC.0156","error_msg":"no money","error":"text","code":5}`, "CBC.0156", "no money"},
		{"numeric failure code", `{"error_code":1234,"error_msg":"m"}`, "1234", "m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("X-Request-Id", "rid-1")
				_, _ = io.WriteString(w, tt.body)
			})
			c := newTestClient(t, srv.URL, nil)
			var meta Metadata
			err := c.Do(context.Background(), opRead, Request{}, new(map[string]any), &meta)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("err = %v, want success", err)
				}
				return
			}
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %T %v, want *APIError", err, err)
			}
			if ae.StatusCode != 200 || ae.Code != tt.wantCode || ae.Message != tt.wantMsg || ae.RequestID != "rid-1" || ae.Operation != "ListThings" {
				t.Fatalf("APIError = %+v", ae)
			}
			if srv.count() != 1 {
				t.Fatalf("a 2xx error was retried: %d requests", srv.count())
			}
			if meta.StatusCode != 0 || meta.Attempts != 0 || meta.Header != nil {
				t.Fatalf("metadata written on failure: %+v", meta)
			}
		})
	}
}

// errorShapes are the error bodies parseAPIError reads, served with httpmock.
func TestDoNon2xxErrorShapesHTTPMock(t *testing.T) {
	c := newTestClient(t, "https://bss.example.com", nil)
	httpmock.ActivateNonDefault(c.HTTPClient())
	t.Cleanup(httpmock.DeactivateAndReset)

	html := "<html><head><title>502 Bad Gateway</title></head><body>" + strings.Repeat("x", 5000) + "</body></html>"
	tests := []struct {
		name               string
		status             int
		body               string
		header             string
		wantCode, wantMsg  string
		wantRID            string
		wantBodyLen        int
		isInvalidParameter bool
	}{
		{"error_code shape", 400, `{"error_code":"CBC.0100","error_msg":"Invalid parameter.","request_id":"body-rid"}`, "", "CBC.0100", "Invalid parameter.", "body-rid", -1, true},
		{"header request id wins", 400, `{"error_code":"CBC.0100","error_msg":"m","request_id":"body-rid"}`, "hdr-rid", "CBC.0100", "m", "hdr-rid", -1, true},
		{"nested error shape", 403, `{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information"}}`, "", "APIGW.0301", "Incorrect IAM authentication information", "", -1, false},
		{"code/message shape", 401, `{"code":"APIGW.0303","message":"clock skew"}`, "", "APIGW.0303", "clock skew", "", -1, false},
		{"numeric code", 400, `{"code":400,"message":"bad"}`, "", "400", "bad", "", -1, false},
		{"HTML page", 502, html, "", "", "Bad Gateway", "", 4096, false},
		{"empty body", 404, ``, "", "", "Not Found", "", 0, false},
		{"JSON array", 400, `[1,2]`, "", "", "Bad Request", "", -1, false},
		{"error field not an object", 400, `{"error":"boom","error_msg":"x"}`, "", "", "Bad Request", "", -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			httpmock.Reset()
			httpmock.RegisterResponder("GET", "https://bss.example.com/v2/things", func(*http.Request) (*http.Response, error) {
				r := httpmock.NewStringResponse(tt.status, tt.body)
				if tt.header != "" {
					r.Header.Set("X-Request-Id", tt.header)
				}
				return r, nil
			})
			err := c.Do(context.Background(), opRead, Request{}, nil, nil, WithRetryPolicy(NoRetries()))
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %T %v, want *APIError", err, err)
			}
			if ae.StatusCode != tt.status || ae.Code != tt.wantCode || ae.Message != tt.wantMsg || ae.RequestID != tt.wantRID {
				t.Fatalf("APIError = status %d code %q msg %q rid %q", ae.StatusCode, ae.Code, ae.Message, ae.RequestID)
			}
			wantLen := tt.wantBodyLen
			if wantLen < 0 {
				wantLen = len(tt.body)
			}
			if len(ae.Body) != wantLen {
				t.Errorf("len(Body) = %d, want %d", len(ae.Body), wantLen)
			}
			if got := errors.Is(err, core.CodeInvalidParameter); got != tt.isInvalidParameter {
				t.Errorf("errors.Is(err, core.CodeInvalidParameter) = %v", got)
			}
			if errors.Is(err, core.CodeInsufficientBalance) {
				t.Error("errors.Is matched an unrelated code")
			}
			if !strings.Contains(err.Error(), fmt.Sprint(tt.status)) {
				t.Errorf("Error() = %q lacks the status", err)
			}
		})
	}
}

func TestDoErrorsIsThroughWrapping(t *testing.T) {
	srv := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.WriteHeader(500)
		_, _ = io.WriteString(w, `{"error_code":"CBC.0999","error_msg":"system error"}`)
	})
	c := newTestClient(t, srv.URL, nil)
	err := c.Do(context.Background(), opWrite, Request{Body: rawBody(`{}`)}, nil, nil)
	var ou *OutcomeUnknownError
	if !errors.As(err, &ou) {
		t.Fatalf("err = %T %v, want *OutcomeUnknownError", err, err)
	}
	if !errors.Is(err, core.CodeSystemError) {
		t.Fatal("errors.Is(err, core.CodeSystemError) through OutcomeUnknownError failed")
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 500 {
		t.Fatalf("errors.As APIError: %v", ae)
	}
	if !errors.Is(fmt.Errorf("wrapped: %w", err), core.CodeSystemError) {
		t.Fatal("errors.Is through %w failed")
	}
}

func TestDoDecodeError(t *testing.T) {
	srv := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("X-Request-Id", "rid-dec")
		_, _ = io.WriteString(w, `{"things": [`)
	})
	for _, op := range []Operation{opRead, opWrite} {
		c := newTestClient(t, srv.URL, nil)
		before := srv.count()
		err := c.Do(context.Background(), op, Request{}, new(thingsResponse), nil)
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("%s: err = %T %v, want *DecodeError", op.Name, err, err)
		}
		if de.StatusCode != 200 || de.RequestID != "rid-dec" || de.Operation != op.Name {
			t.Fatalf("DecodeError = %+v", de)
		}
		if srv.count()-before != 1 {
			t.Fatalf("%s: decode error retried", op.Name)
		}
	}
	// Type mismatch in a known field is a DecodeError too.
	srv2 := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		_, _ = io.WriteString(w, `{"total_count":"many"}`)
	})
	err := newTestClient(t, srv2.URL, nil).Do(context.Background(), opRead, Request{}, new(thingsResponse), nil)
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want *DecodeError", err)
	}
}

func TestDoResponseTooLarge(t *testing.T) {
	const limit = 1024
	for _, status := range []int{200, 503} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			var written atomic.Int64
			done := make(chan struct{})
			srv := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				defer close(done)
				w.Header().Set("X-Request-Id", "rid-big")
				w.WriteHeader(status)
				chunk := bytes.Repeat([]byte("a"), 32<<10)
				for written.Load() < 256<<20 { // would be 256 MiB if read to the end
					n, err := w.Write(chunk)
					written.Add(int64(n))
					if err != nil {
						return
					}
				}
			})
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxResponseBytes = limit })
			err := c.Do(context.Background(), opRead, Request{}, new(thingsResponse), nil, WithRetryPolicy(NoRetries()))
			switch status {
			case 200:
				var de *DecodeError
				if !errors.As(err, &de) || !IsResponseTooLarge(err) || de.StatusCode != 200 || de.RequestID != "rid-big" {
					t.Fatalf("err = %T %v, want *DecodeError that IsResponseTooLarge", err, err)
				}
			default:
				var ae *APIError
				if !errors.As(err, &ae) || ae.StatusCode != status || len(ae.Body) > limit+1 {
					t.Fatalf("err = %T %v, want *APIError with status %d", err, err, status)
				}
			}
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("server still writing 10s after the client gave up")
			}
			if w := written.Load(); w >= 256<<20 {
				t.Fatalf("server wrote the whole body (%d bytes): the client read it all", w)
			}
		})
	}
}

// ---- credentials ----

func TestDoCredentialsAppliedEveryAttempt(t *testing.T) {
	srv := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n < 3 {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	})
	creds := &fakeCreds{}
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Credentials = creds; cfg.Language = "en_US" })
	body := `{"name":"华为 <x>"}`
	op := Operation{Name: "QueryThings", Method: http.MethodPost, Path: "/v2/things/query"} // a read sent as POST
	var meta Metadata
	if err := c.Do(context.Background(), op, Request{Body: rawBody(body), Query: &listQuery{Limit: ptr(int32(5))}}, nil, &meta); err != nil {
		t.Fatal(err)
	}
	calls := creds.recorded()
	reqs := srv.requests()
	if len(calls) != 3 || len(reqs) != 3 || meta.Attempts != 3 {
		t.Fatalf("Apply calls = %d, requests = %d, attempts = %d; want 3", len(calls), len(reqs), meta.Attempts)
	}
	for i := range calls {
		if string(calls[i].Body) != body+"\n" || string(reqs[i].Body) != body+"\n" {
			t.Errorf("attempt %d: signed %q, sent %q", i+1, calls[i].Body, reqs[i].Body)
		}
		if !strings.HasSuffix(calls[i].URL, "/v2/things/query?limit=5") {
			t.Errorf("attempt %d: Apply saw URL %q", i+1, calls[i].URL)
		}
		if calls[i].Header.Get("X-Language") != "en_US" || calls[i].Header.Get("Content-Type") != "application/json" {
			t.Errorf("attempt %d: headers not final when Apply ran: %v", i+1, calls[i].Header)
		}
		if want := fmt.Sprintf("FAKE call=%d body-sha256=%s", i+1, bodyHash([]byte(body+"\n"))); reqs[i].Header.Get("Authorization") != want {
			t.Errorf("attempt %d: Authorization = %q, want %q", i+1, reqs[i].Header.Get("Authorization"), want)
		}
	}
}

func TestDoCredentialsGetNilBodyWithoutBody(t *testing.T) {
	srv := newRecServer(t, nil)
	creds := &fakeCreds{}
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Credentials = creds })
	if err := c.Do(context.Background(), opRead, Request{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if calls := creds.recorded(); len(calls) != 1 || !calls[0].BodyNil {
		t.Fatalf("calls = %+v", calls)
	}
}

func TestDoCredentialsErrorSendsNothing(t *testing.T) {
	srv := newRecServer(t, nil)
	applyErr := errors.New("token refresh failed")
	creds := &fakeCreds{err: applyErr}
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Credentials = creds })
	for _, op := range []Operation{opRead, opWrite} {
		err := c.Do(context.Background(), op, Request{Body: rawBody(`{}`)}, nil, nil)
		var re *RequestError
		if !errors.As(err, &re) || !errors.Is(err, applyErr) {
			t.Fatalf("%s: err = %T %v, want *RequestError wrapping the Apply error", op.Name, err, err)
		}
		// Nothing left the machine, so the write is not "outcome unknown".
		var ou *OutcomeUnknownError
		if errors.As(err, &ou) {
			t.Fatalf("%s: Apply failure reported as outcome unknown", op.Name)
		}
	}
	if srv.count() != 0 {
		t.Fatalf("server saw %d requests", srv.count())
	}
}

// ---- misc ----

func TestDoNilArguments(t *testing.T) {
	var c *Client
	if err := c.Do(context.Background(), opRead, Request{}, nil, nil); err == nil {
		t.Fatal("nil client: no error")
	}
	c2 := newTestClient(t, "http://127.0.0.1:1", nil)
	var nilCtx context.Context // testing the nil-context guard
	if err := c2.Do(nilCtx, opRead, Request{}, nil, nil); err == nil {
		t.Fatal("nil context: no error")
	}
}

func TestNewRejectsBadEndpoints(t *testing.T) {
	for _, ep := range []string{"", "/", "bss.myhuaweicloud.com", "ftp://x"} {
		if _, err := New(Config{Endpoint: ep}); err == nil {
			t.Errorf("New(%q): no error", ep)
		}
	}
	c, err := New(Config{Endpoint: "https://bss.myhuaweicloud.com/"})
	if err != nil || c.Endpoint() != "https://bss.myhuaweicloud.com" {
		t.Fatalf("New: %v %v", c, err)
	}
	if c.HTTPClient().Timeout != 0 {
		t.Fatal("default client has a client-wide timeout")
	}
}

func TestDoLoggingHasNoSecrets(t *testing.T) {
	srv := newRecServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		w.Header().Set("X-Request-Id", "rid-log")
		if n == 1 {
			w.WriteHeader(503)
			return
		}
		_, _ = io.WriteString(w, `{"secret_field":"s3cr3t-response"}`)
	})
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	creds := &fakeCreds{}
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Credentials = creds; cfg.Logger = logger })
	if err := c.Do(context.Background(), opRead, Request{Body: rawBody(`{"password":"hunter2"}`)}, nil, nil); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, secret := range []string{"hunter2", "s3cr3t-response", "FAKE", "Authorization"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q:\n%s", secret, out)
		}
	}
	if strings.Count(out, "partnersdk call") != 2 || !strings.Contains(out, "rid-log") {
		t.Errorf("log = %s", out)
	}
}

func TestDoLimiterWaitHonoursContext(t *testing.T) {
	srv := newRecServer(t, nil)
	lim := rate.NewLimiter(rate.Every(time.Hour), 1)
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Limiter = lim })
	if err := c.Do(context.Background(), opRead, Request{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	// The next token is an hour away: a deadline-bound call fails at once
	// (the limiter knows it cannot be served in time) and is not retried.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := c.Do(ctx, opWrite, Request{}, nil, nil)
	var re *RequestError
	if !errors.As(err, &re) || re.Attempts != 1 {
		t.Fatalf("err = %T %v, want *RequestError after 1 attempt", err, err)
	}
	if time.Since(start) > 150*time.Millisecond {
		t.Fatalf("took %v", time.Since(start))
	}
	// Without a deadline the wait is cut short by cancellation.
	ctx2, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel2)
	start = time.Now()
	err = c.Do(ctx2, opRead, Request{}, nil, nil)
	if !errors.Is(err, context.Canceled) || time.Since(start) > 50*time.Millisecond+100*time.Millisecond {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}
	if srv.count() != 1 {
		t.Fatalf("server saw %d requests, want 1", srv.count())
	}
}

// TestBackoff checks the full-jitter bounds and the overflow guards.
func TestBackoff(t *testing.T) {
	p := RetryPolicy{BaseDelay: 10 * time.Millisecond, MaxDelay: 35 * time.Millisecond}
	for n, ceiling := range map[int]time.Duration{1: 10 * time.Millisecond, 2: 20 * time.Millisecond, 3: 35 * time.Millisecond, 60: 35 * time.Millisecond} {
		for i := 0; i < 200; i++ {
			if d := p.Backoff(n); d < 0 || d >= ceiling {
				t.Fatalf("backoff(%d) = %v, want [0, %v)", n, d, ceiling)
			}
		}
	}
	if d := (RetryPolicy{}).Backoff(3); d != 0 {
		t.Fatalf("zero policy backoff = %v", d)
	}
	uncapped := RetryPolicy{BaseDelay: time.Second}
	for _, n := range []int{1, 2, 10, 100, 1000} {
		if d := uncapped.Backoff(n); d < 0 {
			t.Fatalf("uncapped backoff(%d) = %v (overflow)", n, d)
		}
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"99999999999999999", time.Duration(1<<63 - 1), true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.v != "" {
			h.Set("Retry-After", tt.v)
		}
		got, ok := retryAfter(h, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.v, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBudget(t *testing.T) {
	b := newBudget(10)
	first, second, third := b.take(5), b.take(5), b.take(5)
	if !first || !second || third {
		t.Fatal("budget of 10 should allow exactly two retries of cost 5")
	}
	for i := 0; i < 5; i++ {
		b.refund()
	}
	if !b.take(5) || b.take(1) {
		t.Fatal("five refunds should allow one more retry of cost 5")
	}
	for i := 0; i < 100; i++ {
		b.refund()
	}
	if got := b.tokens.Load(); got != 10 {
		t.Fatalf("refunds overfilled the budget: %d", got)
	}
	if !b.take(-100) || b.tokens.Load() != 10 {
		t.Fatal("a negative cost must not add tokens")
	}
	unlimited := newBudget(0)
	for i := 0; i < 1000; i++ {
		if !unlimited.take(5) {
			t.Fatal("zero budget means unlimited")
		}
	}
	var nilBudget *budget
	if !nilBudget.take(1) {
		t.Fatal("nil budget")
	}
	nilBudget.refund()
}
