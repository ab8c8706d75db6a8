package partnertest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// A scripted answer with Apply takes effect first: the money moves, the
// caller gets the 503 and, the write being ambiguous, an
// OutcomeUnknownError whose server time is the Date of the server's clock.
// Without Apply the same answer moves nothing.
func TestApplyThenAnswer(t *testing.T) {
	ctx := context.Background()
	ahead := 3 * time.Hour // far from the real time: the Date must be the server's
	s := NewServer(t, WithClock(func() time.Time { return time.Now().Add(ahead) }))
	c := s.Client()
	id := s.AddCustomer(NewCustomer{}).ID
	fund := func() error {
		_, err := c.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
			CustomerID: id, Amount: decimal.RequireFromString("2.50")})
		return err
	}
	var unknown *partnersdk.OutcomeUnknownError

	s.Inject("UpdateCustomerAccountAmount", Fault{Status: http.StatusServiceUnavailable, Code: "CBC.0999", Message: "busy"})
	require.ErrorAs(t, fund(), &unknown)
	require.True(t, s.Balance(id).IsZero(), "a scripted answer without Apply applies nothing")
	requireServerTime(t, unknown.ServerTime, time.Now().Add(ahead))

	s.Inject("UpdateCustomerAccountAmount", Fault{Apply: true, Status: http.StatusServiceUnavailable, Code: "CBC.0999", Message: "busy"})
	require.ErrorAs(t, fund(), &unknown)
	require.Equal(t, "2.5", s.Balance(id).String(), "applied before the 503")
	requireServerTime(t, unknown.ServerTime, time.Now().Add(ahead))
	require.Equal(t, 2, s.Calls("UpdateCustomerAccountAmount"), "a write is not resent")

	// A Date of the fault's own wins.
	fixed := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	s.Inject("UpdateCustomerAccountAmount", Fault{Apply: true, Status: http.StatusBadGateway,
		Header: http.Header{"Date": {fixed.Format(http.TimeFormat)}}})
	require.ErrorAs(t, fund(), &unknown)
	require.True(t, unknown.ServerTime.Equal(fixed), "%v", unknown.ServerTime)
	require.Equal(t, "5", s.Balance(id).String())
}

func requireServerTime(t *testing.T, got, want time.Time) {
	t.Helper()
	if d := got.Sub(want); d < -2*time.Second || d > 2*time.Second {
		t.Fatalf("server time %v, want about %v", got, want)
	}
}

// Inject refuses a fault that cannot be meant, and installs nothing.
func TestInjectRefusesMeaninglessFaults(t *testing.T) {
	s := NewServer(t)
	for _, f := range []Fault{
		{},
		{Apply: true},
		{Apply: true, Delay: time.Second},
		{Apply: true, Status: 503, Reset: ResetBeforeRead},
		{Reset: ResetAfterApply + 1},
	} {
		ft := &fatalTB{TB: t}
		s.tb = ft
		s.Inject("ListPartnerBalances", f)
		require.True(t, ft.fatal, "%+v accepted", f)
	}
	ft := &fatalTB{TB: t}
	s.tb = ft
	s.Inject("NoSuchOperation", Fault{Status: 500})
	require.True(t, ft.fatal, "unknown operation accepted")
	s.tb = t
	_, err := s.Client().Partner.ListPartnerBalances(context.Background(), &partner.ListPartnerBalancesRequest{})
	require.NoError(t, err, "a refused fault was installed")
}

// fatalTB records Fatalf instead of ending the test.
type fatalTB struct {
	testing.TB
	fatal bool
}

func (f *fatalTB) Fatalf(string, ...any) { f.fatal = true }
func (f *fatalTB) Helper()               {}
