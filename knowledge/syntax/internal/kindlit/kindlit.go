// Package kindlit finds the string literals Go code uses as tree-sitter node kinds or
// field names: compared with or switched on a node's kind, passed to a kind or field
// helper, or listed where kinds are kept. The rewrite to the syntax package's
// constants and the check that no such literal comes back share it.
//
// It reads syntax only (no type checking): a kind is what syntax.Kind, a node's
// Kind method or KindNames gives, a variable assigned from one, or a parameter,
// variable or field named kind, ...Kind or ...Kinds; a field name is the name
// argument of syntax.Field, ChildByFieldName or a helper's field parameter.
package kindlit

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// Use is one literal in a kind or field position.
type Use struct {
	Lit   *ast.BasicLit
	Value string
	Field bool // a field name, not a node kind
	// Sure is set where the position holds a kind whatever the literal says (a
	// comparison with Kind(n), a helper's kind argument); elsewhere only a literal
	// naming a real kind counts, since the position is judged by a variable's name.
	Sure bool
}

// Helpers are the functions and methods, by name, that take kinds or field names,
// with the positions of those parameters; Collect finds them in a set of files.
type Helpers struct {
	kinds  map[string][]param
	fields map[string][]param
	maps   map[string]bool // maps and fields indexed by a kind somewhere
}

type param struct {
	index    int
	variadic bool // the last parameter, ...string: every argument from index on
	list     bool // a []string
}

// NewHelpers knows the syntax package's own helpers and the binding's field methods.
func NewHelpers() *Helpers {
	return &Helpers{
		kinds: map[string][]param{},
		fields: map[string][]param{
			"Field": {{index: 1}}, "ChildByFieldName": {{index: 0}}, "ChildrenByFieldName": {{index: 0}},
		},
		maps: map[string]bool{},
	}
}

// Collect learns the kind and field helpers declared in f, and the maps it indexes
// by a kind. Call it on every file before Find.
func (h *Helpers) Collect(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			h.collectFunc(n)
		case *ast.IndexExpr:
			if isKindExpr(n.Index, 0) {
				if name := exprName(n.X); name != "" {
					h.maps[name] = true
				}
			}
		}
		return true
	})
}

func (h *Helpers) collectFunc(fn *ast.FuncDecl) {
	i := 0
	for _, field := range fn.Type.Params.List {
		names := field.Names
		if len(names) == 0 {
			i++
			continue
		}
		for _, name := range names {
			p := param{index: i}
			typ := field.Type
			if el, ok := typ.(*ast.Ellipsis); ok {
				p.variadic, typ = true, el.Elt
			}
			if arr, ok := typ.(*ast.ArrayType); ok && arr.Len == nil {
				p.list, typ = true, arr.Elt
			}
			if id, ok := typ.(*ast.Ident); ok && id.Name == "string" {
				switch {
				case kindName(name.Name):
					h.kinds[fn.Name.Name] = append(h.kinds[fn.Name.Name], p)
				case name.Name == "field" || name.Name == "fieldName":
					h.fields[fn.Name.Name] = append(h.fields[fn.Name.Name], p)
				}
			}
			i++
		}
	}
}

// kindName reports whether a variable's, parameter's or field's name says it holds
// a node kind or kinds: kind, kinds, parentKind, inertKinds.
func kindName(name string) bool {
	lower := strings.ToLower(name)
	return lower == "kind" || lower == "kinds" || strings.HasSuffix(name, "Kind") || strings.HasSuffix(name, "Kinds")
}

// exprName is the name of a variable or a selected field: m, r.collected.
func exprName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

// Find lists f's literals in kind and field positions, in source order.
func (h *Helpers) Find(f *ast.File) []Use {
	var out []Use
	seen := map[*ast.BasicLit]bool{}
	add := func(e ast.Expr, field, sure bool) {
		lit, ok := ast.Unparen(e).(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING || seen[lit] {
			return
		}
		v, err := strconv.Unquote(lit.Value)
		if err != nil {
			return
		}
		seen[lit] = true
		out = append(out, Use{Lit: lit, Value: v, Field: field, Sure: sure})
	}
	addList := func(e ast.Expr, sure bool) {
		cl, ok := ast.Unparen(e).(*ast.CompositeLit)
		if !ok {
			return
		}
		_, isMap := cl.Type.(*ast.MapType)
		for _, el := range cl.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok && isMap {
				add(kv.Key, false, sure)
			} else if !isMap {
				add(el, false, sure)
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				if isKindExpr(n.X, 0) {
					add(n.Y, false, sureKind(n.X))
				}
				if isKindExpr(n.Y, 0) {
					add(n.X, false, sureKind(n.Y))
				}
			}
		case *ast.SwitchStmt:
			if n.Tag != nil && isKindExpr(n.Tag, 0) {
				for _, s := range n.Body.List {
					for _, e := range s.(*ast.CaseClause).List {
						add(e, false, sureKind(n.Tag))
					}
				}
			}
		case *ast.CallExpr:
			name := exprName(n.Fun)
			for _, p := range h.kinds[name] {
				h.addArgs(n, p, func(e ast.Expr) { add(e, false, true) }, func(e ast.Expr) { addList(e, true) })
			}
			for _, p := range h.fields[name] {
				h.addArgs(n, p, func(e ast.Expr) { add(e, true, true) }, nil)
			}
		case *ast.IndexExpr:
			if h.maps[exprName(n.X)] {
				add(n.Index, false, false)
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && kindName(id.Name) {
				addList(n.Value, false)
				add(n.Value, false, false)
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if i < len(n.Values) && (kindName(name.Name) || h.maps[name.Name]) {
					addList(n.Values[i], false)
					add(n.Values[i], false, false)
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if name := exprName(l); kindName(name) || h.maps[name] {
						addList(n.Rhs[i], false)
						add(n.Rhs[i], false, false)
					}
				}
			}
		case *ast.RangeStmt:
			if id, ok := n.Value.(*ast.Ident); ok && kindName(id.Name) {
				addList(n.X, false)
			}
		}
		return true
	})
	return out
}

func (h *Helpers) addArgs(call *ast.CallExpr, p param, one, list func(ast.Expr)) {
	for i, arg := range call.Args {
		if i < p.index || i > p.index && !p.variadic {
			continue
		}
		if p.list && list != nil {
			list(arg)
		} else {
			one(arg)
		}
	}
}

// isKindExpr reports whether e holds a node kind: Kind(n), n.Kind(), names[id] of a
// KindNames table, or a variable assigned from one or named as a kind.
func isKindExpr(e ast.Expr, depth int) bool {
	if depth > 8 {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		return isKindCall(e)
	case *ast.IndexExpr:
		return isKindTable(e.X, depth+1)
	case *ast.Ident:
		if kindName(e.Name) && !strings.HasSuffix(e.Name, "s") {
			return true
		}
		return declaredAs(e, depth, isKindExpr, isKindList)
	case *ast.SelectorExpr:
		return kindName(e.Sel.Name) && !strings.HasSuffix(e.Sel.Name, "s")
	}
	return false
}

// sureKind reports whether e is a kind by what computes it rather than by its name.
func sureKind(e ast.Expr) bool {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		return isKindCall(call)
	}
	if id, ok := e.(*ast.Ident); ok {
		return declaredAs(id, 0, func(e ast.Expr, _ int) bool { return sureKind(e) }, nil)
	}
	return false
}

// isKindCall: syntax.Kind(n), Kind(n) inside package syntax, or n.Kind().
func isKindCall(c *ast.CallExpr) bool {
	switch fun := c.Fun.(type) {
	case *ast.Ident:
		return fun.Name == "Kind" && len(c.Args) == 1
	case *ast.SelectorExpr:
		if fun.Sel.Name != "Kind" {
			return false
		}
		if pkg, ok := fun.X.(*ast.Ident); ok && pkg.Name == "syntax" {
			return len(c.Args) == 1
		}
		return len(c.Args) == 0
	}
	return false
}

// isKindTable: KindNames(root) or a variable assigned from it.
func isKindTable(e ast.Expr, depth int) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		return exprName(e.Fun) == "KindNames"
	case *ast.Ident:
		return declaredAs(e, depth, isKindTable, nil)
	}
	return false
}

// isKindList: a list of kinds, by its name (r.Kinds, inertKinds).
func isKindList(e ast.Expr, _ int) bool {
	name := exprName(ast.Unparen(e))
	return kindName(name) && strings.HasSuffix(name, "s")
}

// declaredAs reports whether the local variable id was assigned from an expression
// that one accepts, or ranges over one that each accepts.
func declaredAs(id *ast.Ident, depth int, one, each func(ast.Expr, int) bool) bool {
	if id.Obj == nil || id.Obj.Kind != ast.Var {
		return false
	}
	switch d := id.Obj.Decl.(type) {
	case *ast.AssignStmt:
		for i, l := range d.Lhs {
			if l, ok := l.(*ast.Ident); !ok || l.Name != id.Name {
				continue
			}
			if len(d.Rhs) == 1 {
				if r, ok := d.Rhs[0].(*ast.UnaryExpr); ok && r.Op == token.RANGE {
					return i == 1 && each != nil && each(r.X, depth+1)
				}
			}
			if len(d.Lhs) == len(d.Rhs) {
				return one(d.Rhs[i], depth+1)
			}
		}
	case *ast.ValueSpec:
		for i, name := range d.Names {
			if name.Name == id.Name && i < len(d.Values) {
				return one(d.Values[i], depth+1)
			}
		}
	}
	return false
}
