package pkginfo

import (
	"path/filepath"
	"syscall"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// ForAbove, with each directory's answer kept and handed to the directories below,
// gives every file the package For gives: its own directory's, an ancestor's past
// directories without one, a broken package.json (which still stops the search), past
// one that may not be read (a FIFO), and none up to the root.
func TestForAboveGivesForsPackage(t *testing.T) {
	base := tree(t, map[string]string{
		"ws/package.json":              `{"name":"top"}`,
		"ws/a/b/c/x.js":                "",
		"ws/a/package.json":            `{"name":"a"}`,
		"ws/a/b/c/d/y.js":              "",
		"ws/broken/package.json":       `{"name":`,
		"ws/broken/deeper/z.js":        "",
		"ws/fifo/deeper/w.js":          "",
		"outside/nothing/here/v.js":    "",
		"ws/plain/deeper/still/u.js":   "",
		"ws/plain/deeper/package.json": `{"name":"plain"}`,
	})
	if err := syscall.Mkfifo(filepath.Join(base, "ws", "fifo", "package.json"), 0o644); err != nil {
		t.Skip(err)
	}
	roots := safefs.NewRoots(filepath.Join(base, "ws"))
	plain, withAbove := NewStore(nil), NewStore(nil)
	plain.Confine(roots)
	withAbove.Confine(roots)
	kept := map[string]*Package{}
	var forFile func(file string) *Package
	forFile = func(file string) *Package {
		dir := filepath.Dir(file)
		if p, ok := kept[dir]; ok {
			return p
		}
		kept[dir] = withAbove.ForAbove(file, forFile)
		return kept[dir]
	}
	for _, rel := range []string{"ws/a/b/c/d/y.js", "ws/a/b/c/x.js", "ws/a/q.js", "ws/broken/deeper/z.js", "ws/fifo/deeper/w.js",
		"ws/plain/deeper/still/u.js", "ws/top.js", "outside/nothing/here/v.js"} {
		file := filepath.Join(base, filepath.FromSlash(rel))
		want, got := plain.For(file), forFile(file)
		if (want == nil) != (got == nil) || (want != nil && (want.Manifest != got.Manifest || want.Broken != got.Broken || want.Name != got.Name)) {
			t.Errorf("%s: got %+v, want %+v", rel, got, want)
		}
	}
	if len(kept) < 10 {
		t.Errorf("only %d directories answered: the directories above were not asked", len(kept))
	}
}
