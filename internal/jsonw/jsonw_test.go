package jsonw

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func stdEncode(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(v))
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

func TestStringsMatchEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", "张三的账号<&>", "q\"b\\s", "\x00\x01\x1f\n\r\t\b\f", "\u2028\u2029", "bad\xffutf8", "emoji 🙂"} {
		require.Equal(t, stdEncode(t, s), string(appendString(nil, s)), "%q", s)
	}
}

func FuzzStringMatchesEncodingJSON(f *testing.F) {
	f.Add("a<b>&\"c\"\\\u2028\xff")
	f.Fuzz(func(t *testing.T, s string) {
		require.Equal(t, stdEncode(t, s), string(appendString(nil, s)))
	})
}

func TestWriterObject(t *testing.T) {
	w := New(0)
	w.BeginObject()
	w.String("a", "x")
	w.Money("m", decimal.RequireFromString("8076.00"))
	w.Money("n", decimal.RequireFromString("3700.10"))
	w.Int("i", 0)
	w.Bool("b", false)
	w.Strings("s", []string{})
	w.Key("o")
	w.BeginArray()
	w.BeginObject()
	w.Ints32("k", []int32{1, 2})
	w.EndObject()
	w.BeginObject()
	w.EndObject()
	w.EndArray()
	w.Key("z")
	w.NullValue()
	w.EndObject()
	require.Equal(t, `{"a":"x","m":"8076","n":"3700.1","i":0,"b":false,"s":[],"o":[{"k":[1,2]},{}],"z":null}`, string(w.Bytes()))
	require.True(t, json.Valid(w.Bytes()))
}
