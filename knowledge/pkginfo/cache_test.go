package pkginfo

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// editCases each change one source of express's version to new content of
// the same size, so only the mtime (or Invalidate) can reveal the edit.
var editCases = []struct {
	name        string
	files       map[string]string
	edit        string // the file that changes
	newContent  string
	before, now string
}{
	{
		name:       "manifest range",
		files:      map[string]string{"package.json": pkgJSON("express", "^4.18.2")},
		edit:       "package.json",
		newContent: pkgJSON("express", "^5.18.2"),
		before:     "4.18.2", now: "5.18.2",
	},
	{
		name: "installed package.json",
		files: map[string]string{
			"package.json":                      pkgJSON("express", "^4.0.0"),
			"node_modules/express/package.json": installedJSON("express", "4.21.2"),
		},
		edit:       "node_modules/express/package.json",
		newContent: installedJSON("express", "5.21.2"),
		before:     "4.21.2", now: "5.21.2",
	},
	{
		name: "package-lock.json",
		files: map[string]string{
			"package.json":      pkgJSON("express", "^4.0.0"),
			"package-lock.json": `{"packages": {"node_modules/express": {"version": "4.20.0"}}}`,
		},
		edit:       "package-lock.json",
		newContent: `{"packages": {"node_modules/express": {"version": "4.20.1"}}}`,
		before:     "4.20.0", now: "4.20.1",
	},
	{
		name: "pnpm-lock.yaml",
		files: map[string]string{
			"package.json":   pkgJSON("express", "^4.0.0"),
			"pnpm-lock.yaml": "dependencies:\n  express: 4.17.1\n",
		},
		edit:       "pnpm-lock.yaml",
		newContent: "dependencies:\n  express: 4.17.3\n",
		before:     "4.17.1", now: "4.17.3",
	},
	{
		name: "yarn.lock",
		files: map[string]string{
			"package.json": pkgJSON("express", "^4.0.0"),
			"yarn.lock":    "express@^4.0.0:\n  version \"4.19.2\"\n",
		},
		edit:       "yarn.lock",
		newContent: "express@^4.0.0:\n  version \"4.19.9\"\n",
		before:     "4.19.2", now: "4.19.9",
	},
}

func TestCacheSeesEditsByMtime(t *testing.T) {
	for _, tt := range editCases {
		t.Run(tt.name, func(t *testing.T) {
			root := tree(t, tt.files)
			edited := filepath.Join(root, filepath.FromSlash(tt.edit))
			if len(tt.newContent) != len(tt.files[tt.edit]) {
				t.Fatal("the edit must keep the size, or the test does not isolate the mtime")
			}
			setMtime(t, edited, 0)
			s := NewStore(nil)
			file := filepath.Join(root, "index.js")
			if got := s.For(file).Version("express").String(); got != tt.before {
				t.Fatalf("before the edit: %s, want %s", got, tt.before)
			}
			write(t, edited, tt.newContent)
			setMtime(t, edited, time.Second)
			if got := s.For(file).Version("express").String(); got != tt.now {
				t.Fatalf("after the edit: %s, want %s", got, tt.now)
			}
		})
	}
}

func TestInvalidate(t *testing.T) {
	targets := []struct {
		name string
		path func(root, edited string) string
	}{
		{"the file", func(_, edited string) string { return edited }},
		{"its directory", func(_, edited string) string { return filepath.Dir(edited) }},
		{"the tree root", func(root, _ string) string { return root }},
	}
	for _, tt := range editCases {
		for _, target := range targets {
			t.Run(tt.name+"/"+target.name, func(t *testing.T) {
				root := tree(t, tt.files)
				edited := filepath.Join(root, filepath.FromSlash(tt.edit))
				setMtime(t, edited, 0)
				s := NewStore(nil)
				file := filepath.Join(root, "index.js")
				if got := s.For(file).Version("express").String(); got != tt.before {
					t.Fatalf("before the edit: %s, want %s", got, tt.before)
				}
				// Same size, same mtime: invisible to stat, so the cache
				// still answers from what it read...
				write(t, edited, tt.newContent)
				setMtime(t, edited, 0)
				if got := s.For(file).Version("express").String(); got != tt.before {
					t.Fatalf("an edit invisible to stat: %s, want the cached %s", got, tt.before)
				}
				// ...until the editor reports the change.
				s.Invalidate(target.path(root, edited))
				if got := s.For(file).Version("express").String(); got != tt.now {
					t.Fatalf("after Invalidate: %s, want %s", got, tt.now)
				}
			})
		}
	}
}

func TestInvalidateUnrelatedPathKeepsCache(t *testing.T) {
	root := tree(t, map[string]string{"package.json": pkgJSON("express", "^4.18.2")})
	manifest := filepath.Join(root, "package.json")
	setMtime(t, manifest, 0)
	s := NewStore(nil)
	file := filepath.Join(root, "index.js")
	first := s.For(file)
	write(t, manifest, pkgJSON("express", "^5.18.2"))
	setMtime(t, manifest, 0)
	s.Invalidate(filepath.Join(root, "src", "other.js"))
	s.Invalidate(root + "-sibling") // shares a prefix, is not under root
	s.Invalidate("")
	if got := s.For(file); got != first {
		t.Fatalf("Invalidate of unrelated paths dropped the cached manifest (now %s)", got.Version("express"))
	}
}

func TestSnapshotIdentity(t *testing.T) {
	root := tree(t, map[string]string{"package.json": pkgJSON("express", "^4.18.2")})
	manifest := filepath.Join(root, "package.json")
	setMtime(t, manifest, 0)
	s := NewStore(nil)
	a := s.For(filepath.Join(root, "a.js"))
	b := s.For(filepath.Join(root, "lib", "b.js"))
	if a != b {
		t.Fatal("two files of one unchanged package got different *Package values")
	}
	write(t, manifest, pkgJSON("express", "^4.18.3"))
	setMtime(t, manifest, time.Second)
	c := s.For(filepath.Join(root, "a.js"))
	if c == a {
		t.Fatal("an edited manifest returned the old *Package")
	}
	if got := a.Version("express").String(); got != "4.18.2" {
		t.Errorf("the old snapshot changed: %s, want 4.18.2", got)
	}
	if got := c.Version("express").String(); got != "4.18.3" {
		t.Errorf("the new snapshot: %s, want 4.18.3", got)
	}
}

func TestBrokenManifestWarnsOncePerContent(t *testing.T) {
	root := tree(t, map[string]string{
		"package.json":                      `{"dependencies": []}`,
		"node_modules/express/package.json": installedJSON("express", "4.21.2"),
	})
	manifest := filepath.Join(root, "package.json")
	file := filepath.Join(root, "index.js")
	var w warnings
	s := NewStore(w.fn)

	steps := []struct {
		name     string
		do       func()
		broken   bool
		version  string
		warnings int
	}{
		{"first read", func() { setMtime(t, manifest, 0) }, true, "unknown", 1},
		{"read again", func() {}, true, "unknown", 1},
		{"touched, same content", func() { setMtime(t, manifest, time.Second) }, true, "unknown", 1},
		{"invalidated, same content", func() { s.Invalidate(manifest) }, true, "unknown", 1},
		{"edited, still broken", func() {
			write(t, manifest, `{"dependencies": {"express": 4}}`)
			setMtime(t, manifest, 2*time.Second)
		}, true, "unknown", 2},
		{"read again", func() {}, true, "unknown", 2},
		{"fixed", func() {
			write(t, manifest, pkgJSON("express", "^4.0.0"))
			setMtime(t, manifest, 3*time.Second)
		}, false, "4.21.2", 2},
		{"broken again with the first content", func() {
			write(t, manifest, `{"dependencies": []}`)
			setMtime(t, manifest, 4*time.Second)
		}, true, "unknown", 3},
		{"deleted", func() {
			if err := os.Remove(manifest); err != nil {
				t.Fatal(err)
			}
		}, false, "", 3},
		{"recreated with the same broken content", func() {
			write(t, manifest, `{"dependencies": []}`)
			setMtime(t, manifest, 5*time.Second)
		}, true, "unknown", 4},
	}
	for _, st := range steps {
		st.do()
		for i := 0; i < 2; i++ {
			p := s.For(file)
			if st.version == "" {
				if p != nil && p.Dir == root {
					t.Fatalf("%s: For = %s, want the deleted manifest gone", st.name, p.Manifest)
				}
				continue
			}
			if p == nil {
				t.Fatalf("%s: For = nil", st.name)
			}
			if p.Broken != st.broken {
				t.Fatalf("%s: Broken = %v, want %v", st.name, p.Broken, st.broken)
			}
			if st.broken && (p.HasDependency("express") || p.Name != "" || p.EnginesNode.Known) {
				t.Fatalf("%s: a broken package reports fields: %+v", st.name, p)
			}
			if got := p.Version("express").String(); got != st.version {
				t.Fatalf("%s: Version = %s, want %s", st.name, got, st.version)
			}
		}
		if n := w.count(manifest); n != st.warnings {
			t.Fatalf("%s: %d warnings, want %d", st.name, n, st.warnings)
		}
	}
}

func TestBrokenDependencySourcesWarnOncePerContent(t *testing.T) {
	tests := []struct {
		name, path, broken, brokenAgain string
	}{
		{"installed", "node_modules/express/package.json", `{"version": 4}`, `{"version": 5}`},
		{"package-lock.json", "package-lock.json", `{"packages": [1]}`, `{"packages": [2]}`},
		{"pnpm-lock.yaml", "pnpm-lock.yaml", "importers: [1]\n", "importers: [2]\n"},
		{"yarn.lock", "yarn.lock", "<<<<<<< ours\n", "<<<<<<< theirs\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := tree(t, map[string]string{
				"package.json": pkgJSON("express", "^4.5.0"),
				tt.path:        tt.broken,
			})
			broken := filepath.Join(root, filepath.FromSlash(tt.path))
			setMtime(t, broken, 0)
			var w warnings
			s := NewStore(w.fn)
			check := func(step string, warnings int) {
				t.Helper()
				for i := 0; i < 2; i++ {
					v := s.For(filepath.Join(root, "index.js")).Version("express")
					if v.String() != "4.5.0" || v.Source != SourceRange {
						t.Fatalf("%s: Version = %s from %q, want the range's 4.5.0", step, v, v.Source)
					}
				}
				if n := w.count(broken); n != warnings {
					t.Fatalf("%s: %d warnings, want %d", step, n, warnings)
				}
			}
			check("first read", 1)
			s.Invalidate(broken)
			check("invalidated, same content", 1)
			write(t, broken, tt.brokenAgain)
			setMtime(t, broken, time.Second)
			check("edited, still broken", 2)
		})
	}
}
