// Package partnersdk is a Go SDK for the Huawei Cloud Partner Center API
// (the partner sales platform, documented as "api-bpconsole"; service
// endpoint bss.myhuaweicloud.com).
//
// One Client reaches every typed service: Partner (balances and funds),
// Customer (sub-customers and real-name authentication), Billing (bills,
// costs and prices), Coupon (coupons and quotas) and Resource (orders,
// renewals and resources). Every operation takes a context first, validates
// its request before sending, signs it, and returns a typed response whose
// money amounts are decimal.Decimal. List operations also have an iterator
// companion (named <Operation>All) that walks every page.
//
//	creds, err := auth.AKSKFromEnv()
//	if err != nil { ... }
//	client, err := partnersdk.New(creds)
//	if err != nil { ... }
//	resp, err := client.Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{})
//
// Errors are typed: *APIError for answers of the API (errors.Is matches
// error codes such as CodeInvalidParameter), *ValidationError when a request
// breaks a documented limit (nothing is sent), *OutcomeUnknownError when a
// money-moving or creating call may or may not have been applied (package
// reconcile settles it from the API's records), and *RequestError when no
// answer could be had.
package partnersdk
