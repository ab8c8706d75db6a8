package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// world is the sandbox's in-memory state. Every access happens under
// Server.mu.
type world struct {
	cfg  *Config
	seed uint64
	base time.Time
	// rng draws the IDs of objects created at run time; it is seeded from
	// the seed too, so a given sequence of calls gives the same IDs.
	rng *rand.Rand

	partner      *partnerAccount
	resellers    []*reseller
	resellerByID map[string]*reseller

	// customers are kept newest association first, the order
	// ListSubCustomers answers in.
	customers       []*customer
	customerByID    map[string]*customer
	customerByName  map[string]*customer
	heavyCustomerID string

	quotas     []*quota
	quotaByID  map[string]*quota
	coupons    []*coupon
	couponByID map[string]*coupon

	orders    []*order
	orderByID map[string]*order

	resources    []*resource
	resourceByID map[string]*resource

	changes       []*accountChange
	adjusts       []*adjustRecord
	quotaRecords  []*quotaRecord
	couponRecords []*couponRecord

	bills map[string]*monthBills

	products []product
	regions  []region

	// qrCodes are the issued real-name QR codes by code (h_realname_qr.go).
	qrCodes map[string]*qrCode

	intlState *intlState // see h_intl.go
}

// account is a cash account.
type account struct {
	id         string
	balance    decimal.Decimal
	designated decimal.Decimal
}

type partnerAccount struct {
	id, name    string
	cash        account
	creditID    string
	creditLimit decimal.Decimal
	creditUsed  decimal.Decimal
}

type reseller struct {
	id, accountName, name string
	phone, email          string
	associatedOn          time.Time
	cash                  account
	managerID             string
	managerName           string
}

type customer struct {
	id, accountName, realName string
	phone, email, label       string
	associationType           string // "1" referral, "2" resale
	resellerID                string
	associatedOn              time.Time
	verified                  string // "-1", "0", "1", "2"
	customerType              int    // -1, 0, 1
	xaccountID, xaccountType  string
	level                     string
	manager                   string
	cash                      account
	debt                      decimal.Decimal
	seeded                    bool
	index                     int
	realname                  *realnameApp
	// pendingUntil is when a customer created through the API becomes
	// associated (Config.AssociationDelay); zero when it is.
	pendingUntil time.Time
}

// associated reports whether c's association with its partner has
// completed at now.
func (c *customer) associated(now time.Time) bool {
	return c.pendingUntil.IsZero() || !now.Before(c.pendingUntil)
}

// realnameApp is a submitted real-name authentication.
type realnameApp struct {
	enterprise bool
	isReview   int
	submitted  time.Time
	decideAt   time.Time
	reject     bool
	name       string
}

type quota struct {
	id, parentID string
	resellerID   string // "" for the partner's own quotas
	quotaType    int    // 0 voucher, 1 cash coupon
	value        decimal.Decimal
	balance      decimal.Decimal
	status       int
	created      time.Time
	updated      time.Time
	effective    time.Time
	expire       time.Time
	services     []string
}

type coupon struct {
	id, customerID, quotaID, resellerID string
	couponType                          int // 1 voucher, 4 cash coupon
	face, balance                       decimal.Decimal
	status                              int // 1..5
	effective, expire, created          time.Time
	memo                                string
	services                            []string
	orderID                             string
}

type order struct {
	id, customerID string
	service        string
	serviceName    string
	sourceType     int
	status         int
	orderType      int
	amount         decimal.Decimal
	official       decimal.Decimal
	created        time.Time
	paid           time.Time
	userName       string
	lines          []*orderLine
	// renewal is applied when a pending renewal order is paid.
	renewal *renewal
}

type orderLine struct {
	id, productID, specDesc string
	service, resourceType   string
	periodType, periodNum   int
	effective, expire       time.Time
	amount, official        decimal.Decimal
	resourceID              string
}

type renewal struct {
	resourceIDs []string
	periodType  int
	periodNum   int
}

type resource struct {
	internalID, id, name string
	customerID           string
	region               string
	product              *product
	spec                 string
	projectID            string
	parentID             string
	main                 bool
	status               int
	effective, expire    time.Time
	updated              time.Time
	policy               int
	autoRenewTimes       int
	monthly              decimal.Decimal
	// history holds the expiry before each renewal, latest last.
	history []time.Time
}

type accountChange struct {
	id           string
	owner        string // "" partner, reseller ID or customer ID
	tradeType    string
	detailType   string
	at           time.Time
	tradeID      string
	amount       decimal.Decimal // signed
	balanceAfter decimal.Decimal
	counterparty string // customer or reseller ID
	counterName  string
}

type adjustRecord struct {
	owner      string // "" partner, or the reseller that did it
	targetID   string
	targetName string
	opType     string
	amount     decimal.Decimal
	at         time.Time
	transID    string
}

type quotaRecord struct {
	id, opType, quotaID, parentID, resellerID string
	amount                                    decimal.Decimal
	at                                        time.Time
	remark                                    string
	failed                                    bool // result "-1"
}

type couponRecord struct {
	id, opType, quotaID, couponID, customerID, resellerID string
	quotaType                                             int
	amount                                                decimal.Decimal
	at                                                    time.Time
	remark                                                string
	failed                                                bool // result "-1"
}

// product is a sellable cloud product of the seeded catalog.
type product struct {
	service, serviceName       string
	resourceType, resourceName string
	specs                      []string
	productID                  string
	minMonthly, maxMonthly     int64 // yuan
	payPerUse                  bool
	usageType                  string
	usageMeasure               int
	attachable                 bool
	short                      string // prefix of resource names
}

type region struct{ code, name string }

func catalogProducts() []product {
	return []product{
		{short: "ecs", service: "hws.service.type.ec2", serviceName: "Elastic Cloud Server", resourceType: "hws.resource.type.vm", resourceName: "Cloud server",
			specs: []string{"s6.large.2.linux", "c7.xlarge.2.linux", "m6.2xlarge.8.linux", "s6.medium.2.win"}, productID: "00301-200001-0--0", minMonthly: 120, maxMonthly: 1600},
		{short: "evs", service: "hws.service.type.ebs", serviceName: "Elastic Volume Service", resourceType: "hws.resource.type.volume", resourceName: "Disk",
			specs: []string{"SSD", "SAS", "GPSSD"}, productID: "00301-210002-0--0", minMonthly: 20, maxMonthly: 300, attachable: true},
		{short: "bandwidth", service: "hws.service.type.vpc", serviceName: "Virtual Private Cloud", resourceType: "hws.resource.type.bandwidth", resourceName: "Bandwidth",
			specs: []string{"19_bgp 5Mbit/s", "19_bgp 10Mbit/s"}, productID: "00301-220001-0--0", minMonthly: 100, maxMonthly: 600},
		{short: "rds", service: "hws.service.type.rds", serviceName: "Relational Database Service", resourceType: "hws.resource.type.rds.vm", resourceName: "Database instance",
			specs: []string{"rds.mysql.n1.large.2.ha", "rds.pg.x1.xlarge.4"}, productID: "00301-230003-0--0", minMonthly: 400, maxMonthly: 3000},
		{short: "redis", service: "hws.service.type.dcs", serviceName: "Distributed Cache Service", resourceType: "hws.resource.type.dcs", resourceName: "Redis instance",
			specs: []string{"redis.ha.xu1.large.r2.2", "redis.single.xu1.large.1"}, productID: "00301-240001-0--0", minMonthly: 150, maxMonthly: 900},
		{short: "cce", service: "hws.service.type.cce", serviceName: "Cloud Container Engine", resourceType: "hws.resource.type.cce.cluster", resourceName: "Cluster",
			specs: []string{"cce.s1.small", "cce.s2.medium"}, productID: "00301-250001-0--0", minMonthly: 300, maxMonthly: 1500},
		{short: "obs", service: "hws.service.type.obs", serviceName: "Object Storage Service", resourceType: "hws.resource.type.obs", resourceName: "Bucket",
			specs: []string{"obs.standard"}, productID: "00301-260001-0--0", payPerUse: true, usageType: "capacity", usageMeasure: 17},
		{short: "cdn", service: "hws.service.type.cdn", serviceName: "Content Delivery Network", resourceType: "hws.resource.type.cdn", resourceName: "Acceleration domain",
			specs: []string{"cdn.traffic"}, productID: "00301-270001-0--0", payPerUse: true, usageType: "downflow", usageMeasure: 10},
	}
}

func catalogRegions() []region {
	return []region{
		{"cn-north-4", "CN North-Beijing4"}, {"cn-east-3", "CN East-Shanghai1"}, {"cn-south-1", "CN South-Guangzhou"},
		{"ap-southeast-1", "CN-Hong Kong"}, {"cn-southwest-2", "CN Southwest-Guiyang1"},
	}
}

// Helpers for deterministic values.

func hex32(r *rand.Rand) string { return fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64()) }

func uuidOf(r *rand.Rand) string {
	h := hex32(r)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

const alnum = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"

func code(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[r.IntN(len(alnum))]
	}
	return string(b)
}

// hexOf derives a stable 32-character hex ID from a text.
func hexOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

// yuan converts cents to an exact amount.
func yuan(cents int64) decimal.Decimal { return decimal.New(cents, -2) }

// between draws an amount of whole cents in [lo, hi] yuan.
func between(r *rand.Rand, lo, hi int64) decimal.Decimal {
	return yuan(lo*100 + r.Int64N((hi-lo)*100+1))
}

func day(t time.Time, days int) time.Time { return t.AddDate(0, 0, days) }

// endOfDay is 15:59:59 UTC, midnight in Beijing: when the API's periods end.
func endOfDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 15, 59, 59, 0, time.UTC)
}

// wordLists returns the words seeded names are made of.
func wordLists() (wordsA, wordsB, people, labels []string) {
	wordsA = []string{"bright", "blue", "north", "swift", "green", "silver", "golden", "red", "river", "stone", "cloud", "sun", "ocean", "maple", "jade", "iron", "lotus", "pine", "star", "amber"}
	wordsB = []string{"tech", "data", "logistics", "retail", "media", "health", "foods", "games", "labs", "energy", "travel", "edu", "robotics", "finance", "design", "farm"}
	people = []string{"Li Wei", "Wang Fang", "Zhang Min", "Liu Yang", "Chen Jing", "Yang Lei", "Zhao Qiang", "Huang Li", "Zhou Tao", "Wu Xia", "Xu Jun", "Sun Hui"}
	labels = []string{"", "", "vip", "smb", "education", "gaming", "startup", "retail"}
	return wordsA, wordsB, people, labels
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// seedWorld builds the deterministic world of cfg.Seed around cfg.BaseDate.
func seedWorld(cfg *Config) *world {
	seed := uint64(cfg.Seed)
	r := rand.New(rand.NewPCG(seed, 0x5eed0001))
	w := &world{
		cfg:            cfg,
		seed:           seed,
		base:           cfg.BaseDate,
		rng:            rand.New(rand.NewPCG(seed, 0x5eed0002)),
		resellerByID:   map[string]*reseller{},
		customerByID:   map[string]*customer{},
		customerByName: map[string]*customer{},
		quotaByID:      map[string]*quota{},
		couponByID:     map[string]*coupon{},
		orderByID:      map[string]*order{},
		resourceByID:   map[string]*resource{},
		bills:          map[string]*monthBills{},
		products:       catalogProducts(),
		regions:        catalogRegions(),
	}
	base := w.base
	wordsA, wordsB, people, labels := wordLists()
	pid := cfg.DomainID
	if pid == "" {
		pid = hex32(r)
	} else {
		_ = hex32(r)
	}
	w.partner = &partnerAccount{
		id:          pid,
		name:        cfg.DomainName,
		cash:        account{id: hex32(r), balance: yuan((2_000_000 + int64(cfg.Customers)*25_000) * 100)},
		creditID:    hex32(r),
		creditLimit: yuan(50_000_000),
	}
	// Partner top-ups over the last year.
	type event struct {
		at time.Time
		fn func()
	}
	var events []event
	for m := 12; m >= 1; m-- {
		amt := between(r, 100_000, 500_000).Truncate(0)
		at := day(base, -30*m+r.IntN(20)).Add(time.Duration(r.IntN(36000)) * time.Second)
		tid := hex32(r)
		events = append(events, event{at, func() {
			w.partner.cash.balance = w.partner.cash.balance.Add(amt)
			w.addChange("", "RECHARGE", "SOURCE_OPERAIION_RECHARGE", at, tid, amt, w.partner.cash.balance, "", "")
		}})
	}

	// Resellers.
	for i := 0; i < 6; i++ {
		a, b := wordsA[r.IntN(len(wordsA))], wordsB[r.IntN(len(wordsB))]
		rs := &reseller{
			id:           hex32(r),
			accountName:  fmt.Sprintf("%s-%s-reseller-%02d", a, b, i+1),
			name:         fmt.Sprintf("%s %s Cloud Services Co., Ltd.", title(a), title(b)),
			phone:        fmt.Sprintf("0086-13%09d", r.IntN(1_000_000_000)),
			associatedOn: day(base, -400-r.IntN(600)).Add(time.Duration(r.IntN(86400)) * time.Second),
			cash:         account{id: hex32(r)},
			managerID:    fmt.Sprintf("am-%03d", r.IntN(1000)),
			managerName:  people[r.IntN(len(people))],
		}
		rs.email = rs.accountName + "@example.com"
		w.resellers = append(w.resellers, rs)
		w.resellerByID[rs.id] = rs
	}

	// Customers.
	n := cfg.Customers
	for i := 0; i < n; i++ {
		a, b := wordsA[r.IntN(len(wordsA))], wordsB[r.IntN(len(wordsB))]
		c := &customer{
			id:              hex32(r),
			accountName:     fmt.Sprintf("%s-%s-%04d", a, b, i+1),
			associationType: "2",
			associatedOn:    day(base, -3-r.IntN(900)).Add(time.Duration(r.IntN(86400)) * time.Second),
			xaccountID:      fmt.Sprintf("xa-%06d", i+1),
			xaccountType:    cfg.XAccountType,
			level:           "V" + strconv.Itoa(r.IntN(6)),
			manager:         fmt.Sprintf("am-%03d", r.IntN(40)),
			cash:            account{id: hex32(r)},
			seeded:          true,
			index:           i,
		}
		c.phone = fmt.Sprintf("13%09d", r.IntN(1_000_000_000))
		c.email = c.accountName + "@example.com"
		c.label = labels[r.IntN(len(labels))]
		switch x := r.IntN(100); {
		case i == 0 || x < 70:
			c.customerType = 1
			c.realName = fmt.Sprintf("%s %s Co., Ltd.", title(a), title(b))
		case x < 95:
			c.customerType = 0
			c.realName = people[r.IntN(len(people))]
		default:
			c.customerType = -1
		}
		c.verified = "2"
		if c.customerType == -1 {
			c.verified = "-1"
		} else if i > 0 && r.IntN(40) == 0 {
			c.verified = "0"
		} else if i > 0 && r.IntN(60) == 0 {
			c.verified = "1"
		}
		if i > 0 && r.IntN(100) < 25 {
			c.associationType = "1"
		}
		if c.associationType == "2" && i > 0 && r.IntN(100) < 15 {
			c.resellerID = w.resellers[r.IntN(len(w.resellers))].id
		}
		if c.associationType == "1" {
			c.cash.balance = between(r, 0, 3000)
		}
		w.customers = append(w.customers, c)
		w.customerByID[c.id] = c
		w.customerByName[strings.ToLower(c.accountName)] = c
	}
	w.heavyCustomerID = w.customers[0].id

	// Allocations to resale customers (from the partner or their reseller),
	// and to resellers from the partner.
	resellerNeed := map[string]decimal.Decimal{}
	for _, c := range w.customers {
		if c.associationType != "2" {
			continue
		}
		k := 1 + r.IntN(3)
		for j := 0; j < k; j++ {
			amt := between(r, 200, 20_000).Truncate(0)
			start := c.associatedOn
			if lim := day(base, -360); start.Before(lim) {
				start = lim
			}
			span := int(base.Sub(start).Hours()/24) - 1
			if span < 1 {
				span = 1
			}
			at := day(start, r.IntN(span)).Add(time.Duration(r.IntN(36000)) * time.Second)
			tid := hex32(r)
			c := c
			if c.resellerID != "" {
				resellerNeed[c.resellerID] = resellerNeed[c.resellerID].Add(amt)
			}
			events = append(events, event{at, func() { w.allocate(c, amt, at, tid) }})
		}
		c.debt = decimal.Zero
	}
	for _, rs := range w.resellers {
		amt := resellerNeed[rs.id].Add(between(r, 10_000, 100_000).Truncate(0))
		at := day(base, -364).Add(time.Duration(r.IntN(36000)) * time.Second)
		tid := hex32(r)
		rs := rs
		events = append(events, event{at, func() { w.fundReseller(rs, amt, at, tid) }})
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	for _, e := range events {
		e.fn()
	}
	// Customers have spent part of what they were given.
	for _, c := range w.customers {
		if c.associationType == "2" && c.cash.balance.IsPositive() {
			pct := int64(r.IntN(60))
			spent := c.cash.balance.Mul(decimal.New(pct, -2)).Truncate(2)
			c.cash.balance = c.cash.balance.Sub(spent)
		}
	}

	w.seedQuotasAndCoupons(r)
	w.seedResourcesAndOrders(r)

	sort.SliceStable(w.customers, func(i, j int) bool { return w.customers[i].associatedOn.After(w.customers[j].associatedOn) })
	return w
}

// addChange appends an account change record.
func (w *world) addChange(owner, tradeType, detail string, at time.Time, tradeID string, amount, after decimal.Decimal, cp, cpName string) {
	w.changes = append(w.changes, &accountChange{
		id: fmt.Sprintf("AC%s%06d", at.Format("20060102"), len(w.changes)+1), owner: owner, tradeType: tradeType,
		detailType: detail, at: at, tradeID: tradeID, amount: amount, balanceAfter: after, counterparty: cp, counterName: cpName,
	})
}

// payer returns the account that funds customer c: its reseller's, or the
// partner's.
func (w *world) payer(c *customer) (owner string, acct *account) {
	if c.resellerID != "" {
		if rs := w.resellerByID[c.resellerID]; rs != nil {
			return rs.id, &rs.cash
		}
	}
	return "", &w.partner.cash
}

// allocate moves amt from c's payer to c, with the records of both sides.
// The caller has checked the balance.
func (w *world) allocate(c *customer, amt decimal.Decimal, at time.Time, tid string) {
	owner, from := w.payer(c)
	from.balance = from.balance.Sub(amt)
	c.cash.balance = c.cash.balance.Add(amt)
	w.addChange(owner, "ADJUST", "SOURCE_OPERATION_BEADJUST", at, tid, amt.Neg(), from.balance, c.id, c.accountName)
	w.addChange(c.id, "BEADJUST", "SOURCE_OPERATION_BEADJUST", at, tid, amt, c.cash.balance, "", "")
	w.adjusts = append(w.adjusts, &adjustRecord{owner: owner, targetID: c.id, targetName: c.accountName, opType: "SOURCE_OPERATION_BEADJUST", amount: amt, at: at, transID: tid})
}

// reclaim moves amt from c back to its payer.
func (w *world) reclaim(c *customer, amt decimal.Decimal, at time.Time, tid string) {
	owner, to := w.payer(c)
	c.cash.balance = c.cash.balance.Sub(amt)
	to.balance = to.balance.Add(amt)
	w.addChange(owner, "BERETRIEVE", "SOURCE_OPERATION_BERETRIEVE", at, tid, amt, to.balance, c.id, c.accountName)
	w.addChange(c.id, "BERETRIEVE", "SOURCE_OPERATION_BERETRIEVE", at, tid, amt.Neg(), c.cash.balance, "", "")
	w.adjusts = append(w.adjusts, &adjustRecord{owner: owner, targetID: c.id, targetName: c.accountName, opType: "SOURCE_OPERATION_BERETRIEVE", amount: amt, at: at, transID: tid})
}

// fundReseller moves amt from the partner to reseller rs.
func (w *world) fundReseller(rs *reseller, amt decimal.Decimal, at time.Time, tid string) {
	w.partner.cash.balance = w.partner.cash.balance.Sub(amt)
	rs.cash.balance = rs.cash.balance.Add(amt)
	w.addChange("", "ADJUST", "SOURCE_OPERATION_BEADJUST", at, tid, amt.Neg(), w.partner.cash.balance, rs.id, rs.accountName)
	w.addChange(rs.id, "BEADJUST", "SOURCE_OPERATION_BEADJUST", at, tid, amt, rs.cash.balance, "", "")
	w.adjusts = append(w.adjusts, &adjustRecord{targetID: rs.id, targetName: rs.accountName, opType: "SOURCE_OPERATION_BEADJUST", amount: amt, at: at, transID: tid})
}

// reclaimReseller moves amt from reseller rs back to the partner.
func (w *world) reclaimReseller(rs *reseller, amt decimal.Decimal, at time.Time, tid string) {
	rs.cash.balance = rs.cash.balance.Sub(amt)
	w.partner.cash.balance = w.partner.cash.balance.Add(amt)
	w.addChange("", "BERETRIEVE", "SOURCE_OPERATION_BERETRIEVE", at, tid, amt, w.partner.cash.balance, rs.id, rs.accountName)
	w.addChange(rs.id, "BERETRIEVE", "SOURCE_OPERATION_BERETRIEVE", at, tid, amt.Neg(), rs.cash.balance, "", "")
	w.adjusts = append(w.adjusts, &adjustRecord{targetID: rs.id, targetName: rs.accountName, opType: "SOURCE_OPERATION_BERETRIEVE", amount: amt, at: at, transID: tid})
}

func (w *world) seedQuotasAndCoupons(r *rand.Rand) {
	base := w.base
	mk := func(qt int, value int64, status int, effDays, expDays int, services []string) *quota {
		q := &quota{
			id: "QU" + base.Format("0601") + code(r, 12), quotaType: qt, value: yuan(value * 100), balance: yuan(value * 100),
			status: status, effective: day(base, effDays), expire: endOfDay(day(base, expDays)), services: services,
		}
		q.created = q.effective.Add(-time.Hour)
		q.updated = q.created
		w.quotas = append(w.quotas, q)
		w.quotaByID[q.id] = q
		return q
	}
	q1 := mk(0, 200_000, 0, -200, 165, nil)
	q2 := mk(0, 50_000, 0, -120, 245, []string{"hws.service.type.ec2"})
	q3 := mk(1, 100_000, 0, -90, 275, nil)
	q4 := mk(0, 20_000, 3, -500, -135, nil)
	// Quotas issued to the first three resellers out of q1.
	for i := 0; i < 3 && i < len(w.resellers); i++ {
		rs := w.resellers[i]
		amt := yuan(10_000_00)
		sub := &quota{
			id: "QU" + base.Format("0601") + code(r, 12), parentID: q1.id, resellerID: rs.id, quotaType: 0,
			value: amt, balance: amt, status: 0, effective: q1.effective, expire: q1.expire,
		}
		sub.created = day(q1.effective, 3)
		sub.updated = sub.created
		q1.balance = q1.balance.Sub(amt)
		w.quotas = append(w.quotas, sub)
		w.quotaByID[sub.id] = sub
		w.quotaRecords = append(w.quotaRecords, &quotaRecord{id: hex32(r), opType: "10", quotaID: sub.id, parentID: q1.id, resellerID: rs.id, amount: amt, at: sub.created, remark: "seeded"})
	}
	// Coupons issued to resale customers.
	var resale []*customer
	for _, c := range w.customers {
		if c.associationType == "2" {
			resale = append(resale, c)
		}
	}
	if len(resale) == 0 {
		return
	}
	pools := []*quota{q1, q1, q2, q3, q4}
	for i := 0; i < 400; i++ {
		q := pools[r.IntN(len(pools))]
		c := resale[r.IntN(len(resale))]
		face := yuan(int64(5+r.IntN(200)) * 10 * 100)
		if q.balance.LessThan(face) {
			continue
		}
		created := day(q.effective, r.IntN(max(1, int(minTime(base, q.expire).Sub(q.effective).Hours()/24)))).Add(time.Duration(r.IntN(36000)) * time.Second)
		cp := &coupon{
			id: "CP" + created.Format("060102") + code(r, 10), customerID: c.id, quotaID: q.id, resellerID: c.resellerID,
			couponType: 1, face: face, balance: face, status: 2, effective: created, expire: q.expire, created: created,
			services: q.services,
		}
		if q.quotaType == 1 {
			cp.couponType = 4
		}
		q.balance = q.balance.Sub(face)
		switch x := r.IntN(100); {
		case q.status == 3:
			cp.status = 4
			cp.balance = face.Mul(decimal.New(int64(r.IntN(100)), -2)).Truncate(2)
		case x < 15:
			cp.status = 3
			cp.balance = decimal.Zero
			cp.orderID = "CS" + created.Format("0601021504") + code(r, 5)
		case x < 35:
			cp.balance = face.Mul(decimal.New(int64(10+r.IntN(80)), -2)).Truncate(2)
		case x < 42:
			cp.status = 5
			q.balance = q.balance.Add(cp.balance)
		}
		w.coupons = append(w.coupons, cp)
		w.couponByID[cp.id] = cp
		w.couponRecords = append(w.couponRecords, &couponRecord{id: hex32(r), opType: "1", quotaID: q.id, quotaType: q.quotaType,
			couponID: cp.id, customerID: c.id, resellerID: c.resellerID, amount: face, at: created})
		if cp.status == 5 {
			w.couponRecords = append(w.couponRecords, &couponRecord{id: hex32(r), opType: "2", quotaID: q.id, quotaType: q.quotaType,
				couponID: cp.id, customerID: c.id, resellerID: c.resellerID, amount: cp.balance, at: day(created, 7)})
			cp.balance = decimal.Zero
		}
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// monthlyPrice draws a resource's monthly list price.
func monthlyPrice(r *rand.Rand, p *product) decimal.Decimal {
	return between(r, p.minMonthly, p.maxMonthly).Truncate(0)
}

func (w *world) seedResourcesAndOrders(r *rand.Rand) {
	base := w.base
	var periodic []*product
	var attach *product
	for i := range w.products {
		p := &w.products[i]
		switch {
		case p.attachable:
			attach = p
		case !p.payPerUse:
			periodic = append(periodic, p)
		}
	}
	for _, c := range w.customers {
		if c.verified != "2" {
			continue
		}
		k := 2 + r.IntN(12)
		if c.id == w.heavyCustomerID {
			k = 40
		}
		project := hex32(r)
		for j := 0; j < k; j++ {
			p := periodic[r.IntN(len(periodic))]
			reg := w.regions[r.IntN(len(w.regions))]
			months := 1
			if r.IntN(3) == 0 {
				months = 12
			}
			// The current period started in the past; a few ended already.
			periodDays := 30 * months
			started := day(base, -1-r.IntN(periodDays-1))
			if r.IntN(20) == 0 {
				started = day(base, -periodDays-1-r.IntN(20))
			}
			effective := endOfDay(day(started, -1)).Add(time.Second)
			expire := effective.AddDate(0, months, 0).Add(-time.Second)
			main := &resource{
				internalID: hex32(r), id: uuidOf(r), customerID: c.id, region: reg.code, product: p,
				spec: p.specs[r.IntN(len(p.specs))], projectID: project, main: true, status: 2,
				effective: effective, expire: expire, updated: effective, monthly: monthlyPrice(r, p),
			}
			main.name = fmt.Sprintf("%s-%s-%02d", p.short, strings.SplitN(c.accountName, "-", 2)[0], j+1)
			if expire.Before(base) {
				main.status = 5
			} else if r.IntN(40) == 0 {
				main.status = 4
			}
			if r.IntN(5) == 0 {
				main.policy = 3
			}
			group := []*resource{main}
			if p.resourceType == "hws.resource.type.vm" && r.IntN(2) == 0 {
				d := &resource{
					internalID: hex32(r), id: uuidOf(r), customerID: c.id, region: reg.code, product: attach,
					spec: attach.specs[r.IntN(len(attach.specs))], projectID: project, parentID: main.id, status: main.status,
					effective: effective, expire: expire, updated: effective, policy: main.policy, monthly: monthlyPrice(r, attach),
				}
				d.name = main.name + "-volume"
				group = append(group, d)
			}
			var lines []*orderLine
			total := decimal.Zero
			for _, res := range group {
				w.resources = append(w.resources, res)
				w.resourceByID[res.id] = res
				amt := res.monthly.Mul(decimal.NewFromInt(int64(months)))
				total = total.Add(amt)
				lines = append(lines, &orderLine{id: hex32(r), productID: res.product.productID, specDesc: res.spec,
					service: res.product.service, resourceType: res.product.resourceType, periodType: periodTypeOf(months),
					periodNum: periodNumOf(months), effective: res.effective, expire: res.expire, amount: amt, official: amt, resourceID: res.id})
			}
			o := &order{
				id: "CS" + effective.Format("0601021504") + code(r, 5), customerID: c.id, service: p.service, serviceName: p.serviceName,
				sourceType: 1, status: 5, orderType: 1, amount: total, official: total, created: effective.Add(-time.Minute),
				paid: effective, userName: c.accountName, lines: lines,
			}
			if c.associationType == "2" {
				o.sourceType = 2
			}
			w.orders = append(w.orders, o)
			w.orderByID[o.id] = o
		}
	}
	sort.SliceStable(w.orders, func(i, j int) bool { return w.orders[i].created.After(w.orders[j].created) })
}

func periodTypeOf(months int) int {
	if months%12 == 0 {
		return 3
	}
	return 2
}

func periodNumOf(months int) int {
	if months%12 == 0 {
		return months / 12
	}
	return months
}

// newID returns a new run-time ID with a prefix, e.g. "CP" + date + code.
func (w *world) newCode(prefix string, at time.Time, n int) string {
	return prefix + at.Format("060102") + code(w.rng, n)
}

// resaleCustomer returns customer id of the partner (or, with resellerID,
// of that reseller).
func (w *world) findCustomer(id, resellerID string) (*customer, *apiError) {
	c := w.customerByID[id]
	if c == nil || c.resellerID != resellerID || !c.associated(w.cfg.Now().UTC()) {
		who := "the partner"
		if resellerID != "" {
			who = "the reseller " + resellerID
		}
		return nil, errNotAssociated("Access denied: customer " + quoteMax(id, 64) + " is not associated with " + who)
	}
	return c, nil
}
