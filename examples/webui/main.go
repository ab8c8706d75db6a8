// Command webui runs a partner platform's two Web UI endpoints, the SAML
// SingleSignOnService and the binding-notification URL of package
// auth/saml, against the in-process fake Huawei of package
// auth/saml/samltest. A scripted customer browser then goes through a first
// login (a Huawei Cloud account is bound and the notification arrives), a
// returning login and an unbind. Everything stays on 127.0.0.1; no
// credentials are needed.
//
//	go run ./examples/webui          # run the scenario and exit
//	go run ./examples/webui -serve   # keep both sites up for a real browser
//	go run ./examples/webui -v       # also print the handlers' log records
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
	"github.com/hcpartner/partner-sdk-go/auth/saml/samltest"
)

// xAccountType is the platform identifier Huawei assigns; any value works
// with the fake.
const xAccountType = "DEMO_IDP"

func main() {
	serve := flag.Bool("serve", false, "keep the partner platform and the fake Huawei running for a real browser")
	verbose := flag.Bool("v", false, "print the log records of the SAML handlers")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var logger *slog.Logger
	if *verbose {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if err := run(ctx, os.Stdout, logger, *serve); err != nil {
		fmt.Fprintln(os.Stderr, "webui:", err)
		os.Exit(1)
	}
}

// run starts the fake Huawei and the partner platform, plays the scenario
// and, with serve, waits for ctx to end.
func run(ctx context.Context, out io.Writer, logger *slog.Logger, serve bool) error {
	// The sandbox side: a fake Huawei IAM with its own signing key.
	hw, hwSrv, err := samltest.NewServer(samltest.Config{})
	if err != nil {
		return err
	}
	defer hwSrv.Close()

	// The partner platform's signing key. A real platform loads its own:
	// pair, err := tls.LoadX509KeyPair("idp-cert.pem", "idp-key.pem").
	kp, err := samltest.NewKeyPair("idp.partner.example")
	if err != nil {
		return err
	}
	// Huawei's SP metadata. A real platform saves the file from Partner
	// Center and calls saml.LoadSPMetadataFile; fetching is explicit.
	sp, err := saml.FetchSPMetadata(ctx, hwSrv.Client(), hw.MetadataURL())
	if err != nil {
		return err
	}

	p := &platform{users: map[string]*saml.Customer{
		"alice": {XAccountID: "acct-alice", Name: "alice_corp", Email: "alice@example.com", Mobile: "0086-13800000000"},
	}, bindings: map[string]string{}, huaweiBase: hw.BaseURL()}
	mux := http.NewServeMux()
	srv := httptest.NewUnstartedServer(mux)
	base := "http://" + srv.Listener.Addr().String()

	idp, err := saml.NewIdP(saml.IdPConfig{
		EntityID:    base + "/saml/metadata",
		SSOURL:      base + "/saml/login",
		Key:         kp.Key,
		Certificate: kp.Certificate,
		SP:          sp,
		Customer:    p.customer,
		Logger:      logger,
	})
	if err != nil {
		return err
	}
	bind, err := saml.NewBindHandler(saml.BindHandlerConfig{SP: sp, Handle: p.bound, Logger: logger})
	if err != nil {
		return err
	}
	mux.Handle("/saml/login", idp)
	mux.Handle("/saml/bind", bind)
	mux.HandleFunc("/login", p.login)
	mux.HandleFunc("/huawei", p.jump)
	mux.HandleFunc("/", p.home)
	srv.Start()
	defer srv.Close()

	// Registration in Partner Center: upload the IdP metadata and the
	// notification URL (here: tell the fake directly).
	md, err := idp.Metadata()
	if err != nil {
		return err
	}
	if err := hw.RegisterPartner(samltest.Partner{XAccountType: xAccountType, IdPMetadata: md, NotificationURL: base + "/saml/bind"}); err != nil {
		return err
	}
	fmt.Fprintf(out, "partner platform  %s  (SSO %s/saml/login, notifications %s/saml/bind)\n", base, base, base)
	fmt.Fprintf(out, "fake Huawei       %s\n", hwSrv.URL)

	if serve {
		fmt.Fprintf(out, "\nOpen %s/login?user=alice in a browser, then follow the link. Ctrl-C stops.\n", base)
		<-ctx.Done()
		return nil
	}
	return scenario(ctx, out, hw, hwSrv.URL, base, p)
}

// scenario plays one customer's browser through the three flows.
func scenario(ctx context.Context, out io.Writer, hw *samltest.Huawei, hwURL, base string, p *platform) error {
	b, err := samltest.NewBrowser(hwURL, base)
	if err != nil {
		return err
	}
	step := func(title, target string) (*samltest.Visit, error) {
		fmt.Fprintf(out, "\n== %s\n", title)
		v, err := b.Get(ctx, target)
		if err != nil {
			return nil, err
		}
		for _, s := range v.Steps {
			fmt.Fprintf(out, "   %-4s %-45s -> %d\n", s.Method, pathOf(s.URL), s.Status)
		}
		if v.LeftTo != "" {
			fmt.Fprintf(out, "   left the sandbox for %s\n", v.LeftTo)
		} else if body := strings.TrimSpace(v.Last().Body); body != "" && !strings.Contains(body, "<") {
			fmt.Fprintf(out, "   page: %s\n", body)
		}
		return v, nil
	}

	if _, err := step("alice logs in at the partner platform", base+"/login?user=alice"); err != nil {
		return err
	}
	v, err := step("first jump to Huawei Cloud (isFirstLogin=true): account created and bound", base+"/huawei")
	if err != nil {
		return err
	}
	if !strings.Contains(v.Last().Body, "now linked") {
		return errors.New("first login did not end with the binding notification")
	}
	acct, ok := hw.Account(xAccountType, "acct-alice")
	if !ok {
		return errors.New("no account bound at the fake Huawei")
	}
	fmt.Fprintf(out, "   Huawei verified the assertion: %v\n", hw.Logins()[0].Attributes)

	v, err = step("returning jump (isFirstLogin=false) to the IAM console", base+"/huawei?service="+url.QueryEscape("https://console.huaweicloud.com/iam/"))
	if err != nil {
		return err
	}
	if v.LeftTo != "https://console.huaweicloud.com/iam/" {
		return errors.New("returning login did not land on the service URL")
	}

	v, err = step("Huawei reports an unbind", hwURL+samltest.PathUnbind+"?xAccountType="+xAccountType+"&xUserId=acct-alice")
	if err != nil {
		return err
	}
	if !strings.Contains(v.Last().Body, "unlinked") {
		return errors.New("unbind notification not processed")
	}
	if _, bound := p.binding("acct-alice"); bound {
		return errors.New("binding still recorded")
	}
	fmt.Fprintf(out, "\nOK: customer_id %s was bound, used and unbound.\n", acct.DomainID)
	return nil
}

func pathOf(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	if len(u.Path) > 45 {
		return u.Path[:42] + "..."
	}
	return u.Path
}

// platform is a minimal partner sales platform: users with a cookie
// session, and the Huawei Cloud account bound to each.
type platform struct {
	huaweiBase string

	mu       sync.Mutex
	users    map[string]*saml.Customer // by login name
	bindings map[string]string         // xAccountId -> Huawei domainId (customer_id)
}

func (p *platform) current(r *http.Request) (*saml.Customer, bool) {
	c, err := r.Cookie("session")
	if err != nil {
		return nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	u, ok := p.users[c.Value]
	return u, ok
}

func (p *platform) binding(xAccountID string) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	d, ok := p.bindings[xAccountID]
	return d, ok
}

// login is a stand-in for the platform's real login page.
func (p *platform) login(w http.ResponseWriter, r *http.Request) {
	user := r.URL.Query().Get("user")
	p.mu.Lock()
	_, ok := p.users[user]
	p.mu.Unlock()
	if !ok {
		http.Error(w, "unknown user", http.StatusUnauthorized)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "session", Value: user, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	if next := r.URL.Query().Get("next"); strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") {
		http.Redirect(w, r, next, http.StatusFound)
		return
	}
	fmt.Fprintf(w, "welcome %s\n", user)
}

func (p *platform) home(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, `<p><a href="/login?user=alice">log in as alice</a> | <a href="/huawei">go to Huawei Cloud</a></p>`)
}

// jump sends a logged-in customer to Huawei Cloud. isFirstLogin is true
// while no binding is known.
func (p *platform) jump(w http.ResponseWriter, r *http.Request) {
	c, ok := p.current(r)
	if !ok {
		http.Redirect(w, r, "/login?next=/huawei", http.StatusFound)
		return
	}
	_, bound := p.binding(c.XAccountID)
	u, err := saml.LoginURL(saml.LoginRequest{
		BaseURL:      p.huaweiBase, // Site: saml.SiteChina for the real site
		XAccountType: xAccountType,
		FirstLogin:   !bound,
		Service:      r.URL.Query().Get("service"),
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, u, http.StatusFound)
}

// customer is the IdP's CustomerFunc: the session's user, or a detour
// through the login page that comes back to the same SSO URL.
func (p *platform) customer(w http.ResponseWriter, r *http.Request, _ *saml.AuthnRequest) (*saml.Customer, error) {
	c, ok := p.current(r)
	if !ok {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
		return nil, saml.ErrHandled
	}
	return c, nil
}

// bound is the BindFunc: record or drop the binding, show the customer a
// page.
func (p *platform) bound(w http.ResponseWriter, _ *http.Request, n *saml.BindNotification) error {
	key := n.XAccountID
	if key == "" {
		key = n.XUserID
	}
	p.mu.Lock()
	if n.Action == saml.BindActionBind {
		p.bindings[key] = n.DomainID
	} else {
		delete(p.bindings, key)
	}
	p.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if n.Action == saml.BindActionBind {
		fmt.Fprintf(w, "Your Huawei Cloud account %s is now linked (signature form: %s).\n", n.DomainName, n.SignedForm)
	} else {
		fmt.Fprintf(w, "Your Huawei Cloud account %s was unlinked.\n", n.DomainName)
	}
	return nil
}
