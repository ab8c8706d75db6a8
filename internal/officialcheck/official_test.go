package officialcheck

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	bss "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2"

	"github.com/hcpartner/partner-sdk-go/internal/sandbox"
	"github.com/hcpartner/partner-sdk-go/internal/spec"
)

// officialOps is the number of operations of the pinned official bss/v2
// client (v0.1.207).
const officialOps = 91

// officialOp is one operation of the official BssClient.
type officialOp struct {
	name     string
	method   reflect.Method // func(*BssClient, *model.XRequest) (*model.XResponse, error)
	request  reflect.Type   // model.XRequest
	response reflect.Type   // model.XResponse
}

// officialOperations lists the operations of the official BssClient: the
// methods with an XInvoker companion, taking *model.XRequest and returning
// (*model.XResponse, error).
func officialOperations(t *testing.T) []officialOp {
	t.Helper()
	ct := reflect.TypeOf(&bss.BssClient{})
	var out []officialOp
	for i := 0; i < ct.NumMethod(); i++ {
		m := ct.Method(i)
		if strings.HasSuffix(m.Name, "Invoker") {
			continue
		}
		if _, ok := ct.MethodByName(m.Name + "Invoker"); !ok {
			continue
		}
		mt := m.Type
		if mt.NumIn() != 2 || mt.NumOut() != 2 || mt.In(1).Kind() != reflect.Pointer || mt.Out(0).Kind() != reflect.Pointer {
			t.Fatalf("%s: unexpected signature %s", m.Name, mt)
		}
		out = append(out, officialOp{name: m.Name, method: m, request: mt.In(1).Elem(), response: mt.Out(0).Elem()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	if len(out) != officialOps {
		t.Fatalf("the official BssClient has %d operations, want %d (was the pinned version changed?)", len(out), officialOps)
	}
	return out
}

// ourOp is an operation of this SDK's spec with its package.
type ourOp struct {
	op    *spec.Operation
	file  *spec.File
	model map[string]*spec.Model
}

func ourOperations(t *testing.T) map[string]ourOp {
	t.Helper()
	files, err := spec.Load(filepath.Join("..", "spec"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]ourOp{}
	for _, f := range files {
		for _, op := range f.Operations {
			out[op.Name] = ourOp{op: op, file: f, model: f.Models}
		}
	}
	return out
}

// fixture is the request half of a generated fixture.
type fixture struct {
	Request struct {
		Method string          `json:"method"`
		Path   string          `json:"path"`
		Query  string          `json:"query"`
		Body   json.RawMessage `json:"body"`
	} `json:"request"`
}

var camelBoundary = regexp.MustCompile(`([a-z0-9])([A-Z])`)

// loadFixture reads the fixture of one of our operations: the one file of
// its package's testdata whose request has the operation's method and path.
func loadFixture(t *testing.T, o ourOp) *fixture {
	t.Helper()
	pattern := "^" + regexp.MustCompile(`\\\{[^/]+\\\}`).ReplaceAllString(regexp.QuoteMeta(o.op.Path), `[^/]+`) + "$"
	re := regexp.MustCompile(pattern)
	paths, _ := filepath.Glob(filepath.Join("..", "..", o.file.Package, "testdata", "*_ok.json"))
	guess := strings.ToLower(camelBoundary.ReplaceAllString(o.op.Name, "${1}_${2}")) + "_ok.json"
	var found *fixture
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fx := new(fixture)
		if err := json.Unmarshal(b, fx); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if fx.Request.Method != o.op.Method || !re.MatchString(fx.Request.Path) {
			continue
		}
		if found == nil || filepath.Base(p) == guess {
			found = fx
		}
	}
	if found == nil {
		t.Fatalf("%s: no fixture with %s %s", o.op.Name, o.op.Method, o.op.Path)
	}
	return found
}

// officialRequest turns a fixture's request into the official request
// type: path and query parameters by their JSON names, the body as "body".
func officialRequest(t *testing.T, o ourOp, fx *fixture, typ reflect.Type, objs *objects) reflect.Value {
	t.Helper()
	params := map[string]string{}
	tmpl := strings.Split(strings.Trim(o.op.Path, "/"), "/")
	got := strings.Split(strings.Trim(fx.Request.Path, "/"), "/")
	for i, seg := range tmpl {
		if strings.HasPrefix(seg, "{") && i < len(got) {
			v, err := url.PathUnescape(got[i])
			if err != nil {
				t.Fatal(err)
			}
			params[strings.Trim(seg, "{}")] = v
		}
	}
	q, err := url.ParseQuery(fx.Request.Query)
	if err != nil {
		t.Fatal(err)
	}
	obj := map[string]any{}
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		name := jsonName(f)
		if name == "" {
			continue
		}
		if name == "body" {
			if len(fx.Request.Body) > 0 {
				obj["body"] = fx.Request.Body
			}
			continue
		}
		var vals []string
		if v, ok := params[name]; ok {
			vals = []string{v}
		} else if vs, ok := q[name]; ok {
			vals = vs
		} else {
			continue
		}
		obj[name] = jsonValue(f.Type, vals)
	}
	b, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	if objs != nil {
		m := asObject(t, b)
		required := map[string]bool{}
		if rm := o.model[o.op.Request]; rm != nil {
			for _, f := range rm.Fields {
				required[f.Name] = f.Required
			}
		}
		objs.substitute(t, o.op.Name, required, time.Now(), m)
		if b, err = json.Marshal(m); err != nil {
			t.Fatal(err)
		}
	}
	v := reflect.New(typ)
	if err := json.Unmarshal(b, v.Interface()); err != nil {
		t.Fatalf("%s: fixture request %s does not fit %s: %v", o.op.Name, b, typ, err)
	}
	return v
}

// jsonValue is the JSON form of query values for a field of type ft.
func jsonValue(ft reflect.Type, vals []string) any {
	for ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	if ft.Kind() == reflect.Slice {
		out := make([]any, len(vals))
		for i, v := range vals {
			out[i] = jsonValue(ft.Elem(), []string{v})
		}
		return out
	}
	v := vals[0]
	switch ft.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Float32, reflect.Float64:
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			return json.Number(v)
		}
	case reflect.Bool:
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return v
}

func jsonName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

// newSandbox starts a sandbox on a loopback port.
func newSandbox(t *testing.T) (*sandbox.Server, string) {
	t.Helper()
	s, err := sandbox.New(sandbox.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, u
}

// officialClient is the official BssClient for the sandbox, signing with
// the sandbox's key pair and the partner's account ID.
func officialClient(t *testing.T, s *sandbox.Server, baseURL string) *bss.BssClient {
	t.Helper()
	info := s.Info()
	creds, err := global.NewCredentialsBuilder().WithAk(info.AK).WithSk(info.SK).WithDomainId(info.DomainID).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hc, err := bss.BssClientBuilder().WithEndpoint(baseURL).WithCredential(creds).
		WithHttpConfig(config.DefaultHttpConfig().WithTimeout(30 * time.Second)).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	return bss.NewBssClient(hc)
}

func TestOfficialClientAgainstSandbox(t *testing.T) {
	s, baseURL := newSandbox(t)
	client := officialClient(t, s, baseURL)
	cv := reflect.ValueOf(client)
	ours := ourOperations(t)
	objs := prepare(t, s, baseURL)
	answered := 0
	for _, op := range officialOperations(t) {
		o, ok := ours[op.name]
		if !ok {
			t.Errorf("%s: not in this SDK's spec", op.name)
			continue
		}
		req := officialRequest(t, o, loadFixture(t, o), op.request, objs)
		var out []reflect.Value
		if customerOnly(o.op.Caller) {
			// Through the invoker, with the customer's assume_role token
			// (which the sandbox, like the gateway, takes over the signature).
			inv := cv.MethodByName(op.name + "Invoker").Call([]reflect.Value{req})[0]
			inv.MethodByName("AddHeaders").Call([]reflect.Value{reflect.ValueOf(map[string]string{"X-Auth-Token": objs.token})})
			out = inv.MethodByName("Invoke").Call(nil)
		} else {
			out = cv.Method(op.method.Index).Call([]reflect.Value{req})
		}
		if err, _ := out[1].Interface().(error); err != nil {
			t.Errorf("%s: %v", op.name, err)
			continue
		}
		resp := out[0].Elem()
		status := int(resp.FieldByName("HttpStatusCode").Int())
		if status < 200 || status > 299 {
			t.Errorf("%s: HTTP %d", op.name, status)
			continue
		}
		if status != 204 && !anyMemberSet(resp) {
			t.Errorf("%s: HTTP %d, but the official client decoded no member of %s", op.name, status, op.response)
			continue
		}
		answered++
	}
	if answered != officialOps {
		t.Errorf("%d of %d operations answered and decoded", answered, officialOps)
	}
	t.Logf("official bss/v2 operations answered by the sandbox and decoded by the official client: %d/%d", answered, officialOps)
}

// customerOnly reports whether the spec's caller note restricts an
// operation to customer credentials (the classes of the sandbox's route
// table).
func customerOnly(caller string) bool {
	c := strings.ToLower(caller)
	for _, p := range []string{"customer credentials only", "customer token only", "enterprise master", "credentials of the partner's customer", "customer credentials ("} {
		if strings.HasPrefix(c, p) {
			return true
		}
	}
	return false
}

// anyMemberSet reports whether a decoded official response has a non-zero
// JSON member.
func anyMemberSet(v reflect.Value) bool {
	for i := 0; i < v.NumField(); i++ {
		if jsonName(v.Type().Field(i)) != "" && !v.Field(i).IsZero() {
			return true
		}
	}
	return false
}
