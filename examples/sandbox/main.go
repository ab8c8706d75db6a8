// Command sandbox serves the local sandbox of the partner API until
// interrupted, and prints how to reach it.
//
//	go run ./examples/sandbox -addr 127.0.0.1:8080
//
// The sandbox speaks the API's paths, JSON and errors, verifies
// SDK-HMAC-SHA256 signatures, issues IAM tokens (password and
// assume_role) on POST /v3/auth/tokens, and keeps a seeded, in-memory
// world of customers, balances, coupons, orders, resources and bills.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/auth/saml/samltest"
	"github.com/hcpartner/partner-sdk-go/examples/internal/exenv"
	"github.com/hcpartner/partner-sdk-go/partnertest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stdout, os.Stderr, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "sandbox:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done.
func run(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on (port 0: a free port)")
	seed := fs.Int64("seed", 1, "seed of the generated world")
	ak := fs.String("ak", partnertest.DefaultAK, "access key the sandbox accepts")
	sk := fs.String("sk", partnertest.DefaultSK, "secret key the sandbox accepts")
	customers := fs.Int("customers", exenv.SandboxCustomers, "number of seeded sub-customers")
	verbose := fs.Bool("v", false, "log every request on stderr")
	site := fs.String("site", "", "answer only the operations of one site: cn, intl or eu (default: all)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts := []partnertest.Option{partnertest.WithSeed(*seed), partnertest.WithKeyPair(*ak, *sk), partnertest.WithCustomers(*customers)}
	if *site != "" {
		st, err := partnersdk.ParseSite(*site)
		if err != nil {
			return err
		}
		opts = append(opts, partnertest.WithSite(st))
	}
	if *verbose {
		opts = append(opts, partnertest.WithLogger(slog.New(slog.NewTextHandler(stderr, nil))))
	}
	s, err := partnertest.Start(*addr, opts...)
	if err != nil {
		return err
	}
	url := s.URL
	// The Huawei side of the Web UI mode (SAML login and the binding
	// notification), for trying a partner platform's endpoints locally.
	huawei, err := samltest.New(samltest.Config{BaseURL: url})
	if err != nil {
		s.Close()
		return err
	}
	s.Mount("/authui/saml/", huawei)
	info := s
	fmt.Fprintf(stdout, "Partner API sandbox listening on %s\n", url)
	fmt.Fprintf(stdout, "  access key (AK):  %s\n", info.AK)
	fmt.Fprintf(stdout, "  secret key (SK):  %s\n", info.SK)
	fmt.Fprintf(stdout, "  partner account:  %s (domain id %s)\n", info.DomainName, info.DomainID)
	fmt.Fprintf(stdout, "  IAM user:         %s / %s (POST %s/v3/auth/tokens)\n", info.UserName, info.Password, url)
	fmt.Fprintf(stdout, "  agency:           %s (assume_role into any sub-customer)\n", info.AgencyName)
	fmt.Fprintf(stdout, "  xaccount_type:    %s\n", info.XAccountType)
	fmt.Fprintf(stdout, "  Web UI mode:      fake Huawei SAML side at %s/authui/saml/ (SP metadata: %s/authui/saml/metadata.xml)\n", url, url)
	fmt.Fprintf(stdout, "  seed %d, data dated around %s\n", *seed, info.BaseDate.Format("2006-01-02"))
	fmt.Fprintln(stdout, "Run the examples against it:")
	fmt.Fprintf(stdout, "  export %s=%s %s=%s %s=%s \\\n", auth.EnvAccessKey, info.AK, auth.EnvSecretKey, info.SK, auth.EnvDomainID, info.DomainID)
	fmt.Fprintf(stdout, "         %s=%s %s=%s %s=%s\n", exenv.EnvEndpoint, url, exenv.EnvXAccountType, info.XAccountType, exenv.EnvAgency, info.AgencyName)
	if *site != "" {
		fmt.Fprintf(stdout, "  export %s=%s   # the sandbox answers the %s site's operations only\n", exenv.EnvSite, *site, *site)
	}
	fmt.Fprintln(stdout, "  go run ./examples/quickstart -commit")
	fmt.Fprintln(stdout, "Press Ctrl+C to stop.")
	<-ctx.Done()
	fmt.Fprintln(stdout, "Stopping.")
	s.Close()
	return nil
}
