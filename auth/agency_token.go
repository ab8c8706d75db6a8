package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
)

// Domain identifies a Huawei Cloud account, which IAM calls a domain, by ID
// or by name. One of the two is enough; the ID is preferred where both are
// set.
type Domain struct {
	ID   string
	Name string
}

// AgencyToken authenticates requests as a customer: it assumes an agency
// (IAM "assume_role") that the customer's account created for the partner,
// and sends the resulting agency token in X-Auth-Token. Several
// customer-side API operations accept only such a token.
//
// The agency token is requested with the partner's own base credentials
// (AK/SK or a PasswordToken), cached, and replaced shortly before it expires
// or after the lifetime set by WithMaxLifetime; concurrent requests share one
// refresh.
//
// Build one with NewAgencyToken. An *AgencyToken is safe for concurrent use.
// Printing or logging it shows the agency name and the base credentials'
// own safe form.
type AgencyToken struct {
	s *agencyTokenState
}

type agencyTokenState struct {
	base        Credentials
	customer    Domain
	agencyName  string
	scope       Scope
	iam         *IAM
	cache       *tokenCache
	iamExplicit bool
}

// NewAgencyToken returns credentials that act in the customer's account
// through the agency agencyName. base authenticates the partner to IAM when
// the agency token is requested. Unless WithScope says otherwise the token
// is scoped to the customer's account. No call is made until the first
// Apply.
func NewAgencyToken(base Credentials, customer Domain, agencyName string, opts ...TokenOption) (*AgencyToken, error) {
	switch {
	case base == nil:
		return nil, fmt.Errorf("auth: NewAgencyToken: base credentials: %w", ErrNilCredentials)
	case customer.ID == "" && customer.Name == "":
		return nil, errors.New("auth: NewAgencyToken: the customer's account ID or name is required")
	case agencyName == "":
		return nil, errors.New("auth: NewAgencyToken: empty agency name")
	}
	cfg, err := newTokenConfig(opts)
	if err != nil {
		return nil, err
	}
	st := &agencyTokenState{
		base:        base,
		customer:    customer,
		agencyName:  agencyName,
		iam:         cfg.iam.withCredentials(base),
		iamExplicit: cfg.iamExplicit,
	}
	if cfg.scope != nil {
		st.scope = *cfg.scope
	} else if customer.ID != "" {
		st.scope = Scope{DomainID: customer.ID}
	} else {
		st.scope = Scope{DomainName: customer.Name}
	}
	st.cache = newTokenCache(cfg, st.fetch)
	return &AgencyToken{s: st}, nil
}

func (st *agencyTokenState) request() *KeystoneCreateAgencyTokenRequest {
	return &KeystoneCreateAgencyTokenRequest{
		Nocatalog: "true",
		Auth: &AgencyTokenAuth{
			Identity: &AgencyTokenIdentity{
				Methods: []string{MethodAssumeRole},
				AssumeRole: &AgencyTokenAssumerole{
					DomainID:   st.customer.ID,
					DomainName: st.customer.Name,
					AgencyName: st.agencyName,
				},
			},
			Scope: st.scope.agencyScope(),
		},
	}
}

func (st *agencyTokenState) fetch(ctx context.Context) (issuedToken, error) {
	now := st.cache.now()
	resp, err := st.iam.createAgencyToken(ctx, engineFor(ctx, st.iamExplicit), st.request())
	var ie *IAMError
	if errors.As(err, &ie) && ie.Unauthorized() {
		// The base credentials may hold a cached token that IAM no longer
		// accepts: drop it and try once more.
		if inv, ok := st.base.(Invalidator); ok {
			inv.Invalidate()
			resp, err = st.iam.createAgencyToken(ctx, engineFor(ctx, st.iamExplicit), st.request())
		}
	}
	if err != nil {
		return issuedToken{}, fmt.Errorf("auth: assume agency %q: %w", st.agencyName, err)
	}
	if resp.XSubjectToken == "" {
		return issuedToken{}, fmt.Errorf("auth: assume agency %q: no %s header in the IAM response", st.agencyName, HeaderSubjectToken)
	}
	it := issuedToken{token: resp.XSubjectToken.Reveal()}
	if resp.Token != nil {
		d, err := tokenLifetime(resp.Token.ExpiresAt, resp.Token.IssuedAt, now)
		if err != nil {
			return issuedToken{}, fmt.Errorf("auth: assume agency %q: %w", st.agencyName, err)
		}
		it.lifetime = d
	}
	return it, nil
}

// Apply sets X-Auth-Token to a valid agency token, obtaining or refreshing
// it first if needed, and removes signature headers (Authorization,
// X-Sdk-Date, X-Security-Token). While a refresh runs, Apply waits for it or
// for ctx to end, whichever comes first.
func (c *AgencyToken) Apply(ctx context.Context, req *http.Request, body []byte) error {
	if c == nil || c.s == nil {
		return ErrNilCredentials
	}
	return applyToken(ctx, req, c.s.cache)
}

// Invalidate drops the cached agency token so that the next Apply assumes
// the agency again. Call it when the API rejects the token with HTTP 401.
func (c *AgencyToken) Invalidate() {
	if c == nil || c.s == nil {
		return
	}
	c.s.cache.invalidate()
}

// AgencyName returns the name of the assumed agency.
func (c *AgencyToken) AgencyName() string {
	if c == nil || c.s == nil {
		return ""
	}
	return c.s.agencyName
}

// Customer returns the account in which the agency is assumed.
func (c *AgencyToken) Customer() Domain {
	if c == nil || c.s == nil {
		return Domain{}
	}
	return c.s.customer
}

// String describes the credentials by agency name and base credentials.
func (c *AgencyToken) String() string {
	if c == nil || c.s == nil {
		return "AgencyToken(nil)"
	}
	return "AgencyToken(agency=" + c.s.agencyName + ", base=" + describeBase(c.s.base) + ")"
}

// GoString is used by %#v; it shows no secret either.
func (c *AgencyToken) GoString() string {
	if c == nil || c.s == nil {
		return "(*auth.AgencyToken)(nil)"
	}
	return fmt.Sprintf("&auth.AgencyToken{AgencyName:%q, Base:%s}", c.s.agencyName, describeBase(c.s.base))
}

// Format makes every fmt verb print the String or GoString form.
func (c *AgencyToken) Format(f fmt.State, verb rune) {
	formatSafe(f, verb, c.String(), c.GoString())
}

// LogValue makes log/slog print the credentials type, agency name and the
// base credentials' safe form.
func (c *AgencyToken) LogValue() slog.Value {
	if c == nil || c.s == nil {
		return slog.StringValue("AgencyToken(nil)")
	}
	attrs := []slog.Attr{
		slog.String("type", "agency_token"),
		slog.String("agency", c.s.agencyName),
	}
	switch b := c.s.base.(type) {
	case *AKSK:
		attrs = append(attrs, slog.Any("base", b.LogValue()))
	case *PasswordToken:
		attrs = append(attrs, slog.Any("base", b.LogValue()))
	case *AgencyToken:
		attrs = append(attrs, slog.Any("base", b.LogValue()))
	default:
		attrs = append(attrs, slog.String("base", describeBase(b)))
	}
	return slog.GroupValue(attrs...)
}

// describeBase prints base credentials of this package in their safe form
// and only the type of anything else, whose String method might not be
// safe.
func describeBase(base Credentials) string {
	switch b := base.(type) {
	case *AKSK:
		return b.String()
	case *PasswordToken:
		return b.String()
	case *AgencyToken:
		return b.String()
	default:
		return fmt.Sprintf("%T", base)
	}
}
