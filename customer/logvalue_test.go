package customer

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// TestSecretsNotInSlogJSON logs every request type that holds a password or
// a verification code through slog's JSON and text handlers (the JSON one
// would otherwise use MarshalJSON) and checks that no secret appears.
func TestSecretsNotInSlogJSON(t *testing.T) {
	pw, code := "pw-SECRET-1", "code-SECRET-2"
	reqs := map[string]any{
		"CreateSubCustomerRequest":          &CreateSubCustomerRequest{Password: &pw, VerificationCode: &code},
		"CreateCustomerRequest":             CreateCustomerRequest{Password: &pw, VerificationCode: &code},
		"CreateSubEnterpriseAccountRequest": &CreateSubEnterpriseAccountRequest{NewSubCustomer: NewCustomerV2{Password: pw, VerificationCode: &code}},
		"CreatePersonalRealnameAuthRequest": &CreatePersonalRealnameAuthRequest{BankCardInfo: &BankCardInfoV2{VerificationCode: code}},
		"IndividualRealNameAuthRequest":     &IndividualRealNameAuthRequest{BankCardInfo: &V1BankCardInfo{VerificationCode: code}},
	}
	for name, req := range reqs {
		for _, json := range []bool{true, false} {
			var buf bytes.Buffer
			var h slog.Handler = slog.NewTextHandler(&buf, nil)
			if json {
				h = slog.NewJSONHandler(&buf, nil)
			}
			slog.New(h).Info("x", "req", req)
			if strings.Contains(buf.String(), "SECRET") {
				t.Errorf("%s (json=%v): secret logged: %s", name, json, buf.String())
			}
			if !strings.Contains(buf.String(), "req=") && !strings.Contains(buf.String(), `"req"`) {
				t.Errorf("%s: nothing logged: %s", name, buf.String())
			}
		}
	}
}
