package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// assertNoSecrets fails if any test secret appears in s.
func assertNoSecrets(t *testing.T, what, s string) {
	t.Helper()
	for _, sec := range allSecrets {
		assert.NotContains(t, s, sec, "%s leaks a secret: %s", what, s)
	}
}

// printAll renders v with every fmt verb and both slog handlers.
func printAll(v any) map[string]string {
	out := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%T"} {
		out[verb] = fmt.Sprintf(verb, v)
	}
	out["Sprint"] = fmt.Sprint(v)
	out["Sprintln"] = fmt.Sprintln(v)
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("creds", "value", v)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("creds", "value", v)
	out["slog text"] = text.String()
	out["slog json"] = js.String()
	return out
}

// readyCredentials builds every credentials type and makes the token types
// fetch (and cache) their tokens, so that the tokens are in memory too.
func readyCredentials(t *testing.T) map[string]Credentials {
	t.Helper()
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		switch bodyMethod(t, body) {
		case MethodPassword:
			return tokenResponse(testToken, tokenBody("password", time.Now(), 24*time.Hour)), nil
		default:
			return tokenResponse(testAgencyTok, tokenBody("assume_role", time.Now(), 24*time.Hour)), nil
		}
	})
	iam := stub.iam(t)
	aksk, err := NewAKSK(testAK, testSK, WithSecurityToken(testSecToken), WithDomainID(testDomainID))
	require.NoError(t, err)
	pw, err := NewPasswordToken(testUser, testPassword, testAccount, WithIAMClient(iam))
	require.NoError(t, err)
	agAKSK, err := NewAgencyToken(aksk, Domain{ID: testCustomerID}, testAgencyName, WithIAMClient(iam))
	require.NoError(t, err)
	agPW, err := NewAgencyToken(pw, Domain{Name: "customer-account"}, testAgencyName, WithIAMClient(iam))
	require.NoError(t, err)
	creds := map[string]Credentials{"aksk": aksk, "password": pw, "agency/aksk": agAKSK, "agency/password": agPW}
	for name, c := range creds {
		req, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/x", nil)
		require.NoError(t, c.Apply(context.Background(), req, nil), name)
	}
	return creds
}

func TestCredentialsNeverPrintSecrets(t *testing.T) {
	for name, c := range readyCredentials(t) {
		for how, s := range printAll(c) {
			assertNoSecrets(t, name+" "+how, s)
		}
	}
}

func TestCredentialsDereferencedCopiesNeverPrintSecrets(t *testing.T) {
	creds := readyCredentials(t)
	aksk := creds["aksk"].(*AKSK)
	pw := creds["password"].(*PasswordToken)
	ag := creds["agency/password"].(*AgencyToken)
	for name, v := range map[string]any{"aksk": *aksk, "password": *pw, "agency": *ag} {
		for how, s := range printAll(v) {
			assertNoSecrets(t, name+" value "+how, s)
		}
	}
}

func TestCredentialsPrintSafeIdentity(t *testing.T) {
	creds := readyCredentials(t)
	assert.Equal(t, "AKSK(ak=HPUA****, temporary)", fmt.Sprint(creds["aksk"]))
	assert.Equal(t, `&auth.AKSK{AK:"HPUA****", SK:"[REDACTED]", Temporary:true}`, fmt.Sprintf("%#v", creds["aksk"]))
	assert.Equal(t, "PasswordToken(user=api-user)", fmt.Sprintf("%+v", creds["password"]))
	assert.Equal(t, "AgencyToken(agency=partner_agency, base=PasswordToken(user=api-user))", fmt.Sprintf("%v", creds["agency/password"]))
	assert.Equal(t, `"AgencyToken(agency=partner_agency, base=AKSK(ak=HPUA****, temporary))"`, fmt.Sprintf("%q", creds["agency/aksk"]))

	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "creds", creds["agency/aksk"])
	assert.Contains(t, buf.String(), `"creds":{"type":"agency_token","agency":"partner_agency","base":{"type":"aksk","ak":"HPUA****","temporary":true}}`)

	var nilAKSK *AKSK
	assert.Equal(t, "AKSK(nil)", fmt.Sprint(nilAKSK))
	assert.Equal(t, "(*auth.AKSK)(nil)", fmt.Sprintf("%#v", nilAKSK))
}

func TestRequestsAndResponsesNeverPrintSecrets(t *testing.T) {
	req := passwordRequest()
	for how, s := range printAll(req) {
		assertNoSecrets(t, "password request "+how, s)
	}
	user := *req.Auth.Identity.Password.User
	for how, s := range printAll(user) {
		assertNoSecrets(t, "password user "+how, s)
	}
	for how, s := range printAll(&user) {
		assertNoSecrets(t, "password user pointer "+how, s)
	}
	resp := &KeystoneCreateUserTokenByPasswordResponse{XSubjectToken: testToken, Token: &TokenResult{ExpiresAt: "2030-01-01T00:00:00Z"}}
	for how, s := range printAll(resp) {
		assertNoSecrets(t, "password response "+how, s)
	}
	for how, s := range printAll(*resp) {
		assertNoSecrets(t, "password response value "+how, s)
	}
	aresp := KeystoneCreateAgencyTokenResponse{XSubjectToken: testAgencyTok}
	for how, s := range printAll(aresp) {
		assertNoSecrets(t, "agency response "+how, s)
	}
	for how, s := range printAll(Secret(testPassword)) {
		assertNoSecrets(t, "secret "+how, s)
	}
	b, err := json.Marshal(req)
	require.NoError(t, err)
	assertNoSecrets(t, "json request", string(b))
	assert.Contains(t, string(b), `"password":"[REDACTED]"`)
	b, err = json.Marshal(resp)
	require.NoError(t, err)
	assertNoSecrets(t, "json response", string(b))
	var nilReq *KeystoneCreateUserTokenByPasswordRequest
	assert.NotContains(t, printAll(nilReq)["slog json"], "panic")

	assert.Equal(t, "[REDACTED]", fmt.Sprint(Secret(testToken)))
	assert.Equal(t, `auth.Secret("[REDACTED]")`, fmt.Sprintf("%#v", Secret(testToken)))
	assert.Equal(t, "", fmt.Sprint(Secret("")))
	assert.Equal(t, testToken, Secret(testToken).Reveal())
}

func TestErrorsNeverPrintSecrets(t *testing.T) {
	var errs []error

	_, err := NewAKSK("bad ak", testSK)
	errs = append(errs, err)
	_, err = AKSKFromLookup(lookupMap(map[string]string{EnvSecretKey: testSK, EnvSecurityToken: testSecToken}))
	errs = append(errs, err)

	// An IAM that echoes everything it receives into its error messages.
	stub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		msg := fmt.Sprintf("rejected %s %s %s %s", body, req.Header.Get(HeaderAuthToken), req.Header.Get(HeaderSecurityToken), req.Header.Get("Authorization"))
		r, _ := httpmock.NewJsonResponse(401, map[string]any{"error": map[string]any{"code": 401, "message": msg, "title": "Unauthorized " + req.Header.Get(HeaderSecurityToken)}})
		r.Header.Set(HeaderRequestID, "rid "+req.Header.Get(HeaderSecurityToken))
		return r, nil
	})
	iam := stub.iam(t)
	pw, err := NewPasswordToken(testUser, testPassword, testAccount, WithIAMClient(iam))
	require.NoError(t, err)
	_, err = applyOnce(t, pw)
	errs = append(errs, err)

	aksk, err := NewAKSK(testAK, testSK, WithSecurityToken(testSecToken))
	require.NoError(t, err)
	ag, err := NewAgencyToken(aksk, Domain{ID: testCustomerID}, testAgencyName, WithIAMClient(iam))
	require.NoError(t, err)
	_, err = applyOnce(t, ag)
	errs = append(errs, err)

	// A base token that IAM accepted once but then rejects.
	tokStub := newIAMStub(t, func(n int, req *http.Request, body []byte) (*http.Response, error) {
		if bodyMethod(t, body) == MethodPassword {
			return tokenResponse(testToken, tokenBody("password", time.Now(), 24*time.Hour)), nil
		}
		r, _ := httpmock.NewJsonResponse(403, map[string]any{"error_code": "IAM.1000", "error_msg": "token " + req.Header.Get(HeaderAuthToken) + " lacks Agent Operator"})
		return r, nil
	})
	pw2, err := NewPasswordToken(testUser, testPassword, testAccount, WithIAMClient(tokStub.iam(t)))
	require.NoError(t, err)
	ag2, err := NewAgencyToken(pw2, Domain{ID: testCustomerID}, testAgencyName, WithIAMClient(tokStub.iam(t)))
	require.NoError(t, err)
	_, err = applyOnce(t, ag2)
	errs = append(errs, err)

	req := passwordRequest()
	req.Auth.Identity.Password.User.Name = ""
	_, err = iam.KeystoneCreateUserTokenByPassword(context.Background(), req)
	errs = append(errs, err)

	for i, err := range errs {
		require.Error(t, err, i)
		for how, s := range printAll(err) {
			assertNoSecrets(t, fmt.Sprintf("error %d %s", i, how), s)
		}
		var ie *IAMError
		if errors.As(err, &ie) {
			for how, s := range printAll(*ie) {
				assertNoSecrets(t, fmt.Sprintf("IAMError %d %s", i, how), s)
			}
		}
	}
}

func TestNilValuesPrintWithoutPanic(t *testing.T) {
	var (
		a *AKSK
		p *PasswordToken
		g *AgencyToken
		i *IAM
	)
	for name, v := range map[string]any{"aksk": a, "password": p, "agency": g, "iam": i} {
		for how, s := range printAll(v) {
			assert.NotContains(t, s, "PANIC", name+" "+how)
			assert.NotContains(t, s, "panicked", name+" "+how)
		}
	}
	assert.Equal(t, "(*auth.PasswordToken)(nil)", fmt.Sprintf("%#v", p))
	assert.Equal(t, "(*auth.AgencyToken)(nil)", fmt.Sprintf("%#v", g))
	assert.Equal(t, Domain{}, g.Customer())
	assert.Equal(t, "", a.DomainID())
	assert.Zero(t, a.ClockOffset())
	assert.Equal(t, "", i.Endpoint())

	iam, err := NewIAM()
	require.NoError(t, err)
	assert.Equal(t, "IAM(https://iam.myhuaweicloud.com)", fmt.Sprint(iam))
}

func TestScrubTruncates(t *testing.T) {
	long := strings.Repeat("é", maxMessageBytes) // 2 bytes per rune
	out := scrub(long+testPassword, testPassword)
	assert.LessOrEqual(t, len(out), maxMessageBytes+3)
	assert.True(t, utf8.ValidString(out))
	assert.True(t, strings.HasSuffix(out, "..."))
	assert.Equal(t, "a [REDACTED] b", scrub("a "+testToken+" b", testToken, ""))
}

// opaqueCreds is a Credentials type from outside this package; its String
// method must never be called when an AgencyToken built on it is printed.
type opaqueCreds struct{ secret string }

func (opaqueCreds) Apply(context.Context, *http.Request, []byte) error { return nil }
func (o opaqueCreds) String() string                                   { return o.secret }

func TestAgencyTokenHidesForeignBase(t *testing.T) {
	iam, err := NewIAM()
	require.NoError(t, err)
	c, err := NewAgencyToken(opaqueCreds{secret: testSK}, Domain{ID: testCustomerID}, testAgencyName, WithIAMClient(iam))
	require.NoError(t, err)
	for how, s := range printAll(c) {
		assertNoSecrets(t, how, s)
	}
	assert.Equal(t, "AgencyToken(agency=partner_agency, base=auth.opaqueCreds)", c.String())
}
