package partnertest

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
)

// Customer is a sub-customer of the server's world, read without going
// through the API.
type Customer struct {
	// ID is the customer's account ID (customer_id / domain_id).
	ID string
	// AccountName is the customer's account name.
	AccountName string
	// RealName is the verified real name, "" when not verified.
	RealName string
	// ResellerID is the reseller the customer belongs to, "" for the
	// partner's own customers.
	ResellerID string
	// Resale is set for resale customers (association type 2), whose cash
	// the partner allocates with UpdateCustomerAccountAmount; referral
	// customers pay Huawei themselves.
	Resale bool
	// Balance is the cash balance.
	Balance decimal.Decimal
}

// NewCustomer describes a sub-customer for AddCustomer. The zero value
// adds an unverified resale customer of the partner with a zero balance
// and a generated account name.
type NewCustomer struct {
	// AccountName must be unused and follow Huawei Cloud's account name
	// rules (at least 5 characters: letters, digits, '_' and '-').
	AccountName string
	// RealName, when set, makes the customer verified under that name.
	RealName string
	// Referral adds a referral customer instead of a resale customer.
	Referral bool
	// ResellerID puts the customer under one of the seeded resellers.
	ResellerID string
	// Balance is the starting cash balance; it is not taken from the
	// partner's balance and leaves no change record.
	Balance decimal.Decimal
}

// AccountChange is one balance change of an account, as the
// account-change-record operations list it.
type AccountChange struct {
	ID string
	// TradeType is the API's trade type, e.g. "ADJUST" (the partner
	// allocated money), "BEADJUST" (the customer received it),
	// "BERETRIEVE" (money reclaimed), "RECHARGE".
	TradeType string
	// Amount is signed: positive when money came into the account.
	Amount decimal.Decimal
	// BalanceAfter is the account's balance once the change applied.
	BalanceAfter decimal.Decimal
	// TradeID links the two sides of one transfer.
	TradeID string
	// Counterparty is the customer or reseller at the other end, if any.
	Counterparty string
	At           time.Time
}

// Quota is a coupon quota of the partner or of one of its resellers.
type Quota struct {
	ID string
	// ResellerID is "" for the partner's own quotas.
	ResellerID string
	// Cash is set for cash-coupon quotas, clear for voucher quotas.
	Cash    bool
	Value   decimal.Decimal
	Balance decimal.Decimal
}

func customerOf(c sandbox.CustomerInfo) Customer {
	return Customer{ID: c.ID, AccountName: c.AccountName, RealName: c.RealName, ResellerID: c.ResellerID, Resale: c.Resale, Balance: c.Balance}
}

// Customers returns every sub-customer, newest association first (the
// order ListSubCustomers answers in).
func (s *Server) Customers() []Customer {
	in := s.sb.Customers()
	out := make([]Customer, len(in))
	for i, c := range in {
		out[i] = customerOf(c)
	}
	return out
}

// Customer returns the sub-customer with the given ID; ok is false when
// there is none.
func (s *Server) Customer(id string) (c Customer, ok bool) {
	ci, ok := s.sb.Customer(id)
	return customerOf(ci), ok
}

// AddCustomer adds a sub-customer, associated now, without going through
// the API. It fails the test when the customer cannot be added (a taken
// or malformed account name, an unknown reseller, a negative balance).
func (s *Server) AddCustomer(nc NewCustomer) Customer {
	if s.tb != nil {
		s.tb.Helper()
	}
	c, err := s.sb.AddCustomer(sandbox.NewCustomer{AccountName: nc.AccountName, RealName: nc.RealName,
		Referral: nc.Referral, ResellerID: nc.ResellerID, Balance: nc.Balance})
	if err != nil {
		s.fatalf("partnertest: AddCustomer: %v", err)
	}
	return customerOf(c)
}

// Balance returns a sub-customer's cash balance. It fails the test for an
// unknown customer.
func (s *Server) Balance(customerID string) decimal.Decimal {
	if s.tb != nil {
		s.tb.Helper()
	}
	b, ok := s.sb.CustomerBalance(customerID)
	if !ok {
		s.fatalf("partnertest: no customer %q", customerID)
	}
	return b
}

// SetBalance sets a sub-customer's cash balance, leaving no change record
// and the partner's balance as it is. It fails the test for an unknown
// customer.
func (s *Server) SetBalance(customerID string, balance decimal.Decimal) {
	if s.tb != nil {
		s.tb.Helper()
	}
	if err := s.sb.SetCustomerBalance(customerID, balance); err != nil {
		s.fatalf("partnertest: SetBalance: %v", err)
	}
}

// PartnerBalance returns the partner's cash balance, from which
// UpdateCustomerAccountAmount funds customers.
func (s *Server) PartnerBalance() decimal.Decimal { return s.sb.PartnerBalance() }

// SetPartnerBalance sets the partner's cash balance (for example to zero,
// to see an insufficient-balance error), leaving no change record.
func (s *Server) SetPartnerBalance(balance decimal.Decimal) { s.sb.SetPartnerBalance(balance) }

// Quotas returns the coupon quotas of the partner and its resellers.
func (s *Server) Quotas() []Quota {
	in := s.sb.Quotas()
	out := make([]Quota, len(in))
	for i, q := range in {
		out[i] = Quota(q)
	}
	return out
}

// SetQuotaBalance sets the remaining balance of a coupon quota, from which
// CreatePartnerCoupons issues coupons. It fails the test for an unknown
// quota.
func (s *Server) SetQuotaBalance(quotaID string, balance decimal.Decimal) {
	if s.tb != nil {
		s.tb.Helper()
	}
	if err := s.sb.SetQuotaBalance(quotaID, balance); err != nil {
		s.fatalf("partnertest: SetQuotaBalance: %v", err)
	}
}

// AccountChanges returns the balance changes of an account, oldest first:
// the partner's for "", otherwise a sub-customer's or reseller's. A call
// that moves money adds one record on each side, sharing a TradeID.
func (s *Server) AccountChanges(accountID string) []AccountChange {
	in := s.sb.AccountChanges(accountID)
	out := make([]AccountChange, len(in))
	for i, ch := range in {
		out[i] = AccountChange(ch)
	}
	return out
}
