package rules

import (
	"slices"
	"strconv"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// SQLTemplateInjection flags SQL built by string interpolation and passed to a query
// call (see docs/rules.md#sql-template-injection).
var SQLTemplateInjection = &analysis.Rule{
	Name:  "sql-template-injection",
	Entry: "securing-express",
	Doc: `Flags a SQL query built with a template literal or + concatenation of runtime values.

Interpolated values become SQL: a name like ' OR 1=1 -- reads every row, and worse
can drop tables. Parameters ($1, ?) are sent apart from the SQL text and can never
change its meaning. The finding is an error when a value comes from the request
(req.body, req.query, req.params...), a warning otherwise.
Covered calls: pg pool/client query, mysql/mysql2 query and execute, sequelize.query,
knex.raw, Prisma $queryRawUnsafe/$executeRawUnsafe, better-sqlite3 prepare/exec,
sqlite3 run/get/all/exec; and, in a package that depends on a SQL driver, query,
execute or raw calls on other receivers when the text opens a SQL statement. Tagged
templates (sql and prisma.$queryRaw tagged templates) parameterise and are not flagged.
A query passed by name is followed to what built it: a const's initializer, or a
let/var's initializer with every later q = ... and q += ... before the call, so
request data appended in a loop is found.
What is spliced in is judged by where it comes from; these are trusted, because their
text is fixed by the code or by the operator, never by a request:
- literals, numbers (Number(x), parseInt(x), +x) and generated placeholder lists;
- same-file constants, followed through const names; a ternary or ||/?? whose branches
  are all trusted (const ine = isMySQL ? '' : 'IF NOT EXISTS'); arrays of trusted
  values, joined or not, and their elements in a callback: TYPES.map((t) => ` + "`'${t}'`" + `)
  is trusted when TYPES is (filter, slice and sort too);
- constant tables: a member of a same-file const object whose values are all literals
  (const T = { USERS: 'users' }, unmutated) or of a same-file TypeScript enum;
- imports with constant-shaped names, since the rule sees one file at a time: an
  UPPER_CASE imported name (TABLE_NAME), a member of an UPPER_CASE import (TABLES.users),
  and Enum.Member where both the import and the member start upper-case, the shape of
  an imported enum (Table.Users);
- operator configuration: process.env.X, members of an imported object named like a
  configuration (config, appConfig, settings, env), and a parameter whose default is one;
- identifier quoting: the drivers' quoting functions and functions named quote...,
  a same-file function that returns only string literals, and an ORM's table name
  (entity.tableName, Model.getTableName());
- a name guarded by an allowlist before the call: the call inside
  if (/^[A-Za-z0-9_]+$/.test(x)) or if (ALLOWED.includes(x)), or after
  if (!/^\w+$/.test(x)) throw (or return). The regex must be anchored at both ends and
  have no '.', '|' or group, so it admits only listed characters.
Request data is never trusted: req.query.T.x is flagged whatever its shape. When a
parameter array is already passed, only request-derived substitutions are flagged.
Migrations, seeds, scripts and tests are not checked by default (see the exclusions),
which is where most DDL assembled from names lives.
Use instead: pool.query('SELECT * FROM users WHERE email = $1', [email]).

On by default since its precision on the ecosystem set of pinned Express apps reached
90 %: it is right 3 times out of 3 there, where it once was right 3 times out of 15 (and
0 out of 212 before the data flow above). A query on a receiver rooted at a name the
file never binds (models.sequelize.query in a file with no import of models) is not
judged: nothing says it is the app's database, and in TypeScript such a file does not
compile, which is what a code sample kept as data looks like.
It runs only in files that import one of the clients it knows (pg, mysql, mysql2,
knex, sequelize, @prisma/client, better-sqlite3, sqlite3), and in files of a package
that depends on a SQL driver that call query, execute, raw or a Prisma ...RawUnsafe
method and have a string or template literal that opens a SQL statement: a receiver
of unknown kind counts only there, and only for a query whose literal so opens,
whether written in the call, passed by name or concatenated. The literal is read as
written, as SQL grammar: blanks, comments and at most one parenthesis, a verb in
any ASCII case, then what the statement has after it and prose rarely has: DELETE
FROM; INSERT INTO or IGNORE; REPLACE or MERGE INTO; UPDATE, a table's name, SET;
CREATE, DROP, ALTER or TRUNCATE with an object (TABLE, INDEX, VIEW, SCHEMA, DATABASE,
SEQUENCE, TYPE, FUNCTION, PROCEDURE, TRIGGER, EXTENSION, MATERIALIZED, UNIQUE, TEMP,
IF, OR REPLACE); WITH RECURSIVE, or WITH, a name, AS; SELECT with FROM later in the
literal, or SELECT alone before the literal ends; GRANT or REVOKE with ON or TO
later; CALL, a name, an opening parenthesis. A substitution or an escape may go on
with anything, so the statement counts there; where the literal ends, a concatenated
part may supply a name (UPDATE ' + table + ' SET) or SELECT's list, never a keyword
nor WITH's name. So ` + "`Create new client: ${id}`" + `, 'Delete all sessions',
'... with ' + name and 'update' (a verb alone names an event or an action) start no
statement.
It records no fact for other files.`,
	// Request data is reported as an error, anything else as a warning (see Run).
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CallExpression},
	Needles: mentions(importNeedles(sqlClientModules...)...).
		Or(inPackagesOfAny(sqlDrivers, analysis.MethodCallNeedles(sqlUnknownClientMethods...)...).AndLiteralOpens(sqlStatementVerbs...)),
	Methods: []string{"query", "execute", "raw", "$queryRawUnsafe", "$executeRawUnsafe", "prepare", "exec",
		"run", "get", "all", "each"},
	Run:   runSQLTemplateInjection,
	Local: true,
}

// sqlMethods are the executing methods of each client kind, with the placeholder
// style the fix writes ("" when it offers none).
var sqlMethods = map[string]map[string]string{
	"pg":             {"query": "$"},
	"mysql":          {"query": "?", "execute": "?"},
	"sequelize":      {"query": ""},
	"knex":           {"raw": "?"},
	"prisma":         {"$queryRawUnsafe": "", "$executeRawUnsafe": ""},
	"better-sqlite3": {"prepare": "", "exec": ""},
	"sqlite3":        {"run": "?", "get": "?", "all": "?", "exec": "", "each": "?"},
}

// sqlClientModules are the modules sqlClientKind knows a client of: a file that
// imports none of them has no receiver of a known kind.
var sqlClientModules = []string{"pg", "mysql", "mysql2", "mysql2/promise", "knex", "sequelize", "@prisma/client", "better-sqlite3", "sqlite3"}

// sqlUnknownClientMethods are the methods a receiver of unknown kind executes SQL by.
var sqlUnknownClientMethods = []string{"query", "execute", "raw", "$queryRawUnsafe", "$executeRawUnsafe"}

// sqlDrivers are the packages that make an unresolved db.query(`SELECT ...`) a SQL call.
var sqlDrivers = []string{"pg", "mysql", "mysql2", "sequelize", "knex", "@prisma/client", "better-sqlite3", "sqlite3", "mssql", "oracledb", "postgres", "pg-promise"}

// sqlVerbs are the words a statement opens with: a query text that opens with one
// (after blanks and a parenthesis) starts like SQL.
var sqlVerbs = []string{"select", "insert", "update", "delete", "with", "replace", "create", "drop", "alter",
	"truncate", "merge", "call", "exec", "show", "describe", "grant", "upsert"}

// sqlStatementVerbs are the verbs analysis.OpensStatement reads a statement after: a
// receiver of unknown kind counts only for a query whose literal opens one.
var sqlStatementVerbs = []string{"select", "insert", "update", "delete", "with", "replace", "create", "drop", "alter",
	"truncate", "merge", "grant", "revoke", "call"}

// startsLikeSQL reports whether a query's leading text (see leadingText) opens with a
// SQL verb.
func startsLikeSQL(text string) bool { return analysis.OpeningWordEnd(text, sqlVerbs) >= 0 }

// opensLikeSQL reports whether the literal a query starts with (see leadingLiteral)
// opens a SQL statement, read as written. The gate asks the same of every literal of
// the file (AndLiteralOpens), through the same analysis.OpensStatement.
func opensLikeSQL(pass *analysis.Pass, query *sitter.Node) bool {
	n := leadingLiteral(pass, query)
	if n == nil || (syntax.Kind(n) != syntax.String && syntax.Kind(n) != syntax.TemplateString) {
		return false
	}
	src := pass.File.Src
	return analysis.OpensStatement(analysis.LiteralText{Raw: src[n.StartByte()+1 : n.EndByte()], Quote: src[n.StartByte()]}, sqlStatementVerbs)
}

func runSQLTemplateInjection(pass *analysis.Pass, call *sitter.Node) {
	args := secArgs(call)
	if len(args) == 0 {
		return
	}
	query := syntax.Unwrap(args[0])
	parts := []*sitter.Node{query}
	if syntax.Kind(query) == syntax.Identifier {
		parts = sqlBuiltParts(pass, query) // const sql = `SELECT ... ${id}`; let q = ...; q += ...
	}
	if len(parts) == 0 || (syntax.Kind(parts[0]) != syntax.TemplateString && syntax.Kind(parts[0]) != syntax.BinaryExpression &&
		(len(parts) == 1 || syntax.Kind(parts[0]) != syntax.String)) {
		return
	}
	built := parts[0]
	style, ok := sqlCall(pass, call, args[0])
	if !ok {
		return
	}
	var unsafe []*sitter.Node
	for i, part := range parts {
		switch syntax.Kind(part) {
		case syntax.TemplateString, syntax.BinaryExpression:
			unsafe = append(unsafe, sqlInterpolations(pass, call, part, i > 0)...)
		default:
			if _, lit := syntax.StringValue(part, pass.File.Src); !lit && !safeInterpolation(pass, call, part) {
				unsafe = append(unsafe, part)
			}
		}
	}
	if len(unsafe) == 0 {
		return
	}
	fromReq := false
	for _, e := range unsafe {
		if secFromRequest(pass, e, 2) {
			fromReq = true
			break
		}
	}
	hasParams := len(args) > 1 && pass.Resolver.FunctionOf(args[1]) == nil
	if hasParams && !fromReq {
		return // already parameterised; what is interpolated is probably structure
	}
	sev, msg := analysis.Warning, "SQL built by string interpolation; pass the values as parameters"
	if fromReq {
		sev, msg = analysis.Error, "request data interpolated into SQL: SQL injection; pass the values as parameters"
	}
	var fix *analysis.Fix
	if !hasParams && style != "" && built.Id() == query.Id() && syntax.Kind(built) == syntax.TemplateString {
		fix = parameterizeFix(pass, call, args, built, style)
	}
	pass.ReportNode(args[0], sev, msg, fix)
}

// sqlCall reports whether call executes SQL, and the fix's placeholder style.
func sqlCall(pass *analysis.Pass, call, query *sitter.Node) (style string, ok bool) {
	m, recv := secMethod(pass, call)
	if recv == nil {
		return "", false
	}
	if kind := sqlClientKind(pass, recv, 2); kind != "" {
		style, ok = sqlMethods[kind][m]
		return style, ok
	}
	if !slices.Contains(sqlUnknownClientMethods, m) {
		return "", false
	}
	if v := pass.Resolver.Value(recv); v.Kind == resolve.Instance || v.Kind == resolve.Function {
		return "", false // some other known API
	}
	if !sqlReceiverBound(pass, recv) {
		return "", false
	}
	var deps []string
	for _, d := range sqlDrivers {
		if pass.DependsOn(d) {
			deps = append(deps, d)
		}
	}
	if len(deps) == 0 || !opensLikeSQL(pass, query) {
		return "", false
	}
	if len(deps) == 1 && m != "raw" {
		switch deps[0] {
		case "pg":
			return "$", true
		case "mysql", "mysql2":
			return "?", true
		}
	}
	return "", true
}

// sqlReceiverBound reports whether the name a receiver starts from (db in
// db.pool.query) is bound in the file: declared, imported, a parameter, or this. A
// receiver of unknown kind is taken for a database client on the strength of its
// query text; one rooted at a name the file never binds gives no such ground: in
// TypeScript the file does not even compile, which is what a code sample kept as data
// (shown to users, never run) looks like.
func sqlReceiverBound(pass *analysis.Pass, recv *sitter.Node) bool {
	root := secUnwrapAwait(recv)
	for root != nil {
		switch syntax.Kind(root) {
		case syntax.MemberExpression, syntax.SubscriptExpression:
			root = secUnwrapAwait(syntax.Field(root, syntax.FieldObject))
			continue
		case syntax.CallExpression:
			root = secUnwrapAwait(syntax.Field(root, syntax.FieldFunction))
			continue
		case syntax.Identifier:
			return pass.Resolver.Bound(pass.Text(root), root.StartByte())
		}
		return true
	}
	return true
}

// sqlClientKind names the SQL client a receiver is, "" when unknown.
func sqlClientKind(pass *analysis.Pass, n *sitter.Node, depth int) string {
	n = secUnwrapAwait(n)
	if n == nil {
		return ""
	}
	if v := pass.Resolver.Value(n); v.Kind == resolve.Instance && v.Module == "pg" && (v.Type == "pool" || v.Type == "client") && v.Path == "" {
		return "pg"
	}
	switch syntax.Kind(n) {
	case syntax.Identifier:
		if depth > 0 {
			return sqlClientKind(pass, secInit(pass, n), depth-1)
		}
	case syntax.CallExpression:
		switch pass.Resolver.Callee(n).Canonical() {
		case "mysql.createConnection", "mysql.createPool", "mysql2.createConnection", "mysql2.createPool",
			"mysql2/promise.createConnection", "mysql2/promise.createPool", "mysql2.default.createPool":
			return "mysql"
		case "knex", "knex.knex", "knex.default":
			return "knex"
		}
		if m, recv := secMethod(pass, n); m == "promise" || m == "getConnection" {
			if k := sqlClientKind(pass, recv, depth); k == "mysql" {
				return k
			}
		}
	case syntax.NewExpression:
		ctor := syntax.Field(n, syntax.FieldConstructor)
		switch pass.Resolver.Callee(n).Canonical() {
		case "sequelize", "sequelize.Sequelize", "sequelize.default":
			return "sequelize"
		case "@prisma/client.PrismaClient":
			return "prisma"
		case "better-sqlite3", "better-sqlite3.default":
			return "better-sqlite3"
		case "sqlite3.Database":
			return "sqlite3"
		}
		// const sqlite3 = require('sqlite3').verbose(); new sqlite3.Database(file)
		if ctor != nil && syntax.Kind(ctor) == syntax.MemberExpression && pass.Text(syntax.Field(ctor, syntax.FieldProperty)) == "Database" {
			if init := secInit(pass, syntax.Field(ctor, syntax.FieldObject)); init != nil && syntax.Kind(init) == syntax.CallExpression && pass.Resolver.Callee(init).Is("sqlite3.verbose") {
				return "sqlite3"
			}
		}
	}
	return ""
}

// sqlBuiltParts follows a query passed by name to what built it: the initializer of a
// const, or of a let/var with every later `q = …` and `q += …` before the use, in
// source order (nil when it is neither). A value tainted there taints the query.
func sqlBuiltParts(pass *analysis.Pass, use *sitter.Node) []*sitter.Node {
	if init := secConstInit(pass, use); init != nil {
		return []*sitter.Node{init}
	}
	decl := secFindDeclarator(pass, use)
	if decl == nil || syntax.Field(decl, syntax.FieldValue) == nil || syntax.Kind(syntax.Field(decl, syntax.FieldName)) != syntax.Identifier {
		return nil
	}
	parts := []*sitter.Node{secUnwrapAwait(syntax.Field(decl, syntax.FieldValue))}
	scope := syntax.EnclosingFunction(decl)
	if scope == nil {
		scope = pass.File.Tree.RootNode()
	}
	for _, n := range scopeAssignments(pass, scope)[pass.Text(use)] {
		if n.StartByte() >= use.StartByte() {
			break
		}
		if n.StartByte() > decl.EndByte() {
			if syntax.Kind(n) == syntax.AssignmentExpression {
				parts = parts[:0] // q = `...` starts the query again
			}
			parts = append(parts, syntax.Unwrap(syntax.Field(n, syntax.FieldRight)))
		}
	}
	return parts
}

// scopeAssignments lists a scope's assignments (q = … and q += …, in the functions
// inside it too) by the text of their left side, in source order. A scope is listed
// once per check: each query passed by name asks for the assignments before it.
func scopeAssignments(pass *analysis.Pass, scope *sitter.Node) map[string][]*sitter.Node {
	return askNode(pass, "assignments by name", scope, func() map[string][]*sitter.Node {
		out := map[string][]*sitter.Node{}
		walkNamed(scope, false, func(n *sitter.Node) bool {
			if k := syntax.Kind(n); k == syntax.AssignmentExpression || k == syntax.AugmentedAssignmentExpression {
				left := pass.Text(syntax.Field(n, syntax.FieldLeft))
				out[left] = append(out[left], n)
			}
			return true
		})
		return out
	})
}

// leadingLiteral is the operand a query starts with: the leftmost operand of a +
// concatenation, and for a query passed by name, of what built it (nil when none).
func leadingLiteral(pass *analysis.Pass, n *sitter.Node) *sitter.Node {
	n = syntax.Unwrap(n)
	if n != nil && syntax.Kind(n) == syntax.Identifier {
		parts := sqlBuiltParts(pass, n)
		n = nil
		if len(parts) > 0 {
			n = parts[0]
		}
	}
	for n != nil && syntax.Kind(n) == syntax.BinaryExpression {
		n = syntax.Unwrap(syntax.Field(n, syntax.FieldLeft))
	}
	return n
}

// leadingText is the literal text a query starts with (a string's value, a
// template's text up to its first substitution), "" when it starts with none.
func leadingText(pass *analysis.Pass, n *sitter.Node) string {
	n = leadingLiteral(pass, n)
	if n == nil {
		return ""
	}
	switch syntax.Kind(n) {
	case syntax.String:
		s, _ := syntax.StringValue(n, pass.File.Src)
		return s
	case syntax.TemplateString:
		var b strings.Builder
		for i := uint(0); i < n.NamedChildCount(); i++ {
			c := n.NamedChild(i)
			if syntax.Kind(c) == syntax.TemplateSubstitution {
				break
			}
			b.WriteString(pass.Text(c))
		}
		return b.String()
	}
	return ""
}

// sqlInterpolations returns the runtime values spliced into a query: the
// substitutions of an untagged template, or the non-literal operands of a +
// concatenation, minus the ones that cannot inject.
func sqlInterpolations(pass *analysis.Pass, call, q *sitter.Node, continued bool) []*sitter.Node {
	var out []*sitter.Node
	switch syntax.Kind(q) {
	case syntax.TemplateString:
		for i := uint(0); i < q.NamedChildCount(); i++ {
			if c := q.NamedChild(i); syntax.Kind(c) == syntax.TemplateSubstitution && !safeInterpolation(pass, call, c.NamedChild(0)) {
				out = append(out, c.NamedChild(0))
			}
		}
	case syntax.BinaryExpression:
		if pass.Text(syntax.Field(q, syntax.FieldOperator)) != "+" {
			return nil
		}
		if !continued && !startsLikeSQL(leadingText(pass, q)) {
			return nil
		}
		var walk func(n *sitter.Node)
		walk = func(n *sitter.Node) {
			n = syntax.Unwrap(n)
			if syntax.Kind(n) == syntax.BinaryExpression && pass.Text(syntax.Field(n, syntax.FieldOperator)) == "+" {
				walk(syntax.Field(n, syntax.FieldLeft))
				walk(syntax.Field(n, syntax.FieldRight))
				return
			}
			if syntax.Kind(n) == syntax.TemplateString {
				out = append(out, sqlInterpolations(pass, call, n, true)...)
				return
			}
			if _, lit := syntax.StringValue(n, pass.File.Src); !lit && !safeInterpolation(pass, call, n) {
				out = append(out, n)
			}
		}
		walk(q)
	}
	return out
}

// sqlQuoters are the drivers' own quoting functions: pg's escapeIdentifier and
// escapeLiteral, mysql's escapeId, pg-format's ident and literal.
var sqlQuoters = nameSet("escapeIdentifier", "escapeLiteral", "escapeId",
	"pg.escapeIdentifier", "pg.escapeLiteral", "pg-format.ident", "pg-format.literal",
	"mysql.escape", "mysql.escapeId", "mysql2.escape", "mysql2.escapeId", "sqlstring.escape", "sqlstring.escapeId")

// quotesSQL reports whether call quotes a value for SQL: a driver's quoting function,
// or a function named quote... (quoteIdent, quoteSchemaName). Schema, table and column
// names cannot be bound as parameters, so a quoted identifier is how DDL is written.
func quotesSQL(pass *analysis.Pass, call *sitter.Node) bool {
	if sqlQuoters[pass.Resolver.Callee(call).Canonical()] {
		return true
	}
	fn := syntax.Unwrap(syntax.Field(call, syntax.FieldFunction))
	if fn == nil {
		return false
	}
	name := pass.Text(fn)
	if syntax.Kind(fn) == syntax.MemberExpression {
		name = pass.Text(syntax.Field(fn, syntax.FieldProperty))
	} else if syntax.Kind(fn) != syntax.Identifier {
		return false
	}
	if sqlQuoters[name] {
		return true
	}
	rest, ok := strings.CutPrefix(name, "quote")
	return ok && (rest == "" || rest[0] == '_' || (rest[0] >= 'A' && rest[0] <= 'Z'))
}

// returnsOnlyLiterals reports whether call invokes a same-file function whose every
// return gives a string literal: a lookup such as viewFor(role) that picks among fixed
// table names.
func returnsOnlyLiterals(pass *analysis.Pass, call *sitter.Node) bool {
	fn := pass.Resolver.Callee(call)
	if fn.Kind != resolve.Function || fn.Node == nil {
		return false
	}
	body := pass.BodyOf(fn.Node)
	if body == nil {
		return false
	}
	if syntax.Kind(body) != syntax.StatementBlock {
		_, ok := syntax.StringValue(body, pass.File.Src)
		return ok
	}
	returns := 0
	bad := containsNode(body, true, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.ReturnStatement {
			return false
		}
		returns++
		_, ok := syntax.StringValue(n.NamedChild(0), pass.File.Src)
		return !ok
	})
	return returns > 0 && !bad
}

// placeholderList recognises generated parameter lists: ids.map((_, i) => `$${i + 1}`).join(', ')
// or ids.map(() => '?').join(',').
func placeholderList(pass *analysis.Pass, e *sitter.Node) bool {
	text := pass.Text(e)
	if !strings.Contains(text, ".map(") && !strings.Contains(text, "fill(") && !strings.Contains(text, "repeat(") {
		return false
	}
	for _, p := range []string{"'?'", `"?"`, "`?`", "'$'", `"$"`, "`$${", "'?, '", "'?,'", `"?,"`} {
		if strings.Contains(text, p) {
			return true
		}
	}
	return false
}

// parameterizeFix replaces each unsafe ${expr} with a placeholder ($n or ?), drops the
// quotes around it, and appends the values array. It refuses shapes a placeholder
// cannot stand for: identifiers (table or column names), IN lists, partial strings
// such as '%${q}%'.
func parameterizeFix(pass *analysis.Pass, call *sitter.Node, args []*sitter.Node, tpl *sitter.Node, style string) *analysis.Fix {
	parts := make([]*sitter.Node, 0, tpl.NamedChildCount())
	for i := uint(0); i < tpl.NamedChildCount(); i++ {
		parts = append(parts, tpl.NamedChild(i))
	}
	var b strings.Builder
	var values []string
	quoted := false    // inside a '...' SQL string
	dropQuote := false // the next fragment starts with the closing quote of '${x}'
	for i, c := range parts {
		if syntax.Kind(c) != syntax.TemplateSubstitution {
			text := pass.Text(c)
			if dropQuote {
				text = strings.TrimPrefix(text, "'")
				dropQuote = false
				quoted = false
			}
			quoted = quoted != (strings.Count(text, "'")%2 == 1)
			b.WriteString(text)
			continue
		}
		e := c.NamedChild(0)
		if safeInterpolation(pass, call, e) {
			b.WriteString(pass.Text(c))
			continue
		}
		before := b.String()
		switch {
		case quoted:
			// Only a whole quoted value, '${x}': a quote right before and right after.
			if !strings.HasSuffix(before, "'") || i+1 >= len(parts) || syntax.Kind(parts[i+1]) == syntax.TemplateSubstitution ||
				!strings.HasPrefix(pass.Text(parts[i+1]), "'") {
				return nil
			}
			b.Reset()
			b.WriteString(strings.TrimSuffix(before, "'"))
			dropQuote = true
		case !valuePosition(before) || syntax.Kind(syntax.Unwrap(e)) == syntax.CallExpression:
			return nil
		}
		values = append(values, pass.Text(e))
		if style == "$" {
			b.WriteString("$" + strconv.Itoa(len(values)))
		} else {
			b.WriteString("?")
		}
	}
	if len(values) == 0 {
		return nil
	}
	edits := []analysis.Edit{{Start: tpl.StartByte() + 1, End: tpl.EndByte() - 1, NewText: b.String()}}
	params := "[" + strings.Join(values, ", ") + "]"
	if len(args) > 1 { // a callback: the values go before it
		edits = append(edits, analysis.Edit{Start: args[1].StartByte(), End: args[1].StartByte(), NewText: params + ", "})
	} else {
		edits = append(edits, secAppendArg(call, args, params))
	}
	return &analysis.Fix{Title: "Pass the values as query parameters", Edits: edits}
}

// valuePosition reports whether SQL text ending in before expects a value next:
// after a comparison, LIKE, LIMIT/OFFSET, or inside VALUES (...) and SET a = .
func valuePosition(before string) bool {
	t := strings.TrimRight(before, " \t\r\n")
	for _, op := range []string{"=", "<", ">", "<>", "!=", "<=", ">="} {
		if strings.HasSuffix(t, op) {
			return true
		}
	}
	upper := strings.ToUpper(t)
	for _, kw := range []string{" LIKE", " ILIKE", " LIMIT", " OFFSET", " BETWEEN", " AND"} {
		if strings.HasSuffix(upper, kw) {
			return true
		}
	}
	if strings.HasSuffix(t, "(") || strings.HasSuffix(t, ",") {
		return strings.Contains(upper, "VALUES") && !strings.HasSuffix(strings.TrimRight(strings.TrimSuffix(upper, "("), " "), " IN")
	}
	return false
}
