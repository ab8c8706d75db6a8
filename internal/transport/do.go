package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/google/go-querystring/query"
	"github.com/hcpartner/partner-sdk-go/core"
)

// Do performs one API call: it validates req, builds and sends the request
// (retrying what the policy allows), and decodes a successful answer into
// out, whose metadata is written to meta (either may be nil).
func (c *Client) Do(ctx context.Context, op Operation, req Request, out any, meta *Metadata, opts ...CallOption) error {
	if c == nil {
		return errors.New("partnersdk: nil client")
	}
	if ctx == nil {
		return errors.New("partnersdk: nil context")
	}
	return c.do(ctx, op, req, out, meta, newCallConfig(opts))
}

// DoAs is Do with the call authenticated by creds instead of the client's
// credentials (nil: none), and with secrets (for example a password sent in
// the body) scrubbed from the call's errors and log records. The IAM token
// operations use it.
func (c *Client) DoAs(ctx context.Context, op Operation, req Request, out any, meta *Metadata, creds Credentials, secrets []string) error {
	if c == nil {
		return errors.New("partnersdk: nil client")
	}
	if ctx == nil {
		return errors.New("partnersdk: nil context")
	}
	cc := callConfig{credsSet: true, creds: creds}
	for _, s := range secrets {
		if len(s) >= 4 {
			cc.secrets = append(cc.secrets, s)
		}
	}
	return c.do(ctx, op, req, out, meta, cc)
}

func (c *Client) do(ctx context.Context, op Operation, req Request, out any, meta *Metadata, cc callConfig) error {
	if op.Sites != 0 && !c.cfg.AnySite && !cc.anySite && !op.Sites.Has(c.site) {
		return &core.SiteError{Operation: op.Name, Site: c.site, Documented: op.Sites.Sites()}
	}
	if !cc.skipValidation {
		var err error
		switch {
		case req.ValidateSite != nil:
			err = req.ValidateSite(c.site)
		case req.Validate != nil:
			err = req.Validate()
		}
		if err != nil {
			return err
		}
	}
	url, err := c.buildURL(&op, &req)
	if err != nil {
		return err
	}
	var body []byte
	if req.Body != nil {
		b, err := req.Body.MarshalJSON()
		if err != nil {
			return &RequestError{Operation: op.Name, Err: err}
		}
		body = append(b, '\n')
	}
	policy := c.retry
	if cc.retry != nil {
		policy = cc.retry.WithDefaults()
	}
	lang := c.cfg.Language
	if cc.language != "" {
		lang = cc.language
	}

	skewCorrected, tokenRefreshed := false, false
	// earlierSent: an earlier attempt of this call may have been applied
	// (only writes with an idempotency key get past such an attempt).
	earlierSent := false
	for attempt := 1; ; attempt++ {
		res := c.attempt(ctx, &op, url, body, lang, &req, &cc)
		c.log(ctx, &op, attempt, res)
		if !skewCorrected && c.correctSkew(res) {
			skewCorrected = true
			continue
		}
		if !tokenRefreshed && c.refreshToken(res) {
			tokenRefreshed = true
			continue
		}
		if res.err == nil && res.apiErr == nil && res.redirect == nil {
			c.budget.refund()
			if meta != nil {
				*meta = Metadata{StatusCode: res.status, RequestID: res.requestID, Header: res.header, Attempts: attempt}
			}
			if out != nil && len(bytes.TrimSpace(res.body)) > 0 {
				if err := json.Unmarshal(res.body, out); err != nil {
					de := &DecodeError{Operation: op.Name, StatusCode: res.status, RequestID: res.requestID, Err: err}
					if op.Write {
						// A 2xx whose body cannot be read says nothing
						// certain: it may be a proxy's page, or a success
						// or a failure (error_code) cut short.
						return outcomeUnknown(&op, &req, attempt, &res, de)
					}
					return de
				}
			}
			return nil
		}
		if op.Write && req.IdempotencyKey != "" {
			if earlierSent && res.apiErr != nil && res.apiErr.Is(core.CodeDuplicateTransaction) {
				return &AlreadyAppliedError{Operation: op.Name, IdempotencyKey: req.IdempotencyKey, Attempts: attempt, Err: res.apiErr}
			}
			if earlierSent {
				// This attempt's answer says nothing about the earlier
				// one, which may have been applied.
				res.sent = true
			}
		}
		retry, wait := c.shouldRetry(ctx, &op, policy, attempt, res, req.IdempotencyKey != "")
		if !retry {
			return c.finalError(ctx, &op, &req, attempt, res, earlierSent)
		}
		earlierSent = earlierSent || mayHaveApplied(&op, &res)
		if !c.budget.take(policy.RetryCost) {
			return c.stopped(&op, &req, attempt, &res, errors.Join(errRetryBudget, res.cause()), op.Write && earlierSent)
		}
		if err := Sleep(ctx, wait); err != nil {
			// Interrupted while waiting. Only attempts that may be retried
			// get here, so nothing of a write can have reached the server,
			// unless it carries an idempotency key. Report the context's
			// error (errors.Is(err, ctx.Err()) holds) together with the
			// last attempt's failure.
			return c.stopped(&op, &req, attempt, &res, errors.Join(err, res.cause()), op.Write && earlierSent)
		}
	}
}

// stopped is the error of a call whose retries stopped before the policy's
// end (budget, context): outcome unknown when a write may have been applied.
func (c *Client) stopped(op *Operation, req *Request, attempt int, res *result, cause error, maybeApplied bool) error {
	if maybeApplied {
		return outcomeUnknown(op, req, attempt, res, cause)
	}
	return &RequestError{Operation: op.Name, Attempts: attempt, Err: cause}
}

// result is what one attempt produced.
type result struct {
	status    int
	header    http.Header
	requestID string
	body      []byte
	apiErr    *APIError
	redirect  *RedirectError // a 3xx answer (never followed)
	err       error          // transport error, or body read failure
	// sent is false only when the request provably never left this
	// machine (no connection was obtained).
	sent bool
	// final marks a failure that another attempt cannot change (a rate
	// limiter that cannot grant a token before the deadline).
	final bool
	took  time.Duration
	// start and end bound the attempt on the client's clock.
	start, end time.Time
}

func (r *result) cause() error {
	if r.err != nil {
		return r.err
	}
	if r.redirect != nil {
		return r.redirect
	}
	if r.apiErr != nil {
		return r.apiErr
	}
	return nil
}

func (c *Client) attempt(ctx context.Context, op *Operation, url string, body []byte, lang string, req *Request, cc *callConfig) (res result) {
	start := time.Now()
	res.start = start
	if !c.realClock {
		res.start = c.now()
	}
	defer func() {
		end := time.Now()
		res.took, res.end = end.Sub(start), end
		if !c.realClock {
			res.end = c.now()
		}
	}()
	win, err := c.pace(ctx, op)
	if err != nil {
		res.err, res.final = err, true
		return res
	}
	defer c.paced(op, win, &res)
	if c.cfg.Limiter != nil {
		if err := c.cfg.Limiter.Wait(ctx); err != nil {
			res.err = err
			res.final = true
			return res
		}
	}
	actx := ctx
	if c.cfg.AttemptTimeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, c.cfg.AttemptTimeout)
		defer cancel()
	}
	// The body, the connection trace and what it learns travel to the
	// pre-request hook in the context.
	st := &attemptState{body: body, credsSet: cc.credsSet, creds: cc.creds, iamEngine: c.iamEngine, lang: lang}
	st.secrets = append(st.secretsArr[:0], cc.secrets...)
	if st.iamEngine == nil {
		// An IAM call made for credentials of an outer call (this client
		// is that call's IAM engine) passes the outer engine on.
		if outer, ok := actx.Value(stateKey).(*attemptState); ok {
			st.iamEngine = outer.iamEngine
		}
	}
	// The state is the attempt's context (one allocation fewer than a
	// context value), with the connection trace on top of it.
	st.Context = actx
	r := c.rc.R().SetContext(st.traced()).SetDoNotParseResponse(true)
	if c.cfg.UserAgent != "" {
		// Set in the map directly (the key is canonical): resty then
		// leaves the header alone. Content-Type and X-Language are set by
		// preRequest, after resty's middleware, which would otherwise
		// derive an Accept header from Content-Type.
		r.Header["User-Agent"] = []string{c.cfg.UserAgent}
	}
	for _, h := range req.Headers {
		// The call option's language wins over the request's own
		// X-Language field (core.WithLanguage documents the order).
		if cc.language != "" && http.CanonicalHeaderKey(h[0]) == "X-Language" {
			continue
		}
		r.SetHeader(h[0], h[1])
	}
	for _, h := range cc.headers {
		r.SetHeader(h[0], h[1])
	}
	defer func() {
		if res.apiErr != nil {
			st.scrub(res.apiErr)
		}
	}()
	resp, err := r.Execute(op.Method, url)
	if err != nil {
		if resp != nil && resp.RawResponse != nil && resp.RawResponse.Body != nil {
			resp.RawResponse.Body.Close()
		}
		var cde *ctxDoneError
		if errors.As(err, &cde) {
			res.err = cde.err
			return res
		}
		res.err = err
		res.sent = maySent(err, st.getConn.Load(), st.gotConn.Load())
		if st.resendBlocked.Load() {
			res.sent = true
			res.err = errors.Join(errHiddenResend, err)
		}
		return res
	}
	raw := resp.RawResponse
	defer raw.Body.Close()
	res.sent = true
	res.status = raw.StatusCode
	res.header = raw.Header
	res.requestID = raw.Header.Get("X-Request-Id")
	if res.status >= 300 && res.status <= 399 {
		res.redirect = newRedirectError(op.Name, res.status, res.requestID, raw.Header.Get("Location"))
		return res
	}
	b, err := readBody(raw, c.maxBody)
	if err != nil {
		res.err = err
		return res
	}
	ok2xx := res.status >= 200 && res.status <= 299
	if int64(len(b)) > c.maxBody {
		if ok2xx {
			res.err = errResponseTooLarge
			return res
		}
		// A failure status is an answer even when its body is too large
		// to read: report it by status, with the start of the body.
		res.apiErr = parseAPIError(op.Name, res.status, res.requestID, b[:min(len(b), maxErrorBody)])
		return res
	}
	res.body = b
	if !ok2xx {
		res.apiErr = parseAPIError(op.Name, res.status, res.requestID, b)
		return res
	}
	if bytes.Contains(b, []byte(`"error_code"`)) {
		if code, msg, ok := topLevelErrorCode(b); ok && !successCode(code) {
			e := parseAPIError(op.Name, res.status, res.requestID, b)
			e.Code, e.Message = code, msg
			res.apiErr = e
		}
	}
	return res
}

// applyError marks a failure of Credentials.Apply: nothing was sent.
type applyError struct{ err error }

func (e *applyError) Error() string {
	return "partnersdk: authenticating the request: " + errString(e.err)
}
func (e *applyError) Unwrap() error { return e.err }

// maySent reports whether a failed exchange may have delivered the request.
// It is false only when the request provably never left this machine: the
// credentials failed before sending, or the transport reported (through
// httptrace) that it looked for a connection and never got one, or the
// error is a dial or DNS failure. A RoundTripper that does not report
// connections (a mock, a custom transport) is assumed to have sent the
// request unless its error says it could not connect.
func maySent(err error, getConn, gotConn bool) bool {
	if gotConn {
		return true
	}
	var ae *applyError
	if errors.As(err, &ae) {
		return false
	}
	if getConn {
		return false
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return false
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return false
	}
	return true
}

// successCode reports error_code values that mean success in 2xx bodies.
func successCode(code string) bool {
	switch code {
	case "", "0", "CBC.0000", "CBC.00000000":
		return true
	}
	return false
}

// maxErrorBody is how much of a failure body an APIError keeps.
const maxErrorBody = 4096

// parseAPIError reads the error body forms the API and its gateways use:
// {"error_code", "error_msg"}, {"error": {"code", "message"}} and
// {"code", "message"}, each optionally with "request_id". Fields of an
// unexpected JSON type are ignored one by one rather than spoiling the rest.
func parseAPIError(opName string, status int, requestID string, b []byte) *APIError {
	e := &APIError{Operation: opName, StatusCode: status, RequestID: requestID}
	e.Body = append([]byte(nil), b[:min(len(b), maxErrorBody)]...)
	var top map[string]json.RawMessage
	if json.Unmarshal(b, &top) == nil {
		var inner map[string]json.RawMessage
		switch {
		case scalar(top["error_code"]) != "":
			e.Code, e.Message = scalar(top["error_code"]), scalar(top["error_msg"])
		case json.Unmarshal(top["error"], &inner) == nil && inner != nil:
			e.Code, e.Message = scalar(inner["code"]), scalar(inner["message"])
		case scalar(top["code"]) != "":
			e.Code, e.Message = scalar(top["code"]), scalar(top["message"])
		}
		if e.RequestID == "" {
			e.RequestID = scalar(top["request_id"])
		}
	}
	if e.Message == "" && e.Code == "" && status >= 300 {
		e.Message = http.StatusText(status)
	}
	return e
}

// topLevelErrorCode reads the top-level error_code and error_msg of a 2xx
// body; ok is false when the body is not a JSON object or carries no
// error_code. Codes nested deeper (per-item results) are not looked at.
func topLevelErrorCode(b []byte) (code, msg string, ok bool) {
	var top map[string]json.RawMessage
	if json.Unmarshal(b, &top) != nil {
		return "", "", false
	}
	raw, found := top["error_code"]
	if !found {
		return "", "", false
	}
	return scalar(raw), scalar(top["error_msg"]), true
}

// scalar renders a JSON string or number as text; anything else (absent,
// null, objects, arrays, booleans) is "".
func scalar(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// shouldRetry applies the retry rules to one failed attempt.
// A write with an idempotency key is retried like a read.
func (c *Client) shouldRetry(ctx context.Context, op *Operation, p RetryPolicy, attempt int, res result, keyed bool) (bool, time.Duration) {
	if attempt >= p.MaxAttempts || ctx.Err() != nil {
		return false, 0
	}
	if op.Write && res.sent && !keyed && !retryableRefusal(res.apiErr) || res.final {
		return false, 0
	}
	var wait time.Duration
	switch {
	case res.apiErr != nil:
		if !retryAPIError(res.apiErr) {
			return false, 0
		}
		wait = p.Backoff(attempt)
		if d, ok := retryAfter(res.header, c.now()); ok {
			if p.MaxRetryAfter > 0 && d > p.MaxRetryAfter {
				return false, 0
			}
			wait = d
		}
	case res.err != nil:
		if errors.Is(res.err, errResponseTooLarge) {
			return false, 0
		}
		wait = p.Backoff(attempt)
	default:
		return false, 0
	}
	// Waiting past the call's deadline would only turn the last answer
	// into a context error: give the answer back now.
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= wait {
		return false, 0
	}
	return true, wait
}

// finalError turns the last attempt's failure into the error the caller sees.
// earlierSent says an earlier attempt may have been applied: then any
// failure of a write leaves its outcome unknown.
func (c *Client) finalError(ctx context.Context, op *Operation, req *Request, attempt int, res result, earlierSent bool) error {
	cause := res.cause()
	if res.err != nil && ctx.Err() != nil && !errors.Is(res.err, ctx.Err()) {
		cause = errors.Join(ctx.Err(), res.err)
	}
	if errors.Is(res.err, errResponseTooLarge) {
		// A 2xx answer arrived; only its body was too large to read. Like
		// an undecodable 2xx body, this is a DecodeError, and for a write
		// the outcome is unknown (the body may have carried an error_code).
		de := &DecodeError{Operation: op.Name, StatusCode: res.status, RequestID: res.requestID, Err: res.err}
		if op.Write {
			return outcomeUnknown(op, req, attempt, &res, de)
		}
		return de
	}
	if op.Write && earlierSent {
		return outcomeUnknown(op, req, attempt, &res, cause)
	}
	if res.redirect != nil {
		return res.redirect
	}
	if op.Write && res.sent {
		if res.apiErr == nil || res.apiErr.StatusCode >= 500 && !writeOutcomeKnown(res.apiErr) {
			return outcomeUnknown(op, req, attempt, &res, cause)
		}
	}
	if res.apiErr != nil {
		return res.apiErr
	}
	return &RequestError{Operation: op.Name, Attempts: attempt, Err: cause}
}

// Sleep pauses for d or until ctx ends, whichever comes first, and returns
// ctx's error in the second case (at once for d <= 0). The retry loop, the
// pacer, the waiters and package reconcile share it.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// buildURL substitutes path parameters and appends the query string.
func (c *Client) buildURL(op *Operation, req *Request) (string, error) {
	var b strings.Builder
	b.Grow(len(c.endpoint) + len(op.Path) + 64)
	b.WriteString(c.endpoint)
	path := op.Path
	i := 0
	for {
		open := strings.IndexByte(path, '{')
		if open < 0 {
			b.WriteString(path)
			break
		}
		closeIdx := strings.IndexByte(path[open:], '}')
		if closeIdx < 0 {
			b.WriteString(path)
			break
		}
		b.WriteString(path[:open])
		if i >= len(req.PathParams) {
			return "", &RequestError{Operation: op.Name, Err: errors.New("missing path parameter " + path[open:open+closeIdx+1])}
		}
		v := req.PathParams[i]
		if v == "" || v == "." || v == ".." {
			return "", &RequestError{Operation: op.Name, Err: errors.New("path parameter " + path[open:open+closeIdx+1] + " is empty or a dot segment")}
		}
		b.WriteString(EscapePathSegment(v))
		i++
		path = path[open+closeIdx+1:]
	}
	if i != len(req.PathParams) {
		return "", &RequestError{Operation: op.Name, Err: errors.New("more path parameters than placeholders in " + op.Path)}
	}
	switch {
	case req.RawQuery != "":
		b.WriteByte('?')
		b.WriteString(req.RawQuery)
	case req.Query != nil:
		vals, err := query.Values(req.Query)
		if err != nil {
			return "", &RequestError{Operation: op.Name, Err: err}
		}
		if q := EncodeQuery(vals); q != "" {
			b.WriteByte('?')
			b.WriteString(q)
		}
	}
	// Every part is escaped here and the endpoint was checked by New, so
	// the URL is valid by construction (resty parses it once more).
	return b.String(), nil
}

func (c *Client) log(ctx context.Context, op *Operation, attempt int, res result) {
	l := c.cfg.Logger
	if l == nil {
		return
	}
	level := slog.LevelDebug
	attrs := []slog.Attr{
		slog.String("operation", op.Name),
		slog.Int("attempt", attempt),
		slog.Int("status", res.status),
		slog.Duration("took", res.took),
	}
	if res.requestID != "" {
		attrs = append(attrs, slog.String("request_id", res.requestID))
	}
	if e := res.cause(); e != nil {
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("error", e.Error()))
	}
	l.LogAttrs(ctx, level, "partnersdk call", attrs...)
}

// invalidator is implemented by credentials that cache an IAM token
// (*auth.PasswordToken, *auth.AgencyToken).
type invalidator interface {
	Invalidate()
}

// refreshToken reacts to an answer that rejects the token: the credentials
// drop their cached token and the request is sent once more, which then
// carries a fresh one. This is safe for writes too: the API refused the
// request before processing it. Credentials without a token cache (AK/SK)
// are left alone.
func (c *Client) refreshToken(res result) bool {
	if res.apiErr == nil || !res.apiErr.TokenRejected() {
		return false
	}
	inv, ok := c.cfg.Credentials.(invalidator)
	if !ok {
		return false
	}
	inv.Invalidate()
	return true
}

// clockAdjuster is implemented by credentials that sign with an adjustable
// clock (*auth.AKSK).
type clockAdjuster interface {
	SetClockOffset(d time.Duration)
}

// correctSkew applies CorrectClockSkew: when the gateway rejected the
// attempt for clock skew and its Date header gives the server time, the
// credentials' clock offset is set so that the next signature carries the
// server's time. It reports whether the request should be sent again.
func (c *Client) correctSkew(res result) bool {
	if !c.cfg.CorrectClockSkew || res.apiErr == nil || !res.apiErr.ClockSkew() {
		return false
	}
	adj, ok := c.cfg.Credentials.(clockAdjuster)
	if !ok {
		return false
	}
	server, err := http.ParseTime(res.header.Get("Date"))
	if err != nil {
		return false
	}
	adj.SetClockOffset(server.Sub(c.now()))
	return true
}

// readBody reads at most limit+1 bytes of a response body, into a buffer
// sized from Content-Length when the server sent one (instead of growing
// from 512 bytes by doubling).
func readBody(raw *http.Response, limit int64) ([]byte, error) {
	if n := raw.ContentLength; n >= 0 && n <= limit {
		// One buffer of the announced size and one spare byte, so that a
		// body longer than announced is seen (up to the limit) and the
		// final read can report EOF without growing the buffer.
		buf := make([]byte, 0, n+1)
		for {
			if int64(len(buf)) > limit {
				return buf, nil
			}
			if len(buf) == cap(buf) {
				buf = append(buf, 0)[:len(buf)] // longer than announced: grow
			}
			end := min(int64(cap(buf)), limit+1)
			m, err := raw.Body.Read(buf[len(buf):end])
			buf = buf[:len(buf)+m]
			if err == io.EOF {
				return buf, nil
			}
			if err != nil {
				return buf, err
			}
		}
	}
	return io.ReadAll(io.LimitReader(raw.Body, limit+1))
}
