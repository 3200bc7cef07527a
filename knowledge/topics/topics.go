// Package topics lists the knowledge entries a file touches, for learners: each call,
// `new` and member access that resolves to a canonical API an entry explains, and each
// finding whose rule an entry teaches. The CLI's `topics` command and the server's code
// lens ("Event loop · CORS · JWT" at the top of a file) both read it.
package topics

import (
	"sort"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Topic is one entry a file touches: how many places touch it, and the byte offset of
// the first.
type Topic struct {
	Entry *entries.Entry
	Count int
	First uint
}

// Use is one place that touches an entry: the whole call, `new` or member expression
// [Start, End), and the canonical API it resolved to.
type Use struct {
	Entry      *entries.Entry
	API        string
	Start, End uint
}

// Kinds are the node kinds Uses reads from the resolver. The resolver always collects
// calls and `new`; member expressions only when asked (see Collect), and without them
// accesses that are not calls (`process.env`, `cluster.isPrimary`) go unseen.
var Kinds = []string{syntax.CallExpression, syntax.NewExpression, syntax.MemberExpression}

// Collect is a rule that reports nothing: added to the rules given to analysis.Run or
// analysis.Check, it makes the one walk that builds the resolver also collect the
// member expressions Uses reads, so topics cost no second walk of the tree.
var Collect = &analysis.Rule{
	Name:  "topics",
	Doc:   "Collects member expressions for the topics a file touches; reports nothing.",
	Kinds: []string{syntax.MemberExpression},
	Run:   func(*analysis.Pass, *sitter.Node) {},
	Local: true, // it reports nothing anywhere
}

// ForFile returns the entries a file touches, in order of first appearance, with how
// many of the file's Places touch each.
func ForFile(res *resolve.Resolver, findings []analysis.Finding) []Topic {
	byEntry := map[*entries.Entry]*Topic{}
	var out []*Topic
	for _, p := range Places(res, findings) {
		t := byEntry[p.Entry]
		if t == nil {
			t = &Topic{Entry: p.Entry, First: p.Start}
			byEntry[p.Entry] = t
			out = append(out, t)
		}
		t.Count++
		t.First = min(t.First, p.Start)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].First < out[j].First })
	topics := make([]Topic, len(out))
	for i, t := range out {
		topics[i] = *t
	}
	return topics
}

// within reports whether finding f lies inside a use of entry e.
func within(uses []Use, e *entries.Entry, f analysis.Finding) bool {
	for _, u := range uses {
		if u.Entry == e && u.Start <= f.Start && f.End <= u.End {
			return true
		}
	}
	return false
}

// Uses returns every place in the file that resolves to an API an entry explains, in
// document order. Each expression counts once: the callee of a call is the call
// (`fs.readFileSync(p)` is one use, not a call and a member), and the object of a
// member that is itself a use is part of it (`process.env.UV_THREADPOOL_SIZE` is the
// thread pool, not also `process.env`).
func Uses(res *resolve.Resolver) []Use {
	var nodes []*sitter.Node
	for _, k := range Kinds {
		nodes = append(nodes, res.Nodes(k)...)
	}
	// Outer expressions first: a parent starts where its callee or object does and
	// ends after it, and must be seen first to claim it.
	sort.SliceStable(nodes, func(i, j int) bool {
		a, b := nodes[i], nodes[j]
		if a.StartByte() != b.StartByte() {
			return a.StartByte() < b.StartByte()
		}
		return a.EndByte() > b.EndByte()
	})
	claimed := map[uintptr]bool{}
	claim := func(n *sitter.Node) {
		if n = syntax.Unwrap(n); n != nil {
			claimed[n.Id()] = true
		}
	}
	var uses []Use
	for _, n := range nodes {
		if claimed[n.Id()] {
			continue
		}
		var v resolve.Value
		switch syntax.Kind(n) {
		case syntax.CallExpression:
			claim(syntax.Field(n, syntax.FieldFunction))
			v = res.Callee(n)
		case syntax.NewExpression:
			claim(syntax.Field(n, syntax.FieldConstructor))
			v = res.Callee(n)
		case syntax.MemberExpression:
			v = res.Value(n)
		}
		api := v.Canonical()
		e := entries.ByAPI(api)
		if e == nil {
			continue
		}
		if syntax.Kind(n) == syntax.MemberExpression {
			claim(syntax.Field(n, syntax.FieldObject))
		}
		uses = append(uses, Use{Entry: e, API: api, Start: n.StartByte(), End: n.EndByte()})
	}
	return uses
}
