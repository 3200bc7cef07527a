package resolve

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// CalleeElsewhere names the module and the export (or method) a call runs when that
// function is defined in another file of the project: an imported function
// (`sendEmail(x)`), a member of an imported module or of its default export
// (`svc.list()`, `m.list()`, `App.findAll()`), a method of an instance of an imported
// class (`new Svc().run()`), or a method of a value an imported function returns
// (`getSettings().save()`, also through a variable bound to that call). For the last
// two, and for a method of a property the class declares with an imported class as its
// type (`constructor(private svc: Svc)`, `svc: Svc;` then `this.svc.run()`, as
// dependency injection does; also when only the type is imported), the name is the
// method's: the defining file matches it against its classes.
func (r *Resolver) CalleeElsewhere(call *sitter.Node) (module, name string, ok bool) {
	fn := syntax.Unwrap(syntax.Field(call, syntax.FieldFunction))
	if fn == nil {
		return "", "", false
	}
	if module, name, _, ok = r.definedElsewhere(fn); ok {
		return module, name, true
	}
	if syntax.Kind(fn) != syntax.MemberExpression {
		return "", "", false
	}
	obj := syntax.Field(fn, syntax.FieldObject)
	method := syntax.Text(syntax.Field(fn, syntax.FieldProperty), r.src)
	if t := r.declaredPropertyType(obj); t != nil {
		name := syntax.Text(t, r.src)
		v := r.Lookup(name, syntax.StartOf(call))
		if v.Kind == None {
			v = r.types[name] // a type-only import: `import type { Svc }`, `import { type Svc }`
		}
		if v.fromImport() {
			return v.Module, method, true
		}
		return "", "", false
	}
	if syntax.Kind(obj) == syntax.Identifier {
		obj = r.Initializer(obj)
	}
	if obj = syntax.Unwrap(obj); obj == nil || syntax.Kind(obj) != syntax.CallExpression {
		return "", "", false
	}
	if obj = syntax.Field(obj, syntax.FieldFunction); obj == nil {
		return "", "", false
	}
	if v := r.Value(obj); v.fromImport() {
		return v.Module, method, true
	}
	return "", "", false
}

// declaredPropertyType is the type name a class declares `this.prop` with, for n a
// `this.prop` inside the class: a constructor parameter property
// (`constructor(private prop: T)`) or a field (`prop: T;`). nil otherwise.
func (r *Resolver) declaredPropertyType(n *sitter.Node) *sitter.Node {
	if syntax.Kind(n) != syntax.MemberExpression || syntax.Kind(syntax.Field(n, syntax.FieldObject)) != syntax.This {
		return nil
	}
	prop := syntax.Text(syntax.Field(n, syntax.FieldProperty), r.src)
	body := syntax.Parent(n)
	for body != nil && syntax.Kind(body) != syntax.ClassBody {
		body = syntax.Parent(body)
	}
	if body == nil {
		return nil
	}
	typeName := func(annotation *sitter.Node) *sitter.Node {
		if annotation == nil || annotation.NamedChildCount() == 0 {
			return nil
		}
		if t := annotation.NamedChild(0); syntax.Kind(t) == syntax.TypeIdentifier {
			return t
		}
		return nil
	}
	for i := uint(0); i < body.NamedChildCount(); i++ {
		member := body.NamedChild(i)
		switch syntax.Kind(member) {
		case syntax.PublicFieldDefinition:
			if syntax.Text(syntax.Field(member, syntax.FieldName), r.src) == prop {
				return typeName(syntax.Field(member, syntax.FieldType))
			}
		case syntax.MethodDefinition:
			if syntax.Text(syntax.Field(member, syntax.FieldName), r.src) != "constructor" {
				continue
			}
			params := syntax.Field(member, syntax.FieldParameters)
			for j := uint(0); params != nil && j < params.NamedChildCount(); j++ {
				p := params.NamedChild(j)
				if syntax.Text(syntax.Field(p, syntax.FieldPattern), r.src) == prop && hasAccessibility(p) {
					return typeName(syntax.Field(p, syntax.FieldType))
				}
			}
		}
	}
	return nil
}

// hasAccessibility: a constructor parameter that is also a property (`private x: T`,
// `readonly x: T`).
func hasAccessibility(param *sitter.Node) bool {
	for i := uint(0); i < param.ChildCount(); i++ {
		if k := syntax.Kind(param.Child(i)); k == syntax.AccessibilityModifier || k == syntax.KeywordReadonly {
			return true
		}
	}
	return false
}
