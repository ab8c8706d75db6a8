package reconcile_test

import (
	"os"
	"strings"
	"testing"

	"github.com/hcpartner/partner-sdk-go/internal/spec"
	"github.com/hcpartner/partner-sdk-go/reconcile"
)

// Every write of the spec is either reconcilable or named in the README's
// "When the outcome is unknown" section among those that are not; and the
// README names every reconcilable one too.
func TestEveryWriteIsCoveredOrListed(t *testing.T) {
	files, err := spec.Load("../internal/spec")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i := strings.Index(s, "### When the outcome is unknown")
	if i < 0 {
		t.Fatal("README has no section \"When the outcome is unknown\"")
	}
	section := s[i:]
	if j := strings.Index(section[4:], "\n### "); j >= 0 {
		section = section[:j+4]
	}
	supported := 0
	for _, f := range files {
		for _, op := range f.Operations {
			if op.Kind != "write" {
				continue
			}
			if reconcile.Supported(op.Name) {
				supported++
			}
			if !strings.Contains(section, op.Name) {
				t.Errorf("write %s (%s) is not named in the README section", op.Name, f.Group)
			}
		}
	}
	if supported != 8 {
		t.Errorf("%d writes reconcilable, want 8", supported)
	}
}
