package partnertest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/partner"
)

func TestRecorderScrubsSecretsAndNormalizes(t *testing.T) {
	const ak, sk, token = "HPUARECORDAK00000001", "RecorderSecretKey0123456789abcdefghijk", "MIISubjectTokenValue"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		require.Contains(t, string(b), "<&>", "the server must still get the full body")
		w.Header().Set("X-Request-Id", "rid-1")
		w.Header().Set("X-Subject-Token", token)
		_, _ = w.Write([]byte(`{"z":1,"a":{"y":"echo ` + ak + `","b":12.30}}`))
	}))
	defer srv.Close()

	rec := NewRecorder(nil, ak)
	creds, err := auth.NewAKSK(ak, sk, auth.WithSecurityToken("sts-secret"))
	require.NoError(t, err)
	req, err := http.NewRequestWithContext(context.Background(), "POST", srv.URL+"/v2/x/"+ak+"?b=2&a=1", strings.NewReader(`{"k":"<&>","ak":"`+ak+`"}`+"\n"))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	require.NoError(t, creds.Apply(context.Background(), req, []byte(`{"k":"<&>","ak":"`+ak+`"}`+"\n")))
	resp, err := (&http.Client{Transport: rec}).Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	require.Contains(t, string(body), ak, "the caller still sees the real answer")

	path := filepath.Join(t.TempDir(), "x_ok.json")
	require.NoError(t, WriteFixture(path, rec.Last()))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	out := string(b)
	for _, secret := range []string{ak, sk, token, "sts-secret", "Signature", "Authorization"} {
		require.NotContains(t, out, secret)
	}
	require.Contains(t, out, `"path": "/v2/x/REDACTED"`)
	require.Contains(t, out, `"query": "b=2&a=1"`)
	require.Contains(t, out, `"ak": "REDACTED"`)
	require.Contains(t, out, `"k": "<&>"`, "HTML characters stay readable")
	require.Contains(t, out, `"b": 12.30`, "numbers exactly as sent")
	require.Less(t, strings.Index(out, `"a": {`), strings.Index(out, `"z": 1`), "sorted keys")
	require.Contains(t, out, `"X-Request-Id": "rid-1"`)
}

func TestRecordFromServerAndReplay(t *testing.T) {
	ctx := context.Background()
	s := NewServer(t)
	rec := NewRecorder(http.DefaultTransport, s.AK, s.DomainID)
	c := s.Client(partnersdk.WithHTTPClient(&http.Client{Transport: rec}))
	_, err := c.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: s.CustomerID, Amount: decimal.RequireFromString("10.50")})
	require.NoError(t, err)
	bal, err := c.Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{})
	require.NoError(t, err)

	dir := t.TempDir()
	var paths []string
	for i, fx := range rec.Exchanges() {
		p := filepath.Join(dir, "call_"+strconv.Itoa(i)+".json")
		require.NoError(t, WriteFixture(p, fx))
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		require.NotContains(t, string(b), s.AK)
		require.NotContains(t, string(b), s.SK)
		paths = append(paths, p)
	}
	require.Len(t, paths, 2)

	// Replay: no server, same answers, decimals exact.
	s.Close()
	rp := Replay(t, paths...)
	rc := rp.Client()
	_, err = rc.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: s.CustomerID, Amount: decimal.RequireFromString("10.5")})
	require.NoError(t, err, "10.5 and 10.50 are the same amount")
	again, err := rc.Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{})
	require.NoError(t, err)
	require.Equal(t, bal.AccountBalances[0].Amount.String(), again.AccountBalances[0].Amount.String())
	require.Empty(t, rp.Unused())
}

func TestReplayRefusesAnUnrecordedRequest(t *testing.T) {
	fx := &Fixture{}
	fx.Request.Method, fx.Request.Path = "GET", "/v2/accounts/partner-accounts/balances"
	fx.Response.Status, fx.Response.Body = 200, []byte(`{"account_balances":[]}`)
	ft := &fakeTB{TB: t}
	rp := NewReplayer(ft, fx)
	_, err := (&http.Client{Transport: rp}).Get("http://x.invalid/v2/other")
	require.Error(t, err)
	require.True(t, ft.failed, "an unmatched request fails the test")
	require.Len(t, rp.Unused(), 1)
	resp, err := (&http.Client{Transport: rp}).Get("http://x.invalid/v2/accounts/partner-accounts/balances")
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode)
	require.Empty(t, rp.Unused())
}

// fakeTB records a failure instead of failing the test.
type fakeTB struct {
	testing.TB
	failed bool
}

func (f *fakeTB) Errorf(string, ...any) { f.failed = true }
func (f *fakeTB) Helper()               {}
