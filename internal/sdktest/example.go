package sdktest

import (
	"errors"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
)

// Example world: a fixed seed, base date and clock make every answer of the
// sandbox, and so every example's output, the same on every run.
const (
	exampleSeed      = 9
	exampleCustomers = 30
)

// exampleNow is the sandbox's clock and the clock the example credentials
// sign with: the morning of the base date, 2024-05-20T08:30:00Z.
func exampleNow() time.Time { return time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC) }

// ExampleInfo holds the facts of the example world that examples need and
// that a real program would know from its own records.
type ExampleInfo struct {
	// CustomerID is a resale customer of the partner, funded by the partner
	// (not by a reseller), real-name verified, with yearly/monthly
	// resources and more than 1,000 bill records in every month.
	CustomerID string
	// XAccountType is the platform identifier Huawei assigned to the
	// partner's sales platform (CreateSubCustomer needs it).
	XAccountType string
	// BillCycle is the last closed billing month ("2024-04").
	BillCycle string
	// Now is the sandbox's clock (a real program uses time.Now).
	Now time.Time

	newCustomerClient func(customerID string) (*partnersdk.Client, error)
}

// CustomerClient returns a client acting in the customer's account through
// the agency the customer created for the partner, as
// auth.NewAgencyToken(partnerCreds, auth.Domain{ID: customerID}, agency)
// passed to partnersdk.New does in a real program.
func (i ExampleInfo) CustomerClient(customerID string) (*partnersdk.Client, error) {
	if i.newCustomerClient == nil {
		return nil, errors.New("sdktest: ExampleInfo not made by ExampleClient")
	}
	return i.newCustomerClient(customerID)
}

// ExampleClient starts the sandbox of the partner API on a free port of
// 127.0.0.1 (a small seeded world with a fixed clock) and returns a client
// for it, the facts examples need and a function that stops the sandbox.
// Examples have no *testing.T: if the sandbox cannot start (no loopback
// port), it panics with the cause, which fails the example.
func ExampleClient() (client *partnersdk.Client, info ExampleInfo, stop func()) {
	sb, err := sandbox.New(sandbox.Config{
		Seed:      exampleSeed,
		Customers: exampleCustomers,
		BaseDate:  exampleNow(),
		Now:       exampleNow,
	})
	if err != nil {
		panic("sdktest: example sandbox: " + err.Error())
	}
	url, err := sb.Start("127.0.0.1:0")
	if err != nil {
		panic("sdktest: example sandbox: " + err.Error())
	}
	stop = func() { _ = sb.Close() }
	partnerCreds, err := sb.Credentials(auth.WithClock(exampleNow))
	if err != nil {
		stop()
		panic("sdktest: example sandbox credentials: " + err.Error())
	}
	client, err = partnersdk.New(partnerCreds, partnersdk.WithEndpoint(url))
	if err != nil {
		stop()
		panic("sdktest: example client: " + err.Error())
	}
	sbInfo := sb.Info()
	info = ExampleInfo{
		CustomerID:   sbInfo.HeavyCustomerID,
		XAccountType: sbInfo.XAccountType,
		BillCycle:    partnersdk.FormatMonth(sbInfo.BaseDate.AddDate(0, -1, 0)),
		Now:          exampleNow(),
		newCustomerClient: func(customerID string) (*partnersdk.Client, error) {
			iam, err := auth.NewIAM(auth.WithEndpoint(url))
			if err != nil {
				return nil, err
			}
			creds, err := auth.NewAgencyToken(partnerCreds, auth.Domain{ID: customerID}, sbInfo.AgencyName,
				auth.WithIAMClient(iam), auth.WithClock(exampleNow))
			if err != nil {
				return nil, err
			}
			return partnersdk.New(creds, partnersdk.WithEndpoint(url))
		},
	}
	return client, info, stop
}
