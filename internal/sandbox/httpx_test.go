package sandbox

import (
	"encoding/json"
	"testing"
)

func TestJSONEncoding(t *testing.T) {
	t.Parallel()
	o := newObj().
		set("s", "a\"b\\c\n\t\x01<&>é\xff").
		set("n", json.Number("12.30")).
		set("i", 7).
		set("b", true).
		set("list", []*obj{newObj().set("x", int64(-1))}).
		set("strs", []string{"p", "q"}).
		set("any", []any{nil, "z"}).
		set("nil", nil).
		set("other", map[string]int{"k": 1})
	o.set("i", 8)
	o.del("nil")
	b, err := marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"s":"a\"b\\c\n\t\u0001<&>é\ufffd","n":12.30,"i":8,"b":true,"list":[{"x":-1}],"strs":["p","q"],"any":[null,"z"],"other":{"k":1}}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	if !json.Valid(b) {
		t.Fatal("invalid JSON")
	}
}
