package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The facts gate and the cannot-reject facts: an Express 4 handler awaits save() of
// store.js, whose try/catch makes it unable to reject, so the handler's await is
// guarded only once store.js's fact is read.

const (
	rejectApp = "const express = require('express');\nconst { save } = require('./store');\nconst app = express();\n" +
		"app.get('/', async (req, res) => {\n  await save();\n  res.send('ok');\n});\napp.listen(3000);\n"
	rejectAppAlone = "const express = require('express');\nconst app = express();\n" +
		"app.get('/', async (req, res) => {\n  res.send('ok');\n});\napp.listen(3000);\n"
	storeSettles = "exports.save = async function save() {\n  try {\n    await fetch('http://localhost/');\n  } catch (e) {\n    console.log(e);\n  }\n};\n"
	storeRejects = "exports.save = async function save() {\n  await fetch('http://localhost/');\n};\n"
)

func rejectTree(app, store string) map[string]string {
	return map[string]string{
		"package.json": `{"dependencies":{"express":"4.21.2"}}`,
		"app.js":       app,
		"store.js":     store,
		"unused.js":    "exports.tidy = async function tidy() {\n  return 1;\n};\n",
	}
}

// asyncFindings are the files holding an express-async-missing-next finding among got.
func asyncFindings(got []string) []string {
	var out []string
	for _, f := range got {
		if fields := strings.Fields(f); fields[1] == "express-async-missing-next" {
			out = append(out, fields[0])
		}
	}
	return out
}

// checkParsed is checkTree, with the number of files parsed.
func checkParsed(t *testing.T, root, location string) ([]string, int64) {
	t.Helper()
	before := Parses.Load()
	got, _ := checkTree(t, root, location)
	return got, Parses.Load() - before
}

// TestFactsGateParsesOnlyReadCannotRejectFacts: a check reads store.js's fact (the
// handler's await is guarded: no finding; where store.js can reject, the handler is
// reported, so the answer rests on the fact), and parses no more with unused.js, an
// async file no file names, than without it; nor with store.js once no file names it.
func TestFactsGateParsesOnlyReadCannotRejectFacts(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, rejectTree(rejectApp, storeSettles))
	got, parsed := checkParsed(t, root, "")
	if f := asyncFindings(got); len(f) != 0 {
		t.Errorf("findings %q: the handler awaits a call that cannot reject", f)
	}
	if err := os.Remove(filepath.Join(root, "unused.js")); err != nil {
		t.Fatal(err)
	}
	if _, without := checkParsed(t, root, ""); without != parsed {
		t.Errorf("parsed %d files with unused.js, %d without it: want it not parsed", parsed, without)
	}
	writeTree(t, root, map[string]string{"store.js": storeRejects})
	if got, _ := checkTree(t, root, ""); strings.Join(asyncFindings(got), " ") != "app.js" {
		t.Errorf("findings %q, want the handler's await in app.js", got)
	}
	writeTree(t, root, map[string]string{"app.js": rejectAppAlone})
	_, named := checkParsed(t, root, "")
	if err := os.Remove(filepath.Join(root, "store.js")); err != nil {
		t.Fatal(err)
	}
	if _, without := checkParsed(t, root, ""); without != named {
		t.Errorf("parsed %d files with store.js, %d without it: want it not parsed once no file names it", named, without)
	}
}

// TestCachedGateJudgesAFileWhoseCannotRejectFactsBecomeRead: in the first run no file
// names store.js, so its entry lacks its facts; once the handler awaits its save, the
// warm run judges store.js for them and the await is guarded, as in a cold run and a
// check without a cache.
func TestCachedGateJudgesAFileWhoseCannotRejectFactsBecomeRead(t *testing.T) {
	root, caches := t.TempDir(), t.TempDir()
	writeTree(t, root, rejectTree(rejectAppAlone, storeSettles))
	warmCache := filepath.Join(caches, "warm")
	checkTree(t, root, warmCache)
	writeTree(t, root, map[string]string{"app.js": rejectApp})
	warm, _ := checkTree(t, root, warmCache)
	cold, _ := checkTree(t, root, filepath.Join(caches, "cold"))
	none, _ := checkTree(t, root, "")
	if w, c, n := strings.Join(warm, "\n"), strings.Join(cold, "\n"), strings.Join(none, "\n"); w != n || c != n {
		t.Errorf("findings differ:\nwarm:\n%s\ncold:\n%s\nwithout a cache:\n%s", w, c, n)
	}
	if f := asyncFindings(warm); len(f) != 0 {
		t.Errorf("warm findings %q: the handler awaits a call that cannot reject", f)
	}
}
