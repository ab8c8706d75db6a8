package core

// ErrorGroup names a kind of failure that several documented error codes
// report (insufficient balance, in progress, throttled...). It is an
// errors.Is target: errors.Is(err, GroupInsufficientBalance) holds for an
// *APIError carrying any documented code of that kind. The groups and their
// codes are generated from internal/spec/errors.json (codes_gen.go, generated from internal/spec/errors.json).
type ErrorGroup string

// Error makes an ErrorGroup usable as an errors.Is target.
func (g ErrorGroup) Error() string { return "partnersdk: API error group " + string(g) }

// ErrorClass says what a documented error code means for the request.
type ErrorClass string

// Error classes of the catalogue.
const (
	// ClassRejected: the server refused the request; nothing was applied.
	ClassRejected ErrorClass = "rejected"
	// ClassRetryable: refused for now (another change on the same object
	// still running, throttled); nothing was applied and the same request
	// may be sent again after a pause.
	ClassRetryable ErrorClass = "retryable"
	// ClassAuth: the credentials or the caller's permissions refused the
	// request; nothing was applied.
	ClassAuth ErrorClass = "auth"
	// ClassUnknown: the documentation does not say whether the request was
	// applied.
	ClassUnknown ErrorClass = "unknown"
)

// Class returns the documented class of the error's code: ClassUnknown for
// a code the catalogue does not hold or an answer without a code.
func (e *APIError) Class() ErrorClass {
	if e == nil {
		return ClassUnknown
	}
	if c := documentedClass(normalizeGateway(e.Code)); c != "" {
		return c
	}
	if c := documentedClass(e.Code); c != "" {
		return c
	}
	return ClassUnknown
}

// NotApplied reports whether the documentation says a request answered
// with this error was not applied (a rejection, a retryable refusal or an
// authentication/permission failure), whatever the HTTP status.
func (e *APIError) NotApplied() bool {
	switch e.Class() {
	case ClassRejected, ClassRetryable, ClassAuth:
		return true
	}
	return false
}
