package sandbox

import (
	"testing"
	"time"
)

// TestSeedInvariants checks seeded worlds of several seeds and sizes: no
// negative balance anywhere, quotas within their value, the partner's last
// account change ending at its balance, and resources consistent with
// their orders.
func TestSeedInvariants(t *testing.T) {
	t.Parallel()
	for _, cfg := range []Config{{Seed: 0}, {Seed: 1, Customers: 1}, {Seed: 42, Customers: 800}} {
		cfg.BaseDate = time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC)
		s, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		w := s.w
		if w.partner.cash.balance.IsNegative() {
			t.Errorf("seed %d: partner balance %s", cfg.Seed, w.partner.cash.balance)
		}
		for _, rs := range w.resellers {
			if rs.cash.balance.IsNegative() {
				t.Errorf("seed %d: reseller balance %s", cfg.Seed, rs.cash.balance)
			}
		}
		for _, c := range w.customers {
			if c.cash.balance.IsNegative() || !c.cash.balance.Equal(c.cash.balance.Truncate(2)) {
				t.Errorf("seed %d: customer balance %s", cfg.Seed, c.cash.balance)
			}
		}
		for _, q := range w.quotas {
			if q.balance.IsNegative() || q.balance.GreaterThan(q.value) {
				t.Errorf("seed %d: quota %s balance %s of %s", cfg.Seed, q.id, q.balance, q.value)
			}
		}
		var last *accountChange
		for _, ch := range w.changes {
			if ch.owner == "" && (last == nil || !ch.at.Before(last.at)) {
				last = ch
			}
			if ch.balanceAfter.IsNegative() {
				t.Errorf("seed %d: negative balance after change %s", cfg.Seed, ch.id)
			}
		}
		if last != nil && !last.balanceAfter.Equal(w.partner.cash.balance) {
			t.Errorf("seed %d: last change ends at %s, balance is %s", cfg.Seed, last.balanceAfter, w.partner.cash.balance)
		}
		for _, o := range w.orders {
			for _, l := range o.lines {
				r := w.resourceByID[l.resourceID]
				if r == nil || r.customerID != o.customerID || r.effective.After(cfg.BaseDate) {
					t.Fatalf("seed %d: order %s line for resource %s", cfg.Seed, o.id, l.resourceID)
				}
			}
		}
		if w.customerByID[w.heavyCustomerID] == nil {
			t.Errorf("seed %d: no heavy customer", cfg.Seed)
		}
		if len(w.monthBills("2024-04").byCustomer[w.heavyCustomerID]) <= 1000 {
			t.Errorf("seed %d: the heavy customer has too few records", cfg.Seed)
		}
	}
}
