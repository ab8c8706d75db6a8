module example.com/partner-backend

go 1.23.0

require (
	github.com/hcpartner/partner-sdk-go v0.0.0
	github.com/shopspring/decimal v1.6.0
)

require (
	github.com/go-resty/resty/v2 v2.17.2 // indirect
	github.com/google/go-querystring v1.2.0 // indirect
	golang.org/x/net v0.43.0 // indirect
	golang.org/x/time v0.12.0 // indirect
)

replace github.com/hcpartner/partner-sdk-go => ../..
