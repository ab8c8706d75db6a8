// Package benchcmp holds side-by-side benchmarks of partner-sdk-go against
// the official Huawei Cloud Go SDK (github.com/huaweicloud/huaweicloud-sdk-go-v3)
// and against a raw net/http + encoding/json floor, all in one run.
//
// It is a separate module (its own go.mod, with a replace directive pointing
// at the repository root), so the main module's `go test ./...` neither
// builds nor runs it and the main module does not depend on the official SDK.
//
// Run everything, with benchstat and the ratios, from the repository root:
//
//	scripts/benchcmp.sh
//
// or by hand:
//
//	cd internal/benchcmp && go test -run '^$' -bench 'Sign|FullCall' -benchmem -count 6
//
// Benchmark names use benchstat's key=value form: the last level is
// impl=ours, impl=official or impl=floor, so `benchstat -col /impl` puts
// the implementations side by side:
//
//   - BenchmarkSign: our signer.Signer.Sign against the official
//     core/auth/signer Signer.Sign, for a POST (1 KB JSON body, 6 query
//     parameters, 4 headers), a GET, and the POST from 32 goroutines.
//   - BenchmarkFullCall: ListSubCustomerBillDetail through our client, the
//     official BssClient, and raw net/http + encoding/json (the floor),
//     against one loopback server answering ~2 KB of JSON, sequentially
//     (mode=seq) and from 32 goroutines sharing one client (mode=par32).
//
// Besides ns/op, B/op and allocs/op they report cpu-ns/op, the CPU time of
// the whole process per op, which a busy shared machine disturbs less than
// wall time.
//
// BenchmarkIterateHeap (run with -benchtime 1x) walks 10k and 100k records
// through our iterator and reports the live heap after forced collections
// at fixed points of the walk: a deterministic check that iteration holds
// one page, not every item.
//
// The tests (TestSameSignature, TestSameAnswer) check that the compared
// implementations do the same work: the same Authorization header for the
// same request, and the same records decoded from the same answer.
package benchcmp
