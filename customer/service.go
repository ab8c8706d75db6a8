package customer

import "github.com/hcpartner/partner-sdk-go/internal/transport"

// Service holds the customer operations. Get it from partnersdk.Client.Customer, which
// shares one transport (endpoint, credentials, retries, logging) between all
// services. A Service is safe for concurrent use.
type Service struct {
	tc *transport.Client
}

// NewService builds the service on a transport client. Programs normally use
// partnersdk.New, which calls it.
func NewService(tc *transport.Client) *Service { return &Service{tc: tc} }

// transport returns the client, or nil for a nil or zero Service (whose
// calls then fail with an error instead of panicking).
func (s *Service) transport() *transport.Client {
	if s == nil {
		return nil
	}
	return s.tc
}
