package partnersdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/internal/sdktest"
	"github.com/hcpartner/partner-sdk-go/internal/spec"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// countingServer is a loopback HTTP server that records every request it
// receives and answers 200 {}.
type countingServer struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []string
	paths  []string
}

func newCountingServer(t *testing.T) *countingServer {
	s := &countingServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies = append(s.bodies, string(b))
		s.paths = append(s.paths, r.URL.Path)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *countingServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.paths)
}

func (s *countingServer) lastBody() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.bodies) == 0 {
		return ""
	}
	return s.bodies[len(s.bodies)-1]
}

func siteClient(t *testing.T, site partnersdk.Site, endpoint string, opts ...partnersdk.Option) *partnersdk.Client {
	t.Helper()
	creds, err := auth.NewAKSK(sdktest.AK, sdktest.SK)
	require.NoError(t, err)
	c, err := partnersdk.New(creds, append([]partnersdk.Option{partnersdk.WithSite(site), partnersdk.WithEndpoint(endpoint), partnersdk.WithoutRetries()}, opts...)...)
	require.NoError(t, err)
	return c
}

// TestSiteCheckBeforeIO calls, on a client of each site, every operation of
// the spec that the site does not document (with an empty request, so that
// only the site check can stop it) and asserts a *SiteError naming the
// operation and that the loopback server saw nothing.
func TestSiteCheckBeforeIO(t *testing.T) {
	files, err := spec.Load("internal/spec")
	require.NoError(t, err)
	for _, site := range core.Sites() {
		t.Run(string(site), func(t *testing.T) {
			srv := newCountingServer(t)
			c := siteClient(t, site, srv.URL)
			services := map[string]reflect.Value{
				"partner": reflect.ValueOf(c.Partner), "customer": reflect.ValueOf(c.Customer),
				"billing": reflect.ValueOf(c.Billing), "coupon": reflect.ValueOf(c.Coupon),
				"resource": reflect.ValueOf(c.Resource),
			}
			refused, allowed := 0, 0
			for _, f := range files {
				svc, ok := services[f.Package]
				if !ok {
					continue // auth: the IAM operations are not site-checked
				}
				for _, op := range f.Operations {
					if _, documented := op.Sites[string(site)]; documented {
						allowed++
						continue
					}
					m := svc.MethodByName(op.MethodName())
					require.True(t, m.IsValid(), op.Name)
					req := reflect.New(m.Type().In(1).Elem())
					out := m.Call([]reflect.Value{reflect.ValueOf(context.Background()), req})
					err, _ := out[1].Interface().(error)
					var se *partnersdk.SiteError
					require.True(t, errors.As(err, &se), "%s on %s: want *SiteError, got %v", op.Name, site, err)
					require.Equal(t, op.Name, se.Operation)
					require.Equal(t, site, se.Site)
					require.NotEmpty(t, se.Documented)
					require.True(t, out[0].IsNil(), op.Name)
					refused++
				}
			}
			require.Zero(t, srv.count(), "nothing may be sent")
			require.NotZero(t, refused, "every site lacks some operation")
			t.Logf("site %s: %d operations documented, %d refused before I/O", site, allowed, refused)
		})
	}
}

// TestSiteCheckOverride: WithCallAnySite and the client option WithAnySite
// send an operation the site does not document.
func TestSiteCheckOverride(t *testing.T) {
	srv := newCountingServer(t)
	req := &customer.FreezeSubCustomersRequest{CustomerIDs: []string{"c1"}, Reason: "arrears"}

	cn := siteClient(t, partnersdk.SiteChina, srv.URL)
	_, err := cn.Customer.FreezeSubCustomers(context.Background(), req)
	var se *partnersdk.SiteError
	require.ErrorAs(t, err, &se)
	require.Equal(t, []core.Site{core.SiteInternational, core.SiteEurope}, se.Documented)
	require.Contains(t, err.Error(), "FreezeSubCustomers")
	require.Zero(t, srv.count())

	_, err = cn.Customer.FreezeSubCustomers(context.Background(), req, partnersdk.WithCallAnySite())
	require.NoError(t, err)
	require.Equal(t, 1, srv.count())

	any := siteClient(t, partnersdk.SiteChina, srv.URL, partnersdk.WithAnySite())
	_, err = any.Partner.ShowPartnerConsumptionQuota(context.Background(), &partner.ShowPartnerConsumptionQuotaRequest{})
	require.NoError(t, err)
	require.Equal(t, 2, srv.count())

	intl := siteClient(t, partnersdk.SiteInternational, srv.URL)
	_, err = intl.Customer.FreezeSubCustomers(context.Background(), req)
	require.NoError(t, err)
	require.Equal(t, 3, srv.count())
	require.JSONEq(t, `{"customer_ids":["c1"],"reason":"arrears"}`, srv.lastBody())
}

// TestSiteRequestShapes: validation follows the client's site, and nothing
// is sent when the request does not have the site's shape.
func TestSiteRequestShapes(t *testing.T) {
	ctx := context.Background()
	srv := newCountingServer(t)
	cn := siteClient(t, partnersdk.SiteChina, srv.URL)
	intl := siteClient(t, partnersdk.SiteInternational, srv.URL)
	eu := siteClient(t, partnersdk.SiteEurope, srv.URL)

	// CreateSubCustomer (international mc_00016): email, required
	// domain_area, no mobile_phone.
	chinaShape := &customer.CreateSubCustomerRequest{XAccountID: "u1", XAccountType: "p_IDP", MobilePhone: partnersdk.Ptr("13800000000")}
	for _, c := range []*partnersdk.Client{intl, eu} {
		_, err := c.Customer.CreateSubCustomer(ctx, chinaShape)
		var ve *partnersdk.ValidationError
		require.ErrorAs(t, err, &ve)
		require.True(t, ve.Has("mobile_phone", partnersdk.RuleNotOnSite), "%v", err)
		require.True(t, ve.Has("domain_area", partnersdk.RuleRequired), "%v", err)
	}
	intlShape := &customer.CreateSubCustomerRequest{XAccountID: "u1", XAccountType: "p_IDP", Email: partnersdk.Ptr("a@example.com"), DomainArea: partnersdk.Ptr("MX")}
	_, err := cn.Customer.CreateSubCustomer(ctx, intlShape)
	var ve *partnersdk.ValidationError
	require.ErrorAs(t, err, &ve)
	require.True(t, ve.Has("email", partnersdk.RuleNotOnSite), "%v", err)
	require.True(t, ve.Has("domain_area", partnersdk.RuleNotOnSite), "%v", err)
	require.Contains(t, err.Error(), "not documented on site cn")
	require.Zero(t, srv.count(), "nothing may be sent")

	_, err = intl.Customer.CreateSubCustomer(ctx, intlShape)
	require.NoError(t, err)
	require.JSONEq(t, `{"xaccount_id":"u1","xaccount_type":"p_IDP","email":"a@example.com","domain_area":"MX"}`, srv.lastBody())
	_, err = cn.Customer.CreateSubCustomer(ctx, chinaShape)
	require.NoError(t, err)
	require.Equal(t, 2, srv.count())

	// SendVerificationMessageCode (mc_00024): SMS (1) to a mobile number on
	// the Chinese site, e-mail (2) only on the international one.
	sms := &customer.SendVerificationMessageCodeRequest{ReceiverType: partnersdk.Ptr(customer.ReceiverTypeSMS), MobilePhone: "13800000000"}
	_, err = intl.Customer.SendVerificationMessageCode(ctx, sms)
	require.ErrorAs(t, err, &ve)
	require.True(t, ve.Has("receiver_type", partnersdk.RuleEnum), "%v", err)
	require.True(t, ve.Has("mobile_phone", partnersdk.RuleNotOnSite), "%v", err)
	require.True(t, ve.Has("email", partnersdk.RuleRequired), "%v", err)
	mail := &customer.SendVerificationMessageCodeRequest{ReceiverType: partnersdk.Ptr(customer.ReceiverType(2)), Email: partnersdk.Ptr("a@example.com")}
	_, err = cn.Customer.SendVerificationMessageCode(ctx, mail)
	require.ErrorAs(t, err, &ve)
	require.True(t, ve.Has("receiver_type", partnersdk.RuleEnum), "%v", err)
	require.True(t, ve.Has("mobile_phone", partnersdk.RuleRequired), "%v", err)
	require.True(t, ve.Has("email", partnersdk.RuleNotOnSite), "%v", err)
	require.Equal(t, 2, srv.count(), "nothing may be sent")
	_, err = intl.Customer.SendVerificationMessageCode(ctx, mail)
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal([]byte(srv.lastBody()), &body))
	require.NotContains(t, body, "mobile_phone", "an unset mobile number is not sent")
	require.Equal(t, "a@example.com", body["email"])

	// CreatePersonalRealnameAuth: identity documents (0) only outside China.
	bank := &customer.CreatePersonalRealnameAuthRequest{CustomerID: "c1", IdentifyType: partnersdk.Ptr(customer.PersonalIdentifyType(4)),
		VerifiedFileURL: []string{"face.jpg"}, Name: "n", VerifiedNumber: "1", XAccountType: "p_IDP"}
	_, err = intl.Customer.CreatePersonalRealnameAuth(ctx, bank)
	require.ErrorAs(t, err, &ve)
	require.True(t, ve.Has("identify_type", partnersdk.RuleEnum), "%v", err)
	require.Equal(t, 3, srv.count(), "nothing may be sent")
	// ValidateSite adds the site's rules to what Validate checks.
	var siteErr *partnersdk.ValidationError
	require.ErrorAs(t, bank.ValidateSite(core.SiteInternational), &siteErr)
	require.True(t, siteErr.Has("identify_type", partnersdk.RuleEnum))
	if err := bank.Validate(); err != nil {
		require.ErrorAs(t, err, &ve)
		require.False(t, ve.Has("identify_type", partnersdk.RuleEnum), "Validate has no site rules")
	}
}

func TestSiteSettings(t *testing.T) {
	creds, err := auth.NewAKSK(sdktest.AK, sdktest.SK)
	require.NoError(t, err)
	cases := []struct {
		site     partnersdk.Site
		endpoint string
		currency string
	}{
		{partnersdk.SiteChina, "https://bss.myhuaweicloud.com", "CNY"},
		{partnersdk.SiteInternational, "https://bss-intl.myhuaweicloud.com", "USD"},
		{partnersdk.SiteEurope, "https://bss.myhuaweicloud.eu", "USD"},
	}
	for _, tc := range cases {
		c, err := partnersdk.New(creds, partnersdk.WithSite(tc.site))
		require.NoError(t, err)
		require.Equal(t, tc.site, c.Site())
		require.Equal(t, tc.endpoint, c.Endpoint())
		require.Equal(t, tc.currency, c.Currency())
		// WithEndpoint keeps the site.
		c, err = partnersdk.New(creds, partnersdk.WithSite(tc.site), partnersdk.WithEndpoint("http://127.0.0.1:1"))
		require.NoError(t, err)
		require.Equal(t, tc.site, c.Site())
		require.Equal(t, tc.currency, c.Currency())
		s, err := partnersdk.ParseSite(string(tc.site))
		require.NoError(t, err)
		require.Equal(t, tc.site, s)
	}
	c, err := partnersdk.New(creds)
	require.NoError(t, err)
	require.Equal(t, partnersdk.SiteChina, c.Site())
	require.Equal(t, partnersdk.RegionChina, c.Region())

	_, err = partnersdk.New(creds, partnersdk.WithSite("mars"))
	var ce *partnersdk.ConfigError
	require.ErrorAs(t, err, &ce)
	require.Contains(t, ce.Error(), "cn, intl, eu")
	_, err = partnersdk.ParseSite("mars")
	require.ErrorAs(t, err, &ce)

	// The deprecated Region API maps onto sites.
	c, err = partnersdk.New(creds, partnersdk.WithRegion(partnersdk.RegionInternational))
	require.NoError(t, err)
	require.Equal(t, partnersdk.SiteInternational, c.Site())
	require.Equal(t, partnersdk.RegionInternational, c.Region())
	ep, err := partnersdk.RegionInternational.Endpoint()
	require.NoError(t, err)
	require.Equal(t, "https://bss-intl.myhuaweicloud.com", ep)
	_, err = partnersdk.Region("mars").Endpoint()
	require.ErrorAs(t, err, &ce)
}

// Token credentials get the IAM endpoint of the client's site.
func TestSiteIAMEndpoint(t *testing.T) {
	require.Equal(t, "https://iam.myhuaweicloud.com", partnersdk.RegionInternational.IAMEndpoint())
	require.Equal(t, "https://iam.myhuaweicloud.eu", partnersdk.Region(partnersdk.SiteEurope).IAMEndpoint())
	require.Equal(t, "https://iam.myhuaweicloud.com", partnersdk.Region("").IAMEndpoint())
}
