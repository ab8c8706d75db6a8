package auth

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"
)

// Secrets used throughout the tests. Every redaction test checks that none
// of them appears in printed or logged output.
const (
	testAK         = "HPUATESTACCESSKEY01"
	testSK         = "sk-Zq8vTopSecretValue-0123456789"
	testSecToken   = "sectok-VerySecretSecurityToken-abcdef"
	testDomainID   = "d0000000000000000000000000000001"
	testPassword   = "pw-Hunter2-SuperSecret!"
	testUser       = "api-user"
	testAccount    = "partner-account"
	testToken      = "MIIToken-PartnerUserToken-SECRET-111"
	testAgencyTok  = "MIIToken-CustomerAgencyToken-SECRET-222"
	testEndpoint   = "https://iam.example.test"
	testTokensURL  = testEndpoint + "/v3/auth/tokens"
	testAgencyName = "partner_agency"
	testCustomerID = "c0000000000000000000000000000002"
)

var allSecrets = []string{testSK, testSecToken, testPassword, testToken, testAgencyTok}

// fakeClock is a manually advanced clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2030, 1, 1, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// captured is one request seen by the mock IAM.
type captured struct {
	req  *http.Request
	body []byte
}

// iamStub is a mock IAM endpoint on an httpmock transport. Responses are
// produced by handler; every request is recorded.
type iamStub struct {
	mt      *httpmock.MockTransport
	client  *http.Client
	calls   atomic.Int32
	mu      sync.Mutex
	seen    []captured
	handler func(n int, req *http.Request, body []byte) (*http.Response, error)
}

func newIAMStub(t *testing.T, handler func(n int, req *http.Request, body []byte) (*http.Response, error)) *iamStub {
	t.Helper()
	s := &iamStub{mt: httpmock.NewMockTransport(), handler: handler}
	s.client = &http.Client{Transport: s.mt}
	s.mt.RegisterResponder(http.MethodPost, testTokensURL, func(req *http.Request) (*http.Response, error) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		n := int(s.calls.Add(1))
		s.mu.Lock()
		s.seen = append(s.seen, captured{req: req, body: body})
		s.mu.Unlock()
		return s.handler(n, req, body)
	})
	return s
}

func (s *iamStub) iam(t *testing.T, opts ...IAMOption) *IAM {
	t.Helper()
	all := append([]IAMOption{WithEndpoint(testEndpoint), WithHTTPClient(s.client)}, opts...)
	c, err := NewIAM(all...)
	require.NoError(t, err)
	return c
}

func (s *iamStub) requests() []captured {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]captured(nil), s.seen...)
}

// tokenBody renders a token response body issued at issued and valid for
// life.
func tokenBody(method string, issued time.Time, life time.Duration) string {
	b, _ := json.Marshal(map[string]any{"token": map[string]any{
		"methods":    []string{method},
		"issued_at":  issued.UTC().Format("2006-01-02T15:04:05.000000Z"),
		"expires_at": issued.Add(life).UTC().Format("2006-01-02T15:04:05.000000Z"),
		"roles":      []any{},
		"user":       map[string]any{"name": testUser, "id": "u1", "password_expires_at": ""},
	}})
	return string(b)
}

// tokenResponse is a 201 answer carrying token in X-Subject-Token.
func tokenResponse(token, body string) *http.Response {
	r := httpmock.NewStringResponse(http.StatusCreated, body)
	r.Header.Set("Content-Type", "application/json;charset=UTF-8")
	r.Header.Set(HeaderSubjectToken, token)
	r.Header.Set(HeaderRequestID, "req-0001")
	return r
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return string(b)
}

// bodyMethod returns auth.identity.methods[0] of a token request body.
func bodyMethod(t *testing.T, body []byte) string {
	t.Helper()
	var v struct {
		Auth struct {
			Identity struct {
				Methods []string `json:"methods"`
			} `json:"identity"`
		} `json:"auth"`
	}
	require.NoError(t, json.Unmarshal(body, &v))
	require.Len(t, v.Auth.Identity.Methods, 1)
	return v.Auth.Identity.Methods[0]
}
