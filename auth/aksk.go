package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/hcpartner/partner-sdk-go/signer"
)

// AKSK signs requests with an access key ID (AK) and secret access key (SK)
// using the SDK-HMAC-SHA256 algorithm. Temporary credentials add a security
// token, and global services such as BSS expect the account (domain) ID; both
// travel as headers that are part of the signature.
//
// Build one with NewAKSK or AKSKFromEnv. An *AKSK is safe for concurrent use.
// Printing or logging it shows only the beginning of the AK.
type AKSK struct {
	// All state lives behind a pointer, so even a dereferenced copy printed
	// with fmt shows an address and not the secret key.
	s *akskState
}

type akskState struct {
	ak            string
	securityToken *sealed
	domainID      string
	signer        *signer.Signer
	clock         func() time.Time
	offset        atomic.Int64 // nanoseconds added to clock()
}

type akskConfig struct {
	securityToken string
	domainID      string
	clock         func() time.Time
}

// WithSecurityToken marks the AK/SK as temporary credentials (for example
// ones obtained through an agency) and sends token in the X-Security-Token
// header of every request. The header is signed. An empty token is an error.
func WithSecurityToken(token string) AKSKOption {
	return akskOptionFunc(func(c *akskConfig) error {
		if token == "" {
			return errors.New("auth: WithSecurityToken: empty security token")
		}
		if !validHeaderValue(token) {
			return errors.New("auth: WithSecurityToken: security token contains control characters or surrounding white space")
		}
		c.securityToken = token
		return nil
	})
}

// WithDomainID sends the account (domain) ID in the X-Domain-Id header of
// every request. The header is signed. Global services such as BSS need it
// with AK/SK credentials; the SDK never looks it up implicitly. An empty ID is
// an error.
func WithDomainID(id string) AKSKOption {
	return akskOptionFunc(func(c *akskConfig) error {
		if id == "" {
			return errors.New("auth: WithDomainID: empty domain ID")
		}
		if !validHeaderValue(id) {
			return errors.New("auth: WithDomainID: domain ID contains control characters or surrounding white space")
		}
		c.domainID = id
		return nil
	})
}

// NewAKSK returns AK/SK credentials. ak and sk must be non-empty and ak must
// not contain a comma, white space or control characters. Errors never contain sk.
func NewAKSK(ak, sk string, opts ...AKSKOption) (*AKSK, error) {
	if ak == "" {
		return nil, errors.New("auth: empty access key ID (AK)")
	}
	if strings.IndexFunc(ak, func(r rune) bool { return r == ',' || unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return nil, errors.New("auth: access key ID (AK) contains a comma, white space or control characters")
	}
	if sk == "" {
		return nil, errors.New("auth: empty secret access key (SK)")
	}
	cfg := akskConfig{clock: time.Now}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o.applyAKSK(&cfg); err != nil {
			return nil, err
		}
	}
	st := &akskState{
		ak:            ak,
		securityToken: seal(cfg.securityToken),
		domainID:      cfg.domainID,
		signer:        signer.New(ak, sk),
		clock:         cfg.clock,
	}
	return &AKSK{s: st}, nil
}

// Apply sets X-Domain-Id and X-Security-Token when configured, removes any
// X-Auth-Token, and signs the request, which sets X-Sdk-Date and
// Authorization. Previous values of these headers are replaced, so Apply can
// run again on every retry attempt. body must be the exact bytes sent.
func (c *AKSK) Apply(ctx context.Context, req *http.Request, body []byte) error {
	if c == nil || c.s == nil {
		return ErrNilCredentials
	}
	if err := prepareRequest(ctx, req); err != nil {
		return err
	}
	h := req.Header
	// A date left over from an earlier attempt must not be reused by the
	// signer, and a stale signature must not survive a failed signing.
	h.Del(headerSdkDate)
	h.Del(headerAuthorization)
	h.Del(HeaderAuthToken)
	if c.s.securityToken != nil {
		h.Set(HeaderSecurityToken, c.s.securityToken.reveal())
	} else {
		h.Del(HeaderSecurityToken)
	}
	if c.s.domainID != "" {
		h.Set(HeaderDomainID, c.s.domainID)
	}
	if err := c.s.signer.Sign(req, body, c.now()); err != nil {
		return fmt.Errorf("auth: sign request: %w", err)
	}
	return nil
}

func (c *AKSK) now() time.Time {
	return c.s.clock().Add(time.Duration(c.s.offset.Load()))
}

// SetClockOffset adds d to the local clock for every later signature. Use it
// when the server's clock differs from the local one (the API rejects
// signatures whose X-Sdk-Date is too far off). It is safe to call while other
// goroutines call Apply. Calling it on nil credentials does nothing.
func (c *AKSK) SetClockOffset(d time.Duration) {
	if c == nil || c.s == nil {
		return
	}
	c.s.offset.Store(int64(d))
}

// ClockOffset returns the offset set by SetClockOffset (0 by default).
func (c *AKSK) ClockOffset() time.Duration {
	if c == nil || c.s == nil {
		return 0
	}
	return time.Duration(c.s.offset.Load())
}

// AK returns the access key ID. It is not secret and can be logged to tell
// which key made a call.
func (c *AKSK) AK() string {
	if c == nil || c.s == nil {
		return ""
	}
	return c.s.ak
}

// DomainID returns the account (domain) ID sent in X-Domain-Id, or "".
func (c *AKSK) DomainID() string {
	if c == nil || c.s == nil {
		return ""
	}
	return c.s.domainID
}

// Temporary reports whether a security token is configured.
func (c *AKSK) Temporary() bool {
	return c != nil && c.s != nil && c.s.securityToken != nil
}

// String describes the credentials by the first characters of the AK.
func (c *AKSK) String() string {
	if c == nil || c.s == nil {
		return "AKSK(nil)"
	}
	s := "AKSK(ak=" + maskAK(c.s.ak)
	if c.s.securityToken != nil {
		s += ", temporary"
	}
	return s + ")"
}

// GoString is used by %#v; it shows no secret either.
func (c *AKSK) GoString() string {
	if c == nil || c.s == nil {
		return "(*auth.AKSK)(nil)"
	}
	return fmt.Sprintf("&auth.AKSK{AK:%q, SK:%q, Temporary:%t}", maskAK(c.s.ak), redacted, c.s.securityToken != nil)
}

// Format makes every fmt verb print the String or GoString form.
func (c *AKSK) Format(f fmt.State, verb rune) {
	formatSafe(f, verb, c.String(), c.GoString())
}

// LogValue makes log/slog print the credentials type and masked AK.
func (c *AKSK) LogValue() slog.Value {
	if c == nil || c.s == nil {
		return slog.StringValue("AKSK(nil)")
	}
	return slog.GroupValue(
		slog.String("type", "aksk"),
		slog.String("ak", maskAK(c.s.ak)),
		slog.Bool("temporary", c.s.securityToken != nil),
	)
}
