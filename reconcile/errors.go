package reconcile

// UnsupportedError is returned for a write that this package cannot
// reconcile: the API documents no records operation that shows its effect
// (see the package documentation and the README for the list).
type UnsupportedError struct {
	// Operation is the official operation name of the write.
	Operation string
}

// Error names the operation.
func (e *UnsupportedError) Error() string {
	return "reconcile: " + e.Operation + " has no records operation to reconcile it from"
}

// InputError is returned when the OutcomeUnknownError does not carry what
// reconciliation needs (for example one built by hand without the attempt
// window, or whose request is not the operation's request type). Nothing
// was read or sent.
type InputError struct {
	// Operation is the operation named by the error ("" if none).
	Operation string
	// Reason says what is missing.
	Reason string
}

// Error describes what is missing.
func (e *InputError) Error() string {
	op := e.Operation
	if op == "" {
		op = "<no operation>"
	}
	return "reconcile: " + op + ": " + e.Reason
}
