package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/hcpartner/partner-sdk-go/signer"
)

// identity is the authenticated caller of a request.
type identity struct {
	// partner is set for the partner's AK/SK and password tokens.
	partner bool
	// domainID is the caller's account: the partner's, or the customer's
	// for an assume_role token.
	domainID string
	// customer is the customer an assume_role token acts for.
	customer *customer
}

// token is an IAM token the sandbox issued.
type token struct {
	partner   bool
	customer  *customer
	expiresAt time.Time
}

// authenticate checks the X-Auth-Token or the SDK-HMAC-SHA256 signature of
// a request, answering the gateway's error: 401 APIGW.0301 for a missing,
// malformed, unknown or mismatching credential, and for an X-Sdk-Date
// outside the allowed skew (with "signature expired" in the message, as the
// real gateway words it).
func (s *Server) authenticate(r *http.Request, body []byte) (*identity, *apiError) {
	if tok := r.Header.Get("X-Auth-Token"); tok != "" {
		s.mu.Lock()
		t, ok := s.tokens[tok]
		s.mu.Unlock()
		if !ok || !s.now().Before(t.expiresAt) {
			return nil, gatewayError(codeGatewayAuth, "Incorrect IAM authentication information: the token is invalid or has expired")
		}
		if t.partner {
			return &identity{partner: true, domainID: s.cfg.DomainID}, nil
		}
		return &identity{domainID: t.customer.id, customer: t.customer}, nil
	}
	lookup := func(ak string) (string, bool) {
		if ak == s.cfg.AK {
			return s.cfg.SK, true
		}
		return "", false
	}
	_, err := signer.Verify(r, body, lookup, s.now(), s.cfg.MaxSkew)
	if err != nil {
		return nil, verifyError(err, s.cfg.MaxSkew)
	}
	if d := r.Header.Get("X-Domain-Id"); d != "" && d != s.cfg.DomainID {
		return nil, gatewayError(codeGatewayAuth, "Incorrect IAM authentication information: X-Domain-Id is not the account of the access key")
	}
	return &identity{partner: true, domainID: s.cfg.DomainID}, nil
}

func gatewayError(code, msg string) *apiError {
	return &apiError{Status: http.StatusUnauthorized, Code: code, Msg: msg}
}

// verifyError maps a signer.Verify failure to the gateway's answer.
func verifyError(err error, maxSkew time.Duration) *apiError {
	const prefix = "Incorrect IAM authentication information: "
	var mm *signer.SignatureMismatchError
	switch {
	case errors.Is(err, signer.ErrMissingAuthorization):
		return gatewayError(codeGatewayAuth, prefix+"Authorization header not found (sign the request with SDK-HMAC-SHA256 or send X-Auth-Token)")
	case errors.Is(err, signer.ErrUnsupportedAlgorithm):
		return gatewayError(codeGatewayAuth, prefix+"unsupported signing algorithm")
	case errors.Is(err, signer.ErrMalformedAuthorization):
		return gatewayError(codeGatewayAuth, prefix+"malformed Authorization header")
	case errors.Is(err, signer.ErrMissingDate):
		return gatewayError(codeGatewayAuth, prefix+"X-Sdk-Date header not found")
	case errors.Is(err, signer.ErrMalformedDate):
		return gatewayError(codeGatewayAuth, prefix+"malformed X-Sdk-Date header")
	case errors.Is(err, signer.ErrClockSkew):
		return gatewayError(codeGatewayAuth, prefix+"verify aksk signature fail, signature expired: X-Sdk-Date is more than "+maxSkew.String()+" away from the server time ("+err.Error()+")")
	case errors.Is(err, signer.ErrUnknownAccessKey):
		return gatewayError(codeGatewayAuth, prefix+"access key not found")
	case errors.As(err, &mm):
		e := gatewayError(codeGatewayAuth, prefix+"verify aksk signature fail; compare your canonical request with the "+headerCanonical+" response header")
		e.canonical = mm.CanonicalRequest
		return e
	case errors.Is(err, signer.ErrSignatureMismatch):
		return gatewayError(codeGatewayAuth, prefix+"verify aksk signature fail: "+err.Error())
	}
	return gatewayError(codeGatewayAuth, prefix+err.Error())
}

// iamError answers in IAM's own error format.
func iamError(w http.ResponseWriter, status int, msg string) {
	body := newObj().set("error", newObj().
		set("code", status).
		set("message", msg).
		set("title", http.StatusText(status)))
	writeJSON(w, status, body)
}

const iamTimeLayout = "2006-01-02T15:04:05.000000Z"

type iamScope struct {
	Domain *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"domain"`
	Project *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"project"`
}

type iamRequest struct {
	Auth *struct {
		Identity *struct {
			Methods  []string `json:"methods"`
			Password *struct {
				User *struct {
					Domain *struct {
						ID   string `json:"id"`
						Name string `json:"name"`
					} `json:"domain"`
					Name     string `json:"name"`
					Password string `json:"password"`
				} `json:"user"`
			} `json:"password"`
			AssumeRole *struct {
				DomainID   string `json:"domain_id"`
				DomainName string `json:"domain_name"`
				AgencyName string `json:"agency_name"`
			} `json:"assume_role"`
		} `json:"identity"`
		Scope *iamScope `json:"scope"`
	} `json:"auth"`
}

// serveIAM answers POST /v3/auth/tokens: password tokens for the
// configured IAM user and assume_role tokens for the configured agency of
// any sub-customer.
func (s *Server) serveIAM(w http.ResponseWriter, r *http.Request, body []byte) {
	var req iamRequest
	if err := json.Unmarshal(body, &req); err != nil || req.Auth == nil || req.Auth.Identity == nil {
		iamError(w, http.StatusBadRequest, "The request body is invalid: auth.identity is required.")
		return
	}
	ident := req.Auth.Identity
	if len(ident.Methods) != 1 {
		iamError(w, http.StatusBadRequest, "auth.identity.methods must hold exactly one method.")
		return
	}
	switch ident.Methods[0] {
	case "password":
		p := ident.Password
		if p == nil || p.User == nil || p.User.Domain == nil {
			iamError(w, http.StatusBadRequest, "auth.identity.password.user with its domain is required.")
			return
		}
		u := p.User
		domainOK := u.Domain.Name == s.cfg.DomainName || (u.Domain.Name == "" && u.Domain.ID == s.cfg.DomainID)
		if !domainOK || u.Name != s.cfg.UserName || u.Password != s.cfg.Password {
			iamError(w, http.StatusUnauthorized, "The username or password is wrong.")
			return
		}
		if !s.scopeMatches(req.Auth.Scope, s.cfg.DomainID, s.cfg.DomainName) {
			iamError(w, http.StatusBadRequest, "auth.scope must name the account of the user (domain id or name) or one of its projects.")
			return
		}
		s.issueToken(w, &token{partner: true}, "password")
	case "assume_role":
		ar := ident.AssumeRole
		if ar == nil || ar.AgencyName == "" || (ar.DomainID == "" && ar.DomainName == "") {
			iamError(w, http.StatusBadRequest, "auth.identity.assume_role needs agency_name and domain_id or domain_name.")
			return
		}
		caller, aerr := s.authenticate(r, body)
		if aerr != nil {
			writeAPIError(w, aerr)
			return
		}
		if !caller.partner {
			iamError(w, http.StatusForbidden, "An agency token cannot assume another agency.")
			return
		}
		s.mu.Lock()
		cust := s.w.customerByID[ar.DomainID]
		if cust == nil && ar.DomainID == "" {
			cust = s.w.customerByName[strings.ToLower(ar.DomainName)]
		}
		s.mu.Unlock()
		if cust == nil {
			iamError(w, http.StatusNotFound, "Could not find the account (domain) that created the agency.")
			return
		}
		if ar.AgencyName != s.cfg.AgencyName {
			iamError(w, http.StatusForbidden, "No agency named "+quoteMax(ar.AgencyName, 64)+" delegates the account to this partner.")
			return
		}
		if !s.scopeMatches(req.Auth.Scope, cust.id, cust.accountName) {
			iamError(w, http.StatusBadRequest, "auth.scope must name the delegating account (domain id or name) or one of its projects.")
			return
		}
		s.issueToken(w, &token{customer: cust}, "assume_role")
	default:
		iamError(w, http.StatusBadRequest, "Unsupported authentication method "+quoteMax(ident.Methods[0], 32)+".")
	}
}

func quoteMax(s string, n int) string {
	if len(s) > n {
		s = s[:n] + "..."
	}
	return `"` + s + `"`
}

// scopeMatches accepts a domain scope naming the account, or any project
// scope (the sandbox has no projects of its own).
func (s *Server) scopeMatches(sc *iamScope, id, name string) bool {
	if sc == nil {
		return false
	}
	if sc.Project != nil {
		return sc.Project.ID != "" || sc.Project.Name != ""
	}
	if sc.Domain == nil {
		return false
	}
	if sc.Domain.ID != "" {
		return sc.Domain.ID == id
	}
	return strings.EqualFold(sc.Domain.Name, name)
}

func (s *Server) issueToken(w http.ResponseWriter, t *token, method string) {
	var raw [48]byte
	if _, err := rand.Read(raw[:]); err != nil {
		iamError(w, http.StatusInternalServerError, "Cannot issue a token.")
		return
	}
	value := "MIISandbox" + hex.EncodeToString(raw[:])
	now := s.now()
	t.expiresAt = now.Add(s.cfg.TokenTTL)
	s.mu.Lock()
	for k, old := range s.tokens { // forget expired tokens
		if !now.Before(old.expiresAt) {
			delete(s.tokens, k)
		}
	}
	s.tokens[value] = t
	s.mu.Unlock()

	partnerDomain := newObj().set("name", s.cfg.DomainName).set("id", s.cfg.DomainID)
	tok := newObj().
		set("methods", []string{method}).
		set("expires_at", t.expiresAt.Format(iamTimeLayout)).
		set("issued_at", now.Format(iamTimeLayout))
	if t.partner {
		tok.set("domain", partnerDomain).
			set("roles", []*obj{newObj().set("name", "te_admin").set("id", "0"), newObj().set("name", "op_service").set("id", "0")}).
			set("user", newObj().set("name", s.cfg.UserName).set("id", hexOf(s.cfg.DomainID+"/user")).
				set("password_expires_at", "").set("domain", partnerDomain))
	} else {
		custDomain := newObj().set("name", t.customer.accountName).set("id", t.customer.id)
		tok.set("assumed_by", newObj().set("user", newObj().set("name", s.cfg.UserName).
			set("id", hexOf(s.cfg.DomainID+"/user")).set("domain", partnerDomain).set("password_expires_at", ""))).
			set("domain", custDomain).
			set("roles", []*obj{newObj().set("name", "op_service").set("id", "0")}).
			set("user", newObj().set("name", t.customer.accountName+"/"+s.cfg.AgencyName).
				set("id", hexOf(t.customer.id+"/agency")).set("domain", custDomain))
	}
	w.Header().Set("X-Subject-Token", value)
	writeJSON(w, http.StatusCreated, newObj().set("token", tok))
}
