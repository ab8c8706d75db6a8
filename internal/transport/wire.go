package transport

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
)

// attemptState is what one attempt shares between Client.attempt, the
// pre-request hook and the connection trace. It is the attempt's context:
// the context the attempt runs in, which answers stateKey with the state.
type attemptState struct {
	context.Context
	// body is the exact request body (nil: none).
	body []byte
	// url is the request's URL, poisoned when a layer below the SDK tries
	// to send the request a second time (see onGotConn).
	url *url.URL

	// lang is the X-Language value of the call ("": none).
	lang string
	// iamEngine is the client that token credentials applied in this
	// attempt use for their IAM calls (nil: their own IAM client).
	iamEngine *Client

	// credsSet and creds replace the client's credentials for the call.
	credsSet bool
	creds    Credentials
	// secrets are the credential values the request carried, scrubbed
	// from error messages and bodies the server may echo them in.
	secrets []string
	// secretsArr backs secrets for the usual few values.
	secretsArr [4]string
	// header is the request's header once authenticated: its credential
	// values join secrets when an error needs scrubbing.
	header http.Header

	getConn, gotConn, wroteHeaders, resendBlocked atomic.Bool
	// applying is set while the credentials are applied: connection
	// events then belong to a token fetch, not to the request.
	applying atomic.Bool
	tr       httptrace.ClientTrace
}

// Value answers stateKey with the state itself.
func (st *attemptState) Value(key any) any {
	if key == stateKey {
		return st
	}
	return st.Context.Value(key)
}

// noteSecrets records the credential header values of the request.
func (st *attemptState) noteSecrets(h http.Header) {
	for _, k := range [...]string{"Authorization", "X-Auth-Token", "X-Security-Token"} {
		v := h.Get(k)
		if len(v) < 8 {
			continue
		}
		st.secrets = append(st.secrets, v)
		if i := strings.Index(v, "Signature="); i >= 0 && len(v)-i-len("Signature=") >= 8 {
			st.secrets = append(st.secrets, v[i+len("Signature="):])
		}
	}
}

// scrub replaces every recorded secret in e's message and body.
func (st *attemptState) scrub(e *APIError) {
	if st.header != nil {
		st.noteSecrets(st.header)
		st.header = nil
	}
	for _, sec := range st.secrets {
		if strings.Contains(e.Message, sec) {
			e.Message = strings.ReplaceAll(e.Message, sec, "[REDACTED]")
		}
		if bytes.Contains(e.Body, []byte(sec)) {
			e.Body = bytes.ReplaceAll(e.Body, []byte(sec), []byte("[REDACTED]"))
		}
	}
}

// traced returns the state as a context carrying the connection trace of
// the attempt. The trace ignores the events of connections opened while
// the credentials are applied, so that connections a token fetch opens are
// not taken for the API request's own.
func (st *attemptState) traced() context.Context {
	st.tr = httptrace.ClientTrace{
		GetConn:      st.onGetConn,
		GotConn:      st.onGotConn,
		WroteHeaders: st.onWroteHeaders,
	}
	return httptrace.WithClientTrace(st, &st.tr)
}

func (st *attemptState) onGetConn(string) {
	if !st.applying.Load() {
		st.getConn.Store(true)
	}
}

func (st *attemptState) onWroteHeaders() {
	if !st.applying.Load() {
		st.wroteHeaders.Store(true)
	}
}

// onGotConn runs each time net/http obtains a connection for this
// attempt. A second connection after the headers went out means a layer
// below the SDK (net/http's or HTTP/2's transparent retry) is about to send
// the request again. The request bodies the SDK sends cannot be rewound,
// which already stops that for every request with a body; for the rest
// (HTTP/2 replays body-less requests after a stream reset) the URL is
// poisoned so that the write fails before a byte of it leaves.
func (st *attemptState) onGotConn(httptrace.GotConnInfo) {
	if st.applying.Load() {
		return
	}
	if st.gotConn.Swap(true) && st.wroteHeaders.Load() {
		st.resendBlocked.Store(true)
		if st.url != nil {
			// net/http refuses to write a request whose URL holds a
			// control byte (HTTP/1.1) or whose :path does not start with
			// "/" (HTTP/2), before sending anything.
			st.url.Opaque = "\x00resend-refused-by-partnersdk"
		}
	}
}

// setHeaders sets the headers every request carries, unless the call's
// own headers set them: Content-Type and X-Language. They are set here,
// after resty's middleware, because resty copies a JSON Content-Type into
// an Accept header the API does not need and the official SDK does not
// send (one it added from a caller's Content-Type is removed). One
// allocation for the values; the keys are canonical.
func setHeaders(h http.Header, lang string) {
	delete(h, "Accept")
	_, ct := h["Content-Type"]
	_, xl := h["X-Language"]
	if ct && (xl || lang == "") {
		return
	}
	vals := make([]string, 2)
	if !ct {
		vals[0] = "application/json"
		h["Content-Type"] = vals[0:1:1]
	}
	if !xl && lang != "" {
		vals[1] = lang
		h["X-Language"] = vals[1:2:2]
	}
}

// setBody gives the request the body the SDK decided on, in a form no layer
// below can send twice: net/http and HTTP/2 resend a request on their own
// only when they can rewind its body (GetBody) or it has none. So
//   - a request with a body gets a reader without GetBody and its exact
//     Content-Length (never chunked);
//   - a POST, PUT or PATCH without one gets http.NoBody, which makes
//     HTTP/1.1 send "Content-Length: 0" as the gateway expects; the
//     connection trace guards it on HTTP/2;
//   - a GET or DELETE has no body, which net/http would replay on a
//     reused connection that failed: the connection trace refuses that
//     second write (onGotConn), before a byte of it leaves. (An empty
//     reader without GetBody would stop the replay as well, but makes
//     net/http probe it on a goroutine with a timer on every request.)
func setBody(r *http.Request, body []byte) {
	r.GetBody = nil
	switch {
	case len(body) > 0:
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
	case r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch:
		r.Body = http.NoBody
		r.ContentLength = 0
		// net/http treats a body-less POST carrying Idempotency-Key or
		// X-Idempotency-Key as safe to replay; it looks the names up in
		// canonical form only, so keep such a caller header under its
		// lower-case name (header names are case-insensitive on the wire).
		for _, k := range [...]string{"Idempotency-Key", "X-Idempotency-Key"} {
			if v, ok := r.Header[k]; ok {
				delete(r.Header, k)
				r.Header[lowerASCII(k)] = v
			}
		}
	default:
		r.Body = nil
		r.ContentLength = 0
	}
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
