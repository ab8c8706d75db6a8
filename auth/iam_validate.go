package auth

import (
	"github.com/hcpartner/partner-sdk-go/core"
	"github.com/hcpartner/partner-sdk-go/internal/validate"
)

// ValidationError is returned, before anything is sent, when a request
// breaks a documented rule. It lists every violation with the JSON path of
// the field; it never contains field values, so a password cannot leak
// through it. Use errors.As to get it.
type ValidationError = core.ValidationError

// Validate checks the required fields of the request. It returns a
// *ValidationError listing every problem, or nil.
func (r *KeystoneCreateUserTokenByPasswordRequest) Validate() error {
	const name = "KeystoneCreateUserTokenByPasswordRequest"
	var c validate.Collector
	if r == nil {
		c.Required("auth", false)
		return c.Err(name)
	}
	a := r.Auth
	c.Required("auth", a != nil)
	if a == nil {
		return c.Err(name)
	}
	c.Required("auth.identity", a.Identity != nil)
	if id := a.Identity; id != nil {
		checkMethods(&c, "auth.identity.methods", id.Methods, MethodPassword)
		c.Required("auth.identity.password", id.Password != nil)
		if pw := id.Password; pw != nil {
			c.Required("auth.identity.password.user", pw.User != nil)
			if u := pw.User; u != nil {
				c.Required("auth.identity.password.user.domain", u.Domain != nil)
				if u.Domain != nil {
					c.RequiredString("auth.identity.password.user.domain.name", u.Domain.Name)
				}
				c.RequiredString("auth.identity.password.user.name", u.Name)
				c.RequiredString("auth.identity.password.user.password", string(u.Password))
			}
		}
	}
	c.Required("auth.scope", a.Scope != nil)
	if s := a.Scope; s != nil {
		var dID, dName, pID, pName string
		if s.Domain != nil {
			dID, dName = s.Domain.ID, s.Domain.Name
		}
		if s.Project != nil {
			pID, pName = s.Project.ID, s.Project.Name
		}
		checkScope(&c, "auth.scope", s.Domain != nil, dID, dName, s.Project != nil, pID, pName)
	}
	return c.Err(name)
}

// Validate checks the required fields of the request. It returns a
// *ValidationError listing every problem, or nil.
func (r *KeystoneCreateAgencyTokenRequest) Validate() error {
	const name = "KeystoneCreateAgencyTokenRequest"
	var c validate.Collector
	if r == nil {
		c.Required("auth", false)
		return c.Err(name)
	}
	a := r.Auth
	c.Required("auth", a != nil)
	if a == nil {
		return c.Err(name)
	}
	c.Required("auth.identity", a.Identity != nil)
	if id := a.Identity; id != nil {
		checkMethods(&c, "auth.identity.methods", id.Methods, MethodAssumeRole)
		c.Required("auth.identity.assume_role", id.AssumeRole != nil)
		if ar := id.AssumeRole; ar != nil {
			if ar.DomainID == "" && ar.DomainName == "" {
				c.Add("auth.identity.assume_role.domain_id|domain_name", validate.RuleRequired, "", "")
			}
			c.RequiredString("auth.identity.assume_role.agency_name", ar.AgencyName)
		}
	}
	c.Required("auth.scope", a.Scope != nil)
	if s := a.Scope; s != nil {
		var dID, dName, pID, pName string
		if s.Domain != nil {
			dID, dName = s.Domain.ID, s.Domain.Name
		}
		if s.Project != nil {
			pID, pName = s.Project.ID, s.Project.Name
		}
		checkScope(&c, "auth.scope", s.Domain != nil, dID, dName, s.Project != nil, pID, pName)
	}
	return c.Err(name)
}

// checkMethods requires a non-empty methods list whose entries all equal
// want.
func checkMethods(c *validate.Collector, field string, methods []string, want string) {
	c.Required(field, len(methods) > 0)
	for i, m := range methods {
		c.EnumString(validate.Index(field, i), m, want)
	}
}

// checkScope requires exactly one of domain and project, identified by ID
// or name.
func checkScope(c *validate.Collector, field string, hasDomain bool, domainID, domainName string, hasProject bool, projectID, projectName string) {
	switch {
	case hasDomain && hasProject:
		c.Add(field, validate.RuleEnum, "[domain, project]", "both")
	case !hasDomain && !hasProject:
		c.Add(field, validate.RuleEnum, "[domain, project]", "none")
	case hasDomain && domainID == "" && domainName == "":
		c.Add(validate.Join(field, "domain.id|name"), validate.RuleRequired, "", "")
	case hasProject && projectID == "" && projectName == "":
		c.Add(validate.Join(field, "project.id|name"), validate.RuleRequired, "", "")
	}
}
