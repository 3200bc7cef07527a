package resolve

import (
	"maps"
	"slices"
	"strings"
	"sync"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// builder makes the one walk over a tree that records scopes and bindings and
// collects the nodes the rules asked for, so a file is walked once whatever the
// number of rules.
type builder struct {
	src       []byte
	root      *scope
	stack     []*scope
	want      map[string]bool
	collected map[string][]*sitter.Node
	functions []*sitter.Node
	types     map[string]Value
	imports   map[string]bool
	kinds     []string   // node kind names by id, for the walk
	plans     *kindPlans // by kind id: what enter does with the kind
	// bySlot are the collected nodes by the plans' slot of their kind's name, put
	// into collected when the walk ends: a slice index per node rather than a hash
	// of its kind.
	bySlot   [][]*sitter.Node
	topLevel []Span // the root's children
	// declarators are the declarator bindings, in declaration order, for the
	// resolver to settle (see Resolver.settle).
	declarators []*binding
	// entered is the id of the node enter was handed, enteredSpan its span as the
	// flattened record holds it (see spanOf).
	entered     uintptr
	enteredSpan Span
	// indexed says that the walked records are the tree's index (see
	// syntax.IndexedFlatten): enter keeps pointers into them rather than copies, and every
	// later question about a kept node reads its record instead of searching the
	// index by offset or asking C.
	indexed bool
}

// MaxDepth bounds the nesting of the trees nodecoach analyses. Node.Parent() costs the
// node's depth (tree-sitter searches from the root), so the handler detection and the
// rules, which look up enclosing functions and conditions, grow with the square or the
// cube of the depth: ten thousand nested callbacks took minutes. Real code stays far
// below (the deepest of 8,000 files of an npm tree, minified bundles included, is 197).
const MaxDepth = 1000

func (b *builder) current() *scope { return b.stack[len(b.stack)-1] }

func (b *builder) functionScope() *scope {
	for i := len(b.stack) - 1; i >= 0; i-- {
		if b.stack[i].function {
			return b.stack[i]
		}
	}
	return b.root
}

func (b *builder) push(n *sitter.Node, function bool) {
	span := b.spanOf(n)
	s := &scope{start: span.Start, end: span.End, parent: b.current(), function: function}
	b.current().children = append(b.current().children, s)
	b.stack = append(b.stack, s)
}

// spanOf is n's span: read from the flattened record when n is the node being
// entered (every scope opens on one), from C otherwise.
func (b *builder) spanOf(n *sitter.Node) Span {
	if n.Id() == b.entered {
		return b.enteredSpan
	}
	return Span{Start: syntax.StartOf(n), End: syntax.EndOf(n)}
}

// walk visits every node of the flattened tree once, in document order, keeping the
// path from the root to the current node: its kinds give enter the parent's kind
// (Node.Parent() searches from the root each time), and the scopes the path opened
// are closed as the walk leaves them.
func (b *builder) walk(nodes []syntax.Flat) {
	type open struct {
		kind   string
		pushed bool
	}
	path := make([]open, 0, 64)
	for i := range nodes {
		f := &nodes[i]
		for len(path) > f.Depth() {
			if path[len(path)-1].pushed {
				b.stack = b.stack[:len(b.stack)-1]
			}
			path = path[:len(path)-1]
		}
		n := f.Node()
		if f.Depth() == 1 {
			b.topLevel = append(b.topLevel, Span{Start: f.StartByte(), End: f.EndByte()})
		}
		var kind string
		var plan kindPlan
		if id := int(f.KindID()); id < len(b.plans.byID) {
			kind, plan = b.kinds[id], b.plans.byID[id]
			if plan.slot < 0 && plan.declare == nil {
				// Most nodes (names, operators, punctuation) declare nothing and
				// were not asked for: no need to look further.
				path = append(path, open{kind: kind})
				continue
			}
		} else {
			kind = syntax.Kind(n)
			plan = kindPlan{declare: declarations[kind], slot: -1}
			if b.want[kind] {
				plan.slot = len(b.bySlot) // a name of its own (see enter)
			}
		}
		parentKind := ""
		if len(path) > 0 {
			parentKind = path[len(path)-1].kind
		}
		b.entered, b.enteredSpan = n.Id(), Span{Start: f.StartByte(), End: f.EndByte()}
		path = append(path, open{kind: kind, pushed: b.enter(n, kind, parentKind, plan)})
	}
	for slot, nodes := range b.bySlot {
		if len(nodes) > 0 {
			name := b.plans.names[slot]
			b.collected[name] = append(b.collected[name], nodes...)
		}
	}
}

// kindPlan is what enter does with a node kind: the declaration it makes (nil for
// none), and the slot its nodes are collected in for the rules (-1 for none).
type kindPlan struct {
	declare func(b *builder, n *sitter.Node, kind, parentKind string) bool
	slot    int
}

// kindPlans are the plans by kind id for a grammar's kinds and a set of wanted kinds,
// made once per pair: every file of a check asks for the same kinds, and looking
// each of a grammar's hundreds of kinds up in two maps cost more than the walk of a
// small file. Kinds of one name (a grammar gives aliases ids of their own) share a
// slot, so that their nodes stay in one list in document order.
type kindPlans struct {
	byID  []kindPlan
	names []string // the wanted kinds' names by slot
}

var plansByKey sync.Map // planKey -> *kindPlans

type planKey struct {
	kinds *string // the grammar's kind table, by its first name's address
	want  string  // the wanted kinds, sorted and joined
}

// plansFor are the plans for kinds and want (see kindPlans).
func plansFor(kinds []string, want map[string]bool) *kindPlans {
	wanted := slices.Sorted(maps.Keys(want))
	key := planKey{want: strings.Join(wanted, "\x00")}
	if len(kinds) > 0 {
		key.kinds = &kinds[0]
	}
	if plans, ok := plansByKey.Load(key); ok {
		return plans.(*kindPlans)
	}
	plans := &kindPlans{byID: make([]kindPlan, len(kinds)), names: wanted}
	slots := make(map[string]int, len(wanted))
	for slot, k := range wanted {
		slots[k] = slot
	}
	for id, k := range kinds {
		plans.byID[id] = kindPlan{declare: declarations[k], slot: -1}
		if slot, ok := slots[k]; ok {
			plans.byID[id].slot = slot
		}
	}
	plansByKey.Store(key, plans)
	return plans
}

// enter records what n declares and reports whether it opened a scope.
// n points into the flattened tree; unless that is the tree's index, it is dropped
// after the walk, and what outlives the walk (collected nodes and functions) is a
// copy.
// A wanted kind the grammar's table does not name has a slot past the plans' (none
// in practice), and is collected by its name at once.
func (b *builder) enter(n *sitter.Node, kind, parentKind string, plan kindPlan) bool {
	if !b.indexed && (plan.slot >= 0 || syntax.IsFunctionKind(kind)) {
		kept := *n
		n = &kept
	}
	switch {
	case plan.slot >= len(b.bySlot):
		b.collected[kind] = append(b.collected[kind], n)
	case plan.slot >= 0:
		b.bySlot[plan.slot] = append(b.bySlot[plan.slot], n)
	}
	if plan.declare != nil {
		return plan.declare(b, n, kind, parentKind)
	}
	return false
}

// declarations are what the kinds that declare names or open scopes do on entry; each
// reports whether it opened a scope.
var declarations = map[string]func(b *builder, n *sitter.Node, kind, parentKind string) bool{
	syntax.FunctionDeclaration:          declareFunction,
	syntax.GeneratorFunctionDeclaration: declareFunction,
	syntax.FunctionExpression:           openFunctionExpression,
	"function":                          openFunctionExpression,
	syntax.GeneratorFunction:            openFunctionExpression,
	syntax.ArrowFunction:                openFunctionExpression,
	syntax.MethodDefinition:             openFunctionExpression,
	syntax.StatementBlock:               openBlock,
	syntax.ForStatement:                 openBlock,
	syntax.ForInStatement:               openBlock,
	syntax.SwitchBody:                   openBlock,
	syntax.ClassBody:                    openBlock,
	syntax.CatchClause: func(b *builder, n *sitter.Node, _, _ string) bool {
		b.push(n, false)
		b.declarePattern(syntax.Field(n, syntax.FieldParameter), nil, nil, b.current())
		return true
	},
	syntax.ClassDeclaration:         declareClass,
	syntax.AbstractClassDeclaration: declareClass,
	syntax.VariableDeclarator: func(b *builder, n *sitter.Node, _, parentKind string) bool {
		target := b.current()
		if parentKind == syntax.VariableDeclaration {
			target = b.functionScope() // `var` is function-scoped
		}
		b.declarePattern(syntax.Field(n, syntax.FieldName), syntax.Field(n, syntax.FieldValue), []string{}, target)
		return false
	},
	syntax.ImportStatement: func(b *builder, n *sitter.Node, _, _ string) bool {
		b.declareImport(n)
		return false
	},
}

func declareFunction(b *builder, n *sitter.Node, _, _ string) bool {
	b.declareValue(syntax.Field(n, syntax.FieldName), Value{Kind: Function, Node: n})
	b.openFunction(n)
	return true
}

func openFunctionExpression(b *builder, n *sitter.Node, kind, _ string) bool {
	b.openFunction(n)
	if kind != syntax.ArrowFunction && kind != syntax.MethodDefinition {
		// A named function expression sees its own name, and only it does.
		b.declareValue(syntax.Field(n, syntax.FieldName), Value{Kind: Function, Node: n})
	}
	return true
}

func openBlock(b *builder, n *sitter.Node, kind, parentKind string) bool {
	if kind == syntax.StatementBlock && syntax.IsFunctionKind(parentKind) {
		return false // the function scope already covers its body
	}
	b.push(n, false)
	if kind == syntax.ForInStatement {
		b.declarePattern(syntax.Field(n, syntax.FieldLeft), nil, nil, b.current())
	}
	return true
}

func declareClass(b *builder, n *sitter.Node, _, _ string) bool {
	b.declareValue(syntax.Field(n, syntax.FieldName), Value{Kind: Local})
	return false
}

func (b *builder) openFunction(fn *sitter.Node) {
	b.functions = append(b.functions, fn)
	b.push(fn, true)
	for i, p := range syntax.Params(fn) {
		if id := paramIdentifier(p); id != nil {
			b.current().declare(&binding{name: syntax.Text(id, b.src), kind: bindParam, fn: fn, index: i, param: p})
			continue
		}
		b.declarePattern(p, nil, nil, b.current())
	}
}

func (b *builder) declareValue(id *sitter.Node, v Value) {
	if id == nil || (syntax.Kind(id) != syntax.Identifier && syntax.Kind(id) != syntax.TypeIdentifier) {
		return
	}
	b.current().declare(&binding{name: syntax.Text(id, b.src), kind: bindValue, value: v, done: true})
}

// declarePattern binds every identifier of a declaration target. With init set, each
// name gets the value init has at its destructuring path (`{ promises: fsp }` → init.promises);
// without, the names are plain locals that shadow outer bindings.
func (b *builder) declarePattern(p *sitter.Node, init *sitter.Node, path []string, s *scope) {
	if p == nil {
		return
	}
	bind := func(id *sitter.Node, path []string) {
		if init == nil || path == nil {
			s.declare(&binding{name: syntax.Text(id, b.src), kind: bindValue, value: Value{Kind: Local}, done: true})
			return
		}
		d := &binding{name: syntax.Text(id, b.src), kind: bindInit, init: init, path: path}
		if s.declare(d) {
			b.declarators = append(b.declarators, d)
		}
	}
	with := func(key string) []string {
		if path == nil {
			return nil
		}
		return append(append([]string{}, path...), key)
	}
	switch syntax.Kind(p) {
	case syntax.Identifier, syntax.ShorthandPropertyIdentifierPattern:
		if syntax.Kind(p) == syntax.ShorthandPropertyIdentifierPattern {
			bind(p, with(syntax.Text(p, b.src)))
		} else {
			bind(p, path)
		}
	case syntax.RequiredParameter, syntax.OptionalParameter:
		b.declarePattern(syntax.Field(p, syntax.FieldPattern), init, path, s)
	case syntax.AssignmentPattern:
		b.declarePattern(syntax.Field(p, syntax.FieldLeft), init, path, s)
	case syntax.ObjectAssignmentPattern:
		b.declarePattern(syntax.Field(p, syntax.FieldLeft), init, path, s)
	case syntax.ObjectPattern:
		for c := range syntax.NamedChildren(p) {
			switch syntax.Kind(c) {
			case syntax.PairPattern:
				key := syntax.Field(c, syntax.FieldKey)
				name, ok := propertyKey(key, b.src)
				sub := with(name)
				if !ok {
					sub = nil
				}
				b.declarePattern(syntax.Field(c, syntax.FieldValue), init, sub, s)
			case syntax.RestPattern:
				b.declarePattern(syntax.NamedChild(c, 0), init, nil, s)
			default:
				b.declarePattern(c, init, path, s)
			}
		}
	case syntax.ArrayPattern, syntax.RestPattern:
		for c := range syntax.NamedChildren(p) {
			b.declarePattern(c, init, nil, s)
		}
	}
}

// propertyKey reads a non-computed object key.
func propertyKey(key *sitter.Node, src []byte) (string, bool) {
	if key == nil {
		return "", false
	}
	switch syntax.Kind(key) {
	case syntax.PropertyIdentifier, syntax.Identifier:
		return syntax.Text(key, src), true
	case syntax.String:
		return syntax.StringValue(key, src)
	}
	return "", false
}

// declareImport binds ESM imports and TS `import x = require()`. Type-only imports
// create no runtime binding; they are kept apart for handler typing (the typed tier, see Tier).
func (b *builder) declareImport(n *sitter.Node) {
	module := ""
	if src := syntax.Field(n, syntax.FieldSource); src != nil {
		module, _ = syntax.StringValue(src, b.src)
		b.imports[NormalizeModule(module)] = true
	}
	// `type` comes before the clause it makes type-only (`import type {...}`); it
	// is a keyword, not a named child, so one call into C asks all children for it.
	typeOnly := syntax.HasChildOfKind(n, syntax.KeywordType)
	for c := range syntax.NamedChildren(n) {
		switch syntax.Kind(c) {
		case syntax.ImportRequireClause:
			spec, _ := syntax.StringValue(syntax.Field(c, syntax.FieldSource), b.src)
			b.declareValue(syntax.NamedChild(c, 0), Value{Kind: Module, Module: NormalizeModule(spec)})
		case syntax.ImportClause:
			b.declareImportClause(c, Value{Kind: Module, Module: NormalizeModule(module)}, typeOnly)
		}
	}
}

func (b *builder) declareImportClause(clause *sitter.Node, mod Value, typeOnly bool) {
	bindName := func(id *sitter.Node, v Value, isType bool) {
		if id == nil {
			return
		}
		if isType {
			b.types[syntax.Text(id, b.src)] = v
			return
		}
		b.declareValue(id, v)
	}
	for c := range syntax.NamedChildren(clause) {
		switch syntax.Kind(c) {
		case syntax.Identifier:
			bindName(c, mod, typeOnly)
		case syntax.NamespaceImport:
			bindName(syntax.NamedChild(c, 0), mod, typeOnly)
		case syntax.NamedImports:
			for spec := range syntax.NamedChildren(c) {
				if syntax.Kind(spec) != syntax.ImportSpecifier {
					continue
				}
				name := syntax.Field(spec, syntax.FieldName)
				local := syntax.Field(spec, syntax.FieldAlias)
				if local == nil {
					local = name
				}
				exported, ok := propertyKey(name, b.src)
				if name != nil && syntax.Kind(name) == syntax.KeywordDefault {
					exported, ok = "default", true // `import { default as x }`
				}
				if !ok {
					continue
				}
				isType := typeOnly || syntax.HasChildOfKind(spec, syntax.KeywordType)
				v := mod.Member(exported)
				if exported == "default" {
					v = mod
				}
				bindName(local, v, isType)
			}
		}
	}
}

// paramIdentifier is the identifier a parameter binds directly (`req`, `req: Request`,
// `req = x`), nil for destructuring patterns.
func paramIdentifier(p *sitter.Node) *sitter.Node {
	if p = paramPattern(p); p != nil && syntax.Kind(p) == syntax.Identifier {
		return p
	}
	return nil
}

// paramPattern is what a parameter binds, seen through TypeScript's parameter wrapper
// and a default value: a name or a destructuring pattern.
func paramPattern(p *sitter.Node) *sitter.Node {
	if pat := syntax.Field(p, syntax.FieldPattern); pat != nil {
		p = pat
	}
	if syntax.Kind(p) == syntax.AssignmentPattern {
		p = syntax.Field(p, syntax.FieldLeft)
	}
	return p
}
