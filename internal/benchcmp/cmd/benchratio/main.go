// Command benchratio reads `go test -bench` output of the benchcmp
// benchmarks and prints the ratios ours/official and ours/floor (time,
// allocations and bytes per op), the 32-goroutine speedups, and whether the
// targets of issue 6 are met.
//
// Usage:
//
//	benchratio [-iterate iterate.txt] [-pacing pacing.txt] bench.txt
//
// bench.txt holds one or more runs of the benchcmp benchmarks (names ending
// in /impl=ours, /impl=official, /impl=floor). Each ratio is the ratio of
// the medians; the range after it is the smallest and largest ratio of the
// i-th sample of one side to the i-th sample of the other (so with
// interleaved rounds, the ratio within each round). iterate.txt, if given,
// holds runs of the main module's BenchmarkIterate, whose
// live-heap-bytes metric gives the O(page) memory ratio, and
// optionally of benchcmp's BenchmarkIterateHeap (live-heap-bytes).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

// set holds the samples of one input: name -> unit -> values in order.
type set struct {
	s     map[string]map[string][]float64
	order []string
}

var procSuffix = regexp.MustCompile(`-\d+$`)

func parse(r io.Reader) (*set, error) {
	st := &set{s: map[string]map[string][]float64{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.ParseInt(f[1], 10, 64); err != nil {
			continue
		}
		name := procSuffix.ReplaceAllString(f[0], "")
		m := st.s[name]
		if m == nil {
			m = map[string][]float64{}
			st.s[name] = m
			st.order = append(st.order, name)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			m[f[i+1]] = append(m[f[i+1]], v)
		}
	}
	return st, sc.Err()
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	c := append([]float64(nil), v...)
	sort.Float64s(c)
	if n := len(c); n%2 == 1 {
		return c[n/2]
	} else {
		return (c[n/2-1] + c[n/2]) / 2
	}
}

// ratio is median(a)/median(b) with the range of paired ratios a[i]/b[i].
type ratio struct {
	mid, lo, hi float64
	ok          bool
}

func ratioOf(a, b []float64) ratio {
	if len(a) == 0 || len(b) == 0 {
		return ratio{}
	}
	r := ratio{mid: median(a) / median(b), lo: math.Inf(1), hi: math.Inf(-1), ok: true}
	if len(a) == len(b) {
		for i := range a {
			q := a[i] / b[i]
			r.lo, r.hi = math.Min(r.lo, q), math.Max(r.hi, q)
		}
	} else {
		r.lo, r.hi = math.NaN(), math.NaN()
	}
	return r
}

func (r ratio) String() string {
	if !r.ok {
		return "n/a"
	}
	if math.IsNaN(r.lo) || math.IsInf(r.lo, 0) {
		return fmt.Sprintf("%.3fx", r.mid)
	}
	return fmt.Sprintf("%.3fx [%.3f..%.3f]", r.mid, r.lo, r.hi)
}

func (st *set) get(name, unit string) []float64 { return st.s[name][unit] }

// verdict formats a target check.
func verdict(ok bool, known bool) string {
	switch {
	case !known:
		return "NO DATA"
	case ok:
		return "MET"
	default:
		return "MISSED"
	}
}

type target struct {
	what, goal, got, verdict string
}

func main() {
	iterFile := flag.String("iterate", "", "file with the main module's BenchmarkIterate output (optional)")
	pacingFile := flag.String("pacing", "", "file with the main module's BenchmarkMonthEndExport and BenchmarkConcurrentCallers output (optional)")
	nproc := flag.Int("nproc", runtime.NumCPU(), "number of cores, for the concurrency section")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: benchratio [-iterate iterate.txt] bench.txt")
		os.Exit(2)
	}
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	st, err := parse(f)
	f.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	var targets []target
	units := []struct{ unit, label string }{{"ns/op", "time"}, {"cpu-ns/op", "cpu"}, {"allocs/op", "allocs"}, {"B/op", "bytes"}}

	// Every group of implementations: the name without its impl= level.
	fmt.Println("== Ratios: ratio of medians [min..max of per-round ratios] ==")
	var groups []string
	seen := map[string]bool{}
	for _, n := range st.order {
		i := strings.LastIndex(n, "/impl=")
		if i < 0 {
			continue
		}
		g := n[:i]
		if !seen[g] {
			seen[g] = true
			groups = append(groups, g)
		}
	}
	for _, g := range groups {
		ours := g + "/impl=ours"
		if st.s[ours] == nil {
			continue
		}
		fmt.Printf("\n%s  (n=%d)\n", g, len(st.get(ours, "ns/op")))
		for _, other := range []string{"official", "floor"} {
			on := g + "/impl=" + other
			if st.s[on] == nil {
				continue
			}
			for _, u := range units {
				if st.get(ours, u.unit) == nil {
					continue
				}
				r := ratioOf(st.get(ours, u.unit), st.get(on, u.unit))
				fmt.Printf("  ours/%-8s %-6s %-26s (ours %s, %s %s %s)\n", other, u.label, r,
					human(median(st.get(ours, u.unit))), other, human(median(st.get(on, u.unit))), u.unit)
			}
		}
	}

	// Signer targets.
	for _, op := range []string{"POST", "GET"} {
		g := "BenchmarkSign/op=" + op
		t := ratioOf(st.get(g+"/impl=ours", "ns/op"), st.get(g+"/impl=official", "ns/op"))
		c := ratioOf(st.get(g+"/impl=ours", "cpu-ns/op"), st.get(g+"/impl=official", "cpu-ns/op"))
		a := ratioOf(st.get(g+"/impl=ours", "allocs/op"), st.get(g+"/impl=official", "allocs/op"))
		fl := ratioOf(st.get(g+"/impl=ours", "ns/op"), st.get(g+"/impl=floor", "ns/op"))
		cfl := ratioOf(st.get(g+"/impl=ours", "cpu-ns/op"), st.get(g+"/impl=floor", "cpu-ns/op"))
		speed := "n/a"
		if t.ok {
			speed = fmt.Sprintf("%.2fx faster (ours/official %s)", 1/t.mid, t)
		}
		cspeed := "n/a"
		if c.ok {
			cspeed = fmt.Sprintf("%.2fx less CPU (ours/official %s)", 1/c.mid, c)
		}
		targets = append(targets,
			target{"Signer " + op + " time", ">= 3x faster than official (ours/official <= 0.333)", speed, verdict(t.mid <= 1.0/3, t.ok)},
			target{"Signer " + op + " cpu (aux)", "same, on cpu-ns/op", cspeed, verdict(c.mid <= 1.0/3, c.ok)},
			target{"Signer " + op + " allocs", "<= 1/3 of official's allocs/op", fmt.Sprintf("ours/official %s", a), verdict(a.mid <= 1.0/3, a.ok)},
			target{"Signer " + op + " vs hashing floor", "ours/floor time <= 1.5 (2 SHA-256 + 1 HMAC)", fl.String(), verdict(fl.mid <= 1.5, fl.ok)},
			target{"Signer " + op + " vs hashing floor cpu (aux)", "same, on cpu-ns/op", cfl.String(), verdict(cfl.mid <= 1.5, cfl.ok)})
	}

	// Full call targets.
	for _, mode := range []string{"seq", "par32"} {
		g := "BenchmarkFullCall/mode=" + mode
		fl := ratioOf(st.get(g+"/impl=ours", "ns/op"), st.get(g+"/impl=floor", "ns/op"))
		of := ratioOf(st.get(g+"/impl=ours", "ns/op"), st.get(g+"/impl=official", "ns/op"))
		cfl := ratioOf(st.get(g+"/impl=ours", "cpu-ns/op"), st.get(g+"/impl=floor", "cpu-ns/op"))
		cof := ratioOf(st.get(g+"/impl=ours", "cpu-ns/op"), st.get(g+"/impl=official", "cpu-ns/op"))
		targets = append(targets,
			target{"Full call " + mode + " vs floor", "ours/floor time <= 1.1 (issue 16; was 1.3)", fl.String(), verdict(fl.mid <= 1.1, fl.ok)},
			target{"Full call " + mode + " vs floor cpu (aux)", "same, on cpu-ns/op", cfl.String(), verdict(cfl.mid <= 1.1, cfl.ok)},
			target{"Full call " + mode + " vs official", "ours/official time < 1", of.String(), verdict(of.mid < 1, of.ok)},
			target{"Full call " + mode + " vs official cpu (aux)", "same, on cpu-ns/op", cof.String(), verdict(cof.mid < 1, cof.ok)})
	}

	// Concurrency: speedup of 32 goroutines over one, per implementation.
	fmt.Printf("\n== Concurrency: speedup = seq ns/op / par32 ns/op (nproc %d; client and loopback server share the cores) ==\n", *nproc)
	speed := map[string]ratio{}
	for _, impl := range []string{"ours", "official", "floor"} {
		r := ratioOf(st.get("BenchmarkFullCall/mode=seq/impl="+impl, "ns/op"), st.get("BenchmarkFullCall/mode=par32/impl="+impl, "ns/op"))
		speed[impl] = r
		fmt.Printf("  %-8s %s\n", impl, r)
	}
	if so, sf := speed["ours"], speed["floor"]; so.ok && sf.ok {
		rel := so.mid / sf.mid
		fmt.Printf("  ours speedup / floor speedup = %.3f\n", rel)
		targets = append(targets, target{"Concurrency (32 goroutines)",
			"speedup scales like the lock-free floor's (ours/floor speedup >= 0.9)",
			fmt.Sprintf("ours %.2fx, floor %.2fx, ratio %.2f", so.mid, sf.mid, rel), verdict(rel >= 0.9, true)})
	} else {
		targets = append(targets, target{"Concurrency (32 goroutines)", "speedup like the floor's", "n/a", verdict(false, false)})
	}

	// Iteration memory, from the main module's BenchmarkIterate.
	if *iterFile != "" {
		fmt.Println("\n== Iteration (main module BenchmarkIterate): peak live heap ==")
		it := &set{s: map[string]map[string][]float64{}}
		if f, err := os.Open(*iterFile); err == nil {
			it, err = parse(f)
			f.Close()
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
			}
		}
		small := it.get("BenchmarkIterate/items=10000", "live-heap-bytes")
		big := it.get("BenchmarkIterate/items=100000", "live-heap-bytes")
		r := ratioOf(big, small)
		fmt.Printf("  main module BenchmarkIterate, largest live heap after forced GCs during the walk:\n")
		fmt.Printf("    items=10000   %s B (n=%d)\n    items=100000  %s B (n=%d)\n    100k/10k      %s\n",
			human(median(small)), len(small), human(median(big)), len(big), r)
		targets = append(targets, target{"Iteration O(page) memory", "peak heap 100k items <= 1.2x of 10k items", r.String(), verdict(r.mid <= 1.2, r.ok)})
		xs := it.get("BenchmarkIterateHeap/items=10000", "live-heap-bytes")
		xb := it.get("BenchmarkIterateHeap/items=100000", "live-heap-bytes")
		if xs != nil || xb != nil {
			x := ratioOf(xb, xs)
			fmt.Printf("  benchcmp BenchmarkIterateHeap, live heap after a forced GC at fixed points of the walk:\n")
			fmt.Printf("    items=10000   %s B (n=%d)\n    items=100000  %s B (n=%d)\n    100k/10k      %s\n",
				human(median(xs)), len(xs), human(median(xb)), len(xb), x)
			targets = append(targets, target{"Iteration O(page) memory (aux)", "same, live heap after forced GC", x.String(), verdict(x.mid <= 1.2, x.ok)})
		}
	}

	if *pacingFile != "" {
		targets = append(targets, pacingTargets(*pacingFile)...)
	}

	fmt.Println("\n== Targets (issues 6 and 16; rows marked (aux) apply the same goal to cpu-ns/op, the process CPU time per op, which a shared machine disturbs less than wall time) ==")
	for _, t := range targets {
		fmt.Printf("  %-7s %-38s goal: %-55s got: %s\n", t.verdict, t.what, t.goal, t.got)
	}
}

func human(v float64) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case v >= 1e6:
		return fmt.Sprintf("%.3fM", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%.1fk", v/1e3)
	default:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
}

// pacingTargets reads the main module's pacing benchmarks (issue 16): the
// month-end export against the time-scaled enforcing sandbox and concurrent
// callers of one operation.
func pacingTargets(path string) []target {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return []target{{"Pacing", "benchmarks of the main module", "n/a", verdict(false, false)}}
	}
	st, err := parse(f)
	f.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	fmt.Println("\n== Pacing (main module, sandbox enforcing the documented flow control, time-scaled) ==")
	var out []target
	var sum429 float64
	var seen429 bool
	for _, n := range []string{"20", "80"} {
		g := "BenchmarkMonthEndExport/customers=" + n
		r := st.get(g+"/mode=ratio", "ceiling-ratio")
		reqs := st.get(g+"/mode=ratio", "reqs/op")
		heap := st.get(g+"/mode=heap", "live-B/page")
		fmt.Printf("  customers=%-3s ceiling-ratio %.3f (n=%d, min %.3f), %s requests, live heap %s B per page in flight\n",
			n, median(r), len(r), minOf(r), human(median(reqs)), human(median(heap)))
		out = append(out, target{"Month-end export " + n + " customers", "wall time at >= 0.95 of the flow-control ceiling",
			fmt.Sprintf("%.3f (min %.3f)", median(r), minOf(r)), verdict(median(r) >= 0.95, len(r) > 0)})
		for _, m := range []string{"ratio", "heap"} {
			for _, v := range st.get(g+"/mode="+m, "429/op") {
				sum429 += v
				seen429 = true
			}
		}
	}
	hs, hb := st.get("BenchmarkMonthEndExport/customers=20/mode=heap", "live-B/page"), st.get("BenchmarkMonthEndExport/customers=80/mode=heap", "live-B/page")
	hr := ratioOf(hb, hs)
	out = append(out,
		target{"Month-end export 429s", "0 rejections by the server", fmt.Sprintf("%.0f", sum429), verdict(sum429 == 0, seen429)},
		target{"Month-end export memory", "live heap per page in flight, 80 vs 20 customers <= 1.5x (bounded by concurrency x page, not N)", hr.String(), verdict(hr.mid <= 1.5, hr.ok)})
	rr := st.get("BenchmarkConcurrentCallers", "rate-ratio")
	mw := st.get("BenchmarkConcurrentCallers", "max/window")
	c429 := st.get("BenchmarkConcurrentCallers", "429/op")
	fmt.Printf("  concurrent callers (60 goroutines, CheckUserIdentity 5/s): rate-ratio %.3f, max per window %.0f, 429s %.0f\n", median(rr), maxOf(mw), maxOf(c429))
	out = append(out,
		target{"Concurrent callers: rate reached", ">= 0.9 of the documented rate", fmt.Sprintf("%.3f (min %.3f)", median(rr), minOf(rr)), verdict(median(rr) >= 0.9, len(rr) > 0)},
		target{"Concurrent callers: any one-second window", "<= the documented rate (5), 0 rejections", fmt.Sprintf("max %.0f per window, %.0f rejections", maxOf(mw), maxOf(c429)), verdict(maxOf(mw) <= 5 && maxOf(c429) == 0, len(mw) > 0)})
	return out
}

func minOf(v []float64) float64 {
	m := math.NaN()
	for _, x := range v {
		if math.IsNaN(m) || x < m {
			m = x
		}
	}
	return m
}

func maxOf(v []float64) float64 {
	m := math.NaN()
	for _, x := range v {
		if math.IsNaN(m) || x > m {
			m = x
		}
	}
	return m
}
