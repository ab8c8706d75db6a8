package sdktest

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/internal/transport"
	"github.com/hcpartner/partner-sdk-go/partnertest"
)

// RecordEnv selects record mode for the fixture tests:
//
//	PARTNERSDK_RECORD=sandbox  record from an in-process sandbox
//	PARTNERSDK_RECORD=live     record from the real API (credentials from
//	                           HUAWEICLOUD_SDK_AK/SK/DOMAIN_ID; reads only,
//	                           unless PARTNERSDK_RECORD_WRITES=1)
//
// Unset, the tests replay the fixtures with httpmock.
const RecordEnv = "PARTNERSDK_RECORD"

// Harness runs one fixture test: it replays the fixture at Path, or, in
// record mode, sends the request to the record target and writes the
// exchange to Path.
type Harness struct {
	// Transport is what the service under test must use.
	Transport *transport.Client

	t      *testing.T
	path   string
	fx     *Fixture
	mock   interface{ GetTotalCallCount() int }
	rec    *partnertest.Recorder
	record bool
	site   core.Site
}

// NewHarness prepares a fixture test; write marks operations that move
// money or change state (never recorded live unless asked for).
func NewHarness(t *testing.T, path string, write bool) *Harness {
	t.Helper()
	return NewHarnessOn(t, core.SiteChina, path, write)
}

// NewHarnessOn is NewHarness for a client of the given site (operations
// that the Chinese site does not document are tested on one that does).
func NewHarnessOn(t *testing.T, site core.Site, path string, write bool) *Harness {
	t.Helper()
	h := &Harness{t: t, path: path, site: site}
	switch mode := os.Getenv(RecordEnv); mode {
	case "":
		tc, mock := NewTransportOn(t, site)
		h.Transport, h.mock = tc, mock
		h.fx = LoadFixture(t, path)
		h.fx.Expect(t, mock)
	case "sandbox":
		// A fixed seed and base date make re-recording reproducible.
		s, err := sandbox.New(sandbox.Config{Seed: 1, BaseDate: time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC)})
		require.NoError(t, err)
		srv := httptest.NewServer(s.Handler())
		t.Cleanup(srv.Close)
		creds, err := s.Credentials()
		require.NoError(t, err)
		info := s.Info()
		h.rec = partnertest.NewRecorder(http.DefaultTransport, info.AK, info.DomainID)
		h.Transport = newRecordTransport(t, srv.URL, creds, h.rec, site)
		h.record = true
	case "live":
		if write && os.Getenv("PARTNERSDK_RECORD_WRITES") != "1" {
			t.Skip("not recording a write against the real API (set PARTNERSDK_RECORD_WRITES=1 to do it)")
		}
		creds, err := auth.AKSKFromEnv()
		require.NoError(t, err)
		h.rec = partnertest.NewRecorder(http.DefaultTransport, creds.AK(), creds.DomainID())
		endpoint := os.Getenv("PARTNERSDK_ENDPOINT")
		if endpoint == "" {
			endpoint = site.Endpoint()
		}
		h.Transport = newRecordTransport(t, endpoint, creds, h.rec, site)
		h.record = true
	default:
		t.Fatalf("%s=%q: want sandbox or live", RecordEnv, mode)
	}
	return h
}

func newRecordTransport(t *testing.T, endpoint string, creds transport.Credentials, rec *partnertest.Recorder, site core.Site) *transport.Client {
	p := transport.NoRetries()
	tc, err := transport.New(transport.Config{
		Endpoint:    endpoint,
		HTTPClient:  &http.Client{Transport: rec},
		Credentials: creds,
		UserAgent:   "partner-sdk-go/recorder",
		Retry:       &p,
		Site:        site,
	})
	require.NoError(t, err)
	return tc
}

// Check finishes the test. Replaying, the call must have succeeded with
// exactly one request, resp must hold every field of the fixture's
// response, and meta its request id and status. Recording, a successful
// exchange is written to the fixture file; a failed one is reported and the
// existing fixture kept.
func (h *Harness) Check(resp any, meta *transport.Metadata, err error) {
	t := h.t
	t.Helper()
	// A 200 answer listing failed items comes back as the response plus a
	// *PartialError: the exchange itself succeeded.
	var partial *core.PartialError
	if errors.As(err, &partial) && resp != nil && meta != nil && meta.StatusCode == 200 {
		err = nil
	}
	if h.record {
		if err != nil {
			t.Skipf("not recorded (the target answered an error; the existing fixture is kept): %v", err)
		}
		require.NoError(t, partnertest.WriteFixture(h.path, h.rec.Last()))
		t.Logf("recorded %s", h.path)
		return
	}
	require.NoError(t, err)
	h.fx.AssertResponse(t, resp)
	require.NotNil(t, meta)
	require.Equal(t, h.fx.Response.Headers["X-Request-Id"], meta.RequestID)
	require.Equal(t, h.fx.Response.Status, meta.StatusCode)
	require.Equal(t, 1, h.mock.GetTotalCallCount())
}
