// Package partnertest is a test kit for code that uses the partner SDK:
// an in-process sandbox of the Huawei Cloud Partner Center API with state
// a test can arrange and inspect, scripted faults, and recording and
// replay of HTTP fixtures. It needs no network and no credentials, and it
// can be imported from any module.
//
// # The server
//
// NewServer starts a sandbox on a loopback port for one test. It checks
// SDK-HMAC-SHA256 signatures and IAM tokens as the gateway does, enforces
// the documented request limits with the same rules the SDK's own
// validation uses (an invalid request gets CBC.0100 naming each field),
// answers every operation of the SDK in the documented shapes, and keeps a
// seeded world — sub-customers, resellers, balances, coupon quotas,
// coupons, orders, resources and bills — in which money moves exactly, to
// the cent: funding a customer takes the amount from the partner's balance
// and adds it to the customer's, and an amount above the balance is
// refused with the documented CBC.5003. The default world (seed 1, DefaultCustomers
// sub-customers) is the same on every run and starts in a few
// milliseconds. Server.Client returns an SDK client signed with the
// server's key pair; CustomerClient acts in a sub-customer's account
// through an agency token, PasswordClient through a password token, both
// issued by the server's own IAM endpoint.
//
// # Arrange, act, inspect
//
// AddCustomer, SetBalance, SetPartnerBalance and SetQuotaBalance set the
// scene without going through the API; Customers, Balance, PartnerBalance,
// Quotas and AccountChanges read the outcome; Calls counts the requests of
// an operation that reached the server.
//
// # Faults
//
// Inject scripts the next calls of an operation: answer a given status,
// error_code and message (or raw body) instead of applying the request or
// after applying it (Apply), wait, or reset the connection before reading
// the request, after reading it, or after applying it. Scripted answers
// carry a Date header on the server's clock, as its own answers do. So
// a test sees exactly what its code does with *partnersdk.APIError, with
// *partnersdk.OutcomeUnknownError when a write may have taken effect
// (ResetAfterApply or Apply: it did), and with the SDK's retries of reads.
//
// # Record and replay
//
// A Recorder, put in front of any transport, records the exchanges of a
// client (against the sandbox or the real API) with every secret removed
// and keys sorted; WriteFixture stores one as a file. Replay serves such
// files as an http.RoundTripper (Replayer.Client gives an SDK client on
// it), matching method, path, query and JSON body, and fails the test on
// a request that was not recorded or a fixture never requested.
//
// # Example
//
//	func TestFundCustomer(t *testing.T) {
//		ctx := context.Background()
//		srv := partnertest.NewServer(t)
//		client := srv.Client()
//
//		// Arrange: a customer with nothing on its account.
//		cust := srv.AddCustomer(partnertest.NewCustomer{AccountName: "acme-shop"})
//
//		fund := func(amount string) error { // the code under test
//			_, err := client.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
//				CustomerID: cust.ID, Amount: decimal.RequireFromString(amount),
//			})
//			return err
//		}
//
//		// Act.
//		if err := fund("100.25"); err != nil {
//			t.Fatal(err)
//		}
//		// Inspect: exactly 100.25 arrived.
//		if got := srv.Balance(cust.ID); !got.Equal(decimal.RequireFromString("100.25")) {
//			t.Fatalf("balance %s", got)
//		}
//
//		// More than the partner has: an insufficient-balance APIError.
//		srv.SetPartnerBalance(decimal.Zero)
//		if err := fund("1.00"); !errors.Is(err, partnersdk.CodeInsufficientBalance) {
//			t.Fatalf("want CBC.5003, got %v", err)
//		}
//
//		// The connection breaks after the server applied the write: the
//		// SDK does not resend it and reports the outcome as unknown.
//		srv.SetPartnerBalance(decimal.RequireFromString("1000"))
//		srv.Inject("UpdateCustomerAccountAmount", partnertest.Fault{Reset: partnertest.ResetAfterApply})
//		var unknown *partnersdk.OutcomeUnknownError
//		if err := fund("1.00"); !errors.As(err, &unknown) {
//			t.Fatalf("want OutcomeUnknownError, got %v", err)
//		}
//	}
//
// partnertest/outside_test in the SDK's repository is a module of its own
// that uses the package this way, from outside the SDK.
package partnertest
