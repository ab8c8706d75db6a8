// Package sandbox is a local, in-memory imitation of the Huawei Cloud
// Partner Center API (BSS, api-bpconsole) and of the two IAM token
// operations, for the SDK's examples and tests. It is what
// "go run ./examples/quickstart" talks to when no credentials are set, and
// what "go run ./examples/sandbox" serves on a port.
//
// # Use
//
//	s, err := sandbox.New(sandbox.Config{Seed: 1})
//	url, err := s.Start("127.0.0.1:0")       // or httptest.NewServer(s.Handler())
//	defer s.Close()
//	client, err := s.Client(url)             // partnersdk.Client with the sandbox's AK/SK
//
// Info returns the accepted key pair, the partner account, the IAM user and
// password, the agency name and well-known objects (a customer with more
// than 1,000 bill records a month). Credentials returns AK/SK credentials
// for it.
//
// # What it speaks
//
// Every operation of the project's spec (internal/spec) is routed by method
// and path, exactly as documented, including the legacy /v1.0/{domain_id}
// operations. Answers are JSON in the documented shapes, money as JSON
// numbers with two decimals (or decimal strings where the model types them
// as strings), and every response carries an X-Request-Id header. Errors
// use the API's body {"error_code": "...", "error_msg": "..."}; IAM errors
// use IAM's {"error": {"code", "message", "title"}}.
//
// The table of operations, paging, request limits and who may call what is
// built when the sandbox starts from the spec files embedded in package
// internal/spec, the files the SDK's code is generated from; request limits
// are checked with the rule implementations of internal/validate, the ones
// the SDK's generated Validate methods call.
//
// # Authentication
//
// Requests are authenticated like the real gateway does:
//
//   - AK/SK: the SDK-HMAC-SHA256 signature is verified with signer.Verify
//     against the one configured key pair, with a maximum clock skew of 15
//     minutes (Config.MaxSkew). An X-Domain-Id, when sent, must be the
//     partner's account ID. The Date response header is the sandbox's
//     clock, so a client can measure its skew from it.
//   - X-Auth-Token: a token issued by the sandbox's own IAM endpoint,
//     POST /v3/auth/tokens on the same base URL, within its lifetime
//     (Config.TokenTTL, 24 hours). "password" issues a partner token for
//     the configured user, password and account name; "assume_role",
//     itself authenticated by the partner's AK/SK or partner token, issues
//     a token that acts in a sub-customer's account, for any sub-customer
//     and the configured agency name. Tokens come back in X-Subject-Token
//     with HTTP 201 and token.expires_at in the body.
//
// Who may call what follows the spec's caller kinds: operations for
// partners only refuse customer tokens (CBC.0150). Customer operations
// called with the partner's own credentials act on the partner's own
// account, which owns no customer resources, coupons or orders; a partner
// reaches a customer's account with an assume_role token.
//
// # Error codes
//
//	HTTP  error_code  when
//	401   APIGW.0301  no Authorization and no X-Auth-Token; malformed
//	                  Authorization or X-Sdk-Date; unknown access key;
//	                  signature mismatch (the X-Sandbox-Canonical-Request
//	                  response header holds the canonical request the
//	                  sandbox computed, newlines as \n); X-Domain-Id of another
//	                  account; unknown or expired token; X-Sdk-Date more
//	                  than 15 minutes from the server's clock (error_msg
//	                  says "signature expired", as the real gateway's does)
//	404   APIGW.0101  no operation has that method and path
//	400   CBC.0100    a documented limit is broken (required, length in
//	                  characters, range, list size, enumeration, format,
//	                  money > 0 with at most 2 decimals; the message names
//	                  every field), malformed JSON, or a referenced object
//	                  (quota, coupon, order, resource) does not exist or is
//	                  in the wrong state
//	403   CBC.0150    a customer token called a partner-only operation, or
//	                  a legacy path names another account's domain_id
//	403   CBC.0151    the customer or reseller is not associated with the
//	                  caller (or cannot be funded: referral customers)
//	400   CBC.5003    funding a customer beyond the partner's available
//	                  balance (balance minus designated amount)
//	400   CBC.99005003 not enough money otherwise: funding through a reseller
//	                  or funding a reseller beyond the available balance,
//	                  reclaiming more than the customer or reseller holds, a
//	                  renewal or payment beyond the customer's balance
//	400   CBC.99000013 coupons or reseller quota beyond the quota's balance
//	500   CBC.0999    an internal error of the sandbox (a bug)
//
// These are the documented codes (internal/spec/errors.json); the first two
// match partnersdk.CodeInsufficientBalance, the third
// partnersdk.GroupQuotaExhausted. No page documents the code of a renewal or
// payment refused for the balance; the sandbox answers CBC.99005003.
// A failed money-moving request changes nothing.
//
// # State
//
// The world is generated deterministically from Config.Seed (math/rand/v2
// PCG streams, no time-based randomness) around Config.BaseDate: a partner
// with cash and credit accounts and a year of top-ups, six resellers with
// their own balances, Config.Customers sub-customers (300 by default; about
// 75% resale, some belonging to resellers, most real-name verified), coupon
// quotas (some issued on to resellers) and about 300 issued coupons, about
// 2,400 yearly/monthly resources with their 2,000-odd purchase orders, and
// bill records for the last 18 months (about 5,000 a month), generated per
// month on first use (one customer, Info().HeavyCustomerID, has over 1,000
// records every month).
// Amounts are exact decimals.
//
// These operations keep and change that state consistently:
//
//   - partner: ListPartnerBalances, UpdateCustomerAccountAmount,
//     ReclaimToPartnerAccount, ShowCustomerAccountBalances,
//     ListCustomersBalancesDetail, ListIndirectPartners,
//     UpdateIndirectPartnerAccount, ReclaimIndirectPartnerAccount,
//     ListPartnerAccountChangeRecords, ListPartnerAdjustRecords,
//     ListQuotaCoupons, ListIssuedCouponQuotas, UpdateCouponQuotas,
//     ReclaimCouponQuotas, ListCouponQuotasRecords
//   - customer: ListSubCustomers, CreateSubCustomer, CheckUserIdentity,
//     CreatePersonalRealnameAuth, CreateEnterpriseRealnameAuthentication,
//     ShowRealnameAuthenticationReviewResult, ShowRealNameAuthStatus,
//     ShowRealNameAuthQrCode (customer's own account only; each code is
//     good for one scan of its address under RealNameQRPath, or
//     Server.ScanRealNameQRCode, within 10 minutes, and authenticates the
//     customer as an individual)
//   - coupon: CreatePartnerCoupons, ListIssuedPartnerCoupons,
//     ReclaimPartnerCoupons, ListSubCustomerCoupons, ListPartnerCouponsRecord
//   - billing: ListSubcustomerMonthlyBills (summed from the records),
//     ListSubCustomerBillDetail, ListConsumeSubCustomers,
//     ListCustomerAccountChangeRecords, ListResourceSpecs (marker paging
//     over the catalog's specifications)
//   - resource: ListCustomerOrders, ShowCustomerOrderDetails,
//     CancelCustomerOrder, PayOrders, ListPayPerUseCustomerResources,
//     RenewalResources, CancelResourcesSubscription, AutoRenewalResources,
//     CancelAutoRenewalResources, UpdatePeriodToOnDemandInstantly
//     (refunds the unused days, like an unsubscription)
//
// Funding a customer lowers the paying account (the partner's, or the
// reseller's with indirect_partner_id) and raises the customer's, with
// account-change and adjust records on both sides; reclaiming reverses it.
// Issuing coupons consumes face value times customers from the quota, and
// the coupons appear in the partner's and the customer's listings;
// reclaiming a coupon returns its balance to the quota. A created customer
// appears first in ListSubCustomers, unverified; a real-name application
// is decided at once (bank card) or after Config.ReviewDelay, and is
// rejected when the document number is all zeros. Renewing with
// is_auto_pay 1 pays from the customer's balance and moves the expiry (of
// the primary resource and its attached ones) by the period; without it
// the renewal order waits for PayOrders. Unsubscribing removes the
// resource and refunds the unused days; unsubscribe_type 2 only takes back
// renewals that have not started. Balances never go negative.
//
// Every other operation answers 200 with a deterministic body built from
// its response model (IDs, names, dates in the documented formats,
// documented constant values, amounts), echoing request filters into
// fields of the same name, with paging honoured for list operations; an
// operation whose response model is empty answers 204.
//
// Pagination follows each operation's documented style: offset/limit or
// page_no/page_size, 0- or 1-based, counting items or pages, with the
// documented default page size when none is sent and CBC.0100 above the
// documented maximum; total_count (or the documented total field) is the
// number of matching items.
package sandbox
