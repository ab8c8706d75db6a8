package sandbox_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
)

// unverifiedCustomer returns a customer that never applied for real-name
// authentication.
func (e *env) unverifiedCustomer() customer.CustomerInformation {
	e.t.Helper()
	for ci, err := range e.client.Customer.ListSubCustomersAll(e.ctx, &customer.ListSubCustomersRequest{Limit: partnersdk.Int32(100)}) {
		if err != nil {
			e.t.Fatal(err)
		}
		if ci.VerifiedStatus == customer.VerifiedStatusNone {
			return ci
		}
	}
	e.t.Fatal("no unverified customer")
	return customer.CustomerInformation{}
}

func authStatus(e *env, cc *partnersdk.Client) *customer.ShowRealNameAuthStatusResponse {
	e.t.Helper()
	st, err := cc.Customer.ShowRealNameAuthStatus(e.ctx, &customer.ShowRealNameAuthStatusRequest{})
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

func qrCode(e *env, cc *partnersdk.Client) string {
	e.t.Helper()
	qr, err := cc.Customer.ShowRealNameAuthQrCode(e.ctx, &customer.ShowRealNameAuthQrCodeRequest{})
	if err != nil {
		e.t.Fatal(err)
	}
	if n := len([]rune(qr.QrCodeURL)); n == 0 || n > 512 {
		e.t.Fatalf("qr_code_url of %d characters: %q", n, qr.QrCodeURL)
	}
	return qr.QrCodeURL
}

func requireScanRefused(t *testing.T, err error, status int) {
	t.Helper()
	var qe *sandbox.QRCodeError
	if !errors.As(err, &qe) || qe.Status != status {
		t.Fatalf("want a refused scan with status %d, got %v", status, err)
	}
}

func TestRealNameQRCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.Config{})

	// The partner's own credentials get no code.
	_, err := e.client.Customer.ShowRealNameAuthQrCode(e.ctx, &customer.ShowRealNameAuthQrCodeRequest{})
	requireCode(t, err, 403, "CBC.0151")
	// The partner's own account is an authenticated enterprise.
	if st := authStatus(e, e.client); st.VerifiedStatus != customer.RealNameAuthStatusVerified || st.VerifiedType != customer.RealNameAuthTypeEnterprise {
		t.Fatalf("partner status %+v", st)
	}

	cust := e.unverifiedCustomer()
	cc := e.customerClient(cust.CustomerID)
	if st := authStatus(e, cc); st.VerifiedStatus != customer.RealNameAuthStatusNone {
		t.Fatalf("status before: %+v", st)
	}

	// A code not scanned within 10 minutes lapses and changes nothing.
	stale := qrCode(e, cc)
	e.clk.Advance(10 * time.Minute)
	requireScanRefused(t, e.s.ScanRealNameQRCode(stale), http.StatusGone)
	if st := authStatus(e, cc); st.VerifiedStatus != customer.RealNameAuthStatusNone {
		t.Fatalf("status after an expired scan: %+v", st)
	}

	// Every call gives a new code; one scanned in time authenticates the
	// customer as an individual, and works once only.
	first, second := qrCode(e, cc), qrCode(e, cc)
	if first == second || first == stale {
		t.Fatalf("codes repeat: %q %q %q", stale, first, second)
	}
	e.clk.Advance(9*time.Minute + 59*time.Second)
	if err := e.s.ScanRealNameQRCode(first); err != nil {
		t.Fatal(err)
	}
	requireScanRefused(t, e.s.ScanRealNameQRCode(first), http.StatusGone)
	requireScanRefused(t, e.s.ScanRealNameQRCode(first+"0"), http.StatusNotFound)
	if st := authStatus(e, cc); st.VerifiedStatus != customer.RealNameAuthStatusVerified || st.VerifiedType != customer.RealNameAuthTypeIndividual {
		t.Fatalf("status after the scan: %+v", st)
	}
	// The partner sees the same state.
	rr, err := e.client.Customer.ShowRealnameAuthenticationReviewResult(e.ctx, &customer.ShowRealnameAuthenticationReviewResultRequest{CustomerID: cust.CustomerID})
	if err != nil || rr.ReviewResult != customer.RealnameReviewResultApproved {
		t.Fatalf("review result %v %+v", err, rr)
	}
}

// TestRealNameQRCodeScanOverHTTP scans the issued address itself, as a
// phone would, on a started sandbox.
func TestRealNameQRCodeScanOverHTTP(t *testing.T) {
	t.Parallel()
	clk := &clock{now: base.Add(10 * time.Hour)}
	s, err := sandbox.New(sandbox.Config{Seed: 7, BaseDate: base, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	url, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	e := &env{t: t, s: s, url: url, clk: clk, ctx: context.Background()}
	creds, err := s.Credentials(auth.WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	e.client, err = partnersdk.New(creds, partnersdk.WithEndpoint(url), partnersdk.WithoutRetries())
	if err != nil {
		t.Fatal(err)
	}
	cc := e.customerClient(e.unverifiedCustomer().CustomerID)
	addr := qrCode(e, cc)
	if !strings.HasPrefix(addr, url+sandbox.RealNameQRPath) {
		t.Fatalf("address %q is not on %s", addr, url)
	}
	get := func() int {
		resp, err := http.Get(addr)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	if got := get(); got != http.StatusOK {
		t.Fatalf("first scan: HTTP %d", got)
	}
	if got := get(); got != http.StatusGone {
		t.Fatalf("second scan: HTTP %d", got)
	}
	if st := authStatus(e, cc); st.VerifiedStatus != customer.RealNameAuthStatusVerified {
		t.Fatalf("status %+v", st)
	}
}
