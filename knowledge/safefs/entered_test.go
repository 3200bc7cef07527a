package safefs

import (
	"path/filepath"
	"testing"
)

// A directory a walk entered counts as checked for the rest of the run: its files take
// the short way at once, without a first read that checks every name above them. Only
// during a run, and only inside the roots: a directory outside them (a link's target)
// is never taken for checked.
func TestEnteredDirectoryCountsAsChecked(t *testing.T) {
	root, outside := project(t)
	app, secret := filepath.Join(root, "src", "app.js"), filepath.Join(outside, "secret.js")
	shortWay := func(roots *Roots, path string) bool {
		f, _, ok, err := roots.openInPlainDir(path)
		if ok && err == nil {
			f.Close()
		}
		return ok && err == nil
	}

	roots := NewRoots(root).Memo()
	if shortWay(roots, app) {
		t.Fatal("a file of a directory not yet checked took the short way")
	}
	roots.Entered(filepath.Join(root, "src"))
	if !shortWay(roots, app) {
		t.Error("a file of an entered directory went the long way")
	}
	roots.Entered(outside)
	if shortWay(roots, secret) {
		t.Error("a directory outside the roots was taken for checked")
	}

	noRun := NewRoots(root)
	noRun.Entered(filepath.Join(root, "src"))
	if shortWay(noRun, app) {
		t.Error("roots outside a run remembered an entered directory")
	}
}
