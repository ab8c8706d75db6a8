package exenv

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/partnertest"
)

func lookup(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestSandboxWhenNoCredentials(t *testing.T) {
	var log bytes.Buffer
	e, err := Setup(context.Background(), Options{Log: &log, Lookup: lookup(map[string]string{auth.EnvAccessKey: " "})})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if !e.IsSandbox() || strings.Count(log.String(), "\n") != 1 || !strings.Contains(log.String(), "local sandbox") {
		t.Fatalf("log: %q", log.String())
	}
	if _, err := e.Client.Partner.ListPartnerBalances(context.Background(), &partner.ListPartnerBalancesRequest{}); err != nil {
		t.Fatal(err)
	}
}

// TestCredentialsFromEnvironment takes the "real endpoint" path, pointed at
// a separately started sandbox through the environment.
func TestCredentialsFromEnvironment(t *testing.T) {
	info := partnertest.NewServer(t, partnertest.WithSeed(4))
	url := info.URL
	var log bytes.Buffer
	e, err := Setup(context.Background(), Options{Log: &log, Lookup: lookup(map[string]string{
		auth.EnvAccessKey: info.AK, auth.EnvSecretKey: info.SK, auth.EnvDomainID: info.DomainID,
		EnvEndpoint: url, EnvAgency: info.AgencyName, EnvXAccountType: info.XAccountType,
	})})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.IsSandbox() || !strings.Contains(log.String(), "Using the partner API at "+url) || e.AgencyName != info.AgencyName {
		t.Fatalf("env: %+v, log %q", e, log.String())
	}
	list, err := e.Client.Customer.ListSubCustomers(context.Background(), &customer.ListSubCustomersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cc, err := e.CustomerClient(list.CustomerInfos[0].CustomerID, e.AgencyName)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cc.Partner.ShowCustomerAccountBalances(context.Background(), &partner.ShowCustomerAccountBalancesRequest{}); err != nil {
		t.Fatal(err)
	}
	// Only half of the key pair is an error, not the sandbox.
	if _, err := Setup(context.Background(), Options{Lookup: lookup(map[string]string{auth.EnvAccessKey: info.AK})}); err == nil {
		t.Fatal("want an error for a missing secret key")
	}
}

func TestYuan(t *testing.T) {
	for in, want := range map[string]string{"0": "0.00 CNY", "1234567.5": "1,234,567.50 CNY", "-999.999": "-1,000.00 CNY", "100": "100.00 CNY"} {
		if got := Yuan(decimal.RequireFromString(in)); got != want {
			t.Errorf("Yuan(%s) = %s, want %s", in, got, want)
		}
	}
}
