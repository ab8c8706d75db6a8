// Package auth holds the credentials of the Partner Center SDK and applies
// them to outgoing requests.
//
// Every credentials type implements [Credentials]: the SDK's transport calls
// Apply for each request attempt, after the URL, headers and body are final.
// Three kinds are provided:
//
//   - [AKSK]: access key and secret key. Requests are signed with
//     SDK-HMAC-SHA256 (package signer). Temporary credentials add a security
//     token; global services such as BSS need the account (domain) ID, sent
//     in X-Domain-Id. Build with [NewAKSK] or [AKSKFromEnv].
//   - [PasswordToken]: an IAM user token obtained with user name, account
//     name and password, sent in X-Auth-Token.
//   - [AgencyToken]: a token obtained by assuming an agency (IAM
//     "assume_role") that a customer's account created for the partner. The
//     partner's own credentials (AK/SK or a PasswordToken) request it; the
//     token then acts in the customer's account, which several
//     customer-side operations require.
//
// Tokens are cached and replaced shortly before they expire (see
// [WithRefreshMargin] and [WithMaxLifetime]). When many goroutines need a
// new token at once, one IAM call is made and all of them wait for it, each
// until its own context ends. Invalidate forces a new token after the API
// answered 401.
//
// The [IAM] type is the small IAM client behind the token credentials, with
// the two official operations KeystoneCreateUserTokenByPassword and
// KeystoneCreateAgencyToken.
//
// No secret (SK, password, token, security token) appears in the output of
// fmt's %v, %+v or %#v, in log/slog records, or in error messages of this
// package: credentials print as, for example, "AKSK(ak=ABCD****)".
//
// # AK/SK
//
//	creds, err := auth.NewAKSK(ak, sk, auth.WithDomainID(partnerDomainID))
//	if err != nil {
//		return err
//	}
//	// or, from HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK,
//	// HUAWEICLOUD_SDK_SECURITY_TOKEN and HUAWEICLOUD_SDK_DOMAIN_ID:
//	creds, err = auth.AKSKFromEnv()
//
// Pass creds to the SDK client; it signs every request with them.
//
// # Acting as a customer (assume_role)
//
//	partner, err := auth.AKSKFromEnv()
//	if err != nil {
//		return err
//	}
//	customer, err := auth.NewAgencyToken(partner,
//		auth.Domain{ID: customerDomainID}, // the customer's account
//		"partner_agency",                  // the agency the customer created
//		auth.WithMaxLifetime(time.Hour))   // optional
//	if err != nil {
//		return err
//	}
//
// Requests authenticated by customer carry an agency token scoped to the
// customer's account. The first request obtains it from IAM.
package auth
