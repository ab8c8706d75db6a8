package recorder

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hcpartner/partner-sdk-go/auth"
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

	rec := New(nil, ak)
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
	require.NoError(t, WriteFile(path, rec.Last()))
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
