package rules

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// A function that can reject only inside `if (opts.flag) { … }`, opts being one of its
// parameters, cannot reject for a call that passes an object literal whose flag is a
// falsy literal: send(type, { notifyAdmin: false, … }) never runs the branch that
// awaits outside a try. Only literals at the call count, and only when the function
// assigns neither the parameter nor its flag, so what the branch tests is what the
// caller wrote.

// factCannotRejectUnless, followed by a module key, "#name#", the parameter's index,
// "." and a property (cannot-reject-unless:key#send#1.notifyAdmin), says that every
// function of that name in that module cannot reject when that property of that
// argument is falsy.
const factCannotRejectUnless = "cannot-reject-unless:"

// rejectGuards lists the "param.prop" conditions cond implies: opts.flag, opts?.flag,
// or such a member among the operands of an && chain.
func rejectGuards(pass *analysis.Pass, cond *sitter.Node) []string {
	cond = syntax.Unwrap(cond)
	switch syntax.Kind(cond) {
	case syntax.MemberExpression:
		obj := syntax.Unwrap(syntax.Field(cond, syntax.FieldObject))
		prop := syntax.Field(cond, syntax.FieldProperty)
		if obj != nil && syntax.Kind(obj) == syntax.Identifier && prop != nil && syntax.Kind(prop) == syntax.PropertyIdentifier {
			return []string{pass.Text(obj) + "." + pass.Text(prop)}
		}
	case syntax.BinaryExpression:
		if pass.Text(syntax.Field(cond, syntax.FieldOperator)) == "&&" {
			return append(rejectGuards(pass, syntax.Field(cond, syntax.FieldLeft)), rejectGuards(pass, syntax.Field(cond, syntax.FieldRight))...)
		}
	}
	return nil
}

// guardedOff reports whether env makes one of cond's guards false, so that the branch
// cond opens does not run.
func guardedOff(pass *analysis.Pass, cond *sitter.Node, env *rejectEnv) bool {
	if env == nil || len(env.falsy) == 0 {
		return false
	}
	for _, g := range rejectGuards(pass, cond) {
		if env.falsy[g] {
			return true
		}
	}
	return false
}

// falsyProps lists the properties of an object literal set to a falsy literal
// (notifyAdmin: false, limit: 0, name: ”, x: null).
func falsyProps(pass *analysis.Pass, obj *sitter.Node) []string {
	obj = syntax.Unwrap(obj)
	if obj == nil || syntax.Kind(obj) != syntax.Object {
		return nil
	}
	var out []string
	for i := uint(0); i < obj.NamedChildCount(); i++ {
		p := obj.NamedChild(i)
		if syntax.Kind(p) != syntax.Pair {
			continue
		}
		if key := syntax.Field(p, syntax.FieldKey); key != nil && syntax.Kind(key) == syntax.PropertyIdentifier && secIsFalsy(pass, syntax.Field(p, syntax.FieldValue)) {
			out = append(out, pass.Text(key))
		}
	}
	return out
}

// paramAssigned reports whether fn assigns to its parameter name or to one of its
// properties (opts = …, opts.flag = …), which would make the caller's literal moot.
func paramAssigned(pass *analysis.Pass, fn *sitter.Node, name string) bool {
	return containsNode(syntax.Field(fn, syntax.FieldBody), false, func(n *sitter.Node) bool {
		k := syntax.Kind(n)
		if k != syntax.AssignmentExpression && k != syntax.AugmentedAssignmentExpression {
			return false
		}
		left := syntax.Unwrap(syntax.Field(n, syntax.FieldLeft))
		for left != nil && (syntax.Kind(left) == syntax.MemberExpression || syntax.Kind(left) == syntax.SubscriptExpression) {
			left = syntax.Unwrap(syntax.Field(left, syntax.FieldObject))
		}
		return left != nil && pass.Text(left) == name
	})
}

// bindFalsy records, for each parameter of fn the call passes an object literal to,
// the properties that literal sets falsy.
func bindFalsy(pass *analysis.Pass, fn, call *sitter.Node, env *rejectEnv) {
	args := secArgs(call)
	for i, p := range syntax.Params(fn) {
		name := syntax.ParamName(p, pass.File.Src)
		if name == "" || i >= len(args) {
			continue
		}
		props := falsyProps(pass, args[i])
		if len(props) == 0 || paramAssigned(pass, fn, name) {
			continue
		}
		if env.falsy == nil {
			env.falsy = map[string]bool{}
		}
		for _, prop := range props {
			env.falsy[name+"."+prop] = true
		}
	}
}

// guardsThatSettle lists, as "index.prop", each guard under which fn cannot reject:
// a condition on a parameter's property that, when false, leaves nothing in fn that
// can reject.
func (c *rejectCheck) guardsThatSettle(fn *sitter.Node) []string {
	if !syntax.IsAsync(fn) {
		return nil // it can return a rejected promise whatever it tests
	}
	index := map[string]int{}
	for i, p := range syntax.Params(fn) {
		if name := syntax.ParamName(p, c.pass.File.Src); name != "" {
			index[name] = i
		}
	}
	if len(index) == 0 {
		return nil
	}
	all := map[string]bool{}
	assigned := map[string]bool{}
	var candidates []string
	walkNamed(syntax.Field(fn, syntax.FieldBody), true, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.IfStatement {
			return true
		}
		for _, g := range rejectGuards(c.pass, syntax.Field(n, syntax.FieldCondition)) {
			param, _, _ := strings.Cut(g, ".")
			if _, ok := index[param]; !ok || all[g] {
				continue
			}
			was, known := assigned[param]
			if !known {
				was = paramAssigned(c.pass, fn, param)
				assigned[param] = was
			}
			if !was {
				all[g] = true
				candidates = append(candidates, g)
			}
		}
		return true
	})
	// Each guard switched off skips more code, never less: when fn can reject with all
	// of them off, it can with any one off, and one judgement settles it.
	if len(candidates) == 0 || !c.functionCannotReject(fn, &rejectEnv{falsy: all}, 0) {
		return nil
	}
	var out []string
	for _, g := range candidates {
		if len(candidates) == 1 || c.functionCannotReject(fn, &rejectEnv{falsy: map[string]bool{g: true}}, 0) {
			param, prop, _ := strings.Cut(g, ".")
			out = append(out, strconv.Itoa(index[param])+"."+prop)
		}
	}
	return out
}

// exportGuardedCannotReject records factCannotRejectUnless for each name of this file
// and guard under which every function of that name cannot reject (a function that
// cannot reject at all counts for every guard); names that cannot reject at all have
// factCannotReject already.
func exportGuardedCannotReject(pass *analysis.Pass, c *rejectCheck) {
	type verdict struct {
		guards map[string]bool // nil: every guard so far
		at     *sitter.Node
		dead   bool
	}
	byName := map[string]*verdict{}
	var order []string
	for _, fn := range pass.Resolver.Functions() {
		always := c.functionCannotReject(fn, nil, 0)
		var guards map[string]bool
		if !always {
			guards = map[string]bool{}
			for _, g := range c.guardsThatSettle(fn) {
				guards[g] = true
			}
		}
		for _, name := range cannotRejectNames(pass, fn) {
			v := byName[name]
			if v == nil {
				v = &verdict{at: fn}
				byName[name] = v
				order = append(order, name)
			}
			switch {
			case always || v.dead:
			case v.guards == nil:
				v.guards = maps.Clone(guards)
			default:
				for g := range v.guards {
					if !guards[g] {
						delete(v.guards, g)
					}
				}
			}
			if !always && len(v.guards) == 0 {
				v.dead = true
			}
		}
	}
	for _, name := range order {
		v := byName[name]
		if v.dead || v.guards == nil {
			continue
		}
		for _, g := range slices.Sorted(maps.Keys(v.guards)) {
			for _, key := range resolve.OwnModuleKeys(pass.File.Path) {
				pass.AddFact(factCannotRejectUnless+key+"#"+name+"#"+g, v.at)
			}
		}
	}
}

// guardedFactSays reports whether the module records that name cannot reject when a
// property call sets falsy in an object literal argument is falsy.
func (c *rejectCheck) guardedFactSays(module, name string, call *sitter.Node) bool {
	for i, arg := range secArgs(call) {
		for _, prop := range falsyProps(c.pass, arg) {
			if c.moduleFact(factCannotRejectUnless, module, name+"#"+strconv.Itoa(i)+"."+prop) {
				return true
			}
		}
	}
	return false
}
