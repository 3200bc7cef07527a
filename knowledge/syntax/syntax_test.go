package syntax

import (
	"context"
	"strings"
	"testing"
)

func TestLanguageSelection(t *testing.T) {
	cases := []struct {
		path, id string
		want     Language
	}{
		{"a.js", "", JavaScript}, {"a.mjs", "", JavaScript}, {"a.cjs", "", JavaScript}, {"a.jsx", "", JavaScript},
		{"a.ts", "", TypeScript}, {"a.mts", "", TypeScript}, {"a.cts", "", TypeScript}, {"a.tsx", "", TSX},
		{"A.JS", "", JavaScript}, {"a.json", "", Unknown}, {"a.d.ts", "", TypeScript},
		{"untitled-1", "javascript", JavaScript}, {"x", "javascriptreact", JavaScript},
		{"x", "typescript", TypeScript}, {"x.tsx", "typescript", TSX}, {"x", "typescriptreact", TSX},
		{"x.ts", "plaintext", TypeScript}, {"x", "python", Unknown},
	}
	for _, tc := range cases {
		if got := ForLanguageID(tc.id, tc.path); got != tc.want {
			t.Errorf("ForLanguageID(%q, %q) = %v, want %v", tc.id, tc.path, got, tc.want)
		}
	}
}

func TestParseEachGrammar(t *testing.T) {
	cases := []struct {
		lang Language
		src  string
		kind string // a node kind only this grammar produces for src
	}{
		{JavaScript, "const a = <div>{x}</div>;", "jsx_element"},
		{TypeScript, "const a = <T>x; let b: number = 1;", "type_assertion"},
		{TSX, "const a = <div>{x as number}</div>;", "as_expression"},
	}
	for _, tc := range cases {
		tree, err := Parse(context.Background(), tc.lang, []byte(tc.src), nil)
		if err != nil {
			t.Fatal(err)
		}
		if tree.RootNode().HasError() || !containsKind(tree.RootNode().ToSexp(), tc.kind) {
			t.Errorf("%v: %s", tc.lang, tree.RootNode().ToSexp())
		}
		Close(tree)
	}
}

func containsKind(sexp, kind string) bool { return strings.Contains(sexp, "("+kind) }

func TestParseCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	big := make([]byte, 0, 1<<20)
	for len(big) < 1<<20 {
		big = append(big, "function f() { return [1, 2, 3].map(x => x * 2); }\n"...)
	}
	if tree, err := Parse(ctx, JavaScript, big, nil); err == nil {
		Close(tree)
		t.Fatal("a cancelled parse must return the context's error")
	}
	// The parser went back to the pool reset: the next parse works.
	tree, err := Parse(context.Background(), JavaScript, []byte("let a = 1;"), nil)
	if err != nil || tree.RootNode().HasError() {
		t.Fatalf("parse after a cancelled one: %v", err)
	}
	Close(tree)
}

func TestStringValue(t *testing.T) {
	src := []byte("a('fs', `fs`, `a${b}`, \"node:fs\", x)")
	tree, _ := Parse(context.Background(), JavaScript, src, nil)
	defer Close(tree)
	args := Field(tree.RootNode().NamedChild(0).NamedChild(0), "arguments")
	want := []struct {
		s  string
		ok bool
	}{{"fs", true}, {"fs", true}, {"", false}, {"node:fs", true}, {"", false}}
	for i, w := range want {
		s, ok := StringValue(args.NamedChild(uint(i)), src)
		if s != w.s || ok != w.ok {
			t.Errorf("arg %d: %q %v, want %q %v", i, s, ok, w.s, w.ok)
		}
	}
}

// The head of a function is its name, parameters and keywords, or the name it is
// assigned to; its body is not.
func TestFunctionHeadAt(t *testing.T) {
	src := "exports.list = async (req, res) => { res.end(); };\nconst show = function (a) { return a; };\nclass C { async get(q) { q(); } }\nfoo(1);\n"
	tree, err := Parse(context.Background(), JavaScript, []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(tree)
	cases := []struct {
		at   string // the text the offset points into (its first occurrence)
		want string // the start of the function found, "" for none
	}{
		{"list", "async (req, res)"},
		{"req,", "async (req, res)"},
		{"res.end", ""},
		{"show", "function (a)"},
		{"get(q)", "async get(q)"},
		{"q();", ""},
		{"foo", ""},
	}
	for _, tc := range cases {
		fn := FunctionHeadAt(tree.RootNode(), uint(strings.Index(src, tc.at)))
		got := ""
		if fn != nil {
			got = src[fn.StartByte():]
		}
		if !strings.HasPrefix(got, tc.want) || (tc.want == "") != (fn == nil) {
			t.Errorf("at %q: found %.20q, want one starting %q", tc.at, got, tc.want)
		}
	}
}
