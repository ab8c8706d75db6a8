// Package officialcheck drives the official Huawei Cloud Go SDK
// (github.com/huaweicloud/huaweicloud-sdk-go-v3, services/bss/v2, pinned in
// go.mod) against this repository's sandbox (internal/sandbox), so that
// partners who test code written with the official SDK can use the
// sandbox, and compares the official request and response models with this
// SDK's spec (internal/spec).
//
// It is a separate module (its own go.mod with a replace directive to the
// repository root): the main module's `go test ./...` does not build it and
// the main module does not depend on the official SDK. Run it with
//
//	cd internal/officialcheck && go test ./...
//
// (.ci/run does). It needs the Go module proxy to fetch the official SDK.
//
//   - TestOfficialClientAgainstSandbox calls every operation of the official
//     BssClient once, with the request of this SDK's fixture for the
//     operation (internal/<group>/testdata/<op>_ok.json) turned into the
//     official request type, and requires a 2xx answer that the official
//     client decodes without error.
//   - TestOfficialFieldsExist walks the official request and response model
//     types by reflection and requires every JSON member (nested members by
//     their dotted path) to exist in this SDK's spec for the same operation,
//     with the documented exceptions listed in knownMissing.
package officialcheck
