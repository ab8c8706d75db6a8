package samltest

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
)

// Browser plays the customer's browser in tests and examples: it keeps
// cookies, follows redirects and submits the self-submitting POST forms of
// the SAML HTTP-POST binding and of binding notifications. It only visits
// the hosts it was given; a redirect elsewhere (such as the real Huawei
// console) ends the visit and is reported in Visit.LeftTo. It understands
// the forms that package saml and this package write, not arbitrary HTML.
type Browser struct {
	client   *http.Client
	allowed  map[string]bool
	maxSteps int
	formRe   *regexp.Regexp
	inputRe  *regexp.Regexp
}

// Step is one request the browser made.
type Step struct {
	Method string
	URL    string
	Status int
	// Body is the response body, at most 1 MiB.
	Body string
	// Location is the redirect target, if any.
	Location string
}

// Visit is the chain of requests that one navigation caused.
type Visit struct {
	Steps []Step
	// LeftTo is set when a redirect or form pointed outside the allowed
	// hosts; the browser stopped there.
	LeftTo string
}

// Last returns the final step.
func (v *Visit) Last() Step {
	if len(v.Steps) == 0 {
		return Step{}
	}
	return v.Steps[len(v.Steps)-1]
}

// Paths lists "METHOD path" of every step, for assertions.
func (v *Visit) Paths() []string {
	out := make([]string, 0, len(v.Steps))
	for _, s := range v.Steps {
		p := s.URL
		if u, err := url.Parse(s.URL); err == nil {
			p = u.Path
		}
		out = append(out, s.Method+" "+p)
	}
	return out
}

// NewBrowser returns a browser that may visit the hosts of the given base
// URLs.
func NewBrowser(allowedBaseURLs ...string) (*Browser, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	b := &Browser{
		client: &http.Client{
			Jar:           jar,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		allowed:  map[string]bool{},
		maxSteps: 20,
		formRe:   regexp.MustCompile(`(?is)<form[^>]*\bmethod="post"[^>]*\baction="([^"]*)"[^>]*>(.*?)</form>`),
		inputRe:  regexp.MustCompile(`(?is)<input[^>]*\btype="hidden"[^>]*\bname="([^"]*)"[^>]*\bvalue="([^"]*)"[^>]*>`),
	}
	for _, s := range allowedBaseURLs {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("samltest: bad base URL %q", s)
		}
		b.allowed[u.Host] = true
	}
	return b, nil
}

// Get navigates to rawURL and follows redirects and auto-submitting forms
// until a page without one, a host outside the allowed list, or 20 steps.
func (b *Browser) Get(ctx context.Context, rawURL string) (*Visit, error) {
	v := &Visit{}
	method, target, body := http.MethodGet, rawURL, ""
	for i := 0; i < b.maxSteps; i++ {
		u, err := url.Parse(target)
		if err != nil {
			return v, fmt.Errorf("samltest: bad URL %q", target)
		}
		if !b.allowed[u.Host] {
			v.LeftTo = target
			return v, nil
		}
		var rd io.Reader
		if method == http.MethodPost {
			rd = strings.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, target, rd)
		if err != nil {
			return v, err
		}
		if method == http.MethodPost {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := b.client.Do(req)
		if err != nil {
			return v, err
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if err != nil {
			return v, err
		}
		st := Step{Method: method, URL: target, Status: resp.StatusCode, Body: string(data), Location: resp.Header.Get("Location")}
		v.Steps = append(v.Steps, st)
		switch {
		case resp.StatusCode >= 300 && resp.StatusCode < 400 && st.Location != "":
			next, err := u.Parse(st.Location)
			if err != nil {
				return v, fmt.Errorf("samltest: bad redirect %q", st.Location)
			}
			method, target, body = http.MethodGet, next.String(), ""
		case resp.StatusCode == http.StatusOK && strings.Contains(st.Body, ".submit()"):
			action, fields, ok := b.form(st.Body)
			if !ok {
				return v, nil
			}
			next, err := u.Parse(action)
			if err != nil {
				return v, fmt.Errorf("samltest: bad form action %q", action)
			}
			method, target, body = http.MethodPost, next.String(), fields
		default:
			return v, nil
		}
	}
	return v, errors.New("samltest: too many steps")
}

// form extracts the first POST form: its action and its hidden fields,
// encoded as a browser would encode them, in document order.
func (b *Browser) form(page string) (string, string, bool) {
	m := b.formRe.FindStringSubmatch(page)
	if m == nil {
		return "", "", false
	}
	var enc []string
	for _, in := range b.inputRe.FindAllStringSubmatch(m[2], -1) {
		enc = append(enc, url.QueryEscape(html.UnescapeString(in[1]))+"="+url.QueryEscape(html.UnescapeString(in[2])))
	}
	return html.UnescapeString(m[1]), strings.Join(enc, "&"), true
}
