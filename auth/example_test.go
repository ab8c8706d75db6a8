package auth_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/hcpartner/partner-sdk-go/auth"
)

func ExampleNewAKSK() {
	creds, err := auth.NewAKSK("EXAMPLEAK0000000000", "example-secret-key",
		auth.WithDomainID("0123456789abcdef0123456789abcdef"))
	if err != nil {
		log.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/partners/sub-customers", nil)
	if err := creds.Apply(context.Background(), req, nil); err != nil {
		log.Fatal(err)
	}
	fmt.Println(creds)
	fmt.Println(req.Header.Get("X-Domain-Id"))
	// Output:
	// AKSK(ak=EXAM****)
	// 0123456789abcdef0123456789abcdef
}

func ExampleNewAgencyToken() {
	partner, err := auth.AKSKFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	customer, err := auth.NewAgencyToken(partner,
		auth.Domain{ID: "customer-account-id"},
		"partner_agency",
		auth.WithMaxLifetime(time.Hour))
	if err != nil {
		log.Fatal(err)
	}
	// Requests authenticated by customer act in the customer's account.
	_ = customer
}
