package partnersdk

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The Redis client is for programs that run several instances and import
// package redisstore; it must not reach the root package, the services or
// the auth packages, which every user links.
func TestCoreDoesNotLinkRedis(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	const mod = "github.com/hcpartner/partner-sdk-go"
	pkgs := []string{mod, mod + "/partner", mod + "/customer", mod + "/billing", mod + "/coupon", mod + "/resource",
		mod + "/auth", mod + "/auth/saml", mod + "/signer"}
	out, err := exec.Command(goTool, append([]string{"list", "-deps"}, pkgs...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 20 {
		t.Fatalf("go list returned only %d packages: %s", len(deps), out)
	}
	for _, d := range deps {
		if strings.Contains(d, "redis") {
			t.Errorf("%s is linked into the core packages", d)
		}
	}
	// The check itself sees Redis where it is imported.
	out, err = exec.Command(goTool, "list", "-deps", mod+"/redisstore").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "github.com/redis/go-redis/v9") {
		t.Fatalf("go list -deps redisstore does not show go-redis: %v\n%s", err, out)
	}
}
