package rules

import (
	"sort"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// MongooseTransactionWithoutSession flags model operations inside a MongoDB
// transaction that do not pass the session (see docs/rules.md#mongoose-transaction-without-session).
var MongooseTransactionWithoutSession = &analysis.Rule{
	Name:  "mongoose-transaction-without-session",
	Entry: "mongodb-transactions",
	Doc: `Flags a Mongoose model operation inside a transaction that does not pass the session.

An operation without { session } (or .session(s)) runs outside the transaction: its
write persists even when the transaction aborts, and its reads do not see the
transaction's own writes. Writes are warnings, reads information.
What counts, from this file alone: a transaction is the callback of
session.withTransaction(cb), of mongoose.connection.transaction(cb) or of a
createConnection() connection's transaction(cb), or the code between
session.startTransaction() and session.commitTransaction(); the session must come from
a startSession() call or be typed ClientSession, so TypeORM's or Sequelize's look-alike
transactions are not matched. A receiver counts as a model when it is created here
(mongoose.model()), imported from a module whose path mentions "model"
(require('../models/User')), named like userModel or this.orderModel, or used
elsewhere in the file with a session. doc.save() counts when doc was created with
new Model() or loaded without a session. Models from other files that match none of
these are not seen yet.
Inside connection.transaction(cb), Mongoose 8.4+ attaches the session itself once
transactionAsyncLocalStorage is on, which may be done in another file: those regions
are checked only when package.json pins Mongoose below 8.4.
It runs only in files that open a transaction (withTransaction, transaction,
startTransaction) and name startSession or ClientSession, or, in a package that
depends on mongoose, a connection; it records no fact for other files.
Use instead: Order.create([doc], { session }), updateOne(filter, update, { session }),
Model.find(q).session(session), doc.save({ session }).`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.Program},
	Needles:  mentions("startsession", "clientsession").InPackagesOf("mongoose", "connection"),
	Run:      runMongooseTransactionWithoutSession,
	// Every finding lies in a transaction, which only these calls open.
	AnchorMethods: []string{"withTransaction", "transaction", "startTransaction"},
}

// txRegion is a span of code that runs inside a transaction.
type txRegion struct {
	start, end uint
	session    string // the session's name for fixes, "" when there is none
}

func runMongooseTransactionWithoutSession(pass *analysis.Pass, _ *sitter.Node) {
	regions := transactionRegions(pass)
	if len(regions) == 0 {
		return
	}
	in := regionFinder{regions: regions}
	for _, call := range pass.Resolver.Nodes(syntax.CallExpression) {
		if r, ok := in.enclosing(call.StartByte(), call.EndByte()); ok {
			checkTransactionCall(pass, call, r)
		}
	}
}

// regionFinder finds the transaction a call lies in, for calls asked in the order of
// the source: it keeps only the regions open at the call, so a file with many
// transactions costs one pass over its calls, not a pass over the transactions per
// call.
type regionFinder struct {
	regions []txRegion // in the order found; the first one containing a call wins
	byStart []int      // indices into regions, by start
	next    int        // the next of byStart to open
	open    []int      // regions started before the call and not yet ended
}

func (f *regionFinder) enclosing(start, end uint) (txRegion, bool) {
	if f.byStart == nil {
		f.byStart = make([]int, len(f.regions))
		for i := range f.byStart {
			f.byStart[i] = i
		}
		sort.SliceStable(f.byStart, func(a, b int) bool { return f.regions[f.byStart[a]].start < f.regions[f.byStart[b]].start })
	}
	for f.next < len(f.byStart) && f.regions[f.byStart[f.next]].start <= start {
		f.open = append(f.open, f.byStart[f.next])
		f.next++
	}
	best := -1
	kept := f.open[:0]
	for _, i := range f.open {
		r := f.regions[i]
		if r.end < start {
			continue // ended before this call, so before every later one
		}
		kept = append(kept, i)
		if end <= r.end && (best < 0 || i < best) {
			best = i
		}
	}
	f.open = kept
	if best < 0 {
		return txRegion{}, false
	}
	return f.regions[best], true
}

// transactionRegions finds the file's transactions.
func transactionRegions(pass *analysis.Pass) []txRegion {
	var out []txRegion
	for _, call := range pass.Resolver.Nodes(syntax.CallExpression) {
		m := syntax.MethodName(call, pass.File.Src)
		if m != "withTransaction" && m != "transaction" && m != "startTransaction" {
			continue
		}
		_, recv := secMethod(pass, call)
		args := secArgs(call)
		switch m {
		case "withTransaction":
			if len(args) == 0 || !isMongoSession(pass, recv) {
				continue
			}
			if cb := secFunctionValue(pass, args[0]); cb != nil {
				out = append(out, callbackRegion(pass, cb, sessionName(pass, recv)))
			}
		case "transaction":
			if len(args) == 0 || !isMongooseConnection(pass, recv, 2) || !asyncLocalStorageOff(pass) {
				continue
			}
			if cb := secFunctionValue(pass, args[0]); cb != nil {
				out = append(out, callbackRegion(pass, cb, ""))
			}
		case "startTransaction":
			if !isMongoSession(pass, recv) {
				continue
			}
			if commit := commitAfter(pass, call, recv); commit != nil {
				out = append(out, txRegion{start: call.EndByte(), end: commit.StartByte(), session: sessionName(pass, recv)})
			}
		}
	}
	return out
}

// callbackRegion is a transaction callback's body; its first parameter, when it has
// one, is the session.
func callbackRegion(pass *analysis.Pass, cb *sitter.Node, session string) txRegion {
	if ps := syntax.Params(cb); len(ps) > 0 {
		if name := syntax.ParamName(ps[0], pass.File.Src); name != "" {
			session = name
		}
	}
	body := syntax.Field(cb, syntax.FieldBody)
	return txRegion{start: body.StartByte(), end: body.EndByte(), session: session}
}

func sessionName(pass *analysis.Pass, recv *sitter.Node) string {
	if recv = syntax.Unwrap(recv); recv != nil && (syntax.Kind(recv) == syntax.Identifier || syntax.Kind(recv) == syntax.MemberExpression) {
		return pass.Text(recv)
	}
	return ""
}

// isMongoSession: a ClientSession, by type or because it comes from startSession().
func isMongoSession(pass *analysis.Pass, n *sitter.Node) bool {
	n = syntax.Unwrap(n)
	if n == nil {
		return false
	}
	if v := pass.Resolver.Value(n); v.Kind == resolve.Instance && v.Type == "session" && v.Path == "" {
		return true
	}
	if syntax.Kind(n) != syntax.Identifier {
		return false
	}
	init := secInit(pass, n)
	if init == nil || syntax.Kind(init) != syntax.CallExpression {
		return false
	}
	m, _ := secMethod(pass, init)
	return m == "startSession"
}

// isMongooseConnection: mongoose.connection, or a createConnection() result.
func isMongooseConnection(pass *analysis.Pass, n *sitter.Node, depth int) bool {
	n = secUnwrapAwait(n)
	if n == nil {
		return false
	}
	if pass.Resolver.Value(n).Is("mongoose.connection") {
		return true
	}
	switch syntax.Kind(n) {
	case syntax.Identifier:
		return depth > 0 && isMongooseConnection(pass, secInit(pass, n), depth-1)
	case syntax.CallExpression:
		if pass.Resolver.Callee(n).Is("mongoose.createConnection") {
			return true
		}
		if m, recv := secMethod(pass, n); m == "asPromise" {
			return isMongooseConnection(pass, recv, depth)
		}
	}
	return false
}

// asyncLocalStorageOff reports whether connection.transaction(cb) callbacks must pass
// the session by hand: only when Mongoose is known to be older than 8.4. On 8.4+ (or
// an unknown version) transactionAsyncLocalStorage may be enabled in another file.
func asyncLocalStorageOff(pass *analysis.Pass) bool {
	v := pass.Version("mongoose")
	return v.Known && (v.Major < 8 || (v.Major == 8 && v.Minor < 4))
}

// commitAfter finds S.commitTransaction() after start in the same function.
func commitAfter(pass *analysis.Pass, start, recv *sitter.Node) *sitter.Node {
	fn := syntax.EnclosingFunction(start)
	commits := callsOfMethod(pass, "commitTransaction")
	first := sort.Search(len(commits), func(i int) bool { return commits[i].StartByte() > start.EndByte() })
	for _, call := range commits[first:] {
		if fn != nil && call.StartByte() >= fn.EndByte() {
			break // past the function: no later commit is in it
		}
		if _, r := secMethod(pass, call); pass.Text(r) == pass.Text(recv) {
			if f := syntax.EnclosingFunction(call); (f == nil && fn == nil) || (f != nil && fn != nil && f.Id() == fn.Id()) {
				return call
			}
		}
	}
	return nil
}

func checkTransactionCall(pass *analysis.Pass, call *sitter.Node, r txRegion) {
	m, recv := secMethod(pass, call)
	if m == "save" {
		checkSave(pass, call, recv, r)
		return
	}
	op, ok := secModelOps[m]
	if !ok || !secIsModel(pass, recv) || secCarriesSession(pass, call) {
		return
	}
	args := secArgs(call)
	var opts *sitter.Node
	if len(args) > op.opts {
		if opts = syntax.Unwrap(args[op.opts]); syntax.Kind(opts) != syntax.Object {
			return // options the rule cannot see may carry the session
		}
		if _, unknown := secProps(pass, opts); unknown {
			return
		}
	}
	sev, msg := analysis.Warning, m+" runs outside the transaction without { session }: it persists even if the transaction aborts"
	if !op.write {
		sev, msg = analysis.Information, m+" reads outside the transaction without a session: it does not see the transaction's writes"
	}
	pass.ReportNode(syntax.Field(call, syntax.FieldFunction), sev, msg, sessionFix(pass, call, m, args, opts, op.opts, op.write, r.session))
}

// sessionFix passes the session: chained .session(s) for reads, the options argument
// for writes (wrapping create's single document in an array, as Mongoose requires).
func sessionFix(pass *analysis.Pass, call *sitter.Node, m string, args []*sitter.Node, opts *sitter.Node, optIndex int, write bool, session string) *analysis.Fix {
	if session == "" {
		return nil
	}
	prop := "session: " + session
	if session == "session" {
		prop = "session"
	}
	title := "Pass the session"
	switch {
	case !write:
		return &analysis.Fix{Title: "Run the query in the session", Edits: []analysis.Edit{{Start: call.EndByte(), End: call.EndByte(), NewText: ".session(" + session + ")"}}}
	case opts != nil:
		return &analysis.Fix{Title: title, Edits: []analysis.Edit{secInsertProp(pass, opts, prop)}}
	case m == "create" && len(args) == 1 && syntax.Kind(syntax.Unwrap(args[0])) == syntax.Object:
		edits := secCreateArrayFix(pass, call, args[0])
		if edits == nil {
			return nil
		}
		return &analysis.Fix{Title: title + " (create needs an array of documents for options)", Edits: append(edits, secAppendArg(call, args, "{ "+prop+" }"))}
	case m == "create" && (len(args) != 1 || syntax.Kind(syntax.Unwrap(args[0])) != syntax.Array):
		return nil // a document variable may be one document or an array
	case len(args) == optIndex:
		return &analysis.Fix{Title: title, Edits: []analysis.Edit{secAppendArg(call, args, "{ "+prop+" }")}}
	}
	return nil
}

// checkSave reports doc.save() in a transaction when doc was made with new Model(),
// or loaded without a session, and save gets no session either.
func checkSave(pass *analysis.Pass, call, recv *sitter.Node, r txRegion) {
	recv = syntax.Unwrap(recv)
	if recv == nil || syntax.Kind(recv) != syntax.Identifier || secCarriesSession(pass, call) {
		return
	}
	init := secInit(pass, recv)
	if init == nil {
		return
	}
	switch syntax.Kind(init) {
	case syntax.NewExpression:
		if !secIsModel(pass, syntax.Field(init, syntax.FieldConstructor)) {
			return
		}
	case syntax.CallExpression:
		m, model := secMethod(pass, init)
		if _, ok := secModelOps[m]; !ok || !secIsModel(pass, model) || secCarriesSession(pass, init) {
			return
		}
	default:
		return
	}
	for _, c := range callsOfMethod(pass, "$session") {
		if _, r := secMethod(pass, c); pass.Text(r) == pass.Text(recv) {
			return
		}
	}
	args := secArgs(call)
	var fix *analysis.Fix
	if r.session != "" {
		prop := "session: " + r.session
		if r.session == "session" {
			prop = "session"
		}
		switch {
		case len(args) == 0:
			fix = &analysis.Fix{Title: "Pass the session", Edits: []analysis.Edit{secAppendArg(call, args, "{ "+prop+" }")}}
		case syntax.Kind(syntax.Unwrap(args[0])) == syntax.Object:
			fix = &analysis.Fix{Title: "Pass the session", Edits: []analysis.Edit{secInsertProp(pass, syntax.Unwrap(args[0]), prop)}}
		default:
			return // save(opts) with options the rule cannot see
		}
	}
	pass.ReportNode(syntax.Field(call, syntax.FieldFunction), 0, "save() runs outside the transaction: this document was not loaded in the session", fix)
}
