package resolve

import (
	"slices"
	"sync"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Resolver answers "what is this expression?" for one parsed file. It is built by one
// walk, and once Build or Window returns it may be read from several goroutines at
// once: every field is immutable from then on (the declarators in its scopes are
// settled before it is returned, and a parameter's type is worked out on each
// question without writing anything), except the memo tables of expression values and
// call facts, which are guarded by their own locks, and byStart, made once on the
// first window that asks. A resolver of a file nested deeper than MaxDepth (TooDeep)
// is not settled: it answers nothing a caller should share.
type Resolver struct {
	src       []byte
	root      *scope
	types     map[string]Value
	collected map[string][]*sitter.Node
	functions []*sitter.Node
	handlers  map[uintptr]*Handler
	startup   map[uintptr]bool
	// imports holds every module the file imports or requires, side-effect imports
	// such as `import 'express-async-errors'` included.
	imports map[string]bool
	// memo and calls are filled as rules and features ask, from any goroutine.
	memo  memoTable[Value]
	calls memoTable[CallFacts]
	// wrappers are the configured error-safe wrapper names, beside the built-in ones.
	wrappers []string
	// express: the file's package depends on express (see Options.Express).
	express bool
	// tooDeep: the tree nests deeper than MaxDepth; handlers were not detected.
	tooDeep bool
	// topLevel are the spans of the file's top-level statements, in order.
	topLevel []Span
	// outward are the offsets of code in one top-level statement that changes how
	// another is analysed (see Outward).
	outward []uint
	// win is set on a resolver that covers one statement of a file (see Window).
	win *window
	// crossRoles are the handlers registered by name from another top-level statement
	// than the function's (`app.get('/', handler)`), by that name.
	crossRoles map[string]*Handler
	// routeRefs are the registrations of other modules' functions (see RouteRefs).
	routeRefs []RouteRef
	// byStart indexes handlers and startup functions by their start, for windows
	// that ask about functions outside themselves; made on the first such question.
	byStart     map[uint]functionRole
	byStartOnce sync.Once
}

// TooDeep reports a tree nested deeper than MaxDepth levels: it is not analysed (the
// resolver knows its bindings down to that depth only, and no handlers).
func (r *Resolver) TooDeep() bool { return r.tooDeep }

// alwaysCollected are the node kinds handler detection needs, whatever rules want.
var alwaysCollected = []string{"call_expression", "new_expression"}

// flatBuffers recycles the flattened trees of Build: the walk reads the tree's index
// when the flattening gave it one, and otherwise drops its nodes when it ends (enter
// copies what it keeps); allocating a new one for every edit of a large file cost as
// much as the walk. Buffers of huge files are not kept.
var flatBuffers sync.Pool

const maxPooledFlat = 1 << 18

// Build walks root once: it records scopes and bindings, and collects the nodes of the
// kinds in want (plus calls and functions, which handler detection needs).
// opts says what the file's resolver knows beyond its text.
func Build(root *sitter.Node, src []byte, want []string, opts Options) *Resolver {
	return build(root, src, want, opts, nil)
}

// Options are what a resolver knows of a file beyond its text.
type Options struct {
	// Wrappers names extra functions that make a handler error-safe (the user's
	// configuration), beside the built-in ones.
	Wrappers []string
	// Express says that the file's package depends on express: a route method called
	// on a receiver the file cannot resolve then registers the handler-shaped
	// functions it is given (see unseenAppRoute).
	Express bool
}

// build is Build for a whole file (win nil) or for the statement of a window.
func build(root *sitter.Node, src []byte, want []string, opts Options, win *window) *Resolver {
	b := &builder{
		src:       src,
		root:      &scope{start: syntax.StartOf(root), end: syntax.EndOf(root), function: true},
		want:      map[string]bool{},
		collected: map[string][]*sitter.Node{},
		types:     map[string]Value{},
		imports:   map[string]bool{},
	}
	for _, k := range append(want, alwaysCollected...) {
		b.want[k] = true
	}
	b.stack = []*scope{b.root}
	b.kinds = syntax.KindNames(root)
	b.plans = plansFor(b.kinds, b.want)
	b.bySlot = make([][]*sitter.Node, len(b.plans.names))
	// A tree built before has an index that holds the walk: its records are walked,
	// and the tree is not flattened again.
	nodes, deepest, indexed := syntax.IndexedFlatten(root, MaxDepth)
	if indexed {
		b.indexed = true
		b.walk(nodes)
	} else {
		deepest = b.flattenAndWalk(root)
	}
	r := &Resolver{src: src, root: b.root, wrappers: opts.Wrappers, express: opts.Express, types: b.types, collected: b.collected, functions: b.functions,
		imports: b.imports, topLevel: b.topLevel, win: win}
	if win != nil {
		r.types = win.base.types
		r.topLevel = []Span{{Start: win.start, End: win.end}}
	}
	if deepest > MaxDepth {
		r.tooDeep = true
		return r
	}
	r.memo.build(true)
	r.calls.build(true)
	r.handlers, r.startup, r.crossRoles = map[uintptr]*Handler{}, map[uintptr]bool{}, map[string]*Handler{}
	if win != nil {
		win.seedRoles(r)
	}
	r.detectHandlers()
	// Handler parameters resolve only once handlers are known: forget what was
	// resolved while detecting them.
	r.memo.reset()
	r.calls.reset()
	r.settle(b.declarators)
	r.memo.build(false)
	r.calls.build(false)
	return r
}

// flattenAndWalk flattens root into a pooled buffer and walks it, or the records of
// the index the flattening gave root's tree (see syntax.IndexedFlatten), and reports
// the deepest level the flattening reached.
func (b *builder) flattenAndWalk(root *sitter.Node) (deepest int) {
	buf, _ := flatBuffers.Get().(*[]syntax.Flat)
	if buf == nil {
		buf = new([]syntax.Flat)
	}
	nodes, deepest := syntax.Flatten(root, MaxDepth, *buf)
	walked := nodes
	if records, _, ok := syntax.IndexedFlatten(root, MaxDepth); ok {
		walked, b.indexed = records, true
	}
	b.walk(walked)
	if cap(nodes) <= maxPooledFlat {
		*buf = nodes[:0]
		flatBuffers.Put(buf)
	}
	return deepest
}

// settle resolves every declarator of the resolver's scopes, in declaration order,
// so that nothing in them changes once the resolver is shared: a lookup then only
// reads. Handlers are known by now, so they resolve as a later lookup would.
func (r *Resolver) settle(declarators []*binding) {
	for _, d := range declarators {
		r.bindingValue(d, nil)
	}
}

// Nodes returns the collected nodes of one kind, in document order.
func (r *Resolver) Nodes(kind string) []*sitter.Node { return r.collected[kind] }

// Source is the text the resolver was built from.
func (r *Resolver) Source() []byte { return r.src }

// Lookup resolves a name as seen at a byte offset.
func (r *Resolver) Lookup(name string, at uint) Value { return r.lookup(name, at, nil) }

// lookup is Lookup while the parameters on typing are being typed (see bindingValue).
func (r *Resolver) lookup(name string, at uint, typing []*binding) Value {
	owner, b := r.binding(name, at)
	if b == nil {
		return globals[name]
	}
	v := owner.bindingValue(b, typing)
	if owner != r {
		v = r.win.rebase(r, name, v)
	}
	return v
}

// binding finds the binding of name as seen at offset at, and the resolver whose
// scopes hold it; nil when the name is not declared. A window looks in its
// statement's scopes and then the file's top level, and asks its base about the rest
// of the file at the mapped offset.
func (r *Resolver) binding(name string, at uint) (*Resolver, *binding) {
	w := r.win
	if w != nil && !w.contains(at) {
		return w.base.binding(name, w.toBase(at))
	}
	if b := r.root.innermost(at).lookup(name); b != nil {
		return r, b
	}
	if w != nil {
		if b := w.base.root.names[name]; b != nil {
			return w.base, b
		}
	}
	return nil, nil
}

// bindingValue is the value of a binding. typing are the parameters whose types are
// being worked out by the caller, so that `(e: e) => ...`, where the annotation names
// the parameter itself, ends: a parameter's type is worked out again on each question
// (it depends on the handlers, known only once they are detected), and the path of
// the question, not a mark on the shared binding, says what is already under way.
func (r *Resolver) bindingValue(b *binding, typing []*binding) Value {
	if b.kind == bindParam {
		if slices.Contains(typing, b) {
			return Value{Kind: Local}
		}
		return r.paramValue(b, append(typing, b))
	}
	if b.done {
		return b.value
	}
	if b.resolving {
		return Value{}
	}
	b.resolving = true
	v := r.Value(b.init)
	for _, key := range b.path {
		v = v.Member(key)
	}
	if len(b.path) == 0 && v.Kind == None {
		// `const h = async (req, res) => {}` and other locals: known, not a module.
		v = Value{Kind: Local}
		if fn := syntax.Unwrap(b.init); syntax.IsFunction(fn) {
			v = Value{Kind: Function, Node: fn}
		}
	} else if v.Kind == None {
		v = Value{Kind: Local}
	}
	b.value, b.done, b.resolving = v, true, false
	return v
}

// Value resolves an expression node. Results are memoised per node: the handler
// detection and every rule ask about the same callees, and each question costs cgo calls.
//
// The memo is asked first by n itself: it holds unwrapped nodes only, so a hit is n's
// own value, found without reading n's kind (a call into C).
func (r *Resolver) Value(n *sitter.Node) Value {
	if n == nil {
		return Value{}
	}
	asked := n.Id()
	if v, ok := r.memo.get(asked); ok {
		return v
	}
	n, kind := syntax.UnwrapKind(n)
	if n == nil {
		return Value{}
	}
	if n.Id() != asked { // a wrapper's inner node: the memo has not been asked about it
		if v, ok := r.memo.get(n.Id()); ok {
			return v
		}
	}
	v := r.value(n, kind)
	r.memo.put(n.Id(), v)
	return v
}

// value works out the value of n, an unwrapped node of the given kind.
func (r *Resolver) value(n *sitter.Node, kind string) Value {
	switch kind {
	case syntax.Identifier, syntax.ShorthandPropertyIdentifier:
		return r.Lookup(syntax.Text(n, r.src), syntax.StartOf(n))
	case syntax.MemberExpression:
		obj := r.Value(syntax.Field(n, syntax.FieldObject))
		prop := syntax.Field(n, syntax.FieldProperty)
		if prop == nil || !obj.IsAPI() {
			return Value{}
		}
		return obj.Member(syntax.Text(prop, r.src))
	case syntax.SubscriptExpression:
		obj := r.Value(syntax.Field(n, syntax.FieldObject))
		key, ok := syntax.StringValue(syntax.Field(n, syntax.FieldIndex), r.src)
		if !ok || !obj.IsAPI() {
			return Value{} // fs[name]: a computed key names nothing we can know
		}
		return obj.Member(key)
	case syntax.AwaitExpression:
		return r.Value(syntax.NamedChild(n, 0))
	case syntax.CallExpression:
		return r.callValue(n)
	case syntax.NewExpression:
		return callResult(r.Value(syntax.Field(n, syntax.FieldConstructor)), true)
	}
	return Value{}
}

func (r *Resolver) callValue(call *sitter.Node) Value {
	fn, kind := syntax.FieldAndKind(call, syntax.FieldFunction)
	if fn == nil {
		return Value{}
	}
	var callee Value
	if kind == syntax.Import { // import('fs') resolves like require('fs')
		callee = Value{Kind: RequireFn}
	} else {
		callee = r.Value(fn)
	}
	if callee.Kind == RequireFn {
		args := syntax.Field(call, syntax.FieldArguments)
		if args == nil || syntax.NamedChildCount(args) == 0 {
			return Value{}
		}
		spec, ok := syntax.StringValue(syntax.NamedChild(args, 0), r.src)
		if !ok {
			return Value{}
		}
		return Value{Kind: Module, Module: NormalizeModule(spec)}
	}
	return callResult(callee, false)
}

// Callee resolves the function a call or `new` invokes. It is memoised per call:
// every rule asks it about every call.
func (r *Resolver) Callee(call *sitter.Node) Value {
	return r.CallFacts(call).Callee
}

// CallFacts are what rules ask first about a call or `new`: what it invokes and, for
// a method call, the method's name. They are computed once per node.
type CallFacts struct {
	Callee Value
	// Method is the property name of a member callee (`pipe` in `a.b.pipe(x)`, also
	// `a['pipe'](x)`), "" for plain function calls.
	Method string
}

// CallFacts returns the memoised facts of a call or `new` expression.
func (r *Resolver) CallFacts(call *sitter.Node) CallFacts {
	if f, ok := r.calls.get(call.Id()); ok {
		return f
	}
	var f CallFacts
	if fn := syntax.Callee(call); fn != nil && syntax.Kind(fn) != syntax.Import {
		f.Callee = r.Value(fn)
		f.Method = syntax.MemberName(fn, r.src)
	}
	r.calls.put(call.Id(), f)
	return f
}

// TypeValue resolves a type name (a parameter annotation) at an offset: a runtime
// import of the name or a type-only import.
func (r *Resolver) TypeValue(name string, at uint) Value { return r.typeValue(name, at, nil) }

func (r *Resolver) typeValue(name string, at uint, typing []*binding) Value {
	if v := r.lookup(name, at, typing); v.IsAPI() {
		return v
	}
	return r.types[name]
}

// Functions returns every function node of the file, in document order.
func (r *Resolver) Functions() []*sitter.Node { return r.functions }

// Imports reports whether the file imports or requires module anywhere.
func (r *Resolver) Imports(module string) bool {
	return r.imports[module] || r.win != nil && r.win.base.Imports(module)
}

// Initializer returns the initializer of the variable an identifier names, when it is
// declared as `const x = <init>` (no destructuring); nil otherwise.
func (r *Resolver) Initializer(id *sitter.Node) *sitter.Node {
	if id == nil || syntax.Kind(id) != syntax.Identifier {
		return nil
	}
	name := syntax.Text(id, r.src)
	owner, b := r.binding(name, syntax.StartOf(id))
	if b == nil {
		return nil
	}
	init := owner.initializerOf(b)
	if owner == r || init == nil {
		return init
	}
	if moved := r.win.rebaseNode(init); moved != nil {
		return moved
	}
	return r.initializerOf(r.root.names[name]) // declared by the statement itself
}

func (r *Resolver) initializerOf(b *binding) *sitter.Node {
	if b == nil || b.kind != bindInit || len(b.path) != 0 {
		return nil
	}
	return b.init
}

// paramValue types a parameter: by its TypeScript annotation, as the request, response
// or next of an Express handler, or by the well-known callback it belongs to.
func (r *Resolver) paramValue(b *binding, typing []*binding) Value {
	if inst, ok := typeInstances[r.annotation(syntax.Field(b.param, syntax.FieldType), typing)]; ok {
		return inst.value()
	}
	if h := r.handlers[b.fn.Id()]; h != nil && h.Framework == "express" {
		roles := []string{"request", "response"}
		if len(syntax.Params(b.fn)) == 4 {
			roles = []string{"", "request", "response"} // (err, req, res, next)
		}
		if b.index < len(roles) && roles[b.index] != "" {
			return Value{Kind: Instance, Module: "express", Type: roles[b.index]}
		}
		return Value{Kind: Local}
	}
	if call := callOf(b.fn); call != nil {
		callee := r.Callee(call)
		if cb, ok := callbackParams[callee.Canonical()]; ok && b.index < len(cb.types) {
			args := syntax.Field(call, syntax.FieldArguments)
			if ev, _ := syntax.StringValue(syntax.NamedChild(args, 0), r.src); cb.event == "" || ev == cb.event {
				return cb.types[b.index].value()
			}
		}
	}
	return Value{Kind: Local}
}

// callOf returns the call or `new` a function is passed to as an argument.
func callOf(fn *sitter.Node) *sitter.Node {
	args := syntax.Parent(fn)
	if args == nil || syntax.Kind(args) != syntax.Arguments {
		return nil
	}
	return syntax.Parent(args)
}

// FunctionOf is the function an expression's value is: a function literal, or a name
// bound to a function of this file; nil otherwise. Parentheses and type assertions
// are seen through.
func (r *Resolver) FunctionOf(n *sitter.Node) *sitter.Node {
	n = syntax.Unwrap(n)
	if syntax.IsFunction(n) {
		return n
	}
	if syntax.Kind(n) == syntax.Identifier {
		if v := r.Value(n); v.Kind == Function {
			return v.Node
		}
	}
	return nil
}

// Bound reports whether name is declared anywhere in scope at offset: false means it
// is a free name, a global such as Math or JSON unless the runtime lacks it.
func (r *Resolver) Bound(name string, at uint) bool {
	_, b := r.binding(name, at)
	return b != nil
}
