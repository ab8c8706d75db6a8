package sandbox

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// maxFillDepth bounds the nesting of generated objects.
const maxFillDepth = 5

func hashOf(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		_, _ = h.Write([]byte(p))
		_, _ = h.Write([]byte{0})
	}
	return h.Sum64()
}

// genericHandler answers any operation from its response model: a
// deterministic, realistic body whose values depend on the seed, the
// operation and the item's position, with paging honoured for list
// operations and request filters echoed into matching response fields.
func (s *Server) genericHandler(c *call) (*obj, error) {
	if len(s.models[c.op.Response]) == 0 {
		return nil, nil
	}
	key := strconv.FormatUint(c.w.seed, 10) + "/" + c.op.Name
	resp := s.fill(c.op.Response, key, 0)
	if p := c.op.Page; p != nil {
		itemModel, ok := s.arrayModel(c.op.Response, p.Items)
		parent := descend(resp, p.Items)
		if ok && parent != nil {
			n := 12 + int(hashOf(key, "count")%40)
			lo, hi, e := window(c.op, c.a, n)
			if e != nil {
				return nil, e
			}
			items := make([]*obj, 0, hi-lo)
			for i := lo; i < hi; i++ {
				item := s.fill(itemModel, key+"#"+strconv.Itoa(i), 1)
				s.echo(c, itemModel, item)
				items = append(items, item)
			}
			leaf := p.Items[strings.LastIndexByte(p.Items, '.')+1:]
			parent.set(leaf, items)
			for _, name := range []string{"total_count", "count", "totalCount", "totalSize", "totalRecord", "total"} {
				if parent.has(name) {
					parent.set(name, n)
				}
				if resp.has(name) {
					resp.set(name, n)
				}
			}
		}
	}
	s.echo(c, c.op.Response, resp)
	return resp, nil
}

// descend returns the object holding the last member of a dotted path.
func descend(o *obj, path string) *obj {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := o.get(p).(*obj)
		if !ok {
			return nil
		}
		o = next
	}
	return o
}

// arrayModel returns the item model of the list at a dotted path of model.
func (s *Server) arrayModel(model, path string) (string, bool) {
	parts := strings.Split(path, ".")
	for i, p := range parts {
		f := s.field(model, p)
		if f == nil {
			return "", false
		}
		if i == len(parts)-1 {
			m, ok := strings.CutPrefix(f.Type, "array:object:")
			return m, ok
		}
		m, ok := strings.CutPrefix(f.Type, "object:")
		if !ok {
			return "", false
		}
		model = m
	}
	return "", false
}

// field returns the spec of a model's field, nil when unknown.
func (s *Server) field(model, name string) *fieldSpec {
	fields := s.models[model]
	for i := range fields {
		if fields[i].Name == name {
			return &fields[i]
		}
	}
	return nil
}

// echo copies scalar request parameters into response fields of the same
// name and type, so that filtered lists look filtered.
func (s *Server) echo(c *call, model string, o *obj) {
	for i := range s.models[c.op.Request] {
		rf := &s.models[c.op.Request][i]
		if rf.In != "query" && rf.In != "body" && rf.In != "path" {
			continue
		}
		f := s.field(model, rf.Name)
		if f == nil || !o.has(rf.Name) {
			continue
		}
		switch {
		case f.Type == "string" && rf.Type == "string":
			if v, ok := c.a.str(rf.Name); ok && v != "" {
				o.set(rf.Name, v)
			}
		case (f.Type == "int32" || f.Type == "int64") && (rf.Type == "int32" || rf.Type == "int64"):
			if strings.HasSuffix(rf.Name, "offset") || strings.HasSuffix(rf.Name, "limit") {
				continue
			}
			if v, ok := c.a.int(rf.Name); ok {
				o.set(rf.Name, v)
			}
		}
	}
}

// fill builds an object of model with values derived from key.
func (s *Server) fill(model, key string, depth int) *obj {
	o := newObj()
	for i := range s.models[model] {
		f := &s.models[model][i]
		if f.In == "header" {
			continue
		}
		o.set(f.Name, s.fillValue(f, f.Type, key+"."+f.Name, depth))
	}
	return o
}

func (s *Server) fillValue(f *fieldSpec, typ, key string, depth int) any {
	h := hashOf(key)
	if et, ok := strings.CutPrefix(typ, "array:"); ok {
		n := 2
		if depth >= 2 {
			n = 1
		}
		if depth >= maxFillDepth {
			n = 0
		}
		out := make([]any, 0, n)
		for i := 0; i < n; i++ {
			out = append(out, s.fillValue(f, et, key+"["+strconv.Itoa(i)+"]", depth+1))
		}
		return out
	}
	if m, ok := strings.CutPrefix(typ, "object:"); ok {
		if depth >= maxFillDepth {
			return newObj()
		}
		return s.fill(m, key, depth+1)
	}
	switch typ {
	case "string":
		// Product and region fields of one object agree with each other:
		// they are drawn from the object's key, not the field's.
		parent := key
		if i := strings.LastIndexByte(key, '.'); i >= 0 {
			parent = key[:i]
		}
		if len(f.Consts) == 0 && strings.Contains(strings.ToLower(f.Name), "currency") {
			return s.siteCurrency(key) // sites.go
		}
		return s.fillString(f, h, hashOf(parent))
	case "int32", "int64":
		if len(f.Consts) > 0 {
			if n, err := strconv.ParseInt(f.Consts[h%uint64(len(f.Consts))], 10, 64); err == nil {
				return n
			}
		}
		name := strings.ToLower(f.Name)
		switch {
		case strings.Contains(name, "measure"):
			return 1
		case strings.Contains(name, "count"), strings.Contains(name, "num"), strings.Contains(name, "quantity"), strings.Contains(name, "total"):
			return 1 + int64(h%20)
		}
		if f.HasMin && f.HasMax && f.Max >= f.Min {
			return f.Min + int64(h%uint64(f.Max-f.Min+1))
		}
		return int64(h % 10)
	case "decimal":
		d := decimal.New(int64(h%100_000), -2)
		if f.Money {
			d = yuan(int64(h % 2_000_000))
		}
		if f.WireString {
			return moneyText(d)
		}
		if f.Money {
			return money(d)
		}
		return number(d)
	case "bool":
		return h%2 == 0
	case "map":
		return newObj()
	}
	return nil
}

func (s *Server) fillString(f *fieldSpec, h, objHash uint64) string {
	base := s.cfg.BaseDate
	if len(f.Consts) > 0 {
		return f.Consts[h%uint64(len(f.Consts))]
	}
	at := base.Add(-time.Duration(h%(400*24)) * time.Hour).Add(time.Duration(h%3600) * time.Second)
	switch f.Format {
	case "utc-datetime":
		return at.Format("2006-01-02T15:04:05Z")
	case "yyyy-MM":
		return base.AddDate(0, -int(h%6), 0).Format("2006-01")
	case "yyyy-MM-dd":
		return at.Format("2006-01-02")
	}
	name := strings.ToLower(f.Name)
	n := h % 10000
	p := &s.w.products[objHash%uint64(len(s.w.products))]
	r := s.w.regions[objHash%uint64(len(s.w.regions))]
	has := func(parts ...string) bool {
		for _, x := range parts {
			if strings.Contains(name, x) {
				return true
			}
		}
		return false
	}
	switch {
	case name == "error_code":
		return codeSuccess
	case name == "error_msg":
		return "success"
	case has("currency"):
		return "CNY"
	case has("country"):
		return "0086"
	case has("cycle", "month", "period") && !has("type", "num"):
		return base.AddDate(0, -int(h%6), 0).Format("2006-01")
	case has("time", "date", "_on"):
		return at.Format("2006-01-02T15:04:05Z")
	case has("email"):
		return fmt.Sprintf("user%04d@example.com", n)
	case has("mobile", "phone"):
		return fmt.Sprintf("138%08d", h%100_000_000)
	case has("region") && has("name"):
		return r.name
	case has("region"):
		return r.code
	case has("service_type_name", "cloud_service_type_name", "servicetypename"):
		return p.serviceName
	case has("service_type", "servicetype", "cloud_service"):
		return p.service
	case has("resource_type_name", "resourcetypename"):
		return p.resourceName
	case has("resource_type", "resourcetype"):
		return p.resourceType
	case has("spec"):
		return p.specs[h%uint64(len(p.specs))]
	case has("url"):
		return fmt.Sprintf("https://sandbox.example.com/files/%d", n)
	case has("amount", "balance", "price", "amout", "fee"):
		return moneyText(yuan(int64(h % 1_000_000)))
	case has("order_id", "orderid"):
		return "CS" + at.Format("0601021504") + strings.ToUpper(strconv.FormatUint(h%60466176, 36))
	case has("coupon_id", "couponid"):
		return "CP" + at.Format("060102") + strings.ToUpper(strconv.FormatUint(h, 36))
	case has("resource_id", "resourceid"):
		x := fmt.Sprintf("%016x%016x", h, h*0x9e3779b97f4a7c15)
		return x[0:8] + "-" + x[8:12] + "-4" + x[13:16] + "-a" + x[17:20] + "-" + x[20:32]
	case name == "id" || strings.HasSuffix(name, "_id") || strings.HasSuffix(f.Name, "Id") || strings.HasSuffix(f.Name, "ID"):
		return fmt.Sprintf("%016x%016x", h, h*0x9e3779b97f4a7c15)
	case has("name"):
		return "sandbox-" + strings.ReplaceAll(name, "_", "-") + "-" + strconv.FormatUint(n, 10)
	case has("code"):
		return "CODE" + strconv.FormatUint(n, 10)
	case has("desc", "memo", "remark", "opinion", "reason", "msg", "message"):
		return "Sandbox " + strings.ReplaceAll(name, "_", " ") + " " + strconv.FormatUint(n, 10)
	}
	return "sandbox-" + strings.ReplaceAll(name, "_", "-") + "-" + strconv.FormatUint(n, 10)
}
