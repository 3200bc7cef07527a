package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progressMinFiles is the run size from which a progress bar is worth drawing: smaller
// runs finish before anyone would read it.
const progressMinFiles = 200

// console is stderr: messages, and on a terminal a progress bar redrawn in place with
// \r. A message first erases the bar, so the two never share a line.
type console struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	drawn bool      // a bar is on the current line
	last  time.Time // when it was last drawn
	now   func() time.Time
}

func newConsole(w io.Writer) *console { return &console{w: w, tty: isTerminal(w), now: time.Now} }

// Printf prints one message line on stderr.
func (c *console) Printf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.eraseLocked()
	fmt.Fprintf(c.w, format, args...)
}

// wantsProgress reports whether a run over n files gets a progress bar: on a terminal
// only, never in a CI log or a pipe.
func (c *console) wantsProgress(n int) bool { return c.tty && n > progressMinFiles }

// progress redraws the bar, at most every 100 ms but always for the last file.
func (c *console) progress(done, total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if done < total && c.drawn && now.Sub(c.last) < 100*time.Millisecond {
		return
	}
	const width = 30
	filled := width * done / max(total, 1)
	fmt.Fprintf(c.w, "\r\x1b[K[%s%s] %d/%d files", strings.Repeat("#", filled), strings.Repeat(" ", width-filled), done, total)
	c.drawn, c.last = true, now
}

// endProgress erases the bar once the run is over.
func (c *console) endProgress() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.eraseLocked()
}

func (c *console) eraseLocked() {
	if c.drawn {
		fmt.Fprint(c.w, "\r\x1b[K")
		c.drawn = false
	}
}
