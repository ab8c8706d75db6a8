package partnersdk_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/textproto"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/internal/loopback"
	"github.com/hcpartner/partner-sdk-go/internal/sdktest"
	"github.com/hcpartner/partner-sdk-go/internal/spec"
)

// rawRequest is one request as its bytes reached a TCP socket.
type rawRequest struct {
	line    string
	headers []string // "Name: value" lines as sent (case kept)
	body    []byte
	chunked bool
}

func (r *rawRequest) header(name string) (string, bool) {
	for _, h := range r.headers {
		if k, v, ok := strings.Cut(h, ":"); ok && strings.EqualFold(k, name) {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// socketServer reads HTTP/1.1 requests off raw TCP connections, keeps their
// bytes and answers 200 {}.
func socketServer(t *testing.T) (string, func() []rawRequest) {
	t.Helper()
	l := loopback.Listen(t)
	var mu sync.Mutex
	var got []rawRequest
	loopback.Serve(t, l, func(c net.Conn) {
		tp := textproto.NewReader(bufio.NewReader(c))
		for {
			line, err := tp.ReadLine()
			if err != nil {
				return
			}
			var r rawRequest
			r.line = line
			n := 0
			for {
				h, err := tp.ReadLine()
				if err != nil {
					return
				}
				if h == "" {
					break
				}
				r.headers = append(r.headers, h)
			}
			if v, ok := r.header("Content-Length"); ok {
				n, _ = strconv.Atoi(v)
			}
			if v, _ := r.header("Transfer-Encoding"); v != "" {
				r.chunked = true
				b, _ := io.ReadAll(httputilChunked(tp.R))
				r.body = b
			} else if n > 0 {
				r.body = make([]byte, n)
				if _, err := io.ReadFull(tp.R, r.body); err != nil {
					return
				}
			}
			mu.Lock()
			got = append(got, r)
			mu.Unlock()
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
		}
	})
	return "http://" + l.Addr().String(), func() []rawRequest {
		mu.Lock()
		defer mu.Unlock()
		return append([]rawRequest(nil), got...)
	}
}

// httputilChunked reads a chunked body up to its last chunk (enough for
// the test to report one, which must never be sent).
func httputilChunked(r *bufio.Reader) io.Reader {
	var out bytes.Buffer
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			break
		}
		size, err := strconv.ParseInt(strings.TrimSpace(line), 16, 64)
		if err != nil || size == 0 {
			r.ReadString('\n')
			break
		}
		io.CopyN(&out, r, size)
		r.ReadString('\n')
	}
	return &out
}

// allowedHeaders are the only headers wire.md allows (rule 8), lower-case.
var allowedHeaders = map[string]bool{
	"host": true, "user-agent": true, "content-length": true, "authorization": true, "content-type": true,
	"x-domain-id": true, "x-language": true, "x-sdk-date": true, "accept-encoding": true, "x-security-token": true,
}

// TestWireBytesEveryOperation sends every operation of the spec (the zero
// request with path parameters filled, validation skipped) through the
// client to a raw TCP socket and checks the bytes against
// ../shared/api/wire.md: method and path, no Accept or other extra header,
// Content-Type exactly application/json, Content-Length on every body and
// "Content-Length: 0" on a body-less POST or PUT, never chunked, a JSON body
// ending in one newline, no "?" without a query, and SignedHeaders exactly
// user-agent;x-domain-id;x-sdk-date.
func TestWireBytesEveryOperation(t *testing.T) {
	url, seen := socketServer(t)
	creds, err := auth.NewAKSK(sdktest.AK, sdktest.SK, auth.WithDomainID(sdktest.DomainID))
	if err != nil {
		t.Fatal(err)
	}
	c, err := partnersdk.New(creds, partnersdk.WithEndpoint(url), partnersdk.WithoutRetries())
	if err != nil {
		t.Fatal(err)
	}
	services := map[string]reflect.Value{
		"partner": reflect.ValueOf(c.Partner), "customer": reflect.ValueOf(c.Customer), "billing": reflect.ValueOf(c.Billing),
		"coupon": reflect.ValueOf(c.Coupon), "resource": reflect.ValueOf(c.Resource),
	}
	files, err := spec.Load("internal/spec")
	if err != nil {
		t.Fatal(err)
	}
	n, want := 0, 0
	for _, f := range files {
		svc, ok := services[f.Package]
		if !ok {
			continue // the IAM operations: not the partner API's wire
		}
		for _, op := range f.Operations {
			want++
			m := svc.MethodByName(op.MethodName())
			req := reflect.New(m.Type().In(1).Elem())
			fillPathParams(req.Elem())
			before := len(seen())
			// Every operation is sent, whichever site documents it.
			out := m.Call([]reflect.Value{reflect.ValueOf(context.Background()), req,
				reflect.ValueOf(partnersdk.WithoutValidation()), reflect.ValueOf(partnersdk.WithCallAnySite())})
			if e := out[1]; !e.IsNil() {
				t.Errorf("%s: %v", op.Name, e.Interface())
				continue
			}
			all := seen()
			if len(all) != before+1 {
				t.Errorf("%s: socket saw %d requests", op.Name, len(all)-before)
				continue
			}
			n++
			checkWire(t, op, all[before])
		}
	}
	if n != want || n < 100 {
		t.Errorf("checked %d operations of %d in the spec (the IAM ones left out)", n, want)
	}
}

// fillPathParams sets every path-parameter field to "id-1".
func fillPathParams(v reflect.Value) {
	for i := 0; i < v.NumField(); i++ {
		if v.Type().Field(i).Tag.Get("path") != "" && v.Field(i).Kind() == reflect.String {
			v.Field(i).SetString("id-1")
		}
	}
}

func checkWire(t *testing.T, op *spec.Operation, r rawRequest) {
	t.Helper()
	method, target, _ := strings.Cut(r.line, " ")
	target, proto, _ := strings.Cut(target, " ")
	if method != op.Method || proto != "HTTP/1.1" {
		t.Errorf("%s: request line %q", op.Name, r.line)
	}
	path, query, hasQ := strings.Cut(target, "?")
	wantPath := op.Path
	for strings.Contains(wantPath, "{") {
		i, j := strings.Index(wantPath, "{"), strings.Index(wantPath, "}")
		wantPath = wantPath[:i] + "id-1" + wantPath[j+1:]
	}
	if path != wantPath {
		t.Errorf("%s: path %q, want %q", op.Name, path, wantPath)
	}
	if hasQ && query == "" {
		t.Errorf("%s: '?' without a query", op.Name)
	}
	for _, h := range r.headers {
		k, _, _ := strings.Cut(h, ":")
		if !allowedHeaders[strings.ToLower(k)] {
			t.Errorf("%s: header %q not in wire.md's list", op.Name, k)
		}
	}
	if ct, _ := r.header("Content-Type"); ct != "application/json" {
		t.Errorf("%s: Content-Type %q", op.Name, ct)
	}
	if r.chunked {
		t.Errorf("%s: chunked body", op.Name)
	}
	cl, hasCL := r.header("Content-Length")
	switch {
	case len(r.body) > 0:
		if cl != strconv.Itoa(len(r.body)) {
			t.Errorf("%s: Content-Length %q for %d bytes", op.Name, cl, len(r.body))
		}
		if !bytes.HasSuffix(r.body, []byte("}\n")) && !bytes.HasSuffix(r.body, []byte("]\n")) || bytes.HasSuffix(r.body, []byte("\n\n")) {
			t.Errorf("%s: body does not end in exactly one newline: %q", op.Name, r.body)
		}
	case op.Method == "POST" || op.Method == "PUT":
		if cl != "0" {
			t.Errorf("%s: body-less %s with Content-Length %q (present %v)", op.Name, op.Method, cl, hasCL)
		}
	default:
		if hasCL {
			t.Errorf("%s: body-less %s with Content-Length %q", op.Name, op.Method, cl)
		}
	}
	authz, _ := r.header("Authorization")
	_, signed, _ := strings.Cut(authz, "SignedHeaders=")
	signed, _, _ = strings.Cut(signed, ",")
	if signed != "user-agent;x-domain-id;x-sdk-date" {
		t.Errorf("%s: SignedHeaders %q", op.Name, signed)
	}
	if d, _ := r.header("X-Domain-Id"); d != sdktest.DomainID {
		t.Errorf("%s: X-Domain-Id %q", op.Name, d)
	}
}
