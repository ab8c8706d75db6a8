package sdktest

import (
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/partnertest"
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

	srv *partnertest.Server
}

// CustomerClient returns a client acting in the customer's account through
// the agency the customer created for the partner, as
// auth.NewAgencyToken(partnerCreds, auth.Domain{ID: customerID}, agency)
// passed to partnersdk.New does in a real program.
func (i ExampleInfo) CustomerClient(customerID string) (*partnersdk.Client, error) {
	if i.srv == nil {
		return nil, errNoExampleServer
	}
	return i.srv.CustomerClient(customerID), nil
}

const errNoExampleServer = sentinel("sdktest: ExampleInfo not made by ExampleClient")

type sentinel string

func (s sentinel) Error() string { return string(s) }

// ExampleClient starts the public test kit's sandbox (partnertest.Start) on
// a free port of 127.0.0.1 (a small seeded world with a fixed clock) and
// returns a client for it, the facts examples need and a function that
// stops the sandbox. Examples have no *testing.T: if the sandbox cannot
// start (no loopback port), it panics with the cause, which fails the
// example.
func ExampleClient() (client *partnersdk.Client, info ExampleInfo, stop func()) {
	srv, err := partnertest.Start("127.0.0.1:0",
		partnertest.WithSeed(exampleSeed),
		partnertest.WithCustomers(exampleCustomers),
		partnertest.WithBaseDate(exampleNow()),
		partnertest.WithClock(exampleNow))
	if err != nil {
		panic("sdktest: example sandbox: " + err.Error())
	}
	info = ExampleInfo{
		CustomerID:   srv.CustomerID,
		XAccountType: srv.XAccountType,
		BillCycle:    partnersdk.FormatMonth(srv.BaseDate.AddDate(0, -1, 0)),
		Now:          exampleNow(),
		srv:          srv,
	}
	return srv.Client(), info, srv.Close
}
