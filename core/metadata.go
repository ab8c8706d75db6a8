package core

import "net/http"

// Metadata describes the HTTP exchange behind a successful call. Every
// response type of the services carries it in its Metadata field.
type Metadata struct {
	// StatusCode is the HTTP status of the final attempt.
	StatusCode int
	// RequestID is the X-Request-Id response header: quote it to Huawei
	// support.
	RequestID string
	// Header holds the response headers.
	Header http.Header
	// Attempts is the number of attempts the call took.
	Attempts int
}
