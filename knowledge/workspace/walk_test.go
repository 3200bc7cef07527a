package workspace

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWalkSkipsWhatIsNotTheProjectsCode builds a tree with every kind of file the
// walk must leave out beside the ones it must visit.
func TestWalkSkipsWhatIsNotTheProjectsCode(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		".gitignore":              "# build output\n/generated/\n*.log.js\ntmp\n!keep.log.js\n",
		"src/app.js":              "app();\n",
		"src/util.ts":             "export const a = 1;\n",
		"src/view.tsx":            "export const V = () => <div/>;\n",
		"src/types.d.ts":          "export declare const a: number;\n",
		"src/vendor.min.js":       "var a=1;\n",
		"src/trace.log.js":        "x();\n",
		"src/keep.log.js":         "x();\n",
		"src/tmp/scratch.js":      "x();\n",
		"src/lib/.gitignore":      "secret.js\n",
		"src/lib/secret.js":       "x();\n",
		"src/lib/open.js":         "x();\n",
		"generated/api.js":        "x();\n",
		"node_modules/x/index.js": "x();\n",
		"dist/app.js":             "x();\n",
		"README.md":               "# hi\n",
		"bundle.js":               strings.Repeat("var a=1;", 2000),
	}
	for name, text := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var visited, reported []string
	err := Walk([]string{root}, func(p string) {
		rel, _ := filepath.Rel(root, p)
		visited = append(visited, filepath.ToSlash(rel))
	}, func(s Skipped) {
		rel, _ := filepath.Rel(root, s.Path)
		reported = append(reported, filepath.ToSlash(rel))
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"src/app.js", "src/keep.log.js", "src/lib/open.js", "src/util.ts", "src/view.tsx"}
	if !reflect.DeepEqual(visited, want) {
		t.Errorf("visited %q, want %q", visited, want)
	}
	if !reflect.DeepEqual(reported, []string{"bundle.js", "src/vendor.min.js"}) {
		t.Errorf("reported as skipped %q: minified bundles are worth a note, ignored files are not", reported)
	}
}

func TestWalkRefusesSymlinksOutOfTheTree(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.js"), []byte("x();\n"), 0o644)
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "app.js"), []byte("x();\n"), 0o644)
	if err := os.Symlink(outside, filepath.Join(root, "linked")); err != nil {
		t.Skip("symlinks unsupported here")
	}
	os.Symlink(filepath.Join(outside, "secret.js"), filepath.Join(root, "secret.js"))
	var visited []string
	Walk([]string{root}, func(p string) { visited = append(visited, filepath.Base(p)) }, func(Skipped) {})
	if !reflect.DeepEqual(visited, []string{"app.js"}) {
		t.Errorf("visited %q: symlinks must not be followed", visited)
	}
}

// TestWalkSkipsAHostileGitignore: a .gitignore linked to /dev/urandom, or a FIFO, once
// grew the walk's memory without end or hung it. Now the walk ends, reports the file
// with the reason, and still visits the sources.
func TestWalkSkipsAHostileGitignore(t *testing.T) {
	for name, plant := range map[string]func(path string) error{
		"link to /dev/urandom": func(p string) error { return os.Symlink("/dev/urandom", p) },
		"FIFO":                 func(p string) error { return syscall.Mkfifo(p, 0o644) },
	} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			os.WriteFile(filepath.Join(root, "app.js"), []byte("x();\n"), 0o644)
			if err := plant(filepath.Join(root, ".gitignore")); err != nil {
				t.Skipf("cannot make a %s here: %v", name, err)
			}
			done := make(chan struct{})
			var visited, reasons []string
			go func() {
				defer close(done)
				Walk([]string{root}, func(p string) { visited = append(visited, filepath.Base(p)) }, func(s Skipped) {
					reasons = append(reasons, filepath.Base(s.Path)+": "+s.Reason)
				})
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("the walk did not end")
			}
			if !reflect.DeepEqual(visited, []string{"app.js"}) {
				t.Errorf("visited %q", visited)
			}
			if len(reasons) != 1 || !strings.HasPrefix(reasons[0], ".gitignore: not read: ") {
				t.Errorf("skipped %q, want the .gitignore with its reason", reasons)
			}
		})
	}
}
