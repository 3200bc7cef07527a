package analysis

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// The pair a handler gate asks for: the request's name and what follows it, then the
// response's name and what follows it.
var (
	listFirst = []string{"req,", "req:", "req ="}
	listThen  = []string{"res,", "res:", "res)", "res\n", "res "}
)

func TestInOneList(t *testing.T) {
	cases := []struct {
		name, src string
		want      bool
	}{
		{"a plain list", "app.use((err, req, res, next) => next());", true},
		{"names are case-sensitive", "function H(err, REQ, Res) {} function h(Req, res) {}", false},
		{"capitals around the names", "function H(err: Request, req: Request, res: Response) {}", true},
		{"lines of their own", "function h(\n  err,\n  req,\n  res\n) {}", true},
		{"a type with arguments and a comma", "(req: Request<{ id: string }, any, Body>, res: Response) => {}", true},
		{"a type literal with a semicolon", "(req: { a: string; b: number }, res: Response) => {}", true},
		{"a function type", "(req: (a: string) => void, res) => {}", true},
		{"a default value with a call", "function h(req = make(1, 2), res) {}", true},
		{"a default string holding a closer", "function h(req = ')', res) {}", true},
		{"an escaped quote in a default string", `function h(req = 'a\')', res) {}`, true},
		{"a block comment between", "function h(req, /* ) the response */ res) {}", true},
		{"a comment right before the name", "function h(req,/*x*/res, next) {}", true},
		{"a line comment between", "function h(req, // ) not yet\n  res) {}", true},
		{"a template literal: kept unread", "function h(req = `)`) {} const res = 1;", true},
		{"a regular expression: kept unread", "function h(req = /\\)/) {} const res = 1;", true},
		{"a string to the end of its line: kept unread", "f(req, 'it\n); g(res, 1)", true},

		{"two words in two statements", "send(request, req, 1);\nconst out = { res: 1 };", false},
		{"the response in a later call", "f(req, a) + g(res, b);", false},
		{"the response in a nested pattern", "function h(req, { res }) {}", false},
		{"the response in a type literal", "(req: { res: string }) => {}", false},
		{"the response before the request", "function h(res, req) {}", false},
		{"a statement ends the list", "x = [req, 1]; y(res, 2);", false},
		{"a closed block comment holding the response", "f(req, /* res, */ 1); g(res)", false},
		{"only one of the two", "function h(req, reply) {}", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := NewQuick([]byte(tc.src), nil)
			if got := q.InOneList(listFirst, listThen); got != tc.want {
				t.Errorf("InOneList(%q) = %v, want %v", tc.src, got, tc.want)
			}
		})
	}
}

// A list longer than any parameter list is not read to its end: it counts as holding
// the response, so the answer errs on the side of keeping the file.
func TestInOneListKeepsAListTooLongToRead(t *testing.T) {
	long := "f(req, " + strings.Repeat("a, ", maxListScan) + "b); g(res, 1);"
	if !NewQuick([]byte(long), nil).InOneList(listFirst, listThen) {
		t.Error("a list too long to read was taken to hold no response")
	}
	short := "f(req, " + strings.Repeat("a, ", 10) + "b); g(res, 1);"
	if NewQuick([]byte(short), nil).InOneList(listFirst, listThen) {
		t.Error("a short list that closes before the response was taken to hold it")
	}
}

// A part of a file (see quickPart) may start after the request's name, so it answers
// whether both names are mentioned anywhere, as a whole file's look did before lists
// were read.
func TestInOneListInAPart(t *testing.T) {
	// The blank lines put the request's name outside the part's margin (quickMargin).
	src := []byte("function h(err,\n  req," + strings.Repeat("\n", 2*quickMargin) + "  res,\n  next) { next(); }\nconst other = 1;\n")
	at := uint(strings.Index(string(src), "res,"))
	part := quickPart(src, resolve.Span{Start: at, End: at + 4}, NewQuick(src, nil))
	if bytes.Contains(part.texts[0], []byte("req,")) {
		t.Fatal("the part's own text holds the request's name: this test would not ask what it means to")
	}
	if !part.InOneList(listFirst, listThen) {
		t.Error("a part holding the response of a list that opens before it did not count")
	}
}

// AndInOneList narrows a declaration: the file must also hold the pair in one list,
// whatever let it through, and the pair's needles are the automaton's.
func TestNeedlesAndInOneList(t *testing.T) {
	n := Mentions("req,", "req:").AndInOneList(listFirst, listThen)
	if !n.Declared() || n.plain() {
		t.Fatal("a declaration with a list is declared and not plain")
	}
	for _, want := range append(append([]string{}, listFirst...), listThen...) {
		if !strings.Contains(strings.Join(n.all(), "\x00")+"\x00", want+"\x00") {
			t.Errorf("all() lacks %q", want)
		}
	}
	if !n.Match(NewQuick([]byte("app.get('/', (req, res) => res.end());"), nil)) {
		t.Error("a handler's list did not match")
	}
	if n.Match(NewQuick([]byte("log(req, 1);\nconst res = 2;"), nil)) {
		t.Error("two far-apart words matched")
	}
	either := Mentions("express").Or(n)
	if !either.Match(NewQuick([]byte("// express\nlog(req, 1);"), nil)) || either.Match(NewQuick([]byte("log(req, 1);\nres.end();"), nil)) {
		t.Error("a union with a list keeps each side's conditions")
	}
}

// BenchmarkInOneList reads a file with many needles of first, each in a list that
// closes without the response, the most a gate's look at one file reads.
func BenchmarkInOneList(b *testing.B) {
	src := []byte(strings.Repeat("log(req, { id: 1, tags: ['a', 'b'] }, 'done'); // res is sent later\n", 2000))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if NewQuick(src, nil).InOneList(listFirst, listThen) {
			b.Fatal("a list without the response was taken to hold it")
		}
	}
}
