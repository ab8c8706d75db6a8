package sandbox

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// CustomerInfo describes a sub-customer of the world, as a test sees it.
type CustomerInfo struct {
	// ID is the customer's account ID (domain_id / customer_id).
	ID string
	// AccountName is the customer's account name.
	AccountName string
	// RealName is the verified name ("" when not verified).
	RealName string
	// ResellerID is the reseller the customer belongs to ("" for the
	// partner's own customers).
	ResellerID string
	// Resale is set for resale customers (association type 2), whose cash
	// the partner allocates; referral customers pay Huawei directly.
	Resale bool
	// Balance is the cash balance.
	Balance decimal.Decimal
}

// NewCustomer is what AddCustomer creates.
type NewCustomer struct {
	// AccountName is the account name; a unique name is derived when
	// empty. It must be unused.
	AccountName string
	// RealName, when set, makes the customer verified under that name.
	RealName string
	// Referral makes a referral customer instead of a resale customer.
	Referral bool
	// ResellerID puts the customer under a seeded reseller.
	ResellerID string
	// Balance is the starting cash balance (not taken from the partner).
	Balance decimal.Decimal
}

// AccountChange is one record of an account's balance changes, as
// ListPartnerAccountChangeRecords and ListCustomerAccountChangeRecords
// answer them.
type AccountChange struct {
	ID        string
	TradeType string
	// Amount is signed: positive money came in.
	Amount decimal.Decimal
	// BalanceAfter is the balance once the change was applied.
	BalanceAfter decimal.Decimal
	TradeID      string
	// Counterparty is the customer or reseller at the other end, if any.
	Counterparty string
	At           time.Time
}

// QuotaInfo describes a coupon quota.
type QuotaInfo struct {
	ID string
	// ResellerID is "" for the partner's own quotas.
	ResellerID string
	// Cash is set for cash-coupon quotas, clear for vouchers.
	Cash    bool
	Value   decimal.Decimal
	Balance decimal.Decimal
}

// ErrUnknownObject is returned for an ID the world does not hold.
var ErrUnknownObject = errors.New("sandbox: unknown object")

func customerInfo(c *customer) CustomerInfo {
	rn := c.realName
	if c.verified != "2" {
		rn = ""
	}
	return CustomerInfo{ID: c.id, AccountName: c.accountName, RealName: rn, ResellerID: c.resellerID,
		Resale: c.associationType == "2", Balance: c.cash.balance}
}

// Customers returns every sub-customer of the partner and its resellers,
// newest association first (the order ListSubCustomers answers in).
func (s *Server) Customers() []CustomerInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]CustomerInfo, 0, len(s.w.customers))
	for _, c := range s.w.customers {
		out = append(out, customerInfo(c))
	}
	return out
}

// Customer returns one sub-customer.
func (s *Server) Customer(id string) (CustomerInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.w.customerByID[id]
	if c == nil {
		return CustomerInfo{}, false
	}
	return customerInfo(c), true
}

// AddCustomer adds a sub-customer, associated now, without going through
// the API.
func (s *Server) AddCustomer(nc NewCustomer) (CustomerInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.w
	if nc.ResellerID != "" && w.resellerByID[nc.ResellerID] == nil {
		return CustomerInfo{}, fmt.Errorf("%w: reseller %q", ErrUnknownObject, nc.ResellerID)
	}
	if nc.Balance.IsNegative() {
		return CustomerInfo{}, errors.New("sandbox: a starting balance cannot be negative")
	}
	name := nc.AccountName
	if name == "" {
		name = "test-customer-" + strings.ToLower(code(w.rng, 8))
	}
	if err := s.checkAccountName(name); err != nil {
		return CustomerInfo{}, err
	}
	if w.nameTaken(name) {
		return CustomerInfo{}, fmt.Errorf("sandbox: account name %q is already in use", name)
	}
	now := s.now()
	c := &customer{
		id: hex32(w.rng), accountName: name, associationType: "2", resellerID: nc.ResellerID,
		associatedOn: now, verified: "-1", customerType: -1, xaccountType: s.cfg.XAccountType,
		level: "V0", cash: account{id: hex32(w.rng), balance: nc.Balance}, index: -1,
	}
	c.xaccountID = "xa-" + strings.ToLower(code(w.rng, 10))
	c.email = name + "@example.com"
	if nc.Referral {
		c.associationType = "1"
	}
	if nc.RealName != "" {
		c.verified, c.customerType, c.realName = "2", 1, nc.RealName
	}
	w.customers = append([]*customer{c}, w.customers...)
	w.customerByID[c.id] = c
	w.customerByName[strings.ToLower(name)] = c
	return customerInfo(c), nil
}

// SetCustomerBalance sets a sub-customer's cash balance, without a
// change record and without touching the partner's balance.
func (s *Server) SetCustomerBalance(id string, balance decimal.Decimal) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.w.customerByID[id]
	if c == nil {
		return fmt.Errorf("%w: customer %q", ErrUnknownObject, id)
	}
	c.cash.balance = balance
	return nil
}

// SetPartnerBalance sets the partner's cash balance, without a change
// record.
func (s *Server) SetPartnerBalance(balance decimal.Decimal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.w.partner.cash.balance = balance
}

// Quotas returns the coupon quotas of the partner and its resellers.
func (s *Server) Quotas() []QuotaInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]QuotaInfo, 0, len(s.w.quotas))
	for _, q := range s.w.quotas {
		out = append(out, QuotaInfo{ID: q.id, ResellerID: q.resellerID, Cash: q.quotaType == 1, Value: q.value, Balance: q.balance})
	}
	return out
}

// SetQuotaBalance sets the remaining balance of a coupon quota.
func (s *Server) SetQuotaBalance(id string, balance decimal.Decimal) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.w.quotaByID[id]
	if q == nil {
		return fmt.Errorf("%w: quota %q", ErrUnknownObject, id)
	}
	q.balance = balance
	return nil
}

// AccountChanges returns the balance change records of an account, oldest
// first: owner "" is the partner, otherwise a customer or reseller ID.
func (s *Server) AccountChanges(owner string) []AccountChange {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []AccountChange
	for _, ch := range s.w.changes {
		if ch.owner != owner {
			continue
		}
		out = append(out, AccountChange{ID: ch.id, TradeType: ch.tradeType, Amount: ch.amount, BalanceAfter: ch.balanceAfter,
			TradeID: ch.tradeID, Counterparty: ch.counterparty, At: ch.at})
	}
	return out
}

// Operation names the spec operation that a request with method and
// escaped path reaches, and whether it is a write; ok is false when no
// operation matches (the IAM token endpoint is "KeystoneCreateToken").
func (s *Server) Operation(method, escapedPath string) (name string, write, ok bool) {
	if method == "POST" && strings.TrimRight(escapedPath, "/") == "/v3/auth/tokens" {
		return "KeystoneCreateToken", false, true
	}
	op, _, _ := s.router.match(method, escapedPath)
	if op == nil {
		return "", false, false
	}
	return op.Name, op.Write, true
}

// HasOperation reports whether the spec has an operation of that name.
func (s *Server) HasOperation(name string) bool {
	if name == "KeystoneCreateToken" {
		return true
	}
	for i := range s.ops {
		if s.ops[i].Name == name {
			return true
		}
	}
	return false
}
