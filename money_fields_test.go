package partnersdk_test

import (
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
)

// notMoney lists the money-sounding fields that do not carry an amount of
// money, each with the reason. Keys are "Type.Field".
var notMoney = map[string]string{
	"ListCostsRequest.CostType":                           "enumeration ORIGINAL_COST / AMORTIZED_COST",
	"ListCostsRequest.AmountType":                         "enumeration PAYMENT_AMOUNT / NET_AMOUNT",
	"ListCustomerAccountChangeRecordsRequest.BalanceType": "enumeration of account types",
	"ListCustomerCouponChangeRecordsRequest.BalanceType":  "enumeration of account types",
	"ListPartnerAccountChangeRecordsRequest.BalanceType":  "enumeration of account types",
	"ListEnterpriseMultiAccountRequest.BalanceType":       "enumeration of account types",
	"ShowMultiAccountTransferAmountRequest.BalanceType":   "enumeration of account types",
	"UpdateSubEnterpriseAmountRequest.BalanceType":        "enumeration of account types",
	"ReclaimSubEnterpriseAmountRequest.BalanceType":       "enumeration of account types",
	"TransferEnterpriseAmountRequest.BalanceType":         "enumeration of account types",
	"RetrieveEnterpriseAmountRequest.BalanceType":         "enumeration of account types",
	"BalanceTypeDeductSumV2.BalanceType":                  "enumeration of account types",
	"CostUnitPair.CostUnitRuleValue":                      "value of a cost-unit allocation rule, not an amount",
	"PeriodProductInfo.FeeInstallmentMode":                "enumeration HALF_PAY / ZERO_PAY / NA",
	"FreeResourceV3.Amount":                               "remaining usage quota of a resource package, in its measure unit",
	"FreeResourceV3.OriginalAmount":                       "usage quota of a resource package, in its measure unit",
	"FreeResourceRecord.AvailableAmount":                  "usage quota of a resource package, in its measure unit",
	"FreeResourceRecord.RemainingAmount":                  "usage quota of a resource package, in its measure unit",
	"FreeResourceRecord.UsedAmount":                       "usage deducted from a resource package, in its measure unit",
}

// moneyName matches field names that sound like money.
var moneyName = regexp.MustCompile(`(?i)(amount|price|balance|fee|cost|money|debt|facevalue)`)

// TestNoMoneyAsString walks every request and response type reachable from
// the services' methods and fails on a money-sounding field typed string
// (or *string, []string) that is not listed in notMoney with a reason.
func TestNoMoneyAsString(t *testing.T) {
	creds, err := auth.NewAKSK("AK", "SK")
	if err != nil {
		t.Fatal(err)
	}
	c, err := partnersdk.New(creds, partnersdk.WithEndpoint("http://127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[reflect.Type]bool{}
	var bad []string
	used := map[string]bool{}
	decimalType := reflect.TypeOf(decimal.Decimal{})
	var walk func(reflect.Type)
	walk = func(tp reflect.Type) {
		for tp.Kind() == reflect.Pointer || tp.Kind() == reflect.Slice || tp.Kind() == reflect.Map || tp.Kind() == reflect.Array {
			tp = tp.Elem()
		}
		if tp.Kind() != reflect.Struct || seen[tp] || tp == decimalType || !strings.HasPrefix(tp.PkgPath(), "github.com/hcpartner/partner-sdk-go/") {
			return
		}
		seen[tp] = true
		for i := 0; i < tp.NumField(); i++ {
			f := tp.Field(i)
			if !f.IsExported() {
				continue
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			key := tp.Name() + "." + f.Name
			if ft.Kind() == reflect.String && moneyName.MatchString(f.Name) && !strings.HasSuffix(f.Name, "Name") && !strings.HasSuffix(f.Name, "ID") && !strings.HasSuffix(f.Name, "IDs") {
				if _, ok := notMoney[key]; ok {
					used[key] = true
				} else {
					bad = append(bad, key+" ("+f.Type.String()+")")
				}
			}
			walk(f.Type)
		}
	}
	v := reflect.ValueOf(c).Elem()
	services := 0
	for i := 0; i < v.NumField(); i++ {
		s := v.Field(i)
		if s.Kind() != reflect.Pointer || !strings.HasSuffix(s.Type().Elem().Name(), "Service") {
			continue
		}
		services++
		for m := 0; m < s.Type().NumMethod(); m++ {
			mt := s.Type().Method(m).Type
			for j := 0; j < mt.NumIn(); j++ {
				walk(mt.In(j))
			}
			for j := 0; j < mt.NumOut(); j++ {
				walk(mt.Out(j))
			}
		}
	}
	if services < 5 || len(seen) < 100 {
		t.Fatalf("walked %d services and %d types: the walk is broken", services, len(seen))
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Errorf("money-sounding field is a string: %s; make it decimal.Decimal (money in the spec) or list it in notMoney with a reason", b)
	}
	for key := range notMoney {
		if !used[key] {
			t.Errorf("notMoney lists %s, which no longer exists as a string field", key)
		}
	}
}
