package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
)

// PasswordToken authenticates requests with an IAM user token obtained
// from the user's name, account name and password. The token is sent in
// X-Auth-Token, cached, and replaced shortly before it expires; concurrent
// requests share one refresh.
//
// Build one with NewPasswordToken. A *PasswordToken is safe for concurrent
// use. Printing or logging it shows only the user name.
type PasswordToken struct {
	s *passwordTokenState
}

type passwordTokenState struct {
	userName    string
	domainName  string
	password    *sealed
	scope       Scope
	iam         *IAM
	cache       *tokenCache
	iamExplicit bool
}

// NewPasswordToken returns credentials for the IAM user userName of the
// account domainName, authenticated by password. Unless WithScope says
// otherwise the token is scoped to that account. No call is made until the
// first Apply. Errors never contain the password.
func NewPasswordToken(userName, password, domainName string, opts ...TokenOption) (*PasswordToken, error) {
	switch {
	case userName == "":
		return nil, errors.New("auth: NewPasswordToken: empty user name")
	case password == "":
		return nil, errors.New("auth: NewPasswordToken: empty password")
	case domainName == "":
		return nil, errors.New("auth: NewPasswordToken: empty account (domain) name")
	}
	cfg, err := newTokenConfig(opts)
	if err != nil {
		return nil, err
	}
	st := &passwordTokenState{
		userName:    userName,
		domainName:  domainName,
		password:    seal(password),
		scope:       Scope{DomainName: domainName},
		iam:         cfg.iam,
		iamExplicit: cfg.iamExplicit,
	}
	if cfg.scope != nil {
		st.scope = *cfg.scope
	}
	st.cache = newTokenCache(cfg, st.fetch)
	return &PasswordToken{s: st}, nil
}

func (st *passwordTokenState) request() *KeystoneCreateUserTokenByPasswordRequest {
	return &KeystoneCreateUserTokenByPasswordRequest{
		Nocatalog: "true",
		Auth: &PwdAuth{
			Identity: &PwdIdentity{
				Methods: []string{MethodPassword},
				Password: &PwdPassword{User: &PwdPasswordUser{
					Domain:   &PwdPasswordUserDomain{Name: st.domainName},
					Name:     st.userName,
					Password: Secret(st.password.reveal()),
				}},
			},
			Scope: st.scope.authScope(),
		},
	}
}

func (st *passwordTokenState) fetch(ctx context.Context) (issuedToken, error) {
	now := st.cache.now()
	resp, err := st.iam.createUserToken(ctx, engineFor(ctx, st.iamExplicit), st.request())
	if err != nil {
		return issuedToken{}, fmt.Errorf("auth: obtain token for IAM user %q: %w", st.userName, err)
	}
	if resp.XSubjectToken == "" {
		return issuedToken{}, fmt.Errorf("auth: obtain token for IAM user %q: no %s header in the IAM response", st.userName, HeaderSubjectToken)
	}
	var life issuedToken
	life.token = resp.XSubjectToken.Reveal()
	if resp.Token != nil {
		d, err := tokenLifetime(resp.Token.ExpiresAt, resp.Token.IssuedAt, now)
		if err != nil {
			return issuedToken{}, fmt.Errorf("auth: obtain token for IAM user %q: %w", st.userName, err)
		}
		life.lifetime = d
	}
	return life, nil
}

// Apply sets X-Auth-Token to a valid token, obtaining or refreshing it
// first if needed, and removes signature headers (Authorization,
// X-Sdk-Date, X-Security-Token). While a refresh runs, Apply waits for it or
// for ctx to end, whichever comes first.
func (c *PasswordToken) Apply(ctx context.Context, req *http.Request, body []byte) error {
	if c == nil || c.s == nil {
		return ErrNilCredentials
	}
	return applyToken(ctx, req, c.s.cache)
}

// applyToken is the Apply of every token credential type.
func applyToken(ctx context.Context, req *http.Request, cache *tokenCache) error {
	if err := prepareRequest(ctx, req); err != nil {
		return err
	}
	tok, err := cache.get(ctx)
	if err != nil {
		return err
	}
	h := req.Header
	h.Del(headerAuthorization)
	h.Del(headerSdkDate)
	h.Del(HeaderSecurityToken)
	h.Set(HeaderAuthToken, tok)
	return nil
}

// Invalidate drops the cached token so that the next Apply obtains a new
// one. Call it when the API rejects the token with HTTP 401.
func (c *PasswordToken) Invalidate() {
	if c == nil || c.s == nil {
		return
	}
	c.s.cache.invalidate()
}

// UserName returns the IAM user name.
func (c *PasswordToken) UserName() string {
	if c == nil || c.s == nil {
		return ""
	}
	return c.s.userName
}

// String describes the credentials by user name.
func (c *PasswordToken) String() string {
	if c == nil || c.s == nil {
		return "PasswordToken(nil)"
	}
	return "PasswordToken(user=" + c.s.userName + ")"
}

// GoString is used by %#v; it shows no secret either.
func (c *PasswordToken) GoString() string {
	if c == nil || c.s == nil {
		return "(*auth.PasswordToken)(nil)"
	}
	return fmt.Sprintf("&auth.PasswordToken{UserName:%q, Password:%q}", c.s.userName, redacted)
}

// Format makes every fmt verb print the String or GoString form.
func (c *PasswordToken) Format(f fmt.State, verb rune) {
	formatSafe(f, verb, c.String(), c.GoString())
}

// LogValue makes log/slog print the credentials type and user name.
func (c *PasswordToken) LogValue() slog.Value {
	if c == nil || c.s == nil {
		return slog.StringValue("PasswordToken(nil)")
	}
	return slog.GroupValue(
		slog.String("type", "password_token"),
		slog.String("user", c.s.userName),
	)
}
