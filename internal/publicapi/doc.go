// Package publicapi is a module outside the SDK's own (its own go.mod, a
// replace directive to the repository) that names every error, rule
// constant, option and metadata type the README mentions, exactly as a
// partner's program would. If one of them moved behind an internal package,
// this module would stop compiling: .ci/run builds, vets and tests it.
package publicapi
