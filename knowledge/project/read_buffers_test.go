package project

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestReadBuffersNeverReuseAHeldText: a run reads the files it does not parse into
// buffers it reuses, so a parsed file's text, which its result holds, must never be
// one of them. Two files parsed come before hundreds that are read and dropped
// unparsed, each a little shorter than the first two and of other bytes: a text given
// back to the pool would be overwritten by the next read.
func TestReadBuffersNeverReuseAHeldText(t *testing.T) {
	// A deprecated cluster API: parsed in the first pass, and judged once, with no
	// fact of another file to wait for, before the files after it are read.
	master := "const cluster = require('cluster');\nif (cluster.isMaster) {\n  cluster.fork();\n  cluster.on('exit', () => cluster.fork());\n}\n"
	files := map[string]string{
		"package.json": `{"name": "tool"}`, // no web framework: nothing is judged again
		"a/master.js":  master,
		"a/master2.js": strings.Replace(master, "isMaster", "isMaster && !process.env.SOLO", 1),
	}
	for i := range 300 {
		// No rule can fire in these: read, looked at and dropped.
		text := fmt.Sprintf("// plain %03d\nmodule.exports = %d;\n", i, i)
		files[fmt.Sprintf("b/plain%03d.js", i)] = text + strings.Repeat("/", len(master)-len(text)-8) + "\n"
	}
	d, paths := testDriver(t, files)
	var (
		mu   sync.Mutex
		held = map[string][]byte{}
	)
	if err := d.Run(context.Background(), paths, RunOptions{}, func(r FileResult) {
		if r.Src != nil {
			mu.Lock()
			held[r.Abs] = r.Src
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if len(held) < 2 {
		t.Fatalf("want the two parsed texts held by their results, got %d", len(held))
	}
	for abs, src := range held {
		disk, err := os.ReadFile(abs)
		if err != nil {
			t.Fatal(err)
		}
		if string(src) != string(disk) {
			t.Errorf("%s: the result's text changed after the run:\n%q\nwant\n%q", filepath.Base(abs), src, disk)
		}
	}
}

// TestReadContentInto reads into the spare buffer's storage when the file fits it, and
// into a buffer of its own when it does not, whole either way.
func TestReadContentInto(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"small.js": "x = 1;\n", "large.js": strings.Repeat("y", 5000)})
	roots := ProjectRoots([]string{root})
	spare := make([]byte, 0, 64)
	small, err := roots.ReadContentInto(filepath.Join(root, "small.js"), 1<<20, spare)
	if err != nil || string(small) != "x = 1;\n" {
		t.Fatalf("small: %q, %v", small, err)
	}
	if &small[:1][0] != &spare[:1][0] {
		t.Error("the small file was not read into the spare buffer")
	}
	large, err := roots.ReadContentInto(filepath.Join(root, "large.js"), 1<<20, spare)
	if err != nil || len(large) != 5000 {
		t.Fatalf("large: %d bytes, %v", len(large), err)
	}
	if string(small) != "x = 1;\n" {
		t.Error("reading a file that does not fit wrote into the spare buffer")
	}
}
