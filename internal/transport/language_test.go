package transport

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// The call option's language wins over the request's own X-Language field,
// which wins over the client's language (core.WithLanguage documents it).
func TestLanguagePrecedence(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("X-Language"))
		w.Write([]byte("{}"))
	}))
	defer srv.Close()
	c, err := New(Config{Endpoint: srv.URL, Language: "zh_CN"})
	if err != nil {
		t.Fatal(err)
	}
	field := Request{Headers: [][2]string{{"X-Language", "en_US"}}}
	op := Operation{Name: "Op", Method: "GET", Path: "/x"}
	ctx := context.Background()
	for _, call := range []func() error{
		func() error { return c.Do(ctx, op, Request{}, nil, nil) },
		func() error { return c.Do(ctx, op, field, nil, nil) },
		func() error { return c.Do(ctx, op, field, nil, nil, WithLanguage("zh_CN")) },
		func() error { return c.Do(ctx, op, Request{}, nil, nil, WithLanguage("en_US")) },
	} {
		if err := call(); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"zh_CN", "en_US", "zh_CN", "en_US"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("X-Language sent %v, want %v", got, want)
		}
	}
}
