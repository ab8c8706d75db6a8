package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hcpartner/partner-sdk-go/internal/spec"
)

// maxBodyBytes caps the size of a request body.
const maxBodyBytes = 1 << 20

// call is one request being answered by an operation handler.
type call struct {
	s   *Server
	w   *world
	op  *opSpec
	a   *args
	id  *identity
	now time.Time
}

// handlerFunc answers one operation. A nil *obj with a nil error answers
// 204 No Content. Errors of type *apiError are answered as such; any other
// error is a 500 CBC.0999.
type handlerFunc func(c *call) (*obj, error)

func (s *Server) nextRequestID() string {
	n := s.reqSeq.Add(1)
	return fmt.Sprintf("%016x%016x", uint64(s.cfg.Seed)*0x9e3779b97f4a7c15+0x5a4d, n)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if ms := s.mounts.Load(); ms != nil {
		for _, m := range *ms {
			if strings.HasPrefix(r.URL.Path, m.prefix) {
				m.h.ServeHTTP(w, r)
				return
			}
		}
	}
	start := time.Now()
	rid := s.nextRequestID()
	w.Header().Set("X-Request-Id", rid)
	// The Date header comes from the sandbox clock, so that clients that
	// correct their clock skew from it agree with the signature check.
	w.Header().Set("Date", s.now().Format(http.TimeFormat))
	rec := &statusRecorder{ResponseWriter: w}
	opName := ""
	defer func() {
		if v := recover(); v != nil {
			if rec.status == 0 {
				writeAPIError(rec, &apiError{Status: http.StatusInternalServerError, Code: codeSystemError, Msg: "internal error of the sandbox"})
			}
			if s.cfg.Logger != nil {
				s.cfg.Logger.Error("sandbox: handler panic", slog.String("operation", opName), slog.Any("panic", v))
			}
		}
		if s.cfg.Logger != nil {
			s.cfg.Logger.Info("sandbox request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.String("operation", opName), slog.Int("status", rec.status), slog.String("request_id", rid),
				slog.Duration("duration", time.Since(start)))
		}
	}()
	var body []byte
	var err error
	if r.Body != nil {
		body, err = io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	}
	if err != nil {
		writeAPIError(rec, errInvalid("cannot read the request body"))
		return
	}
	if len(body) > maxBodyBytes {
		writeAPIError(rec, &apiError{Status: http.StatusRequestEntityTooLarge, Code: codeInvalidParam, Msg: "Invalid parameter: the request body exceeds 1 MiB"})
		return
	}
	if r.Method == http.MethodPost && strings.TrimRight(r.URL.Path, "/") == "/v3/auth/tokens" {
		opName = "KeystoneCreateToken"
		s.serveIAM(rec, r, body)
		return
	}
	op, params, _ := s.router.match(r.Method, r.URL.EscapedPath())
	if op != nil && !op.onSite(s.cfg.Site) {
		op = nil // the site's gateway does not publish it
	}
	if op == nil {
		writeAPIError(rec, &apiError{Status: http.StatusNotFound, Code: codeGatewayNoRoute, Msg: "The API does not exist or has not been published in the environment: " + r.Method + " " + r.URL.Path})
		return
	}
	opName = op.Name
	id, aerr := s.authenticate(r, body)
	if aerr != nil {
		writeAPIError(rec, aerr)
		return
	}
	if op.Caller == spec.CallerPartner && !id.partner {
		writeAPIError(rec, errForbidden("Access denied: "+op.Name+" accepts partner credentials only"))
		return
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeAPIError(rec, errInvalid("malformed query string"))
		return
	}
	a := &args{path: params, query: query, header: r.Header, body: map[string]any{}}
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil || dec.More() {
			writeAPIError(rec, errInvalid("the request body is not valid JSON"))
			return
		}
		m, ok := v.(map[string]any)
		if !ok {
			writeAPIError(rec, errInvalid("the request body must be a JSON object"))
			return
		}
		a.body = m
	}
	if d, ok := params["domain_id"]; ok && d != id.domainID {
		writeAPIError(rec, errForbidden("Access denied: domain_id in the path is not the caller's account"))
		return
	}
	if verr := s.validateRequest(op, a); verr != nil {
		writeAPIError(rec, verr)
		return
	}
	h := s.handlers[op.Name]
	if h == nil {
		h = s.genericHandler
	}
	resp, herr := s.invoke(h, op, a, id)
	if herr != nil {
		var ae *apiError
		if !errors.As(herr, &ae) {
			ae = &apiError{Status: http.StatusInternalServerError, Code: codeSystemError, Msg: "internal error of the sandbox"}
		}
		writeAPIError(rec, ae)
		return
	}
	if resp == nil {
		rec.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(rec, http.StatusOK, resp)
}

// invoke runs a handler under the state lock (released even if the
// handler panics).
func (s *Server) invoke(h handlerFunc, op *opSpec, a *args, id *identity) (*obj, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return h(&call{s: s, w: s.w, op: op, a: a, id: id, now: s.now()})
}
