package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// An await can only reject the handler when the awaited call can reject. A function
// of the package "cannot reject" when it is async and its own body (nested functions
// aside, which settle their own promises) has:
//   - no throw that no try around it catches;
//   - no await, and no returned call, outside a try whose catch handles everything,
//     unless the awaited or returned call is itself of a function that cannot reject;
//     a catch handles everything when it holds no throw, and the awaits in it are
//     judged like any other (a catch that awaits a call that can reject can reject);
//   - no for await loop outside such a try.
//
// Synchronous calls are taken not to throw: the rejections this judges are the ones
// the code plans, awaits of I/O and throw statements, not a TypeError from a bug.
// A function that is not async can return a promise that rejects, so it can reject.
//
// A call is resolved to its definition, and when that fails it can reject:
//   - a function of this file, by name (`await sendTestNotification(agent, user)`);
//     its parameters are bound to the call's arguments, so that a method called on a
//     parameter is judged by what the caller passed;
//   - an imported function or a member of an imported module: the defining file
//     records factCannotReject for each of its names whose every function cannot
//     reject (a method's name for class methods, "default" for a default export);
//   - a method called on an instance of an imported class (`new GithubAPI()`, also
//     through a variable, or a parameter bound to one): it matches every function of
//     that name in the class's module, and cannot reject only when every one of them
//     cannot.

// factCannotReject, followed by a module key and "#name", says that every function
// of that name in that module cannot reject (see above).
const factCannotReject = "cannot-reject:"

// factReadsCannotReject marks a file whose result used another file's
// factCannotReject: it depends on the package's other files.
const factReadsCannotReject = "express-reads-cannot-reject"

// rejectEnv binds the parameters of a function being judged for one call to that
// call's arguments; parent is the caller's own binding.
type rejectEnv struct {
	args   map[string]*sitter.Node
	parent *rejectEnv
	// falsy holds "param.prop" for each property the call sets to a falsy literal
	// (see express_async_guarded.go).
	falsy map[string]bool
}

// rejectCheck judges calls of one file; it remembers the verdicts of functions
// judged with no binding.
type rejectCheck struct {
	pass     *analysis.Pass
	memo     map[uintptr]bool
	visiting map[uintptr]bool
	// readFact is set once a verdict used another file's fact.
	readFact bool
	// hear, when set, is told the prefix of every fact asked, and every fact is
	// taken to say "cannot reject" (see hearHandlerAsks).
	hear func(prefix string)
	// ownOnly: every other file's fact is taken to say "can reject", unread (see
	// newExportCheck).
	ownOnly bool
}

func newRejectCheck(pass *analysis.Pass) *rejectCheck {
	return &rejectCheck{pass: pass, memo: map[uintptr]bool{}, visiting: map[uintptr]bool{}}
}

// newExportCheck judges the verdicts a file records for the other files (exportCannotReject,
// exportGuardedCannotReject) from its own code alone: a call of another file's
// function can reject, whatever that file recorded. A walk records every file's facts
// in its first pass, before any other file's are known, so there a verdict could never
// rest on them; a file judged again later with them (the language server's, after an
// edit) then records what a fresh walk would, and no file's facts are read because a
// file that only records names it (see cannot_reject_gate.go).
func newExportCheck(pass *analysis.Pass) *rejectCheck {
	c := newRejectCheck(pass)
	c.ownOnly = true
	return c
}

// maxRejectDepth bounds how many calls deep a verdict follows the code.
const maxRejectDepth = 4

// functionCannotReject judges fn with its parameters bound by env.
func (c *rejectCheck) functionCannotReject(fn *sitter.Node, env *rejectEnv, depth int) bool {
	if fn == nil || !syntax.IsAsync(fn) || depth > maxRejectDepth || c.visiting[fn.Id()] {
		return false
	}
	if ok, known := c.memo[fn.Id()]; known && env == nil {
		return ok
	}
	c.visiting[fn.Id()] = true
	defer delete(c.visiting, fn.Id())
	body := syntax.Field(fn, syntax.FieldBody)
	ok := body != nil
	if ok && syntax.Kind(body) != syntax.StatementBlock {
		ok = c.settles(syntax.Unwrap(body), env, depth) // an expression body is returned
	}
	ok = ok && !c.canRejectIn(body, env, depth)
	if env == nil {
		c.memo[fn.Id()] = ok
	}
	return ok
}

// canRejectIn reports whether something under n, outside every try whose catch
// handles everything, can reject the function.
func (c *rejectCheck) canRejectIn(n *sitter.Node, env *rejectEnv, depth int) bool {
	if n == nil {
		return false
	}
	for ch := range syntax.NamedChildren(n) {
		if syntax.IsFunction(ch) {
			continue
		}
		switch syntax.Kind(ch) {
		case syntax.TryStatement:
			catch := syntax.Field(ch, syntax.FieldHandler)
			if catch == nil || throwsOut(syntax.Field(catch, syntax.FieldBody)) {
				if c.canRejectIn(syntax.Field(ch, syntax.FieldBody), env, depth) {
					return true
				}
			}
			if c.canRejectIn(catch, env, depth) || c.canRejectIn(syntax.Field(ch, syntax.FieldFinalizer), env, depth) {
				return true
			}
			continue
		case syntax.ThrowStatement:
			return true
		case syntax.IfStatement:
			if cond := syntax.Field(ch, syntax.FieldCondition); guardedOff(c.pass, cond, env) {
				if c.canRejectIn(cond, env, depth) || c.canRejectIn(syntax.Field(ch, syntax.FieldAlternative), env, depth) {
					return true
				}
				continue
			}
		case syntax.AwaitExpression:
			if !c.settles(ch.NamedChild(0), env, depth) {
				return true
			}
		case syntax.ReturnStatement:
			if v := syntax.Unwrap(ch.NamedChild(0)); v != nil && syntax.Kind(v) != syntax.AwaitExpression && !c.settles(v, env, depth) {
				return true
			}
		case syntax.ForInStatement:
			if strings.HasPrefix(strings.TrimPrefix(c.pass.Text(ch), "for"), " await") {
				return true
			}
		}
		if c.canRejectIn(ch, env, depth) {
			return true
		}
	}
	return false
}

// settles reports whether awaiting or returning v cannot reject: a value that is no
// promise made here (a literal, an object, a name bound to one), a choice between
// such values, or a call of a function that cannot reject.
func (c *rejectCheck) settles(v *sitter.Node, env *rejectEnv, depth int) bool {
	v = syntax.Unwrap(v)
	switch syntax.Kind(v) {
	case syntax.AwaitExpression:
		return c.settles(v.NamedChild(0), env, depth)
	case syntax.CallExpression:
		return c.callCannotReject(v, env, depth)
	case syntax.Identifier:
		return !c.mayHoldPromise(v)
	case syntax.BinaryExpression:
		return c.settles(syntax.Field(v, syntax.FieldLeft), env, depth) && c.settles(syntax.Field(v, syntax.FieldRight), env, depth)
	case syntax.TernaryExpression:
		return c.settles(syntax.Field(v, syntax.FieldConsequence), env, depth) && c.settles(syntax.Field(v, syntax.FieldAlternative), env, depth)
	case syntax.This, syntax.True, syntax.False, syntax.Null, syntax.Undefined, syntax.Number, syntax.String, syntax.TemplateString,
		syntax.Object, syntax.Array, syntax.UnaryExpression:
		// An object or array holding a promise does not reject when returned; a
		// property (this.pending) may be a promise, and is not listed.
		return true
	}
	return false
}

// mayHoldPromise: a name bound to a call, a new expression or another name may hold
// a promise that rejects, as may a parameter (a caller's promise); a name bound to an
// await or a literal holds a value.
func (c *rejectCheck) mayHoldPromise(id *sitter.Node) bool {
	init := syntax.Unwrap(c.pass.Resolver.Initializer(id))
	if init == nil {
		return syntax.Text(id, c.pass.File.Src) != "undefined"
	}
	switch syntax.Kind(init) {
	case syntax.CallExpression, syntax.NewExpression, syntax.Identifier, syntax.MemberExpression:
		return true
	}
	return false
}

// callCannotReject resolves call to its definition (see the comment at the top).
func (c *rejectCheck) callCannotReject(call *sitter.Node, env *rejectEnv, depth int) bool {
	callee := syntax.Unwrap(syntax.Field(call, syntax.FieldFunction))
	if callee == nil {
		return false
	}
	r := c.pass.Resolver
	if syntax.Kind(callee) == syntax.Identifier {
		if v := r.Value(callee); v.Kind == resolve.Function && v.Node != nil {
			return c.functionCannotReject(v.Node, c.bind(v.Node, call, env), depth+1)
		}
	}
	if module, name, ok := r.FunctionElsewhere(callee); ok {
		return c.factSays(module, name) || c.guardedFactSays(module, name, call)
	}
	if syntax.Kind(callee) != syntax.MemberExpression {
		return false
	}
	if module, ok := c.instanceModule(syntax.Field(callee, syntax.FieldObject), env, depth); ok {
		name := c.pass.Text(syntax.Field(callee, syntax.FieldProperty))
		return c.factSays(module, name) || c.guardedFactSays(module, name, call)
	}
	return false
}

// instanceModule names the module of the imported class obj is an instance of:
// `new X()`, a name bound to one, or a parameter the caller bound to one.
func (c *rejectCheck) instanceModule(obj *sitter.Node, env *rejectEnv, depth int) (string, bool) {
	for i := 0; i <= maxRejectDepth; i++ {
		obj = syntax.Unwrap(obj)
		if syntax.Kind(obj) != syntax.Identifier {
			return c.pass.Resolver.ImportedClass(obj)
		}
		if init := c.pass.Resolver.Initializer(obj); init != nil {
			obj = init
			continue
		}
		if env == nil || env.args[c.pass.Text(obj)] == nil {
			return "", false
		}
		obj, env = env.args[c.pass.Text(obj)], env.parent
	}
	return "", false
}

// bind maps fn's parameter names to call's arguments, in the caller's env.
func (c *rejectCheck) bind(fn, call *sitter.Node, env *rejectEnv) *rejectEnv {
	args := syntax.Field(call, syntax.FieldArguments)
	if args == nil {
		return nil
	}
	b := &rejectEnv{args: map[string]*sitter.Node{}, parent: env}
	for i, p := range syntax.Params(fn) {
		if name := syntax.ParamName(p, c.pass.File.Src); name != "" && uint(i) < args.NamedChildCount() {
			b.args[name] = args.NamedChild(uint(i))
		}
	}
	bindFalsy(c.pass, fn, call, b)
	if len(b.args) == 0 && len(b.falsy) == 0 {
		return nil
	}
	return b
}

// factSays reads whether the module's file recorded that name cannot reject.
func (c *rejectCheck) factSays(module, name string) bool {
	return c.moduleFact(factCannotReject, module, name)
}

// moduleFact reads whether the module's file recorded the fact prefix+key+"#"+name.
func (c *rejectCheck) moduleFact(prefix, module, name string) bool {
	key, ok := resolve.ModuleKey(c.pass.File.Path, module, c.pass.DependsOn)
	if !ok || name == "" || c.ownOnly {
		return false
	}
	c.readFact = true
	if c.hear != nil {
		c.hear(prefix + key + "#")
		return true
	}
	return len(c.pass.Elsewhere(prefix+key+"#"+name)) > 0
}

// exportCannotReject records factCannotReject for each name of this file whose every
// function cannot reject: a function's or method's own name, and "default" for a
// default export.
func exportCannotReject(pass *analysis.Pass, c *rejectCheck) {
	verdict := map[string]bool{}
	at := map[string]*sitter.Node{}
	var order []string
	for _, fn := range pass.Resolver.Functions() {
		for _, name := range cannotRejectNames(pass, fn) {
			ok := c.functionCannotReject(fn, nil, 0)
			if prev, seen := verdict[name]; seen {
				verdict[name] = prev && ok
				continue
			}
			verdict[name], at[name] = ok, fn
			order = append(order, name)
		}
	}
	for _, name := range order {
		if !verdict[name] {
			continue
		}
		for _, key := range resolve.OwnModuleKeys(pass.File.Path) {
			pass.AddFact(factCannotReject+key+"#"+name, at[name])
		}
	}
}

// cannotRejectNames are the names other files call fn by: its own name, and "default"
// for a default export.
func cannotRejectNames(pass *analysis.Pass, fn *sitter.Node) []string {
	var names []string
	if name := syntax.FunctionName(fn, pass.File.Src); name != "" {
		names = append(names, name)
	}
	if p := syntax.Parent(fn); p != nil && syntax.Kind(p) == syntax.ExportStatement && strings.HasPrefix(pass.Text(p), "export default") {
		names = append(names, "default")
	}
	return names
}
