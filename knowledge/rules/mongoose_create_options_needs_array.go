package rules

import (
	"maps"
	"slices"
	"strings"
	"unicode"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// MongooseCreateOptionsNeedsArray flags Model.create(doc, options) where Mongoose
// reads the options as a second document (see docs/rules.md#mongoose-create-options-needs-array).
var MongooseCreateOptionsNeedsArray = &analysis.Rule{
	Name:  "mongoose-create-options-needs-array",
	Entry: "mongodb-transactions",
	Doc: `Flags Model.create({...}, { session }) and other options passed after a single document.

Model.create only reads an options argument when the documents come as an array.
create(doc, { session }) treats { session } as a second document: it inserts two
documents, neither of them in the session, so the "transactional" write survives an
abort. The options must contain session, ordered, aggregateErrors or
validateBeforeSave to count. The receiver must look like a Mongoose model: made or
imported as one in this file (see mongoose-transaction-without-session), or named
like a model class (Order, orderModel), and the file must import Mongoose
(mongoose, @nestjs/mongoose, @typegoose/typegoose) or be in a package that depends on
it: a name shaped like a class says Mongoose only where Mongoose is used, and
elsewhere Object.create(proto, { ordered: ... }) or another library's create(doc,
options) looks the same.
It runs only in files that call a create method, spell one of those option keys and
import Mongoose or are in a package that depends on it, and records no fact for other
files.
Use instead: const [order] = await Order.create([{ ... }], { session }).`,
	Severity:   analysis.Error,
	InertBlind: true,
	KnownOnly:  true,
	Kinds:      []string{syntax.CallExpression},
	Needles: mentions(importsOneOf(mongooseModules)...).
		Or(inPackagesOfAny(slices.Sorted(maps.Keys(mongooseModules)), createOptionNeedles...)).
		And(createOptionNeedles...),
	Methods: []string{"create"},
	Run:     runMongooseCreateOptionsNeedsArray,
}

// createOptionKeys are Model.create's options; an object with one of them is not a document.
var createOptionKeys = []string{"session", "ordered", "aggregateErrors", "validateBeforeSave"}

// createOptionNeedles are createOptionKeys as needles: one is written in the options
// object of every call reported.
var createOptionNeedles = func() []string {
	out := make([]string, len(createOptionKeys))
	for i, k := range createOptionKeys {
		out[i] = strings.ToLower(k)
	}
	return out
}()

// mongooseModules are the modules Mongoose models come from: mongoose itself, and
// the libraries that make models with it (NestJS's module, Typegoose). Where the file
// imports one or its package depends on one (usesAny), a receiver named like a class
// may be a Mongoose model.
var mongooseModules = map[string]bool{"mongoose": true, "@nestjs/mongoose": true, "@typegoose/typegoose": true}

func runMongooseCreateOptionsNeedsArray(pass *analysis.Pass, call *sitter.Node) {
	m, recv := secMethod(pass, call)
	args := secArgs(call)
	if m != "create" || len(args) < 2 || !usesAny(pass, mongooseModules) || !looksLikeModel(pass, recv) {
		return
	}
	if secObject(pass, args[0]) == nil {
		return // an array, or a variable that may hold one
	}
	opts := syntax.Unwrap(args[1])
	if syntax.Kind(opts) != syntax.Object {
		return
	}
	props, _ := secProps(pass, opts)
	key := ""
	for _, k := range createOptionKeys {
		if _, ok := props[k]; ok {
			key = k
			break
		}
	}
	if key == "" {
		return
	}
	var fix *analysis.Fix
	if edits := secCreateArrayFix(pass, call, args[0]); edits != nil {
		fix = &analysis.Fix{Title: "Pass the document in an array so the options apply", Edits: edits}
	}
	pass.ReportNode(args[1], 0, "create() ignores options after a single document: this { "+key+" } is saved as a second document; wrap the first argument in [ ]", fix)
}

// looksLikeModel: secIsModel's evidence, or, since the option keys already say
// Mongoose, a class-like name (Order) or a *Model name.
func looksLikeModel(pass *analysis.Pass, recv *sitter.Node) bool {
	if secIsModel(pass, recv) {
		return true
	}
	recv = syntax.Unwrap(recv)
	if recv == nil || syntax.Kind(recv) != syntax.Identifier {
		return false
	}
	name := []rune(pass.Text(recv))
	return len(name) > 1 && unicode.IsUpper(name[0]) && unicode.IsLower(name[1])
}
