package auth

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"unicode/utf8"
)

// redacted replaces a secret wherever something would otherwise print it.
const redacted = "[REDACTED]"

// Secret is a string that must not be printed: a password or a token.
//
// fmt verbs (%v, %+v, %#v, %s, %q), String, log/slog and encoding/json show
// "[REDACTED]" for a non-empty Secret and "" for an empty one, so a Secret
// inside a struct that is printed, logged or encoded stays hidden. Code that
// must send the value (the IAM client) copies it out with Reveal.
//
// Reveal (or a plain string conversion) returns the value.
type Secret string

// Reveal returns the secret value. Call it only where the value is needed,
// never to build a log line or an error message.
func (s Secret) Reveal() string { return string(s) }

// String returns "[REDACTED]", or "" for an empty Secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString returns the Go syntax of a redacted Secret, for %#v.
func (s Secret) GoString() string {
	return "auth.Secret(" + quote(s.String()) + ")"
}

// Format keeps every fmt verb from printing the value.
func (s Secret) Format(f fmt.State, verb rune) {
	formatSafe(f, verb, s.String(), s.GoString())
}

// LogValue makes log/slog print "[REDACTED]" instead of the value.
func (s Secret) LogValue() slog.Value {
	return slog.StringValue(s.String())
}

// sealed holds a secret inside the private state of a credentials value.
// It is always referenced through a pointer: fmt prints a nested pointer as
// an address, so even a dump of the private state (which fmt can produce for
// a dereferenced copy printed with a verb such as %s) never shows the value.
type sealed struct{ v string }

func seal(s string) *sealed {
	if s == "" {
		return nil
	}
	return &sealed{v: s}
}

// reveal returns the secret, or "" for nil.
func (s *sealed) reveal() string {
	if s == nil {
		return ""
	}
	return s.v
}

// MarshalJSON encodes the redacted form, never the value.
func (s Secret) MarshalJSON() ([]byte, error) {
	return []byte(quote(s.String())), nil
}

// formatSafe implements fmt.Formatter for the types of this package that
// hold secrets: %v, %+v and %s print the String form, %#v the GoString form
// and %q the quoted String form. Other verbs print the String form inside
// fmt's usual %!verb(...) marker. Nothing else about the value is consulted.
func formatSafe(f fmt.State, verb rune, str, goStr string) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			_, _ = io.WriteString(f, goStr)
			return
		}
		_, _ = io.WriteString(f, str)
	case 's':
		_, _ = io.WriteString(f, str)
	case 'q':
		_, _ = io.WriteString(f, quote(str))
	default:
		_, _ = io.WriteString(f, "%!"+string(verb)+"("+str+")")
	}
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// maskAK shows the first four characters of an access key ID followed by
// asterisks, enough to tell keys apart in logs.
func maskAK(ak string) string {
	if ak == "" {
		return ""
	}
	const keep = 4
	if utf8.RuneCountInString(ak) <= keep {
		return "****"
	}
	i := 0
	for n := 0; n < keep; n++ {
		_, size := utf8.DecodeRuneInString(ak[i:])
		i += size
	}
	return ak[:i] + "****"
}

// maxMessageBytes caps the length of text taken from an error response.
const maxMessageBytes = 1024

// scrub removes every occurrence of the given secrets from s (IAM error
// messages are echoed into Go errors) and caps its length.
func scrub(s string, secrets ...string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, redacted)
		}
	}
	return truncate(s, maxMessageBytes)
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// validHeaderValue reports whether v can be sent as an HTTP header value
// unchanged: no control characters other than tab, and no leading or
// trailing white space (which net/http would trim after signing).
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		b := v[i]
		if (b < 0x20 && b != '\t') || b == 0x7f {
			return false
		}
	}
	return strings.TrimSpace(v) == v
}
