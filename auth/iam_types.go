package auth

import (
	"errors"
	"fmt"
	"time"
)

// Request and response types of the two IAM token operations. Field names
// and JSON names follow the IAM v3 API; both operations are
// POST /v3/auth/tokens and return the token in the X-Subject-Token header.

// Values of the identity "methods" lists.
const (
	MethodPassword   = "password"
	MethodAssumeRole = "assume_role"
)

// KeystoneCreateUserTokenByPasswordRequest asks IAM for a token of an IAM
// user, authenticated by user name and password.
// See https://support.huaweicloud.com/api-iam/iam_30_0001.html.
type KeystoneCreateUserTokenByPasswordRequest struct {
	// Nocatalog, when not empty, makes IAM leave the service catalog out of
	// the response body (any non-empty value counts as true). Sent as the
	// query parameter "nocatalog".
	Nocatalog string `json:"-" url:"nocatalog,omitempty"`

	// Auth is the request body's "auth" object. Required.
	Auth *PwdAuth `json:"auth"`
}

// PwdAuth holds who authenticates and what the token may act on.
type PwdAuth struct {
	// Identity holds the user's name, account and password. Required.
	Identity *PwdIdentity `json:"identity"`
	// Scope selects the account (domain) or project the token is valid
	// for. Required: set exactly one of Domain and Project.
	Scope *AuthScope `json:"scope"`
}

// PwdIdentity says that a password is used to authenticate.
type PwdIdentity struct {
	// Methods must be ["password"] (MethodPassword).
	Methods []string `json:"methods"`
	// Password holds the user and the password. Required.
	Password *PwdPassword `json:"password"`
}

// PwdPassword wraps the user who authenticates.
type PwdPassword struct {
	// User is the IAM user. Required.
	User *PwdPasswordUser `json:"user"`
}

// PwdPasswordUser identifies an IAM user and carries the password.
type PwdPasswordUser struct {
	// Domain is the account the user belongs to. Required.
	Domain *PwdPasswordUserDomain `json:"domain"`
	// Name is the IAM user name. Required.
	Name string `json:"name"`
	// Password is the user's login password. Required. It is hidden when
	// printed, logged or JSON-encoded; the IAM client puts the real value
	// into the request body.
	Password Secret `json:"password"`
}

// PwdPasswordUserDomain names the account an IAM user belongs to.
type PwdPasswordUserDomain struct {
	// Name is the account name. Required.
	Name string `json:"name"`
}

// AuthScope selects what a password token can be used for: a whole account
// (Domain, needed for global services such as BSS) or one project.
type AuthScope struct {
	Domain  *AuthScopeDomain  `json:"domain,omitempty"`
	Project *AuthScopeProject `json:"project,omitempty"`
}

// AuthScopeDomain names an account by ID or name (one of them is enough).
type AuthScopeDomain struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// AuthScopeProject names a project by ID or name (one of them is enough).
type AuthScopeProject struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// KeystoneCreateUserTokenByPasswordResponse is the answer to
// KeystoneCreateUserTokenByPassword.
type KeystoneCreateUserTokenByPasswordResponse struct {
	// Token describes the issued token: expiry, user, scope, roles.
	Token *TokenResult `json:"token,omitempty"`

	// XSubjectToken is the token itself, from the X-Subject-Token response
	// header. Send it as X-Auth-Token. It is never printed or encoded.
	XSubjectToken Secret `json:"-"`
	// HTTPStatusCode is the HTTP status of the response.
	HTTPStatusCode int `json:"-"`
	// RequestID is the X-Request-Id response header, if any.
	RequestID string `json:"-"`
}

// TokenResult describes a user token.
type TokenResult struct {
	// Catalog lists service endpoints; empty when the request set Nocatalog.
	Catalog []TokenCatalog `json:"catalog,omitempty"`
	// Domain is set for a token scoped to an account.
	Domain *TokenDomainResult `json:"domain,omitempty"`
	// ExpiresAt is when the token expires, e.g. "2024-05-01T08:00:00.000000Z".
	// ExpiresAtTime parses it.
	ExpiresAt string `json:"expires_at"`
	// IssuedAt is when the token was issued, in the same format.
	IssuedAt string `json:"issued_at"`
	// Methods lists how the token was obtained, e.g. ["password"].
	Methods []string `json:"methods,omitempty"`
	// Project is set for a token scoped to a project.
	Project *TokenProjectResult `json:"project,omitempty"`
	// Roles lists the permissions the token carries.
	Roles []TokenRole `json:"roles,omitempty"`
	// User is the IAM user the token belongs to.
	User *TokenUserResult `json:"user,omitempty"`
}

// ExpiresAtTime parses ExpiresAt.
func (t *TokenResult) ExpiresAtTime() (time.Time, error) {
	if t == nil {
		return time.Time{}, errNoTokenBody
	}
	return ParseIAMTime(t.ExpiresAt)
}

// IssuedAtTime parses IssuedAt.
func (t *TokenResult) IssuedAtTime() (time.Time, error) {
	if t == nil {
		return time.Time{}, errNoTokenBody
	}
	return ParseIAMTime(t.IssuedAt)
}

// TokenCatalog is one service in the catalog of a token response.
type TokenCatalog struct {
	Type      string                 `json:"type"`
	ID        string                 `json:"id"`
	Name      string                 `json:"name"`
	Endpoints []TokenCatalogEndpoint `json:"endpoints"`
}

// TokenCatalogEndpoint is one endpoint of a catalog service.
type TokenCatalogEndpoint struct {
	URL       string `json:"url"`
	Region    string `json:"region"`
	RegionID  string `json:"region_id"`
	Interface string `json:"interface"`
	ID        string `json:"id"`
}

// TokenDomainResult is the account a token is scoped to.
type TokenDomainResult struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// TokenProjectResult is the project a token is scoped to.
type TokenProjectResult struct {
	Name   string                    `json:"name"`
	ID     string                    `json:"id"`
	Domain *TokenProjectDomainResult `json:"domain,omitempty"`
}

// TokenProjectDomainResult is the account that owns a token's project.
type TokenProjectDomainResult struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// TokenRole is one permission carried by a token. IAM may report the ID as
// "0" rather than the real role ID.
type TokenRole struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// TokenUserResult is the IAM user a token belongs to.
type TokenUserResult struct {
	Name string `json:"name"`
	ID   string `json:"id"`
	// PasswordExpiresAt is when the user's password expires (UTC); "" means
	// it does not expire.
	PasswordExpiresAt string                 `json:"password_expires_at"`
	Domain            *TokenUserDomainResult `json:"domain,omitempty"`
}

// TokenUserDomainResult is the account of a token's user.
type TokenUserDomainResult struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// KeystoneCreateAgencyTokenRequest asks IAM for an agency token
// (assume_role): a token that acts in another account (the customer's, which
// created the agency) with the permissions granted to the agency. The call
// itself is authenticated by the caller's credentials, set on the IAM client
// with WithCredentials. See
// https://support.huaweicloud.com/api-iam/iam_30_0003.html.
type KeystoneCreateAgencyTokenRequest struct {
	// Nocatalog, when not empty, makes IAM leave the service catalog out of
	// the response body. Sent as the query parameter "nocatalog".
	Nocatalog string `json:"-" url:"nocatalog,omitempty"`

	// Auth is the request body's "auth" object. Required.
	Auth *AgencyTokenAuth `json:"auth"`
}

// AgencyTokenAuth holds the agency to assume and the scope of the token.
type AgencyTokenAuth struct {
	// Identity names the agency. Required.
	Identity *AgencyTokenIdentity `json:"identity"`
	// Scope selects the delegating account or one of its projects.
	// Required: set exactly one of Domain and Project.
	Scope *AgencyTokenScope `json:"scope"`
}

// AgencyTokenIdentity says that an agency is assumed.
type AgencyTokenIdentity struct {
	// Methods must be ["assume_role"] (MethodAssumeRole).
	Methods []string `json:"methods"`
	// AssumeRole names the delegating account and the agency. Required.
	AssumeRole *AgencyTokenAssumerole `json:"assume_role"`
}

// AgencyTokenAssumerole names the account that created the agency (by ID or
// name; at least one is required) and the agency.
type AgencyTokenAssumerole struct {
	DomainID   string `json:"domain_id,omitempty"`
	DomainName string `json:"domain_name,omitempty"`
	// AgencyName is the name of the agency. Required.
	AgencyName string `json:"agency_name"`
}

// AgencyTokenScope selects what an agency token can be used for: the whole
// delegating account (Domain) or one of its projects.
type AgencyTokenScope struct {
	Domain  *AgencyTokenScopeDomain  `json:"domain,omitempty"`
	Project *AgencyTokenScopeProject `json:"project,omitempty"`
}

// AgencyTokenScopeDomain names the delegating account by ID or name.
type AgencyTokenScopeDomain struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// AgencyTokenScopeProject names a project of the delegating account by ID
// or name.
type AgencyTokenScopeProject struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// KeystoneCreateAgencyTokenResponse is the answer to
// KeystoneCreateAgencyToken.
type KeystoneCreateAgencyTokenResponse struct {
	// Token describes the issued agency token.
	Token *AgencyTokenResult `json:"token,omitempty"`

	// XSubjectToken is the agency token itself, from the X-Subject-Token
	// response header. It is never printed or encoded.
	XSubjectToken Secret `json:"-"`
	// HTTPStatusCode is the HTTP status of the response.
	HTTPStatusCode int `json:"-"`
	// RequestID is the X-Request-Id response header, if any.
	RequestID string `json:"-"`
}

// AgencyTokenResult describes an agency token.
type AgencyTokenResult struct {
	Methods []string `json:"methods,omitempty"`
	// ExpiresAt is when the token expires; ExpiresAtTime parses it.
	ExpiresAt string `json:"expires_at"`
	// IssuedAt is when the token was issued; IssuedAtTime parses it.
	IssuedAt string `json:"issued_at"`
	// AssumedBy is the IAM user (of the caller's account) that assumed the
	// agency.
	AssumedBy *AgencyAssumedby    `json:"assumed_by,omitempty"`
	Catalog   []TokenCatalog      `json:"catalog,omitempty"`
	Domain    *AgencyTokenDomain  `json:"domain,omitempty"`
	Project   *AgencyTokenProject `json:"project,omitempty"`
	Roles     []TokenRole         `json:"roles,omitempty"`
	// User is the agency as seen in the delegating account.
	User *AgencyTokenUser `json:"user,omitempty"`
}

// ExpiresAtTime parses ExpiresAt.
func (t *AgencyTokenResult) ExpiresAtTime() (time.Time, error) {
	if t == nil {
		return time.Time{}, errNoTokenBody
	}
	return ParseIAMTime(t.ExpiresAt)
}

// IssuedAtTime parses IssuedAt.
func (t *AgencyTokenResult) IssuedAtTime() (time.Time, error) {
	if t == nil {
		return time.Time{}, errNoTokenBody
	}
	return ParseIAMTime(t.IssuedAt)
}

// AgencyAssumedby wraps the user that assumed an agency.
type AgencyAssumedby struct {
	User *AgencyAssumedbyUser `json:"user,omitempty"`
}

// AgencyAssumedbyUser is the IAM user that assumed an agency.
type AgencyAssumedbyUser struct {
	Name string `json:"name"`
	ID   string `json:"id"`
	// Domain is the user's (the caller's) account.
	Domain *AgencyAssumedbyUserDomain `json:"domain,omitempty"`
	// PasswordExpiresAt is when the user's password expires (UTC); ""
	// means it does not expire.
	PasswordExpiresAt string `json:"password_expires_at"`
}

// AgencyAssumedbyUserDomain is the account of the user that assumed an
// agency.
type AgencyAssumedbyUserDomain struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// AgencyTokenDomain is the delegating account an agency token is scoped to.
type AgencyTokenDomain struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// AgencyTokenProject is the project an agency token is scoped to.
type AgencyTokenProject struct {
	Name   string                    `json:"name"`
	ID     string                    `json:"id"`
	Domain *AgencyTokenProjectDomain `json:"domain,omitempty"`
}

// AgencyTokenProjectDomain is the account that owns an agency token's
// project.
type AgencyTokenProjectDomain struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// AgencyTokenUser is the agency as a user of the delegating account.
type AgencyTokenUser struct {
	// Name is "<account name>/<agency name>".
	Name   string                 `json:"name"`
	ID     string                 `json:"id"`
	Domain *AgencyTokenUserDomain `json:"domain,omitempty"`
}

// AgencyTokenUserDomain is the delegating account of an agency token.
type AgencyTokenUserDomain struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

var errNoTokenBody = errors.New("auth: response has no token object")

// ParseIAMTime parses a timestamp as IAM writes it, such as
// "2024-05-01T08:00:00.123000Z" (RFC 3339 with optional fractional seconds).
func ParseIAMTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("auth: empty IAM timestamp")
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("auth: IAM timestamp %q is not RFC 3339", s)
	}
	return t, nil
}
