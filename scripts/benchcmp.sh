#!/usr/bin/env bash
# benchcmp.sh: side-by-side performance comparison of partner-sdk-go with the
# official Huawei Cloud Go SDK and with a raw net/http + encoding/json floor
# (issue 6). Runs the benchmarks of the separate module internal/benchcmp
# (not part of the main module, not run by CI), prints benchstat's table and
# the ratios ours/official and ours/floor against the targets, then the main
# module's iteration benchmark (peak heap, 10k vs 100k items) and a mutex
# profile of 32 goroutines sharing one client, and (issue 16) the signer
# against its hashing floor and the pacing benchmarks against the sandbox
# enforcing the documented flow control.
#
# Needs only Go and access to the module proxy (the official SDK and
# benchstat are fetched by the go command).
#
# Settings (environment):
#   BENCHCMP_COUNT=6        samples per benchmark
#   BENCHCMP_BENCHTIME=1s   -benchtime
#   BENCHCMP_BENCH='^Benchmark(Sign|FullCall)$'
#                           -bench regexp for the comparison run
#   BENCHCMP_INTERLEAVE=1   1: run the whole suite COUNT times with -count 1
#                           (rounds interleave the implementations in time,
#                           so load drift on a shared machine hits all of
#                           them alike); 0: one `go test -count COUNT`
#   BENCHCMP_ITERATE=1      also run the main module's BenchmarkIterate and
#                           benchcmp's BenchmarkIterateHeap (-benchtime 1x)
#   BENCHCMP_PACING=1       also run the main module's pacing benchmarks
#                           (BenchmarkMonthEndExport, BenchmarkConcurrentCallers:
#                           against the sandbox enforcing the documented flow
#                           control, time-scaled; -benchtime 1x, COUNT rounds)
#   BENCHCMP_MUTEX=1        also run the mutex-profile step
#   BENCHCMP_OUT=dir        keep raw outputs and profiles there (default: a
#                           temporary directory, printed at the end)
#   BENCHSTAT_VERSION=...   golang.org/x/perf version for benchstat
set -euo pipefail

COUNT=${BENCHCMP_COUNT:-6}
BENCHTIME=${BENCHCMP_BENCHTIME:-1s}
BENCH=${BENCHCMP_BENCH:-'^Benchmark(Sign|FullCall)$'}
INTERLEAVE=${BENCHCMP_INTERLEAVE:-1}
ITERATE=${BENCHCMP_ITERATE:-1}
MUTEX=${BENCHCMP_MUTEX:-1}
PACING=${BENCHCMP_PACING:-1}
BENCHSTAT_VERSION=${BENCHSTAT_VERSION:-v0.0.0-20260908200009-22c9c6c9d4da}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mod="$root/internal/benchcmp"
out=${BENCHCMP_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/benchcmp.XXXXXX")}
mkdir -p "$out"
out=$(cd "$out" && pwd)

section() { printf '\n==================== %s ====================\n' "$*"; }

section "machine"
go version
echo "nproc: $(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"
if [ -r /proc/cpuinfo ]; then
	grep -m1 'model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*: /cpu: /'
fi
echo "GOMAXPROCS: ${GOMAXPROCS:-default}"
uptime 2>/dev/null || true

section "build"
# -mod=mod lets the nested module pick up dependencies the main module
# (included through the replace directive) has gained since go.sum was
# last tidied.
(cd "$mod" && go test -mod=mod -c -o "$out/benchcmp.test" .)
(cd "$mod" && go build -mod=mod -o "$out/benchratio" ./cmd/benchratio)
# benchstat is built outside any module so the pinned version is used as is.
(cd "$out" && GOFLAGS= GOBIN="$out" go install "golang.org/x/perf/cmd/benchstat@$BENCHSTAT_VERSION")
benchstat="$out/benchstat"
echo "built into $out"

section "same work check"
# The compared implementations must produce the same signature and decode
# the same answer, or the comparison is meaningless.
(cd "$mod" && "$out/benchcmp.test" -test.run '^TestSame' -test.v) | grep -E '^(---|ok|FAIL|PASS)'

section "benchmarks (internal/benchcmp)"
: >"$out/bench.txt"
if [ "$INTERLEAVE" = 1 ]; then
	echo "equivalent of: go test -run '^\$' -bench '$BENCH' -benchmem -benchtime $BENCHTIME -count $COUNT, as $COUNT interleaved rounds of -count 1"
	for i in $(seq 1 "$COUNT"); do
		echo "round $i/$COUNT"
		(cd "$mod" && "$out/benchcmp.test" -test.run '^$' -test.bench "$BENCH" -test.benchmem \
			-test.benchtime "$BENCHTIME" -test.count 1) >>"$out/bench.txt"
	done
else
	echo "go test -run '^\$' -bench '$BENCH' -benchmem -benchtime $BENCHTIME -count $COUNT"
	(cd "$mod" && go test -mod=mod -run '^$' -bench "$BENCH" -benchmem -benchtime "$BENCHTIME" -count "$COUNT" .) >"$out/bench.txt"
fi
if grep -q -E '^(FAIL|--- FAIL|panic)' "$out/bench.txt"; then
	cat "$out/bench.txt"
	echo "benchmarks failed" >&2
	exit 1
fi

section "benchstat -col /impl (columns: ours, official, floor; deltas vs ours)"
"$benchstat" -col /impl "$out/bench.txt"

iter_args=()
if [ "$ITERATE" = 1 ]; then
	section "iteration memory"
	echo "main module: go test -run '^\$' -bench '^BenchmarkIterate\$' -benchmem -benchtime $BENCHTIME -count $COUNT (repo root)"
	if (cd "$root" && go test -run '^$' -bench '^BenchmarkIterate$' -benchmem -benchtime "$BENCHTIME" -count "$COUNT" .) >"$out/iterate.txt" 2>&1; then
		"$benchstat" -col /items "$out/iterate.txt"
		iter_args=(-iterate "$out/iterate.txt")
	else
		tail -20 "$out/iterate.txt"
		echo "warning: main module BenchmarkIterate failed; its iteration target is not evaluated" >&2
	fi
	echo
	echo "benchcmp: BenchmarkIterateHeap -benchtime 1x (live heap after forced GCs at fixed points of the walk)"
	(cd "$mod" && "$out/benchcmp.test" -test.run '^$' -test.bench '^BenchmarkIterateHeap$' -test.benchmem -test.benchtime 1x) |
		tee -a "$out/iterate.txt" | grep '^Benchmark'
	iter_args=(-iterate "$out/iterate.txt")
fi

pacing_args=()
if [ "$PACING" = 1 ]; then
	section "pacing (issue 16)"
	echo "main module: go test -run '^\$' -bench '^Benchmark(MonthEndExport|ConcurrentCallers)\$' -benchmem -benchtime 1x -count $COUNT (repo root)"
	if (cd "$root" && go test -run '^$' -bench '^Benchmark(MonthEndExport|ConcurrentCallers)$' -benchmem -benchtime 1x -count "$COUNT" .) >"$out/pacing.txt" 2>&1; then
		grep '^Benchmark' "$out/pacing.txt"
		pacing_args=(-pacing "$out/pacing.txt")
	else
		tail -20 "$out/pacing.txt"
		echo "warning: pacing benchmarks failed; their targets are not evaluated" >&2
	fi
fi

section "ratios and targets"
"$out/benchratio" -nproc "$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)" "${iter_args[@]}" "${pacing_args[@]}" "$out/bench.txt"

if [ "$MUTEX" = 1 ]; then
	section "mutex profile: full call, 32 goroutines sharing one client"
	# -mutexprofilefraction 1 records every contention event. Each
	# implementation makes the same number of calls, so the totals compare;
	# the floor (bare net/http) shows what net/http and the loopback server
	# contend on by themselves.
	calls=${BENCHCMP_MUTEX_CALLS:-20000}
	for impl in ours official floor; do
		(cd "$mod" && "$out/benchcmp.test" -test.run '^$' -test.bench "^BenchmarkFullCall\$/^mode=par32\$/^impl=$impl\$" \
			-test.benchmem -test.benchtime "${calls}x" -test.mutexprofile "$out/mutex-$impl.out" \
			-test.mutexprofilefraction 1) | grep '^Benchmark' || true
		go tool pprof -top "$out/benchcmp.test" "$out/mutex-$impl.out" 2>/dev/null |
			sed -n 's/^Showing nodes accounting for .* of \(.*\) total$/  total contention delay for '"$calls"' calls, impl='"$impl"': \1/p'
	done
	echo
	echo "--- impl=ours: release sites of the contended locks (callers of Mutex.Unlock; runtime.deferreturn here is"
	echo "    net/http.(*Transport).tryPutIdleConn in persistConn.readLoop, i.e. Transport.idleMu):"
	go tool pprof -peek 'sync.\(\*Mutex\).Unlock$' "$out/benchcmp.test" "$out/mutex-ours.out" 2>/dev/null |
		sed -n '/calls calls%/,$p' | grep '|'
	echo
	echo "--- impl=ours: top entries (cumulative):"
	go tool pprof -top -cum -nodecount 25 "$out/benchcmp.test" "$out/mutex-ours.out" 2>/dev/null | sed -n '/flat  flat%/,$p'
	echo
	echo "--- impl=ours: contention whose stack passes through partner-sdk-go's call path but not net/http:"
	ourpkgs='hcpartner/partner-sdk-go/(internal/transport|internal/paginate|auth|signer|billing)'
	own=$(go tool pprof -top -focus "$ourpkgs" -ignore 'net/http|runtime\.unlock' "$out/benchcmp.test" "$out/mutex-ours.out" 2>/dev/null |
		sed -n 's/^Showing nodes accounting for \(.*\) total$/\1/p')
	echo "  sync.Mutex/RWMutex held in our code or its libraries: ${own:-none (no sample)}"
	all=$(go tool pprof -top -focus "$ourpkgs" -ignore 'net/http' "$out/benchcmp.test" "$out/mutex-ours.out" 2>/dev/null |
		sed -n 's/^Showing nodes accounting for \(.*\) total$/\1/p')
	echo "  everything under our frames outside net/http, including runtime-internal locks (GC stop-the-world"
	echo "  reached from an allocation): ${all:-none (no sample)}"
fi

section "done"
echo "raw outputs and profiles: $out"
