package transport

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hcpartner/partner-sdk-go/core"

	"github.com/stretchr/testify/require"

	"github.com/hcpartner/partner-sdk-go/signer"
)

// skewCreds signs with a clock that is an hour slow, plus an adjustable
// offset, like *auth.AKSK.
type skewCreds struct {
	s      *signer.Signer
	offset atomic.Int64
}

func (c *skewCreds) SetClockOffset(d time.Duration) { c.offset.Store(int64(d)) }

func (c *skewCreds) Apply(_ context.Context, r *http.Request, body []byte) error {
	now := time.Now().Add(-time.Hour).Add(time.Duration(c.offset.Load()))
	return c.s.Sign(r, body, now)
}

func TestClockSkewCorrection(t *testing.T) {
	var effects atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := signer.Verify(r, nil, func(string) (string, bool) { return "sk", true }, time.Now(), 15*time.Minute)
		if errors.Is(err, signer.ErrClockSkew) {
			w.WriteHeader(401)
			_, _ = w.Write([]byte(`{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: calc ak sk signature fail:signature expired","request_id":"r1"}`))
			return
		}
		require.NoError(t, err)
		effects.Add(1)
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()

	for _, correct := range []bool{false, true} {
		creds := &skewCreds{s: signer.New("ak", "sk")}
		p := NoRetries()
		// The machine clock (what both the transport and the credentials read)
		// is an hour slow.
		slow := func() time.Time { return time.Now().Add(-time.Hour) }
		c, err := New(Config{Endpoint: srv.URL, Credentials: creds, Retry: &p, CorrectClockSkew: correct, Now: slow})
		require.NoError(t, err)
		var meta Metadata
		err = c.Do(context.Background(), Operation{Name: "Write", Method: "POST", Path: "/x", Write: true}, Request{}, nil, &meta)
		if !correct {
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			require.True(t, apiErr.ClockSkew())
			require.ErrorIs(t, err, core.CodeGatewayAuth)
			require.ErrorIs(t, err, ErrorCode("APIG.0301"), "both gateway spellings match")
			continue
		}
		require.NoError(t, err)
		require.Equal(t, 2, meta.Attempts)
		require.InDelta(t, float64(time.Hour), float64(creds.offset.Load()), float64(5*time.Second))
		// The next call signs with the corrected clock at once.
		require.NoError(t, c.Do(context.Background(), Operation{Name: "Write", Method: "POST", Path: "/x", Write: true}, Request{}, nil, &meta))
		require.Equal(t, 1, meta.Attempts)
	}
	require.Equal(t, int32(2), effects.Load())
}
