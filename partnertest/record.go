package partnertest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Fixture is one recorded exchange, in the format Replay serves: the
// request the SDK sent (method, escaped path, raw query, JSON body) and the
// answer (status, X-Request-Id, JSON body).
type Fixture struct {
	Request struct {
		Method string          `json:"method"`
		Path   string          `json:"path"`
		Query  string          `json:"query"`
		Body   json.RawMessage `json:"body,omitempty"`
	} `json:"request"`
	Response struct {
		Status  int               `json:"status"`
		Headers map[string]string `json:"headers,omitempty"`
		Body    json.RawMessage   `json:"body"`
	} `json:"response"`
}

// Redacted replaces secrets in recorded text.
const Redacted = "REDACTED"

// Recorder is an http.RoundTripper that records every exchange it passes
// on, for fixture files. Secrets never reach a fixture: only the method,
// escaped path, query string and JSON bodies of the request and the status,
// X-Request-Id and JSON body of the response are kept (no Authorization,
// X-Auth-Token, X-Security-Token or X-Subject-Token header), and every
// secret string given to NewRecorder (the AK, account IDs) is replaced by
// Redacted wherever it appears. Bodies are written with sorted keys and
// fixed indentation, so re-recording the same answer gives the same bytes.
// It is safe for concurrent use.
type Recorder struct {
	next    http.RoundTripper
	secrets []string

	mu        sync.Mutex
	exchanges []*Fixture
}

// NewRecorder returns a Recorder sending through next (http.DefaultTransport when
// nil). secrets are strings to replace with REDACTED in everything
// recorded, such as the access key.
func NewRecorder(next http.RoundTripper, secrets ...string) *Recorder {
	if next == nil {
		next = http.DefaultTransport
	}
	var s []string
	for _, x := range secrets {
		if x != "" {
			s = append(s, x)
		}
	}
	return &Recorder{next: next, secrets: s}
}

// RoundTrip sends req through the next transport and records the exchange.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))

	fx := &Fixture{}
	fx.Request.Method = req.Method
	fx.Request.Path = r.scrub(req.URL.EscapedPath())
	fx.Request.Query = r.scrub(req.URL.RawQuery)
	fx.Request.Body = r.normalize(reqBody)
	fx.Response.Status = resp.StatusCode
	if id := resp.Header.Get("X-Request-Id"); id != "" {
		fx.Response.Headers = map[string]string{"X-Request-Id": r.scrub(id)}
	}
	fx.Response.Body = r.normalize(respBody)
	if fx.Response.Body == nil {
		fx.Response.Body = json.RawMessage("null")
	}
	r.mu.Lock()
	r.exchanges = append(r.exchanges, fx)
	r.mu.Unlock()
	return resp, nil
}

// Exchanges returns the recorded exchanges in the order they completed.
func (r *Recorder) Exchanges() []*Fixture {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*Fixture(nil), r.exchanges...)
}

// Reset forgets what was recorded.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.exchanges = nil
	r.mu.Unlock()
}

// Last returns the most recent exchange, or nil.
func (r *Recorder) Last() *Fixture {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.exchanges) == 0 {
		return nil
	}
	return r.exchanges[len(r.exchanges)-1]
}

// MarshalFixture renders a fixture as the bytes of a fixture file.
func MarshalFixture(fx *Fixture) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(fx); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteFixture writes fx to path, creating its directory.
func WriteFixture(path string, fx *Fixture) error {
	if fx == nil {
		return errors.New("partnertest: nothing recorded")
	}
	b, err := MarshalFixture(fx)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

func (r *Recorder) scrub(s string) string {
	for _, x := range r.secrets {
		s = strings.ReplaceAll(s, x, Redacted)
	}
	return s
}

// normalize re-encodes a JSON body with sorted keys (numbers kept exactly
// as sent) after scrubbing secrets; a non-JSON body is kept as a JSON
// string.
func (r *Recorder) normalize(b []byte) json.RawMessage {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	b = []byte(r.scrub(string(b)))
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		s, _ := json.Marshal(string(b))
		return s
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s, _ := json.Marshal(string(b))
		return s
	}
	return bytes.TrimSpace(out.Bytes())
}
