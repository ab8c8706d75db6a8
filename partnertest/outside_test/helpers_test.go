package backend_test

import "net/http"

func newHTTPClient(rt http.RoundTripper) *http.Client { return &http.Client{Transport: rt} }
