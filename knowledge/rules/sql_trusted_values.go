package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// sqlTrustDepth bounds how many names sqlTrusted follows from one substitution.
const sqlTrustDepth = 4

// safeInterpolation reports whether e, spliced into the query of call, cannot carry
// text an attacker chose (see sqlTrusted).
func safeInterpolation(pass *analysis.Pass, call, e *sitter.Node) bool {
	return sqlTrusted(pass, call, e, sqlTrustDepth)
}

// sqlTrusted is the data-flow judgement of the rule's Doc: literals and constants
// (same-file or imported by constant-shaped names), literal ternaries and arrays,
// numbers, quoting helpers, operator configuration, ORM table names, and names an
// allowlist check guards before call are trusted; anything else is not.
func sqlTrusted(pass *analysis.Pass, call, e *sitter.Node, depth int) bool {
	e = syntax.Unwrap(e)
	if e == nil {
		return true
	}
	if _, ok := syntax.StringValue(e, pass.File.Src); ok {
		return true
	}
	switch syntax.Kind(e) {
	case syntax.Number, syntax.True, syntax.False, syntax.Null, syntax.Undefined:
		return true
	case syntax.UnaryExpression:
		return pass.Text(syntax.Field(e, syntax.FieldOperator)) == "+"
	case syntax.TernaryExpression: // isMySQL ? '' : 'IF NOT EXISTS'
		return sqlTrusted(pass, call, syntax.Field(e, syntax.FieldConsequence), depth) && sqlTrusted(pass, call, syntax.Field(e, syntax.FieldAlternative), depth)
	case syntax.BinaryExpression:
		switch pass.Text(syntax.Field(e, syntax.FieldOperator)) {
		case "+", "||", "??":
			return sqlTrusted(pass, call, syntax.Field(e, syntax.FieldLeft), depth) && sqlTrusted(pass, call, syntax.Field(e, syntax.FieldRight), depth)
		}
	case syntax.Array: // ['id', 'name'], joined or not
		for i := uint(0); i < e.NamedChildCount(); i++ {
			if c := e.NamedChild(i); syntax.Kind(c) != syntax.Comment && !sqlTrusted(pass, call, c, depth) {
				return false
			}
		}
		return true
	case syntax.TemplateString:
		for i := uint(0); i < e.NamedChildCount(); i++ {
			if c := e.NamedChild(i); syntax.Kind(c) == syntax.TemplateSubstitution && !sqlTrusted(pass, call, c.NamedChild(0), depth) {
				return false
			}
		}
		return true
	case syntax.CallExpression:
		if isNumericCoercion(pass, e) || quotesSQL(pass, e) || returnsOnlyLiterals(pass, e) {
			return true
		}
		if m, recv := secMethod(pass, e); recv != nil && (m == "join" || m == "toUpperCase" || m == "toLowerCase" || m == "trim") {
			return sqlTrusted(pass, call, recv, depth)
		}
		// TYPES.map((t) => `'${t}'`): each element of a trusted array, turned into
		// trusted text, is trusted; filter, slice and sort pick among the elements.
		if m, recv := secMethod(pass, e); recv != nil && sqlElementMethods[m] && depth > 0 && sqlTrusted(pass, call, recv, depth-1) {
			args := secArgs(e)
			return m != "map" || (len(args) > 0 && sqlCallbackResultsTrusted(pass, call, syntax.Unwrap(args[0]), depth-1))
		}
		if m, recv := secMethod(pass, e); m == "getTableName" && recv != nil && !secFromRequest(pass, recv, 2) {
			return true // an ORM model's table name is defined in code
		}
	case syntax.MemberExpression:
		if secFromRequest(pass, e, 2) {
			return false
		}
		if sqlConstantMember(pass, e) || sqlConfigured(pass, e) {
			return true
		}
		// entity.tableName, Model.tableName: an ORM's table name is defined in code.
		return pass.Text(syntax.Field(e, syntax.FieldProperty)) == "tableName"
	case syntax.Identifier:
		if sqlImportedConstant(pass, e) || sqlAllowlisted(pass, call, e) {
			return true
		}
		if depth == 0 {
			return false
		}
		if init := secConstInit(pass, e); init != nil {
			return placeholderList(pass, init) || sqlTrusted(pass, call, init, depth-1)
		}
		if sqlTrustedElement(pass, call, e, depth-1) {
			return true
		}
		// (database = appConfig.postgresDatabase) => ...: a parameter defaulting to the
		// operator's configuration names what the configuration holds.
		if def := sqlParamDefault(pass, e); def != nil && sqlConfigured(pass, def) {
			return true
		}
	}
	return placeholderList(pass, e)
}

// sqlConstantMember reports whether m reads a constant table: a member of a same-file
// const object whose values are all literals (const T = { USERS: 'users' }), of a
// same-file enum, or of an imported enum or constant (Table.Users, TABLES.users).
func sqlConstantMember(pass *analysis.Pass, m *sitter.Node) bool {
	obj := syntax.Unwrap(syntax.Field(m, syntax.FieldObject))
	if obj == nil || syntax.Kind(obj) != syntax.Identifier {
		return false
	}
	name, prop := pass.Text(obj), pass.Text(syntax.Field(m, syntax.FieldProperty))
	if init := secConstInit(pass, obj); init != nil {
		return syntax.Kind(init) == syntax.Object && literalValues(pass, init) && !secMutated(pass, name)
	}
	if enumDeclared(pass, name) {
		return true
	}
	if !sqlImported(pass, obj) {
		return false
	}
	return upperCase(name) || (startsUpper(name) && startsUpper(prop))
}

// sqlImportedConstant: an imported UPPER_CASE name (TABLE_NAME) is a constant of
// another module; its value is fixed when the code is written.
func sqlImportedConstant(pass *analysis.Pass, id *sitter.Node) bool {
	return upperCase(pass.Text(id)) && sqlImported(pass, id)
}

// sqlImported reports whether id names an import or require of another module.
func sqlImported(pass *analysis.Pass, id *sitter.Node) bool {
	switch pass.Resolver.Value(id).Kind {
	case resolve.Module, resolve.Member:
		return true
	}
	return false
}

// sqlConfigured reports whether e reads the operator's configuration: process.env, or
// a member of an imported configuration object (config.db.schema, appConfig.database).
func sqlConfigured(pass *analysis.Pass, e *sitter.Node) bool {
	root := syntax.Unwrap(e)
	for root != nil && syntax.Kind(root) == syntax.MemberExpression {
		if pass.Text(root) == "process.env" && !pass.Resolver.Bound("process", root.StartByte()) {
			return true
		}
		root = syntax.Unwrap(syntax.Field(root, syntax.FieldObject))
	}
	if root == nil || root.Id() == syntax.Unwrap(e).Id() || syntax.Kind(root) != syntax.Identifier || !sqlImported(pass, root) {
		return false
	}
	for _, w := range secNameWords(pass.Text(root)) {
		if w == "config" || w == "conf" || w == "settings" || w == "env" {
			return true
		}
	}
	return false
}

// sqlParamDefault is the default value of the parameter id names, nil when id is not
// such a parameter.
func sqlParamDefault(pass *analysis.Pass, id *sitter.Node) *sitter.Node {
	name := pass.Text(id)
	for fn := syntax.EnclosingFunction(id); fn != nil; fn = syntax.EnclosingFunction(fn) {
		for _, p := range syntax.Params(fn) {
			if syntax.ParamName(p, pass.File.Src) != name {
				continue
			}
			if v := syntax.Field(p, syntax.FieldValue); v != nil { // TypeScript: (x: T = d)
				return v
			}
			if pat := syntax.Field(p, syntax.FieldPattern); pat != nil {
				p = pat
			}
			if syntax.Kind(p) == syntax.AssignmentPattern {
				return syntax.Field(p, syntax.FieldRight)
			}
			return nil
		}
	}
	return nil
}

// sqlAllowlisted reports whether an allowlist check on id guards call: call sits in
// the then-branch of `if (/^[a-z_]+$/.test(id))` or `if (ALLOWED.includes(id))`, or
// follows `if (!/^\w+$/.test(id)) throw …` (or return) in an enclosing block.
func sqlAllowlisted(pass *analysis.Pass, call, id *sitter.Node) bool {
	name := pass.Text(id)
	for child, p := call, syntax.Parent(call); p != nil && !syntax.IsFunction(child); child, p = p, syntax.Parent(p) {
		switch syntax.Kind(p) {
		case syntax.IfStatement:
			if c := syntax.Field(p, syntax.FieldConsequence); c != nil && c.Id() == child.Id() && allowlistGuard(pass, syntax.Field(p, syntax.FieldCondition), name, false) {
				return true
			}
		case syntax.StatementBlock, syntax.Program:
			for i := uint(0); i < p.NamedChildCount(); i++ {
				s := p.NamedChild(i)
				if s.StartByte() >= child.StartByte() {
					break
				}
				if syntax.Kind(s) == syntax.IfStatement && allowlistGuard(pass, syntax.Field(s, syntax.FieldCondition), name, true) &&
					containsNode(syntax.Field(s, syntax.FieldConsequence), true, func(n *sitter.Node) bool {
						return syntax.Kind(n) == syntax.ThrowStatement || syntax.Kind(n) == syntax.ReturnStatement
					}) {
					return true
				}
			}
		}
	}
	return false
}

// allowlistGuard reports whether cond checks name against an allowlist: positively
// (the check holds when cond is true) or, with negated, when cond is its negation.
func allowlistGuard(pass *analysis.Pass, cond *sitter.Node, name string, negated bool) bool {
	cond = syntax.Unwrap(cond)
	if cond == nil {
		return false
	}
	switch syntax.Kind(cond) {
	case syntax.UnaryExpression:
		return negated && pass.Text(syntax.Field(cond, syntax.FieldOperator)) == "!" && allowlistGuard(pass, syntax.Field(cond, syntax.FieldArgument), name, false)
	case syntax.BinaryExpression:
		op := pass.Text(syntax.Field(cond, syntax.FieldOperator))
		if (op == "&&" && !negated) || (op == "||" && negated) {
			return allowlistGuard(pass, syntax.Field(cond, syntax.FieldLeft), name, negated) || allowlistGuard(pass, syntax.Field(cond, syntax.FieldRight), name, negated)
		}
		return false
	case syntax.CallExpression:
		if negated {
			return false
		}
		args := secArgs(cond)
		m, recv := secMethod(pass, cond)
		if len(args) != 1 || recv == nil || pass.Text(syntax.Unwrap(args[0])) != name {
			return false
		}
		switch m {
		case "test":
			return anchoredAllowlist(pass, recv)
		case "includes", "has":
			if init := secConstInit(pass, recv); init != nil {
				recv = init
			}
			if syntax.Kind(recv) == syntax.NewExpression { // new Set([...])
				if a := secArgs(recv); len(a) == 1 {
					recv = syntax.Unwrap(a[0])
				}
			}
			return syntax.Kind(recv) == syntax.Array && sqlTrusted(pass, cond, recv, 0)
		}
	}
	return false
}

// anchoredAllowlist reports whether re (a regex literal, or a const naming one) accepts
// only whole strings of listed characters: /^[A-Za-z0-9_]+$/, /^\w+$/. A `.` or an
// alternation could let quotes through.
func anchoredAllowlist(pass *analysis.Pass, re *sitter.Node) bool {
	re = syntax.Unwrap(re)
	if re != nil && syntax.Kind(re) == syntax.Identifier {
		re = secConstInit(pass, re)
	}
	if re == nil || syntax.Kind(re) != syntax.Regex {
		return false
	}
	p := pass.Text(syntax.Field(re, syntax.FieldPattern))
	if !strings.HasPrefix(p, "^") || !strings.HasSuffix(p, "$") || strings.HasSuffix(p, `\$`) {
		return false
	}
	inner := p[1 : len(p)-1]
	for i := 0; i < len(inner); i++ {
		switch inner[i] {
		case '\\':
			i++ // an escape: \w, \d, \- are characters of the list
		case '.', '|', '(':
			return false
		}
	}
	return true
}

// literalValues reports whether every property of an object literal is a string or
// number literal.
func literalValues(pass *analysis.Pass, obj *sitter.Node) bool {
	for i := uint(0); i < obj.NamedChildCount(); i++ {
		c := obj.NamedChild(i)
		switch syntax.Kind(c) {
		case syntax.Comment:
		case syntax.Pair:
			v := syntax.Unwrap(syntax.Field(c, syntax.FieldValue))
			if _, ok := syntax.StringValue(v, pass.File.Src); !ok && syntax.Kind(v) != syntax.Number {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// enumDeclared reports whether the file declares a TypeScript enum called name.
func enumDeclared(pass *analysis.Pass, name string) bool {
	return askFile(pass, "enum", name, func() bool {
		return containsNode(pass.File.Tree.RootNode(), true, func(n *sitter.Node) bool {
			return syntax.Kind(n) == syntax.EnumDeclaration && pass.Text(syntax.Field(n, syntax.FieldName)) == name
		})
	})
}

// upperCase: TABLE_NAME, T. Constants are named so.
func upperCase(name string) bool {
	if name == "" || name[0] < 'A' || name[0] > 'Z' {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func startsUpper(name string) bool { return name != "" && name[0] >= 'A' && name[0] <= 'Z' }

// sqlElementMethods are the array methods whose callback's first parameter is one
// element of the receiver, and whose result holds only elements (or, for map, what
// the callback makes of them).
var sqlElementMethods = nameSet("map", "filter", "slice", "sort", "forEach", "some", "every", "find")

// sqlTrustedElement reports whether id is the first parameter of a callback that
// walks a trusted array (ROLE_TYPES.map((t) => `'${t}'`)), so it holds one of that
// array's values. A parameter reassigned in the file is not followed.
func sqlTrustedElement(pass *analysis.Pass, call, id *sitter.Node, depth int) bool {
	if depth < 0 || pass.Resolver.Initializer(id) != nil {
		return false
	}
	name := pass.Text(id)
	for fn := syntax.EnclosingFunction(id); fn != nil; fn = syntax.EnclosingFunction(fn) {
		for i, p := range syntax.Params(fn) {
			if syntax.ParamName(p, pass.File.Src) != name {
				continue
			}
			args := syntax.Parent(fn)
			if i != 0 || args == nil || syntax.Kind(args) != syntax.Arguments || args.NamedChild(0) == nil || args.NamedChild(0).Id() != fn.Id() ||
				sqlReassigned(pass, fn, name) {
				return false
			}
			m, recv := secMethod(pass, syntax.Parent(args))
			return recv != nil && sqlElementMethods[m] && sqlTrusted(pass, call, recv, depth)
		}
	}
	return false
}

// sqlCallbackResultsTrusted reports whether every value fn returns is trusted: its
// expression body, or each return's argument.
func sqlCallbackResultsTrusted(pass *analysis.Pass, call, fn *sitter.Node, depth int) bool {
	if fn == nil || !syntax.IsFunction(fn) {
		return false
	}
	body := syntax.Field(fn, syntax.FieldBody)
	if body == nil {
		return false
	}
	if syntax.Kind(body) != syntax.StatementBlock {
		return sqlTrusted(pass, call, body, depth)
	}
	returns := 0
	bad := containsNode(body, true, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.ReturnStatement {
			return false
		}
		returns++
		return !sqlTrusted(pass, call, n.NamedChild(0), depth)
	})
	return returns > 0 && !bad
}

// sqlReassigned reports whether fn assigns to name (name = …, name += …).
func sqlReassigned(pass *analysis.Pass, fn *sitter.Node, name string) bool {
	return containsNode(fn, false, func(n *sitter.Node) bool {
		k := syntax.Kind(n)
		return (k == syntax.AssignmentExpression || k == syntax.AugmentedAssignmentExpression) && pass.Text(syntax.Field(n, syntax.FieldLeft)) == name
	})
}
