package pkginfo

import (
	"os"
	"path/filepath"
	"testing"
)

func TestForNearest(t *testing.T) {
	files := map[string]string{
		"package.json":                  `{"name": "root"}`,
		"src/lib/util.js":               "",
		"packages/api/package.json":     `{"name": "api"}`,
		"packages/web/package.json/x":   "", // a directory named package.json is not a manifest
		"node_modules/dep/package.json": `{"name": "dep", "version": "1.0.0"}`,
	}
	tests := []struct {
		name, file, want string // want is the owning manifest's name
	}{
		{"file in the package root", "index.js", "root"},
		{"file in a subdirectory", "src/lib/util.js", "root"},
		{"unsaved file in a missing directory", "src/new/dir/buffer.ts", "root"},
		{"nested package", "packages/api/src/routes/users.js", "api"},
		{"nested package root", "packages/api/index.js", "api"},
		{"directory named package.json is skipped", "packages/web/index.js", "root"},
		{"file inside node_modules belongs to that package", "node_modules/dep/lib/index.js", "dep"},
	}
	root := tree(t, files)
	s := NewStore(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := s.For(filepath.Join(root, filepath.FromSlash(tt.file)))
			if p == nil {
				t.Fatalf("For(%s) = nil, want %s", tt.file, tt.want)
			}
			if p.Name != tt.want {
				t.Errorf("For(%s).Name = %q, want %q", tt.file, p.Name, tt.want)
			}
			if filepath.Base(p.Manifest) != "package.json" || filepath.Dir(p.Manifest) != p.Dir || !filepath.IsAbs(p.Dir) {
				t.Errorf("Dir %q and Manifest %q are not an absolute directory and its package.json", p.Dir, p.Manifest)
			}
		})
	}
}

func TestForRelativePath(t *testing.T) {
	root := tree(t, map[string]string{"package.json": `{"name": "rel"}`})
	t.Chdir(root)
	p := NewStore(nil).For(filepath.Join("src", "index.js"))
	if p == nil || p.Name != "rel" || p.Dir != root {
		t.Fatalf("For(relative) = %+v, want the package in %s", p, root)
	}
}

func TestForWithoutManifest(t *testing.T) {
	root := t.TempDir()
	skipIfAncestorHas(t, root, "package.json")
	s := NewStore(nil)
	for _, file := range []string{
		filepath.Join(root, "index.js"),
		filepath.Join(root, "a", "b", "c.js"),
	} {
		if p := s.For(file); p != nil {
			t.Errorf("For(%s) = %s, want nil", file, p.Manifest)
		}
	}
	if p := s.For(""); p != nil {
		t.Errorf(`For("") = %s, want nil`, p.Manifest)
	}
}

func TestPackageFields(t *testing.T) {
	// fields are Package's exported fields other than Dir and Manifest.
	type fields struct {
		Name, Type     string
		HasBin, Broken bool
		EnginesNode    Version
	}
	tests := []struct {
		name, json string
		want       fields
	}{
		{
			name: "module with bin and engines",
			json: `{"name": "@acme/cli", "type": "module", "bin": "cli.js", "engines": {"node": ">=20.6"}}`,
			want: fields{Name: "@acme/cli", Type: "module", HasBin: true,
				EnginesNode: Version{Major: 20, Minor: 6, Known: true, Source: SourceRange}},
		},
		{
			name: "commonjs without bin",
			json: `{"name": "srv", "type": "commonjs", "engines": {"node": "^18.18.0 || >=20"}}`,
			want: fields{Name: "srv", Type: "commonjs",
				EnginesNode: Version{Major: 18, Minor: 18, Known: true, Source: SourceRange}},
		},
		{
			name: "nothing declared",
			json: `{}`,
		},
		{
			name: "broken",
			json: `{"name": "x", "type": "module", "dependencies": []}`,
			want: fields{Broken: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := tree(t, map[string]string{"package.json": tt.json})
			p := NewStore(nil).For(filepath.Join(root, "index.js"))
			if p == nil {
				t.Fatal("For = nil")
			}
			if p.Dir != root || p.Manifest != filepath.Join(root, "package.json") {
				t.Errorf("Dir, Manifest = %q, %q; want %q and its package.json", p.Dir, p.Manifest, root)
			}
			got := fields{Name: p.Name, Type: p.Type, HasBin: p.HasBin, Broken: p.Broken, EnginesNode: p.EnginesNode}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestHasDependency(t *testing.T) {
	root := tree(t, map[string]string{"package.json": `{
		"dependencies": {"express": "^4.21.2"},
		"devDependencies": {"jest": "^29"},
		"peerDependencies": {"pg": "^8"},
		"optionalDependencies": {"bufferutil": "^4"},
		"bundledDependencies": ["bundled"]
	}`})
	p := NewStore(nil).For(filepath.Join(root, "index.js"))
	tests := []struct {
		dep  string
		want bool
	}{
		{"express", true},
		{"jest", true},
		{"pg", true},
		{"bufferutil", true},
		{"bundled", false},
		{"koa", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := p.HasDependency(tt.dep); got != tt.want {
			t.Errorf("HasDependency(%q) = %v, want %v", tt.dep, got, tt.want)
		}
	}
}

func TestNilPackage(t *testing.T) {
	var p *Package
	if p.HasDependency("express") {
		t.Error("nil package has a dependency")
	}
	if v := p.Version("express"); v.Known {
		t.Errorf("nil package Version = %s, want unknown", v)
	}
}

func TestNearestNoticesCreatedAndDeletedManifests(t *testing.T) {
	root := tree(t, map[string]string{"package.json": `{"name": "root"}`})
	file := filepath.Join(root, "a", "b", "index.js")
	inner := filepath.Join(root, "a", "package.json")
	s := NewStore(nil)

	steps := []struct {
		name string
		do   func()
		want string // owning package name
	}{
		{"initially the root", func() {}, "root"},
		{"a nearer package.json appears", func() { write(t, inner, `{"name": "inner"}`) }, "inner"},
		{"a directory named package.json is not one", func() {
			if err := os.Remove(inner); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(inner, 0o755); err != nil {
				t.Fatal(err)
			}
		}, "root"},
		{"it becomes a file again", func() {
			if err := os.Remove(inner); err != nil {
				t.Fatal(err)
			}
			write(t, inner, `{"name": "inner"}`)
		}, "inner"},
		{"the nearer one is deleted", func() {
			if err := os.Remove(inner); err != nil {
				t.Fatal(err)
			}
		}, "root"},
	}
	for _, st := range steps {
		st.do()
		p := s.For(file)
		if p == nil || p.Name != st.want {
			t.Fatalf("%s: For = %+v, want package %q", st.name, p, st.want)
		}
	}

	// With no manifest left anywhere the answer becomes nil, and a
	// manifest created afterwards is found again.
	skipIfAncestorHas(t, root, "package.json")
	if err := os.Remove(filepath.Join(root, "package.json")); err != nil {
		t.Fatal(err)
	}
	if p := s.For(file); p != nil {
		t.Fatalf("after deleting every manifest For = %s, want nil", p.Manifest)
	}
	write(t, filepath.Join(root, "a", "b", "package.json"), `{"name": "b"}`)
	if p := s.For(file); p == nil || p.Name != "b" {
		t.Fatalf("after creating a/b/package.json For = %+v, want b", p)
	}
}

func TestNilWarnCallback(t *testing.T) {
	root := tree(t, map[string]string{
		"package.json":                          `{"dependencies": {"express": "^4"}, `,
		"sub/package.json":                      pkgJSON("express", "^4.0.0"),
		"sub/node_modules/express/package.json": `{"version": 4}`,
		"sub/package-lock.json":                 `{`,
	})
	s := NewStore(nil)
	if p := s.For(filepath.Join(root, "index.js")); p == nil || !p.Broken {
		t.Fatalf("For = %+v, want a broken package", p)
	}
	if v := s.For(filepath.Join(root, "sub", "index.js")).Version("express"); v.String() != "4.0.0" || v.Source != SourceRange {
		t.Fatalf("Version = %s from %q, want 4.0.0 from the range", v, v.Source)
	}
}
