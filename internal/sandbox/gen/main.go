// Command gen writes internal/sandbox/zz_routes.go, the sandbox's table of
// operations and models, from the spec files in internal/spec. It runs
// through go generate in internal/sandbox:
//
//	go generate ./internal/sandbox
//
// With -check it writes nothing and fails when the file on disk differs.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/hcpartner/partner-sdk-go/internal/sandbox/internal/routegen"
)

func main() {
	spec := flag.String("spec", "../spec", "directory of the spec JSON files")
	out := flag.String("out", routegen.Output, "file to write")
	check := flag.Bool("check", false, "report a difference instead of writing")
	flag.Parse()
	src, err := routegen.Generate(*spec)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if *check {
		old, err := os.ReadFile(*out)
		if err != nil || !bytes.Equal(old, src) {
			fmt.Fprintf(os.Stderr, "gen: %s is out of date; run go generate ./internal/sandbox\n", *out)
			os.Exit(1)
		}
		return
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
