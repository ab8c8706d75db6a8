// Checks that the official Huawei Cloud Go SDK's bss/v2 client works
// against this repository's sandbox, and that every field of its request
// and response models exists in this SDK's spec. A separate module, so that
// the main module does not depend on the official SDK; .ci/run runs it.
module github.com/hcpartner/partner-sdk-go/internal/officialcheck

go 1.23.0

// The SDK under test is the working tree this module sits in.
replace github.com/hcpartner/partner-sdk-go => ../..

require (
	github.com/hcpartner/partner-sdk-go v0.0.0-00010101000000-000000000000
	github.com/huaweicloud/huaweicloud-sdk-go-v3 v0.1.207
	github.com/shopspring/decimal v1.6.0
)

require (
	github.com/fatih/color v1.10.0 // indirect
	github.com/go-resty/resty/v2 v2.17.2 // indirect
	github.com/goccy/go-yaml v1.9.8 // indirect
	github.com/google/go-querystring v1.2.0 // indirect
	github.com/json-iterator/go v1.1.13-0.20220915233716-71ac16282d12 // indirect
	github.com/mattn/go-colorable v0.1.8 // indirect
	github.com/mattn/go-isatty v0.0.12 // indirect
	github.com/modern-go/concurrent v0.0.0-20180228061459-e0a39a4cb421 // indirect
	github.com/modern-go/reflect2 v1.0.2 // indirect
	github.com/tjfoc/gmsm v1.4.1 // indirect
	go.mongodb.org/mongo-driver v1.13.1 // indirect
	golang.org/x/net v0.43.0 // indirect
	golang.org/x/sys v0.35.0 // indirect
	golang.org/x/time v0.12.0 // indirect
	golang.org/x/xerrors v0.0.0-20200804184101-5ec99f83aff1 // indirect
	gopkg.in/ini.v1 v1.67.0 // indirect
)
