package project

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// TestFactPassSparesByTheIndexItReads: the fact pass decides what no request-path fact
// names from the index the second judgement reads, not from the run's own results. A
// caller's index (the language server's) holding the facts of a handler file the run
// does not judge (an open document outside the folders walked) keeps store.js, which
// that handler calls, judged again and reported; with no such fact, it is spared.
func TestFactPassSparesByTheIndexItReads(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"package.json": `{"dependencies":{"express":"4.21.2"}}`,
		"app.js":       gateApp,
		"store.js":     storeSync,
	})
	d := driverFor(root)
	ctx := context.Background()
	app := d.Judge(ctx, filepath.Join(root, "app.js"), nil, nil)
	if len(app.Facts) == 0 {
		t.Fatal("app.js records no facts")
	}
	store := filepath.Join(root, "store.js")
	for _, withApp := range []bool{true, false} {
		facts := analysis.NewFactIndex()
		if withApp {
			facts.Update(app.Abs, app.PkgDir, app.Facts)
		}
		var reported []string
		before := Judgements.Load()
		err := d.Run(ctx, []string{store}, RunOptions{Facts: facts, Looks: func([]GateLook) {}}, func(r FileResult) {
			for _, f := range r.Findings {
				reported = append(reported, f.Rule)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		judged := Judgements.Load() - before
		blocked := slices.Contains(reported, "no-sync-fs-in-handler")
		if withApp && (!blocked || judged != 2) {
			t.Errorf("with the handler's facts in the index: judged %d times, reported %q; want judged again and no-sync-fs-in-handler", judged, reported)
		}
		if !withApp && (blocked || judged != 1) {
			t.Errorf("with no fact naming store.js: judged %d times, reported %q; want judged once (spared) and nothing blocking", judged, reported)
		}
	}
}
