package resolve

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// FunctionElsewhere names the module and the export (or method) behind a callee that
// another file of the project defines: an imported function, a member of an imported
// module, or a method of an instance of an imported class (`new Api().get`, also
// through a variable bound to it). For a method the name is the method's: the
// defining file matches it against the methods of its classes.
func (r *Resolver) FunctionElsewhere(callee *sitter.Node) (module, name string, ok bool) {
	module, name, _, ok = r.definedElsewhere(syntax.Unwrap(callee))
	return module, name, ok
}

// ImportedClass names the module of the class a `new` expression constructs, when
// that class is imported from a file of the project (`new GithubAPI()` with
// GithubAPI imported from "@server/api/github").
func (r *Resolver) ImportedClass(newExpr *sitter.Node) (module string, ok bool) {
	if syntax.Kind(newExpr) != syntax.NewExpression {
		return "", false
	}
	v := r.Value(syntax.Field(newExpr, syntax.FieldConstructor))
	if v.fromImport() {
		return v.Module, true
	}
	return "", false
}
