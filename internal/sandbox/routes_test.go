package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hcpartner/partner-sdk-go/internal/spec"
	"github.com/hcpartner/partner-sdk-go/signer"
)

// TestTableIsTheEmbeddedSpec: every operation of the spec is routed to
// itself, with the spec's kind, caller kind and paging.
func TestTableIsTheEmbeddedSpec(t *testing.T) {
	t.Parallel()
	files, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Customers: 1})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		for _, o := range f.Operations {
			n++
			path := o.Path
			for strings.Contains(path, "{") {
				i, j := strings.Index(path, "{"), strings.Index(path, "}")
				path = path[:i] + "p" + strconv.Itoa(i) + path[j+1:]
			}
			op, _, _ := s.router.match(o.Method, path)
			if f.Group == "iam" {
				continue // answered by the IAM endpoint ahead of the router
			}
			if op == nil || op.Name != o.Name {
				t.Errorf("%s %s: routed to %v", o.Method, path, op)
				continue
			}
			if op.Write != (o.Kind == "write") || op.Caller != o.CallerKind || (op.Page != nil) != (o.Paginate != nil && o.Paginate.Style != "") {
				t.Errorf("%s: table %+v differs from the spec", o.Name, op)
			}
			if len(s.models[o.Request]) != len(f.Models[o.Request].Fields) {
				t.Errorf("%s: request model %s has %d fields, the spec %d", o.Name, o.Request, len(s.models[o.Request]), len(f.Models[o.Request].Fields))
			}
		}
	}
	if n != len(s.ops) {
		t.Fatalf("table has %d operations, the spec %d", len(s.ops), n)
	}
}

// sampleValue returns a minimal valid value of f for a request.
func sampleValue(models map[string][]fieldSpec, f *fieldSpec, typ string, depth int) any {
	if et, ok := strings.CutPrefix(typ, "array:"); ok {
		return []any{sampleValue(models, f, et, depth+1)}
	}
	if m, ok := strings.CutPrefix(typ, "object:"); ok {
		o := map[string]any{}
		for i := range models[m] {
			sf := &models[m][i]
			if sf.Required && depth < 6 {
				o[sf.Name] = sampleValue(models, sf, sf.Type, depth+1)
			}
		}
		return o
	}
	if len(f.Enum) > 0 {
		if typ == "int32" || typ == "int64" {
			n, _ := strconv.ParseInt(f.Enum[0], 10, 64)
			return json.Number(strconv.FormatInt(n, 10))
		}
		return f.Enum[0]
	}
	switch typ {
	case "int32", "int64":
		n := int64(1)
		if f.HasMin && n < f.Min {
			n = f.Min
		}
		if f.HasMax && n > f.Max {
			n = f.Max
		}
		if len(f.Consts) > 0 {
			if c, err := strconv.ParseInt(f.Consts[0], 10, 64); err == nil && (!f.HasMin || c >= f.Min) && (!f.HasMax || c <= f.Max) {
				n = c
			}
		}
		return json.Number(strconv.FormatInt(n, 10))
	case "decimal":
		return "1"
	case "bool":
		return true
	}
	switch f.Format {
	case "utc-datetime":
		return "2024-05-01T00:00:00Z"
	case "yyyy-MM":
		return "2024-04"
	case "yyyy-MM-dd":
		return "2024-04-01"
	}
	if len(f.Consts) > 0 {
		return f.Consts[0]
	}
	s := "x1"
	if f.MinLen > len(s) {
		s = strings.Repeat("x", f.MinLen)
	}
	return s
}

func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// TestEveryOperationAnswers sends a minimal valid request, signed with the
// sandbox's key pair, to every operation of the spec and expects an answer
// that is not a server error, with a JSON body (or none) and a request ID.
func TestEveryOperationAnswers(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 5, 20, 8, 0, 0, 0, time.UTC)
	s, err := New(Config{Seed: 3, BaseDate: now, Now: func() time.Time { return now }, Customers: 40})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	sg := signer.New(s.cfg.AK, s.cfg.SK)
	seen := map[string]bool{}
	for i := range s.ops {
		op := &s.ops[i]
		if op.Group == "iam" {
			continue
		}
		seen[op.Name] = true
		t.Run(op.Name, func(t *testing.T) {
			path := op.Path
			query := url.Values{}
			body := map[string]any{}
			hdr := http.Header{}
			for j := range s.models[op.Request] {
				f := &s.models[op.Request][j]
				if !f.Required && f.In != "path" {
					continue
				}
				v := sampleValue(s.models, f, f.Type, 0)
				switch f.In {
				case "path":
					val := text(v)
					if f.Name == "domain_id" {
						val = s.cfg.DomainID
					}
					path = strings.ReplaceAll(path, "{"+f.Name+"}", url.PathEscape(val))
				case "query":
					if list, ok := v.([]any); ok {
						for _, x := range list {
							query.Add(f.Name, text(x))
						}
					} else {
						query.Set(f.Name, text(v))
					}
				case "header":
					hdr.Set(f.Name, text(v))
				default:
					body[f.Name] = v
				}
			}
			var raw []byte
			if op.Method != http.MethodGet && op.Method != http.MethodDelete || len(body) > 0 {
				raw, _ = json.Marshal(body)
			}
			u := hs.URL + path
			if len(query) > 0 {
				u += "?" + strings.ReplaceAll(query.Encode(), "+", "%20")
			}
			req, err := http.NewRequest(op.Method, u, bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range hdr {
				req.Header[k] = v
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Domain-Id", s.cfg.DomainID)
			if err := sg.Sign(req, raw, now); err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode >= 500 {
				t.Fatalf("%s %s: HTTP %d %s", op.Method, path, resp.StatusCode, b)
			}
			if resp.Header.Get("X-Request-Id") == "" {
				t.Errorf("no X-Request-Id")
			}
			var v map[string]any
			if len(b) > 0 {
				if err := json.Unmarshal(b, &v); err != nil {
					t.Fatalf("body is not a JSON object: %v: %s", err, b)
				}
			}
			if resp.StatusCode >= 300 {
				if v["error_code"] == nil || v["error_code"] == "APIGW.0101" || strings.HasPrefix(text(v["error_code"]), "APIGW") {
					t.Fatalf("HTTP %d %s", resp.StatusCode, b)
				}
				t.Logf("HTTP %d %s", resp.StatusCode, b)
				return
			}
			if resp.StatusCode == http.StatusNoContent && len(b) != 0 {
				t.Errorf("204 with a body")
			}
		})
	}
	if len(seen) < 100 {
		t.Fatalf("only %d operations in the table", len(seen))
	}
}
