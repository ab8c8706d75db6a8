package spec

import "testing"

// The catalogue is well formed and names only operations of the spec.
func TestLoadErrors(t *testing.T) {
	files, err := Load(".")
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]bool{}
	for _, f := range files {
		if f.Group == "errors" {
			t.Fatal("Load read the error catalogue as an operation file")
		}
		for _, op := range f.Operations {
			ops[op.Name] = true
		}
	}
	cat, err := LoadErrors(".", ops)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"CBC.5003", "CBC.99005003", "CBC.99007461"} {
		if cat.Codes[code] == nil {
			t.Errorf("%s is not catalogued", code)
		}
	}
	if _, err := LoadErrors(".", map[string]bool{"Nothing": true}); err == nil {
		t.Error("an operation outside the spec was accepted")
	}
}
