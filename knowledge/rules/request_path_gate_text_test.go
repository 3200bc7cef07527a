package rules

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// A specifier the gate does not key (mayNameModuleFile) has a module key that no
// file owns, wherever the file is: leaving it out changes no answer of the gate.
func TestUnkeyedSpecifiersNameNoFile(t *testing.T) {
	root := t.TempDir()
	files := []string{"index.js", "a.js", "express.ts", "src/index.ts", "src/util.mjs", "src/routes/user.js", "lib/fs/index.cjs", "@/x.js", "~.js", "#a.js"}
	specs := []string{"", "express", "fs", "node:fs", "index", "a", "util", "@", "~", "#a", "a.js", "use strict", "GET /x", "./a", "../src/util", ".", "src/util", "@/x", "routes/user", "@scope/pkg", "lib/fs"}
	deps := func(pkg string) bool { return pkg == "express" || pkg == "@scope/pkg" }
	var own []string
	for _, f := range files {
		own = append(own, resolve.OwnModuleKeys(filepath.Join(root, f))...)
	}
	keyed := 0
	for _, importer := range files {
		for _, spec := range specs {
			key, ok := resolve.ModuleKey(filepath.Join(root, importer), resolve.NormalizeModule(spec), deps)
			if mayNameModuleFile([]byte(spec)) {
				keyed++
				continue
			}
			if ok && slices.Contains(own, key) {
				t.Errorf("specifier %q in %s is not keyed, but names a file: %s", spec, importer, key)
			}
		}
	}
	if keyed == 0 {
		t.Fatal("no specifier was keyed")
	}
}
