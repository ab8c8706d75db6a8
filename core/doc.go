// Package core holds the types that every service package of the SDK and its
// users share: per-call options, response metadata, the errors a call can
// return (APIError with its error codes, ValidationError, OutcomeUnknownError,
// RequestError, DecodeError, RedirectError), the retry policy, the pagination
// errors, and the Caller interface through which the services send requests.
//
// Most programs never import core directly: the root package partnersdk
// re-exports these names (partnersdk.APIError is core.APIError), and the
// services' methods take ...core.CallOption, which partnersdk's call options
// satisfy. Import core to name a type in a signature of your own, or to wrap
// a Caller (for metrics or tracing) and hand it to a service's NewService.
package core
