package main

import (
	"fmt"
)

// generateFuzz writes one fuzz file per package: decoding arbitrary bytes
// into every response type (no panic; what decodes survives an encode and
// decode round trip, decimals included) and into every request type (no
// panic in Validate; a valid request stays valid after its own encoding).
func generateFuzz(f *File) ([]byte, error) {
	c, err := newPkgCtx(f)
	if err != nil {
		return nil, err
	}
	var w writer
	n := len(f.Operations)
	w.p("// FuzzResponses decodes arbitrary JSON into the response type chosen by")
	w.p("// which. Decoding must not panic, and a decoded value must encode and decode")
	w.p("// back to the same JSON (decimals are not mangled).")
	w.p("func FuzzResponses(f *testing.F) {")
	w.p("\tfor i, name := range fixtureNames {")
	w.p("\t\tfx := sdktest.LoadFixture(f, \"testdata/\"+name+\"_ok.json\")")
	w.p("\t\tf.Add(uint8(i), []byte(fx.Response.Body))")
	w.p("\t}")
	w.p("\tf.Fuzz(func(t *testing.T, which uint8, data []byte) {")
	w.p("\t\tswitch int(which) %% %d {", n)
	for i, op := range f.Operations {
		w.p("\t\tcase %d:", i)
		w.p("\t\t\tsdktest.RoundTrip[%s.%s](t, data)", f.Package, c.models[op.Response].goName)
	}
	w.p("\t\t}")
	w.p("\t})")
	w.p("}")
	w.p("")
	w.p("// FuzzRequests decodes arbitrary JSON into the request type chosen by which")
	w.p("// and validates it: Validate must not panic, and a valid request must stay")
	w.p("// valid after its body is encoded and decoded again.")
	w.p("func FuzzRequests(f *testing.F) {")
	w.p("\tfor i, name := range fixtureNames {")
	w.p("\t\tfx := sdktest.LoadFixture(f, \"testdata/\"+name+\"_ok.json\")")
	w.p("\t\tf.Add(uint8(i), []byte(fx.Request.Body))")
	w.p("\t}")
	w.p("\tf.Fuzz(func(t *testing.T, which uint8, data []byte) {")
	w.p("\t\tswitch int(which) %% %d {", n)
	for i, op := range f.Operations {
		w.p("\t\tcase %d:", i)
		w.p("\t\t\tsdktest.ValidateRoundTrip(t, data, func() sdktest.Validatable { return %s() })", "sample"+op.Name+"Request")
	}
	w.p("\t\t}")
	w.p("\t})")
	w.p("}")
	w.p("")
	w.p("var fixtureNames = [...]string{")
	for _, op := range f.Operations {
		w.p("\t%q,", snake(op.Name))
	}
	w.p("}")
	imports := map[string]bool{
		"testing":                        true,
		modulePath + "/" + f.Package:     true,
		modulePath + "/internal/sdktest": true,
	}
	src := fmt.Sprintf(header, f.Group) + "package " + f.Package + "_test\n\n" + importBlock(imports) + w.String()
	return gofmt("fuzz_test.go", src)
}
