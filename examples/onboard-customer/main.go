// Command onboard-customer registers a new sub-customer and submits its
// real-name authentication, the partner's onboarding task:
//
//	go run ./examples/onboard-customer -name acme-robotics-01 \
//	    -corp "Acme Robotics Co., Ltd." -number 91110000MA00000000 -files licence/acme.jpg
//
// It checks that the account name is free, creates the customer, submits
// the enterprise (or, with -personal, personal) application, reads the
// review result and shows the customer as ListSubCustomers lists it.
// Against the real endpoint (HUAWEICLOUD_SDK_AK/SK set) the creating steps
// run only with -commit.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/examples/internal/exenv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Stderr, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "onboard-customer:", err)
		os.Exit(1)
	}
}

type options struct {
	name, xaccountID, xaccountType string
	personal                       bool
	realName, number               string
	files                          []string
	wait                           time.Duration
	commit                         bool
}

func parseFlags(stderr io.Writer, args []string) (*options, error) {
	fs := flag.NewFlagSet("onboard-customer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &options{}
	fs.StringVar(&o.name, "name", "", "Huawei Cloud account name to create (default: a generated newcust-NNNNNN)")
	fs.StringVar(&o.xaccountID, "xaccount-id", "", "the customer's user ID on your platform (default: the account name)")
	fs.StringVar(&o.xaccountType, "xaccount-type", "", "platform identifier Huawei assigned to you (default: "+exenv.EnvXAccountType+", or the sandbox's)")
	fs.BoolVar(&o.personal, "personal", false, "authenticate a person (by identity document) instead of an enterprise")
	fs.StringVar(&o.realName, "corp", "Example Robotics Co., Ltd.", "company name, or the person's name with -personal")
	fs.StringVar(&o.number, "number", "91110000MA01234567", "registration number of the company, or passport number with -personal")
	files := fs.String("files", "kyc/business-licence.jpg", "comma-separated attachment paths in your OBS bucket's download directory")
	fs.DurationVar(&o.wait, "wait", 0, "poll the review result this long when it needs manual review")
	fs.BoolVar(&o.commit, "commit", false, "against a real endpoint: really create the customer")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	for _, f := range strings.Split(*files, ",") {
		if f = strings.TrimSpace(f); f != "" {
			o.files = append(o.files, f)
		}
	}
	if len(o.files) == 0 {
		return nil, errors.New("-files: at least one attachment is required")
	}
	if o.name == "" {
		o.name = fmt.Sprintf("newcust-%06d", time.Now().UnixNano()/1000%1_000_000)
	}
	if o.xaccountID == "" {
		o.xaccountID = o.name
	}
	return o, nil
}

func run(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	o, err := parseFlags(stderr, args)
	if err != nil {
		return err
	}
	env, err := exenv.Setup(ctx, exenv.Options{Log: stdout, SandboxSeed: 1})
	if err != nil {
		return err
	}
	defer env.Close()
	c := env.Client
	if o.xaccountType == "" {
		o.xaccountType = env.XAccountType
	}
	if o.xaccountType == "" {
		return errors.New("no platform identifier: pass -xaccount-type or set " + exenv.EnvXAccountType)
	}

	// 1. Is the name free?
	check, err := c.Customer.CheckUserIdentity(ctx, &customer.CheckUserIdentityRequest{
		SearchType: customer.IdentitySearchTypeName, SearchValue: o.name,
	})
	if err != nil {
		return fmt.Errorf("check account name: %w", err)
	}
	if check.CheckResult != customer.IdentityCheckResultAvailable {
		return fmt.Errorf("the account name %q is taken (%s); choose another -name", o.name, check.CheckResult)
	}
	fmt.Fprintf(stdout, "1. Account name %q is available.\n", o.name)
	if !env.IsSandbox() && !o.commit {
		fmt.Fprintln(stdout, "   Stopping here: pass -commit to create a real customer.")
		return nil
	}

	// 2. Create the customer.
	created, err := c.Customer.CreateSubCustomer(ctx, &customer.CreateSubCustomerRequest{
		DomainName: partnersdk.String(o.name), XAccountID: o.xaccountID, XAccountType: o.xaccountType,
	})
	if err != nil {
		return fmt.Errorf("create customer: %w", err)
	}
	id := created.DomainID
	fmt.Fprintf(stdout, "2. Created customer %s with account ID %s.\n", created.DomainName, id)

	// 3. Submit the real-name authentication.
	var review customer.ManualReview
	if o.personal {
		res, err := c.Customer.CreatePersonalRealnameAuth(ctx, &customer.CreatePersonalRealnameAuthRequest{
			CustomerID: id, IdentifyType: partnersdk.Ptr(customer.PersonalIdentifyTypeCertificate),
			VerifiedType: partnersdk.Ptr(customer.PersonalCertificateTypePassport), VerifiedFileURL: o.files,
			Name: o.realName, VerifiedNumber: o.number, XAccountType: o.xaccountType,
		})
		if err != nil {
			return fmt.Errorf("personal real-name authentication: %w", err)
		}
		review = res.IsReview
	} else {
		res, err := c.Customer.CreateEnterpriseRealnameAuthentication(ctx, &customer.CreateEnterpriseRealnameAuthenticationRequest{
			CustomerID: id, IdentifyType: partnersdk.Ptr(customer.EnterpriseIdentifyTypeCertificateScan),
			VerifiedFileURL: o.files, CorpName: o.realName, VerifiedNumber: o.number, XAccountType: o.xaccountType,
		})
		if err != nil {
			return fmt.Errorf("enterprise real-name authentication: %w", err)
		}
		review = res.IsReview
	}
	if review == customer.ManualReviewRequired {
		fmt.Fprintf(stdout, "3. Real-name application for %q submitted; it needs manual review.\n", o.realName)
	} else {
		fmt.Fprintf(stdout, "3. Real-name application for %q submitted; no manual review needed.\n", o.realName)
	}

	// 4. Review result (polled for up to -wait).
	deadline := time.Now().Add(o.wait)
	for {
		res, err := c.Customer.ShowRealnameAuthenticationReviewResult(ctx, &customer.ShowRealnameAuthenticationReviewResultRequest{CustomerID: id})
		if err != nil {
			return fmt.Errorf("review result: %w", err)
		}
		if res.ReviewResult != customer.RealnameReviewResultPending || !time.Now().Before(deadline) {
			fmt.Fprintf(stdout, "4. Review result: %s%s\n", reviewText(res.ReviewResult), opinion(res.Opinion))
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Second):
		}
	}

	// 5. The customer as the partner now lists it.
	list, err := c.Customer.ListSubCustomers(ctx, &customer.ListSubCustomersRequest{CustomerID: partnersdk.String(id)})
	if err != nil {
		return fmt.Errorf("list customer: %w", err)
	}
	for _, ci := range list.CustomerInfos {
		fmt.Fprintf(stdout, "5. Listed: %s  %s  associated %s  real-name status %s  platform user %s\n",
			ci.CustomerID, ci.AccountName, ci.AssociatedOn, ci.VerifiedStatus, ci.XAccountID)
	}
	return nil
}

func reviewText(r customer.RealnameReviewResult) string {
	switch r {
	case customer.RealnameReviewResultApproved:
		return "approved"
	case customer.RealnameReviewResultRejected:
		return "rejected"
	}
	return "under review"
}

func opinion(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}
