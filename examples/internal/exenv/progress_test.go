package exenv

import (
	"bytes"
	"os"
	"testing"
)

func TestProgressOnlyOnATerminal(t *testing.T) {
	var b bytes.Buffer
	p := NewProgress(&b, false)
	p.Update("step %d", 1)
	p.Done()
	if b.Len() != 0 {
		t.Fatalf("wrote %q to a non-terminal", b.String())
	}
	p = NewProgress(&b, true)
	p.Update("step %d", 1)
	p.Update("step %d", 2)
	p.Done()
	p.Done()
	if got := b.String(); got != "\rstep 1\x1b[K\rstep 2\x1b[K\n" {
		t.Fatalf("terminal output %q", got)
	}
	f, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) {
		t.Fatal("a regular file is not a terminal")
	}
}
