package core

// CallOption changes one call. Pass call options as the last arguments of
// any service method.
type CallOption func(*CallOptions)

// CallOptions is what the call options of one call add up to. A Caller reads
// it with ApplyCallOptions.
type CallOptions struct {
	// Language is sent as X-Language ("zh_CN" or "en_US"). It takes
	// precedence over a request's own X-Language field and over the
	// client's language.
	Language string
	// Headers are sent in addition to the SDK's own (signed like them).
	Headers [][2]string
	// SkipValidation skips the client-side validation of the request.
	SkipValidation bool
	// RetryPolicy, when set, replaces the client's retry policy for the
	// call. The client-wide retry budget still applies; the policy's own
	// Budget field is not used for a single call.
	RetryPolicy *RetryPolicy
	// AnySite skips the check that the client's site documents the
	// operation (see SiteError).
	AnySite bool
}

// ApplyCallOptions folds opts (nil entries are skipped) into one
// CallOptions.
func ApplyCallOptions(opts []CallOption) CallOptions {
	var o CallOptions
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	return o
}

// WithLanguage sets X-Language for one call ("zh_CN" or "en_US"). It wins
// over the request's own XLanguage field and the client's WithLanguage.
func WithLanguage(lang string) CallOption {
	return func(o *CallOptions) { o.Language = lang }
}

// WithHeader adds a header to one call. It is signed like every other
// header.
func WithHeader(name, value string) CallOption {
	return func(o *CallOptions) { o.Headers = append(o.Headers, [2]string{name, value}) }
}

// WithoutValidation skips the client-side validation of one call, so that
// the server's own checks can be observed (tests against the sandbox).
func WithoutValidation() CallOption {
	return func(o *CallOptions) { o.SkipValidation = true }
}

// WithRetryPolicy replaces the client's retry policy for one call. Zero
// fields of p mean the defaults (see RetryPolicy); the client-wide retry
// budget applies as for every call.
func WithRetryPolicy(p RetryPolicy) CallOption {
	return func(o *CallOptions) { o.RetryPolicy = &p }
}
