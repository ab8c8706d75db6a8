package sandbox

import (
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// billRecord is one consumption record of a sub-customer.
type billRecord struct {
	id, cycle, customerID    string
	product                  *product
	region                   region
	resourceID, resourceName string
	spec                     string
	chargingMode             int // 1 yearly/monthly, 3 pay-per-use
	detailType               int // 1 new purchase, 2 renewal, 4 refund, 5 usage, 8 auto-renewal
	periodType               int // 19 year, 20 month, 25 hour
	periodNum                int
	tradeID                  string
	tradeTime                time.Time
	official, discount       decimal.Decimal
	payment, cash, coupon    decimal.Decimal
	usage                    decimal.Decimal
}

// monthBills holds the records of one billing month, generated on first
// use from the seed, the month and each customer.
type monthBills struct {
	records    []*billRecord
	byCustomer map[string][]*billRecord
}

// billableMonths is how many months back bills exist (the API keeps 18).
const billableMonths = 18

// monthBills returns the records of cycle ("2006-01"); months outside the
// last 18 (or in the future) have none.
func (w *world) monthBills(cycle string) *monthBills {
	if mb, ok := w.bills[cycle]; ok {
		return mb
	}
	start, err := time.Parse("2006-01", cycle)
	empty := &monthBills{byCustomer: map[string][]*billRecord{}}
	if err != nil {
		return empty
	}
	baseMonth := time.Date(w.base.Year(), w.base.Month(), 1, 0, 0, 0, 0, time.UTC)
	if start.After(baseMonth) || !start.After(baseMonth.AddDate(0, -billableMonths, 0)) {
		return empty
	}
	end := start.AddDate(0, 1, 0)
	days := int(end.Sub(start).Hours() / 24)
	if start.Equal(baseMonth) {
		days = w.base.Day()
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(cycle))
	cycleKey := h.Sum64()

	owned := map[string][]*resource{}
	for _, res := range w.resources {
		if res.main {
			owned[res.customerID] = append(owned[res.customerID], res)
		}
	}
	var ppu []*product
	for i := range w.products {
		if w.products[i].payPerUse || w.products[i].service == "hws.service.type.ec2" {
			ppu = append(ppu, &w.products[i])
		}
	}
	mb := &monthBills{byCustomer: map[string][]*billRecord{}}
	// Seeded customers in seeding order, so that each one's records depend
	// only on the seed, the month and the customer.
	seeded := make([]*customer, 0, len(w.customers))
	for _, c := range w.customers {
		if c.seeded {
			seeded = append(seeded, c)
		}
	}
	byIndex := make([]*customer, len(seeded))
	for _, c := range seeded {
		if c.index < len(byIndex) {
			byIndex[c.index] = c
		}
	}
	for _, c := range byIndex {
		if c == nil || c.verified != "2" || !c.associatedOn.Before(end) {
			continue
		}
		r := rand.New(rand.NewPCG(w.seed^cycleKey, uint64(c.index)+1))
		n := r.IntN(36)
		if r.IntN(4) == 0 {
			n = 0
		}
		if c.id == w.heavyCustomerID {
			n = 1100 + r.IntN(200)
		}
		recs := make([]*billRecord, 0, n)
		for i := 0; i < n; i++ {
			at := start.Add(time.Duration(r.IntN(days)) * 24 * time.Hour).Add(time.Duration(r.IntN(86400)) * time.Second)
			rec := &billRecord{
				id: hex32(r), cycle: cycle, customerID: c.id, tradeTime: at,
				region: w.regions[r.IntN(len(w.regions))],
			}
			mine := owned[c.id]
			if len(mine) > 0 && r.IntN(10) < 4 {
				res := mine[r.IntN(len(mine))]
				rec.product, rec.region = res.product, w.regionOf(res.region)
				rec.resourceID, rec.resourceName, rec.spec = res.id, res.name, res.spec
				rec.chargingMode, rec.periodType, rec.periodNum = 1, 20, 1
				rec.tradeID = "CS" + at.Format("0601021504") + code(r, 5)
				rec.official = res.monthly
				switch x := r.IntN(20); {
				case x == 0:
					rec.detailType = 4
					rec.official = rec.official.Neg()
				case x < 4:
					rec.detailType = 1
				case x < 7:
					rec.detailType = 8
				default:
					rec.detailType = 2
				}
			} else {
				p := ppu[r.IntN(len(ppu))]
				rec.product = p
				rec.resourceID = uuidOf(r)
				rec.resourceName = p.resourceName + "-" + code(r, 6)
				rec.spec = p.specs[r.IntN(len(p.specs))]
				rec.chargingMode, rec.detailType, rec.periodType = 3, 5, 25
				rec.tradeID = hex32(r)
				rec.usage = decimal.New(int64(1+r.IntN(500000)), -3)
				rec.official = yuan(int64(1 + r.IntN(30000)))
			}
			pct := int64(r.IntN(16))
			rec.discount = rec.official.Mul(decimal.New(pct, -2)).Truncate(2)
			rec.payment = rec.official.Sub(rec.discount)
			rec.coupon = decimal.Zero
			if rec.payment.IsPositive() && r.IntN(10) == 0 {
				rec.coupon = rec.payment.Mul(decimal.New(int64(10+r.IntN(21)), -2)).Truncate(2)
			}
			rec.cash = rec.payment.Sub(rec.coupon)
			recs = append(recs, rec)
		}
		sortBills(recs)
		mb.byCustomer[c.id] = recs
		mb.records = append(mb.records, recs...)
	}
	w.bills[cycle] = mb
	return mb
}

func sortBills(recs []*billRecord) {
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].tradeTime.Before(recs[j].tradeTime) })
}

func (w *world) regionOf(code string) region {
	for _, r := range w.regions {
		if r.code == code {
			return r
		}
	}
	return region{code: code, name: code}
}
