package safefs

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// Roots are the directories inside which links may be followed: a path inside a root
// is read when it resolves inside that same root (the innermost that holds it), so a
// link from one file of the workspace to another is fine and a link out of it is not.
// A path outside every root (a package.json above the workspace folder) is read only
// when its own name is not a link. A nil *Roots has no roots.
type Roots struct {
	dirs func() []string
	once sync.Once
	list []root
	// checked is what a copy for one run remembers (see Memo); nil: each read checks
	// every name of its path.
	checked *run
	// remembering is the same for long-lived roots, while a run over the files holds
	// it (see Remember).
	remembering atomic.Pointer[run]
}

// root is a directory as given and as it resolves (it may sit behind a link itself).
type root struct {
	lexical, resolved string
}

// NewRoots confines reads to dirs.
func NewRoots(dirs ...string) *Roots {
	return Lazy(func() []string { return dirs })
}

// Lazy confines reads to the directories dirs returns when first asked: the server's
// workspace folders, known once initialize has been answered and fixed after.
func Lazy(dirs func() []string) *Roots {
	return &Roots{dirs: dirs}
}

// Memo returns the same roots, remembering for as long as it is used which
// directories were found to hold no link below their root, so a walk of many files
// checks each directory once. A directory swapped for a link after it was checked is
// then not noticed: a Memo is for one run over the files (a check, one index), not for
// the lifetime of a server, whose reads keep checking every name.
func (r *Roots) Memo() *Roots {
	if r == nil {
		return nil
	}
	return &Roots{dirs: func() []string {
		var dirs []string
		for _, rt := range r.roots() {
			dirs = append(dirs, rt.lexical)
		}
		return dirs
	}, checked: newRun()}
}

func (r *Roots) roots() []root {
	if r == nil || r.dirs == nil {
		return nil
	}
	r.once.Do(func() {
		for _, d := range r.dirs() {
			abs, err := filepath.Abs(d)
			if err != nil {
				continue
			}
			resolved, err := filepath.EvalSymlinks(abs)
			if err != nil {
				resolved = abs
			}
			r.list = append(r.list, root{lexical: abs, resolved: resolved})
		}
	})
	return r.list
}

// innermost returns the deepest root holding abs.
func (r *Roots) innermost(abs string) (root, bool) {
	var best root
	found := false
	for _, rt := range r.roots() {
		if Within(abs, rt.lexical) && (!found || len(rt.lexical) > len(best.lexical)) {
			best, found = rt, true
		}
	}
	return best, found
}

// Contains reports whether path lies in one of the roots.
func (r *Roots) Contains(path string) bool {
	abs, err := r.Abs(path)
	if err != nil {
		return false
	}
	_, ok := r.innermost(abs)
	return ok
}

// Top is the directory an upward search from file (for its configuration) stops at:
// the innermost root that holds it; outside every root, the nearest directory holding
// .git above it, else the file's own directory.
func (r *Roots) Top(file string) string {
	abs, err := r.Abs(file)
	if err != nil {
		return filepath.Dir(file)
	}
	if rt, ok := r.innermost(abs); ok {
		return rt.lexical
	}
	return GitRoot(filepath.Dir(abs))
}

// ProjectRoot is the root of a path given to check: the nearest directory holding .git
// at or above it, else the path itself (its directory, for a file).
func ProjectRoot(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if info, err := os.Stat(abs); err != nil || !info.IsDir() {
		abs = filepath.Dir(abs)
	}
	return GitRoot(abs)
}

// GitRoot returns the nearest directory at or above dir that holds .git (a directory,
// or the file of a worktree or submodule), or dir when there is none.
func GitRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// Within reports whether p is root or lies under it; both are absolute and clean.
func Within(p, root string) bool {
	if p == root {
		return true
	}
	if !strings.HasPrefix(p, root) {
		return false
	}
	return strings.HasSuffix(root, string(os.PathSeparator)) || p[len(root)] == os.PathSeparator
}
