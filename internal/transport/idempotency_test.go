package transport

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"

	"github.com/hcpartner/partner-sdk-go/core"
)

// keyedBody is a request body carrying a trans_id.
type keyedBody struct{ key string }

func (b keyedBody) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"amount": "10", "trans_id": b.key})
}

type keyedStep int

const (
	kApplyReset  keyedStep = iota // apply (unless duplicate), then drop the connection
	kResetUnread                  // drop the connection without reading or applying
	kDedupe                       // apply, or 400 CBC.99007009 for a key already applied
	k503                          // 503, not applied
	k400Balance                   // 400 CBC.0156, not applied
)

// keyedServer applies each trans_id at most once, as the API documents.
type keyedServer struct {
	*httptest.Server
	plan    []keyedStep
	mu      sync.Mutex
	n       int
	keys    []string
	applied map[string]int
}

func newKeyedServer(t *testing.T, plan ...keyedStep) *keyedServer {
	s := &keyedServer{plan: plan, applied: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		step := s.plan[min(s.n, len(s.plan)-1)]
		s.n++
		s.mu.Unlock()
		if step == kResetUnread {
			hijackClose(w)
			return
		}
		b, _ := io.ReadAll(r.Body)
		var body struct {
			TransID string `json:"trans_id"`
		}
		json.Unmarshal(b, &body)
		s.mu.Lock()
		s.keys = append(s.keys, body.TransID)
		dup := s.applied[body.TransID] > 0
		s.mu.Unlock()
		switch step {
		case k503:
			w.WriteHeader(503)
			return
		case k400Balance:
			w.WriteHeader(400)
			io.WriteString(w, `{"error_code":"CBC.0156","error_msg":"insufficient balance"}`)
			return
		}
		if dup {
			w.WriteHeader(400)
			io.WriteString(w, `{"error_code":"CBC.99007009","error_msg":"The transaction ID is duplicated."}`)
			return
		}
		s.mu.Lock()
		s.applied[body.TransID]++
		s.mu.Unlock()
		if step == kApplyReset {
			hijackClose(w)
			return
		}
		io.WriteString(w, `{}`)
	}))
	t.Cleanup(s.Close)
	return s
}

func hijackClose(w http.ResponseWriter) {
	if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
		c.Close()
	}
}

// TestIdempotencyKeyedWrites: a write carrying a trans_id is retried like a
// read with the same key on every attempt; a duplicate answer on a retry is
// "already applied"; a failure after an attempt that may have been applied
// is "outcome unknown" carrying the key; the server applies the key at most
// once in every scenario.
func TestIdempotencyKeyedWrites(t *testing.T) {
	for _, tc := range []struct {
		name     string
		plan     []keyedStep
		attempts int
		want     string
	}{
		{"applied, answer lost, retry is a duplicate", []keyedStep{kApplyReset, kDedupe}, 2, "*AlreadyAppliedError"},
		{"not read, then ok", []keyedStep{kResetUnread, kDedupe}, 2, "nil"},
		{"503 every time", []keyedStep{k503}, 3, "*OutcomeUnknownError"},
		{"503 then ok", []keyedStep{k503, kDedupe}, 2, "nil"},
		{"applied, answer lost, retry rejected for balance", []keyedStep{kApplyReset, k400Balance}, 2, "*OutcomeUnknownError"},
		{"ok at once", []keyedStep{kDedupe}, 1, "nil"},
		{"rejected at once", []keyedStep{k400Balance}, 1, "*APIError"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newKeyedServer(t, tc.plan...)
			c := newTestClient(t, srv.URL, nil)
			key := core.NewIdempotencyKey()
			err := c.Do(context.Background(), opWrite, Request{Body: keyedBody{key}, IdempotencyKey: key}, nil, nil)
			got := "nil"
			switch e := err.(type) {
			case nil:
			case *AlreadyAppliedError:
				got = "*AlreadyAppliedError"
				if e.IdempotencyKey != key || !errors.Is(err, core.CodeDuplicateTransaction) {
					t.Errorf("AlreadyAppliedError %+v", e)
				}
			case *OutcomeUnknownError:
				got = "*OutcomeUnknownError"
				if e.IdempotencyKey != key {
					t.Errorf("OutcomeUnknownError without the key: %v", e)
				}
			case *APIError:
				got = "*APIError"
			default:
				got = "?"
			}
			if got != tc.want {
				t.Fatalf("err = %T %v, want %s", err, err, tc.want)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if srv.n != tc.attempts {
				t.Errorf("server saw %d requests, want %d", srv.n, tc.attempts)
			}
			for _, k := range srv.keys {
				if k != key {
					t.Errorf("attempt carried trans_id %q, want %q", k, key)
				}
			}
			if srv.applied[key] > 1 {
				t.Errorf("applied %d times", srv.applied[key])
			}
		})
	}
}

// TestIdempotencyDuplicateOnFirstAttempt: a duplicate answer to the first
// attempt means the caller reused a key of an earlier call; it is the plain
// *APIError, not "applied by an earlier attempt" of this call.
func TestIdempotencyDuplicateOnFirstAttempt(t *testing.T) {
	srv := newKeyedServer(t, kDedupe)
	c := newTestClient(t, srv.URL, nil)
	key := core.NewIdempotencyKey()
	if err := c.Do(context.Background(), opWrite, Request{Body: keyedBody{key}, IdempotencyKey: key}, nil, nil); err != nil {
		t.Fatal(err)
	}
	err := c.Do(context.Background(), opWrite, Request{Body: keyedBody{key}, IdempotencyKey: key}, nil, nil)
	var ae *APIError
	if !errors.As(err, &ae) || !errors.Is(err, core.CodeDuplicateTransaction) {
		t.Fatalf("err = %T %v, want the duplicate *APIError", err, err)
	}
	var aa *AlreadyAppliedError
	if errors.As(err, &aa) {
		t.Fatal("a caller's reused key on a first attempt is not an SDK retry")
	}
}

func TestNewIdempotencyKey(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$`)
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		k := core.NewIdempotencyKey()
		if !re.MatchString(k) || seen[k] {
			t.Fatalf("key %q", k)
		}
		seen[k] = true
	}
}
