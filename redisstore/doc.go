// Package redisstore keeps the state that several instances of a partner
// backend must share in Redis, through a client the caller configures
// (github.com/redis/go-redis/v9: a single node, Sentinel or Cluster, with
// the caller's TLS, authentication and timeouts):
//
//   - [ReplayStore], the replay store of package auth/saml: every SAML
//     request ID and binding notification is accepted once across the
//     whole fleet and across restarts (SET NX with an expiry, one round
//     trip, atomic).
//   - [Limiter], a fleet-wide rate limiter: the generic cell rate algorithm
//     (GCRA) in one Lua script on Redis's clock, so that instances sharing
//     an egress address and an account never exceed a documented flow
//     control limit together. Wait blocks within the context.
//
// The package is separate so that programs that do not use it do not link
// go-redis: the SDK's root package, its services and auth/saml do not
// import it.
//
// Both fail closed: when Redis cannot be reached, ReplayStore makes the SAML
// handlers reject the message (HTTP 503) and Limiter.Wait returns an
// *UnavailableError instead of letting the request through.
package redisstore
