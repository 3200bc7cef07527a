package resolve

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// managedFramework is what marks a class as a controller of a framework that sits on
// Express and runs the class's methods itself, and how it routes them.
type managedFramework struct {
	// controllers are the class decorators that declare a controller; their first
	// argument is the controller's path (NestJS also takes `{ path, version }`).
	controllers map[string]bool
	// actions maps the method decorators that declare an action to the HTTP method it
	// answers; "" when the method is the decorator's first argument
	// (`@httpMethod('get', '/x')`, `@Method('get', '/x')`), whose path comes next.
	actions map[string]string
	// middlewareArgs: the arguments after an action's or controller's path are
	// middleware the framework runs before it (inversify-express-utils).
	middlewareArgs bool
	// middlewareDecorators are the class and method decorators whose arguments are
	// Express middleware the framework runs before the action, the class's first
	// (routing-controllers' @UseBefore).
	middlewareDecorators map[string]bool
	// braceParams: paths write parameters as `{id}`, served as Express's `:id` (tsoa).
	braceParams bool
	// bases are the classes a controller extends to get the framework's helpers.
	bases map[string]bool
	// decorators are controllers and actions together (filled in by init).
	decorators map[string]bool
}

func init() {
	for pkg, f := range managedFrameworks {
		f.decorators = map[string]bool{}
		for n := range f.controllers {
			f.decorators[n] = true
		}
		for n := range f.actions {
			f.decorators[n] = true
		}
		managedFrameworks[pkg] = f
	}
}

// routeActions are the action decorators named after the HTTP method they answer.
func routeActions(names ...string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		out[n] = strings.ToUpper(strings.TrimPrefix(n, "http"))
	}
	return out
}

// managedFrameworks are the controller frameworks, by package, whose router awaits
// every action and forwards its rejection to Express's next(err) (or to its own
// error filters): inversify-express-utils' handlerFactory, routing-controllers'
// ExpressDriver, the routes tsoa generates and NestJS's router all do. Their actions
// are not raw Express handlers, so the rules about Express 4's lost rejections do not
// apply to them; the route table lists them as the framework routes them
// (routetable_managed.go). This table is the one home of that knowledge.
var managedFrameworks = map[string]managedFramework{
	"inversify-express-utils": {
		controllers: set("controller"),
		actions: withMethod(routeActions("httpGet", "httpPost", "httpPut", "httpPatch", "httpDelete",
			"httpHead", "httpOptions", "all"), "httpMethod"),
		middlewareArgs: true,
		bases:          set("BaseHttpController"),
	},
	"routing-controllers": {
		controllers:          set("Controller", "JsonController"),
		actions:              withMethod(routeActions("Get", "Post", "Put", "Patch", "Delete", "Head", "All"), "Method"),
		middlewareDecorators: set("UseBefore"),
	},
	"tsoa": {
		controllers: set("Route"),
		actions:     routeActions("Get", "Post", "Put", "Patch", "Delete", "Head", "Options"),
		braceParams: true,
		bases:       set("Controller"),
	},
	"@nestjs/common": {
		controllers: set("Controller"),
		actions:     routeActions("Get", "Post", "Put", "Patch", "Delete", "Head", "Options", "All", "Search"),
	},
}

// withMethod adds the action decorator that takes its HTTP method as an argument.
func withMethod(actions map[string]string, name string) map[string]string {
	actions[name] = ""
	return actions
}

// ManagedBy returns the package of the controller framework that runs fn, "" when
// none does. fn is managed when it is a method (or a function-valued field) of a
// class that the framework runs: the class or the member carries one of the
// framework's controller or action decorators, or the class extends the framework's
// controller base class. Every member counts, not only the decorated actions: the
// helpers an action calls are awaited through it. Decorators and base classes are
// resolved through the file's imports, so a local function named `controller` or
// `Get` marks nothing.
func (r *Resolver) ManagedBy(fn *sitter.Node) string {
	member := classMember(fn)
	if member == nil {
		return ""
	}
	class := member.Parent().Parent()
	for _, d := range memberDecorators(member) {
		if pkg := r.frameworkOf(decoratorCallee(d), decoratorOf); pkg != "" {
			return pkg
		}
	}
	for _, d := range classDecorators(class) {
		if pkg := r.frameworkOf(decoratorCallee(d), decoratorOf); pkg != "" {
			return pkg
		}
	}
	return r.frameworkOf(superclass(class), baseOf)
}

// decoratorOf, baseOf and middlewareOf say which list of a framework a resolved name is
// looked up in.
func decoratorOf(f managedFramework) map[string]bool  { return f.decorators }
func baseOf(f managedFramework) map[string]bool       { return f.bases }
func middlewareOf(f managedFramework) map[string]bool { return f.middlewareDecorators }

// frameworkOf resolves n and returns the framework package it is an export of, when
// the export is in the list that pick chooses.
func (r *Resolver) frameworkOf(n *sitter.Node, pick func(managedFramework) map[string]bool) string {
	if n == nil {
		return ""
	}
	v := r.Value(n)
	if v.Kind != Member {
		return ""
	}
	if f, ok := managedFrameworks[v.Module]; ok && pick(f)[v.Path] {
		return v.Module
	}
	return ""
}

// classMember returns the class-body member whose function fn is: the method itself,
// or the field definition holding an arrow function or function expression; nil
// when fn is not a direct member of a class.
func classMember(fn *sitter.Node) *sitter.Node {
	member := fn
	if syntax.Kind(fn) != syntax.MethodDefinition {
		member = fn.Parent()
		if member == nil || (syntax.Kind(member) != syntax.PublicFieldDefinition && syntax.Kind(member) != syntax.FieldDefinition) {
			return nil
		}
		if v := syntax.Field(member, syntax.FieldValue); v == nil || v.Id() != fn.Id() {
			return nil
		}
	}
	body := member.Parent()
	if body == nil || syntax.Kind(body) != syntax.ClassBody || body.Parent() == nil {
		return nil
	}
	return member
}

// memberDecorators are a member's decorators: its own children (JavaScript), and the
// decorator siblings just before it in the class body (TypeScript puts a method's
// decorators there).
func memberDecorators(member *sitter.Node) []*sitter.Node {
	out := syntax.ChildrenOfKind(member, syntax.Decorator)
	for s := member.PrevNamedSibling(); s != nil; s = s.PrevNamedSibling() {
		switch syntax.Kind(s) {
		case syntax.Decorator:
			out = append(out, s)
		case syntax.Comment:
		default:
			return out
		}
	}
	return out
}

// classDecorators are a class's decorators, including those TypeScript attaches to
// the export statement around it (`@controller('/a') export class A {}`).
func classDecorators(class *sitter.Node) []*sitter.Node {
	out := syntax.ChildrenOfKind(class, syntax.Decorator)
	if p := class.Parent(); p != nil && syntax.Kind(p) == syntax.ExportStatement {
		out = append(out, syntax.ChildrenOfKind(p, syntax.Decorator)...)
	}
	return out
}

// decoratorCallee is the expression a decorator names: `controller` in both
// `@controller` and `@controller('/a')`, `nest.Get` in `@nest.Get()`.
func decoratorCallee(d *sitter.Node) *sitter.Node {
	e := d.NamedChild(0)
	if e != nil && syntax.Kind(e) == syntax.CallExpression {
		return syntax.Field(e, syntax.FieldFunction)
	}
	return e
}

// superclass is the expression after `extends`: TypeScript wraps it in an
// extends_clause, JavaScript puts it right under class_heritage.
func superclass(class *sitter.Node) *sitter.Node {
	for _, h := range syntax.ChildrenOfKind(class, syntax.ClassHeritage) {
		for j := uint(0); j < h.NamedChildCount(); j++ {
			c := h.NamedChild(j)
			switch syntax.Kind(c) {
			case syntax.ExtendsClause:
				return syntax.Field(c, syntax.FieldValue)
			case syntax.ImplementsClause, syntax.Comment:
			default:
				return c
			}
		}
	}
	return nil
}
