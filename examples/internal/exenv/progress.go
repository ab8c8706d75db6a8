package exenv

import (
	"fmt"
	"io"
	"os"
)

// IsTerminal reports whether w is a terminal (a character device).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Progress is a status line that rewrites itself on a terminal and stays
// silent anywhere else (a pipe, a file, a CI log), so that logs get only the
// final summary instead of one endless line of carriage returns.
type Progress struct {
	w     io.Writer
	on    bool
	shown bool
}

// NewProgress returns the status line of w; force shows it even when w is
// not a terminal (tests).
func NewProgress(w io.Writer, force bool) *Progress {
	return &Progress{w: w, on: force || IsTerminal(w)}
}

// Update replaces the line.
func (p *Progress) Update(format string, a ...any) {
	if !p.on {
		return
	}
	fmt.Fprintf(p.w, "\r"+format+"\x1b[K", a...)
	p.shown = true
}

// Done ends the line, if one was shown.
func (p *Progress) Done() {
	if p.shown {
		fmt.Fprintln(p.w)
		p.shown = false
	}
}
