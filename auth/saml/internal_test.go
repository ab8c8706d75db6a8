package saml

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParseParams(t *testing.T) {
	ps, err := parseParams("a=1&SAMLRequest=x%2By+z&&RelayState=&other=%zz&SigAlg=http%3A%2F%2Fq", "SAMLRequest", "RelayState", "SigAlg", "Signature")
	if err != nil {
		t.Fatal(err)
	}
	if p := ps["SAMLRequest"]; p.raw != "x%2By+z" || p.value != "x+y z" || !p.present {
		t.Errorf("SAMLRequest %+v", p)
	}
	if p := ps["RelayState"]; !p.present || p.value != "" {
		t.Errorf("RelayState %+v", p)
	}
	if ps["Signature"].present {
		t.Error("Signature present")
	}
	if _, err := parseParams("SigAlg=a&SigAlg=b", "SigAlg"); !errors.Is(err, ErrMalformed) {
		t.Errorf("duplicate: %v", err)
	}
	if _, err := parseParams("SigAlg=%zz", "SigAlg"); !errors.Is(err, ErrMalformed) {
		t.Errorf("bad escape: %v", err)
	}
	// An encoded key still names the parameter.
	if ps, _ := parseParams("Sig%41lg=v", "SigAlg"); ps["SigAlg"].value != "v" {
		t.Error("encoded key")
	}
}

func TestRedirectSignedContent(t *testing.T) {
	req := param{raw: "a%2Bb", present: true}
	alg := param{raw: "http%3A%2F%2Fx", present: true}
	if got := string(redirectSignedContent(req, param{}, alg)); got != "SAMLRequest=a%2Bb&SigAlg=http%3A%2F%2Fx" {
		t.Error(got)
	}
	if got := string(redirectSignedContent(req, param{raw: "", present: true}, alg)); got != "SAMLRequest=a%2Bb&RelayState=&SigAlg=http%3A%2F%2Fx" {
		t.Error(got)
	}
}

func TestDecodeBase64(t *testing.T) {
	for in, want := range map[string]string{
		"aGk=":     "hi",
		"aGk":      "hi",
		"aG\r\nk=": "hi",
		"+/8=":     "\xfb\xff",
		" /8=":     "\xfb\xff", // '+' that became a space
	} {
		_, got, err := decodeBase64(in, 100)
		if err != nil || string(got) != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	for _, in := range []string{"!!!!", "aGk==="} {
		if _, _, err := decodeBase64(in, 100); !errors.Is(err, ErrMalformed) {
			t.Errorf("%q: %v", in, err)
		}
	}
	if _, _, err := decodeBase64(strings.Repeat("A", 400), 100); !errors.Is(err, ErrTooLarge) {
		t.Errorf("long: %v", err)
	}
}

func TestValidID(t *testing.T) {
	for s, ok := range map[string]bool{
		"_th2kld6nqqaq6lbvbw1cqqkbld2m7shj5i7x": true, "id-1.2": true, "a": true,
		"": false, "1abc": false, "-a": false, "a b": false, "a<": false, strings.Repeat("a", 257): false,
	} {
		if validID(s) != ok {
			t.Errorf("%q", s)
		}
	}
}

func TestMemoryReplayStore(t *testing.T) {
	now := time.Unix(1000, 0)
	c := NewMemoryReplayStore(3, func() time.Time { return now })
	ctx := context.Background()
	use := func(k string) bool {
		fresh, err := c.Use(ctx, k, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return fresh
	}
	if !use("a") || use("a") {
		t.Fatal("a")
	}
	now = now.Add(30 * time.Second)
	use("b")
	use("c")
	if c.Len() != 3 {
		t.Fatalf("len %d", c.Len())
	}
	use("d") // full: "a" expires soonest and is dropped
	if c.Len() != 3 || !use("a") {
		t.Error("eviction")
	}
	now = now.Add(2 * time.Minute) // everything expired
	if !use("b") || c.Len() != 1 {
		t.Errorf("expiry: len %d", c.Len())
	}
	if err := c.Forget(ctx, "b"); err != nil || !use("b") {
		t.Error("forget")
	}
	_ = c.Forget(ctx, "never-seen")
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.Use(cctx, "z", time.Minute); err == nil {
		t.Error("cancelled context")
	}
	//lint:ignore SA1012 a nil context must not panic
	if _, err := c.Use(nil, "nilctx", time.Minute); err != nil { //nolint:staticcheck
		t.Error(err)
	}
}

// A zero ttl keeps a key for good; such keys are evicted last.
func TestMemoryReplayStoreForever(t *testing.T) {
	now := time.Unix(1000, 0)
	c := NewMemoryReplayStore(2, func() time.Time { return now })
	ctx := context.Background()
	if fresh, err := c.Use(ctx, "bind", 0); !fresh || err != nil {
		t.Fatal(fresh, err)
	}
	now = now.Add(24*time.Hour + time.Minute) // the old 24 h window
	if fresh, _ := c.Use(ctx, "bind", 0); fresh {
		t.Fatal("a notification kept for good was fresh again after 24 h")
	}
	_, _ = c.Use(ctx, "authn1", time.Minute)
	_, _ = c.Use(ctx, "authn2", time.Minute) // full: authn1 goes, not bind
	if fresh, _ := c.Use(ctx, "bind", 0); fresh {
		t.Fatal("the key kept for good was evicted before an expiring one")
	}
	if _, err := c.Use(ctx, "neg", -time.Second); err == nil {
		t.Error("negative ttl accepted")
	}
}

func TestMemoryReplayStoreConcurrent(t *testing.T) {
	c := NewMemoryReplayStore(100, nil)
	var wg sync.WaitGroup
	var mu sync.Mutex
	fresh := 0
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				ok, _ := c.Use(context.Background(), fmt.Sprint(i%50), time.Hour)
				if ok {
					mu.Lock()
					fresh++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if fresh != 50 {
		t.Errorf("fresh = %d, want 50", fresh)
	}
}

func TestHTTPStatus(t *testing.T) {
	for err, want := range map[error]int{
		nil: 200, ErrMalformed: 400, ErrUnsupportedAlgorithm: 400, ErrUnsigned: 403, ErrBadSignature: 403,
		ErrStale: 403, ErrReplayed: 403, ErrMismatch: 403, ErrTooLarge: 413, ErrMethod: 405, ErrMediaType: 415,
		ErrInvalidCustomer: 500, errors.New("x"): 500,
	} {
		if got := HTTPStatus(err); got != want {
			t.Errorf("%v: %d", err, got)
		}
	}
	e := &Error{Kind: ErrStale}
	if e.Error() != "saml: message outside the accepted time window" {
		t.Error(e.Error())
	}
	var nilErr *Error
	if nilErr.Error() != "<nil>" || nilErr.Unwrap() != nil {
		t.Error("nil *Error")
	}
	if (&ConfigError{Field: "F", Reason: "r"}).Error() != "saml: invalid F: r" {
		t.Error("ConfigError")
	}
	_ = http.StatusOK
}

func TestCustomerAttributesOrder(t *testing.T) {
	c := Customer{XAccountID: "acc", Email: "e@x.y"}
	got := c.attributes()
	if len(got) != 3 || got[0] != [2]string{"xUserId", "acc"} || got[1][0] != "xAccountId" || got[2][0] != "email" {
		t.Errorf("%v", got)
	}
}
