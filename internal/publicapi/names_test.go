package publicapi

import (
	"context"
	"errors"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"testing"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/billing"
	"github.com/hcpartner/partner-sdk-go/bulk"
	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/coupon"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/resource"
)

// Every error type a call can return, by its public name.
var (
	_ *partnersdk.APIError
	_ *partnersdk.ValidationError
	_ partnersdk.Violation
	_ *partnersdk.OutcomeUnknownError
	_ *partnersdk.RequestError
	_ *partnersdk.DecodeError
	_ *partnersdk.ConfigError
	_ *partnersdk.SiteError
	_ partnersdk.Site
	_ core.SiteSet
	_ partnersdk.ResponseMetadata
	_ core.Metadata
	_ core.Caller
	_ core.CallOptions
)

// Every error code, rule and constant error.
var (
	_ = []partnersdk.ErrorCode{
		partnersdk.CodeInvalidParameter, partnersdk.CodeInvalidParameterValue,
		partnersdk.CodeAccessDenied, partnersdk.CodeAccessDeniedOther,
		partnersdk.CodeTooManyRequests,
		partnersdk.CodeSystemError, partnersdk.CodeGatewayAuth,
	}
	// An error group (every documented insufficient-balance code), usable
	// with errors.Is like a code.
	_ error = partnersdk.CodeInsufficientBalance
	_       = []partnersdk.Rule{
		partnersdk.RuleRequired, partnersdk.RuleMaxLength, partnersdk.RuleMinLength,
		partnersdk.RuleRange, partnersdk.RuleMaxItems, partnersdk.RuleEnum,
		partnersdk.RuleMoneyScale, partnersdk.RuleMoneySign, partnersdk.RuleFormat,
		partnersdk.RulePathSegment, partnersdk.RuleNotOnSite,
		partnersdk.RuleRequiredIf, partnersdk.RuleAbsentUnless, partnersdk.RuleRangeIf,
		partnersdk.RuleTogether, partnersdk.RulePattern, partnersdk.RulePassword,
	}
	_ = []partnersdk.Site{partnersdk.SiteChina, partnersdk.SiteInternational, partnersdk.SiteEurope}
	_ = []error{
		partnersdk.ErrResponseTooLarge, partnersdk.ErrRetryBudgetExhausted,
		partnersdk.ErrNoProgress, partnersdk.ErrPositionOverflow,
	}
)

// Every client and call option the README mentions.
func options() []partnersdk.Option {
	return []partnersdk.Option{
		partnersdk.WithSite(partnersdk.SiteInternational),
		partnersdk.WithAnySite(),
		partnersdk.WithEndpoint("http://127.0.0.1:1"),
		partnersdk.WithHTTPClient(&http.Client{}),
		partnersdk.WithLanguage("en_US"),
		partnersdk.WithUserAgent("my-platform/1.0"),
		partnersdk.WithRetryPolicy(partnersdk.RetryPolicy{MaxAttempts: 5}),
		partnersdk.WithoutRetries(),
		partnersdk.WithRateLimit(10, 1),
		partnersdk.WithoutPacing(),
		partnersdk.WithOperationRate("ListOnDemandResourceRatings", 20, 1),
		partnersdk.WithRateLimiter(rateLimiter{}),
		partnersdk.WithPacingTimeScale(10),
		partnersdk.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		partnersdk.WithMaxResponseBytes(1 << 20),
		partnersdk.WithAttemptTimeout(time.Second),
		partnersdk.WithClockSkewCorrection(),
	}
}

func callOptions() []partnersdk.CallOption {
	return []partnersdk.CallOption{
		partnersdk.WithCallLanguage("en_US"),
		partnersdk.WithCallAnySite(),
		partnersdk.WithCallHeader("X-Trace", "1"),
		partnersdk.WithCallRetryPolicy(partnersdk.DefaultRetryPolicy()),
		partnersdk.WithoutValidation(),
	}
}

// countingCaller wraps the client's Caller, as a user adding metrics would.
type countingCaller struct {
	next  core.Caller
	calls int
}

func (c *countingCaller) Call(ctx context.Context, op core.Operation, req core.Request, out any, meta *core.Metadata, opts ...core.CallOption) error {
	c.calls++
	return c.next.Call(ctx, op, req, out, meta, opts...)
}

func TestPublicNames(t *testing.T) {
	creds, err := auth.NewAKSK("AK", "SK")
	if err != nil {
		t.Fatal(err)
	}
	c, err := partnersdk.New(creds, options()[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	if c.Site() != partnersdk.SiteChina || c.Endpoint() != "http://127.0.0.1:1" || c.Currency() != "CNY" {
		t.Fatalf("site %q endpoint %q currency %q", c.Site(), c.Endpoint(), c.Currency())
	}
	// A service built on a wrapped Caller: validation fails before any I/O.
	cc := &countingCaller{next: c.Caller()}
	svc := partner.NewService(cc)
	_, err = svc.UpdateCustomerAccountAmount(context.Background(), &partner.UpdateCustomerAccountAmountRequest{}, callOptions()[:3]...)
	var ve *partnersdk.ValidationError
	if !errors.As(err, &ve) || !ve.Has("customer_id", partnersdk.RuleRequired) || cc.calls != 1 {
		t.Fatalf("err %v, calls %d", err, cc.calls)
	}
	// Services are reachable and typed.
	_ = []any{c.Partner, c.Customer, c.Billing, c.Coupon, c.Resource,
		(*billing.Service)(nil), (*coupon.Service)(nil), (*customer.Service)(nil), (*resource.Service)(nil)}
	// A nil Service fails with an error instead of panicking.
	var none *partner.Service
	if _, err := none.ListPartnerBalances(context.Background(), nil); err == nil {
		t.Fatal("nil service: no error")
	}
	// WithInsecureSkipTLSVerify and WithHTTPClient together are refused,
	// naming the option.
	_, err = partnersdk.New(creds, partnersdk.WithInsecureSkipTLSVerify(), partnersdk.WithHTTPClient(&http.Client{}))
	var ce *partnersdk.ConfigError
	if !errors.As(err, &ce) || ce.Field != "WithInsecureSkipTLSVerify" {
		t.Fatalf("got %v", err)
	}
}

// rateLimiter is a pacing backend written outside the SDK.
type rateLimiter struct{}

func (rateLimiter) Wait(context.Context, string, float64, int) error { return nil }

var _ core.RateLimiter = rateLimiter{}

// The bulk helpers, by their public names.
func bulkNames(ctx context.Context, ids []string) error {
	seq := func(ctx context.Context, id string) iter.Seq2[int, error] {
		return func(yield func(int, error) bool) { yield(len(id), nil) }
	}
	for _, err := range bulk.Flatten(ctx, ids, seq, bulk.Options{Concurrency: bulk.DefaultConcurrency, Buffer: bulk.DefaultBuffer}) {
		var ie *bulk.ItemError[string]
		if errors.As(err, &ie) {
			return ie.Err
		}
	}
	for _, err := range bulk.Map(ctx, ids, func(context.Context, string) (int, error) { return 0, nil }, bulk.Options{}) {
		if err != nil {
			return err
		}
	}
	return nil
}

func TestBulkNames(t *testing.T) {
	if err := bulkNames(context.Background(), []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
}
