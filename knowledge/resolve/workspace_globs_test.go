package resolve

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
)

// A fixed segment of a workspace glob that is a link is not entered, whatever it leads
// to: `packages/linked/*` with packages/linked a link to a folder outside lists
// nothing there, nor does a link to a folder inside the workspace (where its files
// could be read) make its packages the globs'. A fixed node_modules segment is not
// entered either. The package of a
// plain folder the same globs name is found, so the setup itself reads packages.
func TestWorkspaceGlobsEnterNoLinkOrNodeModules(t *testing.T) {
	outside, root := t.TempDir(), t.TempDir()
	writeTree(t, outside, map[string]string{"far/package.json": `{"name": "far", "main": "index.js"}`, "far/index.js": wsSpecJS})
	writeTree(t, root, map[string]string{
		"package.json":                     `{"name": "root", "workspaces": ["packages/linked/*", "packages/inner/*", "node_modules/*", "packages/plain/*"]}`,
		"packages/api/index.js":            "",
		"packages/plain/near/package.json": `{"name": "near", "main": "index.js"}`,
		"packages/plain/near/index.js":     wsSpecJS,
		"elsewhere/mid/package.json":       `{"name": "mid", "main": "index.js"}`,
		"elsewhere/mid/index.js":           wsSpecJS,
		"node_modules/dep/package.json":    `{"name": "dep", "main": "index.js"}`,
		"node_modules/dep/index.js":        wsSpecJS,
	})
	if err := os.Symlink(outside, filepath.Join(root, "packages", "linked")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink(filepath.Join(root, "elsewhere"), filepath.Join(root, "packages", "inner")); err != nil {
		t.Fatal(err)
	}
	w := NewWorkspaceModules(pkginfo.NewStore(nil))
	importer := filepath.Join(root, "packages/api/index.js")
	if _, ok := w.Source(importer, "near"); !ok {
		t.Fatal("the package of a plain folder the globs name is not found")
	}
	if file, ok := w.Source(importer, "far"); ok {
		t.Errorf("listed a linked folder: read %s", file)
	}
	if file, ok := w.Source(importer, "mid"); ok {
		t.Errorf("listed a folder through a link: read %s", file)
	}
	if file, ok := w.Source(importer, "dep"); ok {
		t.Errorf("entered node_modules: read %s", file)
	}
}
