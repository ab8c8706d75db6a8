package sandbox

import (
	"errors"
	"net/http"
	"strings"
	"time"
)

// The customer-side real-name operations of the customer operations API
// reference (api-oce, chapter "managing accounts"): ShowRealNameAuthQrCode
// (mac_00005) and ShowRealNameAuthStatus (mac_00006).
//
// A QR code stands for one face-recognition attempt. The sandbox hands out
// an address under RealNameQRPath on its own base URL; "scanning" it (any
// GET of that address) is a successful face recognition: the customer
// becomes an authenticated individual. A code is good for one scan and for
// qrCodeTTL after it was issued, as documented; a second scan, or a scan
// after 10 minutes, is answered 410 Gone and changes nothing.
//
// Only the customer's own account may ask for a code: the partner's
// credentials are refused with CBC.0151. The documented CBC.99007297 for an
// IAM user of the customer's account never occurs, because the sandbox's
// only customer identity is the assume_role token, which it treats as the
// customer's main account.

// RealNameQRPath is the path prefix of the QR code addresses the sandbox
// issues; a GET of such an address stands for the customer scanning the
// code with a phone.
const RealNameQRPath = "/sandbox/real-name-qrcode/"

// qrCodeTTL is how long an unscanned code stays valid (mac_00005).
const qrCodeTTL = 10 * time.Minute

// qrCode is an issued real-name QR code.
type qrCode struct {
	customerID string
	expires    time.Time
	used       bool
}

// qrOrigin is the scheme and host of issued QR code addresses: the
// server's own URL after Start, a fixed placeholder otherwise (a handler
// served by someone else's server scans through ScanRealNameQRCode).
func (s *Server) qrOrigin() string {
	if u := s.URL(); u != "" {
		return u
	}
	return "http://sandbox.invalid"
}

func hShowRealNameAuthQrCode(c *call) (*obj, error) {
	cust := c.id.customer
	if cust == nil {
		return nil, errNotAssociated("Access denied: ShowRealNameAuthQrCode accepts the credentials of the customer's main account only, not the partner's")
	}
	if c.w.qrCodes == nil {
		c.w.qrCodes = map[string]*qrCode{}
	}
	for k, q := range c.w.qrCodes { // forget lapsed codes
		if q.used || !c.now.Before(q.expires) {
			delete(c.w.qrCodes, k)
		}
	}
	code := hex32(c.w.rng)
	c.w.qrCodes[code] = &qrCode{customerID: cust.id, expires: c.now.Add(qrCodeTTL)}
	return c.response(map[string]any{"qr_code_url": c.s.qrOrigin() + RealNameQRPath + code}), nil
}

func hShowRealNameAuthStatus(c *call) (*obj, error) {
	cust := c.id.customer
	if cust == nil {
		// The partner's own account: an authenticated enterprise.
		return c.response(map[string]any{"verified_status": 2, "verified_type": 1}), nil
	}
	c.w.settle(cust, c.now)
	vals := map[string]any{"verified_type": nil}
	switch cust.verified {
	case "0", "1", "2":
		vals["verified_status"] = int(cust.verified[0] - '0')
	default:
		vals["verified_status"] = -1
	}
	switch {
	case cust.verified == "2" && cust.customerType >= 0:
		vals["verified_type"] = cust.customerType
	case (cust.verified == "0" || cust.verified == "1") && cust.realname != nil:
		if cust.realname.enterprise {
			vals["verified_type"] = 1
		} else {
			vals["verified_type"] = 0
		}
	}
	return c.response(vals), nil
}

// ScanRealNameQRCode stands for the customer scanning a QR code address
// returned by ShowRealNameAuthQrCode and passing face recognition: the
// customer becomes an authenticated individual (unless already
// authenticated). It fails for an unknown address, a code already scanned,
// and a code older than 10 minutes; a failed scan changes nothing.
func (s *Server) ScanRealNameQRCode(qrCodeURL string) error {
	i := strings.Index(qrCodeURL, RealNameQRPath)
	if i < 0 {
		return &QRCodeError{Status: http.StatusNotFound, Reason: "not a QR code address of this sandbox"}
	}
	code := qrCodeURL[i+len(RealNameQRPath):]
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.w.qrCodes[code]
	switch {
	case q == nil:
		return &QRCodeError{Status: http.StatusNotFound, Reason: "unknown QR code"}
	case q.used:
		return &QRCodeError{Status: http.StatusGone, Reason: "the QR code has already been scanned"}
	case !now.Before(q.expires):
		return &QRCodeError{Status: http.StatusGone, Reason: "the QR code has expired (10 minutes)"}
	}
	q.used = true
	cust := s.w.customerByID[q.customerID]
	if cust == nil {
		return nil
	}
	s.w.settle(cust, now)
	if cust.verified != "2" {
		cust.verified = "2"
		cust.customerType = 0
		cust.realname = nil
	}
	return nil
}

// QRCodeError is why ScanRealNameQRCode refused a scan; Status is the HTTP
// status the scan address answers with (404 unknown, 410 used or expired).
type QRCodeError struct {
	Status int
	Reason string
}

func (e *QRCodeError) Error() string { return "sandbox: QR code scan refused: " + e.Reason }

// serveRealNameQRScan answers a GET of an issued QR code address.
func (s *Server) serveRealNameQRScan(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if err := s.ScanRealNameQRCode(r.URL.Path); err != nil {
		status := http.StatusNotFound
		var qe *QRCodeError
		if errors.As(err, &qe) {
			status = qe.Status
		}
		http.Error(w, err.Error(), status)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("real-name authentication by face recognition completed\n"))
}
