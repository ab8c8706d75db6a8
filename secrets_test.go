package partnersdk_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/partner"
)

const (
	secretSK       = "SuperSecretSK-0123456789abcdefghijklmnop"
	secretSTS      = "SecurityToken-ZXhhbXBsZQ-very-secret"
	secretPassword = "Pa55w0rd!secret"
	secretToken    = "MIIPartnerTokenSecretValue"
	secretAgency   = "MIICustomerAgencyTokenSecret"
	secretCode     = "938271"
)

// TestSecretsNeverLeak runs signed, token and assume_role calls with debug
// logging at the most verbose level and checks that no secret (SK, security
// token, password, tokens, signature, Authorization value) appears in the
// logs, in error strings, or in %v/%+v/%#v of credentials, clients and
// requests.
func TestSecretsNeverLeak(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.Level(-8)}))
	mock := httpmock.NewMockTransport()
	hc := &http.Client{Transport: mock}

	var seenAuth []string
	mock.RegisterResponder("POST", "https://iam.example.test/v3/auth/tokens", func(r *http.Request) (*http.Response, error) {
		body := map[string]any{"token": map[string]any{
			"expires_at": time.Now().Add(24 * time.Hour).UTC().Format("2006-01-02T15:04:05.000000Z"),
			"issued_at":  time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
			"methods":    []string{"password"}, "catalog": []any{}, "roles": []any{},
			"user": map[string]any{"name": "u", "id": "uid", "password_expires_at": "", "domain": map[string]any{"name": "d", "id": "did"}},
		}}
		resp, _ := httpmock.NewJsonResponse(201, body)
		tok := secretToken
		if r.Header.Get("X-Auth-Token") != "" || r.Header.Get("Authorization") != "" {
			tok = secretAgency
		}
		resp.Header.Set("X-Subject-Token", tok)
		return resp, nil
	})
	mock.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		seenAuth = append(seenAuth, r.Header.Get("Authorization"), r.Header.Get("X-Auth-Token"))
		resp := httpmock.NewStringResponse(400, `{"error_code":"CBC.0100","error_msg":"bad request"}`)
		resp.Header.Set("X-Request-Id", "rid-1")
		return resp, nil
	})

	iam, err := auth.NewIAM(auth.WithEndpoint("https://iam.example.test"), auth.WithHTTPClient(hc))
	require.NoError(t, err)
	aksk, err := auth.NewAKSK("AKIDVISIBLE0000001", secretSK, auth.WithSecurityToken(secretSTS), auth.WithDomainID("dom"))
	require.NoError(t, err)
	pwd, err := auth.NewPasswordToken("partner-user", secretPassword, "partner-account", auth.WithIAMClient(iam))
	require.NoError(t, err)
	agency, err := auth.NewAgencyToken(pwd, auth.Domain{Name: "customer-account"}, "partner-agency", auth.WithIAMClient(iam))
	require.NoError(t, err)

	ctx := context.Background()
	var errs []error
	var printed []string
	for _, creds := range []auth.Credentials{aksk, pwd, agency} {
		c, err := partnersdk.New(creds, partnersdk.WithEndpoint("https://bss.example.test"), partnersdk.WithHTTPClient(hc), partnersdk.WithLogger(logger))
		require.NoError(t, err)
		_, err = c.Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{})
		require.Error(t, err)
		errs = append(errs, err)
		req := &customer.CreateSubCustomerRequest{DomainName: partnersdk.String("new_customer"), Password: partnersdk.String(secretPassword), VerificationCode: partnersdk.String(secretCode)}
		_, err = c.Customer.CreateSubCustomer(ctx, req, partnersdk.WithoutValidation())
		require.Error(t, err)
		errs = append(errs, err)
		for _, v := range []any{creds, c, req, *req} {
			printed = append(printed, fmt.Sprintf("%v|%+v|%#v|%s", v, v, v, v))
		}
	}
	require.NotEmpty(t, logs.String(), "debug logging must have produced records")
	require.Len(t, seenAuth, 12)

	secrets := []string{secretSK, secretSTS, secretPassword, secretToken, secretAgency, secretCode}
	for _, a := range seenAuth {
		if a == "" {
			continue
		}
		if i := strings.Index(a, "Signature="); i >= 0 {
			secrets = append(secrets, a[i+len("Signature="):])
		}
		secrets = append(secrets, a)
	}
	haystacks := map[string]string{"logs": logs.String(), "printed": strings.Join(printed, "\n")}
	for i, e := range errs {
		haystacks[fmt.Sprintf("error %d", i)] = e.Error() + fmt.Sprintf(" %+v %#v", e, e)
	}
	for where, text := range haystacks {
		for _, s := range secrets {
			require.NotContains(t, text, s, "a secret leaked into %s", where)
		}
	}
	require.Contains(t, haystacks["printed"], "[REDACTED]")
}
