package signer_test

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hcpartner/partner-sdk-go/signer"
)

func ExampleSigner_Sign() {
	s := signer.New("HPUAL3EXAMPLEAKID001", "Z5tGqExampleSecretKeyAbCdEfGh0123456789x")
	req, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/accounts/customer-accounts/balances", nil)
	at := time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC)
	if err := s.Sign(req, nil, at); err != nil {
		panic(err)
	}
	fmt.Println(req.Header.Get("X-Sdk-Date"))
	fmt.Println(req.Header.Get("Authorization"))
	fmt.Println(s)
	// Output:
	// 20240520T083000Z
	// SDK-HMAC-SHA256 Access=HPUAL3EXAMPLEAKID001, SignedHeaders=x-sdk-date, Signature=8f08158a1af93672115b7f6670ecf4a345c20a9c062e7713eda95ede00ae48ce
	// Signer(AK=HPUAL3EXAMPLEAKID001, SK=[REDACTED])
}

func ExampleSigner_Explain() {
	s := signer.New("HPUAL3EXAMPLEAKID001", "Z5tGqExampleSecretKeyAbCdEfGh0123456789x")
	req, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/bills/customer-bills/monthly-sum?bill_cycle=2024-04", nil)
	res, err := s.Explain(req, nil, time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	fmt.Println(res.CanonicalRequest)
	fmt.Println("---")
	fmt.Println(res.StringToSign)
	// Output:
	// GET
	// /v2/bills/customer-bills/monthly-sum/
	// bill_cycle=2024-04
	// x-sdk-date:20240520T083000Z
	//
	// x-sdk-date
	// e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
	// ---
	// SDK-HMAC-SHA256
	// 20240520T083000Z
	// e6c4046744f70550d2ecf727a1b07ee11542ee7f75266974f264ff22632828ea
}

func ExampleVerify() {
	keys := map[string]string{"HPUAL3EXAMPLEAKID001": "Z5tGqExampleSecretKeyAbCdEfGh0123456789x"}
	lookup := func(ak string) (string, bool) { sk, ok := keys[ak]; return sk, ok }

	at := time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC)
	req, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/test?limit=10", nil)
	_ = signer.New("HPUAL3EXAMPLEAKID001", keys["HPUAL3EXAMPLEAKID001"]).Sign(req, nil, at)

	ak, err := signer.Verify(req, nil, lookup, at.Add(time.Minute), 15*time.Minute)
	fmt.Println(ak, err)

	_, err = signer.Verify(req, nil, lookup, at.Add(time.Hour), 15*time.Minute)
	fmt.Println(errors.Is(err, signer.ErrStaleDate))

	req.URL.RawQuery = "limit=1000"
	_, err = signer.Verify(req, nil, lookup, at, 15*time.Minute)
	fmt.Println(errors.Is(err, signer.ErrSignatureMismatch))
	// Output:
	// HPUAL3EXAMPLEAKID001 <nil>
	// true
	// true
}
