package rules

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// wideApp is an Express app in which every rule that reads the whole file may fire:
// the app is served without helmet or x-powered-by turned off, an error middleware
// is registered before a route, handlers read files synchronously and await outside
// a try, a local wrapper forwards rejections to next.
const wideApp = `const fs = require('fs');
const express = require('express');
const cors = require('cors');
const app = express();
app.use(cors());
const safe = (fn) => (req, res, next) => fn(req, res, next).catch(next);

app.use((err, req, res, next) => {
  res.status(500).send(err.stack);
});

app.get('/a/:id', async (req, res) => {
  const page = fs.readFileSync('./a.html', 'utf8');
  const item = await db.items.findById(req.params.id);
  res.send(page + item.name);
});

app.post('/b', safe(async (req, res, next) => {
  try {
    res.json(await db.items.create(req.body));
  } catch (err) {
    next(err);
  }
}));

function routes(router) {
  router.get('/c', (req, res) => {
    res.send('c');
  });
}

app.listen(3000);
`

// keystrokes types text into src at offset at, a character per edit, then deletes it
// the same way, with every rule on and express in package.json: after each keystroke
// the result of Recheck from the previous one must be a whole check's, findings and
// facts. It returns how many keystrokes were checked one statement at a time.
func keystrokes(t *testing.T, src string, at int, text string) int {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies":{"express":"^4.18.0","cors":"^2.8.5"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "app.js")
	ctx, all, pkg, lang := context.Background(), All(), pkgOf(path), syntax.JavaScript
	cur := []byte(src)
	file, prev, err := analysis.Recheck(ctx, path, lang, cur, nil, nil, nil, pkg, all, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fast := 0
	for i := range 2 * len(text) {
		var next []byte
		var edit source.Edit
		if i < len(text) {
			next, edit = source.Replace(cur, uint(at+i), uint(at+i), text[i:i+1])
		} else {
			end := uint(at + 2*len(text) - i)
			next, edit = source.Replace(cur, end-1, end, "")
		}
		old := analysis.Edited(file.Tree, []source.Edit{edit})
		f, res, err := analysis.Recheck(ctx, path, lang, next, old, []source.Edit{edit}, &prev, pkg, all, analysis.Options{})
		old.Close()
		if err != nil {
			t.Fatal(err)
		}
		whole, want, err := analysis.Check(ctx, path, lang, next, nil, pkg, all, analysis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		whole.Tree.Close()
		if !reflect.DeepEqual(res.Findings, want.Findings) || !reflect.DeepEqual(res.Facts, want.Facts) {
			t.Errorf("after the keystroke giving\n%s\nRecheck (one statement: %v) reports\n  %s\nbut a whole check reports\n  %s",
				next, res.Incremental(), findingList(res.Findings, next), findingList(want.Findings, next))
		}
		if res.Incremental() {
			fast++
		}
		prev.Release()
		file.Tree.Close()
		cur, file, prev = next, f, res
	}
	prev.Release()
	file.Tree.Close()
	return fast
}

// Typing into the handlers of an app that every whole-file rule looks at. Inside a
// handler, the keystrokes that leave the file's shape are checked one statement at a
// time, and so are the half-typed ones that swallow the call after them (all of them
// before next(err), the rules that keep their findings being KnownOnly); the verdict
// of express-async-missing-next is the statement's own (StatementWise), so inside a
// handler it flags the keystrokes are checked one statement at a time too, its fix
// (the body wrapped in a try) made again from the new text. Inside the error
// middleware a fix moves after the routes they are checked whole, the fix holding the
// old text. A route or helmet() added in a function and a wrapper
// changed are followed keystroke by keystroke too. Every result is a whole check's.
func TestRecheckTypingIntoAnExpressApp(t *testing.T) {
	const all, some, none, either = "all", "some", "none", ""
	cases := []struct {
		name, before, text string
		fast               string // whether some keystroke is checked one statement at a time
	}{
		{"a line before a handler's next(err)", "    next(err);", "const typed = value + 1; ", all},
		{"a line in a handler registered in a function", "    res.send('c')", "const typed = value + 1;\n", some},
		{"a line in a handler a fix rewrites", "  const item = await", "const typed = value + 1;\n", some},
		{"a half-typed line in a handler a fix rewrites", "  const item = await", "const typed = v", some},
		{"a line before next(err) in a wrapped handler", "    next(err);\n  }\n}));", "const typed = v", some},
		{"a line in the error middleware a fix moves", "  res.status(500)", "let typed = 2 * value;\n", none},
		{"a route added in a function", "  router.get('/c'", "router.post('/d', (req, res) => res.send(fs.readFileSync('d')));\n", either},
		{"helmet added in a function", "  router.get('/c'", "app.use(require('helmet')());\n", either},
		{"x-powered-by turned off in a function", "  router.get('/c'", "app.disable('x-powered-by');\n", either},
		{"the wrapper changed", "fn(req, res, next).catch(next)", "void ", either},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			at := strings.Index(wideApp, tc.before)
			if at < 0 {
				t.Fatalf("no %q in the app", tc.before)
			}
			fast := keystrokes(t, wideApp, at, tc.text)
			if tc.fast == all && fast < 2*len(tc.text) || tc.fast == some && fast == 0 || tc.fast == none && fast > 0 {
				t.Errorf("%d keystrokes were checked one statement at a time, want %s", fast, tc.fast)
			}
		})
	}
}
