package resolve

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Path helpers of another module. `router.get(loginPath(config), h)`, where another
// module of the package exports `loginPath = (config) => `${config.site.baseUrl ||
// '/'}login``, answers at the path that function returns. A module records each
// exported function whose body returns one string or template as the path text of
// that template (PathFunctions: `{config.site.baseUrl:/}login`, a parameter shown by
// its name in braces), and the join puts it where the importing file's path shows
// the call (`{loginPath(config)}`).

// recordPathFunction records fn, exported as name, when it returns one path.
func (t *tableBuilder) recordPathFunction(name string, fn *sitter.Node) {
	if body := returnedPath(fn); body != nil {
		t.out.PathFunctions[name] = t.r.pathText(body)
	}
}

// returnedPath is the one string or template a function returns, nil when it returns
// anything else or more than one value.
func returnedPath(fn *sitter.Node) *sitter.Node {
	returned := returnedValues(fn)
	if len(returned) != 1 {
		return nil
	}
	switch body := syntax.Unwrap(returned[0]); syntax.Kind(body) {
	case syntax.String, syntax.TemplateString:
		return body
	}
	return nil
}

// pathFunctionPart is the ImportedPart of a path part that calls a function another
// module of the package exports: "loginPath(config)".
func (t *tableBuilder) pathFunctionPart(call string, at uint) (ImportedPart, bool) {
	name, _, ok := strings.Cut(call, "(")
	if !ok || !dottedName(name) || strings.Contains(name, ".") {
		return ImportedPart{}, false
	}
	v := t.r.Lookup(name, at)
	if !v.fromImport() {
		return ImportedPart{}, false
	}
	key, ok := t.moduleKey(v.Module)
	if !ok {
		return ImportedPart{}, false
	}
	return ImportedPart{Part: "{" + call + "}", Key: key, Name: exportName(v), Props: calledProps}, true
}

// calledProps marks an ImportedPart that is a call of the export (pathFunctionPart).
const calledProps = "()"

// calledName: a braced part that is a call of a plain name, `loginPath(config)`.
func calledName(s string) bool {
	name, rest, ok := strings.Cut(s, "(")
	return ok && strings.HasSuffix(rest, ")") && dottedName(name) && !strings.Contains(name, ".")
}
