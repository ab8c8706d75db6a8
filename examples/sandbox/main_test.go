package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/partner"
	"github.com/hcpartner/partner-sdk-go/partnertest"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, &out, &errOut, []string{"-seed", "5", "-customers", "50"}) }()

	re := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		t.Fatalf("no URL printed: %s %s", out.String(), errOut.String())
	}
	// The fake Huawei side of the Web UI mode is mounted next to the API.
	mdResp, err := http.Get(url + "/authui/saml/metadata.xml")
	if err != nil {
		t.Fatal(err)
	}
	md, _ := io.ReadAll(mdResp.Body)
	mdResp.Body.Close()
	if mdResp.StatusCode != http.StatusOK || !strings.Contains(string(md), "EntityDescriptor") {
		t.Fatalf("SP metadata: HTTP %d %.200s", mdResp.StatusCode, md)
	}
	creds, err := auth.NewAKSK(partnertest.DefaultAK, partnertest.DefaultSK)
	if err != nil {
		t.Fatal(err)
	}
	c, err := partnersdk.New(creds, partnersdk.WithEndpoint(url))
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Partner.ListPartnerBalances(ctx, &partner.ListPartnerBalancesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.AccountBalances) == 0 {
		t.Fatal("no balances")
	}
	for _, want := range []string{partnertest.DefaultAK, partnertest.DefaultSK, "HUAWEICLOUD_SDK_AK=", "PARTNER_SDK_ENDPOINT=" + url} {
		if !bytes.Contains([]byte(out.String()), []byte(want)) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancellation")
	}
}
