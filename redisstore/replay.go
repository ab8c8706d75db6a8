package redisstore

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultReplayPrefix is the key prefix of NewReplayStore when none is
// given.
const DefaultReplayPrefix = "partnersdk:saml:replay:"

// maxKeyBytes bounds keys and prefixes.
const maxKeyBytes = 512

// ReplayStore is a Redis-backed replay store for package auth/saml
// (saml.ReplayStore): Use is one SET key 1 NX [PX ttl], so exactly one of
// any number of concurrent uses of a key, on any instance, sees it fresh,
// and a restarted instance still finds every key. A zero ttl stores the key
// without expiry (the binding handler's default: notifications carry
// nothing that would make an old one invalid).
//
// For the guarantee to hold, the Redis server must keep what it stored:
// persistence on (appendonly yes) so that a Redis restart loses nothing,
// and an eviction policy that does not drop these keys (noeviction, or a
// volatile-* policy, which never evicts keys without expiry). Safe for
// concurrent use.
type ReplayStore struct {
	c      redis.UniversalClient
	prefix string
}

// NewReplayStore returns a store on c whose keys start with keyPrefix
// (DefaultReplayPrefix when empty). Give every partner platform sharing one
// Redis its own prefix.
func NewReplayStore(c redis.UniversalClient, keyPrefix string) (*ReplayStore, error) {
	if c == nil {
		return nil, &ArgError{Field: "client", Limit: "non-nil"}
	}
	if keyPrefix == "" {
		keyPrefix = DefaultReplayPrefix
	}
	if len(keyPrefix) > maxKeyBytes {
		return nil, &ArgError{Field: "keyPrefix", Limit: "at most 512 bytes"}
	}
	return &ReplayStore{c: c, prefix: keyPrefix}, nil
}

// Use records key and reports whether it was new (saml.ReplayStore). An
// error is an *UnavailableError or an *ArgError; the SAML handlers then
// reject the message.
func (s *ReplayStore) Use(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if key == "" || len(key) > maxKeyBytes {
		return false, &ArgError{Field: "key", Limit: "1 to 512 bytes"}
	}
	if ttl < 0 {
		return false, &ArgError{Field: "ttl", Limit: "zero (no expiry) or positive"}
	}
	fresh, err := s.c.SetNX(ctx, s.prefix+key, 1, ttl).Result()
	if err != nil {
		return false, &UnavailableError{Op: "SET NX", Err: err}
	}
	return fresh, nil
}

// Forget deletes key (saml.ReplayStore).
func (s *ReplayStore) Forget(ctx context.Context, key string) error {
	if err := s.c.Del(ctx, s.prefix+key).Err(); err != nil {
		return &UnavailableError{Op: "DEL", Err: err}
	}
	return nil
}

// String describes the store without the client's address or password.
func (s *ReplayStore) String() string { return "redisstore.ReplayStore(prefix=" + s.prefix + ")" }
