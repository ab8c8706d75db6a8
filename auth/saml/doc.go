// Package saml implements the partner side of Huawei Cloud's "Web UI mode":
// a customer logged in to a partner sales platform jumps to Huawei Cloud
// pages without a second login, and on the first jump binds (or creates) a
// Huawei Cloud account that Huawei reports back with a binding notification.
// See https://support.huaweicloud.com/api-bpconsole/jac_00001.html and
// https://support.huaweicloud.com/devg-bpconsole/access_00011.html.
//
// The flow, and the piece of this package for each step:
//
//  1. The platform sends the browser to Huawei's SSO entry point:
//     [LoginURL] (xAccountType, isFirstLogin, service).
//  2. Huawei IAM redirects the browser to the platform's SingleSignOnService
//     with a signed SAMLRequest (HTTP-Redirect binding). [IdP] is the
//     http.Handler for that URL: it verifies the request with the
//     certificate of Huawei's SP metadata ([ParseSPMetadata],
//     [LoadSPMetadataFile], or [FetchSPMetadata], never implicitly), asks a
//     [CustomerFunc] who is logged in, and answers with a SAMLResponse whose
//     assertion is signed with the platform's key (rsa-sha256, exclusive
//     c14n), posted to Huawei's assertion consumer service by a
//     self-submitting form.
//  3. On a first login Huawei lets the customer create or bind an account
//     and then posts the binding notification through the browser to the
//     platform's notification URL: [BindHandler] verifies it with the same
//     SP certificate and hands a typed [BindNotification] to a [BindFunc].
//
// The platform registers itself once in Partner Center with an IdP
// metadata file: [GenerateIdPMetadata] (or [IdP.Metadata]) writes it and
// [CheckIdPMetadata] checks a hand-made one against the upload rules.
//
// Every handler rejects unsigned or wrongly signed messages, algorithms
// other than rsa-sha256, requests issued too long ago or in the future
// (configurable skew), signed requests without Destination, documents with a
// second root element, replayed request IDs and notifications (a
// [ReplayStore]: in memory by default, shared through Redis by package
// redisstore for a fleet; a store failure rejects the message) and oversized
// input, before any caller code runs. Rejected
// requests are answered with the status of [HTTPStatus] and a one-line
// reason. Logging is off unless a *slog.Logger is configured, and never
// records keys, signatures, assertions or customer attributes.
//
// XML signatures are made with github.com/russellhaering/goxmldsig on
// github.com/beevik/etree documents; the detached signatures of the
// redirect binding and of notifications are plain RSA PKCS#1 v1.5 over
// SHA-256 from the standard library.
//
// Package samltest provides a fake Huawei for tests and sandboxes.
//
// # Guesses
//
// The documentation leaves some details open. Each guess sits in one small
// function: which bytes a notification signature covers
// (bindSignedCandidates: two readings, each justified there, are tried and
// the one that verified is reported in BindNotification.SignedForm), the signed string of
// the redirect binding (redirectSignedContent), which attributes are sent
// and how (Customer.attributes, addAttribute), and what the notification
// endpoint answers when the BindFunc writes nothing (writeBindAccepted).
package saml
