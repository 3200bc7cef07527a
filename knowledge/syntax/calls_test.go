package syntax

import (
	"context"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// parsed parses src and returns its root; the tree is closed with the test.
func parsed(t *testing.T, lang Language, src string) *sitter.Node {
	t.Helper()
	tree, err := Parse(context.Background(), lang, []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Close(tree) })
	return tree.RootNode()
}

// firstOfKind is the first node of kind in document order.
func firstOfKind(n *sitter.Node, kind string) *sitter.Node {
	if Kind(n) == kind {
		return n
	}
	for i := uint(0); i < n.NamedChildCount(); i++ {
		if found := firstOfKind(n.NamedChild(i), kind); found != nil {
			return found
		}
	}
	return nil
}

func TestMethodName(t *testing.T) {
	cases := []struct {
		lang     Language
		src      string
		kind     string
		want     string
		fromWalk bool // the source scan cannot tell; the fields decide
	}{
		{JavaScript, "res.json(x)", "call_expression", "json", false},
		{JavaScript, "a.b.pipe(c)", "call_expression", "pipe", false},
		{JavaScript, "a?.write(c)", "call_expression", "write", false},
		{JavaScript, "a\n  .on('x', f)", "call_expression", "on", false},
		{JavaScript, "write(c)", "call_expression", "", false},
		{JavaScript, "[...spread()]", "call_expression", "", false},
		{JavaScript, "class A { #p() {} m() { this.#p() } }", "call_expression", "#p", false},
		{JavaScript, "a['send'](x)", "call_expression", "send", true},
		{JavaScript, "a[0](x)", "call_expression", "", true},
		{JavaScript, "(a.end)(x)", "call_expression", "end", true},
		{JavaScript, "a. /* c */ end(x)", "call_expression", "end", true},
		{JavaScript, "f(x)(y)", "call_expression", "", true},
		{JavaScript, "new a.Server(x)", "new_expression", "Server", true},
		{JavaScript, "new Server(x)", "new_expression", "", true},
		{JavaScript, "import('fs')", "call_expression", "", false},
		{TypeScript, "a.b!.c<T>(x)", "call_expression", "c", false},
		{TypeScript, "a.c!(x)", "call_expression", "c", true},
		{JavaScript, "a.b", "member_expression", "", true},
	}
	for _, tc := range cases {
		src := []byte(tc.src)
		n := firstOfKind(parsed(t, tc.lang, tc.src), tc.kind)
		if n == nil {
			t.Fatalf("%q: no %s", tc.src, tc.kind)
		}
		if got := MethodName(n, src); got != tc.want {
			t.Errorf("MethodName(%q) = %q, want %q", tc.src, got, tc.want)
		}
		// the scan is only a shortcut: where it answers, the fields agree
		if got := MemberName(Callee(n), src); got != tc.want {
			t.Errorf("MemberName(Callee(%q)) = %q, want %q", tc.src, got, tc.want)
		}
		if tc.kind == "call_expression" {
			_, sure := dottedNameBefore(src, n.Child(0).EndByte())
			if sure == tc.fromWalk {
				t.Errorf("%q: the source scan answered=%v, want %v", tc.src, sure, !tc.fromWalk)
			}
		}
	}
}

func TestCallee(t *testing.T) {
	src := "f(a); new C(b); x.y;"
	root := parsed(t, JavaScript, src)
	if got := Text(Callee(firstOfKind(root, "call_expression")), []byte(src)); got != "f" {
		t.Errorf("callee of a call = %q", got)
	}
	if got := Text(Callee(firstOfKind(root, "new_expression")), []byte(src)); got != "C" {
		t.Errorf("callee of new = %q", got)
	}
	if Callee(firstOfKind(root, "member_expression")) != nil {
		t.Error("a member expression has no callee")
	}
}

func TestChainedCall(t *testing.T) {
	src := "make().on('error', h).connect(); make().x; f(make());"
	root := parsed(t, JavaScript, src)
	first := firstOfKind(root, "call_expression") // make().on('error', h).connect()
	// the first argument list in document order is the innermost call's: make()
	n := firstOfKind(first, "arguments").Parent()
	var links []string
	for {
		call, member := ChainedCall(n)
		if call == nil {
			break
		}
		links = append(links, Text(Field(member, "property"), []byte(src)))
		n = call
	}
	if got := strings.Join(links, "."); got != "on.connect" {
		t.Errorf("chain = %q, want on.connect", got)
	}
	for _, stmt := range []uint{1, 2} {
		call := firstOfKind(root.NamedChild(stmt), "call_expression")
		if stmt == 2 {
			call = firstOfKind(firstOfKind(root.NamedChild(stmt), "arguments"), "call_expression")
		}
		if c, m := ChainedCall(call); c != nil || m != nil {
			t.Errorf("%q: no method is called on make()", Text(root.NamedChild(stmt), []byte(src)))
		}
	}
}
