package resolve

import (
	"strings"
	"sync"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// sharedApp has what the resolver works out lazily: declarators resolved through
// other declarators, a parameter typed by its own name, handler parameters, callbacks
// of well-known APIs, and a cycle.
const sharedApp = `const express = require('express');
const fs = require('fs');
const { promises: fsp } = fs;
const app = express();
const read = fs.readFileSync;
const a = b.x, b = a.y;
function typed(e: e) { return e; }
app.get('/', async (req, res) => {
  const body = req.body;
  const data = read(body.path);
  res.send(await fsp.readFile(data));
});
process.on('uncaughtException', (err) => { console.error(err.message); });
function later(req, res) { res.json(fs.statSync(req.query.p)); }
app.post('/p', later);
`

// answers are what a resolver says about every identifier, member and call of src.
func answers(r *Resolver, tree *sitter.Tree) []string {
	var out []string
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		switch syntax.Kind(n) {
		case "identifier", "member_expression":
			out = append(out, r.Value(n).Canonical())
		case "call_expression":
			f := r.CallFacts(n)
			out = append(out, f.Callee.Canonical()+" "+f.Method)
		}
		for i := uint(0); i < n.NamedChildCount(); i++ {
			walk(n.NamedChild(i))
		}
	}
	walk(tree.RootNode())
	for _, h := range r.Handlers() {
		out = append(out, syntax.Text(h.Func, r.src)[:8])
	}
	return out
}

// A resolver answers many goroutines at once as it answers one: with -race, a lazy
// write that another reader sees fails, and every goroutine's answers are those of a
// resolver asked on its own.
func TestResolverAnswersConcurrentReaders(t *testing.T) {
	alone, tree := parse(t, syntax.TypeScript, sharedApp)
	want := strings.Join(answers(alone, tree), "\n")
	shared := Build(tree.RootNode(), []byte(sharedApp), nil, Options{Express: true})
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = strings.Join(answers(shared, tree), "\n")
		}()
	}
	wg.Wait()
	for i, g := range got {
		if g != want {
			t.Errorf("reader %d answered otherwise than a resolver of its own:\n%s\nwant:\n%s", i, g, want)
		}
	}
	if !strings.Contains(want, "fs.readFileSync") || !strings.Contains(want, "express.response") {
		t.Errorf("the answers miss what the file resolves to:\n%s", want)
	}
}

// Windows built on one base from several goroutines, while others read the base,
// answer as a window built alone: the base's memo and roles are shared safely.
func TestWindowsShareTheirBase(t *testing.T) {
	base, tree := parse(t, syntax.TypeScript, sharedApp)
	stmt := nodeAt(t, tree, sharedApp, "process.on('uncaughtException', (err) => { console.error(err.message); });")
	span := Span{Start: stmt.StartByte(), End: stmt.EndByte()}
	inside, outside := nodeAt(t, tree, sharedApp, "err.message"), nodeAt(t, tree, sharedApp, "fs.statSync")
	window := func() string {
		w := Window(base, stmt, span, span, []byte(sharedApp), nil, Options{Express: true})
		return w.Value(inside).Canonical() + " " + w.Value(outside).Canonical()
	}
	want := window()
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if got := window(); got != want {
				t.Errorf("a window built beside others answered %q, want %q", got, want)
			}
		}()
		go func() {
			defer wg.Done()
			answers(base, tree)
		}()
	}
	wg.Wait()
	if !strings.Contains(want, "fs.statSync") {
		t.Errorf("the window did not answer for the rest of the file: %q", want)
	}
}
