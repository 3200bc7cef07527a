package explain

import (
	"context"
	"strings"
	"sync"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// An excerpt is the part of an entry's example a hover shows: the top-level statement
// that uses the hovered API, in the first block that is not marked bad, with the
// comment lines just above it (they say why it is the right way).
type excerpt struct {
	lang         string
	code         []string // the block's lines
	from, to, at int      // the rows to show, and the row of the use
	uses         bool     // false: no right example uses the API; the rows are the first right block's
}

// lines cuts the excerpt to at most limit lines (see window).
func (x excerpt) lines(limit int) []string { return window(x.code, x.from, x.to, x.at, limit) }

// excerpts caches one excerpt per entry and API set: the knowledge base never changes
// while the program runs, and each excerpt costs a parse.
var excerpts sync.Map

// excerptFor picks the excerpt of e for the first of apis that a block not marked bad
// uses. With no such use it returns the first good block (or, when the entry marks
// none, the first block) with uses false, and ok false when the entry has no block to
// show.
func excerptFor(e *entries.Entry, apis []string) (excerpt, bool) {
	key := e.ID + "\x00" + strings.Join(apis, "\x00")
	if v, ok := excerpts.Load(key); ok {
		x := v.(excerpt)
		return x, x.code != nil
	}
	x := findExcerpt(e, apis)
	excerpts.Store(key, x)
	return x, x.code != nil
}

func findExcerpt(e *entries.Entry, apis []string) excerpt {
	var right []entries.Block // good blocks first, then unmarked ones
	for _, mark := range []string{entries.MarkGood, ""} {
		for _, b := range e.Examples() {
			if b.Mark == mark {
				right = append(right, b)
			}
		}
	}
	for _, api := range apis {
		for _, b := range right {
			if from, to, at, ok := useIn(b, api); ok {
				return excerpt{lang: b.Lang, code: strings.Split(b.Code, "\n"), from: from, to: to, at: at, uses: true}
			}
		}
	}
	if len(right) == 0 {
		return excerpt{}
	}
	b := right[0]
	return excerpt{lang: b.Lang, code: strings.Split(b.Code, "\n"), to: strings.Count(b.Code, "\n")}
}

// window cuts lines[from..to] (inclusive rows) to at most limit lines that keep row
// at: from the statement's start when the use is near it, else around the use, with
// a cut marked "// …". The lines lose their common indentation.
func window(lines []string, from, to, at, limit int) []string {
	to = min(to, len(lines)-1)
	if to-from+1 <= limit {
		return dedent(lines[from : to+1])
	}
	start := from
	if at-from > limit-3 {
		start = at - limit/2
	}
	end := min(to, start+limit-2) // one line is left for the cut mark
	out := dedent(lines[start : end+1])
	return append(out, "// …")
}

// dedent removes the indentation all non-blank lines share.
func dedent(lines []string) []string {
	common := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if n := len(l) - len(strings.TrimLeft(l, " ")); common < 0 || n < common {
			common = n
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if len(l) >= common && common > 0 {
			l = l[common:]
		}
		out[i] = l
	}
	return out
}

// useIn finds the first use of api in block b, resolved the way the analysis resolves
// a file; an example that does not import what it uses (jwt.verify without its
// require) is matched by the API's own name instead. It returns the rows of the
// top-level statement around the use, its leading comments included, and the use's
// row.
func useIn(b entries.Block, api string) (from, to, at int, ok bool) {
	lang := syntax.JavaScript
	if b.TypeScript() {
		lang = syntax.TypeScript
	}
	src := []byte(b.Code)
	tree, err := syntax.Parse(context.Background(), lang, src, nil)
	if err != nil {
		return 0, 0, 0, false
	}
	defer syntax.Close(tree)
	root := tree.RootNode()
	r := resolve.Build(root, src, nil, resolve.Options{Express: true})
	use := firstUse(root, func(n *sitter.Node) bool { return resolvesTo(r, n, api) })
	if use == nil {
		name := shownName(api)
		use = firstUse(root, func(n *sitter.Node) bool {
			k := syntax.Kind(n)
			return (k == syntax.Identifier || k == syntax.PropertyIdentifier) && syntax.Text(n, src) == name
		})
	}
	if use == nil {
		return 0, 0, 0, false
	}
	stmt := use
	for stmt.Parent() != nil && stmt.Parent().Id() != root.Id() {
		stmt = stmt.Parent()
	}
	start := stmt
	for p := start.PrevNamedSibling(); p != nil && syntax.Kind(p) == syntax.Comment && int(p.EndPosition().Row)+1 >= int(start.StartPosition().Row); p = p.PrevNamedSibling() {
		start = p
	}
	return int(start.StartPosition().Row), int(stmt.EndPosition().Row), int(use.StartPosition().Row), true
}

// resolvesTo: n is an expression the resolver names api, or, for NextAPI, the next
// parameter of an Express handler.
func resolvesTo(r *resolve.Resolver, n *sitter.Node, api string) bool {
	switch syntax.Kind(n) {
	case syntax.Identifier:
		if api == NextAPI {
			return IsHandlerNext(r, n)
		}
	case syntax.MemberExpression:
	default:
		return false
	}
	return r.Value(n).Canonical() == api
}

// firstUse returns the first node in document order that matches, skipping import
// statements and the names a declaration binds: `const { pipeline } = require(...)`
// names pipeline but does not use it.
func firstUse(root *sitter.Node, match func(*sitter.Node) bool) *sitter.Node {
	var found *sitter.Node
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		if found != nil || syntax.Kind(n) == syntax.ImportStatement {
			return
		}
		if match(n) {
			found = n
			return
		}
		var pattern *sitter.Node
		if syntax.Kind(n) == syntax.VariableDeclarator {
			if p := syntax.Field(n, syntax.FieldName); p != nil && syntax.Kind(p) != syntax.Identifier {
				pattern = p // a destructuring pattern binds names, it does not use them
			}
		}
		for i := uint(0); i < n.NamedChildCount(); i++ {
			if c := n.NamedChild(i); pattern == nil || c.Id() != pattern.Id() {
				walk(c)
			}
		}
	}
	walk(root)
	return found
}

// shownName is how code spells an API at its use: its last member, or the module's
// own name for a whole module, and `next` for a handler's next function.
func shownName(api string) string {
	if api == NextAPI {
		return "next"
	}
	if i := strings.LastIndexAny(api, "./"); i >= 0 && !strings.HasPrefix(api[i:], "/") {
		return api[i+1:]
	}
	return strings.TrimPrefix(api, "@")
}
