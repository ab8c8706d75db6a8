// Package exenv sets up what the example programs run against: the real
// partner API when credentials are in the environment, otherwise the
// local sandbox started in-process.
package exenv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/partnertest"
)

// Environment variables the examples read besides the SDK's own
// HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_DOMAIN_ID.
const (
	// EnvEndpoint overrides the API endpoint, e.g. the URL printed by
	// "go run ./examples/sandbox".
	EnvEndpoint = "PARTNER_SDK_ENDPOINT"
	// EnvIAMEndpoint overrides the IAM endpoint used for agency tokens;
	// it defaults to EnvEndpoint when that is set.
	EnvIAMEndpoint = "PARTNER_SDK_IAM_ENDPOINT"
	// EnvSite selects the site: "cn" (default), "intl" or "eu".
	EnvSite = "PARTNER_SDK_SITE"
	// EnvRegion is the former name of EnvSite, still read when EnvSite is
	// unset.
	EnvRegion = "PARTNER_SDK_REGION"
	// EnvXAccountType is the platform identifier Huawei assigned to the
	// partner's sales platform (needed to create customers).
	EnvXAccountType = "PARTNER_SDK_XACCOUNT_TYPE"
	// EnvAgency is the agency name customers created for the partner.
	EnvAgency = "PARTNER_SDK_AGENCY"
)

// SandboxCustomers is the number of sub-customers of the examples'
// sandbox world: enough for the listings to page.
const SandboxCustomers = 300

// Env is what an example runs with.
type Env struct {
	// Client reaches the partner API as the partner.
	Client *partnersdk.Client
	// Creds are the partner's credentials.
	Creds auth.Credentials
	// Sandbox is the in-process sandbox, nil against a real endpoint.
	Sandbox *partnertest.Server
	// XAccountType and AgencyName come from the environment, or from the
	// sandbox.
	XAccountType string
	AgencyName   string

	endpoint    string
	iamEndpoint string
	opts        []partnersdk.Option
}

// Options configure Setup.
type Options struct {
	// Log receives the one line that says which endpoint is used.
	Log io.Writer
	// Lookup reads the environment (os.LookupEnv when nil); empty values
	// count as unset.
	Lookup func(string) (string, bool)
	// SandboxSeed seeds the in-process sandbox.
	SandboxSeed int64
}

func (o *Options) get(name string) string {
	lookup := o.Lookup
	if lookup == nil {
		lookup = os.LookupEnv
	}
	v, _ := lookup(name)
	return strings.TrimSpace(v)
}

// Setup returns the environment of an example. Without HUAWEICLOUD_SDK_AK
// and HUAWEICLOUD_SDK_SK it starts the sandbox on a free loopback port and
// says so in one line on o.Log. Close the Env when done.
func Setup(ctx context.Context, o Options) (*Env, error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.get(auth.EnvAccessKey) == "" && o.get(auth.EnvSecretKey) == "" {
		return startSandbox(o)
	}
	creds, err := auth.AKSKFromLookup(func(name string) (string, bool) {
		v := o.get(name)
		return v, v != ""
	})
	if err != nil {
		return nil, err
	}
	e := &Env{Creds: creds, XAccountType: o.get(EnvXAccountType), AgencyName: o.get(EnvAgency)}
	if ep := o.get(EnvEndpoint); ep != "" {
		e.endpoint = ep
		e.iamEndpoint = ep
		e.opts = append(e.opts, partnersdk.WithEndpoint(ep))
	}
	if ep := o.get(EnvIAMEndpoint); ep != "" {
		e.iamEndpoint = ep
	}
	site := o.get(EnvSite)
	if site == "" {
		site = o.get(EnvRegion)
	}
	if site != "" {
		s, err := partnersdk.ParseSite(site)
		if err != nil {
			return nil, err
		}
		e.opts = append(e.opts, partnersdk.WithSite(s))
	}
	if e.Client, err = partnersdk.New(creds, e.opts...); err != nil {
		return nil, err
	}
	fmt.Fprintf(o.Log, "Using the partner API at %s with the credentials from %s.\n", e.Client.Endpoint(), auth.EnvAccessKey)
	return e, nil
}

// SandboxTimeScale is how much faster than real time the in-process sandbox
// enforces the documented flow control, and the examples' client paces: the
// ratios of the real API, 20 times faster.
const SandboxTimeScale = 20

func startSandbox(o Options) (*Env, error) {
	sb, err := partnertest.Start("127.0.0.1:0", partnertest.WithSeed(o.SandboxSeed), partnertest.WithCustomers(SandboxCustomers),
		partnertest.WithFlowControl(SandboxTimeScale))
	if err != nil {
		return nil, err
	}
	url := sb.URL
	creds := sb.Credentials()
	e := &Env{Creds: creds, Sandbox: sb, endpoint: url, iamEndpoint: url,
		XAccountType: sb.XAccountType, AgencyName: sb.AgencyName,
		opts: []partnersdk.Option{partnersdk.WithEndpoint(url), partnersdk.WithPacingTimeScale(SandboxTimeScale)}}
	if e.Client, err = partnersdk.New(creds, e.opts...); err != nil {
		sb.Close()
		return nil, err
	}
	fmt.Fprintf(o.Log, "No %s/%s in the environment: using the local sandbox started in-process at %s (seeded data, nothing leaves this machine).\n",
		auth.EnvAccessKey, auth.EnvSecretKey, url)
	return e, nil
}

// IsSandbox reports whether the example runs against the in-process
// sandbox.
func (e *Env) IsSandbox() bool { return e.Sandbox != nil }

// Close stops the in-process sandbox, if any.
func (e *Env) Close() error {
	if e == nil || e.Sandbox == nil {
		return nil
	}
	e.Sandbox.Close()
	return nil
}

// CustomerClient returns a client that acts in a customer's account
// through the agency agencyName (IAM assume_role), authenticated by the
// partner's credentials.
func (e *Env) CustomerClient(customerID, agencyName string) (*partnersdk.Client, error) {
	if agencyName == "" {
		return nil, errors.New("no agency name: pass -agency or set " + EnvAgency)
	}
	var topts []auth.TokenOption
	if e.iamEndpoint != "" {
		iam, err := auth.NewIAM(auth.WithEndpoint(e.iamEndpoint))
		if err != nil {
			return nil, err
		}
		topts = append(topts, auth.WithIAMClient(iam))
	}
	creds, err := auth.NewAgencyToken(e.Creds, auth.Domain{ID: customerID}, agencyName, topts...)
	if err != nil {
		return nil, err
	}
	return partnersdk.New(creds, e.opts...)
}

// Variables lists every environment variable Setup reads, so that tests
// can clear them to force the sandbox.
func Variables() []string {
	return []string{auth.EnvAccessKey, auth.EnvSecretKey, auth.EnvSecurityToken, auth.EnvDomainID,
		EnvEndpoint, EnvIAMEndpoint, EnvSite, EnvRegion, EnvXAccountType, EnvAgency}
}

// Yuan renders an amount with thousands separators: "3,913,333.00 CNY".
func Yuan(d decimal.Decimal) string {
	s := d.Abs().StringFixed(2)
	intPart, frac := s[:len(s)-3], s[len(s)-3:]
	var b []byte
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, intPart[i])
	}
	sign := ""
	if d.IsNegative() {
		sign = "-"
	}
	return sign + string(b) + frac + " CNY"
}
