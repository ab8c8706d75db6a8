package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// TestIAMNeverFollowsRedirects: a standalone IAM client (its own HTTP
// stack) answers a 3xx with an *IAMError and sends nothing to the other
// host, for every redirect status; the caller's *http.Client is not changed.
func TestIAMNeverFollowsRedirects(t *testing.T) {
	var other atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.Add(1) }))
	defer elsewhere.Close()
	for _, status := range []int{301, 302, 303, 307, 308} {
		var arrivals atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arrivals.Add(1)
			http.Redirect(w, r, elsewhere.URL+"/v3/auth/tokens", status)
		}))
		hc := &http.Client{}
		iam, err := NewIAM(WithEndpoint(srv.URL), WithHTTPClient(hc), WithCredentials(mustAKSK(t)))
		if err != nil {
			t.Fatal(err)
		}
		_, err = iam.KeystoneCreateUserTokenByPassword(context.Background(), passwordRequest())
		var ie *IAMError
		if !errors.As(err, &ie) || ie.StatusCode != status {
			t.Errorf("%d: err = %T %v", status, err, err)
		}
		_, err = iam.KeystoneCreateAgencyToken(context.Background(), agencyRequest())
		if !errors.As(err, &ie) || ie.StatusCode != status {
			t.Errorf("%d agency: err = %T %v", status, err, err)
		}
		if arrivals.Load() != 2 || other.Load() != 0 {
			t.Errorf("%d: IAM saw %d, other host %d", status, arrivals.Load(), other.Load())
		}
		if hc.CheckRedirect != nil {
			t.Error("caller's client changed")
		}
		srv.Close()
	}
}

func mustAKSK(t *testing.T) *AKSK {
	t.Helper()
	c, err := NewAKSK("AK0123456789ABCDEF", "SK0123456789abcdef0123456789")
	if err != nil {
		t.Fatal(err)
	}
	return c
}
