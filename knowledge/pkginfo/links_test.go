package pkginfo

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// TestHostilePackageFiles: a package.json or lockfile linked to /dev/zero or
// /dev/urandom once took the process to 2 GB in seconds, and a FIFO hung it. Now
// each counts as absent (the walk goes on to the outer package.json) with one
// warning that says why, and nothing blocks.
func TestHostilePackageFiles(t *testing.T) {
	plants := map[string]func(path string) error{
		"link to /dev/zero":    func(p string) error { return os.Symlink("/dev/zero", p) },
		"link to /dev/urandom": func(p string) error { return os.Symlink("/dev/urandom", p) },
		"FIFO":                 func(p string) error { return syscall.Mkfifo(p, 0o644) },
	}
	for name, plant := range plants {
		for _, file := range []string{"package.json", "package-lock.json"} {
			t.Run(name+" "+file, func(t *testing.T) {
				root := tree(t, map[string]string{"package.json": `{"name":"outer","dependencies":{"express":"^4.21.2"}}`})
				inner := filepath.Join(root, "app")
				os.MkdirAll(inner, 0o755)
				if file != "package.json" {
					write(t, filepath.Join(inner, "package.json"), `{"name":"inner","dependencies":{"express":"^4.21.2"}}`)
				}
				if err := plant(filepath.Join(inner, file)); err != nil {
					t.Skipf("cannot make a %s here: %v", name, err)
				}
				var mu sync.Mutex
				var warnings []string
				s := NewStore(func(path string, err error) {
					mu.Lock()
					defer mu.Unlock()
					warnings = append(warnings, filepath.Base(path)+": "+err.Error())
				})
				s.Confine(safefs.NewRoots(root))
				done := make(chan *Package, 1)
				go func() {
					var p *Package
					for range 3 {
						if p = s.For(filepath.Join(inner, "index.js")); p != nil {
							p.Version("express")
						}
					}
					done <- p
				}()
				var p *Package
				select {
				case p = <-done:
				case <-time.After(20 * time.Second):
					t.Fatal("the lookup blocked")
				}
				want := "inner"
				if file == "package.json" {
					want = "outer"
				}
				if p == nil || p.Name != want {
					t.Errorf("package %+v, want %s", p, want)
				}
				mu.Lock()
				defer mu.Unlock()
				if len(warnings) != 1 || !strings.HasPrefix(warnings[0], file+": not read: ") {
					t.Errorf("warnings %q, want one naming %s and why it was not read", warnings, file)
				}
			})
		}
	}
}

// An installed package linked out of the workspace is not read: the version
// comes from the range instead. One linked inside it is read.
func TestInstalledPackageLinkedOutOfTheWorkspace(t *testing.T) {
	outside := tree(t, map[string]string{"express/package.json": `{"name":"express","version":"5.1.0"}`})
	root := tree(t, map[string]string{
		"package.json":             `{"name":"app","dependencies":{"express":"^4.21.2","cors":"^2.8.0"}}`,
		"vendor/cors/package.json": `{"name":"cors","version":"2.8.5"}`,
		"node_modules/.keep":       "",
	})
	if err := os.Symlink(filepath.Join(outside, "express"), filepath.Join(root, "node_modules", "express")); err != nil {
		t.Skipf("symlinks unsupported here: %v", err)
	}
	os.Symlink(filepath.Join(root, "vendor", "cors"), filepath.Join(root, "node_modules", "cors"))
	s := NewStore(nil)
	s.Confine(safefs.NewRoots(root))
	p := s.For(filepath.Join(root, "index.js"))
	if v := p.Version("express"); v.Source != SourceRange || v.Major != 4 {
		t.Errorf("express %v from %q: the installed copy outside the workspace was read", v, v.Source)
	}
	if v := p.Version("cors"); v.Source != SourceInstalled || v.String() != "2.8.5" {
		t.Errorf("cors %v from %q: a link inside the workspace is followed", v, v.Source)
	}
}
