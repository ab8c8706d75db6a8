package saml

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// BindAction is the binding result of a notification.
type BindAction string

// The two documented results (bindAction 0 and 1).
const (
	BindActionBind   BindAction = "bind"
	BindActionUnbind BindAction = "unbind"
)

// Code returns the wire code: 0 for bind, 1 for unbind, -1 otherwise.
func (a BindAction) Code() int {
	switch a {
	case BindActionBind:
		return 0
	case BindActionUnbind:
		return 1
	}
	return -1
}

// UnmarshalJSON accepts the code as a JSON number (as in Huawei's example,
// "bindAction":1) or as a string (as the field table types it, "1"), and the
// words "bind" and "unbind".
func (a *BindAction) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if len(s) >= 2 && s[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	switch s {
	case "0", "bind":
		*a = BindActionBind
	case "1", "unbind":
		*a = BindActionUnbind
	default:
		return fmt.Errorf("bindAction %.20q is neither 0 (bind) nor 1 (unbind)", s)
	}
	return nil
}

// MarshalJSON writes the numeric code.
func (a BindAction) MarshalJSON() ([]byte, error) {
	if a.Code() < 0 {
		return nil, fmt.Errorf("saml: unknown BindAction %q", string(a))
	}
	return []byte(strconv.Itoa(a.Code())), nil
}

// SignedForm names the octets a binding-notification signature was found to
// cover. Huawei documents only that it signs "the bindRequest in the
// request" (open question 1 of web-ui-saml.md). Exactly two readings are
// accepted; see bindSignedCandidates for why each is there and why no other.
type SignedForm string

// The accepted forms, in the order they are tried.
const (
	// SignedFormQuery is "bindRequest=<b>&SigAlg=<a>", where <b> is the
	// base64 text of bindRequest and <a> the SigAlg URI, each percent-encoded
	// as application/x-www-form-urlencoded with upper-case escapes (the
	// style of the SAML HTTP-Redirect binding, which the notification's
	// parameter names follow).
	SignedFormQuery SignedForm = "query"
	// SignedFormBase64 is the base64 text of bindRequest itself, the literal
	// reading of "the bindRequest in the request".
	SignedFormBase64 SignedForm = "base64"
)

// BindNotification is the verified binding-result notification ("绑定通知
// 接口"), see https://support.huaweicloud.com/devg-bpconsole/access_00011.html.
// Every field but Action may be empty: Huawei's own example carries only
// domainName, domainId, xUserId and bindAction.
type BindNotification struct {
	// XUserID and XAccountID identify the customer on the partner platform
	// (the values the SAMLResponse carried).
	XUserID    string
	XAccountID string
	// DomainName and DomainID are the customer's Huawei Cloud account name
	// and account ID; DomainID is the customer_id of later API calls.
	DomainName string
	DomainID   string
	// UserName and UserID are the Huawei Cloud IAM user.
	UserName string
	UserID   string
	// Action is bind or unbind.
	Action BindAction
	// SignedForm tells which candidate octets the signature verified over.
	SignedForm SignedForm
}

// bindJSON is the wire shape; string fields also accept JSON numbers.
type bindJSON struct {
	XUserID    flexString  `json:"xUserId"`
	XAccountID flexString  `json:"xAccountId"`
	DomainName flexString  `json:"domainName"`
	DomainID   flexString  `json:"domainId"`
	UserName   flexString  `json:"userName"`
	UserID     flexString  `json:"userId"`
	BindAction *BindAction `json:"bindAction"`
}

// flexString decodes a JSON string or number (or null) into a string.
type flexString string

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	if string(b) == "null" {
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return errors.New("expected a string or a number")
	}
	*f = flexString(n.String())
	return nil
}

// BindFunc receives a verified notification. It usually stores the binding
// (DomainID is the customer_id for later API calls) and writes the page the
// customer sees next, since the notification arrives through the customer's
// browser. If it writes nothing and returns nil, the handler answers 200
// with a short text. Return ErrHandled or nil after writing; another error
// makes the handler answer 500 without details.
type BindFunc func(w http.ResponseWriter, r *http.Request, n *BindNotification) error

// BindHandlerConfig configures the notification handler.
type BindHandlerConfig struct {
	// SP is Huawei's SP metadata; its signing certificates verify the
	// notifications. Required.
	SP *SPMetadata
	// Handle receives verified notifications. Required for ServeHTTP.
	Handle BindFunc
	// ReplayStore records a hash of each accepted signature; the same
	// notification is rejected a second time (a browser that re-posts the
	// form gets 403), unless Handle failed on the first delivery. A fleet
	// shares one store (see ReplayStore). Default:
	// NewMemoryReplayStore(DefaultReplayStoreSize, Now), which forgets on
	// restart and holds at most that many notifications.
	ReplayStore ReplayStore
	// ReplayRetention is how long an accepted notification is remembered.
	// Notifications carry no ID, timestamp or expiry, and their signature
	// stays valid as long as Huawei's key does, so no age makes an old one
	// invalid on its own: the default, zero, remembers every notification
	// for good (one small key per binding event). A positive value lets a
	// notification older than it be accepted again.
	ReplayRetention time.Duration
	// Now supplies the time for the default cache; default time.Now.
	Now func() time.Time
	// Logger receives one record per notification: status, reason, action
	// and the signed form, never signatures or customer data. Default: no
	// logging.
	Logger *slog.Logger
}

// BindHandler is the http.Handler for the partner's notification URL
// ("通知结果绑定地址"). It is safe for concurrent use.
type BindHandler struct {
	cfg BindHandlerConfig
	log *slog.Logger
}

// NewBindHandler checks cfg and returns the handler.
func NewBindHandler(cfg BindHandlerConfig) (*BindHandler, error) {
	if err := cfg.SP.validate("SP"); err != nil {
		return nil, err
	}
	if cfg.ReplayRetention < 0 {
		return nil, &ConfigError{Field: "ReplayRetention", Reason: "must not be negative (zero keeps notifications for good)"}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ReplayStore == nil {
		cfg.ReplayStore = NewMemoryReplayStore(DefaultReplayStoreSize, cfg.Now)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(discardHandler{})
	}
	return &BindHandler{cfg: cfg, log: log}, nil
}

// bindSignedCandidates returns the octet strings a notification signature
// may cover, in the order they are tried. It is the one place that encodes
// the answer to open question 1; when a real callback settles it, drop the
// form that did not match.
//
//   - SignedFormQuery: the notification follows the SAML HTTP-Redirect
//     binding in its parameter names (bindRequest, SigAlg, Signature) and
//     Huawei signs its SAMLRequests that way, so the signed string is most
//     likely "bindRequest=…&SigAlg=…". It is rebuilt from the decoded values
//     rather than taken as received: the notification reaches us as a form
//     the customer's browser re-encodes, so the received escapes are the
//     browser's, not Huawei's. For the characters involved (the base64
//     alphabet and the rsa-sha256 URI) Java's URLEncoder, browsers' form
//     encoding and Go's url.QueryEscape produce the same bytes.
//   - SignedFormBase64: the documentation's own words, "the bindRequest",
//     read literally as the parameter's value.
//
// Neither can be confused with another message Huawei signs with the same
// key: a SAMLRequest signature covers a string starting "SAMLRequest=",
// which is neither of these forms (it is not base64, and it does not start
// with "bindRequest="). The decoded JSON is deliberately not a candidate:
// any string at all can be base64-encoded into a bindRequest, so accepting
// a signature over the decoded bytes would turn every Huawei signature
// into a notification signature.
func bindSignedCandidates(cleanB64, sigAlg string) []struct {
	form    SignedForm
	content []byte
} {
	return []struct {
		form    SignedForm
		content []byte
	}{
		{SignedFormQuery, []byte("bindRequest=" + url.QueryEscape(cleanB64) + "&SigAlg=" + url.QueryEscape(sigAlg))},
		{SignedFormBase64, []byte(cleanB64)},
	}
}

// ParseNotification verifies and decodes a notification without calling
// Handle and without touching the replay store. It accepts only a POST with
// an application/x-www-form-urlencoded body (the documented "Form Data";
// anything else is ErrMethod or ErrMediaType), reads at most
// MaxNotificationBytes, requires SigAlg rsa-sha256 and a Signature that
// verifies with an SP signing certificate over one of the two forms of
// SignedForm, and only then decodes the JSON.
func (h *BindHandler) ParseNotification(r *http.Request) (*BindNotification, error) {
	n, _, err := h.parse(r)
	return n, err
}

func (h *BindHandler) parse(r *http.Request) (*BindNotification, []byte, error) {
	if r == nil || r.URL == nil {
		return nil, nil, newError(ErrMalformed, "no request")
	}
	if r.Method != http.MethodPost {
		return nil, nil, newError(ErrMethod, "notifications arrive by POST")
	}
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return nil, nil, newError(ErrMediaType, "the body must be application/x-www-form-urlencoded")
	}
	if r.Body == nil {
		return nil, nil, newError(ErrMalformed, "empty body")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxNotificationBytes+1))
	if err != nil {
		return nil, nil, newError(ErrMalformed, "body cannot be read")
	}
	if len(body) > MaxNotificationBytes {
		return nil, nil, newError(ErrTooLarge, "body exceeds the limit")
	}
	raw := string(body)
	ps, err := parseParams(raw, "bindRequest", "SigAlg", "Signature")
	if err != nil {
		return nil, nil, err
	}
	br, sigAlg, sig := ps["bindRequest"], ps["SigAlg"], ps["Signature"]
	if !br.present || br.value == "" {
		return nil, nil, newError(ErrMalformed, "bindRequest is missing")
	}
	if err := checkSigAlg(sigAlg); err != nil {
		return nil, nil, err
	}
	sigBytes, err := decodeSignature(sig)
	if err != nil {
		return nil, nil, err
	}
	cleanB64, decoded, err := decodeBase64(br.value, MaxNotificationBytes)
	if err != nil {
		return nil, nil, err
	}
	var form SignedForm
	for _, c := range bindSignedCandidates(cleanB64, sigAlg.value) {
		if verifyRSASHA256(h.cfg.SP.SigningCertificates, c.content, sigBytes) {
			form = c.form
			break
		}
	}
	if form == "" {
		return nil, nil, newError(ErrBadSignature, "bindRequest signature does not verify with the SP metadata certificates")
	}

	// Authentic from here on.
	var j bindJSON
	d := json.NewDecoder(bytes.NewReader(decoded))
	if err := d.Decode(&j); err != nil {
		return nil, nil, newError(ErrMalformed, "bindRequest is not the documented JSON object")
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, nil, newError(ErrMalformed, "bindRequest has data after the JSON object")
	}
	if j.BindAction == nil {
		return nil, nil, newError(ErrMalformed, "bindRequest has no bindAction")
	}
	n := &BindNotification{
		XUserID:    string(j.XUserID),
		XAccountID: string(j.XAccountID),
		DomainName: string(j.DomainName),
		DomainID:   string(j.DomainID),
		UserName:   string(j.UserName),
		UserID:     string(j.UserID),
		Action:     *j.BindAction,
		SignedForm: form,
	}
	if n.XUserID == "" && n.XAccountID == "" {
		return nil, nil, newError(ErrMalformed, "bindRequest names neither xUserId nor xAccountId")
	}
	return n, sigBytes, nil
}

// ServeHTTP verifies the notification, rejects a replay, and calls Handle.
// A notification that fails any check never reaches Handle; the answer is
// the status of HTTPStatus with a one-line text body.
func (h *BindHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Handle == nil {
		h.log.LogAttrs(r.Context(), slog.LevelError, "saml: BindHandler has no Handle function")
		writeError(w, errors.New("no handle function"), http.MethodPost)
		return
	}
	n, sig, err := h.parse(r)
	var replayKey string
	if err == nil {
		sum := sha256.Sum256(sig)
		replayKey = "bind:" + hex.EncodeToString(sum[:])
		var fresh bool
		fresh, err = h.cfg.ReplayStore.Use(r.Context(), replayKey, h.cfg.ReplayRetention)
		if err != nil {
			err = storeError(err)
		} else if !fresh {
			err = newError(ErrReplayed, "this notification was already accepted")
		}
	}
	if err != nil {
		h.log.LogAttrs(r.Context(), slog.LevelWarn, "saml: binding notification rejected",
			appendStoreCause([]slog.Attr{slog.Int("status", HTTPStatus(err)), slog.String("reason", err.Error())}, err)...)
		writeError(w, err, http.MethodPost)
		return
	}
	h.log.LogAttrs(r.Context(), slog.LevelInfo, "saml: binding notification accepted",
		slog.String("action", string(n.Action)), slog.String("signed_form", string(n.SignedForm)))
	tw := &trackingWriter{ResponseWriter: w}
	err = h.cfg.Handle(tw, r, n)
	switch {
	case err == nil || errors.Is(err, ErrHandled):
		if !tw.wrote {
			writeBindAccepted(tw)
		}
	default:
		// Not processed: let the customer's retry through.
		_ = h.cfg.ReplayStore.Forget(r.Context(), replayKey)
		h.log.LogAttrs(r.Context(), slog.LevelError, "saml: binding notification handler failed", slog.String("error", err.Error()))
		if !tw.wrote {
			writeError(tw, err, http.MethodPost)
		}
	}
}

// writeBindAccepted is the answer when Handle wrote nothing. Huawei does not
// document what it expects (open question 3); the customer's browser shows
// this text.
func writeBindAccepted(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte("OK\n"))
}

// trackingWriter notes whether the callback started a response.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

// WriteHeader records that a response was started.
func (t *trackingWriter) WriteHeader(code int) {
	t.wrote = true
	t.ResponseWriter.WriteHeader(code)
}

// Write records that a response was started.
func (t *trackingWriter) Write(b []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (t *trackingWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }
