package sandbox

import (
	"testing"

	"github.com/hcpartner/partner-sdk-go/internal/spec"
)

// BenchmarkBuildTable measures what the first sandbox of a process pays
// once: parsing the embedded spec and building the route and limit table.
func BenchmarkBuildTable(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		files, err := spec.Embedded()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := buildTable(files); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBuildTableRefusesABrokenRange(t *testing.T) {
	lo := int64(1)
	_, err := buildTable([]*spec.File{{Group: "x", Models: map[string]*spec.Model{
		"M": {Fields: []*spec.Field{{Name: "n", Type: "int32", Range: []*int64{&lo}}}},
	}}})
	if err == nil {
		t.Fatal("a range with one bound must be refused")
	}
}
