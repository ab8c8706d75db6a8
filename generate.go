package partnersdk

// Everything generated in the module comes from internal/spec through one
// generator; "go generate ./..." runs it, "go run ./internal/gen -check"
// verifies that nothing is stale (CI does).
//go:generate go run ./internal/gen
