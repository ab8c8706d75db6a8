package redisstore

import "github.com/hcpartner/partner-sdk-go/core"

// Limiter is the fleet-wide pacing backend of the client
// (partnersdk.WithRateLimiter takes a core.RateLimiter).
var _ core.RateLimiter = (*Limiter)(nil)
