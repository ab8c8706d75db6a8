package saml_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
	"github.com/hcpartner/partner-sdk-go/auth/saml/samltest"
)

// Keys are generated once per test binary: RSA generation is slow under -race.
var testKeys = sync.OnceValues(func() (*keySet, error) {
	var ks keySet
	var err error
	if ks.huawei, err = samltest.NewKeyPair("auth.huaweicloud.test"); err != nil {
		return nil, err
	}
	if ks.partner, err = samltest.NewKeyPair("idp.partner.test"); err != nil {
		return nil, err
	}
	if ks.other, err = samltest.NewKeyPair("attacker.test"); err != nil {
		return nil, err
	}
	return &ks, nil
})

type keySet struct{ huawei, partner, other *samltest.KeyPair }

func keys(t testing.TB) *keySet {
	t.Helper()
	ks, err := testKeys()
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

const xAccountType = "ZXT_IDP"

// env is a fake Huawei plus a partner platform serving the two endpoints.
type env struct {
	t       *testing.T
	hw      *samltest.Huawei
	hwSrv   *httptest.Server
	partner *httptest.Server
	sp      *saml.SPMetadata
	idp     *saml.IdP
	bind    *saml.BindHandler
	logs    *syncBuffer

	mu            sync.Mutex
	customers     map[string]*saml.Customer // by session cookie
	notes         []*saml.BindNotification
	customerCalls int
}

type envOptions struct {
	hw      samltest.Config
	idp     func(*saml.IdPConfig)
	bindCfg func(*saml.BindHandlerConfig)
}

func newEnv(t *testing.T, o envOptions) *env {
	t.Helper()
	ks := keys(t)
	if o.hw.KeyPair == nil {
		o.hw.KeyPair = ks.huawei
	}
	hw, hwSrv, err := samltest.NewServer(o.hw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hwSrv.Close)
	e := &env{t: t, hw: hw, hwSrv: hwSrv, customers: map[string]*saml.Customer{}, logs: &syncBuffer{}}
	logger := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	// The partner loads Huawei's SP metadata explicitly, here by URL.
	e.sp, err = saml.FetchSPMetadata(context.Background(), hwSrv.Client(), hw.MetadataURL())
	if err != nil {
		t.Fatal(err)
	}

	mux := http.NewServeMux()
	e.partner = httptest.NewUnstartedServer(mux)
	base := "http://" + e.partner.Listener.Addr().String()
	cfg := saml.IdPConfig{
		EntityID:    base + "/saml/metadata",
		SSOURL:      base + "/saml/login",
		Key:         ks.partner.Key,
		Certificate: ks.partner.Certificate,
		SP:          e.sp,
		Customer:    e.customer,
		Logger:      logger,
	}
	if o.idp != nil {
		o.idp(&cfg)
	}
	if e.idp, err = saml.NewIdP(cfg); err != nil {
		t.Fatal(err)
	}
	bcfg := saml.BindHandlerConfig{SP: e.sp, Handle: e.handleBind, Logger: logger}
	if o.bindCfg != nil {
		o.bindCfg(&bcfg)
	}
	if e.bind, err = saml.NewBindHandler(bcfg); err != nil {
		t.Fatal(err)
	}
	mux.Handle("/saml/login", e.idp)
	mux.Handle("/saml/bind", e.bind)
	mux.HandleFunc("/portal/login", func(w http.ResponseWriter, r *http.Request) {
		// A stand-in login page: ?user= logs in, then back to ?next=.
		user := r.URL.Query().Get("user")
		e.mu.Lock()
		_, ok := e.customers[user]
		e.mu.Unlock()
		if !ok {
			http.Error(w, "login page", http.StatusUnauthorized)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "session", Value: user, Path: "/"})
		if next := r.URL.Query().Get("next"); strings.HasPrefix(next, "/") {
			http.Redirect(w, r, next, http.StatusFound)
		}
	})
	e.partner.Start()
	t.Cleanup(e.partner.Close)

	md, err := e.idp.Metadata()
	if err != nil {
		t.Fatal(err)
	}
	if err := hw.RegisterPartner(samltest.Partner{XAccountType: xAccountType, IdPMetadata: md, NotificationURL: base + "/saml/bind"}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) addCustomer(session string, c *saml.Customer) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.customers[session] = c
}

// customer is the partner's CustomerFunc: the session cookie names the
// customer; without one, the browser goes to the login page and comes back.
func (e *env) customer(w http.ResponseWriter, r *http.Request, req *saml.AuthnRequest) (*saml.Customer, error) {
	e.mu.Lock()
	e.customerCalls++
	e.mu.Unlock()
	ck, err := r.Cookie("session")
	if err != nil {
		http.Redirect(w, r, "/portal/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
		return nil, saml.ErrHandled
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.customers[ck.Value]
	if !ok {
		return nil, errors.New("unknown session")
	}
	return c, nil
}

func (e *env) handleBind(w http.ResponseWriter, r *http.Request, n *saml.BindNotification) error {
	e.mu.Lock()
	e.notes = append(e.notes, n)
	e.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain")
	_, _ = io.WriteString(w, "partner: "+string(n.Action)+" recorded for "+n.XUserID+"\n")
	return nil
}

func (e *env) notifications() []*saml.BindNotification {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*saml.BindNotification(nil), e.notes...)
}

func (e *env) calls() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.customerCalls
}

func (e *env) browser() *samltest.Browser {
	e.t.Helper()
	b, err := samltest.NewBrowser(e.hwSrv.URL, e.partner.URL)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// login logs the browser in at the partner platform.
func (e *env) login(b *samltest.Browser, user string) {
	e.t.Helper()
	v, err := b.Get(context.Background(), e.partner.URL+"/portal/login?user="+url.QueryEscape(user))
	if err != nil || v.Last().Status != http.StatusOK {
		e.t.Fatalf("partner login: %v %+v", err, v)
	}
}

// loginURL is what the partner links the "go to Huawei Cloud" button to.
func (e *env) loginURL(first bool, service string) string {
	e.t.Helper()
	u, err := saml.LoginURL(saml.LoginRequest{BaseURL: e.hw.BaseURL(), XAccountType: xAccountType, FirstLogin: first, Service: service})
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// sso sends a request to the IdP handler directly.
func (e *env) sso(target string, cookie string) *httptest.ResponseRecorder {
	e.t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		e.t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodGet, u.RequestURI(), nil)
	r.Host = u.Host
	if cookie != "" {
		r.AddCookie(&http.Cookie{Name: "session", Value: cookie})
	}
	w := httptest.NewRecorder()
	e.idp.ServeHTTP(w, r)
	return w
}

// postBind posts a notification body to the bind handler directly.
func (e *env) postBind(body string) *httptest.ResponseRecorder {
	e.t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/saml/bind", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	e.bind.ServeHTTP(w, r)
	return w
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// extractForm returns the hidden fields of an auto-submitting form page.
func extractForm(t *testing.T, page string) (action string, fields url.Values) {
	t.Helper()
	fields = url.Values{}
	i := strings.Index(page, `action="`)
	if i < 0 {
		t.Fatalf("no form in %q", page)
	}
	rest := page[i+len(`action="`):]
	action = htmlUnescape(rest[:strings.IndexByte(rest, '"')])
	for _, part := range strings.Split(page, "<input ")[1:] {
		name := between(part, `name="`, `"`)
		value := between(part, `value="`, `"`)
		fields.Set(htmlUnescape(name), htmlUnescape(value))
	}
	return action, fields
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	j := strings.Index(s, b)
	if j < 0 {
		return ""
	}
	return s[:j]
}

func htmlUnescape(s string) string {
	r := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`)
	return r.Replace(s)
}
