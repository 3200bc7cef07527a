package pkginfo

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// tree writes files (slash paths relative to root, content) and returns root.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		write(t, filepath.Join(root, filepath.FromSlash(name)), content)
	}
	return root
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// stampTime is a fixed mtime tests give files so that "changed" and
// "unchanged" never depend on the clock or the filesystem's resolution.
var stampTime = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// setMtime sets path's mtime to stampTime plus offset.
func setMtime(t *testing.T, path string, offset time.Duration) {
	t.Helper()
	mt := stampTime.Add(offset)
	if err := os.Chtimes(path, mt, mt); err != nil {
		t.Fatal(err)
	}
}

// warnings records warn callbacks.
type warnings struct {
	mu    sync.Mutex
	paths []string
}

func (w *warnings) fn(path string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err == nil {
		panic("warn called with a nil error for " + path)
	}
	w.paths = append(w.paths, path)
}

// count is how many warnings named path.
func (w *warnings) count(path string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, p := range w.paths {
		if p == path {
			n++
		}
	}
	return n
}

func (w *warnings) total() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.paths)
}

// skipIfAncestorHas skips a test whose premise is "nothing above the temp
// directory", when the machine has such a file above it.
func skipIfAncestorHas(t *testing.T, dir string, names ...string) {
	t.Helper()
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		for _, n := range names {
			if _, err := os.Stat(filepath.Join(d, n)); err == nil {
				t.Skipf("%s exists above the test tree", filepath.Join(d, n))
			}
		}
		if filepath.Dir(d) == d {
			return
		}
	}
}

// pkgJSON is a minimal manifest declaring deps (name, spec pairs).
func pkgJSON(deps ...string) string {
	s := `{"name": "app", "dependencies": {`
	for i := 0; i+1 < len(deps); i += 2 {
		if i > 0 {
			s += ", "
		}
		s += `"` + deps[i] + `": "` + deps[i+1] + `"`
	}
	return s + "}}"
}

// installedJSON is node_modules/<name>/package.json at version.
func installedJSON(name, version string) string {
	return `{"name": "` + name + `", "version": "` + version + `", "main": "index.js"}`
}
