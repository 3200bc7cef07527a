package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/project"
)

// cachedCheck runs `check --cache` on dir with its cache at cacheFile and returns the
// JSON report, stderr and how many files it analysed rather than took from the cache.
func cachedCheck(t *testing.T, cacheFile string, dir string) (out, stderr string, judged int64) {
	t.Helper()
	before := project.Judgements.Load()
	_, out, stderr = runCLI(t, "check", "--cache", "--cache-location", cacheFile, "--format", "json", dir)
	return out, stderr, project.Judgements.Load() - before
}

// plainCheck is the same check without a cache: what every cached run must equal.
func plainCheck(t *testing.T, dir string) string {
	t.Helper()
	_, out, _ := runCLI(t, "check", "--format", "json", dir)
	return out
}

// sameAsCold runs the cached check and fails unless its report is byte for byte the
// one a check without a cache gives; it returns how many files were analysed.
func sameAsCold(t *testing.T, what, cacheFile, dir string) int64 {
	t.Helper()
	out, stderr, judged := cachedCheck(t, cacheFile, dir)
	if want := plainCheck(t, dir); out != want {
		t.Fatalf("%s: cached report differs from a cold one\ncached: %s\ncold:   %s\nstderr: %s", what, out, want, stderr)
	}
	if strings.Contains(stderr, "cache") {
		t.Errorf("%s: unexpected cache warning: %s", what, stderr)
	}
	return judged
}

func TestCacheWarmRunEqualsColdOnTheSamples(t *testing.T) {
	cacheFile := filepath.Join(t.TempDir(), "cache")
	samples := filepath.Join("..", "..", "testdata")
	for _, dir := range []string{"express-js", "express-ts", "express5"} {
		dir := filepath.Join(samples, dir)
		if plainCheck(t, dir) == "[]\n" {
			t.Fatalf("%s has no findings: the comparison would prove nothing", dir)
		}
		if n := sameAsCold(t, "cold "+dir, cacheFile, dir); n == 0 {
			t.Fatalf("cold %s analysed nothing", dir)
		}
		if n := sameAsCold(t, "warm "+dir, cacheFile, dir); n != 0 {
			t.Errorf("warm %s analysed %d files, want 0", dir, n)
		}
	}
	// The three runs share one cache file: each kept the others' entries.
	for _, dir := range []string{"express-js", "express-ts", "express5"} {
		if n := sameAsCold(t, "again", cacheFile, filepath.Join(samples, dir)); n != 0 {
			t.Errorf("%s: %d files analysed after the other samples' runs, want 0", dir, n)
		}
	}
}

// generatedTree writes packages of Express apps whose findings depend on other files:
// controllers registered bare in route files (express-async-missing-next), an app whose
// X-Powered-By another file may turn off, and plain per-file findings.
func generatedTree(t *testing.T, packages, controllers int) string {
	files := map[string]string{}
	for p := range packages {
		pkg := fmt.Sprintf("services/svc%d/", p)
		files[pkg+"package.json"] = `{"name":"svc","dependencies":{"express":"^4.21.2","express-async-handler":"^1.2.0","cors":"^2.8.5"}}`
		files[pkg+"src/app.js"] = "const express = require('express');\nconst cors = require('cors');\nconst app = express();\napp.use(cors());\napp.use(require('./security'));\napp.use('/api', require('./routes'));\napp.listen(3000);\n"
		files[pkg+"src/security.js"] = "module.exports = (req, res, next) => next();\n"
		var routes strings.Builder
		routes.WriteString("const express = require('express');\nconst fs = require('fs');\nconst router = express.Router();\n")
		for c := range controllers {
			files[pkg+fmt.Sprintf("src/controllers/c%d.js", c)] = fmt.Sprintf(
				"exports.list%d = async (req, res) => {\n  const rows = await req.db.query('select %d');\n  res.json(rows);\n};\n", c, c)
			fmt.Fprintf(&routes, "router.get('/c%d', require('./controllers/c%d').list%d);\n", c, c, c)
		}
		routes.WriteString("router.get('/file', (req, res) => res.send(fs.readFileSync('x')));\nmodule.exports = router;\n")
		files[pkg+"src/routes.js"] = routes.String()
	}
	return writeProject(t, files)
}

func TestCacheWarmRunEqualsColdOnAGeneratedTree(t *testing.T) {
	dir := generatedTree(t, 6, 50) // 6 × 53 files
	cacheFile := filepath.Join(t.TempDir(), "cache")
	if out := plainCheck(t, dir); strings.Count(out, "express-async-missing-next") < 300 || !strings.Contains(out, "x-powered-by-enabled") {
		t.Fatalf("the tree lacks the cross-file findings it is built for: %.400s", out)
	}
	if n := sameAsCold(t, "cold", cacheFile, dir); n < 318 {
		t.Fatalf("cold run analysed %d files, want all 318 and the second pass", n)
	}
	if n := sameAsCold(t, "warm", cacheFile, dir); n != 0 {
		t.Errorf("warm run analysed %d files, want 0", n)
	}
}

// Every input of a file's result invalidates it, and only the files it concerns.
func TestCacheInvalidation(t *testing.T) {
	dir := generatedTree(t, 2, 3)
	cacheFile := filepath.Join(t.TempDir(), "cache")
	pkg := filepath.Join(dir, "services", "svc0")
	write := func(rel, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(pkg, rel), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	count := func(rule string) int { return strings.Count(plainCheck(t, pkg), `"rule": "`+rule+`"`) }
	sameAsCold(t, "cold", cacheFile, dir)

	// An edited file is analysed again, and of the others only those of its package
	// that depend on its facts (its await moved): never another package's.
	write("src/controllers/c0.js", "exports.list0 = async (req, res) => {\n  res.json(await req.db.query('select 1'));\n};\n")
	if n := sameAsCold(t, "file edited", cacheFile, dir); n == 0 || n > 6 {
		t.Errorf("an edit of one file analysed %d files, want it and at most the other 5 of its package", n)
	}

	// Express 5 passes rejected promises to next(): package.json decides the findings.
	before := count("express-async-missing-next")
	write("package.json", `{"name":"svc","dependencies":{"express":"^5.1.0","express-async-handler":"^1.2.0","cors":"^2.8.5"}}`)
	if n := sameAsCold(t, "express 4 → 5", cacheFile, dir); n < 6 {
		t.Errorf("package.json changed but only %d files were analysed again", n)
	}
	if after := count("express-async-missing-next"); before == 0 || after != 0 {
		t.Errorf("express-async-missing-next: %d findings on Express 4, %d on 5", before, after)
	}

	// A lockfile pins Express 4 under a range that allows both.
	write("package.json", `{"name":"svc","dependencies":{"express":"^4.0.0 || ^5.0.0","express-async-handler":"^1.2.0","cors":"^2.8.5"}}`)
	sameAsCold(t, "range 4 || 5", cacheFile, dir)
	write("package-lock.json", `{"lockfileVersion":3,"packages":{"node_modules/express":{"version":"5.1.0"}}}`)
	sameAsCold(t, "lockfile 5.1.0", cacheFile, dir)
	locked5 := count("express-async-missing-next")
	write("package-lock.json", `{"lockfileVersion":3,"packages":{"node_modules/express":{"version":"4.21.2"}}}`)
	sameAsCold(t, "lockfile 4.21.2", cacheFile, dir)
	if locked4 := count("express-async-missing-next"); locked5 != 0 || locked4 == 0 {
		t.Errorf("the lockfile decides the version: %d findings locked to 5, %d locked to 4", locked5, locked4)
	}

	// A configuration turning a rule off.
	if count("no-sync-fs-in-handler") == 0 {
		t.Fatal("routes.js should have a no-sync-fs-in-handler finding")
	}
	write(".nodecoach.json", `{"rules":{"no-sync-fs-in-handler":"off"}}`)
	sameAsCold(t, ".nodecoach.json added", cacheFile, dir)
	if n := count("no-sync-fs-in-handler"); n != 0 {
		t.Errorf("the rule is off but has %d findings", n)
	}

	// Another file's facts: a middleware in security.js drops X-Powered-By for app.js.
	if count("x-powered-by-enabled") != 1 {
		t.Fatal("app.js should have the x-powered-by-enabled finding")
	}
	write("src/security.js", "module.exports = (req, res, next) => { res.removeHeader('X-Powered-By'); next(); };\n")
	sameAsCold(t, "x-powered-by removed in another file", cacheFile, dir)
	if n := count("x-powered-by-enabled"); n != 0 {
		t.Errorf("security.js disables the header, yet %d findings", n)
	}

	// Another file's facts: wrapping a handler where routes.js registers it clears the
	// controller's finding, without the controller changing.
	routes, err := os.ReadFile(filepath.Join(pkg, "src", "routes.js"))
	if err != nil {
		t.Fatal(err)
	}
	wrapped := strings.Replace(string(routes), "require('./controllers/c1').list1)", "asyncHandler(require('./controllers/c1').list1))", 1)
	write("src/routes.js", "const asyncHandler = require('express-async-handler');\n"+wrapped)
	sameAsCold(t, "handler wrapped in another file", cacheFile, dir)
	if out := plainCheck(t, pkg); strings.Contains(out, "c1.js") || !strings.Contains(out, "c2.js") {
		t.Errorf("only c1's handler is wrapped: %s", out)
	}
	// Moving the registration moves the place the finding points at.
	write("src/routes.js", "\n\n"+string(routes))
	sameAsCold(t, "registration moved", cacheFile, dir)

	if n := sameAsCold(t, "unchanged", cacheFile, dir); n != 0 {
		t.Errorf("nothing changed, yet %d files analysed", n)
	}
}

// A cache file that cannot be trusted is said on stderr and ignored: the report is the
// cold one. A damaged cache is replaced; a file that is no cache is left alone.
func TestCacheIgnoresWhatItCannotTrust(t *testing.T) {
	dir := generatedTree(t, 1, 3)
	cacheFile := filepath.Join(t.TempDir(), "cache")
	sameAsCold(t, "cold", cacheFile, dir)
	good, err := os.ReadFile(cacheFile)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(at int) []byte {
		b := bytes.Clone(good)
		b[at] ^= 0x20
		return b
	}
	for _, c := range []struct {
		name    string
		content []byte
		warning string
		kept    bool // the file is left as it was
	}{
		{"empty", nil, "truncated", false},
		{"truncated", good[:len(good)/2], "corrupt", false},
		{"a byte changed", flip(len(good) - 100), "corrupt", false},
		{"another version", append([]byte("nodecoach cache 0\n"), good[len(project.CacheMagic):]...), "another version", false},
		{"another build", flip(len(project.CacheMagic) + 3), "another build", false},
		{"garbage", []byte("\x00\x01garbage that was never a cache"), "not a nodecoach cache", true},
		{"a user's file", []byte("{\"rules\": {}}\n"), "not a nodecoach cache", true},
	} {
		if err := os.WriteFile(cacheFile, c.content, 0o644); err != nil {
			t.Fatal(err)
		}
		out, stderr, judged := cachedCheck(t, cacheFile, dir)
		if want := plainCheck(t, dir); out != want {
			t.Errorf("%s: the report differs from a cold one", c.name)
		}
		if !strings.Contains(stderr, "cache "+cacheFile+": ignored: ") || !strings.Contains(stderr, c.warning) {
			t.Errorf("%s: stderr %q, want the cache ignored: %s", c.name, stderr, c.warning)
		}
		if judged < 6 {
			t.Errorf("%s: only %d files analysed: the cache was trusted", c.name, judged)
		}
		now, _ := os.ReadFile(cacheFile)
		if kept := bytes.Equal(now, c.content); kept != c.kept {
			t.Errorf("%s: file left as it was: %v, want %v", c.name, kept, c.kept)
		}
		if !c.kept {
			if n := sameAsCold(t, c.name+", rebuilt", cacheFile, dir); n != 0 {
				t.Errorf("%s: the rebuilt cache was not used (%d files analysed)", c.name, n)
			}
		}
	}
}

// --cache-location may name a directory: the cache is the default name in it.
func TestCacheLocationDirectory(t *testing.T) {
	dir := generatedTree(t, 1, 1)
	cacheDir := t.TempDir()
	sameAsCold(t, "cold", cacheDir, dir)
	if _, err := os.Stat(filepath.Join(cacheDir, project.DefaultCacheName)); err != nil {
		t.Fatalf("no %s in the directory: %v", project.DefaultCacheName, err)
	}
	if n := sameAsCold(t, "warm", cacheDir, dir); n != 0 {
		t.Errorf("warm run analysed %d files", n)
	}
}

// Two processes checking one tree with one cache both report correctly, and the cache
// they leave (the last writer's) is whole.
func TestCacheConcurrentRuns(t *testing.T) {
	dir := generatedTree(t, 4, 40)
	cacheFile := filepath.Join(t.TempDir(), "cache")
	want := plainCheck(t, dir)
	for round := range 3 {
		var outs [2]bytes.Buffer
		var cmds [2]*exec.Cmd
		for i := range cmds {
			cmds[i] = exec.Command(binary, "check", "--cache", "--cache-location", cacheFile, "--format", "json", dir)
			cmds[i].Stdout = &outs[i]
			if err := cmds[i].Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, cmd := range cmds {
			cmd.Wait() // exit 1: the tree has warnings
			if outs[i].String() != want {
				t.Fatalf("round %d, run %d: the report differs from a cold one", round, i)
			}
		}
		if round == 0 {
			// Edit a file so the next round's runs both write.
			os.WriteFile(filepath.Join(dir, "services", "svc0", "src", "extra.js"), []byte("require('fs').readFileSync('a');\n"), 0o644)
			want = plainCheck(t, dir)
		}
	}
	out, err := exec.Command(binary, "check", "--cache", "--cache-location", cacheFile, "--format", "json", dir).Output()
	if string(out) != want {
		t.Errorf("after the concurrent runs: the report differs from a cold one (%v)", err)
	}
	if leftovers, _ := filepath.Glob(cacheFile + ".*"); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// A link at the cache's path is neither followed nor replaced, and a cache that cannot
// be written costs a warning, not the report or the exit code.
func TestCacheLinksAndUnwritableLocations(t *testing.T) {
	dir := generatedTree(t, 1, 2)
	want := plainCheck(t, dir)
	wantCode, _, _ := runCLI(t, "check", "--format", "json", dir)

	outside := filepath.Join(t.TempDir(), "elsewhere")
	os.WriteFile(outside, []byte("someone's notes\n"), 0o644)
	link := filepath.Join(t.TempDir(), "cache")
	if err := os.Symlink(outside, link); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	out, stderr, _ := cachedCheck(t, link, dir)
	if out != want || !strings.Contains(stderr, "not a regular file") {
		t.Errorf("a link as the cache: report equal %v, stderr %q", out == want, stderr)
	}
	if got, _ := os.ReadFile(outside); string(got) != "someone's notes\n" {
		t.Errorf("the link's target was written: %q", got)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}

	missing := filepath.Join(t.TempDir(), "no", "such", "dir", "cache")
	code, out, stderr := runCLI(t, "check", "--cache", "--cache-location", missing, "--format", "json", dir)
	if out != want || code != wantCode || !strings.Contains(stderr, "not written") {
		t.Errorf("an unwritable cache: exit %d (want %d), report equal %v, stderr %q", code, wantCode, out == want, stderr)
	}
}

// settle sets every file and directory under dir to have been modified at when: the
// cache's stamps vouch only for files modified well before the run, so the shortcuts of
// a warm run are taken only on a settled tree.
func settle(t *testing.T, dir string, when time.Time) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, when, when)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// On a settled tree a warm run reads nothing it was told about before (no file's start
// for the minified test, no package.json of a dependency, no lockfile), yet each change
// those shortcuts could hide is seen: a file that becomes minified, an installed
// dependency's version, a new file in a directory whose modification time was put back.
func TestCacheShortcutsSeeEveryChange(t *testing.T) {
	dir := generatedTree(t, 1, 3)
	pkg := filepath.Join(dir, "services", "svc0")
	line := "router.get('/big', (req, res) => res.send(fs.readFileSync('big')));"
	big := "const fs = require('fs');\nconst router = require('express').Router();\n" + strings.Repeat(line+"\n", 80) + "module.exports = router;\n"
	bigPath := filepath.Join(pkg, "src", "big.js")
	if err := os.WriteFile(bigPath, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	when := time.Now().Add(-time.Hour)
	settle(t, dir, when)
	cacheFile := filepath.Join(t.TempDir(), "cache")
	sameAsCold(t, "cold", cacheFile, dir)
	if n := sameAsCold(t, "warm", cacheFile, dir); n != 0 {
		t.Fatalf("warm run on a settled tree analysed %d files", n)
	}
	if !strings.Contains(plainCheck(t, dir), "big.js") {
		t.Fatal("big.js should have findings")
	}
	// Each change is written with a settled modification time of its own.
	write := func(path, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		when = when.Add(time.Minute)
		if err := os.Chtimes(path, when, when); err != nil {
			t.Fatal(err)
		}
	}

	// big.js becomes a bundle: one line of the same bytes.
	write(bigPath, strings.ReplaceAll(big, "\n", " "))
	sameAsCold(t, "big.js minified", cacheFile, dir)
	if out := plainCheck(t, dir); strings.Contains(out, "big.js") {
		t.Fatal("a minified big.js still has findings")
	}

	// Express 5, installed in the package's node_modules, passes rejected promises to
	// next(): the controllers' findings go; Express 4 installed brings them back.
	manifest := filepath.Join(pkg, "node_modules", "express", "package.json")
	count := func() int { return strings.Count(plainCheck(t, dir), "express-async-missing-next") }
	declared := count()
	write(manifest, `{"version":"5.1.0"}`)
	sameAsCold(t, "express 5.1.0 installed", cacheFile, dir)
	write(manifest, `{"version":"4.21.2"}`)
	sameAsCold(t, "express 4.21.2 installed", cacheFile, dir)
	installed4 := count()
	write(manifest, `{"version":"5.0.1"}`)
	sameAsCold(t, "express 5.0.1 installed", cacheFile, dir)
	if installed5 := count(); declared == 0 || installed4 != declared || installed5 != 0 {
		t.Errorf("express-async-missing-next: %d declared 4, %d installed 4, %d installed 5", declared, installed4, installed5)
	}

	// A new file in a directory whose modification time is put back: the walk lists
	// every directory, so it is found.
	controllers := filepath.Join(pkg, "src", "controllers")
	info, err := os.Stat(controllers)
	if err != nil {
		t.Fatal(err)
	}
	write(filepath.Join(controllers, "added.js"), "const fs = require('fs');\nrequire('express').Router().get('/a', (req, res) => res.send(fs.readFileSync('a')));\n")
	if err := os.Chtimes(controllers, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	sameAsCold(t, "a file added", cacheFile, dir)
	if !strings.Contains(plainCheck(t, dir), "added.js") {
		t.Error("the added file has no findings: the comparison proves nothing")
	}
	if n := sameAsCold(t, "unchanged", cacheFile, dir); n != 0 {
		t.Errorf("nothing changed, yet %d files analysed", n)
	}
}
