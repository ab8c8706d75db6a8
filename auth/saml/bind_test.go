package saml_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hcpartner/partner-sdk-go/auth/saml"
	"github.com/hcpartner/partner-sdk-go/auth/saml/samltest"
)

var bobBind = saml.BindNotification{
	XUserID: "user-bob", XAccountID: "acct-bob", DomainName: "hw_bob", DomainID: "0123456789abcdef",
	UserName: "hw_bob", UserID: "fedcba9876543210", Action: saml.BindActionBind,
}

// Each accepted form verifies, and the handler reports which one did.
func TestBindSignedForms(t *testing.T) {
	e := newEnv(t, envOptions{})
	forms := []saml.SignedForm{saml.SignedFormQuery, saml.SignedFormBase64}
	for i, form := range forms {
		t.Run(string(form), func(t *testing.T) {
			n := bobBind
			n.XUserID = "user-" + string(form) // distinct notifications, no replay
			body, err := e.hw.NotificationBody(n, samltest.NotifyOptions{Form: form})
			if err != nil {
				t.Fatal(err)
			}
			w := e.postBind(body)
			if w.Code != http.StatusOK {
				t.Fatalf("%d %q", w.Code, w.Body.String())
			}
			got := e.notifications()[i]
			want := n
			want.SignedForm = form
			if *got != want {
				t.Errorf("got %+v, want %+v", *got, want)
			}
		})
	}
}

// Huawei's documented example, re-signed with the test key: the printed
// value decodes to this JSON, with bindAction a number.
func TestBindDocumentedExample(t *testing.T) {
	e := newEnv(t, envOptions{})
	doc := []byte(`{"domainName":"yongzhi","domainId":"yongzhiid","xUserId":"yongzhix","bindAction":1}`)
	if got := strings.ToUpper(url.QueryEscape(base64.StdEncoding.EncodeToString(doc))); got !=
		"EYJKB21HAW5OYW1LIJOIEW9UZ3POASISIMRVBWFPBKLKIJOIEW9UZ3POAWLKIIWIEFVZZXJJZCI6INLVBMD6AGL4IIWIYMLUZEFJDGLVBII6MX0%3D" {
		t.Fatalf("the example does not round-trip: %s", got)
	}
	body, err := e.hw.NotificationBody(saml.BindNotification{}, samltest.NotifyOptions{JSON: doc})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/saml/bind", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	n, err := e.bind.ParseNotification(r)
	if err != nil {
		t.Fatal(err)
	}
	want := saml.BindNotification{DomainName: "yongzhi", DomainID: "yongzhiid", XUserID: "yongzhix", Action: saml.BindActionUnbind, SignedForm: saml.SignedFormQuery}
	if *n != want {
		t.Errorf("got %+v", *n)
	}
}

func TestBindActionJSON(t *testing.T) {
	for in, want := range map[string]saml.BindAction{
		`0`: saml.BindActionBind, `1`: saml.BindActionUnbind, `"0"`: saml.BindActionBind, `"1"`: saml.BindActionUnbind,
		`"bind"`: saml.BindActionBind, `"unbind"`: saml.BindActionUnbind,
	} {
		var a saml.BindAction
		if err := json.Unmarshal([]byte(in), &a); err != nil || a != want {
			t.Errorf("%s: %q %v", in, a, err)
		}
	}
	for _, in := range []string{`2`, `"2"`, `-1`, `1.5`, `true`, `null`, `{}`, `""`} {
		var a saml.BindAction
		if err := json.Unmarshal([]byte(in), &a); err == nil && in != "null" {
			t.Errorf("%s accepted as %q", in, a)
		}
	}
	if b, err := json.Marshal(saml.BindActionUnbind); err != nil || string(b) != "1" {
		t.Errorf("marshal: %s %v", b, err)
	}
}

// Every way a notification can be refused; the BindFunc never sees one.
func TestBindRejects(t *testing.T) {
	ks := keys(t)
	e := newEnv(t, envOptions{})
	body := func(o samltest.NotifyOptions) string {
		b, err := e.hw.NotificationBody(bobBind, o)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	signedJSON := func(doc string) string {
		return body(samltest.NotifyOptions{JSON: []byte(doc)})
	}
	good := body(samltest.NotifyOptions{})
	replace := func(s, key, val string) string {
		var parts []string
		for _, p := range strings.Split(s, "&") {
			if strings.HasPrefix(p, key+"=") {
				if val == "\x00" {
					continue
				}
				p = key + "=" + val
			}
			parts = append(parts, p)
		}
		return strings.Join(parts, "&")
	}
	otherJSON := url.QueryEscape(base64.StdEncoding.EncodeToString([]byte(`{"xUserId":"mallory","domainId":"x","bindAction":0}`)))

	cases := []struct {
		name   string
		method string
		ctype  string
		body   string
		kind   error
		status int
	}{
		{"unsigned", "", "", body(samltest.NotifyOptions{Unsigned: true}), saml.ErrUnsigned, 403},
		{"Signature removed", "", "", replace(good, "Signature", "\x00"), saml.ErrUnsigned, 403},
		{"SigAlg removed", "", "", replace(good, "SigAlg", "\x00"), saml.ErrUnsigned, 403},
		{"signed by another key", "", "", body(samltest.NotifyOptions{SignWith: ks.other}), saml.ErrBadSignature, 403},
		{"bindRequest swapped", "", "", replace(good, "bindRequest", otherJSON), saml.ErrBadSignature, 403},
		{"signature garbage", "", "", replace(good, "Signature", "AAAA"), saml.ErrBadSignature, 403},
		{"signature not base64", "", "", replace(good, "Signature", "%21%21"), saml.ErrMalformed, 400},
		{"rsa-sha1", "", "", body(samltest.NotifyOptions{SigAlg: samltest.SigAlgRSASHA1}), saml.ErrUnsupportedAlgorithm, 400},
		{"upper-case SigAlg", "", "", replace(good, "SigAlg", url.QueryEscape(strings.ToUpper(saml.SigAlgRSASHA256))), saml.ErrUnsupportedAlgorithm, 400},
		{"bindRequest missing", "", "", replace(good, "bindRequest", "\x00"), saml.ErrMalformed, 400},
		{"bindRequest not base64", "", "", replace(good, "bindRequest", "%21%21%21"), saml.ErrMalformed, 400},
		{"JSON not an object", "", "", signedJSON(`[1,2]`), saml.ErrMalformed, 400},
		{"JSON trailing data", "", "", signedJSON(`{"xUserId":"a","bindAction":0} {}`), saml.ErrMalformed, 400},
		{"bindAction missing", "", "", signedJSON(`{"xUserId":"a","domainId":"d"}`), saml.ErrMalformed, 400},
		{"bindAction 2", "", "", signedJSON(`{"xUserId":"a","bindAction":2}`), saml.ErrMalformed, 400},
		{"no customer id", "", "", signedJSON(`{"domainId":"d","bindAction":0}`), saml.ErrMalformed, 400},
		{"duplicate parameter", "", "", good + "&bindRequest=" + otherJSON, saml.ErrMalformed, 400},
		{"body too large", "", "", good + "&pad=" + strings.Repeat("x", saml.MaxNotificationBytes), saml.ErrTooLarge, 413},
		{"JSON content type", "", "application/json", good, saml.ErrMediaType, 415},
		{"multipart", "", "multipart/form-data; boundary=x", good, saml.ErrMediaType, 415},
		{"PUT", http.MethodPut, "", good, saml.ErrMethod, 405},
		{"GET", http.MethodGet, "", good, saml.ErrMethod, 405},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(e.notifications())
			method, ctype := c.method, c.ctype
			if method == "" {
				method = http.MethodPost
			}
			if ctype == "" {
				ctype = "application/x-www-form-urlencoded"
			}
			mk := func() *http.Request {
				r := httptest.NewRequest(method, "/saml/bind", strings.NewReader(c.body))
				r.Header.Set("Content-Type", ctype)
				return r
			}
			w := httptest.NewRecorder()
			e.bind.ServeHTTP(w, mk())
			if w.Code != c.status {
				t.Errorf("status %d (%q), want %d", w.Code, w.Body.String(), c.status)
			}
			if len(e.notifications()) != before {
				t.Error("a rejected notification reached the BindFunc")
			}
			if _, err := e.bind.ParseNotification(mk()); !errors.Is(err, c.kind) {
				t.Errorf("error %v, want %v", err, c.kind)
			}
		})
	}
	// The untouched notification is still accepted, once.
	if w := e.postBind(good); w.Code != http.StatusOK {
		t.Fatalf("good: %d %q", w.Code, w.Body.String())
	}
	if w := e.postBind(good); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "already used") {
		t.Fatalf("replay: %d %q", w.Code, w.Body.String())
	}
	if n := len(e.notifications()); n != 1 {
		t.Fatalf("notifications = %d", n)
	}
}

// A '+' in base64 that a sender forgot to escape arrives as a space; it is
// repaired before decoding and verifying.
func TestBindPlusAsSpace(t *testing.T) {
	e := newEnv(t, envOptions{})
	for i := 0; i < 40; i++ {
		n := bobBind
		n.XUserID = "user-" + strings.Repeat("~", i) // vary the base64 until it has a '+'
		body, err := e.hw.NotificationBody(n, samltest.NotifyOptions{Form: saml.SignedFormBase64})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(body, "%2B") {
			continue
		}
		w := e.postBind(strings.ReplaceAll(body, "%2B", "+"))
		if w.Code != http.StatusOK {
			t.Fatalf("%d %q", w.Code, w.Body.String())
		}
		return
	}
	t.Skip("no '+' produced")
}

// The handler's answers when the BindFunc writes nothing, fails, or
// answers itself.
func TestBindHandleResults(t *testing.T) {
	for name, c := range map[string]struct {
		fn     saml.BindFunc
		status int
		body   string
	}{
		"silent": {func(http.ResponseWriter, *http.Request, *saml.BindNotification) error { return nil }, 200, "OK\n"},
		"error": {func(http.ResponseWriter, *http.Request, *saml.BindNotification) error {
			return errors.New("db secret=x")
		}, 500, "saml: internal error\n"},
		"redirect": {func(w http.ResponseWriter, r *http.Request, _ *saml.BindNotification) error {
			http.Redirect(w, r, "/welcome", http.StatusSeeOther)
			return saml.ErrHandled
		}, 303, ""},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, envOptions{bindCfg: func(c2 *saml.BindHandlerConfig) { c2.Handle = c.fn }})
			body, err := e.hw.NotificationBody(bobBind, samltest.NotifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			w := e.postBind(body)
			b, _ := io.ReadAll(w.Body)
			if w.Code != c.status || (c.body != "" && string(b) != c.body) {
				t.Errorf("%d %q", w.Code, b)
			}
		})
	}
}

// A notification whose BindFunc failed can be delivered again.
func TestBindRetryAfterHandlerError(t *testing.T) {
	fail := true
	var handled int
	e2 := newEnv(t, envOptions{bindCfg: func(c *saml.BindHandlerConfig) {
		c.Handle = func(w http.ResponseWriter, r *http.Request, n *saml.BindNotification) error {
			if fail {
				return errors.New("database down")
			}
			handled++
			return nil
		}
	}})
	body, err := e2.hw.NotificationBody(bobBind, samltest.NotifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w := e2.postBind(body); w.Code != http.StatusInternalServerError {
		t.Fatalf("first: %d", w.Code)
	}
	fail = false
	if w := e2.postBind(body); w.Code != http.StatusOK || handled != 1 {
		t.Fatalf("retry: %d handled %d", w.Code, handled)
	}
	if w := e2.postBind(body); w.Code != http.StatusForbidden {
		t.Fatalf("replay after success: %d", w.Code)
	}
}

// Concurrent deliveries of one notification: exactly one is accepted.
func TestBindReplayConcurrent(t *testing.T) {
	e := newEnv(t, envOptions{})
	body, err := e.hw.NotificationBody(bobBind, samltest.NotifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	codes := make(chan int, 16)
	for i := 0; i < 16; i++ {
		go func() { codes <- e.postBind(body).Code }()
	}
	ok := 0
	for i := 0; i < 16; i++ {
		if <-codes == http.StatusOK {
			ok++
		}
	}
	if ok != 1 || len(e.notifications()) != 1 {
		t.Fatalf("accepted %d times", ok)
	}
}
