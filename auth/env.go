package auth

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// Environment variables read by AKSKFromEnv. The names are the ones the
// official Huawei Cloud SDKs use.
const (
	EnvAccessKey     = "HUAWEICLOUD_SDK_AK"             // access key ID, required
	EnvSecretKey     = "HUAWEICLOUD_SDK_SK"             // secret access key, required
	EnvSecurityToken = "HUAWEICLOUD_SDK_SECURITY_TOKEN" // security token of temporary credentials, optional
	EnvDomainID      = "HUAWEICLOUD_SDK_DOMAIN_ID"      // account (domain) ID, optional
)

// MissingEnvError reports required environment variables that are unset or
// empty. It names the variables and never holds any value.
type MissingEnvError struct {
	// Names lists the missing variables, e.g. ["HUAWEICLOUD_SDK_SK"].
	Names []string
}

// Error names the missing variables.
func (e *MissingEnvError) Error() string {
	if e == nil {
		return "<nil>"
	}
	if len(e.Names) == 1 {
		return "auth: environment variable " + e.Names[0] + " is not set"
	}
	return "auth: environment variables " + strings.Join(e.Names, ", ") + " are not set"
}

// AKSKFromEnv builds AK/SK credentials from HUAWEICLOUD_SDK_AK and
// HUAWEICLOUD_SDK_SK, adding HUAWEICLOUD_SDK_SECURITY_TOKEN and
// HUAWEICLOUD_SDK_DOMAIN_ID when they are set. Surrounding white space is
// trimmed from every value. A missing AK or SK gives a *MissingEnvError. opts
// are applied after the values from the environment, so they can add a clock
// or override the domain ID.
func AKSKFromEnv(opts ...AKSKOption) (*AKSK, error) {
	return AKSKFromLookup(os.LookupEnv, opts...)
}

// AKSKFromLookup is AKSKFromEnv with the variables read through lookup
// (which has the signature of os.LookupEnv). Use it to read from a map or a
// secrets store, or in tests that must not touch the process environment.
func AKSKFromLookup(lookup func(name string) (string, bool), opts ...AKSKOption) (*AKSK, error) {
	if lookup == nil {
		return nil, errors.New("auth: AKSKFromLookup: nil lookup function")
	}
	get := func(name string) string {
		v, _ := lookup(name)
		return strings.TrimSpace(v)
	}
	ak, sk := get(EnvAccessKey), get(EnvSecretKey)
	var missing []string
	if ak == "" {
		missing = append(missing, EnvAccessKey)
	}
	if sk == "" {
		missing = append(missing, EnvSecretKey)
	}
	if len(missing) > 0 {
		return nil, &MissingEnvError{Names: missing}
	}
	var all []AKSKOption
	if tok := get(EnvSecurityToken); tok != "" {
		all = append(all, WithSecurityToken(tok))
	}
	if id := get(EnvDomainID); id != "" {
		all = append(all, WithDomainID(id))
	}
	all = append(all, opts...)
	c, err := NewAKSK(ak, sk, all...)
	if err != nil {
		return nil, fmt.Errorf("auth: credentials from environment: %w", err)
	}
	return c, nil
}
