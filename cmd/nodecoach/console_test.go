package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestProgressOnlyOnTerminalForLongRuns(t *testing.T) {
	cases := []struct {
		tty   bool
		files int
		want  bool
	}{
		{true, progressMinFiles + 1, true},
		{true, progressMinFiles, false},
		{false, 10 * progressMinFiles, false},
	}
	for _, c := range cases {
		con := &console{w: &bytes.Buffer{}, tty: c.tty}
		if got := con.wantsProgress(c.files); got != c.want {
			t.Errorf("tty %v, %d files: progress %v, want %v", c.tty, c.files, got, c.want)
		}
	}
}

// On a terminal the bar is redrawn in place, erased before a message, and erased at
// the end, so the last thing on stderr is never a half bar.
func TestProgressRedrawsAndErases(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	con := &console{w: &buf, tty: true, now: func() time.Time { return clock }}
	con.progress(1, 300)
	clock = clock.Add(50 * time.Millisecond)
	con.progress(2, 300) // within 100 ms of the last draw: skipped
	con.Printf("nodecoach: skipped x.min.js: a minified bundle\n")
	con.progress(3, 300) // nothing on the line after the message: drawn
	clock = clock.Add(50 * time.Millisecond)
	con.progress(300, 300) // the last file is always drawn
	con.endProgress()
	want := "\r\x1b[K[" + strings.Repeat(" ", 30) + "] 1/300 files" +
		"\r\x1b[Knodecoach: skipped x.min.js: a minified bundle\n" +
		"\r\x1b[K[" + strings.Repeat(" ", 30) + "] 3/300 files" +
		"\r\x1b[K[" + strings.Repeat("#", 30) + "] 300/300 files" +
		"\r\x1b[K"
	if buf.String() != want {
		t.Errorf("got  %q\nwant %q", buf.String(), want)
	}
}

// A long run whose stderr is not a terminal (a CI log) gets no progress bar at all.
func TestNoProgressBarOffTerminal(t *testing.T) {
	files := map[string]string{"package.json": `{}`}
	for i := range progressMinFiles + 50 {
		files[fmt.Sprintf("src/f%03d.js", i)] = "const x = 1;\n"
	}
	dir := writeProject(t, files)
	code, out, stderr := runCLI(t, "check", dir)
	if code != 0 || out != "no findings\n" {
		t.Errorf("exit %d, output %q", code, out)
	}
	if strings.ContainsAny(stderr, "\r\x1b") {
		t.Errorf("progress drawn on a non-terminal stderr: %q", stderr)
	}
}
