package partnertest

import "github.com/hcpartner/partner-sdk-go/internal/sandbox"

// WithFlowControl makes the server enforce the documented flow control of
// every operation (the table the SDK paces by): a call over its
// operation's rate within any one-second window is answered 429 with the
// gateway's error_code APIG.0308 and a Retry-After. timeScale runs the
// windows that many times faster than real time (1: real time), and the
// clients of Client, CustomerClient and PasswordClient pace at the same
// scale, so a month-end job can be tested at the API's ratios in a fraction
// of the time. Count the rejections with Throttled.
func WithFlowControl(timeScale float64) Option {
	return func(c *config) { c.sb.FlowControl = &sandbox.FlowControl{TimeScale: timeScale} }
}

// Throttled returns how many calls the server answered 429 for flow
// control (0 without WithFlowControl).
func (s *Server) Throttled() int64 { return s.sb.Throttled() }
