package redisstore_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
	"github.com/hcpartner/partner-sdk-go/auth/saml/samltest"
	"github.com/hcpartner/partner-sdk-go/redisstore"
)

var _ saml.ReplayStore = (*redisstore.ReplayStore)(nil)

func TestReplayStoreUse(t *testing.T) {
	c := newClient(t)
	pfx := prefix(t)
	s, err := redisstore.NewReplayStore(c, pfx)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if fresh, err := s.Use(ctx, "k", 0); !fresh || err != nil {
		t.Fatalf("first use: %v %v", fresh, err)
	}
	if fresh, err := s.Use(ctx, "k", 0); fresh || err != nil {
		t.Fatalf("second use: %v %v", fresh, err)
	}
	if ttl := c.TTL(ctx, pfx+"k").Val(); ttl != -1 {
		t.Errorf("ttl 0 stored with expiry %v", ttl)
	}
	if err := s.Forget(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if fresh, _ := s.Use(ctx, "k", 0); !fresh {
		t.Error("not fresh after Forget")
	}
	if fresh, _ := s.Use(ctx, "short", 150*time.Millisecond); !fresh {
		t.Fatal("short not fresh")
	}
	if fresh, _ := s.Use(ctx, "short", 150*time.Millisecond); fresh {
		t.Fatal("short fresh twice")
	}
	time.Sleep(300 * time.Millisecond)
	if fresh, _ := s.Use(ctx, "short", 150*time.Millisecond); !fresh {
		t.Error("short not fresh after its ttl")
	}
	if _, err := s.Use(ctx, "", 0); !errors.As(err, new(*redisstore.ArgError)) {
		t.Errorf("empty key: %v", err)
	}
	if _, err := s.Use(ctx, "k", -time.Second); !errors.As(err, new(*redisstore.ArgError)) {
		t.Errorf("negative ttl: %v", err)
	}
}

// Many instances (clients) race for one key: exactly one wins.
func TestReplayStoreConcurrentInstances(t *testing.T) {
	pfx := prefix(t)
	var stores []*redisstore.ReplayStore
	for i := 0; i < 4; i++ {
		s, err := redisstore.NewReplayStore(newClient(t), pfx)
		if err != nil {
			t.Fatal(err)
		}
		stores = append(stores, s)
	}
	for round := 0; round < 20; round++ {
		key := "race-" + string(rune('a'+round))
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for i := 0; i < 32; i++ {
			wg.Add(1)
			go func(s *redisstore.ReplayStore) {
				defer wg.Done()
				fresh, err := s.Use(context.Background(), key, time.Minute)
				if err != nil {
					t.Error(err)
				}
				if fresh {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			}(stores[i%len(stores)])
		}
		wg.Wait()
		if wins != 1 {
			t.Fatalf("%s: %d winners", key, wins)
		}
	}
}

// fleet is a fake Huawei and the partner's configuration; instance()
// builds one more instance of the partner backend with its own Redis
// client, as another process (or the same one after a restart) would.
type fleet struct {
	t    *testing.T
	hw   *samltest.Huawei
	sp   *saml.SPMetadata
	kp   *samltest.KeyPair
	pfx  string
	base string

	mu    sync.Mutex
	binds int
}

const xat = "FLEET_IDP"

func newFleet(t *testing.T) *fleet {
	t.Helper()
	hw, srv, err := samltest.NewServer(samltest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	sp, err := saml.ParseSPMetadata(hw.SPMetadata())
	if err != nil {
		t.Fatal(err)
	}
	kp, err := samltest.NewKeyPair("idp.fleet.test")
	if err != nil {
		t.Fatal(err)
	}
	f := &fleet{t: t, hw: hw, sp: sp, kp: kp, pfx: prefix(t), base: "https://partner.fleet.test"}
	idp, _ := f.instance(newClient(t))
	md, err := idp.Metadata()
	if err != nil {
		t.Fatal(err)
	}
	if err := hw.RegisterPartner(samltest.Partner{XAccountType: xat, IdPMetadata: md, NotificationURL: f.base + "/saml/bind"}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fleet) instance(c redis.UniversalClient) (*saml.IdP, *saml.BindHandler) {
	f.t.Helper()
	store, err := redisstore.NewReplayStore(c, f.pfx)
	if err != nil {
		f.t.Fatal(err)
	}
	idp, err := saml.NewIdP(saml.IdPConfig{
		EntityID: f.base + "/saml/metadata", SSOURL: f.base + "/saml/login",
		Key: f.kp.Key, Certificate: f.kp.Certificate, SP: f.sp, ReplayStore: store,
		Customer: func(http.ResponseWriter, *http.Request, *saml.AuthnRequest) (*saml.Customer, error) {
			return &saml.Customer{XAccountID: "acct-1", XUserID: "user-1"}, nil
		},
	})
	if err != nil {
		f.t.Fatal(err)
	}
	bind, err := saml.NewBindHandler(saml.BindHandlerConfig{SP: f.sp, ReplayStore: store,
		Handle: func(http.ResponseWriter, *http.Request, *saml.BindNotification) error {
			f.mu.Lock()
			f.binds++
			f.mu.Unlock()
			return nil
		}})
	if err != nil {
		f.t.Fatal(err)
	}
	return idp, bind
}

func sso(h http.Handler, target string) *httptest.ResponseRecorder {
	u, _ := url.Parse(target)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, u.RequestURI(), nil))
	return w
}

func postBind(h http.Handler, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/saml/bind", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// Two instances share one Redis: a SAMLRequest or a notification accepted
// by one is refused by the other, and by a restarted instance.
func TestTwoInstancesRejectReplays(t *testing.T) {
	f := newFleet(t)
	clientA := newClient(t)
	idpA, bindA := f.instance(clientA)
	idpB, bindB := f.instance(newClient(t))

	target, id, err := f.hw.NewAuthnRequest(xat, samltest.RequestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w := sso(idpA, target); w.Code != http.StatusOK {
		t.Fatalf("instance A: %d %q", w.Code, w.Body.String())
	}
	if w := sso(idpB, target); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "already used") {
		t.Fatalf("replay to instance B: %d %q", w.Code, w.Body.String())
	}

	body, err := f.hw.NotificationBody(saml.BindNotification{XUserID: "user-1", DomainID: "d-1", Action: saml.BindActionBind}, samltest.NotifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w := postBind(bindB, body); w.Code != http.StatusOK {
		t.Fatalf("bind to B: %d %q", w.Code, w.Body.String())
	}
	if w := postBind(bindA, body); w.Code != http.StatusForbidden {
		t.Fatalf("bind replayed to A: %d %q", w.Code, w.Body.String())
	}

	// Instance A restarts: a new process, a new connection pool.
	_ = clientA.Close()
	idpA2, bindA2 := f.instance(newClient(t))
	if w := sso(idpA2, target); w.Code != http.StatusForbidden {
		t.Fatalf("replay after restart: %d %q", w.Code, w.Body.String())
	}
	if w := postBind(bindA2, body); w.Code != http.StatusForbidden {
		t.Fatalf("bind replayed after restart: %d %q", w.Code, w.Body.String())
	}
	if f.binds != 1 {
		t.Fatalf("BindFunc ran %d times", f.binds)
	}

	// Retention: the request ID for the acceptance window plus clock room,
	// the notification for good.
	ctx := context.Background()
	c := newClient(t)
	if ttl := c.PTTL(ctx, f.pfx+"authn:"+id).Val(); ttl < saml.DefaultMaxRequestAge || ttl > saml.DefaultMaxRequestAge+2*saml.DefaultClockSkew {
		t.Errorf("request ID kept for %v", ttl)
	}
	keys, err := c.Keys(ctx, f.pfx+"bind:*").Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("bind keys %v %v", keys, err)
	}
	if ttl := c.TTL(ctx, keys[0]).Val(); ttl != -1 {
		t.Errorf("notification kept with expiry %v, want none", ttl)
	}
}

// Redis down: both handlers fail closed with 503 and a typed error, and the
// BindFunc never runs.
func TestReplayStoreDownFailsClosed(t *testing.T) {
	f := newFleet(t)
	idp, bind := f.instance(deadClient(t))
	target, _, err := f.hw.NewAuthnRequest(xat, samltest.RequestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w := sso(idp, target); w.Code != http.StatusServiceUnavailable || strings.Contains(w.Body.String(), "127.0.0.1") {
		t.Fatalf("SSO with Redis down: %d %q", w.Code, w.Body.String())
	}
	u, _ := url.Parse(target)
	req, err := idp.ParseRequest(httptest.NewRequest(http.MethodGet, u.RequestURI(), nil))
	if err != nil {
		t.Fatal(err)
	}
	_, err = idp.Respond(context.Background(), req, &saml.Customer{XAccountID: "a"})
	var ue *redisstore.UnavailableError
	if !errors.Is(err, saml.ErrReplayStoreUnavailable) || !errors.As(err, &ue) || saml.HTTPStatus(err) != http.StatusServiceUnavailable {
		t.Fatalf("Respond: %v", err)
	}
	body, err := f.hw.NotificationBody(saml.BindNotification{XUserID: "user-1", Action: saml.BindActionBind}, samltest.NotifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w := postBind(bind, body); w.Code != http.StatusServiceUnavailable || f.binds != 0 {
		t.Fatalf("bind with Redis down: %d %q, BindFunc ran %d", w.Code, w.Body.String(), f.binds)
	}
}
