package config

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// LookupAbove, with each directory's answer kept and handed to the directories below,
// gives every file the answer, the files consulted and the cleanliness Lookup gives:
// a nearer .nodecoach.json, a package.json's nodecoach key, one without it, a broken
// file, nothing up to the root, and the root's edge.
func TestLookupAboveGivesLookupsAnswers(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "ws")
	files := map[string]string{
		".nodecoach.json":                    `{"rules":{"no-helmet":"off"}}`, // above the root: never applies
		"ws/package.json":                    `{"name":"top"}`,
		"ws/a/b/c/x.js":                      "",
		"ws/a/.nodecoach.json":               `{"rules":{"no-sync-fs-in-handler":"error"}}`,
		"ws/a/b/package.json":                `{"nodecoach":{"rules":{"cors-allow-all":"off"}}}`,
		"ws/a/b/c/d/y.js":                    "",
		"ws/broken/.nodecoach.json":          `{"rules":`,
		"ws/broken/deeper/z.js":              "",
		"ws/plain/deeper/still/w.js":         "",
		"ws/plain/deeper/still/package.json": `{"name":"inner"}`,
	}
	for name, text := range files {
		write(t, filepath.Join(base, filepath.FromSlash(name)), text)
	}
	type answer struct {
		cfg       *Config
		consulted []string
		clean     bool
	}
	kept := map[string]answer{}
	roots := safefs.NewRoots(root)
	plain, withAbove := NewStore(known, nil), NewStore(known, nil)
	plain.Confine(roots)
	withAbove.Confine(roots)
	var lookup func(file string) answer
	lookup = func(file string) answer {
		if a, ok := kept[filepath.Dir(file)]; ok {
			return a
		}
		cfg, consulted, clean := withAbove.LookupAbove(file, func(above string) (*Config, []string, bool) {
			a := lookup(above)
			return a.cfg, a.consulted, a.clean
		})
		kept[filepath.Dir(file)] = answer{cfg, consulted, clean}
		return kept[filepath.Dir(file)]
	}
	for _, rel := range []string{"a/b/c/d/y.js", "a/b/c/x.js", "a/q.js", "broken/deeper/z.js", "plain/deeper/still/w.js", "plain/deeper/v.js", "top.js"} {
		file := filepath.Join(root, filepath.FromSlash(rel))
		wantCfg, wantConsulted, wantClean := plain.Lookup(file)
		got := lookup(file)
		if !slices.Equal(got.consulted, wantConsulted) || got.clean != wantClean || (got.cfg == nil) != (wantCfg == nil) ||
			(wantCfg != nil && !slices.Equal(sortedRules(got.cfg), sortedRules(wantCfg))) {
			t.Errorf("%s: got %v %v %v, want %v %v %v", rel, got.cfg, got.consulted, got.clean, wantCfg, wantConsulted, wantClean)
		}
	}
	if len(kept) < 6 {
		t.Errorf("only %d directories answered: the directories above were not asked", len(kept))
	}
}

func sortedRules(c *Config) []string {
	var out []string
	for id, level := range c.Rules {
		out = append(out, id+"="+level)
	}
	slices.Sort(out)
	return out
}
