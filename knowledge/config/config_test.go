package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

var known = Known{
	"no-sync-fs-in-handler": {{Name: "asyncContext", Type: Enum, Default: "off", Allowed: []string{"off", "hint"}}},
	"cors-allow-all":        nil,
	"unused-suppression":    nil,
}

func TestParse(t *testing.T) {
	cases := []struct {
		name, json, err string // err: a substring of the expected error, "" for valid
	}{
		{"empty", `{}`, ""},
		{"all keys", `{"rules": {"cors-allow-all": "off", "no-sync-fs-in-handler": "error"}, "exclude": ["legacy/**"], "wrappers": ["safe"], "handlerTier": "typed", "asyncContext": "off"}`, ""},
		{"unknown rule", `{"rules": {"no-such-rule": "off"}}`, `unknown rule "no-such-rule"`},
		{"bad level", `{"rules": {"cors-allow-all": "loud"}}`, `level "loud"`},
		{"unknown key", `{"rulez": {}}`, `unknown setting "rulez"`},
		{"wrong type", `{"exclude": "dist/**"}`, `"exclude" must be`},
		{"bad glob", `{"exclude": ["[a-"]}`, `invalid glob`},
		{"bad tier", `{"handlerTier": "maybe"}`, `handlerTier "maybe"`},
		{"bad async context", `{"asyncContext": "warning"}`, `rule "no-sync-fs-in-handler": option "asyncContext": "warning" is not one of off, hint`},
		{"broken JSON", `{"rules": `, `invalid JSON`},
		{"bad JSON", `{"rules": }`, `invalid JSON at byte`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.json), known)
			if tc.err == "" {
				if err != nil || c == nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("error %v, want it to mention %q", err, tc.err)
			}
		})
	}
}

func TestSettingsIgnoreEditorKeys(t *testing.T) {
	c, err := ParseSettings([]byte(`{"enable": true, "path": "/x", "trace": {"server": "off"}, "rules": {"cors-allow-all": "hint"}}`), known)
	if err != nil || c.Rules["cors-allow-all"] != "hint" {
		t.Fatalf("settings %+v %v", c, err)
	}
	if _, err := ParseSettings([]byte(`{"rules": {"cors-allow-all": 3}}`), known); err == nil {
		t.Error("a wrongly typed rule level must be an error in settings too")
	}
}

func TestMergeLetsSettingsWin(t *testing.T) {
	file := &Config{Rules: map[string]string{"cors-allow-all": "off", "no-sync-fs-in-handler": "error"}, Exclude: []string{"a/**"}, HandlerTier: "typed"}
	editor := &Config{Rules: map[string]string{"cors-allow-all": "warning"}, Exclude: []string{"b/**"}, AsyncContext: "off"}
	m := Merge(file, editor)
	if m.Rules["cors-allow-all"] != "warning" || m.Rules["no-sync-fs-in-handler"] != "error" || m.HandlerTier != "typed" || m.AsyncContext != "off" || len(m.Exclude) != 2 {
		t.Errorf("merged %+v", m)
	}
	if Merge(nil, nil) == nil {
		t.Error("merging nothing gives the defaults, not nil")
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestStoreFindsNearestAndReportsOnce(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, FileName), `{"rules": {"cors-allow-all": "off"}}`)
	write(t, filepath.Join(root, "pkg", "package.json"), `{"name": "p", "nodecoach": {"rules": {"cors-allow-all": "error"}}}`)
	write(t, filepath.Join(root, "other", "package.json"), `{"name": "o"}`)
	var problems []string
	s := NewStore(known, func(path string, err error) { problems = append(problems, filepath.Base(path)+": "+err.Error()) })
	s.Confine(safefs.NewRoots(root))

	if c := s.For(filepath.Join(root, "pkg", "src", "app.js")); c == nil || c.Rules["cors-allow-all"] != "error" {
		t.Errorf("package.json key: %+v", c)
	}
	if c := s.For(filepath.Join(root, "other", "app.js")); c == nil || c.Rules["cors-allow-all"] != "off" {
		t.Errorf("a package.json without the key lets the search go on to the root file: %+v", c)
	}
	// Break the root file: one report, defaults (nil), however often it is asked.
	write(t, filepath.Join(root, FileName), `{"rules": {"cors-allow-all": "shout"}}`)
	future := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(root, FileName), future, future)
	for range 3 {
		if c := s.For(filepath.Join(root, "app.js")); c != nil {
			t.Errorf("a broken configuration gives the defaults, got %+v", c)
		}
	}
	if len(problems) != 1 || !strings.Contains(problems[0], `level "shout"`) {
		t.Errorf("want one problem naming the file and the level, got %q", problems)
	}
	write(t, filepath.Join(root, "bad", "package.json"), `{"nodecoach": []}`)
	if c := s.For(filepath.Join(root, "bad", "x.js")); c != nil || len(problems) != 2 {
		t.Errorf("a non-object nodecoach key is reported: %+v %q", c, problems)
	}
}

// TestSearchStopsAtTheRoot: a .nodecoach.json above the project (a shared /tmp, a home
// directory) once applied to it and could turn every rule off. The search stops at the
// root that holds the file; outside every root, at the repository (.git), else at the
// file's own directory.
func TestSearchStopsAtTheRoot(t *testing.T) {
	above := t.TempDir()
	write(t, filepath.Join(above, FileName), `{"rules": {"cors-allow-all": "off"}}`)
	write(t, filepath.Join(above, "package.json"), `{"nodecoach": {"rules": {"cors-allow-all": "off"}}}`)
	repo := filepath.Join(above, "repo")
	os.MkdirAll(filepath.Join(repo, ".git"), 0o755)
	write(t, filepath.Join(repo, "pkg", "package.json"), `{"name": "p"}`)
	loose := filepath.Join(above, "loose")

	for _, tc := range []struct {
		name  string
		roots *safefs.Roots
		file  string
	}{
		{"in a workspace folder", safefs.NewRoots(filepath.Join(repo, "pkg")), filepath.Join(repo, "pkg", "src", "app.js")},
		{"in a repository, no folder", nil, filepath.Join(repo, "pkg", "src", "app.js")},
		{"in no repository", nil, filepath.Join(loose, "app.js")},
	} {
		s := NewStore(known, nil)
		s.Confine(tc.roots)
		if c := s.For(tc.file); c != nil {
			t.Errorf("%s: the configuration above the project applied: %+v", tc.name, c)
		}
	}
	// The same file inside the root applies.
	s := NewStore(known, nil)
	s.Confine(safefs.NewRoots(above))
	if c := s.For(filepath.Join(repo, "pkg", "src", "app.js")); c == nil || c.Rules["cors-allow-all"] != "off" {
		t.Errorf("inside the root the file applies: %+v", c)
	}
}

// TestHostileConfigurationFiles: a .nodecoach.json linked to a device or out of the
// project, or a FIFO, is reported once with the reason, without blocking or reading
// it, and the defaults apply.
func TestHostileConfigurationFiles(t *testing.T) {
	for name, plant := range map[string]func(path string) error{
		"link to /dev/zero":    func(p string) error { return os.Symlink("/dev/zero", p) },
		"link to /dev/urandom": func(p string) error { return os.Symlink("/dev/urandom", p) },
		"link to /dev/stdin":   func(p string) error { return os.Symlink("/dev/stdin", p) },
		"FIFO":                 func(p string) error { return syscall.Mkfifo(p, 0o644) },
	} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			if err := plant(filepath.Join(root, FileName)); err != nil {
				t.Skipf("cannot make a %s here: %v", name, err)
			}
			var problems []string
			s := NewStore(known, func(path string, err error) { problems = append(problems, filepath.Base(path)+": "+err.Error()) })
			s.Confine(safefs.NewRoots(root))
			done := make(chan *Config, 1)
			go func() {
				for range 3 {
					s.For(filepath.Join(root, "app.js"))
				}
				done <- s.For(filepath.Join(root, "app.js"))
			}()
			select {
			case c := <-done:
				if c != nil {
					t.Errorf("want the defaults, got %+v", c)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the lookup blocked")
			}
			if len(problems) != 1 || !strings.HasPrefix(problems[0], FileName+": not read: ") {
				t.Errorf("problems %q, want one naming the file and why it was not read", problems)
			}
		})
	}
}
