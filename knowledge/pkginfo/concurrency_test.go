package pkginfo

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestConcurrentUse runs lookups, invalidations and atomic file
// replacements at once; run under -race it checks the Store's locking.
// Replacements are atomic renames with distinct mtimes, so every answer
// must be one of the versions ever written, never a torn read.
func TestConcurrentUse(t *testing.T) {
	root := tree(t, map[string]string{
		"package.json":                                   `{"workspaces": ["packages/*"]}`,
		"packages/api/package.json":                      pkgJSON("express", "^5.0.0", "koa", "^2.1.0"),
		"packages/web/package.json":                      pkgJSON("express", "^4.0.0"),
		"packages/api/node_modules/express/package.json": installedJSON("express", "5.0.0"),
		"yarn.lock":                                      "express@^4.0.0:\n  version \"4.21.2\"\n\nkoa@^2.1.0:\n  version \"2.15.0\"\n",
	})
	installed := filepath.Join(root, "packages/api/node_modules/express/package.json")
	apiFile := filepath.Join(root, "packages/api/src/app.js")
	webFile := filepath.Join(root, "packages/web/src/app.js")

	const writes = 50
	allowed := map[string]bool{}
	for i := 0; i <= writes; i++ {
		allowed[fmt.Sprintf("5.0.%d", i)] = true
	}

	var w warnings
	s := NewStore(w.fn)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 100)

	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			// At least a few hundred rounds each, so the readers overlap the
			// writer even when it finishes first.
			for i := 0; ; i++ {
				if i >= 200 {
					select {
					case <-stop:
						return
					default:
					}
				}
				api := s.For(apiFile)
				if v := api.Version("express"); !allowed[v.String()] || v.Source != SourceInstalled {
					errs <- fmt.Errorf("api express = %s from %q", v, v.Source)
					return
				}
				if v := api.Version("koa").String(); v != "2.15.0" {
					errs <- fmt.Errorf("api koa = %s", v)
					return
				}
				if v := s.For(webFile).Version("express").String(); v != "4.21.2" {
					errs <- fmt.Errorf("web express = %s", v)
					return
				}
				if (g+i)%7 == 0 {
					s.Invalidate(filepath.Join(root, "packages"))
				}
			}
		}(g)
	}

	for i := 1; i <= writes; i++ {
		replace(t, installed, installedJSON("express", fmt.Sprintf("5.0.%d", i)), time.Duration(i)*time.Second)
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if w.total() != 0 {
		t.Errorf("warnings during atomic replacements: %v", w.paths)
	}
	if got := s.For(apiFile).Version("express").String(); got != fmt.Sprintf("5.0.%d", writes) {
		t.Errorf("after the last write: %s, want 5.0.%d", got, writes)
	}
}

// replace swaps path's content atomically, with mtime stampTime+offset.
func replace(t *testing.T, path, content string, offset time.Duration) {
	t.Helper()
	tmp := path + ".tmp"
	write(t, tmp, content)
	setMtime(t, tmp, offset)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}
