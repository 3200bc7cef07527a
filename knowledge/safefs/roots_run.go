package safefs

import (
	"os"
	"path/filepath"
	"sync"
)

// run is what roots remember during one run over the files (see Memo and Remember).
type run struct {
	// plain holds the directories found to hold no link between their root and
	// themselves.
	plain sync.Map
	// cwd is the working directory when the run began ("" if it could not be had): a
	// relative path is placed against it without asking the system each time, which
	// os.Getwd does with two stat calls (most of a warm check's system time once, for
	// `check .`). Nothing in a run changes the working directory.
	cwd string
}

func newRun() *run {
	cwd, _ := os.Getwd()
	return &run{cwd: cwd}
}

// Remember makes these roots remember, until forget is called, which directories were
// found to hold no link below their root, as Memo does for a copy: for roots that live
// longer than one run over the files (a server's, which its configuration and package
// stores read through for as long as it runs), during one such run. The trade-off is
// Memo's: a directory swapped for a link during the run is not noticed until it ends;
// after it, every read checks every name again. A second Remember while one holds
// shares its memory, and its forget does nothing.
func (r *Roots) Remember() (forget func()) {
	if r == nil {
		return func() {}
	}
	m := newRun()
	if !r.remembering.CompareAndSwap(nil, m) {
		return func() {}
	}
	return func() { r.remembering.CompareAndSwap(m, nil) }
}

// current is the run these roots remember for: their own (Memo), a run's (Remember),
// or nil.
func (r *Roots) current() *run {
	if r == nil {
		return nil
	}
	if r.checked != nil {
		return r.checked
	}
	return r.remembering.Load()
}

// memo is where these roots remember the directories found plain, or nil.
func (r *Roots) memo() *sync.Map {
	if run := r.current(); run != nil {
		return &run.plain
	}
	return nil
}

// Abs is filepath.Abs, placing a relative path against the working directory a run
// began in while one holds these roots (Memo, Remember), so that the files of a run
// cost no system call to place.
func (r *Roots) Abs(path string) (string, error) {
	if run := r.current(); run != nil && run.cwd != "" {
		return AbsFrom(run.cwd, path), nil
	}
	return filepath.Abs(path)
}

// AbsOrGiven is filepath.Abs(path), or path as given when the working directory
// cannot be known: one key for a file however it was named, where an error has no one
// to go to.
func AbsOrGiven(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// AbsFrom is filepath.Abs with cwd as the working directory, which must be absolute.
// A Windows path that is rooted without a drive (\x) or names a drive without a root
// (C:x) is not relative to cwd: filepath.Abs places it.
func AbsFrom(cwd, path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	if filepath.VolumeName(path) != "" || (path != "" && os.IsPathSeparator(path[0])) {
		if abs, err := filepath.Abs(path); err == nil {
			return abs
		}
	}
	return filepath.Join(cwd, path)
}

// Entered tells these roots, during a run (Memo or Remember), that a walk listed dir
// after finding it in its parent's listing as a directory, never as a link, having
// entered that parent so from dir's root down: dir then holds no link below its root,
// as a directory that Open's checks found so, and counts as checked for the rest of
// the run (with Memo's trade-off). Without it, the first file read in each directory
// of a walk paid those checks, name by name. Outside a run it does nothing.
func (r *Roots) Entered(dir string) {
	run := r.current()
	if run == nil {
		return
	}
	abs, err := r.Abs(dir)
	if err != nil {
		return
	}
	if rt, inRoot := r.innermost(abs); inRoot && abs != rt.lexical {
		run.plain.Store(abs, struct{}{})
	}
}
