package saml

import (
	"encoding/base64"
	"net/url"
	"strings"
)

// param is one form or query parameter as it arrived: raw keeps the original
// percent-encoding (signatures cover those bytes), value is the decoded text.
type param struct {
	raw     string
	value   string
	present bool
}

// parseParams splits an application/x-www-form-urlencoded string and returns
// the parameters named in keys, each with its raw and decoded value. Other
// parameters are ignored. A wanted key that appears twice is rejected: which
// copy a signature covers would be ambiguous.
func parseParams(s string, keys ...string) (map[string]param, error) {
	out := make(map[string]param, len(keys))
	for s != "" {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		if pair == "" {
			continue
		}
		rawKey, rawVal, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			continue // not one of ours: it cannot spell a wanted key
		}
		if !contains(keys, key) {
			continue
		}
		if out[key].present {
			return nil, newError(ErrMalformed, "parameter "+key+" appears more than once")
		}
		val, err := url.QueryUnescape(rawVal)
		if err != nil {
			return nil, newError(ErrMalformed, "parameter "+key+" is not valid percent-encoding")
		}
		out[key] = param{raw: rawVal, value: val, present: true}
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// decodeBase64 decodes standard base64 leniently: ASCII white space is
// dropped (some encoders wrap lines), a space that a careless form decoder
// made out of '+' is turned back, and missing padding is accepted. It returns
// the cleaned text too, because that is what a sender signed.
func decodeBase64(s string, maxDecoded int) (clean string, data []byte, err error) {
	if base64.StdEncoding.DecodedLen(len(s)) > maxDecoded+3 {
		return "", nil, newError(ErrTooLarge, "base64 value too long")
	}
	clean = strings.Map(func(r rune) rune {
		switch r {
		case ' ':
			return '+'
		case '\t', '\r', '\n':
			return -1
		}
		return r
	}, s)
	enc := base64.StdEncoding
	if len(clean)%4 != 0 {
		enc = base64.RawStdEncoding
	}
	data, err = enc.DecodeString(clean)
	if err != nil {
		return "", nil, newError(ErrMalformed, "value is not valid base64")
	}
	if len(data) > maxDecoded {
		return "", nil, newError(ErrTooLarge, "decoded value too long")
	}
	return clean, data, nil
}
