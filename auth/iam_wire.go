package auth

// The password request cannot be encoded with encoding/json directly,
// because Secret encodes as "[REDACTED]". These mirror types carry the real
// password into the request body and are used nowhere else.

type wirePasswordRequest struct {
	Auth wirePwdAuth `json:"auth"`
}

type wirePwdAuth struct {
	Identity wirePwdIdentity `json:"identity"`
	Scope    *AuthScope      `json:"scope"`
}

type wirePwdIdentity struct {
	Methods  []string        `json:"methods"`
	Password wirePwdPassword `json:"password"`
}

type wirePwdPassword struct {
	User wirePwdUser `json:"user"`
}

type wirePwdUser struct {
	Domain   *PwdPasswordUserDomain `json:"domain"`
	Name     string                 `json:"name"`
	Password string                 `json:"password"`
}

// wire returns the body of a validated request with the password revealed.
func (r *KeystoneCreateUserTokenByPasswordRequest) wire() *wirePasswordRequest {
	id := r.Auth.Identity
	u := id.Password.User
	return &wirePasswordRequest{Auth: wirePwdAuth{
		Identity: wirePwdIdentity{
			Methods: id.Methods,
			Password: wirePwdPassword{User: wirePwdUser{
				Domain:   u.Domain,
				Name:     u.Name,
				Password: u.Password.Reveal(),
			}},
		},
		Scope: r.Auth.Scope,
	}}
}
