package partnersdk_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/auth"
	"github.com/hcpartner/partner-sdk-go/internal/sdktest"
	"github.com/hcpartner/partner-sdk-go/internal/spec"
)

// TestEveryOperationIsReachable checks that each operation of the project's
// spec is a method reachable from the Client (or, for the IAM token
// operations, from auth.IAM), and that each paginated one has its iterator,
// so coverage cannot silently drop.
func TestEveryOperationIsReachable(t *testing.T) {
	creds, err := auth.NewAKSK(sdktest.AK, sdktest.SK)
	require.NoError(t, err)
	c, err := partnersdk.New(creds)
	require.NoError(t, err)
	services := map[string]reflect.Value{
		"partner":  reflect.ValueOf(c.Partner),
		"customer": reflect.ValueOf(c.Customer),
		"billing":  reflect.ValueOf(c.Billing),
		"coupon":   reflect.ValueOf(c.Coupon),
		"resource": reflect.ValueOf(c.Resource),
		"auth":     reflect.ValueOf(&auth.IAM{}),
	}
	files, err := spec.Load("internal/spec")
	require.NoError(t, err)
	counts := map[string]int{}
	total := 0
	for _, f := range files {
		svc, ok := services[f.Package]
		require.True(t, ok, "no service for package %s", f.Package)
		for _, op := range f.Operations {
			total++
			counts[f.Package]++
			m := svc.MethodByName(op.MethodName())
			require.True(t, m.IsValid(), "%s.%s is not reachable from the client", f.Package, op.Name)
			require.Equal(t, "Context", m.Type().In(0).Name(), "%s: context must come first", op.Name)
			p := op.Paginate
			if p != nil && p.Items != nil && *p.Items != "" && ((p.Offset != nil && *p.Offset != "") || (p.Page != nil && *p.Page != "")) {
				require.True(t, svc.MethodByName(op.MethodName()+"All").IsValid(), "%s has no iterator", op.Name)
			}
			require.False(t, strings.HasSuffix(op.Name, "All"))
		}
	}
	require.Equal(t, 139, total, "operations in the spec: %v", counts)
	t.Logf("operations per package: %v", counts)
}
