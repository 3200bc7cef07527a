package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal; buffers, pipes and files are not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// useColor reports whether output to w may carry ANSI colours.
func useColor(w io.Writer) bool { return colorAllowed(isTerminal(w)) }

// colorAllowed: colours only on a terminal, so logs and redirected output stay plain,
// and never with NO_COLOR set (https://no-color.org) nor on a dumb terminal.
func colorAllowed(tty bool) bool {
	return tty && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}
