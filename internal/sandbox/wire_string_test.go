package sandbox

import "testing"

// Amounts the docs type as String (spec "wire": "string") are answered as
// JSON strings, as the real API sends them: clients that model them as
// strings (the official SDK) must decode the sandbox's answers.
func TestWireStringAmountsAreStrings(t *testing.T) {
	s, err := New(Config{Seed: 1, Customers: 5})
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := specTable()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for model, fields := range tbl.models {
		for i := range fields {
			f := &fields[i]
			if !f.WireString {
				continue
			}
			n++
			v := s.fillValue(f, f.Type, model+"."+f.Name, 0)
			if _, ok := v.(string); !ok {
				t.Errorf("%s.%s: answered as %T, want a JSON string", model, f.Name, v)
			}
		}
	}
	if n < 30 {
		t.Fatalf("only %d wire-string fields in the spec", n)
	}
}
